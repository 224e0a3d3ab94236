"""kztimeline benchmark: load, first paint, redraw while zooming and panning, PNG export, peak memory.

    python benchmarks/bench.py --events 100000          # a readable table
    python benchmarks/bench.py --events 100000 --json   # last line: one JSON object

Also measured: bundled_startup_s, from starting a Python process to the first painted window on the bundled
events.yaml (the process that opens it, as `kztimeline` does); search_median_ms, the median time of a keystroke
in the search box (six of them, the first building the search index), until every view has followed.

Loading, in the same run and on the same file: load_cold_s (parse and check, the cache of checked datasets empty,
storing the entry included), load_cached_s (the same file reopened, from the cache), bytes_per_event (memory the
loaded dataset holds, traced), and two yardsticks: yaml_csafe_s (PyYAML's C loader building plain Python objects
from the same YAML file) and csv_reader_s (the csv module reading the same events in CSV form, as `kztimeline
export` writes it), both with the garbage collector off as the loader has it, and csv_load_s (kztimeline loading
and checking that CSV). The *_x_yaml and *_x_csv figures are the ratios. These run in a child process, so that
peak_rss_mb stays the figure of one load (load_s: parse and check, no cache) and a window; `--load-only` measures
only them, in this process.

Runs headless (Qt's offscreen platform). The dataset is synthetic (`kztimeline synth`), written to a temporary
folder. Redraw times are measured to the end of painting: each step changes the view range, lets pending work run
(labels are placed on a zero-delay timer) and repaints the timeline's view synchronously, once.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

TARGETS = {"redraw_median_ms": 16, "redraw_p95_ms": 33, "first_paint_s": 3.0, "export_s": 2.0, "peak_rss_mb": 1024,
           "bundled_startup_s": 1.5, "load_cold_x_yaml": 0.25, "load_cached_x_yaml": 0.02, "csv_load_x_csv": 3.0}


def _timed(call, collect: bool = True):
    """Seconds `call()` takes, and its value; with collect=False the garbage collector is off meanwhile, as the
    loader turns it off (a yardstick measured with it on would also pay for scanning the datasets held)."""
    import gc

    gc.collect()
    collecting = gc.isenabled()
    if not collect:
        gc.disable()
    try:
        started = time.perf_counter()
        value = call()
        return time.perf_counter() - started, value
    finally:
        if collecting:
            gc.enable()


def load_figures(path: Path, folder: Path) -> dict:
    """Cold and cached load, memory per event, and the yardsticks, on one file in one run (see the docstring)."""
    import csv
    import gc
    import tracemalloc

    import yaml

    from kztimeline.exchange.acledcsv import acled_csv_bytes
    from kztimeline.model.excerpts import normalized
    from kztimeline.model.loader import load_dataset

    os.environ["KZTIMELINE_CACHE_DIR"] = str(folder / "cache")  # an empty cache of its own, never the user's
    out: dict = {}
    cold_s, result = _timed(lambda: load_dataset(path))
    if not result.ok:  # a file given with --input that does not load: say why, as `kztimeline check` would
        for problem in result.problems[:20]:
            print(problem, file=sys.stderr)
        raise SystemExit(2)
    count = len(result.dataset.events)
    cached_s, cached = _timed(lambda: load_dataset(path))
    assert cached.dataset == result.dataset
    del cached
    gc.collect()
    normalized.cache_clear()
    tracemalloc.start()
    held = load_dataset(path)
    out["bytes_per_event"] = round(tracemalloc.get_traced_memory()[0] / max(count, 1))
    tracemalloc.stop()
    del held
    gc.collect()
    out.update(events=count, load_cold_s=round(cold_s, 3), load_cached_s=round(cached_s, 3))
    if path.suffix.lower() in (".yaml", ".yml"):
        def plain_yaml():
            with path.open("rb") as handle:
                return yaml.load(handle, Loader=yaml.CSafeLoader)

        yaml_s, _ = _timed(plain_yaml, collect=False)
        out["yaml_csafe_s"] = round(yaml_s, 3)
        out["load_cold_x_yaml"] = round(cold_s / yaml_s, 3)
        out["load_cached_x_yaml"] = round(cached_s / yaml_s, 4)
    table = path.with_name(path.stem + ".bench.csv")  # beside it, so that its sources are where it says
    table.write_bytes(acled_csv_bytes(result.dataset, table))

    def plain_csv():
        with table.open(newline="", encoding="utf-8") as handle:
            return sum(1 for _ in csv.reader(handle))

    csv_s, _ = _timed(plain_csv, collect=False)
    normalized.cache_clear()
    csv_load_s, csv_result = _timed(lambda: load_dataset(table, cache=False))
    out.update(csv_reader_s=round(csv_s, 3), csv_load_s=round(csv_load_s, 3),
               csv_load_x_csv=round(csv_load_s / csv_s, 2) if csv_result.ok else None)
    table.unlink()
    return result, out


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _steps(start: float, end: float, count: int) -> list[tuple[float, float]]:
    """Zoom in towards the busiest days, pan across them, zoom back out: `count` view ranges."""
    ranges, width, centre = [], end - start, start + (end - start) * 0.2
    for i in range(count):
        phase = i % 20
        if phase < 8:
            width *= 0.6
        elif phase < 14:
            centre += width * 0.3
        else:
            width /= 0.6
        width = min(max(width, 3600.0), end - start)
        centre = min(max(centre, start + width / 2), end - width / 2)
        ranges.append((centre - width / 2, centre + width / 2))
    return ranges


_STARTUP = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, QObject, QSettings
from kztimeline.app.application import create_application
from kztimeline.app.mainwindow import MainWindow
app = create_application(["kztimeline"])
window = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
window.open_path(None, initial=True)
painted = []
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            painted.append(1)
        return False
watch = Watch()
window.timeline.graphics.viewport().installEventFilter(watch)
window.show()
while not painted:
    app.processEvents()
print("painted", flush=True)
"""


