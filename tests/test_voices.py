"""Each story lesson quotes on its main path NATO's side, Russia's side and a voice beyond both.

Issue 19: a student who reads only what is unfolded must meet each side in its own words. A
voice is read from the dataset, never from the wording: each block quotation outside a folded
``<details>`` is matched, word for word, to the quotation records that hold it (the same match
``test_lesson_quotations`` makes), and the record's document says whose voice it is.

- NATO's side: ``nato`` or ``allied-government``;
- Russia's side: ``russia`` (the Soviet Union's records included);
- beyond the two: ``central-eastern-europe``, ``partner-state``, ``international-body`` or
  ``scholarship``. A ``joint`` text is neither side's and counts for none of the three.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from course_files import ROOT
from test_lesson_quotations import BLOCK, QUOTED
from test_lesson_standard import main_path

from nato_russia import data

# The story lessons: 00 introduces the course and 09 is the capstone.
STORY_LESSONS = ("01", "02", "03", "04", "05", "06", "07", "08")

NATO_SIDE = frozenset({"nato", "allied-government"})
RUSSIA_SIDE = frozenset({"russia"})
BEYOND = frozenset({"central-eastern-europe", "partner-state", "international-body", "scholarship"})
NEITHER = frozenset({"joint"})


def lesson(number: str) -> Path:
    """The lesson notebook whose file name starts with ``number``."""
    (path,) = sorted((ROOT / "notebooks").glob(f"{number}_*.ipynb"))
    return path


def main_path_quotations(cells: list[str]) -> list[str]:
    """Each quoted passage of the block quotations outside folded ``<details>`` blocks."""
    found = []
    for cell in cells:
        for block in BLOCK.finditer(main_path(cell)):
            quoted = " ".join(line.lstrip(">").strip() for line in block[1].splitlines())
            found += QUOTED.findall(quoted)
    return found


def voices(course: data.Course, passages: list[str]) -> dict[str, set[str]]:
    """Each passage with the voices of the quotation records that hold it word for word."""
    return {text: set(course.quotations.loc[
        course.quotations["text"].str.contains(text, regex=False), "voice"])
        for text in passages}


def markdown(path: Path) -> list[str]:
    return [cell.source for cell in nbformat.read(path, as_version=4).cells
            if cell.cell_type == "markdown"]


@pytest.mark.parametrize("number", STORY_LESSONS)
def test_the_main_path_quotes_both_sides_and_a_voice_beyond_them(
        number: str, course: data.Course) -> None:
    path = lesson(number)
    heard = voices(course, main_path_quotations(markdown(path)))
    unmatched = [text[:60] for text, found in heard.items() if not found]
    assert not unmatched, f"{path.name}: block quotations that are no quotation record: {unmatched}"
    every = set().union(*heard.values())
    assert every & NATO_SIDE, f"{path.name}: no quotation of NATO or an Ally on the main path"
    assert every & RUSSIA_SIDE, f"{path.name}: no quotation of Russia or the USSR on the main path"
    assert every & BEYOND, (
        f"{path.name}: no voice from beyond the two on the main path (one of {sorted(BEYOND)}); "
        f"it quotes {sorted(every)}")


def test_every_voice_of_the_schema_is_placed_on_a_side() -> None:
    # A voice added to the schema later must be placed here, or it could count for nothing.
    schema = json.loads((ROOT / "data" / "schema.json").read_text(encoding="utf-8"))
    allowed = set(schema["$defs"]["voice"]["enum"])
    sides = [NATO_SIDE, RUSSIA_SIDE, BEYOND, NEITHER]
    assert allowed == set().union(*sides)
    assert sum(len(side) for side in sides) == len(allowed), "each voice on one side only"


def test_folded_quotations_do_not_count_and_main_path_ones_do() -> None:
    cells = ["Intro.\n\n> “heard on the path”\n\n— Someone ([text](https://example.org/a))",
             "<details><summary>Going further</summary>\n\n> “only in a fold”\n\n"
             "— Someone else ([text](https://example.org/b))\n\n</details>"]
    assert main_path_quotations(cells) == ["heard on the path"]


def test_a_voice_is_read_from_the_record_not_the_wording(course: data.Course) -> None:
    record = course.quotations.set_index("id").loc["q-kozyrev-not-only-expansion"]
    assert voices(course, [record["text"]]) == {record["text"]: {"russia"}}
    assert voices(course, ["words no record holds"]) == {"words no record holds": set()}


def test_central_and_east_european_governments_speak_in_three_documents(
        course: data.Course) -> None:
    # Issue 19: at least three documents of their own, quoted somewhere in the course.
    own = course.documents[course.documents["voice"] == "central-eastern-europe"]
    quoted = set(course.quotations["document"])
    assert len(set(own["id"]) & quoted) >= 3
