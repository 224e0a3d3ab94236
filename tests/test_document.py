"""The editable document: layout kept byte for byte, atomic saves with a backup, changes on disk detected."""

import difflib
import os
import shutil
from datetime import date

import pytest

from conftest import DATA
from kztimeline.model.commands import AddEvent, EditEvent, ExcerptSpec
from kztimeline.model.document import ChangedOnDisk, DocumentError, EventsDocument


@pytest.fixture
def copy(tmp_path):
    """A copy of the commented fixture with its sources, as a user's dataset folder."""
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    path = tmp_path / "events.yaml"
    shutil.copy(DATA / "commented.yaml", path)
    return path


def _changed_lines(before, after):
    diff = difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True))
    return [line for line in diff if line[:1] in "+-"]


def test_opening_and_saving_unchanged_keeps_every_byte(copy):
    original = copy.read_bytes()
    doc = EventsDocument.open(copy)
    assert doc.text().encode("utf-8") == original and not doc.modified
    doc.save()
    assert copy.read_bytes() == original


def test_changing_a_title_changes_exactly_that_line_and_revert_restores_the_file(copy):
    original = copy.read_text(encoding="utf-8")
    doc = EventsDocument.open(copy)
    edit = EditEvent("blackout", {"title": "Internet cut off"})
    edit.apply(doc)
    assert edit.name == "Change Title" and doc.modified
    edit.revert(doc)
    assert not doc.modified  # an edit undone is no modification
    edit.apply(doc)  # redo
    doc.save()
    saved = copy.read_text(encoding="utf-8")
    assert _changed_lines(original, saved) == [
        "-     title: Internet blackout     # from the Republic World report\n",
        "+     title: Internet cut off      # from the Republic World report\n"]
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert comments == [line for line in saved.splitlines() if line.lstrip().startswith("#")]
    assert "protest:        {label: Protest" in saved  # the aligned layout ruamel itself would drop
    assert doc.check().ok
    edit.revert(doc)
    assert doc.modified  # the saved file has the new title
    doc.save()
    assert copy.read_text(encoding="utf-8") == original
    assert (copy.parent / "events.yaml.bak").read_text(encoding="utf-8") == saved


def test_check_sees_the_edited_text_before_it_is_saved(copy):
    doc = EventsDocument.open(copy)
    EditEvent("blackout", {"date": "2022-01-06"}).apply(doc)
    messages = [str(p) for p in doc.check().problems]
    assert any("event 'blackout': date: 2022-01-06 does not match its source phrase" in m for m in messages), messages
    assert copy.read_text(encoding="utf-8") == (DATA / "commented.yaml").read_text(encoding="utf-8")


def test_a_failed_rename_leaves_the_old_file_whole_and_no_temporary_file(copy, monkeypatch):
    original = copy.read_bytes()
    doc = EventsDocument.open(copy)
    EditEvent("blackout", {"title": "Changed"}).apply(doc)
    real_replace = os.replace

    def failing_replace(source, target):
        if os.fspath(target) == os.fspath(copy):
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(DocumentError, match=r"cannot write .*events.yaml': No space left on device"):
        doc.save()
    assert copy.read_bytes() == original
    assert sorted(p.name for p in copy.parent.iterdir()) == ["events.yaml", "events.yaml.bak", "sources"]
    monkeypatch.setattr(os, "replace", real_replace)
    doc.save()  # and the document can still be saved once the disk is fine
    assert b"title: Changed" in copy.read_bytes()


def test_a_file_changed_on_disk_is_not_overwritten_without_asking(copy):
    doc = EventsDocument.open(copy)
    EditEvent("blackout", {"title": "Mine"}).apply(doc)
    theirs = copy.read_text(encoding="utf-8").replace("title: Protests", "title: Theirs")
    copy.write_text(theirs, encoding="utf-8")
    assert doc.changed_on_disk()
    with pytest.raises(ChangedOnDisk, match="was changed by another program since it was opened") as caught:
        doc.save()
    assert caught.value.expected != caught.value.found
    assert copy.read_text(encoding="utf-8") == theirs
    doc.save(force=True)  # the user chose Overwrite
    assert "title: Mine" in copy.read_text(encoding="utf-8")
    assert (copy.parent / "events.yaml.bak").read_text(encoding="utf-8") == theirs
    copy.unlink()
    with pytest.raises(ChangedOnDisk, match="was deleted"):
        doc.save()


