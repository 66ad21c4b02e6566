"""A JSON novice's slips in ``my_events.json``, each told with its line, column and fix.

Every case is the worked example's file (``data/capstone_example.json``) with one slip a
student makes, checked as a student checks it (``data.check_mine("my_events.json")``), and
loaded as a lesson loads it (``data.load(extra=...)``), which shows one line, never a
traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from course_files import ROOT

from nato_russia import data, json_help, student_records
from nato_russia.student_records import StudentRecordError

EXAMPLE = (ROOT / "data" / "capstone_example.json").read_text(encoding="utf-8")
EVENT_ID = '"id": "my-2018-nato-cuts-russian-mission"'


def _swap(old: str, new: str) -> str:
    assert EXAMPLE.count(old) == 1, old
    return EXAMPLE.replace(old, new)


def _place(text: str, marker: str, offset: int = 0) -> str:
    """'line L, column C' of the first ``marker`` in ``text`` (plus ``offset`` characters)."""
    line, column = json_help.where(text, text.index(marker) + offset)
    return f"line {line}, column {column}"


def _bare() -> str:
    return json.dumps(json.loads(EXAMPLE)["events"][0], indent=2)


# name: (the file's text, a function giving the place it must name (or None), the fix's words)
SLIPS: dict[str, tuple[str, Callable[[str], str | None], list[str]]] = {
    "single quotes": (
        _swap(EVENT_ID, "'id': 'my-2018-nato-cuts-russian-mission'"),
        lambda t: _place(t, "'id'"), ["single quotes", "double quotes", "\"id\", not 'id'"]),
    "Python's False": (
        _swap('"in_source_document": false', '"in_source_document": False'),
        lambda t: _place(t, "False"), ["False", "false in lower case", "without quotes"]),
    "Python's True": (
        _swap('"in_source_document": false', '"in_source_document": True'),
        lambda t: _place(t, "True"), ["true in lower case"]),
    "Python's None": (
        _swap('"place": "Brussels"', '"place": None'),
        lambda t: _place(t, "None"), ["null in lower case"]),
    "trailing comma in a list": (
        _swap('"my-src-afm-2018-03-27"]\n', '"my-src-afm-2018-03-27",]\n'),
        lambda t: _place(t, '"my-src-afm-2018-03-27",]', len('"my-src-afm-2018-03-27"')),
        ["comma after the last item", "delete that comma"]),
    "trailing comma in a record": (
        _swap('"confidence": "high",\n      "sources": ["my-src-tass-2018-03-27", '
              '"my-src-afm-2018-03-27"]\n', '"confidence": "high",\n      "sources": '
              '["my-src-tass-2018-03-27", "my-src-afm-2018-03-27"],\n'),
        lambda t: _place(t, '"my-src-afm-2018-03-27"],', len('"my-src-afm-2018-03-27"]')),
        ["comma after the last item", "closing }"]),
    "a // comment": (
        _swap('  "events": [', '  // the worked example\n  "events": ['),
        lambda t: _place(t, "// the"), ["comment", "JSON has no comments", "delete the line"]),
    "a # comment": (
        _swap('  "events": [', '  # the worked example\n  "events": ['),
        lambda t: _place(t, "# the"), ["comment", "delete the line"]),
    "missing comma": (
        _swap('"kind": "statement",', '"kind": "statement"'),
        lambda t: _place(t, '"statement"', len('"statement"')),
        ["a comma is missing", "add one there"]),
    "bare record": (_bare(), lambda t: None,
                    ["one record on its own", '{"events": [ your record ]}']),
    "bare list": (json.dumps(json.loads(EXAMPLE)["events"]), lambda t: None,
                  ["a list [...] on its own", '{"events": [ your records ]}']),
    "Python assignment": (
        "event = " + EXAMPLE, lambda t: "line 1",
        ["Python code, 'event ='", "delete everything before the first {"]),
    "date as a number": (
        _swap('"date": "2018-03-27",\n      "date_precision"',
              '"date": 2018-03-27,\n      "date_precision"'),
        lambda t: _place(t, "2018-03-27,\n      \"date_precision\""),
        ["a date is written as a number", '"2018-03-27", not 2018-03-27']),
    "smart quotes": (
        _swap('"place": "Brussels"', '"place": “Brussels”'),
        lambda t: _place(t, "“"), ["curly quote mark “", "straight double quotes"]),
    "empty file": ("", lambda t: None, ["the file is empty", "data.start_my_events()"]),
    "only white space": ("\n  \n", lambda t: None, ["the file is empty"]),
    "unclosed brackets": (EXAMPLE.rstrip()[:-1], lambda t: None,
                          ["ends too early", "every { has its }"]),
    "name without quotes": (
        _swap('"place": "Brussels"', 'place: "Brussels"'),
        lambda t: _place(t, "place:"), ['the name place', '"place"']),
    "missing colon": (
        _swap('"place": "Brussels"', '"place" "Brussels"'),
        lambda t: _place(t, '"Brussels"'), ["a colon is missing", '"name": value']),
    "two objects": (EXAMPLE + '{"events": []}\n', lambda t: _place(t, '{"events": []}'),
                    ["only one {...}"]),
}


def _message(text: str, tmp_path: Path) -> str:
    path = tmp_path / "my_events.json"
    path.write_text(text, encoding="utf-8")
    result = data.check_mine(path)
    assert not result.ok
    return result.message


@pytest.mark.parametrize("slip", list(SLIPS), ids=list(SLIPS))
def test_a_slip_is_told_with_its_place_and_its_fix(slip: str, tmp_path: Path) -> None:
    text, place, words = SLIPS[slip]
    message = _message(text, tmp_path)
    assert message.startswith("my_events.json: "), message
    where = place(text)
    if where:
        assert f"at {where}" in message or f"({where})" in message, (where, message)
    for part in words:
        assert part in message, f"{part!r} not in: {message}"
    # One sentence or two, and nothing of the parser's own wording or of Python's machinery.
    assert "\n" not in message and "Traceback" not in message
    assert "Expecting" not in message and "delimiter" not in message


@pytest.mark.parametrize("slip", ["single quotes", "bare record", "empty file"])
def test_loading_a_slip_shows_one_line_not_a_traceback(slip: str, tmp_path: Path) -> None:
    path = tmp_path / "my_events.json"
    path.write_text(SLIPS[slip][0], encoding="utf-8")
    with pytest.raises(StudentRecordError) as caught:
        data.load(extra=path)
    lines = caught.value._render_traceback_()
    assert lines == [f"Problem in your records: {caught.value}"]


def test_the_lines_and_columns_count_from_one() -> None:
    assert json_help.where("ab\ncd", 0) == (1, 1)
    assert json_help.where("ab\ncd", 4) == (2, 2)


def test_valid_json_has_no_problem() -> None:
    assert json_help.problem(EXAMPLE) is None
    assert json_help.bare_record(json.loads(EXAMPLE)) is None


# --------------------------------------------------------------------------- the template


def test_the_template_is_json_with_every_field_and_says_what_goes_in_each() -> None:
    template = json.loads(student_records.TEMPLATE)
    schema = json.loads((ROOT / "data" / "schema.json").read_text(encoding="utf-8"))
    for table in ("sources", "events"):
        (record,) = template[table]
        required = schema["properties"][table]["items"]["required"]
        assert set(required) <= set(record), set(required) - set(record)
        notes = [v for v in record.values() if isinstance(v, str)]
        assert all(student_records.PLACEHOLDER.match(v) for v in notes), notes


def test_start_creates_the_file_once_and_check_names_the_first_note(tmp_path: Path) -> None:
    path = tmp_path / "my_work" / "my_events.json"
    made = data.start_my_events(path)
    assert made.ok and "Open With > Editor" in made.message
    assert path.read_text(encoding="utf-8") == student_records.TEMPLATE
    path.write_text('{"events": []}', encoding="utf-8")
    again = data.start_my_events(path)
    assert not again.ok and "left as it is" in again.message
    assert path.read_text(encoding="utf-8") == '{"events": []}'  # never replaced
    path.write_text(student_records.TEMPLATE, encoding="utf-8")
    checked = data.check_mine(path)
    assert not checked.ok
    assert checked.message.startswith(
        "my_events.json, your source (the 1st in \"sources\"), field 'id': this field still "
        "holds the template's note <an id: my-src-")
    assert "angle brackets included" in checked.message


def test_a_filled_in_template_passes(tmp_path: Path) -> None:
    example = json.loads(EXAMPLE)
    template = json.loads(student_records.TEMPLATE)
    filled = {table: [{**template[table][0], **example[table][0]}]
              for table in ("sources", "events")}
    filled["events"][0]["sources"] = [example["sources"][0]["id"]]
    path = tmp_path / "my_events.json"
    path.write_text(json.dumps(filled, indent=2), encoding="utf-8")
    assert data.check_mine(path).ok, data.check_mine(path).message


def test_rewriting_an_existing_file_warns_about_an_open_editor(tmp_path: Path) -> None:
    example = json.loads(EXAMPLE)
    path = tmp_path / "my_events.json"
    first = data.add_source(example["sources"][0], file=path)
    assert "editor tab" not in first.message  # a new file cannot be open anywhere yet
    second = data.add_source(example["sources"][1], file=path)
    assert "If the file is open in an editor tab, close that tab without saving" in (
        second.message)
