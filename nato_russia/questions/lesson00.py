"""Questions of lesson 00 (introduction): the dataset and the fact sheet."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from nato_russia import measures
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
from nato_russia.questions.readers import and_list, format_date

# Ids of the records the lesson 00 questions are about.
FOUNDING_ACT = "ev-1997-founding-act"
# The Founding Act's first sentence, which 00.2 sends students to read.
OPENING = "q-founding-act-lasting-peace"
# The years 00.3 asks the membership explorer to show.
FIRST_YEAR, LAST_YEAR = 1990, 2013


def _principles(course: Course) -> list[str]:
    """The principles the opening sentence names, read off its quoted text."""
    text = course.quotations.set_index("id").loc[OPENING, "text"]
    match = re.search(r"on the principles of (.+) and (.+)$", text)
    if match is None:
        raise LookupError(f"{OPENING} no longer names its principles")
    return [match.group(1), match.group(2)]


def _opening_location(course: Course) -> str:
    return str(course.quotations.set_index("id").loc[OPENING, "location"])


def _members_on(course: Course, day: dt.date) -> int:
    """Count the member countries on a given day (founders included)."""
    return measures.members_on(course.accessions, pd.Timestamp(day))


def _members_added(course: Course) -> int:
    """How many countries joined from the start of FIRST_YEAR to the end of LAST_YEAR."""
    return (_members_on(course, dt.date(LAST_YEAR, 12, 31))
            - _members_on(course, dt.date(FIRST_YEAR, 1, 1)))


def _accession_days(course: Course) -> pd.Series:
    dates = course.accessions["date"]
    return dates[dates.dt.year.between(FIRST_YEAR, LAST_YEAR)].drop_duplicates()


def _growth_praise(course: Course) -> str:
    days = _accession_days(course)
    years = and_list([str(day.year) for day in days.sort_values()])
    return (
        f"From {_members_on(course, dt.date(FIRST_YEAR, 1, 1))} to "
        f"{_members_on(course, dt.date(LAST_YEAR, 12, 31))}: {_members_added(course)} "
        f"countries joined, on {len(days)} days ({years}). In the lower panel, look at the "
        "signals near each step: lessons 03 to 05 take up what each enlargement did to the "
        "relationship."
    )


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
        task="lookup",
        template="date of an event by its title",
        about="the day the Founding Act was signed",
        expected=lambda c: _event(c, FOUNDING_ACT)["date"].date(),
        praise=lambda c: (
            "NATO and Russia signed the Founding Act in "
            f"{_event(c, FOUNDING_ACT)['place']} on "
            f"{format_date(_event(c, FOUNDING_ACT)['date'])}."
        ),
        hint="Look for the words 'Founding Act' in the title column of course.events, keep "
        "that row, and read its date.",
    ),
    NamesQuestion(
        id="00.2",
        stars=1,
        task="document",
        template="words of a linked document",
        about="the principles the Founding Act's first sentence names",
        expected=_principles,
        praise=lambda c: (
            f"The Act's {_opening_location(c)} begins with the promise to build "
            f"\"a lasting and inclusive peace\" on the principles of "
            f"{and_list(_principles(c))}. The dataset quotes the end of the sentence "
            f"({OPENING!r}); the Act itself gives all of it."
        ),
        aliases={"co-operative security": "cooperative security"},
        mistakes=lambda c: [
            (["democracy"], "That is one of the two. Read to the end of the sentence."),
            (["cooperative security"], "That is one of the two. Read the sentence again."),
            (["lasting peace", "inclusive peace"],
             "Those words describe the peace. The question asks for the principles it is to "
             "rest on: the words after 'on the principles of'."),
        ],
        hint="The sentence ends with the words 'on the principles of', then names two. Copy "
        "them as they are written.",
    ),
    NumberQuestion(
        id="00.3",
        stars=1,
        task="explorer",
        template="growth read from the membership explorer",
        about=f"the number of countries that joined NATO from {FIRST_YEAR} to {LAST_YEAR}",
        expected=_members_added,
        praise=_growth_praise,
        mistakes=lambda c: [
            (_members_on(c, dt.date(LAST_YEAR, 12, 31)),
             "That is the size of the Alliance at the end. The question asks how many "
             "joined: the end minus the start."),
            (len(_accession_days(c)),
             "That is the number of steps (accession days). Count the countries: the "
             "members at the end minus the members at the start."),
            (_members_on(c, dt.date(FIRST_YEAR, 1, 1)),
             "That is the size of the Alliance at the start, the sixteen of the Cold War."),
        ],
        hint="The caption under the chart gives the members at the start and at the end of "
        "the years shown. Set the years first, then subtract.",
    ),
    NumberQuestion(
        id="00.4",
        stars=3,
        task="compute",
        template="events the fact sheet leaves out",
        about="the number of events up to the fact sheet's last entry that it leaves out",
        expected=_left_out_count,
        praise=lambda c: (
            f"Up to its last entry ({format_date(_last_entry(c))}), the fact "
            f"sheet leaves out {_left_out_count(c)} of the {len(_until_last_entry(c))} events "
            "in the dataset. Remember what the count measures: the course chose those "
            "events, so the number describes its selection as much as the fact sheet's."
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
        hint="Two steps: first the last date the fact sheet mentions (the latest date among "
        "the rows it mentions), then the rows up to that date that it does not mention.",
    ),
    BarChartQuestion(
        id="00.5",
        stars=2,
        task="chart",
        template="bar chart of counts per group",
        about="the number of events per lesson",
        expected=lambda c: _events_per_lesson(c).tolist(),
        praise="Your chart shows how the dataset's events spread over the lessons, with a "
        "title and labelled axes. A tall bar means the course recorded more events for "
        "that lesson's years, not that more happened.",
        order_hint="Put the lessons in order, 01 first. value_counts() sorts by size; sort "
        "the counts by their index instead.",
        mistakes=lambda c: [
            (c.events["year"].value_counts().sort_index().tolist(),
             "Those are events per year. Count per lesson instead (the 'lesson' column)."),
        ],
        hint="Count the rows per value of the 'lesson' column, put the lessons in order, "
        "then draw one bar per lesson.",
    ),
    WrittenQuestion(
        id="00.6",
        stars=3,
        task="written",
        template="weigh a source's author and moment",
        about="weighing the fact sheet as a source",
        hint="",
        rubric=(
            "Level 1, a claim: does it say plainly what the author (NATO's Public Diplomacy "
            "Division) and the moment (mid-2014, after the annexation of Crimea) lead a "
            "reader to expect of the sheet?",
            "Level 2, evidence from the data: does it back the claim with your count from "
            "00.4 or an event the sheet leaves out, named, and say that the count also "
            "measures the course's own choice of events?",
            "Level 3, evidence from a document: does it check the sheet against a document "
            "it cites, such as the Founding Act you opened in 00.2, or quote the sheet's own "
            "opening claim of \"an unprecedented series of partnership initiatives\"?",
            "Level 4, a counter-argument: does it give the best case for the sheet, in "
            "the sheet's own terms, and answer it?",
            "An answer that disagrees with the course's reading (for example, that the sheet "
            "is a fair summary for its purpose) earns every level if it argues from evidence.",
            "Does it keep to four to six sentences, and keep fact and judgement apart "
            "(selective is not the same as false)?",
        ),
        dissent=(
            "I read the fact sheet as a fair record of NATO's dealings with Russia "
            "rather than a case for the prosecution, whatever its author and date. Its "
            "subject is the institutional relationship, so much of what it leaves out, "
            "such as the 1999 enlargement and the Kosovo air campaign, belongs to "
            "NATO's dealings with others, and my count in 00.4 partly measures the "
            "course's own, wider choice of events. Where it can be checked against the "
            "documents it mostly holds: the Founding Act it cites does commit both "
            "sides to a peace on the principles of democracy and cooperative security. "
            "The strongest objection is that a text NATO's own Public Diplomacy "
            "Division wrote in the summer of 2014, in the middle of a crisis, must be "
            "shaped by that moment, and its closing charge against Russia shows it. "
            "That is true of its last paragraph, but the rest is a list of dated "
            "offers and meetings, and a list can be tested entry by entry rather "
            "than distrusted whole. So I would use it as a reliable chronology of "
            "NATO's offers, testing each entry, and take its frame only from its closing paragraph."
        ),
    ),
]
