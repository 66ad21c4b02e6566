"""Questions that need the course map, one in each lesson that uses it (03, 05, 07, 08).

They sit in a module of their own, numbered 9 in each lesson's set, so the lessons' own
question modules stay as they are. Each asks which NATO members border a state at the end of
a year: the map shows it, the alt text under it does not, and the answer key reads the same
shapes (:func:`nato_russia.geo.neighbours`) and the dataset's accessions.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from nato_russia import geo
from nato_russia.data import Course
from nato_russia.questions.question_types import NamesQuestion, Question
from nato_russia.questions.readers import and_list

TEMPLATE = "neighbours read off the map"
# Natural Earth's short spellings a student may read off other maps.
ALIASES = {"czechia": "Czech Republic", "macedonia": "North Macedonia"}


def members_bordering(course: Course, country: str, year: int) -> list[str]:
    """NATO members at the end of ``year`` that share a land border with ``country``."""
    day = pd.Timestamp(f"{year}-12-31")
    acc = course.accessions
    members = set(acc.loc[acc["date"] <= day, "country"])
    return [name for name in geo.neighbours(country) if name in members]


def _key(country: str, year: int) -> Callable[[Course], list[str]]:
    return lambda course: members_bordering(course, country, year)


def _praise(country: str, year: int, note: str) -> Callable[[Course], str]:
    def praise(course: Course) -> str:
        names = members_bordering(course, country, year)
        return f"At the end of {year}: {and_list(names)}. {note}"
    return praise


def _all_neighbours(country: str, hint: str) -> Callable[[Course], list[tuple[list[str], str]]]:
    def mistakes(course: Course) -> list[tuple[list[str], str]]:
        return [(geo.neighbours(country), hint)]
    return mistakes


def _other_year(country: str, year: int, hint: str,
                ) -> Callable[[Course], list[tuple[list[str], str]]]:
    def mistakes(course: Course) -> list[tuple[list[str], str]]:
        return [(geo.neighbours(country), "Those are all its neighbours on the map. Keep the "
                 "ones drawn as NATO members (dark blue) in the year asked."),
                (members_bordering(course, country, year), hint)]
    return mistakes


QUESTIONS: list[Question] = [
    NamesQuestion(
        id="03.8",
        task="explorer",
        template=TEMPLATE,
        stars=1,
        about="the NATO members that bordered Russia at the end of 1999",
        expected=_key("Russia", 1999),
        praise=_praise("Russia", 1999, "Before March 1999 Norway was the only one; Poland's "
                       "border is Kaliningrad's, the exclave Russia kept between Poland and "
                       "Lithuania."),
        mistakes=_other_year("Russia", 1998, "That is the map of 1998. Poland joined in March "
                             "1999: move the slider to 1999."),
        aliases=ALIASES,
        hint="Set the map explorer's slider to 1999 and follow Russia's border, Kaliningrad "
        "included: which countries along it are drawn as NATO members?",
    ),
    NamesQuestion(
        id="05.9",
        task="explorer",
        template=TEMPLATE,
        stars=1,
        about="the NATO members that bordered Georgia at the end of 2008",
        expected=_key("Georgia", 2008),
        praise=_praise("Georgia", 2008, "Georgia's only border with the Alliance was its "
                       "south-western one; Abkhazia and South Ossetia, marked on the map, lie "
                       "on its border with Russia."),
        mistakes=_all_neighbours("Georgia", "Those are all of Georgia's neighbours. Keep only "
                                 "the ones drawn as NATO members in 2008."),
        aliases=ALIASES,
        hint="Set the slider to 2008 and look along Georgia's borders: which neighbour is "
        "drawn as a NATO member?",
    ),
    NamesQuestion(
        id="07.8",
        task="explorer",
        template=TEMPLATE,
        stars=1,
        about="the NATO members that bordered Ukraine at the end of 2014",
        expected=_key("Ukraine", 2014),
        praise=_praise("Ukraine", 2014, "All four joined in 1999 or 2004: by 2014 the Alliance "
                       "ran along Ukraine's western border from Poland to Romania."),
        mistakes=_all_neighbours("Ukraine", "Those are all of Ukraine's neighbours, Russia, "
                                 "Belarus and Moldova included. Keep the NATO members."),
        aliases=ALIASES,
        hint="Set the slider to 2014 and follow Ukraine's western border from north to "
        "south: which neighbours are drawn as NATO members?",
    ),
    NamesQuestion(
        id="08.7",
        task="explorer",
        template=TEMPLATE,
        stars=1,
        about="the NATO members that bordered Russia at the end of 2024",
        expected=_key("Russia", 2024),
        praise=_praise("Russia", 2024, "Finland's accession in April 2023 added the border "
                       "from the Arctic to the Gulf of Finland; Sweden, which joined in 2024, "
                       "has no land border with Russia."),
        mistakes=_other_year("Russia", 2022, "That is the map before Finland joined (April "
                             "2023): move the slider to 2024."),
        aliases=ALIASES,
        hint="Set the slider to 2024 and follow Russia's border from the Arctic to the Black "
        "Sea, Kaliningrad included: which countries along it are drawn as NATO members?",
    ),
]
