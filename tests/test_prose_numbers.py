"""Numbers the prose of lessons 05-08 gives about a chart or a count, checked against the data.

Issue 19, finding 20: lesson 05's index caption kept saying 10, 5 and 8 after the dataset had
moved the line to 11, 6 and 9. Every number a caption or a sentence states about a chart is
checked here against ``chart_data`` (or the chart's own alt text and step corners), and every
count against the DataFrames, so that a change in the data fails a test instead of leaving the
prose behind.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from nato_russia import charts, data, measures
from nato_russia.rendering import alt_text, chart_data

ROOT = Path(__file__).resolve().parent.parent

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}


@pytest.fixture(scope="module")
def course() -> data.Course:
    return data.load()


def _cell(notebook: str, cell_id: str) -> str:
    """The source of one cell, found by its id (ids survive edits; positions do not)."""
    cells = json.loads((ROOT / notebook).read_text(encoding="utf-8"))["cells"]
    found = [c for c in cells if c.get("id") == cell_id]
    assert len(found) == 1, f"{notebook}: no single cell {cell_id}"
    return "".join(found[0]["source"])


def _cell_starting(notebook: str, start: str) -> str:
    cells = json.loads((ROOT / notebook).read_text(encoding="utf-8"))["cells"]
    found = ["".join(c["source"]) for c in cells if "".join(c["source"]).startswith(start)]
    assert len(found) == 1, f"{notebook}: no single cell starting {start!r}"
    return found[0]


def _number(token: str) -> int:
    """An integer written as digits ("18", "-4", "+8") or as a word ("eighteen")."""
    token = token.lower()
    return WORDS[token] if token in WORDS else int(token)


def _grab(pattern: str, text: str) -> tuple[str, ...]:
    found = re.search(pattern, text)
    assert found, f"the prose no longer says {pattern!r}: update the test with the prose"
    return found.groups()


def _window(course: data.Course, period: str) -> tuple[int, int]:
    """The years the explorers open on for a period (as ``explore`` computes them)."""
    row = course.periods.set_index("id").loc[period]
    return int(row["start"].year), int(row["end"].year)


def _alt_range(fig: object) -> tuple[float, float]:
    first, last = _grab(r"moves from (-?[\d.]+) to (-?[\d.]+)", alt_text(fig))
    return float(first), float(last)


# --------------------------------------------------------------------------- lesson 05

L05 = "notebooks/05_2008_bucharest_georgia.ipynb"


def test_05_index_caption_matches_the_chart(course: data.Course) -> None:
    start, end = _window(course, "p05")
    fig = charts.relationship_index(course.events, start=start, end=end)
    table = chart_data(fig)
    carried, last = _alt_range(fig)
    caption = _cell(L05, "1539f2e3")
    said_start, said_august, said_june, said_december = map(_number, _grab(
        r"from (\d+) it dips.*falls to (\d+) in August 2008, climbs back to (\d+) by June 2009 "
        r"and reaches (\d+) with the formal meeting of December 2009", caption))
    (said_down,) = map(_number, _grab(r"ends (\d+) points? down", caption))

    assert said_start == carried == table["index"].iloc[0] - table["contribution"].iloc[0]
    august = table[table["date"].dt.strftime("%Y-%m") == "2008-08"]
    assert said_august == august["index"].min()
    assert said_june == table.loc[table["date"] <= "2009-06-30", "index"].iloc[-1]
    formal = table.loc[table["id"] == "ev-2009-nrc-formal-ministerial", "index"]
    assert said_december == formal.iloc[0]
    assert said_down == carried - last
    # "weight the war or the enlargement at 0 and the loss disappears"
    for kind in ("conflict", "enlargement"):
        reweighted = charts.relationship_index(course.events, {kind: 0}, start=start, end=end)
        first, final = _alt_range(reweighted)
        assert final >= first, kind


def test_05_timeline_caption_counts_the_chart(course: data.Course) -> None:
    start, end = _window(course, "p05")
    shown = chart_data(charts.timeline(course.events, course.periods, start=start, end=end))
    caption = _cell(L05, "3aa077a1")
    (count,) = _grab(r"timeline of the (\w+) events of 2008-2009", caption)
    assert _number(count) == len(shown)
    (spring,) = _grab(r"broken by (\w+) -1 markers in the spring of 2009", caption)
    spring_2009 = shown[shown["date"].between("2009-03-01", "2009-05-31")]
    assert _number(spring) == (spring_2009["signal"] == -1).sum()
    (outside,) = _grab(r"all but (\w+) of the negative markers fall in 2008", caption)
    negative = shown[shown["signal"] < 0]
    assert _number(outside) == (negative["date"].dt.year != 2008).sum()


def test_05_freeze_days_are_the_cells_days(course: data.Course) -> None:
    """The sentence after the freeze cell gives the days the cell computes, no others."""
    events = course.events[course.events["period"] == "p05"].set_index("id")
    freeze = events.loc["ev-2008-ministers-no-business-as-usual", "date"]
    code = _cell(L05, "23b6ac32")
    steps = re.findall(r'"(ev-[\w-]+)": "', code)
    assert len(steps) == 5
    days = {int((events.loc[step, "date"] - freeze).days) for step in steps}
    prose = _cell(L05, "e9e23c4b").split(". ")[0]
    assert {int(n) for n in re.findall(r"\d+", prose)} == days
    # "three and a half months or more than fifteen"
    assert round(min(days) / 30.44 * 2) / 2 == 3.5
    assert max(days) / 30.44 > 15


def test_05_weigh_the_source_counts(course: data.Course) -> None:
    events = course.events[course.events["period"] == "p05"]
    mentioned = events[events["in_source_document"]]
    total, said_mentioned, positive = map(_number, _grab(
        r"Of the (\w+) events of 2008-2009 in the dataset it mentions (\w+), "
        r"(\w+) of them positive",
        _cell(L05, "76c1010b")))
    assert (total, said_mentioned, positive) == (
        len(events), len(mentioned), (mentioned["signal"] > 0).sum())


def test_05_model_answer_dates_its_documents_and_events(course: data.Course) -> None:
    """The model answer of 05.6 (who started the war) dates each text it weighs as the data do."""
    answer = " ".join(_cell("solutions/05_2008_bucharest_georgia.ipynb", "c2518938").split())
    documents = course.documents.set_index("id")["date"]
    events = course.events.set_index("id")["date"]
    said = {
        "The Kremlin's statement of {}": documents["doc-kremlin-statement-2008-08-08"],
        "disproportionate on {}": documents["doc-nac-statement-2008-08-19"],
        "on {} Russia recognised Abkhazia": events[
            "ev-2008-russia-recognises-abkhazia-south-ossetia"],
    }
    for sentence, day in said.items():
        assert sentence.format(f"{day.day} {day:%B}") in answer, sentence


def test_05_resumption_is_one_mention(course: data.Course) -> None:
    """Finding 8: the sheet's one sentence on the resumption is coded once, on the summit."""
    events = course.events.set_index("id")
    assert events.loc["ev-2009-strasbourg-kehl-summit", "in_source_document"]
    assert not events.loc["ev-2009-ministers-resume-nrc", "in_source_document"]
    assert "misattribution" in events.loc["ev-2009-strasbourg-kehl-summit", "correction"]


