"""A change of the place filter at N events: the selection's mask from its per-place index, against the per-event
pass it replaced (each event's places tested in Python), measured in the same run. No Qt.

    python benchmarks/place_filter.py                 # N = 200,000 events at 50 places
    python benchmarks/place_filter.py --events 1000000 --json

Reports, per number of places filtered, the best of five of each way (`index_s`, `per_event_s`) and their ratio,
and what building the index costs once per dataset (`index_build_s`, also as a ratio to one per-event pass).
Events are at one place, one in twenty at two, as in the synthetic datasets.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from kztimeline.model import load_dataset
from kztimeline.model.entities import Dataset, Place
from kztimeline.model.selection import Selection

MINIMAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "minimal.yaml"


def dataset(count: int, places: int, seed: int = 1) -> Dataset:
    rng = random.Random(seed)
    base = load_dataset(MINIMAL).dataset
    ids = [f"p{i}" for i in range(places)]
    event = base.events[0]
    events = [replace(event, id=f"e{n}", place_ids=tuple(rng.sample(ids, 1 if rng.random() < 0.95 else 2)))
              for n in range(count)]
    return replace(base, places={p: Place(p, p.upper(), "city") for p in ids}, events=events)


def best(run: Callable[[], object], times: int = 5) -> float:
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        spent.append(time.perf_counter() - start)
    return min(spent)


def per_event(data: Dataset, chosen: list[str]) -> np.ndarray:
    """The former way, widened to several places: every event's places tested in Python."""
    return np.fromiter((any(p in e.place_ids for p in chosen) for e in data.events), bool, len(data.events))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--places", type=int, default=50)
    parser.add_argument("--json", action="store_true", help="one JSON object as the last line")
    args = parser.parse_args()
    data = dataset(args.events, args.places)
    selection = Selection(data)

    def build() -> None:
        selection.set_dataset(data)
        selection.filter_to_place("p0")
        selection.passing_mask()

    report: dict[str, object] = {"events": args.events, "places": args.places,
                                 "index_build_s": best(build, 3), "filters": []}
    one_pass = best(lambda: per_event(data, ["p0"]))
    report["index_build_vs_one_pass"] = report["index_build_s"] / one_pass  # type: ignore[operator]
    for size in (1, 2, 10):
        chosen = [f"p{i}" for i in range(1, size + 1)]

        def change(chosen: list[str] = chosen) -> np.ndarray | None:
            selection.clear_place_filter()
            selection.set_place_filter(chosen)
            return selection.passing_mask()

        mask = change()
        assert mask is not None and (mask == per_event(data, chosen)).all()
        index_s, per_event_s = best(change), best(lambda chosen=chosen: per_event(data, chosen))
        report["filters"].append({"places": size, "index_s": index_s, "per_event_s": per_event_s,  # type: ignore
                                  "ratio": per_event_s / index_s})
        print(f"{size:3d} place(s): index {index_s * 1e3:8.2f} ms, per event {per_event_s * 1e3:8.1f} ms, "
              f"{per_event_s / index_s:,.0f}x faster")
    print(f"index, once per dataset: {report['index_build_s'] * 1e3:.0f} ms "  # type: ignore[operator]
          f"= {report['index_build_vs_one_pass']:.1f}x one per-event pass")
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
