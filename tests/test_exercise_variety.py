"""Exercises that teach more than lookup: the mix of tasks, hints that nudge, honest rubrics.

What a question asks a student to do is declared in its answer key (``task`` and
``template``) and shown under its heading in the notebook; these tests hold the two
together and hold every lesson to the standard of issue 8: an explorer, a primary document
and a written argument in every lesson, hints that leave the student a step to take,
levelled rubrics that reward argued disagreement, model answers of the length they ask for,
one rule for empty years and one for exercise times; and lessons 00-04, the issue's second
edition, to no template more than twice and a recoding of the signal somewhere.
"""

from __future__ import annotations

import re
from collections import Counter

import nbformat
import pytest
from course_files import ROOT, answer_length, folded_hint, model_answer, notebooks, question_cells

from nato_russia.questions import QUESTIONS, exercise_minutes
from nato_russia.questions.question_types import (
    RUBRIC_LEVELS,
    TASKS,
    BarChartQuestion,
    WrittenQuestion,
)
from nato_russia.timing import stated

SECOND_EDITION = ("00", "01", "02", "03", "04")
QUESTION_IDS = sorted(QUESTIONS)
EDITION_IDS = [q for q in QUESTION_IDS if q[:2] in SECOND_EDITION]
LESSONS = sorted({q[:2] for q in QUESTION_IDS})
WRITTEN_IDS = [q for q in QUESTION_IDS if isinstance(QUESTIONS[q], WrittenQuestion)]
HINT_SPAN = 24  # characters of solution code a hint may show in one piece


def _prompt(question: str) -> str:
    return question_cells(question)[0].source


def _hint(question: str) -> str:
    """The folded hint: in the question's cell, or in a cell after a given explorer cell."""
    hint = folded_hint(question)
    assert hint, f"{question}: no folded hint"
    return hint


def _solution_lines(question: str) -> list[str]:
    lines = []
    for cell in question_cells(question):
        block = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S)
        if cell.cell_type == "code" and block and not cell.source.startswith("%%answer"):
            lines += [line.strip() for line in block.group(1).splitlines() if line.strip()]
    return lines


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- tasks


@pytest.mark.parametrize("question", QUESTION_IDS)
def test_every_question_declares_its_task_and_template(question: str) -> None:
    q = QUESTIONS[question]
    assert q.task in TASKS, f"{question}: task {q.task!r} is not one of {sorted(TASKS)}"
    assert q.template.strip(), f"{question}: no template named"


@pytest.mark.parametrize("question", QUESTION_IDS)
def test_the_notebook_names_the_task_the_key_declares(question: str) -> None:
    second_line = _prompt(question).split("\n\n")[1]
    assert second_line == f"*Task: {TASKS[QUESTIONS[question].task]}.*", second_line


# The warm-up (10) teaches first steps in Python: it practises looking up, computing and charting
# only, and leaves explorers, documents and arguments to the lessons.
WARM_UP = "10"
WARM_UP_TASKS = {"lookup", "compute", "chart"}


@pytest.mark.parametrize("lesson", [lesson for lesson in LESSONS if lesson != WARM_UP])
def test_every_lesson_uses_an_explorer_and_reads_a_document(lesson: str) -> None:
    tasks = {QUESTIONS[q].task for q in QUESTION_IDS if q.startswith(lesson)}
    assert {"explorer", "document", "written"} <= tasks, f"lesson {lesson} has only {tasks}"


def test_the_warm_up_practises_the_first_steps_only() -> None:
    tasks = {QUESTIONS[q].task for q in QUESTION_IDS if q.startswith(f"{WARM_UP}.")}
    assert tasks == WARM_UP_TASKS


def test_lessons_00_to_04_use_no_template_more_than_twice() -> None:
    counts = Counter(QUESTIONS[q].template for q in EDITION_IDS)
    assert max(counts.values()) <= 2, counts.most_common(3)


def test_lessons_00_to_04_ask_for_a_recoding_of_the_signal() -> None:
    assert any(QUESTIONS[q].task == "recode" for q in EDITION_IDS)


# --------------------------------------------------------------------------- hints


