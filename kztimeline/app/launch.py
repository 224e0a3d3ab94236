"""Start the GUI, or explain in one line why it cannot start here."""

from __future__ import annotations

import gc
import os
import socket
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.gcpause import paused_gc
from ..model.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from ..model.viewspec import ViewSpec
    from .mainwindow import MainWindow

NO_DISPLAY_HINT = ("kztimeline: no display available: run it in a desktop session, "
                   "or draw the timeline to a file with `kztimeline export --output timeline.png`")


def display_available() -> bool:
    """Whether Qt can open a window here, checked without Qt (whose failure would abort the process)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.split(":")[0] in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    wayland = os.environ.get("WAYLAND_DISPLAY")
    if wayland and platform in ("", "wayland"):
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        if (Path(wayland).is_absolute() and Path(wayland).exists()) or Path(runtime, wayland).exists():
            return True
    return _x11_reachable(os.environ.get("DISPLAY", ""))


def _x11_reachable(display: str) -> bool:
    if not display:
        return False
    host, _, number = display.rpartition(":")
    number = number.split(".")[0]
    if not number.isdigit():
        return False
    try:
        if host in ("", "unix"):
            with socket.socket(socket.AF_UNIX) as sock:
                sock.settimeout(2)
                sock.connect(f"/tmp/.X11-unix/X{number}")
        else:
            socket.create_connection((host, 6000 + int(number)), timeout=2).close()
    except OSError:
        return False
    return True


def _import_qt_free_first() -> None:
    """Import the Qt-free modules the window needs before PySide6: once imported, PySide6 reads the source of every
    module imported after it (its `__feature__` check, about 0.1-0.3 ms a module; `skip_feature_scan` spares ours,
    pyqtgraph's and the standard library's), and these are some two hundred (numpy, msgspec, psygnal, the model).
    Nothing else changes: they are imported on the way to the window anyway."""
    import numpy  # noqa: F401

    import_psygnal()
    from .. import crashlog  # noqa: F401
    from ..exchange import formats  # noqa: F401
    from ..geo import basemap, distance, gazetteer  # noqa: F401
    from ..model import cache, entities, selection, viewspec  # noqa: F401


def import_psygnal() -> None:
    """Import psygnal (the selection's signals) without importlib.metadata, which its __init__ imports only to read
    its own version: with email, zipfile and csv behind it, that was 15 ms of start-up, more than psygnal itself.
    While psygnal is imported, a stand-in answers that one question from the Version line of psygnal's installed
    METADATA (what importlib.metadata reads); where that file is not found, psygnal is imported as it is. Later,
    importing importlib.metadata gives the real module."""
    if "psygnal" in sys.modules or "importlib.metadata" in sys.modules:
        return
    from importlib.util import find_spec

    spec = find_spec("psygnal")
    version = _installed_version(Path(spec.origin).parent.parent, "psygnal") if spec and spec.origin else None
    if version is None:
        import psygnal
        return

    class PackageNotFoundError(ModuleNotFoundError):
        pass

    def psygnal_version(name: str) -> str:
        if name != "psygnal":
            raise PackageNotFoundError(name)
        return version

    stand_in = types.ModuleType("importlib.metadata", "psygnal's version, while psygnal is imported")
    stand_in.PackageNotFoundError = PackageNotFoundError  # type: ignore[attr-defined]
    stand_in.version = psygnal_version  # type: ignore[attr-defined]
    sys.modules["importlib.metadata"] = stand_in
    try:
        import psygnal  # noqa: F401
    finally:
        del sys.modules["importlib.metadata"]


def _installed_version(site: Path, name: str) -> str | None:
    """The Version of the one `name-*.dist-info/METADATA` in `site`, or None."""
    found = list(site.glob(f"{name}-*.dist-info/METADATA"))
    if len(found) != 1:
        return None
    try:
        with found[0].open(encoding="utf-8") as metadata:
            for line in metadata:
                if line.startswith("Version:"):
                    return line.removeprefix("Version:").strip()
                if not line.strip():
                    break  # the headers end at the first blank line
    except OSError:
        pass
    return None


#: Packages whose modules PySide6 need not read to know they select no `__feature__` (snake_case, true_property).
NO_FEATURES = ("kztimeline", "pyqtgraph")


def skip_feature_scan() -> None:
    """Spare PySide6 reading the source of the modules imported after it (some 270 at start-up, 40-60 ms).

    At the first import statement naming a module, PySide6 reads its source for the text "PySide6": a module that
    has it may select a `__feature__` (value 0), any other is left out of the selection (-1). Frozen, built-in and
    standard-library modules never have it, so they are answered without reading (the same answer); ours and
    pyqtgraph's select no feature, and with no module selecting one the two values act the same, so they are given 0
    without reading. Any other module is read as before. (PySide6's private `shibokensupport.feature` hook, pinned
    by pyproject's PySide6 version; where it is not found, nothing changes.)"""
    feature = sys.modules.get("shibokensupport.feature")
    scan = getattr(feature, "_mod_uses_pyside", None)
    if scan is None or getattr(scan, "skips", None) == NO_FEATURES:
        return
    stdlib = os.path.dirname(os.__file__) + os.sep
    site = os.sep + "site-packages" + os.sep

    def uses_pyside(module: object) -> bool:
        if getattr(module, "__name__", "").partition(".")[0] in NO_FEATURES:
            return True
        spec = getattr(module, "__spec__", None)
        origin = getattr(spec, "origin", None)
        if origin in ("frozen", "built-in") or (isinstance(origin, str) and origin.startswith(stdlib)
                                                 and site not in origin):
            return False
        return bool(scan(module))

    uses_pyside.skips = NO_FEATURES  # type: ignore[attr-defined]  # (done once)
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


def run_app(path: Path | None, view: ViewSpec | None = None, limits: Limits = DEFAULT_LIMITS) -> int:
    if not display_available():
        print(NO_DISPLAY_HINT, file=sys.stderr)
        return 2
    with paused_gc():  # start-up makes some million objects and no garbage: no collection until the window is built
        try:
            started = _start(path, view, limits)
        finally:
            gc.freeze()  # what start-up made lives as long as the window: later collections need not scan it again
    if isinstance(started, int):
        return started
    app, _window = started  # (both kept referenced while the application runs)
    return app.exec()


def _start(path: Path | None, view: ViewSpec | None, limits: Limits) -> tuple[QApplication, MainWindow] | int:
    """The application and its window, shown on its data; or the exit status when there is nothing to show or the
    view asked for does not fit the data."""
    _import_qt_free_first()
    import PySide6  # noqa: F401 (its import hook is what skip_feature_scan changes)

    skip_feature_scan()  # before pyqtgraph and our views are imported
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from .application import create_application
    from .mainwindow import MainWindow

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = create_application(sys.argv[:1])
    window = MainWindow()
    window.limits = limits
    if not window.open_path(path, initial=True):
        return 1
    if view is not None and not view.empty:
        problems = window.apply_view(view)
        for problem in problems:
            print(f"kztimeline: {problem}", file=sys.stderr)
        if problems:
            return 2
    window.show()
    window.raise_()
    window.activateWindow()  # take keyboard focus even where no window manager hands it over
    return app, window
