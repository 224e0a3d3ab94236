"""Where kztimeline keeps the user's own files: the data folder (geocoding cache), the log folder and the cache
folder (checked datasets).

platformdirs knows each platform's convention (XDG on Linux, Application Support on macOS, the roaming AppData
folder on Windows); KZTIMELINE_DATA_DIR puts all three in one folder of the user's choosing (tests use it), and
KZTIMELINE_CACHE_DIR puts the cache folder elsewhere again.
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


def cache_dir() -> Path:
    """What kztimeline keeps only to be faster (checked datasets); deleting it loses nothing."""
    override = os.environ.get("KZTIMELINE_CACHE_DIR")
    if override:
        return Path(override)
    data = os.environ.get("KZTIMELINE_DATA_DIR")
    if data:
        return Path(data) / "cache"
    return Path(platformdirs.user_cache_dir(APP, appauthor=False))
