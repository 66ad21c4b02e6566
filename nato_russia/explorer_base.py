"""What every explorer shares: the widget and its static fallback, the period and year controls.

:mod:`nato_russia.explore` builds the course's explorers on these; a notebook never needs
this module directly.
"""

from __future__ import annotations

import base64
import html
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd
from traitlets import TraitError, validate

from nato_russia import data, palette
from nato_russia.coalesce import Coalescer
from nato_russia.rendering import ChartFigure

ALL = "all"
CUSTOM = "custom"
CSS_CLASS = "nato-explorer"  # the browser tests find explorers by these classes
CHART_CLASS = "nato-explorer-chart"
WEIGHT_RANGE = (0.0, 3.0, 0.5)  # min, max, step of the weight sliders
# A selection this short (years from first to last) puts the year slider's handles on each
# other over the whole 1990-2024 track (16 px handles, 6-12 px a year): the slider then
# covers only ZOOM_YEARS years around it, so neighbouring years lie 20 px or more apart.
ZOOM_BELOW = 3
ZOOM_YEARS = 12
# Links in a widget's HTML get no style of their own in JupyterLab: they read as plain text.
LINK_STYLE = (f"color: var(--jp-content-link-color, {palette.OKABE_ITO['blue']}); "
              "text-decoration: underline; text-underline-offset: 2px")


# --------------------------------------------------------------------------- base classes


class Explorer:
    """Controls plus a view that is redrawn, off the main thread, from the controls' values.

    Attributes
    ----------
    controls : dict[str, ipywidgets.Widget]
        Every control by name: ``period``, ``years``, ``kind:<kind>``, ``area:<id>``,
        ``weight:<kind>``, ``mode``, ``window``, ``signal``, ``document``, ``reset``.
    widget : ipywidgets.VBox
        The whole explorer, to place inside other layouts.
    redraws : int
        How many times the view has been redrawn (the first draw included).
    error : str
        The last redraw error, or ``""``.
    """

    name = "explorer"
    label = "Explorer"

    def __init__(self, course: data.Course | None) -> None:
        self.course = course if course is not None else data.load()
        self.controls: dict[str, widgets.Widget] = {}
        self.redraws = 0
        self.error = ""
        self._syncing = False  # set while one control updates another: no extra redraw
        self._coalescer = Coalescer(self._draw_now, self._report)
        self.status = widgets.HTML(layout=widgets.Layout(display="none"))
        self.status.add_class("nato-explorer-error")

    # -- building -----------------------------------------------------------------------

    def _observe(self) -> None:
        for control in self.controls.values():
            if "value" in control.trait_names():
                control.observe(self._changed, names="value")

    def _assemble(self, rows: list[widgets.Widget], view: widgets.Widget) -> None:
        self.widget = widgets.VBox([*rows, self.status, view],
                                   layout=widgets.Layout(width="100%"))
        self.widget.add_class(CSS_CLASS)
        self.widget.add_class(f"{CSS_CLASS}-{self.name}")

    # -- redrawing ----------------------------------------------------------------------

    def _changed(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        if change["owner"] is self.controls.get("period") and change["new"] == CUSTOM:
            return  # "custom years" only names what the slider already shows
        self._coalescer.request()

    def redraw(self) -> None:
        """Redraw now, in the calling thread, from the controls' current values."""
        self._coalescer.run_now()

    def wait(self, timeout: float | None = 60.0) -> bool:
        """Block until pending redraws are done; returns False if ``timeout`` ran out."""
        return self._coalescer.wait(timeout)

    def _draw_now(self) -> None:
        self._render()
        self.redraws += 1
        if self.error:
            self.error = ""
            self.status.layout.display = "none"

    def _render(self) -> None:
        raise NotImplementedError

    def _report(self, exc: BaseException) -> None:
        """Show a background redraw's error in the explorer, where the student looks."""
        self.error = f"{type(exc).__name__}: {exc}"
        self.status.value = ("<b>The chart could not be redrawn:</b> "
                             f"{html.escape(self.error)}")
        self.status.layout.display = "block"

    # -- display ------------------------------------------------------------------------

    @property
    def alt_text(self) -> str:
        """One-line description of what the explorer currently shows."""
        raise NotImplementedError

    def _static(self) -> dict[str, str]:
        raise NotImplementedError

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None,
                          **kwargs: Any) -> dict[str, Any]:
        # The widget view for a live kernel, plus a static version for everything else:
        # front ends show the richest type they support, so JupyterLab shows one chart.
        self.wait()
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle.update(self._static())
        bundle["text/plain"] = f"{self.label}: {self.alt_text}"
        return bundle

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.alt_text}>"


