"""Driving a notebook in JupyterLab the way a student does: open it, Run All, close it.

Shared by the browser tests. The notebook's model and its kernel are read through the app
(the lab fixture exposes it as ``window.jupyterapp``); everything a student does goes
through the page: menus, dialogs, the notebook's cells.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from course_files import ROOT

RUN_TIMEOUT_MS = 300_000  # a whole notebook; generous because CI machines are slow

# The notebook's model as nbformat JSON, whether it has unsaved changes, and its kernel's
# status, read through the app.
NOTEBOOK_STATE = """
(path) => {
  for (const widget of window.jupyterapp.shell.widgets('main')) {
    if (widget.context && widget.context.path === path) {
      const kernel = widget.sessionContext.session?.kernel;
      return {model: widget.context.model.toJSON(), dirty: widget.context.model.dirty,
              writable: widget.context.contentsModel?.writable ?? null,
              status: kernel ? kernel.status : 'none'};
    }
  }
  return null;
}
"""

# Done when the kernel is idle and every non-empty code cell has an execution count, or as
# soon as an error output appears (Run All stops there) unless ``past_errors``.
RUN_FINISHED = """
([path, pastErrors]) => {
  const state = (__STATE__)(path);
  if (!state) return false;
  const cells = state.model.cells;
  const failed = cells.some(c => (c.outputs || []).some(o => o.output_type === 'error'));
  const ran = cells.every(c => c.cell_type !== 'code'
      || !(Array.isArray(c.source) ? c.source.join('') : c.source).trim()
      || c.execution_count !== null);
  return (failed && !pastErrors) || (ran && state.status === 'idle');
}
""".replace("__STATE__", NOTEBOOK_STATE)

# JupyterLab is loaded, with no document open in its main area and no dialog open.
NOTHING_OPEN = """
() => !!window.jupyterapp
  && !Array.from(window.jupyterapp.shell.widgets('main')).some(w => w.context)
  && document.querySelector('.jp-Dialog') === null
"""

OPEN_WIDGETS = """
(path) => Array.from(window.jupyterapp.shell.widgets('main'))
  .filter(w => w.context && w.context.path === path).length
"""


# Closes every document in the main area without asking (a course notebook that ran has
# unsaved outputs; the student leaves without saving), shows the file browser at the course's
# top folder, and says whether the tab is tidy: no dialog open. A save under way when its
# document closes, or a file browser left in a folder a test removes, would each put up an
# error dialog a moment later, over the next test: autosaves are stopped first (a document
# that is not dirty is never saved) and a save already under way is given time to end. The
# kernels stay on the server, as when a student closes a tab.
TIDY = """
async () => {
  const app = window.jupyterapp;
  if (!app) return true;
  const pause = ms => new Promise(done => setTimeout(done, ms));
  const open = Array.from(app.shell.widgets('main'));
  let saving = false;
  for (const widget of open) {
    const context = widget.context;
    if (context && context.model.dirty) {
      saving = saving || Boolean(context.contentsModel?.writable);
      context.model.dirty = false;
    }
  }
  if (saving) await pause(1500);  // longer than the autosave interval and a save
  for (const widget of open) widget.dispose();
  await app.commands.execute('filebrowser:go-to-path', {path: '', dontShowBrowser: true});
  await pause(200);
  return document.querySelector('.jp-Dialog') === null;
}
"""


def notebook_state(page: Any, path: str) -> dict[str, Any]:
    """The open notebook's model, dirty flag, writability and kernel status."""
    state = page.evaluate(NOTEBOOK_STATE, path)
    assert state is not None, f"{path} is not open in JupyterLab"
    return state


def relative(notebook: Path) -> str:
    """A notebook's path as JupyterLab names it (relative to the course folder)."""
    return notebook.resolve().relative_to(ROOT).as_posix()


def open_notebook(page: Any, lab: Any, notebook: Path) -> str:
    """Open a notebook and wait until its kernel is idle; return its JupyterLab path."""
    return open_path(page, lab, relative(notebook))


def open_path(page: Any, lab: Any, path: str) -> str:
    """Open a notebook by its path on the server and wait until its kernel is idle.

    A tab that shows this server's JupyterLab with no document or dialog open (kept from an
    earlier test) opens it as the file browser does; any other tab loads JupyterLab at the
    notebook's address, which also closes what was open, so the page holds one notebook's
    cells.
    """
    if page.url.startswith(f"{lab.url}/lab") and page.evaluate(NOTHING_OPEN):
        page.evaluate("async (path) => {"
                      " await window.jupyterapp.commands.execute('docmanager:open', {path}); }",
                      path)
    else:
        page.goto(lab.page_url(f"lab/tree/{path}"))
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.wait_for_function(f"() => ({NOTEBOOK_STATE})({path!r})?.status === 'idle'")
    return path


