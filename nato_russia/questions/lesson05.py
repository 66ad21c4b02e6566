"""Questions of lesson 05 (2008-2009): Bucharest, the Georgia war and the freeze."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.index_readings import (
    index_change,
    reweighting_slips,
)
from nato_russia.questions.lookups import day as _day
from nato_russia.questions.lookups import event as _event
from nato_russia.questions.lookups import events_in, mentioned
from nato_russia.questions.question_types import (
    DateQuestion,
    NamesQuestion,
    NumberQuestion,
    Question,
    WrittenQuestion,
)
from nato_russia.questions.readers import and_list, format_date, format_number

# Ids of the records the lesson 05 questions are about.
PERIOD = "p05"
DECLARATION = "ev-2008-bucharest-summit-declaration"
NRC_BUCHAREST = "ev-2008-nrc-bucharest-summit"
FREEZE = "ev-2008-ministers-no-business-as-usual"
DECEMBER_MINISTERIAL = "ev-2008-informal-reengagement"
MARCH_DECISION = "ev-2009-ministers-resume-nrc"
STRASBOURG_KEHL = "ev-2009-strasbourg-kehl-summit"
# The sentence of paragraph 23 that 05.2 sends students to read.
ASSESSMENT = "q-bucharest-december-assessment"
# The re-weighting 05.5 asks for in the relationship-index explorer.
WEIGHTS = {"enlargement": 2.0}


def _period(course: Course) -> pd.DataFrame:
    return events_in(course, PERIOD)


# --------------------------------------------------------------------------- 05.1


def _declaration_praise(course: Course) -> str:
    nrc = _event(course, NRC_BUCHAREST)
    return (
        f"NATO's leaders made the promise on {format_date(_day(course, DECLARATION))}. The "
        f"fact sheet's section on Bucharest reports only the NRC meeting of "
        f"{format_date(_day(course, NRC_BUCHAREST))}; the dataset records what it says "
        f"there in the 'source_says' column ({nrc['source_says']!r})."
    )


# --------------------------------------------------------------------------- 05.2


def _assessment_meeting(course: Course) -> pd.Series:
    return _event(course, DECEMBER_MINISTERIAL)


def _assessment_praise(course: Course) -> str:
    meeting = _assessment_meeting(course)
    quote = course.quotations.set_index("id").loc[ASSESSMENT]
    first, last = meeting["date"].date(), meeting["end_date"].date()
    return (
        f"The Declaration ({quote['location']}) sent the question to the foreign ministers' "
        f"meeting of {first.day}-{format_date(last)}. By then the war had changed the "
        "agenda: the same meeting agreed to re-engage Russia step by step."
    )


def _assessment_mistakes(course: Course) -> list[tuple[dt.date, str]]:
    meeting = _assessment_meeting(course)
    return [
        (meeting["end_date"].date(),
         "That is the meeting's last day, when its communiqué was issued. The question asks "
         "for the day the meeting began: the 'date' column, not 'end_date'."),
        (_day(course, DECLARATION),
         "That is the day of the Declaration itself. Read paragraph 23 to the end: it names "
         "a later meeting of foreign ministers."),
        (_day(course, FREEZE),
         "That is the ministers' special session after the war. Paragraph 23 was written "
         "before the war and names a regular meeting, months later."),
        (_day(course, MARCH_DECISION),
         "That meeting came in 2009. Paragraph 23 names a meeting of 2008: which month?"),
    ]


# --------------------------------------------------------------------------- 05.3


def _corrected(course: Course) -> pd.DataFrame:
    """Events of the period where the dataset records what the fact sheet says of them."""
    period = _period(course)
    return period[period["source_says"].notna()]


def _corrected_praise(course: Course) -> str:
    rows = _corrected(course)
    dates = and_list([format_date(d.date()) for d in rows["date"]])
    return (
        f"The fact sheet is checked against the dataset for {len(rows)} events of 2008-2009 "
        f"({dates}). Read their 'correction' column to see what the fact sheet gets right, "
        "what it leaves vague and where it is wrong."
    )


def _corrected_mistakes(course: Course) -> list[tuple[list[str], str]]:
    period = _period(course)
    events = course.events
    return [
        (period.loc[period["correction"].notna(), "id"].tolist(),
         "The 'correction' column also holds notes on events the fact sheet leaves out, such "
         "as the Bucharest Declaration. Use the column that records what the fact sheet "
         "says."),
        (mentioned(period)["id"].tolist(),
         "Those are all the events the fact sheet mentions. Keep only those where the "
         "dataset records what it says, in its own words."),
        (events.loc[events["source_says"].notna(), "id"].tolist(),
         "Those are the corrected events of the whole dataset. Keep only period 'p05'."),
        (_corrected(course)["title"].tolist(),
         "The right events, but those are their titles. Give their ids: the 'id' column."),
    ]


# --------------------------------------------------------------------------- 05.4


def _share_mentioned(events: pd.DataFrame) -> float:
    """Percentage of the given events that the fact sheet mentions."""
    return 100 * float(events["in_source_document"].mean())


def _positive(course: Course) -> pd.DataFrame:
    return _period(course)[_period(course)["signal"] > 0]


def _negative(course: Course) -> pd.DataFrame:
    return _period(course)[_period(course)["signal"] < 0]


def _share_gap(course: Course) -> float:
    return _share_mentioned(_positive(course)) - _share_mentioned(_negative(course))


def _mean_gap(course: Course) -> float:
    period = _period(course)
    means = period.groupby("in_source_document")["signal"].mean()
    return float(means[True] - means[False])


def _share_praise(course: Course) -> str:
    positive, negative = _positive(course), _negative(course)
    return (
        f"The fact sheet mentions {int(positive['in_source_document'].sum())} of the "
        f"{len(positive)} positive events of 2008-2009 "
        f"({format_number(_share_mentioned(positive))}%) but only "
        f"{int(negative['in_source_document'].sum())} of the {len(negative)} negative ones "
        f"({format_number(_share_mentioned(negative))}%). Remember what the rate measures: "
        "the course's choice of events and its coding as much as the fact sheet's."
    )


def _share_mistakes(course: Course) -> list[tuple[float, str]]:
    positive, negative = _positive(course), _negative(course)
    return [
        (_share_gap(course) / 100,
         "That is the right gap written as a fraction. The question asks for percentage "
         "points: multiply the shares by 100."),
        (-_share_gap(course),
         "The right size, but the wrong sign: take the positive events' share minus the "
         "negative events' share."),
        (_share_mentioned(positive),
         "That is the share of positive events the fact sheet mentions. Now subtract the "
         "share of negative ones."),
        (_share_mentioned(negative),
         "That is the share of negative events the fact sheet mentions. Subtract it from "
         "the share of positive ones."),
        (float(positive["in_source_document"].sum() - negative["in_source_document"].sum()),
         "That is a difference of counts. Compare shares: the mentioned events of each "
         "group divided by all the events of that group, times 100."),
        (_mean_gap(course),
         "That is the gap between the mean signals of the mentioned and the omitted events "
         "(question 04.4's measure). This question asks for shares of positive and negative "
         "events."),
    ]


# --------------------------------------------------------------------------- 05.5


def _change(course: Course, weights: dict[str, float] | None = WEIGHTS) -> float:
    return index_change(course, PERIOD, weights)


def _change_praise(course: Course) -> str:
    equal = _change(course, None)
    doubled = _change(course)
    steps = _period(course)[_period(course)["kind"] == "enlargement"]
    war = _period(course)["signal"].min()
    return (
        f"With enlargement weighted 2 the period ends {format_number(abs(doubled))} points "
        f"{'down' if doubled < 0 else 'up'}, against {format_number(abs(equal))} on equal "
        f"weights: each of its {len(steps)} enlargement steps now counts "
        f"{format_number(2 * steps['signal'].iloc[0])}, as much as an event coded "
        f"{format_number(war)}, the war among them. Whether it should is the argument the "
        "explorer lets you have."
    )


def _change_mistakes(course: Course) -> list[tuple[float, str]]:
    return reweighting_slips(course, PERIOD, WEIGHTS)


# --------------------------------------------------------------------------- lesson 05

QUESTIONS: list[Question] = [
    DateQuestion(
        id="05.1",
        task="lookup",
        template="date of an event by its title",
        stars=1,
        about="the day NATO declared that Georgia and Ukraine will become members",
        expected=lambda c: _day(c, DECLARATION),
        praise=_declaration_praise,
        mistakes=lambda c: [
            (_day(c, NRC_BUCHAREST),
             "That is the day of the NATO-Russia Council meeting, the one the fact sheet "
             "reports. The leaders' own Declaration came the day before."),
            (_day(c, STRASBOURG_KEHL),
             "That is the first day of the next summit, in 2009, which restated the promise. "
             "Look for the Bucharest summit of 2008."),
        ],
        hint="Find the row whose title mentions Georgia and Ukraine "
        "(.str.contains(...) on the 'title' column) and read its date.",
    ),
    DateQuestion(
        id="05.2",
        task="document",
        template="a date a document names",
        stars=2,
        about="the first day of the meeting that paragraph 23 names",
        expected=lambda c: _assessment_meeting(c)["date"].date(),
        praise=_assessment_praise,
        mistakes=_assessment_mistakes,
        hint="Paragraph 23 ends by naming a meeting of foreign ministers, with its month and "
        "year. Then look in course.events for a meeting of that month.",
    ),
    NamesQuestion(
        id="05.3",
        task="compute",
        template="rows where a column is filled in",
        stars=2,
        about="the events of 2008-2009 where the dataset records what the fact sheet says",
        expected=lambda c: _corrected(c)["id"].tolist(),
        praise=_corrected_praise,
        mistakes=_corrected_mistakes,
        hint="Two conditions joined with &: the period is 'p05', and the 'source_says' "
        "column is filled in (.notna()). Then take the 'id' column.",
    ),
    NumberQuestion(
        id="05.4",
        task="compute",
        template="shares of two groups compared",
        stars=2,
        about="the gap between the shares of positive and negative events the fact sheet "
        "mentions",
        expected=_share_gap,
        tolerance=0.5,
        praise=_share_praise,
        mistakes=_share_mistakes,
        hint="Keep the events of 'p05' with a signal above 0; the mean of their "
        "'in_source_document' column is the share the fact sheet mentions (True counts as "
        "1). Do the same for signals below 0, then subtract, in percentage points.",
    ),
    NumberQuestion(
        id="05.5",
        task="explorer",
        template="an index re-weighted in the explorer",
        stars=3,
        about="the change in the index over 2008-2009 with enlargement weighted 2",
        expected=_change,
        tolerance=0.05,
        praise=_change_praise,
        mistakes=_change_mistakes,
        hint="Run the explorer for period 'p05', move the Enlargement slider to 2 (or pass "
        "weights=...), and read the caption under the chart: the line moves from one value "
        "to another. Take the second minus the first.",
    ),
    WrittenQuestion(
        id="05.6",
        task="written",
        template="argue why a source chose its words",
        stars=3,
        about="why the fact sheet quotes the NRC meeting and not the Bucharest Declaration",
        hint="",
        rubric=(
            "Level 1, a claim: does it say plainly why the fact sheet quotes the NRC "
            "statement of 4 April rather than the Declaration of 3 April (or why that "
            "choice matters)?",
            "Level 2, evidence from the data: does it use a number or a named event from "
            "the dataset, such as your gap from 05.4 or an event the fact sheet leaves "
            "out?",
            "Level 3, evidence from a document: does it quote or cite a text it has read, "
            "such as paragraph 23 of the Declaration or the NRC statement's own list of "
            "disputes?",
            "Level 4, a counter-argument: does it give the best case for the fact sheet "
            "(a text on NATO-Russia relations citing a NATO-Russia text, or a "
            "public-diplomacy sheet that is short by design) and answer it?",
            "An answer that disagrees with the course's reading, for example that the "
            "choice of the NRC statement was natural for a sheet on NATO-Russia relations, "
            "earns full credit when it argues from the documents and the data.",
            "Does it keep to 150-200 words, and treat NATO's and Russia's statements alike "
            "as claims to test?",
        ),
    ),
]
