"""A bug (an unexpected exception) at an entry point becomes one message naming the log, never a traceback or a
frozen dialog; the window keeps the data it shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from kztimeline import cli, crashlog
from kztimeline.app import mainwindow
from kztimeline.app.mainwindow import MainWindow
from kztimeline.model import loader
from kztimeline.model.synth import write_synth

from conftest import DATA


def _explode(*_args, **_kwargs):
    raise ZeroDivisionError("simulated bug")


def test_a_command_that_fails_prints_one_line_and_exits_3(monkeypatch, capsys):
    monkeypatch.setattr(cli, "_check", _explode)
    assert cli.main(["check"]) == cli.EXIT_INTERNAL_ERROR
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("kztimeline: internal error while running 'kztimeline check'")
    assert str(crashlog.log_path()) in err[0] and "ZeroDivisionError" in crashlog.log_path().read_text("utf-8")


@pytest.fixture
def window(qtbot, tmp_path):
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    assert win.open_path(DATA / "minimal.yaml", initial=True)
    return win


def test_opening_a_file_that_trips_a_bug_shows_the_message_and_keeps_the_data(window, monkeypatch):
    before = window.selection.dataset
    monkeypatch.setattr(mainwindow, "load", _explode)
    assert window.open_path(DATA / "acled-sample.csv") is True  # something is still shown
    assert window.selection.dataset is before
    summary, text = window.problems_dialog.summary.text(), window.problems_dialog.text.toPlainText()
    assert "data already shown is kept" in summary and "internal error while opening" in text
    assert "simulated bug" in text and str(crashlog.log_path()) in text


def test_a_view_that_trips_a_bug_falls_back_to_the_data_shown_before(window):
    before = window.selection.dataset

    def view_with_a_bug() -> None:
        if window.selection.dataset is not before:
            _explode()

    window.selection.datasetChanged.connect(view_with_a_bug)
    window.open_path(DATA / "acled-sample.csv")
    assert window.selection.dataset is before
    assert "internal error while showing" in window.problems_dialog.text.toPlainText()


def test_a_background_load_that_trips_a_bug_closes_its_progress_dialog(qtbot, window, tmp_path, monkeypatch):
    before = window.selection.dataset
    monkeypatch.setattr(loader, "load_dataset", _explode)  # imported by the worker when it runs
    window.background_bytes = 0
    window.open_path(write_synth(50, tmp_path / "big.yaml", places=5))
    assert window.loading is not None
    qtbot.waitUntil(lambda: window.loading is None, timeout=30000)
    assert not window.progress.isVisible() and window.selection.dataset is before
    assert "internal error while opening" in window.problems_dialog.text.toPlainText()


def test_a_newer_background_load_replaces_an_older_one_and_is_shown(qtbot, window, tmp_path):
    window.background_bytes = 0
    window.open_path(write_synth(2000, tmp_path / "first.yaml", places=5))
    qtbot.wait(100)  # the first load is under way
    second = write_synth(300, tmp_path / "second.yaml", places=6)
    window.open_path(second)
    qtbot.waitUntil(lambda: window.path == second, timeout=30000)  # the replaced load's "cancelled" stopped this
    assert len(window.selection.dataset.events) == 300 and window.loading is None
    assert "cancelled" not in window.statusBar().currentMessage()
