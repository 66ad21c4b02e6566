"""Exercise notebooks run start to end unanswered, and pass once the solutions go back in."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from course_files import ROOT, notebooks

from nato_russia.authoring.execute import run
from nato_russia.authoring.notebook_files import read
from nato_russia.authoring.solution_blocks import Block, cell_placeholder, check_ids, split

EXERCISES = notebooks("exercises")
IDS = [p.name for p in EXERCISES]

pytestmark = pytest.mark.slow


def _check_outputs(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """The printed output of every check cell, by question number."""
    found = {}
    for cell in notebook.cells:
        if cell.cell_type != "code" or not check_ids(cell.source):
            continue
        for question in check_ids(cell.source):
            found[question] = "".join(o.get("text", "") for o in cell.outputs
                                      if o.get("output_type") == "stream")
    return found


def _errors(notebook: nbformat.NotebookNode) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for cell in notebook.cells
            for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def test_every_solution_has_an_exercise() -> None:
    assert {p.name for p in EXERCISES} == {p.name for p in (ROOT / "solutions").glob("*.ipynb")}
    assert EXERCISES


@pytest.mark.parametrize("path", EXERCISES, ids=IDS)
def test_an_unanswered_exercise_runs_to_the_end(path: Path) -> None:
    notebook = read(path)
    run(notebook, path.parent, path)  # raises, naming the cell, if any cell fails
    assert not _errors(notebook)
    outputs = _check_outputs(notebook)
    assert outputs, "an exercise notebook has check cells"
    for question, text in outputs.items():
        assert "Not answered yet" in text, f"{question}: {text!r}"
        assert text.startswith(f"⏳ {question} "), text


def restore(exercise: nbformat.NotebookNode,
            solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Put every solution block back in place of its placeholder in the exercise."""
    restored = nbformat.from_dict(exercise)
    later = ""
    pairs = list(zip(restored.cells, solution.cells, strict=True))
    code_after = []
    for _, cell in reversed(pairs):  # code below each cell, as the builder sees it
        code_after.append(later)
        if cell.cell_type == "code":
            visible = "".join(s for s in split(cell.source) if isinstance(s, str))
            later = visible + "\n" + later
    code_after.reverse()
    for (target, cell), after in zip(pairs, code_after, strict=True):
        assert target.id == cell.id, "exercise cells follow solution cells one to one"
        segments = split(cell.source)
        if not any(isinstance(s, Block) for s in segments):
            assert target.source == cell.source, "only solution blocks may differ"
            continue
        source, start = target.source, 0
        for position, segment in enumerate(segments):
            if not isinstance(segment, Block):
                continue
            rest = "".join(s for s in segments[position + 1:] if isinstance(s, str))
            stub = cell_placeholder(cell.source, segment, rest + after).rstrip("\n")
            found = source.index(stub, start)
            body = "".join(segment.lines).rstrip("\n")
            source = source[:found] + body + source[found + len(stub):]
            start = found + len(body)
        target.source = source
    return restored


@pytest.mark.parametrize("path", EXERCISES, ids=IDS)
def test_putting_the_solutions_back_passes_every_check(path: Path) -> None:
    solution = read(ROOT / "solutions" / path.name)
    notebook = restore(read(path), solution)
    run(notebook, path.parent, path)
    assert not _errors(notebook)
    outputs = _check_outputs(notebook)
    assert set(outputs) == {q for c in solution.cells for q in check_ids(c.source)}
    for question, text in outputs.items():
        assert text.startswith((f"✅ {question} Correct!", f"📝 {question} Answer noted")), text
