"""Reading a CSV text record by record, each with the line it starts on (records may span lines): the shared part
of the readers that turn a CSV into the events.yaml layout (our own export's, and a mapped one's)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from .schema import Reader
from .yamlnodes import Mark


#: What a message about a field over `max_field_chars` says (the loader does not report such a field twice).
TOO_LONG = "characters long, over the limit of"


class CsvRows:
    """The header, then the non-blank records with their marks; a malformed record is reported at its line and
    ends the reading (`failed` is then True). A field longer than the reader's `max_field_chars` is reported at its
    record's line (the file then does not open), and its record read on, so that every other problem is said too."""

    def __init__(self, text: str, reader: Reader, read: Callable[[str], bool] | None = None) -> None:
        """`read`: which columns (by header name) the caller reads, whose fields are held to the limit (all by
        default; a column nobody reads may hold what it likes)."""
        self._rows = csv.reader(io.StringIO(text, newline=""))
        self._reader = reader
        self._text_chars = len(text)
        self._names: list[str] = []
        self._read = read
        self._held: list[int] | None = None  # the indices of the columns held to the limit (None: all)
        self.failed = False

    def _next(self) -> list[str]:
        """The next record, read with the csv module's own field limit (131,072 characters) lifted: fields are
        held to `max_field_chars` here, with a message that says which and where, and the file is in memory."""
        old = csv.field_size_limit()
        csv.field_size_limit(max(old, self._text_chars + 1))
        try:
            return next(self._rows)
        finally:
            csv.field_size_limit(old)

    def header(self) -> list[str] | None:
        """The first record, or None (reported) for an empty or unreadable file."""
        try:
            self._names = self._next()
            if self._read is not None:
                self._held = [index for index, name in enumerate(self._names) if self._read(name)]
            return self._names
        except StopIteration:
            self._reader.report(Mark(1, 1), "the file is empty")
        except csv.Error as exc:
            self._reader.report(Mark(1, 1), f"not CSV: {exc}")
        self.failed = True
        return None

    def records(self) -> Iterator[tuple[Mark, list[str]]]:
        line = self._rows.line_num + 1
        limit = self._reader.limits.max_field_chars
        while True:
            try:
                row = self._next()
            except StopIteration:
                return
            except csv.Error as exc:
                self._reader.report(Mark(line, 1), f"not CSV: {exc}")
                self.failed = True
                return
            mark, line = Mark(line, 1), self._rows.line_num + 1
            over = next((i for i in self._held_in(row) if len(row[i]) > limit), None)
            if over is not None:
                self._too_long(mark, row, over, limit)  # reported, and read on: its other problems are said too
            if any(cell.strip() for cell in row):
                yield mark, row

    def _held_in(self, row: list[str]) -> Iterable[int]:
        """The indices of the row's fields held to the limit."""
        return range(len(row)) if self._held is None else (i for i in self._held if i < len(row))

    def _too_long(self, mark: Mark, row: list[str], index: int, limit: int) -> None:
        name = self._names[index] if index < len(self._names) else f"number {index + 1}"
        self._reader.report(mark, f"the field {name!r} is {len(row[index]):,} {TOO_LONG} {limit:,} for one field; "
                                  "shorten it, or raise the limit (--limit max-field-chars=N)", field=name)
