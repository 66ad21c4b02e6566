"""Fixtures every test module shares: the checkout, the loaded course, the notebook lists.

The dataset is loaded when a test first asks for ``course``, never while modules are
collected, so a broken dataset fails the tests that use it with its own clear message
instead of stopping collection.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import kernel_sockets
import nbformat
import pytest
from course_files import ROOT, notebooks
from scheduling import rank, scope

from nato_russia import data


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadscope` with the course's scopes (:func:`scheduling.scope`).

    xdist's own groups (``--dist loadgroup``) rename test ids in a way pytest 9 no longer
    reads, so the course decides scopes here, from the ids alone.
    """
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    # Scopes in collection order (pytest_collection_modifyitems puts the long lanes first),
    # not xdist's default of the scopes with the most tests first (a notebook's many cells).
    config.option.loadscopereorder = False

    class CourseScheduling(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return scope(nodeid)

    return CourseScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long lanes of `make test` first (:func:`scheduling.rank`), the rest as collected."""
    items.sort(key=lambda item: rank(item.nodeid))  # stable: each lane keeps its own order


def pytest_configure(config: pytest.Config) -> None:
    """nbval's kernels on Unix sockets (:mod:`kernel_sockets`); and in a run that leaves
    slow tests out (`make check`), refuse to start a kernel.

    `make check` promises to start no kernel: a test that does, or a fixture it uses,
    fails with a message that says how to fix it, instead of making the fast tier slow.
    """
    kernel_sockets.use_for_nbval()
    if "not slow" not in (config.option.markexpr or ""):
        return
    from jupyter_client.provisioning import local_provisioner

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("this test starts a kernel, which `make check` never does: "
                             "mark it (or its module) with @pytest.mark.slow")

    local_provisioner.launch_kernel = refuse  # type: ignore[assignment]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The course checkout."""
    return ROOT


@pytest.fixture(scope="session")
def course() -> data.Course:
    """The course dataset, loaded once for the session (tests must not change it)."""
    return data.load()


@pytest.fixture(scope="session")
def lesson_paths() -> list[Path]:
    """The lesson notebooks, in course order."""
    return notebooks("notebooks")


@pytest.fixture(scope="session")
def solution_paths() -> list[Path]:
    """The solution notebooks, in course order."""
    return notebooks("solutions")


@pytest.fixture(scope="session")
def exercise_paths() -> list[Path]:
    """The exercise notebooks, in course order."""
    return notebooks("exercises")


# Two answers with the slips students make, in exercise 00: a misspelt attribute (an error
# at run time) and a bracket left open (a syntax error), and one right answer between them.
BROKEN_ANSWERS = {
    "answer_00_1": 'signing_date = course.evnts["date"].iloc[0]',
    "answer_00_2": 'principles = ["democracy", "cooperative security"]',
    "answer_00_3": 'members_added = (28 - 16',
}


def answer_cells(notebook: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    """The notebook's cells that carry an nbgrader id, by that id (``answer_00_1``, ...)."""
    found = {}
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id:
            found[grade_id] = cell
    return found


@pytest.fixture
def broken_exercise() -> Callable[[Path], Path]:
    """Write exercise 00 with two broken answers into a folder; return the file."""

    def write(folder: Path) -> Path:
        notebook = nbformat.read(ROOT / "exercises" / "00_introduction.ipynb", as_version=4)
        cells = answer_cells(notebook)
        for grade_id, source in BROKEN_ANSWERS.items():
            cells[grade_id].source = source
        path = folder / "00_introduction_exercises.ipynb"
        nbformat.write(notebook, path)
        return path

    return write
