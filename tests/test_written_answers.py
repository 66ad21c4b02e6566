"""Written answers as issue 21 (item 5) asks: a marking scale shown before the student writes,
no hint that hands over the top level's counter-argument, a second model answer that argues
against the course and earns full marks, and fewer than half the prompts about the fact sheet.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from course_files import answer_length, folded_hint, model_answer, notebooks, question_cells

from nato_russia.questions import QUESTIONS
from nato_russia.questions.question_types import SCALE, WrittenQuestion

WRITTEN = sorted(q for q, question in QUESTIONS.items() if isinstance(question, WrittenQuestion))
SHINGLE = 5  # words in a row that a hint may not share with a model answer's objection


def _written(question: str) -> WrittenQuestion:
    found = QUESTIONS[question]
    assert isinstance(found, WrittenQuestion)
    return found


def _objection(answer: str) -> str:
    """The sentences of an answer that state its objection and answer it."""
    sentences = re.split(r"(?<=[.!?])\s+", answer)
    at = next((i for i, s in enumerate(sentences)
               if re.search(r"objection|best case|could object|would object|^Against", s)),
              None)
    assert at is not None, f"no objection stated in: {answer[:80]}..."
    # The framing ("The strongest objection is that") is the rubric's own; what follows it
    # is the argument a hint must not give.
    first = re.sub(r"^.*?\b(?:is|was) that\s+|^Against [^,]*,\s*", "", sentences[at])
    return " ".join([first, *sentences[at + 1:at + 2]])


def _shingles(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


@pytest.mark.parametrize("question", WRITTEN)
def test_every_criterion_is_a_scale_of_four_levels(question: str) -> None:
    for criterion in _written(question).criteria:
        assert criterion.levels == SCALE[criterion.name], criterion.name
        assert len(criterion.levels) == criterion.marks + 1 == 4


@pytest.mark.parametrize("question", WRITTEN)
def test_the_scale_is_shown_before_the_student_writes(question: str) -> None:
    sources = [cell.source for cell in question_cells(question)]
    scale = next(i for i, s in enumerate(sources) if f'marking_scale("{question}")' in s)
    answer = next(i for i, s in enumerate(sources) if s.startswith("%%answer"))
    assert scale < answer
    assert "read it before you write" in sources[0]


@pytest.mark.parametrize("question", WRITTEN)
def test_no_hint_or_rubric_hands_over_the_counter_argument(question: str) -> None:
    written = _written(question)
    given = _shingles(" ".join([folded_hint(question), *written.rubric, written.hint]))
    for answer in (model_answer(question), written.dissent):
        shared = given & _shingles(_objection(answer))
        assert not shared, f"{question}: the hint or rubric gives away {sorted(shared)[:3]}"


@pytest.mark.parametrize("question", WRITTEN)
def test_a_second_model_answer_argues_against_the_course_at_the_asked_length(
        question: str) -> None:
    dissent = _written(question).dissent
    assert dissent and dissent != model_answer(question)
    size, low, high, unit = answer_length(question, dissent)
    assert low <= size <= high, f"{question}: {size} {unit}, {low}-{high} asked"
    _objection(dissent)  # it answers an objection, as the top level asks
    assert any("disagree" in line for line in _written(question).rubric)


def test_fewer_than_half_the_written_prompts_are_about_the_fact_sheet() -> None:
    about_sheet = [q for q in WRITTEN if "fact sheet" in _written(q).about]
    assert len(about_sheet) < len(WRITTEN) / 2, about_sheet


@pytest.mark.parametrize("question", ["02.6", "05.6"])
def test_02_6_and_05_6_ask_the_lessons_seminar_questions(question: str) -> None:
    prompt = question_cells(question)[0].source
    assert "seminar question" in prompt
    assert "fact sheet" not in _written(question).about


# --------------------------------------------------------------------------- Your turn (item 4)

LESSONS_WITH_A_TURN = sorted(
    p.name[:2] for p in notebooks("notebooks")
    if any(c.cell_type == "markdown" and re.search(r"^##[^\n]*\bYour turn\b", c.source, re.M)
           for c in nbformat.read(p, as_version=4).cells))


def test_lessons_01_to_08_have_a_your_turn() -> None:
    assert [f"{n:02}" for n in range(1, 9)] == LESSONS_WITH_A_TURN


@pytest.mark.parametrize("lesson", LESSONS_WITH_A_TURN)
def test_every_your_turn_is_saved_in_the_exercise_set(lesson: str) -> None:
    """Lessons open read-only: the decision is written in the set, and the lesson says so."""
    [path] = [p for p in notebooks("exercises") if p.name.startswith(lesson)]
    cells = nbformat.read(path, as_version=4).cells
    at = next(i for i, c in enumerate(cells) if c.source.startswith("## Your turn"))
    assert cells[at + 1].cell_type == "code"
    assert cells[at + 1].source.startswith("%%answer your_turn\n")
    [lesson_path] = [p for p in notebooks("notebooks") if p.name.startswith(lesson)]
    turn = next(c.source for c in nbformat.read(lesson_path, as_version=4).cells
                if re.search(r"^##[^\n]*\bYour turn\b", c.source, re.M))
    before_fold = turn.split("<details>")[0]
    assert "exercise set" in before_fold and "my_work/" in before_fold
