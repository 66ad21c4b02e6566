"""The charts' text stays legible where JupyterLab shrinks the pictures (issue 22, item 6).

A notebook with an explorer, the map and a static chart runs in a real Chromium; at 1400x900
and at a laptop's 1000x700, with the file browser open, each picture's shown width is read
from the page and the size its smallest text comes out at on screen is worked out from it:
the text's size in the picture (the course's font sizes at its DPI) times the picture's scale.
The test fails if the smallest text (place names, legends, tick labels) comes out under
``rendering.MIN_SCREEN_TEXT`` pixels.

Set ``NATO_RUSSIA_SHOTS=/some/folder`` to also save screenshots at both sizes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from notebook_ui import open_notebook, run_all, shots

from nato_russia import rendering

pytest.importorskip("playwright.sync_api", reason="the Playwright package is not installed")
pytestmark = pytest.mark.browser

PROBE = "chart_text_probe.ipynb"
CELLS = [
    ("markdown", "Charts at the window's width"),
    ("code", "from nato_russia import charts, data, explore, maps\ncourse = data.load()"),
    ("code", 'explore.timeline(course, period="p05")'),
    ("code", "maps.relationship_map(course, year=2014)"),
    ("code", "charts.events_per_year(course.events)"),
]
SIZES = ({"width": 1400, "height": 900}, {"width": 1000, "height": 700})
# The smallest text of any chart, in points: the map's place names (legends are a quarter
# point larger, tick labels three quarters).
SMALLEST_TEXT_PT = rendering.SMALLEST

# Every picture in an output: its shown and natural widths.
PICTURES = """
() => Array.from(document.querySelectorAll('.jp-OutputArea-output img'))
  .filter(img => img.naturalWidth > 0)
  .map(img => ({shown: img.getBoundingClientRect().width, natural: img.naturalWidth,
                chart: img.classList.contains('nato-explorer-chart')}))
"""


# The explorer's year slider (on 2008-2009): its track's width, its handles' distance.
TRACK = """
() => {
  const slider = document.querySelector('.nato-explorer .widget-slider');
  const [a, b] = Array.from(slider.querySelectorAll('.noUi-handle'),
                            h => h.getBoundingClientRect());
  return {width: slider.querySelector('.slider-container').getBoundingClientRect().width,
          apart: Math.abs((a.left + a.right) / 2 - (b.left + b.right) / 2)};
}
"""


def _notebook() -> dict[str, Any]:
    cells = [{"cell_type": kind, "metadata": {}, "source": source,
              **({"outputs": [], "execution_count": None} if kind == "code" else {})}
             for kind, source in CELLS]
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3",
                                                        "display_name": "Python 3",
                                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def _open_file_browser(page: Any) -> None:
    """Show the file browser in the left sidebar, as a student usually has it."""
    if not page.locator(".jp-FileBrowser").first.is_visible():
        page.locator('.jp-SideBar [data-id="filebrowser"]').first.click()
    page.locator(".jp-FileBrowser").first.wait_for(state="visible")


def test_chart_text_is_legible_at_both_window_sizes(work_folder: Path, page: Any,
                                                    lab: Any) -> None:
    probe = work_folder / PROBE
    probe.write_text(json.dumps(_notebook()), encoding="utf-8")
    measured: list[str] = []
    window = page.viewport_size
    path = open_notebook(page, lab, probe)
    run_all(page, path)
    page.locator("img.nato-explorer-chart").first.wait_for()
    _open_file_browser(page)
    problems = []
    for size in SIZES:
        page.set_viewport_size(size)
        page.wait_for_timeout(800)  # JupyterLab lays the panels out again
        track = page.evaluate(TRACK)
        measured.append(f"{size['width']}x{size['height']} year slider track: "
                        f"{track['width']:.0f} px, handles {track['apart']:.0f} px apart")
        if track["apart"] < 16:
            problems.append(f"year slider handles {track['apart']:.0f} px apart")
        pictures = page.evaluate(PICTURES)
        assert len(pictures) == 3, pictures  # explorer, map, static chart
        for number, picture in enumerate(pictures):
            scale = picture["shown"] / picture["natural"]
            text = SMALLEST_TEXT_PT / 72 * rendering.DPI * scale
            line = (f"{size['width']}x{size['height']} picture {number}: "
                    f"{picture['natural']} px shown at {picture['shown']:.0f} px "
                    f"({scale:.0%}), smallest text {text:.1f} px")
            measured.append(line)
            if text < rendering.MIN_SCREEN_TEXT:
                problems.append(line)
    print("\n".join(measured))
    page.set_viewport_size(SIZES[0])
    shots(page, "chart-text", page.locator("img.nato-explorer-chart").first)
    page.set_viewport_size(window)
    assert not problems, "chart text too small to read:\n" + "\n".join(problems)
