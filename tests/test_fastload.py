"""The fast first load (model/fastyaml.py, model/fastevents.py) against the marked path it stands in for.

Whatever the file, loading it the default way (fast path first) gives exactly what the marked path alone gives:
the same dataset (events, places, sources, categories, period, digest) and the same problems. The fast path either
builds that same dataset or declines; it never accepts differently. Checked on every YAML file in tests/data and
on fuzzed documents (the generator of test_fuzz_yaml.py; KZTIMELINE_FUZZ_EXAMPLES=3000 for a long run).
"""

from __future__ import annotations

import calendar
import json
import os
import random
import re
import shutil
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kztimeline.model import fastyaml
from kztimeline.model.excerpts import normalized
from kztimeline.model.loader import _read_text, load_fast, load_text
from kztimeline.model.synth import synth_yaml, write_synth
from kztimeline.model.yamlnodes import compose

from conftest import DATA, sources_folder
from test_fuzz_yaml import _mutate

EXAMPLES = int(os.environ.get("KZTIMELINE_FUZZ_EXAMPLES", "0") or 0)
STATS: Counter[str] = Counter()
YAML_FILES = sorted(p for p in DATA.rglob("*") if p.suffix in (".yaml", ".yml") and p.name != "EXPECTED.yaml")


def _both(path: Path, name: str | None = None) -> tuple[object, object, bool]:
    """(default load, marked-path load, whether the fast path accepted it as clean) of one file, each from cold
    caches (the fast path may also have said the problems of some events, `_fast_result`)."""
    name = name or str(path)
    text, problems = _read_text(path, name, _limits())
    if text is None:
        return problems, problems, False
    normalized.cache_clear()
    fast = load_fast(text, path, name, None, text.encode("utf-8"))
    accepted = fast is not None and not fast.problems
    normalized.cache_clear()
    default = load_text(text, path, name)
    normalized.cache_clear()
    marked = load_text(text, path, name, fast=False)
    return default, marked, accepted


def _limits():
    from kztimeline.model.limits import DEFAULT_LIMITS

    return DEFAULT_LIMITS


def _write_sources(folder: Path, sources: dict[str, str]) -> None:
    """A synthetic dataset's sources (`synth_yaml`'s, by path) written into `folder`."""
    for name, body in sources.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(body, encoding="utf-8")


def _beside_sources(tmp_path: Path, text: str, name: str = "events.yaml") -> Path:
    """`text` written as an events file beside a copy of the test sources (its bytes as they are)."""
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _same(default, marked) -> None:
    if isinstance(default, list):
        assert default == marked
        return
    assert default.problems == marked.problems
    assert default.dataset == marked.dataset
    if default.dataset is not None:
        for field in ("events", "places", "sources", "categories", "period", "digest", "title", "description"):
            assert getattr(default.dataset, field) == getattr(marked.dataset, field), field
        assert [e.line for e in default.dataset.events] == [e.line for e in marked.dataset.events]
        _same_columns(default.dataset, marked.dataset)


def _same_columns(default, marked) -> None:
    """The columns the fast path builds with the rows (or any dataset's, worked out) are those worked out from the
    marked path's events."""
    import numpy as np

    from kztimeline.model.columns import ARRAYS, build_columns, columns_of

    mine, theirs = columns_of(default), build_columns(marked)
    for name in ARRAYS:
        assert np.array_equal(getattr(mine, name), getattr(theirs, name)), name
    assert (mine.categories, mine.places, mine.sources) == (theirs.categories, theirs.places, theirs.sources)
    assert mine.positions() == theirs.positions()


@pytest.fixture(params=["blocks", "entry-blocks"])
def blocks(request, monkeypatch):
    """The events list read in blocks of the usual size (one, for small files) or in a block per entry, each in a
    thread (`fastyaml.BLOCK`: the first entry at least that many characters after the last block's start)."""
    if request.param == "entry-blocks":
        monkeypatch.setattr(fastyaml, "BLOCK", 1)
    return request.param


@contextmanager
def _block_size(size: int):
    saved = fastyaml.BLOCK
    fastyaml.BLOCK = size
    try:
        yield
    finally:
        fastyaml.BLOCK = saved


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_every_data_file_loads_as_the_marked_path_loads_it(path, blocks):
    default, marked, accepted = _both(path)
    _same(default, marked)
    if accepted:
        assert not marked.problems  # the fast path accepts clean files only


def test_clean_files_take_the_fast_path():
    """Prose whose lines end in words YAML 1.1 reads as booleans ("… their attack on") is no reason to decline: only
    a whole plain scalar is (the frozen copy of the bundled events has such lines)."""
    for name in ("minimal.yaml", "commented.yaml", "frozen/events.yaml"):
        _default, marked, accepted = _both(DATA / name)
        assert not marked.errors
        assert accepted or marked.problems, name


def test_a_synthetic_dataset_takes_the_fast_path(tmp_path, blocks):
    text, sources = synth_yaml(300)
    _write_sources(tmp_path, sources)
    path = tmp_path / "synth.yaml"
    path.write_text(text, encoding="utf-8")
    default, marked, accepted = _both(path)
    assert accepted and marked.ok and len(marked.dataset.events) == 300
    _same(default, marked)


