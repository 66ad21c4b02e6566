"""Where the course's files are: one definition for every test module instead of a copy each."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "solutions", "exercises")


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
