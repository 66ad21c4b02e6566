"""Instant feedback for exercise answers: ``check("00.1", answer)``.

The one public function, :func:`check`, looks the question up in
:mod:`nato_russia.questions`, judges the answer against the dataset as it is now,
prints a short verdict (with a hint when the answer is wrong) and returns a
:class:`Result`, true or false like a bool. It never raises, whatever it is given:
a check cell must not stop *Run All*, and an error message from deep inside the
package would teach nothing. The one exception is nbgrader's autograder (and its
*Validate* button), which scores a test cell by whether it raises: there, a check that
does not pass raises ``AssertionError`` after printing its verdict.

Output is plain printed text, so notebooks store it as a stream and nbval compares it
exactly.

Importing this module also turns on the course's kernel features for exercise notebooks
(:mod:`nato_russia.kernel`): an error in an answer cell is told in a sentence, and *Run
All* goes on to the next check instead of stopping at it.
"""

from __future__ import annotations

import contextlib
import os
import textwrap
from collections.abc import Callable
from typing import Any

from nato_russia import data, kernel
from nato_russia.questions import QUESTIONS
from nato_russia.questions.question_types import Question, Verdict, WrittenQuestion
from nato_russia.questions.readers import NOT_GIVEN, describe, is_placeholder
from nato_russia.questions.record_kinds import RecordQuestion

__all__ = ["Result", "check", "judge", "marking_scale", "options"]

kernel.install(keep_going=True)  # in IPython only; an exercise notebook imports this module

WIDTH = 88
# Set by nbgrader in the kernels it runs: "autograde", or "validate" for its Validate button.
NBGRADER = "NBGRADER_EXECUTION"
SYMBOLS = {"correct": "✅", "wrong": "❌", "unanswered": "⏳", "noted": "📝", "trouble": "⚠️"}
UNREADABLE = (
    "I could not check this answer: reading it failed with {error}. Make sure the variable "
    "holds a plain value (a number, a date, a list, text or a chart), then run both cells "
    "again."
)
NOT_ANSWERED = (
    "Not answered yet: replace the dots (...) in the answer cell above with your answer, "
    "run that cell, then run this one again."
)


class Result:
    """Whether a check passed: true or false like a bool, silent as a cell's last value.

    The printed verdict already tells the student; a bare ``False`` echoed under
    "Not answered yet" would read like a failure.
    """

    __slots__ = ("passed",)

    def __init__(self, passed: bool) -> None:
        self.passed = bool(passed)

    def __bool__(self) -> bool:
        return self.passed

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Result):
            return self.passed == other.passed
        return isinstance(other, bool) and self.passed == other

    def __hash__(self) -> int:
        return hash(self.passed)

    def __repr__(self) -> str:
        return repr(self.passed)

    def _ipython_display_(self) -> None:
        """Show nothing: IPython would otherwise echo True or False below the verdict."""


def _say(symbol: str, text: str, indent: str = "", hang: str = "   ") -> None:
    """Print one wrapped paragraph; printing must not be what breaks a check."""
    with contextlib.suppress(Exception):  # a broken sys.stdout: nothing useful left to do
        print(textwrap.fill(text, WIDTH, initial_indent=f"{symbol} " if symbol else indent,
                            subsequent_indent=hang))


def _report(question_id: str, verdict: Verdict) -> None:
    """Print a verdict: the verdict line, then the hint, then any details."""
    label = {"correct": "Correct!", "wrong": "Not yet.", "unanswered": "", "noted": ""}
    headline = " ".join(part for part in (question_id, label[verdict.status], verdict.message)
                        if part)
    _say(SYMBOLS[verdict.status], headline)
    if verdict.hint:
        _say("💡", f"Hint: {verdict.hint}")
    for line in verdict.details:
        _say("", f"- {line}", indent="   ", hang="     ")


def _question(question_id: Any) -> Question | None:
    """Return the registered question, or None after saying what went wrong."""
    if not isinstance(question_id, str):
        _say(SYMBOLS["trouble"],
             f'The first thing to give check is the question number as text, such as '
             f'check("00.1", answer); you gave {describe(question_id)}.')
        return None
    question = QUESTIONS.get(question_id.strip())
    if question is None:
        lesson = question_id.strip()[:2]
        known = sorted(q for q in QUESTIONS if q.startswith(lesson)) or sorted(QUESTIONS)
        _say(SYMBOLS["trouble"],
             f"There is no question {describe(question_id)}. Questions I know: "
             f"{', '.join(known)}.")
    return question


# The checks' own copy of the dataset, by its version (data.dataset_key): only read, never
# handed to a student, so what a question works out from it (its answer key) is kept between
# checks instead of being worked out again for every answer.
_LOADED: dict[tuple[str, int, int], data.Course] = {}


def _course() -> data.Course:
    """The dataset as checks read it: loaded once per version of the file."""
    key = data.dataset_key()
    if key is None or key not in _LOADED:
        course = data.load()  # raises DatasetError with the reason
        _LOADED.clear()
        if key is not None:
            _LOADED[key] = course
        return course
    return _LOADED[key]


