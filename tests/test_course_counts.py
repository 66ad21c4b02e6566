"""No count of notebooks, lessons or events in a lesson's prose differs from the course's own.

A sentence such as "the course has nine notebooks" or "some seventy events" goes stale the day a
notebook or a record is added. Every number written just before "notebooks", "lessons" or
"events" in a markdown cell is read here and compared with the course: the notebooks in
``notebooks/``, the lessons they hold, the events in the dataset. A number about a subset is
checked against that subset: "the twelve events of 1997-2001" against the events of those years,
and the few phrases listed in ``SUBSETS`` against the records each names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from course_files import ROOT, notebook_id, notebooks

from nato_russia import data

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
VALUES = {word: n for n, word in enumerate(UNITS)} | {w: 20 + 10 * i for i, w in enumerate(TENS)}
NUMBER = rf"\d{{1,3}}|(?:{'|'.join(TENS)})(?:-(?:{'|'.join(UNITS[1:10])}))?|{'|'.join(UNITS)}"
# A number written just before the noun: "nine notebooks", "93 events", "ninety-three events".
# Years (four digits) are not counts, and "lessons 01 to 07" puts the number after the noun.
CLAIM = re.compile(rf"(?<![\w-])({NUMBER})\s+(notebooks|lessons|events)\b", re.I)
# "the twelve events of 1997-2001", "the five events the dataset holds for 1994-1996"
YEARS = re.compile(r"\s*(?:the dataset holds\s+)?(?:of|for|in)\s+(\d{4})(?:\s*[-–]\s*(\d{4}))?")

Course = data.Course
# Phrases whose number counts a subset the words name, each with the records it counts. Keep
# this list short: a subset named by years is checked by YEARS without being listed here.
SUBSETS: dict[str, Callable[[Course], int]] = {
    # Lesson 01's explorer prompt: the NACC meeting and Yeltsin's letter, both 20 December 1991.
    "events that fall on the same day in December 1991": lambda c: int(
        (c.events["date"] == "1991-12-20").sum()
    ),
    # Lesson 04's caption lists the period's events by signal: these are the ones coded 0.
    "neutral events (0)": lambda c: int(
        ((c.events["period"] == "p04") & (c.events["signal"] == 0)).sum()
    ),
    # Lesson 04 reads its crosstab: the first half of the period, 2002-2004.
    "events with a mean signal of 0 in the first half": lambda c: int(
        ((c.events["period"] == "p04") & (c.events["year"] <= 2004)).sum()
    ),
    # Lesson 06 reads the events of 2010-2013 the fact sheet is silent about.
    "events because the sheet is silent about them": lambda c: int(
        ((c.events["period"] == "p06") & ~c.events["in_source_document"]).sum()
    ),
    # Exercise 04.4 names the period's arms-control events.
    "events of 2002-2007 are arms control": lambda c: int(
        ((c.events["period"] == "p04") & (c.events["kind"] == "arms_control")).sum()
    ),
}


def value(number: str) -> int:
    """The integer a number written in digits or in English words stands for."""
    if number.isdigit():
        return int(number)
    tens, _, unit = number.lower().partition("-")
    return VALUES[tens] + (VALUES[unit] if unit else 0)


def claims(text: str) -> list[tuple[int, str, str]]:
    """Each count in ``text``: its value, the noun it counts and the words after the number."""
    return [
        (value(m[1]), m[2].lower(), text[m.start(2) : m.end(2) + 60]) for m in CLAIM.finditer(text)
    ]


def expected(course: Course, noun: str, context: str) -> tuple[int, str]:
    """What the course says the count should be, and which count that is."""
    for phrase, count in SUBSETS.items():
        if context.lower().startswith(phrase.lower()):
            return count(course), f"the subset {phrase!r}"
    if noun in ("notebooks", "lessons"):
        return len(list((ROOT / "notebooks").glob("*.ipynb"))), f"the {noun} in notebooks/"
    years = YEARS.match(context, len(noun))
    if years:
        first, last = int(years[1]), int(years[2] or years[1])
        within = course.events["year"].between(first, last)
        return int(within.sum()), f"the events of {first}-{last}"
    return len(course.events), "the events in the dataset"


def mismatches(course: Course, text: str) -> list[str]:
    """Every count in ``text`` that differs from the course's own, described."""
    found = []
    for number, noun, context in claims(text):
        right, what = expected(course, noun, context)
        if number != right:
            found.append(f"{number} {context!r}: {what} number {right}")
    return found


def markdown(path: Path) -> str:
    notebook = nbformat.read(path, as_version=4)
    return "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


SETTLED = notebooks()


@pytest.mark.parametrize("path", SETTLED, ids=[notebook_id(p) for p in SETTLED])
def test_every_count_in_the_prose_is_the_course_own(path: Path, course: Course) -> None:
    wrong = mismatches(course, markdown(path))
    assert not wrong, "\n".join(wrong)


def test_the_counts_are_read_as_written(course: Course) -> None:
    assert claims("The course has nine notebooks and ninety-three events.") == [
        (9, "notebooks", "notebooks and ninety-three events."),
        (93, "events", "events."),
    ]
    assert claims("lessons 01 to 07; in 2014 events moved fast") == []
    total = len(course.events)
    assert mismatches(course, f"It holds some {total + 1} events.")
    assert not mismatches(course, f"It holds {total} events.")
    in_1999 = int((course.events["year"] == 1999).sum())
    assert not mismatches(course, f"the {in_1999} events of 1999")
    assert mismatches(course, f"the {in_1999 + 1} events of 1999")


def test_each_subset_phrase_is_still_in_a_lesson() -> None:
    # An entry whose phrase no lesson uses any more is a stale exemption: remove it.
    text = "\n".join(markdown(p) for p in SETTLED).lower()
    assert all(phrase.lower() in text for phrase in SUBSETS)

def test_the_course_counts_its_notebooks_as_the_table_of_lesson_00_lists_them() -> None:
    # Lesson 00 gives no number: its table has one row per notebook, so the table is the count.
    rows = re.findall(r"^\| (\d\d) \|", markdown(ROOT / "notebooks" / "00_introduction.ipynb"),
                      flags=re.M)
    listed = {"00", *rows}
    on_disk = {p.name[:2] for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert listed == on_disk


def test_the_subset_counts_are_computed_not_typed(course: Course) -> None:
    counts = [count(course) for count in SUBSETS.values()]
    assert all(isinstance(n, int) and n > 0 for n in counts)
    assert pd.Series(counts).le(len(course.events)).all()
