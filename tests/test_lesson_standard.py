"""The standard every lesson is held to (issue 8): what can be checked by a machine, is.

- no markdown cell of a lesson runs over the word limit outside folded ``<details>`` blocks;
  a lesson's own narrative on its main path (its markdown outside them, block quotations left
  out) stays within 2,000 words, and the main path with its quotations under 3,000 (issue 19:
  quotations of the voices do not count against the cap, the course's own telling does);
- a term of the course glossary is defined or linked to the glossary at its first use, and
  every link into the glossary lands on one of its headings;
- no production notes ("the course's fact-check notes", "could not be checked") reach a reader;
- the fact sheet, the course's source, is linked from each lesson's "Weigh the source";
- each story lesson has its voices and asks the student before giving the course's reading.

Lessons written later are held to the same rules: the tests run over every lesson there is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from course_files import ROOT, notebooks

LESSONS = notebooks("notebooks")
SOLUTIONS = notebooks("solutions")
GLOSSARY = ROOT / "notebooks" / "glossary.md"
WORD_LIMIT = 300

DETAILS = re.compile(r"<details>.*?</details>", re.S)
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
TAG = re.compile(r"<[^>]+>")
GLOSSARY_LINK = re.compile(r"\]\((?:\.\./notebooks/)?glossary\.md#([^)\s]*)\)")
PRODUCTION = re.compile(
    r"fact-check|course's researchers|research notes|production note"
    r"|could not (?:be )?(?:check|retriev|confirm|verif|open|found)"
    r"|(?:was|were) not (?:retrieved|checked|confirmed|opened)|\bTODO\b|\bFIXME\b|\bTBD\b",
    re.I,
)


def _markdown(path: Path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]


# The label the sources policy puts at the end of a link's words ("[AFP, copy](...)"): apparatus,
# like the address, so a lesson is not pushed over its limit by labelling its sources.
SOURCE_LABEL = re.compile(r", (?:copy|archived snapshot|state media|think tank|advocacy group|"
                          r"advocacy site|pro-Kremlin relay)$")


def words(text: str) -> int:
    """Words a reader sees: link text without its address or source label, no HTML tags."""
    visible = TAG.sub(" ", LINK.sub(lambda m: SOURCE_LABEL.sub("", m.group(1)), text))
    return len(re.findall(r"[\w’'-]+", visible))


def main_path(cell: str) -> str:
    """A markdown cell without its folded blocks."""
    return DETAILS.sub(" ", cell)


# --------------------------------------------------------------------------- the glossary


def glossary_terms() -> dict[str, str]:
    """Each heading of the glossary (an abbreviation) and the expansion in bold beneath it."""
    text = GLOSSARY.read_text(encoding="utf-8")
    terms = {}
    for match in re.finditer(r"^## (\S+)\s*\n+\*\*(.+?)\.?\*\*", text, re.M):
        terms[match.group(1)] = match.group(2)
    return terms


def _normal(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text).strip().lower()


def first_use_problem(cells: list[str], term: str, expansion: str) -> str | None:
    """Say what is wrong with the first use of ``term`` in these cells, or None if all is well.

    The first use must be a link to the glossary entry, or follow the spelled-out name:
    "North Atlantic Council (NAC)". Headings (a title cannot carry a link) and quotations
    (verbatim, so they cannot carry one either) are not counted as uses.
    """
    pattern = re.compile(rf"(?<![A-Za-z]){re.escape(term)}(?![A-Za-z])")
    for cell in cells:
        prose = "\n".join(line for line in cell.splitlines()
                           if not line.startswith("#") and not line.lstrip().startswith(">"))
        # Addresses are not prose: blank them out, keeping every other character in place.
        body = re.sub(r"\]\([^)]*\)", lambda m: "](" + " " * (len(m.group(0)) - 3) + ")", prose)
        found = pattern.search(body)
        if not found:
            continue
        start, end = found.span()
        linked = prose[max(0, start - 1):start] == "[" and prose[end:].startswith(
            f"](glossary.md#{term})")
        before = _normal(body[max(0, start - len(expansion) - 40):start])
        spelled = _normal(expansion) in before
        if linked or spelled:
            return None
        context = body[max(0, start - 60):end + 20].replace("\n", " ")
        return f"first use of {term} neither linked nor spelled out: …{context}…"
    return None


def test_the_glossary_has_one_heading_per_abbreviation_in_order() -> None:
    terms = glossary_terms()
    headings = re.findall(r"^## (.+)$", GLOSSARY.read_text(encoding="utf-8"), re.M)
    assert headings == list(terms), "every heading is one term with its expansion in bold"
    assert headings == sorted(headings, key=str.lower), "alphabetical, so a reader finds them"
    assert len(terms) >= 15


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_glossary_terms_are_defined_or_linked_at_first_use(path: Path) -> None:
    cells = _markdown(path)
    problems = [problem for term, expansion in glossary_terms().items()
                if (problem := first_use_problem(cells, term, expansion))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", [*LESSONS, *SOLUTIONS], ids=[
    f"{p.parent.name}/{p.name}" for p in [*LESSONS, *SOLUTIONS]])
def test_every_glossary_link_lands_on_a_heading(path: Path) -> None:
    terms = glossary_terms()
    for cell in _markdown(path):
        for anchor in GLOSSARY_LINK.findall(cell):
            assert anchor in terms, f"{path.name} links to glossary.md#{anchor}, no such heading"


def test_glossary_links_between_entries_land_on_headings() -> None:
    terms = glossary_terms()
    for anchor in re.findall(r"\]\(#([^)\s]*)\)", GLOSSARY.read_text(encoding="utf-8")):
        assert anchor in terms, f"glossary.md links to #{anchor}, no such heading"


def test_the_first_use_check_catches_what_it_should() -> None:
    name = "North Atlantic Council"
    assert first_use_problem(["the [NAC](glossary.md#NAC) met"], "NAC", name) is None
    assert first_use_problem(["the North Atlantic Council (NAC) met"], "NAC", name) is None
    assert first_use_problem(["# 02 · NAC\n\nthe NAC met"], "NAC", name)
    assert first_use_problem(["> “the NAC decided”\n\nthe [NAC](glossary.md#NAC)"], "NAC",
                             name) is None
    assert first_use_problem(["the NAC met", "[NAC](glossary.md#NAC)"], "NAC", name)
    assert first_use_problem(["[NAC](glossary.md#NACC)"], "NAC", name)
    assert first_use_problem(["see [a NAC page](https://example.org/NAC)"], "NAC", name)


# --------------------------------------------------------------------------- length


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_no_markdown_cell_runs_over_the_limit_outside_folded_blocks(path: Path) -> None:
    long = [(index, words(main_path(cell))) for index, cell in enumerate(_markdown(path))
            if words(main_path(cell)) > WORD_LIMIT]
    assert not long, (f"{path.name}: markdown cells over {WORD_LIMIT} words outside <details> "
                      f"(cell, words): {long}; fold a side story or split the cell")


# Every lesson by its file name, so lessons added later (07, 08, a capstone) are held to it too.
LESSON_FILES = sorted((ROOT / "notebooks").glob("0*.ipynb"))
NARRATIVE_LIMIT = 2000
MAIN_PATH_LIMIT = 3000


def main_path_words(cells: list[str]) -> int:
    """Words of a lesson's main path: its markdown outside folded ``<details>``, quotations in."""
    return sum(words(main_path(cell)) for cell in cells)


