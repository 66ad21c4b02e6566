"""Static charts of the course dataset: plain functions from DataFrames to matplotlib Figures.

Every function returns a :class:`ChartFigure`, an ordinary matplotlib ``Figure`` drawn with the
object-oriented API (no pyplot state, so nothing leaks between cells or shows twice) that:

- displays itself in a notebook as a PNG, with its alt text as the plain-text version;
- carries a one-line description for screen readers and captions: :func:`alt_text`;
- carries the table it was drawn from: :func:`chart_data`.

Colours, markers and hatches all come from :mod:`nato_russia.palette`.

Examples
--------
>>> from nato_russia import charts, data
>>> course = data.load()
>>> fig = charts.membership(course.accessions, course.events)
>>> charts.alt_text(fig)  # doctest: +SKIP
'Step chart: NATO had 16 members in 1990 and 32 in 2024, ...'
"""

from __future__ import annotations

import base64
import io
import textwrap
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.textpath import TextToPath
from matplotlib.transforms import IdentityTransform
from PIL import Image

from nato_russia import palette

__all__ = [
    "COURSE_END",
    "COURSE_START",
    "SUSPENSION",
    "ChartFigure",
    "alt_text",
    "chart_data",
    "cooperation_gantt",
    "events_per_year",
    "index_values",
    "members_on",
    "membership",
    "membership_counts",
    "relationship_index",
    "timeline",
]

COURSE_START = pd.Timestamp("1990-01-01")
COURSE_END = pd.Timestamp("2024-12-31")
# NATO foreign ministers suspended all practical civilian and military cooperation on this day.
SUSPENSION = pd.Timestamp("2014-04-01")

FIGSIZE = (9.6, 4.6)  # inches: fits a JupyterLab notebook column without scaling down
DPI = 90  # modest, so a redraw stays fast: 864 x 414 pixels
# Fixed margins instead of tight/constrained layout: a layout solver on every redraw costs
# more than the whole drawing, and the labels here have predictable sizes.
MARGINS = {"left": 0.12, "right": 0.79, "bottom": 0.14, "top": 0.88}
TITLE_SIZE = 12
LABEL_SIZE = 9.5
SMALL = 8
XLABEL_OFFSET = 22  # points from the axes' bottom edge to the x label's centre
PERIOD_NOTE = "shaded bands: the course's periods, numbered by lesson"

Time = pd.Timestamp | str | int | None

# One chart renders at a time: Agg and the text setting swapped in _unhinted_text are shared
# by every thread (explorers redraw in background threads).
_RENDER_LOCK = threading.RLock()


# --------------------------------------------------------------------------- the figure


class ChartFigure(Figure):
    """A matplotlib Figure that knows its alt text and data, and shows itself as a PNG.

    Attributes
    ----------
    alt_text : str
        One sentence describing what the chart shows, for screen readers and captions.
    data : pandas.DataFrame
        The numbers the chart was drawn from.
    chart : str
        Which chart function drew it.
    """

    def __init__(self, figsize: tuple[float, float] = FIGSIZE, dpi: float = DPI) -> None:
        super().__init__(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self)  # an Agg canvas of its own: renders without any GUI backend
        self.alt_text = ""
        self.data = pd.DataFrame()
        self.chart = ""
        # Kept between redraws by the explorers, see _figure and _legend.
        self.layout_axes: dict[str, Any] = {}
        self.legend_pixels: dict[tuple[Any, ...], tuple[int, int, np.ndarray]] = {}
        self._new_legends: list[tuple[tuple[Any, ...], Legend]] = []
        self._legend_images: list[Any] = []

    def to_png(self, compress_level: int = 1) -> bytes:
        """Render to PNG bytes at the figure's own dpi.

        Draws the Agg buffer and encodes it with Pillow directly: quicker than ``savefig``,
        which re-creates the renderer and measures a bounding box on every call. Level 1
        compression trades a larger file for a much faster encode.
        """
        with _RENDER_LOCK, _unhinted_text():
            canvas = self.canvas
            canvas.draw()
            width, height = canvas.get_width_height()
            pixels = np.asarray(canvas.buffer_rgba())
            self._keep_legend_pixels(pixels)
            image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw",
                                     "RGBA", 0, 1)
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG", compress_level=compress_level)
        return out.getvalue()

    def _keep_legend_pixels(self, pixels: np.ndarray) -> None:
        """Copy each newly drawn legend's pixels, to paste next time instead of re-drawing."""
        height = pixels.shape[0]
        for key, legend in self._new_legends:
            box = legend.get_window_extent()
            x0, x1 = int(np.floor(box.x0)), int(np.ceil(box.x1))
            top, bottom = int(np.floor(height - box.y1)), int(np.ceil(height - box.y0))
            x0, top = max(x0, 0), max(top, 0)
            self.legend_pixels[key] = (x0, height - bottom, pixels[top:bottom, x0:x1].copy())
            if len(self.legend_pixels) > 32:  # keep memory bounded: forget the oldest
                self.legend_pixels.pop(next(iter(self.legend_pixels)))
        self._new_legends = []

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        # Shown the same way whether or not pyplot's inline backend is active; the alt text
        # doubles as the text/plain version, so a text-only viewer still learns what it shows.
        png = base64.b64encode(self.to_png(compress_level=6)).decode("ascii")
        return {"image/png": png, "text/plain": self.alt_text or repr(self)}


