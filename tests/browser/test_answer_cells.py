"""A ``%%answer`` cell shows as plain text in JupyterLab's editor (issue 22, item 6).

Coloured as Python, the apostrophe in "the alliance's" opens a string and the rest of the
answer turns red. The course's prebuilt extension (lab-settings/labextensions/) switches such
cells to plain text. In a real Chromium: the Python cell beside it does show a string in the
string colour (so the check can see one), and the answer cell shows none, also after the
student types another apostrophe into it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from notebook_ui import cell_at, open_notebook, shots

pytest.importorskip("playwright.sync_api", reason="the Playwright package is not installed")
pytestmark = pytest.mark.browser

PROBE = "answer_cells_probe.ipynb"
ANSWER = "%%answer weighing\nThe alliance's summit didn't name a date."
PYTHON = "quoted = 'a string'"

# How many pieces of a cell's editor text are drawn in the theme's string colour.
STRING_SPANS = """
(index) => {
  const probe = document.createElement('span');
  probe.style.color = 'var(--jp-mirror-editor-string-color)';
  document.body.appendChild(probe);
  const stringColour = getComputedStyle(probe).color;
  probe.remove();
  const cell = document.querySelectorAll('.jp-Notebook .jp-Cell')[index];
  return Array.from(cell.querySelectorAll('.cm-content span'))
    .filter(span => span.textContent.trim() && getComputedStyle(span).color === stringColour)
    .length;
}
"""


def _notebook() -> dict[str, Any]:
    cells = [{"cell_type": "code", "metadata": {}, "source": source, "outputs": [],
              "execution_count": None} for source in (ANSWER, PYTHON)]
    return {"cells": cells,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"},
                         "language_info": {"name": "python",
                                           "codemirror_mode": {"name": "ipython",
                                                               "version": 3}}},
            "nbformat": 4, "nbformat_minor": 5}


def test_an_apostrophe_in_an_answer_cell_is_not_coloured_as_a_string(
        work_folder: Path, page: Any, lab: Any) -> None:
    probe = work_folder / PROBE
    probe.write_text(json.dumps(_notebook()), encoding="utf-8")
    open_notebook(page, lab, probe)
    # The Python cell is highlighted once the editor has its language...
    page.wait_for_function(f"() => ({STRING_SPANS})(1) > 0")
    page.wait_for_timeout(1_000)  # and the extension has had its frames to act
    assert page.evaluate(STRING_SPANS, 0) == 0, "the answer is coloured as Python"
    # Typing into the answer keeps it plain.
    cell_at(page, 0).locator(".cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" It's late.")
    page.wait_for_timeout(500)
    assert page.evaluate(STRING_SPANS, 0) == 0, "typing made the answer Python"
    assert page.evaluate(STRING_SPANS, 1) > 0
    shots(page, "answer-cell", cell_at(page, 0))
