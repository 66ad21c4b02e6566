"""What the dataset holds: the source's events and quotations, its omissions, its corrections."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from course_files import ROOT

from nato_russia import data

SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def fact_sheet() -> str:
    files = sorted(SEEDS.glob("000_*.txt")) if SEEDS.is_dir() else []
    if not files:
        pytest.skip("the source document (../shared/seeds) is not beside this checkout")
    return files[0].read_text(encoding="utf-8")


def _event(course: data.Course, pattern: str) -> pd.DataFrame:
    named = course.events["id"] + " " + course.events["title"]
    found = course.events[named.str.contains(pattern, case=False, regex=True)]
    assert len(found), f"no event whose id or title matches {pattern!r}"
    return found


# --------------------------------------------------------------------------- against the source


def test_every_quotation_from_the_fact_sheet_is_verbatim(
    course: data.Course, fact_sheet: str
) -> None:
    quoted = course.quotations[course.quotations["in_source_document"]]
    assert len(quoted) >= 14
    for row in quoted.itertuples():
        assert row.text in fact_sheet, f"{row.id} is not word for word in the fact sheet"


def test_every_passage_the_fact_sheet_quotes_is_in_the_dataset(
    course: data.Course, fact_sheet: str
) -> None:
    texts = " ".join(course.quotations["text"])
    titles = " ".join(course.documents["title"]).lower()
    for passage in re.findall(r"“(.*?)”", fact_sheet, flags=re.S):
        if len(passage.split()) < 5 or passage.lower() in titles:
            continue  # terms such as “theatre missile defence”, and document titles
        # The Strategic Concept passage spans two paragraphs, stored as two quotations.
        pieces = [p for p in re.split(r"(?<=Russia\.) (?=The NATO-Russia)", passage) if p]
        for piece in pieces:
            assert piece in texts, f"the fact sheet quotes {piece[:60]!r}…, missing here"


def test_every_link_of_the_fact_sheet_is_a_document_unescaped(
    course: data.Course, fact_sheet: str
) -> None:
    links = {u.replace("\\_", "_") for u in re.findall(r"\((http://www\.nato\.int[^)]+)\)",
                                                        fact_sheet)}
    urls = set(course.documents["url"]) | set(course.sources["url"])
    assert len(links) == 14
    assert links <= urls, sorted(links - urls)
    assert not any("\\" in url for url in urls)


def test_every_quotation_names_a_dated_linked_document(course: data.Course) -> None:
    merged = course.quotations.merge(course.documents, left_on="document", right_on="id")
    assert len(merged) == len(course.quotations)
    assert merged["url"].str.startswith("http").all()
    assert merged["date"].notna().all()


# --------------------------------------------------------------------------- size and shape


def test_the_dataset_holds_at_least_forty_events(course: data.Course) -> None:
    assert len(course.events) >= 40
    assert course.events["in_source_document"].sum() >= 15
    assert (~course.events["in_source_document"]).sum() >= 20


def test_periods_match_the_lessons(course: data.Course) -> None:
    assert list(course.periods["lesson"]) == [f"{n:02d}" for n in range(1, 9)]
    assert course.periods["start"].iloc[0] == pd.Timestamp("1990-01-01")
    assert set(course.events["lesson"]) == set(course.periods["lesson"])


def test_membership_counts_from_sixteen_to_thirty_two(course: data.Course) -> None:
    joined = course.accessions.groupby("date").size().cumsum()
    assert joined[joined.index < "1990-01-01"].iloc[-1] == 16
    rounds = joined[joined.index >= "1990-01-01"]
    assert list(rounds.index.strftime("%Y-%m-%d")) == [
        "1999-03-12", "2004-03-29", "2009-04-01", "2017-06-05",
        "2020-03-27", "2023-04-04", "2024-03-07",
    ]
    assert list(rounds) == [19, 26, 28, 29, 30, 31, 32]
    assert course.accessions["country"].is_unique


def test_accessions_since_1999_are_enlargement_events(course: data.Course) -> None:
    recent = course.accessions[course.accessions["date"] >= "1999-01-01"]
    assert recent["event"].notna().all()
    events = course.events.set_index("id")
    for row in recent.itertuples():
        assert events.loc[row.event, "kind"] == "enlargement"
        assert events.loc[row.event, "date"] == row.date


def test_cooperation_areas_named_by_the_source(course: data.Course) -> None:
    names = " ".join(course.areas["name"]).lower()
    for area in ["peacekeeping", "arms control", "counter-terrorism", "counter-narcotics",
                 "theatre missile defence", "territorial missile defence", "transit",
                 "helicopter", "piracy", "submarine", "munitions", "chemical weapons"]:
        assert area in names, f"no cooperation area for {area}"
    suspended = course.areas[course.areas["stop_kind"] == "suspended"]
    assert (suspended["stopped"] >= "2014-03-01").all()
    assert len(suspended[suspended["stopped"] == "2014-04-01"]) >= 5


def test_each_area_begins_with_the_event_that_opened_it(course: data.Course) -> None:
    opened = course.cooperation[course.cooperation["effect"] == "opened"]
    pairs = set(zip(opened["event"], opened["area"], strict=True))
    for row in course.areas.itertuples():
        assert (row.began_event, row.id) in pairs, f"{row.began_event} does not open {row.id}"


# --------------------------------------------------------------------------- omissions


@pytest.mark.parametrize(
    ("pattern", "date"),
    [
        ("Madrid", "1997-07"),
        ("Kosovo", "1999-03-24"),
        ("Munich", "2007-02-10"),
        ("CFE", "2007-12-12"),
        ("Bucharest Summit Declaration|membership pledge|Georgia and Ukraine", "2008-04-03"),
        ("georgia-war", "2008-08-07"),
        ("NRC|NATO-Russia Council", "2016-04-20"),
        ("mission", "2021-10-18"),
        ("invasion", "2022-02-24"),
        ("Strategic Concept", "2022-06-29"),
        # Issue 19: the war beside the NATO-Russia channel, and the years after the fact sheet.
        ("donbas", "2014-04-12"),
        ("MH17", "2014-07-17"),
        ("minsk-protocol", "2014-09-05"),
        ("minsk-ii", "2015-02-12"),
        ("russia-syria", "2015-09-30"),
        ("warsaw-summit", "2016-07-08"),
        ("inf-treaty-ends", "2019-08-02"),
    ],
)
def test_events_the_source_leaves_out_are_here(
    course: data.Course, pattern: str, date: str
) -> None:
    found = _event(course, pattern)
    found = found[found["date"].dt.strftime("%Y-%m-%d").str.startswith(date)]
    assert len(found) == 1, f"expected one event {pattern!r} on {date}"
    row = found.iloc[0]
    assert not row["in_source_document"]
    assert row["sources"]


# --------------------------------------------------------------------------- corrections


def test_the_weighed_russian_text_has_its_errors_recorded(course: data.Course) -> None:
    """Issue 19: Russia's draft agreement of 17 December 2021 is weighed as the fact sheet is.

    What it says is a quotation, word for word, and what is wrong with it is that quotation's
    correction, citing the evidence: a principle of the Founding Act, itself a quotation record.
    """
    quotations = course.quotations.set_index("id")
    draft = quotations[quotations["document"] == "doc-russia-draft-agreement-2021"]
    assert {"Article 1", "Article 6"} <= set(draft["location"])
    errors = draft[draft["correction"].notna()]
    assert len(errors) >= 1, "the draft's error of substance is recorded as a correction"
    for note, sources in zip(errors["correction"], errors["sources"], strict=True):
        cited = re.findall(r"\((q-[a-z0-9-]+)\)", note)
        assert cited, "a correction names the record that shows it"
        assert all(quotations.loc[q, "document"] == "doc-founding-act" for q in cited)
        assert "src-nato-founding-act" in sources
    author = course.documents.set_index("id").loc["doc-russia-draft-agreement-2021"]
    assert author["voice"] == "russia"


def test_romania_not_russia_signed_partnership_for_peace_first(course: data.Course) -> None:
    kozyrev = _event(course, "Russia signs|Kozyrev").iloc[0]
    assert kozyrev["date"] == pd.Timestamp("1994-06-22")
    assert "first" in kozyrev["source_says"]
    assert "Romania" in kozyrev["correction"]
    romania = _event(course, "Romania")
    assert (romania["date"] == pd.Timestamp("1994-01-26")).any()


def test_the_brussels_summit_ran_ten_to_eleven_january_1994(course: data.Course) -> None:
    pfp = _event(course, "Partnership for Peace").sort_values("date").iloc[0]
    assert pfp["date"] == pd.Timestamp("1994-01-10")
    assert pfp["end_date"] == pd.Timestamp("1994-01-11")
    assert "11 January" in pfp["source_says"]


def test_bucharest_pledge_and_nrc_meeting_are_separate_events(course: data.Course) -> None:
    april_2008 = course.events[course.events["date"].between("2008-04-01", "2008-04-30")]
    dates = set(april_2008["date"].dt.strftime("%Y-%m-%d"))
    assert {"2008-04-03", "2008-04-04"} <= dates
    nrc = april_2008[april_2008["date"] == "2008-04-04"]
    assert nrc["in_source_document"].any()


def test_formal_contacts_resumed_by_ministers_on_5_march_2009(course: data.Course) -> None:
    resumed = course.events[course.events["date"] == "2009-03-05"]
    assert len(resumed) == 1
    summit = course.events[course.events["date"] == "2009-04-03"]
    assert len(summit) == 1 and summit.iloc[0]["source_says"]
    # The sheet's one sentence on the resumption is one mention, coded on the summit it names.
    assert summit.iloc[0]["in_source_document"] and not resumed.iloc[0]["in_source_document"]
    assert "misattribution" in summit.iloc[0]["correction"]


def test_the_thaw_after_the_georgia_war_is_recorded_step_by_step(course: data.Course) -> None:
    """December 2008 decision, informal NRC, formal decision, Corfu (informal), formal NRC."""
    events = course.events.set_index("id")
    steps = {
        "ev-2008-informal-reengagement": "2008-12-02",
        "ev-2009-nrc-informal-ambassadors": "2009-01-26",
        "ev-2009-ministers-resume-nrc": "2009-03-05",
        "ev-2009-nrc-corfu": "2009-06-27",
        "ev-2009-nrc-formal-ministerial": "2009-12-04",
    }
    for event_id, day in steps.items():
        assert events.loc[event_id, "date"] == pd.Timestamp(day), event_id
        assert events.loc[event_id, "signal"] == 1, event_id
    assert "Informal" in events.loc["ev-2009-nrc-corfu", "title"]
    called_off = events.loc["ev-2009-nrc-ministerial-called-off"]
    assert (called_off["date_precision"], called_off["signal"]) == ("month", -1)
    formal = set(events.loc["ev-2009-nrc-formal-ministerial", "sources"])
    urls = course.sources.set_index("id").loc[sorted(formal), "url"]
    assert urls.str.contains("nato.int").any()
    osce = events.loc["ev-2009-osce-corfu-ministerial"]
    assert "day after" not in osce["summary"]


def test_every_document_and_quotation_says_whose_voice_it_is(course: data.Course) -> None:
    voices = {"nato", "allied-government", "russia", "partner-state", "central-eastern-europe",
              "international-body", "scholarship", "joint"}
    assert set(course.documents["voice"]) <= voices
    assert course.documents["voice"].notna().all()
    assert course.quotations["voice"].notna().all()
    by_document = course.documents.set_index("id")["voice"]
    assert (course.quotations["voice"] == course.quotations["document"].map(by_document)).all()
