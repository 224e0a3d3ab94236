"""The cache of checked datasets: used when nothing changed, missed when anything did, never trusted when damaged."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest

from kztimeline.model import cache
from kztimeline.model.limits import DEFAULT_LIMITS
from kztimeline.model.loader import load_dataset
from kztimeline.model.synth import write_synth
from kztimeline.userdirs import cache_dir

from conftest import DATA


@pytest.fixture
def synth(tmp_path) -> Path:
    return write_synth(60, tmp_path / "events.yaml", places=6)


@pytest.fixture
def spy(monkeypatch):
    """Counts the loads that really parse and check (a cache hit makes none)."""
    calls = []
    real = load_dataset.__globals__["load_text"]

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setitem(load_dataset.__globals__, "load_text", counting)
    return calls


def same(a, b) -> None:
    assert a.dataset == b.dataset
    assert repr(a.dataset) == repr(b.dataset)  # time zones and paths too, which == does not compare
    assert a.problems == b.problems


def test_the_cache_folder_follows_the_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("KZTIMELINE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KZTIMELINE_CACHE_DIR", raising=False)
    assert cache_dir() == tmp_path / "data" / "cache"
    monkeypatch.setenv("KZTIMELINE_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert cache_dir() == tmp_path / "elsewhere"
    assert cache.entry_path(tmp_path / "x.yaml").parent == tmp_path / "elsewhere" / "datasets"


def test_reopening_an_unchanged_file_uses_the_cache(synth, spy):
    first = load_dataset(synth)
    assert first.ok and len(spy) == 1
    assert cache.entry_path(synth).is_file()
    second = load_dataset(synth)
    assert len(spy) == 1  # nothing parsed or checked again
    same(second, first)
    same(second, load_dataset(synth, cache=False))
    event = second.dataset.events[0]
    source = second.dataset.sources[event.excerpts[0].source_id]
    assert source.text[event.excerpts[0].match.start:event.excerpts[0].match.end] == event.excerpts[0].quote


def test_warnings_come_back_from_the_cache_under_this_load_s_name(tmp_path, spy):
    path = write_synth(20, tmp_path / "events.yaml", places=5)
    text = path.read_text(encoding="utf-8")
    source, quote = "s0", None
    for line in text.splitlines():
        if "source: s0, quote: '" in line:
            quote = line.split("quote: '")[1].split("'")[0]
            break
    assert quote
    short = "(report 7)."  # two words, and only once in the source
    path.write_text(text.replace(f"quote: '{quote}'", f"quote: '{short}'", 1), encoding="utf-8")
    first = load_dataset(path, display_name="first.yaml")
    assert first.ok and first.warnings, first.problems[:3]
    second = load_dataset(path, display_name="second.yaml")
    assert len(spy) == 1
    assert [dataclasses.replace(p, file="first.yaml") for p in second.warnings] == first.warnings
    assert all(p.file == "second.yaml" for p in second.warnings)
    assert source in second.dataset.sources


@pytest.mark.parametrize("change", ["events", "source", "limits", "code", "gazetteer"])
def test_any_change_to_any_input_misses(synth, spy, monkeypatch, change):
    load_dataset(synth)
    limits = DEFAULT_LIMITS
    if change == "events":
        synth.write_text(synth.read_text(encoding="utf-8").replace("Synthetic benchmark dataset", "Changed"),
                         encoding="utf-8")
    elif change == "source":
        report = next((synth.parent / "events.sources").iterdir())
        report.write_text(report.read_text(encoding="utf-8") + "One more line.\n", encoding="utf-8")
    elif change == "limits":
        limits = DEFAULT_LIMITS.override("max-rows", "150000")
    elif change == "code":
        monkeypatch.setattr(cache, "code_digest", lambda: "another version")
    else:
        monkeypatch.setattr(cache, "gazetteer_digest", lambda *args: "another gazetteer")
    again = load_dataset(synth, limits=limits)
    assert len(spy) == 2
    same(again, load_dataset(synth, limits=limits, cache=False))
    if change == "events":
        assert again.dataset.title == "Changed"


def test_a_source_that_went_missing_is_reported_not_served(synth, spy):
    load_dataset(synth)
    report = next((synth.parent / "events.sources").iterdir())
    report.unlink()
    again = load_dataset(synth)
    assert len(spy) == 2 and not again.ok
    assert any("not found" in p.message for p in again.errors)


def test_an_error_is_not_cached(tmp_path, spy):
    path = write_synth(10, tmp_path / "events.yaml", places=5)
    path.write_text(path.read_text(encoding="utf-8").replace("places: [p", "places: [nowhere", 1), encoding="utf-8")
    assert not load_dataset(path).ok
    assert not cache.entry_path(path).exists()
    assert not load_dataset(path).ok and len(spy) == 2


def damaged(blob: bytes) -> dict[str, bytes]:
    header = len(cache.MAGIC) + 32
    body = blob[header:]
    import hashlib

    def sealed(payload: bytes) -> bytes:  # a well-formed header over a body that is not ours
        return cache.MAGIC + hashlib.sha256(payload).digest() + payload

    return {
        "empty": b"",
        "truncated": blob[: len(blob) // 2],
        "header only": blob[:header],
        "flipped byte": blob[:header + 10] + bytes([blob[header + 10] ^ 0x20]) + blob[header + 11:],
        "foreign": b"\x89PNG\r\n\x1a\n" + os.urandom(64),
        "other format": blob.replace(cache.MAGIC, b"kztimeline dataset cache 2\n", 1),
        "sealed garbage": sealed(b"{\"key\": 1}"),
        "sealed wrong types": sealed(body.replace(b'"events":[', b'"events":[1,', 1)),
        "sealed other key": sealed(body.replace(b'"key":"', b'"key":"0', 1)),
    }


@pytest.mark.parametrize("case", list(damaged(b"x" * 200)))
def test_a_damaged_or_foreign_cache_file_is_ignored_and_rebuilt(synth, spy, case):
    good = load_dataset(synth)
    where = cache.entry_path(synth)
    where.write_bytes(damaged(where.read_bytes())[case])
    again = load_dataset(synth)
    assert len(spy) == 2  # checked again, not served from the damaged file
    same(again, good)
    assert cache.decode_entry(where.read_bytes()) is not None  # and rebuilt
    load_dataset(synth)
    assert len(spy) == 2


def test_a_cache_that_cannot_be_written_only_costs_time(synth, spy, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("KZTIMELINE_CACHE_DIR", str(blocker))
    assert load_dataset(synth).ok
    assert load_dataset(synth).ok and len(spy) == 2


def test_the_cache_reads_only_what_the_loader_reads(synth, spy, monkeypatch):
    load_dataset(synth)
    from kztimeline.model import sourcefiles

    read = []
    real = sourcefiles.read_source_file

    def watching(folder, name, *args):
        read.append(name)
        return real(folder, name, *args)

    monkeypatch.setattr(cache, "read_source_file", watching)
    load_dataset(synth)
    assert len(spy) == 1
    text = synth.read_text(encoding="utf-8")
    assert read and all(f"file: {name}" in text for name in read)


def test_a_moved_dataset_points_at_its_new_folder(synth, tmp_path, spy):
    load_dataset(synth)
    entry = cache.entry_path(synth).read_bytes()
    moved = tmp_path / "moved"
    (synth.parent / "events.sources").rename(tmp_path / "keep")
    moved.mkdir()
    (tmp_path / "keep").rename(moved / "events.sources")
    synth.rename(moved / "events.yaml")
    cache.entry_path(moved / "events.yaml").write_bytes(entry)  # as if cached there
    again = load_dataset(moved / "events.yaml")
    assert len(spy) == 1
    assert all(s.file.parent.parent == moved for s in again.dataset.sources.values())
    assert again.dataset.path == moved / "events.yaml"


def test_an_acled_csv_is_cached_too(tmp_path):
    from kztimeline.model.loader import ACLED_LAYOUT

    rows = [",".join(ACLED_LAYOUT)]
    for n in range(5):
        rows.append(f"2022-01-0{n + 1},Almaty,43.25,76.95,Protests,\"Protesters gathered in the square {n}\",X")
    path = tmp_path / "acled.csv"
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    first = load_dataset(path)
    assert first.ok, first.problems[:3]
    assert cache.entry_path(path).is_file()
    second = load_dataset(path)
    same(second, first)
    assert second.dataset.sources["csv"].file == path


def test_a_name_geocoded_online_changes_the_gazetteer_s_version(monkeypatch):
    import json

    from kztimeline.geo import gazetteer
    from kztimeline.geo.geocache import cache_path

    gazetteer.default_gazetteer.cache_clear()
    before = cache.gazetteer_digest()
    assert cache.gazetteer_digest() == before
    cache_path().parent.mkdir(parents=True, exist_ok=True)
    cache_path().write_text(json.dumps({"drammen": {"query": "Drammen", "lat": "59.74", "lon": "10.2",
                                                    "display_name": "Drammen, Norway"}}), encoding="utf-8")
    gazetteer.default_gazetteer.cache_clear()  # as in the next process
    try:
        assert cache.gazetteer_digest() != before
    finally:
        cache_path().unlink()
        gazetteer.default_gazetteer.cache_clear()



def test_an_entry_stored_later_is_there_once_stored(synth):
    from kztimeline.model.cache import wait_for_stores
    from kztimeline.model.lazyevents import LazyEvents

    first = load_dataset(synth, store_later=True)
    wait_for_stores()
    second = load_dataset(synth)
    assert isinstance(second.dataset.events, LazyEvents)
    same(second, first)


def test_an_entry_stored_later_waits_to_be_released(synth, monkeypatch):
    """A store in the background starts when released (the window has painted), not while the window is built;
    waiting for the stores releases them."""
    import time

    from kztimeline.model import cache

    monkeypatch.setattr(cache, "STORE_DELAY_S", 30.0)
    load_dataset(synth, store_later=True)
    time.sleep(0.3)
    assert not cache.entry_path(synth).exists()
    cache.release_stores()
    deadline = time.monotonic() + 10
    while not cache.entry_path(synth).exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert cache.entry_path(synth).exists()
    cache.wait_for_stores()

    cache.entry_path(synth).unlink()
    load_dataset(synth, store_later=True)
    cache.wait_for_stores()  # released, then waited for: no 30 s wait
    assert cache.entry_path(synth).exists()


def test_a_store_started_by_a_daemon_thread_is_waited_for_at_exit(synth):
    """The window loads in a QThread, whose threads Python makes daemons unless told: the store is not one, so that
    the process waits for it at exit instead of dropping the entry."""
    import threading

    from kztimeline.model import cache

    loader = threading.Thread(target=load_dataset, args=(synth,), kwargs={"store_later": True}, daemon=True)
    loader.start()
    loader.join()
    with cache._STORING_LOCK:
        stores = [thread for thread, _go in cache._STORING]
    assert stores and not any(thread.daemon for thread in stores)
    cache.wait_for_stores()


def test_the_collector_pause_is_shared_by_threads():
    """Two threads' pauses overlapping leave the collector as it was before the first (the cache is stored in a
    thread while the window's thread may pause it too)."""
    import gc
    import threading

    from kztimeline.model.gcpause import paused_gc

    assert gc.isenabled()
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with paused_gc():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    with paused_gc():
        thread.start()
        inside.wait(5)
    assert not gc.isenabled()  # the other thread's pause goes on
    release.set()
    thread.join()
    assert gc.isenabled()


