"""The window's exchange actions: File → Export → formats, a citable view applied and copied, unverified events."""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from kztimeline.app.mainwindow import MainWindow
from kztimeline.exchange.formats import BY_NAME, FORMATS
from kztimeline.model.viewspec import ViewSpec

DATA = Path(__file__).parent / "data"


@pytest.fixture
def window(qtbot, tmp_path):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "events.yaml")
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    assert win.open_path(tmp_path / "events.yaml", initial=True)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_export_menu_has_every_format_and_writes_it(window, tmp_path):
    assert set(window.export_data_actions) == {f.name for f in FORMATS}
    for fmt in FORMATS:
        target = tmp_path / f"out{fmt.suffixes[0]}"
        assert window.export_data(fmt, target)
        assert target.stat().st_size > 0
    assert "Wrote" in window.statusBar().currentMessage()


def test_export_to_a_missing_folder_says_so(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("kztimeline.app.exchange_actions.QMessageBox.warning", lambda *args: shown.append(args[2]))
    assert not window.export_data(BY_NAME["kml"], tmp_path / "nowhere" / "x.kml")
    assert len(shown) == 1 and "does not exist" in shown[0]


def test_a_view_is_applied_and_copied_as_a_command_line(window, tmp_path):
    assert window.apply_view(ViewSpec.parse("blackout", "2022-01-04", "2022-01-08", "kazakhstan")) == []
    assert window.selection.current_id == "blackout"
    assert window.selection.place_filter == {"kazakhstan"}
    window.copy_link_action.trigger()
    text = QApplication.clipboard().text()
    assert text == (f"kztimeline {tmp_path / 'events.yaml'} --select blackout --from 2022-01-04 --to 2022-01-08 "
                    "--places kazakhstan")
    assert window.apply_view(ViewSpec.parse("nope", None, None, None))[0].startswith("--select: no event 'nope'")


def test_unverified_events_are_marked_in_the_source_panel(qtbot, tmp_path):
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    assert win.open_path(DATA / "timelinejs" / "welcome.json", initial=True)
    win.selection.set_current("flickr")
    text = win.sources.browser.toPlainText()
    assert "Unverified" in text and "welcome.json" in text


def test_a_view_of_several_places_opens_with_each_highlighted(window, tmp_path, monkeypatch):
    from kztimeline import cli
    from kztimeline.views.mapitems import PLACE_ROLE

    given = []
    monkeypatch.setattr("kztimeline.app.launch.run_app", lambda path, view, limits: given.append((path, view)) or 0)
    assert cli.main([str(tmp_path / "events.yaml"), "--places", "kazakhstan,almaty"]) == 0
    (path, view), = given
    assert path == tmp_path / "events.yaml"
    assert window.apply_view(view) == []
    assert window.selection.place_filter == {"almaty", "kazakhstan"}
    tree = window.places.list_widget
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [item.data(0, PLACE_ROLE) for item in items if item.isSelected()] == ["almaty", "kazakhstan"]
    assert all(window.places.labels[p].textItem.font().bold() for p in ("almaty", "kazakhstan"))
    assert not window.places.labels["mangistau"].textItem.font().bold()
    assert window.view_command().endswith(" --places almaty,kazakhstan")


def test_an_unknown_place_in_a_view_is_refused_naming_it(window):
    problems = window.apply_view(ViewSpec.parse(None, None, None, "almaty,almati"))
    assert problems == ["--places: unknown place 'almati' (did you mean 'almaty'?)"]
    assert not window.selection.place_filter
