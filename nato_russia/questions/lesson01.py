"""Questions of lesson 01 (1990: the London Summit and the first outreach)."""

from __future__ import annotations

import pandas as pd

from nato_russia.data import Course
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
from nato_russia.questions.readers import and_list, format_date

# Ids of the records the lesson 01 questions are about.
PERIOD = "p01"
LONDON_DECLARATION = "doc-london-declaration"
LONDON_SUMMIT = "ev-1990-london-summit"
PARIS_SIGNING = "ev-1990-paris-joint-declaration"
NACC_MEETING = "ev-1991-nacc-inaugural"

# The six governments the London Declaration invited to liaison (see the London Summit
# event's correction), as the states that exist today: Czechoslovakia split into the
# Czech Republic and Slovakia, and Russia continued the Soviet Union's seat. The exercise
# gives students the same list (question 01.4).
INVITED_TODAY = ("Russia", "Czech Republic", "Slovakia", "Hungary", "Poland", "Bulgaria",
                 "Romania")
BY_END_OF = pd.Timestamp("2000-12-31")  # ten years after the London Summit


# --------------------------------------------------------------------------- 01.1


def _declaration_day(course: Course) -> pd.Timestamp:
    return course.documents.set_index("id").loc[LONDON_DECLARATION, "date"]


# --------------------------------------------------------------------------- 01.2


def _left_out_praise(course: Course) -> str:
    omitted = left_out(events_in(course, PERIOD))
    top = omitted.sort_values("signal", ascending=False).iloc[0]
    return (
        f"The fact sheet leaves out {len(omitted)} of the {len(events_in(course, PERIOD))} "
        f"events of 1990-1993. The one the dataset codes highest, {int(top['signal']):+d}, is "
        f"{top['title']!r} ({format_date(top['date'])}): the moment the London offer was "
        "accepted."
    )


# --------------------------------------------------------------------------- 01.3


def _days_to_paris(course: Course) -> int:
    """Days from the last day of the London Summit to the Paris signing."""
    return int((_event(course, PARIS_SIGNING)["date"]
                - _event(course, LONDON_SUMMIT)["end_date"]).days)


def _days_to_paris_praise(course: Course) -> str:
    paris = _event(course, PARIS_SIGNING)
    return (
        f"{_days_to_paris(course)} days, less than five months: the declaration proposed "
        f"in London was signed in {paris['place']} on {format_date(paris['date'])}, "
        "alongside the Treaty on Conventional Armed Forces in Europe."
    )


FROM_FIRST_DAY = (
    "That counts from the first day of the London Summit (its 'date'). The summit met over "
    "two days and adopted the Declaration on the last one: subtract its 'end_date' instead.")
BOTH_ENDS = (
    "That is one day too many, as if both the summit's last day and the signing day were "
    "counted. Subtracting one date from the other already gives the days between them: "
    "take .days of the difference, without adding 1.")


def _days_to_paris_mistakes(course: Course) -> list[tuple[float, str]]:
    london, paris = _event(course, LONDON_SUMMIT), _event(course, PARIS_SIGNING)
    nacc = _event(course, NACC_MEETING)
    from_first_day = (paris["date"] - london["date"]).days
    both_ends = _days_to_paris(course) + 1
    if from_first_day == both_ends:  # a two-day summit: the two slips give one number
        slips = [(both_ends, "That is one day too many. Either it counts from the first day "
                             "of the London Summit (its 'date') instead of its last "
                             "('end_date'), or it counts both the first and the last day: "
                             "subtracting one date from the other already gives the days "
                             "between them, so take .days of the difference without "
                             "adding 1.")]
    else:
        slips = [(from_first_day, FROM_FIRST_DAY), (both_ends, BOTH_ENDS)]
    return [
        *slips,
        (-_days_to_paris(course),
         "The sign is the wrong way round: subtract the earlier date from the later one "
         "(Paris minus London)."),
        ((nacc["date"] - london["end_date"]).days,
         "That is the time to the first meeting of the North Atlantic Cooperation Council. "
         "The question asks about the signing in Paris."),
        (paris["date"].month - london["end_date"].month,
         "That is a difference in months. Subtract the two dates themselves and take "
         ".days of the result."),
    ]


