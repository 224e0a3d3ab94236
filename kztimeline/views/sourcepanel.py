"""The current event on the word of its sources: how it was dated, and the verbatim excerpts that back it.

Every string from the dataset is escaped before it goes into the HTML, so a title or quote with markup in it is
shown as text and cannot inject links. Where sources disagree, their claims stand side by side, so the reader sees
the disagreement instead of one chosen version.
"""

from __future__ import annotations

from urllib.parse import quote

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from ..model.entities import Conflict, Dataset, Event, Excerpt
from ..model.selection import Selection
from .articletext import quoted_passages
from .colours import AMBER, TextTints
from .richtext import escape

if TYPE_CHECKING:  # the source dialog is imported when a link is followed, not at start-up
    from .sourcedialog import SourceDialog

SOURCE_SCHEME = "kzsource"
HINT = "Select an event on the timeline or in the list to read its sources. Left/Right step through events."
esc = escape


def source_link(event: Event, index: int) -> str:
    return f"{SOURCE_SCHEME}:{quote(event.id, safe='')}/{index}"


class EventHtml:
    """Builds the panel's HTML for one event; each method returns a fragment of escaped text and markup."""

    def __init__(self, dataset: Dataset, event: Event, colours: TextTints):
        self.ds, self.event, self.c = dataset, event, colours

    def page(self) -> str:
        conflicted = {sid for conflict in self.event.conflicts for sid in conflict.source_ids}
        parts = [self.heading()]
        parts += [self.conflict(conflict) for conflict in self.event.conflicts]
        plain = [(i, e) for i, e in enumerate(self.event.excerpts) if e.source_id not in conflicted]
        if plain:
            parts.append("<h3>Sources</h3>" + "".join(self.quote_block(i, e, self.c.border) for i, e in plain))
        return "".join(parts)

    def heading(self) -> str:
        event, when, ds = self.event, self.event.when, self.ds
        label = event.date_label(ds.period.tz) + (" (background)" if event.context else "")
        dating = f"<b>{esc(label)}</b>"
        report = ds.sources.get(when.source_id)
        if report and when.phrase:
            dating += f" — ‘{esc(when.phrase)}’, report of {esc(report.published_label)}"
        elif report:
            dating += f" — no date given in the report of {esc(report.published_label)}"
        parts = [f"<h2>{esc(event.title)}</h2>", f"<p>{dating}</p>"]
        if not event.verified:
            parts.append(f'<table width="100%" cellpadding="8"><tr><td style="background-color:{self.c.warn_bg}; '
                         f'border-left: 4px solid {AMBER.name()}"><b>⚠ Unverified</b>: no excerpt from an archived '
                         f"source backs this event ({esc(event.unverified)}).</td></tr></table>")
        if event.notes:
            parts.append("".join(f"<p>{esc(p)}</p>" for p in event.notes.split("\n\n")))
        if event.media:
            parts.append(f'<p><a href="{esc(event.media)}">{esc(event.media)}</a></p>')
        if when.explanation:
            parts.append(f'<p style="color:{self.c.muted}"><small>{esc(when.explanation)}</small></p>')
        if when.note:
            parts.append(f"<p><i>{esc(when.note)}</i></p>")
        places = ", ".join(ds.places[p].name if p in ds.places else p for p in event.place_ids)
        category = ds.categories.get(event.category)
        swatch = f'<span style="color:{esc(category.colour)}">■</span> ' if category else ""
        parts.append(f"<p><b>Places:</b> {esc(places)}<br><b>Category:</b> {swatch}"
                     f"{esc(category.label if category else event.category)}</p>")
        return "".join(parts)

    def attribution(self, index: int, excerpt: Excerpt) -> str:
        source = self.ds.sources.get(excerpt.source_id)
        if source is None:
            return f"— {esc(excerpt.source_id)}"
        fields = [esc(source.outlet), f"“{esc(source.title)}”", esc(source.author), esc(source.published_label)]
        links = [f'<a href="{esc(source_link(self.event, index), quote=True)}">Show&nbsp;in&nbsp;source</a>']
        if source.url:
            links.append(f'<a href="{esc(source.url, quote=True)}">Web&nbsp;page</a>')
        return "— " + ", ".join(f for f in fields if f) + " · " + " · ".join(links)

    def quote_block(self, index: int, excerpt: Excerpt, border: str) -> str:
        note = f'<br><span style="color:{self.c.muted}">{esc(excerpt.note)}</span>' if excerpt.note else ""
        return (f'<table width="100%" cellspacing="0" cellpadding="8" style="margin-top:4px; margin-bottom:8px">'
                f'<tr><td style="background-color:{self.c.quote_bg}; border-left: 3px solid {border}">'
                f"{esc(excerpt.quote)}{note}"
                f'<p style="color:{self.c.muted}"><small>{self.attribution(index, excerpt)}</small></p>'
                "</td></tr></table>")

    def conflict(self, conflict: Conflict) -> str:
        cells, heads = [], []
        width = 100 // max(1, len(conflict.source_ids))
        for sid in conflict.source_ids:
            source = self.ds.sources.get(sid)
            heads.append(f'<th align="left" width="{width}%">{esc(source.outlet if source else sid)}</th>')
            blocks = [self.quote_block(i, e, AMBER.name()) for i, e in enumerate(self.event.excerpts)
                      if e.source_id == sid]
            cells.append(f'<td valign="top" width="{width}%">'
                         f'{"".join(blocks) or "<i>No excerpt from this source.</i>"}</td>')
        return (f'<table width="100%" cellspacing="0" cellpadding="10" style="margin-top:6px; margin-bottom:10px">'
                f'<tr><td style="background-color:{self.c.warn_bg}; border-left: 4px solid {AMBER.name()}">'
                f"<h3>⚠ Sources disagree: {esc(conflict.topic)}</h3>"
                f'<table width="100%" cellspacing="4" cellpadding="0"><tr>{"".join(heads)}</tr>'
                f'<tr>{"".join(cells)}</tr></table>'
                f"<p>{esc(conflict.note)}</p></td></tr></table>")


