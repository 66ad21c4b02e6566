"""The map explorer: :func:`nato_russia.maps.relationship_map` on a year slider.

A dropdown jumps to the year a lesson ends in, the slider picks any year from 1990 to 2024,
and a box per layer (partners, held areas, events) turns it on or off. It is a
:class:`~nato_russia.explorer_base.ChartExplorer`, so it redraws in the background, coalesces
bursts of changes and shows a static PNG where no kernel runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets

from nato_russia import data, maps
from nato_russia.explorer_base import CUSTOM, ChartExplorer, checkboxes, chosen
from nato_russia.rendering import ChartFigure


class MapExplorer(ChartExplorer):
    """Europe year by year: members, partners, Russia and the areas its forces hold."""

    name = "map"
    label = "Map explorer"

    def __init__(self, course: data.Course | None, *, year: int = 2014,
                 layers: Iterable[str] | None = None) -> None:
        super().__init__(course)
        year = maps.check_year(year)
        ticked = set(maps.check_layers(layers))
        periods = self.course.periods.sort_values("start")
        # Each lesson's last year (capped at the map's range), so a class can jump to it.
        self._jumps = {p.id: min(max(p.end.year, maps.FIRST_YEAR), maps.LAST_YEAR)
                       for p in periods.itertuples()}
        options = [(f"{p.lesson} · {p.title} (end of {self._jumps[p.id]})", p.id)
                   for p in periods.itertuples()]
        options.append(("Custom year (use the slider)", CUSTOM))
        self.controls["period"] = widgets.Dropdown(
            options=options, value=self._matching(year), description="Lesson",
            layout=widgets.Layout(width="min(100%, 38em)"))
        self.controls["year"] = widgets.IntSlider(
            value=year, min=maps.FIRST_YEAR, max=maps.LAST_YEAR, step=1, description="Year",
            continuous_update=False, layout=widgets.Layout(width="min(100%, 30em)",
                                                           min_width="16em"))
        grid = checkboxes(self.controls, "layer", maps.LAYERS.items(), ticked, column="16em")
        self.controls["period"].observe(self._period_changed, names="value")
        self.controls["year"].observe(self._year_changed, names="value")
        self._observe()
        self.redraw()
        row = widgets.HBox([self.controls["period"], self.controls["year"]],
                           layout=widgets.Layout(flex_flow="row wrap"))
        self._assemble([row, grid], self._chart_view())

    def _matching(self, year: int) -> str:
        return next((pid for pid, last in self._jumps.items() if last == year), CUSTOM)

    def _period_changed(self, change: dict[str, Any]) -> None:
        if self._syncing or change["new"] == CUSTOM:
            return
        self._syncing = True  # one redraw: the dropdown's own change already asked for it
        try:
            self.controls["year"].value = self._jumps[change["new"]]
        finally:
            self._syncing = False

    def _year_changed(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self.controls["period"].value = self._matching(change["new"])
        finally:
            self._syncing = False

    @property
    def year(self) -> int:
        """The year shown."""
        return int(self.controls["year"].value)

    def _chart(self, fig: ChartFigure | None) -> ChartFigure:
        return maps.relationship_map(self.course, self.year, chosen(self.controls, "layer"),
                                     fig=fig)


def relationship_map(course: data.Course | None = None, *, year: int = 2014,
                     layers: Iterable[str] | None = None) -> MapExplorer:
    """Explore the map of NATO, its partners and Russia, year by year (1990-2024).

    Parameters
    ----------
    course
        The loaded course; loaded when omitted.
    year
        The year shown first.
    layers
        The layers ticked at first (default all): ``"partners"``, ``"contested"``,
        ``"events"``.
    """
    return MapExplorer(course, year=year, layers=layers)
