"""events.yaml as people write it: the documented key order, dates unquoted, long texts folded, a header saying
where the file came from."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..model.entities import Dataset
from .tree import dataset_tree

_DATE_KEYS = {"date", "end", "not_before", "start", "accessed"}


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # list items indented under their key, as the README writes them


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if re.fullmatch(r"[+-]\d{2}:\d{2}", value):  # a UTC offset: YAML 1.1 tools would read +06:00 as a number
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    """Short lists of names (places, a conflict's sources) on one line: `places: [almaty, kazakhstan]`."""
    short = all(isinstance(v, str) and "\n" not in v for v in value) and sum(len(v) + 2 for v in value) < 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=bool(value) and short)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)


def _dates(value: Any, key: str = "") -> Any:
    """ISO dates as dates, so that they are written bare (2022-01-05) as in the documented format."""
    if isinstance(value, dict):
        return {k: _dates(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates(v) for v in value]
    if key in _DATE_KEYS and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    return value


def yaml_bytes(dataset: Dataset, target: Path) -> bytes:
    tree = _dates(dataset_tree(dataset, target.parent))
    origin = dataset.path.name if dataset.path else "a dataset"
    header = (f"# kztimeline dataset, converted from {origin} by `kztimeline convert`.\n"
              "# The format is described in kztimeline's README (\"The events.yaml format\"); `kztimeline schema`\n"
              "# prints its JSON Schema, and `kztimeline check FILE` validates it.\n")
    parts = []
    for key, value in tree.items():
        text = yaml.dump({key: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110,
                         default_flow_style=False)
        if key == "events":  # a blank line between events, as in the bundled file
            text = text.replace("\n  - id: ", "\n\n  - id: ").replace("events:\n\n", "events:\n", 1)
        parts.append(text)
    return (header + "\n".join(parts)).encode("utf-8")