class ChartExplorer(Explorer):
    """An explorer whose view is a matplotlib chart shown as a PNG image."""

    def __init__(self, course: data.Course | None) -> None:
        super().__init__(course)
        self.figure: ChartFigure | None = None
        self.png = b""
        self.image = widgets.Image(format="png",
                                   layout=widgets.Layout(max_width="100%", height="auto"))
        self.image.add_class(CHART_CLASS)
        # The chart's description, shown under it for everyone (screen readers included).
        # Not the Image's tooltip: ipywidgets 8.1's ImageView fails to render with one set.
        self.caption = widgets.HTML()
        self.caption.add_class("nato-explorer-caption")

    def _render(self) -> None:
        self.figure = self._chart(self.figure)
        self.png = self.figure.to_png()
        self.image.value = self.png
        self.caption.value = (f'<div style="color:{palette.MUTED}; font-size:85%; '
                              f'line-height:1.4">Chart: {html.escape(self.figure.alt_text)}'
                              "</div>")

    def _chart(self, fig: ChartFigure | None) -> ChartFigure:
        raise NotImplementedError

    def _chart_view(self) -> widgets.Widget:
        return widgets.VBox([self.image, self.caption])

    @property
    def alt_text(self) -> str:
        return self.figure.alt_text if self.figure is not None else ""

    def _static(self) -> dict[str, str]:
        return {"image/png": base64.b64encode(self.png).decode("ascii")}


# --------------------------------------------------------------------------- shared controls


def period_span(periods: pd.DataFrame, period: str) -> tuple[int, int]:
    if period == ALL:
        return int(periods["start"].min().year), int(periods["end"].max().year)
    row = periods.loc[periods["id"] == period].iloc[0]
    return int(row["start"].year), int(row["end"].year)


def period_label(lesson: str, title: str, first: int, last: int) -> str:
    """``03 · 1997-2001: The Founding Act...``; the years are added if the title lacks them."""
    years = "" if str(first) in title else f" ({first}–{last})"
    return f"{lesson} · {title}{years}"


def check_period(periods: pd.DataFrame, period: str | None) -> str:
    if period is None:
        return ALL
    if period != ALL and period not in set(periods["id"]):
        raise ValueError(f"unknown period {period!r}; "
                         f"choose one of {', '.join(periods['id'])} or 'all'")
    return period


class WindowMixin:
    """A period dropdown and a year-range slider that keep each other truthful."""

    course: data.Course
    controls: dict[str, widgets.Widget]
    _syncing: bool

    def _window_controls(self, period: str | None, start: int | None, end: int | None,
                         *, custom: bool = True) -> None:
        periods = self.course.periods.sort_values("start")
        period = check_period(periods, period)
        lo, hi = period_span(periods, ALL)
        options = [(f"All periods ({lo}–{hi})", ALL)] + [
            (period_label(p.lesson, p.title, p.start.year, p.end.year), p.id)
            for p in periods.itertuples()
        ]
        if custom:
            options.append(("Custom years (use the slider)", CUSTOM))
        first, last = period_span(periods, period)
        if start is not None or end is not None:
            first = int(start) if start is not None else first
            last = int(end) if end is not None else last
            if not lo <= first <= last <= hi:
                raise ValueError(f"years must satisfy {lo} <= start <= end <= {hi}, "
                                 f"not {first}..{last}")
        self.controls["period"] = widgets.Dropdown(
            options=options, value=period, description="Period",
            layout=widgets.Layout(width="min(100%, 38em)"))
        # The years are shown beside the slider, not by its own readout: that one sits so
        # close to the track that the right handle covers it in a narrow notebook.
        self.controls["years"] = YearRangeSlider(
            (lo, hi), value=(first, last), description="Years",
            continuous_update=False, readout=False,
            layout=widgets.Layout(width="auto", flex="1 1 auto", min_width="16em"))
        self._years_shown = widgets.Label(
            years_text(first, last), layout=widgets.Layout(width="6.5em", margin="0 0 0 1em"))
        self._years_shown.add_class("nato-explorer-years")
        if start is not None or end is not None:
            self.controls["period"].value = self._matching_period(first, last)
        self.controls["period"].observe(self._period_changed, names="value")
        self.controls["years"].observe(self._years_changed, names="value")

    def _matching_period(self, first: int, last: int) -> str:
        for option in [ALL, *self.course.periods["id"]]:
            if period_span(self.course.periods, option) == (first, last):
                return option
        return CUSTOM

    def _period_changed(self, change: dict[str, Any]) -> None:
        if self._syncing or change["new"] == CUSTOM:
            return
        self._syncing = True
        try:
            self.controls["years"].value = period_span(self.course.periods, change["new"])
        finally:
            self._syncing = False

    def _years_changed(self, change: dict[str, Any]) -> None:
        self._years_shown.value = years_text(*change["new"])
        if self._syncing:
            return
        self._syncing = True
        try:
            self.controls["period"].value = self._matching_period(*change["new"])
        finally:
            self._syncing = False

    def _window_row(self) -> widgets.Widget:
        # The slider takes the rest of the row (or a row of its own): shrunk to its content,
        # its track was 110 px and a year 3 px of it.
        years = widgets.HBox([self.controls["years"], self._years_shown],
                             layout=widgets.Layout(align_items="center", flex="1 1 24em",
                                                   max_width="40em"))
        return widgets.HBox([self.controls["period"], years],
                            layout=widgets.Layout(flex_flow="row wrap"))

    @property
    def years(self) -> tuple[int, int]:
        """The first and last year shown."""
        first, last = self.controls["years"].value
        return int(first), int(last)


