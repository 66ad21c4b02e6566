"""The static charts draw exactly the data they claim to, titled, labelled and described.

Expected values come from the real dataset (or, for membership, from the Alliance's history),
and are compared with what was actually drawn: the artists on the axes, not only the table
the chart function attached.
"""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from course_files import ROOT
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.text import Text
from PIL import Image

from nato_russia import charts, data, measures, palette, rendering
from nato_russia.rendering import ChartFigure

# The session's course and its tables, set by _course below when the first test runs.
COURSE: data.Course
EVENTS: pd.DataFrame
PERIODS: pd.DataFrame
AREAS: pd.DataFrame


@pytest.fixture(autouse=True, scope="module")
def _course(course: data.Course) -> None:
    """Give this module's tests the session's course: loaded at run time, never at import."""
    global COURSE, EVENTS, PERIODS, AREAS
    COURSE = course
    EVENTS, PERIODS, AREAS = course.events, course.periods, course.areas

# The Alliance's size over the course window, from its history (not from the dataset).
MEMBERSHIP_STEPS = [
    ("1990-01-01", 16), ("1999-03-12", 19), ("2004-03-29", 26), ("2009-04-01", 28),
    ("2017-06-05", 29), ("2020-03-27", 30), ("2023-04-04", 31), ("2024-03-07", 32),
]

CHARTS: dict[str, Callable[..., ChartFigure]] = {
    "timeline": lambda **kw: charts.timeline(EVENTS, PERIODS, **kw),
    "cooperation_gantt": lambda **kw: charts.cooperation_gantt(AREAS, COURSE.cooperation, **kw),
    "membership": lambda **kw: charts.membership(COURSE.accessions, EVENTS, **kw),
    "events_per_year": lambda **kw: charts.events_per_year(EVENTS, **kw),
    "relationship_index": lambda **kw: charts.relationship_index(
        EVENTS, {"enlargement": 2}, periods=PERIODS, **kw),
}


def main_axes(fig: Figure) -> Any:
    return fig.panels["main"]


def num(day: str | pd.Timestamp) -> float:
    return float(mdates.date2num(pd.Timestamp(day)))


def rectangles(patch: PathPatch) -> list[tuple[float, float, float]]:
    """(x centre, bottom, height) of each rectangle in a compound bar patch."""
    found = []
    for polygon in patch.get_path().to_polygons(closed_only=False):
        xs, ys = polygon[:, 0], polygon[:, 1]
        found.append(((xs.min() + xs.max()) / 2, ys.min(), ys.max() - ys.min()))
    return found


# --------------------------------------------------------------------------- membership


def test_membership_counts_follow_the_alliance_history() -> None:
    counts = measures.membership_counts(COURSE.accessions)
    in_window = counts[counts["date"] >= "1990-01-01"]
    expected = [(pd.Timestamp(day), n) for day, n in MEMBERSHIP_STEPS[1:]]
    assert list(zip(in_window["date"], in_window["members"], strict=True)) == expected
    assert counts["members"].iloc[-1] == len(COURSE.accessions) == 32
    assert measures.members_on(COURSE.accessions, 1990) == 16
    assert "Finland" in counts.loc[counts["date"] == "2023-04-04", "countries"].iloc[0]


def test_membership_chart_steps_exactly_at_the_accession_dates() -> None:
    fig = charts.membership(COURSE.accessions, EVENTS)
    steps = charts.chart_data(fig)
    assert list(steps["members"]) == [n for _, n in MEMBERSHIP_STEPS]
    assert list(steps["date"]) == [pd.Timestamp(day) for day, _ in MEMBERSHIP_STEPS]
    # ... and the line actually drawn steps through the same points.
    (line,) = [ln for ln in main_axes(fig).lines if ln.get_label() == "NATO members"]
    xs, ys = mdates.date2num(line.get_xdata()), list(line.get_ydata())
    assert ys[:-1] == [n for _, n in MEMBERSHIP_STEPS]
    assert list(xs[:-1]) == [num(day) for day, _ in MEMBERSHIP_STEPS]
    assert line.get_drawstyle() == "steps-post"
    labels = [t.get_text() for t in main_axes(fig).texts]
    assert labels == [str(n) for _, n in MEMBERSHIP_STEPS[1:]]


