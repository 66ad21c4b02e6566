"""Questions of lesson 04 (2002-2007): the NATO-Russia Council and what the fact sheet omits."""

from __future__ import annotations

import re

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.choices import Choice
from nato_russia.questions.index_readings import (
    index_change,
    index_in_period,
    reweighting_slips,
)
from nato_russia.questions.lookups import event as _event
from nato_russia.questions.lookups import events_in, left_out, mentioned
from nato_russia.questions.lookups import timestamp as _timestamp
from nato_russia.questions.question_types import (
    NamesQuestion,
    NumberQuestion,
    Question,
    WrittenQuestion,
)
from nato_russia.questions.readers import and_list, format_date, format_number, signed
from nato_russia.questions.record_kinds import CorroborationQuestion

# Ids of the records the lesson 04 questions are about.
PERIOD = "p04"
ACCESSION_2004 = "ev-2004-accession-seven"
ROME = "ev-2002-rome-nrc"
# The sentence of the Rome Declaration that 04.5 sends students to read, and the words
# that open and close its list of what the council is a mechanism for.
MECHANISM = "q-rome-mechanism"
LIST_OPENS, LIST_CLOSES = "mechanism for", "for the member states"
# The re-weighting 04.4 asks for in the relationship-index explorer.
WEIGHTS = {"arms_control": 2.0}


def _period(course: Course) -> pd.DataFrame:
    return events_in(course, PERIOD)


# --------------------------------------------------------------------------- 04.1


def _members_by(course: Course, day: pd.Timestamp) -> int:
    """How many states had joined NATO by ``day``, that day included."""
    return int((course.accessions["date"] <= day).sum())


def _members_2004(course: Course) -> int:
    return _members_by(course, _timestamp(course, ACCESSION_2004))


def _newcomers(course: Course) -> pd.DataFrame:
    return course.accessions[course.accessions["event"] == ACCESSION_2004]


def _members_praise(course: Course) -> str:
    day = _timestamp(course, ACCESSION_2004)
    earlier = course.accessions[course.accessions["date"] < day]
    return (
        f"From {format_date(day.date())} NATO had {_members_2004(course)} members: "
        f"{and_list(_newcomers(course)['country'].tolist())} joined the {len(earlier)} of "
        f"{earlier['date'].max():%Y}. Among them were the Baltic states, Soviet republics "
        "until 1991 in Moscow's account and occupied states in their own; Russian officials "
        "said the enlargement touched Russia's interests."
    )


def _members_mistakes(course: Course) -> list[tuple[float, str]]:
    day = _timestamp(course, ACCESSION_2004)
    return [
        (int((course.accessions["date"] < day).sum()),
         "That is the count just before the seven joined. Count the states that joined on "
         "that very day too: 'on or before', not 'before'."),
        (len(_newcomers(course)),
         "Those are the newcomers only. Count every member that had joined by that day, "
         "the founders of 1949 included."),
        (len(course.accessions),
         "That is every member to this day. Keep only the states that had joined by 29 "
         "March 2004."),
    ]


# --------------------------------------------------------------------------- 04.3


def _mean(frame: pd.DataFrame) -> float:
    return float(frame["signal"].mean())


def _gap(course: Course) -> float:
    return _mean(mentioned(_period(course))) - _mean(left_out(_period(course)))


def _whole_course_gap(course: Course) -> float:
    mentioned = course.events["in_source_document"]
    return _mean(course.events[mentioned]) - _mean(course.events[~mentioned])


def _gap_until_last_entry(course: Course) -> float:
    """The gap over every event the fact sheet could have mentioned: up to its last entry."""
    events = course.events
    until = events[events["date"] <= events.loc[events["in_source_document"], "date"].max()]
    return _mean(mentioned(until)) - _mean(left_out(until))


def _quoted(titles: pd.Series) -> list[str]:
    return [f"'{title}'" for title in titles]


