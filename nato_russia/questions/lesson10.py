"""Questions of the warm-up (notebook 10): first steps in Python on the course's events.

The warm-up is numbered 10 although it comes before lesson 00's exercises: every part of the
course (the check cells, the grader, the exercise builder, the student copies) reads a lesson
as two digits and a question as "NN.k", and 00 to 09 are taken. Each question practises one
step the warm-up teaches (sorting, filtering, counting, charting) on the events table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.question_types import (
    BarChartQuestion,
    DateQuestion,
    NamesQuestion,
    NumberQuestion,
    Question,
)
from nato_russia.questions.readers import format_date

# The year 10.3 asks about: the year of the crisis that lesson 07 covers.
CRISIS_YEAR = 2014
# The signal's scale, lowest first: the bars of 10.5 in this order, an empty value as 0.
SIGNALS = list(range(-2, 3))

Answer = TypeVar("Answer")


def _apart_from(right: object, mistakes: Sequence[tuple[Answer, str]]
                ) -> list[tuple[Answer, str]]:
    """Keep the slips that differ from the right answer: a new record can make two agree."""
    return [(wrong, hint) for wrong, hint in mistakes if wrong != right]


def _by_date(course: Course) -> pd.DataFrame:
    return course.events.sort_values("date")


def _first_day(course: Course) -> dt.date:
    """The date of the earliest event in the dataset."""
    return _by_date(course)["date"].iloc[0].date()


def _mentioned(course: Course) -> int:
    """How many events the fact sheet mentions."""
    return int(course.events["in_source_document"].sum())


def _in_year(course: Course, year: int) -> int:
    return int((course.events["year"] == year).sum())


def _kinds(course: Course) -> pd.Series:
    """Events per kind, most common first."""
    return course.events["kind"].value_counts()


def _top_kinds(course: Course, number: int) -> list[str]:
    """The names of the ``number`` most common kinds of event."""
    return [str(kind) for kind in _kinds(course).index[:number]]


def _per_signal(course: Course) -> list[int]:
    """Events per signal value, from -2 to +2, a value without events as 0."""
    counts = course.events["signal"].value_counts().reindex(SIGNALS, fill_value=0)
    return [int(n) for n in counts]


QUESTIONS: list[Question] = [
    DateQuestion(
        id="10.1",
        stars=1,
        task="lookup",
        template="earliest date after sorting",
        about="the date of the earliest event in the dataset",
        expected=_first_day,
        praise=lambda c: (
            f"The dataset opens on {format_date(_first_day(c))}: "
            f"{_by_date(c)['title'].iloc[0]!r}. Lesson 01 begins there."
        ),
        mistakes=lambda c: _apart_from(_first_day(c), [
            (_by_date(c)["date"].iloc[-1].date(),
             "That is the latest event. sort_values puts the earliest first unless you ask "
             "for ascending=False; read the first row, not the last."),
        ]),
        hint="Sort the events by their date column, then read the date in the first row.",
    ),
    NumberQuestion(
        id="10.2",
        stars=1,
        task="compute",
        template="count the rows a True/False column keeps",
        about="the number of events the fact sheet mentions",
        expected=_mentioned,
        praise=lambda c: (
            f"The fact sheet mentions {_mentioned(c)} of the {len(c.events)} events. The rest "
            "are events the course chose to add, so the count describes that choice too."
        ),
        mistakes=lambda c: _apart_from(_mentioned(c), [
            (len(c.events), "That is every event. Keep only the rows whose "
             "in_source_document is True, then count them."),
            (int((~c.events["in_source_document"]).sum()),
             "That counts the events the fact sheet leaves out. You want the ones it "
             "mentions: the rows where in_source_document is True."),
        ]),
        hint="The column in_source_document holds True or False for each event. Keep the "
        "rows where it is True, then count them with len.",
    ),
    NumberQuestion(
        id="10.3",
        stars=2,
        task="compute",
        template="count the rows of one year",
        about=f"the number of events in {CRISIS_YEAR}",
        expected=lambda c: _in_year(c, CRISIS_YEAR),
        praise=lambda c: (
            f"{_in_year(c, CRISIS_YEAR)} events in {CRISIS_YEAR}, more than in any other "
            "year of the dataset: lesson 07 tells that year's story."
            if _in_year(c, CRISIS_YEAR) == c.events["year"].value_counts().max()
            else f"{_in_year(c, CRISIS_YEAR)} events in {CRISIS_YEAR}: lesson 07 tells "
            "that year's story."
        ),
        mistakes=lambda c: _apart_from(_in_year(c, CRISIS_YEAR), [
            (len(c.events), "That is every event. Keep only the rows whose year is "
             f"{CRISIS_YEAR} before you count."),
            (_in_year(c, CRISIS_YEAR - 1),
             f"That is the count for {CRISIS_YEAR - 1}. Check the year in your filter."),
            (_in_year(c, CRISIS_YEAR + 1),
             f"That is the count for {CRISIS_YEAR + 1}. Check the year in your filter."),
        ]),
        hint=f"Compare the year column with {CRISIS_YEAR} (two equals signs), keep the rows "
        "where that is True, then count them.",
    ),
    NamesQuestion(
        id="10.4",
        stars=1,
        task="lookup",
        template="most common values of a column",
        about="the two kinds of event the dataset records most often",
        expected=lambda c: _top_kinds(c, 2),
        praise=lambda c: (
            f"{_top_kinds(c, 2)[0]!r} and {_top_kinds(c, 2)[1]!r}: "
            f"{int(_kinds(c).iloc[:2].sum())} of the {len(c.events)} events between them. "
            "Much of the relationship happened at the table and in words."
        ),
        mistakes=lambda c: _apart_from(_top_kinds(c, 2), [
            ([str(kind) for kind in _kinds(c).index[-2:]],
             "Those are the two kinds recorded least often. value_counts puts the most "
             "common first: read the top rows."),
            ([str(_kinds(c).index[0]), str(_kinds(c).index[2])],
             "The first is right; the second is the third most common kind. Read the top "
             "two rows."),
        ]),
        hint="Count the events of each kind with value_counts on the kind column; the "
        "answer is the names on its first two rows, written as a list of two texts.",
    ),
    BarChartQuestion(
        id="10.5",
        stars=2,
        task="chart",
        template="bar chart of counts per value of a scale",
        about="the number of events per signal value",
        expected=_per_signal,
        praise="Your chart shows how the coded signals spread from -2 to +2, with a title "
        "and labelled axes. The signal is the course's coding, a judgement you will test "
        "in later lessons.",
        order_hint="Put the signals in order, -2 first. value_counts() sorts by size; sort "
        "the counts by their index instead.",
        mistakes=lambda c: [
            (c.events["lesson"].value_counts().sort_index().tolist(),
             "Those are events per lesson. Count per value of the 'signal' column instead."),
        ],
        hint="Count the rows per value of the 'signal' column, put the values in order, "
        "then draw one bar per value.",
    ),
]
