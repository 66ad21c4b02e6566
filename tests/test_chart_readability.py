"""What a reader must be able to tell from the charts (issue 8, section 4).

- a rupture (-2) and friction (-1) differ by hue *and* by marker, in the marks and the legends;
- a bar of active cooperation is never drawn in a negative signal's colour;
- the "nothing to show" message is never covered by a legend, a line or a label.
"""

from __future__ import annotations

import colorsys
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex, to_rgb
from matplotlib.legend import Legend
from matplotlib.markers import MarkerStyle
from matplotlib.patches import PathPatch

from nato_russia import charts, data, palette
from nato_russia.rendering import ChartFigure

COURSE: data.Course


@pytest.fixture(autouse=True, scope="module")
def _course(course: data.Course) -> None:
    global COURSE
    COURSE = course


def _path(marker: str) -> np.ndarray:
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform()).vertices


def _hue_and_luminance(colour: str) -> tuple[float, float]:
    """Hue in degrees, and relative luminance as WCAG 2 defines it (0 black, 1 white)."""
    red, green, blue = to_rgb(colour)
    hue = colorsys.rgb_to_hls(red, green, blue)[0] * 360
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
              for c in (red, green, blue)]
    return hue, 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


# --------------------------------------------------------------------------- the palette


def test_every_signal_has_its_own_marker() -> None:
    assert set(palette.SIGNAL_MARKERS) == set(palette.SIGNAL_COLOURS) == {-2, -1, 0, 1, 2}
    shapes = [tuple(map(tuple, _path(m))) for m in palette.SIGNAL_MARKERS.values()]
    assert len(set(shapes)) == len(shapes), "two signals share a marker shape"


def test_rupture_and_friction_differ_by_hue_and_by_luminance() -> None:
    hue_2, light_2 = _hue_and_luminance(palette.SIGNAL_COLOURS[-2])
    hue_1, light_1 = _hue_and_luminance(palette.SIGNAL_COLOURS[-1])
    # Orange against vermillion was the complaint: 15° of hue and 0.19 of luminance apart.
    assert abs(hue_2 - hue_1) >= 25, "-1 and -2 need clearly different hues"
    assert abs(light_2 - light_1) >= 0.3, "-1 and -2 need clearly different luminance"
    assert palette.SIGNAL_MARKERS[-2] != palette.SIGNAL_MARKERS[-1]


def test_no_bar_of_active_cooperation_takes_a_negative_signal_colour() -> None:
    negative = {palette.SIGNAL_COLOURS[-1].upper(), palette.SIGNAL_COLOURS[-2].upper()}
    assert not {c.upper() for c in palette.STOP_COLOURS.values()} & negative


# --------------------------------------------------------------------------- what is drawn


def _signal_marks(fig: ChartFigure, panel: str = "main") -> PathCollection:
    (points,) = [c for c in fig.panels[panel].collections if isinstance(c, PathCollection)
                 and len(c.get_offsets())]
    return points


def _check_marks(points: PathCollection, shown: pd.DataFrame) -> None:
    colours = [to_hex(c).upper() for c in points.get_facecolors()]
    assert colours == [palette.SIGNAL_COLOURS[s].upper() for s in shown["signal"]]
    drawn = [p.vertices for p in points.get_paths()]
    expected = [_path(palette.SIGNAL_MARKERS[s]) for s in shown["signal"]]
    assert len(drawn) == len(expected) > 0
    for got, want in zip(drawn, expected, strict=True):
        np.testing.assert_allclose(got, want)


def test_timeline_marks_show_the_signal_by_colour_and_shape() -> None:
    fig = charts.timeline(COURSE.events, COURSE.periods, start=1997, end=2008)
    _check_marks(_signal_marks(fig), charts.chart_data(fig))


def test_membership_stems_show_the_signal_by_colour_and_shape() -> None:
    fig = charts.membership(COURSE.accessions, COURSE.events, start=1997, end=2008)
    shown = COURSE.events[COURSE.events["date"].between("1997-01-01", "2008-12-31")]
    _check_marks(_signal_marks(fig, "signal"), shown)


def test_index_marks_show_the_signal_by_colour_and_shape() -> None:
    fig = charts.relationship_index(COURSE.events, start=1997, end=2008)
    _check_marks(_signal_marks(fig), charts.chart_data(fig))


@pytest.mark.parametrize("draw", [
    lambda c: charts.timeline(c.events, c.periods),
    lambda c: charts.membership(c.accessions, c.events),
    lambda c: charts.relationship_index(c.events),
], ids=["timeline", "membership", "relationship_index"])
def test_signal_legends_show_the_marker_of_each_signal(
        draw: Callable[[data.Course], ChartFigure]) -> None:
    fig = draw(COURSE)
    legends = [a for ax in fig.axes for a in ax.artists if isinstance(a, Legend)]
    entries = {text.get_text(): handle for legend in legends
               for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True)}
    for signal, label in palette.SIGNAL_LABELS.items():
        handle = entries[label]
        assert handle.get_marker() == palette.SIGNAL_MARKERS[signal], label
        assert to_hex(handle.get_markerfacecolor()).upper() == palette.SIGNAL_COLOURS[signal]


def test_gantt_bars_are_not_drawn_in_a_negative_signal_colour() -> None:
    fig = charts.cooperation_gantt(COURSE.areas, COURSE.cooperation)
    negative = {palette.SIGNAL_COLOURS[-1].upper(), palette.SIGNAL_COLOURS[-2].upper()}
    bars = [p for p in fig.panels["main"].patches if isinstance(p, PathPatch)]
    assert bars
    assert not {to_hex(p.get_facecolor()).upper() for p in bars} & negative


# --------------------------------------------------------------------------- nothing to show

EMPTY: dict[str, Callable[[], ChartFigure]] = {
    "timeline": lambda: charts.timeline(COURSE.events, COURSE.periods, kinds=[]),
    "gantt, no area": lambda: charts.cooperation_gantt(COURSE.areas, COURSE.cooperation,
                                                       area_ids=[]),
    "gantt, no year": lambda: charts.cooperation_gantt(COURSE.areas, COURSE.cooperation,
                                                       start=2016, end=2024),
    "events per year": lambda: charts.events_per_year(COURSE.events, kinds=[]),
    "index": lambda: charts.relationship_index(COURSE.events, start=1993, end=1993),
}


def _message(fig: ChartFigure) -> Any:
    (text,) = [t for t in fig.panels["main"].texts if t.get_text().startswith("Nothing to show")]
    return text


@pytest.mark.parametrize("name", EMPTY)
def test_nothing_to_show_is_readable(name: str) -> None:
    fig = EMPTY[name]()
    fig.to_png()  # lay the figure out
    renderer = fig.canvas.get_renderer()
    ax = fig.panels["main"]
    box = _message(fig).get_window_extent(renderer)
    inside = ax.get_window_extent(renderer)
    assert inside.x0 <= box.x0 and box.x1 <= inside.x1, "the message runs out of its axes"
    legends = [a for panel in fig.axes for a in panel.artists if isinstance(a, Legend)]
    for legend in legends:
        assert not box.overlaps(legend.get_window_extent(renderer)), "a legend covers it"
    for line in ax.lines:  # reference lines (the suspension, zero) must not cross the words
        xs, ys = line.get_xydata().T
        points = ax.transData.transform(np.column_stack([xs, ys]))
        vertical = np.allclose(points[:, 0], points[0, 0])
        if vertical:
            assert not box.x0 <= points[0, 0] <= box.x1, f"{line} crosses the message"
