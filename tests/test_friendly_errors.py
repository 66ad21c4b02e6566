"""The usual slips get a sentence, not a traceback, and Run All of an exercise goes on.

Three levels: :func:`nato_russia.kernel.friendly_errors.explain` on its own (fast); a real
kernel started as JupyterLab starts one, which must load the course's extension from the
environment's settings (so a restarted kernel has it before anything is imported); and
nbclient running a whole exercise notebook with two broken answers.
"""

from __future__ import annotations

import linecache
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from nato_russia.authoring.notebook_files import LANGUAGE_INFO
from nato_russia.authoring.solution_blocks import check_ids
from nato_russia.kernel import friendly_errors
from nato_russia.kernel.friendly_errors import explain, looks_like_prose
from nato_russia.lab import settings

ROOT = Path(__file__).resolve().parent.parent
RAW = ("Traceback (most recent call last)", 'File "', "---------")
PROSE = ("The fact sheet was written by NATO's Public Diplomacy Division in the summer of "
         "2014, after the annexation of Crimea, so it stresses what NATO offered.")


def _text(lines: list[str]) -> str:
    """The message as one line of words: where it wraps is not what is tested."""
    return " ".join(" ".join(lines).split())


# --------------------------------------------------------------------------- explain()


def test_check_undefined_after_a_restart_says_run_from_the_top() -> None:
    text = _text(explain(NameError("name 'check' is not defined", name="check"),
                         cell='check("00.1", signing_date)'))
    assert text.startswith(friendly_errors.SYMBOL)
    assert "`check` is not defined yet" in text and "Run All Cells" in text


def test_an_unanswered_variable_in_a_check_cell_points_to_its_answer_cell() -> None:
    text = _text(explain(NameError("name 'signing_date' is not defined", name="signing_date"),
                         cell='check("00.1", signing_date)'))
    assert "`signing_date` has no value yet" in text and "answer cell" in text


def test_a_misspelt_name_gets_the_close_one() -> None:
    text = _text(explain(NameError("name 'coures' is not defined", name="coures"),
                         cell="coures.events", namespace={"course": object()}))
    assert "Did you mean `course`?" in text


def test_prose_in_a_code_cell_is_recognised_and_redirected_to_the_magic() -> None:
    error = SyntaxError("invalid syntax", ("<cell>", 1, 5, PROSE, 1, 9))
    text = _text(explain(error, cell=PROSE))
    assert "This cell holds text" in text and "%%answer" in text


def test_prose_outside_the_quotes_of_an_old_answer_cell() -> None:
    cell = f'weighing = """A start."""\n{PROSE}'
    error = SyntaxError("invalid syntax", ("<cell>", 2, 5, PROSE, 2, 9))
    assert "between the two sets of triple quotes" in _text(explain(error, cell=cell))


@pytest.mark.parametrize("line", [
    "for year in range(1990, 2015)",
    'members = course.accessions["date"].dt.year',
    "print(course.events.head())",
    "x = 1",
])
def test_code_is_not_prose(line: str) -> None:
    assert not looks_like_prose(line)


def test_a_syntax_error_names_the_line_and_says_nothing_ran() -> None:
    line = 'members = (course.accessions["date"] <= "1999".sum()'
    error = SyntaxError("'(' was never closed", ("<cell>", 1, 11, line, 1, 12))
    text = _text(explain(error, cell=line))
    assert "line 1" in text and "was never closed" in text and "Nothing in the cell ran" in text


def test_an_error_at_run_time_names_the_students_line_and_adds_a_hint() -> None:
    namespace: dict[str, Any] = {"table": {"title": 1}}
    source = 'x = 1\ny = table["titel"]\n'
    code = compile(source, "<cell-test>", "exec")
    linecache.cache["<cell-test>"] = (len(source), None, source.splitlines(True), "<cell-test>")
    try:
        exec(code, namespace)  # noqa: S102 - a student's cell, as IPython runs it
    except KeyError as error:
        lines = explain(error, sys.exc_info()[2], source)
    text = _text(lines)
    assert 'line 2, `y = table["titel"]`' in text
    assert "KeyError: 'titel'" in text and "square brackets" in text and "%tb" in text


def test_every_line_fits_a_narrow_output_area() -> None:
    lines = explain(NameError("name 'signing_date' is not defined", name="signing_date"),
                    cell='check("00.1", signing_date)')
    assert all(len(line) <= friendly_errors.WIDTH for line in "\n".join(lines).splitlines())


# --------------------------------------------------------------------------- a real kernel


class Kernel:
    """A kernel started as JupyterLab starts one, and a way to run a cell in it."""

    def __init__(self, ipython_dir: Path, **environ: str) -> None:
        self.manager = KernelManager(kernel_name="python3")
        # Nobody's own IPython profile.
        env = {**os.environ, "IPYTHONDIR": str(ipython_dir), **environ}
        self.manager.start_kernel(env=env, cwd=str(ROOT / "exercises"))
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def run(self, code: str) -> tuple[str, list[dict[str, Any]]]:
        """Run a cell; return the reply's status and the outputs, as a notebook stores them."""
        outputs: list[dict[str, Any]] = []

        def keep(message: dict[str, Any]) -> None:
            kind, content = message["msg_type"], message["content"]
            if kind in ("stream", "error", "execute_result", "display_data"):
                outputs.append({"output_type": kind, **content})

        reply = self.client.execute_interactive(code, output_hook=keep, timeout=60)
        return reply["content"]["status"], outputs

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def _errors(outputs: list[dict[str, Any]]) -> str:
    """The error outputs' text, with the line breaks of wrapping undone."""
    text = " ".join(" ".join(o["traceback"]) for o in outputs if o["output_type"] == "error")
    return " ".join(text.split())


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kernel]:
    target = Path(sys.prefix).joinpath(*settings.TARGETS["ipython_kernel_config.json"])
    if not target.exists():
        pytest.fail(f"{target} is missing: run `python -m nato_russia.lab install` "
                    "(make does it when it sets up .venv)")
    started = Kernel(tmp_path_factory.mktemp("ipython"))
    try:
        yield started
    finally:
        started.stop()


