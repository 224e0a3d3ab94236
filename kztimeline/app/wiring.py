"""Every connection between the shared selection and the panels, in one place.

A panel reads the selection it is given but never changes it: it announces what the user did (a click on an
event, a place, a typed search) with a Qt signal, and the functions here decide what that changes. The selection
announces every change with its own (psygnal) signals, and the functions here say which panel follows which.
Read this file to know why a view changed.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from ..model.selection import Selection

if TYPE_CHECKING:
    from .authoring import Authoring
    from ..views.eventeditor import EventEditor
    from ..views.eventlist import EventListPanel
    from ..views.placemap import PlacesPanel
    from ..views.sourcepanel import SourcePanel
    from ..views.timeline import TimelineWidget


def connect_timeline(selection: Selection, timeline: TimelineWidget) -> None:
    # user -> selection
    timeline.eventClicked.connect(selection.set_current)
    timeline.rangeMoved.connect(selection.set_time_range)
    # selection -> timeline
    selection.datasetChanged.connect(timeline.rebuild)
    selection.filterChanged.connect(timeline.apply_filter)
    selection.currentChanged.connect(timeline.show_current)


def connect_places(selection: Selection, places: PlacesPanel) -> None:
    # user -> selection: a click toggles the place's filter (Ctrl-click adds or removes it), a pick in the list by
    # keyboard (or "All places") filters to that place alone
    places.placeClicked.connect(selection.toggle_place_filter)
    places.placeChosen.connect(selection.filter_to_place)
    # selection -> places
    selection.datasetChanged.connect(places.rebuild)
    selection.placeFilterChanged.connect(places.show_filter)
    selection.textFilterChanged.connect(places.recount)  # its numbers count what the search finds
    selection.currentChanged.connect(places.style_places)


def connect_event_list(selection: Selection, events: EventListPanel) -> None:
    # user -> selection
    events.searchEdited.connect(selection.set_text_filter)
    events.eventChosen.connect(selection.set_current)
    # selection -> list
    selection.currentChanged.connect(events.show_current)
    selection.datasetChanged.connect(events.show_dataset)
    selection.textFilterChanged.connect(events.show_text_filter)
    selection.filterChanged.connect(events.refilter)


def connect_sources(selection: Selection, sources: SourcePanel) -> None:
    # selection -> sources (the panel's links open dialogs of its own; they change nothing shared)
    selection.currentChanged.connect(sources.refresh)
    selection.datasetChanged.connect(sources.refresh)
    selection.filterChanged.connect(sources.filter_changed)  # "hidden by the filter (…)" names the filter shown


def connect_authoring(selection: Selection, authoring: Authoring, sources: SourcePanel) -> None:
    """The editing half: the event editor's and the Problems dock's requests, and the article views' quoting."""
    problems = authoring.problems_panel
    # the editor is built when first shown (its dock starts as a tab behind Sources): connected then
    if authoring.editor_built:
        connect_editor(authoring, authoring.editor)
    else:
        authoring.editorBuilt.connect(partial(connect_editor, authoring))
    sources.sourceShown.connect(authoring.attach_article)  # "Show in source" can be quoted too
    # user -> selection
    problems.eventChosen.connect(selection.set_current)
    problems.fieldChosen.connect(authoring.show_field)  # then the editor, at the field the problem names
    # selection -> editor
    selection.currentChanged.connect(authoring.refresh_editor)
    selection.datasetChanged.connect(authoring.refresh_editor)


def connect_editor(authoring: Authoring, editor: EventEditor) -> None:
    # user -> document (each request becomes an undoable command; the views then show the checked result)
    editor.editRequested.connect(authoring.edit_event)
    editor.dateChosen.connect(authoring.choose_date)
    editor.placeRequested.connect(authoring.add_place)
    editor.categoryRequested.connect(authoring.add_category)
    editor.excerptRemoveRequested.connect(authoring.remove_excerpt)
    editor.conflictsRequested.connect(authoring.set_conflicts)
    editor.deleteRequested.connect(authoring.delete_event)