def run_all(page: Any, path: str, past_errors: bool = False) -> dict[str, Any]:
    """Run All from the Run menu and wait until it has finished; return the state."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(RUN_FINISHED, arg=[path, past_errors], timeout=RUN_TIMEOUT_MS)
    return notebook_state(page, path)


def open_and_run_all(page: Any, lab: Any, notebook: Path) -> dict[str, Any]:
    """Open a notebook, Run All and return its state once the run has finished."""
    return run_all(page, open_notebook(page, lab, notebook))


def close_notebook(page: Any, path: str) -> list[str]:
    """Close a notebook's tab as a student does; return the titles of dialogs answered.

    A notebook that ran has unsaved outputs, so JupyterLab may ask before closing; the
    student leaves without saving (a course notebook cannot be saved anyway).
    """
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    tab.locator(".lm-TabBar-tabCloseIcon").click()
    answered = []
    dialog = page.locator(".jp-Dialog")
    # Whichever comes first: a question, or the tab gone (no question asked). A fixed wait for
    # a dialog that may never come cost three idle seconds a close.
    asked_or_closed = (f"() => document.querySelector('.jp-Dialog') !== null"
                       f" || ({OPEN_WIDGETS})({path!r}) === 0")
    for _ in range(2):
        page.wait_for_function(asked_or_closed)
        if not dialog.count():
            break
        answered.append(dialog.locator(".jp-Dialog-header").inner_text())
        buttons = dialog.locator("button")
        leave = buttons.filter(has_text="Discard")
        (leave if leave.count() else buttons.filter(has_text="Close")).first.click()
        dialog.first.wait_for(state="detached")
    page.wait_for_function(f"() => ({OPEN_WIDGETS})({path!r}) === 0")
    return answered


def git_status(*paths: str) -> str:
    """``git status --porcelain`` of the checkout (or of some paths in it)."""
    result = subprocess.run(["git", "status", "--porcelain", "--", *paths], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return result.stdout


def copy_course(target: Path) -> Path:
    """Copy the course's files (those git tracks or would track) into ``target``.

    A test that needs a student's folder of its own, or a server on a fresh folder, runs on
    the copy, so the checkout's own ``my_work/`` is never touched.
    """
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, capture_output=True, check=True)
    for name in filter(None, listed.stdout.decode("utf-8").split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def cell_at(page: Any, index: int) -> Any:
    """The notebook's cell at ``index`` (every cell is in the DOM: no virtual scrolling)."""
    return page.locator(".jp-Notebook .jp-Cell").nth(index)


def cell_output_text(page: Any, path: str, index: int) -> str:
    """A cell's outputs as one line of text: streams, results (markdown, else plain text),
    error lines."""
    cell = notebook_state(page, path)["model"]["cells"][index]
    parts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        shown = data.get("text/markdown", data.get("text/plain", ""))  # as the page shows it
        for text in (output.get("text", ""), shown, output.get("traceback", [])):
            parts.append("".join(text) if isinstance(text, list) else text)
    return " ".join(" ".join(parts).split())


def find_cell(page: Any, path: str, start: str) -> int:
    """The index of the first cell whose source starts with ``start``."""
    cells = notebook_state(page, path)["model"]["cells"]
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
               for c in cells]
    return next(i for i, source in enumerate(sources) if source.startswith(start))


def run_selected(page: Any, path: str, index: int) -> None:
    """Run the selected cell, number ``index``, with Shift+Enter and wait until it has run."""
    before = notebook_state(page, path)["model"]["cells"][index].get("execution_count")
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(
        """([path, index, before]) => {
             const state = (__STATE__)(path);
             const cell = state.model.cells[index];
             return state.status === 'idle' && cell.execution_count !== null
                    && cell.execution_count !== before;
           }""".replace("__STATE__", NOTEBOOK_STATE), arg=[path, index, before],
        timeout=RUN_TIMEOUT_MS)


def run_cell(page: Any, path: str, index: int) -> str:
    """Select a cell, run it with Shift+Enter, and return its outputs once it has run."""
    cell_at(page, index).locator(".jp-InputArea-prompt").click()
    run_selected(page, path, index)
    return cell_output_text(page, path, index)


def shots(page: Any, name: str, element: Any = None) -> None:
    """With ``NATO_RUSSIA_SHOTS=/some/folder``, save what a student sees at 1400x900 and at
    1000x700 there (``element`` scrolled into view first), for a person to look at."""
    folder = os.environ.get("NATO_RUSSIA_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    for width, height in ((1400, 900), (1000, 700)):
        page.set_viewport_size({"width": width, "height": height})
        if element is not None:
            element.scroll_into_view_if_needed()
        page.wait_for_timeout(500)  # let JupyterLab lay the panels out at the new size
        page.screenshot(path=str(Path(folder) / f"{name}-{width}x{height}.png"))
    page.set_viewport_size(before)  # the test goes on as it was


def save(page: Any) -> None:
    """Save the current document with Ctrl+S, as a student does.

    The test server autosaves every second, so Ctrl+S can race its own autosave; JupyterLab
    then asks whether to overwrite a file that already holds the same text. That question is
    the test's doing, not the student's, and is answered Overwrite.
    """
    page.keyboard.press("Control+S")
    conflict = page.locator(".jp-Dialog").filter(has_text="has changed on disk")
    with contextlib.suppress(Exception):  # usually there is no such dialog
        conflict.wait_for(timeout=2_000)
        conflict.get_by_role("button", name="Overwrite").click()
        conflict.wait_for(state="detached")