def _check(question_id: Any, answer: Any) -> bool:
    question = _question(question_id)
    if question is None:
        return False
    if answer is NOT_GIVEN:
        _say(SYMBOLS["trouble"], f'Give your answer too: check("{question.id}", your_answer).')
        return False
    if is_placeholder(answer):
        _report(question.id, Verdict("unanswered", NOT_ANSWERED))
        return False
    try:
        course = _course()
    except data.DatasetError as exc:
        _say(SYMBOLS["trouble"], f"{question.id} cannot be checked: the dataset did not load. "
                                 f"{exc}")
        return False
    try:
        question.answer_key(course)
    except Exception as exc:  # a fault in the course, not in the answer
        _say(SYMBOLS["trouble"],
             f"{question.id} cannot be checked: its answer could not be worked out from the "
             f"dataset ({type(exc).__name__}: {exc}). This is a fault in the course, not in "
             "your answer; please report it.")
        return False
    verdict = judge(question.id, answer, course)
    _report(question.id, verdict)
    return verdict.status in ("correct", "noted")


def judge(question_id: str, answer: Any, course: data.Course) -> Verdict:
    """Judge an answer to a registered question against a loaded dataset, printing nothing.

    The one place a verdict is made: :func:`check` prints it for the student, and the
    grader (:mod:`nato_russia.grade`) records it, so a grade always matches the feedback.

    Parameters
    ----------
    question_id
        A registered question's number, such as ``"01.3"``.
    answer
        What the student's variable holds (the placeholder counts as not answered yet).
    course
        The dataset to judge against.

    Raises
    ------
    KeyError
        For a question number that is not registered.
    """
    question = QUESTIONS[question_id]
    if is_placeholder(answer):
        return Verdict("unanswered", NOT_ANSWERED)
    verdict = question.assess(answer, course)
    if verdict.status == "unanswered" and verdict.message != NOT_ANSWERED:
        message = verdict.message[:1].lower() + verdict.message[1:]
        verdict = Verdict("unanswered", f"Not answered yet: {message}")
    return verdict


def _lines_of(question_id: Any, kind: type, wrong_kind: str, what: str,
              lines: Callable[[Any], list[str]]) -> list[str]:
    """The lines a question of ``kind`` shows, or none after a sentence saying why not.

    Never raises: a wrong number, a question of another kind, or a fault in the course is
    told in one sentence, so a cell that shows them never stops Run All.
    """
    try:
        question = _question(question_id)
        if question is None:
            return []
        if not isinstance(question, kind):
            _say(SYMBOLS["trouble"], f"{question.id} {wrong_kind}")
            return []
        return lines(question)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - see the docstring
        _say(SYMBOLS["trouble"], f"The {what} could not be shown ({type(exc).__name__}: "
                                 f"{exc}). This is a fault in the course; please report it.")
        return []


def options(question_id: Any = None) -> None:
    """Print the lettered options of a question that weighs records (sourcing, ...).

    The options are records of the dataset, shown as the dataset words them now. Like
    :func:`check`, it never raises: a wrong number or a fault in the course is told in a
    sentence.

    Parameters
    ----------
    question_id
        The question's number as text, as printed above it: ``"01.7"``.
    """
    def shown(question: RecordQuestion) -> list[str]:
        course = data.load()
        return [*question.preamble(course), *question.option_lines(course)]

    for line in _lines_of(question_id, RecordQuestion,
                          "has no options to show: answer it in its answer cell.",
                          "options", shown):
        _say("", line, indent="", hang="   ")


def marking_scale(question_id: Any = None) -> None:
    """Print a written question's marking scale: its criteria, each with four levels.

    Shown before the student writes, so the answer can aim at the top level. Never raises.

    Parameters
    ----------
    question_id
        The written question's number as text: ``"01.6"``.
    """
    for line in _lines_of(question_id, WrittenQuestion,
                          "is checked automatically: it has no marking scale.",
                          "marking scale", lambda question: list(question.scale_lines())):
        indent = "     " if line.startswith("  ") else ""
        _say("", line.strip(), indent=indent, hang=indent + "   ")


def check(question_id: Any = None, answer: Any = NOT_GIVEN, *extra: Any) -> Result:
    """Check an exercise answer and print friendly feedback.

    Parameters
    ----------
    question_id
        The question's number as text, as printed above it: ``"00.1"``.
    answer
        Your answer: a value, a list, a chart (Figure or Axes) or written text,
        whatever the question asks for.
    *extra
        Anything more is ignored, with a note.

    Returns
    -------
    Result
        True when the answer is right (or, for a written question, once an answer is
        written); False otherwise. It shows nothing as a cell's last value, and never
        raises, except under nbgrader's autograder (see the module docstring).
    """
    try:
        if extra:
            _say(SYMBOLS["trouble"], "check takes two things: the question number and one "
                                     "answer. I only looked at the first answer.")
        result = Result(_check(question_id, answer))
    except KeyboardInterrupt:  # the student pressed stop: respect it
        raise
    except BaseException as exc:  # noqa: BLE001 - the whole point: never raise into a notebook
        _say(SYMBOLS["trouble"], UNREADABLE.format(error=type(exc).__name__))
        result = Result(False)
    if not result and os.environ.get(NBGRADER) in ("autograde", "validate"):
        raise AssertionError(f"{question_id} is not right yet (see the feedback above)")
    return result
