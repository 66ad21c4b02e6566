"""Every date written in a lesson's prose, or in the glossary, is a date the dataset holds."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from course_files import ROOT, notebooks

from nato_russia import data

LESSONS = notebooks("notebooks")
# The glossary is read beside the lessons: its dates must trace to the dataset too.
PROSE = [*LESSONS, ROOT / "notebooks" / "glossary.md"]
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
MONTH = "|".join(MONTHS)
# "27 May 1997", "10-11 January 1994", "5–6 July 1990"
DAY_DATE = re.compile(rf"\b(\d{{1,2}})(?:\s*[-–]\s*(\d{{1,2}}))?\s+({MONTH})\s+(\d{{4}})\b")
# "May 1995", not preceded by a day
MONTH_DATE = re.compile(rf"(?<![\d–-])(?<![\d–-] )\b({MONTH})\s+(\d{{4}})\b")
# US order and ordinals, which the course does not use: "May 27, 1997", "27th May"
US_DATE = re.compile(rf"\b({MONTH})\s+\d{{1,2}},\s*\d{{4}}")
ORDINAL = re.compile(rf"\b\d{{1,2}}(st|nd|rd|th)\s+({MONTH})\b")


def known_dates(course: data.Course) -> tuple[set[str], set[str]]:
    """Return the days and the months the dataset holds, as ``YYYY-MM-DD`` and ``YYYY-MM``."""
    days: set[pd.Timestamp] = set()
    months: set[str] = set()
    events = course.events
    exact = events[events["date_precision"] == "day"]
    days |= set(exact["date"]) | set(events["end_date"].dropna())
    for row in events.itertuples():
        # A meeting over several days covers each of them.
        if pd.notna(row.end_date):
            days |= set(pd.date_range(row.date, row.end_date))
    monthly = events[events["date_precision"] == "month"]
    months |= set(monthly["date"].dt.strftime("%Y-%m"))
    days |= set(course.documents["date"]) | set(course.accessions["date"])
    # Period boundaries are the course's own cuts, not historical dates, so they do not count.
    days |= set(course.areas["began"].dropna()) | set(course.areas["stopped"].dropna())
    day_strings = {d.strftime("%Y-%m-%d") for d in days}
    months |= {d[:7] for d in day_strings}
    return day_strings, months


def prose(path: Path) -> str:
    """The markdown of a notebook (or a markdown file), without its blockquotes.

    Quotations are checked elsewhere, against the documents they come from.
    """
    if path.suffix == ".md":
        sources = [path.read_text(encoding="utf-8")]
    else:
        notebook = nbformat.read(path, as_version=4)
        sources = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    lines = [line for source in sources for line in source.splitlines()
             if not line.lstrip().startswith(">")]
    return "\n".join(lines)


def undated(text: str, days: set[str], months: set[str]) -> list[str]:
    """Return the dates written in ``text`` that the dataset does not hold."""
    missing = []
    for match in DAY_DATE.finditer(text):
        first, last, month, year = match.groups()
        number = MONTHS.index(month) + 1
        for day in filter(None, (first, last)):
            iso = f"{year}-{number:02d}-{int(day):02d}"
            if iso not in days:
                missing.append(f"{match.group(0)} ({iso})")
    for match in MONTH_DATE.finditer(DAY_DATE.sub("", text)):
        month, year = match.groups()
        iso = f"{year}-{MONTHS.index(month) + 1:02d}"
        if iso not in months:
            missing.append(f"{match.group(0)} ({iso})")
    return missing


@pytest.fixture(scope="module")
def dates() -> tuple[set[str], set[str]]:
    return known_dates(data.load())


def test_the_scanner_finds_dates_it_should() -> None:
    days, months = {"1997-05-27", "1994-01-10", "1994-01-11"}, {"1995-05"}
    assert undated("signed on 27 May 1997 in Paris", days, months) == []
    assert undated("met on 10-11 January 1994", days, months) == []
    assert undated("held on 12–13 January 1994", days, months) == [
        "12–13 January 1994 (1994-01-12)", "12–13 January 1994 (1994-01-13)"]
    assert undated("from May 1995 to June 1995", days, months) == ["June 1995 (1995-06)"]
    assert undated("in 1995, and in 2001", days, months) == []


@pytest.mark.parametrize("path", PROSE, ids=[p.name for p in PROSE])
def test_every_date_in_a_lesson_is_in_the_dataset(
    path: Path, dates: tuple[set[str], set[str]]
) -> None:
    text = prose(path)
    missing = undated(text, *dates)
    assert not missing, f"{path.name} writes dates the dataset does not hold: {missing}"


@pytest.mark.parametrize("path", PROSE, ids=[p.name for p in PROSE])
def test_dates_are_written_one_way(path: Path) -> None:
    text = prose(path)
    assert not US_DATE.search(text), "write dates as '27 May 1997'"
    assert not ORDINAL.search(text), "write dates as '27 May 1997', without ordinals"
