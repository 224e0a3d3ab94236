"""Test set-up: Qt runs headless, and nothing a test does touches the user's real settings or data folder.

Tests that need Qt are marked `gui` here, by what they use: pytest-qt's fixtures, or a module that imports Qt,
pyqtgraph or kztimeline's Qt packages. Without pytest-qt (`-p no:pytest-qt`) they are skipped and the rest runs:
    python -m pytest -p no:pytest-qt -m "not gui"
"""

import ast
import contextlib
import functools
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"

DATA = Path(__file__).parent / "data"
# A frozen copy of the bundled events.yaml, with its archived sources at the same relative paths (byte-identical
# to the originals when frozen). Tests that assert particular events, counts or titles load this one, so that a user
# who adds events to the bundled events.yaml keeps a green suite; the bundled file is only checked to be clean.
FROZEN = DATA / "frozen"
FROZEN_EVENTS = FROZEN / "events.yaml"



def events_at(dataset, place_id: str) -> list:
    """The dataset's events at a place, counted one by one (what the views work out from the columns)."""
    return [e for e in dataset.events if place_id in e.place_ids]


def event_counts(dataset) -> dict[str, int]:
    """Events (background included) at each of the dataset's places, counted one by one."""
    return {place_id: len(events_at(dataset, place_id)) for place_id in dataset.places}


GUI_FIXTURES = {"qtbot", "qapp", "qtlog", "qtmodeltester"}
GUI_MODULES = ("PySide6", "shiboken6", "pyqtgraph", "kztimeline.views", "kztimeline.app", "kztimeline.export")


def _pytest_qt_loaded(pluginmanager) -> bool:
    return pluginmanager.has_plugin("pytest-qt") or pluginmanager.has_plugin("pytestqt.plugin")


def pytest_addoption(parser, pluginmanager):
    """Without pytest-qt, pyproject.toml's qt_* settings are unknown keys (an error with --strict-config)."""
    if not _pytest_qt_loaded(pluginmanager):
        parser.addini("qt_api", "pytest-qt's Qt binding (unused: pytest-qt is not loaded)")
        parser.addini("qt_log_level_fail", "pytest-qt's failing log level (unused: pytest-qt is not loaded)")
        parser.addini("qt_log_ignore", "pytest-qt's ignored messages (unused: pytest-qt is not loaded)", "linelist")


def pytest_configure(config):
    """Without pytest-qt, its markers are unknown too (an error with --strict-markers) on the tests it would run."""
    if not _pytest_qt_loaded(config.pluginmanager):
        for marker in ("qt_log_ignore", "qt_log_level_fail", "qt_no_exception_capture"):
            config.addinivalue_line("markers", f"{marker}: pytest-qt's (unused: pytest-qt is not loaded)")


@functools.cache
def _imports_gui(path: Path) -> bool:
    """Whether a test module imports Qt, pyqtgraph or kztimeline's Qt packages, anywhere in it."""
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        if any(name == gui or name.startswith(gui + ".") for name in names for gui in GUI_MODULES):
            return True
    return False


@pytest.hookimpl(tryfirst=True)  # before -m selects by marks
def pytest_collection_modifyitems(config, items):
    skip = None
    if not _pytest_qt_loaded(config.pluginmanager):
        skip = pytest.mark.skip(reason="needs Qt and pytest-qt, which is not loaded (-p no:pytest-qt)")
    for item in items:
        if GUI_FIXTURES.intersection(getattr(item, "fixturenames", ())) or _imports_gui(Path(item.path)):
            item.add_marker(pytest.mark.gui)
            if skip is not None:
                item.add_marker(skip)


@contextlib.contextmanager
def sources_folder() -> Iterator[Path]:
    """A temporary folder holding a copy of tests/data/sources, for events files written beside them."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        shutil.copytree(DATA / "sources", folder / "sources")
        yield folder


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("KZTIMELINE_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    yield
    from kztimeline.model.cache import wait_for_stores

    wait_for_stores()  # a window's load stores its cache entry in a thread: finished within the test that made it


@pytest.fixture(scope="session")
def frozen_events() -> Path:
    """The frozen copy of the bundled dataset (see FROZEN_EVENTS)."""
    return FROZEN_EVENTS


@pytest.fixture(scope="session")
def dataset(frozen_events):
    """The frozen copy of the bundled dataset, loaded once (datasets are not changed by views)."""
    from kztimeline.model import load_dataset

    return load_dataset(frozen_events).dataset


@pytest.fixture
def selection(dataset):
    from kztimeline.model.selection import Selection

    return Selection(dataset)


@contextlib.contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """tests/data served on 127.0.0.1 from a thread by `handler`, as a stand-in for a news site; yields its address."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(DATA)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
