"""The capstone's machinery: a student's own records, checked by the course's rules, merged in.

Every broken record a student is likely to write gets one sentence naming their file, their
record and the field, with what to do; never a traceback. A good record reaches the frames,
the explorers and the index.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest
from course_files import ROOT

from nato_russia import charts, data, explore, student_records
from nato_russia.student_records import StudentRecordError

SOURCE = {
    "id": "my-src-example",
    "title": "A report of the day",
    "publisher": "A newspaper",
    "kind": "press",
    "date": "2018-03-27",
    "url": "https://news.example.org/2018/03/27/report",
    "reach": "press",
}
EVENT = {
    "id": "my-2018-example",
    "date": "2018-03-27",
    "date_precision": "day",
    "title": "A student's event",
    "kind": "statement",
    "period": "p08",
    "place": "Brussels",
    "participants": ["NATO"],
    "summary": "An event the course leaves out, added by a student.",
    "signal": -1,
    "confidence": "high",
    "sources": ["my-src-example"],
}


def _file(folder: Path, events: list[dict[str, Any]] | None = None,
          sources: list[dict[str, Any]] | None = None) -> Path:
    path = folder / "my_events.json"
    mine = {"sources": [SOURCE] if sources is None else sources,
            "events": [EVENT] if events is None else events}
    path.write_text(json.dumps(mine), encoding="utf-8")
    return path


def _event(**changes: Any) -> list[dict[str, Any]]:
    record = {**EVENT, **changes}
    return [{k: v for k, v in record.items() if v is not None}]


# Each broken file: what the student wrote wrong, and the words the message must hold.
BROKEN: dict[str, tuple[Callable[[Path], Path], list[str]]] = {
    "source missing": (
        lambda d: _file(d, _event(sources=None)),
        ["your event 'my-2018-example' (the 1st in \"events\")", "field 'sources'",
         "this required field is missing", "Every record needs at least one source"]),
    "source list empty": (
        lambda d: _file(d, _event(sources=[])),
        ["field 'sources'", "Every record needs at least one source"]),
    "source not in any list": (
        lambda d: _file(d, _event(sources=["my-src-elsewhere"])),
        ["field 'sources.0'", "'my-src-elsewhere', which is not an id in sources",
         "add the source to the \"sources\" list of your file"]),
    "date written day/month/year": (
        lambda d: _file(d, _event(date="27/03/2018")),
        ["field 'date'", "'27/03/2018' does not have the expected form",
         "Write a date as YYYY-MM-DD"]),
    "date without leading zero": (
        lambda d: _file(d, _event(date="2018-3-27")),
        ["field 'date'", "'2018-3-27' does not have the expected form"]),
    "date that never was": (
        lambda d: _file(d, _event(date="2018-02-30")),
        ["field 'date'", "'2018-02-30' is not a real calendar date"]),
    "date less precise than it says": (
        lambda d: _file(d, _event(date="2018-03")),
        ["field 'date'", "written as a month but date_precision is 'day'"]),
    "period that does not fit": (
        lambda d: _file(d, _event(period="p07")),
        ["field 'period'", "lies outside period 'p07' (2014-01-01 to 2014-12-31)",
         "Its date falls in period 'p08'", "\"period\": \"p08\""]),
    "period that does not exist": (
        lambda d: _file(d, _event(period="p09")),
        ["field 'period'", "'p09', which is not an id in periods",
         "Its date falls in period 'p08'"]),
    "unknown kind": (
        lambda d: _file(d, _event(kind="battle")),
        ["field 'kind'", "'battle' is not one of the allowed values", "'conflict'",
         "Choose the kind from the list in data/README.md"]),
    "id already taken by the course": (
        lambda d: _file(d, _event(id="ev-2017-montenegro-joins")),
        ["field 'id'", "the id 'ev-2017-montenegro-joins' is already taken by the course's "
         "event \"Montenegro joins NATO\"", "starting with 'my-'"]),
    "id used twice in the student's file": (
        lambda d: _file(d, _event(id="my-src-example")),
        ["your event 'my-src-example'", "two of your records have the id 'my-src-example'"]),
    "id with capitals and spaces": (
        lambda d: _file(d, _event(id="My Event")),
        ["field 'id'", "'My Event' does not have the expected form",
         "lowercase letters, digits"]),
    "signal off the scale": (
        lambda d: _file(d, _event(signal=3)),
        ["field 'signal'", "3 is greater than the maximum of 2", "from -2 to +2"]),
    "signal in quotes": (
        lambda d: _file(d, _event(signal="-1")),
        ["field 'signal'", "expected integer, found a string", "rubric in data/README.md"]),
    "end before the start": (
        lambda d: _file(d, _event(end_date="2018-03-20")),
        ["field 'end_date'", "2018-03-20 is not after the date"]),
    "cooperation area unknown": (
        lambda d: _file(d, _event(cooperation=[{"area": "area-space", "effect": "opened"}])),
        ["field 'cooperation.0.area'", "'area-space', which is not an id in cooperation_areas",
         "course.areas"]),
    "misspelt field": (
        lambda d: _file(d, _event(sumary="typo")),
        ["field 'sumary'", "'sumary' is not a field of the course's records (a typo?)"]),
    "source address without http": (
        lambda d: _file(d, sources=[{**SOURCE, "url": "www.example.org/report"}]),
        ["your source 'my-src-example' (the 1st in \"sources\")", "field 'url'",
         "starting with http:// or https://"]),
    "source kind unknown": (
        lambda d: _file(d, sources=[{**SOURCE, "kind": "newspaper"}]),
        ["field 'kind'", "'newspaper' is not one of the allowed values",
         "A source's kind is 'official'"]),
    "broken JSON": (
        lambda d: _write(d, '{"events": [{"id": "my-a"} {"id": "my-b"}]}'),
        ["my_events.json: a comma is missing at line 1, column 27", "add one there"]),
    "list under a wrong name": (
        lambda d: _write(d, '{"event": []}'),
        ["the file has a list called 'event'",
         "'sources', 'documents', 'events' and 'quotations'"]),
    "record that is not an object": (
        lambda d: _write(d, '{"events": ["Skripal"]}'),
        ["the 1st record in 'events' should be an object in curly braces"]),
    "no file yet": (
        lambda d: d / "my_events.json",
        ["my_events.json: the file does not exist", "data.start_my_events()",
         "data.add_event"]),
}


def _write(folder: Path, text: str) -> Path:
    path = folder / "my_events.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_broken_record_gets_one_sentence_about_it(case: str, tmp_path: Path) -> None:
    make, words = BROKEN[case]
    path = make(tmp_path)
    with pytest.raises(StudentRecordError) as caught:
        data.load(extra=path)
    message = str(caught.value)
    assert message.startswith("my_events.json"), message
    for part in words:
        assert part in message, f"{part!r} not in: {message}"
    assert "\n" not in message and "Traceback" not in message
    # What JupyterLab shows instead of a traceback: the one sentence.
    assert caught.value._render_traceback_() == [f"Problem in your records: {message}"]


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_check_mine_reports_a_problem_without_raising(case: str, tmp_path: Path) -> None:
    make, words = BROKEN[case]
    result = data.check_mine(make(tmp_path))
    assert not result.ok
    assert words[0] in result.message
    assert result._repr_markdown_().startswith("❌ ")


def test_records_can_be_checked_before_they_are_written() -> None:
    good = data.check_mine({"sources": [SOURCE], "events": [EVENT]})
    assert good.ok and good.message == "Your 2 records pass every rule of the course's dataset."
    bad = data.check_mine({"sources": [SOURCE], "events": _event(kind="battle")})
    assert not bad.ok
    # Records not yet written name no file: my_events.json may not exist yet.
    assert bad.message.startswith(
        "Your event 'my-2018-example' (the 1st in \"events\"), field 'kind'")
    assert "my_events.json" not in bad.message
    assert not data.check_mine({"event": [EVENT]}).ok


def test_a_good_record_passes_the_same_rules(tmp_path: Path) -> None:
    result = data.check_mine(_file(tmp_path))
    assert result.ok, result.message
    assert result.message == "my_events.json: 2 records pass every rule of the course's dataset."


@pytest.mark.parametrize(("url", "reach"), [
    ("https://www.reuters.com/world/report", "press"),  # a listed host: its class
    ("https://en.kremlin.ru/events/president/news/1", "issuer"),  # a listed parent domain
    ("https://docslib.org/doc/1/report", None),  # a copy: only its author can say why
    ("https://news.example.org/report", None),  # a host the list does not know
])
def test_a_sources_reach_is_taken_from_the_list_of_hosts_when_it_can_be(
        url: str, reach: str | None) -> None:
    source = {key: value for key, value in SOURCE.items() if key != "reach"}
    filled = student_records.with_defaults("sources", {**source, "url": url})
    assert filled.get("reach") == reach


def test_a_source_without_reach_on_an_unknown_host_is_told_what_reach_is(
        tmp_path: Path) -> None:
    source = {key: value for key, value in SOURCE.items() if key != "reach"}
    with pytest.raises(StudentRecordError) as caught:
        data.load(extra=_file(tmp_path, sources=[source]))
    assert "field 'reach'" in str(caught.value)
    assert "'issuer' (the issuing body's own site)" in str(caught.value)


def test_the_extended_course_holds_the_students_records(course: data.Course,
                                                         tmp_path: Path) -> None:
    extended = data.load(extra=_file(tmp_path))
    assert extended.mine == ("my-src-example", "my-2018-example")
    assert len(extended.events) == len(course.events) + 1
    assert len(extended.sources) == len(course.sources) + 1
    row = extended.events.set_index("id").loc["my-2018-example"]
    assert row["lesson"] == "08" and row["year"] == 2018
    assert row["in_source_document"] is False or not row["in_source_document"]
    assert extended.events["date"].is_monotonic_increasing
    assert course.mine == () and "my-2018-example" not in set(data.load().events["id"])


def test_the_students_event_is_on_the_timeline_and_in_the_index(tmp_path: Path) -> None:
    extended = data.load(extra=_file(tmp_path))
    timeline = explore.timeline(extended, period="p08")
    assert "my-2018-example" in set(charts.chart_data(timeline.figure)["id"])
    index = explore.relationship_index(extended)
    table = charts.chart_data(index.figure).set_index("id")
    assert table.loc["my-2018-example", "contribution"] == -1


def _course(tmp_path: Path) -> Path:
    """A course folder's dataset path (only its place matters to locate)."""
    (tmp_path / "course" / "data").mkdir(parents=True)
    return tmp_path / "course" / "data" / "nato_russia.json"