# --------------------------------------------------------------------------- lesson 06

L06 = "notebooks/06_2010_lisbon_partnership.ipynb"


def test_06_gantt_caption_counts_the_bars(course: data.Course) -> None:
    start, end = _window(course, "p06")
    bars = chart_data(charts.cooperation_gantt(course.areas, course.cooperation,
                                               start=start, end=end))
    caption = _cell_starting(L06, "*Figure: a Gantt chart")
    total, begun = map(_number, _grab(
        r"the (\w+) cooperation areas active in 2010-2013; (\w+) bars begin in the period",
        caption))
    assert total == len(bars)
    assert begun == bars["began"].dt.year.between(start, end).sum()
    reduced = course.cooperation[(course.cooperation["effect"] == "reduced")
                                 & course.cooperation["date"].dt.year.between(start, end)]
    assert "one \"reduced\" mark" in caption and len(reduced) == 1


# --------------------------------------------------------------------------- lesson 07

L07 = "notebooks/07_2014_ukraine_crisis.ipynb"


def test_07_timeline_caption_counts_the_chart(course: data.Course) -> None:
    start, end = _window(course, "p07")
    shown = chart_data(charts.timeline(course.events, course.periods, start=start, end=end))
    caption = _cell(L07, "292fb0cb")
    (count,) = _grab(r"timeline of the (\w+) events of 2014", caption)
    assert _number(count) == len(shown)
    (spring, of) = _grab(r"(\w+) of the (\w+) fall in March and April", caption)
    assert _number(of) == len(shown)
    assert _number(spring) == shown["date"].dt.month.isin([3, 4]).sum()
    (spared,) = _grab(r"every event of the year but (\w+) is coded as friction or rupture",
                      caption)
    assert _number(spared) == (shown["signal"] >= 0).sum()
    friction, rupture, neutral = map(_number, _grab(
        r"(\w+) at -1 \(.*?\), (\w+) at -2 \(.*?\), and (\w+) at 0", caption))
    signal = shown["signal"]
    assert (friction, rupture, neutral) == (
        (signal == -1).sum(), (signal == -2).sum(), (signal == 0).sum())


