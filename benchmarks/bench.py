"""kztimeline benchmark: load, first paint, redraw while zooming and panning, PNG export, peak memory.

    python benchmarks/bench.py --events 100000          # a readable table
    python benchmarks/bench.py --events 100000 --json   # last line: one JSON object

Also measured: bundled_startup_s, from starting a Python process to the first painted window on the bundled
events.yaml (the process that opens it, as `kztimeline` does); search_median_ms, the median time of a keystroke
in the search box (six of them, the first building the search index), until every view has followed (once a
search is slow the box waits for a pause in typing; the bench presses Enter, so the pause is not counted).

Loading, in the same run and on the same file: load_cold_s (parse and check, the cache of checked datasets empty;
the window stores the new entry in a thread of its own, timed apart as cache_store_s), load_cached_s (the same file
reopened, from the cache), bytes_per_event (memory the loaded dataset holds, traced), and two yardsticks:
yaml_csafe_s (PyYAML's C loader building plain Python objects from the same YAML file; up to 200,000 events the
cold load and it are measured as three pairs, the loading process's own and two in new processes after it, each cold
load the first of its process; the medians are given, load_cold_x_yaml is the median of the pairs' ratios, listed in
load_cold_x_yaml_pairs) and csv_reader_s (the csv
module reading the same events in CSV form, as `kztimeline export` writes it), both with the garbage collector off
as the loader has it, and csv_load_s (kztimeline loading and checking that CSV; it and csv_reader_s in a process of
their own, as the window opens a file, `--csv-only`). The *_x_yaml and *_x_csv figures are the ratios. These run in
a child process, so that peak_rss_mb stays the figure of one load (load_s: parse and check, no cache) and a window;
`--load-only` measures only them, in this process.

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

from kztimeline.model.limits import DEFAULT_LIMITS, Limits, add_limit_argument, limits_from_args
from kztimeline.model.results import LoadResult

TARGETS = {"redraw_median_ms": 16, "redraw_p95_ms": 33, "first_paint_s": 3.0, "export_s": 2.0, "peak_rss_mb": 1024,
           "bundled_startup_x_baseline": 1.2, "load_cold_x_yaml": 0.25, "load_cached_x_yaml": 0.02,
           "csv_load_x_csv": 3.0}


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


def load_figures(path: Path, folder: Path, limits: Limits = DEFAULT_LIMITS, limit_args: list[str] | None = None
                 ) -> tuple[LoadResult, dict]:
    """Cold and cached load, memory per event, and the yardsticks, on one file in one run (see the docstring)."""
    import gc
    import tracemalloc

    from kztimeline.exchange.acledcsv import acled_csv_bytes
    from kztimeline.model.excerpts import normalized
    from kztimeline.model.cache import wait_for_stores
    from kztimeline.model.loader import load_dataset

    os.environ["KZTIMELINE_CACHE_DIR"] = str(folder / "cache")  # an empty cache of its own, never the user's
    out: dict = {}
    # as the window loads: the cache entry stored in a thread of its own, timed apart (cache_store_s: from the
    # end of the load until it is written)
    cold_s, result = _timed(lambda: load_dataset(path, limits=limits, store_later=True))
    store_s, _ = _timed(wait_for_stores)
    if not result.ok:  # a file given with --input that does not load: say why, as `kztimeline check` would
        for problem in result.problems[:20]:
            print(problem, file=sys.stderr)
        raise SystemExit(2)
    count = len(result.dataset.events)
    out.update(events=count, load_cold_s=round(cold_s, 3), cache_store_s=round(store_s, 3))
    _progress(out)
    cached_s, cached = _timed(lambda: load_dataset(path, limits=limits))
    assert cached.dataset == result.dataset
    del cached
    out["load_cached_s"] = round(cached_s, 3)
    _progress(out)
    if path.suffix.lower() in (".yaml", ".yml"):
        yaml_s = yaml_seconds(path)
        pairs = [(cold_s, yaml_s)]
        if count <= COLD_PAIRS_UP_TO:  # more pairs, each the first load of a new process as this one's was
            more = [cold_pair_apart(path, limit_args or []) for _ in range(COLD_PAIRS - 1)]
            pairs += [pair for pair in more if isinstance(pair, tuple)]
            if len(pairs) < COLD_PAIRS:
                out["cold_pair_error"] = next(pair for pair in more if isinstance(pair, str))
        cold_s, yaml_s = statistics.median(c for c, _ in pairs), statistics.median(y for _, y in pairs)
        out.update(load_cold_s=round(cold_s, 3), yaml_csafe_s=round(yaml_s, 3),
                   load_cold_x_yaml=round(statistics.median(c / y for c, y in pairs), 3),
                   load_cached_x_yaml=round(cached_s / yaml_s, 4))
        if len(pairs) > 1:
            out["load_cold_x_yaml_pairs"] = [round(c / y, 3) for c, y in pairs]
        _progress(out)
    table = path.with_name(path.stem + ".bench.csv")  # beside it, so that its sources are where it says
    table.write_bytes(acled_csv_bytes(result.dataset, table))

    out.update(csv_figures_apart(table, limit_args or []))
    _progress(out)
    # last, being the slowest (tracing every allocation) and the most memory: what the loaded dataset holds
    gc.collect()
    normalized.cache_clear()
    tracemalloc.start()
    held = load_dataset(path, limits=limits)
    out["bytes_per_event"] = round(tracemalloc.get_traced_memory()[0] / max(count, 1))
    tracemalloc.stop()
    del held
    gc.collect()
    if not os.environ.get(WINDOW_CSV):
        table.unlink()
    return result, out


#: Up to this many events, the cold load and its yardstick are measured COLD_PAIRS times one after the other, each
#: cold load the first of its process, and the medians reported (with each pair's ratio): one pair's ratio swung by
#: 0.21-0.28 at 100k events within an hour on this shared machine, more than the load changed in a day's work.
#: A pair at a million events takes minutes: measured once.
COLD_PAIRS, COLD_PAIRS_UP_TO = 3, 200_000


def yaml_seconds(path: Path) -> float:
    """The yardstick: PyYAML's C loader building plain Python objects from `path` (the collector off)."""
    import yaml

    def plain_yaml():
        with path.open("rb") as handle:
            return yaml.load(handle, Loader=yaml.CSafeLoader)

    return _timed(plain_yaml, collect=False)[0]