def test_a_miss_hands_the_load_the_text_it_read_and_the_load_still_refuses_control_characters(tmp_path):
    """On a miss the loader is given the text the lookup read (and its digest), not reading the file again; the
    control characters it holds are still each reported."""
    path = tmp_path / "events.yaml"
    path.write_text((DATA / "minimal.yaml").read_text(encoding="utf-8").replace("title: Protests", "title: Pro\x07"),
                    encoding="utf-8")
    result = load_dataset(path)
    assert not result.ok and any("control character" in p.message for p in result.problems)


def test_what_a_paused_block_made_waits_in_the_oldest_generation_and_its_cycles_are_still_collected():
    """A load's objects go straight to the collector's oldest generation (no young collection scans them just after
    the load, at the first paint or keystroke); nothing is frozen for good, so cyclic garbage among them is found."""
    import gc

    from kztimeline.model.gcpause import paused_gc

    assert gc.isenabled()
    gc.collect()
    with paused_gc():
        kept = [[index] for index in range(50_000)]
        cycle: list[object] = []
        cycle.append(cycle)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    young = gc.get_objects(generation=0) + gc.get_objects(generation=1)
    assert not any(item is kept or item is cycle for item in young)  # already in the oldest generation
    assert any(item is kept for item in gc.get_objects(generation=2))
    del cycle
    assert gc.collect() >= 1  # the cycle, found by a full collection
    assert len(kept) == 50_000