class SourcePanel(QWidget):
    """Shows the Selection's current event with its dating and excerpts; opens sources at the quoted passage."""

    sourceShown = Signal(object)  # a SourceDialog just opened (its passages can be quoted: the window connects it)

    def __init__(self, selection: Selection, parent: QWidget | None = None):
        super().__init__(parent)
        self._selection = selection
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName("Source excerpts")
        self.browser.setTabChangesFocus(True)  # Tab moves on to the next panel (links: click, or Enter on focus)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.document().setDocumentMargin(10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.browser.anchorClicked.connect(self.handle_link)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        event, dataset = self._selection.current, self._selection.dataset
        if event is None or dataset is None:
            colours = TextTints.from_palette(self.palette())
            hidden = self._selection.hidden_by_filter
            if hidden is not None and self._selection.matches(hidden):
                hidden = None  # the filter that hid it has changed and it passes again: nothing to explain
            why = (f"<p>“{esc(hidden.title)}” is hidden by the filter ({esc(self._selection.describe_filter())}), "
                   "so it is no longer selected. Clear the filter to see it again.</p>") if hidden else ""
            self.browser.setHtml(f'{why}<p style="color:{colours.muted}">{esc(HINT)}</p>')
            return
        self.browser.setHtml(EventHtml(dataset, event, TextTints.from_palette(self.palette())).page())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.refresh()

    def filter_changed(self, *_args: object) -> None:
        """While nothing is selected the panel says which filter hid the event; a changed filter rewords that."""
        if self._selection.current is None:
            self.refresh()

    def handle_link(self, url: QUrl) -> SourceDialog | None:
        """'Show in source' opens the source at the excerpt; http(s) links open in the browser; others nothing."""
        if url.scheme() != SOURCE_SCHEME:
            from .sourcedialog import open_web_link

            open_web_link(url)
            return None
        event_id, _, index = url.path().rpartition("/")
        current = self._selection.current
        if current is None or current.id != event_id or not index.isdigit():
            return None
        return self.show_in_source(int(index)) if int(index) < len(current.excerpts) else None

    def show_in_source(self, excerpt_index: int) -> SourceDialog:
        """Open (non-modal) the source of the current event's excerpt, highlighted; returns the dialog."""
        event, dataset = self._selection.current, self._selection.dataset
        if event is None or dataset is None:
            raise LookupError("no current event")
        from .sourcedialog import SourceDialog

        excerpt = event.excerpts[excerpt_index]
        dialog = SourceDialog(dataset.sources[excerpt.source_id], excerpt, self,
                              quoted_passages(dataset, excerpt.source_id))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.sourceShown.emit(dialog)
        dialog.show()
        return dialog
