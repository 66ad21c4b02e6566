"""Questions of lesson 01 (1990: the London Summit and the first outreach)."""

from __future__ import annotations

import re

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.choices import Choice
from nato_russia.questions.lookups import event as _event
from nato_russia.questions.lookups import events_in, period_years
from nato_russia.questions.question_types import (
    BarChartQuestion,
    NamesQuestion,
    NumberQuestion,
    Question,
    WrittenQuestion,
)
from nato_russia.questions.readers import and_list, format_date
from nato_russia.questions.record_kinds import CorroborationQuestion

# Ids of the records the lesson 01 questions are about.
PERIOD = "p01"
# The years 01.2 shows in the events-per-year explorer: this lesson's and the next one's, so
# that the empty years and the full ones are not as many.
EMPTY_WINDOW = range(1990, 1997)
LONDON_SUMMIT = "ev-1990-london-summit"
PARIS_SIGNING = "ev-1990-paris-joint-declaration"
NACC_MEETING = "ev-1991-nacc-inaugural"
# The two articles of the Two Plus Four Treaty that 01.1 sends students to read.
NO_FOREIGN_FORCES = "q-two-plus-four-no-foreign-forces"
ALLIANCES = "q-two-plus-four-alliances"

# The six governments the London Declaration invited to liaison (see the London Summit
# event's correction), as the states that exist today: Czechoslovakia split into the
# Czech Republic and Slovakia, and Russia continued the Soviet Union's seat. The exercise
# gives students the same list (question 01.4).
INVITED_TODAY = ("Russia", "Czech Republic", "Slovakia", "Hungary", "Poland", "Bulgaria",
                 "Romania")
BY_END_OF = pd.Timestamp("2000-12-31")  # ten years after the London Summit


# --------------------------------------------------------------------------- 01.1


def _quotation(course: Course, quotation_id: str) -> pd.Series:
    return course.quotations.set_index("id").loc[quotation_id]


def _article(course: Course, quotation_id: str) -> tuple[int, int | None]:
    """The article, and the paragraph inside it, where a quotation of the treaty stands.

    Read from the quotation's ``location``: "Article 5(3)" gives (5, 3), "Article 6" (6, None).
    """
    location = _quotation(course, quotation_id)["location"]
    found = re.fullmatch(r"Article (\d+)(?:\((\d+)\))?", str(location).strip())
    if found is None:
        raise ValueError(f"{quotation_id}: cannot read an article from {location!r}")
    return int(found.group(1)), int(found.group(2)) if found.group(2) else None


def _article_praise(course: Course) -> str:
    article, paragraph = _article(course, NO_FOREIGN_FORCES)
    alliances, _ = _article(course, ALLIANCES)
    where = f"Article {article}" + (f", paragraph {paragraph}" if paragraph else "")
    return (
        f"{where}. It binds one territory: {_quotation(course, NO_FOREIGN_FORCES)['note']} "
        f"Article {alliances} leaves the united Germany free to belong to alliances, and no "
        "article names any state further east. Whether anything was promised about Poland, "
        "Hungary or the rest of the Warsaw Pact is not in the treaty: that is where the "
        "lesson's debate begins."
    )


def _article_mistakes(course: Course) -> list[tuple[float, str]]:
    article, paragraph = _article(course, NO_FOREIGN_FORCES)
    alliances, _ = _article(course, ALLIANCES)
    slips: list[tuple[float, str]] = [
        (alliances,
         f"Article {alliances} is the next heading on the page, the article on alliances: it "
         "leaves Germany free to belong to NATO. The words on foreign forces come before that "
         "heading, so they belong to the article before it."),
    ]
    if paragraph is not None:
        slips += [
            (paragraph,
             "That is the number in brackets, a paragraph inside the article. The question "
             "asks for the article itself."),
            (float(f"{article}.{paragraph}"),
             "That joins the article and its paragraph into one number. Give the article's "
             "number alone, as a whole number."),
        ]
    return slips


# --------------------------------------------------------------------------- 01.2


def _window_events(course: Course) -> pd.DataFrame:
    """The events of the years 01.2 shows: this lesson's and the next lesson's."""
    return course.events[course.events["year"].between(EMPTY_WINDOW[0], EMPTY_WINDOW[-1])]


def _empty_years(course: Course) -> list[int]:
    """The years of the window in which the dataset records no event."""
    have = set(_window_events(course)["year"])
    return [year for year in EMPTY_WINDOW if year not in have]


