"""Read, clean and write notebook files for the course's build commands.

One error type, :class:`NotebookError`, names the file and the cell, so the
command line can print one readable line instead of a traceback. Cleaning removes
what would only be noise in git and in review: editor and kernel metadata, widget
state, execution timing.
"""

from __future__ import annotations

import copy
import hashlib
import json
import warnings
from pathlib import Path
from typing import Any

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# Exactly what the course's kernel reports (nato_russia.kernel leaves out Python's version,
# which differs from machine to machine). JupyterLab writes the kernel's report into an open
# notebook; storing the same keeps an untouched notebook from turning "unsaved".
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}
# "mystnb" carries a picture's alt text for the reader's edition, where a plain matplotlib
# figure (the warm-up draws one, as students do) has no description of its own.
CELL_METADATA = ("tags", "nbgrader", "editable", "deletable", "mystnb")
# A widget view refers to kernel-side state that is not stored; JupyterLab would show
# "Error displaying widget: model not found" for it. The view is dropped and the output's
# other forms (the explorers' static figure, its text) are kept.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class NotebookError(Exception):
    """A notebook cannot be read or processed; the message names the file and cell."""

    def __init__(self, path: Path | str, message: str, cell: int | None = None,
                 source: str = ""):
        where = str(path)
        if cell is not None:
            where += f", cell {cell + 1}"
            first = next((line.strip() for line in source.splitlines() if line.strip()), "")
            if first:
                where += f" ({first[:40]}{'...' if len(first) > 40 else ''})"
        super().__init__(f"{where}: {message}")


def read(path: Path) -> nbformat.NotebookNode:
    """Read a notebook, turning every failure into a NotebookError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise NotebookError(path, f"cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise NotebookError(path, "is not UTF-8 text") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(
            path, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        raise NotebookError(path, "is not a Jupyter notebook (no list of cells)")
    if raw.get("nbformat") != 4:
        raise NotebookError(path, f"has nbformat {raw.get('nbformat')!r}; version 4 is needed")
    _give_ids(raw, path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(json.dumps(raw), as_version=4)
        nbformat.validate(notebook)
    except nbformat.ValidationError as exc:
        raise NotebookError(path, f"is not a valid notebook: {exc.message}") from None
    except Exception as exc:  # nbformat's own reader: any failure is a bad file
        raise NotebookError(path, f"is not a valid notebook: {exc}") from None
    return notebook


def _give_ids(raw: dict[str, Any], path: Path) -> None:
    """Give cells without an id a stable one (nbformat would pick a random one)."""
    minor = raw.get("nbformat_minor")
    raw["nbformat_minor"] = max(minor if isinstance(minor, int) else 0, 5)
    for index, cell in enumerate(raw["cells"]):
        if not isinstance(cell, dict):
            raise NotebookError(path, "is not a valid notebook: a cell is not an object", index)
        if not cell.get("id"):
            digest = hashlib.sha1(f"{path.name}:{index}".encode()).hexdigest()
            cell["id"] = digest[:8]


def dumps(notebook: nbformat.NotebookNode) -> str:
    """Serialise a notebook exactly as Jupyter saves it, so saving it again changes nothing."""
    return nbformat.writes(notebook, version=4) + "\n"


def write(notebook: nbformat.NotebookNode, path: Path) -> None:
    """Write a notebook, through a temporary file so a failure never leaves half a file."""
    text = dumps(notebook)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def clean_metadata(notebook: nbformat.NotebookNode) -> None:
    """Keep only the metadata that means something to a reader or a tool.

    Notebook level: the Python 3 kernelspec and the language description the course's
    kernel reports, without Python's version (it changes with every machine that runs it).
    Cell level: tags, nbgrader fields and the editable/deletable locks. Outputs lose
    widget views whose state is not stored.
    """
    notebook.metadata = nbformat.from_dict({
        "kernelspec": dict(KERNELSPEC),
        "language_info": copy.deepcopy(LANGUAGE_INFO),
    })
    for cell in notebook.cells:
        cell.metadata = nbformat.from_dict(
            {k: v for k, v in cell.metadata.items() if k in CELL_METADATA})
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data")
            if isinstance(data, dict) and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                if not data:
                    continue
            kept.append(output)
        cell.outputs = kept


def clear_outputs(notebook: nbformat.NotebookNode) -> None:
    """Remove every output and execution count."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
