"""Captured sources are checked against the SHA-256 recorded at capture (`sha256`, `original`, `captured`)."""

import hashlib
import shutil

from conftest import DATA
from kztimeline.cli import main
from kztimeline.model import load_dataset

NAME = "republicworld-2022-01-06-terrorist-gangs.txt"


def _dataset(tmp_path, extra):
    """minimal.yaml whose source carries `extra` (YAML lines for the source mapping)."""
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    anchor = f"    file: sources/{NAME}\n"
    path = tmp_path / "events.yaml"
    path.write_text(text.replace(anchor, anchor + extra), encoding="utf-8")
    return path


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_recorded_hashes_and_capture_time_check_clean(tmp_path):
    (tmp_path / "sources").mkdir()
    original = tmp_path / "sources" / "page.html"
    original.write_bytes(b"<html><body><p>as received</p></body></html>")
    digest = _sha(DATA / "sources" / NAME)
    path = _dataset(tmp_path / "d", f"    sha256: {digest}\n    captured: 2026-12-02T02:31:07+00:00\n"
                                    f"    original: {{file: sources/page.html, sha256: {_sha(original)}}}\n")
    shutil.copy(original, tmp_path / "d" / "sources" / "page.html")
    result = load_dataset(path)
    assert result.problems == []
    source = result.dataset.sources["rw"]
    assert source.captured.isoformat() == "2026-12-02T02:31:07+00:00"
    assert source.original == path.parent / "sources" / "page.html"


def test_an_archived_text_changed_after_capture_names_the_file_and_both_hashes(tmp_path, capsys):
    recorded = _sha(DATA / "sources" / NAME)
    path = _dataset(tmp_path, f"    sha256: {recorded}\n")
    archived = tmp_path / "sources" / NAME
    data = bytearray(archived.read_bytes())
    data[100] = ord("X") if data[100] != ord("X") else ord("Y")  # one byte
    archived.write_bytes(bytes(data))
    now = _sha(archived)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    line = path.read_text(encoding="utf-8").splitlines().index(f"    sha256: {recorded}") + 1
    assert out == [f"{path}:{line}:13: sources[0].sha256: 'sources/{NAME}' changed after it was captured: its "
                   f"SHA-256 is now {now}, recorded {recorded}; restore the captured file or capture the source again"]


def test_a_changed_original_is_reported_too(tmp_path):
    path = _dataset(tmp_path, "    original: {file: sources/page.html, sha256: " + "ab" * 32 + "}\n")
    (tmp_path / "sources" / "page.html").write_bytes(b"<p>changed</p>")
    (problem,) = load_dataset(path).problems
    assert problem.field == "sources[0].original.sha256" and "'sources/page.html' changed after" in problem.message


def test_bad_capture_keys_each_get_a_located_message(tmp_path):
    path = _dataset(tmp_path, "    sha256: not-a-hash\n    captured: 2026-12-02T02:31\n"
                              "    original: {file: ../outside.html}\n")
    messages = sorted(f"{p.field}: {p.message}" for p in load_dataset(path).problems)
    assert len(messages) == 3, messages
    assert messages[0].startswith("sources[0].captured: '2026-12-02T02:31' has no UTC offset")
    assert messages[1].startswith("sources[0].original.file: source file '../outside.html' climbs out")
    assert messages[2].startswith("sources[0].sha256: 'not-a-hash' is not a SHA-256")