def test_save_as_another_folder_copies_the_archived_sources(copy, tmp_path):
    doc = EventsDocument.open(copy)
    target = tmp_path / "elsewhere" / "kz.yaml"
    target.parent.mkdir()
    doc.save_as(target)
    assert doc.path == target and target.read_bytes() == copy.read_bytes()
    assert (target.parent / "sources" / "republicworld-2022-01-06-terrorist-gangs.txt").is_file()
    assert EventsDocument.open(target).check().ok


def test_new_dataset_creates_its_sources_folder_and_checks_clean(tmp_path):
    doc = EventsDocument.new(tmp_path / "kz", "Almaty, January 2022", date(2022, 1, 1), date(2022, 1, 31), "+06:00")
    assert (tmp_path / "kz" / "resources" / "sources").is_dir()
    assert not doc.path.exists() and doc.modified
    assert doc.check().ok
    quote = "turned down internet connectivity on Wednesday afternoon"
    shutil.copy(DATA / "sources" / "republicworld-2022-01-06-terrorist-gangs.txt",
                tmp_path / "kz" / "resources" / "sources" / "rw.txt")
    from kztimeline.model.commands import AddPlace, AddSource

    AddPlace("Kazakhstan", "country").apply(doc)
    AddSource({"id": "rw", "outlet": "Republic World", "title": "T", "published": "2022-01-06T07:35:00+05:30",
               "file": "resources/sources/rw.txt"}).apply(doc)
    AddEvent("Internet blackout", "2022-01-05", ["kazakhstan"], [ExcerptSpec("rw", quote)]).apply(doc)
    assert doc.check().ok, doc.check().problems
    doc.save()
    assert "events:\n  - id: internet-blackout\n" in doc.path.read_text(encoding="utf-8")
    with pytest.raises(DocumentError, match="already exists; open it instead"):
        EventsDocument.new(tmp_path / "kz", "Again", date(2022, 1, 1), date(2022, 1, 31))


@pytest.mark.parametrize(("args", "message"), [
    (("", date(2022, 1, 1), date(2022, 1, 2)), "a dataset needs a title"),
    (("T", date(2022, 1, 5), date(2022, 1, 2)), "the period ends (2022-01-02) before it starts (2022-01-05)"),
    (("T", date(2022, 1, 1), date(2022, 1, 2), "Almaty"), "time zone:"),
])
def test_new_refuses_bad_settings_in_one_line(tmp_path, args, message):
    with pytest.raises(DocumentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        EventsDocument.new(tmp_path, *args)


@pytest.mark.parametrize(("content", "message"), [
    (b"title: x\n\xff\xfe\n", r"events.yaml:2: the file is not UTF-8 text"),
    (b"title: x\nperiod: {start: 2022\n", r"events.yaml: line 3, column 1: YAML syntax error"),
    (b"- just\n- a list\n", r"events.yaml: the file must be a mapping"),
])
def test_open_refuses_unreadable_files_in_one_line(tmp_path, content, message):
    path = tmp_path / "events.yaml"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message) as caught:
        EventsDocument.open(path)
    assert "\n" not in str(caught.value)
    with pytest.raises(DocumentError, match="cannot open"):
        EventsDocument.open(tmp_path / "missing.yaml")


def test_windows_line_ends_and_a_byte_order_mark_are_kept(copy):
    text = copy.read_text(encoding="utf-8")
    copy.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    original = copy.read_bytes()
    doc = EventsDocument.open(copy)
    edit = EditEvent("blackout", {"title": "Cut"})
    edit.apply(doc)
    doc.save()
    saved = copy.read_bytes()
    assert saved.startswith(b"\xef\xbb\xbf") and b"    title: Cut" in saved
    assert saved.count(b"\n") == saved.count(b"\r\n")
    edit.revert(doc)
    doc.save()
    assert copy.read_bytes() == original


def test_event_fields_are_plain_values_as_written(copy):
    fields = EventsDocument.open(copy).event_fields("blackout")
    assert fields["title"] == "Internet blackout" and type(fields["title"]) is str
    assert fields["date"] == "2022-01-05" and fields["places"] == ["kazakhstan"]
    assert fields["when"] == {"phrase": "on Wednesday afternoon", "source": "rw"}
    assert fields["excerpts"] == [{"source": "rw", "quote": "turned down internet connectivity on Wednesday afternoon"}]


def test_hostile_nesting_is_refused_in_one_line(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="nested more than 64 levels deep"):
        EventsDocument.open(path)
