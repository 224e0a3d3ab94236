"""Typed reading of located YAML values, collecting problems instead of stopping at the first."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from .limits import DEFAULT_LIMITS, Limits
from .problems import Problem
from .yamlnodes import LList, LMap, Mark

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false", LMap: "a mapping",
               LList: "a list"}


class Reader:
    """Collects problems for one file; every check names the line, column, event and field."""

    def __init__(self, file: str, limits: Limits = DEFAULT_LIMITS):
        self.file = file
        #: what the checks allow (min_quote_words, max_field_chars; `load_tree` sets the load's)
        self.limits = limits
        self.problems: list[Problem] = []
        #: ids declared by entries (such as sources) that failed their own checks: one mistake, one message, so
        #: what refers to them is not reported again as unknown
        self.failed_ids: set[str] = set()
        #: per problem (by identity), what its message goes on to say once it is known to be listed
        self._details: dict[int, Callable[[], str]] = {}

    def report(self, mark: Mark, message: str, event_id: str | None = None, field: str | None = None) -> None:
        self.problems.append(Problem(self.file, mark.line, mark.column, message, event_id, field))

    def report_detailed(self, mark: Mark, message: str, detail: Callable[[], str], event_id: str | None = None,
                        field: str | None = None) -> None:
        """`report`, the message followed by `detail()` if the problem is listed (`in_order`): a detail that takes
        time to work out (a quote's closest passage, some milliseconds each) is not worked out for the thousands of
        problems beyond `max_problems`, which are only counted."""
        self.report(mark, message, event_id, field)
        self._details[id(self.problems[-1])] = detail

    def in_order(self, listed: int) -> list[Problem]:
        """The problems in file order, the first `listed` of them (those a load lists) with their details."""
        problems = sorted(self.problems, key=lambda p: (p.line, p.column))
        if self._details:
            for index, problem in enumerate(problems[:listed]):
                detail = self._details.get(id(problem))
                if detail is not None:
                    problems[index] = replace(problem, message=f"{problem.message}; {detail()}")
        return problems

    def check_keys(self, mapping: LMap, allowed: tuple[str, ...], required: tuple[str, ...],
                   event_id: str | None = None, where: str = "") -> None:
        """Unknown keys (with a 'did you mean') and missing required ones."""
        for key in mapping:
            if key not in allowed:
                guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f" (did you mean '{guess[0]}'?)" if guess else f" (expected one of: {', '.join(allowed)})"
                self.report(mapping.key_marks[key], f"unknown key '{key}'{hint}", event_id, _join(where, key))
        for key in required:
            if key not in mapping:
                self.report(mapping.mark, f"missing required key '{key}'", event_id, _join(where, key))
            elif mapping[key] is None:
                self.report(mapping.at(key), f"required key '{key}' has no value (null); give one", event_id,
                            _join(where, key))

    def get(self, mapping: LMap, key: str, kind: type | tuple[type, ...], event_id: str | None = None,
            where: str = "", default: Any = None) -> Any:
        """mapping[key] if it has the expected type; otherwise report it and return the default."""
        if key not in mapping or (mapping[key] is None and default is not None):
            return default
        value = mapping[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if bool in kinds or not isinstance(value, bool):
            if isinstance(value, kinds):
                return value
        if str in kinds and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)  # a title such as 1992 is still text
        expected = " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)
        self.report(mapping.at(key), f"expected {expected}, got {_describe(value)}", event_id, _join(where, key))
        return default

    def text(self, mapping: LMap, key: str, event_id: str | None = None, where: str = "") -> str:
        value = self.get(mapping, key, str, event_id, where, default="")
        if isinstance(mapping.get(key), str) and not value.strip():
            self.report(mapping.at(key), "must not be empty", event_id, _join(where, key))
        return value.strip() if isinstance(value, str) else ""

    def read_id(self, item: LMap, where: str, seen: Mapping[str, Any], event: bool = False) -> str:
        """The item's `id` if it is a valid, new slug; "" (reported) otherwise. `seen` maps ids given so far to
        their objects (whose `line`, if any, names the first definition)."""
        value = self.text(item, "id", where=where)
        if not value:
            return ""
        if not ID_PATTERN.fullmatch(value):
            self.report(item.at("id"), f"'{value}' is not a valid id (lowercase letters, digits and hyphens)",
                        value if event else None, f"{where}.id")
        if value in seen:
            first = getattr(seen[value], "line", 0)
            detail = f" (first defined at line {first})" if first else ""
            self.report(item.at("id"), f"duplicate id '{value}'{detail}", value if event else None, f"{where}.id")
            return ""
        return value

    def mapping_items(self, value: Any, mark: Mark, field: str, event_id: str | None = None) -> list[tuple[LMap, Mark]]:
        """The mappings in a list, reporting any item that is not one."""
        if value is None:
            return []
        if not isinstance(value, LList):
            self.report(mark, f"expected a list, got {_describe(value)}", event_id, field)
            return []
        out = []
        for index, (item, item_mark) in enumerate(zip(value, value.marks)):
            if isinstance(item, LMap):
                out.append((item, item_mark))
            else:
                self.report(item_mark, f"expected a mapping, got {_describe(item)}", event_id, f"{field}[{index}]")
        return out


def suggest(name: str, choices: list[str]) -> str:
    """' (did you mean 'x'?)' for a near miss, else the known names, to append to an 'unknown ...' message."""
    guess = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f" (did you mean '{guess[0]}'?)" if guess else f" (known: {', '.join(choices)})"


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, LMap):
        return "a mapping"
    if isinstance(value, LList):
        return "a list"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    return f"{_TYPE_NAMES.get(type(value), type(value).__name__)} '{value}'"
