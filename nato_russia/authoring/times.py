"""Rewrite every stated time from the one formula (:mod:`nato_russia.timing`).

``python -m nato_russia.authoring --times`` measures each lesson 00-08 and adds up its
exercise set, then writes the ranges where the course states them: the lesson's *Time to
learn*, the exercise set's opening line (with its number of questions), the instructor
guide's table and the syllabus's time budget. Run it after any change to a lesson's text
or to a set's questions; ``tests/test_times.py`` fails until it has been run.
"""

from __future__ import annotations

import re
from pathlib import Path

from nato_russia import timing
from nato_russia.authoring.notebook_files import NotebookError, read, write
from nato_russia.questions import QUESTIONS, exercise_minutes, task_counts

LESSON_LINE = re.compile(r"\*\*Time to learn:\*\*[^\n]*")
SET_LINE = re.compile(r"\b(\w+) questions, about [\d-]+ minutes\.")
NUMBER_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
                "Ten", "Eleven", "Twelve")
# How the lessons explain the formula, after their ranges.
RULE = ("Both ranges count the folded readings, the *Your turn*, the documents to open and "
        "20-30 minutes per written answer.")


def lessons(root: Path) -> dict[str, Path]:
    """Lesson number -> lesson notebook, for the lessons that have an exercise set."""
    sets = {q[:2] for q in QUESTIONS}
    return {p.name[:2]: p for p in sorted((root / "notebooks").glob("*.ipynb"))
            if p.name[:2] in sets}


def lesson_range(path: Path) -> str:
    """The stated range of one lesson notebook, measured from its cells."""
    notebook = read(path)
    return timing.stated(timing.lesson_minutes((c.cell_type, c.source)
                                               for c in notebook.cells))


def lesson_sentence(lesson_time: str, exercise_time: str) -> str:
    """The *Time to learn* line of a lesson's first cell."""
    return (f"**Time to learn:** about {lesson_time} minutes for the lesson; about "
            f"{exercise_time} minutes for its exercises. {RULE}")


def set_sentence(lesson: str) -> str:
    """The exercise set's count of questions and time, as its first cell states them."""
    count = sum(q.startswith(f"{lesson}.") for q in QUESTIONS)
    word = NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)
    return f"{word} questions, about {timing.stated(exercise_minutes(lesson))} minutes."


def _replace_first_cell(path: Path, pattern: re.Pattern[str], new: str) -> bool:
    notebook = read(path)
    first = notebook.cells[0]
    if not pattern.search(first.source):
        raise NotebookError(path, f"its first cell states no time to rewrite ({pattern.pattern})")
    text = pattern.sub(lambda _: new, first.source, count=1)
    if text == first.source:
        return False
    first.source = text
    write(notebook, path)
    return True


def _table_row(text: str, lesson: str, cells: list[str]) -> str:
    """Replace the cells after the first of the table row that starts with ``| NN ``."""
    row = re.compile(rf"^\| {lesson} ([^|\n]*)\|[^\n]*$", re.M)
    found = row.search(text)
    if not found:
        raise ValueError(f"no row for lesson {lesson}")
    line = f"| {lesson} {found.group(1).strip()} | " + " | ".join(cells) + " |"
    return text[:found.start()] + line + text[found.end():]


def rewrite(root: Path) -> list[str]:
    """Rewrite every stated time; return the files changed."""
    changed = []
    found = lessons(root)
    ranges = {n: (lesson_range(p), timing.stated(exercise_minutes(n))) for n, p in found.items()}
    for lesson, path in found.items():
        if _replace_first_cell(path, LESSON_LINE, lesson_sentence(*ranges[lesson])):
            changed.append(str(path.relative_to(root)))
        [solution] = sorted((root / "solutions").glob(f"{lesson}_*.ipynb"))
        if _replace_first_cell(solution, SET_LINE, set_sentence(lesson)):
            changed.append(str(solution.relative_to(root)))
    guide = root / "instructors" / "README.md"
    text = before = guide.read_text(encoding="utf-8")
    for lesson, (lesson_time, exercise_time) in ranges.items():
        text = _table_row(text, lesson, [f"{lesson_time} min", f"{exercise_time} min",
                                         task_counts(lesson)])
    syllabus = root / "instructors" / "syllabus.md"
    plan = plan_before = syllabus.read_text(encoding="utf-8")
    for lesson, (lesson_time, exercise_time) in ranges.items():
        plan = _table_row(plan, lesson, [f"{lesson_time} min", f"{exercise_time} min"])
    plan = _total_row(plan)
    for path, new, old in ((guide, text, before), (syllabus, plan, plan_before)):
        if new != old:
            path.write_text(new, encoding="utf-8")
            changed.append(str(path.relative_to(root)))
    return changed


def _total_row(plan: str) -> str:
    """The syllabus's total row: the sums of the rows' low and high ends."""
    rows = re.findall(r"^\| \d{2} [^|\n]*\| (\d+)-(\d+) min \| (\d+)-(\d+) min \|$", plan, re.M)
    sums = [sum(int(row[i]) for row in rows) for i in range(4)]
    total = (f"| **all nine lessons and sets** | **{sums[0]}-{sums[1]} min** | "
             f"**{sums[2]}-{sums[3]} min** |")
    return re.sub(r"^\| \*\*all [^\n]*$", lambda _: total, plan, count=1, flags=re.M)
