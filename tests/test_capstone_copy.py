"""The student's own capstone in ``my_work/``: made once from the lesson, runnable, linked right."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from course_files import ROOT, relative_links

from nato_russia.lab import capstone_copy, student_work

LESSON = ROOT / "notebooks" / capstone_copy.CAPSTONE


def _copy() -> nbformat.NotebookNode:
    made = capstone_copy.student_copy(LESSON.read_bytes())
    notebook = nbformat.reads(made.decode("utf-8"), as_version=4)
    nbformat.validate(notebook)
    return notebook


def test_relink_points_lesson_links_at_the_lessons_folder() -> None:
    text = ("[08](08_synthesis_epilogue.ipynb), [NATO](glossary.md#NATO), "
            "[data](../data/README.md), [web](https://www.nato.int/), [up](#top)")
    assert capstone_copy.relink(text) == (
        "[08](../notebooks/08_synthesis_epilogue.ipynb), [NATO](../notebooks/glossary.md#NATO), "
        "[data](../data/README.md), [web](https://www.nato.int/), [up](#top)")


def test_every_link_of_the_copy_works_from_my_work() -> None:
    checked = 0
    for target, linked in relative_links(_copy().cells, ROOT / student_work.WORK_FOLDER):
        assert linked.exists(), f"the copy links to {target}, missing from my_work/"
        checked += 1
    assert checked >= 3


def test_the_copy_runs_the_students_own_cells_and_drops_the_pointer_to_itself() -> None:
    lesson = nbformat.read(LESSON, as_version=4)
    tagged = [c for c in lesson.cells if capstone_copy.TO_CODE in c.metadata.get("tags", [])]
    assert len(tagged) >= 4
    copy = _copy()
    sources = [c.source for c in copy.cells if c.cell_type == "code"]
    for expected in ("data.start_my_events()", "data.check_mine()",
                     'data.load(extra="my_events.json")', "%%answer justification"):
        assert any(s.startswith(expected) or expected in s for s in sources), expected
    assert not any("```" in s for s in sources)
    assert not any(c.outputs or c.execution_count for c in copy.cells if c.cell_type == "code")
    assert not any(capstone_copy.LESSON_ONLY in c.metadata.get("tags", []) for c in copy.cells)
    assert "09_capstone_mine.ipynb](../my_work/" not in "".join(c.source for c in copy.cells)
    # Everything else of the lesson is there, in order.
    kept = [c for c in lesson.cells if not set(c.metadata.get("tags", [])) & {
        capstone_copy.TO_CODE, capstone_copy.LESSON_ONLY}]
    assert len(copy.cells) == len(kept) + len(tagged)


def test_the_course_makes_the_copy_once(tmp_path: Path) -> None:
    for folder in ("exercises", "notebooks"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    made = student_work.copy_exercises(tmp_path)
    target = tmp_path / "my_work" / capstone_copy.COPY_NAME
    assert target in made
    target.write_text(target.read_text(encoding="utf-8").replace(
        "Write your justification here", "My own words"), encoding="utf-8")
    assert student_work.copy_exercises(tmp_path) == []
    assert "My own words" in target.read_text(encoding="utf-8")
