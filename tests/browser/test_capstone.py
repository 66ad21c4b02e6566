"""The capstone as a student does it, in JupyterLab in a real Chromium, from an empty my_work/.

On a copy of the course with no ``my_work/`` yet: the course starts (``python -m
nato_russia.lab copy``, as ``make lab`` and Binder do) and makes the student's capstone; in it
the student creates ``my_events.json`` from the template, opens it with *Open With > Editor*,
fills it in with a slip, reads the check's message (line, column, fix), corrects it, checks
again, sees the event on the timeline, writes the justification in the ``%%answer`` cell,
saves, and reopens the notebook to find the justification and the timeline still there.

Set ``NATO_RUSSIA_SHOTS=/some/folder`` to also save screenshots at 1400x900 and 1000x700.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from notebook_ui import (
    NOTEBOOK_STATE,
    cell_at,
    close_notebook,
    copy_course,
    find_cell,
    notebook_state,
    open_path,
    run_cell,
    save,
    shots,
)

from nato_russia import data

pytest.importorskip("playwright.sync_api", reason="the Playwright package is not installed")
pytestmark = pytest.mark.browser

NOTEBOOK = "my_work/09_capstone_mine.ipynb"
# The Warsaw Summit of 2016, the event the student added.
RECORDS = {
    "sources": [{
        "id": "my-src-nato-warsaw-communique-2016",
        "title": "Warsaw Summit Communiqué",
        "publisher": "NATO",
        "kind": "official",
        "date": "2016-07-09",
        "url": "https://www.nato.int/cps/en/natohq/official_texts_133169.htm",
    }],
    "events": [{
        "id": "my-2016-warsaw-summit",
        "date": "2016-07-08",
        "end_date": "2016-07-09",
        "date_precision": "day",
        "title": "Warsaw Summit decides on battalions in Poland and the Baltic states",
        "kind": "summit",
        "period": "p08",
        "place": "Warsaw",
        "participants": ["North Atlantic Council", "Jens Stoltenberg"],
        "summary": "The Allies agreed to station four rotating multinational battalions in "
                   "Estonia, Latvia, Lithuania and Poland, while keeping the door to "
                   "dialogue with Moscow open.",
        "cooperation": [],
        "signal": -1,
        "in_source_document": False,
        "confidence": "high",
        "sources": ["my-src-nato-warsaw-communique-2016"],
    }],
}
JUSTIFICATION = " ".join(["The Warsaw Summit matters because it turned the reassurance of 2014 "
                          "into troops that stay."] * 12)


def _filled(slip: bool) -> str:
    text = json.dumps(RECORDS, indent=2, ensure_ascii=False) + "\n"
    if slip:  # a comma after the event's last field, as students leave one
        text = text.replace('"my-src-nato-warsaw-communique-2016"\n      ]',
                            '"my-src-nato-warsaw-communique-2016"\n      ],', 1)
        assert "]," in text
    return text


@pytest.fixture
def course(tmp_path: Path, serve_lab: Any) -> Iterator[tuple[Path, Any]]:
    """A copy of the course, set up as the course's start does, and a server on it."""
    root = copy_course(tmp_path / "course")
    assert not (root / "my_work").exists()
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-m", "nato_russia.lab", "copy"], cwd=root, env=env,
                   check=True, capture_output=True, timeout=120)
    assert (root / NOTEBOOK).is_file() and not (root / "my_work" / "my_events.json").exists()
    with serve_lab(root, tmp_path / "jupyter") as lab:
        yield root, lab


def _wait_for_file(path: Path, text: str) -> None:
    deadline = time.monotonic() + 30
    while not (path.is_file() and path.read_text(encoding="utf-8") == text):
        assert time.monotonic() < deadline, f"{path.name} was not saved as typed"
        time.sleep(0.2)


def _wait_for_saved(path: Path, text: str) -> None:
    """Wait until the notebook on disk has a cell holding ``text``.

    The server writes a notebook in place (its "atomic" writing keeps a backup, not a
    temporary file), so a read while an autosave writes can find the file half written.
    """
    deadline = time.monotonic() + 30
    while True:
        with contextlib.suppress(json.JSONDecodeError):
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            if any(text in "".join(cell["source"]) for cell in cells):
                return
        assert time.monotonic() < deadline, f"{path.name} was not saved with the text"
        time.sleep(0.2)


