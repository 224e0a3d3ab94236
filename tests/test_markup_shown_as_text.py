"""Every string from a dataset (titles, names, outlets, labels, the file's own name) is shown as written: a
widget that reads it as markup would let a file render giant red text, or links, in the user's window."""

from __future__ import annotations

import html
import shutil

import pytest
from PySide6.QtCore import QSettings, Qt

from kztimeline.app.mainwindow import MainWindow
from kztimeline.app.problemsdialog import ProblemsDialog
from kztimeline.model.problems import Problem
from kztimeline.views.eventlist import TITLE
from kztimeline.views.mapitems import PLACE_ROLE

from conftest import DATA

FILE_NAME = "<font color=red size=7>x.yaml"  # as a file someone sent might be named


@pytest.fixture
def window(qtbot, tmp_path):
    shutil.copytree(DATA / "markup" / "sources", tmp_path / "sources")
    path = tmp_path / FILE_NAME
    shutil.copy(DATA / "markup" / "events.yaml", path)
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    assert win.open_path(path, initial=True)
    win.show()
    qtbot.waitExposed(win)
    return win


def _escaped(markup: str, shown: str) -> bool:
    return html.escape(markup) in shown and markup not in shown


def test_tooltips_escape_titles_and_place_names(window):
    data = window.selection.dataset
    event = data.events[0]
    place = data.places["almaty"]
    assert _escaped(event.title, window.timeline.hover_text(data, event.id))
    row_tip = window.events.model.index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert _escaped(event.title, row_tip) and _escaped(place.name, row_tip)
    tree = window.places.list_widget
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).data(0, PLACE_ROLE) == "almaty")
    assert item.text(0) == place.name  # item text is plain already
    assert _escaped(place.name, item.toolTip(0)) and _escaped(place.description, item.toolTip(0))


def test_status_bar_shows_a_filter_on_a_markup_place_as_text(window):
    window.selection.filter_to_place("almaty")
    label = window.status_label
    assert label.textFormat() == Qt.TextFormat.PlainText and "<font size=7>Almaty</font>" in label.text()


def test_legend_and_sources_show_markup_as_text(window):
    window.selection.set_current(window.selection.dataset.events[0].id)
    shown = window.sources.browser.toPlainText()
    assert "<b>Event</b>" in shown and "<s>Outlet</s>" in shown and "<script>alert(1)</script>" in shown
    assert 'href="javascript' not in window.sources.browser.toHtml()
    assert _escaped("<u>Category</u>", window.timeline.legend.text())


def test_window_title_and_problems_dialog_name_the_file_as_text(window, tmp_path):
    assert window.windowTitle().startswith("<font color=red size=7>Title</font>")
    dialog = ProblemsDialog(tmp_path / FILE_NAME, [Problem(FILE_NAME, 1, 1, "<b>bad</b>")], True, window)
    assert dialog.summary.textFormat() == Qt.TextFormat.PlainText and FILE_NAME in dialog.summary.text()
    assert "<b>bad</b>" in dialog.text.toPlainText()


def test_progress_dialog_names_the_file_as_text(qtbot, window, tmp_path):
    window.background_bytes = 0
    window.open_path(tmp_path / FILE_NAME)
    label = window.progress.findChild(type(window.status_label))
    assert label is not None and label.textFormat() == Qt.TextFormat.PlainText and FILE_NAME in label.text()
    qtbot.waitUntil(lambda: window.loading is None, timeout=30000)


@pytest.mark.parametrize("quote", [True, False])
def test_richtext_escape_is_html_escape(quote):
    """views/richtext.escape writes html.escape out (so that the first paint need not import html): the same text."""
    from kztimeline.views.richtext import escape

    for text in ("", "plain", "<b>Tom & 'Jerry'</b> \"quoted\" &amp; already", "&&<<>>\"\"''", "ÿ ∅ <\n>"):
        assert escape(text, quote) == html.escape(text, quote)
    assert escape("'\"") == html.escape("'\"")
