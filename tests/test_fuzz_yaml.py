"""Fuzzing the YAML loader with hypothesis: whatever the document, loading it raises nothing, reports problems with
a place, accepts no event without a verified excerpt, and takes bounded time.

Documents are the minimal dataset mutated: lines dropped, duplicated or swapped, characters and tokens (YAML
syntax, control characters, aliases, tags, hostile dates and numbers) spliced in, values replaced. A short run by
default; set KZTIMELINE_FUZZ_EXAMPLES=20000 for a long one (add `-s` for its summary):

    KZTIMELINE_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest -q -p no:cacheprovider -s tests/test_fuzz_yaml.py
"""

from __future__ import annotations

import os
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kztimeline.model import load_dataset

from conftest import DATA, sources_folder

EXAMPLES = int(os.environ.get("KZTIMELINE_FUZZ_EXAMPLES", "0") or 0)
SETTINGS = settings(max_examples=EXAMPLES or 150, deadline=None, database=None, derandomize=not EXAMPLES,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SECONDS_PER_DOCUMENT = 3.0
BASE = (DATA / "minimal.yaml").read_text(encoding="utf-8")
LINES = BASE.splitlines(keepends=True)
STATS: Counter[str] = Counter()

TOKENS = [":", ": ", "-", "- ", "[", "]", "{", "}", ",", "'", '"', "#", "&a ", "*a", "!!str ", "!!python/none ",
          "<<: ", "---\n", "...\n", "\n", "\t", "  ", "~", "null", "yes", "no", "+6:00", "0x1F", "1e400", ".nan",
          "-.inf", "0000-01-01", "9999-12-31", "2022-02-30", "2022-01-05T25:00+06:00", "\x00", "\x07", "\x1b",
          "\x85", "\u202e", "\u200b", "\ufeff", "é", "Ж", "e\u0301", "%YAML 1.2\n", "? ", "| \n", "> \n", "@", "`"]
VALUES = ["", "~", "[]", "{}", "[a, b]", "{a: 1}", "0", "-1", "99999999999999999999", "1e400", ".nan", "true",
          "'2022-01-05'", "2022-01-05", "0001-01-01", "9999-12-31", "'+06:00'", "+6:00", "/etc/passwd", "../../x",
          "sources", "a", "the", "on Wednesday", "javascript:alert(1)", "&x [1]", "*x", "!!binary aGVsbG8="]


def _mutate(data: st.DataObject) -> str:
    lines = list(LINES)
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["drop", "dup", "swap", "splice", "value", "indent"]))
        at = data.draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        if kind == "drop" and len(lines) > 1:
            del lines[at]
        elif kind == "dup":
            lines.insert(at, line)
        elif kind == "swap":
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "splice":
            pos = data.draw(st.integers(0, len(line)))
            lines[at] = line[:pos] + data.draw(st.sampled_from(TOKENS)) + line[pos:]
        elif kind == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[at] = f"{key}: {data.draw(st.sampled_from(VALUES))}\n"
        elif kind == "indent":
            lines[at] = " " * data.draw(st.integers(0, 6)) + line.lstrip(" ")
    return "".join(lines)


@pytest.fixture(scope="module")
def folder():
    with sources_folder() as path:
        yield path
    if EXAMPLES:
        print(f"\nfuzzed YAML documents: {dict(STATS)}")


@SETTINGS
@given(data=st.data())
def test_any_mutated_document_gives_located_problems_or_verified_events(folder, data):
    text = _mutate(data)
    path = folder / "events.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    started = time.perf_counter()
    result = load_dataset(path)  # raising anything here fails the test
    assert time.perf_counter() - started < SECONDS_PER_DOCUMENT
    STATS["documents"] += 1
    for problem in result.problems:
        assert problem.file == str(path) and problem.message and "Traceback" not in problem.message
        assert problem.line >= 0 and problem.column >= 0
    if result.ok:
        STATS["accepted"] += 1
        assert result.dataset is not None
        for event in result.dataset.events:
            STATS["events"] += 1
            assert event.excerpts, event.id
            assert all(excerpt.match is not None for excerpt in event.excerpts), event.id
            for excerpt in event.excerpts:
                source = result.dataset.sources[excerpt.source_id]
                match = excerpt.match
                assert match is not None and source.text[match.start:match.end].strip()
    else:
        STATS["refused"] += 1
