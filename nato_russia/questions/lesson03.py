"""Questions of lesson 03 (1997-2001): the Founding Act, enlargement and Kosovo."""

from __future__ import annotations

import re

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.choices import Choice
from nato_russia.questions.lookups import day as _day
from nato_russia.questions.lookups import days_between as _days_between
from nato_russia.questions.lookups import event as _event
from nato_russia.questions.lookups import events_in as _events_in
from nato_russia.questions.lookups import per_year, period_years
from nato_russia.questions.question_types import (
    BarChartQuestion,
    DateQuestion,
    NamesQuestion,
    NumberQuestion,
    Question,
    WrittenQuestion,
)
from nato_russia.questions.readers import and_list, format_date, signed
from nato_russia.questions.record_kinds import SourcingQuestion

# Ids of the records the lesson 03 questions are about.
PERIOD = "p03"
FOUNDING_ACT = "ev-1997-founding-act"
FIRST_PJC = "ev-1997-first-pjc-meeting"
MADRID = "ev-1997-madrid-invitations"
ACCESSION_1999 = "ev-1999-first-enlargement-accession"
KOSOVO = "ev-1999-kosovo-air-campaign"
PRISTINA = "ev-1999-pristina-kfor"
PJC_AFTER_911 = "ev-2001-pjc-statement-911"
# The sentence of section IV that 03.2 sends students to read.
NUCLEAR_PLEDGE = "q-founding-act-nuclear-pledge"
# NATO's council cited the Act's commitments when Russia invaded Ukraine in full.
FULL_SCALE_INVASION = "ev-2022-full-scale-invasion"
# The kind 03.5 recodes, and the signal it is given: security gained, as the new members saw it.
RECODED_KIND = "enlargement"
RECODED_SIGNAL = 1