def test_membership_signal_stems_are_every_event_in_a_panel_below() -> None:
    fig = charts.membership(COURSE.accessions, EVENTS, start=2000, end=2010)
    lower = fig.panels["signal"]
    in_window = EVENTS[EVENTS["date"].between("2000-01-01", "2010-12-31")]
    (points,) = [c for c in lower.collections if isinstance(c, PathCollection)]
    assert sorted(points.get_offsets()[:, 1]) == sorted(in_window["signal"])
    assert lower.get_ylabel().startswith("Signal")
    # Two panels, one above the other, on the same years: no shared y scale to misread.
    upper = main_axes(fig).get_position()
    assert lower.get_position().y1 < upper.y0
    assert lower.get_xlim() == main_axes(fig).get_xlim()
    assert lower.get_xlabel() == "Year"
    fig = charts.membership(COURSE.accessions, EVENTS, signal=False, fig=fig)
    assert "signal" not in fig.panels and len(fig.axes) == 1
    assert main_axes(fig).get_xlabel() == "Year"


def test_membership_window_carries_earlier_members_in() -> None:
    fig = charts.membership(COURSE.accessions, start=2005, end=2018)
    assert list(charts.chart_data(fig)["members"]) == [26, 28, 29]


# --------------------------------------------------------------------------- cooperation


def bars_by_name(fig: Figure) -> dict[str, tuple[float, float, PathPatch]]:
    """Each Gantt bar as drawn: area name -> (start, end, the patch of its status group)."""
    ax = main_axes(fig)
    names = {round(tick): label.get_text().replace("\n", " ")
             for tick, label in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)}
    found = {}
    for patch in ax.patches:
        if not (patch.get_gid() or "").startswith("status:"):
            continue
        for polygon in patch.get_path().to_polygons(closed_only=False):
            xs, ys = polygon[:, 0], polygon[:, 1]
            found[names[round((ys.min() + ys.max()) / 2)]] = (xs.min(), xs.max(), patch)
    return found


def test_gantt_bars_run_from_began_to_stopped() -> None:
    fig = charts.cooperation_gantt(AREAS, COURSE.cooperation)
    bars = bars_by_name(fig)
    assert set(bars) == set(AREAS["name"])
    for area in AREAS.itertuples():
        start, end, bar = bars[area.name]
        assert start == pytest.approx(num(area.began))
        assert end == pytest.approx(num(area.stopped))
        status = area.stop_kind
        assert bar.get_gid() == f"status:{status}"
        assert bar.get_hatch() == palette.STOP_HATCHES[status]
        assert to_hex(bar.get_facecolor()).upper() == palette.STOP_COLOURS[status]
    # Suspended and ended look different in colour and in hatch.
    assert palette.STOP_HATCHES["suspended"] != palette.STOP_HATCHES["ended"]
    assert palette.STOP_COLOURS["suspended"] != palette.STOP_COLOURS["ended"]


def test_gantt_marks_the_april_2014_suspension() -> None:
    fig = charts.cooperation_gantt(AREAS)
    dashed = [ln for ln in main_axes(fig).lines if ln.get_linestyle() == "--"]
    assert [list(ln.get_xdata()) for ln in dashed] == [[pd.Timestamp("2014-04-01")] * 2]
    # Named in the legend, not above the line, where it ran into the title (07.3, 2013-2015).
    named = [t.get_text() for t in fig.findobj(Text) if "NATO suspen" in t.get_text()]
    assert named == ["NATO suspension,\n1 Apr 2014"]
    assert not any("suspen" in t.get_text() for t in main_axes(fig).texts)
    # Out of the window, no line.
    fig = charts.cooperation_gantt(AREAS, start=1995, end=2005)
    assert not [ln for ln in main_axes(fig).lines if ln.get_linestyle() == "--"]


