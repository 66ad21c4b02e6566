"""Every block quotation in a lesson is a record's words, linked where the record says it is read.

A quotation changed in the dataset (a better text found, a link replaced) must change in the
lesson too, and the other way round: each ``> “…”`` is checked word for word against the
quotations in ``data/nato_russia.json``, and the attribution line under it (``— …``) must link
the quoted document's address or the address of a source the record cites.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from course_files import notebook_id, notebooks

from nato_russia import data

# A block quotation (one or more "> " lines) and the attribution line that follows it.
BLOCK = re.compile(r"((?:^>[^\n]*\n?)+)\s*\n— ([^\n]*)", re.M)
QUOTED = re.compile(r"“(.*?)”", re.S)
LINK = re.compile(r"\]\((https?://[^)\s]+)\)")
LESSONS = notebooks("notebooks")


def blocks(path: Path) -> list[tuple[str, set[str]]]:
    """Each quoted passage of a lesson's block quotations, with the links of its attribution."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        for block in BLOCK.finditer(cell.source):
            quoted = " ".join(line.lstrip(">").strip() for line in block[1].splitlines())
            found += [(text, set(LINK.findall(block[2]))) for text in QUOTED.findall(quoted)]
    return found


def addresses(course: data.Course, text: str) -> set[str]:
    """Where the records holding ``text`` say it can be read: documents and cited sources."""
    source_url = dict(zip(course.sources["id"], course.sources["url"], strict=True))
    documents = course.documents.set_index("id")
    urls: set[str] = set()
    holding = course.quotations[course.quotations["text"].str.contains(text, regex=False)]
    for row in holding.itertuples():
        document = documents.loc[row.document]
        cited = [*row.sources, *document["sources"]]
        urls |= {document["url"], *(source_url[s] for s in cited)}
    return urls


@pytest.mark.parametrize("path", LESSONS, ids=[notebook_id(p) for p in LESSONS])
def test_block_quotations_are_records_and_link_them(path: Path, course: data.Course) -> None:
    for text, links in blocks(path):
        places = addresses(course, text)
        assert places, f"{path.name}: “{text[:60]}…” is not word for word a quotation record"
        assert links & places, (
            f"{path.name}: “{text[:60]}…” should link its document or a cited source, "
            f"one of {sorted(places)}")


def test_the_lessons_quote_in_blocks() -> None:
    # The parser must find the quotations it checks: lessons 01-04 hold two dozen of them.
    found = [b for p in LESSONS if p.name[:2] in {"01", "02", "03", "04"} for b in blocks(p)]
    assert len(found) >= 20
    assert all(links for _, links in found)
