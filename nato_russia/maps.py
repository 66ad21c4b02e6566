"""The course map: who was in NATO, who wished to be, and what Russia held, year by year.

:func:`relationship_map` draws Europe at the end of a chosen year (1990-2024) from the
dataset and data/map.geojson, as a :class:`~nato_russia.rendering.ChartFigure` like the
course's other charts: colours and hatches from :mod:`nato_russia.palette`, an alt text, and
``chart_data(fig)``, the table it was drawn from (:func:`map_table`).

Borders are those the United Nations recognises: Crimea is drawn as Ukraine's, Abkhazia and
South Ossetia as Georgia's. What Russia's forces hold is drawn over that, hatched and dated,
never as a new border: Crimea with Natural Earth's outline of the peninsula, the other areas
as marked places only, because no open, citable boundary of them could be shipped (see
data/README.md). Every date comes from a dataset record, named in ``chart_data``.

Examples
--------
>>> from nato_russia import data, maps
>>> course = data.load()
>>> fig = maps.relationship_map(course, 2004)
>>> maps.chart_data(fig).query("layer == 'member'")["name"].size  # doctest: +SKIP
26
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from nato_russia import data, geo, palette
from nato_russia.rendering import SMALLEST, ChartFigure, alt_text, chart_data, figure_for

__all__ = ["LAYERS", "alt_text", "chart_data", "check_layers", "check_year", "map_table",
           "relationship_map"]

FIRST_YEAR, LAST_YEAR = 1990, 2024
EXTENT = (-25.0, 50.0, 34.0, 71.5)  # west, east, south, north (degrees)
# Plate carrée stretched by 1/cos(50°): true shapes at the map's middle latitude, and no
# projection library in the student's kernel.
ASPECT = 1 / math.cos(math.radians(50))
MAP_SIZE = (9.6, 6.4)  # inches, at the course's DPI: 864 x 576 pixels

LAYERS: dict[str, str] = {
    "partners": "Partners and aspirants",
    "contested": "Held by Russia's forces",
    "events": "Events with a place",
}

# Styles: colour and hatch, so no status rests on colour alone. The partners' hatch is a
# single sparse line: they cover much of the map, and each hatch line costs redraw time.
STYLES: dict[str, tuple[str, str, str]] = {  # status -> (face, hatch, legend label)
    "member": (palette.MEMBERSHIP_COLOUR, "", "NATO member"),
    "joined": (palette.MEMBERSHIP_COLOUR, "...", "joined NATO that year"),
    "aspirant": (palette.OKABE_ITO["sky_blue"], "\\\\\\", "aspirant (MAP or declared)"),
    "partner": (palette.BAND_SHADES[1], "/", "Partnership for Peace partner"),
    "russia": (palette.OKABE_ITO["orange"], "", "Russia"),
    "other": (palette.BAND_SHADES[0], "", "other state"),
}
HELD = palette.OKABE_ITO["vermillion"]
# Where each held area's label sits from its mark (degrees east, north; alignment), so
# neighbouring labels do not overlap and none runs off the frame.
LABEL_AT: dict[str, tuple[float, float, str, str]] = {
    "Abkhazia": (-0.8, 0.0, "right", "center"),
    "South Ossetia": (0.0, -0.7, "center", "top"),
    "Donetsk": (0.8, -0.4, "left", "top"),
    "Luhansk": (0.8, 0.4, "left", "bottom"),
    "Zaporizhzhia": (-0.8, 0.4, "right", "bottom"),
    "Kherson": (-0.8, -0.2, "right", "top"),
    "Transnistria": (-1.0, 0.1, "right", "center"),
}
# Partners' statuses by programme; an aspirant's status outranks a partner's.
PROGRAMME_STATUS: dict[str, tuple[str, str]] = {
    "map": ("aspirant", "in the Membership Action Plan since"),
    "pfp": ("partner", "in the Partnership for Peace since"),
}


@dataclass(frozen=True)
class Status:
    """One dated status drawn on the map, read from a dataset event.

    ``until_accession`` ends an aspirant's status on the day the country joins.
    """

    event: str
    layer: str
    names: tuple[str, ...]
    status: str
    label: str
    places: tuple[str, ...] = ()
    until_accession: bool = False


# Each is dated by its dataset event; the label says what the map shows and since when.
STATUSES: tuple[Status, ...] = (
    Status("ev-2008-bucharest-summit-declaration", "partners", ("Georgia", "Ukraine"),
           "aspirant", "NATO declares it will become a member (no Membership Action Plan)"),
    Status("ev-2022-finland-sweden-apply", "partners", ("Finland", "Sweden"), "aspirant",
           "applied to join NATO", until_accession=True),
    Status("ev-1992-transnistria-ceasefire", "contested", ("Transnistria",), "held",
           "held by Russian forces since the 1992 war (ceasefire agreement of 21 July 1992); "
           "Moldova's under UN-recognised borders", places=("Tiraspol",)),
    Status("ev-2008-georgia-war", "contested", ("Abkhazia", "South Ossetia"), "held",
           "held by Russian forces since the August 2008 war; Georgia's under UN-recognised "
           "borders", places=("Sokhumi", "Tskhinvali")),
    Status("ev-2014-crimea-annexation", "contested", ("Crimea",), "held",
           "annexed by Russia in March 2014; Ukraine's under UN-recognised borders "
           "(General Assembly resolution 68/262)"),
    Status("ev-2014-wales-summit", "contested",
           ("Donetsk oblast (part)", "Luhansk oblast (part)"), "held",
           "parts held by Russia's forces and proxies, fighting since April 2014 (as the "
           "Wales Summit record notes); no line drawn", places=("Donetsk", "Luhansk")),
    Status("ev-2022-full-scale-invasion", "contested",
           ("Zaporizhzhia oblast (part)", "Kherson oblast (part)"), "held",
           "parts held by Russia's forces since the invasion of 24 February 2022; no line "
           "drawn", places=("Zaporizhzhia", "Kherson")),
)

# The dataset's free-text places, matched to a mapped place: the first one found wins.
PLACE_WORDS: tuple[tuple[str, str], ...] = (
    ("South Ossetia", "Tskhinvali"), ("Crimea", "Simferopol"), ("Kosovo", "Pristina"),
    ("Rome", "Rome"), ("Strasbourg", "Strasbourg"), ("Newport", "Newport"),
    ("Corfu", "Corfu"), ("Noordwijk", "Noordwijk"), ("Estonia", "Tallinn"),
    ("Ukraine", "Kyiv"), ("Bosnia", "Sarajevo"), ("Yugoslavia", "Pristina"),
    ("Cartagena", "Cartagena"), ("Germany", "Berlin"), ("Redzikowo", "Slupsk"),
)


def check_year(year: int) -> int:
    """Return ``year`` as an int, or raise a readable ValueError if the map cannot show it."""
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise ValueError(f"year must be a whole year such as 2004, not {year!r}")
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise ValueError(f"year must be between {FIRST_YEAR} and {LAST_YEAR}, not {year}")
    return int(year)


def check_layers(layers: Iterable[str] | None) -> list[str]:
    """The chosen layers in :data:`LAYERS` order (all when ``None``); unknown ones raise."""
    chosen = list(LAYERS) if layers is None else list(layers)
    unknown = set(chosen) - set(LAYERS)
    if unknown:
        raise ValueError(f"unknown map layer(s) {sorted(unknown)}; the layers are "
                         f"{', '.join(LAYERS)}")
    return [layer for layer in LAYERS if layer in chosen]


def place_of(text: str, places: Iterable[str]) -> str | None:
    """The mapped place a dataset event's ``place`` names, or ``None``."""
    names = set(places)
    first = text.split(";")[0].split(" and ")[0].strip()
    if first in names:
        return first
    return next((place for word, place in PLACE_WORDS if word in text and place in names),
                None)


