"""Capturing a source: from a text file, a saved web page, pasted text, or (only when asked) a URL.

Two steps, so that a dialog can show what was found and let the user correct it:

1. `read_path(path)`, `from_text(text)` or `fetch_url(url)` return a `Capture`: the original bytes exactly as
   received, the article's text (the archived text quotes are checked against) and what the page says about
   itself (title, author, publication date, site name, address), all of it only a proposal.
2. `store(doc, capture, fields)` writes the files into the dataset's `resources/sources/` (atomically, never over
   a different file) and returns the `AddSource` command that records them, with the SHA-256 of each file and the
   capture time, for the caller to apply (the GUI through its undo stack, the CLI directly).

What is kept, per kind: a `.txt` file is copied as it is (it is its own original); pasted text is saved as UTF-8;
a web page keeps its bytes unchanged as `<id>.html` beside the extracted text `<id>.txt`; a URL keeps the whole
exchange as a WARC file (`<id>.warc.gz`: the request with its headers and the raw response with its headers and
the capture time, as web archives store it) beside the extracted text.

The article's text is extracted with trafilatura: maintained, built for news pages, it drops navigation,
advertising, share buttons and related-story lists, and reads the byline, date and site name from the page's
metadata (readability-lxml gives the main HTML but no metadata; jusText classifies paragraphs but leaves dates and
authors to the caller). Plain Python, no Qt.
"""

from __future__ import annotations

import gzip
import io
import urllib.error
import urllib.parse
import urllib.request
import zlib
from urllib.parse import urlparse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from .commands import AddSource, slugify, unique_id
from .dates import parse_when_value
from .document import DocumentError, EventsDocument, sha256_hex, write_atomic
from .sourcefiles import MAX_SOURCE_BYTES

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
#: Seconds to wait for a web server; a capture is one request, never retried.
TIMEOUT = 20.0
USER_AGENT = f"kztimeline/{__version__} (source capture for a verified timeline)"


