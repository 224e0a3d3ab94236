"""Start-up stays lean: what the window imports before its first paint (README, "Large datasets and performance").

Not timed (speed lives in benchmarks/bench.py: `bundled_startup_x_baseline`); these tests hold the cause of a slow
start instead: a module that the first paint does not need, imported on the way to it. Each runs in a fresh Python
process, as `kztimeline` starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA

from kztimeline.model.results import LoadResult

#: Never needed to show a dataset: editing (the event editor is built when its dock is first shown), capturing, online
#: geocoding, fuzzy matching, data formats, figures, the source dialog, masked arrays (np.unique's first call imports
#: them: the views use views/distinct.py), difflib and shlex (a view's suggestions and copied command lines), html (its
#: entity table: views/richtext.escape escapes).
NOT_AT_START = ("numpy.ma", "dateparser", "trafilatura", "warcio", "lxml", "ruamel", "jsonschema", "geopy", "rapidfuzz",
                "kztimeline.model.commands", "kztimeline.model.capture", "kztimeline.model.document",
                "kztimeline.model.phrases", "kztimeline.model.proposals", "kztimeline.exchange.timelinejs",
                "kztimeline.export.figure", "kztimeline.export.dialog", "kztimeline.views.authoringforms",
                "kztimeline.views.sourcebrowser", "kztimeline.views.eventeditor", "kztimeline.views.sourcedialog",
                "difflib", "shlex", "html")
#: Needed only when a file is parsed: not when the cache of checked datasets has it.
PARSING = ("yaml", "kztimeline.model.loader", "kztimeline.model.yamlnodes", "kztimeline.model.eventparse",
           "kztimeline.model.acled", "kztimeline.model.mappedcsv")

_OPEN_BUNDLED = """
import json, sys
from kztimeline.app.application import create_application
from kztimeline.app.mainwindow import MainWindow
from PySide6.QtCore import QSettings
app = create_application(["kztimeline"])
window = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
assert window.open_path(None, initial=True)
window.show()
app.processEvents()
print(json.dumps(sorted(sys.modules)))
"""


def _modules(code: str, tmp_path: Path, *args: str, **more_env: str | None) -> set[str]:
    """The lines (a JSON list) the code prints last, run as `python -c` (more_env: variables set, or unset by None)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KZTIMELINE_CACHE_DIR=str(tmp_path / "cache"),
               KZTIMELINE_DATA_DIR=str(tmp_path / "data"))
    env = {name: value for name, value in {**env, **more_env}.items() if value is not None}
    run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    return set(json.loads(run.stdout.strip().splitlines()[-1]))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names if name in modules or any(m.startswith(name + ".") for m in modules))


def test_importing_the_window_imports_nothing_the_first_paint_does_not_need(tmp_path):
    code = ("import json, sys, kztimeline.cli, kztimeline.app.launch, kztimeline.app.mainwindow;"
            "print(json.dumps(sorted(sys.modules)))")
    modules = _modules(code, tmp_path)
    assert _loaded(modules, NOT_AT_START + PARSING) == []


def test_the_bundled_dataset_opens_from_the_cache_without_the_readers(tmp_path):
    settings = str(tmp_path / "settings.ini")
    first = _modules(_OPEN_BUNDLED, tmp_path, settings)  # the first start parses and checks, and fills the cache
    assert "kztimeline.model.loader" in first
    again = _modules(_OPEN_BUNDLED, tmp_path, settings)
    assert _loaded(again, NOT_AT_START + PARSING) == []
    assert "kztimeline.model.cache" in again


