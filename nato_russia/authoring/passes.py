"""The solution-to-exercise step as a list of named passes, run in order.

Like nbgrader's preprocessors, each pass does one job to the notebook it is given (a copy
of the solution) and raises :class:`NotebookError`, naming the file and the cell, when it
cannot. Reading :data:`PASSES` top to bottom says what an exercise is: a solution whose
markers are sound and whose nbgrader metadata is current, with every solution block
replaced by a placeholder, nbgrader's read-only cells locked, outputs cleared and editor
metadata cleaned.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from nato_russia.authoring import nbgrader_metadata
from nato_russia.authoring.notebook_files import NotebookError, clean_metadata, clear_outputs
from nato_russia.authoring.solution_blocks import (
    UNMARKED_SOLUTION,
    Block,
    cell_placeholder,
    code_after,
    has_solution,
    join,
    split,
)
from nato_russia.questions import placeholders

Notebook = nbformat.NotebookNode


@dataclass(frozen=True)
class Pass:
    """One step of the build: a name for messages and a function that edits in place."""

    name: str
    apply: Callable[[Notebook, Path], None]


def check_markers(notebook: Notebook, path: Path) -> None:
    """Fail on broken markers, and on markers and nbgrader metadata that disagree."""
    for index, cell in enumerate(notebook.cells):
        meta = cell.metadata.get("nbgrader", {})
        if not has_solution(cell.source):
            if meta.get("solution"):
                raise NotebookError(path, UNMARKED_SOLUTION, index, cell.source)
            continue
        if cell.cell_type == "raw":
            raise NotebookError(path, "solution markers in a raw cell", index, cell.source)
        if not meta.get("solution"):
            raise NotebookError(
                path,
                "has solution markers but no nbgrader metadata marking it as a solution; run "
                f"python -m nato_russia.authoring --execute {path}",
                index,
                cell.source,
            )
        try:
            split(cell.source)
        except ValueError as exc:
            raise NotebookError(path, str(exc), index, cell.source) from None


def check_nbgrader_metadata(notebook: Notebook, path: Path) -> None:
    """Fail when the nbgrader metadata is not what the question numbers give."""
    stale = nbgrader_metadata.problems(notebook)
    if stale:
        raise NotebookError(
            path,
            f"nbgrader metadata missing or out of date ({'; '.join(stale)}); run "
            f"python -m nato_russia.authoring --execute {path}",
        )


def replace_solutions(notebook: Notebook, path: Path) -> None:
    """Put a placeholder where each solution block was (markers already checked)."""
    later = code_after(notebook)
    for index, cell in enumerate(notebook.cells):
        if not has_solution(cell.source):
            continue
        segments = split(cell.source)
        fill = {}
        for position, segment in enumerate(segments):
            if not isinstance(segment, Block):
                continue
            if cell.cell_type == "markdown":
                fill[position] = f"{segment.indent}{placeholders.MARKDOWN}\n"
                continue
            rest = "".join(s for s in segments[position + 1:] if isinstance(s, str))
            try:
                fill[position] = cell_placeholder(cell.source, segment, rest + later[index])
            except ValueError as exc:
                raise NotebookError(path, str(exc), index, cell.source) from None
        cell.source = join(segments, fill)


def lock_read_only_cells(notebook: Notebook, path: Path) -> None:
    """Make nbgrader's locked cells read-only, as nbgrader's own release step does."""
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("locked"):
            cell.metadata["editable"] = False
            cell.metadata["deletable"] = False


PASSES: tuple[Pass, ...] = (
    Pass("check solution markers", check_markers),
    Pass("check nbgrader metadata", check_nbgrader_metadata),
    Pass("replace solutions with placeholders", replace_solutions),
    Pass("lock read-only cells", lock_read_only_cells),
    Pass("clear outputs", lambda notebook, path: clear_outputs(notebook)),
    Pass("clean metadata", lambda notebook, path: clean_metadata(notebook)),
)


def exercise_from(solution: Notebook, path: Path,
                  passes: tuple[Pass, ...] = PASSES) -> Notebook:
    """Return the exercise notebook generated from a solution notebook.

    Parameters
    ----------
    solution
        The solution notebook (left unchanged).
    path
        Its file, for messages.
    passes
        The steps to run, in order.

    Raises
    ------
    NotebookError
        From the first pass that fails.
    """
    exercise = copy.deepcopy(solution)
    for step in passes:
        step.apply(exercise, path)
    return exercise
