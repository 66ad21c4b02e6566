"""Judge one exported answer outside the student's kernel, as ``check`` would.

The plain data from the kernel is rebuilt into a value (:mod:`~nato_russia.grade.from_plain`)
and handed to :func:`nato_russia.checks.judge`, the very function behind ``check``, with
the instructor's dataset. The verdict becomes an :class:`Outcome`: a status, points and
the words the feedback shows. Written answers are recorded for the instructor and never
marked: whatever their length, they score no automatic points.
"""

from __future__ import annotations

import reprlib
import threading
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

from nato_russia.checks import UNREADABLE, judge
from nato_russia.data import Course
from nato_russia.grade.from_plain import PlainError, value
from nato_russia.questions import QUESTIONS
from nato_russia.questions.question_types import Verdict, WrittenQuestion
from nato_russia.questions.readers import Problem, read_text

STATUSES = ("correct", "wrong", "unanswered", "written", "marked", "error", "timeout",
            "memory", "missing", "unreadable")
# matplotlib and the answer keys are not made for threads: one judgement at a time.
_LOCK = threading.Lock()
_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


def shown(answer: Any) -> str:
    """An answer in a few characters: its value, or for a chart, the word "a chart"."""
    if isinstance(answer, Figure):
        return "a chart"
    try:
        return _SHORT.repr(answer)
    except Exception:  # an odd stand-in object: the judge's message still describes it
        return "an object"


@dataclass
class Outcome:
    """How one question of one submission was graded.

    Attributes
    ----------
    question
        ``"NN.k"``.
    status
        One of :data:`STATUSES`.
    points, maximum
        Points earned and available (written answers: 0 of 0, marked by hand).
    verdict
        What ``check`` says about the answer, when it could be judged.
    problem
        What went wrong, in plain words, for error, timeout, memory and missing.
    seconds
        Time the answer cell ran.
    written
        A written answer's text.
    answer
        The answer as the student gave it, in a few characters, for the class report.
    marks, comment
        A written answer's marks per criterion and the instructor's comment, once marked
        (:mod:`~nato_russia.grade.written_marks`).
    """

    question: str
    status: str
    points: float = 0.0
    maximum: float = 0.0
    verdict: Verdict | None = None
    problem: str = ""
    seconds: float = 0.0
    written: str = ""
    answer: str = ""
    marks: tuple[tuple[str, float], ...] = ()
    comment: str = ""


def maximum(question_id: str) -> float:
    """The points a question is worth automatically: 1, or 0 for a written answer."""
    return 0.0 if isinstance(QUESTIONS[question_id], WrittenQuestion) else 1.0


def failed(question_id: str, status: str, problem: str, seconds: float = 0.0) -> Outcome:
    """An outcome for an answer that could not be judged."""
    return Outcome(question_id, status, 0.0, maximum(question_id), problem=problem,
                   seconds=seconds)


def outcome(question_id: str, payload: dict[str, Any], course: Course,
            expression: str) -> Outcome:
    """Judge the answer a kernel sent for one question.

    Parameters
    ----------
    question_id
        The question.
    payload
        What the kernel sent: ``{"answer": plain data}`` or ``{"error": {...}}``.
    course
        The instructor's dataset.
    expression
        What the check cell gives ``check`` (a variable's name), for messages.
    """
    worth = maximum(question_id)
    if "error" in payload:
        error = payload["error"] if isinstance(payload["error"], dict) else {}
        name, text = str(error.get("ename", "an error")), str(error.get("evalue", ""))
        return failed(question_id, "error",
                      f"Reading your answer ({expression}) failed with {name}: {text}. "
                      "Does your answer cell still assign it?")
    with _LOCK:
        try:
            answer = value(payload.get("answer"))
        except PlainError as exc:
            return failed(question_id, "error", f"Your answer could not be read back ({exc}).")
        try:
            verdict = judge(question_id, answer, course)
        except Exception as exc:  # as check: an answer that breaks the readers is not right
            verdict = Verdict("wrong", UNREADABLE.format(error=type(exc).__name__))
        written = ""
        if isinstance(QUESTIONS[question_id], WrittenQuestion):
            reading = read_text(answer)
            written = "" if isinstance(reading, Problem) else str(reading.value)
        text = shown(answer)
    if isinstance(QUESTIONS[question_id], WrittenQuestion):
        status = "unanswered" if verdict.status == "unanswered" else "written"
        return Outcome(question_id, status, 0.0, worth, verdict, written=written)
    points = worth if verdict.status == "correct" else 0.0
    return Outcome(question_id, verdict.status, points, worth, verdict, answer=text)