def _empty_years_praise(course: Course) -> str:
    empty = _empty_years(course)
    return (
        f"{len(empty)} of the {len(EMPTY_WINDOW)} years, {and_list([str(y) for y in empty])}, "
        "have no event in the dataset. That says what the course chose to record, not that "
        "nothing happened between NATO and Moscow in those years. To check the choice, read "
        "how the events were selected (each names its sources; data/README.md describes the "
        "dataset) and compare a chronology of the time; in the capstone, lesson 09, you can "
        "add an event of your own and watch an empty year fill."
    )


def _empty_years_mistakes(course: Course) -> list[tuple[float, str]]:
    events = _window_events(course)
    slips: list[tuple[float, str]] = [
        (len(EMPTY_WINDOW),
         "That is every year shown. Count only the years where no bar stands."),
        (len(events),
         "That counts the events. The question asks how many years have none."),
        # Before the tallest bar: when the two coincide, counting the full years is the
        # likelier slip.
        (events["year"].nunique(),
         "That counts the years that do have events. Count the others."),
        (int(events["year"].value_counts().max()),
         "That is the height of the tallest bar. Count the years that have no bar at all."),
    ]
    slips += [(year, f"{year} is one of the empty years, but the question asks how many "
                     "there are: count them.") for year in _empty_years(course)]
    # A slip that gives the right number is no slip: keep only the wrong ones.
    right = len(_empty_years(course))
    return [(value, hint) for value, hint in slips if value != right]


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
    "take .days of the difference and add nothing to it.")


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
                             "between them, so take .days of the difference and add "
                             "nothing to it.")]
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


def _per_year_praise(course: Course) -> str:
    empty = _empty_years(course)
    return (
        "Your chart shows the period's events year by year, and the bars of height 0 for "
        f"{and_list([str(y) for y in empty])} show where the record falls silent. An empty "
        "bar is a gap in the dataset, not proof that nothing happened."
    )


def _per_year_mistakes(course: Course) -> list[tuple[list[int], str]]:
    with_events = [n for n in _per_year(course) if n]
    signals = events_in(course, PERIOD).sort_values("date")["signal"].tolist()
    return [
        (with_events,
         "These bars are right as far as they go, but the period runs from 1990 to 1993, "
         "and a year with no events needs a bar too, of height 0. A count has no row for "
         "such a year: .reindex, given every year of the period and a fill_value, adds it."),
        (signals,
         "Those are the signals of the events. Count the events in each year instead."),
    ]


# --------------------------------------------------------------------------- lesson 01

