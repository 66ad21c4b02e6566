"""No markdown cell repeats ten words of the fact sheet outside quotation marks.

The course quotes official documents, marked as quotations, and tells everything else in its own
words. The fact sheet is read through fingerprints of its 10-word runs (``own_words``), so the
test runs in any clone; against ``../shared`` it also checks that the fingerprints are current.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from course_files import ROOT, notebook_id, notebooks
from own_words import (
    SHINGLES_FILE,
    digest,
    fact_sheet_shingles,
    render,
    runs,
    shared_runs,
    stored_shingles,
)

SEEDS = ROOT.parent / "shared" / "seeds"
SETTLED = notebooks()


@pytest.fixture(scope="module")
def shingles() -> set[str]:
    return stored_shingles()


@pytest.mark.parametrize("path", SETTLED, ids=[notebook_id(p) for p in SETTLED])
def test_no_markdown_cell_repeats_ten_words_of_the_fact_sheet(
    path: Path, shingles: set[str]
) -> None:
    notebook = nbformat.read(path, as_version=4)
    copied = [
        f"cell {n}: {run!r}"
        for n, cell in enumerate(notebook.cells)
        if cell.cell_type == "markdown"
        for run in shared_runs(cell.source, shingles)
    ]
    assert not copied, "quote these as the fact sheet's words, or say them in the course's own:\n" \
        + "\n".join(copied)


def test_the_fingerprints_are_those_of_the_fact_sheet() -> None:
    files = sorted(SEEDS.glob("000_*.txt")) if SEEDS.is_dir() else []
    if not files:
        pytest.skip("the source document (../shared/seeds) is not beside this checkout")
    sheet = files[0].read_text(encoding="utf-8")
    assert SHINGLES_FILE.read_text(encoding="utf-8") == render(fact_sheet_shingles(sheet))


def test_the_fingerprint_file_holds_no_readable_prose(shingles: set[str]) -> None:
    assert len(shingles) > 500
    assert all(re.fullmatch(r"[0-9a-f]{16}", line) for line in shingles)


def test_a_run_counts_only_outside_quotation_marks() -> None:
    sentence = "one two three four five six seven eight nine ten eleven"
    known = {digest(run) for run in runs(sentence)}
    assert len(known) == 2
    assert shared_runs(f"As we said, {sentence}.", known)
    assert not shared_runs(f"As the sheet put it, “{sentence}”.", known)
    assert not shared_runs(f'As the sheet put it, "{sentence}".', known)
    assert not shared_runs(f"> “{sentence}”\n\n— the sheet", known)
    assert not shared_runs(f"The title is *{sentence.title()}*.", known)
    # Punctuation and case do not hide a run, and a quotation in the middle cuts it.
    assert shared_runs(sentence.upper().replace(" ", ", "), known)
    assert not shared_runs("one two three four five “six” seven eight nine ten eleven", known)
