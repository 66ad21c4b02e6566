"""A student's first hour, in JupyterLab in a real Chromium.

- ``make lab``, run as the README says, opens lesson 00 on the first visit (not a Launcher),
  and the file browser shows the lessons, the student's work, the data and the README;
- opening, running and closing every exercise leaves the files, and git, as they were
  (the lessons are checked the same way in test_lab.py);
- Run All of an exercise with two broken answers reaches every check cell, and each slip is
  told in a sentence; a written answer typed without quotes is read; after a kernel restart a
  check cell says to run the notebook from the top.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from course_files import ROOT, notebooks
from notebook_ui import (
    NOTEBOOK_STATE,
    cell_at,
    close_notebook,
    git_status,
    notebook_state,
    open_notebook,
    relative,
    run_all,
    run_selected,
)
from processes import free_port, start_printing, stop_group, wait_for_printed
from test_lab import widget_errors

from nato_russia.authoring.solution_blocks import check_ids
from nato_russia.lab import contents
from nato_russia.lab.student_work import copy_exercises, copy_name

pytest.importorskip("playwright.sync_api", reason="the Playwright package is not installed")
pytestmark = pytest.mark.browser

EXERCISES = notebooks("exercises")
PRINTED = re.compile(r"(http://127\.0\.0\.1:\d+/\S*\?token=\w+)")
RAW = ("Traceback (most recent call last)", 'File "')
PROSE = ("The fact sheet was written by NATO's Public Diplomacy Division in 2014, after the "
         "annexation of Crimea, so it shows NATO as the partner that kept its offers open and "
         "leaves out what Moscow objected to.")


# --------------------------------------------------------------------------- make lab


def test_make_lab_opens_lesson_00_on_the_first_visit(browser: Any, tmp_path: Path) -> None:
    env = dict(os.environ, BROWSER="true")  # the browser make lab opens is ours, below
    env.pop("JUPYTER_TOKEN", None)
    for name in ("config", "data", "runtime"):  # a first visit: no settings, no workspace yet
        env[f"JUPYTER_{name.upper()}_DIR"] = str(tmp_path / name)
    env["IPYTHONDIR"] = str(tmp_path / "ipython")
    started = time.monotonic()
    server, printed = start_printing(
        ["make", "--no-print-directory", "lab", f"PORT={free_port()}"], ROOT, env)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        address = wait_for_printed(server, printed, PRINTED)
        assert "/lab/tree/notebooks/00_introduction.ipynb?" in address

        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(address)
        title = page.locator(".jp-NotebookPanel .jp-RenderedMarkdown h1").first
        title.wait_for()
        seconds = time.monotonic() - started
        assert title.inner_text().startswith("00 · Introduction")
        assert page.locator(".jp-Launcher").count() == 0, "a Launcher instead of the lesson"
        current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
        assert current.inner_text().strip() == "00_introduction.ipynb"
        print(f"\nmake lab to lesson 00 visible: {seconds:.1f} s")
        # No Node.js on a page load: the page is told not to ask whether JupyterLab needs a
        # build, and the server did not search for language servers (each ran Node.js).
        config = json.loads(page.locator("#jupyter-config-data").text_content() or "{}")
        assert (config.get("buildCheck"), config.get("buildAvailable")) == (False, False)
        assert not [line for line in printed if "Build is up to date" in line
                    or "Skipped non-installed server" in line], "".join(printed)[-2000:]

        # The file browser, at the course's folder: what a student needs, no machinery.
        page.locator(".jp-FileBrowser .jp-BreadCrumbs-home").click()
        items = page.locator(".jp-FileBrowser .jp-DirListing-item .jp-DirListing-itemText")
        page.wait_for_function("() => Array.from(document.querySelectorAll("
                               "'.jp-FileBrowser .jp-DirListing-itemText')).some("
                               "e => e.innerText.trim() === 'my_work')")
        listed = {text.strip() for text in items.all_inner_texts()}
        assert {"notebooks", "my_work", "data", "README.md"} <= listed
        assert not listed & contents.MACHINERY, sorted(listed & contents.MACHINERY)
        for exercise in EXERCISES:
            assert (ROOT / "my_work" / copy_name(exercise)).is_file()

        # The server's own address leads to lesson 00 as well.
        again = context.new_page()
        again.goto(address.split("/lab/")[0] + "/")
        again.locator(".jp-NotebookPanel .jp-RenderedMarkdown h1").first.wait_for()
        # (in a workspace of its own, as the first window still holds the default one)
        assert again.url.split("?")[0].endswith("/tree/notebooks/00_introduction.ipynb")
    finally:
        context.close()
        stop_group(server)


# --------------------------------------------------------------------------- untouched files


@pytest.mark.parametrize("exercise", EXERCISES, ids=[p.name for p in EXERCISES])
def test_running_an_exercise_leaves_it_untouched(page: Any, lab: Any, exercise: Path) -> None:
    before, status = exercise.read_bytes(), git_status(relative(exercise))
    path = open_notebook(page, lab, exercise)
    opened = notebook_state(page, path)
    assert not opened["dirty"] and opened["writable"] is False
    state = run_all(page, path)
    # The explorers an exercise asks students to use are live, not broken or static copies.
    asked = sum("explore." in "".join(cell["source"]) for cell in state["model"]["cells"]
                if cell["cell_type"] == "code")
    if asked:
        page.wait_for_function("n => document.querySelectorAll("
                               "'.jp-OutputArea-output .nato-explorer').length >= n", arg=asked)
    assert page.locator(".jp-OutputArea-output .nato-explorer").count() == asked
    assert not widget_errors(page), widget_errors(page)
    # What tests/test_exercises.py checks kernel-side when no browser runs: every cell runs,
    # and every check says, in its own line, that its question is not answered yet.
    for cell in state["model"]["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{source[:60]!r}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
        if cell["cell_type"] == "code" and check_ids(source):
            text = "".join(o.get("text", "") for o in cell["outputs"])
            assert "Not answered yet" in text, source
            for question in check_ids(source):
                assert f"⏳ {question} " in text, (question, text)
    page.wait_for_timeout(1_500)  # longer than the autosave interval
    close_notebook(page, path)
    assert exercise.read_bytes() == before, "the course's exercise was written"
    assert git_status(relative(exercise)) == status


def test_a_lessons_exercise_link_opens_the_students_own_copy(page: Any, lab: Any) -> None:
    copy_exercises()  # what starting the course does first; an existing copy is kept as it is
    open_notebook(page, lab, ROOT / "notebooks" / "00_introduction.ipynb")
    link = page.get_by_role("link", name="exercises for lesson 00", exact=True)
    link.scroll_into_view_if_needed()
    link.click()
    copy = f"my_work/{copy_name('00_introduction.ipynb')}"
    page.wait_for_function(f"() => ({NOTEBOOK_STATE})({copy!r})?.writable != null")
    assert notebook_state(page, copy)["writable"] is True, "the student's copy can be saved"
    current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    assert current.inner_text().strip() == copy_name("00_introduction.ipynb")


# --------------------------------------------------------------------------- slips


def _outputs(page: Any, path: str, index: int) -> str:
    """A cell's outputs as text (stream text and error lines), wrapping undone."""
    cell = notebook_state(page, path)["model"]["cells"][index]
    parts = []
    for output in cell.get("outputs", []):
        text = output.get("text", "")
        parts.append("".join(text) if isinstance(text, list) else text)
        parts.append(" ".join(output.get("traceback", [])))
    return " ".join(" ".join(parts).split())