def test_gantt_open_area_runs_to_the_given_end() -> None:
    areas = AREAS.copy()
    areas.loc[0, ["stopped", "stopped_event", "stop_kind"]] = [pd.NaT, None, None]
    fig = charts.cooperation_gantt(areas, open_until="2020-06-30")
    start, end, bar = bars_by_name(fig)[areas.loc[0, "name"]]
    assert end == pytest.approx(num("2020-06-30"))
    assert bar.get_gid() == "status:open" and not bar.get_hatch()
    assert charts.chart_data(fig).set_index("id").loc[areas.loc[0, "id"], "status"] == "open"


def test_gantt_filters_areas_and_window() -> None:
    chosen = list(AREAS["id"][:3])
    fig = charts.cooperation_gantt(AREAS, area_ids=chosen)
    assert list(charts.chart_data(fig)["id"]) == chosen
    fig = charts.cooperation_gantt(AREAS, start=2015, end=2024)
    assert charts.chart_data(fig).empty or (charts.chart_data(fig)["bar_end"] >= "2015").all()


def test_gantt_marks_changes_inside_an_area() -> None:
    fig = charts.cooperation_gantt(AREAS, COURSE.cooperation)
    marks = [c for c in main_axes(fig).collections if isinstance(c, PathCollection)]
    inside = COURSE.cooperation.merge(AREAS[["id", "began", "stopped"]], left_on="area",
                                      right_on="id")
    inside = inside[(inside["date"] > inside["began"]) & (inside["date"] < inside["stopped"])]
    assert sum(len(c.get_offsets()) for c in marks) == len(inside)


def test_a_freeze_and_its_thaw_are_told_apart_by_fill_as_well_as_shape() -> None:
    fig = charts.cooperation_gantt(AREAS, COURSE.cooperation, start=1997, end=2001)
    [marks] = [c for c in main_axes(fig).collections if isinstance(c, PathCollection)]
    fills = {tuple(colour) for colour in marks.get_facecolors()}
    assert len(fills) == 2, "the suspensions of 1999 and the resumptions of 2000 look alike"
    assert to_rgba(palette.EFFECT_FILLS["suspended"]) in fills
    assert to_rgba(palette.EFFECT_FILLS["resumed"]) in fills
    assert palette.EFFECT_FILLS["suspended"] != palette.EFFECT_FILLS["resumed"]


# --------------------------------------------------------------------------- events per year


def test_events_per_year_bars_equal_value_counts() -> None:
    fig = charts.events_per_year(EVENTS)
    drawn: dict[str, dict[int, float]] = {}
    for patch in main_axes(fig).patches:
        if isinstance(patch, PathPatch) and (patch.get_gid() or "").startswith("kind:"):
            kind = patch.get_gid().split(":", 1)[1]
            drawn[kind] = {round(x): h for x, _, h in rectangles(patch)}
    for kind in palette.KINDS:
        expected = EVENTS.loc[EVENTS["kind"] == kind, "year"].value_counts().to_dict()
        assert drawn.get(kind, {}) == expected, kind
    table = charts.chart_data(fig).set_index("year")
    assert table.sum(axis=1).to_dict() == {
        year: EVENTS["year"].value_counts().get(year, 0) for year in table.index}


def test_events_per_year_stacks_without_gaps_or_overlaps() -> None:
    fig = charts.events_per_year(EVENTS)
    tops: dict[int, float] = {}
    stacked = [p for p in main_axes(fig).patches if (p.get_gid() or "").startswith("kind:")]
    assert [p.get_gid() for p in stacked] == [  # drawn bottom-up in the palette's order
        f"kind:{k}" for k in palette.KINDS if (EVENTS["kind"] == k).any()]
    for patch in stacked:
        for x, bottom, height in rectangles(patch):
            assert bottom == tops.get(round(x), 0)
            tops[round(x)] = bottom + height
    assert tops == EVENTS["year"].value_counts().to_dict()


