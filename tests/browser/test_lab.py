"""Every lesson notebook runs in JupyterLab, in a real Chromium, and its explorers work.

For each notebook in notebooks/: open it (it must not turn "unsaved" by just opening), Run All
from the Run menu, wait until every cell has run, then check that no cell failed, no widget
failed to display, each explorer shows one chart (its static copy must not show as well), and
that changing a control redraws it. Closing it at the end leaves the file, and git, as they
were: autosave is on and saves every second, and the lesson is never written.

Set ``NATO_RUSSIA_SHOTS=/some/folder`` to also save a screenshot of every explorer there.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Any

import pytest
from course_files import notebooks
from notebook_ui import (
    close_notebook,
    git_status,
    notebook_state,
    open_notebook,
    relative,
    run_all,
)

from nato_russia import explore, rendering

PlaywrightTimeout = pytest.importorskip(
    "playwright.sync_api", reason="the Playwright package is not installed").TimeoutError

NOTEBOOKS = notebooks("notebooks")
REDRAW_TIMEOUT_MS = 60_000
WIDGET_ERRORS = ("Error displaying widget", "Failed to create view", "Failed to render",
                 "Click to show javascript error", "Model not found")
EXPLORER = ".jp-OutputArea-output .nato-explorer"
# Every explorer's plain-text label ("Timeline explorer: "), found in the package so a new
# explorer (the map) is counted without a list to update.
EXPLORER_LABELS = tuple(sorted(
    f"{cls.label}: " for cls in vars(explore).values()
    if isinstance(cls, type) and issubclass(cls, explore.Explorer)
    and cls.label != explore.Explorer.label))

pytestmark = pytest.mark.browser


def cell_errors(model: dict[str, Any]) -> list[str]:
    """Error outputs, and stderr that carries a traceback, cell by cell."""
    found = []
    for number, cell in enumerate(model["cells"]):
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                found.append(f"cell {number}: {output['ename']}: {output['evalue']}")
            elif output["output_type"] == "stream" and output["name"] == "stderr":
                text = "".join(output["text"]) if isinstance(output["text"], list) \
                    else output["text"]
                if "Traceback" in text or re.search(r"\w+Error\b", text):
                    found.append(f"cell {number}: stderr: {text[-500:]}")
    return found


def all_cells_ran(model: dict[str, Any]) -> bool:
    for cell in model["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code" and source.strip() and cell["execution_count"] is None:
            return False
    return True


def explorer_outputs(model: dict[str, Any]) -> int:
    """Outputs that are explorers, known by their plain-text version ("Timeline explorer: ...").

    Counted from the text, not from the widget view, so an explorer that lost its widget view
    (and shows only its static copy) is still expected to appear live, and fails the test.
    """
    count = 0
    for cell in model["cells"]:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            count += text.startswith(EXPLORER_LABELS)
    return count


def widget_errors(page: Any) -> list[str]:
    """Widget failures on the page, with the details JupyterLab folds away."""
    text = page.locator(".jp-Notebook").inner_text()
    found = [e for e in WIDGET_ERRORS if e.lower() in text.lower()]
    folded = page.get_by_text("Click to show javascript error")
    for _ in range(3):  # the first few are enough to diagnose
        if not folded.count():
            break
        label = folded.first.element_handle()
        box = label.evaluate_handle("e => e.parentElement")
        label.scroll_into_view_if_needed()
        label.click()  # unfolds the message; it no longer matches the locator
        found.append(box.evaluate("e => e.innerText")[:600])
    return found


def change_and_wait(page: Any, explorer: Any) -> None:
    """Pick another period (the first dropdown) and wait for the view to be redrawn.

    Returns early if the explorer shows a redraw error instead; the caller checks for it.
    """
    select = explorer.locator("select").first
    labels = select.locator("option").all_inner_texts()
    current = select.evaluate("s => s.selectedIndex")
    choices = [i for i, label in enumerate(labels) if i != current and "Custom" not in label]
    # p05 (2008-2009), a short period whose slider handles must not meet; else p03.
    target = next((i for i in (5, 3) if i in choices), choices[0])
    chart = explorer.locator("img.nato-explorer-chart")
    view = chart if chart.count() else explorer.locator(".nato-explorer-quotations-view")
    before = view.evaluate("e => e.src || e.innerHTML")
    select.select_option(index=target)
    page.wait_for_function(
        """([root, view, old]) => {
          const error = root.querySelector('.nato-explorer-error');
          if (error && error.offsetParent !== null) return true;
          const now = view.src || view.innerHTML;
          return now !== old && (!view.src || (view.complete && view.naturalWidth > 0));
        }""",
        arg=[explorer.element_handle(), view.element_handle(), before],
        timeout=REDRAW_TIMEOUT_MS)


# A laptop's window, with the file browser open: the explorers must stay usable there.
NARROW = {"width": 1000, "height": 700}
# In the page: slider tracks too short to use, the years shown under a slider's handle,
# check box labels cut short, and chart text shrunk below what can be read (native pixels
# times the picture's scale).
NARROW_PROBLEMS = """
([root, textPixels, minimum]) => {
  const found = [];
  const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom
                            && b.top < a.bottom;
  for (const track of root.querySelectorAll('.widget-slider .slider-container')) {
    const width = track.getBoundingClientRect().width;
    if (width < 80) found.push(`a slider track only ${Math.round(width)} px wide`);
  }
  const handles = Array.from(root.querySelectorAll('.noUi-handle'))
                       .map(h => h.getBoundingClientRect());
  for (const label of root.querySelectorAll('.nato-explorer-years, .widget-readout')) {
    const box = label.getBoundingClientRect();
    if (box.width && handles.some(h => overlap(h, box))) {
      found.push(`"${label.innerText}" lies under a slider handle`);
    }
  }
  for (const slider of root.querySelectorAll('.widget-slider')) {
    const pair = Array.from(slider.querySelectorAll('.noUi-handle'));
    const values = Array.from(slider.querySelectorAll('.noUi-handle'),
                              h => h.getAttribute('aria-valuenow'));
    if (pair.length === 2 && values[0] !== values[1]
        && overlap(pair[0].getBoundingClientRect(), pair[1].getBoundingClientRect())) {
      found.push(`the year slider's handles (${values.join(', ')}) lie on each other`);
    }
  }
  for (const label of root.querySelectorAll('.widget-checkbox label, .widget-checkbox span')) {
    if (label.scrollWidth > label.clientWidth + 1) {
      found.push(`the label "${label.innerText}" is cut short`);
    }
  }
  const chart = root.querySelector('img.nato-explorer-chart');
  if (chart && chart.naturalWidth) {
    const shown = textPixels * chart.clientWidth / chart.naturalWidth;
    if (shown < minimum) found.push(`chart text shown at ${shown.toFixed(1)} px`);
  }
  return found;
}
"""


def settle(page: Any, frames: int = 3) -> None:
    """Wait until the page has painted ``frames`` times: JupyterLab lays out widgets after a
    resize in its message loop, which runs on animation frames."""
    page.evaluate("""n => new Promise(done => {
      const step = left => left ? requestAnimationFrame(() => step(left - 1)) : done();
      step(n);
    })""", frames)


def layout_problems(page: Any, explorer: Any, size: dict[str, int] | None = None) -> list[str]:
    """What goes wrong with an explorer's layout at a window size (the page is put back)."""
    wide = page.viewport_size
    page.set_viewport_size(size or wide)
    try:
        explorer.scroll_into_view_if_needed()
        settle(page)  # let the widgets lay themselves out again
        smallest = rendering.SMALL / 72 * rendering.DPI  # chart text, in picture pixels
        return page.evaluate(NARROW_PROBLEMS, [explorer.element_handle(), smallest,
                                               rendering.MIN_SCREEN_TEXT])
    finally:
        page.set_viewport_size(wide)


