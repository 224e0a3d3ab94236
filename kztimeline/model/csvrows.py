"""Reading a CSV text record by record, each with the line it starts on (records may span lines): the shared part
of the readers that turn a CSV into the events.yaml layout (our own export's, and a mapped one's)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from .schema import Reader
from .yamlnodes import Mark


class CsvRows:
    """The header, then the non-blank records with their marks; a malformed record is reported at its line and
    ends the reading (`failed` is then True)."""

    def __init__(self, text: str, reader: Reader) -> None:
        self._rows = csv.reader(io.StringIO(text, newline=""))
        self._reader = reader
        self.failed = False

    def header(self) -> list[str] | None:
        """The first record, or None (reported) for an empty or unreadable file."""
        try:
            return next(self._rows)
        except StopIteration:
            self._reader.report(Mark(1, 1), "the file is empty")
        except csv.Error as exc:
            self._reader.report(Mark(1, 1), f"not CSV: {exc}")
        self.failed = True
        return None

    def records(self) -> Iterator[tuple[Mark, list[str]]]:
        line = self._rows.line_num + 1
        while True:
            try:
                row = next(self._rows)
            except StopIteration:
                return
            except csv.Error as exc:
                self._reader.report(Mark(line, 1), f"not CSV: {exc}")
                self.failed = True
                return
            mark, line = Mark(line, 1), self._rows.line_num + 1
            if any(cell.strip() for cell in row):
                yield mark, row