def test_events_per_year_filters_kinds_and_years() -> None:
    fig = charts.events_per_year(EVENTS, kinds=["enlargement"], start=1999, end=2009)
    table = charts.chart_data(fig)
    assert list(table.columns) == ["year", "enlargement"]
    assert list(table["year"]) == list(range(1999, 2010))
    expected = EVENTS[(EVENTS["kind"] == "enlargement") & EVENTS["year"].between(1999, 2009)]
    assert table["enlargement"].sum() == len(expected)
    with pytest.raises(ValueError, match="unknown event kind"):
        charts.events_per_year(EVENTS, kinds=["parade"])


# --------------------------------------------------------------------------- relationship index


def test_index_is_the_running_total_of_signal_times_weight() -> None:
    weights = {"enlargement": 2.0, "speech": 0.0}
    table = measures.index_values(EVENTS, weights)
    expected = (EVENTS["signal"] * EVENTS["kind"].map(lambda k: weights.get(k, 1.0))).sum()
    assert table["index"].iloc[-1] == pytest.approx(expected)
    assert table["contribution"].cumsum().tolist() == pytest.approx(table["index"].tolist())


def test_index_changes_when_a_weight_changes() -> None:
    base = charts.relationship_index(EVENTS)
    heavier = charts.relationship_index(EVENTS, {"enlargement": 3})
    enlargement = EVENTS.loc[EVENTS["kind"] == "enlargement", "signal"].sum()
    assert enlargement != 0  # otherwise this test would prove nothing
    last = charts.chart_data(heavier)["index"].iloc[-1] - charts.chart_data(base)["index"].iloc[-1]
    assert last == pytest.approx(2 * enlargement)
    line_base, line_heavier = (main_axes(f).lines[-1].get_ydata() for f in (base, heavier))
    assert list(line_base) != list(line_heavier)
    assert base.to_png() != heavier.to_png()
    assert "enlargement ×3" in charts.alt_text(heavier)


def test_rolling_index_sums_the_last_years() -> None:
    table = measures.index_values(EVENTS, mode="rolling", window=3)
    for row in table.sample(10, random_state=1).itertuples():
        recent = EVENTS[(EVENTS["date"] > row.date - pd.Timedelta(days=3 * 365))
                        & (EVENTS["date"] <= row.date)]
        assert row.index == pytest.approx(recent["signal"].sum())


def _index_line_value(fig: Figure, when: str) -> float:
    """Read the drawn index line (a post-step line) at one date."""
    line = next(ln for ln in fig.axes[0].lines if ln.get_drawstyle() == "steps-post")
    xs = mdates.date2num(pd.to_datetime(line.get_xdata()))
    position = np.searchsorted(xs, mdates.date2num(pd.Timestamp(when)), side="right") - 1
    return float(line.get_ydata()[position])


def test_rolling_index_line_drops_when_an_event_leaves_the_window() -> None:
    # Rome (+2, 28 May 2002) leaves a 3-year window in May 2005, months before the next event.
    rome = EVENTS[EVENTS["id"] == "ev-2002-rome-nrc"].iloc[0]
    expiry = rome["date"] + pd.Timedelta(days=3 * 365)
    quiet = EVENTS[(EVENTS["date"] > rome["date"]) & (EVENTS["date"] <= expiry)]
    after = EVENTS[EVENTS["date"] > expiry].iloc[0]
    assert after["date"] - expiry > pd.Timedelta(days=30), "the test needs a gap after expiry"
    fig = charts.relationship_index(EVENTS, mode="rolling", window=3, start=2002, end=2007)
    between = expiry + (after["date"] - expiry) / 2
    held = EVENTS[(EVENTS["date"] > between - pd.Timedelta(days=3 * 365))
                  & (EVENTS["date"] <= between)]["signal"].sum()
    assert rome["date"] <= between - pd.Timedelta(days=3 * 365), "Rome is out of the window"
    assert _index_line_value(fig, str(between.date())) == pytest.approx(held)
    last_event = quiet.iloc[-1]
    assert _index_line_value(fig, str(last_event["date"].date())) != pytest.approx(held)


