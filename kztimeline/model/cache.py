"""A cache of checked datasets: reopening a file nothing has changed in skips parsing and checking.

After a load with no errors, `load_dataset` stores the dataset and its warnings in the user's cache folder
(`userdirs.cache_dir()/datasets`, one file per events file). The entry is used only when every input is as it was:

- the key: the SHA-256 of the events file's text, the format version of this cache, kztimeline's version and a
  digest of the model's and geography's code, the gazetteer's (a digest of its entries: the shipped CSV and the
  names the user geocoded online), the limits and the CSV column mapping in force;
- the inputs: the SHA-256 of every archived source (and captured original) the dataset read, each read again
  through the loader's own door (`sourcefiles`: inside the dataset's folder only), by the name the file gives.
  Nothing else is read: the names come from the entry, and they are names the loader read last time from an events
  file whose text has not changed since.

An entry that is truncated, corrupt, from another version or another program is ignored (and replaced by the
next clean load), never trusted: its body must carry the seal this user's kztimeline puts on what it writes (an
HMAC-SHA256 keyed by a random secret kept beside the entries, `seal.key`, readable by the user alone), and its
parts must decode into their types and agree with each other. What is sealed was written from a checked dataset
by this very code (the key holds the code's digest), so its events can be decoded when they are first asked for:
the dataset comes back with its columns (`columns.py`) and its events as rows (`lazyevents.LazyEvents`), and
reopening a million events reads a few arrays instead of building millions of objects. The source texts are not
stored (they are read to be checked anyway). Writes are atomic. Deleting the folder clears the cache and loses
nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable
from datetime import timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import msgspec
import numpy as np

from .. import __version__
from ..atomicwrite import AtomicWriteError, write_atomically
from ..geo.gazetteer import source_digest
from ..userdirs import cache_dir, sealed, unsealed
from .columns import attach, columns_of, from_bytes, to_bytes
from .entities import Dataset, Source
from .gcpause import paused_gc
from .lazyevents import LazyEvents, encode_rows
from .limits import Limits
from .problems import Problem
from .results import LoadResult
from .sourcefiles import read_source_bytes, read_source_file
from .textfile import FileDigest, read_text_file, text_digest

#: Changes whenever what an entry holds or means changes; an entry of another format is a miss.
FORMAT = 2
MAGIC = b"kztimeline dataset cache\n"


class _Input(msgspec.Struct, array_like=True, frozen=True):
    """One file besides the events file that the dataset was built from."""

    kind: str  # "text": an archived source (its text is the source's); "bytes": a captured original; "self": the
    #            events file itself, when it is a source (an ACLED CSV is the source of its notes)
    source_id: str
    name: str  # relative to the events file's folder, as the loader read it
    sha256: str


class _Head(msgspec.Struct, frozen=True):
    """What JSON keeps best (datetimes with their offsets): the dataset without its events, and its warnings."""

    dataset: Dataset
    problems: list[Problem]
    unlisted: int = 0  # warnings beyond those listed (LoadResult.unlisted)


class _Stored(msgspec.Struct, array_like=True, frozen=True):
    """A cache file's body (MessagePack)."""

    key: str
    name: str  # the name the problems were reported under (replaced by the name of this load)
    inputs: list[_Input]
    head: bytes  # a _Head in JSON
    columns: dict[str, bytes]  # columns.to_bytes
    categories: list[str]
    places: list[str]
    sources: list[str]
    events: bytes  # lazyevents.encode_rows
    offsets: bytes  # int64: each row's offset, and the end


@dataclasses.dataclass(frozen=True)
class _Entry:
    key: str
    name: str
    inputs: list[_Input]
    dataset: Dataset  # its events a LazyEvents, its columns attached by the lookup
    columns: object
    problems: list[Problem]
    unlisted: int = 0


def _enc(value: object) -> object:
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, timezone):
        offset = value.utcoffset(None)
        return offset.total_seconds() if offset is not None else 0.0
    raise NotImplementedError(f"cannot cache a {type(value).__name__}")


