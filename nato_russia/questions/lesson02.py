"""Questions of lesson 02 (1994-1996): Partnership for Peace and who joined it first."""

from __future__ import annotations

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.lookups import day, events_in, timestamp
from nato_russia.questions.lookups import days_between as _days
from nato_russia.questions.lookups import event as _event
from nato_russia.questions.question_types import (
    BarChartQuestion,
    DateQuestion,
    NamesQuestion,
    NumberQuestion,
    Question,
    WrittenQuestion,
)
from nato_russia.questions.readers import format_date

# Ids of the records the lesson 02 questions are about.
PERIOD = "p02"
LAUNCH = "ev-1994-brussels-summit-pfp"
ROMANIA_SIGNS = "ev-1994-romania-first-pfp"
RUSSIA_SIGNS = "ev-1994-russia-joins-pfp"
NOORDWIJK = "ev-1995-russia-ipp-noordwijk"


def _on(course: Course, event_id: str) -> str:
    """An event's day written the course's way: '26 January 1994'."""
    return format_date(day(course, event_id))



def _period_ids(course: Course, in_source: bool | None = None) -> list[str]:
    """Ids of the period's events: all, or those the fact sheet does (not) mention."""
    events = events_in(course, PERIOD)
    if in_source is not None:
        events = events[events["in_source_document"] == in_source]
    return events["id"].tolist()


def _agreements(course: Course) -> pd.DataFrame:
    """The period's agreements, in date order."""
    events = events_in(course, PERIOD)
    return events[events["kind"] == "agreement"].sort_values("date")


def _days_after(frame: pd.DataFrame, start: pd.Timestamp) -> list[int]:
    """Whole days from ``start`` to each event of ``frame``, in date order."""
    return (frame.sort_values("date")["date"] - start).dt.days.tolist()


def _left_out_praise(course: Course) -> str:
    events = events_in(course, PERIOD)
    mentioned = events[events["in_source_document"]]
    corrected = int(mentioned["source_says"].notna().sum())
    if corrected == len(mentioned):
        errs = f"Each of the {corrected} it does mention carries a correction"
    else:
        errs = f"Of the {len(mentioned)} it does mention, {corrected} carry a correction"
    return (
        f"The fact sheet leaves out {len(events) - len(mentioned)} of the {len(events)} events "
        "of these years: the first signature, Russia's delayed programme and the Bosnia "
        f"deployment. {errs} in the dataset (see the source_says and correction columns)."
    )


def _programme_praise(course: Course) -> str:
    return (
        f"Russia's programme was accepted {_days(course, RUSSIA_SIGNS, NOORDWIJK)} days after "
        f"it signed, and {_days(course, ROMANIA_SIGNS, NOORDWIJK)} days after Romania became "
        "the first partner to sign. A German federal chronicle says Kozyrev had held the "
        "programme back in protest at NATO's enlargement plans."
    )


def _chart_praise(course: Course) -> str:
    romania, russia, programme = (_days(course, LAUNCH, e)
                                  for e in (ROMANIA_SIGNS, RUSSIA_SIGNS, NOORDWIJK))
    return (
        f"Your chart shows the queue: Romania signed {romania} days after the launch, Russia "
        f"{russia} days after it, and Russia's own programme followed only after {programme} "
        "days. Romania, first in the queue, went on to join NATO itself on "
        f"{_joined(course, 'Romania')}."
    )


def _joined(course: Course, country: str) -> str:
    return format_date(course.accessions.set_index("country").loc[country, "date"])


# --------------------------------------------------------------------------- lesson 02

