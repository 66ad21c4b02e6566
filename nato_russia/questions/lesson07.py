"""Questions of lesson 07 (2014): the Ukraine crisis and the suspension of cooperation."""

from __future__ import annotations

import re

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.choices import Choice
from nato_russia.questions.lookups import event as _event
from nato_russia.questions.lookups import events_in, timestamp
from nato_russia.questions.question_types import (
    NamesQuestion,
    NumberQuestion,
    Question,
    WrittenQuestion,
)
from nato_russia.questions.readers import and_list
from nato_russia.questions.record_kinds import CorroborationQuestion, SequencingQuestion

# Ids of the records the lesson 07 questions are about.
PERIOD = "p07"
NAC_STATEMENT = "ev-2014-nac-2-march"
NRC_MEETING = "ev-2014-nrc-5-march"
SUSPENSION = "ev-2014-suspension-1-april"
ROME_NRC = "ev-2002-rome-nrc"
UN_VOTE = "ev-2014-unga-68-262"
JUNE_MINISTERIAL = "ev-2014-june-ministerial"
WALES_SUMMIT = "ev-2014-wales-summit"
# The two events that kept in place what 1 April had decided (recoded in 07.5).
RESTATEMENTS = (JUNE_MINISTERIAL, WALES_SUMMIT)
# How the dataset words a recorded vote in an event's summary.
VOTE = re.compile(r"By (\d+) votes to (\d+), with (\d+) abstentions")


def _period(course: Course) -> pd.DataFrame:
    return events_in(course, PERIOD)


def _stopped_before(course: Course) -> pd.DataFrame:
    """The cooperation areas that had stopped before the suspension of 1 April 2014."""
    areas = course.areas
    return areas[areas["stopped"] < timestamp(course, SUSPENSION)]


def _suspended_that_day(course: Course) -> pd.DataFrame:
    areas = course.areas
    return areas[areas["stopped_event"] == SUSPENSION]


def _council_era(course: Course) -> pd.DataFrame:
    """The areas suspended on 1 April 2014 that began after the NRC was founded."""
    areas = _suspended_that_day(course)
    return areas[areas["began"] > timestamp(course, ROME_NRC)]


def _vote(course: Course) -> tuple[int, int, int]:
    """The UN vote on resolution 68/262 as the dataset records it: for, against, abstaining."""
    found = VOTE.search(_event(course, UN_VOTE)["summary"])
    if found is None:
        raise ValueError(f"the summary of {UN_VOTE} no longer gives the vote")
    yes, no, abstained = (int(number) for number in found.groups())
    return yes, no, abstained


def _net(course: Course, recoded: tuple[str, ...] = ()) -> float:
    """The sum of the period's signals, with the events named in ``recoded`` set to 0."""
    events = _period(course)
    return float(events.loc[~events["id"].isin(recoded), "signal"].sum())


def _recoded_mean(course: Course) -> float:
    events = _period(course).copy()
    events.loc[events["id"].isin(RESTATEMENTS), "signal"] = 0
    return float(events["signal"].mean())


# --------------------------------------------------------------------------- lesson 07

