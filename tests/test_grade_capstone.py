"""The capstone for a whole class: ``python -m nato_russia.grade capstone SUBMISSIONS``.

Seven students hand in their records as they would: in a whole checkout, in a folder, as a
file named after them, or not at all; some files are broken (not JSON, a source that does
not exist, two records with one id) and two students use the same ids. Each file must get
``data.check_mine``'s own sentence, each student a report, and the records that passed
one merged file that ``data.load(extra=...)`` and the explorers read.
"""

from __future__ import annotations

import copy
import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from grading_cases import ROOT

from nato_russia import charts, data, explore
from nato_russia.grade import capstone, cli

EXAMPLE = json.loads((ROOT / "data" / "capstone_example.json").read_text(encoding="utf-8"))


def _records(**changes: Any) -> dict[str, Any]:
    mine = copy.deepcopy(EXAMPLE)
    mine["events"][0].update(changes)
    return mine


def _write(path: Path, content: dict[str, Any] | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = content if isinstance(content, str) else json.dumps(content, indent=2)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def class_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Seven students' records, checked by the command as an instructor runs it."""
    folder = tmp_path_factory.mktemp("capstone")
    submitted = folder / "submissions"
    second = copy.deepcopy(EXAMPLE)  # a second event of ben's own, citing his sources
    second["events"].append({**EXAMPLE["events"][0], "id": "my-2018-second",
                             "title": "A second event"})
    broken_source = _records(sources=["my-src-nowhere"])
    broken_source["events"].append({**EXAMPLE["events"][0], "id": "my-2018-kept"})
    twice = copy.deepcopy(EXAMPLE)
    twice["events"].append(copy.deepcopy(EXAMPLE["events"][0]))
    files = {
        "ana": _write(submitted / "ana" / "nato-russia" / "my_events.json", EXAMPLE),
        "ben": _write(submitted / "ben" / "my_events.json", second),  # ana's ids too
        "cy": _write(submitted / "cy" / "my_events.json", '{"events": [\n  {"id": "my-x",\n'),
        "dee": _write(submitted / "dee" / "work" / "my_events.json", broken_source),
        "eve": _write(submitted / "eve" / "my_events.json", twice),
        "gus": _write(submitted / "gus.json", EXAMPLE),
    }
    (submitted / "fay" / "my_work").mkdir(parents=True)  # handed in nothing
    done = subprocess.run([sys.executable, "-m", "nato_russia.grade", "capstone",
                           str(submitted), "--out", str(folder / "out")],
                          capture_output=True, text=True, timeout=300, check=False)
    with (folder / "out" / "capstone.csv").open(encoding="utf-8") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    return {"done": done, "rows": rows, "files": files, "out": folder / "out"}


def test_each_file_gets_check_mines_own_sentence(class_run: dict[str, Any],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    for student, path in class_run["files"].items():
        assert class_run["rows"][student]["message"] == data.check_mine(path).message, student


def test_each_student_gets_a_status_and_the_records_that_passed(
        class_run: dict[str, Any]) -> None:
    got = {s: (r["status"], r["passed"], r["records"]) for s, r in class_run["rows"].items()}
    assert got == {"ana": ("passed", "3", "3"), "ben": ("passed", "4", "4"),
                   "cy": ("unreadable", "0", "0"), "dee": ("partly", "3", "4"),
                   "eve": ("partly", "3", "4"), "fay": ("missing", "0", "0"),
                   "gus": ("passed", "3", "3")}
    assert "the file ends too early" in class_run["rows"]["cy"]["message"]
    assert "two of your records have the id" in class_run["rows"]["eve"]["message"]


def test_a_report_per_student_says_which_records_passed(class_run: dict[str, Any]) -> None:
    report = (class_run["out"] / "feedback" / "dee.md").read_text(encoding="utf-8")
    assert "❌ your event 'my-2018-nato-cuts-russian-mission' (the 1st in \"events\"): " \
           "field 'sources.0': refers to 'my-src-nowhere'" in report
    assert "✅ your event 'my-2018-kept' (the 2nd in \"events\")" in report
    assert "3 of 4 records are in the class's dataset, their ids starting with dee-." in report
    assert "No my_events.json was handed in." in (
        class_run["out"] / "feedback" / "fay.md").read_text(encoding="utf-8")
    assert sorted(p.stem for p in (class_run["out"] / "feedback").glob("*.md")) == sorted(
        class_run["rows"])


def test_the_merged_records_load_and_reach_the_timeline(
        class_run: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    merged = class_run["out"] / capstone.MERGED
    course = data.load(extra=merged)
    passed = sum(int(r["passed"]) for r in class_run["rows"].values())
    assert len(course.mine) == passed == 16
    # Two students' "my-2018-nato-cuts-russian-mission" are two records, each citing its
    # own student's sources.
    events = course.events.set_index("id")
    assert {"ana-my-2018-nato-cuts-russian-mission", "ben-my-2018-nato-cuts-russian-mission",
            "gus-my-2018-nato-cuts-russian-mission", "dee-my-2018-kept"} <= set(events.index)
    assert list(events.loc["ben-my-2018-second", "sources"]) == [
        "ben-my-src-tass-2018-03-27", "ben-my-src-afm-2018-03-27"]
    timeline = explore.timeline(course, period="p08")
    assert set(course.mine) & set(charts.chart_data(timeline.figure)["id"])


def test_the_run_says_who_handed_in_nothing_readable_and_exits_1(
        class_run: dict[str, Any]) -> None:
    done = class_run["done"]
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == ("error: 2 student(s) handed in no file of records that "
                                   "could be read: cy, fay")
    assert "16 records passed" in done.stdout and "Traceback" not in done.stdout + done.stderr


def test_a_class_whose_files_all_pass_exits_0(tmp_path: Path) -> None:
    for student in ("ana", "ben"):
        _write(tmp_path / "in" / student / "my_events.json", EXAMPLE)
    assert cli.main(["capstone", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 0


@pytest.mark.parametrize(("args", "message"), [
    (["{tmp}/nowhere"], "there is no folder"),
    (["{tmp}/empty"], "no submissions found"),
    (["{tmp}/empty", "--out", str(ROOT / "capstone-out")], "inside the course repository"),
    (["{tmp}/empty", "--data", "{tmp}/nothing.json"], "the dataset cannot be used"),
])
def test_bad_input_gets_one_line_and_exit_status_2(tmp_path: Path, capsys: Any,
                                                   args: list[str], message: str) -> None:
    (tmp_path / "empty").mkdir()
    argv = ["capstone", *(a.replace("{tmp}", str(tmp_path)) for a in args)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (ROOT / "capstone-out").exists()
