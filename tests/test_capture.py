"""Capturing sources: text files, saved pages, pasted text and (served locally) URLs, stored with their hashes."""

import gzip
import hashlib
import http.server
import socket
from datetime import date

import pytest

from conftest import DATA, serving
from kztimeline.model.capture import CaptureError, SourceFields, fetch_url, from_text, read_path, store
from kztimeline.model.document import EventsDocument

PAGE = DATA / "capture" / "steppe-daily-almaty-airport.html"
TEXT = DATA / "sources" / "republicworld-2022-01-06-terrorist-gangs.txt"


@pytest.fixture
def doc(tmp_path):
    return EventsDocument.new(tmp_path / "kz", "Captures", date(2022, 1, 1), date(2022, 1, 31))


def _sha(data):
    return hashlib.sha256(data).hexdigest()


def test_a_saved_page_gives_the_article_text_and_its_metadata():
    capture = read_path(PAGE)
    assert (capture.title, capture.author, capture.outlet) == (
        "Almaty airport seized as Kazakhstan unrest spreads", "Aigerim Sadykova", "Steppe Daily")
    assert capture.published == "2022-01-06T09:12:00+06:00"  # the page's own time and offset, not only the day
    assert capture.url == "https://www.steppedaily.example/world/2022/01/06/almaty-airport-seized"
    assert capture.text.startswith("ALMATY — Protesters seized the international airport in Almaty")
    assert "send peacekeeping forces to Kazakhstan for a limited period" in capture.text
    for furniture in ("Advertisement", "Related stories", "Subscribe", "VPN", "Read more", "cookies",
                      "Most read", "Share on Twitter", "All rights reserved", "Central Asia briefing"):
        assert furniture not in capture.text
    assert capture.original == PAGE.read_bytes()


def test_storing_a_page_keeps_its_bytes_and_the_extracted_text_both_hashed(doc):
    capture = read_path(PAGE)
    add = store(doc, capture)
    add.apply(doc)
    source_id = add.source_id
    assert source_id == "steppe-daily-2022-01-06-almaty-airport-seized"
    html = doc.sources_folder / f"{source_id}.html"
    text = doc.sources_folder / f"{source_id}.txt"
    assert html.read_bytes() == PAGE.read_bytes()
    assert text.read_text(encoding="utf-8") == capture.text
    saved = doc.text()
    assert f"    sha256: {_sha(text.read_bytes())}\n" in saved
    assert f"      file: resources/sources/{source_id}.html\n      sha256: {_sha(html.read_bytes())}\n" in saved
    assert f"    captured: {capture.captured.isoformat()}\n" in saved and capture.captured.utcoffset() is not None
    result = doc.check()
    assert result.ok, result.problems
    assert result.dataset.sources[source_id].original == html


def test_a_text_file_is_stored_as_given(doc):
    add = store(doc, read_path(TEXT), SourceFields(outlet="Republic World", published="2022-01-06T07:35+05:30"))
    add.apply(doc)
    stored = doc.sources_folder / f"{add.source_id}.txt"
    assert stored.read_bytes() == TEXT.read_bytes()
    assert "original" not in doc.text()
    assert doc.check().ok


def test_pasted_text_and_the_fields_the_user_gives(doc):
    capture = from_text("Kazakhstan cut the internet.\n\nMore text follows here.")
    add = store(doc, capture, SourceFields(outlet="Notes", published="2022-01-06", author="Me", source_id="notes"))
    add.apply(doc)
    text = doc.text()
    assert "  - id: notes\n    outlet: Notes\n    title: Kazakhstan cut the internet.\n    author: Me\n" in text
    assert "    published: 2022-01-06T00:00:00+00:00\n    published_precision: day\n" in text
    assert doc.check().ok


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp: read_path(tmp / "x.pdf"), r"'x.pdf' is neither a text file \(.txt\) nor a saved web page"),
    (lambda tmp: read_path(tmp / "missing.txt"), "cannot read '.*missing.txt': No such file"),
    (lambda tmp: from_text("  \n"), "the pasted text is empty"),
])
def test_unreadable_inputs_give_one_line(tmp_path, make, message):
    with pytest.raises(CaptureError, match=message):
        make(tmp_path)


