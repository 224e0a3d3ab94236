"""Writes the hostile YAML corpus from tests/data/minimal.yaml: one file per way an events file can be broken.

Run it from anywhere (`python tests/data/hostile/yaml/make.py`); it rewrites the *.yaml files beside it. Each case
is the minimal dataset with one change; EXPECTED.yaml says what each must produce (written by hand, not by this
script, so that a change in the messages is a test failure to look at).
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
BASE = (HERE.parent.parent / "minimal.yaml").read_text(encoding="utf-8")
ASCII = BASE.replace("Маңғыстау", "Mangystau")  # for the files in single-byte encodings
QUOTE = "turned down internet connectivity on Wednesday afternoon"


def bomb() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n" + BASE.replace("title: Minimal valid dataset", "title: *i")


#: name -> (old, new) replaced once in the minimal dataset, or the whole text (str), or bytes.
CASES: dict[str, tuple[str, str] | str | bytes] = {
    # structure
    "empty": "",
    "only-comments": "# nothing here\n# at all\n",
    "top-level-list": "- title: x\n- events: []\n",
    "top-level-scalar": "just some text\n",
    "second-document": BASE + "---\ntitle: another\n",
    "alias-bomb": bomb(),
    "deep-nesting": BASE.replace("title: Minimal valid dataset", "title: " + "[" * 100 + "]" * 100),
    "merge-key": ("  - {id: almaty, name: Almaty, kind: city}", "  - &p {id: almaty, name: Almaty, kind: city}\n"
                                                           "  - {<<: *p, id: almaty2}"),
    "python-tag": ("title: Minimal valid dataset", "title: !!python/object/apply:os.system ['ls']"),
    "custom-tag": ("title: Minimal valid dataset", "title: !secret Minimal"),
    "duplicate-key": ("title: Minimal valid dataset", "title: Minimal valid dataset\ntitle: Again"),
    "tab-indent": ("    title: Internet blackout", "\ttitle: Internet blackout"),
    "unclosed-quote": ("title: Minimal valid dataset", 'title: "Minimal valid dataset'),
    "missing-colon": ("    category: communications", "    category communications"),
    "events-mapping": ("events:\n  - id: blackout", "events:\n  blackout:\n    id: blackout"),
    "unknown-alias": ("title: Minimal valid dataset", "title: *nowhere"),
    # nulls for required keys
    "null-title": ("title: Minimal valid dataset", "title:"),
    "null-events": ("events:\n", "events: ~\nignored:\n"),
    "null-id": ("  - id: blackout", "  - id: null"),
    "null-places": ("    places: [kazakhstan]", "    places: ~"),
    "null-quote": (f"        quote: {QUOTE}", "        quote:"),
    "null-excerpts": (f"    excerpts:\n      - source: rw\n        quote: {QUOTE}\n", "    excerpts: null\n"),
    "empty-excerpts": (f"    excerpts:\n      - source: rw\n        quote: {QUOTE}\n", "    excerpts: []\n"),
    # types
    "title-list": ("    title: Internet blackout", "    title: [Internet, blackout]"),
    "places-mapping": ("    places: [kazakhstan]", "    places: {kazakhstan: yes}"),
    "quote-mapping": (f"        quote: {QUOTE}", "        quote: {text: x}"),
    "when-list": ("    when: {phrase: on Wednesday afternoon, source: rw}", "    when: [on Wednesday afternoon]"),
    "conflict-source-mapping": ("    category: communications\n", "    category: communications\n"
                                "    conflicts: [{topic: x, sources: [{id: rw}, rw]}]\n"),
    "conflict-source-list": ("    category: communications\n", "    category: communications\n"
                             "    conflicts: [{topic: x, sources: [[rw], rw]}]\n"),
    "lat-boolean": ("{id: almaty, name: Almaty, kind: city}", "{id: almaty, name: Almaty, kind: city, lat: yes, lon: 1}"),
    # values
    "lat-999": ("{id: almaty, name: Almaty, kind: city}", "{id: almaty, name: Almaty, kind: city, lat: 999, lon: 76.9}"),
    "lat-nan": ("{id: almaty, name: Almaty, kind: city}", "{id: almaty, name: Almaty, kind: city, lat: .nan, lon: 76.9}"),
    "lat-huge-int": ("{id: almaty, name: Almaty, kind: city}",
                     "{id: almaty, name: Almaty, kind: city, lat: 1" + "0" * 400 + ", lon: 76.9}"),
    "lat-huge-hex": ("{id: almaty, name: Almaty, kind: city}",
                     "{id: almaty, name: Almaty, kind: city, lat: 0x" + "f" * 5000 + ", lon: 76.9}"),
    "id-5000-digits": ("  - id: blackout", "  - id: " + "9" * 5000),
    "date-5000-digits": ("    date: 2022-01-05", "    date: " + "9" * 5000),
    "title-huge-hex": ("    title: Internet blackout", "    title: 0x" + "f" * 4000),
    "title-huge-octal": ("    title: Internet blackout", "    title: 0" + "7" * 5000),
    "lon-inf": ("{id: almaty, name: Almaty, kind: city}", "{id: almaty, name: Almaty, kind: city, lat: 43.2, lon: .inf}"),
    "offset-99": ("{id: almaty, name: Almaty, kind: city}", "{id: almaty, name: Almaty, kind: city, utc_offset: '+99:00'}"),
    "date-year-0": ("    date: 2022-01-05", "    date: 0000-01-05"),
    "date-year-1": ("    date: 2022-01-05", "    date: 0001-01-05\n    context: true"),
    "date-year-9999": ("    date: 2022-01-05", "    date: 9999-12-31\n    context: true"),
    "date-january-32": ("    date: 2022-01-05", "    date: 2022-01-32"),
    "end-year-9999": ("    end: 2022-01-05", "    end: 9999-12-31"),
    "period-year-1": ("{start: 2022-01-01,", "{start: 0001-01-01,"),
    "published-year-9999": ("published: 2022-01-06T07:35:00+05:30", "published: 9999-12-31T23:59:00-12:00"),
    "published-no-offset": ("published: 2022-01-06T07:35:00+05:30", "published: 2022-01-06T07:35:00"),
    "url-javascript": ("    file: sources/", "    url: javascript:alert(document.cookie)\n    file: sources/"),
    "colour-css": ('colour: "#d62728"', 'colour: "red; background: url(x)"'),
    # source files
    "source-absolute": ("file: sources/republicworld-2022-01-06-terrorist-gangs.txt", "file: /etc/passwd"),
    "source-traversal": ("file: sources/republicworld-2022-01-06-terrorist-gangs.txt", "file: ../../../../etc/passwd"),
    "source-device": ("file: sources/republicworld-2022-01-06-terrorist-gangs.txt", "file: /dev/zero"),
    "source-folder": ("file: sources/republicworld-2022-01-06-terrorist-gangs.txt", "file: sources"),
    "source-missing": ("file: sources/republicworld-2022-01-06-terrorist-gangs.txt", "file: sources/gone.txt"),
    "source-empty": ("file: sources/republicworld-2022-01-06-terrorist-gangs.txt", "file: sources/empty.txt"),
    "source-latin1": ("file: sources/republicworld-2022-01-06-terrorist-gangs.txt", "file: sources/latin1.txt"),
    # quotes
    "quote-one-letter": (f"        quote: {QUOTE}", "        quote: a"),
    "quote-ambiguous": (f"        quote: {QUOTE}", "        quote: on Wednesday"),
    "quote-changed": (f"        quote: {QUOTE}", "        quote: turned off internet connectivity on Wednesday afternoon"),
    "quote-zero-width": (f"        quote: {QUOTE}", "        quote: turned down inter\u200bnet connectivity on Wednesday afternoon"),
    "quote-combining-accent": (f"        quote: {QUOTE}", "        quote: turned down internet connectivity on We\u0301dnesday afternoon"),
    "quote-cyrillic-a": (f"        quote: {QUOTE}", "        quote: turned down internet connectivity on Wednesd\u0430y afternoon"),
    # dates and phrases
    "note-does-not-excuse": ("    precision: afternoon\n    when: {phrase: on Wednesday afternoon, source: rw}",
                             "    precision: morning\n    when: {phrase: on Wednesday afternoon, source: rw, note: trust me}"),
    "phrase-unresolvable": ("    when: {phrase: on Wednesday afternoon, source: rw}",
                            "    when: {phrase: connectivity, source: rw}"),
    # bytes
    "nul-byte": BASE.replace("Internet blackout", "Internet\x00blackout").encode("utf-8"),
    "bell-character": BASE.replace("Internet blackout", "Internet\x07blackout").encode("utf-8"),
    "bidi-override": BASE.replace("Internet blackout", "Internet \u202eblackout").encode("utf-8"),
    "utf16-bom": BASE.encode("utf-16"),
    "latin1-file": ASCII.replace("Minimal valid dataset", "Donn\u00e9es").encode("latin-1"),
    "windows-1251": ASCII.replace("Minimal valid dataset", "\u0411\u0435\u0441\u043f\u043e\u0440\u044f\u0434\u043a\u0438"
                                 " \u0432 \u0410\u043b\u043c\u0430\u0442\u044b").encode("cp1251"),
    "binary": bytes(range(256)) * 4,
    "zip-archive": b"PK\x03\x04" + bytes(200),
}


def main() -> None:
    for name, case in CASES.items():
        if isinstance(case, tuple):
            old, new = case
            assert old in BASE, name
            data: bytes = BASE.replace(old, new, 1).encode("utf-8")
        elif isinstance(case, str):
            data = case.encode("utf-8")
        else:
            data = case
        (HERE / f"{name}.yaml").write_bytes(data)


if __name__ == "__main__":
    main()
