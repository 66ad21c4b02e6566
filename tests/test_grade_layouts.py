"""Finding each student's own work, in the layouts classes really hand in, without kernels.

A hub class where every home is a whole checkout of the course (the real lessons,
exercises, answer keys and dataset copied in), Binder downloads (a file per student, or a
folder per student holding the copy as downloaded), nbgrader's ``submitted/`` tree, and the
guide's own collection command run exactly as the guide prints it on a fake ``/home``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from grading_cases import (
    COPY,
    LESSON,
    answered,
    exercise,
    guide_command,
    hub_class,
    model_answers,
)

from nato_russia.grade import lesson, rebuild, submissions
from nato_russia.lab.student_work import copy_name
from nato_russia.questions import QUESTIONS

NAME = f"{LESSON}.ipynb"


def _found(folder: Path) -> dict[str, submissions.Submission]:
    return {s.student: s for s in submissions.find(folder, NAME)}


def _relative(found: submissions.Submission, folder: Path) -> str:
    assert found.path is not None
    return found.path.relative_to(folder / found.student).as_posix()


def test_the_copy_name_is_the_one_the_course_gives() -> None:
    assert copy_name(NAME) == COPY


def test_in_a_hub_checkout_the_students_copy_wins_over_the_blank_exercise(
        tmp_path: Path) -> None:
    hub_class(tmp_path)
    found = _found(tmp_path)
    assert _relative(found["ana"], tmp_path) == f"nato-russia/my_work/{COPY}"
    assert _relative(found["ben"], tmp_path) == f"nato-russia/my_work/{COPY}"
    # No copy: the handed-out exercise, never the lesson or the answer key of the same name.
    assert _relative(found["cy"], tmp_path) == f"nato-russia/exercises/{NAME}"
    assert found["ana"].others == () and not found["ana"].notes
    assert found["eve"].problem == f"no {COPY} or {NAME} found in the folder eve/"


def test_of_several_copies_the_most_recently_modified_is_taken_and_the_others_named(
        tmp_path: Path) -> None:
    hub_class(tmp_path)
    dee = _found(tmp_path)["dee"]
    assert _relative(dee, tmp_path) == f"course-again/my_work/{COPY}"
    assert dee.others == (f"nato-russia/my_work/{COPY}",)
    assert f"not nato-russia/my_work/{COPY}" in dee.notes[0]


def test_binder_downloads_a_file_or_a_folder_per_student(tmp_path: Path) -> None:
    (tmp_path / "ana.lima.ipynb").write_text(json.dumps(answered()), encoding="utf-8")
    (tmp_path / "ben" / "Downloads").mkdir(parents=True)
    (tmp_path / "ben" / "Downloads" / COPY).write_text(json.dumps(answered()), encoding="utf-8")
    (tmp_path / "cy").mkdir()
    (tmp_path / "cy" / "my answers.ipynb").write_text(json.dumps(answered()), encoding="utf-8")
    found = _found(tmp_path)
    assert found["ana.lima"].path == tmp_path / "ana.lima.ipynb"
    assert _relative(found["ben"], tmp_path) == f"Downloads/{COPY}"
    assert _relative(found["cy"], tmp_path) == "my answers.ipynb"  # its only notebook


def test_nbgraders_submitted_tree(tmp_path: Path) -> None:
    for student in ("ana", "ben"):
        path = tmp_path / "submitted" / student / "lesson01" / NAME
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(answered()), encoding="utf-8")
    found = _found(tmp_path)
    assert sorted(found) == ["ana", "ben"]
    assert _relative(found["ana"], tmp_path / "submitted") == f"lesson01/{NAME}"


@pytest.mark.parametrize(("change", "blank"), [
    ("nothing", True), ("one answer", False), ("an answer cell deleted", False),
    ("a cell added", True), ("spaces only", True)])
def test_a_blank_sheet_is_told_from_an_answered_one(change: str, blank: bool) -> None:
    import nbformat

    notebook = exercise()
    cells = notebook["cells"]
    answers = [c for c in cells if c["metadata"].get("nbgrader", {}).get("solution")]
    if change == "one answer":
        answers[0]["source"] = model_answers()["01.1"]
    elif change == "an answer cell deleted":
        cells.remove(answers[0])
    elif change == "a cell added":
        cells.append({**answers[0], "id": "added", "metadata": {}})
    elif change == "spaces only":
        answers[0]["source"] = "\n" + "".join(answers[0]["source"]) + "\n\n"
    plan = lesson.plan("01")
    rebuilt = rebuild.rebuild(plan, nbformat.reads(json.dumps(notebook), as_version=4))
    assert rebuild.untouched(plan, rebuilt) is blank


def test_the_guides_collection_command_collects_each_students_own_work(
        tmp_path: Path) -> None:
    """The guide's command, run as printed, on a fake /home; the grader then finds in the
    collected folder what it would find in the homes themselves."""
    homes = tmp_path / "home"
    hub_class(homes)
    command = guide_command("HOMES=")
    env = {**os.environ, "HOMES": str(homes)}
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    collected = tmp_path / "submissions"
    assert oct(collected.stat().st_mode & 0o777) == "0o700"
    assert sorted(p.name for p in collected.iterdir()) == ["ana", "ben", "cy", "dee"]
    copied = sorted(p.relative_to(collected).as_posix() for p in collected.rglob("*.ipynb"))
    assert copied == [f"ana/nato-russia/exercises/{NAME}", f"ana/nato-russia/my_work/{COPY}",
                      f"ben/nato-russia/exercises/{NAME}", f"ben/nato-russia/my_work/{COPY}",
                      f"cy/nato-russia/exercises/{NAME}",
                      f"dee/course-again/exercises/{NAME}", f"dee/course-again/my_work/{COPY}",
                      f"dee/nato-russia/exercises/{NAME}", f"dee/nato-russia/my_work/{COPY}"]
    in_homes, in_collected = _found(homes), _found(collected)
    for student in ("ana", "ben", "cy", "dee"):
        assert _relative(in_collected[student], collected) == _relative(in_homes[student],
                                                                        homes)
        assert in_collected[student].others == in_homes[student].others
    # cp -p kept the times of last change, which decide between copies.
    dee = in_collected["dee"].path
    assert dee is not None and dee.stat().st_mtime == 1_700_100_000


def test_the_guide_no_longer_collects_the_blank_originals_alone() -> None:
    command = guide_command("HOMES=")
    assert "my_work" in command and "_exercises.ipynb" in command


def test_a_blank_sheet_is_graded_unanswered_and_flagged_without_a_kernel(
        tmp_path: Path) -> None:
    from typing import Any, cast

    from grading_cases import with_stored_output

    from nato_russia import data
    from nato_russia.grade.runner import Context, grade
    from nato_russia.grade.sandbox import KernelUser, Limits

    blank = with_stored_output(exercise(), "01.3", "✅ 01.3 Correct! 136 days\n")
    path = tmp_path / "cy.ipynb"
    path.write_text(json.dumps(blank), encoding="utf-8")
    submission = submissions.load(submissions.Submission("cy", path))
    # No launcher: a blank sheet must be decided before any kernel or sandbox is made.
    context = Context(lesson.plan("01"), data.load(), b"", b"", cast(Any, None), Limits(),
                      tmp_path / "scratch")
    result = grade(context, submission, KernelUser(), "s0")
    assert {q: o.status for q, o in result.outcomes.items()} == dict.fromkeys(
        sorted(q for q in QUESTIONS if q.startswith("01.")), "unanswered")
    assert {f.name for f in result.flags} == {"untouched", "forged-output"}
    assert result.graded and result.points == 0
    assert not (tmp_path / "scratch").exists()
