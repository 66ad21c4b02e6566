"""The map explorer in a real JupyterLab: moving its year slider redraws the map.

Lesson 07 is opened and run; the map's slider handle is moved with the keyboard, as a student
without a mouse would, and the chart and its caption must change to the new year. Set
``NATO_RUSSIA_MAP_SHOTS=/some/folder`` to also save screenshots of the map in 1990, 2004,
2014 and 2024 at 1400 x 900 and 1000 x 700.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from course_files import notebooks
from notebook_ui import close_notebook, open_and_run_all, relative

pytest.importorskip("playwright.sync_api", reason="the Playwright package is not installed")

pytestmark = pytest.mark.browser

LESSON = next(p for p in notebooks("notebooks") if p.name.startswith("07_"))
MAP = ".jp-OutputArea-output .nato-explorer-map"
SIZES = ({"width": 1400, "height": 900}, {"width": 1000, "height": 700})
SHOT_YEARS = (1990, 2004, 2014, 2024)


def _state(explorer: Any) -> dict[str, str]:
    return explorer.evaluate("""root => ({
      src: root.querySelector('img.nato-explorer-chart').src,
      caption: root.querySelector('.nato-explorer-caption').innerText,
    })""")


def _press(page: Any, explorer: Any, key: str) -> None:
    """Press a key on the year slider's handle and wait for the new map to be painted."""
    before = _state(explorer)
    explorer.locator(".widget-slider .noUi-handle").first.focus()
    page.keyboard.press(key)
    # The picture and its caption are two widgets, updated one after the other: wait for both.
    page.wait_for_function(
        """([root, old]) => {
          const img = root.querySelector('img.nato-explorer-chart');
          const caption = root.querySelector('.nato-explorer-caption').innerText;
          return img.src !== old.src && caption !== old.caption && img.complete
                 && img.naturalWidth > 0;
        }""", arg=[explorer.element_handle(), before], timeout=60_000)


def _year_shown(explorer: Any) -> int:
    found = re.search(r"end of (\d{4})", _state(explorer)["caption"])
    assert found, _state(explorer)["caption"]
    return int(found.group(1))


def _go_to(page: Any, explorer: Any, year: int) -> None:
    """Move the slider to ``year`` with the arrow keys, one redraw a step."""
    shown = _year_shown(explorer)
    for _ in range(abs(year - shown)):
        _press(page, explorer, "ArrowRight" if year > shown else "ArrowLeft")


def test_the_map_redraws_when_its_slider_moves(page: Any, lab: Any) -> None:
    state = open_and_run_all(page, lab, LESSON)
    explorer = page.locator(MAP).first
    explorer.wait_for()
    explorer.scroll_into_view_if_needed()
    opened = _state(explorer)
    assert "end of 2014" in opened["caption"]

    _press(page, explorer, "ArrowRight")
    moved = _state(explorer)
    assert moved["src"] != opened["src"]
    assert "end of 2015" in moved["caption"], moved["caption"]
    assert not explorer.locator(".nato-explorer-error").is_visible()

    shots = os.environ.get("NATO_RUSSIA_MAP_SHOTS")
    if shots:
        folder = Path(shots)
        folder.mkdir(parents=True, exist_ok=True)
        for year in SHOT_YEARS:
            _go_to(page, explorer, year)
            assert f"end of {year}" in _state(explorer)["caption"]
            for size in SIZES:
                page.set_viewport_size(size)
                explorer.locator("img.nato-explorer-chart").scroll_into_view_if_needed()
                page.wait_for_timeout(300)  # let JupyterLab lay the output out again
                page.screenshot(path=str(folder / f"map_{year}_{size['width']}x"
                                         f"{size['height']}.png"))
            page.set_viewport_size({"width": 1400, "height": 1000})
    close_notebook(page, relative(LESSON))
    assert state["model"]["cells"], "the lesson ran"
