"""Driving a notebook in JupyterLab the way a student does: open it, Run All, close it.

Shared by the browser tests. The notebook's model and its kernel are read through the app
(the lab fixture exposes it as ``window.jupyterapp``); everything a student does goes
through the page: menus, dialogs, the notebook's cells.
"""

from __future__ import annotations

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

OPEN_WIDGETS = """
(path) => Array.from(window.jupyterapp.shell.widgets('main'))
  .filter(w => w.context && w.context.path === path).length
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
    path = relative(notebook)
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
    for _ in range(2):
        try:
            dialog.first.wait_for(timeout=3_000)
        except Exception:  # noqa: BLE001 - no dialog: closed straight away
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