@pytest.mark.parametrize("window", [1, 3, 10])
def test_every_corner_of_the_rolling_line_is_its_windows_total(window: int) -> None:
    table = measures.index_values(EVENTS, {"enlargement": 0.3, "summit": 2.5},
                                  mode="rolling", window=window)
    lo, hi = pd.Timestamp("1994-03-01"), pd.Timestamp("2016-07-01")
    corners, totals = measures.rolling_steps(table, window, lo, hi)
    span = pd.Timedelta(days=365 * window)
    assert corners[0] == lo and corners[-1] == hi and len(corners) > 20
    for corner, total in zip(corners, totals, strict=True):
        inside = (table["date"] > corner - span) & (table["date"] <= corner)
        assert total == float(table.loc[inside, "contribution"].sum()), corner


def test_index_rejects_unknown_kinds_and_modes() -> None:
    with pytest.raises(ValueError, match="unknown event kind"):
        measures.index_values(EVENTS, {"parade": 1})
    with pytest.raises(ValueError, match="mode"):
        measures.index_values(EVENTS, mode="average")


# --------------------------------------------------------------------------- timeline


def test_timeline_draws_each_event_in_its_row_and_signal_colour() -> None:
    kinds = ["summit", "agreement", "conflict"]
    fig = charts.timeline(EVENTS, PERIODS, kinds=kinds, start=1997, end=2008)
    shown = EVENTS[EVENTS["kind"].isin(kinds) & EVENTS["date"].between("1997-01-01",
                                                                        "2008-12-31")]
    (points,) = [c for c in main_axes(fig).collections if isinstance(c, PathCollection)]
    offsets = points.get_offsets()
    assert len(offsets) == len(shown) > 0
    assert list(offsets[:, 0]) == [num(d) for d in shown["date"]]
    rows = np.array([kinds.index(k) for k in shown["kind"]], dtype=float)
    assert np.all(np.abs(offsets[:, 1] - rows) <= 0.32 + 1e-9)  # in its row, spread if crowded
    colours = [to_hex(c).upper() for c in points.get_facecolors()]
    assert colours == [palette.SIGNAL_COLOURS[s] for s in shown["signal"]]
    assert [t.get_text() for t in main_axes(fig).get_yticklabels()] == [
        palette.KIND_LABELS[k] for k in kinds]
    # Markers differ by signal, not colour alone (tests/test_chart_readability.py checks them).
    assert len(set(palette.SIGNAL_MARKERS.values())) == len(palette.SIGNAL_MARKERS)


def test_close_markers_of_a_row_are_spread_and_lone_ones_stay_on_the_line() -> None:
    dates = pd.Series(pd.to_datetime(["2021-10-06", "2021-10-18", "2021-10-20", "2023-01-01",
                                      "2021-10-07"]))
    rows = pd.Series(["statement", "statement", "statement", "statement", "summit"])
    offsets = charts.dodge(dates, rows, days=30)
    assert list(offsets[:3]) == pytest.approx([-0.32, 0.0, 0.32])
    assert offsets[3] == 0 and offsets[4] == 0  # alone in time, alone in its row

    # On the course's timeline of 2015-2024, no two markers of a row sit on each other.
    fig = charts.timeline(EVENTS, PERIODS, start=2015, end=2024)
    (points,) = [c for c in main_axes(fig).collections if isinstance(c, PathCollection)]
    pixels = main_axes(fig).transData.transform(points.get_offsets())
    diameter = np.sqrt(charts.TIMELINE_MARKER) / 72 * fig.dpi
    apart = [np.hypot(*(a - b)) for i, a in enumerate(pixels) for b in pixels[i + 1:]]
    assert min(apart) > 0.55 * diameter


def test_timeline_shades_each_period_in_the_window() -> None:
    fig = charts.timeline(EVENTS, PERIODS, start=1997, end=2008)
    bands = [p for p in main_axes(fig).patches if isinstance(p, Rectangle)
             or type(p).__name__ == "Polygon"]
    overlapping = PERIODS[(PERIODS["end"] >= "1997-01-01") & (PERIODS["start"] <= "2008-12-31")]
    assert len(bands) == len(overlapping)
    labels = {t.get_text().split()[0] for t in main_axes(fig).texts}
    assert labels == set(overlapping["lesson"])


