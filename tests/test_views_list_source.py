"""The event list and the source panel, each built alone around a Selection and driven through it."""

from __future__ import annotations

import dataclasses
import time

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices

from conftest import events_at
from kztimeline.app.wiring import connect_event_list, connect_sources
from kztimeline.views.eventlist import (CATEGORY, DATE, ID_ROLE, PLACES, SOURCES, TITLE, EventListPanel,
                                        EventTableModel)
from kztimeline.views.sourcepanel import HINT, SourcePanel, source_link

WIRING = {EventListPanel: connect_event_list, SourcePanel: connect_sources}


def _panel(qtbot, cls, selection):
    panel = cls(selection)
    WIRING[cls](selection, panel)
    qtbot.addWidget(panel)
    panel.resize(700, 600)
    return panel


@pytest.fixture
def list_panel(qtbot, selection):
    return _panel(qtbot, EventListPanel, selection)


@pytest.fixture
def source_panel(qtbot, selection):
    return _panel(qtbot, SourcePanel, selection)


def shown_ids(panel: EventListPanel) -> list[str]:
    model = panel.model
    return [model.index(row, 0).data(ID_ROLE) for row in range(model.rowCount())]


# --- the table model ----------------------------------------------------------------------------------------------

def test_model_has_a_row_per_event_with_readable_columns(dataset):
    model = EventTableModel(dataset)
    assert model.rowCount() == len(dataset.events) == 20
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Date", "Title", "Places", "Category", "Sources"]
    row = model.row_of("internet-blackout")
    cells = [model.index(row, column).data() for column in (DATE, TITLE, PLACES, CATEGORY, SOURCES)]
    assert cells == ["5 Jan 2022, afternoon", "Kazakhtelecom cuts the internet nationwide", "Kazakhstan (nationwide)",
                     "Communications", 1]
    assert model.index(row, CATEGORY).data(Qt.ItemDataRole.DecorationRole).name() == "#9467bd"
    assert model.index(row, PLACES).data(ID_ROLE) == "internet-blackout"
    assert "5 Jan 2022, afternoon" in model.index(row, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    background = model.row_of("nazarbayev-rule-ends")
    assert model.index(background, DATE).data() == "2019 (background)"


def test_sorting_by_sources_keeps_time_order_within_ties(list_panel, selection, dataset):
    selection.set_current("internet-blackout")
    list_panel.table.sortByColumn(SOURCES, Qt.SortOrder.DescendingOrder)
    counts = [list_panel.model.index(row, SOURCES).data() for row in range(list_panel.model.rowCount())]
    assert counts == sorted(counts, reverse=True) and counts[0] == 2 and counts[-1] == 1
    two = [e.id for e in dataset.events if len(e.source_ids) == 2]
    assert shown_ids(list_panel)[:len(two)] == two
    assert list_panel.table.currentIndex().data(ID_ROLE) == "internet-blackout"  # the selection follows its row
    list_panel.table.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
    assert shown_ids(list_panel) == [e.id for e in dataset.events]


# --- filtering ----------------------------------------------------------------------------------------------------

def test_typing_in_the_search_box_filters_the_list(qtbot, list_panel, selection):
    # Selection.matches searches titles, categories and place names ("blackout" is only in the id and quote)
    qtbot.keyClicks(list_panel.search, "internet")
    assert selection.text_filter == "internet"
    assert shown_ids(list_panel) == ["internet-blackout"]
    assert list_panel.count_label.text() == "1 of 20 events shown: 1 of 17 in January 2022, 0 of 3 background"
    selection.set_text_filter("")
    assert list_panel.search.text() == "" and list_panel.model.rowCount() == 20


def _slow_views(panel: EventListPanel, searched: list[str]) -> None:
    """A view that takes 60 ms to follow a search, as every view together does at a million events."""
    def follow(text: str) -> None:
        searched.append(text)
        time.sleep(0.06)
    panel.searchEdited.connect(follow)


def test_once_a_search_is_slow_the_box_waits_for_a_pause_in_typing(qtbot, list_panel, selection):
    searched: list[str] = []
    _slow_views(list_panel, searched)
    qtbot.keyClicks(list_panel.search, "internet")
    # the first letter was searched at once and was slow; the rest shows in the box and waits for the pause
    assert list_panel.search.text() == "internet" and list_panel.search_pending
    assert selection.text_filter == "i" and searched == ["i"]
    qtbot.waitUntil(lambda: selection.text_filter == "internet", timeout=2000)
    assert searched == ["i", "internet"] and not list_panel.search_pending
    assert shown_ids(list_panel) == ["internet-blackout"]
    assert list_panel.count_label.text() == "1 of 20 events shown: 1 of 17 in January 2022, 0 of 3 background"


def test_enter_searches_at_once_and_clearing_the_box_never_waits(qtbot, list_panel, selection):
    searched: list[str] = []
    _slow_views(list_panel, searched)
    qtbot.keyClicks(list_panel.search, "airp")
    qtbot.keyClick(list_panel.search, Qt.Key.Key_Return)
    assert selection.text_filter == "airp" and not list_panel.search_pending
    qtbot.keyClicks(list_panel.search, "ort")
    assert list_panel.search_pending
    list_panel.search.clear()  # the clear button: all events again at once, and the typed text is dropped
    assert selection.text_filter == "" and not list_panel.search_pending
    qtbot.wait(300)
    assert selection.text_filter == "" and searched == ["a", "airp", ""]
    assert list_panel.model.rowCount() == 20


def test_a_filter_set_elsewhere_while_a_search_waits_is_kept(qtbot, list_panel, selection):
    searched: list[str] = []
    _slow_views(list_panel, searched)
    qtbot.keyClicks(list_panel.search, "airport")
    assert list_panel.search_pending
    selection.set_text_filter("internet")  # e.g. a view link applied
    assert list_panel.search.text() == "internet" and not list_panel.search_pending
    qtbot.wait(300)
    assert selection.text_filter == "internet" and shown_ids(list_panel) == ["internet-blackout"]


def test_quick_searches_follow_every_keystroke(qtbot, list_panel, selection):
    searched: list[str] = []
    list_panel.searchEdited.connect(searched.append)
    qtbot.keyClicks(list_panel.search, "army")
    assert searched == ["a", "ar", "arm", "army"] and not list_panel.search_pending


def test_place_filter_leaves_only_that_places_events(list_panel, selection, dataset):
    selection.filter_to_place("baikonur")
    assert shown_ids(list_panel) == [e.id for e in events_at(dataset, "baikonur")] == ["baikonur-security-tightened"]
    assert list_panel.count_label.text() == "1 of 20 events shown: 1 of 17 in January 2022, 0 of 3 background"


def test_sorting_a_filtered_list_keeps_the_filter_and_the_current_row(list_panel, selection, dataset):
    selection.filter_to_place("kazakhstan")
    selection.set_current("internet-blackout")
    here = [e for e in dataset.events if "kazakhstan" in e.place_ids]
    list_panel.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
    assert shown_ids(list_panel) == [e.id for e in sorted(here, key=lambda e: e.title.casefold())]
    assert list_panel.table.currentIndex().data(ID_ROLE) == "internet-blackout"
    selection.set_text_filter("protest")  # both filters, in title order
    shown = shown_ids(list_panel)
    about_protests = {e.id for e in here
                      if "protest" in f"{e.title} {e.id} {e.category} {[x.quote for x in e.excerpts]}".casefold()}
    assert set(shown) == about_protests and 0 < len(shown) < len(here)
    assert shown == sorted(shown, key=lambda i: dataset.event(i).title.casefold())
    selection.clear_place_filter()
    selection.set_text_filter("")
    assert list_panel.model.rowCount() == list_panel.model.total == len(dataset.events)


def test_a_search_that_hides_the_current_event_clears_it_and_says_why(qtbot, list_panel, selection):
    sources = SourcePanel(selection)
    qtbot.addWidget(sources)
    connect_sources(selection, sources)
    selection.set_current("internet-blackout")
    qtbot.keyClicks(list_panel.search, "airport")
    assert selection.current_id is None  # one rule: a filter that hides the current event clears it
    assert not list_panel.table.selectionModel().hasSelection()
    shown = sources.browser.toPlainText()
    assert "Kazakhtelecom cuts the internet nationwide" in shown and "hidden by the filter" in shown
    list_panel.search.clear()
    assert list_panel.table.currentIndex().data(ID_ROLE) is None
    selection.set_current("internet-blackout")
    assert "hidden by the filter" not in sources.browser.toPlainText()


def test_the_hidden_by_the_filter_note_follows_the_filter_as_it_is_typed_and_cleared(qtbot, selection):
    """The note named the filter as it was at the keystroke that hid the event ("alm" while "almaty" was typed) and
    still said "hidden by the filter" once the filter was cleared."""
    sources = SourcePanel(selection)
    qtbot.addWidget(sources)
    connect_sources(selection, sources)
    selection.set_current("internet-blackout")
    selection.set_text_filter("airp")
    assert "airp" in sources.browser.toPlainText()
    selection.set_text_filter("airport")
    assert "“airport”" in sources.browser.toPlainText()
    selection.set_text_filter("")
    shown = sources.browser.toPlainText()
    assert "hidden by the filter" not in shown and "airport" not in shown


# --- the list and the current event -------------------------------------------------------------------------------

def test_clicking_a_row_makes_its_event_current(qtbot, list_panel, selection):
    list_panel.show()
    qtbot.waitExposed(list_panel)
    row = list_panel.model.index(list_panel.model.row_of("state-of-emergency"), TITLE)
    centre = list_panel.table.visualRect(row).center()
    qtbot.mouseClick(list_panel.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert selection.current_id == "state-of-emergency"
    qtbot.keyClick(list_panel.table, Qt.Key.Key_Down)
    assert selection.current_id == shown_ids(list_panel)[row.row() + 1]


def test_current_event_is_selected_and_shown_in_the_list(list_panel, selection):
    list_panel.show()
    selection.set_current("russian-foreign-ministry-statement")
    table = list_panel.table
    selected = table.selectionModel().selectedRows()
    assert [index.data(ID_ROLE) for index in selected] == ["russian-foreign-ministry-statement"]
    assert table.viewport().rect().intersects(table.visualRect(selected[0]))
    selection.set_current(None)
    assert not table.selectionModel().hasSelection()


def test_the_table_leaves_left_right_home_end_to_the_window(qtbot, list_panel, selection):
    selection.set_current("state-of-emergency")
    for key in (Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Left, Qt.Key.Key_Right):
        qtbot.keyClick(list_panel.table, key)
        assert selection.current_id == "state-of-emergency"


def test_a_new_dataset_resets_the_list(list_panel, selection, dataset):
    selection.set_current("internet-blackout")
    smaller = dataclasses.replace(dataset, events=dataset.events[:5])
    selection.set_dataset(smaller)
    assert list_panel.model.rowCount() == 5
    assert list_panel.count_label.text() == "5 events: 2 in January 2022, 3 background"
    assert not list_panel.table.selectionModel().hasSelection()


# --- the source panel ---------------------------------------------------------------------------------------------

def test_source_panel_shows_a_hint_until_an_event_is_current(source_panel, selection):
    assert source_panel.browser.toPlainText().strip() == HINT
    selection.set_current("internet-blackout")
    text = source_panel.browser.toPlainText()
    assert "Kazakhtelecom cuts the internet nationwide" in text
    assert "5 Jan 2022, afternoon — ‘on Wednesday afternoon’, report of Thu 6 Jan 2022" in text
    assert "turned down internet connectivity on Wednesday afternoon." in text
    assert "Republic World" in text and "Show in source" in text
    assert "Sources disagree" not in text


def test_source_panel_sets_disagreeing_sources_side_by_side(source_panel, selection):
    selection.set_current("almaty-airport-attacked")
    text = source_panel.browser.toPlainText()
    assert "⚠ Sources disagree: What was seized" in text
    assert "even included planes" in text and "about five aircraft" in text
    html = source_panel.browser.toHtml()
    assert html.index("even included planes") < html.index("about five aircraft")  # columns in conflict order


def test_dataset_text_is_escaped_not_interpreted(source_panel, selection, dataset):
    event = dataset.event("internet-blackout")
    hostile = dataclasses.replace(event, title='<b>x</b> <a href="javascript:alert(1)">y</a>')
    selection.set_dataset(dataclasses.replace(dataset, events=[hostile if e is event else e for e in dataset.events]))
    selection.set_current("internet-blackout")
    assert '<b>x</b> <a href="javascript:alert(1)">y</a>' in source_panel.browser.toPlainText()
    assert 'href="javascript' not in source_panel.browser.toHtml()


def test_show_in_source_highlights_the_excerpt_in_the_full_text(qtbot, source_panel, selection, dataset):
    selection.set_current("almaty-airport-attacked")
    event = dataset.event("almaty-airport-attacked")
    link = source_link(event, 1)
    assert f'href="{link}"' in source_panel.browser.toHtml()
    dialog = source_panel.handle_link(QUrl(link))
    qtbot.waitExposed(dialog)
    excerpt = event.excerpts[1]
    source = dataset.sources[excerpt.source_id]
    assert dialog.highlighted_text() == source.text[excerpt.match.start:excerpt.match.end]
    assert dialog.windowTitle() == f"{source.outlet} — {source.title}"
    assert dialog.text.isReadOnly() and dialog.text.document().characterCount() == len(source.text) + 1
    first = event.excerpts[0]
    other = source_panel.show_in_source(0)
    assert other.highlighted_text() == dataset.sources[first.source_id].text[first.match.start:first.match.end]


def test_only_web_links_are_opened(source_panel, selection, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    selection.set_current("internet-blackout")
    for unsafe in ("javascript:alert(1)", "file:///etc/passwd", "kzsource:other-event/0",
                   "kzsource:internet-blackout/9"):
        assert source_panel.handle_link(QUrl(unsafe)) is None
    assert opened == []
    source_panel.handle_link(QUrl("https://example.org/article"))
    assert opened == ["https://example.org/article"]


def test_views_render_to_non_blank_images(list_panel, source_panel, selection):
    selection.set_current("almaty-airport-attacked")
    dialog = source_panel.show_in_source(0)
    for widget in (list_panel, source_panel, dialog):
        image = widget.grab().toImage()
        assert image.width() >= 700 and image.height() >= 500
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > 10
