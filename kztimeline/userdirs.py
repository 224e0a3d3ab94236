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


def seal_key(folder: Path, create: bool) -> bytes | None:
    """The secret this user's kztimeline seals the files of a cache folder with (`seal.key` in it, readable by the
    user alone, made on the first save when `create`), or None when there is none or it cannot be made: a file
    not sealed with it is never trusted."""
    where = folder / "seal.key"
    try:
        key = where.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    if not create:
        return None
    from .atomicwrite import write_atomically  # (not needed by a start that only reads)

    key = os.urandom(32)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(where, key, mode=0o600)
    except OSError:  # (AtomicWriteError among them)
        return None
    return key