def cold_pair(path: Path, limits: Limits = DEFAULT_LIMITS) -> dict:
    """A cold load of `path` (an empty cache of its own, the entry stored as the window stores it) and then the
    yardstick, in this process: the first load it makes."""
    import shutil

    from kztimeline.model.cache import wait_for_stores
    from kztimeline.model.loader import load_dataset

    cache = tempfile.mkdtemp(prefix="kzbench-cold-")
    os.environ["KZTIMELINE_CACHE_DIR"] = cache
    try:
        cold_s, result = _timed(lambda: load_dataset(path, limits=limits, store_later=True))
        wait_for_stores()
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    if not result.ok:
        raise SystemExit(f"{path} did not load")
    del result
    return {"load_cold_s": cold_s, "yaml_csafe_s": yaml_seconds(path)}


def cold_pair_apart(path: Path, limit_args: list[str]) -> tuple[float, float] | str:
    """`cold_pair` in a new process: (load_cold_s, yaml_csafe_s), or why there is none."""
    import subprocess

    done = subprocess.run([sys.executable, __file__, "--input", str(path), "--cold-pair", "--json", *limit_args],
                          capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return "cold pair: " + ((done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1])[:160]
    figures = json.loads(lines[-1])
    return figures["load_cold_s"], figures["yaml_csafe_s"]


def csv_figures(table: Path, limits: Limits = DEFAULT_LIMITS) -> dict:
    """`csv_reader_s` (the csv module reading `table`) and `csv_load_s` (kztimeline loading and checking it, no
    cache), one after the other in this process."""
    import csv

    from kztimeline.model.loader import load_dataset

    def plain_csv():
        with table.open(newline="", encoding="utf-8") as handle:
            return sum(1 for _ in csv.reader(handle))

    csv_s, _ = _timed(plain_csv, collect=False)
    csv_load_s, csv_result = _timed(lambda: load_dataset(table, cache=False, limits=limits))
    return {"csv_reader_s": round(csv_s, 3), "csv_load_s": round(csv_load_s, 3),
            "csv_load_x_csv": round(csv_load_s / csv_s, 2) if csv_result.ok else None}


def csv_figures_apart(table: Path, limit_args: list[str]) -> dict:
    """`csv_figures` in a process of its own, as the window opens a file: measured in the loading process, after
    PyYAML's yardstick had built and dropped a million events (some 11 GB), kztimeline's load of the CSV, which
    allocates what it keeps, took 1.7-1.9 x its time in a new process (18.8 s against 10.8 and 8.3 s), while
    the csv module's read, which keeps nothing, took the same. `limit_args`: the --limit options as given."""
    import subprocess

    done = subprocess.run([sys.executable, __file__, "--input", str(table), "--csv-only", "--json", *limit_args],
                          capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        why = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        return {"csv_load_x_csv": None, "csv_error": why[:160]}
    figures: dict = json.loads(lines[-1])
    return figures


def _progress(figures: dict) -> None:
    """The figures measured so far, as a JSON line on stderr and appended to $KZBENCH_PROGRESS (set by run_apart for
    a size's processes): what a size that later fails or runs over still reports."""
    line = json.dumps(figures)
    print(line, file=sys.stderr, flush=True)
    progress = os.environ.get("KZBENCH_PROGRESS")
    if progress:
        with open(progress, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


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


#: The child that starts kztimeline as the `kztimeline` command does (cli.main, no arguments: the bundled dataset),
#: with its settings and cache folders given by the environment; it prints a line when the timeline view has been
#: painted for the first time, and then quits instead of entering the event loop.
_STARTUP = """
import importlib.machinery, sys

def instrument(mainwindow):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication
    painted = []
    class Watch(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(1)
            return False
    watch = Watch()
    shown = mainwindow.MainWindow.show
    def show(window):
        window.timeline.graphics.viewport().installEventFilter(watch)
        shown(window)
    mainwindow.MainWindow.show = show
    def exec_():
        app = QApplication.instance()
        while not painted:
            app.processEvents()
        print("painted", flush=True)
        return 0
    QApplication.exec = staticmethod(exec_)

class Hook:  # instruments the window's module when the command imports it, so that nothing is imported earlier
    def find_spec(self, name, path, target=None):
        if name != "kztimeline.app.mainwindow":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            instrument(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Hook())
from kztimeline import cli
sys.exit(cli.main([]))
"""

#: The yardstick: start Python, import PySide6 and pyqtgraph, show an empty QMainWindow, and print a line when its
#: first paint is done.
_BASELINE = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
import pyqtgraph
painted = []
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            painted.append(1)
        return False
app = QApplication(["baseline"])
window = QMainWindow()
watch = Watch()
window.installEventFilter(watch)
window.show()
while not painted:
    app.processEvents()
print("painted", flush=True)
"""


def _child_paint_seconds(script: str, env: dict[str, str]) -> float:
    """From starting a Python process running `script` to its line saying the first paint is done (the process's
    exit is not counted: the user sees the window then)."""
    import subprocess

    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             env=env, text=True)
    assert child.stdout is not None
    line = child.stdout.readline()
    seconds = time.perf_counter() - started
    child.communicate()
    if child.returncode != 0 or line.strip() != "painted":
        raise RuntimeError(f"start-up child failed (exit {child.returncode}): {line!r}")
    return seconds


def startup_seconds(folder: Path, runs: int = 5) -> tuple[float, float]:
    """Median seconds from starting a Python process to the first painted window: kztimeline on the bundled
    dataset (settings and cache folders of its own, the cache warmed by one untimed start, as on every start after
    the first), and the yardstick; the runs of the two alternate, so both see the same machine."""
    import compileall

    import kztimeline

    # as installed from a wheel: kztimeline's bytecode compiled (pip does it; PYTHONDONTWRITEBYTECODE, set on this
    # machine, would otherwise make every start compile its modules again, while the yardstick's are compiled)
    compileall.compile_dir(str(Path(kztimeline.__file__).parent), quiet=1)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(folder / "config"),
               KZTIMELINE_CACHE_DIR=str(folder / "startup-cache"))
    _child_paint_seconds(_STARTUP, env)  # warms the cache of checked datasets (and the disk cache, for both)
    _child_paint_seconds(_BASELINE, env)
    ours, baseline = [], []
    for _ in range(runs):
        ours.append(_child_paint_seconds(_STARTUP, env))
        baseline.append(_child_paint_seconds(_BASELINE, env))
    return statistics.median(ours), statistics.median(baseline)


#: Set (by --window-csv) when the window opens the CSV form of the events.
WINDOW_CSV = "KZBENCH_WINDOW_CSV"


def load_figures_apart(path: Path, limit_args: list[str]) -> dict:
    """load_figures in a child process (its loads, yardsticks and CSV form would raise this one's peak memory)."""
    import subprocess

    done = subprocess.run([sys.executable, __file__, "--input", str(path), "--load-only", "--json", *limit_args],
                          capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:  # the figures it had, and why it stopped (run() reports both)
        why = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        if done.returncode < 0:
            why = f"killed by signal {-done.returncode} (out of memory?)"
        return {**_last_json(done.stderr), "error": f"loading: {why[:160]}"}
    figures: dict = json.loads(lines[-1])
    figures.pop("events", None)
    return figures


def run(count: int, places: int, steps: int, source: Path | None = None, load_only: bool = False,
        limit_args: list[str] | None = None, limits: Limits = DEFAULT_LIMITS) -> dict:
    from PySide6.QtCore import QEvent, QObject, QSettings, Qt
    from PySide6.QtTest import QTest
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
        return load_figures(path, folder, limits, limit_args)[1]
    loading = load_figures_apart(path, limit_args or [])  # in a process of its own: peak_rss_mb is this one's
    _progress({**loading, "events": count})  # what is known, if the rest fails
    if "error" in loading:
        raise SystemExit(f"{loading['error']}")
    app = QApplication.instance() or QApplication(["bench"])
    configure(app)

    if os.environ.get(WINDOW_CSV):  # the window opens the CSV form the loading child wrote (and kept)
        path = path.with_name(path.stem + ".bench.csv")
    started = time.perf_counter()
    result = load_dataset(path, cache=False, limits=limits)
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
        if window.events.search_pending:  # a slow search waits for a pause in typing: Enter runs it now
            QTest.keyClick(window.events.search, Qt.Key.Key_Return)
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
            "peak_rss_mb": round(peak, 1),
            "search_median_ms": round(statistics.median(searches), 1), **loading}


def startup_figures(runs: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="kzbench-startup-"))
    ours, baseline = startup_seconds(folder, runs)
    return {"bundled_startup_s": round(ours, 3), "baseline_window_s": round(baseline, 3),
            "bundled_startup_x_baseline": round(ours / baseline, 2)}


def run_apart(count: int, places: int, steps: int, limit_args: list[str], timeout_s: float) -> dict:
    """`run` for one size in a child process: each size's peak_rss_mb is its own. A size that fails (a limit, a
    crash, out of memory) or runs over `timeout_s` is reported with why, and with the figures it had measured."""
    import subprocess

    import signal

    command = [sys.executable, __file__, "--events", str(count), "--places", str(places), "--steps", str(steps),
               "--no-startup", "--json", *limit_args]
    progress = Path(tempfile.mkdtemp(prefix="kzbench-progress-")) / "figures.jsonl"
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, KZBENCH_PROGRESS=str(progress)), start_new_session=True)
    try:
        out, err = child.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)  # the size's processes, its loading child included
        child.communicate()
        known = _last_json(progress.read_text(encoding="utf-8")) if progress.exists() else {}
        return {**known, "events": count, "error": f"did not finish in {timeout_s:.0f} s"}
    lines = out.strip().splitlines()
    if child.returncode != 0 or not lines:
        tail = (err.strip().splitlines() or [f"exit {child.returncode}"])[-1]
        known = _last_json(progress.read_text(encoding="utf-8")) if progress.exists() else {}
        return {**known, "events": count, "error": tail[:200]}
    figures: dict = json.loads(lines[-1])
    return figures


