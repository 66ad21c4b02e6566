"""python -m nato_russia.authoring: exercises in sync, no solution text in them, clear errors."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from course_files import ROOT, notebooks

from nato_russia.authoring import nbgrader_metadata
from nato_russia.authoring.cli import main
from nato_russia.authoring.notebook_files import LANGUAGE_INFO, read
from nato_russia.authoring.solution_blocks import (
    BEGIN,
    END,
    Block,
    placeholder,
    split,
    written_answer_name,
)
from nato_russia.questions import placeholders

SOLUTIONS = notebooks("solutions")
SOLUTION_IDS = [p.name for p in SOLUTIONS]


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def build(*args: str, root: Path | None = None) -> Result:
    """Run the build command's entry point in this process (fast), capturing its output."""
    argv = [*args, *(["--root", str(root)] if root is not None else [])]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A scratch copy of solutions/ and exercises/."""
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*")}


# --------------------------------------------------------------------------- in sync


def test_there_are_solutions() -> None:
    assert (ROOT / "solutions" / "00_introduction.ipynb") in SOLUTIONS


@pytest.mark.slow  # the command in a second Python
def test_check_passes_on_the_repository() -> None:
    # Through the real command line, as the Makefile and CI run it.
    result = subprocess.run([sys.executable, "-m", "nato_russia.authoring", "--check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "match their solutions" in result.stdout


def test_an_edited_solution_without_regenerating_fails_the_check(course_copy: Path) -> None:
    solution = course_copy / "solutions" / "00_introduction.ipynb"
    notebook = json.loads(solution.read_text(encoding="utf-8"))
    question = next(c for c in notebook["cells"] if "00.1" in "".join(c["source"]))
    question["source"] = ["".join(question["source"]) + "\n\nA sentence added later."]
    solution.write_text(json.dumps(notebook, indent=1), encoding="utf-8")

    result = build("--check", root=course_copy)
    assert result.returncode == 1
    assert "exercises/00_introduction.ipynb differs from what solutions/" in result.stdout

    assert build(root=course_copy).returncode == 0  # regenerating is the cure
    assert build("--check", root=course_copy).returncode == 0


def test_missing_and_extra_exercises_are_listed(course_copy: Path) -> None:
    (course_copy / "exercises" / "00_introduction.ipynb").unlink()
    shutil.copy(ROOT / "solutions" / "00_introduction.ipynb",
                course_copy / "exercises" / "99_stale.ipynb")
    result = build("--check", root=course_copy)
    assert result.returncode == 1
    assert "exercises/00_introduction.ipynb is missing" in result.stdout
    assert "exercises/99_stale.ipynb has no solution notebook" in result.stdout


def test_building_twice_changes_nothing_and_never_touches_solutions(course_copy: Path) -> None:
    before = _digest(course_copy / "solutions")
    first = build(root=course_copy)
    second = build(root=course_copy)
    assert first.returncode == second.returncode == 0
    assert "wrote" not in second.stdout
    assert _digest(course_copy / "solutions") == before


# --------------------------------------------------------------------------- no leaks


def _block_lines(notebook: nbformat.NotebookNode) -> tuple[set[str], set[str]]:
    """Lines inside solution blocks, and lines outside them, stripped."""
    inside: set[str] = set()
    outside: set[str] = set()
    for cell in notebook.cells:
        for segment in split(cell.source):
            if isinstance(segment, Block):
                inside |= {line.strip() for line in segment.lines}
            else:
                outside |= {line.strip() for line in segment.splitlines()}
    return inside, outside


def _substantial(line: str) -> bool:
    """A line that could give an answer away (not blank, not a lone bracket or quote)."""
    return len(re.sub(r"[\W_]", "", line)) >= 3


@pytest.mark.parametrize("solution", SOLUTIONS, ids=SOLUTION_IDS)
def test_no_line_from_a_solution_block_reaches_the_exercise(solution: Path) -> None:
    inside, outside = _block_lines(read(solution))
    secret = {line for line in inside - outside if _substantial(line)}
    assert secret, "a solution notebook has solution blocks"
    exercise = read(ROOT / "exercises" / solution.name)
    shown = {line.strip() for cell in exercise.cells for line in cell.source.splitlines()}
    leaked = sorted(secret & shown)
    assert not leaked, f"solution lines in exercises/{solution.name}: {leaked}"
    text = (ROOT / "exercises" / solution.name).read_text(encoding="utf-8")
    assert BEGIN not in text and END not in text


@pytest.mark.parametrize("solution", SOLUTIONS, ids=SOLUTION_IDS)
def test_written_model_answers_do_not_reach_the_exercise(solution: Path) -> None:
    exercise = (ROOT / "exercises" / solution.name).read_text(encoding="utf-8")
    for cell in read(solution).cells:
        for segment in split(cell.source):
            if isinstance(segment, Block):
                for sentence in re.findall(r"[A-Z][^.]{20,}\.", segment.body):
                    assert sentence not in exercise


@pytest.mark.parametrize("solution", SOLUTIONS, ids=SOLUTION_IDS)
def test_solutions_carry_the_nbgrader_metadata(solution: Path) -> None:
    notebook = read(solution)
    assert nbgrader_metadata.problems(notebook) == []
    kinds = [cell.metadata.get("nbgrader", {}) for cell in notebook.cells]
    assert any(k.get("solution") for k in kinds) and any(k.get("locked") for k in kinds)


# --------------------------------------------------------------------------- placeholders


def _only_block(source: str) -> Block:
    return next(s for s in split(source) if isinstance(s, Block))


def test_a_code_placeholder_keeps_the_names_later_code_uses() -> None:
    block = _only_block(f"{BEGIN}\nrows = table[table.x > 1]\ncount = len(rows)\n{END}\n")
    assert placeholder(block, 'check("01.1", count)') == "count = ...  # your code here\n"


def test_a_placeholder_without_needed_names_is_a_comment() -> None:
    block = _only_block(f"fig, ax = plt.subplots()\n{BEGIN}\nax.bar([1], [2])\n{END}\n")
    assert placeholder(block, 'check("01.2", fig)') == "# your code here\n"


def test_an_indented_placeholder_stays_valid_python() -> None:
    block = _only_block(f"def f(x):\n    {BEGIN}\n    return x + 1\n    {END}\n")
    assert placeholder(block, "f(2)") == "    ...  # your code here\n"


# The warm-up (10) teaches first steps in Python and asks for no written argument.
WRITTEN = [p for p in sorted((ROOT / "exercises").glob("*.ipynb")) if not p.name.startswith("10_")]


@pytest.mark.parametrize("exercise", WRITTEN, ids=[p.name for p in WRITTEN])
def test_a_written_answer_cell_keeps_its_magic_and_loses_its_text(exercise: Path) -> None:
    solution = read(ROOT / "solutions" / exercise.name)
    written = [c for c in solution.cells if written_answer_name(c.source)]
    assert written, "each lesson's exercises have a written question"
    by_id = {c.id: c for c in read(exercise).cells}
    for cell in written:
        name = written_answer_name(cell.source)
        assert by_id[cell.id].source == f"%%answer {name}\n{placeholders.WRITTEN}"


def test_a_written_answer_string_becomes_a_prompt() -> None:
    block = _only_block(f'{BEGIN}\nessay = """\nA model answer.\n"""\n{END}\n')
    assert placeholder(block, 'check("01.3", essay)') == (
        'essay = """..."""  # write your answer in place of the dots\n')


# --------------------------------------------------------------------------- errors


def _cell_with(source: str) -> Callable[[dict[str, Any]], None]:
    def breaker(notebook: dict[str, Any]) -> None:
        cell = next(c for c in notebook["cells"] if BEGIN in "".join(c["source"]))
        cell["source"] = source
    return breaker


def _drop_nbgrader(notebook: dict[str, Any]) -> None:
    for cell in notebook["cells"]:
        cell["metadata"].pop("nbgrader", None)


BREAKAGES: dict[str, tuple[Callable[[dict[str, Any]], None] | str, str]] = {
    "not JSON": ("{ this is not json", "is not valid JSON (line 1"),
    "not a notebook": ("[1, 2, 3]", "is not a Jupyter notebook"),
    "missing END": (_cell_with(f"{BEGIN}\nx = 1\n"), f"{BEGIN} is never closed"),
    "END without BEGIN": (_cell_with(f"x = 1\n{END}\n"), f"{END} without a {BEGIN}"),
    "nested BEGIN": (_cell_with(f"{BEGIN}\n{BEGIN}\nx = 1\n{END}\n"), "a second"),
    "misspelled marker": (_cell_with("## BEGIN SOLUTIONS\nx = 1\n### END SOLUTION\n"),
                          "write the marker on its own line"),
    "block not Python": (_cell_with(f"{BEGIN}\nx = = 1\n{END}\n"), "not valid Python"),
    "no nbgrader metadata": (_drop_nbgrader, "has solution markers but no nbgrader metadata"),
    "markers deleted": (_cell_with("x = 1\n"), "has no ### BEGIN SOLUTION marker"),
}


@pytest.mark.parametrize("breakage", BREAKAGES, ids=list(BREAKAGES))
def test_a_broken_solution_gives_one_clear_message(course_copy: Path, breakage: str) -> None:
    solution = course_copy / "solutions" / "00_introduction.ipynb"
    breaker, expected = BREAKAGES[breakage]
    if isinstance(breaker, str):
        solution.write_text(breaker, encoding="utf-8")
    else:
        notebook = json.loads(solution.read_text(encoding="utf-8"))
        breaker(notebook)
        solution.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    solutions_before = _digest(course_copy / "solutions")
    exercises_before = _digest(course_copy / "exercises")

    for args in ((), ("--check",)):
        result = build(*args, root=course_copy)
        assert result.returncode == 2, result.stdout + result.stderr
        message = result.stderr.strip()
        assert len(message.splitlines()) == 1, message
        assert "Traceback" not in result.stderr
        assert message.startswith("error: ") and "00_introduction.ipynb" in message
        assert expected in message
        if not isinstance(breaker, str):
            assert re.search(r"cell \d+ \(", message), "the message names the cell"
    assert _digest(course_copy / "solutions") == solutions_before, "nothing is lost"
    assert _digest(course_copy / "exercises") == exercises_before


def test_execute_refuses_a_solution_whose_markers_were_deleted(course_copy: Path) -> None:
    solution = course_copy / "solutions" / "00_introduction.ipynb"
    notebook = json.loads(solution.read_text(encoding="utf-8"))
    _cell_with("answer = 42\n")(notebook)
    solution.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    before = solution.read_bytes()
    result = build("--execute", str(solution), root=course_copy)
    assert result.returncode == 2
    assert "has no ### BEGIN SOLUTION marker" in result.stderr
    assert solution.read_bytes() == before


def test_execute_refuses_exercises() -> None:
    result = build("--execute", "exercises/00_introduction.ipynb")
    assert result.returncode == 2
    assert "exercises are generated without outputs" in result.stderr


def _scratch_notebook(path: Path, source: str) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# 99 · Scratch"),
                      nbformat.v4.new_code_cell(source)]
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    notebook.metadata["celltoolbar"] = "Edit Metadata"
    notebook.cells[1].metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00Z"}
    notebook.cells[1].metadata["scrolled"] = True
    notebook.cells[1].metadata["tags"] = ["keep-me"]
    nbformat.write(notebook, path)


@pytest.mark.slow
def test_execute_stores_outputs_and_cleans_metadata(tmp_path: Path) -> None:
    path = tmp_path / "99_scratch.ipynb"
    _scratch_notebook(path, "print('hello')\n6 * 7")
    result = build("--execute", str(path))
    assert result.returncode == 0, result.stderr
    notebook = read(path)
    assert set(notebook.metadata) == {"kernelspec", "language_info"}
    assert notebook.metadata.kernelspec.name == "python3"
    assert notebook.metadata.language_info == LANGUAGE_INFO
    assert "version" not in notebook.metadata.language_info
    cell = notebook.cells[1]
    assert dict(cell.metadata) == {"tags": ["keep-me"]}
    assert cell.execution_count == 1
    assert [o.get("text") for o in cell.outputs][0] == "hello\n"
    assert cell.outputs[1]["data"]["text/plain"] == "42"


@pytest.mark.slow
def test_a_failing_notebook_is_reported_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "99_scratch.ipynb"
    _scratch_notebook(path, "1 / 0")
    before = path.read_bytes()
    result = build("--execute", str(path))
    assert result.returncode == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert "99_scratch.ipynb, cell 2 (1 / 0): the cell raised ZeroDivisionError" in message
    assert path.read_bytes() == before


@pytest.mark.slow
def test_an_error_the_kernel_explained_still_fails_the_run(tmp_path: Path) -> None:
    # In an exercise notebook the kernel reports an explained error as a cell that ran, so
    # Run All goes on; an author's run must still stop at it.
    path = tmp_path / "99_scratch.ipynb"
    _scratch_notebook(path, "from nato_russia.checks import check\n1 / 0")
    before = path.read_bytes()
    result = build("--execute", str(path))
    assert result.returncode == 2
    assert "cell 2 (from nato_russia.checks import check): the cell raised ZeroDivision" \
        in result.stderr
    assert path.read_bytes() == before
