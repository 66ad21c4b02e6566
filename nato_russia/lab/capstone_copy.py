"""The student's own copy of the capstone, in ``my_work/``, made once like the exercises.

The lesson (``notebooks/09_capstone_extend_the_dataset.ipynb``) is read-only and runs in the
course's tests, so it cannot hold cells that write the student's file or the student's
justification. Its last section shows those cells as code blocks in markdown cells tagged
``student-copy-code``; the copy turns each into a code cell the student runs and edits.
Cells tagged ``lesson-only`` (the pointer to the copy) are left out of the copy, relative
links are rewritten so that they work from ``my_work/``, and the code cells start without
outputs, as the exercises' copies do.
"""

from __future__ import annotations

import json
import re
from typing import Any

LESSON_FOLDER = "notebooks"
CAPSTONE = "09_capstone_extend_the_dataset.ipynb"
COPY_NAME = "09_capstone_mine.ipynb"
TO_CODE = "student-copy-code"
LESSON_ONLY = "lesson-only"
_FENCE = re.compile(r"^```[a-z]*\n(?P<code>.*?)\n```\s*$", re.DOTALL)
_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def relink(markdown: str, folder: str = LESSON_FOLDER) -> str:
    """Rewrite the relative links of a lesson's markdown to work from ``my_work/``.

    A link to a file beside the lesson (``08_synthesis_epilogue.ipynb``,
    ``glossary.md#NATO``) gains ``../notebooks/``; a link that already climbs out of the
    lesson's folder (``../data/README.md``) works unchanged from the sibling ``my_work/``.
    """

    def fix(match: re.Match[str]) -> str:
        target = match["target"]
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith(("#", "/", "../")):
            return match.group(0)
        return f"](../{folder}/{target})"

    return _LINK.sub(fix, markdown)


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _code_cell(cell: dict[str, Any], code: str) -> dict[str, Any]:
    tags = [t for t in cell.get("metadata", {}).get("tags", []) if t != TO_CODE]
    return {"cell_type": "code", "execution_count": None, "id": cell.get("id", ""),
            "metadata": {"tags": tags} if tags else {}, "outputs": [], "source": code}


def student_copy(lesson: bytes) -> bytes:
    """The student's capstone made from the lesson's file.

    Parameters
    ----------
    lesson
        The lesson notebook's bytes.

    Returns
    -------
    bytes
        The copy, as a notebook file.

    Raises
    ------
    ValueError
        When a ``student-copy-code`` cell holds no single fenced code block.
    """
    notebook = json.loads(lesson)
    cells = []
    for cell in notebook["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if LESSON_ONLY in tags:
            continue
        if TO_CODE in tags:
            fenced = _FENCE.match(_source(cell).strip())
            if fenced is None:
                raise ValueError(f"a {TO_CODE} cell of {CAPSTONE} holds no code block")
            cells.append(_code_cell(cell, fenced["code"]))
            continue
        if cell["cell_type"] == "markdown":
            cell = {**cell, "source": relink(_source(cell))}
        elif cell["cell_type"] == "code":  # a fresh start, as an exercise's copy has
            cell = {**cell, "outputs": [], "execution_count": None}
        cells.append(cell)
    notebook["cells"] = cells
    return (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