@contextmanager
def _unhinted_text() -> Iterator[None]:
    """Render text without font hinting: about 10% faster, and alike at this size.

    Only this one setting is swapped and put back (under the render lock), so a student's
    own rcParams are never touched.
    """
    before = mpl.rcParams["text.hinting"]
    mpl.rcParams["text.hinting"] = "none"
    try:
        yield
    finally:
        mpl.rcParams["text.hinting"] = before


def alt_text(fig: Figure) -> str:
    """Return the one-line description of a chart, usable as alt text.

    Parameters
    ----------
    fig
        A figure returned by one of this module's functions.

    Raises
    ------
    ValueError
        When the figure was not made by this module and so has no description.
    """
    text = getattr(fig, "alt_text", "")
    if not text:
        raise ValueError("this figure has no alt text: it was not drawn by nato_russia.charts")
    return text


def chart_data(fig: Figure) -> pd.DataFrame:
    """Return (a copy of) the table a chart was drawn from."""
    data = getattr(fig, "data", None)
    if not isinstance(data, pd.DataFrame):
        raise ValueError("this figure carries no data: it was not drawn by nato_russia.charts")
    return data.copy()


# --------------------------------------------------------------------------- building blocks


def _figure(fig: ChartFigure | None, name: str) -> ChartFigure:
    """Return a fresh figure, or one to redraw into (the explorers redraw into the same one).

    A figure last drawn by the same chart keeps its axes: :func:`_axes` empties them instead.
    Creating and clearing axes rebuilds every tick and spine, which costs more than drawing
    the data, so reuse is what keeps an explorer's redraw under 100 ms.
    """
    if fig is None:
        fig = ChartFigure()
    elif fig.chart != name:
        fig.clear()
        fig.layout_axes = {}
        fig.legend_pixels = {}
    for image in fig._legend_images:
        image.remove()
    fig._legend_images = []
    fig._new_legends = []
    fig.chart = name
    return fig


def _axes(fig: ChartFigure, key: str = "main", **margins: float) -> Any:
    """Return the figure's axes called ``key``, emptied if reused, created if new."""
    rect = {**MARGINS, **margins}
    bounds = (rect["left"], rect["bottom"], rect["right"] - rect["left"],
              rect["top"] - rect["bottom"])
    ax = fig.layout_axes.get(key)
    if ax is not None:
        _empty(ax)
        ax.set_position(bounds)
        return ax
    ax = fig.add_axes(bounds)
    ax.tick_params(labelsize=SMALL + 0.5, colors=palette.TEXT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.layout_axes[key] = ax
    return ax


def _drop_axes(fig: ChartFigure, key: str) -> None:
    """Remove an axes the chart no longer needs (e.g. the signal axis switched off)."""
    ax = fig.layout_axes.pop(key, None)
    if ax is not None:
        ax.remove()


def _empty(ax: Any) -> None:
    """Remove the data artists of an axes but keep its ticks, spines and settings."""
    for artist in [*ax.collections, *ax.lines, *ax.patches, *ax.texts, *ax.artists]:
        artist.remove()
    ax.containers.clear()
    ax.relim()


def _finish(fig: ChartFigure, ax: Any, *, title: str, xlabel: str, ylabel: str, alt: str,
            data: pd.DataFrame) -> ChartFigure:
    """Title and label the chart and attach its description and data."""
    ax.set_title(title, loc="left", fontsize=TITLE_SIZE, fontweight="bold", color=palette.TEXT,
                 pad=10)
    ax.set_xlabel(xlabel, fontsize=LABEL_SIZE, color=palette.TEXT)
    ax.set_ylabel(ylabel, fontsize=LABEL_SIZE, color=palette.TEXT)
    # A fixed x-label position spares matplotlib measuring every tick label on each draw.
    height = fig.get_figheight() * ax.get_position().height * 72
    ax.xaxis.set_label_coords(0.5, -XLABEL_OFFSET / height)
    fig.alt_text = alt
    fig.data = data.reset_index(drop=True)
    return fig


@cache
def _text_width(text: str, size: float) -> float:
    """Width of a line of text in points, measured from the font (no renderer needed)."""
    width, _, _ = TextToPath().get_text_width_height_descent(text, FontProperties(size=size),
                                                             ismath=False)
    return float(width)


def _ylabel_beside(ax: Any, labels: Sequence[str], fontsize: float) -> None:
    """Place the y label just left of the widest tick label.

    Left to itself, matplotlib measures every tick label on each draw to place the y label;
    measuring the words once (cached) does the same job for a fraction of the cost.
    """
    widest = max((_text_width(line, fontsize) for label in labels
                  for line in label.split("\n")), default=0.0)
    pad = ax.yaxis.get_tick_padding() if labels else 0.0
    gap = widest + pad + 6  # points between the axes' edge and the label's near side
    width = ax.figure.get_figwidth() * ax.get_position().width * 72
    ax.yaxis.set_label_coords(-gap / width, 0.5)


def _legend(ax: Any, handles: Sequence[Any], *, title: str,
            anchor: tuple[float, float] = (1.01, 1.0)) -> None:
    """Place a legend outside the axes, to the right.

    A legend costs more to draw than the data. Its pixels are kept after the first draw, and
    when the same legend is asked for in the same place again (an explorer redrawing), they
    are pasted back instead.
    """
    if not handles:
        return
    fig = ax.figure
    labels = [handle.get_label() for handle in handles]
    key = (fig.chart, title, tuple(labels), anchor, tuple(ax.get_position().bounds))
    if key in fig.legend_pixels:
        x0, y0, pixels = fig.legend_pixels[key]
        fig._legend_images.append(fig.figimage(pixels, xo=x0, yo=y0, origin="upper", zorder=5))
        return
    legend = Legend(ax, list(handles), labels, loc="upper left", bbox_to_anchor=anchor,
                    title=title, fontsize=SMALL, title_fontsize=SMALL + 0.5, frameon=False,
                    alignment="left")
    ax.add_artist(legend)
    fig._new_legends.append((key, legend))


def _nothing_here(ax: Any, shown: int, hint: str) -> None:
    """Say so in the chart when the choices leave nothing to draw."""
    if shown == 0:
        ax.text(0.5, 0.5, f"Nothing to show: {hint}", transform=ax.transAxes, ha="center",
                va="center", fontsize=LABEL_SIZE, color=palette.MUTED, zorder=6)


@cache
def _marker_path(marker: str) -> Path:
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform())