def test_window_accepts_years_and_dates() -> None:
    fig = charts.timeline(EVENTS, PERIODS, start="1999-03-12", end=1999)
    shown = charts.chart_data(fig)
    assert shown["date"].min() >= pd.Timestamp("1999-03-12")
    assert shown["date"].max() <= pd.Timestamp("1999-12-31")
    with pytest.raises(ValueError, match="before it starts"):
        charts.timeline(EVENTS, PERIODS, start=2005, end=2001)


# --------------------------------------------------------------------------- every chart


@pytest.mark.parametrize(("name", "options"), [
    ("timeline", {"kinds": []}),
    ("cooperation_gantt", {"area_ids": []}),
    ("cooperation_gantt", {"start": 2016, "end": 2024}),
    ("events_per_year", {"kinds": []}),
    ("relationship_index", {"start": 1993, "end": 1993}),
])
def test_an_empty_choice_says_so_instead_of_failing(name: str, options: dict[str, Any]) -> None:
    build = {
        "timeline": lambda: charts.timeline(EVENTS, PERIODS, **options),
        "cooperation_gantt": lambda: charts.cooperation_gantt(AREAS, COURSE.cooperation,
                                                              **options),
        "events_per_year": lambda: charts.events_per_year(EVENTS, **options),
        "relationship_index": lambda: charts.relationship_index(EVENTS, **options),
    }[name]
    fig = build()
    assert fig.to_png().startswith(b"\x89PNG")
    assert any(t.get_text().startswith("Nothing to show") for t in main_axes(fig).texts)
    assert " 0 " in charts.alt_text(fig)



@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_is_titled_labelled_and_described(name: str) -> None:
    fig = CHARTS[name]()
    assert isinstance(fig, Figure) and fig.chart == name
    ax = main_axes(fig)
    assert ax.get_title(loc="left")
    # Stacked panels share the years, labelled once under the lowest; each panel names its y.
    lowest = min(fig.axes, key=lambda panel: panel.get_position().y0)
    assert lowest.get_xlabel()
    assert all(panel.get_ylabel() for panel in fig.axes)
    text = charts.alt_text(fig)
    assert 40 < len(text) < 400 and "\n" not in text
    assert re.search(r"(19|20)\d\d", text)
    assert [a for a in ax.artists if isinstance(a, Legend)], "every chart has a legend"


@pytest.mark.parametrize("window", [{}, {"start": 1997, "end": 2001}], ids=["all", "1997-2001"])
@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_fits_its_picture_and_stays_legible_when_shrunk(
        name: str, window: dict[str, int]) -> None:
    fig = CHARTS[name](**window)
    fig.to_png()
    renderer = fig.canvas.get_renderer()
    width = fig.get_figwidth()
    legends = [a for panel in fig.axes for a in panel.artists if isinstance(a, Legend)]
    # Every text and mark drawn (matplotlib's tight box leaves legends added as artists
    # out, so theirs are measured one by one), in pixels.
    boxes = {"the chart": fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)}
    boxes |= {f"legend {legend.get_title().get_text()!r}": legend.get_window_extent(renderer)
              for legend in legends}
    for name, box in boxes.items():
        assert box.x0 >= 0 and box.y0 >= 0, f"{name} is cut off at the left or bottom: {box}"
        assert box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height, (
            f"{name} is cut off at the right or top: {box}")
    for legend in legends:
        box = legend.get_window_extent(renderer)
        assert not any(box.overlaps(panel.get_window_extent(renderer)) for panel in fig.axes)
    sizes = [text.get_fontsize() for text in fig.findobj(mpl.text.Text)
             if text.get_visible() and text.get_text().strip()]
    # Shrunk to a narrow notebook column, the smallest text is still readable on screen.
    shown = min(sizes) / 72 * rendering.NARROW_COLUMN / width
    assert shown >= rendering.MIN_SCREEN_TEXT, f"{min(sizes)} pt shows as {shown:.1f} px"


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_displays_as_png_with_alt_text(name: str) -> None:
    fig = CHARTS[name]()
    bundle = fig._repr_mimebundle_()
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (round(rendering.FIGSIZE[0] * rendering.DPI),
                               round(rendering.FIGSIZE[1] * rendering.DPI))
    assert bundle["text/plain"] == charts.alt_text(fig)


