"""``%%answer name``: a cell of plain text that becomes the variable ``name``.

A written answer is prose, and prose in a Python string fights the code cell: quotes to
keep balanced, and text typed outside them is a SyntaxError. With the magic, the cell is::

    %%answer weighing
    The fact sheet was written by ...

and running it stores the text (without the first line) in ``weighing``, for the check
cell below. The answer stays in the notebook as the cell's source, where a grader reads
it too. nbgrader's solution markers, which solution notebooks wrap around the model
answer, are not part of the text.
"""

from __future__ import annotations

import keyword
from typing import Any

from IPython.core.error import UsageError

# The solution markers (nato_russia.authoring.solution_blocks), spelt here so the kernel does
# not import the authoring tools.
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
USAGE = ("Write the answer's name after %%answer, as in `%%answer weighing`: the name the "
         "check cell below uses")


def answer_text(cell: str) -> str:
    """The text of an answer cell's body: marker lines dropped, outer blank lines trimmed."""
    lines = [line.rstrip() for line in cell.splitlines() if line.strip() not in MARKERS]
    return "\n".join(lines).strip()


def register(shell: Any) -> None:
    """Make ``%%answer`` available in a running IPython shell."""

    def answer(line: str, cell: str) -> None:
        name = line.strip()
        if not name:
            raise UsageError(f"{USAGE}.")
        if not name.isidentifier() or keyword.iskeyword(name):
            raise UsageError(f"{USAGE}; {name!r} cannot be a name in Python.")
        shell.user_ns[name] = answer_text(cell)

    answer.__doc__ = __doc__
    shell.register_magic_function(answer, magic_kind="cell", magic_name="answer")
