"""Write what grading found: the gradebook, each student's feedback, written answers, flags.

* ``gradebook.csv``: one row per student and question (status, points, maximum, flags,
  the dataset's checksum, seconds), then a ``total`` row per student;
* ``feedback/<student>.md``: the verdicts and hints ``check`` gives, and what went wrong
  in plain words; written to be sent to the student as it is;
* ``written.csv``: the written answers, with an empty column per criterion for the
  instructor to mark (never marked here; :mod:`~nato_russia.grade.written_marks` reads the
  marks back);
* ``flags.csv``: for the instructor only: what was flagged, where, and the line;
* ``class.html``: the class at a glance (:mod:`~nato_russia.grade.class_report`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from nato_russia.grade import class_report, written_marks
from nato_russia.grade.flags import FLAGS
from nato_russia.grade.judge import Outcome
from nato_russia.grade.lesson import Plan
from nato_russia.grade.runner import UNTOUCHED, Result
from nato_russia.grade.submissions import safe_name

GRADEBOOK_COLUMNS = ("student", "question", "status", "points", "maximum", "flags",
                     "dataset_sha256", "seconds")
SYMBOLS = {"correct": "✅", "wrong": "❌", "unanswered": "⏳", "written": "📝", "marked": "📝",
           "error": "⚠️",
           "timeout": "⏱️", "memory": "⚠️", "missing": "❔", "unreadable": "⚠️"}
LABELS = {"correct": "Correct!", "wrong": "Not yet.", "unanswered": "", "noted": ""}


def _number(value: float) -> str:
    return f"{value:g}"


def _flag_names(result: Result, question: str | None) -> str:
    names = {f.name for f in result.flags if question is None or question in f.questions}
    return ";".join(sorted(names))


def write_gradebook(path: Path, results: Iterable[Result], checksum: str) -> None:
    """Write ``gradebook.csv``."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(GRADEBOOK_COLUMNS)
        for result in results:
            student = result.submission.student
            for question, got in result.outcomes.items():
                writer.writerow([student, question, got.status, _number(got.points),
                                 _number(got.maximum), _flag_names(result, question), checksum,
                                 f"{got.seconds:.2f}"])
            writer.writerow([student, "total", result.status, _number(result.points),
                             _number(result.maximum), _flag_names(result, None), checksum,
                             f"{result.seconds:.2f}"])


def write_written(path: Path, results: Iterable[Result], plan: Plan) -> None:
    """Write ``written.csv``: every written question of every student, answered or not,
    with a column per criterion to mark and one for a comment (filled in when marked)."""
    criteria = written_marks.columns(plan)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("student", "question", "status", "words", "answer", *criteria,
                         written_marks.COMMENT))
        for result in results:
            for question, got in result.outcomes.items():
                if plan.marked(question):
                    continue
                given = written_marks.cells(got)
                writer.writerow([result.submission.student, question, got.status,
                                 len(got.written.split()), got.written,
                                 *(given.get(name, "") for name in criteria), got.comment])


def write_flags(path: Path, results: Iterable[Result]) -> None:
    """Write ``flags.csv``: one row per flag, for the instructor's review."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("student", "questions", "flag", "meaning", "where", "detail"))
        for result in results:
            for flag in result.flags:
                writer.writerow([result.submission.student, " ".join(flag.questions),
                                 flag.name, FLAGS[flag.name], flag.where, flag.detail])


def _verdict_lines(got: Outcome) -> list[str]:
    """The verdict as check prints it, as markdown lines."""
    symbol = SYMBOLS[got.status]
    if got.verdict is None:
        return [f"{symbol} {got.problem}"]
    verdict = got.verdict
    headline = " ".join(p for p in (LABELS.get(verdict.status, ""), verdict.message) if p)
    if got.status == "written":
        headline += " (Your instructor marks written answers.)"
    lines = [f"{symbol} {headline}"]
    if verdict.hint:
        lines.append(f"💡 Hint: {verdict.hint}")
    lines += [f"- {detail}" for detail in verdict.details]
    return lines


def _marks_lines(got: Outcome) -> list[str]:
    """A marked written answer's marks per criterion and the instructor's comment."""
    if got.status != "marked":
        return []
    lines = [f"**Marked by your instructor: {_number(got.points)} of "
             f"{_number(got.maximum)}.**", ""]
    lines += [f"- {name}: {_number(mark)}" for name, mark in got.marks]
    if got.comment:
        lines += ["", f"Your instructor's comment: {got.comment}"]
    return [*lines, ""]


def feedback(result: Result, plan: Plan) -> str:
    """The feedback file's text for one student."""
    student = result.submission.student
    lines = [f"# {plan.name}: feedback for {student}", ""]
    if not result.graded or result.submission.notebook is None:
        problem = result.problem or next(iter(result.outcomes.values())).problem
        lines += [f"Your notebook could not be graded: {problem}", ""]
    elif any(f.name == "untouched" for f in result.flags):
        lines += [f"{SYMBOLS['unanswered']} {UNTOUCHED}", ""]
    unmarked = any(got.status in ("written", "unanswered") and not plan.marked(q)
                   for q, got in result.outcomes.items())
    lines += [f"Points: {_number(result.points)} of {_number(result.maximum)}"
              + (" (written answers are marked by your instructor)." if unmarked else "."), "",
              "| question | result | points |", "| --- | --- | --- |"]
    for question, got in result.outcomes.items():
        worth = (f"{_number(got.points)} of {_number(got.maximum)}" if got.maximum
                 else "marked by hand")
        lines.append(f"| {question} | {SYMBOLS[got.status]} {got.status} | {worth} |")
    for question, got in result.outcomes.items():
        lines += ["", f"## {question}", ""]
        if got.verdict is not None and got.problem:
            lines += [f"{SYMBOLS[got.status]} {got.problem}", ""]
        lines += _marks_lines(got)
        lines += [f"{line}  " if not line.startswith("- ") else line
                  for line in _verdict_lines(got)]
    if result.notes:
        lines += ["", "## How your notebook was graded", ""]
        lines += [f"- {note}" for note in result.notes]
    return "\n".join(lines).rstrip() + "\n"


def write_feedback(folder: Path, results: Iterable[Result], plan: Plan) -> None:
    """Write ``feedback/<student>.md`` for every student."""
    folder.mkdir(exist_ok=True)
    used: set[str] = set()
    for result in results:
        name = base = safe_name(result.submission.student)
        number = 1
        while name in used:  # two ids that differ only in characters a file name drops
            number += 1
            name = f"{base}-{number}"
        used.add(name)
        (folder / f"{name}.md").write_text(feedback(result, plan), encoding="utf-8")


def write_all(out: Path, results: list[Result], plan: Plan, checksum: str) -> None:
    """Write every report into ``out`` (created if needed)."""
    out.mkdir(parents=True, exist_ok=True)
    write_gradebook(out / "gradebook.csv", results, checksum)
    write_written(out / "written.csv", results, plan)
    write_flags(out / "flags.csv", results)
    write_feedback(out / "feedback", results, plan)
    (out / "class.html").write_text(class_report.render(results, plan, checksum),
                                    encoding="utf-8")