def _markers(ax: Any, x: Any, y: Any, markers: Sequence[str], colours: Sequence[str], *,
             size: float = 60, edgecolour: str = palette.TEXT, linewidth: float = 0.6,
             zorder: float = 3, clip: bool = True) -> PathCollection | None:
    """Draw points, each with its own marker shape and colour, as one collection.

    ``scatter`` takes one marker shape per call; one call per kind of event made up a third
    of a redraw. ``x`` may hold dates.
    """
    if len(markers) == 0:
        return None
    xs = np.asarray(x)
    if np.issubdtype(xs.dtype, np.datetime64):
        xs = mdates.date2num(xs)
    offsets = np.column_stack([xs.astype(float), np.asarray(y, dtype=float)])
    points = PathCollection([_marker_path(m) for m in markers], sizes=np.full(len(markers), size),
                            offsets=offsets, offset_transform=ax.transData,
                            facecolors=list(colours), edgecolors=edgecolour,
                            linewidths=linewidth, zorder=zorder)
    points.set_transform(IdentityTransform())
    points.set_clip_on(clip)
    ax.add_collection(points, autolim=False)
    return points


def _signal_handles(line: bool = False) -> list[Line2D]:
    """Legend entries for the five signal colours."""
    return [Line2D([], [], ls="-" if line else "", lw=1.4, marker="o",
                   markersize=5 if line else 8, color=palette.SIGNAL_COLOURS[s],
                   markerfacecolor=palette.SIGNAL_COLOURS[s], markeredgecolor=palette.TEXT,
                   markeredgewidth=0.5, label=palette.SIGNAL_LABELS[s])
            for s in sorted(palette.SIGNAL_COLOURS, reverse=True)]


# --------------------------------------------------------------------------- options


def _time(value: Time, default: pd.Timestamp, *, end: bool = False) -> pd.Timestamp:
    """Read a window bound: a year (``1997``, ``"1997"``) or any date pandas understands.

    A bare year means its first day as a start and its last day as an end.
    """
    if value is None:
        return default
    if isinstance(value, (int, np.integer)) or (isinstance(value, str) and value.isdigit()):
        year = int(value)
        if end:
            return pd.Timestamp(year=year, month=12, day=31)
        return pd.Timestamp(year=year, month=1, day=1)
    return pd.Timestamp(value)


def _window(start: Time, end: Time, default: tuple[pd.Timestamp, pd.Timestamp]
            ) -> tuple[pd.Timestamp, pd.Timestamp]:
    lo = _time(start, default[0])
    hi = _time(end, default[1], end=True)
    if hi <= lo:
        raise ValueError(f"the window ends ({hi.date()}) before it starts ({lo.date()})")
    return lo, hi


def chosen_kinds(kinds: Iterable[str] | None) -> list[str]:
    """Return the chosen event kinds in the palette's fixed order (all when None).

    Raises
    ------
    ValueError
        For a kind the dataset does not use, naming the kinds it does.
    """
    if kinds is None:
        return list(palette.KINDS)
    chosen = {kinds} if isinstance(kinds, str) else set(kinds)
    unknown = chosen - set(palette.KINDS)
    if unknown:
        raise ValueError(f"unknown event kind(s) {sorted(unknown)}; "
                         f"the kinds are {', '.join(palette.KINDS)}")
    return [kind for kind in palette.KINDS if kind in chosen]


def _kinds_phrase(kinds: Sequence[str]) -> str:
    if len(kinds) == len(palette.KINDS):
        return "all kinds"
    if not kinds:
        return "no kinds chosen"
    return ", ".join(palette.KIND_LABELS[k].lower() for k in kinds)


def _day(when: Time) -> str:
    day = pd.Timestamp(when)
    return f"{day.day} {day:%B %Y}"


def _years(lo: pd.Timestamp, hi: pd.Timestamp) -> str:
    return f"{lo.year}" if lo.year == hi.year else f"{lo.year}–{hi.year}"