@pytest.mark.parametrize("name", ["minimal.yaml", "acled-sample.csv"])
def test_the_window_s_load_is_load_dataset(name):
    """app/loading.load asks the cache before importing the readers; what it gives is what load_dataset gives, cold
    (storing the entry) and from the cache."""
    from kztimeline.app.loading import load
    from kztimeline.model import cache
    from kztimeline.model.loader import load_dataset

    def same(a: LoadResult, b: LoadResult) -> None:
        assert a.dataset == b.dataset and repr(a.dataset) == repr(b.dataset) and a.problems == b.problems

    path = DATA / name
    first = load(path)
    cache.wait_for_stores()  # the window's load stores the entry in a thread of its own
    assert first.ok and cache.entry_path(path).is_file()
    same(first, load_dataset(path, cache=False))
    same(load(path), first)
    same(load_dataset(path), first)


def test_skipping_pyside_s_feature_scan_gives_the_answers_it_would():
    """startimports.skip_feature_scan spares PySide6 reading modules' source at import; what it answers is what reading
    would (the standard library, frozen and built-in modules: no PySide6), or, for our and pyqtgraph's modules, 0 (no
    feature selected, as reading gives for any that mentions PySide6); any other module is still read."""
    import email.message
    import zipimport

    import pytestqt.qt_compat
    import PySide6  # noqa: F401

    import kztimeline.views.richtext
    import kztimeline.views.timeline
    import pyqtgraph.graphicsItems.AxisItem
    from kztimeline.app.startimports import skip_feature_scan

    feature = sys.modules["shibokensupport.feature"]
    read = feature._mod_uses_pyside
    before = {module: read(module) for module in (email.message, zipimport, sys, kztimeline.views.timeline,
                                                  pytestqt.qt_compat)}
    skip_feature_scan()
    skip_feature_scan()  # once is enough: a second call changes nothing
    try:
        quick = feature._mod_uses_pyside
        assert quick is not read
        assert {module: quick(module) for module in before} == before
        assert quick(kztimeline.views.richtext) and quick(pyqtgraph.graphicsItems.AxisItem)  # (0, not read)
    finally:
        feature._mod_uses_pyside = read


def test_the_first_paint_loads_no_gazetteer_once_its_answers_are_kept(tmp_path):
    """The places map shades its regions with names resolved before (geo.gazetteer.resolved_ids) and the places
    list words its tooltips when they are shown: from the second start on, the gazetteer itself is not loaded."""
    code = _OPEN_BUNDLED.replace(
        "print(json.dumps(sorted(sys.modules)))",
        "from kztimeline.geo.gazetteer import default_gazetteer\n"
        "print(json.dumps([str(default_gazetteer.cache_info().currsize)]))")
    settings = str(tmp_path / "settings.ini")
    _modules(code, tmp_path, settings)  # the first start: the dataset is checked (with the gazetteer)
    assert _modules(code, tmp_path, settings) == {"0"}


def test_the_command_s_start_imports_psygnal_without_importlib_metadata(tmp_path):
    """startimports imports psygnal with a stand-in for importlib.metadata (psygnal's __init__ only reads its own
    version there, 15 ms with email and zipfile behind it): the window opens from the cache without it (nor csv,
    which it and the readers import), psygnal knows its true version, and the real importlib.metadata is what a later
    import gives."""
    code = ("from kztimeline.app import startimports\nstartimports.import_qt_free_first()\n"
            + _OPEN_BUNDLED.replace("print(json.dumps(sorted(sys.modules)))", "\n".join([
                "loaded = 'importlib.metadata' in sys.modules or 'csv' in sys.modules",
                "import importlib.metadata, psygnal",
                "real = importlib.metadata.version('psygnal') == psygnal.__version__ != '0.0.0'",
                "print(json.dumps([f'{loaded} {real} {hasattr(importlib.metadata, \"distributions\")}']))"])))
    settings = str(tmp_path / "settings.ini")
    _modules(code, tmp_path, settings)  # the first start parses and checks (the readers import csv)
    # not loaded at the first paint; psygnal's true version; the real module afterwards
    assert _modules(code, tmp_path, settings) == {"False True True"}