def test_a_text_file_that_is_not_utf8_is_named_with_its_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("first line\nAlmaty caf\u00e9\n".encode("latin-1"))
    with pytest.raises(CaptureError, match=r"latin1.txt:2: the file is not UTF-8 text"):
        read_path(path)


def test_missing_metadata_is_asked_for(doc):
    with pytest.raises(CaptureError, match="no outlet or publication date found; give outlet, publication date"):
        store(doc, from_text("Just a paragraph."))


def test_a_source_id_never_overwrites_a_file_already_there(doc):
    fields = SourceFields(outlet="Notes", published="2022-01-06", title="Same")
    doc.sources_folder.joinpath("notes-2022-01-06-same.txt").write_text("someone else's", encoding="utf-8")
    add = store(doc, from_text("Text"), fields)
    assert add.source_id == "notes-2022-01-06-same-2"
    assert doc.sources_folder.joinpath("notes-2022-01-06-same.txt").read_text(encoding="utf-8") == "someone else's"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/capture/steppe-daily-almaty-airport.html")
            self.end_headers()
        elif self.path == "/gzipped":
            body = gzip.compress(PAGE.read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().do_GET()


@pytest.fixture
def server():
    """The data folder served on 127.0.0.1 from a thread, as a stand-in for a news site."""
    with serving(_Handler) as address:
        yield address


def test_a_url_is_fetched_once_and_kept_as_a_warc_record_beside_the_text(doc, server):
    from warcio.archiveiterator import ArchiveIterator

    url = f"{server}/capture/steppe-daily-almaty-airport.html"
    capture = fetch_url(url, timeout=5)
    assert capture.kind == "url" and capture.title == "Almaty airport seized as Kazakhstan unrest spreads"
    add = store(doc, capture, SourceFields(url=url))
    add.apply(doc)
    warc = doc.sources_folder / f"{add.source_id}.warc.gz"
    text = doc.sources_folder / f"{add.source_id}.txt"
    assert gzip.decompress(warc.read_bytes()).startswith(b"WARC/1.")
    with warc.open("rb") as stream:
        records, bodies = {}, {}
        for record in ArchiveIterator(stream):
            records[record.rec_type], bodies[record.rec_type] = record, record.content_stream().read()
        response, request = records["response"], records["request"]
        assert response.rec_headers.get_header("WARC-Target-URI") == url
        assert response.rec_headers.get_header("WARC-Date") == capture.captured.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert response.http_headers.get_statuscode() == "200"
        assert "text/html" in response.http_headers.get_header("Content-Type")
        assert bodies["response"] == PAGE.read_bytes()
        assert request.http_headers.get_header("User-Agent").startswith("kztimeline/")
    assert text.read_text(encoding="utf-8") == capture.text
    saved = doc.text()
    assert f"    url: {url}\n" in saved
    assert f"sha256: {_sha(warc.read_bytes())}" in saved and f"sha256: {_sha(text.read_bytes())}" in saved
    assert doc.check().ok


def test_a_missing_page_and_no_network_are_one_line_each(server):
    with pytest.raises(CaptureError, match=r"cannot fetch .*/nothing.html: the server answered 404"):
        fetch_url(f"{server}/nothing.html", timeout=5)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(CaptureError, match=r"cannot fetch http://127.0.0.1:\d+/x: .*\(are you online\?\)$"):
        fetch_url(f"http://127.0.0.1:{port}/x", timeout=5)
    with pytest.raises(CaptureError, match=r"'ftp://example\.org/x' is not an http"):
        fetch_url("ftp://example.org/x")


def test_a_redirect_is_reported_not_followed(server):
    with pytest.raises(CaptureError, match=r"/moved redirects \(301\) to http://127.0.0.1:\d+/capture/steppe-daily"):
        fetch_url(f"{server}/moved", timeout=5)


def test_a_compressed_body_is_kept_as_received_and_read_decompressed(doc, server):
    capture = fetch_url(f"{server}/gzipped", timeout=5)
    assert capture.original == capture.exchange.body and gzip.decompress(capture.original) == PAGE.read_bytes()
    assert capture.title == "Almaty airport seized as Kazakhstan unrest spreads"
    assert capture.text == read_path(PAGE).text
