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

import base64
import html
import textwrap
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd

from nato_russia import charts, data, measures, palette
from nato_russia.coalesce import Coalescer
from nato_russia.rendering import ChartFigure

__all__ = [
    "EXPLORERS",
    "ChartExplorer",
    "CooperationExplorer",
    "EventsPerYearExplorer",
    "Explorer",
    "MembershipExplorer",
    "QuotationExplorer",
    "RelationshipIndexExplorer",
    "TimelineExplorer",
    "cooperation",
    "events_per_year",
    "membership",
    "quotations",
    "relationship_index",
    "timeline",
]

ALL = "all"
CUSTOM = "custom"
CSS_CLASS = "nato-explorer"  # the browser tests find explorers by these classes
CHART_CLASS = "nato-explorer-chart"
WEIGHT_RANGE = (0.0, 3.0, 0.5)  # min, max, step of the weight sliders
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


def _period_span(periods: pd.DataFrame, period: str) -> tuple[int, int]:
    if period == ALL:
        return int(periods["start"].min().year), int(periods["end"].max().year)
    row = periods.loc[periods["id"] == period].iloc[0]
    return int(row["start"].year), int(row["end"].year)


def _period_label(lesson: str, title: str, first: int, last: int) -> str:
    """``03 · 1997-2001: The Founding Act...``; the years are added if the title lacks them."""
    years = "" if str(first) in title else f" ({first}–{last})"
    return f"{lesson} · {title}{years}"


def _check_period(periods: pd.DataFrame, period: str | None) -> str:
    if period is None:
        return ALL
    if period != ALL and period not in set(periods["id"]):
        raise ValueError(f"unknown period {period!r}; "
                         f"choose one of {', '.join(periods['id'])} or 'all'")
    return period


class _WindowMixin:
    """A period dropdown and a year-range slider that keep each other truthful."""

    course: data.Course
    controls: dict[str, widgets.Widget]
    _syncing: bool

    def _window_controls(self, period: str | None, start: int | None, end: int | None,
                         *, custom: bool = True) -> None:
        periods = self.course.periods.sort_values("start")
        period = _check_period(periods, period)
        lo, hi = _period_span(periods, ALL)
        options = [(f"All periods ({lo}–{hi})", ALL)] + [
            (_period_label(p.lesson, p.title, p.start.year, p.end.year), p.id)
            for p in periods.itertuples()
        ]
        if custom:
            options.append(("Custom years (use the slider)", CUSTOM))
        first, last = _period_span(periods, period)
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
        self.controls["years"] = widgets.IntRangeSlider(
            value=(first, last), min=lo, max=hi, step=1, description="Years",
            continuous_update=False, readout=False,
            layout=widgets.Layout(width="min(calc(100% - 7em), 30em)", min_width="16em"))
        self._years_shown = widgets.Label(
            _years_text(first, last), layout=widgets.Layout(width="6.5em", margin="0 0 0 1em"))
        self._years_shown.add_class("nato-explorer-years")
        if start is not None or end is not None:
            self.controls["period"].value = self._matching_period(first, last)
        self.controls["period"].observe(self._period_changed, names="value")
        self.controls["years"].observe(self._years_changed, names="value")

    def _matching_period(self, first: int, last: int) -> str:
        for option in [ALL, *self.course.periods["id"]]:
            if _period_span(self.course.periods, option) == (first, last):
                return option
        return CUSTOM

    def _period_changed(self, change: dict[str, Any]) -> None:
        if self._syncing or change["new"] == CUSTOM:
            return
        self._syncing = True
        try:
            self.controls["years"].value = _period_span(self.course.periods, change["new"])
        finally:
            self._syncing = False

    def _years_changed(self, change: dict[str, Any]) -> None:
        self._years_shown.value = _years_text(*change["new"])
        if self._syncing:
            return
        self._syncing = True
        try:
            self.controls["period"].value = self._matching_period(*change["new"])
        finally:
            self._syncing = False

    def _window_row(self) -> widgets.Widget:
        years = widgets.HBox([self.controls["years"], self._years_shown],
                             layout=widgets.Layout(align_items="center"))
        return widgets.HBox([self.controls["period"], years],
                            layout=widgets.Layout(flex_flow="row wrap"))

    @property
    def years(self) -> tuple[int, int]:
        """The first and last year shown."""
        first, last = self.controls["years"].value
        return int(first), int(last)


