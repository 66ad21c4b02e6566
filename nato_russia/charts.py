"""The course's charts: plain functions from DataFrames to matplotlib Figures.

Five charts, each a function of the course's tables that returns a
:class:`~nato_russia.rendering.ChartFigure`:

- :func:`timeline`: events over time, one row per kind, coloured by signal;
- :func:`cooperation_gantt`: each cooperation area from when it began to when it stopped;
- :func:`membership`: Alliance membership against the relationship signal, in two panels;
- :func:`events_per_year`: events per year, stacked by kind;
- :func:`relationship_index`: a running or rolling index of signal times weight.

Every figure carries a one-line description (:func:`alt_text`) and the table it was drawn
from (:func:`chart_data`). Colours, markers and hatches all come from
:mod:`nato_russia.palette`; the numbers come from :mod:`nato_russia.measures`; how a figure
is rendered and reused is :mod:`nato_russia.rendering`.

Examples
--------
>>> from nato_russia import charts, data
>>> course = data.load()
>>> fig = charts.membership(course.accessions, course.events)
>>> charts.alt_text(fig)  # doctest: +SKIP
'Step chart of Alliance membership, 1990–2024: 16 members at the start, ...'
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch

from nato_russia import measures, palette
from nato_russia.measures import COURSE_END, COURSE_START, SUSPENSION, Time
from nato_russia.rendering import (
    LABEL_SIZE,
    SMALL,
    ChartFigure,
    alt_text,
    chart_data,
    date_axis,
    figure_for,
    markers,
    nothing_here,
    padded,
    rectangles,
    ylabel_beside,
)

__all__ = [
    "alt_text",
    "chart_data",
    "cooperation_gantt",
    "events_per_year",
    "membership",
    "relationship_index",
    "timeline",
]

PERIOD_NOTE = "shaded bands: the course's periods, numbered by lesson"


# --------------------------------------------------------------------------- shared pieces


def _signal_handles(line: bool = False) -> list[Line2D]:
    """Legend entries for the five signals, each with its colour and its marker."""
    return [Line2D([], [], ls="-" if line else "", lw=1.4, marker=palette.SIGNAL_MARKERS[s],
                   markersize=5 if line else 8, color=palette.SIGNAL_COLOURS[s],
                   markerfacecolor=palette.SIGNAL_COLOURS[s], markeredgecolor=palette.TEXT,
                   markeredgewidth=0.5, label=palette.SIGNAL_LABELS[s])
            for s in sorted(palette.SIGNAL_COLOURS, reverse=True)]


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


TIMELINE_MARKER = 70  # points², the area of a timeline marker
TIMELINE_LEFT, TIMELINE_RIGHT = 0.145, 0.74  # the timeline axes' margins, as fractions


def timeline(events: pd.DataFrame, periods: pd.DataFrame | None = None,
             kinds: Iterable[str] | None = None, start: Time = None, end: Time = None, *,
             title: str | None = None, fig: ChartFigure | None = None) -> ChartFigure:
    """Events over time, one row per kind, coloured and shaped by the relationship signal.

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
    lo, hi = measures.window(start, end, default)
    rows = measures.chosen_kinds(kinds)
    shown = events[events["date"].between(lo, hi) & events["kind"].isin(rows)]

    fig = figure_for(fig, "timeline")
    ax = fig.panel(left=TIMELINE_LEFT, right=TIMELINE_RIGHT)
    _period_bands(ax, periods, lo, hi)
    row_of = {kind: row for row, kind in enumerate(rows)}
    first, last = padded(lo, hi)
    # How many days one marker covers at this width: closer events in a row would hide
    # each other, so they are spread up and down within their row (dates stay exact).
    axes_inches = fig.get_figwidth() * (TIMELINE_RIGHT - TIMELINE_LEFT)
    marker_days = (last - first).days * (np.sqrt(TIMELINE_MARKER) / 72) / axes_inches
    markers(ax, shown["date"],
            shown["kind"].map(row_of).to_numpy(float) + dodge(shown["date"], shown["kind"],
                                                              marker_days),
            [palette.SIGNAL_MARKERS[s] for s in shown["signal"]],
            [palette.SIGNAL_COLOURS[s] for s in shown["signal"]], size=TIMELINE_MARKER)
    ax.set_yticks(range(len(rows)), [palette.KIND_LABELS[k] for k in rows])
    # Row 0 at the top; an empty row's worth above it leaves room for the period labels.
    ax.set_ylim(len(rows) - 0.4, -1.1)
    ax.grid(axis="y", color=palette.WHITE, lw=1, zorder=1)
    ax.tick_params(axis="y", length=0)
    ylabel_beside(ax, [palette.KIND_LABELS[k] for k in palette.KINDS], SMALL + 0.5)
    date_axis(ax, *padded(lo, hi))
    fig.legend_outside(ax, _signal_handles(), title="Signal (colour and marker)")
    nothing_here(ax, len(shown), "tick a kind of event, or widen the years")

    counts = shown["signal"].map(np.sign).value_counts()
    alt = (f"Timeline of {len(shown)} events, {_years(lo, hi)}, one row per kind of event "
           f"({_kinds_phrase(rows)}), coloured by signal: {counts.get(1, 0)} positive, "
           f"{counts.get(0, 0)} neutral, {counts.get(-1, 0)} negative.")
    return fig.finish(ax, title=title or f"NATO-Russia events, {_years(lo, hi)}",
                   xlabel=f"Date ({PERIOD_NOTE})", ylabel="Kind of event", alt=alt,
                   data=shown[["id", "date", "title", "kind", "period", "signal"]])


