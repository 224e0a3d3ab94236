"""app/dataclasscode: the methods dataclasses write are compiled once and read back sealed; the classes are the same."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kztimeline.app.dataclasscode import MAGIC, CodeCache


def _make(cache: CodeCache | None, monkeypatch: pytest.MonkeyPatch) -> type:
    """A frozen dataclass with defaults and a field left out of eq, made through the cache's exec (or exec's own)."""
    with monkeypatch.context() as patch:
        if cache is not None:
            patch.setattr(dataclasses, "exec", cache.exec, raising=False)

        @dataclasses.dataclass(frozen=True, slots=True, order=True)
        class Point:
            x: float
            y: float = 0.0
            tags: tuple[str, ...] = ()
            note: str = dataclasses.field(default="", compare=False)

        return Point


def _behaviour(cls: type) -> tuple:
    a, b = cls(1.0, tags=("t",), note="n"), cls(1.0, 0.0, ("t",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.x = 2.0
    return (repr(a), a == b, hash(a) == hash(b), a < cls(2.0), dataclasses.astuple(a), cls.__doc__,
            [f.name for f in dataclasses.fields(cls)], cls.__match_args__, hasattr(a, "__dict__"),
            cls.__init__.__annotations__)  # (types, not strings: compiled without our __future__ flags)


def test_classes_are_those_exec_makes_and_a_second_process_compiles_nothing(tmp_path: Path, monkeypatch):
    path = tmp_path / "code" / "dataclasses.bin"
    plain = _behaviour(_make(None, monkeypatch))
    first = CodeCache(path)
    assert first.known == {} and _behaviour(_make(first, monkeypatch)) == plain
    assert first.compiled  # __init__, __repr__, __eq__, the order and the frozen methods
    first.save()
    again = CodeCache(path)
    assert set(again.known) == set(first.compiled)
    assert _behaviour(_make(again, monkeypatch)) == plain and again.compiled == {}
    again.save()  # nothing new: the file is left as it was
    assert CodeCache(path).known.keys() == again.known.keys()
    assert (path.parent / "seal.key").stat().st_mode & 0o077 == 0  # the secret is the user's alone


@pytest.mark.parametrize("spoil", [
    lambda blob: blob[:-1] + bytes([blob[-1] ^ 1]),  # the body changed after it was sealed
    lambda blob: blob[: len(blob) // 2],  # truncated
    lambda blob: blob.replace(MAGIC, b"another program's file\n", 1),
    lambda blob: b"",
])
def test_a_file_not_sealed_by_this_user_s_kztimeline_is_never_read(tmp_path: Path, monkeypatch, spoil):
    path = tmp_path / "code" / "dataclasses.bin"
    cache = CodeCache(path)
    _make(cache, monkeypatch)
    cache.save()
    path.write_bytes(spoil(path.read_bytes()))
    spoilt = CodeCache(path)
    assert spoilt.known == {}
    assert _behaviour(_make(spoilt, monkeypatch)) == _behaviour(_make(None, monkeypatch))  # compiled afresh


def test_another_users_secret_does_not_open_the_file(tmp_path: Path, monkeypatch):
    path = tmp_path / "code" / "dataclasses.bin"
    cache = CodeCache(path)
    _make(cache, monkeypatch)
    cache.save()
    (path.parent / "seal.key").write_bytes(bytes(32))
    assert CodeCache(path).known == {}


SEEN_FROM_HERE = 5


def test_exec_without_globals_uses_the_caller_s_as_exec_does(tmp_path: Path):
    cache, names, plain = CodeCache(tmp_path / "dataclasses.bin"), {}, {}
    cache.exec("found = SEEN_FROM_HERE + 1", None, names)
    exec("found = SEEN_FROM_HERE + 1", None, plain)
    assert names == plain == {"found": 6}


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch):
    (tmp_path / "not-a-folder").write_text("")
    cache = CodeCache(tmp_path / "not-a-folder" / "code" / "dataclasses.bin")
    _make(cache, monkeypatch)
    cache.save()  # (at exit: nothing written, nothing raised; the next start compiles again)
    assert cache.compiled and CodeCache(cache.path).known == {}
