"""An unexpected exception becomes one message naming the log that holds its traceback."""

from __future__ import annotations

from kztimeline import crashlog


def _raise() -> None:
    raise KeyError("boom")


def test_internal_error_is_logged_with_its_traceback_and_named_in_one_line():
    try:
        _raise()
    except KeyError as exc:
        message = crashlog.report_internal_error(exc, "opening x.yaml")
    assert message.startswith("internal error while opening x.yaml (KeyError: 'boom')")
    assert "\n" not in message and str(crashlog.log_path()) in message
    log = crashlog.log_path().read_text(encoding="utf-8")
    assert "while opening x.yaml" in log and "in _raise" in log and "KeyError: 'boom'" in log


def test_the_log_keeps_its_newest_entries_when_it_grows(monkeypatch):
    monkeypatch.setattr(crashlog, "MAX_LOG_BYTES", 2000)
    for index in range(40):
        crashlog.report_internal_error(ValueError(f"error number {index}"), f"step {index}")
    log = crashlog.log_path().read_text(encoding="utf-8")
    assert len(log) < 3000 and "step 39" in log and "step 0\n" not in log and log.startswith("--- ")
