"""QApplication set-up: names for QSettings, Qt's messages routed into Python logging, pyqtgraph options."""

from __future__ import annotations

import logging

import pyqtgraph as pg
from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from .. import __version__
from ..resources import resource

log = logging.getLogger("kztimeline.qt")
_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
           QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
           QtMsgType.QtFatalMsg: logging.CRITICAL}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    log.log(_LEVELS.get(kind, logging.WARNING), message)


def create_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if existing is not None and not isinstance(existing, QApplication):
        raise RuntimeError("a Qt application without widgets is already running")
    app = existing or QApplication(argv)
    configure(app)
    qInstallMessageHandler(_qt_message)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    return app


def configure(app: QApplication) -> None:
    """Settings names, icon and pyqtgraph defaults; shared by the app and the tests."""
    app.setOrganizationName("kztimeline")
    app.setApplicationName("kztimeline")
    app.setApplicationVersion(__version__)
    icon = resource("icons", "kztimeline.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    pg.setConfigOptions(antialias=True)
