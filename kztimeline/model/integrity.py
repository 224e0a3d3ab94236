"""Captured sources stay as captured: the SHA-256 recorded at capture is checked on every load.

A source captured in the app (or with `kztimeline source add`) records in events.yaml:

    sha256: <hex>          # of the archived text (`file:`), the text quotes are checked against
    captured: 2026-12-02T02:31:07+00:00
    original: {file: resources/sources/x.html, sha256: <hex>}   # the bytes as received, when not `file` itself

An archived file edited after capture (by hand, by an editor that "fixed" its line endings, by a bad merge) would
make every quote check against a text nobody captured; the hash turns that into an error naming the file and both
hashes. `original` is optional: a text file added as it is, or pasted text, is its own original.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

from .dates import parse_when_value
from .schema import Reader
from .sourcefiles import read_source_bytes
from .yamlnodes import LMap

CAPTURE_KEYS = ("sha256", "captured", "original")
ORIGINAL_KEYS = ("file", "sha256")
_HEX = re.compile(r"[0-9a-f]{64}")


def check_capture(reader: Reader, item: LMap, where: str, base: Path, text: str | None) -> tuple[
        datetime | None, Path | None]:
    """Check a source's `sha256` (against `text`, the archived text as read, whose UTF-8 bytes are the file's),
    `captured` and `original`; returns the capture time and the original's path (None when not given)."""
    if "sha256" in item and text:
        _compare(reader, item, where, str(item.get("file")), text.encode("utf-8"))
    captured = _captured(reader, item, where)
    original = item.get("original")
    if original is None:
        return captured, None
    if not isinstance(original, LMap):
        reader.report(item.at("original"), "expected a mapping {file: PATH, sha256: HEX}", field=f"{where}.original")
        return captured, None
    reader.check_keys(original, ORIGINAL_KEYS, ("file",), where=f"{where}.original")
    name = reader.text(original, "file", where=f"{where}.original")
    if not name:
        return captured, None
    read = read_source_bytes(base, name)
    if read.problem:
        reader.report(original.at("file"), read.problem, field=f"{where}.original.file")
    elif "sha256" in original:
        _compare(reader, original, f"{where}.original", name, read.data)
    return captured, read.path


def _compare(reader: Reader, mapping: LMap, where: str, name: str, data: bytes) -> None:
    recorded = mapping.get("sha256")
    if not isinstance(recorded, str) or not _HEX.fullmatch(recorded):
        reader.report(mapping.at("sha256"), f"'{recorded}' is not a SHA-256 (64 lowercase hexadecimal digits)",
                      field=f"{where}.sha256")
        return
    actual = hashlib.sha256(data).hexdigest()
    if actual != recorded:
        reader.report(mapping.at("sha256"), f"'{name}' changed after it was captured: its SHA-256 is now {actual}, "
                      f"recorded {recorded}; restore the captured file or capture the source again",
                      field=f"{where}.sha256")


def _captured(reader: Reader, item: LMap, where: str) -> datetime | None:
    if "captured" not in item:
        return None
    try:
        value = parse_when_value(item["captured"])
    except ValueError as exc:
        reader.report(item.at("captured"), str(exc), field=f"{where}.captured")
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        reader.report(item.at("captured"), f"'{item['captured']}' needs a time and UTC offset (ISO 8601, e.g. "
                      "2026-12-02T02:31:07+00:00)", field=f"{where}.captured")
        return None
    return value
