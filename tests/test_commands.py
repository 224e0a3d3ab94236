"""Edit commands: each does one change, undo restores the file byte for byte, redo does the same change again."""

import shutil
from datetime import date, datetime, timedelta, timezone

import pytest

from conftest import DATA
from kztimeline.model.commands import (AddCategory, AddEvent, AddExcerpt, AddPlace, AddSource, CommandError,
                                       ConflictSpec, DeleteEvent, EditEvent, ExcerptSpec, RemoveExcerpt,
                                       SetConflicts, WhenSpec, slugify, unique_id)
from kztimeline.model.document import EventsDocument
from kztimeline.model.selectors import make_selector

SOURCE_TEXT = (DATA / "sources" / "republicworld-2022-01-06-terrorist-gangs.txt").read_text(encoding="utf-8")
QUOTE = "Kazakhtelecom, the nation's largest telecommunication firm"


@pytest.fixture
def doc(tmp_path):
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    shutil.copy(DATA / "commented.yaml", tmp_path / "events.yaml")
    return EventsDocument.open(tmp_path / "events.yaml")


def _selected(quote):
    start = SOURCE_TEXT.index(quote)
    return make_selector(SOURCE_TEXT, start, start + len(quote))


def _commands():
    quote, selector = _selected(QUOTE)
    utc6 = timezone(timedelta(hours=6))
    return {
        "add-event": AddEvent("Kazakhtelecom cuts the internet", "2022-01-05", ["kazakhstan"],
                              [ExcerptSpec("rw", quote, selector)], precision="afternoon",
                              when=WhenSpec("on Wednesday afternoon", "rw"), category="communications"),
        "add-event-timed": AddEvent("Statement", datetime(2022, 1, 5, 14, 0, tzinfo=utc6), ["almaty"],
                                    [ExcerptSpec("rw", QUOTE)], precision="by", not_before=date(2022, 1, 2)),
        "edit-event": EditEvent("protests", {"title": "LPG protests", "places": ["almaty", "kazakhstan"],
                                             "precision": "day", "end": None, "category": "communications"}),
        "edit-when": EditEvent("blackout", {"when": WhenSpec("on Wednesday afternoon", "rw", "Kazakh time")}),
        "delete-first": DeleteEvent("protests"),
        "delete-last": DeleteEvent("blackout"),
        "add-excerpt": AddExcerpt("blackout", ExcerptSpec("rw", QUOTE, note="who cut it")),
        "remove-excerpt": RemoveExcerpt("protests", 0),
        "add-place": AddPlace("Aktau", "city", gazetteer="Aktau"),
        "add-category": AddCategory("security", "Security", "#ff7f0e"),
        "set-conflicts": SetConflicts("blackout", [ConflictSpec("who", ("rw", "rw2"), "a note")]),
        "add-source": AddSource({"id": "rw2", "outlet": "Republic World", "title": "Second copy",
                                 "published": "2022-01-06T07:35:00+05:30",
                                 "file": "sources/republicworld-2022-01-06-terrorist-gangs.txt"}),
    }


@pytest.mark.parametrize("key", list(_commands()))
def test_apply_changes_the_file_and_revert_restores_it_byte_for_byte(doc, key):
    command = _commands()[key]
    original = doc.text()
    command.apply(doc)
    changed = doc.text()
    assert changed != original
    assert doc.text() == doc.text() == changed  # writing the tree does not use up its comments
    command.revert(doc)
    assert doc.text() == original
    command.apply(doc)  # redo
    assert doc.text() == changed
    doc.save()
    command.revert(doc)
    doc.save()
    assert doc.path.read_text(encoding="utf-8") == original


@pytest.mark.parametrize("key", ["add-event", "edit-when", "add-excerpt", "add-place", "add-category", "add-source",
                                 "delete-first", "delete-last", "remove-excerpt"])
def test_the_changed_dataset_still_checks_clean(doc, key):
    command = _commands()[key]
    if key == "remove-excerpt":
        AddExcerpt("protests", ExcerptSpec("rw", QUOTE)).apply(doc)
    command.apply(doc)
    result = doc.check()
    assert result.ok, [str(p) for p in result.problems]


