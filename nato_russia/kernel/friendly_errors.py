"""A cell's error told in a sentence that says what to do, instead of a traceback.

IPython calls :func:`show` for every ``Exception`` a cell raises, syntax errors included
(installed with ``InteractiveShell.set_custom_exc``). The sentence is built by
:func:`explain` from the error, its traceback and the cell's source, and shown as the
cell's error output, so it still looks like an error and tools still see one. Python's
full report stays one command away: ``%tb``.

In an exercise notebook (once :mod:`nato_russia.checks` is imported), an explained error
also lets *Run All* go on: the cell's reply says it ran, so JupyterLab and nbclient carry on
to the next check cell instead of stopping the whole notebook at one slip. Interrupting a
cell (``KeyboardInterrupt``) still stops it.
"""

from __future__ import annotations

import builtins
import difflib
import keyword
import linecache
import re
import sys
import textwrap
from dataclasses import dataclass
from types import TracebackType
from typing import Any

WIDTH = 72  # characters: fits the output area of a 1000 x 700 window
SYMBOL = "⚠️"
FULL_REPORT = "(Python's full report of this error: run %tb in a new cell.)"
FROM_THE_TOP = "run the notebook from the top: Run > Run All Cells."
# Names the first code cell of a lesson or an exercise defines. Missing after a restart.
FIRST_CELL_NAMES = frozenset({"check", "data", "course", "explore", "charts", "pd", "plt"})
CHECK_CELL = re.compile(r"""\bcheck\(\s*["'](\d{2}\.\d+)["']\s*,\s*([A-Za-z_]\w*)\s*\)""")
ANSWER_MAGIC = re.compile(r"^%%answer\b")
# A line of prose: words, spaces and punctuation, and no symbol that only code would use.
_PROSE_LINE = re.compile(r"[\w'’\"“”,.;:!?()\- ]+")
_PROSE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
HINTS = {
    "KeyError": "A KeyError means that what is in square brackets is not there: check its "
                "spelling against the table's columns (for a table t, t.columns lists them).",
    "AttributeError": "An AttributeError means the name after the dot is not something that "
                      "object has: check its spelling.",
    "TypeError": "A TypeError means a value of the wrong kind was used, for example text "
                 "where a number or a date was needed.",
    "ValueError": "A ValueError means a value of the right kind could not be used as it is.",
    "IndexError": "An IndexError means a position past the end of a list or a table was "
                  "asked for.",
    "ModuleNotFoundError": "The kernel cannot find this package: start the course as the "
                           "README says, so that notebooks run with the course's Python.",
}


@dataclass
class _State:
    """What the handler needs between a cell's start and its end, for one shell."""

    keep_going: bool = False
    cell: str = ""
    explained: BaseException | None = None


_STATES: dict[int, _State] = {}


def _paragraphs(*texts: str) -> list[str]:
    """Wrap each paragraph; the first carries the warning symbol."""
    lines: list[str] = []
    for number, text in enumerate(t for t in texts if t):
        lines.append(textwrap.fill(text, WIDTH, initial_indent=f"{SYMBOL} " if number == 0
                                   else "   ", subsequent_indent="   "))
    return lines


def _short(line: str, limit: int = 60) -> str:
    line = line.strip()
    return line if len(line) <= limit else line[:limit - 3].rstrip() + "..."


def _python_says(error: BaseException) -> str:
    message = str(error).strip()
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _similar(name: str, namespace: dict[str, Any]) -> list[str]:
    known = [n for n in namespace if not n.startswith("_") and n not in ("In", "Out")]
    known += [n for n in dir(builtins) if not n.startswith("_")]
    return difflib.get_close_matches(name, known, n=1, cutoff=0.75)


def _name_error(error: NameError, cell: str, namespace: dict[str, Any]) -> list[str]:
    name = getattr(error, "name", None) or ""
    if not name:
        found = re.search(r"name '(\w+)' is not defined", str(error))
        name = found.group(1) if found else ""
    if name in FIRST_CELL_NAMES:
        return _paragraphs(
            f"`{name}` is not defined yet: the notebook's first cells have not run since the "
            "kernel started (a restart makes Python forget every cell it ran). "
            f"Go back and {FROM_THE_TOP}")
    checked = {answer for _, answer in CHECK_CELL.findall(cell)}
    if name in checked:
        return _paragraphs(
            f"`{name}` has no value yet, so there is nothing to check. Run its answer cell, "
            "just above, first; if that cell shows an error, correct it and run it again, "
            "then run this check.",
            f"After a kernel restart, {FROM_THE_TOP}")
    similar = _similar(name, namespace) if name else []
    guess = f" Did you mean `{similar[0]}`?" if similar else ""
    return _paragraphs(
        f"`{name or 'a name'}` is not defined.{guess} Check its spelling, or run the cell "
        f"that defines it first. After a kernel restart, {FROM_THE_TOP}",
        FULL_REPORT)


def _code_lines(cell: str) -> list[str]:
    return [line for line in cell.splitlines()
            if line.strip() and not line.lstrip().startswith(("#", "%"))]


def looks_like_prose(line: str) -> bool:
    """Tell whether a line reads as sentences rather than code."""
    text = line.strip()
    words = _PROSE_WORD.findall(text)
    if len(words) < 4 or len(text.split()) < 4 or not _PROSE_LINE.fullmatch(text):
        return False
    if keyword.iskeyword(words[0]) and words[0] not in ("In", "As", "If", "Not", "And"):
        return False  # "for x in y" and its kind are code, even without symbols
    return len(" ".join(words)) >= 0.6 * len(text)


