"""`kztimeline check` on the bundled data, on a changed quote, and the layering rule (no Qt in model and geo).

The bundled events.yaml is the user's to extend, so its only test is that it checks clean; the exact counts and
messages are asserted on the frozen copy in tests/data/frozen.
"""

import shutil
import subprocess
import sys

from conftest import FROZEN, FROZEN_EVENTS
from kztimeline.cli import main


def test_the_bundled_dataset_checks_clean(capsys):
    assert main(["check"]) == 0  # no argument: the bundled events.yaml, whatever events a user has added
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("ok: "), out


def test_check_prints_one_summary_line(capsys):
    assert main(["check", str(FROZEN_EVENTS)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("ok: 20 events") and "33 of 33 excerpts verified" in out[0]


def test_check_names_event_and_line_of_a_changed_quote(tmp_path, capsys):
    text = FROZEN_EVENTS.read_text(encoding="utf-8")
    changed = text.replace("turned down internet connectivity on Wednesday afternoon.",
                           "turned off internet connectivity on Wednesday afternoon.")
    assert changed != text
    shutil.copytree(FROZEN / "resources" / "sources", tmp_path / "resources" / "sources")
    path = tmp_path / "events.yaml"
    path.write_text(changed, encoding="utf-8")
    before = changed[: changed.index("turned off internet")]
    line = before[: before.rindex("quote:")].count("\n") + 1  # the line of the quote's key
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"events.yaml:{line}:" in out and "event 'internet-blackout'" in out
    assert "quote has 'off', source has 'down'" in out


def test_check_reports_a_missing_file(capsys):
    assert main(["check", "no-such-file.yaml"]) == 1
    assert "no-such-file.yaml: file not found" in capsys.readouterr().out


def test_model_and_geo_never_import_qt():
    code = ("import sys, kztimeline.model, kztimeline.geo.gazetteer, kztimeline.geo.geocode, kztimeline.geo.distance;"
            "from kztimeline.cli import main; status = main(['check', sys.argv[1]]);"
            "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'shiboken')));"
            "print('Qt modules:', qt);"
            "sys.exit(status)")
    run = subprocess.run([sys.executable, "-c", code, str(FROZEN_EVENTS)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    summary, modules = run.stdout.splitlines()
    assert summary.startswith("ok: 20 events") and "33 of 33 excerpts verified" in summary  # the whole check ran
    assert modules == "Qt modules: []"
