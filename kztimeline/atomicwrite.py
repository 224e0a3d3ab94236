"""Writing a file so that it is never seen half-written: a temporary file beside the target, renamed over it.

A crash, a full disk or `kill -9` leaves either the old file or the new one, whole. The temporary file is named
`.TARGET.PID.RANDOM.part` and removed on every failure path; one left by a process that was killed is removed by
the next write to the same target, once that process is gone (its PID no longer runs).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path


class AtomicWriteError(OSError):
    """The write failed; the target is unchanged. The message is one line to show the user."""


def write_atomically(path: Path, payload: bytes | Sequence[bytes | bytearray], mode: int | None = None,
                     durable: bool = True) -> None:
    """Replace `path` with `payload` (bytes, or parts written one after another) all at once (fsynced, the rename
    too, unless not `durable`: a cache entry a crash may lose), or raise AtomicWriteError leaving it as it was. The
    new file keeps the old one's permissions, or gets `mode` (default 0o644)."""
    folder = path.parent if str(path.parent) else Path(".")
    remove_stale_parts(path)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise AtomicWriteError(f"cannot write '{path}': {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            for part in (payload,) if isinstance(payload, bytes) else payload:
                out.write(part)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        with contextlib.suppress(OSError):  # keep mkstemp's owner-only mode rather than fail the write
            os.chmod(temp, mode if mode is not None else path.stat().st_mode & 0o7777 if path.exists() else 0o644)
        os.replace(temp, path)
    except BaseException as exc:  # an interrupt too: never leave the temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise AtomicWriteError(f"cannot write '{path}': {exc.strerror or exc}") from None
        raise
    if durable:
        _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_parts(path: Path) -> list[Path]:
    """Remove temporary files left beside `path` by writes whose process has gone; returns what was removed."""
    folder = path.parent if str(path.parent) else Path(".")
    pattern = re.compile(re.escape(f".{path.name}.") + r"(\d+)\.[^.]+\.part")
    removed: list[Path] = []
    try:
        candidates = list(folder.iterdir())
    except OSError:
        return removed
    for candidate in candidates:
        match = pattern.fullmatch(candidate.name)
        if match and not _running(int(match.group(1))):
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or we cannot tell: leave its file alone
    return True