def _years_text(first: int, last: int) -> str:
    """The years a slider selects, as the explorer shows them: ``1997–2001``."""
    return f"{first}–{last}" if first != last else str(first)


def _checkboxes(controls: dict[str, widgets.Widget], prefix: str,
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


def _short(text: str, width: int = 60) -> str:
    """Shorten a title for a dropdown, keeping whole words."""
    return textwrap.shorten(text, width, placeholder="…")


def _chosen(controls: Mapping[str, widgets.Widget], prefix: str) -> list[str]:
    start = len(prefix) + 1
    return [key[start:] for key, box in controls.items()
            if key.startswith(prefix + ":") and box.value]


def _kind_items() -> list[tuple[str, str]]:
    return [(kind, palette.KIND_LABELS[kind]) for kind in palette.KINDS]


# --------------------------------------------------------------------------- chart explorers


class _KindsExplorer(_WindowMixin, ChartExplorer):
    """A chart of events with a period, a year range and a box per kind of event."""

    def __init__(self, course: data.Course | None, *, period: str | None = None,
                 start: int | None = None, end: int | None = None,
                 kinds: Iterable[str] | None = None) -> None:
        super().__init__(course)
        self._window_controls(period, start, end)
        ticked = set(measures.chosen_kinds(kinds))
        grid = _checkboxes(self.controls, "kind", _kind_items(), ticked, column="8.5em")
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
                               kinds=_chosen(self.controls, "kind"), start=first, end=last,
                               fig=fig)


class CooperationExplorer(_WindowMixin, ChartExplorer):
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
        grid = _checkboxes(self.controls, "area", zip(all_areas["id"], all_areas["name"],
                                                      strict=True), chosen, column="16.5em")
        self._observe()
        self.redraw()
        self._assemble([self._window_row(), grid], self._chart_view())

    def _chart(self, fig: ChartFigure | None) -> ChartFigure:
        first, last = self.years
        return charts.cooperation_gantt(self.course.areas, self.course.cooperation,
                                        area_ids=_chosen(self.controls, "area"), start=first,
                                        end=last, fig=fig)


class MembershipExplorer(_WindowMixin, ChartExplorer):
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
        return charts.events_per_year(self.course.events, kinds=_chosen(self.controls, "kind"),
                                      start=first, end=last, fig=fig)


class RelationshipIndexExplorer(_WindowMixin, ChartExplorer):
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


