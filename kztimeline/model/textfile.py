"""Reading an input file as UTF-8 text, safely: bounded in size, and every way it can fail named with its place.

`read_text_file` refuses what is not a regular file (a folder, a pipe, a device: reading one could block or never
end), a file over the size limit (before reading it), and a file that is not UTF-8. For the last it gives the line
and column of the first byte that is not UTF-8 and the encoding the file most likely has: UTF-16 or UTF-32 (by
their byte-order mark or their pattern of NUL bytes), Windows-1251 or KOI8-R (Cyrillic), Windows-1252/Latin-1, or
a spreadsheet saved in its own format. `control_characters` locates characters no text file should hold.
Both are shared by the CSV and YAML readers.
"""

from __future__ import annotations

import hashlib

import re
import stat
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .limits import describe_size
from .problems import Problem

_SAVE_AS = ("save it as UTF-8 (Save As with the encoding set to UTF-8; in LibreOffice Calc: Text CSV, character "
            "set Unicode (UTF-8))")

#: Characters refused in text: C0 controls other than tab and line breaks, DEL, C1 controls, bidirectional
#: overrides and isolates (they make text display in another order than it is stored), and non-characters.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]")


def read_checked_text(path: Path, name: str, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """`read_text_file`, and None with each located if the text holds `control_characters` (looked for in its
    bytes first, `_holds_controls`)."""
    raw, problems = _read_bytes(path, name, max_bytes)
    if raw is None:
        return None, problems
    text, problems = decode_text(raw, name)
    if text is None or not _holds_controls(raw[3:] if raw.startswith(_BOM) else raw):
        return text, problems
    return None, list(control_characters(text, name))


def control_problems(text: str, name: str) -> list[Problem]:
    """`control_characters` of a text read already, looked for in its UTF-8 a few megabytes at a time first."""
    step = 1 << 22
    if any(_holds_controls(text[start:start + step].encode("utf-8")) for start in range(0, len(text), step)):
        return list(control_characters(text, name))
    return []


def read_checked_bytes(path: Path, name: str, max_bytes: int) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes without a UTF-8 byte-order mark, checked as `read_checked_text` checks its text (UTF-8, no
    control characters), for a reader that parses bytes; a file of ASCII bytes, or of UTF-8 (`is_utf8`), is checked
    without decoding it."""
    raw, problems = _read_bytes(path, name, max_bytes)
    if raw is None:
        return None, problems
    body = raw[3:] if raw.startswith(_BOM) else raw
    if (body.isascii() or is_utf8(body)) and not _foreign_format(raw) and not _holds_controls(body):
        return body, []
    text, problems = decode_text(raw, name)  # UTF-8 or a located message
    if text is None:
        return None, problems
    return (None, list(control_characters(text, name))) if _holds_controls(body) else (body, [])


def is_utf8(data: bytes) -> bool:
    """Whether bytes are UTF-8, by pyarrow's validator: a tenth of the time of decoding them (0.05 s against 0.5 s
    for a 360 MB CSV), and no text made. It accepts and refuses what Python's decoder does (surrogates, overlong
    forms, past U+10FFFF: a test compares them). Only the CSV reader that parses bytes with pyarrow asks: pyarrow
    is imported here, as that reader would import it next anyway."""
    import numpy as np
    import pyarrow as pa

    bounds = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    try:
        pa.LargeStringArray.from_buffers(1, bounds, pa.py_buffer(data)).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def text_digest(text: str) -> hashlib._Hash:
    """The SHA-256 of a text's UTF-8 bytes, encoded a few megabytes at a time (a large file's text is not copied
    whole): the same as of the file it was read from, less a byte-order mark."""
    digest = hashlib.sha256()
    step = 1 << 22
    for start in range(0, len(text), step):
        digest.update(text[start:start + step].encode("utf-8", "surrogatepass"))
    return digest


def _holds_controls(utf8: bytes) -> bool:
    """Whether valid UTF-8 holds a character `CONTROL` matches, without a regex over all of it (over 300 MB of
    text that takes a second and a half): its ASCII controls found by deleting the allowed ASCII bytes, the others
    among its non-ASCII characters alone (UTF-8 without its ASCII bytes is still UTF-8)."""
    if utf8.translate(None, _ASCII_TEXT + _HIGH_BYTES):
        return True
    return not utf8.isascii() and CONTROL.search(utf8.translate(None, _ASCII_BYTES).decode("utf-8")) is not None


#: The ASCII bytes a text may hold (every other ASCII byte is a control character `CONTROL` matches).
_ASCII_TEXT = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_ASCII_BYTES = bytes(range(0x80))
_HIGH_BYTES = bytes(range(0x80, 0x100))
_BOM = b"\xef\xbb\xbf"


def read_text_file(path: Path, name: str, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """The file's text (a UTF-8 byte-order mark removed, line breaks as they are), or None and why not."""
    raw, problems = _read_bytes(path, name, max_bytes)
    if raw is None:
        return None, problems
    return decode_text(raw, name)


