"""`kztimeline source add`: the CLI over the document, commands and capture code the app uses."""

import http.server
import io
import shutil
import threading
from functools import partial

import pytest

from conftest import DATA
from kztimeline.cli import main
from kztimeline.model.document import DocumentError, EventsDocument

PAGE = DATA / "capture" / "steppe-daily-almaty-airport.html"


@pytest.fixture
def events(tmp_path):
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    path = tmp_path / "events.yaml"
    shutil.copy(DATA / "commented.yaml", path)
    return path


def test_adding_a_saved_page_prints_its_id_and_only_adds_to_the_sources_section(events, capsys):
    before = events.read_text(encoding="utf-8")
    assert main(["source", "add", str(PAGE), "--to", str(events)]) == 0
    source_id = capsys.readouterr().out.strip()
    assert source_id == "steppe-daily-2022-01-06-almaty-airport-seized"
    after = events.read_text(encoding="utf-8")
    head, tail = before.split("\nevents:\n")
    assert after.startswith(head) and after.endswith("\nevents:\n" + tail)  # the rest byte for byte
    assert f"  - id: {source_id}\n    outlet: Steppe Daily\n" in after
    assert (events.parent / "resources" / "sources" / f"{source_id}.html").read_bytes() == PAGE.read_bytes()
    assert main(["check", str(events)]) == 0
    assert (events.parent / "events.yaml.bak").read_text(encoding="utf-8") == before


def test_standard_input_with_the_fields_given(events, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Notes taken from a radio bulletin.\n"))
    assert main(["source", "add", "-", "--to", str(events), "--outlet", "Radio Azattyq", "--title", "Bulletin",
                 "--author", "Desk", "--published", "2022-01-05T21:00+06:00", "--id", "radio"]) == 0
    assert capsys.readouterr().out == "radio\n"
    text = events.read_text(encoding="utf-8")
    assert "  - id: radio\n    outlet: Radio Azattyq\n    title: Bulletin\n    author: Desk\n" in text
    assert "    published: 2022-01-05T21:00:00+06:00\n" in text


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["https://example.org/a"], 2, "is a web address; add --online to fetch it"),
    (["--online"], 2, "--online needs an address to fetch"),
    ([], 2, "give the source: a .txt or .html file, or '-' for standard input"),
    (["page.pdf"], 1, "'page.pdf' is neither a text file"),
    (["-", "--id", "rw"], 1, "there is already a source 'rw'"),
])
def test_mistakes_are_one_line_and_leave_the_dataset_alone(events, capsys, monkeypatch, argv, code, message):
    monkeypatch.setattr("sys.stdin", io.StringIO("text\n"))
    before = events.read_bytes()
    extra = ["--outlet", "O", "--published", "2022-01-06"] if "-" in argv else []
    assert main(["source", "add", *argv, "--to", str(events), *extra]) == code
    err = capsys.readouterr().err
    assert err.startswith("kztimeline source add: ") and message in err and err.count("\n") == 1
    assert events.read_bytes() == before


def test_a_failed_save_removes_the_files_it_stored(events, capsys, monkeypatch):
    def refuse(self, force=False):
        raise DocumentError(f"cannot write '{self.path}': No space left on device")

    monkeypatch.setattr(EventsDocument, "save", refuse)
    assert main(["source", "add", str(PAGE), "--to", str(events)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert list((events.parent / "resources" / "sources").iterdir()) == []


def test_online_fetches_the_address_once(events, capsys):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(DATA)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/capture/steppe-daily-almaty-airport.html"
        assert main(["source", "add", url, "--online", "--to", str(events)]) == 0
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
    source_id = capsys.readouterr().out.strip()
    assert (events.parent / "resources" / "sources" / f"{source_id}.warc.gz").is_file()
    assert f"    url: {url}\n" in events.read_text(encoding="utf-8")
    assert main(["check", str(events)]) == 0
