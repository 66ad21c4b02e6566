"""The instructor's side of a lesson: its exercise notebook read as a plan for grading.

The plan lists the exercise's code cells in order, each with its role: a cell of the
course's own (imports, loading the dataset) that runs as it is, a student's answer cell
(nbgrader ``solution``), or a check cell, whose ``check("NN.k", expression)`` calls tell
which answer to read out of the kernel at that point and for which question. The
student's own check cells are never run: ``check`` is what a student could redefine.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from nato_russia.authoring.notebook_files import NotebookError, read
from nato_russia.questions import QUESTIONS
from nato_russia.questions.question_types import Question, WrittenQuestion

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
LESSON_NUMBER = re.compile(r"^\d{2}$")


class LessonError(Exception):
    """The lesson asked for cannot be graded; the message says why."""


@dataclass(frozen=True)
class Call:
    """One ``check("NN.k", expression)`` call of a check cell."""

    question: str
    expression: str


@dataclass(frozen=True)
class Step:
    """One code cell of the exercise, as grading treats it.

    Attributes
    ----------
    kind
        ``course`` (runs as it is), ``answer`` (the student's cell runs in its place) or
        ``check`` (the answers named in ``calls`` are read out).
    cell
        The exercise's cell.
    questions
        The questions an answer cell answers, or a check cell checks.
    calls
        For a check cell: what to read out of the kernel.
    """

    kind: str
    cell: nbformat.NotebookNode
    questions: tuple[str, ...] = ()
    calls: tuple[Call, ...] = ()

    @property
    def grade_id(self) -> str:
        """nbgrader's name for the cell ('' when it has none)."""
        return str(self.cell.metadata.get("nbgrader", {}).get("grade_id", ""))


@dataclass(frozen=True)
class Plan:
    """A lesson's exercise notebook, ready to grade against."""

    name: str
    path: Path
    notebook: nbformat.NotebookNode
    steps: tuple[Step, ...]
    questions: tuple[str, ...] = field(default=())

    def question(self, question_id: str) -> Question:
        """The registered question."""
        return QUESTIONS[question_id]

    def marked(self, question_id: str) -> bool:
        """Whether a question is marked automatically (written answers are not)."""
        return not isinstance(QUESTIONS[question_id], WrittenQuestion)

    def answer_step(self, question_id: str) -> Step | None:
        """The answer cell of a question."""
        return next((s for s in self.steps if s.kind == "answer" and question_id in s.questions),
                    None)


def check_calls(source: str) -> tuple[Call, ...]:
    """The ``check("NN.k", expression)`` calls of a check cell, in order."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ()
    calls = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "check" and len(node.args) >= 2
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            expression = ast.get_source_segment(source, node.args[1])
            if expression:
                calls.append(Call(node.args[0].value.strip(), expression))
    return tuple(calls)


def find_exercise(lesson: str) -> Path:
    """Find a lesson's exercise notebook from its number (``01``), name or path.

    Raises
    ------
    LessonError
        When there is no such lesson.
    """
    path = Path(lesson)
    if path.suffix == ".ipynb":
        if not path.is_file():
            raise LessonError(f"there is no exercise notebook {lesson}")
        return path
    known = sorted(EXERCISES.glob("*.ipynb"))
    found = [p for p in known if p.stem == lesson or (
        LESSON_NUMBER.match(lesson) and p.stem.startswith(f"{lesson}_"))]
    if len(found) != 1:
        numbers = ", ".join(p.stem[:2] for p in known) or "none"
        raise LessonError(f"there is no lesson {lesson!r} with exercises; the lessons with "
                          f"exercises are {numbers} (give the number, such as 01)")
    return found[0]


def plan(lesson: str) -> Plan:
    """Read a lesson's exercise notebook into a plan.

    Raises
    ------
    LessonError
        When the lesson is unknown, its notebook cannot be read, or a check cell names a
        question that is not registered.
    """
    path = find_exercise(lesson)
    try:
        notebook = read(path)
    except NotebookError as exc:
        raise LessonError(str(exc)) from None
    steps: list[Step] = []
    waiting: list[int] = []  # answer cells not yet followed by their check cell
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        calls = check_calls(cell.source)
        if meta.get("solution"):
            waiting.append(len(steps))
            steps.append(Step("answer", cell))
        elif calls:
            unknown = [c.question for c in calls if c.question not in QUESTIONS]
            if unknown:
                raise LessonError(f"{path.name} checks question {unknown[0]}, which is not "
                                  "registered in nato_russia.questions")
            questions = tuple(c.question for c in calls)
            steps.append(Step("check", cell, questions, calls))
            for index in waiting:
                steps[index] = Step("answer", steps[index].cell, questions)
            waiting = []
        else:
            steps.append(Step("course", cell))
    questions = tuple(q for step in steps if step.kind == "check" for q in step.questions)
    if not questions:
        raise LessonError(f"{path.name} has no check cells: nothing to grade")
    return Plan(path.stem, path, notebook, tuple(steps), questions)
