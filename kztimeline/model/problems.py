"""Problems found while loading a dataset: values with a place, never exceptions thrown at the user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: An error means the data is wrong or unverified, and the load is not `ok`; a warning, that it is suspect (e.g. a
#: quote too short to prove anything): it is listed, and the data is still shown.
Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located to file:line:column and, where known, event and field."""

    file: str
    line: int  # 1-based; 0 when the whole file is meant
    column: int  # 1-based; 0 when unknown
    message: str
    event_id: str | None = None
    field: str | None = None
    severity: Severity = "error"

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        subject = ""
        if self.event_id:
            subject += f"event '{self.event_id}': "
        if self.field:
            subject += f"{self.field}: "
        label = "warning: " if self.severity == "warning" else ""
        return f"{where}: {label}{subject}{self.message}"


def unlisted_problem(file: str, count: int, errors: int, limit: int) -> Problem:
    """The last problem listed, standing for the `count` more (`errors` of them errors) beyond the first `limit`
    (`Limits.max_problems`): an error if any of them is one."""
    if errors:
        return Problem(file, 0, 0, f"{count:,} more problem{'s' * (count != 1)} not listed ({errors:,} of them errors; "
                       f"the first {limit:,} are); fix these and check again, or raise the limit "
                       "(--limit max-problems=N)")
    return Problem(file, 0, 0, f"{count:,} more warning{'s' * (count != 1)} not listed (the first {limit:,} problems "
                   "are); raise the limit to see them (--limit max-problems=N)", severity="warning")