def _one_hint_per_value(slips: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """Join the hints of slips that give the same number, so that neither is lost.

    The first matching mistake wins when a number is judged; two slips that happen to
    land on one number would otherwise show only the first slip's hint.
    """
    merged: dict[float, list[str]] = {}
    for value, hint in slips:
        merged.setdefault(float(value), []).append(hint)
    return [(value, hints[0] if len(hints) == 1
             else "More than one slip gives this number. " + " ".join(hints))
            for value, hints in merged.items()]


# --------------------------------------------------------------------------- 03.2


def _pledge(course: Course) -> pd.Series:
    return course.quotations.set_index("id").loc[NUCLEAR_PLEDGE]


def _three_nos(course: Course) -> list[str]:
    """The nouns of the pledge's "no ..., no ... and no ...", read from its text."""
    return re.findall(r"\bno (\w+)", _pledge(course)["text"])


def _pledge_praise(course: Course) -> str:
    quote = _pledge(course)
    signed_on = course.documents.set_index("id").loc[quote["document"], "date"].date()
    days = _days_between(course, FOUNDING_ACT, MADRID)
    invasion = _event(course, FULL_SCALE_INVASION)
    return (
        f"'{quote['text']}' (the Founding Act, {quote['location']}, "
        f"{format_date(signed_on)}). The pledge was made {days} days before "
        "NATO invited its first new members at Madrid, to tell Moscow what enlargement "
        "would not bring. It is still argued over: a political commitment, not a treaty, "
        "it is read by some as a concession won by Russia, and in "
        f"{invasion['date']:%Y} NATO's council called Russia's invasion of Ukraine contrary "
        "to its commitments in the Act."
    )


def _pledge_mistakes(course: Course) -> list[tuple[list[str], str]]:
    nouns = _three_nos(course)
    return [
        ([f"no {noun}" for noun in nouns],
         "The right words, but with 'no' in front. Store only the noun that follows each "
         "'no'."),
        ([*nouns, "need"],
         "'need' belongs to the rest of the sentence, about NATO's nuclear posture. The "
         "pledge on new members' territory is the part with 'no' three times, before 'to "
         "deploy'."),
    ]


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


def _suspended_mistakes(course: Course) -> list[tuple[list[str], str]]:
    return [
        (_area_rows(course, KOSOVO, "suspended")["area"].tolist(),
         "Those are the areas' ids. Give their names as the chart's rows (and the 'name' "
         "column of course.areas) write them."),
        (_area_rows(course, FOUNDING_ACT)["name"].tolist(),
         "That is every area in the chart. Look along each bar at March 1999: one of them "
         "has no 'suspended' mark there."),
        (course.areas.loc[course.areas["stop_kind"] == "suspended", "name"].tolist(),
         "Those are the areas that were suspended in the end, in 2014. Keep to the marks of "
         "March 1999; in course.cooperation, each suspension is recorded with the event that "
         "caused it."),
    ]


# --------------------------------------------------------------------------- 03.4


def _empty_years(course: Course) -> list[int]:
    """The years of the period in which the dataset records no event."""
    recorded = set(_events_in(course, PERIOD)["year"])
    return [year for year in period_years(course, PERIOD) if year not in recorded]


def _signal_mistakes(course: Course) -> list[tuple[list[float], str]]:
    """Counts and averages instead of totals, and any of them without the empty years."""
    empty = and_list([str(year) for year in _empty_years(course)]) if _empty_years(course) else ""
    missing = (f" And {empty} needs its bar too: a year without events gets a bar of "
               "height 0.") if empty else ""
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
        if empty:
            mistakes.append(([float(v) for year, v in values.items()
                              if year not in _empty_years(course)], hint + missing))
    if empty:
        sums = per_year(course, PERIOD, "sum")
        mistakes.append((
            [float(v) for year, v in sums.items() if year not in _empty_years(course)],
            f"The totals are right, but {empty} is missing: groupby makes a group only for a "
            "year that has events. Give every year of 1997-2001 its place, with 0 where "
            "nothing happened (reindex has a fill_value)."))
    return mistakes


def _signal_praise(course: Course) -> str:
    sums = per_year(course, PERIOD, "sum")
    low = int(sums.idxmin())
    gap = _days_between(course, ACCESSION_1999, KOSOVO)
    ends = ("The period opens and closes above zero and falls"
            if sums.iloc[0] > 0 and sums.iloc[-1] > 0 else "The period's totals fall")
    text = (f"{ends} to {int(sums[low]):+d} in {low}, the year of an enlargement and a war "
            f"{gap} days apart.")
    empty = _empty_years(course)
    if empty:
        text += (f" The bar for {and_list([str(year) for year in empty])} is 0 only because "
                 "the dataset records no event there: an empty year, not a calm one.")
    return text + (" The signals are the course's coding, a judgement you can argue with "
                   "(see the rubric in data/README.md).")


# --------------------------------------------------------------------------- 03.5


def _recoded(events: pd.DataFrame, signal: int = RECODED_SIGNAL) -> pd.DataFrame:
    """The events with the recoded kind's signal set to ``signal``, on a copy."""
    events = events.copy()
    events.loc[events["kind"] == RECODED_KIND, "signal"] = signal
    return events


def _total(events: pd.DataFrame) -> float:
    return float(events["signal"].sum())


def _recoded_total(course: Course) -> float:
    return _total(_recoded(_events_in(course, PERIOD)))


def _recode_praise(course: Course) -> str:
    period = _events_in(course, PERIOD)
    steps = period[period["kind"] == RECODED_KIND]
    before = period.groupby("year")["signal"].sum()
    after = _recoded(period).groupby("year")["signal"].sum()
    low = int(before.idxmin())
    return (
        f"Read as Warsaw, Prague and Budapest read them, the {len(steps)} enlargement steps "
        f"of 1997-2001 turn the period's total from {signed(_total(period))} to "
        f"{signed(_recoded_total(course))}, "
        f"and {low} comes to {signed(after[low])} instead of {signed(before[low])}. Neither "
        "number is the true one: the coding is a point of view, Moscow's in the course's "
        "version, and question 03.6 asks you to weigh it."
    )


def _recode_mistakes(course: Course) -> list[tuple[float, str]]:
    period = _events_in(course, PERIOD)
    recoded = _recoded(period)
    return _one_hint_per_value([
        (_total(period),
         "If you added up the period as the course codes it, set the signal of the "
         "enlargement rows to +1 on your copy first."),
        (_total(recoded[recoded["kind"] == RECODED_KIND]),
         "If you added up the enlargement rows alone, add up every event of the period, "
         "the recoded ones among them."),
        (_total(_recoded(course.events)),
         "If you recoded and added up the whole dataset, keep only the events of period "
         "'p03' before you add up."),
        (_total(_recoded(period, signal=0)),
         "If you set the enlargement rows to 0, you made them neutral; the question reads "
         "them as security gained, +1."),
        (_recoded_total(course) - _total(period),
         "If you subtracted the old total from the new, that is the change; the question "
         "asks for the new total itself."),
    ])


# --------------------------------------------------------------------------- lesson 03

QUESTIONS: list[Question] = [
    DateQuestion(
        id="03.1",
        stars=1,
        task="lookup",
        template="earliest of several dates",
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
             "later. Look for the events whose title names the council itself."),
            (_day(c, PJC_AFTER_911),
             "That is the council's extraordinary session after 11 September 2001. Several "
             "events name the council: which of their dates comes first?"),
            (_day(c, MADRID),
             "That is the day of the Madrid invitations. Look for the events whose title "
             "names the Permanent Joint Council."),
        ],
        hint="Several events name the council in their title. Find them with .str.contains "
        "on the 'title' column; the first meeting is the earliest of their dates.",
    ),
    NamesQuestion(
        id="03.2",
        printed_reason="The lesson paraphrases the Founding Act's pledge near the three nouns; "
        "the question asks for the Act's own words, which students must read in "
        "the document, and 03.7 now asks whose promise the sentence is.",
        stars=2,
        task="document",
        template="words of a linked document",
        about="the three nouns of the Founding Act's nuclear pledge",
        expected=_three_nos,
        praise=_pledge_praise,
        mistakes=_pledge_mistakes,
        hint="Open the Act at section IV and find the sentence on nuclear weapons and the "
        "territory of new members. One small word comes three times; store the noun after "
        "each.",
    ),
    NamesQuestion(
        id="03.3",
        printed_reason="The lesson prints the cooperation areas' table with their stop dates, "
        "from which the answer can be filtered by eye; the question asks for the "
        "same with the explorer, and its check names the slips of reading it.",
        stars=2,
        task="explorer",
        template="areas a crisis suspended, read from an explorer",
        about="the areas the Kosovo air campaign suspended",
        expected=_suspended_names,
        praise=_suspended_praise,
        # The names as a student may spell them; the chart writes the course's own.
        aliases={"theatre missile defense": "Theatre missile defence",
                 "theater missile defense": "Theatre missile defence",
                 "theater missile defence": "Theatre missile defence",
                 "counter narcotics": "Counter-narcotics",
                 "counternarcotics": "Counter-narcotics",
                 "counter terrorism": "Counter-terrorism",
                 "counterterrorism": "Counter-terrorism"},
        mistakes=_suspended_mistakes,
        hint="In the explorer, look along each bar at March 1999 and match the marks to the "
        "legend: a bar's colour says how the area ended, years later. To confirm with "
        "pandas, course.cooperation records each change with its event and its 'effect'.",
    ),
    BarChartQuestion(
        id="03.4",
        stars=2,
        task="chart",
        template="bar chart of signal totals per year",
        about="the total signal of each year from 1997 to 2001",
        expected=lambda c: per_year(c, PERIOD, "sum").tolist(),
        praise=_signal_praise,
        order_hint="Put the years in order, 1997 first, left to right. groupby sorts by year "
        "for you; value_counts does not.",
        mistakes=_signal_mistakes,
        hint="Keep the events of period 'p03', group them by year and add up each group's "
        "signal. Every year from 1997 to 2001 needs a bar, 0 for a year without events. "
        "Then draw the totals with ax.bar.",
    ),
    NumberQuestion(
        id="03.5",
        stars=3,
        task="recode",
        template="recode a kind's signal and total the period",
        about="the period's total signal with enlargement recoded +1",
        expected=_recoded_total,
        praise=_recode_praise,
        mistakes=_recode_mistakes,
        hint="Three steps: copy the events of period 'p03'; on the copy, select the rows "
        "whose kind is 'enlargement' and the 'signal' column with .loc, and set them to 1; "
        "then add up the signal column.",
    ),
    WrittenQuestion(
        id="03.6",
        stars=3,
        task="written",
        template="argue a contested question from voices",
        about="whether the Kosovo air campaign was the rupture of 1997-2001",
        hint="",
        rubric=(
            "Level 1, a claim: does it say plainly whether the air campaign was the rupture "
            "of 1997-2001, and whose reading of it (Moscow's, the Allies', the "
            "commission's) the evidence supports?",
            "Level 2, evidence from the data: does it use the dataset, such as the "
            "campaign's signal of -2, the areas it suspended (03.3) and for how long, or "
            "the period's totals before and after your recoding in 03.5, and say whether "
            "the recoding changes how the period reads?",
            "Level 3, evidence from a document: does it quote or cite at least two voices, "
            "each named: Russia's statement at the Security Council of 24 March 1999, the "
            "UK minister's written answer of 5 May 1999, resolution 1244, or the "
            "Independent International Commission's 'illegal but legitimate'?",
            "Level 4, a counter-argument: does it give the best case against its own "
            "reading of the campaign and answer it?",
            "An answer that argues to disagree with the course's reading (Moscow had the "
            "letter of the Charter, the Allies a case for legitimacy) earns as much as one "
            "that agrees, if it rests on the documents and the data.",
            "Does it keep to 150-200 words?",
        ),
        dissent=(
            "Kosovo was not the rupture of 1997-2001; it was a storm inside a "
            "relationship both sides kept working at. The campaign is the period's only "
            "event coded -2, but the freeze it caused lasted less than a year: the "
            "areas it stopped were taken up again after Robertson's visit to Moscow in "
            "February 2000, and Russian troops served in the NATO-led force in Kosovo "
            "from 1999. The documents show a quarrel about law, not a break. Russia "
            "warned at the Security Council on 24 March 1999 against the virus of "
            "illegal unilateral approaches, yet on 10 June it voted for resolution "
            "1244, which reaffirmed the sovereignty and territorial integrity of "
            "Yugoslavia and gave Moscow a settlement it could sign. The Independent "
            "International Commission's verdict, illegal but legitimate, describes a "
            "dispute both sides could live with. Recoding enlargement as +1 in 03.5 "
            "lifts the period's total to +6, which reads as a working partnership. The "
            "strongest objection is that Moscow never forgot the bombing and cited it "
            "for years. Memory is not rupture: a relationship that resumes within a "
            "year, and builds a new council in 2002, was bent, not broken."
        ),
    ),
    SourcingQuestion(
        id="03.7",
        stars=2,
        task="document",
        template="whose words: a quotation traced to its document",
        about="the document these words come from",
        hint="Who speaks ('the member States of NATO'), about whom ('new members'), and "
        "when would such a promise be worth making: before or after new members joined?",
        quotation="q-founding-act-nuclear-pledge",
        choices=(
            Choice("doc-brussels-summit-declaration-1994",
                   "In January 1994 NATO had set no date and named no candidate: a pledge "
                   "about new members' territory would have answered a question nobody "
                   "had yet put to it."),
            Choice("doc-rome-declaration",
                   "By May 2002 three new members had joined three years before: a promise "
                   "about their territory would have come late. Look for a text from the "
                   "months before the first of them joined."),
            Choice("doc-strategic-concept-2010",
                   "The Strategic Concept of 2010 is NATO's alone and came eleven years after "
                   "the first new members joined: it could repeat such a pledge, not make "
                   "it."),
            Choice("doc-founding-act"),
            Choice("doc-bucharest-summit-declaration",
                   "Bucharest in 2008 is about which states will become members, Ukraine and "
                   "Georgia among them, not about what may stand on members' territory."),
        ),
        praise="The Founding Act of May 1997, a text NATO and Russia both signed, six weeks "
        "before the Madrid invitations. Yet the sentence speaks for one side only: 'the "
        "member States of NATO reiterate', a statement of present intention written into a "
        "joint text, not an obligation Russia could enforce. Who wrote it (NATO), for whom "
        "(Moscow, before enlargement) and, on the course's reading, to what end (to make "
        "enlargement easier to accept) are all in the words.",
    ),
]
