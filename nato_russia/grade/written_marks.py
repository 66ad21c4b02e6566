"""Written answers' marks, filled in by the instructor, folded back into the reports.

The grader writes ``written.csv`` with one empty column per criterion of the lesson's
written questions (:attr:`~nato_russia.questions.question_types.WrittenQuestion.criteria`)
and a ``comment`` column. Filled in and given back with ``--written-marks``, it is read and
checked here before any submission is graded, so a slip costs a second, not a run: a mark
that is not a number, one out of its criterion's range, a row half marked, or a student or
question the run does not know is one line naming the row. The marks then become the
written question's points in the gradebook and its paragraph in the feedback.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nato_russia.grade.judge import Outcome
from nato_russia.grade.lesson import Plan
from nato_russia.questions import QUESTIONS
from nato_russia.questions.question_types import Criterion, WrittenQuestion

COMMENT = "comment"


class MarksError(Exception):
    """The marks file cannot be used; the message names the row and what is wrong."""


@dataclass(frozen=True)
class Marked:
    """One written answer as the instructor marked it.

    Attributes
    ----------
    marks
        ``(criterion name, marks)`` in the question's order of criteria.
    comment
        The instructor's comment for the student ('' for none).
    """

    marks: tuple[tuple[str, float], ...]
    comment: str = ""

    @property
    def points(self) -> float:
        """The marks added up."""
        return sum(mark for _, mark in self.marks)


def column(criterion: Criterion) -> str:
    """The column of ``written.csv`` for a criterion: ``"a claim (0-3)"``."""
    return f"{criterion.name} (0-{criterion.marks})"


def cells(got: Outcome) -> dict[str, str]:
    """A marked answer's marks by their ``written.csv`` column (empty when not marked)."""
    question = QUESTIONS[got.question]
    if not isinstance(question, WrittenQuestion):
        return {}
    given = dict(got.marks)
    return {column(c): f"{given[c.name]:g}" for c in question.criteria if c.name in given}


def written_questions(plan: Plan) -> list[WrittenQuestion]:
    """The lesson's written questions, in its order."""
    return [q for q in (QUESTIONS[i] for i in plan.questions) if isinstance(q, WrittenQuestion)]


def columns(plan: Plan) -> list[str]:
    """The criteria columns of the lesson's ``written.csv``, in order, each once."""
    found = [column(c) for q in written_questions(plan) for c in q.criteria]
    return list(dict.fromkeys(found))


def _number(text: str, where: str, criterion: Criterion) -> float:
    try:
        mark = float(text.replace(",", "."))
    except ValueError:
        raise MarksError(f"{where}: {criterion.name!r} is {text!r}, not a number of marks "
                         f"(0 to {criterion.marks})") from None
    if not 0 <= mark <= criterion.marks:
        raise MarksError(f"{where}: {criterion.name!r} is {text}, but its marks go from 0 to "
                         f"{criterion.marks}")
    return mark


def read(path: Path, plan: Plan, students: Sequence[str]) -> dict[tuple[str, str], Marked]:
    """Read a filled ``written.csv``: the marked rows, by (student, question).

    Rows with every criterion empty are not marked yet and left out.

    Raises
    ------
    MarksError
        At the first problem, in one line naming the file's row.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MarksError(f"the marks file {path} cannot be read ({exc})") from None
    rows = list(csv.DictReader(text.splitlines(keepends=True)))
    header = rows[0].keys() if rows else next(csv.reader(text.splitlines()), [])
    wanted = ["student", "question", *columns(plan)]
    absent = [name for name in wanted if name not in header]
    if absent:
        raise MarksError(f"the marks file {path.name} has no column {absent[0]!r}: fill in the "
                         f"written.csv that grading {plan.name} wrote")
    known = set(students)
    written = {q.id: q for q in written_questions(plan)}
    marked: dict[tuple[str, str], Marked] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        student, question = (row.get("student") or "").strip(), (row.get("question") or "").strip()
        where = f"{path.name}, row {number} ({student or 'no student'}, {question or '?'})"
        if student not in known:
            raise MarksError(f"{where}: no student {student!r} was graded in this run")
        if question not in written:
            listed = ", ".join(written) or "none"
            raise MarksError(f"{where}: {question!r} is not a written question of {plan.name} "
                             f"(its written questions: {listed})")
        criteria = written[question].criteria
        cells = [(c, (row.get(column(c)) or "").strip()) for c in criteria]
        filled = [c for c, cell in cells if cell]
        if not filled:
            continue
        if len(filled) < len(criteria):
            empty = next(c.name for c, cell in cells if not cell)
            raise MarksError(f"{where}: {empty!r} is empty; mark every criterion of a row, or "
                             "leave the row empty until you mark it")
        if (student, question) in marked:
            raise MarksError(f"{where}: {student} and {question} are marked twice in the file")
        marks = tuple((c.name, _number(cell, where, c)) for c, cell in cells)
        marked[(student, question)] = Marked(marks, (row.get(COMMENT) or "").strip())
    return marked


def fold(outcomes: Iterable[tuple[str, Outcome]], marks: dict[tuple[str, str], Marked]) -> None:
    """Give each marked written answer its marks as points, and the status ``marked``.

    Parameters
    ----------
    outcomes
        ``(student, outcome)`` for every graded question.
    marks
        What :func:`read` returned.
    """
    for student, got in outcomes:
        marked = marks.get((student, got.question))
        question = QUESTIONS[got.question]
        if marked is None or not isinstance(question, WrittenQuestion):
            continue
        got.status = "marked"
        got.points = marked.points
        got.maximum = float(question.marks)
        got.marks = marked.marks
        got.comment = marked.comment
