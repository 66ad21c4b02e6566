"""Questions of lesson 00 (introduction): the dataset and the fact sheet."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.lookups import event as _event
from nato_russia.questions.lookups import left_out
from nato_russia.questions.question_types import (
    BarChartQuestion,
    DateQuestion,
    NamesQuestion,
    NumberQuestion,
    Question,
    WrittenQuestion,
)
from nato_russia.questions.readers import format_date

# Ids of the records the lesson 00 questions are about.
FOUNDING_ACT = "ev-1997-founding-act"


def _members_at(course: Course, day: dt.date) -> int:
    """Count the member countries on a given day (founders included)."""
    return int((course.accessions["date"] <= pd.Timestamp(day)).sum())


def _joined_in(course: Course, year: int) -> list[str]:
    return course.accessions.loc[course.accessions["date"].dt.year == year, "country"].tolist()


def _events_per_lesson(course: Course) -> pd.Series:
    """Count events per lesson, for every lesson with a period, in lesson order."""
    lessons = sorted(course.periods["lesson"])
    return course.events["lesson"].value_counts().reindex(lessons, fill_value=0)


def _last_entry(course: Course) -> pd.Timestamp:
    """The date of the latest event the fact sheet mentions."""
    return course.events.loc[course.events["in_source_document"], "date"].max()


def _until_last_entry(course: Course) -> pd.DataFrame:
    """The events dated up to the fact sheet's last entry: those it could have mentioned."""
    return course.events[course.events["date"] <= _last_entry(course)]


def _left_out_count(course: Course) -> int:
    """How many events up to the fact sheet's last entry it leaves out."""
    return len(left_out(_until_last_entry(course)))


def _left_out_hint_after(course: Course) -> str:
    """Hint for a count that runs past the fact sheet's last entry."""
    last = _last_entry(course)
    later = course.events[(course.events["date"] > last) & (course.events["lesson"] == "07")]
    example = f", such as {later['title'].iloc[0]!r}" if len(later) else ""
    return (f"That count includes events after the fact sheet's last entry ({last:%d %B %Y})"
            f"{example}, which it could not mention. Keep only events up to that date.")


# --------------------------------------------------------------------------- lesson 00

QUESTIONS: list[Question] = [
    DateQuestion(
        id="00.1",
        stars=1,
        about="the day the Founding Act was signed",
        expected=lambda c: _event(c, FOUNDING_ACT)["date"].date(),
        praise=lambda c: (
            "NATO and Russia signed the Founding Act in "
            f"{_event(c, FOUNDING_ACT)['place']} on "
            f"{format_date(_event(c, FOUNDING_ACT)['date'])}."
        ),
        hint="Find the row of course.events whose title contains 'Founding Act' "
        "(.str.contains(...)) and read its date.",
    ),
    NamesQuestion(
        id="00.2",
        stars=1,
        about="the countries that joined in 1999",
        expected=lambda c: _joined_in(c, 1999),
        praise=lambda c: (
            f"{', '.join(sorted(_joined_in(c, 1999))[:-1])} and {sorted(_joined_in(c, 1999))[-1]}"
            " joined on the same day in March 1999: the first new members since the end of the "
            "Cold War."
        ),
        aliases={"czechia": "Czech Republic"},
        mistakes=lambda c: [
            (_joined_in(c, 2004), "Those countries joined in 2004. Filter on the year 1999."),
        ],
        hint="Keep the rows of course.accessions whose date falls in 1999 "
        "(.dt.year == 1999), then take the 'country' column.",
    ),
    NumberQuestion(
        id="00.3",
        stars=2,
        about="the number of members at the end of 1999",
        expected=lambda c: _members_at(c, dt.date(1999, 12, 31)),
        praise=lambda c: (
            f"NATO had {_members_at(c, dt.date(1999, 12, 31))} members at the end of 1999, "
            f"up from {_members_at(c, dt.date(1998, 12, 31))} a year earlier."
        ),
        mistakes=lambda c: [
            (_members_at(c, dt.date(1998, 12, 31)),
             "That is the count before the 1999 enlargement. Did your filter leave out the "
             "countries that joined during 1999 (< instead of <=, or an earlier cut-off)?"),
            (len(_joined_in(c, 1999)),
             "That counts only the countries that joined in 1999. Members who joined earlier, "
             "founders included, are members too."),
            (len(c.accessions),
             "That counts every accession in the table, up to 2024. Keep only the countries "
             "that had joined by 31 December 1999."),
        ],
        hint="Every member country is one row of course.accessions, founders included. "
        "Count the rows whose date is on or before 1999-12-31.",
    ),
    NumberQuestion(
        id="00.4",
        stars=3,
        about="the number of events up to the fact sheet's last entry that it leaves out",
        expected=_left_out_count,
        praise=lambda c: (
            f"Up to its last entry ({format_date(_last_entry(c))}), the fact "
            f"sheet leaves out {_left_out_count(c)} of the {len(_until_last_entry(c))} events in "
            "the dataset."
        ),
        mistakes=lambda c: [
            (int(_until_last_entry(c)["in_source_document"].sum()),
             "That is how many events the fact sheet mentions. You want the others: "
             "~ flips True and False."),
            (int((~c.events["in_source_document"]).sum()), _left_out_hint_after(c)),
            (int((~c.events.loc[c.events["lesson"] <= "07", "in_source_document"]).sum()),
             _left_out_hint_after(c)),
            (len(_until_last_entry(c)),
             "That counts every event up to the last entry. Keep only those the fact sheet "
             "does not mention."),
            (len(c.events), "That is every event in the dataset."),
        ],
        hint="First find the last date the fact sheet mentions: the .max() of the dates "
        "where in_source_document is True. Then count the events on or before that date "
        "whose in_source_document is False.",
    ),
    BarChartQuestion(
        id="00.5",
        stars=2,
        about="the number of events per lesson",
        expected=lambda c: _events_per_lesson(c).tolist(),
        praise="Your chart shows how the dataset's events spread over the lessons, with a "
        "title and labelled axes.",
        order_hint="Put the lessons in order, 01 first. value_counts() sorts by size; "
        "add .sort_index() to sort by lesson.",
        mistakes=lambda c: [
            (c.events["year"].value_counts().sort_index().tolist(),
             "Those are events per year. Count per lesson instead (the 'lesson' column)."),
        ],
        hint="Count the rows per lesson with course.events['lesson'].value_counts()"
        ".sort_index(), then draw them with ax.bar(counts.index, counts.values).",
    ),
    WrittenQuestion(
        id="00.6",
        stars=3,
        about="weighing the fact sheet as a source",
        hint="",
        rubric=(
            "Does it name the author (NATO's Public Diplomacy Division) and what that office "
            "is for?",
            "Does it place the text in time: mid-2014, after the annexation of Crimea and "
            "before the Wales Summit?",
            "Does it use evidence from the data, such as your count in 00.4 or a named event "
            "the sheet leaves out?",
            "Does it say what follows for using the sheet: trustworthy for the dates of NATO's "
            "offers, selective about what Russia objected to, so to be read beside other "
            "sources?",
            "Does it keep fact and judgement apart (selective is not the same as false)?",
        ),
    ),
]
