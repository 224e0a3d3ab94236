"""Synthetic datasets for benchmarks: N events over January 2022 with daily rhythms, 5-50 places, several
categories, and excerpts quoted verbatim from a generated source text, so the full validation runs at scale.

`kztimeline synth N --output FILE.yaml` writes FILE.yaml and its sources beside it (FILE.sources/).
"""

from __future__ import annotations

import argparse
import math
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

WORDS = ("protesters gathered near the square as police lines held the avenue while officials met to discuss "
         "prices and the internet stayed down across the region, residents queued for fuel and bread, reporters "
         "counted vehicles on the bridge, shops closed early, a convoy passed the airport road at dusk").split()
CATEGORIES = {"protest": "#d55e00", "government": "#0072b2", "security": "#e69f00", "communications": "#cc79a7",
              "international": "#009e73", "economy": "#56b4e9"}  # Okabe–Ito, as model/palette.py
TZ = timezone(timedelta(hours=6))


def _source_text(rng: random.Random, sentences: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 18))).capitalize() + f" (report {i})."
            for i in range(sentences)]


def _moment(rng: random.Random) -> datetime:
    """A time in January 2022 with a daily rhythm: most events by day, peaking in the afternoon."""
    day = min(30, int(rng.triangular(0, 31, 6)))
    hour = min(23.99, max(0.0, rng.gauss(14.5, 4.0)))
    return datetime(2022, 1, 1 + day, tzinfo=TZ) + timedelta(hours=hour)


def synth_yaml(count: int, places: int = 20, seed: int = 2022, sources: int = 8,
               source_dir: str = "sources") -> tuple[str, dict[str, str]]:
    """The YAML text and {relative file name: source text} of a synthetic dataset."""
    rng = random.Random(seed)
    places = max(5, min(50, places))
    texts = {f"{source_dir}/report-{k}.txt": _source_text(rng, 400) for k in range(sources)}
    lines = ["title: Synthetic benchmark dataset", "period: {start: 2022-01-01, end: 2022-01-31, timezone: '+06:00'}",
             "categories:"]
    lines += [f"  {name}: {{label: {name.capitalize()}, colour: '{colour}'}}" for name, colour in CATEGORIES.items()]
    lines.append("places:")
    for i in range(places):
        angle = 2 * math.pi * i / places
        lat, lon = 48 + 4 * math.sin(angle), 67 + 14 * math.cos(angle)
        lines.append(f"  - {{id: p{i}, name: Place {i}, kind: city, lat: {lat:.3f}, lon: {lon:.3f}, "
                     f"utc_offset: '+06:00'}}")
    lines.append("sources:")
    for k, name in enumerate(texts):
        lines.append(f"  - {{id: s{k}, outlet: Outlet {k}, title: Report {k}, "
                     f"published: 2022-02-01T09:00:00+06:00, file: {name}}}")
    lines.append("events:")
    precisions = ("day", "afternoon", "hour", "hour", "minute", "morning", "evening", "by")
    names = list(texts)
    for n in range(count):
        when = _moment(rng)
        precision = rng.choice(precisions)
        date = when.strftime("%Y-%m-%dT%H:%M+06:00") if precision in ("hour", "minute") else when.strftime("%Y-%m-%d")
        source = rng.randrange(sources)
        sentence = rng.choice(texts[names[source]])
        words = sentence.split()
        quote = " ".join(words[: rng.randint(5, len(words))])
        where = rng.randrange(places)
        extra = f", p{(where + 1) % places}" if rng.random() < 0.05 else ""
        end = ""
        if precision == "day" and rng.random() < 0.05:
            end = f", end: {(when + timedelta(days=rng.randint(1, 3))).strftime('%Y-%m-%d')}"
            if when.day >= 29:
                end = ""
        lines.append(f"  - {{id: e{n}, title: 'Event {n}: {' '.join(words[:4])}', date: '{date}'{end}, "
                     f"precision: {precision}, places: [p{where}{extra}], category: {rng.choice(list(CATEGORIES))}, "
                     f"excerpts: [{{source: s{source}, quote: '{quote}'}}]}}")
    return "\n".join(lines) + "\n", {name: "\n\n".join(sentences) + "\n" for name, sentences in texts.items()}


def write_synth(count: int, output: Path, places: int = 20, seed: int = 2022) -> Path:
    folder = f"{output.stem}.sources"
    text, sources = synth_yaml(count, places, seed, source_dir=folder)
    for name, body in sources.items():
        path = output.parent / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    output.write_text(text, encoding="utf-8")
    return output


def run_synth(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kztimeline synth", description="Write a synthetic dataset of N events "
                                     "(with its generated sources beside it) for benchmarks and scale tests.")
    parser.add_argument("count", type=int, help="number of events")
    parser.add_argument("--output", "-o", type=Path, required=True, help="FILE.yaml")
    parser.add_argument("--places", type=int, default=20, help="number of places, 5 to 50 (default 20)")
    parser.add_argument("--seed", type=int, default=2022, help="random seed (default 2022)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    path = write_synth(args.count, args.output, args.places, args.seed)
    print(f"wrote {path}: {args.count} events, {max(5, min(50, args.places))} places")
    return 0
