"""Questions of lesson 06 (2010-2013): Lisbon, and the partnership that stalled."""

from __future__ import annotations

import pandas as pd

from nato_russia.data import Course
from nato_russia.measures import members_on
from nato_russia.questions.choices import Choice
from nato_russia.questions.lookups import event as _event
from nato_russia.questions.lookups import events_in, left_out, period_years
from nato_russia.questions.question_types import (
    BarChartQuestion,
    NamesQuestion,
    NumberQuestion,
    Question,
    WrittenQuestion,
)
from nato_russia.questions.readers import signed
from nato_russia.questions.record_kinds import CorroborationQuestion, SequencingQuestion

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
    SequencingQuestion(
        id="06.1",
        stars=1,
        task="lookup",
        template="events put in order",
        about="the order of the five events",
        hint="Decide the order from what each event answers or depends on, then check each "
        "against its date in course.events.",
        choices=(
            Choice("ev-2011-lavrov-libya-mandate",
                   "Lavrov's charge was that NATO went beyond a mandate: the mandate had to "
                   "be given first."),
            Choice("ev-2011-medvedev-missile-defence-statement",
                   "Medvedev's countermeasures answered missile-defence talks that had run "
                   "for a year after Lisbon without agreement."),
            Choice("ev-2010-lisbon-strategic-concept",
                   "The Strategic Concept offered the partnership that the other events put "
                   "to the test."),
            Choice("ev-2012-moscow-missile-defence-conference",
                   "At the Moscow conference Russia called the missile-defence talks a dead "
                   "end, after its countermeasures had been announced."),
            Choice("ev-2011-unsc-1973-libya",
                   "The Security Council's vote, with Russia abstaining, gave the mandate "
                   "that was later said to be exceeded."),
        ),
        praise="From an offer of partnership to a dead end in eighteen months: Libya and "
        "missile defence, the lesson's two disputes, each in its order.",
        printed_reason="The lesson tells these events with their dates, so their order can be "
        "read from it: the question asks the student to rebuild the chain of cause and answer "
        "that the lesson's narrative splits between its sections on Libya and on missile "
        "defence.",
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
            "Level 4, a counter-argument: does it give the strongest evidence against "
            "its own claim and answer it?",
            "An answer that disagrees with the course's reading of why the partnership "
            "stalled earns full credit when it argues from the documents and the data.",
            "Throughout: does it keep fact and judgement apart, treating NATO's and "
            "Russia's statements alike as claims to test?",
        ),
        dissent=(
            "Russia's domestic politics explain the stall best; missile defence was the "
            "occasion, not the cause. The dispute over missile defence ran through 2010 "
            "and 2011 without ending cooperation, but the tone changed once Putin "
            "announced, in September 2011, that he would return to the presidency. On 8 "
            "December 2011 he accused the US Secretary of State of encouraging the "
            "protests against the parliamentary elections, and the Moscow conference of "
            "3 May 2012, where Russia spoke of a dead end, came four days before his "
            "inauguration. The Kremlin's message to that conference, a Russian voice, "
            "says that no country's defences should threaten its neighbours: a "
            "principle Moscow had stated for years, now used to close the talks rather "
            "than open them. In the data, four of the six events of 2010-2013 the fact "
            "sheet leaves out fall between April 2011 and May 2012, a count that "
            "reflects the course's choice of events but points to the same months. The "
            "strongest objection is that Medvedev, not Putin, announced the "
            "countermeasures of November 2011. He did, two months after the two men had "
            "announced that they would swap offices, so the countermeasures belong to "
            "the campaign too."
        ),
    ),
    CorroborationQuestion(
        id="06.7",
        stars=2,
        task="document",
        template="two records at odds",
        about="one of the two records that disagree",
        hint="Three of the records were agreed or announced at Lisbon. Ask which record "
        "says whether NATO threatens Russia, and which answers it from Moscow.",
        choices=(
            Choice("q-lisbon-nrc-new-stage",
                   "A is the NRC's joint statement at Lisbon, which Russia signed too: a "
                   "shared hope, not one side against the other."),
            Choice("q-kremlin-md-2012-neighbours"),
            Choice("q-lisbon-sg-fresh-start",
                   "C is NATO's Secretary General announcing talks on defending Europe "
                   "together: it says what would be discussed, not whether anyone is "
                   "threatened."),
            Choice("q-strategic-concept-2010-para33"),
            Choice("q-lisbon-nrc-reciprocal-confidence",
                   "E is the NRC's statement on the partnership both sides hoped for: it "
                   "names principles they both signed, not a threat."),
        ),
        disagree=("q-strategic-concept-2010-para33", "q-kremlin-md-2012-neighbours"),
        on_what="whether NATO's plans threatened Russia: the Strategic Concept of 2010 "
        "declared that NATO posed no threat to Russia, and Medvedev's message of 2012, at a "
        "conference on missile defence, answered that no state's defences should threaten "
        "its neighbours, Moscow's case against the planned system",
        praise="Neither names the other: the disagreement is read from context, which is "
        "why it matters that the message was sent to a conference on missile defence.",
    ),
]
