"""A link to a document-sharing site is said to be a copy, in the lesson and in the record.

The sources policy sends readers to a text at its issuer or publisher (or an archived snapshot of
that page). Where no such address was found and a copy on a sharing site is all there is, the
reader must be told it is a copy: in the words of the link, and in the record's note.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from course_files import notebook_id, notebooks

from nato_russia import data

SHARING = re.compile(r"https?://(?:[\w-]+\.)*(docslib\.org|scribd\.com|wikisource\.org|"
                     r"cyberjournal\.org|yumpu\.com|vdocuments\.\w+|paperzz\.com)/")
LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
LESSONS = notebooks()


@pytest.mark.parametrize("path", LESSONS, ids=[notebook_id(p) for p in LESSONS])
def test_a_copy_on_a_sharing_site_is_called_a_copy(path: Path) -> None:
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        for words, url in LINK.findall(cell.source):
            if SHARING.match(url):
                assert "copy" in words.lower(), f"{path.name}: say that {url} is a copy"


def test_the_records_of_the_copies_the_lessons_link_say_so(course: data.Course) -> None:
    linked = {url for p in LESSONS for cell in nbformat.read(p, as_version=4).cells
              if cell.cell_type == "markdown" for _, url in LINK.findall(cell.source)}
    copies = course.sources[course.sources["url"].isin(linked)
                            & course.sources["url"].str.match(SHARING)]
    assert len(copies), "the lessons link no copy: this test has nothing left to hold"
    for row in copies.itertuples():
        said = f"{row.publisher} {row.note if isinstance(row.note, str) else ''}".lower()
        assert "copy" in said, f"{row.id}: its note should say it is a copy, and why"
