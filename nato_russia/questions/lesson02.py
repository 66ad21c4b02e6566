"""Questions of lesson 02 (1994-1996): Partnership for Peace and who joined it first."""

from __future__ import annotations

import re

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.choices import Choice
from nato_russia.questions.lookups import day, events_in, timestamp
from nato_russia.questions.lookups import days_between as _days
from nato_russia.questions.lookups import event as _event
from nato_russia.questions.question_types import (
    BarChartQuestion,
    DateQuestion,
    NumberQuestion,
    Question,
    WrittenQuestion,
)
from nato_russia.questions.readers import format_date
from nato_russia.questions.record_kinds import SourcingQuestion

# Ids of the records the lesson 02 questions are about.
PERIOD = "p02"
LAUNCH = "ev-1994-brussels-summit-pfp"
ROMANIA_SIGNS = "ev-1994-romania-first-pfp"
RUSSIA_SIGNS = "ev-1994-russia-joins-pfp"
NOORDWIJK = "ev-1995-russia-ipp-noordwijk"
# The Framework Document's pledge that 02.2 sends students to find.
REFRAIN = "q-pfp-framework-refrain"
# The cooperation area 02.5 reads off the cooperation explorer.
PEACEKEEPING = "area-peacekeeping"


def _on(course: Course, event_id: str) -> str:
    """An event's day written the course's way: '26 January 1994'."""
    return format_date(day(course, event_id))


def _agreements(course: Course) -> pd.DataFrame:
    """The period's agreements, in date order."""
    events = events_in(course, PERIOD)
    return events[events["kind"] == "agreement"].sort_values("date")


def _days_after(frame: pd.DataFrame, start: pd.Timestamp) -> list[int]:
    """Whole days from ``start`` to each event of ``frame``, in date order."""
    return (frame.sort_values("date")["date"] - start).dt.days.tolist()


def _joined(course: Course, country: str) -> str:
    return format_date(course.accessions.set_index("country").loc[country, "date"])


# --------------------------------------------------------------------------- 02.2


def _quotation(course: Course, quotation_id: str) -> pd.Series:
    return course.quotations.set_index("id").loc[quotation_id]


def _paragraph(course: Course) -> int:
    """The numbered paragraph of the Framework Document where the pledge stands.

    Read from the quotation's ``location`` ("para 2").
    """
    location = _quotation(course, REFRAIN)["location"]
    found = re.fullmatch(r"para (\d+)", str(location).strip())
    if found is None:
        raise ValueError(f"{REFRAIN}: cannot read a paragraph from {location!r}")
    return int(found.group(1))


def _paragraph_praise(course: Course) -> str:
    quoted = bool(_quotation(course, REFRAIN)["in_source_document"])
    return (
        f"Paragraph {_paragraph(course)}. These words bound every partner that signed the "
        f"Framework Document: Romania first, on {_on(course, ROMANIA_SIGNS)}, and Russia on "
        f"{_on(course, RUSSIA_SIGNS)}. "
        + ("The fact sheet quotes them in 2014, to show that Russia broke principles it had "
           "signed." if quoted else
           "Compare them with what Russia did in 2014 (lesson 07).")
    )


def _paragraph_mistakes(course: Course) -> list[tuple[float, str]]:
    number = _paragraph(course)
    # A later revision of the Document, printed by some copies online, runs its first two
    # paragraphs together, so the pledge moves up one.
    revised: list[tuple[float, str]] = [(
        number - 1,
        "In the text of 1994 that paragraph only sets the Partnership up. If your copy has the "
        "words there, it is a later revision, numbered differently: read the 1994 text at the "
        "question's link.")] if number > 1 else []
    blocks: list[tuple[float, str]] = [(
        number + extra,
        "That counts blocks of text. The Document numbers its paragraphs, and one numbered "
        "paragraph can run over several blocks: take the number it carries.")
        for extra in (1, 2)]
    return revised + blocks


# --------------------------------------------------------------------------- 02.5


def _area(course: Course, area_id: str) -> pd.Series:
    return course.areas.set_index("id").loc[area_id]


def _end_year(course: Course) -> int:
    return int(_area(course, PEACEKEEPING)["stopped"].year)


