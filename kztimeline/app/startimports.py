"""What start-up imports, and how: the Qt-free modules before PySide6, psygnal without importlib.metadata,
PySide6's import hook spared reading our modules' source, and numpy without OpenBLAS's worker threads. Each is time
the yardstick (an empty window) does not spend; `tests/test_startup_imports.py` holds what they leave out,
`benchmarks/README.md` ("Start-up") what they take.
"""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path


def one_blas_thread() -> None:
    """Have numpy's OpenBLAS work in the calling thread alone (unless the user chose otherwise), before numpy is
    imported: at import, OpenBLAS starts a worker thread per core, which spins 40-90 ms of CPU on the other core at
    every start waiting for work that kztimeline never gives it (its arrays are sorted, masked and indexed; no linear
    algebra). On a machine whose other cores are busy, that spinning is taken from the window's start."""
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def import_qt_free_first() -> None:
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