def _padded(lo: pd.Timestamp, hi: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Widen a window a little, so markers on its first or last day are not cut in half."""
    margin = (hi - lo) * 0.015
    return lo - margin, hi + margin


def _date_axis(ax: Any, lo: pd.Timestamp, hi: pd.Timestamp) -> None:
    ax.set_xlim(lo, hi)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))


def _period_bands(ax: Any, periods: pd.DataFrame | None, lo: pd.Timestamp, hi: pd.Timestamp,
                  ) -> None:
    """Shade each course period in alternating greys and name it along the top edge."""
    if periods is None or periods.empty:
        return
    span = (hi - lo).days or 1
    # Roughly how many characters of SMALL text fit across the axes.
    chars_across = ax.figure.get_figwidth() * ax.get_position().width * 72 / (SMALL * 0.62)
    for number, period in enumerate(periods.sort_values("start").itertuples()):
        first = max(period.start, lo)
        last = min(period.end + pd.Timedelta(days=1), hi)
        if first >= last:
            continue
        ax.axvspan(first, last, color=palette.BAND_SHADES[number % 2], lw=0, zorder=0)
        room = chars_across * (last - first).days / span - 2
        label = f"{period.lesson} {period.title}"
        if room < len(label):  # a cut-off title reads worse than none: the number stays
            label = str(period.lesson)
        ax.text(first + (last - first) / 2, 0.985, label, transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=SMALL, color=palette.MUTED, clip_on=True)


# --------------------------------------------------------------------------- timeline


def timeline(events: pd.DataFrame, periods: pd.DataFrame | None = None,
             kinds: Iterable[str] | None = None, start: Time = None, end: Time = None, *,
             title: str | None = None, fig: ChartFigure | None = None) -> ChartFigure:
    """Events over time, one row per kind, coloured by the relationship signal.

    Parameters
    ----------
    events
        ``course.events``.
    periods
        ``course.periods``: shaded and labelled behind the events; ``None`` for no bands.
    kinds
        Event kinds to show (default: all nine), e.g. ``["summit", "conflict"]``.
    start, end
        The window: years (``1997``) or dates (``"1997-05-27"``). Default: the periods' span.
    title
        Replaces the default title.
    fig
        A figure to redraw into (the explorers reuse one).

    Returns
    -------
    ChartFigure
        ``chart_data(fig)`` holds the events shown.
    """
    default = ((periods["start"].min(), periods["end"].max())
               if periods is not None and not periods.empty else (COURSE_START, COURSE_END))
    lo, hi = _window(start, end, default)
    rows = chosen_kinds(kinds)
    shown = events[events["date"].between(lo, hi) & events["kind"].isin(rows)]

    fig = _figure(fig, "timeline")
    ax = _axes(fig, left=0.115)
    _period_bands(ax, periods, lo, hi)
    row_of = {kind: row for row, kind in enumerate(rows)}
    _markers(ax, shown["date"], shown["kind"].map(row_of),
             [palette.KIND_MARKERS[k] for k in shown["kind"]],
             [palette.SIGNAL_COLOURS[s] for s in shown["signal"]], size=70)
    ax.set_yticks(range(len(rows)), [palette.KIND_LABELS[k] for k in rows])
    # Row 0 at the top; an empty row's worth above it leaves room for the period labels.
    ax.set_ylim(len(rows) - 0.4, -1.1)
    ax.grid(axis="y", color=palette.WHITE, lw=1, zorder=1)
    ax.tick_params(axis="y", length=0)
    _ylabel_beside(ax, [palette.KIND_LABELS[k] for k in palette.KINDS], SMALL + 0.5)
    _date_axis(ax, *_padded(lo, hi))
    _legend(ax, _signal_handles(), title="Signal (colour)")
    _nothing_here(ax, len(shown), "tick a kind of event, or widen the years")

    counts = shown["signal"].map(np.sign).value_counts()
    alt = (f"Timeline of {len(shown)} events, {_years(lo, hi)}, one row per kind of event "
           f"({_kinds_phrase(rows)}), coloured by signal: {counts.get(1, 0)} positive, "
           f"{counts.get(0, 0)} neutral, {counts.get(-1, 0)} negative.")
    return _finish(fig, ax, title=title or f"NATO-Russia events, {_years(lo, hi)}",
                   xlabel=f"Date ({PERIOD_NOTE})", ylabel="Kind of event", alt=alt,
                   data=shown[["id", "date", "title", "kind", "period", "signal"]])


# --------------------------------------------------------------------------- cooperation


def cooperation_gantt(areas: pd.DataFrame, cooperation: pd.DataFrame | None = None,
                      area_ids: Iterable[str] | None = None, start: Time = None,
                      end: Time = None, *, open_until: Time = None,
                      suspension: Time = SUSPENSION, title: str | None = None,
                      fig: ChartFigure | None = None) -> ChartFigure:
    """Each cooperation area as a bar from when it began to when it stopped.

    Parameters
    ----------
    areas
        ``course.areas``.
    cooperation
        ``course.cooperation``: when given, each suspension, resumption, expansion or
        reduction inside an area's life is marked on its bar.
    area_ids
        Areas to show, by id (default: all).
    start, end
        The window (years or dates); default 1990 to 2024. Areas wholly outside it are left out.
    open_until
        Where bars of areas that never stopped end; default: the window's end.
    suspension
        Date of the line marking NATO's April 2014 suspension of practical cooperation;
        ``None`` for no line.
    title, fig
        As in :func:`timeline`.

    Returns
    -------
    ChartFigure
        ``chart_data(fig)`` has one row per bar, top first: ``id, name, began, stopped,
        status, bar_end`` (status is ``open``, ``suspended`` or ``ended``).
    """
    lo, hi = _window(start, end, (COURSE_START, COURSE_END))
    until = _time(open_until, hi, end=True)
    chosen = areas if area_ids is None else areas[areas["id"].isin(list(area_ids))]
    bars = chosen.assign(status=chosen["stop_kind"].fillna("open"),
                         bar_end=chosen["stopped"].fillna(until))
    bars = bars[(bars["began"] <= hi) & (bars["bar_end"] >= lo)].sort_values(
        ["began", "id"], kind="stable").reset_index(drop=True)

    fig = _figure(fig, "cooperation_gantt")
    ax = _axes(fig, left=0.25, right=0.79)
    y = np.arange(len(bars))
    for status in ("open", "suspended", "ended"):
        rows = (bars["status"] == status).to_numpy()
        began = mdates.date2num(bars.loc[rows, "began"])
        _rectangles(ax, began, y[rows] - 0.3, mdates.date2num(bars.loc[rows, "bar_end"]) - began,
                    np.full(rows.sum(), 0.6), colour=palette.STOP_COLOURS[status],
                    hatch=palette.STOP_HATCHES[status], edge=palette.TEXT, linewidth=0.6,
                    gid=f"status:{status}")
    open_rows = (bars["status"] == "open").to_numpy()
    if open_rows.any():  # an arrow head: this bar runs on past the chart
        _markers(ax, bars.loc[open_rows, "bar_end"], y[open_rows], [">"] * open_rows.sum(),
                 [palette.STOP_COLOURS["open"]] * open_rows.sum(), clip=False)
    if cooperation is not None and not bars.empty:
        _effect_marks(ax, bars, cooperation, lo, hi)
    if suspension is not None and lo <= pd.Timestamp(suspension) <= hi:
        when = pd.Timestamp(suspension)
        ax.axvline(when, color=palette.OKABE_ITO["black"], ls="--", lw=1.3, zorder=4)
        ax.text(when, 1.0, f" {when.day} {when:%b %Y}: NATO suspends\n practical cooperation",
                transform=ax.get_xaxis_transform(), ha="left", va="bottom", fontsize=SMALL,
                color=palette.TEXT)

    names = [textwrap.fill(name, 30) for name in bars["name"]]
    ax.set_yticks(y, names, fontsize=SMALL)
    ax.set_ylim(len(bars) - 0.4, -0.6)
    ax.tick_params(axis="y", length=0)
    _ylabel_beside(ax, names, SMALL)  # after the tick length is set: it counts in the gap
    ax.grid(axis="x", color=palette.BAND_SHADES[1], lw=0.8, zorder=0)
    _date_axis(ax, lo, hi)
    # Always the full legend: the same one for every choice of areas and years, so it reads
    # the same way each time (and an explorer pastes it instead of drawing it).
    _legend(ax, _gantt_handles(suspension, with_marks=cooperation is not None),
            title="Bars and marks", anchor=(1.03, 1.0))
    _nothing_here(ax, len(bars), "tick an area, or choose years when one was active")

    counts = bars["status"].value_counts()
    in_suspension = (bars["status"] == "suspended") & (bars["stopped"] == pd.Timestamp(
        suspension)) if suspension is not None else pd.Series(False, index=bars.index)
    alt = (f"Gantt chart of {len(bars)} NATO-Russia cooperation areas, {_years(lo, hi)}: "
           f"{counts.get('open', 0)} still open, {counts.get('suspended', 0)} suspended "
           f"({int(in_suspension.sum())} of them on {_day(suspension)}), "
           f"{counts.get('ended', 0)} ended.")
    return _finish(fig, ax, title=title or f"Cooperation areas, {_years(lo, hi)}",
                   xlabel="Year", ylabel="Cooperation area", alt=alt,
                   data=bars[["id", "name", "began", "stopped", "status", "bar_end"]])


def _effect_marks(ax: Any, bars: pd.DataFrame, cooperation: pd.DataFrame, lo: pd.Timestamp,
                  hi: pd.Timestamp) -> None:
    """Mark the changes inside each bar's life (a freeze and a thaw, an expansion...)."""
    row_of = dict(zip(bars["id"], range(len(bars)), strict=True))
    marks = cooperation[cooperation["area"].isin(row_of)].merge(
        bars[["id", "began", "bar_end"]], left_on="area", right_on="id")
    # Opening and the final stop are the bar's own ends; mark only what happens in between.
    inside = marks[(marks["date"] > marks["began"]) & (marks["date"] < marks["bar_end"])
                   & marks["date"].between(lo, hi)]
    shapes = [palette.EFFECT_MARKERS.get(effect, "o") for effect in inside["effect"]]
    _markers(ax, inside["date"], inside["area"].map(row_of), shapes,
             [palette.WHITE] * len(shapes), size=45, edgecolour=palette.OKABE_ITO["black"],
             linewidth=1.1, zorder=5)


def _gantt_handles(suspension: Time, *, with_marks: bool) -> list[Any]:
    """Legend entries of the Gantt chart: bar kinds, the marks inside bars, the line."""
    handles: list[Any] = [
        Patch(facecolor=palette.STOP_COLOURS[status], hatch=palette.STOP_HATCHES[status] or None,
              edgecolor=palette.TEXT, hatchcolor=palette.contrast(palette.STOP_COLOURS[status]),
              label=palette.STOP_LABELS[status])
        for status in ("open", "suspended", "ended")]
    if with_marks:  # "opened" is where a bar starts, never a mark inside it
        handles += [Line2D([], [], ls="", marker=marker, markersize=7,
                           color=palette.OKABE_ITO["black"], markerfacecolor=palette.WHITE,
                           markeredgecolor=palette.OKABE_ITO["black"], label=f"{effect} (mark)")
                    for effect, marker in palette.EFFECT_MARKERS.items() if effect != "opened"]
    if suspension is not None:
        handles.append(Line2D([], [], color=palette.OKABE_ITO["black"], ls="--", lw=1.3,
                              label=f"suspension, {pd.Timestamp(suspension):%b %Y}"))
    return handles


# --------------------------------------------------------------------------- membership


def membership_counts(accessions: pd.DataFrame) -> pd.DataFrame:
    """Alliance size after each accession date.

    Parameters
    ----------
    accessions
        ``course.accessions`` (one row per member country, founders included).

    Returns
    -------
    pandas.DataFrame
        One row per date: ``date``, ``joined`` (how many joined that day), ``members``
        (the total from that day on) and ``countries`` (who joined, comma-separated).
    """
    by_date = accessions.groupby("date", sort=True)["country"]
    counts = pd.DataFrame({
        "joined": by_date.size(),
        "countries": by_date.agg(lambda names: ", ".join(sorted(names))),
    }).reset_index()
    counts["members"] = counts["joined"].cumsum()
    return counts[["date", "joined", "members", "countries"]]


def members_on(accessions: pd.DataFrame, when: Time) -> int:
    """Return how many countries were members on a given day (a year means 1 January)."""
    day = _time(when, COURSE_START)
    return int((accessions["date"] <= day).sum())


def membership(accessions: pd.DataFrame, events: pd.DataFrame | None = None,
               start: Time = None, end: Time = None, *, signal: bool = True,
               title: str | None = None, fig: ChartFigure | None = None) -> ChartFigure:
    """Alliance membership as a step chart, against the relationship signal of each event.

    Parameters
    ----------
    accessions
        ``course.accessions``.
    events
        ``course.events``: with ``signal=True`` each event's signal is drawn as a stem on a
        second y axis (right), its marker showing its kind.
    start, end
        The window (years or dates); default 1990 to 2024.
    signal
        Whether to draw the signal stems.
    title, fig
        As in :func:`timeline`.

    Returns
    -------
    ChartFigure
        ``chart_data(fig)`` holds the steps: ``date, members, joined, countries``; the first
        row is the window's start with the membership carried into it.
    """
    lo, hi = _window(start, end, (COURSE_START, COURSE_END))
    counts = membership_counts(accessions)
    inside = counts[(counts["date"] > lo) & (counts["date"] <= hi)]
    first = pd.DataFrame({"date": [lo], "joined": [0], "members": [members_on(accessions, lo)],
                          "countries": [""]})
    steps = pd.concat([first, inside], ignore_index=True)

    fig = _figure(fig, "membership")
    rect = {"left": 0.08, "right": 0.74}
    lower = None
    if signal and events is not None:
        # Two panels on the same years, members above and signals below: a twin y axis
        # invites reading a signal of 0 as "8 members".
        lower = _axes(fig, "signal", **rect, top=0.36)
        _signal_stems(lower, events, lo, hi)
        ax = _axes(fig, **rect, bottom=0.45)
    else:
        _drop_axes(fig, "signal")
        ax = _axes(fig, **rect)
    ax.step(list(steps["date"]) + [hi], list(steps["members"]) + [steps["members"].iloc[-1]],
            where="post", color=palette.MEMBERSHIP_COLOUR, lw=2.4, zorder=4,
            label="NATO members")
    for row in inside.itertuples():
        ax.annotate(f"{row.members}", (row.date, row.members), xytext=(-3, 4),
                    textcoords="offset points", ha="right", va="bottom", fontsize=SMALL,
                    color=palette.MEMBERSHIP_COLOUR, fontweight="bold", zorder=5)
    ax.set_ylim(0, 36)
    ax.set_yticks(range(0, 36, 8))
    ax.grid(axis="y", color=palette.BAND_SHADES[0], lw=0.8, zorder=0)
    _date_axis(ax, lo, hi)
    _legend(ax, [Line2D([], [], color=palette.MEMBERSHIP_COLOUR, lw=2.4, label="NATO members")],
            title="Step line (upper panel)", anchor=(1.03, 1.0))
    if lower is not None:
        _date_axis(lower, lo, hi)
        ax.tick_params(labelbottom=False)  # the years are read once, under the lower panel
        _legend(lower, _signal_handles(line=True), title="Event signal (lower panel)",
                anchor=(1.03, 1.0))

    start_n, end_n = steps["members"].iloc[0], steps["members"].iloc[-1]
    rounds = ", ".join(str(d.year) for d in inside["date"])
    alt = (f"Step chart of Alliance membership, {_years(lo, hi)}: {start_n} members at the "
           f"start, {end_n} at the end"
           + (f", after {len(inside)} accession date{'s' if len(inside) > 1 else ''} ({rounds})"
              if len(inside) else ", no accession in between")
           + ("; a panel below shows each event's relationship signal from −2 to +2."
              if lower is not None else "."))
    _finish(fig, ax, title=title or f"Alliance membership and the relationship, {_years(lo, hi)}",
            xlabel="" if lower is not None else "Year", ylabel="Member countries", alt=alt,
            data=steps[["date", "members", "joined", "countries"]])
    if lower is not None:
        lower.set_xlabel("Year", fontsize=LABEL_SIZE, color=palette.TEXT)
    return fig


def _signal_stems(ax: Any, events: pd.DataFrame, lo: pd.Timestamp, hi: pd.Timestamp) -> None:
    """Draw each event's signal as a stem (marker = kind) in the lower panel ``ax``."""
    shown = events[events["date"].between(lo, hi)]
    colours = [palette.SIGNAL_COLOURS[s] for s in shown["signal"]]
    ax.vlines(shown["date"], 0, shown["signal"], colors=colours, lw=1.4, alpha=0.9)
    _markers(ax, shown["date"], shown["signal"],
             [palette.KIND_MARKERS.get(k, "o") for k in shown["kind"]], colours, size=26,
             linewidth=0.4)
    ax.axhline(0, color=palette.MUTED, lw=0.8)
    ax.set_ylim(-2.6, 2.6)
    ax.set_yticks(range(-2, 3), ["−2", "−1", "0", "+1", "+2"])
    ax.set_ylabel("Signal", fontsize=LABEL_SIZE, color=palette.TEXT)
    ax.grid(axis="y", color=palette.BAND_SHADES[0], lw=0.8, zorder=0)


# --------------------------------------------------------------------------- events per year


def events_per_year(events: pd.DataFrame, kinds: Iterable[str] | None = None,
                    start: Time = None, end: Time = None, *, title: str | None = None,
                    fig: ChartFigure | None = None) -> ChartFigure:
    """Number of events per year, stacked by kind.

    Parameters
    ----------
    events
        ``course.events``.
    kinds
        Kinds to count (default: all).
    start, end
        First and last year (or dates; only their years count). Default: the events' span.
    title, fig
        As in :func:`timeline`.

    Returns
    -------
    ChartFigure
        ``chart_data(fig)`` is the count table: a ``year`` column and one column per kind.
    """
    lo, hi = _window(start, end, _event_span(events))
    chosen = chosen_kinds(kinds)
    years = range(lo.year, hi.year + 1)
    shown = events[events["year"].between(lo.year, hi.year) & events["kind"].isin(chosen)]
    counts = np.zeros((len(years), len(chosen)), dtype=int)
    np.add.at(counts, (shown["year"].to_numpy() - lo.year,
                       pd.Categorical(shown["kind"], categories=chosen).codes), 1)
    table = pd.DataFrame(counts, index=pd.Index(years, name="year"), columns=chosen)

    fig = _figure(fig, "events_per_year")
    ax = _axes(fig, left=0.08, right=0.80)
    bottom = np.zeros(len(table))
    x = np.array(list(years))
    for kind in chosen:
        heights = table[kind].to_numpy()
        _stacked_bars(ax, x, heights, bottom, kind)
        bottom += heights
    top = int(bottom.max()) if len(bottom) else 0
    ax.set_ylim(0, max(top + 1, 3))
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(lo.year - 0.6, hi.year + 0.6)
    ax.grid(axis="y", color=palette.BAND_SHADES[1], lw=0.8, zorder=0)
    # Legend from the palette, top of the stack first; a kind with no events still appears.
    _legend(ax, [Patch(facecolor=palette.KIND_COLOURS[k], hatch=palette.KIND_HATCHES[k],
                       edgecolor=palette.WHITE,
                       hatchcolor=palette.contrast(palette.KIND_COLOURS[k]),
                       label=palette.KIND_LABELS[k]) for k in reversed(chosen)],
            title="Kind (colour + hatch)")
    _nothing_here(ax, len(shown), "tick a kind of event, or widen the years")

    busiest = int(table.sum(axis=1).idxmax()) if top else None
    alt = (f"Stacked bar chart of {len(shown)} events per year, {_years(lo, hi)}, by kind "
           f"({_kinds_phrase(chosen)})"
           + (f"; the busiest year is {busiest} with {top} events." if busiest else "."))
    data = table.rename_axis(index="year", columns=None).reset_index()
    return _finish(fig, ax, title=title or f"Events per year, {_years(lo, hi)}",
                   xlabel="Year", ylabel="Number of events", alt=alt, data=data)


def _rectangles(ax: Any, lefts: Any, bottoms: Any, widths: Any, heights: Any, *,
                colour: str, hatch: str, edge: str, gid: str, linewidth: float = 0.5
                ) -> PathPatch | None:
    """Draw a group of bars as one compound patch, filled, outlined and hatched once.

    ``ax.bar`` adds a patch per bar and updates the data limits for each, and Agg renders a
    hatch pattern afresh for every hatched patch: one patch per group costs a fraction of
    that. ``gid`` names the group (``kind:<kind>``, ``status:<status>``) for tests.
    """
    if len(lefts) == 0:
        return None
    rects = [Path([(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)], closed=True)
             for x, y, w, h in zip(lefts, bottoms, widths, heights, strict=True)]
    patch = PathPatch(Path.make_compound_path(*rects), facecolor=colour, edgecolor=edge,
                      linewidth=linewidth, hatch=hatch or None,
                      hatchcolor=palette.contrast(colour), zorder=2, gid=gid)
    ax.add_patch(patch)
    return patch


def _stacked_bars(ax: Any, x: np.ndarray, heights: np.ndarray, bottom: np.ndarray,
                  kind: str, width: float = 0.8) -> PathPatch | None:
    """Draw one kind's segments of a stacked bar chart (one rectangle per non-empty year)."""
    some = heights > 0
    return _rectangles(ax, x[some] - width / 2, bottom[some], np.full(some.sum(), width),
                       heights[some], colour=palette.KIND_COLOURS[kind],
                       hatch=palette.KIND_HATCHES[kind], edge=palette.WHITE,
                       gid=f"kind:{kind}")


def _event_span(events: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    if events.empty:
        return COURSE_START, COURSE_END
    return (pd.Timestamp(year=int(events["year"].min()), month=1, day=1),
            pd.Timestamp(year=int(events["year"].max()), month=12, day=31))


# --------------------------------------------------------------------------- relationship index


def full_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Complete a weights mapping: every kind, with those left out weighing 1.

    Raises
    ------
    ValueError
        For a key that is not an event kind.
    """
    given = dict(weights or {})
    unknown = set(given) - set(palette.KINDS)
    if unknown:
        raise ValueError(f"unknown event kind(s) {sorted(unknown)} in weights; "
                         f"the kinds are {', '.join(palette.KINDS)}")
    return {kind: float(given.get(kind, 1.0)) for kind in palette.KINDS}


def index_values(events: pd.DataFrame, weights: Mapping[str, float] | None = None, *,
                 mode: str = "cumulative", window: int = 3) -> pd.DataFrame:
    """Compute the relationship index: each event's signal times its kind's weight, summed.

    Parameters
    ----------
    events
        ``course.events``.
    weights
        Weight per event kind, e.g. ``{"enlargement": 2, "speech": 0}``; kinds left out weigh 1.
    mode
        ``"cumulative"``: running total from the first event; ``"rolling"``: total of the last
        ``window`` years up to each event.
    window
        Years in the rolling window.

    Returns
    -------
    pandas.DataFrame
        One row per event in date order: ``date, id, title, kind, signal, weight,
        contribution, index``.
    """
    if mode not in {"cumulative", "rolling"}:
        raise ValueError(f"mode must be 'cumulative' or 'rolling', not {mode!r}")
    full = full_weights(weights)
    table = events.sort_values(["date", "id"], kind="stable")[
        ["date", "id", "title", "kind", "signal"]].reset_index(drop=True)
    table["weight"] = table["kind"].map(full).astype(float)
    table["contribution"] = table["signal"] * table["weight"]
    if mode == "cumulative":
        table["index"] = table["contribution"].cumsum()
    else:
        # Sum over (date - window years, date]; events sharing a date all count.
        totals = table.set_index("date")["contribution"].rolling(f"{365 * window}D").sum()
        table["index"] = totals.groupby(level=0).transform("last").to_numpy()
    return table


def _rolling_steps(table: pd.DataFrame, window: int, lo: pd.Timestamp,
                   hi: pd.Timestamp) -> tuple[list[pd.Timestamp], list[float]]:
    """Corners of the rolling-total step line between ``lo`` and ``hi``.

    The total changes when an event enters the window and again when it leaves it,
    ``window`` years later; drawing corners only at events would hold a departed
    event's weight until the next event arrives.
    """
    span = pd.Timedelta(days=365 * window)
    dates, values = table["date"], table["contribution"]
    moments = pd.concat([dates, dates + span]).drop_duplicates().sort_values()
    corners = [lo, *moments[(moments > lo) & (moments <= hi)], hi]
    totals = [float(values[(dates > t - span) & (dates <= t)].sum()) for t in corners]
    return corners, totals


def relationship_index(events: pd.DataFrame, weights: Mapping[str, float] | None = None,
                       start: Time = None, end: Time = None, *, mode: str = "cumulative",
                       window: int = 3, periods: pd.DataFrame | None = None,
                       title: str | None = None, fig: ChartFigure | None = None) -> ChartFigure:
    """A relationship index over time: how the coding of events shapes the story.

    Parameters
    ----------
    events
        ``course.events``.
    weights
        Weight per event kind (kinds left out weigh 1); 0 leaves a kind out of the index.
    start, end
        The window shown (years or dates). A running total still counts earlier events.
    mode, window
        As in :func:`index_values`.
    periods
        ``course.periods`` for shaded bands; ``None`` for none.
    title, fig
        As in :func:`timeline`.

    Returns
    -------
    ChartFigure
        ``chart_data(fig)`` is :func:`index_values` for the events in the window.
    """
    lo, hi = _window(start, end, _event_span(events))
    table = index_values(events, weights, mode=mode, window=window)
    shown = table[table["date"].between(lo, hi)]

    fig = _figure(fig, "relationship_index")
    ax = _axes(fig, left=0.09, right=0.79)
    _period_bands(ax, periods, lo, hi)
    ax.axhline(0, color=palette.MUTED, lw=0.9, zorder=1)
    if mode == "cumulative":
        carried = float(table.loc[table["date"] < lo, "contribution"].sum())
        last = float(shown["index"].iloc[-1]) if len(shown) else carried
        xs = [lo, *shown["date"], hi]
        ys = [carried, *shown["index"], last]
    else:
        xs, ys = _rolling_steps(table, window, lo, hi)
        carried, last = ys[0], ys[-1]
    ax.plot(xs, ys, drawstyle="steps-post", color=palette.INDEX_COLOUR, lw=1.8, zorder=3)
    _markers(ax, shown["date"], shown["index"],
             [palette.KIND_MARKERS.get(k, "o") for k in shown["kind"]],
             [palette.SIGNAL_COLOURS[s] for s in shown["signal"]], size=38, linewidth=0.5,
             zorder=4)
    low, high = min([*ys, 0.0]), max([*ys, 0.0])
    pad = max(1.0, 0.12 * (high - low))
    ax.set_ylim(low - pad, high + 1.8 * pad)  # headroom for the period labels
    _date_axis(ax, *_padded(lo, hi))
    _legend(ax, _signal_handles(), title="Event signal (colour)")
    _nothing_here(ax, len(shown), "no event in these years")

    full = full_weights(weights)
    changed = {k: w for k, w in full.items() if w != 1.0}
    described = (", ".join(f"{palette.KIND_LABELS[k].lower()} ×{w:g}" for k, w in changed.items())
                 if changed else "all kinds weigh 1")
    how = "running total" if mode == "cumulative" else f"{window}-year rolling total"
    alt = (f"Line chart of the relationship index ({how} of signal × weight; {described}), "
           f"{_years(lo, hi)}: it moves from {carried:g} to {last:g} over {len(shown)} events.")
    return _finish(fig, ax, title=title or f"Relationship index, {_years(lo, hi)} ({how})",
                   xlabel=f"Date ({PERIOD_NOTE})", ylabel="Index (signal × weight)", alt=alt,
                   data=shown)
