"""The walkthrough benchmark's counting and arithmetic, on a tiny notebook (no browser).

``bench/walkthrough.py`` works through lessons in JupyterLab and turns what it counted into
minutes; here the counting it does on the page's visible text, and the sum it makes of it,
are checked by hand on a notebook small enough to count.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from test_benchmarks import _load

from nato_russia import timing

walkthrough = _load("walkthrough")

FIRST = "# Tiny\n\nA lesson of two cells. Three questions, about 10-15 minutes."
QUESTION = ("## 1.1 · A date\n\nOpen the [Declaration](https://example.org/d) and find its "
            "date. Then open the course's reading.\n\n<details>\n<summary>Hint</summary>\n\n"
            "Open the Declaration again: the date is at the top.\n\n</details>")
ANSWER = "### BEGIN SOLUTION\nsigned = course.events.iloc[0]\n### END SOLUTION\n"
WRITTEN = "%%answer argument\n### BEGIN SOLUTION\nThe record supports the second account.\n" \
          "### END SOLUTION\n"


def _visible(markdown: str, folds_open: bool) -> str:
    """What the page shows of a markdown cell: link targets, tags and markers gone, a fold's
    body only once it is open."""
    if not folds_open:
        markdown = re.sub(r"(<summary>.*?</summary>).*?</details>", r"\1", markdown, flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "", markdown)
    return re.sub(r"<[^>]+>|^#+ |\[", "", text, flags=re.M)


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(FIRST), nbformat.v4.new_markdown_cell(QUESTION),
        nbformat.v4.new_code_cell(ANSWER), nbformat.v4.new_code_cell(WRITTEN)])
    path = tmp_path / "tiny.ipynb"
    nbformat.write(notebook, path)
    return path


def test_words_documents_and_minutes_of_a_tiny_notebook(tiny: Path) -> None:
    tally = walkthrough.Tally("tiny", walkthrough.stated_range(tiny))
    assert tally.stated == (10, 15)
    cells = nbformat.read(tiny, as_version=4).cells
    for cell in cells[:2]:
        tally.add_markdown(_visible(cell.source, False), _visible(cell.source, True))
    # Counted by hand: "Tiny A lesson of two cells. Three questions, about 10-15 minutes."
    # is 11 words; the heading "1.1 · A date" 3 (the dot between has no letter), the two
    # sentences 12, the hint's summary 1 and its body 10.
    assert walkthrough.count_words(_visible(FIRST, True)) == 11
    assert tally.read == 11 + 3 + 12 + 1 + 10
    # One document asked for: the hint names it again and the course's reading is a fold.
    assert tally.documents == ["Open the Declaration and find its date."]

    code = walkthrough.typed_part(cells[2].source)
    assert code == "signed = course.events.iloc[0]\n"
    assert walkthrough.typed_words(code, prose=False) == 6  # 30 characters, five a word
    assert walkthrough.typed_words(walkthrough.typed_part(cells[3].source), prose=True) == 6
    assert walkthrough.solution_text(cells[3].source) == (
        "%%answer argument\nThe record supports the second account.\n")

    tally.typed = 6 + 6
    tally.printed = 100
    tally.seconds = {"cells": 30.0, "open": 6.0}
    words = tally.read + 100
    expected = timing.Minutes(words / 200 + 12 / 30 + 3 + 0.6, words / 150 + 12 / 20 + 5 + 0.6)
    assert tally.minutes().low == pytest.approx(expected.low)
    assert tally.minutes().high == pytest.approx(expected.high)


def test_an_end_more_than_ten_percent_off_is_reported() -> None:
    # 600 words typed are 20 minutes at 30 a minute and 30 at 20: the stated range exactly.
    exact = walkthrough.Tally("exact", (20, 30), typed=600)
    assert exact.minutes() == timing.Minutes(20, 30)
    assert exact.ends() == (0, 0) and exact.within()
    near = walkthrough.Tally("near", (20, 30), typed=600, seconds={"open": 90.0})
    assert near.ends() == pytest.approx((0.075, 0.05)) and near.within()
    off = walkthrough.Tally("off", (20, 30), typed=600, seconds={"open": 150.0})
    assert off.ends() == pytest.approx((0.125, 1 / 12)) and not off.within()
    under = walkthrough.Tally("under", (20, 30), seconds={"cells": 60 * 20.0})
    assert under.ends() == pytest.approx((0, -1 / 3)) and not under.within()