def _dec(kind: type, value: Any) -> object:
    if kind is Path and isinstance(value, str):
        return Path(value)
    if kind is timezone and isinstance(value, (int, float)) and abs(value) < 86400:
        return timezone(timedelta(seconds=value))
    raise NotImplementedError(f"not a {kind.__name__}")


_ENCODER = msgspec.json.Encoder(enc_hook=_enc)
_HEAD = msgspec.json.Decoder(_Head, dec_hook=_dec)
_STORED = msgspec.msgpack.Decoder(_Stored)
_PACK = msgspec.msgpack.Encoder()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """kztimeline's version and a digest of the code that reads and checks a dataset (model/ and geo/), so that a
    changed checker never serves what an older one built, even between version numbers."""
    digest = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    here = Path(__file__).parent
    for folder in (here, here.parent / "geo"):
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def gazetteer_digest() -> str:
    """The version of the gazetteer places are resolved with: a digest of the files the default gazetteer is built
    from, the shipped CSV and the names the user geocoded online (`gazetteer.source_digest`: read, not parsed, so that
    a dataset is looked up without loading the gazetteer); the gazetteer's code is in `code_digest`."""
    return source_digest()


def entry_path(path: Path) -> Path:
    """The cache file of an events file (one per file: a new clean load replaces the last)."""
    try:
        where = str(path.resolve())
    except (OSError, RuntimeError):
        where = str(path.absolute())
    return cache_dir() / "datasets" / (hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:40]
                                       + ".kzc")


def cache_key(text_sha256: str, suffix: str, limits: Limits, columns: object) -> str:
    """The key of everything an entry depends on but the source files (see the module's documentation), given the
    SHA-256 of the events file's text."""
    described = json.dumps({"text": text_sha256,
                            "suffix": suffix.lower(), "code": code_digest(), "gazetteer": gazetteer_digest(),
                            "limits": repr(limits), "columns": repr(columns)}, sort_keys=True)
    return hashlib.sha256(described.encode()).hexdigest()


def load_cached(path: Path, name: str, limits: Limits, columns: object, load: Loader,
                background: bool = False) -> LoadResult:
    """The result of `load()` for `path`, from the cache when nothing it was built from has changed; a clean
    result of `load()` is stored for next time, in a thread of its own when `background` (the window shows the
    dataset meanwhile: at a million events storing takes seconds; `wait_for_stores` waits for it). On a miss,
    `load` is given the file's text and its SHA-256, read and worked out here already (or, for a file with no
    entry at all, being worked out in a thread while it is parsed: hashing lets go of the interpreter)."""
    text, _problems = read_text_file(path, name, limits.max_file_bytes)
    if text is None:
        return load(None, None)  # which says why
    where = entry_path(path)
    digest: hashlib._Hash | FileDigest
    if where.is_file():
        digest = text_digest(text)
        key = cache_key(digest.hexdigest(), path.suffix, limits, columns)
        found = _lookup(where, key, path, name, text)
        if found is not None:
            _touch(where)  # used now: the last to go when the cache is pruned
            return found
    else:  # a miss whatever the digest (a file opened for the first time)
        digest = FileDigest(text)
    result = load(text, digest)
    del text
    if result.ok and result.dataset is not None:
        if isinstance(digest, FileDigest):
            key = cache_key(digest.result().hexdigest(), path.suffix, limits, columns)
        if background:
            go = threading.Event()
            # not a daemon, as a thread made in the window's QThread would be: the process waits for it at exit
            thread = threading.Thread(target=_store_when_released, args=(go, where, key, path, name, result),
                                      name="kztimeline cache store", daemon=False)
            with _STORING_LOCK:
                _STORING.append((thread, go))
            thread.start()
        else:
            _store(where, key, path, name, result)
    return result


#: What loads a file on a miss: given its text and the SHA-256 of it, or the thread working it out (None, None:
#: read it yourself).
Loader = Callable[[str | None, "hashlib._Hash | FileDigest | None"], LoadResult]