def test_the_file_is_found_in_my_work(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dataset = _course(tmp_path)
    monkeypatch.chdir(dataset.parent)  # as a lesson runs in notebooks/, where the file is not
    root = dataset.parent.parent
    # Where it will be created, before it exists.
    assert student_records.locate(data.MY_EVENTS, dataset) == root / "my_work" / "my_events.json"
    (root / "my_work").mkdir()
    (root / "my_work" / "my_events.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(root / "my_work")  # the student's capstone runs here
    assert student_records.locate(data.MY_EVENTS, dataset).resolve() == (
        root / "my_work" / "my_events.json")


def test_a_file_at_the_old_place_is_still_read_with_a_notice(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    dataset = _course(tmp_path)
    root = dataset.parent.parent
    monkeypatch.chdir(root)
    (root / "my_events.json").write_text("{}", encoding="utf-8")
    assert student_records.locate(data.MY_EVENTS, dataset) == root / "my_events.json"
    student_records.locate(data.MY_EVENTS, dataset)
    notice = capsys.readouterr().out.splitlines()
    assert notice == ["Note: reading my_events.json from the top of the course folder; move it "
                      "into my_work/ so that downloading my_work/ keeps it."]
    # Once the student has moved it (or made a new one), my_work/ wins.
    (root / "my_work").mkdir()
    (root / "my_work" / "my_events.json").write_text("{}", encoding="utf-8")
    assert student_records.locate(data.MY_EVENTS, dataset) == root / "my_work" / "my_events.json"


def test_git_ignores_the_students_file() -> None:
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/my_events.json" in lines and "/my_work/" in lines


def test_add_record_writes_the_file_and_replaces_by_id(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    saved = data.add_source(SOURCE, file=path)
    assert saved.ok and "Saved 'my-src-example' in mine.json" in saved.message
    data.add_event(EVENT, file=path)
    data.add_event({**EVENT, "title": "Renamed"}, file=path)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert list(written) == ["sources", "events"]
    assert [e["title"] for e in written["events"]] == ["Renamed"]
    assert path.read_text(encoding="utf-8").endswith("}\n")


def test_a_failing_add_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    data.add_source(SOURCE, file=path)
    before = path.read_text(encoding="utf-8")
    with pytest.raises(StudentRecordError, match="field 'kind'"):
        data.add_event({**EVENT, "kind": "battle"}, file=path)
    with pytest.raises(StudentRecordError, match="records go in 'sources'"):
        data.add_record("periods", {"id": "my-p09"}, file=path)
    assert path.read_text(encoding="utf-8") == before


def test_merging_leaves_the_course_untouched() -> None:
    raw = json.loads((ROOT / "data" / "nato_russia.json").read_text(encoding="utf-8"))
    kept = copy.deepcopy(raw)
    merged = student_records.merge(raw, {"events": [EVENT]})
    assert raw == kept
    assert merged["events"][-1] == {**EVENT, "cooperation": [], "in_source_document": False}


def test_the_capstone_example_passes_and_reaches_the_timeline() -> None:
    example = data.read_mine("data/capstone_example.json")
    assert [len(example["sources"]), len(example["events"])] == [2, 1]
    assert data.check_mine("data/capstone_example.json").ok
    extended = data.load(extra="data/capstone_example.json")
    timeline = explore.timeline(extended, period="p08")
    assert set(extended.mine) & set(charts.chart_data(timeline.figure)["id"])


def test_lesson_08_runs_unchanged_on_the_extended_course(course: data.Course,
                                                          tmp_path: Path) -> None:
    lesson = nbformat.read(ROOT / "notebooks" / "08_synthesis_epilogue.ipynb", as_version=4)
    cells = [cell.source for cell in lesson.cells if cell.cell_type == "code"]
    assert "course = data.load()" in cells[0]
    path = _file(tmp_path)
    # The one line a student changes: the lesson's own pandas and explorers do the rest.
    cells[0] = cells[0].replace("course = data.load()", f"course = data.load(extra={str(path)!r})")
    namespace: dict[str, Any] = {}
    exec(compile("\n\n".join(cells), "08_synthesis_epilogue", "exec"), namespace)
    arc = namespace["arc"]
    assert arc.loc["08", "events"] == (course.events["lesson"] == "08").sum() + 1
    assert "my-2018-example" in set(namespace["eras"]["id"])


def test_a_check_shows_no_absolute_path() -> None:
    # Notebooks store the repr as output; a checkout's own path in it would differ elsewhere.
    from nato_russia import data

    result = data.check_mine("data/capstone_example.json")
    assert str(ROOT) not in repr(result) and str(ROOT) not in str(result)