def test_07_gantt_caption_counts_the_bars_on_the_line(course: data.Course) -> None:
    bars = chart_data(charts.cooperation_gantt(course.areas, course.cooperation,
                                               start=2008, end=2016))
    (count,) = _grab(r"(\w+) hatched bars end together on the dashed line of 1 April 2014",
                     _cell(L07, "0bca6670"))
    on_line = bars[(bars["stopped"] == "2014-04-01") & (bars["status"] == "suspended")]
    assert _number(count) == len(on_line)


def test_07_rolling_index_caption_follows_the_line(course: data.Course) -> None:
    fig = charts.relationship_index(course.events, start=2010, end=2016, mode="rolling",
                                    window=3)
    first, last = _alt_range(fig)
    table = measures.index_values(course.events, mode="rolling", window=3)
    xs, ys = measures.rolling_steps(table, 3, pd.Timestamp("2010-01-01"),
                                    pd.Timestamp("2016-12-31"))
    line = pd.Series(ys, index=pd.DatetimeIndex(xs))
    said = [_number(n) for n in _grab(
        r"it rises from (-?\d+) to a peak of \+(\d+) in 2011, stays between \+(\d+) and \+(\d+) "
        r"through 2013, falls through 2014 to (-?\d+) at Wales, and ends 2016 at (-?\d+)",
        _cell(L07, "35f4522f"))]
    wales = chart_data(fig).set_index("id").loc["ev-2014-wales-summit", "index"]
    in_2013 = line[line.index.year == 2013]
    assert said == [first, line[line.index.year == 2011].max(), in_2013.min(), in_2013.max(),
                    wales, last]


# --------------------------------------------------------------------------- lesson 08

L08 = "notebooks/08_synthesis_epilogue.ipynb"


def test_08_timeline_caption_counts_the_chart(course: data.Course) -> None:
    start, end = _window(course, "p08")
    shown = chart_data(charts.timeline(course.events, course.periods, start=start, end=end))
    caption = _cell(L08, "380e39b6")
    count, positive, neutral, ruptures = map(_number, _grab(
        r"timeline of the (\w+) events of 2015-2024.*?: (\w+) positive event.*?, (\w+) neutral "
        r"events .*?, (\w+) ruptures", caption))
    signal = shown["signal"]
    assert (count, positive, neutral, ruptures) == (
        len(shown), (signal > 0).sum(), (signal == 0).sum(), (signal == -2).sum())