# --------------------------------------------------------------------------- 04.4


def _change(course: Course, weights: dict[str, float] | None = WEIGHTS) -> float:
    return index_change(course, PERIOD, weights)


def _reweighted_kind(course: Course) -> pd.DataFrame:
    """The period's events of the kind 04.4 re-weights."""
    return _period(course)[_period(course)["kind"].isin(WEIGHTS)]


def _change_praise(course: Course) -> str:
    equal = _change(course, None)
    weighted = _change(course)
    steps = _reweighted_kind(course)
    named = and_list([f"'{row.title}' ({row.date:%B %Y})" for row in steps.itertuples()])
    counts = {float(row.signal) * WEIGHTS[row.kind] for row in steps.itertuples()}
    warmest = _period(course).sort_values("signal").iloc[-1]
    balance = (f" Each now counts {signed(counts.pop())}, as much against the relationship "
               f"as '{warmest['title']}' counts for it." if len(counts) == 1 else "")
    start_equal, _ = index_in_period(course, PERIOD, None)
    start_weighted, _ = index_in_period(course, PERIOD, WEIGHTS)
    moved = (f" The line also starts lower, at {format_number(start_weighted)} rather than "
             f"{format_number(start_equal)}: arms-control events before 2002 are weighted "
             "too." if start_weighted != start_equal else "")
    return (
        f"With arms control weighted 2 the period ends {format_number(abs(weighted))} points "
        f"{'down' if weighted < 0 else 'up'}, against {format_number(abs(equal))} on equal "
        f"weights. Its {len(steps)} arms-control events, {named}, are a grievance of each "
        "side, Moscow's and then the Allies', so the weight favours neither side's story; "
        f"what it changes is how much arms control weighs against cooperation.{balance}"
        f"{moved}"
    )


def _change_mistakes(course: Course) -> list[tuple[float, str]]:
    return reweighting_slips(course, PERIOD, WEIGHTS)


# --------------------------------------------------------------------------- 04.5


def _mechanism_text(course: Course) -> str:
    return course.quotations.set_index("id").loc[MECHANISM, "text"]


def _mechanism_items(course: Course) -> list[str]:
    """What the council is a mechanism for, read from the Declaration's sentence."""
    text = _mechanism_text(course)
    listed = text[text.index(LIST_OPENS) + len(LIST_OPENS):text.index(LIST_CLOSES)]
    items = (re.sub(r"^and ", "", item.strip()) for item in listed.split(","))
    return [item for item in items if item]


def _mechanism_praise(course: Course) -> str:
    items = _mechanism_items(course)
    rome = _event(course, ROME)
    joint = [item for item in items if item.startswith("joint")]
    return (
        f"{len(items)} things: {and_list(items)} (Rome Declaration, "
        f"{format_date(rome['date'].date())}). Deciding by consensus is only how the "
        f"twenty agree; the list goes on to {and_list(joint)}, and that is what the "
        "lesson's correction of the fact sheet rests on: the NATO states and Russia decided "
        "and acted together as equals, but only on the subjects they chose to take up "
        "together, and Russia had no veto over NATO's own decisions."
    )


def _mechanism_mistakes(course: Course) -> list[tuple[float, str]]:
    items = _mechanism_items(course)
    return [
        (1,
         "The council is one mechanism, but the question asks how many things it is a "
         "mechanism for. Count the items of the list that follows 'mechanism for'."),
        (len(items) - 2,
         "Read the list to its end, up to 'for the member states of NATO and Russia': it "
         "goes on after 'cooperation'."),
        (len(items) - 1,
         "Look again at the end of the list: 'joint decision' and 'joint action' are two "
         "items, with a comma between them."),
    ]


# --------------------------------------------------------------------------- lesson 04

