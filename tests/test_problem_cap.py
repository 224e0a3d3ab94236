"""At most `max_problems` problems listed per file (README, "Opening files someone sent you"), whatever its format:
the rest counted in one last problem, and the totals still right in `check` and in the window's dialog."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtCore import QSettings

from kztimeline.cli import main
from kztimeline.model.limits import DEFAULT_LIMITS
from kztimeline.model.loader import load_dataset
from kztimeline.model.synth import write_synth


def _quotes_wrong(tmp_path):
    """A dataset with a hundred or so quotes not in their sources, and how many problems it has."""
    path = write_synth(120, tmp_path / "events.yaml", places=5)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"quote: '([A-Z][a-z]*) ", r"quote: '\1 zzz ", text), encoding="utf-8")
    everything = load_dataset(path, cache=False)
    assert len(everything.problems) == len(everything.errors) > 60 and everything.unlisted == 0
    return path, len(everything.errors)


def test_problems_beyond_the_limit_are_counted_in_one_last_problem(tmp_path):
    path, n = _quotes_wrong(tmp_path)
    everything = load_dataset(path, cache=False)
    result = load_dataset(path, cache=False, limits=replace(DEFAULT_LIMITS, max_problems=50))
    assert not result.ok and len(result.problems) == 51
    assert result.problems[:50] == everything.problems[:50]
    last = result.problems[-1]
    assert not last.is_warning and last.line == 0
    assert f"{n - 50} more problems not listed ({n - 50} of them errors; the first 50 are)" in last.message
    assert "--limit max-problems=N" in last.message
    assert (result.unlisted, result.unlisted_errors) == (n - 50, n - 50)


def test_the_closest_passage_is_sought_only_for_the_problems_listed(tmp_path, monkeypatch):
    """A closest passage takes milliseconds a quote: a file with thousands of wrong quotes lists a thousand, and
    seeks no passage for the rest, which are only counted."""
    from kztimeline.model import eventparse

    path, n = _quotes_wrong(tmp_path)
    sought = []
    detail = eventparse.mismatch_detail
    monkeypatch.setattr(eventparse, "mismatch_detail", lambda text, quote: sought.append(quote) or detail(text, quote))
    result = load_dataset(path, cache=False, limits=replace(DEFAULT_LIMITS, max_problems=7))
    assert len(sought) == 7 and result.unlisted == n - 7
    assert all("closest passage" in problem.message for problem in result.problems[:7])


def test_check_lists_the_first_problems_and_counts_them_all(tmp_path, capsys):
    path, n = _quotes_wrong(tmp_path)
    assert main(["check", str(path), "--limit", "max-problems=5"]) == 1
    out, err = capsys.readouterr()
    assert out.count("\n") == 6 and f"{n - 5} more problems not listed" in out
    assert err.strip() == f"{n} problems in {path}"


@pytest.mark.gui
def test_the_window_lists_the_first_problems_and_counts_them_all(qtbot, tmp_path):
    from kztimeline.app.mainwindow import MainWindow

    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.limits = replace(DEFAULT_LIMITS, max_problems=5)
    assert window.open_path(None, initial=True)
    path, n = _quotes_wrong(tmp_path)
    window.open_path(path)
    dialog = window.problems_dialog
    assert dialog is not None
    assert dialog.summary.text() == f"{path} has {n} problems. The data already shown is kept."
    assert dialog.text.toPlainText().count("\n") == 5
    assert f"{n - 5} more problems not listed" in dialog.text.toPlainText()
    dialog.close()


def test_min_quote_words_is_the_limit_given_and_many_warnings_are_counted_cold_and_cached(tmp_path, capsys):
    """--limit min-quote-words reaches YAML's checks (fast and marked paths alike); warnings beyond max-problems are
    counted in the summary, also when the file comes from the cache of checked datasets."""
    path = write_synth(60, tmp_path / "events.yaml", places=5)
    assert main(["check", str(path)]) == 0
    assert "warning" not in capsys.readouterr().out
    for _ in range(2):  # cold, then from the cache
        assert main(["check", str(path), "--limit", "min-quote-words=40", "--limit", "max-problems=10"]) == 0
        out = capsys.readouterr().out
        assert out.count("fewer than 40 words") == 10 and "50 more warnings not listed" in out
        assert out.rstrip().endswith("; 60 warnings above")
    text = path.read_text(encoding="utf-8")
    short = re.search(r"quote: '(\w+ \w+) ", text)
    assert short is not None
    path.write_text(re.sub(r"quote: '[^']*'", f"quote: '{short.group(1)}'", text, count=1), encoding="utf-8")
    for limit, warned in (("min-quote-words=3", True), ("min-quote-words=2", False)):
        main(["check", str(path), "--limit", limit])
        assert ("has only 2 words" in capsys.readouterr().out) is warned
