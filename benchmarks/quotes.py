"""Quote verification against one long source: N events, each quoting its own line of one source file of N lines
(about 200 characters each, as the peer benchmark's data in ../shared/bench-peers: 10,000 events, one 2 MB source).

    python benchmarks/quotes.py                    # N = 1,000 and 10,000, with and without the one-pass index
    python benchmarks/quotes.py --sizes 1000,10000,100000 --json
    python benchmarks/quotes.py --source-lines 10000  # 1,000 and 10,000 quotes of the same 2 MB source

Reports, per N, the load and check time with the quote index (`indexed_s`) and with every quote sought on its own
through the whole text as before (`per_quote_s`, the index switched off), measured in the same run. With the index
the time grows with N (the source grows with N too); without it, with N squared.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path


def write_dataset(count: int, folder: Path, seed: int = 20220101, lines_at_least: int = 0) -> Path:
    """N events quoting the first N of max(N, lines_at_least) source lines."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefghijklmnoprstuvy") for _ in range(rng.randint(2, 9))) for _ in range(3000)]
    lines = []
    for n in range(max(count, lines_at_least)):
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < 200:
            words.append(rng.choice(vocabulary))
        lines.append(" ".join(words).capitalize() + f" (item {n}).")
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / "all.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = ["title: One long source", "period: {start: 2022-01-01, end: 2022-01-31, timezone: '+00:00'}",
           "places:", "  - {id: oslo, name: Oslo, kind: city, lat: 59.91, lon: 10.75}", "sources:",
           "  - {id: all, outlet: Generator, title: All texts, published: '2022-02-01T00:00:00+00:00', "
           "file: sources/all.txt}", "events:"]
    for n, line in enumerate(lines[:count]):
        day, minute = 1 + n % 31, (n * 7) % 1440
        out.append(f"  - {{id: e{n}, title: 'Event {n}', date: '2022-01-{day:02d}T{minute // 60:02d}:{minute % 60:02d}"
                   f"+00:00', places: [oslo], excerpts: [{{source: all, quote: {json.dumps(line)}}}]}}")
    path = folder / "events.yaml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def load_seconds(path: Path, indexed: bool) -> float:
    from kztimeline.model import fastevents, quoteindex
    from kztimeline.model.excerpts import normalized
    from kztimeline.model.loader import load_dataset

    normalized.cache_clear()
    # the fast reader holds its own binding of MIN_QUOTES: both are switched, or "without the index" still has it
    holders = [module for module in (quoteindex, fastevents) if hasattr(module, "MIN_QUOTES")]
    saved = quoteindex.MIN_QUOTES
    for module in holders:
        module.MIN_QUOTES = saved if indexed else sys.maxsize  # type: ignore[attr-defined]
    try:
        started = time.perf_counter()
        result = load_dataset(path, cache=False)
        seconds = time.perf_counter() - started
    finally:
        for module in holders:
            module.MIN_QUOTES = saved  # type: ignore[attr-defined]
    if not result.ok:
        raise SystemExit(f"{path}: {result.problems[:3]}")
    return seconds


def warm_up() -> None:
    """One small load first, so that the first size measured is not charged the readers' imports and the
    gazetteer."""
    folder = Path(tempfile.mkdtemp(prefix="kzquotes-"))
    load_seconds(write_dataset(20, folder), True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--source-lines", type=int, default=0, help="one source of at least this many lines for "
                        "every N (default: N lines, so the source grows with N)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the run without the index")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    warm_up()
    for count in (int(s) for s in args.sizes.split(",")):
        folder = Path(tempfile.mkdtemp(prefix="kzquotes-"))
        path = write_dataset(count, folder, lines_at_least=args.source_lines)
        row = {"events": count, "source_mb": round((folder / "sources" / "all.txt").stat().st_size / 1e6, 2),
               "indexed_s": round(load_seconds(path, True), 3)}
        if not args.no_baseline:
            row["per_quote_s"] = round(load_seconds(path, False), 3)
        rows.append(row)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = {"events_ratio": last["events"] / first["events"],
                  "indexed_ratio": round(last["indexed_s"] / first["indexed_s"], 1)}
        if not args.no_baseline:
            growth["per_quote_ratio"] = round(last["per_quote_s"] / first["per_quote_s"], 1)
        rows.append(growth)
    for row in rows:
        print(json.dumps(row) if args.json else "  ".join(f"{k}={v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