def _suspension_year(course: Course) -> int:
    """The year most other areas were suspended in (the April 2014 suspension)."""
    suspended = course.areas[course.areas["stop_kind"] == "suspended"]
    return int(suspended["stopped"].dt.year.mode().iloc[0])


def _end_praise(course: Course) -> str:
    area = _area(course, PEACEKEEPING)
    stopped = _event(course, area["stopped_event"])
    return (
        f"{_end_year(course)}. Unlike the areas NATO suspended in {_suspension_year(course)}, "
        f"Peacekeeping {area['stop_kind']}: the dataset closes it with "
        f"{stopped['title']!r}, on {format_date(area['stopped'].date())}. It had lasted from "
        f"the IFOR brigade of {area['began'].year}, through Kosovo, to that withdrawal."
    )


def _end_mistakes(course: Course) -> list[tuple[float, str]]:
    area = _area(course, PEACEKEEPING)
    marks = course.cooperation[(course.cooperation["area"] == PEACEKEEPING)
                               & (course.cooperation["effect"] != "opened")]
    slips: list[tuple[float, str]] = [
        (area["began"].year,
         "That is where the Peacekeeping bar begins, with the brigade in IFOR. Follow the bar "
         "to its right-hand end."),
        (_end_year(course) + 1,
         "The bar stops before that year's tick. A tick marks the start of a year, so a bar "
         "that ends between two ticks ends in the year of the left-hand one."),
        (_suspension_year(course),
         "That is when NATO suspended most of the other areas. The Peacekeeping bar stops "
         "long before: read where it ends."),
    ]
    slips += [(year, f"The mark in {year} is not the end of the bar: the legend says what "
                     "each mark means. Follow the bar to its right-hand end.")
              for year in sorted(set(marks["date"].dt.year))]
    return [(value, hint) for value, hint in slips if value != _end_year(course)]


# --------------------------------------------------------------------------- praise


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


# --------------------------------------------------------------------------- lesson 02