def test_shared_quotes_risky_quotes_and_odd_events_in_a_synthetic_dataset_load_as_the_marked_path_loads_them(
        tmp_path, blocks):
    """Events that quote the same passage of a source, a quote that starts with a digit (a character after which
    YAML 1.1 may read a number, looked into apart), a quote not in its source, and events with keys of their own
    (a second shape of event, and one read one by one): the default load gives the marked path's dataset."""
    text, sources = synth_yaml(300)
    _write_sources(tmp_path, sources)
    excerpts = dict(re.findall(r"(?m)^  - \{id: (e\d+),.*(excerpts: \[.*\])\}$", text))
    source_id = re.search(r"source: (s\d+)", excerpts["e10"]).group(1)
    body = sources[f"sources/report-{source_id[1:]}.txt"]
    digit_first = " ".join(re.search(r"\(report (\d+\)\.)\s+([A-Z][a-z]+ [a-z,]+ [a-z,]+ [a-z,]+)", body).groups())

    def edit(event_id: str, old: str, new: str) -> None:
        nonlocal text
        line = re.search(rf"(?m)^  - \{{id: {event_id},.*$", text).group(0)
        assert old in line
        text = text.replace(line, line.replace(old, new))

    edit("e7", excerpts["e7"], excerpts["e3"])  # the same passage as e3's
    edit("e8", excerpts["e8"], excerpts["e3"])
    edit("e10", excerpts["e10"], f"excerpts: [{{source: {source_id}, quote: '{digit_first}'}}]")
    edit("e11", "category:", "notes: a note of its own, category:")
    edit("e12", "category:", "unverified: not yet checked against a source, category:")
    edit("e12", ", " + excerpts["e12"], "")
    path = tmp_path / "synth.yaml"
    path.write_text(text, encoding="utf-8")
    default, marked, accepted = _both(path)
    assert accepted and marked.ok and len(marked.dataset.events) == 300
    _same(default, marked)
    events = {event.id: event for event in marked.dataset.events}
    assert events["e7"].excerpts == events["e3"].excerpts and events["e10"].excerpts[0].quote == digit_first

    edit("e9", "quote: '", "quote: 'Nowhere in the source ")  # one quote not found: the marked path reports it
    path.write_text(text, encoding="utf-8")
    default, marked, accepted = _both(path)
    assert not accepted and not marked.ok and any(problem.event_id == "e9" for problem in marked.problems)
    _same(default, marked)


TRAPS = {
    "quoted-date": ("title: '2022-01-05'", None),
    "yes-title": ("title: yes", None),
    "on-title": ("title: on", None),
    "octal-title": ("title: 017", None),
    "underscore-title": ("title: 1_000", None),
    "exponent-title": ("title: 1e3", None),
    "tag": ("title: !custom Protests", None),
    "binary": ("title: !!binary aGVsbG8=", None),
    "merge-key": ("title: Protests\n    <<: {notes: x}", None),
    "duplicate-key": ("title: Protests\n    title: Again", None),
    "anchor": ("title: &t Protests", None),
    "second-document": ("title: Protests\n---\ntitle: x", None),
    "yes-context": ("title: Protests\n    context: yes", None),
    "crlf": ("title: Protests\r", None),
    "nel-line-break": ("title: Pro\x85tests", None),
    "yes-on-next-line": ("title:\n      yes", None),
    "octal-in-flow-on-next-line": ("title: [a,\n      017]", None),
    "prose-ending-in-on": ("title: Protests went\n      on", None),
    "quoted-prose-ending-in-no": ('title: "Protests, and the answer was\n      no"', None),
    "after-colon-in-prose": ("title: 'They said: no'", None),
    "alias": ("title: Protests\n    notes: *t", None),
    "percent-value": ("title: %Protests", None),
    "at-value": ("title: @Protests", None),
    "backtick-value": ("title: `Protests`", None),
    "tag-in-flow": ("title: Protests\n    places: [!x kazakhstan]", None),
    "complex-key": ("title: Protests\n    ? notes\n    : x", None),
    "complex-key-in-flow": ("title: Protests\n    places: {? kazakhstan}", None),
    "indicators-in-prose": ("title: Protests!&*@`%? x?y", None),
    "indicators-in-comment": ("title: Protests\n    # *notes &x !y @z ? w", None),
    "indicators-in-prose-after-spaces": ("title: Police & army * 2 at `x` and @noon 5% ok ? yes !", None),
    "indicators-in-flow-prose": ("title: Protests\n    places: [kazakhstan & more, x *y]", None),
    "non-specific-tag-then-anchor": ("title: ! &a Protests", None),
    "block-header-then-anchor": ("title: |2 &a\n      Protests", None),
    "folded-header-then-anchor": ("title: >- &a\n      Protests", None),
    "quoted-then-anchor": ("title: 'Protests' &a", None),
    "quoted-then-alias": ('title: "Protests" *a', None),
    "flow-then-anchor": ("title: Protests\n    places: [kazakhstan] &a", None),
    "anchor-on-next-line": ("title: Protests\n      &a", None),
    "anchor-after-no-break-space": ("title: Protests\xa0&a", None),
    "anchor-after-entry-dash": ("title: Protests\n    places:\n      - &a kazakhstan", None),
    "tag-then-anchor-in-prose": ("title: Protests !t &a", None),
    "merge-key-in-flow": ("title: Protests\n    when: {<<: {phrase: x}, source: rw}", None),
    "less-than-in-prose": ("title: Protests <3 and 1 < 2", None),
    "colon-in-flow-sequence": ("title: Protests\n    places: [kazakhstan,:x]", None),
    "colon-starting-flow-sequence": ("title: Protests\n    places: [:kazakhstan]", None),
    "colon-after-space": ("title: Protests :x", None),
    "colon-then-space-in-prose": ("title: Almaty : Protests", None),
    "colon-line-in-block": ("title: Protests\n    notes:\n      :x", None),
    "directive-line": ("title: Protests\n%YAML 1.1", None),
    "document-end": ("title: Protests\n...", None),
    "quoted-top-key": ("title: Protests\n'extra': x", None),
    "second-events-key": ("title: Protests\nevents:", None),
    "tab-indent": ("title: Protests\n\tnotes: x", None),
    "odd-escape": ('title: "Prot\\x65sts"', None),
    "entry-value-below": ("title: Protests\n  -\n    id: below", None),
    "entry-comment": ("title: Protests\n  - # an entry\n    id: below", None),
    "fake-entry-in-quoted": ("title: 'Protests\n  - x'", None),
    "fake-entry-in-flow": ("title: Protests\n    places: [kazakhstan,\n  - x]", None),
    "question-in-flow": ("title: Protests\n    places: [?kazakhstan]", None),
    "question-key-in-flow": ("title: Protests\n    when: {?phrase: for the fourth day in a row on Wednesday}", None),
    "colon-before-flow-end": ("title: Protests\n    places: [kazakhstan:]", None),
    "colon-before-flow-comma": ("title: Protests\n    places: [kazakhstan:, almaty]", None),
    "block-scalar-in-flow": ("title: Protests\n    places: [kazakhstan, >-\n      almaty]", None),
    "block-scalar-in-flow-mapping": ("title: Protests\n    when: {source: rw, phrase: >-\n"
                                     "      for the fourth day in a row on Wednesday}", None),
}