#: Stores started in the background, each with what releases it (a process waits for them at exit).
_STORING: list[tuple[threading.Thread, threading.Event]] = []
_STORING_LOCK = threading.Lock()
#: How long a store in the background waits for `release_stores` at most: encoding the entry is Python work that
#: would share the interpreter with building and painting the window (at 10,000 events a tenth of a second later).
STORE_DELAY_S = 2.0


def _store_when_released(go: threading.Event, where: Path, key: str, path: Path, name: str,
                         result: LoadResult) -> None:
    go.wait(STORE_DELAY_S)
    _store(where, key, path, name, result)


def release_stores() -> None:
    """Let the stores waiting in the background start now (the window has painted the dataset)."""
    with _STORING_LOCK:
        for _thread, go in _STORING:
            go.set()


def wait_for_stores() -> None:
    """Wait until every cache entry being stored in the background is written (released first)."""
    while True:
        with _STORING_LOCK:
            if not _STORING:
                return
            thread, go = _STORING.pop()
        go.set()
        thread.join()


def _lookup(where: Path, key: str, path: Path, name: str, text: str) -> LoadResult | None:
    try:
        blob = where.read_bytes()
    except OSError:
        return None
    entry = decode_entry(blob)
    if entry is None or entry.key != key:
        return None
    base = path.parent
    texts: dict[str, str] = {}
    originals: dict[str, Path] = {}
    for item in entry.inputs:
        if item.kind == "self":
            candidates = (text, text.replace("\r\n", "\n").replace("\r", "\n"))
            found = next((t for t in candidates if _sha(t.encode("utf-8", "surrogatepass")) == item.sha256), None)
            if found is None:
                return None
            texts[item.source_id] = found
            continue
        read = read_source_file(base, item.name) if item.kind == "text" else read_source_bytes(base, item.name)
        if read.problem or _sha(read.data) != item.sha256:
            return None
        if item.kind == "text":
            texts[item.source_id] = read.text
        else:
            originals[item.source_id] = read.path
    dataset = entry.dataset
    selves = {item.source_id for item in entry.inputs if item.kind == "self"}
    sources: dict[str, Source] = {}
    for source_id, source in dataset.sources.items():
        if source_id not in texts:
            return None
        if source_id in selves:
            from .acled import MTIME_BASIS, modified_time  # a CSV that is its own source (not at start-up)

            published = modified_time(path) if source.published_basis == MTIME_BASIS else source.published
            source = dataclasses.replace(source, file=path, published=published)
        else:
            source = dataclasses.replace(source, file=base / source.file)
        sources[source_id] = dataclasses.replace(source, text=texts[source_id], original=originals.get(source_id))
    dataset = dataclasses.replace(dataset, path=path, sources=sources)
    attach(dataset, entry.columns)  # type: ignore[arg-type]
    problems = [p if p.file != entry.name else dataclasses.replace(p, file=name) for p in entry.problems]
    return LoadResult(dataset, problems, entry.unlisted)


def decode_entry(blob: bytes) -> _Entry | None:
    """The entry a cache file holds, or None for anything else (truncated, corrupt, foreign, of another format, not
    sealed by this user's kztimeline)."""
    body = unsealed(cache_dir() / "datasets", MAGIC, blob)
    if body is None:
        return None
    try:
        stored = _STORED.decode(body)
        head = _HEAD.decode(stored.head)
        offsets = np.frombuffer(stored.offsets, dtype=np.int64)
        events = LazyEvents(stored.events, offsets)
        columns = from_bytes(stored.columns, stored.categories, stored.places, stored.sources, events)
        dataset = dataclasses.replace(head.dataset, events=events)
    except Exception:  # whatever a foreign or damaged file makes the decoders do, it is a miss
        return None
    return _Entry(stored.key, stored.name, stored.inputs, dataset, columns, head.problems, head.unlisted)