def test_the_command_s_second_start_compiles_no_dataclass_methods(tmp_path):
    """`kztimeline` installs app/dataclasscode before the model's classes are made: the first start compiles their
    methods and keeps them, the next compiles none (the classes on the way to the window, some 15 ms)."""
    code = "\n".join([
        "import dataclasses, json, sys",
        "from PySide6.QtWidgets import QApplication",
        "def shown():",
        "    cache = dataclasses.exec.__self__",
        "    texts = {**cache.known, **cache.compiled}",
        "    made = {m for t in cache.used for c in texts[t].co_consts if hasattr(c, 'co_consts')",
        "            for m in c.co_consts}  # (the methods: in the function that makes them, in the text's code)",
        "    ours = [c for m in list(sys.modules.values()) if m.__name__.startswith('kztimeline')",
        "            for c in vars(m).values() if dataclasses.is_dataclass(c) and isinstance(c, type)]",
        "    missed = [c.__name__ for c in ours if c.__init__.__code__ not in made]",
        "    print(json.dumps([f'{len(cache.used)} {len(cache.compiled)} {len(ours)} {missed}']))",
        "    return 0",
        "QApplication.exec = staticmethod(shown)",
        "from kztimeline import cli",
        "sys.exit(cli.main([]))"])
    config = str(tmp_path / "config")  # (the window's settings)
    first, again = [_modules(code, tmp_path, XDG_CONFIG_HOME=config).pop().split(maxsplit=3) for _ in range(2)]
    (used, compiled, _, missed), (used_again, compiled_again, classes_again, missed_again) = first, again
    assert int(compiled) == int(used) > 100  # (a few texts a class; the readers' classes too: the file was parsed)
    assert int(used_again) > 100 and compiled_again == "0"
    assert int(classes_again) > 25 and missed == missed_again == "[]"  # every class of ours made through it


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts the process's threads in /proc")
@pytest.mark.parametrize("chosen", [None, "2"])
def test_the_command_starts_no_blas_threads_unless_the_user_chose_some(tmp_path, chosen):
    """startimports.one_blas_thread: OpenBLAS's worker threads spin 40-90 ms of CPU at numpy's import, for linear
    algebra kztimeline never does; the command starts none (no thread besides Qt's named like the main one, but for
    our own Python threads, such as the cache store waiting for the first paint), and a number the user set is
    kept."""
    code = "\n".join([
        "import json, os, sys, threading",
        "from PySide6.QtWidgets import QApplication",
        "def shown():",
        "    names = [open(f'/proc/self/task/{t}/comm').read().strip() for t in os.listdir('/proc/self/task')]",
        "    others = names.count(names[0]) - threading.active_count() + 1  # Python's own threads left out",
        "    print(json.dumps([f\"{os.environ['OPENBLAS_NUM_THREADS']} {others}\"]))",
        "    return 0",
        "QApplication.exec = staticmethod(shown)",
        "from kztimeline import cli",
        "sys.exit(cli.main([]))"])
    (found,) = _modules(code, tmp_path, XDG_CONFIG_HOME=str(tmp_path / "config"), OPENBLAS_NUM_THREADS=chosen)
    assert found == ("1 1" if chosen is None else "2 2")


def test_the_command_s_start_runs_no_garbage_collection(tmp_path):
    """From the command's first import of the model to the window shown, the cyclic collector is paused (cli and
    app/launch.py): the imports and the window make some hundred thousand objects and no garbage, and its passes over
    them took 15 ms of the start."""
    code = "\n".join([
        "import gc, json, sys",
        "from PySide6.QtWidgets import QApplication",
        "passes = []",
        "def shown():",
        "    print(json.dumps([str(len(passes))]))",
        "    return 0",
        "QApplication.exec = staticmethod(shown)",
        "from kztimeline import cli",
        "gc.callbacks.append(lambda phase, info: passes.append(info) if phase == 'start' else None)",
        "sys.exit(cli.main([]))"])
    assert _modules(code, tmp_path, XDG_CONFIG_HOME=str(tmp_path / "config")) == {"0"}
