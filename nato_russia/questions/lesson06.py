"""Questions of lesson 06 (2010-2013): Lisbon, and the partnership that stalled."""

from __future__ import annotations

import pandas as pd

from nato_russia.data import Course
from nato_russia.measures import members_on
from nato_russia.questions.lookups import day as _day
from nato_russia.questions.lookups import event as _event
from nato_russia.questions.lookups import events_in, left_out, period_years
from nato_russia.questions.question_types import (
    BarChartQuestion,
    DateQuestion,
    NamesQuestion,
    NumberQuestion,
    Question,
    WrittenQuestion,
)
from nato_russia.questions.readers import format_date, signed

# Ids of the records the lesson 06 questions are about.
PERIOD = "p06"
UN_VOTE = "ev-2011-unsc-1973-libya"
LAVROV_CHARGE = "ev-2011-lavrov-libya-mandate"
NRC_LISBON = "ev-2010-nrc-lisbon-summit"
NEW_START = "ev-2010-new-start"
ROME_NRC = "ev-2002-rome-nrc"
# The recoding that question 06.5 asks for: event id -> new signal.
RECODING = {UN_VOTE: -1, NEW_START: 0}


def _period(course: Course) -> pd.DataFrame:
    return events_in(course, PERIOD)


def _partners_at_lisbon(course: Course) -> int:
    """The NRC's members on the day of the Lisbon summit: every Ally, and Russia."""
    return members_on(course.accessions, _event(course, NRC_LISBON)["date"]) + 1


def _areas_opened(course: Course) -> pd.DataFrame:
    """The cooperation areas that began inside the period."""
    first, last = period_years(course, PERIOD)[0], period_years(course, PERIOD)[-1]
    return course.areas[course.areas["began"].dt.year.between(first, last)]


def _left_out_per_year(course: Course) -> list[float]:
    """Events the fact sheet leaves out, per year of the period (0 for a year with none)."""
    counts = left_out(_period(course)).groupby("year").size()
    return counts.reindex(period_years(course, PERIOD), fill_value=0).astype(float).tolist()


def _all_per_year(course: Course) -> list[float]:
    counts = _period(course).groupby("year").size()
    return counts.reindex(period_years(course, PERIOD), fill_value=0).astype(float).tolist()


def _mentioned_per_year(course: Course) -> list[float]:
    mentioned = _period(course)[_period(course)["in_source_document"]]
    counts = mentioned.groupby("year").size()
    return counts.reindex(period_years(course, PERIOD), fill_value=0).astype(float).tolist()


def _recoded(course: Course, recoding: dict[str, int]) -> pd.DataFrame:
    events = _period(course).copy()
    for event_id, signal in recoding.items():
        events.loc[events["id"] == event_id, "signal"] = signal
    return events


def _left_out_mean(course: Course, recoding: dict[str, int]) -> float:
    return float(left_out(_recoded(course, recoding))["signal"].mean())


# --------------------------------------------------------------------------- lesson 06

