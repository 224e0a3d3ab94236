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


#: Bytes of the seal (HMAC-SHA256 of the body) between a sealed file's magic and its body.
SEAL_BYTES = 32


def sealed(folder: Path, magic: bytes, body: bytes) -> tuple[bytes, bytes, bytes] | None:
    """A cache file's parts, to be written in order: `magic`, the seal of `body` with the folder's secret (made now
    if there is none), `body`; None when no secret can be made there."""
    import hmac

    key = seal_key(folder, create=True)
    return None if key is None else (magic, hmac.digest(key, body, "sha256"), body)


def unsealed(folder: Path, magic: bytes, blob: bytes) -> memoryview | None:
    """The body of a file `sealed` made, or None for anything else: another magic, truncated, no secret in the
    folder, a seal that does not match (corrupt, foreign, or written by someone else)."""
    import hmac

    head = len(magic) + SEAL_BYTES
    if not blob.startswith(magic) or len(blob) < head:
        return None
    key = seal_key(folder, create=False)
    body = memoryview(blob)[head:]
    if key is None or not hmac.compare_digest(hmac.digest(key, body, "sha256"), blob[len(magic):head]):
        return None
    return body