QUESTIONS: list[Question] = [
    NumberQuestion(
        id="01.1",
        printed_reason="The lesson's attribution of the treaty quotation names its article; the "
        "question stays as practice in finding a passage in the treaty's own "
        "text, and its hints teach the page's layout. To be fixed with the "
        "lesson: cite the quotation without its article.",
        stars=1,
        task="document",
        template="where in a document a quotation stands",
        about="the article of the Two Plus Four Treaty that keeps foreign forces out of "
        "eastern Germany",
        expected=lambda c: _article(c, NO_FOREIGN_FORCES)[0],
        praise=_article_praise,
        mistakes=_article_mistakes,
        hint="Search the treaty's page for the words 'that part of Germany'. The page begins "
        "partway through an article: the heading that comes after the words is not theirs.",
    ),
    NumberQuestion(
        id="01.2",
        stars=1,
        task="explorer",
        template="empty years read from an explorer",
        about="the number of years of 1990-1996 without an event in the dataset",
        expected=lambda c: len(_empty_years(c)),
        praise=_empty_years_praise,
        mistakes=_empty_years_mistakes,
        hint="Read the chart's x axis: every year from 1990 to 1996 has its place there, "
        "whether or not a bar stands on it. Count the places with no bar.",
    ),
    NumberQuestion(
        id="01.3",
        stars=2,
        task="compute",
        template="days between two events",
        about="the number of days from the end of the London Summit to the Paris signing",
        expected=_days_to_paris,
        praise=_days_to_paris_praise,
        mistakes=_days_to_paris_mistakes,
        hint="Find the two events by words of their titles. The summit met over two days: "
        "start from its last one, subtract it from the signing's date, and turn the "
        "difference into a number of days.",
    ),
    NamesQuestion(
        id="01.4",
        stars=2,
        task="compute",
        template="names matched against a list",
        about="the listed states that had joined NATO by the end of 2000",
        expected=_invited_joined,
        praise=_invited_joined_praise,
        aliases={"czechia": "Czech Republic", "slovak republic": "Slovakia"},
        mistakes=_invited_joined_mistakes,
        hint="Keep the rows of the accessions table that pass two tests at once: the country "
        "is on the list, and the date is no later than the last day of 2000. Then take "
        "their countries.",
    ),
    BarChartQuestion(
        id="01.5",
        stars=3,
        task="chart",
        template="bar chart of counts per group",
        about="the number of events in each year from 1990 to 1993",
        expected=_per_year,
        praise=_per_year_praise,
        order_hint="Put the years in order, 1990 first. value_counts() sorts by size; "
        ".sort_index() or .reindex(...) sorts by year.",
        mistakes=_per_year_mistakes,
        hint="Count the period's events per year, make sure every year from 1990 to 1993 is "
        "there (0 where there were none), then draw one bar per year.",
    ),
    WrittenQuestion(
        id="01.6",
        stars=3,
        task="written",
        template="argue a contested question from voices",
        about="what Moscow was told in 1990",
        hint="",
        rubric=(
            "Level 1, a claim: does it say plainly which account the record of 1990 "
            "supports better, a promise that NATO would not expand east or talks that "
            "concerned Germany only, and how far it goes?",
            "Level 2, evidence from the data: does it use a figure or an event from the "
            "dataset, such as the dates of the Baker-Gorbachev meeting and of the treaty, "
            "how the course codes them, or the accessions of 12 March 1999 (your answer to "
            "01.4)?",
            "Level 3, evidence from a document: does it cite at least two documents of "
            "different voices, such as the US and the Soviet records of 9 February 1990 or "
            "Articles 5 and 6 of the Two Plus Four Treaty, and say whose words each are and "
            "whether they bound anyone?",
            "Level 4, a counter-argument: does it state the strongest objection to its "
            "own answer, the one its own evidence makes hardest to dismiss, and answer "
            "it?",
            "An answer that disagrees with the course's reading in the lesson (spoken "
            "assurances that bound no one but shaped what Moscow expected) earns full "
            "credit when it rests on the records and answers the objection.",
            "Does it keep to 150-200 words?",
        ),
        dissent=(
            "The record supports the first account more than the course allows: Moscow "
            "was given assurances about NATO's reach that went beyond Germany, and they "
            "were broken in substance even though no one signed them. On 9 February "
            "1990 the American memorandum has Baker telling Gorbachev there would be no "
            "extension of NATO's jurisdiction one inch to the east. Baker was the "
            "Secretary of State of the Alliance's leading power, speaking to the Soviet "
            "leader in a negotiation, and the Soviet record, Moscow's voice, confirms "
            "the substance. States do not bind themselves only by treaty: Moscow "
            "accepted a united Germany in NATO partly on such words. The Two Plus Four "
            "Treaty of 12 September 1990, signed by both sides, is silent on the rest "
            "of Europe because it settled Germany alone, not because the other question "
            "had been answered in NATO's favour. Nine years later, on 12 March 1999, "
            "Poland, Hungary and the Czech Republic joined. The strongest objection is "
            "that the signed text promises nothing about other states, so nothing was "
            "promised. But silence in a treaty about Germany cannot cancel what was "
            "said to obtain it; it shows only that Moscow failed to get the assurance "
            "written down."
        ),
    ),
    CorroborationQuestion(
        id="01.7",
        stars=2,
        task="document",
        template="two records at odds",
        about="one of the two records that disagree",
        hint="Ask of each record what it says about how far NATO would reach. Two of them say "
        "the same thing in nearly the same words; two fit together; two cannot both stand.",
        choices=(
            Choice("q-london-no-longer-adversaries",
                   "A is NATO's London Declaration, offering the Warsaw Pact states an end to "
                   "enmity. No option here takes that offer back: look at the records about "
                   "Germany."),
            Choice("q-two-plus-four-alliances"),
            Choice("q-joint-declaration-no-longer-adversaries",
                   "C is the declaration the 22 states signed in Paris, and it repeats what "
                   "NATO had offered in London months before: it agrees with another option."),
            Choice("q-baker-one-inch"),
            Choice("q-two-plus-four-no-foreign-forces",
                   "E keeps foreign forces out of the former GDR, close to what was offered "
                   "in February rather than against it. Ask which text settles whether the "
                   "east of Germany, too, may belong to an alliance."),
        ),
        disagree=("q-baker-one-inch", "q-two-plus-four-alliances"),
        on_what="whether NATO would reach past the old inner-German border: in February "
        "Baker spoke of its jurisdiction moving not 'one inch to the east', while the treaty "
        "signed in September leaves the whole united Germany, the former GDR included, free "
        "to belong to an alliance, keeping only foreign forces out of the east",
        praise="Between February and September the offer changed, and only the treaty was "
        "signed: which is why Baker's sentence is evidence of what Moscow heard, not of what "
        "NATO undertook.",
    ),
]