QUESTIONS: list[Question] = [
    SequencingQuestion(
        id="07.1",
        stars=2,
        task="lookup",
        template="events put in order",
        about="the order of the six events",
        hint="The fact sheet's order is not the order of the dates. Put the events in the "
        "order they happened, checking each date in course.events (and its correction).",
        choices=(
            Choice("ev-2014-suspension-1-april",
                   "The suspension of practical cooperation was the Allies' answer to the "
                   "annexation, decided at a ministers' meeting after it."),
            Choice("ev-2014-nrc-5-march",
                   "The fact sheet tells the halt of the joint mission after the suspension "
                   "of 1 April. Read this event's correction in course.events before you "
                   "trust that order."),
            Choice("ev-2014-crimea-referendum",
                   "The vote in Crimea came before the annexation it was used to justify, and "
                   "after NATO's first statements."),
            Choice("ev-2014-nac-2-march",
                   "The Council's statement condemned Russian military action in Crimea at "
                   "the very start, before any vote."),
            Choice("ev-2014-unga-68-262",
                   "The General Assembly answered the annexation: it could only come after "
                   "it."),
            Choice("ev-2014-crimea-annexation",
                   "The annexation followed the vote it invoked, and came before the General "
                   "Assembly's answer."),
        ),
        praise="The fact sheet tells the halt of the joint mission after the suspension of 1 "
        "April; the dates put it four weeks earlier, before the vote in Crimea. Told after "
        "the suspension, the halt reads as part of a considered answer; dated, it was one of "
        "NATO's first moves.",
        printed_reason="The lesson gives each event's date, the halt of the joint mission in "
        "a heading: the question asks the student to set the dataset's order against the "
        "fact sheet's, which the lesson corrects but does not lay out as one sequence.",
    ),
    NamesQuestion(
        id="07.2",
        task="compute",
        template="areas stopped before a date",
        stars=2,
        about="the cooperation areas that had stopped before 1 April 2014",
        expected=lambda c: _stopped_before(c)["id"].tolist(),
        praise=lambda c: (
            f"{and_list(_stopped_before(c)['name'].tolist())} had stopped before the "
            "ministers met; the rest were suspended that day (how many, 07.3 asks). "
            "The suspension did not stop everything at once: one area had ended eleven years "
            "earlier, and one a month before."
        ),
        mistakes=lambda c: [
            (_suspended_that_day(c)["id"].tolist(),
             "Those are the areas suspended on 1 April itself. The question asks for those "
             "whose 'stopped' date comes before it: use <, not ==."),
            (_stopped_before(c)["name"].tolist(),
             "The right areas, but those are their names. Give their ids: the 'id' column."),
            (c.areas.loc[c.areas["stopped"] <= timestamp(c, SUSPENSION), "id"].tolist(),
             "That includes the areas suspended on 1 April itself: <= keeps the day. "
             "Use < to keep only those that stopped earlier."),
            (c.areas.loc[c.areas["stop_kind"] == "ended", "id"].tolist(),
             "Those are the areas whose stop_kind is 'ended', and one of them ended after "
             "April 2014. Compare the 'stopped' dates with the day of the suspension instead."),
        ],
        hint="Compare course.areas['stopped'] with pd.Timestamp('2014-04-01'), keep the rows "
        "that come before it, and take the 'id' column.",
    ),
    NumberQuestion(
        id="07.3",
        task="explorer",
        template="areas a crisis suspended, read from an explorer",
        stars=2,
        about="the number of areas the suspension of 1 April 2014 stopped that began after "
        "the NATO-Russia Council was founded",
        expected=lambda c: float(len(_council_era(c))),
        praise=lambda c: (
            f"{len(_council_era(c))} of the {len(_suspended_that_day(c))} areas that end on "
            "the line began after the council was founded in May 2002: the suspension ended "
            "the NATO-Russia Council's own practical work more than what the Founding Act "
            "had opened."
        ),
        mistakes=lambda c: [
            (float(len(_suspended_that_day(c))),
             "That counts every bar that ends on the line. Keep only those whose bar begins "
             "after the council was founded, in May 2002."),
            (float(len(_suspended_that_day(c)) - len(_council_era(c))),
             "Those are the bars that begin before 2002, with the Founding Act of 1997. The "
             "question asks for the ones that begin after the council was founded."),
            (float(len(c.areas)),
             "That is every bar in the chart. Count only the bars that end on the dashed "
             "line, and of those only the ones that begin after May 2002."),
        ],
        hint="Widen the explorer's years enough to see where each bar begins, then count the "
        "bars that both begin after May 2002 and end on the dashed line.",
    ),
    NumberQuestion(
        id="07.4",
        task="document",
        template="a number a document records",
        stars=2,
        about="the number of states that abstained on resolution 68/262",
        expected=lambda c: float(_vote(c)[2]),
        praise=lambda c: (
            f"{_vote(c)[2]} states abstained, against {_vote(c)[0]} in favour and "
            f"{_vote(c)[1]} against. More states abstained or stayed away than voted with "
            "Russia: weigh that before calling the vote either a triumph or a failure."
        ),
        mistakes=lambda c: [
            (float(_vote(c)[0]),
             "That is the number of votes in favour. Look for the abstentions."),
            (float(_vote(c)[1]),
             "That is the number of votes against, Russia's among them. Look for the "
             "abstentions."),
            (float(sum(_vote(c))),
             "That is everyone who voted, for, against or abstaining. How many abstained?"),
            (24.0,
             "That is the number of members who were absent and did not vote at all. How many "
             "were present and abstained?"),
        ],
        hint="Open the link in the 'url' column of the document whose title mentions 68/262; "
        "the press release gives the recorded vote in its first lines.",
    ),
    NumberQuestion(
        id="07.5",
        task="recode",
        template="recode events and total the year",
        stars=3,
        about="the net signal of 2014 with the June ministerial and Wales recoded as 0",
        expected=lambda c: _net(c, RESTATEMENTS),
        praise=lambda c: (
            f"Recoded, the year's net signal moves from {_net(c):g} to "
            f"{_net(c, RESTATEMENTS):g}. The year still ends far below zero, so the break "
            "does not depend on counting the suspension three times; but how low the index "
            "falls does."
        ),
        mistakes=lambda c: [
            (_net(c),
             "That is the net signal with no change. Set the signal of the two events to 0 "
             "first, in a copy of the frame."),
            (_net(c, (JUNE_MINISTERIAL,)),
             "You recoded one of the two events but not the other: set both the June "
             "ministerial and the Wales Summit to 0."),
            (_recoded_mean(c),
             "That is the mean signal after recoding. The question asks for the sum."),
            (float(c.events.loc[~c.events["id"].isin(RESTATEMENTS), "signal"].sum()),
             "That is the sum over the whole dataset. Keep only the events of period 'p07'."),
        ],
        hint="Copy the events of period 'p07' (.copy()), set 'signal' to 0 with .loc for the "
        "rows whose id is one of the two events (.isin([...])), then add up the column.",
    ),
    WrittenQuestion(
        id="07.6",
        task="written",
        template="weigh a source as an act in its crisis",
        stars=3,
        about="the fact sheet as an act in the 2014 crisis",
        hint="",
        rubric=(
            "Level 1, a claim: the answer says plainly what kind of document the fact sheet "
            "is in 2014 (a record, an argument, or both) and what it was for.",
            "Level 2, evidence from the data: it adds a figure from the exercises (the "
            "areas that had stopped before 1 April from 07.2, the count of suspended "
            "areas from 07.3, or your recoded net signal from 07.5) and says what it shows.",
            "Level 3, evidence from a document: it quotes or closely reads a text linked "
            "in the lesson (the fact sheet's closing words, Rasmussen's remarks of 5 March, "
            "Putin's address, Ukraine's briefing, the UN vote) and names it.",
            "Level 4, a counter-argument: it states the strongest case against its own "
            "claim and answers it.",
            "An answer that disagrees with the course's reading of the fact sheet earns "
            "full credit when it argues from the documents and the data.",
            "Throughout: it keeps fact and judgement apart, treats every side's account "
            "as a claim to test, and stays within the length asked.",
        ),
        dissent=(
            "The fact sheet's account of 2014 is a move in the crisis, and a historian "
            "should use it as evidence of NATO's case rather than of what happened. Its "
            "accurate dates do not make it a record, because a case is most persuasive "
            "when its facts are right and the selection does the arguing. It places "
            "Rasmussen's remarks of 5 March after the ministers' decision of 1 April, "
            "so that the suspension looks like a first and measured answer rather than "
            "one of several steps taken within days of the Council's statement of 2 "
            "March. On the course's coding nine areas stopped on 1 April, yet the sheet "
            "names four fields, enough to show loss without showing how much NATO chose "
            "to stop. Its closing charge that Russia has violated international law was "
            "written while NATO prepared its summit at Wales. The strongest objection "
            "is that every account of 2014 selects, so calling this one a move leaves a "
            "historian no record to use. But the records exist, the Council's "
            "statement, the General Assembly's vote and the treaty of 18 March among "
            "them, so the sheet is needed only for what it alone shows, NATO's argument "
            "in the summer of 2014."
        ),
    ),
    CorroborationQuestion(
        id="07.7",
        stars=3,
        task="document",
        template="two records at odds",
        about="one of the two records that disagree",
        hint="One option is a document, not a quotation: open it (its url is in "
        "course.documents) and read what it says about the vote of 16 March.",
        choices=(
            Choice("q-rasmussen-suspended-joint-mission",
                   "A is NATO's Secretary General suspending a joint mission on 5 March, "
                   "before the vote: it says what NATO did, not whether the vote counted."),
            Choice("doc-unga-resolution-68-262"),
            Choice("q-wales-aggressive-actions",
                   "C is NATO's summit in September, on Russia's 'aggressive actions' in "
                   "general: it makes no claim about the vote itself. Look for the text that "
                   "judges the referendum."),
            Choice("q-putin-referendum-2014"),
        ),
        disagree=("q-putin-referendum-2014", "doc-unga-resolution-68-262"),
        on_what="whether the referendum of 16 March in Crimea was valid: Putin said it was "
        "held in full compliance with international norms, and the General Assembly's "
        "resolution says it has no validity and cannot change Crimea's status",
        praise="The resolution binds no state, and the vote on it was far from unanimous, "
        "which is evidence for both sides of the lesson's debate.",
    ),
]
