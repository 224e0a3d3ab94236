"""Writing an exported file: all there or not changed (`kztimeline.atomicwrite`), with one-line errors."""

from __future__ import annotations

from pathlib import Path

from ..atomicwrite import AtomicWriteError, write_atomically


class ExchangeError(Exception):
    """One line to show the user (the path and what went wrong)."""


def write_atomic(path: Path, payload: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExchangeError(f"cannot write '{path}': folder '{folder}' does not exist")
    try:
        write_atomically(path, payload, mode=0o644)
    except AtomicWriteError as exc:
        raise ExchangeError(str(exc)) from None