@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_a_semantic_trap_gives_the_marked_paths_result(tmp_path, trap, blocks):
    """Each spelling that PyYAML (YAML 1.1, the marked path) and yaml-rs (1.2) read differently, or that only the
    marked path refuses, gives the marked path's dataset and messages (with the events list in one block, and in a
    block per entry)."""
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    replacement, _ = TRAPS[trap]
    assert "title: Protests\n" in text
    path = _beside_sources(tmp_path, text.replace("title: Protests\n", replacement + "\n", 1))
    default, marked, _accepted = _both(path)
    _same(default, marked)


def test_an_alias_bomb_is_declined_and_reported_by_the_marked_path():
    path = DATA / "hostile" / "yaml" / "alias-bomb.yaml"
    text = path.read_text(encoding="utf-8")
    assert fastyaml.parse(text) is None
    default, marked, accepted = _both(path)
    assert not accepted and marked.problems
    _same(default, marked)


def test_yes_is_read_as_the_marked_path_reads_it():
    """`title: yes` is the boolean true to YAML 1.1, so the marked path reports it; the fast path must not accept
    it as the text 'yes' (yaml-rs, YAML 1.2)."""
    with sources_folder() as folder:
        text = (DATA / "minimal.yaml").read_text(encoding="utf-8").replace("title: Protests\n", "title: yes\n")
        path = folder / "events.yaml"
        path.write_text(text, encoding="utf-8")
        default, marked, accepted = _both(path)
        assert not accepted and any("expected text" in p.message for p in marked.problems)
        _same(default, marked)


@pytest.fixture(scope="module")
def folder():
    with sources_folder() as path:
        yield path
    if EXAMPLES:
        print(f"\nfast path on fuzzed documents: {dict(STATS)}")


@settings(max_examples=EXAMPLES or 400, deadline=None, database=None, derandomize=not EXAMPLES,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_fuzzed_document_loads_as_the_marked_path_loads_it(folder, data):
    _agree_in_blocks(folder, _mutate(data), data.draw(st.sampled_from([fastyaml.BLOCK, 1, 40])), "fuzzed")


def _agree_in_blocks(folder: Path, text: str, block: int, kind: str) -> None:
    """`text` as an events file loads alike by default and the marked way, the events list read in blocks of
    `block` characters; the fast path takes clean files only (counted in STATS under `kind`)."""
    path = folder / "events.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with _block_size(block):
        default, marked, accepted = _both(path)
    _same(default, marked)
    STATS[kind] += 1
    STATS[f"{kind} {'fast' if accepted else 'declined'}"] += 1
    if accepted:
        assert not marked.problems


#: Spellings of a value that YAML 1.1 and 1.2 may read alike or not: the fast path must take each as the marked
#: path does, or decline.
SPELLINGS = ["Protests", "'Protests'", '"Protests"', "yes", "'yes'", "No", "on", "off", "true", "True", "TRUE",
             "null", "~", "''", "017", "'017'", "0o17", "0x1F", "1_000", "1e3", "1.0e+3", "1.5", ".5", "1.", "+1",
             "-0", ".inf", ".NaN", "=", "2022-01-05", "'2022-01-05'", "2022-1-5", "2022-01-05 14:00", "6:00",
             "+06:00", "'+06:00'", "1:30:00", ">-\n      Protests in\n      the square", "|\n      Protests\n",
             "Protests\n      in the square", '"Prot\\u0065sts"', "'it''s'", "a # comment", "[a, b]", "{a: b}",
             "Protests: here", "'Protests: here'", "- a", "#x", "Police & army", "a *b @c `d` %e", "x ! y ? z",
             "'a' &b", "! &a x", "&a x", "*a", "|2 &a\n      x", "[a] &b", "[a &b, c *d]", "{a: b &c}", "a\n      &b",
             "x !t &a", "a, &b", "a - *b"]
KEYS = ["title", "category", "date", "end", "precision", "context", "notes", "media", "places", "quote", "note",
        "source", "id", "phrase", "manual", "lat", "lon", "colour", "timezone", "start", "kind", "name"]


def _respell(data: st.DataObject) -> str:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 3))):
        key = data.draw(st.sampled_from(KEYS))
        found = [i for i, line in enumerate(lines) if line.lstrip(" -").startswith(key + ":")]
        if not found:
            continue
        at = data.draw(st.sampled_from(found))
        line = lines[at]
        head = line[: line.index(key + ":") + len(key) + 1]
        lines[at] = head + " " + data.draw(st.sampled_from(SPELLINGS)) + "\n"
    if data.draw(st.booleans()):  # the events list not indented under its key
        text = "".join(lines)
        head, sep, tail = text.partition("\nevents:\n")
        return head + sep + "\n".join(line[2:] if line.startswith("  ") else line for line in tail.split("\n"))
    return "".join(lines)


