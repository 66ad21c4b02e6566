"""Honest times (issue 21, item 6): one formula, stated as ranges, the same everywhere.

The formula (:mod:`nato_russia.timing`) counts what a student does: the folded readings a
lesson sends them into, its *Your turn*, the documents it asks them to open, and 20-30
minutes for a written answer. ``python -m nato_russia.authoring --times`` writes the ranges
into the lessons, the exercise sets, the guide and the syllabus; these tests fail until it
has been run after a change.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from course_files import ROOT

from nato_russia import timing
from nato_russia.authoring import times
from nato_russia.authoring.notebook_files import read
from nato_russia.questions import QUESTIONS, exercise_minutes

LESSONS = sorted(times.lessons(ROOT))


def _first_cell(folder: str, lesson: str) -> str:
    [path] = sorted((ROOT / folder).glob(f"{lesson}_*.ipynb"))
    return read(path).cells[0].source


def test_the_stated_times_are_what_the_command_writes(tmp_path: Path) -> None:
    for folder in ("notebooks", "solutions", "instructors"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    assert times.rewrite(tmp_path) == [], (
        "stated times are stale: run python -m nato_russia.authoring --times")


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_lesson_states_its_two_ranges(lesson: str) -> None:
    lesson_time = times.lesson_range(times.lessons(ROOT)[lesson])
    sentence = times.lesson_sentence(lesson_time, timing.stated(exercise_minutes(lesson)))
    assert sentence in _first_cell("notebooks", lesson)


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_exercise_set_states_its_range_and_count(lesson: str) -> None:
    assert times.set_sentence(lesson) in _first_cell("solutions", lesson)


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_time_is_a_range_of_at_least_five_minutes(lesson: str) -> None:
    for stated in re.findall(r"about (\d+)-(\d+) minutes", _first_cell("notebooks", lesson)):
        low, high = map(int, stated)
        assert high - low >= 5 and low % 5 == 0 and high % 5 == 0


def test_a_written_answer_counts_twenty_to_thirty_minutes() -> None:
    assert timing.question_minutes(3, written=True, document=False) == timing.Minutes(20, 30)
    for lesson in LESSONS:
        written = [q for q in QUESTIONS if q.startswith(lesson) and QUESTIONS[q].task == "written"]
        assert exercise_minutes(lesson).low >= 20 * len(written) + timing.START[0]


def test_a_document_question_counts_opening_the_document() -> None:
    plain = timing.question_minutes(2, written=False, document=False)
    with_document = timing.question_minutes(2, written=False, document=True)
    assert with_document == plain + timing.Minutes(*timing.OPEN_DOCUMENT)


def test_a_lesson_counts_its_folds_your_turn_and_documents() -> None:
    words = " ".join(["word"] * 400)
    bare = timing.lesson_minutes([("markdown", words)])
    assert bare == timing.Minutes(2, 400 / 150)
    folded = timing.lesson_minutes([("markdown", f"{words}\n\n<details>\n{words}\n</details>")])
    assert folded.low == pytest.approx(4)  # the fold is read too
    turn = timing.lesson_parts([("markdown", "## Your turn\n\nDecide first.")])
    assert turn.your_turns == 1
    asks = timing.lesson_parts([("markdown", "Open the roll call and count. Then open the "
                                             "course's reading (open it after you decide).")])
    assert asks.documents == 1  # a fold to open is not a document
    asks = timing.lesson_parts([("markdown", "Would NATO open its door to Georgia? Open the "
                                             "explorer below at 2022. Every quotation is cut: "
                                             "find the full sentence at the link above.")])
    assert asks.documents == 1  # a question's verb and an explorer are not; the link is
    explorer = timing.lesson_parts([("code", "explore.timeline(course)")])
    assert (explorer.code_cells, explorer.explorers) == (1, 1)


def test_a_range_is_rounded_to_five_and_never_empty() -> None:
    assert timing.Minutes(21, 23).rounded() == (20, 25)
    assert timing.stated(timing.Minutes(57, 83)) == "55-85"