def test_08_membership_caption_matches_the_steps(course: data.Course) -> None:
    steps = chart_data(charts.membership(course.accessions, course.events))
    first, last = map(int, _grab(r"step line from (\d+) in 1990 to (\d+) in 2024",
                                 _cell(L08, "abb811aa")))
    assert (first, last) == (steps["members"].iloc[0], steps["members"].iloc[-1])


def test_08_open_areas_sentence_counts_the_areas(course: data.Course) -> None:
    def open_at_end_of(year: int) -> int:
        began = course.areas["began"].dt.year <= year
        stopped = course.areas["stopped"].dt.year <= year
        return int((began & ~stopped).sum())

    peak, at_once = map(_number, _grab(
        r"grew to (\w+) areas by the end of 2013.*stopped (\w+) at once", _cell(L08, "126c438f")))
    assert peak == open_at_end_of(2013)
    assert open_at_end_of(2015) == 0
    assert at_once == (course.areas["stopped"] == "2014-04-01").sum()


def test_08_war_years_mean_owes_more_to_two_codings_than_to_enlargement(
        course: data.Course) -> None:
    """Finding 15: the sentence under the periodisation cell holds on the data."""
    events = course.events
    rupture = events[events["year"].between(2014, 2021)]["signal"].mean()
    war = events[events["year"] >= 2022]
    assert war["signal"].mean() > rupture
    january = war[(war["date"].dt.strftime("%Y-%m") == "2022-01") & (war["signal"] == 0)]
    assert len(january) == 2
    assert war.drop(january.index)["signal"].mean() < rupture
    assert (war["kind"] == "conflict").sum() == 1
    assert "two meetings of January 2022 coded 0" in _cell(L08, "ac90fe14")


def test_08_model_answer_gives_the_datas_means_and_index(course: data.Course) -> None:
    answer = _cell("solutions/08_synthesis_epilogue.ipynb", "5e031a18")
    means = [float(m) for m in _grab(
        r"mean signals of about ([-+]?\d+\.\d), ([-+]?\d+\.\d), ([-+]?\d+\.\d) and "
        r"([-+]?\d+\.\d)",
        answer)]
    cuts = [1990, 1999, 2008, 2014, 2025]
    eras = pd.cut(course.events["year"], bins=cuts, right=False)
    computed = course.events.groupby(eras, observed=True)["signal"].mean().round(1)
    assert means == [m + 0.0 for m in computed]  # + 0.0 turns -0.0 into 0.0
    without, with_all = map(int, _grab(r"ends 2024 at ([-+]\d+) rather than ([-+]\d+)", answer))
    index = measures.index_values(course.events)
    assert with_all == index["index"].iloc[-1]
    assert without == measures.index_values(course.events, {"enlargement": 0})["index"].iloc[-1]


def test_06_mention_counts_and_means_are_the_cells(course: data.Course) -> None:
    p06 = course.events[course.events["period"] == "p06"]
    means = p06.groupby("in_source_document")["signal"].mean().round(2)
    mentioned, total, mean_in, left_out, mean_out = _grab(
        r"mentions (\d+) of the (\d+) events of 2010-2013, all coded \+1 or \+2 "
        r"\(mean (-?\d+\.\d+)\); "
        r"the (\d+) it leaves out have a mean of (-?\d+(?:\.\d+)?)",
        _cell(L06, "l06-crosstab-after"))
    assert (int(mentioned), int(total), int(left_out)) == (
        p06["in_source_document"].sum(), len(p06), (~p06["in_source_document"]).sum())
    assert (float(mean_in), float(mean_out)) == (means[True], means[False])
    assert p06.loc[p06["in_source_document"], "signal"].isin([1, 2]).all()
    before, after = map(float, _grab(r"mean falls from (-?\d+\.\d+) to (-?\d+\.\d+)",
                                     _cell(L06, "l06-without-start-after")))
    without = p06[p06["id"] != "ev-2010-new-start"]
    assert before == means[False]
    assert after == round(without.loc[~without["in_source_document"], "signal"].mean(), 2)
