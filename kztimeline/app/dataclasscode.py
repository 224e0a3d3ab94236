"""Start-up without compiling the methods dataclasses write: compiled once, kept in the cache folder.

Each `@dataclass` writes the source of its methods (`__init__`, `__repr__`, `__eq__`, a frozen class's
`__setattr__`, ...) and compiles it with `exec`: some thirty classes on the way to the window, about 1 ms each, more
than half of it compiling (some 15 ms that the yardstick, an empty window, does not spend). `install` gives the
dataclasses module an `exec` of its own that compiles each text once: the code objects compiled at an earlier start
are read back from `userdirs.cache_dir()/code` (marshal, in this Python's own format and file), and those compiled
since are added when the process exits. A class is what it was: the code is compiled from the very text, as `exec`
would compile it (no `__future__` flags of ours).

Code is never taken from a file it cannot trust: the file must carry the seal this user's kztimeline puts on what it
writes (an HMAC-SHA256 keyed by a random secret beside it, readable by the user alone), or it is ignored, as one
truncated, corrupt or unreadable is (and replaced at exit). Where dataclasses does not compile through `exec` (a
later Python), nothing changes. Deleting the folder loses nothing.
"""

from __future__ import annotations

import atexit
import builtins
import marshal
import sys
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType, FunctionType, ModuleType
from typing import Any

MAGIC = b"kztimeline dataclass code\n" + MAGIC_NUMBER  # (the bytecode's version: a file of another Python is a miss)
#: More texts than this in the file (classes of code long changed): it is written afresh with this run's alone.
MAX_TEXTS = 2000


def cache_path() -> Path:
    """The file of this Python's compiled texts."""
    from ..userdirs import cache_dir

    return cache_dir() / "code" / f"dataclasses.{sys.implementation.cache_tag}.bin"


class CodeCache:
    """The compiled texts of a file, and an `exec` that takes its code from them (compiling the texts not there)."""

    def __init__(self, path: Path):
        self.path = path
        self.known: dict[str, CodeType] = self._read()
        self.used: set[str] = set()
        self.compiled: dict[str, CodeType] = {}  # texts this process compiled: stored by `save`

    def exec(self, source: Any, globals: dict[str, Any] | None = None, locals: Any = None, /, **kwargs: Any) -> None:
        """`exec` itself, with a text's code from the cache."""
        if globals is None:  # exec's own default: the caller's namespaces
            caller = sys._getframe(1)
            globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
        if isinstance(source, str):
            code = self.known.get(source) or self.compiled.get(source)
            if code is None:
                code = self.compiled[source] = compile(source, "<string>", "exec", dont_inherit=True)
            self.used.add(source)
            source = code
        builtins.exec(source, globals, locals, **kwargs)

    def save(self) -> None:
        """Store the texts compiled by this process with those read (when there were new ones)."""
        if not self.compiled:
            return
        texts = {**self.known, **self.compiled}
        if len(texts) > MAX_TEXTS:
            texts = {text: code for text, code in texts.items() if text in self.used}
        from ..userdirs import sealed

        parts = sealed(self.path.parent, MAGIC, marshal.dumps(texts))
        if parts is None:
            return
        from ..atomicwrite import write_atomically

        try:
            write_atomically(self.path, parts, durable=False)
        except OSError:  # (AtomicWriteError among them) a cache: the next start compiles again
            pass

    def _read(self) -> dict[str, CodeType]:
        try:
            blob = self.path.read_bytes()
        except OSError:
            return {}
        from ..userdirs import unsealed

        body = unsealed(self.path.parent, MAGIC, blob)
        if body is None:
            return {}
        try:
            texts = marshal.loads(body)
        except (EOFError, ValueError, TypeError):
            return {}
        if not isinstance(texts, dict) or not all(isinstance(t, str) and isinstance(c, CodeType)
                                                  for t, c in texts.items()):
            return {}
        return texts


def install() -> CodeCache | None:
    """Give the dataclasses module the cache's `exec` (once), and store what it compiles at exit; None where
    dataclasses compiles otherwise than through `exec`, or has a `__future__` flag of its own."""
    import dataclasses

    current = getattr(dataclasses, "exec", None)
    if isinstance(getattr(current, "__self__", None), CodeCache):
        return current.__self__  # type: ignore[union-attr]
    if current is not None or not _compiles_through_exec(dataclasses) or hasattr(dataclasses, "annotations"):
        return None
    cache = CodeCache(cache_path())
    dataclasses.exec = cache.exec  # type: ignore[attr-defined]  # (a global of that module: its calls find it first)
    atexit.register(cache.save)
    return cache


def _compiles_through_exec(module: ModuleType) -> bool:
    """Whether a function of the module, or of a class of it, calls a global named `exec`."""
    functions = [v for v in vars(module).values() if isinstance(v, FunctionType)]
    functions += [f for c in vars(module).values() if isinstance(c, type) for f in vars(c).values()
                  if isinstance(f, FunctionType)]
    return any("exec" in f.__code__.co_names for f in functions)
