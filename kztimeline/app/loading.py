"""Loading a large file off the GUI thread, with progress and Cancel; the window keeps the data it shows."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from ..crashlog import report_internal_error
from ..model.limits import DEFAULT_LIMITS, Limits
from ..model.results import LoadCancelled, LoadResult

if TYPE_CHECKING:
    from hashlib import _Hash as Hash

    from ..model.textfile import FileDigest

    from ..model.mappedcsv import ColumnMapping


def load(path: Path, columns: ColumnMapping | None = None, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """`load_dataset(path, columns=columns, limits=limits)`, with the readers imported only when the cache of checked
    datasets misses: a file reopened unchanged (the bundled one, at every start) is shown without importing the
    YAML, CSV and date-phrase readers, some 0.1 s of start-up. A new cache entry is stored in the background (the
    window does not wait for it)."""
    from ..model.cache import load_cached

    def parse(text: str | None, digest: Hash | FileDigest | None) -> LoadResult:
        from ..model.loader import load_read

        return load_read(path, text, digest, columns=columns, limits=limits)

    return load_cached(path, str(path), limits, columns, parse, background=True)


class LoadWorker(QObject):
    progressed = Signal(str, int, int)  # phase, done, total (0 when unknown)
    loaded = Signal(object)  # LoadResult
    cancelled = Signal()
    failed = Signal(str)  # an internal error: the message for the user (the details went to the log)

    def __init__(self, path: Path, columns: ColumnMapping | None = None, limits: Limits = DEFAULT_LIMITS):
        super().__init__()
        self.path = path
        self.columns = columns  # how to read a CSV of another layout (see model/mappedcsv.py)
        self.limits = limits
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def _progress(self, phase: str, done: int, total: int) -> None:
        if self._stop.is_set():
            raise LoadCancelled()
        self.progressed.emit(phase, done, total)

    @Slot()
    def run(self) -> None:
        # The window's painting calls into Qt many times, dropping and retaking the GIL each time; with the
        # default 5 ms switch interval each retake could wait 5 ms for this thread. A short interval keeps the
        # window responsive while loading, at a small cost to the load.
        from ..model.loader import load_dataset

        interval = sys.getswitchinterval()
        sys.setswitchinterval(0.0002)
        try:
            result: LoadResult = load_dataset(self.path, progress=self._progress, columns=self.columns,
                                              limits=self.limits, store_later=True)
        except LoadCancelled:
            self.cancelled.emit()
            return
        except Exception as exc:  # a bug, not bad input: say so rather than leave the progress dialog up forever
            self.failed.emit(report_internal_error(exc, f"opening {self.path}"))
            return
        finally:
            sys.setswitchinterval(interval)
        if self._stop.is_set():
            self.cancelled.emit()
        else:
            self.loaded.emit(result)


class BackgroundLoad(QObject):
    """One load in its own QThread; emits `loaded(result)`, `cancelled()` or `failed(message)` in the GUI thread,
    then cleans up."""

    progressed = Signal(str, int, int)
    loaded = Signal(object)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, path: Path, parent: QObject | None = None, columns: ColumnMapping | None = None,
                 limits: Limits = DEFAULT_LIMITS):
        super().__init__(parent)
        self._thread = QThread()
        self.worker = LoadWorker(path, columns, limits)
        self.worker.moveToThread(self._thread)
        self._thread.started.connect(self.worker.run)
        queued = Qt.ConnectionType.QueuedConnection  # the worker emits from its thread; we act in ours
        self.worker.progressed.connect(self.progressed, queued)
        self.worker.loaded.connect(self._finish_loaded, queued)
        self.worker.cancelled.connect(self._finish_cancelled, queued)
        self.worker.failed.connect(self._finish_failed, queued)

    @property
    def path(self) -> Path:
        """The file being loaded."""
        return self.worker.path

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self.worker.cancel()

    def _stop_thread(self) -> None:
        self._thread.quit()
        self._thread.wait()

    @Slot(object)
    def _finish_loaded(self, result: LoadResult) -> None:
        self._stop_thread()
        if self.worker.stopped:  # Cancel pressed after the worker finished but before we got here
            self.cancelled.emit()
        else:
            self.loaded.emit(result)

    @Slot()
    def _finish_cancelled(self) -> None:
        self._stop_thread()
        self.cancelled.emit()

    @Slot(str)
    def _finish_failed(self, message: str) -> None:
        self._stop_thread()
        self.failed.emit(message)
