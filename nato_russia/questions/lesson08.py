"""Questions of lesson 08 (2015-2024): the epilogue after the fact sheet and the whole arc."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.choices import Choice
from nato_russia.questions.lookups import day as _day
from nato_russia.questions.lookups import mentioned
from nato_russia.questions.question_types import (
    BarChartQuestion,
    DateQuestion,
    NumberQuestion,
    Question,
    WrittenQuestion,
)
from nato_russia.questions.readers import format_date
from nato_russia.questions.record_kinds import CorroborationQuestion

# Ids of the records the lesson 08 questions are about.
LAST_NRC = "ev-2022-nrc-january"
NRC_RESUMES = "ev-2016-nrc-resumes"
INVASION = "ev-2022-full-scale-invasion"
ENLARGEMENT = "enlargement"


# --------------------------------------------------------------------------- 08.1


def _fact_sheet_written(course: Course) -> pd.Timestamp:
    """The last day the fact sheet mentions: it was most likely written soon after it."""
    return mentioned(course.events)["date"].max()


def _members_on(course: Course, when: pd.Timestamp | str) -> int:
    return int((course.accessions["date"] <= pd.Timestamp(when)).sum())


def _joined_since_fact_sheet(course: Course) -> int:
    return int((course.accessions["date"] > _fact_sheet_written(course)).sum())


def _joined_after_invasion(course: Course) -> int:
    invasion = course.events.set_index("id").loc[INVASION, "date"]
    return int((course.accessions["date"] > invasion).sum())


# --------------------------------------------------------------------------- 08.2


def _nrc_meetings(course: Course) -> pd.DataFrame:
    """The NRC's meetings: events of kind 'meeting' whose title names the council."""
    events = course.events
    return events[(events["kind"] == "meeting") & events["title"].str.contains("NRC")]


def _meeting_before(course: Course, event_id: str) -> dt.date:
    meetings = _nrc_meetings(course)
    when = course.events.set_index("id").loc[event_id, "date"]
    return meetings.loc[meetings["date"] < when, "date"].max().date()


def _first_meeting_of_year(course: Course, year: int) -> dt.date:
    meetings = _nrc_meetings(course)
    return meetings.loc[meetings["year"] == year, "date"].min().date()


def _gap_praise(course: Course) -> str:
    before = _meeting_before(course, LAST_NRC)
    days = (_day(course, LAST_NRC) - before).days
    return (
        f"The council had last met on {format_date(before)}, {days} days (about "
        f"{days / 365.25:.1f} years) before {format_date(_day(course, LAST_NRC))}: "
        "Stoltenberg's \"two years\" rounds the gap down. A document and a dataset can "
        "both be right and still differ: check which one counts what."
    )


# --------------------------------------------------------------------------- 08.3


def _lessons(course: Course) -> list[str]:
    return sorted(course.periods["lesson"])


def _by_lesson(course: Course, how: str) -> list[float]:
    """A statistic of the signal for each lesson in order, 0 for a lesson without events."""
    table = course.events.groupby("lesson")["signal"].agg(how)
    return table.reindex(_lessons(course), fill_value=0).astype(float).tolist()


def _lowest_lessons(course: Course) -> str:
    means = course.events.groupby("lesson")["signal"].mean().sort_values()
    return f"lesson {means.index[0]} ({means.iloc[0]:.2f}), then lesson {means.index[1]}"


# --------------------------------------------------------------------------- 08.4


def _weighted(events: pd.DataFrame, weights: dict[str, float] | None = None) -> float:
    """The sum of signal times weight over some events (kinds left out weigh 1)."""
    weight = events["kind"].map(lambda kind: (weights or {}).get(kind, 1.0))
    return float((events["signal"] * weight).sum())


def _index(course: Course, weights: dict[str, float] | None = None) -> float:
    """The running total of signal times weight at the last event of the course."""
    return _weighted(course.events, weights)


def _enlargement_signals(course: Course) -> float:
    events = course.events
    return float(events.loc[events["kind"] == ENLARGEMENT, "signal"].sum())


