"""Questions of lesson 05 (2008-2009): Bucharest, the Georgia war and the freeze."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.choices import Choice
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
from nato_russia.questions.record_kinds import (
    Claim,
    ClaimEvidenceQuestion,
    CorroborationQuestion,
    QuotationQuestion,
)

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
    ClaimEvidenceQuestion(
        id="05.1",
        stars=2,
        task="document",
        template="claims matched to the records that settle them",
        about="the records that settle the three claims",
        hint="Read each claim for exactly what it says (a promise? a plan? an agreement?), "
        "then find the record that speaks to that and nothing less.",
        claims=(
            Claim("At Bucharest the Allies promised Georgia and Ukraine that they would one "
                  "day join NATO.", "q-bucharest-will-become-members"),
            Claim("At Bucharest the Allies gave Georgia and Ukraine a Membership Action "
                  "Plan.", "q-bucharest-map-next-step", supports=False),
            Claim("At Bucharest NATO and Russia came to an agreement about enlargement.",
                  "q-nrc-bucharest-differences", supports=False),
        ),
        choices=(
            Choice("q-nrc-bucharest-renewed-commitment",
                   "A is the NRC's chairman: both sides renewed their commitment to the texts "
                   "of 1997 and 2002. Shared goals on paper are not agreement on enlargement, "
                   "and they say nothing of what the Allies decided for Georgia and Ukraine."),
            Choice("q-bucharest-will-become-members",
                   "B is the Allies' promise that the two states will become members: it "
                   "speaks to membership one day, not to a plan granted now, nor to Russia's "
                   "view."),
            Choice("q-nrc-bucharest-differences",
                   "C is the NRC's chairman naming enlargement among the issues where views "
                   "differed: it is about NATO and Russia, not about what the Allies decided "
                   "for Georgia and Ukraine."),
            Choice("q-draft-treaty-article-1",
                   "D is Medvedev's draft treaty of November 2009, more than a year and a half "
                   "after Bucharest: it proposes a principle, it does not record what was "
                   "promised or agreed there."),
            Choice("q-bucharest-map-next-step",
                   "E backs the two states' applications for a MAP and calls the plan their "
                   "next step: it speaks to whether a plan was granted, not to the promise "
                   "of membership itself."),
        ),
        praise="The promise of membership supports the first claim. The support for the "
        "two applications, with the plan called the 'next step', refutes the second: no plan "
        "was granted. The NRC chairman's list of differences, enlargement among them, refutes "
        "the third. A promise with no plan and no date is what the lesson's debate is about.",
        printed_reason="The lesson prints the three records the claims need, as evidence to "
        "weigh: the question asks which claim each settles and whether it supports or "
        "refutes it, which the lesson does not say in these words.",
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
        template="argue a contested question from voices",
        stars=3,
        about="who started the war of August 2008, on the evidence",
        hint="",
        rubric=(
            "Level 1, a claim: does it say plainly who started the war of August 2008, "
            "and what 'started' means in its answer: the first shot, the preparation, "
            "or the escalation?",
            "Level 2, evidence from the data: does it use a dated event or a figure "
            "from the dataset, such as the days from the first shelling to Russia's "
            "recognition of Abkhazia and South Ossetia, and say what it shows?",
            "Level 3, evidence from a document: does it cite at least two documents of "
            "different voices among the Kremlin's statement of 8 August, NATO's "
            "ministers of 19 August, the fact-finding mission's report and Georgia's "
            "Foreign Ministry on that report, and say whose words each are?",
            "Level 4, a counter-argument: does it state the strongest objection to its "
            "own answer and answer it from the evidence?",
            "An answer that disagrees with the course's reading (each side's claim "
            "holds only in part) earns full credit when it rests on the documents and "
            "answers the objection.",
            "Does it keep to 150-200 words, and treat every government's statement as a "
            "claim to test?",
        ),
        dissent=(
            "Russia started the war, if starting a war means making it happen rather "
            "than firing first. The fact-finding mission dates the large-scale conflict "
            "to Georgia's shelling of Tskhinvali on the night of 7 to 8 August 2008, "
            "but in the same sentence it calls that shelling only the culminating point "
            "of a long period of increasing tensions, provocations and incidents. The "
            "course's own reading records that the mission found Russian forces and "
            "volunteers in South Ossetia before 8 August. What followed shows aims "
            "beyond defending peacekeepers: Russian forces advanced beyond South "
            "Ossetia, NATO's ministers called Moscow's response disproportionate on 19 "
            "August, and on 26 August Medvedev recognised Abkhazia and South Ossetia as "
            "states. The Kremlin's statement of 8 August, which spoke of Georgian "
            "aggression against its peacekeepers, is Moscow's case, not evidence of it. "
            "The strongest objection is the mission's finding itself: Georgia fired "
            "first and its attack was unjustified. But the mission judged who opened "
            "fire and whether that was lawful, not who made the war likely, and its own "
            "word, culminating, concedes that the fighting had a history before the "
            "first shell."
        ),
    ),
    CorroborationQuestion(
        id="05.7",
        stars=3,
        task="document",
        template="two records at odds",
        about="one of the two records that disagree",
        hint="The lesson's seminar question is who started the war. Find the two records that "
        "answer it, and check whether they report the same finding.",
        choices=(
            Choice("q-tagliavini-five-days",
                   "A is the report's opening: it dates the heavy fighting to the night of 7 "
                   "to 8 August without saying who began it. Which record says who did, and "
                   "which says the report said otherwise?"),
            Choice("q-georgia-mfa-invaded"),
            Choice("q-ministers-disproportionate",
                   "C is NATO's ministers judging Russia's response as disproportionate: it "
                   "is about what Russia did once the fighting had begun, and can stand "
                   "beside either account of how it began."),
            Choice("q-tagliavini-shelling"),
            Choice("q-nac-2008-08-19-territorial-integrity",
                   "E is NATO's ministers on how the conflict should end, with Georgia's "
                   "borders respected. It says nothing about who began the war."),
        ),
        disagree=("q-georgia-mfa-invaded", "q-tagliavini-shelling"),
        on_what="what the EU's fact-finding mission found about how the war began: the "
        "report dates the start of the large-scale conflict to Georgia's shelling of "
        "Tskhinvali, while Georgia's Foreign Ministry said the report confirmed that Russia "
        "invaded first",
        praise="Both cite one report: to weigh them, open the report itself (its link is in "
        "course.documents) and read what it found, and what it said it could not confirm.",
    ),
    QuotationQuestion(
        id="05.8",
        stars=2,
        task="document",
        template="the sentence of a document that supports a claim",
        about="the sentence that supports the claim",
        quotation="q-allies-particular-concern",
        claim="When NATO's foreign ministers agreed in March 2009 to resume the NATO-Russia "
        "Council, they still objected to what Russia had done after the war.",
        others={
            "q-allies-resume-nrc": "That sentence announces the decision to resume the "
            "council. The claim is about what the ministers still objected to: read on in "
            "the same news item.",
        },
        hint="Open the news item of 5 March 2009 (its url is in course.documents) and look "
        "for the sentence that names Russia's acts after August 2008, Abkhazia and South "
        "Ossetia among them.",
        praise="Resumption came with a list of objections: recognition of the two regions, "
        "a base in Abkhazia, and the CFE Treaty. Reopening the council was not approval, "
        "which fits the 'conditional and graduated' re-engagement the lesson describes.",
    ),
]