@pytest.mark.parametrize("name", CHARTS)
def test_redrawing_into_a_figure_gives_the_same_picture_as_a_fresh_one(name: str) -> None:
    # The explorers reuse axes and paste cached legends; that must never change the result.
    fresh = CHARTS[name](start=1997, end=2009).to_png()
    fig = CHARTS[name]()
    fig.to_png()
    CHARTS[name](start=2003, end=2020, fig=fig).to_png()
    CHARTS[name](start=1997, end=2009, fig=fig)
    assert fig.to_png() == fresh


def test_a_figure_can_switch_charts() -> None:
    fig = charts.timeline(EVENTS, PERIODS)
    fig = charts.membership(COURSE.accessions, EVENTS, fig=fig)
    assert fig.chart == "membership"
    assert set(fig.panels) == {"main", "signal"} and len(fig.axes) == 2
    assert fig.to_png() == charts.membership(COURSE.accessions, EVENTS).to_png()


@pytest.mark.parametrize("name", CHARTS)
def test_every_drawn_colour_comes_from_the_palette(name: str) -> None:
    fig = CHARTS[name]()
    fig.to_png()
    allowed = palette.all_colours()
    for artist in fig.findobj(lambda a: a.get_visible()):
        for getter in ("get_facecolor", "get_edgecolor", "get_color"):
            method = getattr(artist, getter, None)
            if method is None:
                continue
            value = np.atleast_2d(np.asarray(mpl.colors.to_rgba_array(method())))
            for rgba in value:
                if rgba[3] == 0:  # transparent: nothing is drawn
                    continue
                assert to_hex(rgba).upper() in allowed, (name, artist, getter, to_hex(rgba))


def test_the_palette_is_defined_once() -> None:
    hex_code = re.compile(r"#[0-9A-Fa-f]{6}\b")
    for path in sorted((ROOT / "nato_russia").glob("*.py")):
        if path.name == "palette.py":
            continue
        found = hex_code.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} writes colour codes {found}: take them from palette"
    assert len(set(palette.OKABE_ITO.values())) == len(palette.OKABE_ITO)
    assert set(palette.SIGNAL_COLOURS) == {-2, -1, 0, 1, 2}
    assert set(palette.KIND_COLOURS) == set(palette.KINDS) == set(palette.KIND_HATCHES)


def test_rendering_leaves_rcparams_as_they_were() -> None:
    before = dict(mpl.rcParams)
    charts.timeline(EVENTS, PERIODS).to_png()
    assert dict(mpl.rcParams) == before


def test_alt_text_refuses_a_figure_it_did_not_draw() -> None:
    with pytest.raises(ValueError, match="not drawn by nato_russia.charts"):
        charts.alt_text(Figure())
    with pytest.raises(ValueError):
        charts.chart_data(Figure())


def test_charts_never_touch_pyplot() -> None:
    # pyplot keeps global figures that a notebook would display a second time.
    script = (
        "import sys\n"
        "from nato_russia import charts, data\n"
        "c = data.load()\n"
        "charts.timeline(c.events, c.periods).to_png()\n"
        "charts.membership(c.accessions, c.events)._repr_mimebundle_()\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


def test_an_explorers_quick_png_has_the_same_pixels_as_pillows() -> None:
    fig = charts.timeline(EVENTS, PERIODS)
    quick, careful = fig.to_png(), fig.to_png(compress_level=6)
    assert quick.startswith(b"\x89PNG") and quick != careful
    pixels = [np.asarray(Image.open(io.BytesIO(png)).convert("RGB")) for png in (quick, careful)]
    assert pixels[0].shape == (414, 864, 3)
    assert (pixels[0] == pixels[1]).all()