def _reweighting_praise(course: Course) -> str:
    without = _index(course, {ENLARGEMENT: 0})
    equal = _index(course)
    share = _enlargement_signals(course)
    return (
        f"With enlargement weighted 0 the index ends 2024 at {without:g} instead of {equal:g}: "
        f"the {int((course.events['kind'] == ENLARGEMENT).sum())} enlargement events account "
        f"for {abs(share):g} points of the course's coding. Whether that is the heart of the "
        "story or a distortion is exactly what the explanations of the breakdown disagree on."
    )


# --------------------------------------------------------------------------- lesson 08

QUESTIONS: list[Question] = [
    NumberQuestion(
        id="08.1",
        task="explorer",
        template="members counted off the membership explorer",
        stars=1,
        about="the number of states that joined NATO after the fact sheet was written",
        expected=_joined_since_fact_sheet,
        praise=lambda c: (
            f"NATO had {_members_on(c, _fact_sheet_written(c))} members after the last event the "
            f"undated fact sheet mentions and {len(c.accessions)} at the end of 2024: "
            f"{_joined_since_fact_sheet(c)} joined after it, "
            f"{_joined_after_invasion(c)} of them after the invasion of February 2022."
        ),
        mistakes=lambda c: [
            (len(c.accessions),
             "That is the number of members at the end of 2024. The question asks how many "
             "joined after the fact sheet: subtract the members it could count."),
            (_members_on(c, _fact_sheet_written(c)),
             "That is the number of members after the last event the fact sheet mentions. "
             "How many more were there by the end of 2024?"),
            (len(c.accessions) - _members_on(c, "1990-12-31"),
             "That is the growth since 1990. Start from the fact sheet's time, mid-2014."),
            (_joined_after_invasion(c),
             "Those joined after the invasion of 2022. Count from mid-2014: one state joined "
             "in 2017 and one in 2020 as well."),
        ],
        hint="Read the step line: the number of members in mid-2014, then at the end of 2024.",
    ),
    DateQuestion(
        id="08.2",
        printed_reason="The lesson dates the NRC meeting of July 2019 in its account of the "
        "talks; the question asks students to check a document's claim against "
        "the dataset, and the date is the means, not the point.",
        task="document",
        template="a document's claim checked against the data",
        stars=2,
        about="the NRC meeting before the one of 12 January 2022",
        expected=lambda c: _meeting_before(c, LAST_NRC),
        praise=_gap_praise,
        mistakes=lambda c: [
            (_day(c, LAST_NRC),
             "That is the day of the meeting Stoltenberg spoke after. Look for the one "
             "before it."),
            (_day(c, NRC_RESUMES),
             "That is the first meeting after the suspension of 2014. The council met several "
             "times after it: take the latest before 12 January 2022."),
            (_first_meeting_of_year(c, 2019),
             "That is the council's first meeting of 2019. It met once more that year."),
        ],
        hint="Keep the events whose kind is 'meeting' and whose title contains 'NRC', dated "
        "before 2022-01-12; the latest of their dates is the answer.",
    ),
    BarChartQuestion(
        id="08.3",
        task="chart",
        template="bar chart of mean signal per group",
        stars=2,
        about="the mean signal of each lesson's events, 01 to 08",
        expected=lambda c: _by_lesson(c, "mean"),
        praise=lambda c: (
            f"The lowest means are {_lowest_lessons(c)}. Each bar averages the course's own "
            "coding of the events it chose, so a lesson with many neutral meetings sits "
            "closer to zero whatever happened in it."
        ),
        order_hint="Put the lessons in order, 01 first. groupby sorts its groups for you; "
        "value_counts() does not.",
        mistakes=lambda c: [
            (_by_lesson(c, "sum"),
             "Those bars add up each lesson's signals. The question asks for the mean: "
             ".mean() instead of .sum()."),
            (_by_lesson(c, "count"),
             "Those bars count each lesson's events. Take the mean of the 'signal' column."),
        ],
        hint="Group the events by their lesson and take the mean of the signal column: one "
        "mean per lesson, in order. Then draw one bar per lesson.",
    ),
    NumberQuestion(
        id="08.4",
        task="recode",
        template="an index recomputed with one kind weighted 0",
        stars=3,
        about="the relationship index at the end of 2024 with enlargement weighted 0",
        expected=lambda c: _index(c, {ENLARGEMENT: 0}),
        tolerance=0.01,
        praise=_reweighting_praise,
        mistakes=lambda c: [
            (_index(c),
             "That is the index with every kind weighing 1. Give enlargement the weight 0: "
             "its events then add nothing."),
            (_enlargement_signals(c),
             "That is what the enlargement events add on their own. The question asks for "
             "the index of all the other events."),
            (_index(c) + _enlargement_signals(c),
             "You doubled the enlargement events instead of dropping them: weight 0 means "
             "they add nothing."),
        ],
        hint="Multiply each event's signal by its weight (0 for enlargement, 1 for the rest) "
        "and add them all up; or set the Enlargement slider of the explorer to 0 and read "
        "the last value.",
    ),
    WrittenQuestion(
        id="08.5",
        task="written",
        template="periodise and defend",
        stars=3,
        about="a periodisation of 1990-2024 of your own, defended",
        hint="",
        rubric=(
            "Level 1, a claim: does it divide 1990-2024 into three to five eras and name "
            "the event that opens each one?",
            "Level 2, evidence from the data: does it give the era means from the lesson's "
            "periodisation cell run with its own cuts, or the index from 08.4, with numbers?",
            "Level 3, evidence from a document: does it quote or cite one document of the "
            "course (by title and date) that treats a turning point as a turning point?",
            "Level 4, a counter-argument: does it name an explanation of the breakdown, or a "
            "coding choice, that would move one of its turning points, and answer it?",
            "A periodisation that disagrees with the course's eight periods earns full "
            "credit when it argues from the documents and the data.",
            "Throughout: does it keep to six to eight sentences and keep the course's coding "
            "apart from what happened?",
        ),
        dissent=(
            "I divide 1990-2024 into two eras only, with the break in 1999, because the "
            "enlargement explanation of the breakdown fits the record better than the "
            "course's finer periods suggest. The first era opens with the London "
            "Declaration of July 1990; the second with the accession of Poland, Hungary "
            "and the Czech Republic on 12 March 1999 and the Kosovo air campaign twelve "
            "days later. With cuts at 1990, 1999 and 2025 the lesson's cell gives a "
            "mean signal of about +0.8 before 1999 and -0.25 after it, and 1999-2013 on "
            "its own averages only about +0.07. Putin's speech at Munich on 10 February "
            "2007 treated NATO expansion as a turning point, calling it a serious "
            "provocation that reduces the level of mutual trust. The strongest "
            "objection is that cooperation went on after 1999: the NATO-Russia Council "
            "in 2002, the Lisbon summit in 2010. It did, but as management of a "
            "relationship whose direction was set, and my index in 08.4 shows how much "
            "the later decline depends on coding enlargement as friction, which is "
            "exactly the reading this periodisation defends."
        ),
    ),
    CorroborationQuestion(
        id="08.6",
        printed_reason="The lesson sets Putin's address and the Council's answer next to each "
        "other; the question's work is to keep apart a reported disagreement and "
        "a later judgment, which sound like sides of the same dispute.",
        stars=2,
        task="document",
        template="two records at odds",
        about="one of the two records that disagree",
        hint="Ask of each record what it says about why the war of 2022 began. Reporting "
        "that two sides differ is not taking a side.",
        choices=(
            Choice("q-nrc-2022-01-12-differences",
                   "A is NATO's Secretary General in January 2022, reporting that the two "
                   "sides differ: it records a disagreement without taking a side in it."),
            Choice("q-nac-2022-02-24-unprovoked"),
            Choice("q-strategic-concept-2022-threat",
                   "C is NATO's Strategic Concept of June 2022, naming Russia the most "
                   "significant threat: a judgment of Russia, months later, not an answer to "
                   "a claim about why the attack came."),
            Choice("q-putin-2022-02-24-expansion"),
        ),
        disagree=("q-putin-2022-02-24-expansion", "q-nac-2022-02-24-unprovoked"),
        on_what="whether the attack of 24 February 2022 was provoked: Putin's address gave "
        "NATO's eastward expansion as its reason, and the North Atlantic Council called it "
        "'entirely unjustified and unprovoked' the same day",
        praise="Each is its side's case, made on the day: neither settles the question, "
        "which is why the lesson sets them beside the scholars.",
    ),
]