def test_a_new_event_goes_in_date_order_with_a_unique_id_and_verified_selector(doc):
    quote, selector = _selected(QUOTE)
    add = AddEvent("Protests", "2022-01-04", ["almaty"], [ExcerptSpec("rw", quote, selector)])
    add.apply(doc)
    assert add.event_id == "protests-2"
    assert doc.event_ids() == ["protests", "protests-2", "blackout"]
    text = doc.text()
    # laid out like its neighbours: a blank line before the next section's comment, which stays with that section
    assert "        at: {start: " in text
    assert "\n\n  # --- communications ---\n  - id: blackout\n" in text
    excerpt = doc.check().dataset.event("protests-2").excerpts[0]
    assert (excerpt.match.start, excerpt.match.end) == (selector.start, selector.end)


@pytest.mark.parametrize("event_id", ["protests", "blackout"])
def test_deleting_an_event_keeps_every_comment_around_it(doc, event_id):
    before = doc.text()
    DeleteEvent(event_id).apply(doc)
    text = doc.text()
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert f"id: {event_id}" not in text and text.endswith("\n# end of the events\n")
    assert doc.check().ok


def test_a_place_is_appended_in_the_style_of_the_others(doc):
    AddPlace("Aktau", "city", gazetteer="Aktau").apply(doc)
    assert ("  - {id: kazakhstan, name: Kazakhstan, kind: country}\n"
            "  - {id: aktau, name: Aktau, kind: city, gazetteer: Aktau}\n\nsources:") in doc.text()


def test_long_quotes_are_folded_to_the_file_width(doc):
    long_quote = ("The administration had declared an emergency in response to the widespread unrest, but "
                  "demonstrators became violent, storming government buildings as well as capturing police cars.")
    AddExcerpt("protests", ExcerptSpec("rw", long_quote)).apply(doc)
    lines = doc.text().splitlines()
    assert "        quote: >-" in lines and max(len(line) for line in lines) <= 120
    assert doc.check().ok


@pytest.mark.parametrize(("make", "message"), [
    (lambda: EditEvent("nope", {"title": "x"}), "there is no event 'nope'"),
    (lambda: EditEvent("blackout", {"title": None}), "title is required"),
    (lambda: EditEvent("blackout", {"date": "5 January"}), "date: '5 January' is not a date"),
    (lambda: EditEvent("blackout", {"precision": "soonish"}), "'soonish' is not one of"),
    (lambda: AddSource({"id": "rw", "outlet": "X"}), "there is already a source 'rw'"),
    (lambda: AddCategory("protest", "P", "#000000"), "there is already a category 'protest'"),
    (lambda: AddEvent("T", "2022-01-05", []), "places: expected a list"),
])
def test_a_refused_command_says_why_and_leaves_the_document_alone(doc, make, message):
    original = doc.text()
    with pytest.raises(CommandError, match=message):
        make().apply(doc)
    assert doc.text() == original


def test_constructor_checks():
    with pytest.raises(CommandError, match="'#12' is not a colour"):
        AddCategory("x", "X", "#12")
    with pytest.raises(CommandError, match="'town' is not a place kind"):
        AddPlace("X", "town")
    with pytest.raises(CommandError, match="cannot edit 'id'"):
        EditEvent("x", {"id": "y"})


def test_slugs_and_unique_ids():
    assert slugify("Tokayev's address: \"terrorist gangs\"") == "tokayevs-address-terrorist-gangs"
    assert slugify("Жаңаөзен") == "item" and slugify("Café au lait") == "cafe-au-lait"
    assert len(slugify("word " * 40)) <= 60
    assert unique_id("a", ["a", "a-2"]) == "a-3" and unique_id("b", ["a"]) == "b"


@pytest.mark.parametrize("quote", ['"terrorist gangs" in a meet', '"peacekeeping forces" from a Russia-led',
                                   "as \u201cterrorist gangs\u201d in a"])
def test_quotes_with_quote_marks_are_written_so_that_they_still_verify(doc, quote):
    AddExcerpt("blackout", ExcerptSpec("rw", quote)).apply(doc)
    result = doc.check()
    assert result.ok, [str(p) for p in result.problems]
    assert result.dataset.event("blackout").excerpts[-1].quote == quote


def test_a_background_event_goes_last_and_the_closing_comment_stays_last(doc):
    AddEvent("Treaty signed", "1992-05-15", ["kazakhstan"], [ExcerptSpec("rw", QUOTE)], context=True).apply(doc)
    text = doc.text()
    assert doc.event_ids()[-1] == "treaty-signed"
    assert text.endswith("    context: true\n    places: [kazakhstan]\n    excerpts:\n      - source: rw\n"
                         f"        quote: {QUOTE}\n\n# end of the events\n")
    assert "afternoon\n\n  - id: treaty-signed\n" in text  # separated from the one before as events are