QUESTIONS: list[Question] = [
    DateQuestion(
        id="02.1",
        printed_reason="The lesson dates the Invitation and the launch in its text, because the "
        "fact sheet's different date is what it corrects; the question checks "
        "that the student can find the dataset's date for the launch. To be "
        "replaced by a question the lesson does not answer when the lesson is "
        "next revised.",
        stars=1,
        task="lookup",
        template="date of an event by its title",
        about="the day the Invitation and the dataset give for the launch of Partnership for Peace",
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
        hint="Find the event whose title says that Partnership for Peace was launched. Its "
        "row has two dates: the launch is the first day of the summit.",
    ),
    NumberQuestion(
        id="02.2",
        printed_reason="The lesson's attribution of the Framework Document quotation gives 'para "
        "2'; the question stays as practice in reading the document's numbered "
        "paragraphs. To be fixed with the lesson: cite the quotation without its "
        "paragraph.",
        stars=1,
        task="document",
        template="where in a document a quotation stands",
        about="the paragraph of the Framework Document where the partners renounce force",
        expected=_paragraph,
        praise=_paragraph_praise,
        mistakes=_paragraph_mistakes,
        hint="Search the Framework Document of 1994 for a few words of the passage. Several "
        "blocks of text can share one number: give the number of the paragraph they belong "
        "to.",
    ),
    NumberQuestion(
        id="02.3",
        stars=2,
        task="compute",
        template="days between two events",
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
             "That counts from the launch of PfP, the day of the Invitation. Start from "
             f"Russia's own signature, on {_on(c, RUSSIA_SIGNS)}."),
        ],
        hint="Find the two events in course.events by words of their titles (the foreign "
        "minister's name, the Dutch town), subtract the earlier date from the later, and turn "
        "the difference into a number of days.",
    ),
    BarChartQuestion(
        id="02.4",
        stars=3,
        task="chart",
        template="bar chart of days after an event",
        about="the days from the launch of PfP to each agreement of 1994-1996",
        expected=lambda c: _days_after(_agreements(c), timestamp(c, LAUNCH)),
        praise=_chart_praise,
        order_hint="Put the agreements in date order, the earliest first: sort them by their "
        "date before you draw.",
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
        hint="Take the launch date as in 02.1, keep the period's agreements in date order, "
        "subtract the launch from each of their dates and take the days; then draw one bar "
        "per agreement, with a title and both axis labels.",
    ),
    NumberQuestion(
        id="02.5",
        stars=2,
        task="explorer",
        template="a cooperation area's end read from an explorer",
        about="the year the Peacekeeping area stopped",
        expected=_end_year,
        praise=_end_praise,
        mistakes=_end_mistakes,
        hint="Follow the Peacekeeping bar, the top one, to its right-hand end, and read the "
        "year against the axis below: each year's tick marks the start of that year.",
    ),
    WrittenQuestion(
        id="02.6",
        stars=3,
        task="written",
        template="weigh what a policy was for, from its documents",
        about="what Partnership for Peace was for, 1994-1996",
        hint="",
        rubric=(
            "Level 1, a claim: does it say plainly whether PfP was a waiting room for "
            "membership, a substitute for it, or both, and for whom?",
            "Level 2, evidence from the data: does it use a figure or a dated event "
            "from the dataset, such as the order of the signatures, or the days in 02.3 "
            "between Russia's signature and the acceptance of its programme?",
            "Level 3, evidence from a document: does it cite at least two documents of "
            "different voices, such as the Invitation and the Framework Document "
            "(NATO's) or the Summary of Conclusions agreed with Russia (a joint text), "
            "and say whose words each are and what they committed anyone to?",
            "Level 4, a counter-argument: does it state the strongest objection to its "
            "own answer, the one its own evidence makes hardest to dismiss, and answer "
            "it?",
            "An answer that disagrees with the course's reading (both, on purpose) "
            "earns full credit when it rests on the documents and the data and answers "
            "the objection.",
            "Does it keep to four to six sentences?",
        ),
        dissent=(
            "PfP was a substitute for enlargement in its design, and became a waiting "
            "room only because Central Europe and Washington changed the policy around "
            "it. In January 1994 NATO named no candidate and no date, and its Framework "
            "Document asked partners to refrain from the threat or use of force and to "
            "respect existing borders, the obligations of a partner rather than the "
            "criteria of a member. The Invitation's phrase about the evolutionary "
            "process of the expansion of NATO was a gesture to the Central European "
            "governments that had asked for membership and were given a programme "
            "instead. Moscow's hesitation, 343 days between its signature and the "
            "acceptance of its programme, shows that Russia too read PfP as NATO's "
            "answer to the question of expansion, and it protested when the answer "
            "changed at the end of 1994. The strongest objection is that Romania and "
            "Lithuania, the first to sign, did join NATO in 2004, so the road was real. "
            "They joined through an enlargement process that began after PfP, which is "
            "why PfP's first purpose was to put the question off, not to answer it."
        ),
    ),
    SourcingQuestion(
        id="02.7",
        stars=2,
        task="document",
        template="whose words: a quotation traced to its document",
        about="the document these words come from",
        hint="Read the words for who is speaking and to whom: who is the 'we', and who were "
        "their adversaries? Then ask when saying so would have been news.",
        quotation="q-london-no-longer-adversaries",
        choices=(
            Choice("doc-joint-declaration-22-states",
                   "The Paris declaration says its signatories are no longer adversaries, "
                   "but in the third person, as a text both blocs signed. These words speak "
                   "in the first person, for one side offering the other."),
            Choice("doc-nacc-statement-1991",
                   "By December 1991 the former adversaries were sitting in one council: "
                   "saying 'we are no longer adversaries' would no longer have been news."),
            Choice("doc-london-declaration"),
            Choice("doc-pfp-framework-document",
                   "The Framework Document of 1994 has the words about the threat or use "
                   "of force, but as a commitment the partners take on; it does not announce "
                   "that enmity is over. Compare the two texts."),
            Choice("doc-founding-act",
                   "In 1997 NATO and Russia were building a council together: the end of "
                   "enmity was the starting point, years old, not the news."),
        ),
        praise="The London Declaration of July 1990: NATO's own voice, its members speaking "
        "to the Warsaw Pact states, to make a united Germany inside NATO easier for Moscow "
        "to accept. The words about force came back in the Framework Document of 1994, as a "
        "commitment asked of the partners: the same formula, from an offer to a condition.",
    ),
]