def _index(page: Any, path: str, grade_id: str) -> int:
    cells = notebook_state(page, path)["model"]["cells"]
    return next(i for i, c in enumerate(cells)
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def _run_cell_and_wait(page: Any, path: str, index: int) -> str:
    """Run the selected cell with Shift+Enter and return its outputs once the kernel is idle."""
    run_selected(page, path, index)
    return _outputs(page, path, index)


def test_run_all_with_two_broken_answers_reaches_every_check(
        work_folder: Path, page: Any, lab: Any,
        broken_exercise: Callable[[Path], Path]) -> None:
    path = open_notebook(page, lab, broken_exercise(work_folder))
    state = run_all(page, path, past_errors=True)
    cells = state["model"]["cells"]
    ran = [c["execution_count"] for c in cells if c["cell_type"] == "code"]
    assert all(ran), "Run All stopped before the last cell"
    said = {check_ids("".join(c["source"]))[0]: _outputs(page, path, i)
            for i, c in enumerate(cells) if check_ids("".join(c["source"]))}
    assert "`signing_date` has no value yet" in said["00.1"]
    assert said["00.2"].startswith("✅ 00.2 Correct!")
    assert "`members_added` has no value yet" in said["00.3"]
    assert all("Not answered yet" in said[q] for q in ("00.4", "00.5", "00.6"))
    typo = _outputs(page, path, _index(page, path, "answer_00_1"))
    assert "line 1" in typo and "no attribute 'evnts'" in typo
    bracket = _outputs(page, path, _index(page, path, "answer_00_3"))
    assert "Python could not read line 1" in bracket and "Nothing in the cell ran" in bracket
    shown = " ".join(page.locator(".jp-Notebook .jp-OutputArea-output").all_inner_texts())
    assert not any(raw in shown for raw in RAW), "a raw traceback on the page"


def test_a_written_answer_typed_without_quotes_is_read(
        work_folder: Path, page: Any, lab: Any,
        broken_exercise: Callable[[Path], Path]) -> None:
    path = open_notebook(page, lab, broken_exercise(work_folder))
    run_all(page, path, past_errors=True)
    answer = _index(page, path, "answer_00_6")

    # First as a student might: the text alone, without the %%answer line.
    cell_at(page, answer).locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(PROSE)
    said = _run_cell_and_wait(page, path, answer)
    assert "This cell holds text" in said and "%%answer" in said
    assert not any(raw in said for raw in RAW)

    # Then with the cell's first line: the check reads it.
    cell_at(page, answer).locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("%%answer weighing")
    page.keyboard.press("Enter")
    page.keyboard.type(PROSE)
    assert _run_cell_and_wait(page, path, answer) == ""
    checked = _run_cell_and_wait(page, path, answer + 1)
    assert checked.startswith("📝 00.6 Answer noted")


def test_after_a_restart_a_check_cell_says_to_run_from_the_top(
        work_folder: Path, page: Any, lab: Any,
        broken_exercise: Callable[[Path], Path]) -> None:
    path = open_notebook(page, lab, broken_exercise(work_folder))
    run_all(page, path, past_errors=True)
    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Restart Kernel…", exact=True).click()
    page.locator(".jp-Dialog").get_by_role("button", name="Confirm Kernel Restart").click()
    page.wait_for_function(f"() => ({NOTEBOOK_STATE})({path!r}).status === 'idle'")
    check = _index(page, path, "check_00_2")
    cell_at(page, check).locator(".jp-InputArea-prompt").click()
    said = _run_cell_and_wait(page, path, check)
    assert "`check` is not defined yet" in said and "Run All Cells" in said
    assert not any(raw in said for raw in RAW)


# --------------------------------------------------------------------------- an explorer question


def test_an_explorer_question_is_answered_from_what_the_explorer_shows(
        work_folder: Path, page: Any, lab: Any) -> None:
    """00.3 as a student does it: move the year slider, read the caption, answer, check."""
    copy = work_folder / "00_introduction_exercises.ipynb"
    shutil.copy(ROOT / "exercises" / "00_introduction.ipynb", copy)
    path = open_notebook(page, lab, copy)
    run_all(page, path)
    explorer = page.locator(".jp-OutputArea-output .nato-explorer-membership")
    explorer.wait_for()
    caption = explorer.locator(".nato-explorer-caption")
    assert "16 members at the start" in caption.inner_text()

    # The upper handle of the year slider, moved with the keyboard to 2013.
    years = explorer.locator(".nato-explorer-years")
    last = int(re.findall(r"\d{4}", years.inner_text())[-1])
    upper = explorer.locator(".noUi-handle-upper")
    upper.focus()
    for _ in range(last - 2013):
        upper.press("ArrowLeft")
    page.wait_for_function("el => el.innerText.includes('–2013')", arg=years.element_handle())
    page.wait_for_function("el => el.innerText.includes('1990–2013')",
                           arg=caption.element_handle(), timeout=60_000)
    read = re.search(r"(\d+) members at the start, (\d+) at the end", caption.inner_text())
    assert read, caption.inner_text()

    answer = _index(page, path, "answer_00_3")
    cell_at(page, answer).locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(f"members_added = {read.group(2)} - {read.group(1)}")
    _run_cell_and_wait(page, path, answer)
    checked = _run_cell_and_wait(page, path, answer + 1)
    assert checked.startswith("✅ 00.3 Correct!"), checked