QUESTIONS: list[Question] = [
    DateQuestion(
        id="06.1",
        task="lookup",
        template="date of an event by its title",
        stars=1,
        about="the day the Security Council adopted resolution 1973 on Libya",
        expected=lambda c: _day(c, UN_VOTE),
        praise=lambda c: (
            f"The Council voted on {format_date(_day(c, UN_VOTE))}. Russia abstained instead "
            "of using its veto, and within a month its foreign minister was accusing NATO of "
            f"going beyond the mandate, on {format_date(_day(c, LAVROV_CHARGE))}."
        ),
        mistakes=lambda c: [
            (_day(c, LAVROV_CHARGE),
             "That is the day Lavrov accused NATO of exceeding the mandate, in Berlin. The "
             "question asks for the vote in New York, a month earlier."),
            (_day(c, NRC_LISBON),
             "That is the Lisbon NRC summit. Look for the row whose title mentions the "
             "Security Council."),
        ],
        hint="Find the row of course.events whose title contains 'Security Council' "
        "(.str.contains(...)) and read its date.",
    ),
    NumberQuestion(
        id="06.2",
        task="document",
        template="items a document lists, counted",
        stars=1,
        about="the number of equal partners the Lisbon joint statement names",
        expected=_partners_at_lisbon,
        praise=lambda c: (
            f"The statement commits the NRC's member states to working as "
            f"{_partners_at_lisbon(c)} equal partners: the "
            f"{_partners_at_lisbon(c) - 1} Allies of November 2010 and Russia. The dataset "
            "agrees: count the accessions up to the day of the summit, and add Russia."
        ),
        mistakes=lambda c: [
            (_partners_at_lisbon(c) - 1,
             "That is the number of NATO's members in November 2010. The NRC also has "
             "Russia at the table: read the statement's own number."),
            (members_on(c.accessions, _event(c, ROME_NRC)["date"]) + 1,
             "That was the NRC's size at its founding in 2002. NATO had grown since: read "
             "the Lisbon statement itself."),
        ],
        hint="Open the joint statement from the link and search it for 'equal partners'; "
        "then check the number against course.accessions.",
    ),
    NamesQuestion(
        id="06.3",
        task="explorer",
        template="areas begun in a window, read from an explorer",
        stars=2,
        about="the cooperation areas that began in 2010-2013",
        expected=lambda c: _areas_opened(c)["name"].tolist(),
        aliases={},
        praise=lambda c: (
            f"{len(_areas_opened(c))} fields of cooperation began in these four years, "
            "while the political partnership stalled. All but one were suspended on "
            "1 April 2014; the joint work on Syria's chemical weapons ended earlier."
        ),
        mistakes=lambda c: [
            (_areas_opened(c)["id"].tolist(),
             "The right areas, but those are their ids. Give their names, as the chart's "
             "labels show them (the 'name' column)."),
            (c.areas.loc[c.areas["began"].dt.year <= 2013, "name"].tolist(),
             "Those are all the areas that existed by 2013. Keep only the bars that begin "
             "inside 2010-2013."),
        ],
        hint="In the explorer, look for the bars whose left end falls inside 2010-2013. To "
        "check, filter course.areas on the year of its 'began' column.",
    ),
    BarChartQuestion(
        id="06.4",
        task="chart",
        template="bar chart of counts per year",
        stars=2,
        about="the number of left-out events in each year from 2010 to 2013",
        expected=_left_out_per_year,
        optional_zero_bars=False,
        praise=lambda c: (
            f"Your chart shows {sum(_left_out_per_year(c)):.0f} left-out events, "
            f"{max(_left_out_per_year(c)):.0f} of them in one year. The empty bar for "
            f"{period_years(c, PERIOD)[-1]} means only that the course added no omitted "
            "event for that year: it measures the course's selection as much as the fact "
            "sheet's."
        ),
        order_hint="Put the years in order, 2010 first.",
        mistakes=lambda c: [
            (_all_per_year(c),
             "Those bars count every event of each year. Keep only the events the fact "
             "sheet leaves out (in_source_document is False)."),
            (_mentioned_per_year(c),
             "Those bars count the events the fact sheet mentions. You want the others: "
             "~ flips a True/False column."),
            ([h for h in _left_out_per_year(c) if h != 0],
             "The counts are right, but a year is missing: groupby makes no group for a year "
             "without events. Use .reindex(range(2010, 2014), fill_value=0)."),
        ],
        hint="Keep the events of period 'p06' whose in_source_document is False, count them "
        "per year with .groupby('year').size(), and give every year of 2010-2013 a bar, "
        "0 included.",
    ),
    NumberQuestion(
        id="06.5",
        task="recode",
        template="recode events and average the result",
        stars=3,
        about="the mean signal of the left-out events after the recoding",
        expected=lambda c: _left_out_mean(c, RECODING),
        tolerance=0.005,
        praise=lambda c: (
            "After the recoding, the left-out events have a mean signal of "
            f"{signed(_left_out_mean(c, RECODING))}, against "
            f"{signed(_left_out_mean(c, {}))} as the course codes them. Two judgements "
            f"out of {len(left_out(_period(c)))} move the mean by "
            f"{abs(_left_out_mean(c, RECODING) - _left_out_mean(c, {})):.2f}: a reason to "
            "state your coding whenever you use such a number."
        ),
        mistakes=lambda c: [
            (_left_out_mean(c, {}),
             "That is the mean before the recoding. Change the two signals on a copy of the "
             "period's events first."),
            (_left_out_mean(c, {UN_VOTE: -1}),
             "You recoded the UN vote but not New START: set both."),
            (_left_out_mean(c, {NEW_START: 0}),
             "You recoded New START but not the UN vote: set both."),
            (float(_recoded(c, RECODING)["signal"].mean()),
             "That is the mean of every event of the period. Keep only those the fact sheet "
             "leaves out."),
        ],
        hint="Copy the period's events (.copy()), set the two signals with .loc[rows, "
        "'signal'] = ..., then take the mean signal of the rows whose in_source_document "
        "is False.",
    ),
    WrittenQuestion(
        id="06.6",
        task="written",
        template="argue a contested question from voices",
        stars=3,
        about="why the partnership announced at Lisbon stalled",
        hint="",
        rubric=(
            "Level 1, a claim: does it say which explanation (missile defence, Libya, "
            "Russia's domestic politics, or a combination) fits 2010-2013 best?",
            "Level 2, evidence from the data: does it use a number or a dated event from the "
            "dataset (your chart from 06.4, your mean from 06.5, or an event on the "
            "timeline), and say what that number measures?",
            "Level 3, evidence from a document: does it quote or cite a linked text (the "
            "Strategic Concept, the joint statement, the Kremlin's message of 2012, "
            "Rasmussen's reply) and say whose voice it is?",
            "Level 4, a counter-argument: does it give the strongest evidence against its "
            "own claim (for instance, that practical cooperation went on through 2013) and "
            "answer it?",
            "An answer that disagrees with the course's reading of why the partnership "
            "stalled earns full credit when it argues from the documents and the data.",
            "Throughout: does it keep fact and judgement apart, treating NATO's and "
            "Russia's statements alike as claims to test?",
        ),
    ),
]