def slider_window(first: int, last: int, span: tuple[int, int]) -> tuple[int, int]:
    """The years a year slider covers while ``first``-``last`` is selected.

    The whole ``span``, unless the selection is shorter than ``ZOOM_BELOW`` years: then
    ``ZOOM_YEARS`` years centred on it (shifted to stay inside ``span``).
    """
    lo, hi = span
    if last - first >= ZOOM_BELOW or hi - lo < ZOOM_YEARS:
        return lo, hi
    start = (first + last) // 2 - ZOOM_YEARS // 2
    start = min(max(start, lo), hi - ZOOM_YEARS)
    return start, start + ZOOM_YEARS


class YearRangeSlider(widgets.IntRangeSlider):
    """A range slider over the course's years that zooms in on a short selection.

    Any value inside ``span`` is accepted, also one outside the years the slider covers at
    the moment (it then covers them): code that sets ``value`` is never clamped silently.
    """

    def __init__(self, span: tuple[int, int], **kwargs: Any) -> None:
        self.span = span
        first, last = kwargs["value"]
        lo, hi = slider_window(first, last, span)
        super().__init__(min=lo, max=hi, step=1, **kwargs)
        self.observe(self._zoom, names="value")

    @validate("value")
    def _validate_value(self, proposal: Any) -> tuple[int, int]:
        first, last = (int(year) for year in proposal["value"])
        lo, hi = self.span
        if not lo <= first <= last <= hi:
            raise TraitError(f"years must satisfy {lo} <= start <= end <= {hi}, "
                             f"not {first}..{last}")
        # Widen first, so the value is not clamped; _zoom narrows once it is set.
        if first < int(self.min):  # type: ignore[has-type]  # ipywidgets is untyped
            self.min = first
        if last > int(self.max):  # type: ignore[has-type]
            self.max = last
        return first, last

    @validate("min", "max")
    def _validate_bounds(self, proposal: Any) -> int:
        # Unlike IntRangeSlider's, this never moves the value: the bounds only ever change
        # to years that include it (see _zoom), and moving it here would recurse.
        new = int(proposal["value"])
        if (proposal["trait"].name == "min" and new > self.max) or (
                proposal["trait"].name == "max" and new < self.min):
            raise TraitError(f"the year slider's bounds would cross: {proposal['trait'].name}"
                             f" {new}")
        return new

    def _zoom(self, change: dict[str, Any]) -> None:
        first, last = change["new"]
        lo, hi = slider_window(first, last, self.span)
        with self.hold_sync():  # the browser gets both bounds at once
            self.min, self.max = lo, hi


def years_text(first: int, last: int) -> str:
    """The years a slider selects, as the explorer shows them: ``1997–2001``."""
    return f"{first}–{last}" if first != last else str(first)


def checkboxes(controls: dict[str, widgets.Widget], prefix: str,
                items: Iterable[tuple[str, str]], chosen: set[str], column: str) -> widgets.Widget:
    """Add one checkbox per (id, label) under ``prefix:id`` and lay them out in a grid.

    As many columns of at least ``column`` (a CSS width) as fit: fewer in a narrow notebook,
    so no label is cut short.
    """
    boxes = []
    for item_id, label in items:
        box = widgets.Checkbox(value=item_id in chosen, description=label, indent=False,
                               layout=widgets.Layout(width="auto"))
        controls[f"{prefix}:{item_id}"] = box
        boxes.append(box)
    return widgets.GridBox(boxes, layout=widgets.Layout(
        grid_template_columns=f"repeat(auto-fill, minmax({column}, 1fr))", width="100%"))


def short_title(text: str, width: int = 60) -> str:
    """Shorten a title for a dropdown, keeping whole words."""
    return textwrap.shorten(text, width, placeholder="…")


def chosen(controls: Mapping[str, widgets.Widget], prefix: str) -> list[str]:
    start = len(prefix) + 1
    return [key[start:] for key, box in controls.items()
            if key.startswith(prefix + ":") and box.value]


