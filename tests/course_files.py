"""Where the course's files are: one definition for every test module instead of a copy each."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import nbformat

from nato_russia.questions.readers import word_count

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "solutions", "exercises")


def passed_stamp(name: str, inputs: Iterable[bytes]) -> Path:
    """Where a slow test records in .venv/ that it passed for these inputs (named by their hash).

    The test skips while the stamp exists and touches it after a pass, so it runs again only
    when an input changes; CI's clean clone has no stamps, so it always runs there.
    """
    digest = hashlib.sha256()
    for part in inputs:
        digest.update(part)
    return ROOT / ".venv" / f".{name}-{digest.hexdigest()[:16]}"


def notebooks(*folders: str) -> list[Path]:
    """The ``.ipynb`` files of the given folders (default: lessons, solutions, exercises)."""
    return sorted(p for folder in folders or FOLDERS for p in (ROOT / folder).glob("*.ipynb"))


def notebook_id(path: Path) -> str:
    """A notebook's test id: its path inside the course, such as ``notebooks/00_intro...``."""
    return str(path.relative_to(ROOT))


_LINK = re.compile(r"\]\(([^)\s]+)\)")


def relative_links(cells: list[Any], folder: Path) -> Iterator[tuple[str, Path]]:
    """Each relative link of the markdown cells, with the file it leads to from ``folder``.

    Web addresses and in-page anchors (``#top``) are left out.
    """
    for cell in cells:
        if cell.cell_type != "markdown":
            continue
        for target in _LINK.findall(cell.source):
            parsed = urlparse(target)
            if parsed.scheme or target.startswith("#"):
                continue
            yield target, (folder / unquote(parsed.path)).resolve()


# --------------------------------------------------------------------------- exercise questions

_SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
_HINT = re.compile(r"<summary>💡 Hint</summary>(.*?)</details>", re.S)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10}


@functools.cache
def _solution_cells(lesson: str) -> tuple[Any, ...]:
    [path] = [p for p in notebooks("solutions") if p.name.startswith(lesson)]
    return tuple(nbformat.read(path, as_version=4).cells)


def question_cells(question: str) -> list[Any]:
    """A question's cells in its solution notebook: its heading ``## 01.6 · `` up to the next
    heading."""
    cells = _solution_cells(question[:2])
    start = next(i for i, c in enumerate(cells) if c.source.startswith(f"## {question} · "))
    end = next((i for i in range(start + 1, len(cells)) if cells[i].source.startswith("## ")),
               len(cells))
    return list(cells[start:end])


def model_answer(question: str) -> str:
    """A written question's model answer (its ``%%answer`` cell's solution), spaces folded."""
    for cell in question_cells(question):
        block = _SOLUTION.search(cell.source)
        if cell.cell_type == "code" and block and cell.source.startswith("%%answer"):
            return " ".join(block.group(1).split())
    raise AssertionError(f"{question}: no %%answer cell with a model answer")


def folded_hint(question: str) -> str:
    """The question's folded hint (in its heading's cell or one after it), or ``""``."""
    for cell in question_cells(question):
        found = _HINT.search(cell.source)
        if cell.cell_type == "markdown" and found:
            return found.group(1)
    return ""


def answer_length(question: str, answer: str) -> tuple[int, int, int, str]:
    """An answer's length beside the length its prompt asks for: ``(size, low, high, unit)``,
    such as ``(178, 150, 200, "words")``; sentences when the prompt asks for sentences."""
    prompt = question_cells(question)[0].source
    number = r"(\d+|" + "|".join(_NUMBERS) + r")"
    found = re.search(rf"{number}(?: to |-){number} (sentences|words)", prompt, re.I)
    assert found, f"{question}: the prompt asks for no length"

    def value(text: str) -> int:
        return int(text) if text.isdigit() else _NUMBERS[text.lower()]

    unit = found.group(3)
    # A sentence: a stop (closing quotes and brackets after it) before a capital or the end.
    size = (len(re.findall(r"[.!?](?:[\"”')]*)(?=\s+[A-Z\"“'(]|\s*$)", answer))
            if unit == "sentences" else word_count(answer))
    return size, value(found.group(1)), value(found.group(2)), unit
