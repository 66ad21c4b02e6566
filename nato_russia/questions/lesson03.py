"""Questions of lesson 03 (1997-2001): the Founding Act, enlargement and Kosovo."""

from __future__ import annotations

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.lookups import day as _day
from nato_russia.questions.lookups import days_between as _days_between
from nato_russia.questions.lookups import event as _event
from nato_russia.questions.lookups import events_in as _events_in
from nato_russia.questions.lookups import per_year
from nato_russia.questions.question_types import (
    BarChartQuestion,
    DateQuestion,
    NamesQuestion,
    NumberQuestion,
    Question,
    WrittenQuestion,
)
from nato_russia.questions.readers import format_date

# Ids of the records the lesson 03 questions are about.
PERIOD = "p03"
FOUNDING_ACT = "ev-1997-founding-act"
FIRST_PJC = "ev-1997-first-pjc-meeting"
MADRID = "ev-1997-madrid-invitations"
ACCESSION_1999 = "ev-1999-first-enlargement-accession"
KOSOVO = "ev-1999-kosovo-air-campaign"
PRISTINA = "ev-1999-pristina-kfor"
PJC_AFTER_911 = "ev-2001-pjc-statement-911"




# --------------------------------------------------------------------------- 03.2


def _madrid_praise(course: Course) -> str:
    days = _days_between(course, FOUNDING_ACT, MADRID)
    words = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    weeks = words[days // 7 - 1] if 7 <= days < 70 else str(days // 7)
    exactly = f" (exactly {weeks} weeks)" if days % 7 == 0 else ""
    return (
        f"{days} days{exactly} after it signed a charter with Russia, NATO invited the Czech "
        "Republic, Hungary and Poland to join. They became members "
        f"{_days_between(course, MADRID, ACCESSION_1999)} days after the invitations, once "
        "every Ally had ratified."
    )


# --------------------------------------------------------------------------- 03.3


def _area_rows(course: Course, event_id: str, effect: str | None = None) -> pd.DataFrame:
    """The rows of course.cooperation for one event (and one effect), joined to their areas."""
    rows = course.cooperation[course.cooperation["event"] == event_id]
    if effect is not None:
        rows = rows[rows["effect"] == effect]
    return rows.merge(course.areas, left_on="area", right_on="id")


def _suspended_names(course: Course) -> list[str]:
    return _area_rows(course, KOSOVO, "suspended")["name"].tolist()


def _suspended_praise(course: Course) -> str:
    suspended = _suspended_names(course)
    kept = [name for name in _area_rows(course, FOUNDING_ACT)["name"] if name not in suspended]
    text = f"All {len(suspended)} were areas the Founding Act had opened."
    if kept:
        text += (f" {' and '.join(kept)}, which the Act only expanded, was not suspended: "
                 "Russian troops stayed in Bosnia through the bombing and joined KFOR in "
                 f"{_event(course, PRISTINA)['date']:%B %Y}.")
    return text


# --------------------------------------------------------------------------- 03.4


def _signal_mistakes(course: Course) -> list[tuple[list[float], str]]:
    """Counts and averages instead of totals, drawn with or without the empty years."""
    with_events = set(_events_in(course, PERIOD)["year"])
    hints = {
        "count": "Those bars count the events of each year. Add up their signals instead: "
        "take the 'signal' column before .sum().",
        "mean": "Those bars are the average signal per event. The question asks for the "
        "total: use .sum() instead of .mean().",
    }
    mistakes = []
    for how, hint in hints.items():
        values = per_year(course, PERIOD, how)
        mistakes.append(([float(v) for v in values], hint))
        mistakes.append(([float(v) for year, v in values.items() if year in with_events], hint))
    return mistakes


def _signal_praise(course: Course) -> str:
    sums = per_year(course, PERIOD, "sum")
    low = int(sums.idxmin())
    gap = _days_between(course, ACCESSION_1999, KOSOVO)
    ends = ("The period opens and closes above zero and falls"
            if sums.iloc[0] > 0 and sums.iloc[-1] > 0 else "The period's totals fall")
    return (
        f"{ends} to {int(sums[low]):+d} in {low}, the year of an enlargement and a war "
        f"{gap} days apart. The signals are the course's coding, a judgement you can argue "
        "with (see the rubric in data/README.md)."
    )


# --------------------------------------------------------------------------- 03.5


def _first_positive_after(course: Course, event_id: str, at_least: int = 1) -> pd.Series:
    """The first event after ``event_id`` whose signal is at least ``at_least``."""
    start = _event(course, event_id)["date"]
    later = course.events[(course.events["date"] > start)
                          & (course.events["signal"] >= at_least)]
    return later.sort_values("date").iloc[0]


def _days_to_thaw(course: Course) -> int:
    return (_first_positive_after(course, KOSOVO)["date"] - _event(course, KOSOVO)["date"]).days


def _suspension_days(course: Course) -> set[int]:
    """How long each area the air campaign suspended stayed suspended, in days."""
    rows = course.cooperation
    suspended = rows[(rows["event"] == KOSOVO) & (rows["effect"] == "suspended")]
    resumed = rows[(rows["effect"] == "resumed") & rows["area"].isin(suspended["area"])
                   & (rows["date"] > _event(course, KOSOVO)["date"])]
    back = resumed.groupby("area")["date"].min()
    return {(day - _event(course, KOSOVO)["date"]).days for day in back}


def _thaw_praise(course: Course) -> str:
    days = _days_to_thaw(course)
    thaw = _first_positive_after(course, KOSOVO)
    text = f"{days} days, to {thaw['title']!r} on {format_date(thaw['date'])}."
    suspended = _suspension_days(course)
    if suspended == {days}:
        text += (" That is exactly how long the four areas stayed suspended in the lesson's "
                 "table: the coded signals and the cooperation records, kept separately, "
                 "tell the same story.")
    elif suspended:
        text += (f" Yet the areas the campaign froze stayed suspended for {max(suspended)} "
                 "days, as the lesson's table shows: a positive signal is not the same as "
                 "cooperation restored.")
    return text


def _thaw_mistakes(course: Course) -> list[tuple[float, str]]:
    kosovo = _event(course, KOSOVO)["date"]
    thaw = _first_positive_after(course, KOSOVO)
    neutral = _first_positive_after(course, KOSOVO, at_least=0)
    mistakes: list[tuple[float, str]] = [
        (0, "That is the air campaign measured against itself. Keep only the events dated "
            "after it (>, not >=) whose signal is above 0."),
        (-_days_to_thaw(course), "The right size, but negative: subtract the air campaign's "
                                 "date from the later one."),
        (round(_days_to_thaw(course) / 365.25, 1),
         "That looks like years. Give the answer in days: (later - earlier).days."),
        ((thaw["date"] - _event(course, ACCESSION_1999)["date"]).days,
         "That counts from the accession of 12 March 1999. Start from the day the air "
         "campaign began."),
    ]
    if neutral["id"] != thaw["id"]:
        mistakes.append((
            (neutral["date"] - kosovo).days,
            f"That runs to {format_date(neutral['date'])}, {neutral['title']!r}, whose signal is "
            f"{neutral['signal']}: neutral, not positive. Keep only signals above 0 (> 0).",
        ))
    return mistakes


# --------------------------------------------------------------------------- lesson 03

QUESTIONS: list[Question] = [
    DateQuestion(
        id="03.1",
        stars=1,
        about="the day the Permanent Joint Council first met",
        expected=lambda c: _day(c, FIRST_PJC),
        praise=lambda c: (
            f"The PJC's ambassadors first met in {_event(c, FIRST_PJC)['place']} on "
            f"{format_date(_event(c, FIRST_PJC)['date'])}, "
            f"{_days_between(c, FOUNDING_ACT, FIRST_PJC)} days after the Act that created "
            "the council, and adopted its rules of procedure."
        ),
        mistakes=lambda c: [
            (_day(c, FOUNDING_ACT),
             "That is the day the Founding Act was signed: it created the council, which met "
             "later. Look for an event whose title names the Permanent Joint Council."),
            (_day(c, PJC_AFTER_911),
             "That is the council's extraordinary session after 11 September 2001. You want "
             "its first meeting: the earliest of the events that name it."),
            (_day(c, MADRID),
             "That is the day of the Madrid invitations. Look for an event whose title names "
             "the Permanent Joint Council."),
        ],
        hint="Keep the rows of course.events whose title contains 'Permanent Joint Council' "
        "and take the earliest date (.min()).",
    ),
    NumberQuestion(
        id="03.2",
        stars=2,
        about="the number of days from the Founding Act to the Madrid invitations",
        expected=lambda c: _days_between(c, FOUNDING_ACT, MADRID),
        praise=_madrid_praise,
        mistakes=lambda c: [
            ((_event(c, MADRID)["end_date"] - _event(c, FOUNDING_ACT)["date"]).days,
             "That counts to the last day of the summit (end_date). The invitations were "
             "issued on its first day: use the 'date' column."),
            (-_days_between(c, FOUNDING_ACT, MADRID),
             "The right size, but negative: subtract the Founding Act's date from the later "
             "date."),
            (_days_between(c, FOUNDING_ACT, MADRID) / 7,
             "That is the number of weeks. Give the answer in days: (later - earlier).days."),
            (_days_between(c, FOUNDING_ACT, FIRST_PJC),
             "That runs to the first meeting of the Permanent Joint Council. You want the "
             "Madrid Summit, where the invitations were made."),
            (_days_between(c, FOUNDING_ACT, ACCESSION_1999),
             "That runs to the day the three countries joined, in 1999. The question asks "
             "about the invitations, at Madrid in 1997."),
        ],
        hint="Read two dates from course.events: the Founding Act's and the Madrid Summit's. "
        "Subtracting one Timestamp from another gives a Timedelta; its .days is the number "
        "of days.",
    ),
    NamesQuestion(
        id="03.3",
        stars=2,
        about="the areas the Kosovo air campaign suspended",
        expected=_suspended_names,
        praise=_suspended_praise,
        mistakes=lambda c: [
            (_area_rows(c, KOSOVO, "suspended")["area"].tolist(),
             "Those are the areas' ids. Join your rows to course.areas with .merge(..., "
             "left_on='area', right_on='id') and take the 'name' column."),
            (_area_rows(c, FOUNDING_ACT)["name"].tolist(),
             "Those are the areas the Founding Act touched. Start from the air campaign's "
             "rows of course.cooperation instead."),
            (c.areas.loc[c.areas["stop_kind"] == "suspended", "name"].tolist(),
             "Those are the areas that were suspended in the end, in 2014. Use "
             "course.cooperation, which records each suspension with the event that caused it."),
        ],
        hint="In course.cooperation keep the rows whose event is 'ev-1999-kosovo-air-campaign' "
        "and whose effect is 'suspended'; merge them with course.areas to get the names.",
    ),
    BarChartQuestion(
        id="03.4",
        stars=2,
        about="the total signal of each year from 1997 to 2001",
        expected=lambda c: per_year(c, PERIOD, "sum").tolist(),
        praise=_signal_praise,
        order_hint="Put the years in order, 1997 first, left to right. groupby sorts by year "
        "for you; value_counts does not.",
        mistakes=_signal_mistakes,
        hint="Keep the events of the period (period == 'p03'), then "
        "groupby('year')['signal'].sum() gives one total per year. Draw it with "
        "ax.bar(totals.index, totals.values).",
    ),
    NumberQuestion(
        id="03.5",
        stars=3,
        about="the number of days from the start of the air campaign to the next positive "
        "signal",
        expected=_days_to_thaw,
        praise=_thaw_praise,
        mistakes=_thaw_mistakes,
        hint="Take the air campaign's date. Keep the events dated after it with a signal "
        "above 0, find the earliest of their dates (.min()), and subtract: "
        "(later - earlier).days.",
    ),
    WrittenQuestion(
        id="03.6",
        stars=3,
        about="weighing the fact sheet's account of 1997-2001",
        hint="",
        rubric=(
            "Does it say what the fact sheet does report well: the Founding Act's date, "
            "place, principles, fields of cooperation and the Permanent Joint Council?",
            "Does it name what the sheet leaves out of 1997-2001, with evidence from the "
            "data: the Madrid invitations, the 1999 accession, the Kosovo air campaign, the "
            "Russian suspension or the Robertson visit?",
            "Does it explain how the omission changes the story: enlargement is the context "
            "that explains why the Act was negotiated, and the first rupture drops out?",
            "Does it bring in a voice the sheet does not give, such as Moscow's condemnation "
            "of the air campaign, Sergeyev's conditions, or the Central European states, "
            "with its source?",
            "Does it keep fact and judgement apart: accurate on what it says, selective in "
            "what it chooses, and the signal coding itself a judgement?",
        ),
    ),
]
