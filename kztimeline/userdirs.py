"""Where kztimeline keeps the user's own files: the data folder (geocoding cache) and the log folder.

platformdirs knows each platform's convention (XDG on Linux, Application Support on macOS, the roaming AppData
folder on Windows); KZTIMELINE_DATA_DIR puts both in one folder of the user's choosing (tests use it).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "kztimeline"


def data_dir() -> Path:
    """The user's data folder for kztimeline."""
    override = os.environ.get("KZTIMELINE_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP, appauthor=False, roaming=True))


def log_dir() -> Path:
    """Where internal errors are logged, with their tracebacks."""
    override = os.environ.get("KZTIMELINE_DATA_DIR")
    if override:
        return Path(override) / "log"
    return Path(platformdirs.user_log_dir(APP, appauthor=False))
