"""Exercise notebooks run start to end unanswered, and pass once the solutions go back in."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from chromium import chromium_path
from course_files import ROOT, notebooks

from nato_russia.authoring.execute import run
from nato_russia.authoring.notebook_files import read
from nato_russia.authoring.solution_blocks import Block, cell_placeholder, check_ids, split
from nato_russia.kernel.answer_magic import MARKERS

EXERCISES = notebooks("exercises")
IDS = [p.name for p in EXERCISES]


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


IN_THE_BROWSER = "tests/browser/test_first_hour.py::test_running_an_exercise_leaves_it_untouched"


def _run_in_the_browser(session: pytest.Session, path: Path) -> bool:
    """Whether this run's browser tests run the same exercise, unanswered, to the end.

    They make the same checks as a student's page shows them, so running it kernel-side as
    well would execute every exercise twice; without a browser, it runs here.
    """
    wanted = f"{IN_THE_BROWSER}[{path.name}]"
    return chromium_path()[0] is not None and any(
        item.nodeid == wanted for item in session.items)


@pytest.mark.slow
@pytest.mark.parametrize("path", EXERCISES, ids=IDS)
def test_an_unanswered_exercise_runs_to_the_end(path: Path, request: pytest.FixtureRequest) -> None:
    if _run_in_the_browser(request.session, path):
        pytest.skip(f"run to the end, unanswered, in Chromium by {IN_THE_BROWSER}")
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
def test_putting_the_solutions_back_gives_the_solution_notebook(path: Path) -> None:
    # The exercise with its answers restored is the solution notebook, cell for cell, so
    # the solution's run under nbval (its stored outputs are what a live run prints) is
    # this notebook's run: it is not executed a second time.
    solution = read(ROOT / "solutions" / path.name)
    notebook = restore(read(path), solution)
    assert [c.source for c in notebook.cells] == [_unmarked(c.source) for c in solution.cells]


def _unmarked(source: str) -> str:
    """A cell's source with its solution markers' lines taken out, nothing else changed.

    The marker lines are comments to Python and dropped by ``%%answer``: a kernel runs
    the solution and the restored exercise alike.
    """
    lines = source.splitlines(keepends=True)
    kept = [line for line in lines if line.strip() not in MARKERS]
    return "".join(kept).rstrip("\n") if len(kept) < len(lines) else source


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.ipynb")),
                         ids=[p.name for p in sorted((ROOT / "solutions").glob("*.ipynb"))])
def test_a_solution_passes_every_check(path: Path) -> None:
    # Stored outputs, which nbval holds equal to a live run (`make test`).
    solution = read(path)
    assert not _errors(solution)
    outputs = _check_outputs(solution)
    assert set(outputs) == {q for c in solution.cells for q in check_ids(c.source)}
    for question, text in outputs.items():
        assert text.startswith((f"✅ {question} Correct!", f"📝 {question} Answer noted")), text
