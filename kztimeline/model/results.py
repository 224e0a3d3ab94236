"""What a load returns, and how a caller follows or stops it: shared by every reader (YAML, CSV)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .entities import Dataset
from .problems import Problem


@dataclass
class LoadResult:
    """The dataset a reader could build (None when nothing usable) and every problem it found."""

    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)
    #: Problems found beyond those listed (`limits.max_problems`), and how many of them are errors: the last problem
    #: listed stands for them (an error if any of them is one).
    unlisted: int = 0
    unlisted_errors: int = 0

    @property
    def ok(self) -> bool:
        """A dataset, and no errors (warnings are listed but do not stop it being shown)."""
        return self.dataset is not None and not self.errors

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.is_warning]

    # the totals found, listed or not (the last problem listed stands for the unlisted ones, `loader.capped`)
    @property
    def problem_count(self) -> int:
        return len(self.problems) - (1 if self.unlisted else 0) + self.unlisted

    @property
    def error_count(self) -> int:
        return len(self.errors) - (1 if self.unlisted_errors else 0) + self.unlisted_errors

    @property
    def warning_count(self) -> int:
        return self.problem_count - self.error_count


class LoadCancelled(Exception):
    """Raised by a progress callback to stop a load; nothing is returned."""


#: progress(phase, done, total): called now and then while loading; it may raise LoadCancelled.
Progress = Callable[[str, int, int], None]
