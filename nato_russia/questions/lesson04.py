"""Questions of lesson 04 (2002-2007): the NATO-Russia Council and what the fact sheet omits."""

from __future__ import annotations

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.lookups import day as _day
from nato_russia.questions.lookups import event as _event
from nato_russia.questions.lookups import events_in, left_out, mentioned, per_year, period_years
from nato_russia.questions.lookups import source_day as _source_day
from nato_russia.questions.question_types import (
    BarChartQuestion,
    DateQuestion,
    NamesQuestion,
    NumberQuestion,
    Question,
    WrittenQuestion,
)
from nato_russia.questions.readers import and_list, format_date, signed

# Ids of the records the lesson 04 questions are about.
PERIOD = "p04"
CFE_SUSPENSION = "ev-2007-cfe-suspension"
MUNICH_SPEECH = "ev-2007-munich-speech"
# NATO's news item on the NRC ministers' meeting that discussed the CFE decree.
NRC_MEETING_NEWS = "src-nato-update-2007-12-07"
# RIA Novosti's report of Putin's moratorium decree.
DECREE_REPORT = "src-ria-cfe-july-2007"


def _period(course: Course) -> pd.DataFrame:
    return events_in(course, PERIOD)


def _per_year(course: Course, how: str) -> list[float]:
    """A statistic of the signal per year of the period, 0 for years without events."""
    return per_year(course, PERIOD, how).astype(float).tolist()


def _per_year_without_gaps(course: Course, how: str) -> list[float]:
    """The same, but only for years that have events (what groupby gives unaided)."""
    return _period(course).groupby("year")["signal"].agg(how).astype(float).tolist()


def _empty_years(course: Course) -> list[int]:
    """The years of the period in which the dataset records no event."""
    recorded = set(_period(course)["year"])
    return [year for year in period_years(course, PERIOD) if year not in recorded]


def _empty_years_praise(course: Course) -> str:
    empty = _empty_years(course)
    if empty:
        years = " and ".join(str(year) for year in empty)
        return (f" The bar for {years} is 0 only because the dataset records no event "
                "there: an empty year, not a calm one.")
    return (" Every year has a recorded event, but a bar near 0 may still hide a busy year "
            "whose signals cancel out: look at the events behind each bar.")


def _gap_mistakes(course: Course) -> list[tuple[list[float], str]]:
    """Sums, counts and means drawn without the empty years (when the period has any)."""
    empty = _empty_years(course)
    if not empty:
        return []
    years = " and ".join(str(year) for year in empty)
    return [
        (_per_year_without_gaps(course, "sum"),
         f"The sums are right, but {years} is missing: groupby only makes a group for a year "
         "that has events. Add .reindex(range(2002, 2008), fill_value=0) to give every year "
         "its bar."),
        (_per_year_without_gaps(course, "count"),
         "Those bars count the events of each year. Add up their signals instead: .sum() on "
         "the 'signal' column."),
        (_per_year_without_gaps(course, "mean"),
         f"Those are the mean signals of each year. The question asks for the sum: use .sum() "
         f"instead of .mean(). And {years} needs its bar too."),
    ]


def _mean(frame: pd.DataFrame) -> float:
    return float(frame["signal"].mean())


def _gap(course: Course) -> float:
    return _mean(mentioned(_period(course))) - _mean(left_out(_period(course)))


def _whole_course_gap(course: Course) -> float:
    mentioned = course.events["in_source_document"]
    return _mean(course.events[mentioned]) - _mean(course.events[~mentioned])


def _quoted(titles: pd.Series) -> list[str]:
    return [f"'{title}'" for title in titles]


# --------------------------------------------------------------------------- lesson 04