QUESTIONS: list[Question] = [
    DateQuestion(
        id="02.1",
        stars=1,
        about="the day Partnership for Peace was launched",
        expected=lambda c: day(c, LAUNCH),
        praise=lambda c: (
            f"Allied leaders launched Partnership for Peace in {_event(c, LAUNCH)['place']} on "
            f"{_on(c, LAUNCH)}, the first day of a summit that ended the next day: the "
            "Invitation says 'We have today launched'. The fact sheet gives the second day, the "
            "day of the Summit Declaration: imprecise rather than wrong."
        ),
        mistakes=lambda c: [
            (_event(c, LAUNCH)["end_date"].date(),
             "That is the day the summit ended and its Declaration recorded the decision, the "
             "date the fact sheet gives, and it can be defended. But the Invitation dates the "
             "launch a day earlier, and so does the dataset: read 'date', not 'end_date'."),
            (day(c, ROMANIA_SIGNS),
             "That is the day Romania signed, the first partner to do so. The programme was "
             "launched earlier, at a summit: look for the title that says 'launches'."),
            (day(c, RUSSIA_SIGNS),
             "That is the day Russia signed, the date the fact sheet builds its 'first' claim "
             "on. The programme was launched months earlier, at a summit."),
        ],
        hint="Find the row of course.events whose title contains 'launches Partnership for "
        "Peace' and read its 'date' column.",
    ),
    NamesQuestion(
        id="02.2",
        stars=2,
        about="the 1994-1996 events the fact sheet leaves out",
        expected=lambda c: _period_ids(c, in_source=False),
        praise=_left_out_praise,
        mistakes=lambda c: [
            (_period_ids(c, in_source=True),
             "Those are the events the fact sheet mentions. You want the others: ~ flips True "
             "and False."),
            (_period_ids(c),
             "That is every event of 1994-1996. Keep only those whose in_source_document is "
             "False."),
        ],
        hint="Keep the rows of course.events whose period is 'p02' and whose "
        "in_source_document is False (combine the two with &), then take the 'id' column.",
    ),
    NumberQuestion(
        id="02.3",
        stars=2,
        about="the number of days from Russia's signature to the acceptance of its programme",
        expected=lambda c: _days(c, RUSSIA_SIGNS, NOORDWIJK),
        praise=_programme_praise,
        mistakes=lambda c: [
            (-_days(c, RUSSIA_SIGNS, NOORDWIJK),
             "Your count is negative: you subtracted the later date from the earlier one. Take "
             "the Noordwijk date minus the date of Russia's signature."),
            (_days(c, ROMANIA_SIGNS, RUSSIA_SIGNS),
             "That is the gap between Romania's signature and Russia's, which the lesson worked "
             "out. This question starts at Russia's signature and ends at Noordwijk."),
            (_days(c, ROMANIA_SIGNS, NOORDWIJK),
             f"That counts from Romania's signature ({_on(c, ROMANIA_SIGNS)}). Start from "
             f"Russia's own signature, on {_on(c, RUSSIA_SIGNS)}."),
            (_days(c, LAUNCH, NOORDWIJK),
             f"That counts from the launch of PfP ({_on(c, LAUNCH)}). Start from Russia's own "
             f"signature, on {_on(c, RUSSIA_SIGNS)}."),
        ],
        hint="Read two dates from course.events: the event whose title contains 'Kozyrev "
        "signs' and the one whose title contains 'Noordwijk'. Subtract the earlier from the "
        "later and take .days of the result.",
    ),
    BarChartQuestion(
        id="02.4",
        stars=3,
        about="the days from the launch of PfP to each agreement of 1994-1996",
        expected=lambda c: _days_after(_agreements(c), timestamp(c, LAUNCH)),
        praise=_chart_praise,
        order_hint="Put the agreements in date order, the earliest first: sort them with "
        ".sort_values('date') before you draw.",
        mistakes=lambda c: [
            (_days_after(_agreements(c), timestamp(c, ROMANIA_SIGNS)),
             "Those count from Romania's signature. Count from the launch of PfP: the date of "
             "the Brussels Summit."),
            (_days_after(_agreements(c),
                         pd.Timestamp(_event(c, LAUNCH)["end_date"])),
             "Those count from the summit's last day (its end_date), the date the fact sheet "
             "gives. PfP was launched on the first day: use the 'date' column."),
            ([-d for d in _days_after(_agreements(c), timestamp(c, LAUNCH))],
             "Your bars are negative: subtract the launch date from each agreement's date, not "
             "the other way round."),
            (_days_after(events_in(c, PERIOD)[lambda e: e["kind"].isin(
                ["agreement", "summit"])], timestamp(c, LAUNCH)),
             "One bar is for the summit itself. Keep only the events whose kind is "
             "'agreement'."),
            (_days_after(events_in(c, PERIOD), timestamp(c, LAUNCH)),
             "You have a bar for every event of 1994-1996. Keep only the agreements "
             "(kind == 'agreement'): the summit is the starting point, and the Bosnia "
             "deployment is cooperation, dated only to the month."),
            (_days_after(events_in(c, PERIOD)[lambda e: e["id"] != LAUNCH],
                         timestamp(c, LAUNCH)),
             "One bar too many: the Bosnia deployment is cooperation, not an agreement, and is "
             "dated only to the month. Keep only kind == 'agreement'."),
        ],
        hint="First the launch date: the 'date' of the event whose title contains 'launches "
        "Partnership for Peace'. Then keep the events of period 'p02' whose kind is "
        "'agreement', sort them by date, and compute (agreements['date'] - launch).dt.days. "
        "Draw those with ax.bar(labels, days), then add a title and axis labels.",
    ),
    WrittenQuestion(
        id="02.5",
        stars=3,
        about="weighing the fact sheet's claim that Russia was first to join",
        hint="",
        rubric=(
            "Does it correct the claim: Romania signed first, on 26 January 1994, and about "
            "twenty states signed before Russia did on 22 June 1994?",
            "Does it use evidence from the data, such as the days between Romania's signature "
            "and Russia's, or your count in 02.3?",
            "Does it rest the correction on records made at the time by different authors "
            "(NATO's own 1994 chronology, the Istanbul communiqué, the press of the day), not "
            "on one source?",
            "Does it offer a possible cause (the special NATO-Russia dialogue agreed the same "
            "day) and present it as a suggestion, not a finding?",
            "Does it say why the error matters in a 2014 text: it makes Russia look like PfP's "
            "keenest partner, sharpening the later charge of a breach, and hides the Central "
            "Europeans who hoped PfP would lead to membership?",
        ),
    ),
]
