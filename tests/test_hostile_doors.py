"""The hostile CSV corpus through the other doors a file comes in by: `kztimeline export` and the window's open.
(tests/test_hostile_csv.py takes it through the loader and `check`; the YAML corpus has all four in
tests/test_hostile_yaml.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import QSettings

from kztimeline.app.mainwindow import MainWindow
from kztimeline.cli import main

from conftest import DATA

CORPUS = DATA / "hostile" / "csv"
EXPECTED = yaml.safe_load((CORPUS / "EXPECTED.yaml").read_text(encoding="utf-8"))
REFUSED = [p for p in sorted(CORPUS.glob("*.csv")) if any(not e.get("warning") for e in EXPECTED[p.name])]


def _first_error(path):
    return next(e for e in EXPECTED[path.name] if not e.get("warning"))


def _where(path, expect):
    return f"{path}:{expect['line']}:{expect['column']}:" if expect["line"] else f"{path}:"


@pytest.mark.parametrize("path", REFUSED, ids=[p.stem for p in REFUSED])
def test_export_writes_nothing_and_says_where(path, tmp_path, capsys):
    target = tmp_path / "figure.png"
    assert main(["export", str(path), "--output", str(target)]) != 0
    out, err = capsys.readouterr()
    expect = _first_error(path)
    assert any(line.startswith(_where(path, expect)) and expect["message"] in line
               for line in (out + err).splitlines()), out + err
    assert "Traceback" not in out + err and "internal error" not in out + err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("path", REFUSED, ids=[p.stem for p in REFUSED])
def test_the_window_lists_the_problem_and_keeps_its_data(qtbot, tmp_path, path, monkeypatch):
    from kztimeline.app import csvmapping

    monkeypatch.setattr(csvmapping, "ask_mapping", lambda *_args: pytest.fail("asked to map a broken file's columns"))
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert window.open_path(DATA / "minimal.yaml", initial=True)
    before = window.selection.dataset
    assert window.open_path(path) is True
    assert window.selection.dataset is before
    expect = _first_error(path)
    listed = window.problems_dialog.text.toPlainText()
    assert _where(path, expect) in listed and expect["message"] in listed and "internal error" not in listed


def test_messages_name_the_current_folder_in_words_and_hint_at_backslashes(tmp_path, monkeypatch):
    """A dataset in the current folder has '.' as its folder, which a message would show as a lone full stop."""
    from kztimeline.model.sourcefiles import read_source_file

    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources").mkdir()
    missing = read_source_file(Path("."), "sources\\report.txt")
    assert missing.problem == ("source file 'sources\\report.txt' not found (looked in the current folder); write "
                               "folders with '/', not '\\'")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("elsewhere", encoding="utf-8")
    (tmp_path / "sources" / "link.txt").symlink_to(outside)
    assert read_source_file(Path("."), "sources/link.txt").problem.endswith(
        "keep archived sources inside the current folder")
    assert read_source_file(tmp_path, "sources/gone.txt").problem == (
        f"source file 'sources/gone.txt' not found (looked in {tmp_path})")
