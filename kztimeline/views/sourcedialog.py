"""The archived article behind an excerpt, with the quoted passage highlighted in place.

Showing the quote inside the full captured text lets a reader check its context: what came before, who is being
cited, whether the sentence goes on. The text is shown as plain text, never as HTML, whatever it contains.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QShowEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextEdit, QToolBar, QVBoxLayout, QWidget

from ..model.entities import Excerpt, Source
from .articletext import QuotableText, QuotedPassage
from .colours import blend
from .richtext import escape

#: A highlighter yellow with black text: readable on light and dark palettes alike.
HIGHLIGHT_BACKGROUND = QColor("#ffd54f")
HIGHLIGHT_FOREGROUND = QColor("#000000")
WEB_SCHEMES = ("http", "https")


def open_web_link(url: QUrl | str) -> bool:
    """Open an http(s) link in the user's browser; any other scheme (javascript:, file:, …) is refused."""
    url = QUrl(url)
    if not url.isValid() or url.scheme().lower() not in WEB_SCHEMES:
        return False
    return QDesktopServices.openUrl(url)


def utf16_offset(text: str, index: int) -> int:
    """A Python string index as a QTextDocument position, which counts UTF-16 code units."""
    return len(text[:index].encode("utf-16-le")) // 2


def source_header_html(source: Source, muted: str) -> str:
    """Outlet, title, author, publication and how missing facts were inferred; every value escaped."""
    esc = escape
    lines = [f"<b>{esc(source.outlet)}</b> — “{esc(source.title)}”"]
    byline = " · ".join(part for part in (esc(source.author), esc(source.published_label)) if part)
    lines.append(byline)
    for label, basis in (("Date", source.published_basis), ("Outlet", source.outlet_basis)):
        if basis:
            lines.append(f'<span style="color:{muted}">{label}: {esc(basis)}</span>')
    if source.url:
        lines.append(f'<a href="{esc(source.url, quote=True)}">{esc(source.url)}</a>')
    return "<br>".join(lines)


class SourceDialog(QDialog):
    """A non-modal window with one source's full archived text, the excerpt highlighted and scrolled to."""

    def __init__(self, source: Source, excerpt: Excerpt | None = None, parent: QWidget | None = None,
                 passages: list[QuotedPassage] | None = None):
        super().__init__(parent)
        self.source, self.excerpt = source, excerpt
        self.setWindowTitle(f"{source.outlet} — {source.title}")
        self.header = QLabel(self)
        self.text = QuotableText(source, self)
        self.text.set_passages(passages or [])
        self._highlight: QTextCursor | None = None
        self._centred = False
        self._build()
        self._highlight_excerpt()

    def _build(self) -> None:
        palette = self.palette()
        muted = blend(palette.text().color(), palette.base().color(), 0.45).name()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setText(source_header_html(self.source, muted))
        self.header.setWordWrap(True)
        self.header.setOpenExternalLinks(False)
        self.header.linkActivated.connect(open_web_link)
        self.header.setAccessibleName("Source details")
        hint = QLabel("The archived page as captured; the quoted passage is highlighted. Select a passage to quote "
                      "it.", self)
        hint.setStyleSheet(f"color: {muted}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(hint)
        self.toolbar = QToolBar("Quote", self)
        self.toolbar.addAction(self.text.new_event_action)
        self.toolbar.addAction(self.text.add_excerpt_action)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def _highlight_excerpt(self) -> None:
        match = self.excerpt.match if self.excerpt else None
        if match is None:
            return
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(utf16_offset(self.source.text, match.start))
        cursor.setPosition(utf16_offset(self.source.text, match.end), QTextCursor.MoveMode.KeepAnchor)
        look = QTextCharFormat()
        look.setBackground(HIGHLIGHT_BACKGROUND)
        look.setForeground(HIGHLIGHT_FOREGROUND)
        selection = QTextEdit.ExtraSelection()
        selection.cursor, selection.format = cursor, look
        self.text.set_passages(self.text.passages, [selection])
        self._highlight = cursor
        caret = QTextCursor(cursor)
        caret.setPosition(cursor.selectionStart())
        self.text.setTextCursor(caret)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._highlight is not None and not self._centred:  # needs the laid-out viewport
            self._centred = True
            self.text.centerCursor()

    def highlighted_text(self) -> str:
        """The highlighted passage as the document holds it (line breaks as '\\n')."""
        if self._highlight is None:
            return ""
        return self._highlight.selectedText().replace("\u2029", "\n")
