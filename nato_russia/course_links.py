"""Every web link in the course's files, with where it is: one reading of each file.

The sources policy is checked over these links (``tests/test_hosts.py``) and ``make links``
fetches them (:mod:`nato_russia.linkcheck`). A link is found in the lessons, exercises and
solutions (markdown and code cells; outputs only repeat the dataset), the glossary, the
instructor pages, the start page of the reader's edition, the README and the dataset.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_GLOBS = ("notebooks/*.ipynb", "exercises/*.ipynb", "solutions/*.ipynb")
TEXT_GLOBS = ("notebooks/glossary.md", "instructors/*.md", "site/index.md", "README.md")
DATASET = "data/nato_russia.json"
DATASET_TABLES = ("sources", "documents")
# A dotted host is required, so that a template such as "https://..." is not taken for a link.
URL = re.compile(r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#][^\s)\]>\"'`]*)?")
MARKDOWN_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])+)\]\((https?://[^)\s]+)\)")
TRAILING = ".,;:!?"
# How much text after a link counts as said beside it: a label such as " (archived snapshot)".
BESIDE = 60


@dataclass(frozen=True)
class Link:
    """A link: the file (relative to the course), where in it, the address, the words it is
    written with (empty for a bare address or a record) and the text just after it."""

    file: str
    where: str
    url: str
    words: str = ""
    after: str = ""

    @property
    def place(self) -> str:
        """Where the link is, as a reader would look for it: ``file (where)``."""
        return f"{self.file} ({self.where})"


def _found(text: str) -> Iterator[tuple[int, str, str, str]]:
    """Each link in ``text``: where it starts, its address, its words, the text after it."""
    taken: list[tuple[int, int]] = []
    for found in MARKDOWN_LINK.finditer(text):
        taken.append(found.span())
        after = text[found.end():found.end() + BESIDE].split("\n\n")[0]
        yield found.start(), found[2], found[1], after
    for found in URL.finditer(text):
        if any(start <= found.start() < end for start, end in taken):
            continue
        yield found.start(), found[0].rstrip(TRAILING), "", text[found.end():found.end() + BESIDE]


def links_in_text(text: str, file: str, where: str) -> Iterator[Link]:
    """The markdown links and bare addresses in ``text``."""
    for _, url, words, after in _found(text):
        yield Link(file, where, url, words, after)


def notebook_links(path: Path, root: Path = ROOT) -> Iterator[Link]:
    """The links in a notebook's markdown and code cells, each placed by its cell number."""
    file = str(path.relative_to(root))
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    for number, cell in enumerate(cells, start=1):
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        yield from links_in_text(text, file, f"cell {number}")


def text_links(path: Path, root: Path = ROOT) -> Iterator[Link]:
    """The links in a markdown file, each placed by its line number."""
    file = str(path.relative_to(root))
    text = path.read_text(encoding="utf-8")
    for start, url, words, after in _found(text):
        yield Link(file, f"line {text.count(chr(10), 0, start) + 1}", url, words, after)


def dataset_links(path: Path, root: Path = ROOT) -> Iterator[Link]:
    """The address of every source and document record, placed by table and id."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    for table in DATASET_TABLES:
        for record in raw.get(table, []):
            if isinstance(record, dict) and isinstance(record.get("url"), str):
                yield Link(str(path.relative_to(root)), f"{table} {record.get('id')}",
                           record["url"])


def course_links(root: Path = ROOT) -> list[Link]:
    """Every link in the course's files, each file read once."""
    found: list[Link] = []
    for pattern in NOTEBOOK_GLOBS:
        for path in sorted(root.glob(pattern)):
            found.extend(notebook_links(path, root))
    for pattern in TEXT_GLOBS:
        for path in sorted(root.glob(pattern)):
            found.extend(text_links(path, root))
    if (root / DATASET).exists():
        found.extend(dataset_links(root / DATASET, root))
    return found