def _edit_in_editor(page: Any, path: Path, text: str) -> None:
    editor = page.locator(".jp-FileEditor .cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)  # as pasted: no auto-closed brackets
    save(page)
    _wait_for_file(path, text)


def _to_tab(page: Any, name: str) -> None:
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab").filter(has_text=name).first.click()



def _events_of_2015_2024() -> int:
    """How many events the course itself has in the period the student's event joins."""
    events = data.load().events
    return int((events["period"] == "p08").sum())

def test_from_an_empty_my_work_to_an_event_on_the_timeline(
        course: tuple[Path, Any], page: Any) -> None:  # page last: its failure shot comes first
    root, lab = course
    mine = root / "my_work" / "my_events.json"
    path = open_path(page, lab, NOTEBOOK)
    assert notebook_state(page, path)["writable"] is True
    run_cell(page, path, find_cell(page, path, "import json"))

    # 1. The file, from the template.
    said = run_cell(page, path, find_cell(page, path, "data.start_my_events()"))
    assert "Created my_work/my_events.json from the template" in said
    assert "Open With > Editor" in said
    template = mine.read_text(encoding="utf-8")
    assert '"<the city where it happened>"' in template
    first_check = find_cell(page, path, "data.check_mine()")
    said = run_cell(page, path, first_check)
    assert "still holds the template's note" in said and "Traceback" not in said

    # 2. Open With > Editor, from the file browser, as the lesson says.
    page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:go-to-path', "
                  "{path: 'my_work/'})")
    item = page.locator(".jp-FileBrowser .jp-DirListing-item").filter(has_text="my_events.json")
    item.first.click(button="right")
    page.locator(".lm-Menu-itemLabel").get_by_text("Open With", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Editor", exact=True).click()
    # The text editor (not the JSON viewer's tree), showing the template's notes.
    page.locator(".jp-FileEditor .cm-content").filter(
        has_text="<the city where it happened>").wait_for()

    # 3. Filled in with a slip: the check says where and what to do.
    _edit_in_editor(page, mine, _filled(slip=True))
    _to_tab(page, "09_capstone_mine.ipynb")
    said = run_cell(page, path, first_check)
    shots(page, "capstone-slip", cell_at(page, first_check))
    assert "comma after the last item" in said and "delete that comma" in said
    assert "at line 33, column 8" in said, said
    assert "Traceback" not in said and "Expecting" not in said

    # 4. Corrected: it passes.
    _to_tab(page, "my_events.json")
    _edit_in_editor(page, mine, _filled(slip=False))
    _to_tab(page, "09_capstone_mine.ipynb")
    said = run_cell(page, path, first_check)
    assert "my_events.json: 2 records pass every rule of the course's dataset." in said

    # 5. On the timeline: the course's events of 2015-2024, and the student's.
    shown = f"Timeline of {_events_of_2015_2024() + 1} events, 2015–2024"
    said = run_cell(page, path, find_cell(page, path, "yours = data.load("))
    assert shown in said
    page.locator(".jp-OutputArea-output .nato-explorer-timeline").first.wait_for()
    shots(page, "capstone-timeline", page.locator(".nato-explorer-timeline").first)

    # 6. The justification, in the %%answer cell, and its word count.
    answer = find_cell(page, path, "%%answer justification")
    cell_at(page, answer).locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("%%answer justification\n" + JUSTIFICATION)
    assert run_cell(page, path, answer) == ""
    count = run_cell(page, path, find_cell(page, path, "print(f\"{len(justification"))
    assert count == f"{len(JUSTIFICATION.split())} words (aim for 150-250)"

    # 7. Saved, closed and reopened: the work is still there.
    page.keyboard.press("Escape")
    save(page)
    page.wait_for_function(f"() => ({NOTEBOOK_STATE})({path!r})?.dirty === false")
    _wait_for_saved(root / NOTEBOOK, JUSTIFICATION)
    close_notebook(page, path)
    path = open_path(page, lab, NOTEBOOK)
    cells = notebook_state(page, path)["model"]["cells"]
    assert any(JUSTIFICATION in "".join(c["source"]) for c in cells)
    timeline = cells[find_cell(page, path, "yours = data.load(")]
    plain = "".join(o.get("data", {}).get("text/plain", "") for o in timeline["outputs"])
    assert shown in plain
    # Saved as its picture, described: no widget error where the chart was.
    picture = page.locator(f"img[alt^='Timeline explorer: {shown}']")
    picture.first.wait_for()
    assert page.get_by_text("Error displaying widget").count() == 0
    shots(page, "capstone-reopened", picture.first)
