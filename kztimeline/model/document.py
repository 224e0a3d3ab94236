"""An events file open for editing: its round-trip tree, what it says now, checks, and safe saving.

The app's editor and `kztimeline source add` work on an `EventsDocument`: edit commands (`commands.py`) change its
tree, `text()` gives the file as it would be saved (unchanged lines byte for byte as they were), `check()` runs the
same checks as `kztimeline check` on that text, and `save()` writes it so that a crash or a full disk never leaves
half a file, keeps the previous version as `events.yaml.bak`, and refuses to overwrite a file someone else changed
since it was opened (`ChangedOnDisk`: the app offers Reload, Overwrite or Save As).

Plain Python, no Qt: the GUI wraps the commands in its undo stack and calls these methods.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..atomicwrite import AtomicWriteError, write_atomically
from ..geo.gazetteer import Gazetteer
from .dates import parse_offset
from .loader import load_text
from .results import LoadResult
from .roundtrip import RoundTripError, dump, flow_map, merge_layout, parse, timestamp

#: Where archived sources go, relative to the events file's folder.
SOURCES_DIR = "resources/sources"
BACKUP_SUFFIX = ".bak"


class DocumentError(Exception):
    """Something the user must be told in one line (unreadable file, unwritable folder, bad YAML)."""


class ChangedOnDisk(DocumentError):
    """The file on disk is not the one this document was opened from or last saved to.

    `expected` is the SHA-256 of the bytes read or written last (None for a new document never saved), `found`
    that of the bytes on disk now (None when the file is gone). Offer Reload, Overwrite (`save(force=True)`) or
    Save As."""

    def __init__(self, path: Path, expected: str | None, found: str | None):
        what = "was deleted" if found is None else ("was created by someone else" if expected is None
                                                    else "was changed by another program")
        super().__init__(f"'{path}' {what} since it was opened; reload it, overwrite it, or save under another "
                         "name")
        self.path, self.expected, self.found = path, expected, found


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class EventsDocument:
    """One events.yaml being edited. Create with `open` or `new`; change `tree` only through commands."""

    def __init__(self, path: Path, original: str, tree: CommentedMap, disk_hash: str | None,
                 newline: str = "\n", bom: str = ""):
        self.path = path
        self.tree = tree
        self._newline, self._bom = newline, bom  # written back as the file had them
        self._original = original  # the text last read or written
        self._dumped = dump(tree)  # ruamel's dump of the tree as it was then
        self._disk_hash = disk_hash
        self._cache: tuple[str, str] | None = None  # (dump, merged text) of the last text() call

    # --- opening -------------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path) -> EventsDocument:
        """Read `path` for editing; DocumentError with one line if it cannot be read or is not a YAML mapping.
        (Content problems are not errors here: `check()` lists them, and the user may be opening it to fix them.)"""
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise DocumentError(f"cannot open '{path}': {exc.strerror or exc}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise DocumentError(f"{path}:{line}: the file is not UTF-8 text") from None
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        newline = "\r\n" if "\r\n" in text else "\n"
        text = text[len(bom):].replace("\r\n", "\n")  # edited as "\n"; saved with the file's own line ends
        try:
            tree = parse(text)
        except RoundTripError as exc:
            raise DocumentError(f"{path}: {exc}") from None
        if not isinstance(tree, CommentedMap):
            raise DocumentError(f"{path}: the file must be a mapping with title, period, places, sources and events "
                                "at its top")
        return cls(path, text, tree, sha256_hex(raw), newline, bom)

    @classmethod
    def new(cls, folder: str | Path, title: str, start: date, end: date, timezone: str = "+06:00",
            name: str = "events.yaml") -> EventsDocument:
        """A new, empty dataset `folder/name` (written on the first `save`), with `folder/resources/sources/`
        created for the archived sources. Refuses a folder that already has that file: open it instead."""
        folder = Path(folder)
        path = folder / name
        if not title.strip():
            raise DocumentError("a dataset needs a title")
        if end < start:
            raise DocumentError(f"the period ends ({end}) before it starts ({start})")
        try:
            parse_offset(timezone)
        except ValueError as exc:
            raise DocumentError(f"time zone: {exc}") from None
        if path.exists():
            raise DocumentError(f"'{path}' already exists; open it instead")
        try:
            (folder / SOURCES_DIR).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DocumentError(f"cannot create '{folder / SOURCES_DIR}': {exc.strerror or exc}") from None
        tree = CommentedMap()
        tree["title"] = title.strip()
        tree["period"] = flow_map(start=timestamp(start), end=timestamp(end),
                                  timezone=DoubleQuotedScalarString(timezone))
        for key in ("categories", "places", "sources", "events"):
            tree[key] = flow_map() if key == "categories" else _empty_seq()
        return cls(path, dump(tree), tree, None)

    # --- reading -------------------------------------------------------------------------------------------------

    @property
    def folder(self) -> Path:
        """The folder `file:` paths are relative to."""
        return self.path.parent

    @property
    def sources_folder(self) -> Path:
        return self.folder / SOURCES_DIR

    def text(self) -> str:
        """The file as `save()` would write it: lines no edit touched are byte for byte as they were."""
        now = dump(self.tree)
        if self._cache is None or self._cache[0] != now:
            try:
                self._cache = (now, merge_layout(self._original, self._dumped, now))
            except RoundTripError as exc:
                raise DocumentError(f"an edit made the file unreadable ({exc}); undo it") from None
        return self._cache[1]

    def event_fields(self, event_id: str) -> dict[str, Any]:
        """An event's keys and values as plain Python (text, numbers, lists, dicts), as they stand in the file:
        what an editor shows before the user changes it. Dates are their ISO text. KeyError when there is none."""
        events, index = self.find_event(event_id)
        value = plain(events[index])
        assert isinstance(value, dict)
        return value

    @property
    def modified(self) -> bool:
        """True when saving would change the file (an edit undone is not a modification)."""
        return self._disk_hash is None or self.text() != self._original

    def check(self, gazetteer: Gazetteer | None = None) -> LoadResult:
        """Everything `kztimeline check` checks, on the text as it stands now (archived sources read from disk)."""
        return load_text(self.text(), self.path, self.path.name, gazetteer)

    def changed_on_disk(self) -> bool:
        """Whether the file on disk differs from the one last read or written (for a 'file changed' prompt)."""
        return _disk_hash(self.path) != self._disk_hash

    # --- saving --------------------------------------------------------------------------------------------------

    def save(self, force: bool = False) -> None:
        """Write the file atomically, keeping the previous version as `<name>.bak`.

        Raises ChangedOnDisk when someone else changed (or created, or deleted) the file since it was read or last
        saved, unless `force` (the user chose Overwrite); DocumentError with one line when it cannot be written.
        """
        found = _disk_hash(self.path)
        if not force and found != self._disk_hash:
            raise ChangedOnDisk(self.path, self._disk_hash, found)
        self._write(self.path)

    def save_as(self, path: str | Path) -> None:
        """Write to `path` (overwriting it, with a backup: the file dialog has asked) and keep editing that file.

        The archived source files the dataset names are copied beside it (same relative paths) when `path` is in
        another folder, so the saved dataset still checks; a different file already standing there is an error."""
        path = Path(path)
        if path.parent.resolve() != self.folder.resolve():
            self._copy_sources(path.parent)
        self._write(path)
        self.path = path

    def _write(self, path: Path) -> None:
        text = self.text()
        data = (self._bom + text.replace("\n", self._newline)).encode("utf-8")
        write_atomic(path, data, backup=True)
        self._original, self._dumped, self._disk_hash = text, dump(self.tree), sha256_hex(data)
        self._cache = None

    def _copy_sources(self, target: Path) -> None:
        for name in self.source_files():
            origin, copy = self.folder / name, target / name
            if not origin.is_file():
                continue  # check() reports it
            if copy.exists():
                if copy.read_bytes() != origin.read_bytes():
                    raise DocumentError(f"cannot save into {target}: it already has a different '{name}'")
                continue
            try:
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, copy)
            except OSError as exc:
                raise DocumentError(f"cannot copy '{name}' to {target}: {exc.strerror or exc}") from None

    def source_files(self) -> list[str]:
        """The relative file names the sources give (`file` and `original.file`)."""
        names: list[str] = []
        for source in self.tree.get("sources") or ():
            if not isinstance(source, CommentedMap):
                continue
            original = source.get("original")
            for name in (source.get("file"), original.get("file") if isinstance(original, CommentedMap) else None):
                if isinstance(name, str) and name not in names:
                    names.append(name)
        return names

    # --- helpers for commands ------------------------------------------------------------------------------------

    def section(self, key: str) -> Any:
        """The top-level value `key` (None when absent)."""
        return self.tree.get(key)

    def event_ids(self) -> list[str]:
        return _ids(self.tree.get("events"))

    def source_ids(self) -> list[str]:
        return _ids(self.tree.get("sources"))

    def place_ids(self) -> list[str]:
        return _ids(self.tree.get("places"))

    def find_event(self, event_id: str) -> tuple[CommentedSeq, int]:
        """The events list and the index of event `event_id`; KeyError with a message when there is none."""
        events = self.tree.get("events")
        if isinstance(events, CommentedSeq):
            for index, item in enumerate(events):
                if isinstance(item, CommentedMap) and item.get("id") == event_id:
                    return events, index
        raise KeyError(f"no event '{event_id}'")


def plain(node: Any) -> Any:
    """A ruamel value as plain Python: dict, list, str (dates included: their text), int, float, bool, None."""
    if isinstance(node, dict):
        return {str(key): plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(value) for value in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)


def _ids(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item]


def _empty_seq() -> CommentedSeq:
    seq = CommentedSeq()
    seq.fa.set_flow_style()
    return seq


def _disk_hash(path: Path) -> str | None:
    try:
        return sha256_hex(path.read_bytes())
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DocumentError(f"cannot read '{path}': {exc.strerror or exc}") from None


def write_atomic(path: Path, data: bytes, backup: bool = False) -> None:
    """Write `data` to `path` so that it holds either the old or the new bytes, whatever happens (`atomicwrite`).

    With `backup`, the previous file is first kept as `<name>.bak` the same way. DocumentError says why a write
    failed."""
    try:
        if backup and path.is_file():
            write_atomically(path.with_name(path.name + BACKUP_SUFFIX), path.read_bytes())
        write_atomically(path, data)
    except AtomicWriteError as exc:
        raise DocumentError(str(exc)) from None
    except OSError as exc:  # reading the previous version for the backup
        raise DocumentError(f"cannot write '{path}': {exc.strerror or exc}") from None