# --------------------------------------------------------------------------- 01.4


def _listed(course: Course) -> pd.Series:
    return course.accessions["country"].isin(INVITED_TODAY)


def _by_end_of(course: Course) -> pd.Series:
    return course.accessions["date"] <= BY_END_OF


def _countries(course: Course, keep: pd.Series) -> list[str]:
    return course.accessions.loc[keep, "country"].tolist()


def _invited_joined(course: Course) -> list[str]:
    return _countries(course, _listed(course) & _by_end_of(course))


def _waves(course: Course, keep: pd.Series) -> str:
    """'A, B and C on 12 March 1999; D on ...' for the accessions kept."""
    return "; ".join(f"{and_list(sorted(group['country']))} on {format_date(day)}"
                     for day, group in course.accessions[keep].groupby("date"))


def _invited_joined_praise(course: Course) -> str:
    joined = _invited_joined(course)
    later = course.accessions[_listed(course) & ~_by_end_of(course)].groupby("date")
    followed = "".join(f" {and_list(sorted(group['country']))} followed on {format_date(day)}."
                       for day, group in later)
    return (f"Ten years after London, {len(joined)} of the {len(INVITED_TODAY)} states had "
            f"joined: {_waves(course, _listed(course) & _by_end_of(course))}.{followed} "
            "Only Russia, the Soviet Union's successor, stayed outside.")


def _invited_joined_mistakes(course: Course) -> list[tuple[list[str], str]]:
    return [
        (_countries(course, _listed(course)),
         "Those are all the listed states that have joined up to today: the date filter is "
         "missing. Keep only the rows dated on or before 2000-12-31 as well, combining the "
         "two conditions with &."),
        (_countries(course, _listed(course) & ~_by_end_of(course)),
         "Those joined after the end of 2000: the date comparison points the wrong way. "
         "Keep the dates on or before 2000-12-31 (<=)."),
        (list(INVITED_TODAY),
         "That is the whole list you started from. Keep only the countries that appear in "
         "course.accessions with a date up to the end of 2000."),
        (_countries(course, _by_end_of(course)),
         "Those are all the members at the end of 2000, founders included. Keep only the "
         "countries on the list, with .isin(invited_today)."),
    ]


# --------------------------------------------------------------------------- 01.5


def _per_year(course: Course) -> list[int]:
    counts = events_in(course, PERIOD)["year"].value_counts()
    return counts.reindex(period_years(course, PERIOD), fill_value=0).astype(int).tolist()


def _per_year_mistakes(course: Course) -> list[tuple[list[int], str]]:
    with_events = [n for n in _per_year(course) if n]
    signals = events_in(course, PERIOD).sort_values("date")["signal"].tolist()
    return [
        (with_events,
         "These bars are right as far as they go, but the period runs from 1990 to 1993, "
         "and a year with no events needs a bar too, of height 0. "
         ".reindex(range(1990, 1994), fill_value=0) adds the missing years."),
        (signals,
         "Those are the signals of the events. Count the events in each year instead."),
    ]


