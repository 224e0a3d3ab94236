"""The last line of defence at each entry point: an unexpected exception becomes one clear message for the user,
and its traceback goes to a log file they can attach to a report.

Bad input is never meant to reach this: readers return located problems. Whatever does reach it is a kztimeline
bug, and the user is told so, with where the details are, instead of seeing a traceback or a frozen dialog.
"""

from __future__ import annotations

import datetime
import traceback
from pathlib import Path

from . import __version__
from .userdirs import log_dir

LOG_NAME = "errors.log"
#: The log is cut to its newest half when it grows past this.
MAX_LOG_BYTES = 1_000_000


def log_path() -> Path:
    return log_dir() / LOG_NAME


def report_internal_error(exc: BaseException, doing: str) -> str:
    """Log `exc` with its traceback and return the message to show: what failed, and where the details are.

    `doing` says what kztimeline was doing, e.g. "opening /path/events.yaml"."""
    where = _append_to_log(exc, doing)
    detail = f"{type(exc).__name__}: {exc}".strip().splitlines()[0][:300]
    saved = f"the details are in {where}" if where else "the details could not be saved to a log"
    return (f"internal error while {doing} ({detail}); this is a bug in kztimeline {__version__}, not in your "
            f"data: please report it; {saved}")


def _append_to_log(exc: BaseException, doing: str) -> Path | None:
    path = log_path()
    stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    entry = (f"--- {stamp} kztimeline {__version__}, while {doing}\n"
             + "".join(traceback.format_exception(exc)) + "\n")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() and path.stat().st_size > MAX_LOG_BYTES:
            kept = path.read_bytes()[-MAX_LOG_BYTES // 2:]
            path.write_bytes(kept[kept.find(b"\n--- ") + 1:] if b"\n--- " in kept else b"")
        with path.open("a", encoding="utf-8") as log:
            log.write(entry)
    except OSError:
        return None
    return path