def dodge(dates: pd.Series, rows: pd.Series, days: float, spread: float = 0.32) -> np.ndarray:
    """Vertical offsets that keep markers of one row apart when their dates are close.

    Parameters
    ----------
    dates, rows
        Each marker's date and row (aligned).
    days
        How close two dates may be, in days, before their markers would overlap.
    spread
        The largest offset from the row's line, in rows.

    Returns
    -------
    numpy.ndarray
        An offset per marker, in the order given: 0 for a marker alone, else spread evenly
        over ``[-spread, spread]`` within its group of close neighbours.
    """
    offsets = np.zeros(len(dates))
    frame = pd.DataFrame({"date": pd.to_datetime(dates).to_numpy(), "row": rows.to_numpy(),
                          "at": np.arange(len(dates))})
    for _, group in frame.sort_values("date").groupby("row", sort=False):
        gaps = group["date"].diff().dt.days.fillna(np.inf).to_numpy()
        cluster = np.cumsum(gaps >= days)  # a new group after each gap wide enough
        for number in np.unique(cluster):
            members = group["at"].to_numpy()[cluster == number]
            if len(members) > 1:
                offsets[members] = np.linspace(-spread, spread, len(members))
    return offsets


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
    lo, hi = measures.window(start, end, (COURSE_START, COURSE_END))
    until = measures.to_timestamp(open_until, hi, end=True)
    chosen = areas if area_ids is None else areas[areas["id"].isin(list(area_ids))]
    bars = chosen.assign(status=chosen["stop_kind"].fillna("open"),
                         bar_end=chosen["stopped"].fillna(until))
    bars = bars[(bars["began"] <= hi) & (bars["bar_end"] >= lo)].sort_values(
        ["began", "id"], kind="stable").reset_index(drop=True)

    fig = figure_for(fig, "cooperation_gantt")
    ax = fig.panel(left=0.29, right=0.725)
    y = np.arange(len(bars))
    for status in ("open", "suspended", "ended"):
        rows = (bars["status"] == status).to_numpy()
        began = mdates.date2num(bars.loc[rows, "began"])
        rectangles(ax, began, y[rows] - 0.3, mdates.date2num(bars.loc[rows, "bar_end"]) - began,
                    np.full(rows.sum(), 0.6), colour=palette.STOP_COLOURS[status],
                    hatch=palette.STOP_HATCHES[status], edge=palette.TEXT, linewidth=0.6,
                    gid=f"status:{status}")
    open_rows = (bars["status"] == "open").to_numpy()
    if open_rows.any():  # an arrow head: this bar runs on past the chart
        markers(ax, bars.loc[open_rows, "bar_end"], y[open_rows], [">"] * open_rows.sum(),
                 [palette.STOP_COLOURS["open"]] * open_rows.sum(), clip=False)
    if cooperation is not None and not bars.empty:
        _effect_marks(ax, bars, cooperation, lo, hi)
    # No line across an empty chart: it would strike through the "nothing to show" message.
    if suspension is not None and not bars.empty and lo <= pd.Timestamp(suspension) <= hi:
        when = pd.Timestamp(suspension)
        # Named in the legend, not beside the line: a label above the axes ran into the
        # title whenever the line fell near the chart's left edge (2013-2015).
        ax.axvline(when, color=palette.OKABE_ITO["black"], ls="--", lw=1.3, zorder=4)

    names = [textwrap.fill(name, 30) for name in bars["name"]]
    ax.set_yticks(y, names, fontsize=SMALL)
    ax.set_ylim(len(bars) - 0.4, -0.6)
    ax.tick_params(axis="y", length=0)
    ylabel_beside(ax, names, SMALL)  # after the tick length is set: it counts in the gap
    ax.grid(axis="x", color=palette.BAND_SHADES[1], lw=0.8, zorder=0)
    date_axis(ax, lo, hi)
    # Always the full legend: the same one for every choice of areas and years, so it reads
    # the same way each time (and an explorer pastes it instead of drawing it).
    fig.legend_outside(ax, _gantt_handles(suspension, with_marks=cooperation is not None),
                       title="Bars and marks", anchor=(1.03, 1.0))
    nothing_here(ax, len(bars), "tick an area, or choose\nyears when one was active")

    counts = bars["status"].value_counts()
    in_suspension = (bars["status"] == "suspended") & (bars["stopped"] == pd.Timestamp(
        suspension)) if suspension is not None else pd.Series(False, index=bars.index)
    alt = (f"Gantt chart of {len(bars)} NATO-Russia cooperation areas, {_years(lo, hi)}: "
           f"{counts.get('open', 0)} still open, {counts.get('suspended', 0)} suspended "
           f"({int(in_suspension.sum())} of them on {_day(suspension)}), "
           f"{counts.get('ended', 0)} ended.")
    return fig.finish(ax, title=title or f"Cooperation areas, {_years(lo, hi)}",
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
    fills = [palette.EFFECT_FILLS.get(effect, palette.WHITE) for effect in inside["effect"]]
    markers(ax, inside["date"], inside["area"].map(row_of), shapes,
             fills, size=45, edgecolour=palette.OKABE_ITO["black"],
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
                           color=palette.OKABE_ITO["black"],
                           markerfacecolor=palette.EFFECT_FILLS[effect],
                           markeredgecolor=palette.OKABE_ITO["black"], label=f"{effect} (mark)")
                    for effect, marker in palette.EFFECT_MARKERS.items() if effect != "opened"]
    if suspension is not None:
        when = pd.Timestamp(suspension)
        handles.append(Line2D([], [], color=palette.OKABE_ITO["black"], ls="--", lw=1.3,
                              label=f"NATO suspension,\n{when.day} {when:%b %Y}"))
    return handles


