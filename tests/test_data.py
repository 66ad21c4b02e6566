"""The dataset loader: it finds the file, returns typed frames, and rejects broken files clearly."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from course_files import ROOT

from nato_russia import data
from nato_russia.data import DatasetError

DATASET = ROOT / "data" / "nato_russia.json"


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return json.loads(DATASET.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the good file


def test_finds_the_dataset_from_any_working_directory(tmp_path: Path) -> None:
    script = "from nato_russia import data; print(len(data.load().events))"
    env = {k: v for k, v in os.environ.items() if k != data.ENV_VAR}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 40


def test_frames_have_real_dtypes(course: data.Course) -> None:
    assert pd.api.types.is_datetime64_any_dtype(course.events["date"])
    assert pd.api.types.is_datetime64_any_dtype(course.events["end_date"])
    assert pd.api.types.is_integer_dtype(course.events["signal"])
    assert pd.api.types.is_bool_dtype(course.events["in_source_document"])
    assert pd.api.types.is_datetime64_any_dtype(course.periods["start"])
    assert pd.api.types.is_datetime64_any_dtype(course.accessions["date"])
    assert pd.api.types.is_datetime64_any_dtype(course.areas["began"])
    assert pd.api.types.is_datetime64_any_dtype(course.documents["date"])
    assert course.events["date"].is_monotonic_increasing


def test_each_frame_has_one_row_per_record(course: data.Course, raw: dict[str, Any]) -> None:
    assert len(course.events) == len(raw["events"])
    assert len(course.periods) == len(raw["periods"])
    assert len(course.documents) == len(raw["documents"])
    assert len(course.quotations) == len(raw["quotations"])
    assert len(course.areas) == len(raw["cooperation_areas"])
    assert len(course.accessions) == len(raw["accessions"])
    assert len(course.cooperation) == sum(len(e["cooperation"]) for e in raw["events"])


def test_month_precision_dates_stand_for_their_first_day(course: data.Course) -> None:
    coarse = course.events[course.events["date_precision"] != "day"]
    assert (coarse["date"].dt.day == 1).all()


def test_edits_to_a_loaded_frame_do_not_leak_into_the_next_load() -> None:
    first = data.load()
    first.events.loc[0, "title"] = "changed by a student"
    assert data.load().events.loc[0, "title"] != "changed by a student"


def test_an_explicit_path_and_the_environment_variable_are_honoured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_path = tmp_path / "copy.json"
    copy_path.write_text(DATASET.read_text(encoding="utf-8"), encoding="utf-8")
    assert data.find_dataset(copy_path) == copy_path
    monkeypatch.setenv(data.ENV_VAR, str(copy_path))
    assert data.find_dataset() == copy_path
    assert len(data.load().events) == len(data.load(DATASET).events)


# --------------------------------------------------------------------------- broken files

Mutation = Callable[[dict[str, Any]], None]


def _event_with(raw: dict[str, Any], predicate: Callable[[dict[str, Any]], bool]) -> dict:
    return next(e for e in raw["events"] if predicate(e))


def _set(table: str, index: int, field: str, value: Any) -> Mutation:
    def mutate(raw: dict[str, Any]) -> None:
        raw[table][index][field] = value

    return mutate


def _drop(table: str, index: int, field: str) -> Mutation:
    def mutate(raw: dict[str, Any]) -> None:
        del raw[table][index][field]

    return mutate


def _duplicate_event_id(raw: dict[str, Any]) -> None:
    raw["events"][1]["id"] = raw["events"][0]["id"]


def _duplicate_across_tables(raw: dict[str, Any]) -> None:
    raw["documents"][0]["id"] = raw["events"][0]["id"]


def _dangling_area(raw: dict[str, Any]) -> None:
    event = _event_with(raw, lambda e: e["cooperation"])
    event["cooperation"][0]["area"] = "area-telepathy"


def _end_before_start(raw: dict[str, Any]) -> None:
    event = _event_with(raw, lambda e: e["date_precision"] == "day")
    event["end_date"] = event["date"]


def _event_outside_period(raw: dict[str, Any]) -> None:
    event = _event_with(raw, lambda e: e["period"] == "p01")
    event["period"] = "p07"


def _overlapping_periods(raw: dict[str, Any]) -> None:
    raw["periods"][1]["start"] = raw["periods"][0]["end"]


def _gap_between_periods(raw: dict[str, Any]) -> None:
    raw["periods"][1]["start"] = "1994-02-01"


def _period_ends_before_it_starts(raw: dict[str, Any]) -> None:
    raw["periods"][-1]["end"] = "2014-06-01"


def _precision_mismatch(raw: dict[str, Any]) -> None:
    event = _event_with(raw, lambda e: e["date_precision"] == "day")
    event["date_precision"] = "month"


def _stop_without_event(raw: dict[str, Any]) -> None:
    area = next(a for a in raw["cooperation_areas"] if "stopped" in a)
    del area["stopped_event"]


def _unknown_field(raw: dict[str, Any]) -> None:
    raw["events"][0]["colour"] = "red"


def _dangling_source(raw: dict[str, Any]) -> None:
    raw["quotations"][0]["sources"] = ["src-does-not-exist"]


def _empty_sources(raw: dict[str, Any]) -> None:
    raw["accessions"][0]["sources"] = []


def _tables_swapped(raw: dict[str, Any]) -> None:
    raw["events"] = {"not": "a list"}


BROKEN: dict[str, tuple[Mutation, str, str]] = {
    # name: (mutation, text the message must contain, field it must name)
    "wrong type for signal": (_set("events", 0, "signal", "high"), "events[0]", "signal"),
    "signal out of range": (_set("events", 0, "signal", 3), "events[0]", "signal"),
    "missing title": (_drop("events", 2, "title"), "events[2]", "title"),
    "missing date": (_drop("events", 3, "date"), "events[3]", "date"),
    "unknown kind": (_set("events", 0, "kind", "party"), "events[0]", "kind"),
    "date in the wrong form": (_set("events", 0, "date", "5 July 1990"), "events[0]", "date"),
    "impossible date": (_set("accessions", 0, "date", "1949-02-30"), "accessions[0]", "date"),
    "impossible month": (_set("documents", 0, "date", "1990-13-01"), "documents[0]", "date"),
    "relative url": (_set("documents", 0, "url", "/cps/en/natohq/x.htm"), "documents[0]", "url"),
    "boolean as text": (
        _set("quotations", 0, "in_source_document", "yes"), "quotations[0]", "in_source_document"
    ),
    "empty quotation": (_set("quotations", 0, "text", ""), "quotations[0]", "text"),
    "dangling period": (_set("events", 0, "period", "p99"), "events[0]", "period"),
    "dangling document": (_set("quotations", 0, "document", "doc-nope"), "quotations[0]",
                          "document"),
    "dangling event": (_set("quotations", 0, "event", "ev-nope"), "quotations[0]", "event"),
    "dangling cooperation area": (_dangling_area, "events[", "cooperation.0.area"),
    "dangling source": (_dangling_source, "quotations[0]", "sources.0"),
    "no sources": (_empty_sources, "accessions[0]", "sources"),
    "duplicate id": (_duplicate_event_id, "events[1]", "id"),
    "duplicate id across tables": (_duplicate_across_tables, "documents[0]", "id"),
    "end date not after date": (_end_before_start, "events[", "end_date"),
    "event outside its period": (_event_outside_period, "events[", "period"),
    "overlapping periods": (_overlapping_periods, "periods[1]", "start"),
    "gap between periods": (_gap_between_periods, "periods[1]", "start"),
    "period ends before it starts": (_period_ends_before_it_starts, "periods[", "end"),
    "precision does not match the date": (_precision_mismatch, "events[", "date"),
    "stop fields incomplete": (_stop_without_event, "cooperation_areas[", "stopped_event"),
    "unknown field": (_unknown_field, "events[0]", "colour"),
    "table of the wrong type": (_tables_swapped, "events", ""),
    "bad id characters": (_set("events", 0, "id", "Event 1!"), "events[0]", "id"),
    "missing meta source": (lambda r: r["meta"].update(source_document="src-x"), "meta",
                            "source_document"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_record_gets_one_clear_error(
    name: str, raw: dict[str, Any], tmp_path: Path
) -> None:
    mutate, where, field = BROKEN[name]
    broken = copy.deepcopy(raw)
    mutate(broken)
    path = tmp_path / "broken.json"
    text = json.dumps(broken, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        data.load(path)
    message = str(caught.value)
    assert str(path) in message
    assert where in message
    if field:
        assert f"field '{field}'" in message
    assert "\n" not in message, "one readable line, not a dump"
    assert path.read_text(encoding="utf-8") == text, "the loader must never change the file"


FILE_PROBLEMS: dict[str, tuple[bytes | None, str]] = {
    "truncated JSON": (b'{"meta": {"title": "x"', "not valid JSON at line 1"),
    "empty file": (b"", "empty"),
    "not UTF-8": (b'{"meta": "\xff\xfe"}', "not UTF-8"),
    "a list at the top": (b"[1, 2, 3]", "must be a JSON object"),
    "an empty object": (b"{}", "required field is missing"),
    "deeply nested": (b"[" * 100_000 + b"]" * 100_000, "JSON"),
    "missing file": (None, "does not exist"),
}


@pytest.mark.parametrize("name", sorted(FILE_PROBLEMS))
def test_an_unreadable_file_gets_one_clear_error(name: str, tmp_path: Path) -> None:
    content, expected = FILE_PROBLEMS[name]
    path = tmp_path / "dataset.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DatasetError) as caught:
        data.load(path)
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_a_folder_instead_of_a_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="folder"):
        data.load(tmp_path)


def test_no_dataset_anywhere_says_how_to_fix_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.setattr(data, "PACKAGE_ROOT", tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DatasetError, match=data.ENV_VAR):
        data.find_dataset()


def test_the_error_is_a_value_error_with_its_parts(raw: dict[str, Any], tmp_path: Path) -> None:
    broken = copy.deepcopy(raw)
    broken["events"][0]["signal"] = "high"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        data.load(path)
    error = caught.value
    assert isinstance(error, DatasetError)
    assert error.field == "signal"
    assert raw["events"][0]["id"] in error.record


def test_at_least_twenty_broken_variants() -> None:
    assert len(BROKEN) + len(FILE_PROBLEMS) >= 20


def test_a_valid_file_is_checked_without_importing_jsonschema(tmp_path: Path) -> None:
    # jsonschema's import costs a new kernel about a second; it is only needed to explain errors.
    script = ("import sys; from nato_russia import data; data.load(); "
              "print('jsonschema' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.slow  # a second pytest collects the whole suite
def test_collecting_the_tests_loads_no_dataset(tmp_path: Path) -> None:
    # A broken dataset must fail the tests that use it, each with its own message, not stop
    # collection for every module: nothing may load the dataset at import time.
    env = dict(os.environ, NATO_RUSSIA_DATA=str(tmp_path / "missing.json"))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         str(ROOT / "tests")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "DatasetError" not in result.stdout + result.stderr