QUESTIONS: list[Question] = [
    NumberQuestion(
        id="04.1",
        printed_reason="The lesson states NATO's membership after 2004 in its account of "
        "enlargement; the question asks for the count computed from the "
        "accessions table, practice in filtering by date. To be replaced when the "
        "lesson is next revised.",
        stars=1,
        task="compute",
        template="count of members by a date",
        about="the number of NATO members once the seven of 2004 had joined",
        expected=_members_2004,
        praise=_members_praise,
        mistakes=_members_mistakes,
        hint="course.accessions has one row per member state, with the day it joined. Count "
        "the rows dated no later than the day the seven joined.",
    ),
    NamesQuestion(
        id="04.2",
        stars=2,
        task="compute",
        template="events the fact sheet leaves out",
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
             "Those are the events the fact sheet mentions. You want the others: how do you "
             "flip a True/False column?"),
            (_period(c)["id"].tolist(),
             "That is every event of the period. Add a second condition, on "
             "in_source_document."),
            (left_out(_period(c))["title"].tolist(),
             "The right events, but those are their titles. Give their ids: the 'id' column."),
            (c.events.loc[~c.events["in_source_document"], "id"].tolist(),
             "Those are the events the fact sheet leaves out across the whole dataset. Add "
             "the condition on the period of this lesson."),
        ],
        hint="Two conditions must hold at once: one on the period, one on "
        "in_source_document. Join them with &, each in its own brackets, and remember that "
        "~ flips a True/False column.",
    ),
    NumberQuestion(
        id="04.3",
        stars=3,
        task="compute",
        template="mean signal of two groups compared",
        about="the gap between the mean signals of the mentioned and the omitted events",
        expected=_gap,
        tolerance=0.005,
        praise=lambda c: (
            f"The {len(mentioned(_period(c)))} events of 2002-2007 that the fact sheet "
            f"mentions have a mean signal of {signed(_mean(mentioned(_period(c))))}; the "
            f"{len(left_out(_period(c)))} it leaves out, "
            f"{signed(_mean(left_out(_period(c))))}. Over every event up to the fact sheet's "
            f"last entry the gap is {_gap_until_last_entry(c):.2f}, so in these six years its "
            "choice of events tilts the picture "
            f"{'more' if _gap(c) > _gap_until_last_entry(c) else 'less'} than usual: read "
            "alone, it shows a warmer relationship than the record does (as the course chose "
            "and coded that record)."
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
             "in_source_document first."),
            (float(mentioned(_period(c))["signal"].sum() - left_out(_period(c))["signal"].sum()),
             "That is a difference of sums. The two groups have different numbers of events, "
             "so compare their means."),
            (_whole_course_gap(c),
             "That is the gap over the whole dataset. Keep only the events of 2002-2007 "
             "(period 'p04') first."),
        ],
        hint="Keep the events of period 'p04' and split them by in_source_document: "
        "groupby on that column gives one mean signal per group. Then subtract, mentioned "
        "minus omitted.",
        several_hint="Those look like one mean per group. Take each out of the Series by its "
        "label, True or False, and subtract: mentioned minus omitted.",
    ),
    NumberQuestion(
        id="04.4",
        stars=2,
        task="explorer",
        template="an index re-weighted in the explorer",
        about="the change in the index over 2002-2007 with arms control weighted 2",
        expected=_change,
        tolerance=0.05,
        praise=_change_praise,
        mistakes=_change_mistakes,
        hint="Run the explorer for period 'p04', move the Arms control slider to 2 (or pass "
        "weights=...), and read the caption under the chart: the line moves from one value "
        "to another. Take the second minus the first.",
    ),
    NumberQuestion(
        id="04.5",
        stars=2,
        task="document",
        template="items a document lists, counted",
        about="the number of things the Rome Declaration's council is a mechanism for",
        expected=lambda c: len(_mechanism_items(c)),
        praise=_mechanism_praise,
        mistakes=_mechanism_mistakes,
        hint="Find the sentence that says what the council 'will provide a mechanism for'. "
        "Its list runs up to 'for the member states'; count its items, commas and 'and' "
        "between them.",
    ),
    WrittenQuestion(
        id="04.6",
        stars=3,
        task="written",
        template="check a claim against the record",
        about="weighing the fact sheet's account of the NATO-Russia Council",
        hint="",
        rubric=(
            "Level 1, a claim: does it say plainly which part of the fact sheet's sentence "
            "can be checked (how the council worked and decided) and which is praise that "
            "no document can confirm ('unique', 'privileged', 'no other partner')?",
            "Level 2, evidence from the data: does it use your gap from 04.3, or a named "
            "event from 04.2 that the fact sheet leaves out?",
            "Level 3, evidence from a document: does it check the consensus claim against "
            "the Rome Declaration, quoted correctly ('equal partners'; a mechanism for "
            "'joint decision, and joint action'), and give the limit: only the subjects the "
            "twenty took up together, and no Russian veto over NATO's own decisions?",
            "Level 4, a counter-argument: does it give the best case for the fact "
            "sheet's wording and answer it, treating Russian official accounts as "
            "claims to test as well?",
            "An answer that argues to disagree with the course's reading (for example, that "
            "the praise is fair comment rather than promotion) earns as much as one that "
            "agrees, if it rests on the documents and the data.",
            "Does it keep to five to seven sentences?",
        ),
        dissent=(
            "The fact sheet's wording is defensible, and the course is too quick to "
            "call it promotion. The Rome Declaration does make the NATO states and "
            "Russia equal partners in areas of common interest, in a council meant for "
            "consultation, consensus-building, cooperation, joint decision and joint "
            "action, which is what the sheet says. Privilege can be checked by "
            "comparison: no other partner of 2002 sat in a council that could take "
            "decisions jointly with the Allies. The gap of 1.79 points I found in 04.3 "
            "measures the course's coding as much as the sheet's selection, and the "
            "events it leaves out, such as the 2004 enlargement and the CFE suspension "
            "of 2007, concern NATO and Russia's wider relations rather than the council "
            "the section describes. The strongest objection is that a reader of the "
            "sheet alone would not see why relations had cooled by 2008. That is a "
            "limit of the genre, a short account of one institution, not a distortion "
            "of the council's record, which the Declaration bears out clause by clause."
        ),
    ),
    CorroborationQuestion(
        id="04.7",
        printed_reason="The lesson quotes Bush and Putin side by side; the question's work is to "
        "tell their real disagreement from Putin's 'no threat', which the lesson "
        "does not quote and which sounds like a contradiction.",
        stars=2,
        task="document",
        template="two records at odds",
        about="one of the two records that disagree",
        hint="Find the records that speak about the same decision, then ask whether they "
        "judge it the same way. A statement that lowers the stakes is not a contradiction.",
        choices=(
            Choice("q-putin-abm-no-threat",
                   "A is Putin on the same day, saying the step is no threat to Russia's "
                   "security. That does not deny anything Bush said; it lowers the stakes. "
                   "Find the sentence that judges the decision itself."),
            Choice("q-bush-abm-hinders"),
            Choice("q-rome-equal-partners",
                   "C is the Rome Declaration of 2002, which Russia and NATO's members both "
                   "signed: no option here denies that they meant to work as partners."),
            Choice("q-putin-abm-mistaken"),
            Choice("q-gates-one-cold-war",
                   "E is Gates in Munich in 2007, meeting Putin's speech with a reassurance. "
                   "Which two records speak of one decision, on one day?"),
        ),
        disagree=("q-bush-abm-hinders", "q-putin-abm-mistaken"),
        on_what="whether the United States was right to leave the ABM Treaty: Bush said the "
        "treaty stood in the way of defending Americans against missile attack, Putin called "
        "the decision mistaken",
        praise="Read with A, Putin's statement disagrees and de-escalates at once: a "
        "disagreement he chose not to turn into a crisis.",
    ),
]
