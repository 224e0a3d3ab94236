"""Reading a dataset's archived source files, and nothing else.

A dataset is often a file someone sent; opening it must not read, "verify" and display the reader's own files.
So a source `file:` must be a relative path to a regular file inside the dataset's folder: no absolute paths, no
`..` leaving the folder, no symbolic link pointing out of it, no device or FIFO (which would read forever), and no
larger than MAX_SOURCE_BYTES. The file is opened once, checked on the open handle (so it cannot be swapped between
check and read) and read with a bound.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from .textfile import decode_text

#: The largest archived source kztimeline reads (a long article is 100 KB; a book 2 MB).
MAX_SOURCE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SourceRead:
    """The text read, or why not (a message to show at the `file:` line; text is "" then)."""

    path: Path
    text: str = ""
    problem: str = ""
    data: bytes = b""  # the file's bytes (the text's, for read_source_file)


def read_source_file(folder: Path, name: str, max_bytes: int = MAX_SOURCE_BYTES) -> SourceRead:
    """Read `name` (as written in the events file) relative to `folder`, refusing anything outside it."""
    read = read_source_bytes(folder, name, max_bytes)
    return read if read.problem else _decode(read.path, name, read.data)


def read_source_bytes(folder: Path, name: str, max_bytes: int = MAX_SOURCE_BYTES) -> SourceRead:
    """The bytes of `name` (an archived original: HTML, WARC), with the same refusals as read_source_file."""
    refusal = _refuse_name(name)
    path = folder / name
    if refusal:
        return SourceRead(path, problem=refusal)
    try:
        root = folder.resolve(strict=True)
        target = path.resolve(strict=True)
    except FileNotFoundError:
        hint = "; write folders with '/', not '\\'" if "\\" in name and os.sep == "/" else ""
        return SourceRead(path, problem=f"source file '{name}' not found (looked in {_folder_text(folder)}){hint}")
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        return SourceRead(path, problem=f"cannot read source file '{name}': {_reason(exc)}")
    if not target.is_relative_to(root):
        return SourceRead(path, problem=f"source file '{name}' leads outside the dataset's folder (through a "
                                        f"symbolic link); keep archived sources inside {_folder_text(folder)}")
    return _read_regular(path, target, name, max_bytes)


def _folder_text(folder: Path) -> str:
    """The dataset's folder as a message names it ('.' alone reads as a full stop)."""
    return "the current folder" if str(folder) in ("", ".") else str(folder)


def _refuse_name(name: str) -> str:
    if "\x00" in name:
        return "a source file name cannot contain a NUL character"
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or PureWindowsPath(name).drive:
        return (f"source file '{name}' is an absolute path; give it relative to the events file, inside its folder "
                "(e.g. resources/sources/report.txt)")
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        return f"source file '{name}' climbs out of the dataset's folder ('..'); keep archived sources inside it"
    return ""


def _read_regular(path: Path, target: Path, name: str, max_bytes: int) -> SourceRead:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        return SourceRead(path, problem=f"cannot read source file '{name}': {_reason(exc)}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            return SourceRead(path, problem=f"source file '{name}' is not a regular file (a device, FIFO or "
                                            "folder); an archived source is a text file")
    except OSError as exc:
        os.close(fd)
        return SourceRead(path, problem=f"cannot read source file '{name}': {_reason(exc)}")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > max_bytes:
            return SourceRead(path, problem=f"source file '{name}' is {info.st_size:,} bytes, more than the "
                                            f"{max_bytes:,} kztimeline reads; archive the article's text only")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        return SourceRead(path, problem=f"source file '{name}' grew past {max_bytes:,} bytes while being read")
    return SourceRead(path, data=data)


def _decode(path: Path, name: str, data: bytes) -> SourceRead:
    text, problems = decode_text(data, name)
    if text is None:
        where = f" (line {problems[0].line}, column {problems[0].column})" if problems and problems[0].line else ""
        reason = problems[0].message if problems else "it is not UTF-8 text"
        return SourceRead(path, problem=f"source file '{name}'{where}: {reason}")
    if not text.strip():
        return SourceRead(path, problem=f"source file '{name}' is empty, so no quote can be checked against it; "
                                        "archive the article's text there")
    return SourceRead(path, text=text, data=data)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
