"""The warm-up run through as a student who never coded does it, in JupyterLab in Chromium.

- the lesson: its first cell run with Shift+Enter, then Run All to its bar chart with no
  error, and the "your turn" cell typed and run;
- the exercises, in the student's own copy in ``my_work/``: every answer typed into its cell,
  Run All, each check says "Correct!", the copy saved with the answers in it;
- all on a copy of the course with a server of its own, so the checkout is left alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from notebook_ui import (
    NOTEBOOK_STATE,
    cell_at,
    cell_output_text,
    copy_course,
    find_cell,
    open_path,
    run_all,
    run_cell,
    save,
    shots,
)

from nato_russia.lab.student_work import WORK_FOLDER, copy_name

pytest.importorskip("playwright.sync_api", reason="the Playwright package is not installed")
pytestmark = pytest.mark.browser

LESSON = "notebooks/10_warm_up.ipynb"
EXERCISE = f"{WORK_FOLDER}/{copy_name('10_warm_up.ipynb')}"
RAW = ("Traceback (most recent call last)", 'File "')
YOUR_TURN = ('in_2008 = events[events["year"] == 2008]\n'
             'in_2008.sort_values("date")[["date", "title"]]')
# What a student types into each answer cell, one step of the warm-up each.
ANSWERS = {
    "answer_10_1": 'first_day = events.sort_values("date")["date"].iloc[0]',
    "answer_10_2": 'mentioned = len(events[events["in_source_document"]])',
    "answer_10_3": 'events_2014 = len(events[events["year"] == 2014])',
    "answer_10_4": 'commonest_kinds = events["kind"].value_counts().index[:2]',
    "answer_10_5": ("import matplotlib.pyplot as plt\n\nfig, ax = plt.subplots()\n"
                    'counts = events["signal"].value_counts().sort_index()\n'
                    "ax.bar(counts.index, counts.values)\n"
                    'ax.set_title("Events by coded signal")\n'
                    'ax.set_xlabel("Signal")\n'
                    'ax.set_ylabel("Number of events")'),
}


def _type_into(page: Any, index: int, text: str) -> None:
    """Replace a cell's code as typed text; insert_text keeps the editor from adding brackets."""
    cell_at(page, index).locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)


def _grade_index(cells: list[dict[str, Any]], grade_id: str) -> int:
    return next(i for i, c in enumerate(cells)
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def test_the_warm_up_runs_through_lesson_and_exercises(
        tmp_path: Path, serve_lab: Any, page: Any) -> None:
    root = copy_course(tmp_path / "course")
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-m", "nato_russia.lab", "copy"], cwd=root, env=env,
                   check=True, capture_output=True, timeout=120)
    with serve_lab(root, tmp_path / "jupyter") as lab:
        # The lesson: Run All to the chart, then the first cell again by Shift+Enter (run
        # first, its count would equal the stored one and a wait could not tell it ran).
        path = open_path(page, lab, LESSON)
        state = run_all(page, path)
        assert run_cell(page, path, find_cell(page, path, "2014 - 1990")) == "24"
        cells = state["model"]["cells"]
        errors = [o for c in cells for o in c.get("outputs", [])
                  if o["output_type"] == "error"]
        assert not errors, errors
        chart = find_cell(page, path, "import matplotlib.pyplot as plt")
        assert "image/png" in cells[chart]["outputs"][0]["data"]
        cell_at(page, chart).locator(".jp-OutputArea-output img").wait_for()
        shots(page, "warm-up-chart", cell_at(page, chart))

        # Your turn: the student's own lines, typed and run.
        turn = find_cell(page, path, "# Your turn")
        _type_into(page, turn, YOUR_TURN)
        said = run_cell(page, path, turn)
        assert "Bucharest" in said, said
        assert not any(raw in said for raw in RAW)

        # The exercises, in the student's own copy: answer, Run All, save.
        path = open_path(page, lab, EXERCISE)
        cells = page.evaluate(NOTEBOOK_STATE, path)["model"]["cells"]
        for grade_id, answer in ANSWERS.items():
            _type_into(page, _grade_index(cells, grade_id), answer)
        state = run_all(page, path)
        cells = state["model"]["cells"]
        for grade_id in ANSWERS:
            question = grade_id.removeprefix("answer_").replace("_", ".")
            check = _grade_index(cells, grade_id.replace("answer_", "check_"))
            said = cell_output_text(page, path, check)
            assert said.startswith(f"✅ {question} Correct!"), said
        shots(page, "warm-up-exercises-checked",
              cell_at(page, _grade_index(cells, "check_10_5")))
        cell_at(page, 0).click()
        page.keyboard.press("Escape")
        save(page)
        page.wait_for_function(f"() => ({NOTEBOOK_STATE})({path!r})?.dirty === false")

    saved = json.loads((root / EXERCISE).read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in saved["cells"]]
    assert all(answer in sources for answer in ANSWERS.values()), "the answers were saved"