@settings(max_examples=EXAMPLES or 300, deadline=None, database=None, derandomize=not EXAMPLES,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_respelled_value_loads_as_the_marked_path_loads_it(folder, data):
    """Valid documents with one value spelled another way (quoted or not, 1.1 or 1.2 style, folded): most take the
    fast path, which must agree with the marked path on each."""
    _agree_in_blocks(folder, _respell(data), data.draw(st.sampled_from([fastyaml.BLOCK, 1])), "respelled")


# Our CSV export (kzt_ columns) takes the same fast path: read without marks, events in bulk.

def _csv_both(path: Path) -> tuple[object, object, bool]:
    """(default load, marked load, whether the fast reading accepted) of a CSV export, each from cold caches."""
    from kztimeline.model import loader
    from kztimeline.model.limits import DEFAULT_LIMITS
    from kztimeline.model.tablecsv import read_table_csv

    normalized.cache_clear()
    accepted = loader._load_table_fast(path, str(path), None, None, DEFAULT_LIMITS) is not None
    normalized.cache_clear()
    default = loader.load_dataset(path, cache=False)
    normalized.cache_clear()
    marked = loader._load_other(path, str(path), None, None, read_table_csv, DEFAULT_LIMITS)
    return default, marked, accepted


@pytest.fixture(scope="module")
def exported():
    """minimal.yaml and a synthetic dataset exported as CSV, beside their sources."""
    from kztimeline.exchange.acledcsv import acled_csv_bytes
    from kztimeline.model.loader import load_dataset

    with sources_folder() as folder:
        text, sources = synth_yaml(300)
        _write_sources(folder, sources)
        (folder / "synth.yaml").write_text(text, encoding="utf-8")
        shutil.copy(DATA / "minimal.yaml", folder / "minimal.yaml")
        out = {}
        for stem in ("minimal", "synth"):
            dataset = load_dataset(folder / f"{stem}.yaml", cache=False).dataset
            assert dataset is not None
            table = folder / f"{stem}.csv"
            table.write_bytes(acled_csv_bytes(dataset, table))
            out[stem] = table.read_text(encoding="utf-8")
        yield folder, out


@pytest.mark.parametrize("stem", ["minimal", "synth"])
def test_a_csv_export_takes_the_fast_path_to_the_same_dataset(exported, stem):
    folder, _texts = exported
    default, marked, accepted = _csv_both(folder / f"{stem}.csv")
    assert accepted and marked.ok
    _same(default, marked)


@settings(max_examples=EXAMPLES or 60, deadline=None, database=None, derandomize=not EXAMPLES,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_mutated_csv_export_loads_as_the_marked_reading_loads_it(exported, data):
    folder, texts = exported
    lines = texts[data.draw(st.sampled_from(sorted(texts)))].splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(1, len(lines) - 1))
        kind = data.draw(st.sampled_from(["drop", "dup", "splice", "cut"]))
        line = lines[at]
        if kind == "drop" and len(lines) > 2:
            del lines[at]
        elif kind == "dup":
            lines.insert(at, line)
        elif kind == "splice":
            pos = data.draw(st.integers(0, len(line)))
            token = data.draw(st.sampled_from([",", '"', ";", "x", " ", "yes", "2022-02-30", "{", "]", "\\n", "é"]))
            lines[at] = line[:pos] + token + line[pos:]
        else:
            pos = data.draw(st.integers(0, len(line)))
            lines[at] = line[:pos] + line[pos + data.draw(st.integers(1, 12)):]
    path = folder / "mutated.csv"
    path.write_text("".join(lines), encoding="utf-8")
    default, marked, accepted = _csv_both(path)
    _same(default, marked)
    STATS["csv"] += 1
    STATS["csv fast" if accepted else "csv declined"] += 1
    if accepted:
        assert not marked.problems


@pytest.mark.parametrize("nesting", ["indented", "one line"])
def test_block_nesting_deep_enough_to_crash_yaml_rs_never_reaches_it(tmp_path, nesting):
    """yaml-rs overflows its stack on some 20,000 levels of block nesting (a crash, not an error): such a file goes
    to the marked path, which refuses it with a message."""
    if nesting == "indented":
        deep = "".join(" " * i + "k:\n" for i in range(20_000)) + " " * 20_000 + "k: v\n"
    else:
        deep = "k:\n" + "- " * 20_000 + "x\n"
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8").replace("title: Minimal valid dataset\n",
                                                                      "title: Minimal valid dataset\nextra:\n" +
                                                                      "\n".join("  " + line for line in
                                                                                deep.splitlines()) + "\n")
    assert fastyaml.parse(text) is None
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_text(text, path, str(path))
    assert result.problems and not result.ok


@pytest.mark.parametrize("name", ["minimal.yaml", "commented.yaml"])
def test_windows_line_ends_take_the_fast_path_to_the_same_dataset(tmp_path, name):
    text = (DATA / name).read_text(encoding="utf-8")
    path = _beside_sources(tmp_path, text.replace("\n", "\r\n"), name)
    default, marked, accepted = _both(path)
    assert accepted and marked.ok
    _same(default, marked)
    plain, _marked, _accepted = _both(DATA / name)
    assert [e.line for e in default.dataset.events] == [e.line for e in plain.dataset.events]


def test_a_lone_carriage_return_is_declined(tmp_path):
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8").replace("title: Protests\n", "title: Pro\rtests\n")
    path = _beside_sources(tmp_path, text)
    default, marked, accepted = _both(path)
    assert not accepted
    _same(default, marked)


@pytest.mark.parametrize(("old", "new"), [
    ("{label: Protest,", "{label: :Protest,"),  # ':x' in a flow mapping: text to yaml-rs, an error to libyaml
    ("period: {start: 2022", "period: {start\n: 2022"),  # a flow mapping's ': value' on a line of its own
])
def test_a_colon_starting_a_flow_value_gives_the_marked_paths_syntax_error(tmp_path, old, new):
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text
    path = _beside_sources(tmp_path, text.replace(old, new, 1))
    default, marked, accepted = _both(path)
    assert not accepted and any("syntax error" in p.message for p in marked.problems)
    _same(default, marked)


