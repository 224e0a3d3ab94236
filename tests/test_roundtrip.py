"""The layout merge: untouched lines come from the file as it was, and nothing that is not YAML is handed out."""

import pytest

from kztimeline.model.roundtrip import RoundTripError, Timestamp, dump, long_text, merge_layout, parse

ORIGINAL = """\
categories:
  protest:        {label: Protest}     # aligned by hand
  communications: {label: Communications}
places: [almaty]
"""


def test_only_the_changed_line_takes_ruamels_layout():
    tree = parse(ORIGINAL)
    before = dump(tree)
    assert before != ORIGINAL  # ruamel drops the alignment ...
    tree["places"].append("aktau")
    merged = merge_layout(ORIGINAL, before, dump(tree))
    assert merged == ORIGINAL.replace("places: [almaty]", "places: [almaty, aktau]")  # ... the merge keeps it


def test_a_change_inside_a_relaid_line_takes_ruamels_layout_there_only():
    tree = parse(ORIGINAL)
    before = dump(tree)
    tree["categories"]["protest"]["label"] = "Protests"
    merged = merge_layout(ORIGINAL, before, dump(tree))
    lines = merged.splitlines()
    assert lines[0] == "categories:" and lines[3] == "places: [almaty]"  # untouched
    assert lines[1].startswith("  protest: {label: Protests} ")
    assert lines[1].index("# aligned by hand") == ORIGINAL.index("# aligned") - len("categories:\n")  # its column
    assert lines[2] == "  communications: {label: Communications}"  # relaid with the line it was aligned with


def test_text_that_is_not_yaml_is_refused():
    with pytest.raises(RoundTripError, match="line"):
        merge_layout(ORIGINAL, dump(parse(ORIGINAL)), "a: [b\n")


def test_timestamps_keep_their_text_and_offset_through_repeated_dumps():
    tree = parse("published: 2022-01-06T07:35:00+05:30\nday: 2022-01-05\n")
    assert isinstance(tree["published"], Timestamp)
    assert dump(tree) == dump(tree) == "published: 2022-01-06T07:35:00+05:30\nday: 2022-01-05\n"


def test_long_texts_fold_only_where_folding_keeps_them():
    assert long_text("short", 8) == "short"
    text = "word " * 40 + "end"
    folded = long_text(text.strip(), 8)
    assert dump({"q": folded}).startswith("q: >-\n") and parse(dump({"q": folded}))["q"] == text.strip()
    spaced = "two  spaces " * 20
    assert type(long_text(spaced.strip(), 8)) is str  # folding would lose the double spaces
    address = "https://example.org/" + "a" * 150
    assert dump({"url": long_text(address, 4)}) == f"url: {address}\n"


def test_reading_and_checking_never_load_the_editing_libraries():
    import subprocess
    import sys

    code = ("import sys; from kztimeline.cli import main; main(['check']);"
            "bad = [m for m in ('ruamel.yaml', 'trafilatura', 'warcio') if m in sys.modules]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