# --------------------------------------------------------------------------- membership


def membership(accessions: pd.DataFrame, events: pd.DataFrame | None = None,
               start: Time = None, end: Time = None, *, signal: bool = True,
               title: str | None = None, fig: ChartFigure | None = None) -> ChartFigure:
    """Alliance membership as a step chart, above a panel of each event's relationship signal.

    Parameters
    ----------
    accessions
        ``course.accessions``.
    events
        ``course.events``: with ``signal=True`` a second panel, below the membership line
        and on the same years, draws each event's signal as a stem from 0 to its value
        (-2 to +2), its colour and marker showing the signal.
    start, end
        The window (years or dates); default 1990 to 2024.
    signal
        Whether to draw the lower panel of signal stems.
    title, fig
        As in :func:`timeline`.

    Returns
    -------
    ChartFigure
        ``chart_data(fig)`` holds the steps: ``date, members, joined, countries``; the first
        row is the window's start with the membership carried into it.
    """
    lo, hi = measures.window(start, end, (COURSE_START, COURSE_END))
    counts = measures.membership_counts(accessions)
    inside = counts[(counts["date"] > lo) & (counts["date"] <= hi)]
    first = pd.DataFrame({"date": [lo], "joined": [0],
                          "members": [measures.members_on(accessions, lo)], "countries": [""]})
    steps = pd.concat([first, inside], ignore_index=True)

    fig = figure_for(fig, "membership")
    left, right = 0.08, 0.725
    lower = None
    if signal and events is not None:
        # Two panels on the same years, members above and signals below: a twin y axis
        # invites reading a signal of 0 as "8 members".
        lower = fig.panel("signal", left=left, right=right, top=0.36)
        _signal_stems(lower, events, lo, hi)
        ax = fig.panel(left=left, right=right, bottom=0.45)
    else:
        fig.drop_panel("signal")
        ax = fig.panel(left=left, right=right)
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
    date_axis(ax, lo, hi)
    members_line = Line2D([], [], color=palette.MEMBERSHIP_COLOUR, lw=2.4, label="NATO members")
    fig.legend_outside(ax, [members_line], title="Step line (upper panel)", anchor=(1.03, 1.0))
    if lower is not None:
        date_axis(lower, lo, hi)
        ax.tick_params(labelbottom=False)  # the years are read once, under the lower panel
        fig.legend_outside(lower, _signal_handles(line=True),
                           title="Event signal (lower panel)", anchor=(1.03, 1.0))

    start_n, end_n = steps["members"].iloc[0], steps["members"].iloc[-1]
    rounds = ", ".join(str(d.year) for d in inside["date"])
    alt = (f"Step chart of Alliance membership, {_years(lo, hi)}: {start_n} members at the "
           f"start, {end_n} at the end"
           + (f", after {len(inside)} accession date{'s' if len(inside) > 1 else ''} ({rounds})"
              if len(inside) else ", no accession in between")
           + ("; a panel below shows each event's relationship signal from −2 to +2."
              if lower is not None else "."))
    fig.finish(ax, title=title or f"Alliance membership and the relationship, {_years(lo, hi)}",
            xlabel="" if lower is not None else "Year", ylabel="Member countries", alt=alt,
            data=steps[["date", "members", "joined", "countries"]])
    if lower is not None:
        lower.set_xlabel("Year", fontsize=LABEL_SIZE, color=palette.TEXT)
    return fig