def _with_extras(text: str, extras: dict[int, str], column_name: str = "kzt_extra") -> str:
    """The CSV export with some rows' kzt_extra cell (or another column's) replaced."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text, newline="")))
    column = rows[0].index(column_name)
    for row, cell in extras.items():
        rows[row][column] = cell
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_a_csv_export_with_notes_media_and_context_in_its_extra_cells_takes_the_fast_path(exported):
    folder, texts = exported
    path = folder / "extras.csv"
    path.write_text(_with_extras(texts["synth"], {1: '{"notes": "Seen from the square"}',
                                                  2: '{"media": "https://example.org/a.jpg"}',
                                                  3: '{"context": false, "notes": " trimmed "}'}),
                    encoding="utf-8")
    default, marked, accepted = _csv_both(path)
    assert marked.ok, marked.problems
    assert accepted
    _same(default, marked)
    notes = {e.notes for e in default.dataset.events} - {""}
    assert notes == {"Seen from the square", "trimmed"}


def test_excerpts_cells_repeated_blank_or_given_in_the_extra_cell_read_as_the_marked_reading_reads_them(exported):
    """The fast reading takes a CSV's distinct excerpts cells once (pyarrow's dictionary of them) and each row's by
    its index: rows quoting the same passage, a blank cell, and a blank cell whose row gives its excerpts in
    kzt_extra (which the distinct cells then no longer tell) all load as the marked reading loads them."""
    import csv
    import io

    from kztimeline.model.fastyaml import StrictReader
    from kztimeline.model.tablecsv import read_table_columns

    folder, texts = exported
    rows = list(csv.reader(io.StringIO(texts["synth"], newline="")))
    cell = rows[1][rows[0].index("kzt_excerpts")]
    quoted = _with_extras(texts["synth"], {row: cell for row in range(1, 6)}, "kzt_excerpts")
    path = folder / "repeated-quoted.csv"
    path.write_text(quoted, encoding="utf-8")
    default, marked, accepted = _csv_both(path)
    assert accepted and marked.ok, marked.problems  # the fast reading, by each row's index among distinct cells
    _same(default, marked)
    read = read_table_columns(quoted.encode(), StrictReader(str(path)))
    assert read is not None
    distinct, index = read[1].repeats["excerpts"]
    assert len(set(index[:5])) == 1 and len(distinct) == len(set(index)) < len(index)
    assert [distinct[i] for i in index] == read[1].columns["excerpts"]
    same = _with_extras(texts["synth"], {row: cell for row in range(1, 6)} | {6: "", 8: "  "}, "kzt_excerpts")
    given = _with_extras(same, dict.fromkeys((6, 8), json.dumps({"excerpts": json.loads(cell)})))
    for name, text in (("same", same), ("given", given)):
        path = folder / f"repeated-{name}.csv"
        path.write_text(text, encoding="utf-8")
        default, marked, accepted = _csv_both(path)
        _same(default, marked)
        if name == "given":
            assert accepted and marked.ok, marked.problems
            read = read_table_columns(text.encode(), StrictReader(str(path)))
            assert read is not None  # rows 6 and 8 hold their extra cells' excerpts, each a distinct value of its own
            distinct, index = read[1].repeats["excerpts"]
            assert [distinct[i] for i in index] == read[1].columns["excerpts"]
            own = [row for row, at in enumerate(index) if at >= len(distinct) - 2]  # the two values added last
            assert own == [5, 7] and index[5] != index[7]  # the file's rows 6 and 8 (after the header)
            quoted = [e for e in default.dataset.events if e.excerpts and e.excerpts[0].quote ==
                      json.loads(cell)[0]["quote"]]
            assert len(quoted) >= 7  # rows 1-5, and rows 6 and 8, whose excerpts their extra cells give
        else:
            assert not marked.ok  # rows 6 and 8 have no excerpts: both readings say so


@pytest.mark.parametrize("cell", ['{"notes": ', '{"notes": NaN}', '[1, 2'])
def test_a_broken_extra_cell_is_left_to_the_marked_reading(exported, cell):
    folder, texts = exported
    path = folder / "broken-extra.csv"
    path.write_text(_with_extras(texts["synth"], {5: cell}), encoding="utf-8")
    default, marked, _accepted = _csv_both(path)
    _same(default, marked)


TIMESTAMPS = ["2022-01-01T00:10+06:00", "2022-01-31T23:59+06:00", "2022-01-01T03:00+05:45", "2022-01-31T22:30-03:30",
              "2022-01-15T12:00+00:00", "2022-01-15T12:00-00:00", "2022-01-16T23:59+23:59", "2021-12-31T23:59+06:00",
              "2022-02-01T00:00+06:00", "2022-02-30T10:00+06:00", "0001-01-05T10:00+06:00", "2022-01-05T10:00+24:00",
              "2022-01-05T10:00+06:60", "2021-02-29T10:00+06:00", "1900-02-29T10:00+06:00", "2000-02-29T10:00+06:00",
              "2022-04-31T10:00+06:00", "2022-13-01T10:00+06:00", "2022-00-10T10:00+06:00", "2022-01-00T10:00+06:00",
              "2022-01-05T24:00+06:00", "2022-01-05T10:60+06:00"]


@pytest.mark.parametrize("stamp", TIMESTAMPS)
@pytest.mark.parametrize("precision", ["minute", "hour"])
@pytest.mark.parametrize("context", [False, True])
def test_timestamps_read_together_are_read_as_the_marked_path_reads_them(tmp_path, stamp, precision, context):
    """Dates to the minute with their offset are read with numpy (`fastevents._timed_windows`): the same windows as
    one by one, the period's edges in the date's own zone, impossible dates and offsets left to the marked path."""
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    extra = (f"  - {{id: stamp, title: Stamped, date: '{stamp}', precision: {precision}, places: [almaty], "
             f"category: protest, context: {str(context).lower()}, excerpts: [{{source: rw, quote: turned down "
             "internet connectivity on Wednesday afternoon}]}\n")
    path = _beside_sources(tmp_path, text + extra)
    default, marked, _accepted = _both(path)
    _same(default, marked)


def test_a_timestamp_to_the_minute_is_text_in_both_yaml_versions():
    """Such dates skip the YAML 1.1 / 1.2 comparison (`_TIMED_FORM`): YAML 1.1's timestamps need seconds."""
    for stamp in TIMESTAMPS:
        assert fastyaml.plain_text_ok(stamp)


