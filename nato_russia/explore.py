"""Interactive explorers: the course's charts with controls, for JupyterLab.

Each function takes the loaded course and returns an explorer that displays itself::

    from nato_russia import data, explore
    course = data.load()
    explore.timeline(course, period="p03")

An explorer redraws its chart into an image (PNG) when a control changes. Redraws run in a
background thread and coalesce (see :mod:`nato_russia.coalesce`), so a burst of changes
costs at most one extra redraw. Displayed, an explorer offers two versions of itself: the
live widget, and a PNG (or HTML, for quotations) of its chart as it stands, so a rendered
page, a viewer without a kernel or ``nbval`` still shows the chart. JupyterLab shows only the
richest version it can, the widget.

For tests and notebooks every explorer exposes ``controls`` (name -> widget), ``redraw()``,
``wait()``, ``redraws`` (a counter) and ``alt_text``; chart explorers also ``figure`` and ``png``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import ipywidgets as widgets

from nato_russia import charts, data, measures, palette
from nato_russia.explorer_base import (
    ALL,
    CHART_CLASS,
    CSS_CLASS,
    CUSTOM,
    WEIGHT_RANGE,
    ChartExplorer,
    Explorer,
    WindowMixin,
    checkboxes,
    chosen,
)
from nato_russia.map_explorer import MapExplorer, relationship_map
from nato_russia.quotation_browser import QuotationExplorer, quotations_html
from nato_russia.rendering import ChartFigure

__all__ = [
    "ALL",
    "CHART_CLASS",
    "CSS_CLASS",
    "CUSTOM",
    "EXPLORERS",
    "ChartExplorer",
    "CooperationExplorer",
    "EventsPerYearExplorer",
    "Explorer",
    "MapExplorer",
    "MembershipExplorer",
    "QuotationExplorer",
    "RelationshipIndexExplorer",
    "TimelineExplorer",
    "cooperation",
    "events_per_year",
    "membership",
    "quotations",
    "quotations_html",
    "relationship_index",
    "relationship_map",
    "timeline",
]

def _kind_items() -> list[tuple[str, str]]:
    return [(kind, palette.KIND_LABELS[kind]) for kind in palette.KINDS]


# --------------------------------------------------------------------------- chart explorers


class _KindsExplorer(WindowMixin, ChartExplorer):
    """A chart of events with a period, a year range and a box per kind of event."""

    def __init__(self, course: data.Course | None, *, period: str | None = None,
                 start: int | None = None, end: int | None = None,
                 kinds: Iterable[str] | None = None) -> None:
        super().__init__(course)
        self._window_controls(period, start, end)
        ticked = set(measures.chosen_kinds(kinds))
        grid = checkboxes(self.controls, "kind", _kind_items(), ticked, column="8.5em")
        self._observe()
        self.redraw()
        self._assemble([self._window_row(), grid], self._chart_view())


class TimelineExplorer(_KindsExplorer):
    """Events by kind over time; choose the period, years and kinds."""

    name = "timeline"
    label = "Timeline explorer"

    def _chart(self, fig: ChartFigure | None) -> ChartFigure:
        first, last = self.years
        return charts.timeline(self.course.events, self.course.periods,
                               kinds=chosen(self.controls, "kind"), start=first, end=last,
                               fig=fig)


class CooperationExplorer(WindowMixin, ChartExplorer):
    """Cooperation areas as bars; choose the period, years and areas."""

    name = "cooperation"
    label = "Cooperation explorer"

    def __init__(self, course: data.Course | None, *, period: str | None = None,
                 start: int | None = None, end: int | None = None,
                 areas: Iterable[str] | None = None) -> None:
        super().__init__(course)
        self._window_controls(period, start, end)
        all_areas = self.course.areas
        chosen = set(all_areas["id"]) if areas is None else set(areas)
        unknown = chosen - set(all_areas["id"])
        if unknown:
            raise ValueError(f"unknown cooperation area(s) {sorted(unknown)}; "
                             f"the areas are {', '.join(all_areas['id'])}")
        grid = checkboxes(self.controls, "area", zip(all_areas["id"], all_areas["name"],
                                                      strict=True), chosen, column="16.5em")
        self._observe()
        self.redraw()
        self._assemble([self._window_row(), grid], self._chart_view())

    def _chart(self, fig: ChartFigure | None) -> ChartFigure:
        first, last = self.years
        return charts.cooperation_gantt(self.course.areas, self.course.cooperation,
                                        area_ids=chosen(self.controls, "area"), start=first,
                                        end=last, fig=fig)


class MembershipExplorer(WindowMixin, ChartExplorer):
    """Alliance size against the relationship signal; choose the years, signal on or off."""

    name = "membership"
    label = "Membership explorer"

    def __init__(self, course: data.Course | None, *, period: str | None = None,
                 start: int | None = None, end: int | None = None,
                 signal: bool = True) -> None:
        super().__init__(course)
        self._window_controls(period, start, end)
        self.controls["signal"] = widgets.Checkbox(
            value=bool(signal), description="Show each event's signal (lower panel)",
            indent=False, layout=widgets.Layout(width="auto"))
        self._observe()
        self.redraw()
        self._assemble([self._window_row(), self.controls["signal"]], self._chart_view())

    def _chart(self, fig: ChartFigure | None) -> ChartFigure:
        first, last = self.years
        return charts.membership(self.course.accessions, self.course.events, start=first,
                                 end=last, signal=self.controls["signal"].value, fig=fig)


class EventsPerYearExplorer(_KindsExplorer):
    """Events per year stacked by kind; choose the years and kinds."""

    name = "events_per_year"
    label = "Events-per-year explorer"

    def _chart(self, fig: ChartFigure | None) -> ChartFigure:
        first, last = self.years
        return charts.events_per_year(self.course.events, kinds=chosen(self.controls, "kind"),
                                      start=first, end=last, fig=fig)


class RelationshipIndexExplorer(WindowMixin, ChartExplorer):
    """The relationship index; set a weight per kind and see how coding shapes the story."""

    name = "relationship_index"
    label = "Relationship-index explorer"

    def __init__(self, course: data.Course | None, *, period: str | None = None,
                 start: int | None = None, end: int | None = None,
                 weights: Mapping[str, float] | None = None, mode: str = "cumulative",
                 window: int = 3) -> None:
        super().__init__(course)
        self._window_controls(period, start, end)
        full = measures.full_weights(weights)  # validates kinds, fills in 1.0
        low, high, step = WEIGHT_RANGE
        sliders = []
        for kind in palette.KINDS:
            slider = widgets.FloatSlider(
                value=min(max(full[kind], low), high), min=low, max=high, step=step,
                description=palette.KIND_LABELS[kind], continuous_update=False,
                readout_format=".1f", style={"description_width": "7em"},
                layout=widgets.Layout(width="auto", min_width="16em"))
            self.controls[f"weight:{kind}"] = slider
            sliders.append(slider)
        self.controls["mode"] = widgets.ToggleButtons(
            options=[("Running total", "cumulative"), ("Rolling window", "rolling")],
            value=mode, style={"button_width": "auto"}, layout=widgets.Layout(width="auto"))
        self.controls["window"] = widgets.IntSlider(
            value=window, min=1, max=10, description="Window (years)", continuous_update=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="24em", flex="0 0 auto"))
        self.controls["reset"] = widgets.Button(description="Reset weights to 1",
                                                icon="rotate-left",
                                                layout=widgets.Layout(width="auto"))
        self.controls["reset"].on_click(self._reset_weights)
        self._observe()
        self.redraw()
        # As many columns as fit with a usable track: three in a wide notebook, two in a
        # laptop's narrow one (fixed columns squeezed the tracks to nothing there).
        grid = widgets.GridBox(sliders, layout=widgets.Layout(
            grid_template_columns="repeat(auto-fill, minmax(20em, 1fr))", width="100%"))
        options = widgets.HBox([self.controls["mode"], self.controls["window"],
                                self.controls["reset"]],
                               layout=widgets.Layout(flex_flow="row wrap"))
        self._assemble([self._window_row(), widgets.HTML("<b>Weight per kind of event</b>"),
                        grid, options], self._chart_view())

    def _reset_weights(self, _button: widgets.Button | None = None) -> None:
        """Set every weight back to 1, with one redraw for the lot."""
        self._syncing = True
        try:
            for kind in palette.KINDS:
                self.controls[f"weight:{kind}"].value = 1.0
        finally:
            self._syncing = False
        self._coalescer.request()

    @property
    def weights(self) -> dict[str, float]:
        """The weight per kind the sliders set."""
        return {kind: float(self.controls[f"weight:{kind}"].value) for kind in palette.KINDS}

    def _chart(self, fig: ChartFigure | None) -> ChartFigure:
        first, last = self.years
        return charts.relationship_index(
            self.course.events, self.weights, start=first, end=last,
            mode=self.controls["mode"].value, window=self.controls["window"].value,
            periods=self.course.periods, fig=fig)


# --------------------------------------------------------------------------- quotations


_WINDOW_DOC = """period
        The period to show first, by id (``"p03"``), or ``"all"`` (the default).
    start, end
        Or the first and last year to show (``start=1997, end=2001``)."""


def timeline(course: data.Course | None = None, *, period: str | None = None,
             start: int | None = None, end: int | None = None,
             kinds: Iterable[str] | None = None) -> TimelineExplorer:
    """Explore the events over time, by kind and signal.

    Parameters
    ----------
    course
        The loaded course (``data.load()``); loaded when omitted.
    {window}
    kinds
        The kinds of event ticked at first, e.g. ``["summit", "conflict"]`` (default: all).
    """
    return TimelineExplorer(course, period=period, start=start, end=end, kinds=kinds)


def cooperation(course: data.Course | None = None, *, period: str | None = None,
                start: int | None = None, end: int | None = None,
                areas: Iterable[str] | None = None) -> CooperationExplorer:
    """Explore the cooperation areas: when each began, and how it stopped.

    Parameters
    ----------
    course
        The loaded course; loaded when omitted.
    {window}
    areas
        Ids of the cooperation areas ticked at first (default: all).
    """
    return CooperationExplorer(course, period=period, start=start, end=end, areas=areas)


def membership(course: data.Course | None = None, *, period: str | None = None,
               start: int | None = None, end: int | None = None,
               signal: bool = True) -> MembershipExplorer:
    """Explore Alliance membership against the relationship signal.

    Parameters
    ----------
    course
        The loaded course; loaded when omitted.
    {window}
    signal
        Whether the lower panel of event signals is shown at first.
    """
    return MembershipExplorer(course, period=period, start=start, end=end, signal=signal)


def events_per_year(course: data.Course | None = None, *, period: str | None = None,
                    start: int | None = None, end: int | None = None,
                    kinds: Iterable[str] | None = None) -> EventsPerYearExplorer:
    """Explore how many events of each kind happened per year.

    Parameters
    ----------
    course
        The loaded course; loaded when omitted.
    {window}
    kinds
        The kinds of event ticked at first (default: all).
    """
    return EventsPerYearExplorer(course, period=period, start=start, end=end, kinds=kinds)


def relationship_index(course: data.Course | None = None, *, period: str | None = None,
                       start: int | None = None, end: int | None = None,
                       weights: Mapping[str, float] | None = None, mode: str = "cumulative",
                       window: int = 3) -> RelationshipIndexExplorer:
    """Explore a relationship index built from your own weights per kind of event.

    Parameters
    ----------
    course
        The loaded course; loaded when omitted.
    {window}
    weights
        Weight per kind of event, e.g. ``{{"enlargement": 2, "speech": 0}}``; kinds left out
        weigh 1.
    mode
        ``"cumulative"`` (a running total from the first event) or ``"rolling"`` (the
        total of the last ``window`` years).
    window
        Years in the rolling window.
    """
    return RelationshipIndexExplorer(course, period=period, start=start, end=end,
                                     weights=weights, mode=mode, window=window)


def quotations(course: data.Course | None = None, *, period: str | None = None,
               document: str | None = None) -> QuotationExplorer:
    """Browse the primary-source quotations by period and by document.

    Parameters
    ----------
    course
        The loaded course; loaded when omitted.
    period
        The period whose quotations are shown first (``"p03"``), or ``"all"``. The
        document list then offers the documents that period quotes.
    document
        The id of one document whose quotations are shown first (quoted in ``period``).
    """
    return QuotationExplorer(course, period=period, document=document)


for _function in (timeline, cooperation, membership, events_per_year, relationship_index):
    # One wording of the shared window parameters, so help() and Shift-Tab agree everywhere.
    _function.__doc__ = (_function.__doc__ or "").format(window=_WINDOW_DOC)


# Every explorer by name, in the order the course introduces them (benchmarks and tests
# iterate over this, so a new explorer is measured and tested once it is listed here).
EXPLORERS: dict[str, Callable[..., Explorer]] = {
    "timeline": timeline,
    "cooperation": cooperation,
    "membership": membership,
    "events_per_year": events_per_year,
    "relationship_index": relationship_index,
    "quotations": quotations,
    "map": relationship_map,
}