def map_table(course: data.Course, year: int, layers: Iterable[str] | None = None,
              map_data: geo.MapData | None = None) -> pd.DataFrame:
    """What the map of ``year`` shows, one row per thing drawn.

    Parameters
    ----------
    course
        The loaded course.
    year
        1990 to 2024: the map shows the last day of that year.
    layers
        Which of :data:`LAYERS` to include (default: all); members and Russia always show.
    map_data
        The shapes (default: :func:`nato_russia.geo.load_map`).

    Returns
    -------
    pandas.DataFrame
        ``layer`` (member, russia, partners, contested, events), ``name``, ``status``,
        ``since`` (date), ``event`` (the dataset record that dates it), ``label``, and
        ``lon``, ``lat`` for things drawn as a point (NaN for shapes).
    """
    year = check_year(year)
    chosen = check_layers(layers)
    shapes = map_data or geo.load_map()
    day = pd.Timestamp(f"{year}-12-31")
    rows: list[dict[str, object]] = []
    acc = course.accessions
    joined = acc[acc["date"] <= day]
    for row in joined.itertuples():
        rows.append({"layer": "member", "name": row.country,
                     "status": "joined" if row.date.year == year else "member",
                     "since": row.date, "event": row.event if isinstance(row.event, str)
                     else "", "label": f"member since {row.date:%d %B %Y}".replace(" 0", " ")})
    rows.append({"layer": "russia", "name": "Russia", "status": "russia", "since": pd.NaT,
                 "event": "", "label": "the Russian Federation (Kaliningrad included)"})
    events = course.events.set_index("id")
    members = set(joined["country"])
    if "partners" in chosen:
        rows.extend(_partner_rows(course.partnerships, day, members))
    for status in STATUSES:
        if status.layer not in chosen or status.event not in events.index:
            continue
        since = events.loc[status.event, "date"]
        if since > day:
            continue
        for number, name in enumerate(status.names):
            if status.until_accession and name in members:
                continue
            lon = lat = float("nan")
            if status.places:
                lon, lat = shapes.places[status.places[min(number, len(status.places) - 1)]]
            rows.append({"layer": status.layer, "name": name, "status": status.status,
                         "since": since, "event": status.event, "label": status.label,
                         "lon": lon, "lat": lat})
    if "events" in chosen:
        this_year = course.events[course.events["date"].dt.year == year]
        for event in this_year.itertuples():
            place = place_of(str(event.place or ""), shapes.places)
            if place is None:
                continue
            lon, lat = shapes.places[place]
            rows.append({"layer": "events", "name": place, "status": event.kind,
                         "since": event.date, "event": event.id, "label": event.title,
                         "lon": lon, "lat": lat})
    table = pd.DataFrame(rows, columns=["layer", "name", "status", "since", "event", "label",
                                        "lon", "lat"])
    # One row per partner state: an aspirant's status outranks a partner's, and a later
    # record of the same rank replaces an earlier one.
    partners = table["layer"] == "partners"
    ranked = table[partners].assign(rank=table.loc[partners, "status"].ne("aspirant"))
    keep = ranked.sort_values(["rank", "since"], ascending=[True, False], kind="stable"
                              ).drop_duplicates("name").index
    return table[~partners | table.index.isin(keep)].reset_index(drop=True)