QUESTIONS: list[Question] = [
    DateQuestion(
        id="01.1",
        stars=1,
        about="the day the London Declaration was adopted",
        expected=lambda c: _declaration_day(c).date(),
        praise=lambda c: (
            f"The allies adopted the London Declaration on {format_date(_declaration_day(c))}, "
            "the second day of the summit, as the declassified verbatim record shows."
        ),
        mistakes=lambda c: [
            (_event(c, LONDON_SUMMIT)["date"].date(),
             "That is the first day of the London Summit, the event's 'date'. The "
             "Declaration is a document: look it up in course.documents."),
        ],
        hint="The Declaration is a document, not an event: find the row of course.documents "
        "whose title contains 'London Declaration' and read its date.",
    ),
    NamesQuestion(
        id="01.2",
        stars=2,
        about="the ids of the events of 1990-1993 the fact sheet leaves out",
        expected=lambda c: left_out(events_in(c, PERIOD))["id"].tolist(),
        praise=_left_out_praise,
        mistakes=lambda c: [
            (events_in(c, PERIOD).loc[events_in(c, PERIOD)["in_source_document"], "id"].tolist(),
             "That is what the fact sheet mentions. You want the others: ~ flips True and "
             "False."),
            (events_in(c, PERIOD)["id"].tolist(),
             "Those are all the events of the period. Keep only those whose "
             "in_source_document is False."),
            (c.events.loc[~c.events["in_source_document"], "id"].tolist(),
             "Those are the events the fact sheet leaves out over the whole dataset. Keep "
             "only the period of this lesson, 'p01'."),
            (left_out(events_in(c, PERIOD))["title"].tolist(),
             "Those are the right events, but as titles. Give their ids: the 'id' column."),
        ],
        hint="Keep the rows of course.events whose period is 'p01' and whose "
        "in_source_document is False, then take the 'id' column.",
    ),
    NumberQuestion(
        id="01.3",
        stars=2,
        about="the number of days from the end of the London Summit to the Paris signing",
        expected=_days_to_paris,
        praise=_days_to_paris_praise,
        mistakes=_days_to_paris_mistakes,
        hint="Take the London Summit's 'end_date' and the Paris signing's 'date' from "
        "course.events, subtract the first from the second, and read .days.",
    ),
    NamesQuestion(
        id="01.4",
        stars=2,
        about="the listed states that had joined NATO by the end of 2000",
        expected=_invited_joined,
        praise=_invited_joined_praise,
        aliases={"czechia": "Czech Republic", "slovak republic": "Slovakia"},
        mistakes=_invited_joined_mistakes,
        hint="Keep the rows of course.accessions whose country is in the list "
        "(.isin(invited_today)) and whose date is on or before 2000-12-31, then take the "
        "'country' column.",
    ),
    BarChartQuestion(
        id="01.5",
        stars=3,
        about="the number of events in each year from 1990 to 1993",
        expected=_per_year,
        optional_zero_bars=False,
        praise="Your chart shows the period's events year by year, and the two empty years "
        "show where the record falls silent. An empty bar is a gap in the dataset, not proof "
        "that nothing happened.",
        order_hint="Put the years in order, 1990 first. value_counts() sorts by size; "
        ".sort_index() or .reindex(...) sorts by year.",
        mistakes=_per_year_mistakes,
        hint="Count the period's events per year with ['year'].value_counts(), add the "
        "years with none with .reindex(range(1990, 1994), fill_value=0), then draw them "
        "with ax.bar(counts.index, counts.values).",
    ),
    WrittenQuestion(
        id="01.6",
        stars=3,
        about="weighing the fact sheet's account of 1990",
        hint="",
        rubric=(
            "Does it say what the fact sheet's cut of the London quotation changes: a "
            "sentence of its own, stopped before the clause that ties the pledge to the UN "
            "Charter and the CSCE Final Act?",
            "Does it name at least one event the sheet leaves out (your answer to 01.2), "
            "such as the Paris signing of 19 November 1990, and say why it matters?",
            "Does it link the choices to the author and the moment: NATO's Public Diplomacy "
            "Division in 2014, with the dispute over what Moscow was told in 1990 left out?",
            "Does it say where the evidence itself is thin: a count that rests on the "
            "course's choice of events, no events recorded for 1992 and 1993?",
            "Does it keep fact and judgement apart (cut or selective is not the same as "
            "false), and say how you would check the sheet?",
        ),
    ),
]