@pytest.mark.parametrize("question", QUESTION_IDS)
def test_a_hint_leaves_a_step_to_take(question: str) -> None:
    """No line of the solution, nor the right-hand side of one, is in a hint."""
    hints = [_squeezed(_hint(question)), _squeezed(QUESTIONS[question].hint)]
    for line in _solution_lines(question):
        pieces = [line] + ([line.split("=", 1)[1]] if re.match(r"[\w, ]+ = ", line) else [])
        for piece in pieces:
            piece = _squeezed(piece)
            if len(piece) >= 16:
                assert not any(piece in hint for hint in hints), (
                    f"{question}: the hint hands over {line!r}")


@pytest.mark.parametrize("question", QUESTION_IDS)
def test_a_hint_names_the_tool_not_the_whole_expression(question: str) -> None:
    """A piece of code in a hint may name a method or a column, not a chain of them."""
    solution = _squeezed("\n".join(_solution_lines(question)))
    for span in re.findall(r"`([^`]+)`", _hint(question)):
        if re.fullmatch(r"(['\"]).*\1", span):  # an id or a value to look for is a fact, not code
            continue
        if _squeezed(span) in solution:
            assert len(_squeezed(span)) < HINT_SPAN, f"{question}: the hint gives `{span}`"


# --------------------------------------------------------------------------- written


@pytest.mark.parametrize("question", WRITTEN_IDS)
def test_a_written_rubric_climbs_the_four_levels(question: str) -> None:
    rubric = QUESTIONS[question].rubric
    assert [line.split(":")[0] for line in rubric[:4]] == list(RUBRIC_LEVELS)


@pytest.mark.parametrize("question", WRITTEN_IDS)
def test_a_written_rubric_rewards_argued_disagreement(question: str) -> None:
    assert any("disagree" in line for line in QUESTIONS[question].rubric)


@pytest.mark.parametrize("question", WRITTEN_IDS)
def test_a_model_answer_keeps_to_the_length_it_asks_for(question: str) -> None:
    size, low, high, unit = answer_length(question, model_answer(question))
    assert low <= size <= high, f"{question}: {size} {unit} in the model answer, {low}-{high} asked"


# --------------------------------------------------------------------------- charts


@pytest.mark.parametrize("question", [q for q in QUESTION_IDS
                                      if isinstance(QUESTIONS[q], BarChartQuestion)])
def test_one_rule_for_empty_years(question: str) -> None:
    """Every chart shows every year it is asked for: an empty year is a bar of height 0."""
    assert not QUESTIONS[question].optional_zero_bars
    if "one bar for each year" in _prompt(question) or "per year" in _prompt(question):
        assert "A year without events gets a bar of height 0" in _prompt(question)


# --------------------------------------------------------------------------- time


def _guide_rows() -> dict[str, list[str]]:
    """Lesson number -> the cells of its row in the instructor guide's table."""
    guide = (ROOT / "instructors" / "README.md").read_text(encoding="utf-8")
    return {m.group(1): [c.strip() for c in m.group(0).strip("|").split("|")]
            for m in re.finditer(r"^\| (\d{2}) [^\n]*", guide, re.M)}


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_instructor_guide_counts_each_lessons_tasks(lesson: str) -> None:
    questions = [QUESTIONS[q] for q in QUESTION_IDS if q.startswith(lesson)]
    counts = " · ".join(str(sum(q.task == task for q in questions)) for task in TASKS)
    row = _guide_rows()[lesson]
    assert row[2] == f"{stated(exercise_minutes(lesson))} min"
    assert row[3] == f"{len(questions)} ({counts})"


@pytest.mark.parametrize("lesson", LESSONS)
def test_how_this_works_names_every_task(lesson: str) -> None:
    [solution] = [p for p in notebooks("solutions") if p.name.startswith(lesson)]
    intro = nbformat.read(solution, as_version=4).cells[0].source
    said = re.search(r"\n- Under each heading, \*Task\* says[^\n]*", intro)
    assert said, "the 'How this works' cell does not explain the Task line"
    assert all(TASKS[task].split()[-1] in said.group(0) for task in TASKS)


def test_no_template_opens_more_than_two_sets() -> None:
    """Issue 21: five of nine sets opened with "date of an event by its title"."""
    openers = Counter(QUESTIONS[f"{lesson}.1"].template for lesson in LESSONS)
    assert max(openers.values()) <= 2, openers.most_common(2)
