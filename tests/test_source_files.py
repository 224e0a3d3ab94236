"""A dataset someone sent must not make kztimeline read the reader's own files: sources stay inside its folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from kztimeline.model import load_dataset
from kztimeline.model.sourcefiles import read_source_file

from conftest import DATA

TEMPLATE = (DATA / "minimal.yaml").read_text(encoding="utf-8")
SOURCE = "sources/republicworld-2022-01-06-terrorist-gangs.txt"


def _dataset_with_source(folder: Path, file_name: str) -> Path:
    (folder / "sources").mkdir(exist_ok=True)
    (folder / SOURCE).write_bytes((DATA / SOURCE).read_bytes())
    path = folder / "events.yaml"
    path.write_text(TEMPLATE.replace(SOURCE, file_name), encoding="utf-8")
    return path


def _file_problems(path: Path) -> list[str]:
    result = load_dataset(path)
    return [p.message for p in result.problems if p.field == "sources[0].file"]


def test_the_fixture_reads_clean(tmp_path):
    assert load_dataset(_dataset_with_source(tmp_path, SOURCE)).ok


@pytest.mark.parametrize("name, expected", [
    ("/etc/passwd", "is an absolute path"),
    ("../../etc/passwd", "climbs out of the dataset's folder"),
    ("sources/../../outside.txt", "climbs out of the dataset's folder"),
    ("C:\\Windows\\win.ini", "is an absolute path"),
])
def test_paths_leaving_the_folder_are_refused_and_never_read(tmp_path, name, expected):
    (tmp_path / "outside.txt").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    folder = tmp_path / "dataset"
    folder.mkdir()
    problems = _file_problems(_dataset_with_source(folder, name))
    assert len(problems) == 1 and expected in problems[0]
    assert "root:x" not in " ".join(str(p) for p in load_dataset(folder / "events.yaml").problems)


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("my private notes\n", encoding="utf-8")
    folder = tmp_path / "dataset"
    folder.mkdir()
    (folder / "sources").mkdir()
    (folder / "sources" / "link.txt").symlink_to(secret)
    problems = _file_problems(_dataset_with_source(folder, "sources/link.txt"))
    assert len(problems) == 1 and "leads outside the dataset's folder" in problems[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    read = read_source_file(tmp_path, "pipe.txt")
    assert "not a regular file" in read.problem and read.text == ""


def test_a_device_is_refused(tmp_path):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    (tmp_path / "zero").symlink_to("/dev/zero")
    assert read_source_file(tmp_path, "zero").problem  # leaves the folder, and is not a regular file anyway


def test_size_limit_is_enforced(tmp_path):
    (tmp_path / "big.txt").write_text("word " * 1000, encoding="utf-8")
    read = read_source_file(tmp_path, "big.txt", max_bytes=100)
    assert "5,000 bytes, more than the 100" in read.problem


def test_empty_and_non_utf8_sources_are_errors(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("line one\nCaf\xe9\n".encode("latin-1"))
    assert "is empty, so no quote can be checked" in read_source_file(tmp_path, "empty.txt").problem
    latin = read_source_file(tmp_path, "latin.txt").problem
    assert "(line 2, column 4): the file is not UTF-8 text" in latin and "Latin-1" in latin


def test_a_missing_file_names_the_folder(tmp_path):
    assert read_source_file(tmp_path, "gone.txt").problem.startswith("source file 'gone.txt' not found")
