"""Start the GUI, or explain in one line why it cannot start here."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.gcpause import paused_gc
from ..model.limits import DEFAULT_LIMITS, Limits
from .startimports import import_qt_free_first, skip_feature_scan

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


def run_app(path: Path | None, view: ViewSpec | None = None, limits: Limits = DEFAULT_LIMITS) -> int:
    if not display_available():
        print(NO_DISPLAY_HINT, file=sys.stderr)
        return 2
    # start-up makes some million objects and no garbage: no collection until the window is built, and what it made
    # (kept as long as the window) goes to the collector's oldest generation at the block's end
    with paused_gc():
        started = _start(path, view, limits)
    if isinstance(started, int):
        return started
    app, _window = started  # (both kept referenced while the application runs)
    return app.exec()


def _start(path: Path | None, view: ViewSpec | None, limits: Limits) -> tuple[QApplication, MainWindow] | int:
    """The application and its window, shown on its data; or the exit status when there is nothing to show or the
    view asked for does not fit the data."""
    import_qt_free_first()
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
