"""Export: exact size, not blank, reproducible, range and place options, SVG with real text, clean failures."""

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from conftest import FROZEN_EVENTS
from kztimeline.cli import main
from kztimeline.model import load_dataset


def _export(tmp_path, name="out.png", *extra):
    out = tmp_path / name
    code = main(["export", str(FROZEN_EVENTS), "--output", str(out), *extra])
    return code, out


def _stats(path):
    image = QImage(str(path))
    colours, ink = set(), 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            rgb = image.pixel(x, y) & 0xFFFFFF
            colours.add(rgb)
            ink += rgb != 0xFFFFFF
    samples = ((image.height() + 2) // 3) * ((image.width() + 2) // 3)
    return image, ink / samples, len(colours)


def test_cli_png_has_the_exact_size_and_is_not_blank(qapp, tmp_path):
    code, out = _export(tmp_path, "t.png", "--width", "1600", "--height", "500")
    assert code == 0
    image, ink, colours = _stats(out)
    assert (image.width(), image.height()) == (1600, 500)
    assert ink > 0.08 and colours > 50


def test_same_data_and_options_give_identical_bytes(qapp, tmp_path):
    _, first = _export(tmp_path, "a.png", "--width", "1200", "--height", "400")
    _, second = _export(tmp_path, "b.png", "--width", "1200", "--height", "400")
    assert first.read_bytes() == second.read_bytes()


def test_from_to_narrows_the_axis(qapp, tmp_path):
    from kztimeline.export.figure import Figure, FigureOptions
    from datetime import datetime

    data = load_dataset(FROZEN_EVENTS).dataset
    tz = data.period.tz
    narrow = Figure(data, FigureOptions(1600, 500, datetime(2022, 1, 4, tzinfo=tz), datetime(2022, 1, 8, tzinfo=tz)))
    assert narrow.range_label() == "4–7 January 2022"
    assert {e.id for e in narrow.events} >= {"internet-blackout", "security-council-meeting"}
    code, out = _export(tmp_path, "n.png", "--from", "2022-01-04", "--to", "2022-01-07")
    assert code == 0
    whole = _export(tmp_path, "w.png")[1]
    assert out.read_bytes() != whole.read_bytes()


def test_places_option_keeps_only_those_lanes(qapp, tmp_path):
    from kztimeline.export.figure import Figure, FigureOptions

    data = load_dataset(FROZEN_EVENTS).dataset
    figure = Figure(data, FigureOptions(1600, 500, places=("baikonur",)))
    assert [e.id for e in figure.events] == ["baikonur-security-tightened"]
    assert _export(tmp_path, "b.png", "--places", "Bayqongyr")[0] == 0  # any gazetteer spelling


def test_svg_is_xml_with_event_titles_as_text(qapp, tmp_path):
    code, out = _export(tmp_path, "t.svg", "--width", "2400", "--height", "900")
    assert code == 0
    root = ET.parse(out).getroot()
    text = " ".join("".join(node.itertext()) for node in root.iter() if node.tag.endswith("text"))
    assert "Kazakhtelecom cuts the internet nationwide" in text
    assert "Two-week state of emergency in Mangistau and Almaty" in text


def test_narrow_figures_switch_to_numbered_markers_with_a_key(qapp):
    from kztimeline.export.figure import Figure, FigureOptions

    data = load_dataset(FROZEN_EVENTS).dataset
    assert not Figure(data, FigureOptions(1600, 500)).numbered
    small = Figure(data, FigureOptions(900, 400))
    assert small.numbered and small.key_lines * small.key_cols >= len(small.events)


def test_footer_traces_the_figure_to_its_data(qapp):
    from kztimeline.export.figure import Figure, FigureOptions

    data = load_dataset(FROZEN_EVENTS).dataset
    footer = Figure(data, FigureOptions()).footer_text()
    assert "Republic World (6 Jan 2022)" in footer and "India Narrative (6 Jan 2022)" in footer
    assert "17 events" in footer and f"data {data.digest}" in footer and "kztimeline 0.1.0" in footer


@pytest.mark.parametrize("args, message", [
    (["--output", "/nonexistent-dir/x.png"], "does not exist"),
    (["--output", "{tmp}/x.png", "--places", "atlantis"], "unknown place 'atlantis'"),
    (["--output", "{tmp}/x.png", "--from", "2022-01-32"], "not a real date"),
    (["--output", "{tmp}/x.png", "--from", "2022-01-10", "--to", "2022-01-05"], "is after --to"),
    (["--output", "{tmp}/x.gif"], "must end in .png or .svg"),
])
def test_errors_exit_2_with_one_line_and_leave_no_file(tmp_path, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    run = subprocess.run([sys.executable, "-m", "kztimeline", "export", str(FROZEN_EVENTS), *args], capture_output=True,
                         text=True)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert [p for p in tmp_path.iterdir() if p.name != "user-data"] == []  # user-data: the cache of checked data


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc, which nobody may write to")
def test_unwritable_folder_exits_2_with_one_line():
    run = subprocess.run([sys.executable, "-m", "kztimeline", "export", str(FROZEN_EVENTS), "--output",
                          "/proc/kztimeline.png"],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "cannot write '/proc/kztimeline.png'" in run.stderr


def test_dialog_export_accepted_programmatically_writes_the_chosen_size(qtbot, tmp_path):
    from kztimeline.export.dialog import ExportDialog
    from kztimeline.model.selection import Selection

    selection = Selection(load_dataset(FROZEN_EVENTS).dataset)
    dialog = ExportDialog(selection)
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentIndex(dialog.preset.count() - 1)  # custom
    dialog.width_box.setValue(1234)
    dialog.height_box.setValue(456)
    dialog.path_edit.setText(str(tmp_path / "dialog.png"))
    dialog.update_preview()
    assert not dialog.preview.pixmap().isNull()
    dialog.accept()
    image = QImage(str(tmp_path / "dialog.png"))
    assert (image.width(), image.height()) == (1234, 456)
    # the dialog and the command line write the same picture
    main(["export", str(FROZEN_EVENTS), "--output", str(tmp_path / "cli.png"), "--width", "1234", "--height", "456"])
    assert (tmp_path / "cli.png").read_bytes() == (tmp_path / "dialog.png").read_bytes()


def test_large_datasets_are_shaded_per_hour_and_still_traceable(qapp, tmp_path):
    from kztimeline.export.figure import Figure, FigureOptions
    from kztimeline.model.synth import write_synth

    path = write_synth(2000, tmp_path / "big.yaml", places=8)
    data = load_dataset(path).dataset
    figure = Figure(data, FigureOptions(1600, 500))
    assert figure.dense and "2000 events (shaded by events per hour)" in figure.footer_text()
    code = main(["export", str(path), "--output", str(tmp_path / "big.png")])
    assert code == 0
    image, ink, colours = _stats(tmp_path / "big.png")
    assert (image.width(), image.height()) == (1600, 500) and ink > 0.2 and colours > 100


def test_dialog_exports_every_filtered_place(qtbot):
    from kztimeline.export.dialog import ExportDialog
    from kztimeline.model.selection import Selection

    data = load_dataset(FROZEN_EVENTS).dataset
    selection = Selection(data)
    selection.set_place_filter({"baikonur", "almaty"})
    dialog = ExportDialog(selection)
    qtbot.addWidget(dialog)
    assert dialog.filtered.isEnabled()
    assert dialog.filtered.text() == f"Active filter: {data.places['almaty'].name}, {data.places['baikonur'].name} " \
                                     "(2 places)"
    assert dialog.options().places is None  # "All places" is the first choice
    dialog.filtered.setChecked(True)
    assert dialog.options().places == ("almaty", "baikonur")  # the lanes in the dataset's order
    selection.filter_to_place("almaty")
    one = ExportDialog(selection)
    qtbot.addWidget(one)
    assert one.filtered.text() == f"Active filter: {data.places['almaty'].name}"