def _partner_rows(partnerships: pd.DataFrame, day: pd.Timestamp,
                  members: set[str]) -> list[dict[str, object]]:
    """The partners and aspirants on ``day``: dataset partnerships of states not yet members.

    Russia signed the Partnership for Peace too; it is drawn as Russia, so it is left out.
    """
    rows: list[dict[str, object]] = []
    for row in partnerships[partnerships["date"] <= day].itertuples():
        if row.country in members or row.country == "Russia":
            continue
        status, words = PROGRAMME_STATUS[str(row.programme)]
        rows.append({"layer": "partners", "name": row.country, "status": status,
                     "since": row.date, "event": row.id,
                     "label": f"{words} {row.date:%d %B %Y}".replace(" 0", " "),
                     "lon": float("nan"), "lat": float("nan")})
    return rows


def relationship_map(course: data.Course | None = None, year: int = 2014,
                     layers: Iterable[str] | None = None, *, title: str | None = None,
                     fig: ChartFigure | None = None) -> ChartFigure:
    """Europe at the end of ``year``: NATO's members, partners, Russia and what it holds.

    Parameters
    ----------
    course
        The loaded course (``data.load()``); loaded when omitted.
    year
        1990 to 2024. Members are those that had joined by 31 December of that year.
    layers
        Which of :data:`LAYERS` to draw (default all): ``"partners"``, ``"contested"``,
        ``"events"``.
    title, fig
        A title of your own; a figure to redraw into (the explorer's).

    Returns
    -------
    ChartFigure
        ``chart_data(fig)`` is :func:`map_table` for that year.
    """
    course = course if course is not None else data.load()
    year = check_year(year)
    chosen = check_layers(layers)
    shapes = geo.load_map()
    table = map_table(course, year, chosen, shapes)
    status_of = dict(zip(table.loc[table["layer"] == "member", "name"],
                         table.loc[table["layer"] == "member", "status"], strict=True))
    partner_rows = table[table["layer"] == "partners"]
    status_of.update(zip(partner_rows["name"], partner_rows["status"], strict=True))
    status_of["Russia"] = "russia"

    fig = figure_for(fig, "map")
    if fig.get_figwidth() != MAP_SIZE[0] or fig.get_figheight() != MAP_SIZE[1]:
        fig.set_size_inches(*MAP_SIZE)
    ax = fig.panel(left=0.01, right=0.70, bottom=0.02, top=0.92)
    west, east, south, north = EXTENT
    ax.set_facecolor(palette.WHITE)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])
    groups: dict[str, list[np.ndarray]] = {status: [] for status in STYLES}
    for name, rings in _on_map(shapes).items():
        groups[status_of.get(name, "other")].extend(rings)
    for status, rings in groups.items():
        face, hatch, _ = STYLES[status]
        # autolim=False: the limits are fixed, and measuring every ring costs a quarter of
        # a redraw.
        ax.add_collection(PolyCollection(
            rings, facecolors=face, edgecolors=palette.WHITE if status != "other"
            else palette.OKABE_ITO["grey"], linewidths=0.5, hatch=hatch or None, zorder=1),
            autolim=False)
    # Kaliningrad: Russia's, drawn with a heavier outline so the exclave is seen.
    ax.add_collection(PolyCollection([p[0] for p in shapes.areas["Kaliningrad"]],
                                     facecolors="none", edgecolors=palette.TEXT,
                                     linewidths=1.2, zorder=3), autolim=False)
    _label(ax, *shapes.places["Kaliningrad"], "Kaliningrad\n(Russia)", dx=-1.2, dy=0.4, ha="right",
           va="bottom")

    held = table[table["layer"] == "contested"]
    if (held["name"] == "Crimea").any():
        ax.add_collection(PolyCollection([p[0] for p in shapes.areas["Crimea"]],
                                         facecolors="none", edgecolors=HELD, hatch="xxxx",
                                         linewidths=1.0, zorder=3), autolim=False)
        _label(ax, *shapes.places["Simferopol"], "Crimea, annexed\nby Russia 2014",
               dx=-2.2, dy=-0.6, colour=HELD, ha="right", va="top")
    points = held.dropna(subset=["lon"])
    if not points.empty:
        ax.scatter(points["lon"], points["lat"], marker="X", s=70, c=HELD,
                   edgecolors=palette.TEXT, linewidths=0.6, zorder=5)
        for row in points.itertuples():
            short = str(row.name).replace(" oblast (part)", "")
            dx, dy, ha, va = LABEL_AT.get(short, (0.8, 0.0, "left", "center"))
            _label(ax, row.lon, row.lat, short, dx=dx, dy=dy, colour=HELD, ha=ha, va=va)
    shown = table[table["layer"] == "events"]
    if not shown.empty:
        for kind, group in shown.groupby("status"):
            ax.scatter(group["lon"], group["lat"], marker=palette.SIGNAL_MARKERS[0], s=36,
                       c=palette.KIND_COLOURS[str(kind)], edgecolors=palette.TEXT,
                       linewidths=0.6, zorder=6)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(ASPECT)

    handles: list[object] = [Patch(facecolor=STYLES[s][0], hatch=STYLES[s][1],
                                   edgecolor=palette.WHITE if s != "other" else
                                   palette.OKABE_ITO["grey"], label=STYLES[s][2])
                             for s in STYLES
                             if s not in ("aspirant", "partner") or "partners" in chosen]
    if "contested" in chosen:
        handles.append(Patch(facecolor="none", edgecolor=HELD, hatch="xxxx",
                             label="annexed by Russia (Crimea)"))
        handles.append(Line2D([], [], ls="", marker="X", markersize=8, color=HELD,
                              markeredgecolor=palette.TEXT, label="held by Russia's forces"))
    for kind in dict.fromkeys(shown["status"]):
        handles.append(Line2D([], [], ls="", marker=palette.SIGNAL_MARKERS[0], markersize=7,
                              color=palette.KIND_COLOURS[str(kind)],
                              markeredgecolor=palette.TEXT,
                              label=f"event: {palette.KIND_LABELS[str(kind)].lower()}"))
    # One title for every year, so the legend's pixels are reused from year to year.
    fig.legend_outside(ax, handles, title="On the map", anchor=(1.02, 1.0))
    ax.text(0.0, -0.015, "Borders as the UN recognises them, today's throughout; "
            "held areas are marked, not bordered.", transform=ax.transAxes, ha="left",
            va="top", fontsize=SMALLEST, color=palette.MUTED)

    members = table[table["layer"] == "member"]
    new = members.loc[members["status"] == "joined", "name"].tolist()
    parts = [f"Map of Europe at the end of {year}: {len(members)} NATO members"
             + (f" ({', '.join(sorted(new))} joined that year)" if new else "")]
    aspirants = partner_rows.loc[partner_rows["status"] == "aspirant", "name"].tolist()
    if aspirants:
        parts.append(f"aspirants hatched light blue: {', '.join(aspirants)}")
    partners = partner_rows.loc[partner_rows["status"] == "partner", "name"].tolist()
    if partners:
        parts.append(f"Partnership for Peace partners hatched grey: {', '.join(partners)}")
    if not held.empty:
        parts.append("held by Russia, hatched or marked in vermillion: "
                     + ", ".join(held["name"]))
    if "events" in chosen:
        parts.append(f"{len(shown)} event{'s' if len(shown) != 1 else ''} with a place "
                     "that year")
    return fig.finish(ax, title=title or f"NATO, Russia and the states between, {year}",
                      xlabel="", ylabel="", alt="; ".join(parts) + ".", data=table)