def _last_json(text: str) -> dict:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                return value
    return {}


#: The README's table: (heading, key, format); a ratio's target is shown under it.
COLUMNS = [("events", "events", "{:,}"), ("cold load + check", "load_cold_s", "{:.2f} s"),
           ("cached reopen", "load_cached_s", "{:.3f} s"), ("`yaml_csafe_s`", "yaml_csafe_s", "{:.2f} s"),
           ("cold ÷ yaml", "load_cold_x_yaml", "{:.2f}"), ("cached ÷ yaml", "load_cached_x_yaml", "{:.3f}"),
           ("bytes per event", "bytes_per_event", "{:,}"), ("`csv_reader_s`", "csv_reader_s", "{:.3f} s"),
           ("CSV load + check", "csv_load_s", "{:.2f} s"), ("CSV ÷ reader", "csv_load_x_csv", "{:.1f}"),
           ("first paint", "first_paint_s", "{:.2f} s"), ("redraw median", "redraw_median_ms", "{:.1f} ms"),
           ("redraw p95", "redraw_p95_ms", "{:.1f} ms"), ("search keystroke", "search_median_ms", "{:.0f} ms"),
           ("PNG export", "export_s", "{:.2f} s"), ("peak memory", "peak_rss_mb", "{:,.0f} MB")]


