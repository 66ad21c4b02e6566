"""nbgrader metadata for the cells of a solution notebook.

nbgrader recognises a solution cell by ``"solution": true`` in the cell's ``nbgrader``
metadata, a read-only cell by ``"locked": true`` and an autograder test by ``"grade":
true`` with its ``points``; each needs a unique ``grade_id``. Authors never write these
by hand: ``python -m nato_russia.authoring --execute`` sets them from the question numbers, so
an instructor can take ``solutions/`` into nbgrader unchanged.

The check cell of an automatically marked question is an autograder test worth one point
per question: under nbgrader's autograder, ``check`` raises when the answer is not right
(see :mod:`nato_russia.checks`), which is how nbgrader scores a test. Written questions
are not tests. The exercise keeps the same metadata, so a copy handed out from
``exercises/`` matches nbgrader's checksums of the check cells.
"""

from __future__ import annotations

import nbformat

from nato_russia.authoring.solution_blocks import check_ids, has_solution
from nato_russia.questions import QUESTIONS
from nato_russia.questions.question_types import WrittenQuestion

SCHEMA_VERSION = 3


def _slug(question_id: str) -> str:
    return question_id.replace(".", "_")


def points(question_ids: list[str]) -> int:
    """The nbgrader points of a check cell: one per automatically marked question."""
    return sum(1 for q in question_ids
               if q in QUESTIONS and not isinstance(QUESTIONS[q], WrittenQuestion))


def expected_metadata(notebook: nbformat.NotebookNode) -> list[dict | None]:
    """The nbgrader metadata each cell should carry (None: no nbgrader metadata).

    A cell with solution markers is an answer cell, named after the question checked in
    it or in the next code cell; a code cell that calls ``check`` is a locked check cell,
    and a test worth a point per question it checks that is marked automatically.
    """
    result: list[dict | None] = []
    cells = notebook.cells
    for index, cell in enumerate(cells):
        if has_solution(cell.source) and cell.cell_type != "raw":
            ids = check_ids(cell.source)
            if not ids:
                following = next((c for c in cells[index + 1:] if c.cell_type == "code"), None)
                ids = check_ids(following.source) if following is not None else []
            grade_id = f"answer_{_slug(ids[0])}" if ids else f"answer_cell_{index + 1}"
            result.append({"grade": False, "grade_id": grade_id, "locked": False,
                           "schema_version": SCHEMA_VERSION, "solution": True})
        elif cell.cell_type == "code" and check_ids(cell.source):
            grade_id = "check_" + "_and_".join(_slug(q) for q in check_ids(cell.source))
            worth = points(check_ids(cell.source))
            meta = {"grade": worth > 0, "grade_id": grade_id, "locked": True,
                    "schema_version": SCHEMA_VERSION, "solution": False}
            if worth:
                meta["points"] = worth
            result.append(meta)
        else:
            result.append(None)
    return result


def apply(notebook: nbformat.NotebookNode) -> None:
    """Set every cell's nbgrader metadata to what :func:`expected_metadata` says."""
    for cell, meta in zip(notebook.cells, expected_metadata(notebook), strict=True):
        if meta is None:
            cell.metadata.pop("nbgrader", None)
        else:
            cell.metadata["nbgrader"] = nbformat.from_dict(meta)


def problems(notebook: nbformat.NotebookNode) -> list[str]:
    """Describe cells whose nbgrader metadata differs from what it should be."""
    found = []
    stale = [str(index + 1) for index, (cell, meta) in
             enumerate(zip(notebook.cells, expected_metadata(notebook), strict=True))
             if cell.metadata.get("nbgrader") != meta]
    if stale:
        found.append(f"cell{'s' if len(stale) > 1 else ''} {', '.join(stale)}")
    grade_ids = [m["grade_id"] for m in expected_metadata(notebook) if m]
    duplicates = sorted({g for g in grade_ids if grade_ids.count(g) > 1})
    if duplicates:
        found.append(f"grade_id used twice: {', '.join(duplicates)} (one check per question)")
    return found
