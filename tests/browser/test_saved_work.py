"""Saved work reopens with its charts, on a fresh server, in a real Chromium.

A student runs their copy of exercise set 00 (its membership explorer included) and saves it;
the next day a new server starts (a new Binder session): the notebook opens with each
explorer's stored picture, described by its alt text, and no "Error displaying widget: model
not found". A lesson opened on a fresh server shows its stored pictures too.

Set ``NATO_RUSSIA_SHOTS=/some/folder`` to also save screenshots at 1400x900 and 1000x700.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from notebook_ui import NOTEBOOK_STATE, cell_at, copy_course, open_path, run_all, save, shots

from nato_russia.lab.saved_outputs import WIDGET_VIEW

pytest.importorskip("playwright.sync_api", reason="the Playwright package is not installed")
pytestmark = pytest.mark.browser

EXERCISE = "my_work/00_introduction_exercises.ipynb"
LESSON = "notebooks/05_2008_bucharest_georgia.ipynb"
WIDGET_ERRORS = ("Error displaying widget", "model not found", "Failed to create view")


def _explorer_outputs(notebook: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for c in notebook["cells"] for o in c.get("outputs", [])
            if "explorer: " in "".join(o.get("data", {}).get("text/plain", ""))]


def _no_widget_errors(page: Any) -> None:
    shown = page.locator(".jp-Notebook").inner_text()
    assert not any(error in shown for error in WIDGET_ERRORS), shown[:2000]


def test_a_saved_explorer_reopens_on_a_fresh_server_as_its_picture(
        tmp_path: Path, serve_lab: Any, browser: Any) -> None:
    root = copy_course(tmp_path / "course")
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-m", "nato_russia.lab", "copy"], cwd=root, env=env,
                   check=True, capture_output=True, timeout=120)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(60_000)
    try:
        # Day one: run the exercises and save.
        with serve_lab(root, tmp_path / "day-one") as lab:
            page = context.new_page()
            path = open_path(page, lab, EXERCISE)
            run_all(page, path)
            page.locator(".jp-OutputArea-output .nato-explorer").first.wait_for()
            cell_at(page, 0).click()
            page.keyboard.press("Escape")
            save(page)
            page.wait_for_function(f"() => ({NOTEBOOK_STATE})({path!r})?.dirty === false")
            page.close()
        saved = json.loads((root / EXERCISE).read_text(encoding="utf-8"))
        explorers = _explorer_outputs(saved)
        assert explorers, "the exercise's explorer ran and was saved"
        assert not any(WIDGET_VIEW in o["data"] for o in explorers)

        # Day two: a fresh server (new Jupyter folders, no kernel from yesterday).
        with serve_lab(root, tmp_path / "day-two") as lab:
            page = context.new_page()
            open_path(page, lab, EXERCISE)
            for output in explorers:
                described = "".join(output["data"]["text/plain"])
                # The picture itself, loaded (not a broken image), with its description.
                page.wait_for_function(
                    "alt => Array.from(document.querySelectorAll('.jp-OutputArea-output img'))"
                    ".some(img => img.alt === alt && img.naturalWidth > 300)", arg=described)
            _no_widget_errors(page)
            shots(page, "saved-exercise-reopened",
                  page.locator(".jp-OutputArea-output img").first)

            # A lesson, opened without running it, shows its stored pictures as well.
            open_path(page, lab, LESSON)
            stored = json.loads((root / LESSON).read_text(encoding="utf-8"))
            expected = len(_explorer_outputs(stored))
            assert expected >= 2
            page.wait_for_function(
                "n => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
                ".jp-OutputArea-output img').length >= n", arg=expected)
            _no_widget_errors(page)
            page.close()
    finally:
        context.close()