def markdown(rows: list[dict], startup: dict | None) -> str:
    """The README's table: one row per size, a row of targets, and the start-up line."""
    def cell(row: dict, key: str, form: str) -> str:
        value = row.get(key)
        return "—" if value is None else form.format(value)

    lines = ["| " + " | ".join(head for head, _, _ in COLUMNS) + " |",
             "|" + " ---: |" * len(COLUMNS)]
    for row in rows:
        cells = [cell(row, key, form) for _, key, form in COLUMNS]
        if "error" in row:  # the figures it measured, and why the rest is missing
            cells[0] += f" ({row['error']})"
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("| target | " + " | ".join(f"≤ {TARGETS[key]}" if key in TARGETS else "—"
                                            for _, key, _ in COLUMNS[1:]) + " |")
    if startup:
        lines += ["", f"Start-up to the first painted window on the bundled dataset: "
                  f"{startup['bundled_startup_s']:.2f} s, against {startup['baseline_window_s']:.2f} s to start "
                  f"Python, import PySide6 and pyqtgraph and paint an empty QMainWindow: "
                  f"{startup['bundled_startup_x_baseline']:.2f}× (target ≤ {TARGETS['bundled_startup_x_baseline']}×)."]
    return "\n".join(lines)


def _print_table(result: dict) -> None:
    print(f"{'measure':<28}{'value':>12}  target")
    for key, value in result.items():
        target = TARGETS.get(key)
        mark = "" if target is None or value is None else f"<= {target}  {'ok' if value <= target else 'MISSED'}"
        print(f"{key:<28}{value!s:>12}  {mark}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", default="10000", help="event count, or several separated by commas (each "
                        "measured in a process of its own)")
    parser.add_argument("--places", type=int, default=20)
    parser.add_argument("--steps", type=int, default=60, help="zoom and pan steps (at least 50)")
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    parser.add_argument("--markdown", action="store_true", help="print the README's table")
    parser.add_argument("--input", type=Path, help="measure this file (any format kztimeline opens: events.yaml, "
                        "TimelineJS3 JSON, CSV) instead of a synthetic dataset")
    parser.add_argument("--load-only", action="store_true", help="measure loading only (no window)")
    parser.add_argument("--window-csv", action="store_true", help="open the window (load_s, first paint, redraw, "
                        "search, export, peak_rss_mb) on the events' CSV form, as `kztimeline export` writes it, "
                        "instead of the YAML: the issue's targets at a million events are for CSV")
    parser.add_argument("--csv-only", action="store_true", help="with --input FILE.csv: csv_reader_s and "
                        "csv_load_s only, in this process")
    parser.add_argument("--cold-pair", action="store_true", help="with --input FILE.yaml: load_cold_s and "
                        "yaml_csafe_s only, in this process (what --load-only repeats in new processes)")
    parser.add_argument("--startup-only", action="store_true", help="measure start-up only (bundled dataset and "
                        "the yardstick)")
    parser.add_argument("--no-startup", action="store_true", help="leave the start-up figures out")
    parser.add_argument("--startup-runs", type=int, default=15, help="starts of each kind; the median is taken")
    parser.add_argument("--size-timeout", type=float, default=3600, help="seconds one size may take (several sizes)")
    add_limit_argument(parser)
    args = parser.parse_args()
    if args.window_csv:
        os.environ[WINDOW_CSV] = "1"  # the sizes' processes inherit it
    limits = limits_from_args(parser, args.limit)
    limit_args = [f"--limit={setting}" for setting in args.limit]
    counts = [int(part) for part in str(args.events).split(",") if part.strip()]
    steps = max(args.steps, 50)
    if args.cold_pair:
        if args.input is None:
            parser.error("--cold-pair needs --input FILE.yaml")
        print(json.dumps(cold_pair(args.input, limits)))
        return 0
    if args.csv_only:
        if args.input is None:
            parser.error("--csv-only needs --input FILE.csv")
        print(json.dumps(csv_figures(args.input, limits)))
        return 0
    startup = None if args.no_startup or args.load_only else startup_figures(args.startup_runs)
    if args.startup_only:
        rows: list[dict] = []
    elif len(counts) > 1 or args.markdown:
        rows = []
        for count in counts:
            rows.append(run_apart(count, args.places, steps, limit_args, args.size_timeout))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)  # progress: a size can take minutes
    else:
        rows = [run(counts[0], args.places, steps, args.input, args.load_only, limit_args, limits)]
    if args.markdown:
        print(markdown(rows, startup))
        return 0
    result = rows[0] if len(rows) == 1 else {"sizes": rows} if rows else {}
    result = {**result, **(startup or {})}
    if args.json:
        print(json.dumps(result))
        return 0
    _print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