def _syntax_error(error: SyntaxError, cell: str) -> list[str]:
    line = (error.text or "").strip("\n")
    if looks_like_prose(line) or any(looks_like_prose(text) for text in _code_lines(cell)):
        if '"""' in cell or "'''" in cell:
            advice = ("keep every word of your answer between the two sets of triple quotes, "
                      '"""like this"""')
        else:
            advice = ("make `%%answer name` the first line of the cell (the name the check "
                      "below uses, such as `%%answer weighing`) and write your text under "
                      "it, with no quotes")
        return _paragraphs(
            "This cell holds text, but a code cell only reads Python. To answer in words, "
            f"{advice}. Then run the cell again.")
    where = f"line {error.lineno} of this cell" if error.lineno else "this cell"
    shown = f", `{_short(line)}`" if line.strip() else ""
    message = (error.msg or "invalid syntax").rstrip(".")
    return _paragraphs(
        f"Python could not read {where}{shown}: {message}. Nothing in the cell ran; correct "
        "that line and run the cell again.",
        "Look for a bracket or a quote opened and not closed, or a missing comma, "
        "colon or operator."
        if message.startswith(("invalid syntax", "unterminated", "'", "unexpected EOF",
                               "expected")) else "")


def _failing_line(tb: TracebackType | None) -> tuple[int, str]:
    """The line of the cell's own code where the error happened, and its text."""
    if tb is None:
        return 0, ""
    frames = []
    while tb is not None:
        frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    # The first frame is IPython running the cell; the next one is the cell itself.
    if len(frames) < 2:
        return 0, ""
    cell_file = frames[1][0]
    number = [line for file, line in frames if file == cell_file][-1]
    return number, linecache.getline(cell_file, number).strip()


def _runtime_error(error: BaseException, tb: TracebackType | None) -> list[str]:
    if type(error).__name__ == "DatasetError":  # the course's own message says it all
        return _paragraphs(str(error), FULL_REPORT)
    number, line = _failing_line(tb)
    where = f" at line {number}, `{_short(line)}`" if number and line else ""
    hint = next((text for name, text in HINTS.items()
                 if name in {c.__name__ for c in type(error).__mro__}), "")
    return _paragraphs(
        f"This cell stopped with an error{where}. Python says: {_python_says(error)}",
        hint,
        "Correct the cell and run it again. " + FULL_REPORT)


def explain(error: BaseException, tb: TracebackType | None = None, cell: str = "",
            namespace: dict[str, Any] | None = None) -> list[str]:
    """Say in a few sentences what went wrong in a cell and what to do.

    Parameters
    ----------
    error
        The exception the cell raised.
    tb
        Its traceback, to find the cell's line that failed.
    cell
        The cell's source.
    namespace
        The user's variables, to suggest a name close to a misspelt one.

    Returns
    -------
    list of str
        The message, one line per item, ready to show as the cell's error output.
    """
    if isinstance(error, NameError) and not isinstance(error, UnboundLocalError):
        return _name_error(error, cell, namespace or {})
    if isinstance(error, SyntaxError):
        return _syntax_error(error, cell)
    if type(error).__name__ == "UsageError":  # IPython's own: a magic used wrongly
        unknown = re.match(r"Cell magic `%%(\w+)` not found", str(error))
        close = unknown and difflib.get_close_matches(unknown.group(1), ["answer"], cutoff=0.6)
        return _paragraphs(str(error), "A written answer starts with the line "
                                       "`%%answer name`." if close else "")
    return _runtime_error(error, tb)


def show(shell: Any, etype: type[BaseException], value: BaseException,
         tb: TracebackType | None, tb_offset: int | None = None) -> None:
    """IPython's custom exception handler: show the explanation as the cell's error."""
    state = _STATES.setdefault(id(shell), _State())
    try:
        lines = explain(value, tb, state.cell, getattr(shell, "user_ns", {}))
    except Exception:  # noqa: BLE001 - never let the explanation hide the error itself
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return
    # What %tb shows, and pdb uses: the error itself, not this handler's.
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    state.explained = value
    shell._showtraceback(etype, value, lines)  # noqa: SLF001 - how a kernel publishes errors


def _remember_cell(shell: Any) -> Any:
    def pre_run_cell(info: Any) -> None:
        state = _STATES.setdefault(id(shell), _State())
        state.cell = getattr(info, "raw_cell", "") or ""
        state.explained = None
    return pre_run_cell


def _carry_on(shell: Any) -> Any:
    def post_run_cell(result: Any) -> None:
        state = _STATES.get(id(shell))
        if state is None or not state.keep_going or result is None:
            return
        explained = state.explained
        if explained is not None and explained in (result.error_in_exec,
                                                   result.error_before_exec):
            # Reported as run, so Run All goes on; the error output stays in the cell.
            result.error_in_exec = None
            result.error_before_exec = None
    return post_run_cell


def install(shell: Any, keep_going: bool = False) -> None:
    """Explain errors in this shell's cells; with ``keep_going``, let Run All go on.

    Parameters
    ----------
    shell
        The running ``InteractiveShell``.
    keep_going
        Report an explained error as a cell that ran (for exercise notebooks). Once on,
        it stays on until the kernel restarts.
    """
    state = _STATES.get(id(shell))
    if state is None:
        state = _STATES[id(shell)] = _State()
        shell.set_custom_exc((Exception,), show)
        shell.events.register("pre_run_cell", _remember_cell(shell))
        shell.events.register("post_run_cell", _carry_on(shell))
    state.keep_going = state.keep_going or keep_going
