"""The exercise questions, one module per lesson (``lesson03.py``), keyed by number ("03.2").

Every right answer is a function of the dataset, evaluated when the check runs, so a
correction to ``data/nato_russia.json`` moves the answer key with it. Known wrong answers
are computed the same way, each paired with a hint aimed at the slip that produces it.
Questions are worded in the exercise notebooks (``solutions/``); what is here is only
what the check needs. Each ``lessonNN`` module defines ``QUESTIONS``, a list.

The machinery behind them: ``question_types`` (the kinds of question and how each judges
an answer), ``readers`` (a student's answer read into a plain value, or a sentence saying
why not), ``bar_charts`` (a student's bar chart read off its Axes), ``placeholders`` (what
an unanswered cell holds), ``lookups`` (the dataset lookups answer keys share) and
``index_readings`` (what a student reads off the relationship-index explorer, and the slips).
"""

from __future__ import annotations

import importlib
import pkgutil

from nato_russia import timing
from nato_russia.questions.question_types import TASKS, Question, WrittenQuestion

# Found by name, so adding a lesson's questions means adding one module and nothing else.
LESSONS = tuple(
    importlib.import_module(f"{__name__}.{info.name}")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
    if info.name.startswith("lesson")
)

QUESTIONS: dict[str, Question] = {q.id: q for lesson in LESSONS for q in lesson.QUESTIONS}



def exercise_minutes(lesson: str) -> timing.Minutes:
    """The minutes a lesson's exercise set takes, by the one formula (:mod:`nato_russia.timing`).

    Parameters
    ----------
    lesson
        The lesson's number as text, ``"03"``.
    """
    return timing.exercise_minutes(
        (q.stars, isinstance(q, WrittenQuestion), q.task == "document")
        for q in QUESTIONS.values() if q.id.startswith(f"{lesson}."))


def task_counts(lesson: str) -> str:
    """The set's number of questions and how many of each task: ``"7 (0 · 2 · 1 ...)"``."""
    questions = [q for q in QUESTIONS.values() if q.id.startswith(f"{lesson}.")]
    counts = " · ".join(str(sum(q.task == task for q in questions)) for task in TASKS)
    return f"{len(questions)} ({counts})"
