"""nbval in strict mode really compares stored outputs, and its escape hatches stay narrow.

The nbval run itself is `make test`'s (``--nbval`` with the sanitize file below, over
notebooks/ and solutions/, each notebook executed once per run). These tests prove that
configuration bites: an altered stored output fails, the sanitize file hides only volatile text,
``nbval-ignore-output`` sits only on cells that make widgets, and ``nbval-skip`` is
never used.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
from course_files import ROOT, notebook_id, notebooks
from nbval.plugin import get_sanitize_patterns

from nato_russia.authoring.solution_blocks import check_ids

SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
NOTEBOOKS = notebooks()
IDS = [notebook_id(p) for p in NOTEBOOKS]
# Cells that build a live widget: the course's explorers, ipywidgets, interact.
WIDGET_CODE = re.compile(
    r"\bexplore\.\w+\s*\(|\bwidgets\.\w+\s*\(|@?\binteract(?:ive|_manual)?\b|\bipywidgets\b")
SKIP_TAGS = {"nbval-skip", "skip-nbval"}  # the second is silently ignored by nbval: never use


def _patterns() -> list[tuple[str, str]]:
    return get_sanitize_patterns(SANITIZE.read_text(encoding="utf-8"))


def _nbval(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run pytest --nbval on a folder, with the course's sanitize file, in a fresh process."""
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
               "-c", str(folder / "pytest.ini"), "--rootdir", str(folder),
               "--nbval", "--nbval-sanitize-with", str(SANITIZE), str(folder)]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(command, capture_output=True, text=True, cwd=folder, env=env,
                          timeout=900, check=False)


def test_make_test_runs_nbval_over_lessons_and_solutions() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    nbval = re.search(r"^NBVAL := (.*)$", makefile, flags=re.M)
    assert nbval and nbval.group(1).split() == [
        "--nbval", "--nbval-sanitize-with", str(SANITIZE.relative_to(ROOT))]
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "pytest $(NBVAL)" in test_recipe
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert {"notebooks", "solutions"} <= set(project["tool"]["pytest"]["ini_options"]["testpaths"])


def test_the_sanitize_file_only_masks_volatile_text() -> None:
    patterns = _patterns()
    assert patterns, "the sanitize file defines patterns"
    volatile = "<Output at 0x7f3a2c1d9e50> Wall time: 1.25 s"
    masked = volatile
    for regex, replacement in patterns:
        masked = re.sub(regex, replacement, masked)
    assert "0x7f3a" not in masked and "1.25 s" not in masked


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.parent.name == "solutions"],
                         ids=[i for i in IDS if i.startswith("solutions")])
def test_the_sanitize_file_leaves_check_feedback_alone(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    texts = ["".join(o.get("text", "")) for cell in notebook.cells
             if cell.cell_type == "code" and check_ids(cell.source) for o in cell.outputs]
    assert texts, "solutions store their check feedback"
    for text in texts:
        masked = text
        for regex, replacement in _patterns():
            masked = re.sub(regex, replacement, masked)
        assert masked == text, "nbval must compare every word of the feedback"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_ignore_output_only_on_cells_that_make_widgets(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        tags = set(cell.metadata.get("tags", []))
        assert not tags & SKIP_TAGS, f"cell {index + 1}: never skip a cell; fix it instead"
        if "nbval-ignore-output" in tags:
            assert cell.cell_type == "code" and WIDGET_CODE.search(cell.source), (
                f"cell {index + 1}: nbval-ignore-output is only for cells that make widgets")


@pytest.mark.slow
def test_nbval_fails_when_a_stored_check_output_is_altered(tmp_path: Path) -> None:
    source = ROOT / "solutions" / "00_introduction.ipynb"
    folder = tmp_path / "solutions"
    folder.mkdir()
    copy = folder / source.name
    shutil.copy(source, copy)

    # The untouched notebook passes in the main run (`make test`); here only the altered
    # copy runs, and exactly its one altered cell must fail.
    notebook = nbformat.read(copy, as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "code" and check_ids(c.source)
                and any(o.get("output_type") == "stream" for o in c.outputs))
    stream = next(o for o in cell.outputs if o.get("output_type") == "stream")
    stream["text"] = stream["text"].replace("Correct!", "Correct, well done!", 1)
    assert "well done" in stream["text"]
    nbformat.write(notebook, copy)

    altered = _nbval(folder)
    assert altered.returncode != 0
    assert "1 failed" in altered.stdout and " passed" in altered.stdout
    assert "well done" in altered.stdout, "nbval shows the stored text it compared"


@pytest.mark.slow  # starts a kernel
def test_nbval_kernels_listen_on_unix_sockets_removed_afterwards(tmp_path: Path) -> None:
    # TCP ports are chosen, let go and bound again by the kernel: on a busy machine another
    # process can take one in between (tests/kernel_sockets.py).
    from nbval.kernel import RunningKernel

    kernel = RunningKernel("python3", cwd=str(tmp_path))
    try:
        info = kernel.km.get_connection_info()
        assert info["transport"] == "ipc"
        sockets = [Path(f"{info['ip']}-{info[name]}")
                   for name in ("shell_port", "iopub_port", "stdin_port", "control_port",
                                "hb_port")]
        assert all(path.is_socket() for path in sockets), sockets
        assert not list(tmp_path.iterdir()), "nothing in the notebook's folder"
        kernel.await_reply(kernel.execute_cell_input("print(6 * 7)", allow_stdin=False),
                           timeout=30)
    finally:
        kernel.stop()
    assert not any(path.exists() for path in sockets), "the sockets are removed"