def redraw_error(explorer: Any) -> str:
    """The error an explorer shows, if any."""
    error = explorer.locator(".nato-explorer-error").first
    return error.inner_text() if error.is_visible() else ""


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_and_its_explorers_work(page: Any, lab: Any, notebook: Path) -> None:
    crashes: list[str] = []
    page.on("pageerror", lambda error: crashes.append(str(error)))
    before, status = notebook.read_bytes(), git_status(relative(notebook))
    path = open_notebook(page, lab, notebook)
    opened = notebook_state(page, path)
    assert not opened["dirty"], "opening an untouched lesson must not leave unsaved changes"
    assert opened["writable"] is False, "a lesson opens read-only"
    state = run_all(page, path)
    model = state["model"]

    assert not cell_errors(model), "\n".join(cell_errors(model))
    assert all_cells_ran(model), "Run All stopped before the end"
    stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    tracebacks = [t for t in stderr.all_inner_texts() if "Traceback" in t]
    assert not tracebacks, tracebacks[0][-800:]

    expected = explorer_outputs(model)
    explorers = page.locator(EXPLORER)
    if expected:  # widget views render a moment after their outputs arrive
        with contextlib.suppress(PlaywrightTimeout):  # the count below says what is wrong
            page.wait_for_function(f"n => document.querySelectorAll({EXPLORER!r}).length >= n",
                                   arg=expected, timeout=30_000)
    shown_errors = widget_errors(page)
    assert not shown_errors, f"widget error on the page: {shown_errors}; {crashes}"
    assert explorers.count() == expected, (
        f"{expected} explorer outputs but {explorers.count()} live explorers: a widget did "
        "not render (its static copy may be showing instead)")

    shots = os.environ.get("NATO_RUSSIA_SHOTS")
    for number in range(expected):
        explorer = explorers.nth(number)
        explorer.scroll_into_view_if_needed()
        output = explorer.locator("xpath=ancestor::div[contains(@class,'jp-OutputArea-child')]")
        assert not redraw_error(explorer), f"explorer {number}: {redraw_error(explorer)}"
        if explorer.locator("img.nato-explorer-chart").count():
            chart = explorer.locator("img.nato-explorer-chart")
            assert chart.count() == 1
            page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                   arg=chart.element_handle())
            # One chart live: JupyterLab shows the widget, not the static PNG beside it.
            assert output.locator("img").count() == 1
        else:
            assert explorer.locator(".nato-explorer-quotations-view").count() == 1
            assert output.locator(".jp-RenderedHTMLCommon blockquote").count() == 0
        kind = "_".join(re.findall(r"nato-explorer-(\w+)", explorer.get_attribute("class") or ""))
        shot = Path(shots or ".") / f"{notebook.stem}_{number}_{kind}"
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            explorer.screenshot(path=f"{shot}.png")
        try:
            change_and_wait(page, explorer)
        except PlaywrightTimeout:
            pytest.fail(f"explorer {number} ({kind}) was not redrawn within "
                        f"{REDRAW_TIMEOUT_MS // 1000} s of choosing another period")
        if shots:
            explorer.screenshot(path=f"{shot}_changed.png")
        assert not redraw_error(explorer), f"explorer {number}: {redraw_error(explorer)}"
        for size in (None, NARROW):
            problems = layout_problems(page, explorer, size)
            shown = f"{size['width']} x {size['height']}" if size else "full size"
            assert not problems, f"explorer {number} ({kind}) at {shown}: {problems}"

    assert not widget_errors(page)
    page.wait_for_timeout(1_500)  # longer than the autosave interval
    close_notebook(page, path)
    assert notebook.read_bytes() == before, "the lesson was written"
    assert git_status(relative(notebook)) == status
