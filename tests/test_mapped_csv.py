"""A CSV of any layout opens through a column mapping: guessed, given on the command line, or chosen in a dialog
that remembers it per header."""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from kztimeline.app import csvmapping
from kztimeline.app.mainwindow import MainWindow
from kztimeline.cli import main
from kztimeline.model.dates import Precision
from kztimeline.model.loader import load_dataset
from kztimeline.model.mappedcsv import ColumnMapping, guess_mapping, parse_columns

SHEET = Path(__file__).parent / "data" / "csv" / "sheet.csv"
HEADER = ["When", "Headline", "Where", "Type", "Description", "Outlet", "Link"]


def test_guess_from_column_names():
    assert guess_mapping(HEADER) == ColumnMapping(date="When", title="Headline", place="Where", category="Type",
                                                 text="Description", source="Outlet", url="Link")
    assert parse_columns("title=Description,timezone=+06:00", guess_mapping(HEADER)).title == "Description"
    with pytest.raises(ValueError, match="not FIELD=COLUMN"):
        parse_columns("headline", ColumnMapping())


def test_rows_become_unverified_events_at_their_lines():
    result = load_dataset(SHEET)
    assert result.ok, result.problems
    data = result.dataset
    events = {e.id: e for e in data.events}
    protests = events["protests-begin-in-zhanaozen"]
    assert protests.line == 2 and not protests.verified and protests.place_ids == ("zhanaozen",)
    assert 'with "quotes"' in protests.notes and protests.media == "https://example.org/a"
    assert data.places["zhanaozen"].lat is not None  # the gazetteer places it
    assert events["internet-cut-nationwide"].line == 4  # the multi-line cell above counts its lines
    assert events["airport-seized"].window.precision is Precision.MINUTE
    assert data.categories["security"].label == "security"


def test_bad_cells_and_missing_columns_are_located(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("When,Headline\nsoon,Something\n2022-01-05,Fine\n", encoding="utf-8")
    problems = load_dataset(bad).problems
    assert [(p.line, p.field) for p in problems] == [(2, "column 'When'")]
    assert "'soon' is not a date" in str(problems[0])
    odd = tmp_path / "odd.csv"
    odd.write_text("A,B\n1,2\n", encoding="utf-8")
    message = str(load_dataset(odd).problems[-1])  # after the ACLED reader's own (missing ACLED columns)
    assert message.startswith(f"{odd}:1:1: for a CSV of another layout") and "are: A, B" in message
    message = str(load_dataset(odd, columns=ColumnMapping(date="A")).problems[0])
    assert message.startswith(f"{odd}:1:1: no column for title: map the columns")


def test_convert_with_columns(tmp_path, capsys):
    assert main(["convert", str(SHEET), str(tmp_path / "out.yaml"), "--columns", "date=Nope"]) == 2
    assert "no column named 'Nope' (date)" in capsys.readouterr().err
    assert not (tmp_path / "out.yaml").exists()
    assert main(["convert", str(SHEET), str(tmp_path / "out.yaml"), "--columns", "timezone=+06:00"]) == 0
    back = load_dataset(tmp_path / "out.yaml")
    assert back.ok and len(back.dataset.events) == 3
    assert back.dataset.event("airport-seized").start.utcoffset().total_seconds() == 6 * 3600


def test_dialog_maps_and_remembers_per_header(qtbot, tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    shutil.copy(Path(__file__).parent / "data" / "minimal.yaml", tmp_path / "events.yaml")
    shutil.copytree(Path(__file__).parent / "data" / "sources", tmp_path / "sources")
    assert window.open_path(tmp_path / "events.yaml", initial=True)
    seen = []

    def accept(dialog):
        seen.append(dialog)
        assert dialog.combos["date"].currentText() == "When"  # guessed
        dialog.combos["title"].setCurrentText("Description")
        dialog.combos["text"].setCurrentText(csvmapping.NONE)
        dialog.timezone.setText("+06:00")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(csvmapping.ColumnMappingDialog, "exec", accept)
    assert window.open_path(SHEET)
    assert window.selection.dataset.path == SHEET
    titles = {e.title for e in window.selection.dataset.events}
    assert "Gunmen take Almaty airport." in titles
    remembered = csvmapping.remembered(settings, HEADER)
    assert remembered.title == "Description" and remembered.timezone == "+06:00"

    def check_remembered(dialog):
        assert dialog.combos["title"].currentText() == "Description"
        return QDialog.DialogCode.Rejected  # cancel: the data shown stays

    monkeypatch.setattr(csvmapping.ColumnMappingDialog, "exec", check_remembered)
    assert window.open_path(SHEET)
    assert window.selection.dataset.path == SHEET and len(seen) == 1


def test_ok_needs_date_and_title(qtbot):
    dialog = csvmapping.ColumnMappingDialog(SHEET, HEADER)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.combos["date"].setCurrentText(csvmapping.NONE)
    assert not ok.isEnabled() and "date" in dialog.message.text()