def _read_bytes(path: Path, name: str, max_bytes: int) -> tuple[bytes | None, list[Problem]]:
    """A regular file's bytes, at most `max_bytes` of them, or None and why not."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None, [Problem(name, 0, 0, "file not found")]
    except OSError as exc:
        return None, [Problem(name, 0, 0, f"cannot read the file: {exc.strerror or exc}")]
    if stat.S_ISDIR(info.st_mode):
        return None, [Problem(name, 0, 0, "this is a folder, not a file")]
    if not stat.S_ISREG(info.st_mode):
        return None, [Problem(name, 0, 0, "this is not a regular file (a pipe, socket or device); copy the data "
                                          "into a file and open that")]
    if info.st_size > max_bytes:
        return None, [_too_large(name, info.st_size, max_bytes)]
    try:
        with path.open("rb") as stream:
            raw = stream.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as exc:
        return None, [Problem(name, 0, 0, f"cannot read the file: {exc.strerror or exc}")]
    if len(raw) > max_bytes:
        return None, [_too_large(name, len(raw), max_bytes)]
    return raw, []


def _too_large(name: str, size: int, limit: int) -> Problem:
    return Problem(name, 0, 0, f"the file is {describe_size(size)}, over the limit of {describe_size(limit)} "
                               "for one file; split it into smaller files, or raise the limit "
                               "(--limit max-file-bytes=SIZE)")


def decode_text(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """`raw` decoded as UTF-8 (without its byte-order mark), or None and a located problem naming the likely
    encoding."""
    foreign = _foreign_format(raw)
    if foreign:
        return None, [Problem(name, 1, 1, foreign)]
    body = raw[3:] if raw.startswith(_BOM) else raw
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        offset = exc.start + len(raw) - len(body)
        line_start = raw.rfind(b"\n", 0, offset) + 1
        line = raw.count(b"\n", 0, offset) + 1
        column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
        if line == 1 and raw.startswith(b"\xef\xbb\xbf"):
            column -= 1  # the byte-order mark is not a character
        byte = raw[offset]
        guess = guess_encoding(raw)
        return None, [Problem(name, line, column, f"the file is not UTF-8 text: byte 0x{byte:02X} here cannot be read "
                                                  f"as UTF-8; it looks like {guess}; {_SAVE_AS}")]


def _foreign_format(raw: bytes) -> str:
    """A message when the bytes are plainly not UTF-8 text at all (another Unicode encoding, a spreadsheet)."""
    boms = ((b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"), (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
            (b"\xff\xfe", "UTF-16 (little-endian)"), (b"\xfe\xff", "UTF-16 (big-endian)"))
    for bom, encoding in boms:
        if raw.startswith(bom):
            return (f"the file is {encoding} text (it starts with that encoding's byte-order mark), not UTF-8; "
                    f"{_SAVE_AS}")
    head = raw[:4096]
    if head.startswith(b"PK\x03\x04"):
        return ("this is a ZIP archive (an Excel .xlsx or OpenDocument .ods spreadsheet?), not text; export the "
                "sheet as CSV UTF-8")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "this is an old-style Excel (.xls) or Office file, not text; export the sheet as CSV UTF-8"
    if len(head) >= 4 and head.count(0) * 4 >= len(head):
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 3 * even:
            return f"the file looks like UTF-16 (little-endian) text without a byte-order mark, not UTF-8; {_SAVE_AS}"
        if even > 3 * odd:
            return f"the file looks like UTF-16 (big-endian) text without a byte-order mark, not UTF-8; {_SAVE_AS}"
        return "the file holds many NUL bytes: it looks like a binary file, not text"
    controls = sum(head.count(code) for code in (*range(0x01, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f))
    if controls * 20 >= len(head) > 0:
        return "the file holds many control bytes: it looks like a binary file, not text"
    return ""


def guess_encoding(raw: bytes) -> str:
    """The likely 8-bit encoding of text that is not UTF-8, as words for a message.

    Cyrillic text is mostly words of letters that are all above 0x7F, while Western text has single accented
    letters among ASCII ones. Among Cyrillic encodings, lower-case letters (most of any text) lie in 0xE0-0xFF in
    Windows-1251 and in 0xC0-0xDF in KOI8-R.
    """
    sample = raw[: 1 << 20]
    high = [i for i, b in enumerate(sample) if b >= 0x80]
    if not high:
        return "an unknown encoding"
    in_runs = sum(1 for i in high
                  if (i > 0 and sample[i - 1] >= 0x80) or (i + 1 < len(sample) and sample[i + 1] >= 0x80))
    if in_runs * 2 >= len(high):
        upper = sum(1 for i in high if 0xC0 <= sample[i] <= 0xDF)
        lower = sum(1 for i in high if sample[i] >= 0xE0)
        if upper > lower:
            return "KOI8-R (Cyrillic)"
        return "Windows-1251 (Cyrillic)"
    if any(0x80 <= sample[i] <= 0x9F for i in high):
        return "Windows-1252 (Western European)"
    return "Latin-1 (ISO-8859-1, Western European)"


_C0_NAMES = ("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR", "SO", "SI",
             "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US")


def describe_char(char: str) -> str:
    """'U+00A0 NO-BREAK SPACE', 'U+0000 (NUL)' for a message."""
    code = ord(char)
    if code < 0x20:
        return f"U+{code:04X} ({_C0_NAMES[code]})"
    name = unicodedata.name(char, "")
    return f"U+{code:04X} {name}" if name else f"U+{code:04X}"


def control_characters(text: str, name: str, start: int = 0, end: int | None = None,
                       limit: int = 100) -> Iterator[Problem]:
    """A located problem for each character in text[start:end] that no text file should hold (at most `limit`)."""
    stop = len(text) if end is None else end
    ends_at_cr = "\r" in text
    line, counted = 1, 0  # the line breaks before `counted` (a control character's place: never inside a '\r\n')
    for count, match in enumerate(CONTROL.finditer(text, start, stop)):
        if count >= limit:
            return
        at = match.start()
        line += _breaks(text, counted, at, ends_at_cr)  # from the last one found: one pass over the text in all
        counted = at
        line_start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at) if ends_at_cr else -1) + 1
        column = at - line_start + 1
        yield Problem(name, line, column, f"the text holds {describe_char(match.group())}, a control character "
                                          "that a text file should not contain; delete it (or re-export the file)")


def _breaks(text: str, start: int, end: int, ends_at_cr: bool) -> int:
    """The line breaks in text[start:end], counted as YAML and the csv module end lines: '\\n', '\\r\\n' or a lone
    '\\r' (a file saved with old Mac line ends)."""
    found = text.count("\n", start, end)
    return found + text.count("\r", start, end) - text.count("\r\n", start, end) if ends_at_cr else found


class FileDigest:
    """The SHA-256 of a file's text (or its UTF-8 bytes), worked out in a thread of its own while the file is read
    (hashing lets go of the interpreter: at 300 MB it is half a second the reading need not wait for)."""

    def __init__(self, text: str | bytes):
        self._digest: hashlib._Hash | None = None
        self._thread = threading.Thread(target=self._work, args=(text,), name="kztimeline digest", daemon=True)
        self._thread.start()

    def _work(self, text: str | bytes) -> None:
        self._digest = hashlib.sha256(text) if isinstance(text, bytes) else text_digest(text)

    def result(self) -> hashlib._Hash:
        self._thread.join()
        assert self._digest is not None
        return self._digest.copy()


__all__ = ["CONTROL", "FileDigest", "control_characters", "control_problems", "decode_text", "describe_char",
           "guess_encoding", "is_utf8", "read_checked_bytes", "read_checked_text", "read_text_file", "text_digest"]
