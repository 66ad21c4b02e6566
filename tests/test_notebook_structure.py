"""Every notebook: valid, a Python 3 kernel, a title, clean metadata, links that resolve."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from course_files import ROOT, notebook_id, notebooks, relative_links

from nato_russia.lab import capstone_copy, student_work

FOLDERS = ("notebooks", "solutions", "exercises")
NOTEBOOKS = notebooks(*FOLDERS)
IDS = [notebook_id(p) for p in NOTEBOOKS]
NAME = re.compile(r"^\d{2}_[a-z0-9_]+\.ipynb$")
# Notebook-level metadata a clean notebook may carry; anything else is editor noise.
ALLOWED_METADATA = {"kernelspec", "language_info"}
ALLOWED_CELL_METADATA = {"tags", "nbgrader", "editable", "deletable", "mystnb"}
# Projects, not lessons: the student's work is their own records file, so no exercises.
PROJECTS = {"09_capstone_extend_the_dataset.ipynb"}
MATPLOTLIB_ECHO = re.compile(r"^\[?(<(BarContainer|matplotlib\.|Axes)|Text\(|\(<Figure)")


def _read(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    return notebook


def test_there_are_notebooks() -> None:
    assert (ROOT / "notebooks" / "00_introduction.ipynb") in NOTEBOOKS


def test_lessons_solutions_and_exercises_share_names() -> None:
    names = {folder: {p.name for p in (ROOT / folder).glob("*.ipynb")} for folder in FOLDERS}
    assert names["solutions"] == names["exercises"]
    assert names["solutions"] <= names["notebooks"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_valid_and_runs_on_python3(path: Path) -> None:
    notebook = _read(path)
    assert NAME.match(path.name), "names are NN_lower_case.ipynb"
    spec = notebook.metadata.get("kernelspec", {})
    assert spec.get("name") == "python3", "nobody should be asked to pick a kernel"
    assert spec.get("language") == "python"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_opens_with_a_title(path: Path) -> None:
    first = _read(path).cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith(f"# {path.name[:2]} · ")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_metadata_is_clean(path: Path) -> None:
    notebook = _read(path)
    extra = set(notebook.metadata) - ALLOWED_METADATA
    assert not extra, f"notebook metadata to clean: {sorted(extra)} (widget state, editor noise)"
    for index, cell in enumerate(notebook.cells):
        noise = set(cell.metadata) - ALLOWED_CELL_METADATA
        assert not noise, f"cell {index}: metadata to clean: {sorted(noise)}"
        assert cell.source.strip(), f"cell {index} is empty"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_outputs_have_no_execution_noise(path: Path) -> None:
    notebook = _read(path)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    if path.parent.name == "exercises":
        assert all(not c.outputs and c.execution_count is None for c in code)
        return
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "store outputs from one clean Run All"
    for cell in code:
        for output in cell.outputs:
            assert output.output_type != "error", "a stored error output"
            assert "Error displaying widget" not in str(output)
            # What matplotlib calls return, echoed above a chart: noise a student copies.
            text = output.get("data", {}).get("text/plain", "")
            assert not MATPLOTLIB_ECHO.match(text), f"a matplotlib return value: {text[:60]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_tables_show_text_in_full(path: Path) -> None:
    # pandas cuts long text short ("London Summit offers the Warsaw Pact a joint d...");
    # a title a student cannot read is a title the lesson did not show.
    for index, cell in enumerate(_read(path).cells):
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            cut = re.findall(r"<td>([^<]*\.\.\.)</td>", html)
            assert not cut, f"cell {index + 1} shows text cut short: {cut[:2]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_relative_links_resolve(path: Path) -> None:
    for target, linked in relative_links(_read(path).cells, path.parent):
        if linked.parent == ROOT / student_work.WORK_FOLDER:
            # A student's copy of an exercise: made when the course starts, never shipped.
            copied = {student_work.copy_name(p) for p in notebooks("exercises")}
            copied.add(capstone_copy.COPY_NAME)
            assert linked.name in copied, f"{path.name} links to {target}: no such copy"
            continue
        assert linked.exists(), f"{path.name} links to {target}, which does not exist"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.parent.name == "notebooks"],
                         ids=[i for i in IDS if i.startswith("notebooks")])
def test_a_lesson_has_the_parts_of_the_skeleton(path: Path) -> None:
    text = "\n".join(c.source for c in _read(path).cells if c.cell_type == "markdown")
    for part in ("Learning objectives", "Prerequisites", "Time to learn", "## Weigh the source",
                 "## Key points", "## Next"):
        assert part in text, f"{path.name} has no '{part}'"
    if path.name in PROJECTS:
        assert "my_events.json" in text and "data/README.md" in text, (
            "a project says where the student's work goes and which rubric it follows")
    else:
        assert "../exercises/" + path.name in text, "a lesson links to its exercises"
        copy = f"../{student_work.WORK_FOLDER}/{student_work.copy_name(path)}"
        assert copy in text, "a lesson links to the student's own copy of its exercises"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_stored_output_names_this_checkout(path: Path) -> None:
    # An output holding the checkout's own folder differs in every other clone, CI's included.
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for number, cell in enumerate(notebook["cells"], start=1):
        text = json.dumps(cell.get("outputs", []))
        assert str(ROOT) not in text, f"{path.name}, cell {number}: an output names {ROOT}"