@pytest.mark.parametrize(("old", "new"), [
    ("title: Protests\n", "title: Protests! A crowd&police*at@noon`%?here x?\n"),
    ("title: Protests\n", "title: Police & army * 2 at `x` and @noon 5% ok ? yes !\n"),
    ("title: Protests\n", "title: Protests\n    # *notes &x !y @z ? w\n"),
    ("title: Protests\n", "title: 'Almaty : protests, 1 < 2'\n"),
    ("\nevents:\n", "\nevents:   # the list\n"),
])
def test_indicator_characters_outside_a_value_start_keep_the_fast_path(tmp_path, old, new):
    """The characters the scan looks for stand in prose and comments without sending the file to the marked path:
    only where a value could start (or a key, for '?') are they a reason to decline."""
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text
    path = _beside_sources(tmp_path, text.replace(old, new, 1))
    default, marked, accepted = _both(path)
    assert accepted and marked.ok
    _same(default, marked)


def test_events_lines_and_texts_are_the_entries_own(blocks):
    """Each event's line is the line its entry starts on, and its text runs to the next entry, whatever the blocks;
    events whose entries span several lines (block style) included."""
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("\nevents:\n", "\nevents:\n\n  # a comment\n  - {id: first, title: First}\n", 1)
    document = fastyaml.parse(text)
    assert document is not None
    lines = text.split("\n")
    assert len(document.events) == len(document.lines) == 3
    for index, line in enumerate(document.lines):
        assert lines[line - 1].startswith("  - ")
        assert document.event_text(index) == text[document.starts[index]:[*document.starts, len(text)][index + 1]]
        assert document.event_text(index).startswith("  - ")
    assert document.events[0] == {"id": "first", "title": "First"}
    assert [event["id"] for event in document.events] == ["first", "blackout", "protests"]


@pytest.mark.parametrize("header", ["|", "|+", ">", "|  # nothing", "|\n\n    # a comment"])
@pytest.mark.parametrize("where", ["first entry", "last entry"])
def test_an_empty_block_scalar_ending_a_block_reads_as_the_marked_path_reads_it(tmp_path, blocks, header, where):
    """A block scalar with nothing in it is '' to libyaml, but '\\n' to yaml-rs at the end of a document: the end
    of the file, or of a block of the events list, is no place for it on the fast path."""
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    if where == "last entry":
        text = text + f"    notes: {header}\n"
    else:
        text = text.replace("  - id: protests\n", f"    notes: {header}\n  - id: protests\n", 1)
    if where == "last entry" or blocks == "entry-blocks":
        assert fastyaml.parse(text) is None
    path = _beside_sources(tmp_path, text)
    default, marked, _accepted = _both(path)
    _same(default, marked)


#: Pieces of values made of YAML's indicators, prose and line breaks: whatever `parse` accepts of a document holding
#: one, it must read as libyaml reads it.
PIECES = [*"ab &*!%@`?-:,[]{}'\"|>#.12\\", " ", "a", "b", "x ", "\n      ", "\n    ", "\n  ", "\n"]
LAYOUTS = ["title: x\nevents:\n  - id: a\n    notes: {v}\n", "title: x\nevents:\n  - {{id: a, notes: {v}}}\n",
           "title: x\nevents:\n  - id: a\n    notes: [{v}]\n  - id: b\n",
           "title: x\nevents:\n  - id: a\n    n: x {v}\n    m: {v}\n  - id: b\n"]


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


@settings(max_examples=EXAMPLES or 500, deadline=None, database=None, derandomize=not EXAMPLES)
@given(pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=14), layout=st.sampled_from(LAYOUTS),
       block=st.sampled_from([fastyaml.BLOCK, 1]))
def test_what_parse_accepts_reads_as_libyaml_reads_it(pieces, layout, block):
    """The raw-text rules hold yaml-rs to libyaml's reading (the marked path's), or `parse` declines: tokens that
    start with an indicator, block scalars where they are none, colons, flow collections, in one block or many."""
    text = layout.format(v="".join(pieces))
    with _block_size(block):
        document = fastyaml.parse(text)
    if document is None or not fastyaml.scalars_agree(text):
        return
    try:
        events = [_plain(fastyaml.to_marked(event, 1)) for event in document.events]
    except fastyaml.Declined:
        return
    marked = compose(text)
    assert not marked.errors
    assert {**_plain(document.root), "events": events} == _plain(marked.value)


@pytest.mark.parametrize("text", [
    "title: x\nevents:\n  - {id: a,\n     notes: |\n      x}\n",
    "title: x\nevents:\n  - id: a\n    notes: [a,\n      b: >\n        x]\n",
    "title: x\nevents:\n  - id: a\n    notes: {b: >\n        x}\n",
])
def test_a_block_scalar_header_in_a_flow_collection_declines(text):
    """yaml-rs reads a block scalar's header in a flow collection as text ('| x'), libyaml refuses it: any flow
    collection over several lines, or one opened before a header on its line, sends a file with headers to the
    marked path."""
    assert compose(text).errors
    assert fastyaml.parse(text) is None


@pytest.mark.parametrize("cell", ['ab"c', '"abc"def', '"a""b"', ' "a"', '"a" ', '"', '""', 'a,"b', '"a\nb"',
                                  '"a\r\nb"', "x\u00a0y", '"é, ü"'])
def test_a_title_cell_however_quoted_loads_as_the_csv_module_reads_it(exported, cell):
    """pyarrow reads the export's cells for the fast path; a cell spelled as no csv writer would is read as the csv
    module (the marked reading) reads it, or left to the marked reading."""
    import csv
    import io

    folder, texts = exported
    lines = texts["synth"].splitlines(keepends=True)
    row = next(csv.reader(io.StringIO(lines[3], newline="")))
    title = next(csv.reader(io.StringIO(lines[0]))).index("kzt_title")
    row[title] = "\0"
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerow(row)
    lines[3] = out.getvalue().replace("\0", cell)
    path = folder / "quoted.csv"
    path.write_text("".join(lines), encoding="utf-8", newline="")
    default, marked, _accepted = _csv_both(path)
    _same(default, marked)


