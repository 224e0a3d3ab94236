"""Text from a dataset shown in widgets that would read it as markup.

Qt guesses whether a tooltip or a QLabel's text is rich text (`Qt::mightBeRichText`), so a title such as
`<font size=7>` or a file named `<b>x.yaml` would be rendered, not shown. Tooltips therefore get escaped rich text
made here, and labels that show data are set to plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def escape(text: str, quote: bool = True) -> str:
    """`html.escape(text, quote)`, written out: importing `html` reads its entity table too (2 ms before the first
    paint, which needs only these replacements)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;") if quote else text


def tooltip(text: str) -> str:
    """Plain text (newlines kept) as a tooltip that Qt shows exactly as written."""
    return "<qt>" + escape(text).replace("\n", "<br>") + "</qt>"


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never interprets its text as markup."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label
