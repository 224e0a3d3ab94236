"""Bulk work with the cyclic garbage collector paused.

Building a million rows, strings or lists makes millions of container objects and no cyclic garbage; meanwhile the
collector would run again and again, each full pass scanning everything alive (reading every event's search fields
took 6 s with it, 1.5 s without). Reference counting still frees what is dropped.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_depth = 0  # blocks inside paused_gc now, in any thread (the cache is stored in a thread of its own)
_collecting = True  # whether the collector ran before the first of them


@contextmanager
def paused_gc() -> Iterator[None]:
    """The collector off inside the block, and as it was once the last block running in any thread ends."""
    global _depth, _collecting
    with _LOCK:
        if _depth == 0:
            _collecting = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _LOCK:
            _depth -= 1
            if _depth == 0 and _collecting:
                to_oldest()
                gc.enable()


def to_oldest() -> None:
    """Put every object the collector tracks in its oldest generation (frozen, then thawed: whole lists are moved, at
    no cost per object). What a paused block made is mostly kept for long, a dataset or the window; left young, the
    next collections scanned all of it, as the youngest generation and again as the middle one, charged to whatever
    ran next, a first paint or a keystroke (100,000 events: some 0.15 s; a million: seconds). In the oldest generation
    only a full collection scans it, as it does the rest of the program's long-lived objects, and cyclic garbage is
    still found there: nothing is left out of the collector for good."""
    gc.freeze()
    gc.unfreeze()


__all__ = ["paused_gc", "to_oldest"]