@pytest.mark.parametrize("char", ["\x07", "\x7f", "\x85", "\u202e", "\u2066", "\ufdd0", "\ufffe"])
def test_a_control_character_in_a_csv_export_is_located_as_the_marked_reading_locates_it(exported, char):
    """The export's bytes are checked for control characters without a regex over the whole text (ASCII ones as
    bytes, the others among its non-ASCII characters alone): each is still found and located."""
    folder, texts = exported
    text = texts["synth"].replace("Event 7:", f"Event 7 {char}é:", 1)
    path = folder / "controlled.csv"
    path.write_text(text, encoding="utf-8", newline="")
    default, marked, accepted = _csv_both(path)
    assert not accepted and not marked.ok
    assert any("control character" in p.message for p in default.problems)
    _same(default, marked)


@pytest.mark.parametrize("where", ["title", "excerpt", "location", "split"])
def test_a_byte_that_is_not_utf8_in_a_csv_export_is_located_as_the_marked_reading_locates_it(exported, where):
    """The fast reading checks the export's bytes are UTF-8 without decoding them (`textfile.is_utf8`): a byte of
    another encoding, in a column it reads or one it does not, is still refused, located and its encoding named;
    so is a UTF-8 letter split by a space in a column pyarrow never converts (its halves, without the ASCII
    between them, would read as a letter)."""
    folder, texts = exported
    text = texts["synth"]
    bad = "Алматы".encode("cp1251") if where != "split" else "А".encode()[:1] + b" " + "А".encode()[1:]
    if where == "title":
        text = text.replace("Event 7:", "Event 7 \x00:", 1)
    elif where == "excerpt":
        start = text.index('"source"') + 1
        text = text[:start] + text[start:].replace(" ", " \x00 ", 1)
    else:
        text = text.replace(",Place ", ",\x00Place ", 1)  # ACLED's location column
    raw = text.encode("utf-8").replace(b"\x00", bad)
    path = folder / "not-utf8.csv"
    path.write_bytes(raw)
    default, marked, accepted = _csv_both(path)
    assert not accepted and not marked.ok
    [problem] = default.problems
    assert "not UTF-8" in problem.message
    assert where == "split" or "Windows-1251" in problem.message
    line = raw[:raw.index(bad)].count(b"\n") + 1
    assert problem.line == line
    _same(default, marked)


_UTF8_EDGES = [b"a", b"\x00", b"\x7f", b"\x80", b"\xbf", b"\xc0", b"\xc1", b"\xc2", b"\xdf", b"\xe0", b"\xed", b"\xef",
               b"\xf0", b"\xf4", b"\xf5", b"\xff", b"\x9f", b"\xa0", b"\x90", b"\x8f", b"\xed\xa0\x80",
               "\U0001f600".encode(), "é".encode()]


@settings(max_examples=EXAMPLES or 1000, deadline=None, database=None, derandomize=not EXAMPLES)
@given(st.binary(max_size=12) | st.lists(st.sampled_from(_UTF8_EDGES), max_size=8).map(b"".join),
       st.integers(0, 70), st.sampled_from([b"a", "é".encode()]))
def test_pyarrow_s_utf8_check_accepts_what_python_s_decoder_accepts(data, padding, pad):
    """Behind some valid text too: pyarrow reads long runs of ASCII eight bytes at a time."""
    from kztimeline.model.textfile import is_utf8

    data = pad * padding + data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert not is_utf8(data)
    else:
        assert is_utf8(data)


def test_a_csv_export_over_the_row_limit_is_refused_with_the_limit_named(exported):
    import dataclasses

    from kztimeline.model import loader
    from kztimeline.model.limits import DEFAULT_LIMITS

    folder, _texts = exported
    limits = dataclasses.replace(DEFAULT_LIMITS, max_rows=100)
    path = folder / "synth.csv"
    assert loader._load_table_fast(path, str(path), None, None, limits) is None
    result = loader.load_dataset(path, cache=False, limits=limits)
    assert not result.ok and any("more than the limit of 100" in p.message for p in result.problems)


@given(st.text(alphabet="yYnNtTfFoOeEsSuUrRlLaA ~.:0-\n", min_size=1, max_size=8))
@example("False\n")
@settings(max_examples=400)
def test_plain_text_ok_answers_as_pyyaml_s_resolver(value):
    """A value starting with a letter longer than any YAML 1.1 bool or null (with a line break after it: PyYAML's
    patterns allow one) is text without asking the resolver; every answer is the resolver's."""
    import yaml

    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
    expected = tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp") or (
        ":" in value and tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"))
    assert fastyaml.plain_text_ok(value) == expected


@given(st.lists(st.text(alphabet="yYnNtTfFoOeEsSuUrRlLaA ~.:0-+=<\n1é", max_size=9), max_size=12))
@example(["Off", "offside", "1 May", "é", "", "-", "No\n", "False\n", "Nothing"])
def test_risky_holds_every_text_plain_text_ok_doubts(texts):
    """The column checks ask `plain_text_ok` only about what `_risky` picks out of a column: every text it
    doubts must be among them, in the column's order."""
    from kztimeline.model.fastevents import _risky

    picked = _risky(texts)
    assert [text for text in texts if not fastyaml.plain_text_ok(text)] == \
        [text for text in picked if not fastyaml.plain_text_ok(text)]
    assert picked == [text for text in texts if text in picked]


@given(st.text(alphabet="ab_ -.,1é中\t\n", max_size=16))
@example("a b c")
@example("_ - a b c")
def test_the_enough_words_pattern_never_passes_a_quote_short_quote_refuses(text):
    """The fast path takes a quote found once when `_ENOUGH_WORDS` says it has enough words, and asks
    `short_quote` about the rest: the pattern must never pass a quote that `short_quote` calls too short."""
    from kztimeline.model.excerpts import short_quote
    from kztimeline.model.fastevents import _ENOUGH_WORDS

    if _ENOUGH_WORDS(text):
        assert short_quote(text) is None


