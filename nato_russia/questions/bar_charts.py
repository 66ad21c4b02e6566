"""Read a student's matplotlib bar chart: the bars' heights, its title and axis labels.

Students draw their charts themselves with matplotlib (or pandas' ``.plot``); the
checks look only at what ended up on the Axes, so any way of drawing the right bars
passes.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure, SubFigure

from nato_russia.questions.readers import Problem, Reading, describe


@dataclass(frozen=True)
class BarChart:
    """What a bar chart shows.

    Attributes
    ----------
    heights
        Bar lengths in reading order (left to right, or top to bottom for ``barh``).
    horizontal
        Whether the bars were drawn with ``barh``.
    title, xlabel, ylabel
        The texts a reader sees; empty strings when missing.
    touching
        Whether each bar meets the next with no gap, as a histogram's bars do.
    """

    heights: tuple[float, ...]
    horizontal: bool
    title: str
    xlabel: str
    ylabel: str
    touching: bool = False


def _touching(spans: list[tuple[float, float]]) -> bool:
    """Whether bars given as (start, width) along their axis, in order, leave no gaps."""
    if len(spans) < 2:
        return False
    scale = max(abs(width) for _, width in spans) or 1.0
    return all(abs(start + width - following) <= 1e-6 * scale
               for (start, width), (following, _) in zip(spans, spans[1:], strict=False))


class EmptyFigure(Problem):
    """A figure with nothing drawn on it yet: the exercise's starting point."""


def _axes_of(value: Any) -> list[Axes] | Problem:
    """Return the Axes inside a Figure, an Axes, or a list or array of Axes."""
    if isinstance(value, Axes):
        return [value]
    if isinstance(value, Figure | SubFigure):
        return list(value.axes)
    if isinstance(value, BarContainer):
        return Problem(
            "You gave the bars that ax.bar(...) returns. Give the whole chart instead: "
            "the Figure (fig) or the Axes (ax)."
        )
    if isinstance(value, types.ModuleType):
        return Problem(
            f"You gave the module {value.__name__}. Give the chart itself: the Figure (fig) "
            "from fig, ax = plt.subplots(), or the Axes (ax)."
        )
    if value is None:
        return Problem(
            "Your answer is None. Often this means the variable holds what plt.show() or "
            "ax.set_title(...) returned; give the Figure (fig) or the Axes (ax) instead."
        )
    if isinstance(value, list | tuple | np.ndarray):
        flat = list(np.asarray(value, dtype=object).ravel())
        if flat and all(isinstance(item, Axes) for item in flat):
            return flat
    return Problem(
        f"You gave {describe(value)}. Give the chart: the Figure (fig) or the Axes (ax) "
        "you drew on."
    )


def _is_blank(ax: Axes) -> bool:
    """Tell whether nothing at all has been drawn or written on an Axes."""
    drawn = ax.lines or ax.patches or ax.collections or ax.images or ax.texts or ax.containers
    written = ax.get_title() or ax.get_xlabel() or ax.get_ylabel()
    return not drawn and not written


def _title(ax: Axes) -> str:
    """Return the Axes title (any position) or, failing that, the figure's suptitle."""
    for loc in ("center", "left", "right"):
        if ax.get_title(loc=loc).strip():
            return ax.get_title(loc=loc).strip()
    figure = ax.get_figure()
    return figure.get_suptitle().strip() if figure is not None else ""


def read_bar_chart(value: Any) -> Reading | Problem:
    """Read the single set of bars on a Figure or Axes.

    Returns
    -------
    Reading or Problem
        A Reading of a :class:`BarChart`; an :class:`EmptyFigure` when nothing is drawn
        yet; a Problem saying what is missing otherwise.
    """
    axes = _axes_of(value)
    if isinstance(axes, Problem):
        return axes
    if not axes or all(_is_blank(ax) for ax in axes):
        return EmptyFigure(
            "The figure is still empty: draw your bars on ax (the Axes made in the answer "
            "cell), then run both cells again."
        )
    with_bars = [ax for ax in axes if any(isinstance(c, BarContainer) for c in ax.containers)]
    if not with_bars:
        if any(ax.lines for ax in axes):
            return Problem("I found lines but no bars: draw a bar chart with ax.bar(...).")
        return Problem("I found no bars on this chart: draw them with ax.bar(labels, heights).")
    if len(with_bars) > 1:
        return Problem("This figure has bars on several Axes; draw one bar chart on one Axes.")
    ax = with_bars[0]
    containers = [c for c in ax.containers if isinstance(c, BarContainer)]
    if len(containers) > 1:
        return Problem(
            "I found more than one set of bars (several ax.bar calls, or a table with several "
            "columns plotted). Draw one set: one bar per group."
        )
    container = containers[0]
    horizontal = getattr(container, "orientation", "vertical") == "horizontal"
    if horizontal:
        # barh puts the first bar at the bottom; read top to bottom as the reader does.
        bars = sorted(container.patches, key=lambda r: -r.get_y())
        heights = tuple(float(r.get_width()) for r in bars)
        spans = [(float(r.get_y()), float(r.get_height())) for r in reversed(bars)]
    else:
        bars = sorted(container.patches, key=lambda r: r.get_x())
        heights = tuple(float(r.get_height()) for r in bars)
        spans = [(float(r.get_x()), float(r.get_width())) for r in bars]
    return Reading(
        BarChart(
            heights=heights,
            horizontal=horizontal,
            title=_title(ax),
            xlabel=ax.get_xlabel().strip(),
            ylabel=ax.get_ylabel().strip(),
            touching=_touching(spans),
        )
    )
