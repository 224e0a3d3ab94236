"""Text from a dataset shown in widgets that would read it as markup.

Qt guesses whether a tooltip or a QLabel's text is rich text (`Qt::mightBeRichText`), so a title such as
`<font size=7>` or a file named `<b>x.yaml` would be rendered, not shown. Tooltips therefore get escaped rich text
made here, and labels that show data are set to plain text.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def tooltip(text: str) -> str:
    """Plain text (newlines kept) as a tooltip that Qt shows exactly as written."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never interprets its text as markup."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label
