"""A browser tab kept from one test for the next is left with nothing that can interrupt it.

The ``page`` fixture keeps its tab when a test passes (``notebook_ui.TIDY``). Two things
could put an error dialog over the next test a moment after the tab was tidied: a save still
under way when its notebook closed ("File Save Error ... Disposed"), and a file browser
left in a folder the test removes ("Directory not found"). Both were seen in a CI run.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from course_files import ROOT
from notebook_ui import TIDY, cell_at, open_notebook

pytest.importorskip("playwright.sync_api", reason="the Playwright package is not installed")
pytestmark = pytest.mark.browser

FILE_BROWSER_PATH = """
() => Array.from(window.jupyterapp.shell.widgets('left'))
  .find(widget => widget.id === 'filebrowser').model.path
"""


def test_a_tidied_tab_raises_no_dialog_when_the_folder_goes(work_folder: Path, page: Any,
                                                           lab: Any) -> None:
    copy = work_folder / "00_introduction_exercises.ipynb"
    shutil.copy(ROOT / "exercises" / "00_introduction.ipynb", copy)
    open_notebook(page, lab, copy)
    page.evaluate("path => window.jupyterapp.commands.execute('filebrowser:go-to-path', "
                  "{path, dontShowBrowser: true})", work_folder.relative_to(ROOT).as_posix())
    # A student's edit: the notebook is dirty, and autosave (every second) starts saving it.
    cell_at(page, 0).click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")  # a new cell below, in command mode
    page.wait_for_timeout(900)

    assert page.evaluate(TIDY), "a dialog was open when the tab was tidied"
    shutil.rmtree(work_folder)
    page.wait_for_timeout(2_500)  # longer than an autosave and its reply
    assert page.evaluate(FILE_BROWSER_PATH) == ""
    assert page.locator(".jp-Dialog").count() == 0
