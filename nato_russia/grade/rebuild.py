"""Rebuild a submission from the instructor's exercise and the student's answer cells.

Only the student's answer cells are taken, matched to the exercise's by nbgrader's
``grade_id`` and the cell's id. Everything else comes from the instructor's copy: the
course's own cells and the check cells run (or are read) as the instructor wrote them,
and the student's extra cells and stored outputs are never run or believed. What was
missing, changed or added is recorded in plain words, and so is what the stored outputs
claim, so that a forged ✅ can be set beside the real verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nbformat

from nato_russia.grade.lesson import Plan, Step

# A verdict line as check prints it: the symbol, then the question's number.
VERDICT_LINE = re.compile(r"^\s*(✅|❌|⏳|📝|⚠️)\s*(\d{2}\.\d+)\b", re.M)
CLAIMED = {"✅": "correct", "❌": "wrong", "⏳": "unanswered", "📝": "noted", "⚠️": "trouble"}


@dataclass
class Rebuilt:
    """A submission as grading will run it.

    Attributes
    ----------
    answers
        For each answer step (by its index in the plan), the student's code, or None when
        the answer cell is missing.
    notes
        What differs from the exercise, in plain words for the feedback.
    deleted_checks, changed_checks
        The questions whose check cell the student deleted, or edited.
    claims
        For each question, the best verdict the stored outputs show (``correct``...).
    own_code
        Every code cell of the student's, with where it was ("the answer to 01.3", "an
        added cell"), for the flags.
    """

    answers: dict[int, str | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    deleted_checks: list[str] = field(default_factory=list)
    changed_checks: list[str] = field(default_factory=list)
    claims: dict[str, str] = field(default_factory=dict)
    own_code: list[tuple[str, tuple[str, ...], str]] = field(default_factory=list)


def _match(step: Step, cells: list[nbformat.NotebookNode], used: set[int]) -> int | None:
    """The index of the student's cell that stands for a step of the exercise."""
    by_id = [i for i, c in enumerate(cells) if i not in used and c.get("id") == step.cell.id]
    grade_id = step.grade_id
    by_grade = [i for i, c in enumerate(cells) if i not in used and grade_id
                and c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    both = [i for i in by_id if i in by_grade]
    for candidates in (both, by_id, by_grade):
        if candidates:
            return candidates[0]
    return None


def _output_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        text = output.get("text")
        if text is None and isinstance(output.get("data"), dict):
            text = output["data"].get("text/plain", "")
        parts.append("".join(text) if isinstance(text, list) else str(text or ""))
    return "".join(parts)


def _claims(cells: list[nbformat.NotebookNode]) -> dict[str, str]:
    """The best verdict the stored outputs show for each question."""
    rank = ["trouble", "unanswered", "wrong", "noted", "correct"]
    claims: dict[str, str] = {}
    for cell in cells:
        if cell.cell_type != "code":
            continue
        for symbol, question in VERDICT_LINE.findall(_output_text(cell)):
            claimed, current = CLAIMED[symbol], claims.get(question)
            if current is None or rank.index(claimed) > rank.index(current):
                claims[question] = claimed
    return claims


def _same(a: str, b: str) -> bool:
    return a.strip() == b.strip()


def untouched(plan: Plan, rebuilt: Rebuilt) -> bool:
    """Whether every answer cell is there and as the exercise hands it out (a blank sheet)."""
    answers = [(step, rebuilt.answers.get(index)) for index, step in enumerate(plan.steps)
               if step.kind == "answer"]
    return bool(answers) and all(answer is not None and _same(answer, step.cell.source)
                                 for step, answer in answers)


def rebuild(plan: Plan, submitted: nbformat.NotebookNode) -> Rebuilt:
    """Match a student's notebook to the exercise (see the module docstring)."""
    cells = list(submitted.cells)
    used: set[int] = set()
    result = Rebuilt(claims=_claims(cells))
    for index, step in enumerate(plan.steps):
        found = _match(step, cells, used)
        cell = cells[found] if found is not None else None
        if found is not None:
            used.add(found)
        label = f"{', '.join(step.questions)}" if step.questions else ""
        if step.kind == "answer":
            if cell is None or cell.cell_type != "code":
                result.answers[index] = None
                result.notes.append(f"The answer cell of {label} is missing (deleted, or "
                                    "replaced by a new cell), so it could not be graded.")
                continue
            result.answers[index] = cell.source
            result.own_code.append((f"the answer to {label}", step.questions, cell.source))
        elif step.kind == "check":
            if cell is None:
                result.deleted_checks.extend(step.questions)
                result.notes.append(f"The check cell of {label} was deleted; the course's "
                                    "own check was used.")
            elif not _same(cell.source, step.cell.source):
                result.changed_checks.extend(step.questions)
                result.notes.append(f"The check cell of {label} was changed; the course's "
                                    "own check was used.")
                result.own_code.append((f"the check cell of {label}", step.questions,
                                        cell.source))
        elif cell is None or not _same(cell.source, step.cell.source):
            what = "deleted" if cell is None else "changed"
            result.notes.append(f"A cell of the course's own ({step.cell.source.strip()[:40]!r}"
                                f"...) was {what}; the course's version ran.")
            if cell is not None:
                result.own_code.append(("a changed course cell", (), cell.source))
    extra = [c for i, c in enumerate(cells) if i not in used and c.cell_type == "code"
             and c.source.strip()]
    if extra:
        result.notes.append(f"{len(extra)} code cell{'s' if len(extra) > 1 else ''} you added "
                            "did not run: grading runs only the answer cells, so put all the "
                            "code an answer needs in its answer cell.")
        result.own_code.extend(("an added cell", (), c.source) for c in extra)
    return result