def _store(where: Path, key: str, path: Path, name: str, result: LoadResult) -> None:
    dataset = result.dataset
    assert dataset is not None
    base = path.parent
    inputs: list[_Input] = []
    sources: dict[str, Source] = {}
    for source_id, source in dataset.sources.items():
        if source.file == path:
            inputs.append(_Input("self", source_id, "", _sha(source.text.encode("utf-8", "surrogatepass"))))
            relative = Path("")
        else:
            try:
                relative = source.file.relative_to(base)
            except ValueError:
                return  # not a file the loader reads by a name inside the folder: do not cache what we cannot check
            read = read_source_file(base, relative.as_posix())
            if read.problem or read.text != source.text:
                return  # changed while it was being checked
            inputs.append(_Input("text", source_id, relative.as_posix(), _sha(read.data)))
        if source.original is not None:
            try:
                original = source.original.relative_to(base).as_posix()
            except ValueError:
                return
            raw = read_source_bytes(base, original)
            if raw.problem:
                return
            inputs.append(_Input("bytes", source_id, original, _sha(raw.data)))
        sources[source_id] = dataclasses.replace(source, text="", file=relative, original=None)
    shell = dataclasses.replace(dataset, sources=sources, path=None, events=())
    # encoding makes short-lived objects; collections meanwhile would scan the whole dataset, often
    with paused_gc():
        try:
            columns = columns_of(dataset)  # the views need them anyway: worked out now, they are kept with the entry
            rows, offsets = encode_rows(dataset.events)
            head = _ENCODER.encode(_Head(shell, list(result.problems), result.unlisted))
            body = _PACK.encode(_Stored(key, name, inputs, head, to_bytes(columns), list(columns.categories),
                                        list(columns.places), list(columns.sources), cast(bytes, rows),
                                        offsets.tobytes()))
            parts = sealed(cache_dir() / "datasets", MAGIC, body)
            if parts is None:
                return  # (a folder that cannot be written)
            where.parent.mkdir(parents=True, exist_ok=True)
            # no fsync: a cache entry a crash cuts short fails its seal and is rebuilt (and 300 MB at a million
            # events would wait for the disk); written in parts, not copied into one
            write_atomically(where, parts, mode=0o600, durable=False)
        except (AtomicWriteError, OSError, NotImplementedError, TypeError, ValueError, OverflowError):
            return  # a cache that cannot be written only costs time next time
    prune(where.parent, keep=where)


#: What the entries may take together (the least recently used go first), and how long one unused is kept: an entry
#: is some 300 bytes an event (300 MB at a million), and one is kept per file ever opened, also once it is deleted.
MAX_TOTAL_BYTES = 2 << 30
MAX_IDLE_SECONDS = 60 * 24 * 3600


def prune(folder: Path, keep: Path | None = None, max_bytes: int = MAX_TOTAL_BYTES,
          max_idle: float = MAX_IDLE_SECONDS) -> list[Path]:
    """Remove the entries (`*.kzc` regular files) of `folder` unused for `max_idle` seconds, and the least recently
    used beyond `max_bytes` together; never `keep` (the entry just written). Returns those removed."""
    entries: list[tuple[float, int, Path]] = []
    try:
        with os.scandir(folder) as found:
            for item in found:
                if item.name.endswith(".kzc") and item.is_file(follow_symlinks=False):
                    status = item.stat(follow_symlinks=False)
                    entries.append((status.st_mtime, status.st_size, Path(item.path)))
    except OSError:
        return []
    now, total, removed = time.time(), 0, []
    for used, size, entry in sorted(entries, key=lambda item: item[0], reverse=True):  # the most recent first
        total += size
        if entry != keep and (now - used > max_idle or total > max_bytes):
            try:
                entry.unlink()
            except OSError:
                continue
            removed.append(entry)
            total -= size
    return removed


def _touch(entry: Path) -> None:
    try:
        os.utime(entry)
    except OSError:
        pass


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


__all__ = ["FORMAT", "MAGIC", "MAX_IDLE_SECONDS", "MAX_TOTAL_BYTES", "cache_key", "code_digest", "decode_entry",
           "entry_path", "gazetteer_digest", "load_cached", "prune", "release_stores", "wait_for_stores"]