@pytest.mark.slow
def test_the_kernel_describes_itself_as_the_notebooks_store_it(kernel: Kernel) -> None:
    info = kernel.client.kernel_info(reply=True)["content"]["language_info"]
    assert info == LANGUAGE_INFO  # so opening a notebook leaves it unchanged


@pytest.mark.slow
def test_a_check_cell_in_a_fresh_kernel_says_to_run_from_the_top(kernel: Kernel) -> None:
    # A fresh kernel is what a restart leaves: nothing imported, no check().
    status, outputs = kernel.run('check("00.1", signing_date)')
    shown = _errors(outputs)
    assert "`check` is not defined yet" in shown and "Run All Cells" in shown
    assert not any(raw in shown for raw in RAW)
    assert status == "error"  # outside an exercise, an error still stops Run All


@pytest.mark.slow
def test_python_full_report_is_one_command_away(kernel: Kernel) -> None:
    kernel.run("{}['missing']")
    _, outputs = kernel.run("%tb")
    assert "KeyError" in _errors(outputs) and "Traceback" in _errors(outputs)


@pytest.mark.slow
def test_in_an_exercise_an_answer_error_is_explained_and_run_all_goes_on(
        kernel: Kernel) -> None:
    status, _ = kernel.run("from nato_russia import data\nfrom nato_russia.checks import check"
                           "\n\ncourse = data.load()")
    assert status == "ok"
    status, outputs = kernel.run('signing_date = course.evnts["date"].iloc[0]')
    shown = _errors(outputs)
    assert status == "ok", "an explained error must not stop Run All"
    assert "line 1" in shown and "no attribute 'evnts'" in shown
    assert not any(raw in shown for raw in RAW)
    status, outputs = kernel.run('check("00.1", signing_date)')
    assert status == "ok" and "`signing_date` has no value yet" in _errors(outputs)


@pytest.mark.slow
def test_a_written_answer_needs_no_quotes(kernel: Kernel) -> None:
    kernel.run("from nato_russia.checks import check")
    status, outputs = kernel.run(f"%%answer weighing\n{PROSE}\n{PROSE}")
    assert status == "ok" and not outputs
    _, outputs = kernel.run('check("00.6", weighing)')
    assert outputs[0]["text"].startswith("📝 00.6 Answer noted")
    status, outputs = kernel.run(PROSE)  # the same text without its %%answer line
    assert "This cell holds text" in _errors(outputs) and "%%answer" in _errors(outputs)


@pytest.mark.slow
def test_stopping_a_cell_still_stops_run_all(kernel: Kernel) -> None:
    kernel.run("from nato_russia.checks import check")
    status, outputs = kernel.run("raise KeyboardInterrupt")
    assert status == "error" and "KeyboardInterrupt" in _errors(outputs)


@pytest.mark.slow
def test_charts_show_even_when_the_shell_chose_a_file_backend(tmp_path: Path) -> None:
    kernel = Kernel(tmp_path, MPLBACKEND="Agg")
    try:
        status, outputs = kernel.run("import matplotlib.pyplot as plt\n"
                                     "fig, ax = plt.subplots()\nax.bar([1, 2], [3, 4]);")
    finally:
        kernel.stop()
    assert status == "ok"
    assert any("image/png" in o.get("data", {}) for o in outputs), outputs


# --------------------------------------------------------------------------- nbclient


@pytest.mark.slow
def test_run_all_with_two_broken_answers_reaches_every_check(
        broken_exercise: Callable[[Path], Path], tmp_path: Path) -> None:
    path = broken_exercise(tmp_path)
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError if Run All stopped at an error
    checks = {check_ids(c.source)[0]: c for c in notebook.cells if check_ids(c.source)}
    assert all(cell.execution_count for cell in notebook.cells if cell.cell_type == "code")

    def shown(cell: nbformat.NotebookNode) -> str:
        text = "".join(o.get("text", "") + " ".join(o.get("traceback", []))
                       for o in cell.outputs)
        return " ".join(text.split())

    assert "`signing_date` has no value yet" in shown(checks["00.1"])
    assert shown(checks["00.2"]).startswith("✅ 00.2 Correct!")
    assert "`members_added` has no value yet" in shown(checks["00.3"])
    for question in ("00.4", "00.5", "00.6"):
        assert "Not answered yet" in shown(checks[question])
    errors = [o for c in notebook.cells for o in c.get("outputs", [])
              if o.output_type == "error"]
    assert len(errors) == 4  # two answer cells and their two checks
    for error in errors:
        assert not any(raw in line for line in error.traceback for raw in RAW)