_visible: dict[Path, dict[str, list[np.ndarray]]] = {}


def _on_map(shapes: geo.MapData) -> dict[str, list[np.ndarray]]:
    """Each country's outer rings that reach into the map's frame (computed once per file).

    Holes are left out: none of the countries drawn has one inside the frame that matters
    at this scale, and rings that never enter the frame (Canada, Chukotka) cost time only.
    """
    if shapes.path not in _visible:
        west, east, south, north = EXTENT
        _visible[shapes.path] = {
            name: [p[0] for p in polygons
                   if p[0][:, 0].max() >= west and p[0][:, 0].min() <= east
                   and p[0][:, 1].max() >= south and p[0][:, 1].min() <= north]
            for name, polygons in shapes.countries.items()}
    return _visible[shapes.path]


def _label(ax: object, lon: float, lat: float, text: str, *, dx: float = 0.0,
           dy: float = 0.0, colour: str = palette.TEXT, ha: str = "left",
           va: str = "center") -> None:
    ax.text(lon + dx, lat + dy, text, fontsize=SMALLEST, color=colour, ha=ha,  # type: ignore[attr-defined]
            va=va, zorder=7, clip_on=True, fontweight="bold",
            path_effects=[patheffects.withStroke(linewidth=2.5, foreground=palette.WHITE)])