QUESTIONS: list[Question] = [
    DateQuestion(
        id="04.1",
        stars=1,
        about="the day Russia's suspension of the CFE Treaty took effect",
        expected=lambda c: _day(c, CFE_SUSPENSION),
        praise=lambda c: (
            "Russia stopped applying the CFE Treaty on "
            f"{format_date(_day(c, CFE_SUSPENSION))}. The dataset "
            f"marks the date as '{_event(c, CFE_SUSPENSION)['confidence']}' confidence, "
            f"backed by {len(_event(c, CFE_SUSPENSION)['sources'])} sources: its "
            "'correction' field says why."
        ),
        mistakes=lambda c: [
            (_day(c, MUNICH_SPEECH),
             "That is the day of Putin's Munich speech. He complained there that NATO states "
             "had not ratified the adapted treaty, but he suspended nothing. Look for the row "
             "whose title mentions the CFE Treaty."),
            (_source_day(c, NRC_MEETING_NEWS),
             "That is the day of the NRC meeting at which NATO foreign ministers voiced their "
             "concern about Putin's decree. The suspension took effect a few days later."),
            (_source_day(c, DECREE_REPORT),
             "That is the date of a report on Putin's decree of July 2007. The decree set a "
             "delay of 150 days: the question asks when the suspension took effect."),
        ],
        hint="Find the row of course.events whose title contains 'CFE' "
        "(.str.contains(...)) and read its date.",
    ),
    NamesQuestion(
        id="04.2",
        stars=2,
        about="the events of 2002-2007 that the fact sheet leaves out",
        expected=lambda c: left_out(_period(c))["id"].tolist(),
        praise=lambda c: (
            f"Of the {len(_period(c))} events of 2002-2007, the fact sheet mentions only "
            f"{len(mentioned(_period(c)))}: "
            f"{and_list(_quoted(mentioned(_period(c))['title']))}. Of the "
            f"{len(left_out(_period(c)))} it leaves out, "
            f"{int((left_out(_period(c))['signal'] < 0).sum())} have a negative signal, both "
            "enlargement steps among them."
        ),
        mistakes=lambda c: [
            (mentioned(_period(c))["id"].tolist(),
             "Those are the events the fact sheet mentions. You want the others: ~ in front "
             "of a True/False column flips it."),
            (_period(c)["id"].tolist(),
             "That is every event of the period. Keep only those whose in_source_document "
             "is False."),
            (left_out(_period(c))["title"].tolist(),
             "The right events, but those are their titles. Give their ids: the 'id' column."),
            (c.events.loc[~c.events["in_source_document"], "id"].tolist(),
             "Those are the events the fact sheet leaves out across the whole dataset. Keep "
             "only the period of this lesson: course.events['period'] == 'p04'."),
        ],
        hint="Combine two conditions with &, each in brackets: the period is 'p04', and "
        "in_source_document is False (~ flips True and False). Then take the 'id' column.",
    ),
    BarChartQuestion(
        id="04.3",
        stars=2,
        about="the net signal of each year from 2002 to 2007",
        expected=lambda c: _per_year(c, "sum"),
        optional_zero_bars=False,
        praise=lambda c: (
            f"Your chart shows the net signal going from {signed(_per_year(c, 'sum')[0])} in "
            f"{period_years(c, PERIOD)[0]} to {signed(_per_year(c, 'sum')[-1])} in "
            f"{period_years(c, PERIOD)[-1]}.{_empty_years_praise(c)}"
        ),
        order_hint="Put the years in order, 2002 first. groupby sorts its groups for you; "
        "value_counts() does not.",
        mistakes=lambda c: [
            (_per_year(c, "count"),
             "Those bars count the events of each year. Add up their signals instead: "
             ".sum() on the 'signal' column."),
            (_per_year(c, "mean"),
             "Those are the mean signals of each year. The question asks for the sum: "
             "use .sum() instead of .mean()."),
            *_gap_mistakes(c),
        ],
        hint="Keep the events of period 'p04', then "
        "events.groupby('year')['signal'].sum() adds up each year's signals. "
        ".reindex(range(2002, 2008), fill_value=0) gives any year without events its bar.",
    ),
    NumberQuestion(
        id="04.4",
        stars=3,
        about="the gap between the mean signals of the mentioned and the omitted events",
        expected=_gap,
        tolerance=0.005,
        praise=lambda c: (
            f"The {len(mentioned(_period(c)))} events of 2002-2007 that the fact sheet "
            f"mentions have a mean signal of {signed(_mean(mentioned(_period(c))))}; the "
            f"{len(left_out(_period(c)))} it leaves out, "
            f"{signed(_mean(left_out(_period(c))))}. Over the whole dataset the gap is "
            f"{_whole_course_gap(c):.2f}, so in these six years the fact sheet's choice of "
            f"events tilts the picture {'more' if _gap(c) > _whole_course_gap(c) else 'less'} "
            "than usual: read alone, it shows a warmer relationship than the record does."
        ),
        mistakes=lambda c: [
            (_mean(mentioned(_period(c))),
             "That is the mean signal of the events the fact sheet mentions. Now subtract the "
             "mean of those it leaves out."),
            (_mean(left_out(_period(c))),
             "That is the mean signal of the events the fact sheet leaves out. Subtract it "
             "from the mean of those it mentions."),
            (-_gap(c),
             "The right size, but the wrong sign: take the mentioned events' mean minus the "
             "omitted events' mean."),
            (_mean(_period(c)),
             "That is the mean signal of all the period's events. Split them by "
             "in_source_document first, with groupby."),
            (float(mentioned(_period(c))["signal"].sum() - left_out(_period(c))["signal"].sum()),
             "That is a difference of sums. The two groups have different numbers of events, "
             "so compare their means: .mean() instead of .sum()."),
            (_whole_course_gap(c),
             "That is the gap over the whole dataset. Keep only the events of 2002-2007 "
             "(period 'p04') first."),
        ],
        hint="Keep the events of period 'p04'. "
        "events.groupby('in_source_document')['signal'].mean() gives one mean for False and "
        "one for True; subtract the False one from the True one.",
        several_hint="Those look like one mean per group. Take the two out of the Series and "
        "subtract: means[True] - means[False] gives the gap, mentioned minus omitted.",
    ),
    WrittenQuestion(
        id="04.5",
        stars=3,
        about="weighing the fact sheet's account of the NATO-Russia Council",
        hint="",
        rubric=(
            "Does it separate what can be checked (how the council worked, how it decided) "
            "from what is praise ('unique', 'privileged', 'no other partner')?",
            "Does it check the first part against the Rome Declaration and other sources: "
            "the council did decide by consensus, as 'equal partners', but only on the "
            "subjects the twenty took up together, and Russia had no veto over NATO's own "
            "decisions?",
            "Does it say why no document can confirm 'no other partner has ever been offered "
            "such a privileged partnership', and what the sentence does in a text of 2014?",
            "Does it use evidence from the data: your gap from 04.4, or a named event from "
            "04.2 that the fact sheet leaves out?",
            "Does it keep fact and judgement apart: promotional is not the same as false, and "
            "Russian official accounts are claims to test as well?",
        ),
    ),
]
