"""The hostile YAML corpus (tests/data/hostile/yaml): every broken file is refused with its located message,
through every door a file comes in by: the loader, `kztimeline check`, `kztimeline export` and the window."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import QSettings

from kztimeline.app.mainwindow import MainWindow
from kztimeline.cli import main
from kztimeline.model import load_dataset

from conftest import DATA

HERE = DATA / "hostile" / "yaml"
FILES = sorted(p for p in HERE.glob("*.yaml") if p.name != "EXPECTED.yaml")
EXPECTED = yaml.safe_load((HERE / "EXPECTED.yaml").read_text(encoding="utf-8"))


def _expected_errors(path: Path) -> list[dict]:
    return [e for e in EXPECTED[path.name] if not e.get("warning")]


def test_every_file_has_its_expectation_and_the_corpus_is_large():
    assert len(FILES) >= 60 and sorted(p.name for p in FILES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_refused_with_its_located_message(path):
    result = load_dataset(path)
    assert not result.ok
    for expect in EXPECTED[path.name]:
        assert any(p.line == expect["line"] and p.column == expect["column"] and expect["message"] in p.message
                   and p.is_warning == expect.get("warning", False) for p in result.problems), \
            (expect, [str(p) for p in result.problems])
    assert all(str(p).startswith(f"{path}:") for p in result.problems)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_check_and_export_print_located_lines_and_exit_1(path, capsys, tmp_path):
    first = _expected_errors(path)[0]
    where = f"{path}:{first['line']}:{first['column']}:"
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert any(line.startswith(where) and first["message"] in line for line in out.splitlines()), out
    assert "Traceback" not in out + err and "internal error" not in out + err
    target = tmp_path / "figure.png"
    assert main(["export", str(path), "--output", str(target)]) != 0
    out, err = capsys.readouterr()
    assert where in out + err and "Traceback" not in out + err and "internal error" not in out + err
    assert not target.exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_the_window_lists_the_problem_and_keeps_its_data(qtbot, tmp_path, path):
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert window.open_path(DATA / "minimal.yaml", initial=True)
    before = window.selection.dataset
    assert window.open_path(path) is True  # something is still shown: the data from before
    assert window.selection.dataset is before
    first = _expected_errors(path)[0]
    listed = window.problems_dialog.text.toPlainText()
    assert f"{path}:{first['line']}:{first['column']}:" in listed and first["message"] in listed
    assert "internal error" not in listed