def narrative_words(cells: list[str]) -> int:
    """Words of the course's own telling: the main path without its block-quotation lines."""
    return sum(words("\n".join(line for line in main_path(cell).splitlines()
                               if not line.lstrip().startswith(">")))
               for cell in cells)


@pytest.mark.parametrize("path", LESSON_FILES, ids=[p.name for p in LESSON_FILES])
def test_the_narrative_stays_within_two_thousand_words(path: Path) -> None:
    count = narrative_words(_markdown(path))
    assert count <= NARRATIVE_LIMIT, (
        f"{path.name}: the course's own narrative on the main path is {count} words, over "
        f"{NARRATIVE_LIMIT} (markdown outside <details>, block quotations left out); say it "
        "shorter, or move a side story into a folded '<details><summary>Going further: ..."
        "</summary>' block")


@pytest.mark.parametrize("path", LESSON_FILES, ids=[p.name for p in LESSON_FILES])
def test_the_main_path_with_its_quotations_stays_under_three_thousand_words(path: Path) -> None:
    count = main_path_words(_markdown(path))
    assert count < MAIN_PATH_LIMIT, (
        f"{path.name}: main path is {count} words with its quotations, not under "
        f"{MAIN_PATH_LIMIT}; shorten a quotation or fold a side story")


def test_the_main_path_count_adds_cells_and_skips_folded_blocks() -> None:
    cells = ["# Title\n\nOne two.", "> “a quoted line”\n\n<details><summary>Going further: x"
             "</summary>many folded words here</details>"]
    assert main_path_words(cells) == 6
    assert LESSON_FILES, "the lessons are found by their file names"