def startup_seconds(folder: Path) -> float:
    """From starting a Python process to the first painted window on the bundled dataset."""
    import subprocess

    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", _STARTUP, str(folder / "startup.ini")], check=True, capture_output=True)
    return time.perf_counter() - started


def load_figures_apart(path: Path) -> dict:
    """load_figures in a child process (its loads, yardsticks and CSV form would raise this one's peak memory)."""
    import subprocess

    done = subprocess.run([sys.executable, __file__, "--input", str(path), "--load-only", "--json"], check=True,
                          capture_output=True, text=True)
    figures: dict = json.loads(done.stdout.strip().splitlines()[-1])
    figures.pop("events", None)
    return figures


def run(count: int, places: int, steps: int, source: Path | None = None, load_only: bool = False) -> dict:
    from PySide6.QtCore import QEvent, QObject, QSettings
    from PySide6.QtWidgets import QApplication

    from kztimeline.app.application import configure
    from kztimeline.app.mainwindow import MainWindow
    from kztimeline.export.figure import FigureOptions
    from kztimeline.export.writer import write_figure
    from kztimeline.model.synth import write_synth

    from kztimeline.model.loader import load_dataset

    folder = Path(tempfile.mkdtemp(prefix="kzbench-"))
    path = source if source is not None else write_synth(count, folder / "events.yaml", places=places)
    if load_only:
        return load_figures(path, folder)[1]
    loading = load_figures_apart(path)  # in a process of its own, so that peak_rss_mb is this one's alone
    bundled_startup_s = startup_seconds(folder)
    app = QApplication.instance() or QApplication(["bench"])
    configure(app)

    started = time.perf_counter()
    result = load_dataset(path, cache=False)
    load_s = time.perf_counter() - started
    if not result.ok:
        raise SystemExit(2)

    class PaintWatch(QObject):
        painted = False

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                PaintWatch.painted = True
            return False

    started = time.perf_counter()
    window = MainWindow(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    window.show_dataset(result.dataset, path)
    window.resize(1600, 1000)
    watch = PaintWatch()
    window.timeline.graphics.viewport().installEventFilter(watch)
    window.show()
    while not PaintWatch.painted:
        app.processEvents()
    first_paint_s = time.perf_counter() - started

    period = result.dataset.period
    redraws = []
    viewport = window.timeline.graphics.viewport()
    timeline = window.timeline
    for x0, x1 in _steps(period.start_dt.timestamp(), period.end_dt.timestamp(), steps):
        app.processEvents()  # nothing left over from the previous step
        tick = time.perf_counter()
        timeline.plot.setXRange(x0, x1, padding=0)
        timeline.update_labels_now()  # what the zero-delay timer would do next
        viewport.repaint()  # one synchronous paint, to its end
        redraws.append((time.perf_counter() - tick) * 1000)

    searches = []  # typing in the search box: each keystroke filters every view, to the end of a paint
    for text in ("p", "pr", "pro", "prot", "prote", ""):
        app.processEvents()
        tick = time.perf_counter()
        window.events.search.setText(text)
        app.processEvents()
        viewport.repaint()
        searches.append((time.perf_counter() - tick) * 1000)

    started = time.perf_counter()
    write_figure(result.dataset, FigureOptions(1600, 500), folder / "export.png")
    export_s = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    window.close()
    return {"events": len(result.dataset.events), "load_s": round(load_s, 3), "first_paint_s": round(first_paint_s, 3),
            "redraw_median_ms": round(statistics.median(redraws), 2),
            "redraw_p95_ms": round(_percentile(redraws, 0.95), 2), "export_s": round(export_s, 3),
            "peak_rss_mb": round(peak, 1), "bundled_startup_s": round(bundled_startup_s, 3),
            "search_median_ms": round(statistics.median(searches), 1), **loading}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--places", type=int, default=20)
    parser.add_argument("--steps", type=int, default=60, help="zoom and pan steps (at least 50)")
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    parser.add_argument("--input", type=Path, help="measure this file (any format kztimeline opens: events.yaml, "
                        "TimelineJS3 JSON, CSV) instead of a synthetic dataset")
    parser.add_argument("--load-only", action="store_true", help="measure loading only (no window)")
    args = parser.parse_args()
    result = run(args.events, args.places, max(args.steps, 50), args.input, args.load_only)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{'measure':<18}{'value':>12}  target")
    for key, value in result.items():
        target = TARGETS.get(key)
        mark = "" if target is None or value is None else f"<= {target}  {'ok' if value <= target else 'MISSED'}"
        print(f"{key:<18}{value:>12}  {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
