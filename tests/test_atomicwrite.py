"""Writes replace their target whole or not at all, and leave no temporary files behind, even after a kill."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kztimeline.atomicwrite import AtomicWriteError, remove_stale_parts, write_atomically


def _parts(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_write_replaces_the_target_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "out.png"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new" and _parts(tmp_path) == []


def test_a_failed_rename_keeps_the_old_file_and_removes_the_temporary_one(tmp_path, monkeypatch):
    target = tmp_path / "out.png"
    target.write_bytes(b"old")

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(AtomicWriteError, match="No space left on device"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old" and _parts(tmp_path) == []


def test_an_interrupt_mid_write_removes_the_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "fsync", lambda _fd: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "out.png", b"new")
    assert _parts(tmp_path) == [] and not (tmp_path / "out.png").exists()


def test_parts_left_by_a_killed_process_go_at_the_next_write(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    dead_pid = int(gone.stdout)
    stale = tmp_path / f".out.png.{dead_pid}.abc123.part"
    alive = tmp_path / f".out.png.{os.getppid()}.def456.part"  # our parent still runs: its write may be under way
    other = tmp_path / f".other.png.{dead_pid}.abc123.part"  # another target's: not ours to touch
    for path in (stale, alive, other):
        path.write_bytes(b"partial")
    write_atomically(tmp_path / "out.png", b"new")
    assert not stale.exists() and alive.exists() and other.exists()
    assert remove_stale_parts(tmp_path / "out.png") == []


def test_a_missing_folder_is_one_line(tmp_path):
    with pytest.raises(AtomicWriteError, match="cannot write"):
        write_atomically(tmp_path / "nowhere" / "out.png", b"x")
