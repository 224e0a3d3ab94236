"""kztimeline benchmark: load, first paint, redraw while zooming and panning, PNG export, peak memory.

    python benchmarks/bench.py --events 100000          # a readable table
    python benchmarks/bench.py --events 100000 --json   # last line: one JSON object

Also measured: bundled_startup_s, from starting a Python process to the first painted window on the bundled
events.yaml (the process that opens it, as `kztimeline` does); search_median_ms, the median time of a keystroke
in the search box (six of them, the first building the search index), until every view has followed.

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
           "bundled_startup_s": 1.5}


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


def run(count: int, places: int, steps: int, source: Path | None = None) -> dict:
    from PySide6.QtCore import QEvent, QObject, QSettings
    from PySide6.QtWidgets import QApplication

    from kztimeline.app.application import configure
    from kztimeline.app.mainwindow import MainWindow
    from kztimeline.export.figure import FigureOptions
    from kztimeline.export.writer import write_figure
    from kztimeline.model.loader import load_dataset
    from kztimeline.model.synth import write_synth

    folder = Path(tempfile.mkdtemp(prefix="kzbench-"))
    bundled_startup_s = startup_seconds(folder)
    path = source if source is not None else write_synth(count, folder / "events.yaml", places=places)
    app = QApplication.instance() or QApplication(["bench"])
    configure(app)

    started = time.perf_counter()
    result = load_dataset(path)
    load_s = time.perf_counter() - started
    if not result.ok:  # a file given with --input that does not load: say why, as `kztimeline check` would
        for problem in result.problems[:20]:
            print(problem, file=sys.stderr)
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
            "search_median_ms": round(statistics.median(searches), 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--places", type=int, default=20)
    parser.add_argument("--steps", type=int, default=60, help="zoom and pan steps (at least 50)")
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    parser.add_argument("--input", type=Path, help="measure this file (any format kztimeline opens: events.yaml, "
                        "TimelineJS3 JSON, CSV) instead of a synthetic dataset")
    args = parser.parse_args()
    result = run(args.events, args.places, max(args.steps, 50), args.input)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{'measure':<18}{'value':>12}  target")
    for key, value in result.items():
        target = TARGETS.get(key)
        mark = "" if target is None else f"<= {target}  {'ok' if value <= target else 'MISSED'}"
        print(f"{key:<18}{value:>12}  {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
