"""Run lesson and solution notebooks in place, so their stored outputs are current.

Each notebook runs top to bottom in a fresh ``python3`` kernel from its own folder,
as a student's would; then its metadata is cleaned (see
:func:`nato_russia.authoring.notebook_files.clean_metadata`) and, for notebooks with
solution blocks, nbgrader's cell metadata is set. A notebook that fails is left untouched on disk.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from nato_russia.authoring import nbgrader_metadata
from nato_russia.authoring.notebook_files import NotebookError, clean_metadata, read, write
from nato_russia.authoring.solution_blocks import UNMARKED_SOLUTION, has_solution

TIMEOUT = 600  # seconds per cell: generous, so a slow CI runner is not a failure


def _failed_cell(notebook: nbformat.NotebookNode) -> int | None:
    """Index of the cell holding an error output, if any."""
    for index, cell in enumerate(notebook.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return index
    return None


def run(notebook: nbformat.NotebookNode, folder: Path, path: Path,
        timeout: int = TIMEOUT) -> None:
    """Execute a notebook in memory.

    Raises
    ------
    NotebookError
        When a cell raises (or shows an error output), times out, or the kernel dies; the
        message names the cell.
    """
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
        record_timing=False,
        store_widget_state=False,
    )
    try:
        # The kernel's own log lines (such as its TCP warning) are noise for an author.
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as exc:
        index = _failed_cell(notebook)
        source = notebook.cells[index].source if index is not None else ""
        raise NotebookError(path, f"the cell raised {exc.ename}: {exc.evalue}", index,
                            source) from None
    except CellTimeoutError:
        raise NotebookError(path, f"a cell ran longer than {timeout} s") from None
    except DeadKernelError:
        raise NotebookError(path, "the kernel died while running the notebook") from None
    # In an exercise notebook the course's kernel extension reports an explained error as a
    # cell that ran, so Run All goes on: the error output is what is left to find.
    index = _failed_cell(notebook)
    if index is not None:
        error = next(o for o in notebook.cells[index].outputs if o.get("output_type") == "error")
        raise NotebookError(path, f"the cell raised {error.get('ename')}: "
                                  f"{error.get('evalue')}", index, notebook.cells[index].source)


def execute_in_place(path: Path, timeout: int = TIMEOUT) -> None:
    """Run one notebook and store its outputs and cleaned metadata back in the file."""
    notebook = read(path)
    for index, cell in enumerate(notebook.cells):
        # Never let the metadata update below turn a lost marker into leaked answer code.
        if cell.metadata.get("nbgrader", {}).get("solution") and not has_solution(cell.source):
            raise NotebookError(path, UNMARKED_SOLUTION, index, cell.source)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    run(notebook, path.parent.resolve(), path, timeout)
    clean_metadata(notebook)
    if any(has_solution(cell.source) for cell in notebook.cells):
        nbgrader_metadata.apply(notebook)
    write(notebook, path)