def test_a_quote_of_two_very_long_words_is_checked_without_backtracking(tmp_path):
    """A quote of two words of thousands of letters, standing once in its source: the pattern that tells whether
    a quote has enough words once backtracked over it for minutes (in cubic time) before failing; now the file is
    declined at once, and the marked path warns that the quote is too short."""
    text, sources = synth_yaml(300)
    long_words = "a" * 4000 + " " + "b" * 4000
    _write_sources(tmp_path, {name: body + ("\n\n" + long_words + "\n" if name.endswith("report-0.txt") else "")
                              for name, body in sources.items()})
    line = re.search(r"(?m)^  - \{id: e\d+,.*source: s0, quote: '[^']*'.*$", text).group(0)
    text = text.replace(line, re.sub(r"quote: '[^']*'", f"quote: '{long_words}'", line))
    path = tmp_path / "synth.yaml"
    path.write_text(text, encoding="utf-8")
    default, marked, accepted = _both(path)
    assert not accepted and any("has only 2 words" in p.message for p in marked.problems)
    _same(default, marked)


def test_many_timestamps_read_together_are_read_as_the_marked_path_reads_them(tmp_path):
    """Hundreds of distinct dates to the minute in one file (leap days, month ends, half-hour offsets, both signs,
    years far from the period with `context: true`) are read by numpy together as the marked path reads each."""
    rng = random.Random(20220105)
    stamps = ["2020-02-29T23:59+14:00", "2000-02-29T00:00-12:00", "2022-12-31T23:59+00:00", "1999-12-31T00:00+05:45",
              "0002-01-01T00:00+00:00", "9998-12-31T23:59+06:00"]
    while len(stamps) < 400:
        year, month = rng.choice([1970, 1999, 2000, 2021, 2022, 2024, 2100]), rng.randint(1, 12)
        day = rng.randint(1, calendar.monthrange(year, month)[1])
        sign, offset = rng.choice("+-"), rng.choice(["00:00", "05:00", "06:00", "05:45", "03:30", "14:00"])
        hour, minute = rng.randint(0, 23), rng.randint(0, 59)
        stamps.append(f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}{sign}{offset}")
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    extra = "".join(f"  - {{id: stamp{i}, title: Stamped {i}, date: '{stamp}', precision: {('minute', 'hour')[i % 2]}, "
                    f"places: [almaty], category: protest, context: true, excerpts: [{{source: rw, quote: turned down "
                    f"internet connectivity on Wednesday afternoon}}]}}\n" for i, stamp in enumerate(stamps))
    path = _beside_sources(tmp_path, text + extra)
    default, marked, accepted = _both(path)
    assert accepted and marked.ok
    _same(default, marked)


def _broken_synth(tmp_path: Path, count: int, broken: list[int]) -> Path:
    """A synthetic dataset of `count` events (one flow mapping a line) with the events numbered `broken` given an
    month that is not one, a quote not in its source, and an unknown place in turn."""
    path = write_synth(count, tmp_path / "events.yaml", places=6)
    lines = path.read_text(encoding="utf-8").split("\n")
    for turn, number in enumerate(broken):
        at = next(i for i, line in enumerate(lines) if line.startswith(f"  - {{id: e{number},"))
        kind = turn % 3
        if kind == 0:
            lines[at] = lines[at].replace("date: '2022-01-", "date: '2022-13-", 1)
        elif kind == 1:
            lines[at] = re.sub(r"quote: '([A-Za-z]+) ", r"quote: '\1 zzz ", lines[at], count=1)
        else:
            lines[at] = re.sub(r"places: \[[^\]]*\]", "places: [atlantis]", lines[at], count=1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_few_broken_events_are_said_without_reading_the_file_again(tmp_path, monkeypatch):
    """A long file with mistakes in a few events: each is composed again on its own (`fastevents._Bulk._located`),
    and the problems are the marked path's, at the same lines and columns, without composing the whole file."""
    from kztimeline.model import loader

    path = _broken_synth(tmp_path, 3000, [17, 1500, 2999])
    whole = []
    real = loader.compose
    monkeypatch.setattr(loader, "compose", lambda text: whole.append(len(text)) or real(text))
    text = path.read_text(encoding="utf-8")
    normalized.cache_clear()
    default = load_text(text, path, str(path))
    assert whole == []  # the marked path never ran
    normalized.cache_clear()
    marked = load_text(text, path, str(path), fast=False)
    assert len(marked.errors) == 3 and {problem.event_id for problem in marked.errors} == {"e17", "e1500", "e2999"}
    assert default.problems == marked.problems and default.dataset == marked.dataset
    assert {problem.field for problem in default.errors} == {"date", "excerpts[0].quote", "places"}


def test_many_broken_events_are_left_to_the_marked_path(tmp_path, monkeypatch):
    """Composing events one by one costs more than composing the file once when many have problems."""
    from kztimeline.model import loader

    path = _broken_synth(tmp_path, 600, list(range(0, 600, 3)))
    whole = []
    real = loader.compose
    monkeypatch.setattr(loader, "compose", lambda text: whole.append(len(text)) or real(text))
    default, marked, accepted = _both(path)
    assert not accepted and whole and len(marked.errors) > 150  # (a few quotes are not broken by the pattern)
    _same(default, marked)


def test_a_broken_event_with_a_title_over_the_limit_is_said_as_the_marked_path_says_it(tmp_path):
    """The title of an event composed on its own is held to `max-field-chars` as any other, where the marked path
    holds it (`loader._check_title_lengths`, over the events read: not the one whose date is wrong)."""
    from dataclasses import replace

    from kztimeline.model.limits import DEFAULT_LIMITS

    path = _broken_synth(tmp_path, 300, [40, 41, 42])  # a date, a quote, a place
    text = path.read_text(encoding="utf-8")
    for number in (40, 41, 42):
        text = text.replace(f"title: 'Event {number}: ", f"title: 'Event {number}: " + "long " * 20, 1)
    limits = replace(DEFAULT_LIMITS, max_field_chars=80)
    normalized.cache_clear()
    default = load_text(text, path, str(path), limits=limits)
    normalized.cache_clear()
    marked = load_text(text, path, str(path), limits=limits, fast=False)
    assert {(problem.event_id, problem.field) for problem in marked.errors} == {
        ("e40", "date"), ("e41", "excerpts[0].quote"), ("e41", "title"), ("e42", "places"), ("e42", "title")}
    assert default.problems == marked.problems and default.dataset == marked.dataset