def _entry(folder: Path, name: str, size: int, days_ago: float) -> Path:
    path = folder / f"{name}.kzc"
    path.write_bytes(b"x" * size)
    when = time.time() - days_ago * 86400
    os.utime(path, (when, when))
    return path


def test_pruning_removes_entries_unused_for_long_and_the_least_recently_used_beyond_the_size(tmp_path):
    folder = tmp_path / "datasets"
    folder.mkdir()
    new, recent, older, stale = (_entry(folder, name, 400, days) for name, days in
                                 (("new", 0), ("recent", 1), ("older", 5), ("stale", 90)))
    other = folder / "seal.key"
    other.write_bytes(b"k" * 5000)  # not an entry: never removed
    linked = folder / "linked.kzc"
    linked.symlink_to(other)  # not a regular file: never followed nor removed
    removed = cache.prune(folder, keep=new, max_bytes=1000)
    assert sorted(removed) == sorted([older, stale])  # stale by age; older by size (new + recent = 800 bytes)
    assert new.exists() and recent.exists() and other.exists() and linked.is_symlink()
    assert cache.prune(folder, keep=recent, max_bytes=100) == [new]  # the entry just written stays, whatever its size


def test_an_entry_used_is_kept_and_storing_prunes_the_stale_ones(synth):
    assert load_dataset(synth).ok  # stored
    folder = cache.entry_path(synth).parent
    stale = _entry(folder, "0" * 40, 100, 90)
    used = cache.entry_path(synth)
    when = time.time() - 30 * 86400
    os.utime(used, (when, when))
    assert load_dataset(synth).ok  # from the cache: marked as used now
    assert time.time() - used.stat().st_mtime < 60
    assert stale.exists()  # a hit stores nothing, so prunes nothing
    synth.write_text(synth.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    assert load_dataset(synth).ok  # changed: stored again, and the stale entry pruned
    assert not stale.exists() and used.exists()