class QuotationExplorer(Explorer):
    """The primary-source quotations of a period, or of one document, with their sources.

    The document list offers the documents quoted in the chosen period, so a period and a
    document narrow the list together; a new period that does not quote the chosen document
    goes back to all of its documents.
    """

    name = "quotations"
    label = "Quotation browser"

    def __init__(self, course: data.Course | None, *, period: str | None = None,
                 document: str | None = None) -> None:
        super().__init__(course)
        periods = self.course.periods.sort_values("start")
        period = _check_period(periods, period)
        if document is not None:
            quoted = [value for _, value in self._document_options(ALL)[1:]]
            if document not in quoted:
                raise ValueError(f"no quotations from document {document!r}; documents with "
                                 f"quotations: {', '.join(quoted)}")
            in_period = [value for _, value in self._document_options(period)[1:]]
            if document not in in_period:
                raise ValueError(f"document {document!r} has no quotations in period "
                                 f"{period!r}; its documents: {', '.join(in_period)}")
        self.controls["period"] = widgets.Dropdown(
            options=[("All periods", ALL)] + [
                (_period_label(p.lesson, p.title, p.start.year, p.end.year), p.id)
                for p in periods.itertuples()],
            value=period, description="Period", layout=widgets.Layout(width="min(100%, 38em)"))
        self.controls["document"] = widgets.Dropdown(
            options=self._document_options(period), value=document or ALL,
            description="Document", layout=widgets.Layout(width="min(100%, 36em)"))
        self.controls["period"].observe(self._period_changed, names="value")
        self.view = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.view.add_class("nato-explorer-quotations-view")
        self._observe()
        self.redraw()
        self._assemble([widgets.HBox([self.controls["period"], self.controls["document"]],
                                     layout=widgets.Layout(flex_flow="row wrap"))], self.view)

    def _changed(self, change: dict[str, Any]) -> None:
        # Building the HTML takes well under a millisecond: no need for a background thread.
        if not self._syncing:
            self.redraw()

    def _document_options(self, period: str) -> list[tuple[str, str]]:
        """The document list for a period: the documents it quotes, oldest first."""
        table = self._table()
        if period != ALL:
            table = table[table["period"] == period]
        documents = self.course.documents[
            self.course.documents["id"].isin(table["document"])].sort_values(["date", "id"])
        return [("All documents", ALL)] + [(f"{d.date:%Y-%m-%d} · {_short(d.title)}", d.id)
                                           for d in documents.itertuples()]

    def _period_changed(self, change: dict[str, Any]) -> None:
        # The document list follows the period; the redraw the period asked for shows both.
        if self._syncing:
            return
        menu = self.controls["document"]
        options = self._document_options(change["new"])
        chosen = menu.value if menu.value in {value for _, value in options} else ALL
        self._syncing = True
        try:
            menu.options = options
            menu.value = chosen
        finally:
            self._syncing = False

    def _table(self) -> pd.DataFrame:
        course = self.course
        quotes = course.quotations.merge(
            course.documents[["id", "title", "date", "url", "issuer"]].rename(
                columns={"id": "document", "title": "doc_title", "date": "doc_date"}),
            on="document", how="left")
        quotes = quotes.merge(
            course.events[["id", "period", "date"]].rename(
                columns={"id": "event", "date": "event_date"}), on="event", how="left")
        return quotes.sort_values(["event_date", "doc_date", "id"], kind="stable")

    def selection(self) -> pd.DataFrame:
        """The quotations currently listed, in date order, with their documents."""
        table = self._table()
        period = self.controls["period"].value
        document = self.controls["document"].value
        if period != ALL:
            table = table[table["period"] == period]
        if document != ALL:
            table = table[table["document"] == document]
        return table.reset_index(drop=True)

    def _render(self) -> None:
        self.view.value = quotations_html(self.selection())

    @property
    def html(self) -> str:
        """The HTML currently shown."""
        return self.view.value

    @property
    def alt_text(self) -> str:
        chosen = self.selection()
        docs = chosen["document"].nunique()
        return (f"{len(chosen)} quotation{'s' if len(chosen) != 1 else ''} from {docs} "
                f"document{'s' if docs != 1 else ''}.")

    def _static(self) -> dict[str, str]:
        return {"text/html": self.html}


def quotations_html(table: pd.DataFrame) -> str:
    """Render quotations as blockquotes, each with its document's title, date and link.

    Parameters
    ----------
    table
        Rows with ``text``, ``doc_title``, ``doc_date``, ``url`` and optionally
        ``location`` and ``note`` (as :meth:`QuotationExplorer.selection` returns).
    """
    if table.empty:
        return "<p><em>No quotation matches this choice.</em></p>"
    parts = []
    for row in table.itertuples():
        where = f", {html.escape(str(row.location))}" if isinstance(row.location, str) else ""
        note = (f'<div style="font-size:85%; color:{palette.MUTED}">Note: '
                f"{html.escape(row.note)}</div>" if isinstance(row.note, str) else "")
        parts.append(
            f'<blockquote style="margin:1em 0 0.3em 0; padding-left:0.8em; '
            f'border-left:4px solid {palette.MUTED}">{html.escape(row.text)}</blockquote>'
            f'<div style="margin:0 0 0 1.2em">— <a href="{html.escape(row.url)}" '
            f'target="_blank" rel="noopener" style="{LINK_STYLE}">'
            f'{html.escape(row.doc_title)}</a>, '
            f'{row.doc_date.day} {row.doc_date:%B %Y}{where}{note}</div>')
    return ('<div class="nato-quotations" style="line-height:1.45">' + "".join(parts)
            + "</div>")


# --------------------------------------------------------------------------- public API


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
}
