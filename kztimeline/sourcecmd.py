"""`kztimeline source add`: capture a source into a dataset from the command line.

The same code as the app's Add Source dialog: `capture.read_path`/`from_text`/`fetch_url` read it,
`capture.store` archives its files, the `AddSource` command records it in the document, and the document saves
atomically. Every failure is one line on stderr: exit 2 for a usage mistake, 1 for a source or dataset that
cannot be read or written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from .crashlog import report_internal_error

PROG = "kztimeline source"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as for every usage problem
        self.exit(2, f"{self.prog}: {message}\n")


class _Usage(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Manage a dataset's archived sources.")
    commands = parser.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = commands.add_parser(
        "add", help="capture a source into a dataset",
        description="Capture a source into a dataset: a text file (kept as it is), a saved web page (kept as it "
                    "is, beside the article's text extracted from it), text on standard input ('-'), or with "
                    "--online a web address (fetched once, kept as a WARC record beside the extracted text). "
                    "The files go to resources/sources/ beside the events file, with their SHA-256 and the "
                    "capture time recorded in it. Prints the new source's id.")
    add.add_argument("what", nargs="?", help="PATH.txt|PATH.html, '-' for standard input, or with --online a URL")
    add.add_argument("--to", required=True, type=Path, metavar="EVENTS.yaml", help="the dataset to add it to")
    add.add_argument("--url", default="", help="the address the source came from (with --online: fetch it)")
    add.add_argument("--outlet", default="", help="the outlet (default: the site name the page gives)")
    add.add_argument("--title", default="", help="the title (default: the page's, or the text's first line)")
    add.add_argument("--author", default="", help="the author (default: the page's byline)")
    add.add_argument("--published", default="", metavar="ISO",
                     help="publication time with UTC offset, e.g. 2022-01-06T07:35+05:30, or a day (default: the "
                          "page's)")
    add.add_argument("--id", dest="source_id", default="", help="the source's id (default: from outlet, day, title)")
    add.add_argument("--online", action="store_true", help="fetch the URL (kztimeline goes online only when asked)")
    return parser


def run_source(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        print(_add(args))
    except _Usage as exc:
        print(f"{PROG} add: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        from .model.capture import CaptureError
        from .model.commands import CommandError
        from .model.document import DocumentError

        if isinstance(exc, (CaptureError, CommandError, DocumentError)):
            print(f"{PROG} add: {exc}", file=sys.stderr)
        else:
            print(f"{PROG} add: {report_internal_error(exc, 'adding a source')}", file=sys.stderr)
        return 1
    return 0


def _add(args: argparse.Namespace) -> str:
    from .model.capture import SourceFields, fetch_url, from_text, read_path, remove_stored, store
    from .model.document import EventsDocument

    what: str | None = args.what
    url: str = args.url
    is_address = bool(what) and str(what).startswith(("http://", "https://"))
    if args.online:
        if is_address and url and url != what:
            raise _Usage("give the address once: as the argument or as --url")
        url = what if is_address and what else url
        if not url:
            raise _Usage("--online needs an address to fetch (the argument or --url)")
        if what and not is_address:
            raise _Usage(f"with --online the source is fetched from {url}; leave out '{what}'")
    elif is_address:
        raise _Usage(f"'{what}' is a web address; add --online to fetch it (kztimeline goes online only when "
                     "asked), or save the page and give its file")
    elif not what:
        raise _Usage("give the source: a .txt or .html file, or '-' for standard input")
    if not args.to.is_file():
        raise _Usage(f"'{args.to}' does not exist; create the dataset first (kztimeline's File → New)")
    doc = EventsDocument.open(args.to)
    if args.online:
        capture = fetch_url(url)
    elif what == "-":
        capture = from_text(sys.stdin.read(), url=url)
    else:
        capture = read_path(Path(str(what)))
    fields = SourceFields(outlet=args.outlet, title=args.title, author=args.author, published=args.published,
                          url=url, source_id=args.source_id)
    command = store(doc, capture, fields)
    try:
        command.apply(doc)
        doc.save()
    except BaseException:
        remove_stored(doc, command)  # nothing refers to them
        raise
    return command.source_id