def _signal_stems(ax: Any, events: pd.DataFrame, lo: pd.Timestamp, hi: pd.Timestamp) -> None:
    """Draw each event's signal as a stem (colour and marker = signal) in the panel ``ax``."""
    shown = events[events["date"].between(lo, hi)]
    colours = [palette.SIGNAL_COLOURS[s] for s in shown["signal"]]
    ax.vlines(shown["date"], 0, shown["signal"], colors=colours, lw=1.4, alpha=0.9)
    markers(ax, shown["date"], shown["signal"],
             [palette.SIGNAL_MARKERS[s] for s in shown["signal"]], colours, size=26,
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
    lo, hi = measures.window(start, end, measures.event_span(events))
    chosen = measures.chosen_kinds(kinds)
    years = range(lo.year, hi.year + 1)
    shown = events[events["year"].between(lo.year, hi.year) & events["kind"].isin(chosen)]
    counts = np.zeros((len(years), len(chosen)), dtype=int)
    np.add.at(counts, (shown["year"].to_numpy() - lo.year,
                       pd.Categorical(shown["kind"], categories=chosen).codes), 1)
    table = pd.DataFrame(counts, index=pd.Index(years, name="year"), columns=chosen)

    fig = figure_for(fig, "events_per_year")
    ax = fig.panel(left=0.08, right=0.78)
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
    swatches = [Patch(facecolor=palette.KIND_COLOURS[k], hatch=palette.KIND_HATCHES[k],
                      edgecolor=palette.WHITE, hatchcolor=palette.contrast(palette.KIND_COLOURS[k]),
                      label=palette.KIND_LABELS[k]) for k in reversed(chosen)]
    fig.legend_outside(ax, swatches, title="Kind (colour + hatch)")
    nothing_here(ax, len(shown), "tick a kind of event, or widen the years")

    busiest = int(table.sum(axis=1).idxmax()) if top else None
    alt = (f"Stacked bar chart of {len(shown)} events per year, {_years(lo, hi)}, by kind "
           f"({_kinds_phrase(chosen)})"
           + (f"; the busiest year is {busiest} with {top} events." if busiest else "."))
    data = table.rename_axis(index="year", columns=None).reset_index()
    return fig.finish(ax, title=title or f"Events per year, {_years(lo, hi)}",
                   xlabel="Year", ylabel="Number of events", alt=alt, data=data)


def _stacked_bars(ax: Any, x: np.ndarray, heights: np.ndarray, bottom: np.ndarray,
                  kind: str, width: float = 0.8) -> PathPatch | None:
    """Draw one kind's segments of a stacked bar chart (one rectangle per non-empty year)."""
    some = heights > 0
    return rectangles(ax, x[some] - width / 2, bottom[some], np.full(some.sum(), width),
                       heights[some], colour=palette.KIND_COLOURS[kind],
                       hatch=palette.KIND_HATCHES[kind], edge=palette.WHITE,
                       gid=f"kind:{kind}")


# --------------------------------------------------------------------------- relationship index


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
    lo, hi = measures.window(start, end, measures.event_span(events))
    table = measures.index_values(events, weights, mode=mode, window=window)
    shown = table[table["date"].between(lo, hi)]

    fig = figure_for(fig, "relationship_index")
    ax = fig.panel(left=0.09, right=0.735)
    _period_bands(ax, periods, lo, hi)
    ax.axhline(0, color=palette.MUTED, lw=0.9, zorder=1)
    if mode == "cumulative":
        carried = float(table.loc[table["date"] < lo, "contribution"].sum())
        last = float(shown["index"].iloc[-1]) if len(shown) else carried
        xs = [lo, *shown["date"], hi]
        ys = [carried, *shown["index"], last]
    else:
        xs, ys = measures.rolling_steps(table, window, lo, hi)
        carried, last = ys[0], ys[-1]
    ax.plot(xs, ys, drawstyle="steps-post", color=palette.INDEX_COLOUR, lw=1.8, zorder=3)
    markers(ax, shown["date"], shown["index"],
             [palette.SIGNAL_MARKERS[s] for s in shown["signal"]],
             [palette.SIGNAL_COLOURS[s] for s in shown["signal"]], size=38, linewidth=0.5,
             zorder=4)
    low, high = min([*ys, 0.0]), max([*ys, 0.0])
    pad = max(1.0, 0.12 * (high - low))
    ax.set_ylim(low - pad, high + 1.8 * pad)  # headroom for the period labels
    date_axis(ax, *padded(lo, hi))
    fig.legend_outside(ax, _signal_handles(), title="Signal (colour and marker)")
    nothing_here(ax, len(shown), "no event in these years")

    full = measures.full_weights(weights)
    changed = {k: w for k, w in full.items() if w != 1.0}
    described = (", ".join(f"{palette.KIND_LABELS[k].lower()} ×{w:g}" for k, w in changed.items())
                 if changed else "all kinds weigh 1")
    how = "running total" if mode == "cumulative" else f"{window}-year rolling total"
    alt = (f"Line chart of the relationship index ({how} of signal × weight; {described}), "
           f"{_years(lo, hi)}: it moves from {carried:g} to {last:g} over {len(shown)} events.")
    return fig.finish(ax, title=title or f"Relationship index, {_years(lo, hi)} ({how})",
                   xlabel=f"Date ({PERIOD_NOTE})", ylabel="Index (signal × weight)", alt=alt,
                   data=shown)