class CaptureError(Exception):
    """A source that cannot be captured; one line for the user."""


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and its response, as sent and received, for the WARC record."""

    url: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class Capture:
    """A source read but not yet stored: its bytes, its text, and what it says about itself (proposals)."""

    kind: str  # "text" (a .txt file or pasted text), "html" (a saved page) or "url" (fetched now)
    original: bytes  # exactly as received (for "url": the response body)
    text: str  # the archived text: what quotes are checked against
    title: str = ""
    author: str = ""
    published: str = ""  # ISO 8601: a datetime with offset, or a date when only the day is known
    outlet: str = ""  # the site's name
    url: str = ""
    captured: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    exchange: Exchange | None = None
    name: str = ""  # the file or address it came from, for messages and a default id


@dataclass(frozen=True)
class SourceFields:
    """What the user confirmed (the dialog's fields, or the CLI's options); empty means "as proposed"."""

    outlet: str = ""
    title: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    source_id: str = ""


# --- reading -----------------------------------------------------------------------------------------------------

def read_path(path: str | Path) -> Capture:
    """A `.txt` file or a saved web page (`.html`, `.htm`); CaptureError with one line otherwise."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in HTML_SUFFIXES + TEXT_SUFFIXES:
        raise CaptureError(f"'{path.name}' is neither a text file (.txt) nor a saved web page (.html, .htm)")
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise CaptureError(f"'{path}' is larger than {MAX_SOURCE_BYTES:,} bytes; archive the article only")
        data = path.read_bytes()
    except OSError as exc:
        raise CaptureError(f"cannot read '{path}': {exc.strerror or exc}") from None
    if suffix in HTML_SUFFIXES:
        return from_html(data, name=path.name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CaptureError(f"{path}:{line}: the file is not UTF-8 text; save it as UTF-8") from None
    if not text.strip():
        raise CaptureError(f"'{path}' is empty")
    return Capture("text", data, text, title=_first_line(text), name=path.name)


def from_text(text: str, url: str = "") -> Capture:
    """Pasted text: kept as UTF-8, as it is; its first line is proposed as the title."""
    if not text.strip():
        raise CaptureError("the pasted text is empty")
    return Capture("text", text.encode("utf-8"), text, title=_first_line(text), url=url, name="pasted text")


def from_html(data: bytes, url: str = "", name: str = "page") -> Capture:
    """A web page's bytes: the article's text and metadata, by trafilatura."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(data, url=url or None, with_metadata=True, include_comments=False,
                                            include_tables=True, favor_precision=True)
    except Exception as exc:  # trafilatura can fail in many ways on odd pages: one line
        raise CaptureError(f"cannot read the page '{name}': {type(exc).__name__}: {exc}") from None
    text = (getattr(found, "text", None) or "").strip()
    if not text:
        raise CaptureError(f"no article text found in '{name}'; copy the article's text and paste it instead")
    return Capture("html", data, text + "\n", title=_meta(found, "title"), author=_meta(found, "author"),
                   published=_published(data, _meta(found, "date")), outlet=_meta(found, "sitename"),
                   url=url or _meta(found, "url"), name=name)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """One request means one: a redirect is reported (with where it leads), not followed silently."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch_url(url: str, timeout: float = TIMEOUT) -> Capture:
    """Fetch `url` with one request (only when the user asked: this goes online), keeping the exchange for the
    WARC record. CaptureError with one line when offline, redirected, refused, too large, or not a web page or
    text. The body is kept as received; a compressed one is decompressed only to extract its text."""
    if not url.startswith(("http://", "https://")):
        raise CaptureError(f"'{url}' is not an http(s) address")
    headers = [("User-Agent", USER_AGENT), ("Accept", "text/html,text/plain;q=0.9,*/*;q=0.1"),
               ("Accept-Encoding", "identity")]
    request = urllib.request.Request(url, headers=dict(headers))
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:  # http(s) only: checked above
            body = response.read(MAX_SOURCE_BYTES + 1)
            status, reason = int(response.status), str(response.reason)
            response_headers = list(response.headers.items())
    except urllib.error.HTTPError as exc:
        location = exc.headers.get("Location") if exc.headers else None
        if 300 <= exc.code < 400 and location:
            target = urllib.parse.urljoin(url, location)
            raise CaptureError(f"{url} redirects ({exc.code}) to {target}; capture that address") from None
        raise CaptureError(f"cannot fetch {url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        cause = getattr(exc, "reason", None) or exc
        reason_text = getattr(cause, "strerror", None) or cause
        raise CaptureError(f"cannot fetch {url}: {reason_text} (are you online?)") from None
    if len(body) > MAX_SOURCE_BYTES:
        raise CaptureError(f"{url} is larger than {MAX_SOURCE_BYTES:,} bytes; archive the article only")
    fields = {key.lower(): value for key, value in response_headers}
    # urllib has undone any chunking: say so in the record instead of claiming a chunked body
    stored_headers = [(f"X-Original-{key}" if key.lower() == "transfer-encoding" else key, value)
                      for key, value in response_headers]
    exchange = Exchange(url, [("Host", urlparse(url).netloc), *headers], status, reason, stored_headers, body)
    content = _decoded(body, fields.get("content-encoding", ""), url)
    content_type = fields.get("content-type", "").lower()
    if "html" in content_type or not content_type:
        capture = from_html(content, url=url, name=url)
    elif content_type.startswith("text/plain"):
        charset = content_type.split("charset=")[-1].split(";")[0].strip() if "charset=" in content_type else "utf-8"
        try:
            text = content.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise CaptureError(f"{url}: the text is not {charset} as its server says") from None
        capture = Capture("text", content, text, title=_first_line(text), name=url)
    else:
        raise CaptureError(f"{url} is not a web page or text (it is {content_type})")
    return Capture("url", body, capture.text, capture.title, capture.author, capture.published, capture.outlet,
                   capture.url or url, exchange=exchange, name=url)


def _decoded(body: bytes, encoding: str, url: str) -> bytes:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    try:
        if encoding in ("gzip", "x-gzip"):
            return gzip.decompress(body)
        if encoding == "deflate":
            return zlib.decompress(body)
    except (OSError, EOFError, zlib.error):
        raise CaptureError(f"{url}: the body is not valid {encoding} as its server says") from None
    raise CaptureError(f"{url}: the server sent it compressed as '{encoding}', which kztimeline cannot read")


def _first_line(text: str) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= 200 else ""


def _meta(found: Any, key: str) -> str:
    value = getattr(found, key, None)
    return " ".join(str(value).split()) if value else ""


def _published(data: bytes, day: str) -> str:
    """The page's publication time with its offset where the page gives one (`article:published_time`, a
    `<time datetime>`); else the day trafilatura found; else ""."""
    from lxml import html

    try:
        tree = html.fromstring(data)
    except (ValueError, TypeError, SyntaxError):
        return day
    candidates = tree.xpath("//meta[@property='article:published_time' or @name='article:published_time' or "
                            "@itemprop='datePublished']/@content") + tree.xpath("//time/@datetime")
    for value in candidates:
        try:
            parsed = parse_when_value(str(value))
        except ValueError:
            continue
        if isinstance(parsed, datetime) and (not day or parsed.date().isoformat() == day):
            return parsed.isoformat()
    return day


# --- storing -------------------------------------------------------------------------------------------------------

def store(doc: EventsDocument, capture: Capture, fields: SourceFields = SourceFields()) -> AddSource:
    """Write the capture's files into the dataset's sources folder and return the AddSource command recording
    them (not applied). The fields the user gave win over the proposals; a source needs an outlet, a title and a
    publication date, and CaptureError says which is missing."""
    outlet = fields.outlet or capture.outlet
    title = fields.title or capture.title
    published = fields.published or capture.published
    missing = [name for name, value in (("outlet", outlet), ("title", title), ("publication date", published))
               if not value]
    if missing:
        raise CaptureError(f"{capture.name}: no {' or '.join(missing)} found; give "
                           f"{', '.join(missing)} (e.g. --outlet, --title, --published 2022-01-06T09:00+06:00)")
    published_value, precision = _publication(published)
    taken = set(doc.source_ids())
    base = fields.source_id or slugify(f"{outlet} {published_value[:10]} {title}", "source", 48)
    if fields.source_id and fields.source_id in taken:
        raise CaptureError(f"there is already a source '{fields.source_id}'")
    folder = doc.sources_folder
    source_id = unique_id(base, taken | _ids_on_disk(folder))
    entry: dict[str, Any] = {"id": source_id, "outlet": outlet, "title": title,
                             "author": fields.author or capture.author or None, "published": published_value,
                             "published_precision": precision, "url": fields.url or capture.url or None,
                             "captured": capture.captured.isoformat()}
    relative = f"{_relative(folder, doc.folder)}/{source_id}"
    text_bytes = capture.text.encode("utf-8") if capture.kind != "text" else capture.original
    files: list[tuple[str, bytes]] = [(f"{relative}.txt", text_bytes)]
    if capture.kind == "html":
        files.append((f"{relative}.html", capture.original))
    elif capture.kind == "url" and capture.exchange is not None:
        files.append((f"{relative}.warc.gz", warc_bytes(capture.exchange, capture.captured)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files:
            write_atomic(doc.folder / name, data)
    except (OSError, DocumentError) as exc:
        raise CaptureError(f"cannot store the source in {folder}: {exc}") from None
    entry["file"], entry["sha256"] = files[0][0], sha256_hex(files[0][1])
    if len(files) > 1:
        entry["original"] = {"file": files[1][0], "sha256": sha256_hex(files[1][1])}
    return AddSource(entry)


def remove_stored(doc: EventsDocument, command: AddSource) -> None:
    """Delete the files `store` wrote for `command`, when it will not be applied after all (the dialog was
    cancelled, the save failed). Nothing else refers to them."""
    original = command.entry.get("original")
    for name in (command.entry.get("file"), original.get("file") if isinstance(original, dict) else None):
        if isinstance(name, str):
            (doc.folder / name).unlink(missing_ok=True)


def _publication(value: str) -> tuple[str, str | None]:
    """The `published` value (a datetime with offset) and its precision (`day` when only the day is known)."""
    try:
        parsed = parse_when_value(value)
    except ValueError as exc:
        raise CaptureError(f"publication date: {exc}") from None
    if isinstance(parsed, datetime):
        return parsed.isoformat(), None
    return f"{parsed.isoformat()}T00:00:00+00:00", "day"


def _relative(folder: Path, base: Path) -> str:
    try:
        return folder.relative_to(base).as_posix()
    except ValueError:
        raise CaptureError(f"the sources folder {folder} is not inside the dataset's folder {base}") from None


def _ids_on_disk(folder: Path) -> set[str]:
    """Names already used by files in the sources folder: a new source never overwrites one."""
    if not folder.is_dir():
        return set()
    return {path.name.split(".")[0] for path in folder.iterdir()}


def warc_bytes(exchange: Exchange, captured: datetime) -> bytes:
    """The exchange as a gzipped WARC file (ISO 28500): a `request` record and the `response` record with the raw
    body and headers as received, both dated at capture time and linked to each other."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    date = captured.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    response_http = StatusAndHeaders(f"{exchange.status} {exchange.reason}", exchange.response_headers,
                                     protocol="HTTP/1.1")
    response = writer.create_warc_record(exchange.url, "response", payload=io.BytesIO(exchange.body),
                                         length=len(exchange.body), http_headers=response_http,
                                         warc_headers_dict={"WARC-Date": date})
    path = urlparse(exchange.url)
    target = (path.path or "/") + (f"?{path.query}" if path.query else "")
    request_http = StatusAndHeaders(f"GET {target} HTTP/1.1", exchange.request_headers, is_http_request=True)
    request = writer.create_warc_record(exchange.url, "request", payload=io.BytesIO(b""), length=0,
                                        http_headers=request_http,
                                        warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To":
                                                           response.rec_headers.get_header("WARC-Record-ID")})
    writer.write_record(response)
    writer.write_record(request)
    return out.getvalue()