def test_the_narrative_leaves_out_quotations_but_keeps_their_attribution() -> None:
    cells = ["Before.\n\n> “three quoted words”\n>\n> “two more”\n\n— Someone, 1990",
             "<details><summary>Going further</summary>folded</details> after"]
    assert narrative_words(cells) == 4
    assert main_path_words(cells) == 9


def test_the_word_count_ignores_addresses_tags_and_folded_text() -> None:
    assert words("see [the text](https://www.nato.int/a_b.htm) here") == 4
    assert words("([AFP, copy](https://a.org/1); [TASS, state media](https://tass.com/2))") == 2
    assert words(main_path("one <details><summary>Going further</summary>two three"
                           "</details> four")) == 2


# --------------------------------------------------------------------------- production notes


@pytest.mark.parametrize("path", [*LESSONS, *SOLUTIONS], ids=[
    f"{p.parent.name}/{p.name}" for p in [*LESSONS, *SOLUTIONS]])
def test_no_production_notes_reach_a_reader(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        found = PRODUCTION.search(cell.source)
        assert not found, f"{path.name}, cell {index}: {found.group(0)!r} is a note about " \
                          "how the course was made; say what a reader can do instead"


def test_the_glossary_has_no_production_notes() -> None:
    assert not PRODUCTION.search(GLOSSARY.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the source


def fact_sheet_url() -> str:
    raw = json.loads((ROOT / "data" / "nato_russia.json").read_text(encoding="utf-8"))
    source = raw["meta"]["source_document"]
    (url,) = [s["url"] for s in raw["sources"] if s["id"] == source]
    return str(url)


def section(cells: list[str], heading: str) -> str:
    """The markdown from a ``## heading`` up to the next ``## `` heading."""
    text = "\n".join(cells)
    match = re.search(rf"^## {re.escape(heading)}\b.*?(?=^## |\Z)", text, re.M | re.S)
    return match.group(0) if match else ""


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_the_fact_sheet_is_linked_where_the_lesson_weighs_it(path: Path) -> None:
    weigh = section(_markdown(path), "Weigh the source")
    assert weigh, f"{path.name} has no '## Weigh the source'"
    assert f"]({fact_sheet_url()})" in weigh, (
        f"{path.name}: link the fact sheet ({fact_sheet_url()}) in 'Weigh the source'")


# --------------------------------------------------------------------------- voices


# Lesson 00 introduces; the capstone (09) is a project whose voices the student brings; the
# warm-up (10) teaches first steps in Python.
STORY_LESSONS = [p for p in LESSONS if not p.name.startswith(("00_", "09_", "10_"))]


@pytest.mark.parametrize("path", STORY_LESSONS, ids=[p.name for p in STORY_LESSONS])
def test_voices_are_heard_and_the_student_answers_first(path: Path) -> None:
    cells = _markdown(path)
    text = "\n".join(cells)
    voices = re.search(r"^##+ [^\n]*\bvoices\b[^\n]*$.*?(?=^## |\Z)", text, re.M | re.S | re.I)
    assert voices, f"{path.name} has no section of voices"
    linked = {url for _, url in LINK.findall(voices.group(0)) if url.startswith("http")}
    assert len(linked) >= 4, f"{path.name}: the voices need evidence, each linked"
    turn = text.lower().find("your turn")
    reading = re.search(r"<details>\s*<summary>[^<]*reading", text, re.I)
    assert turn >= 0 and reading, f"{path.name}: a 'your turn' and a folded course's reading"
    assert turn < reading.start(), "the student decides before reading the course's answer"
