"""Written answers' criteria, and the marks an instructor fills in, read back without kernels.

Every written question declares its criteria (by default one per rubric level, 0-3 marks
each); ``written.csv`` has a column for each; ``--written-marks`` reads the filled file before
any kernel starts, and a slip in it (a mark out of range, a word, a half-marked row, a
student or question the run does not know) is one line and exit status 2.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from grading_cases import answered

from nato_russia.grade import cli, lesson, written_marks
from nato_russia.grade.judge import Outcome
from nato_russia.questions import QUESTIONS
from nato_russia.questions.question_types import (
    CRITERION_MARKS,
    RUBRIC_LEVELS,
    Criterion,
    WrittenQuestion,
    criteria_from_rubric,
)

WRITTEN = [q for q in QUESTIONS.values() if isinstance(q, WrittenQuestion)]
HEADER = ["student", "question", "status", "words", "answer", "a claim (0-3)",
          "evidence from the data (0-3)", "evidence from a document (0-3)",
          "a counter-argument (0-3)", "comment"]


@pytest.mark.parametrize("question", WRITTEN, ids=[q.id for q in WRITTEN])
def test_every_written_question_is_marked_on_its_four_levels(question: WrittenQuestion) -> None:
    assert [c.name for c in question.criteria] == [
        level.split(", ", 1)[1] for level in RUBRIC_LEVELS]
    assert [c.earns for c in question.criteria] == [
        line.split(":", 1)[1].strip() for line in question.rubric[:4]]
    assert all(c.marks == CRITERION_MARKS == 3 for c in question.criteria)
    assert question.marks == 12


def test_a_question_may_declare_criteria_of_its_own() -> None:
    own = (Criterion("a periodisation", "does it name the turning points?", 5),)
    question = WrittenQuestion("99.9", "x", "", rubric=("Not a level line",), criteria=own)
    assert question.criteria == own and question.marks == 5


@pytest.mark.parametrize("rubric", [("Level 1, a claim: x?",), ("Level 2, a claim: x?",) * 4,
                                    ("Level 1, a claim",) * 4])
def test_a_rubric_without_its_four_levels_has_no_default_criteria(
        rubric: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="rubric"):
        criteria_from_rubric(rubric)


def test_marks_become_points_and_the_status_marked() -> None:
    got = Outcome("01.6", "written")
    untouched = Outcome("01.5", "correct", 1.0, 1.0)
    marks = {("ana", "01.6"): written_marks.Marked((("a claim", 3.0), ("x", 1.5)), "Good")}
    written_marks.fold([("ana", got), ("ana", untouched), ("ben", Outcome("01.6", "written"))],
                       marks)
    assert (got.status, got.points, got.maximum, got.comment) == ("marked", 4.5, 12.0, "Good")
    assert (untouched.status, untouched.points) == ("correct", 1.0)


# --------------------------------------------------------------------------- the file


def _class(tmp_path: Path) -> Path:
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    for student in ("ana", "ben"):
        (submissions / f"{student}.ipynb").write_text(json.dumps(answered()), encoding="utf-8")
    return submissions


def _marks(tmp_path: Path, rows: list[dict[str, str]], header: list[str] = HEADER) -> Path:
    path = tmp_path / "written.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        for row in rows:
            writer.writerow({"status": "written", "words": "180", "answer": "...", **row})
    return path


def _row(student: str = "ana", question: str = "01.6",
         marks: tuple[str, str, str, str] = ("3", "2", "2", "1"),
         comment: str = "") -> dict[str, str]:
    return {"student": student, "question": question, **dict(zip(HEADER[5:9], marks,
                                                               strict=True)),
            "comment": comment}


def test_the_columns_are_the_lessons_criteria() -> None:
    assert written_marks.columns(lesson.plan("01")) == HEADER[5:9]


def test_a_filled_file_is_read_and_empty_rows_left_unmarked(tmp_path: Path) -> None:
    path = _marks(tmp_path, [_row(comment="Well argued."), _row("ben", marks=("", "", "", ""))])
    read = written_marks.read(path, lesson.plan("01"), ["ana", "ben"])
    assert list(read) == [("ana", "01.6")]
    assert read[("ana", "01.6")].points == 8 and read[("ana", "01.6")].comment == "Well argued."


@pytest.mark.parametrize(("rows", "header", "message"), [
    ([_row(marks=("3", "4", "2", "1"))], HEADER,
     "written.csv, row 2 (ana, 01.6): 'evidence from the data' is 4, but its marks go from 0 "
     "to 3"),
    ([_row(marks=("3", "-1", "2", "1"))], HEADER, "'evidence from the data' is -1, but its "
                                                  "marks go from 0 to 3"),
    ([_row(), _row("ben", marks=("good", "2", "2", "1"))], HEADER,
     "written.csv, row 3 (ben, 01.6): 'a claim' is 'good', not a number of marks (0 to 3)"),
    ([_row("zed")], HEADER, "written.csv, row 2 (zed, 01.6): no student 'zed' was graded in "
                            "this run"),
    ([_row(question="01.5")], HEADER, "'01.5' is not a written question of "
                                      "01_1990_london_summit (its written questions: 01.6)"),
    ([_row(marks=("3", "", "2", "1"))], HEADER, "'evidence from the data' is empty; mark every "
                                                "criterion of a row"),
    ([_row(), _row()], HEADER, "row 3 (ana, 01.6): ana and 01.6 are marked twice"),
    ([_row()], HEADER[:6], "has no column 'evidence from the data (0-3)'"),
])
def test_a_bad_marks_file_is_one_line_and_exit_status_2(
        tmp_path: Path, capsys: Any, rows: list[dict[str, str]], header: list[str],
        message: str) -> None:
    submissions = _class(tmp_path)
    path = _marks(tmp_path, [{k: v for k, v in r.items() if k in header} for r in rows],
                  header)
    status = cli.main(["01", str(submissions), "--out", str(tmp_path / "graded"),
                       "--written-marks", str(path)])
    err = capsys.readouterr().err
    assert status == 2
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "graded").exists()  # stopped before any grading


def test_a_marks_file_that_cannot_be_read_is_one_line(tmp_path: Path, capsys: Any) -> None:
    submissions = _class(tmp_path)
    status = cli.main(["01", str(submissions), "--out", str(tmp_path / "graded"),
                       "--written-marks", str(tmp_path / "nowhere.csv")])
    assert status == 2
    assert "the marks file" in capsys.readouterr().err
