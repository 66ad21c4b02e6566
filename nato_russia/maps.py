"""The course map: who was in NATO, who wished to be, and what Russia held, year by year.

:func:`relationship_map` draws Europe at the end of a chosen year (1990-2024) from the
dataset and data/map.geojson, as a :class:`~nato_russia.rendering.ChartFigure` like the
course's other charts: colours and hatches from :mod:`nato_russia.palette`, an alt text, and
``chart_data(fig)``, the table it was drawn from (:func:`map_table`).

Borders are those the United Nations recognises: Crimea is drawn as Ukraine's, Abkhazia and
South Ossetia as Georgia's. What Russia's forces or their proxies hold is drawn over that,
hatched and labelled with its year, never as a new border: Crimea, Transnistria, Abkhazia,
South Ossetia and the parts of Donetsk and Luhansk oblasts held before February 2022 with
Natural Earth's outlines; the parts of Zaporizhzhia and Kherson oblasts held since 2022 as
marked places only, because no open, citable line of them could be had (see data/README.md).
Every date comes from a dataset record, named in ``chart_data``.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
from matplotlib.collections import PathCollection
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path as GlyphPath
from matplotlib.textpath import TextPath, TextToPath
from matplotlib.transforms import Affine2D, IdentityTransform

from nato_russia import data, geo, palette
from nato_russia.rendering import (
    SMALL,
    SMALLEST,
    ChartFigure,
    alt_text,
    chart_data,
    figure_for,
    markers,
)

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
    "aspirant": (palette.OKABE_ITO["sky_blue"], "\\\\\\", "aspirant (MAP or\ndeclared)"),
    "partner": (palette.BAND_SHADES[1], "/", "Partnership for\nPeace partner"),
    "russia": (palette.OKABE_ITO["orange"], "", "Russia"),
    "other": (palette.BAND_SHADES[0], "", "other state"),
}
HELD = palette.OKABE_ITO["vermillion"]
HELD_HATCH = "xxxx"  # one hatched collection for every held area: one hatch pass per redraw
# Where each held area's label sits (its anchor's longitude and latitude; alignment). The
# labels are two lines, name and year, placed by hand around the Black Sea so that none
# covers another or a held area, and none runs off the frame (tests/test_map.py checks).
LABEL_AT: dict[str, tuple[float, float, str, str]] = {
    "Transnistria": (28.3, 47.3, "right", "center"),
    "Kherson": (32.5, 46.0, "right", "top"),
    "Crimea": (34.9, 43.4, "right", "top"),
    "Zaporizhzhia": (34.6, 48.6, "right", "bottom"),
    "Donetsk": (35.3, 49.4, "left", "bottom"),
    "Abkhazia": (39.6, 43.9, "left", "bottom"),
    "South Ossetia": (42.8, 41.7, "center", "top"),
}
# What a label says before its year, where "held since" is not the whole story.
YEAR_WORDS: dict[str, str] = {"Crimea": "annexed "}
# Neighbours that share one label where both are drawn, as there is no room for two.
SHARED_LABEL: dict[str, str] = {"Luhansk": "Donetsk"}
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
           "Wales Summit record notes); the area drawn is what was outside the Ukrainian "
           "government's control before 24 February 2022 (Natural Earth); more has been held "
           "since, with no line drawn", places=("Donetsk", "Luhansk")),
    Status("ev-2022-full-scale-invasion", "contested",
           ("Zaporizhzhia oblast (part)", "Kherson oblast (part)"), "held",
           "parts held by Russia's forces since the invasion of 24 February 2022; no line "
           "drawn: no open source of the front lines could be had", places=("Zaporizhzhia",
                                                                             "Kherson")),
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


COLUMNS = ["layer", "name", "status", "since", "event", "label", "lon", "lat", "shape"]


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
        ``since`` (date), ``event`` (the dataset record that dates it), ``label``, ``lon``,
        ``lat`` (an event's place, or the town that names a held area; NaN otherwise) and
        ``shape``: ``"area"`` for a held area drawn with its outline, ``"place"`` for one
        marked at its town only, empty otherwise.
    """
    year = check_year(year)
    chosen = check_layers(layers)
    shapes = map_data or geo.load_map()
    day = pd.Timestamp(f"{year}-12-31")
    nan = float("nan")
    # Plain Python over the columns: pandas' row access and filtering cost more than the
    # whole table is worth on every redraw of the explorer.
    rows: list[tuple[Any, ...]] = []
    acc = course.accessions
    members: set[str] = set()
    for country, date, event in zip(acc["country"], acc["date"], acc["event"], strict=True):
        if date > day:
            continue
        members.add(country)
        rows.append(("member", country, "joined" if date.year == year else "member", date,
                     event if isinstance(event, str) else "",
                     f"member since {date:%d %B %Y}".replace(" 0", " "), nan, nan, ""))
    rows.append(("russia", "Russia", "russia", pd.NaT, "",
                 "the Russian Federation (Kaliningrad included)", nan, nan, ""))
    if "partners" in chosen:
        rows.extend(_partner_rows(course.partnerships, day, members))
    events = course.events
    dates = dict(zip(events["id"], events["date"], strict=True))
    for status in STATUSES:
        since = dates.get(status.event)
        if status.layer not in chosen or since is None or since > day:
            continue
        for number, name in enumerate(status.names):
            if status.until_accession and name in members:
                continue
            lon = lat = nan
            if status.places:
                lon, lat = shapes.places[status.places[min(number, len(status.places) - 1)]]
            shape = ("" if status.layer != "contested" else
                     "area" if name in shapes.areas else "place")
            rows.append((status.layer, name, status.status, since, status.event, status.label,
                         lon, lat, shape))
    if "events" in chosen:
        this_year = events[events["date"].dt.year == year]
        for event_id, date, kind, title, where in zip(
                this_year["id"], this_year["date"], this_year["kind"], this_year["title"],
                this_year["place"], strict=True):
            place = place_of(str(where or ""), shapes.places)
            if place is None:
                continue
            lon, lat = shapes.places[place]
            rows.append(("events", place, kind, date, event_id, title, lon, lat, ""))
    return pd.DataFrame(_one_per_state(rows), columns=COLUMNS)


def _one_per_state(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Keep one partners row per state, in place: an aspirant's status outranks a partner's,
    a later record of the same rank an earlier one, and the first of equals wins."""
    best: dict[str, int] = {}
    for number, row in enumerate(rows):
        if row[0] != "partners":
            continue
        kept = best.get(row[1])
        if kept is None or ((row[2] == "aspirant", row[3])
                            > (rows[kept][2] == "aspirant", rows[kept][3])):
            best[row[1]] = number
    keep = set(best.values())
    return [row for number, row in enumerate(rows) if row[0] != "partners" or number in keep]


def _partner_rows(partnerships: pd.DataFrame, day: pd.Timestamp,
                  members: set[str]) -> list[tuple[Any, ...]]:
    """The partners and aspirants on ``day``: dataset partnerships of states not yet members.

    Russia signed the Partnership for Peace too; it is drawn as Russia, so it is left out.
    """
    rows: list[tuple[Any, ...]] = []
    for record, country, programme, date in zip(
            partnerships["id"], partnerships["country"], partnerships["programme"],
            partnerships["date"], strict=True):
        if date > day or country in members or country == "Russia":
            continue
        status, words = PROGRAMME_STATUS[str(programme)]
        rows.append(("partners", country, status, date, record,
                     f"{words} {date:%d %B %Y}".replace(" 0", " "), float("nan"),
                     float("nan"), ""))
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
    layer = table["layer"].to_numpy()
    names, statuses = table["name"].tolist(), table["status"].tolist()
    status_of = {name: status for name, status, kind in zip(names, statuses, layer, strict=True)
                 if kind in ("member", "partners")}
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
    groups: dict[str, list[GlyphPath]] = {status: [] for status in STYLES}
    for name, rings in _on_map(shapes).items():
        groups[status_of.get(name, "other")].extend(rings)
    for status, rings in groups.items():
        face, hatch, _ = STYLES[status]
        # Paths made once per file (see _on_map); autolim=False: the limits are fixed, and
        # measuring every ring costs a quarter of a redraw.
        ax.add_collection(PathCollection(
            rings, facecolors=face, edgecolors=palette.WHITE if status != "other"
            else palette.OKABE_ITO["grey"], linewidths=0.5, hatch=hatch or None, zorder=1),
            autolim=False)
    # Kaliningrad: Russia's, drawn with a heavier outline so the exclave is seen.
    ax.add_collection(PathCollection(_area_paths(shapes, "Kaliningrad"), facecolors="none",
                                     edgecolors=palette.TEXT, linewidths=1.2, zorder=3),
                      autolim=False)
    labels: list[tuple[float, float, str, str, str, str]] = []
    lon, lat = shapes.places["Kaliningrad"]
    labels.append((lon - 1.2, lat + 0.4, "Kaliningrad\n(Russia)", palette.TEXT, "right",
                   "bottom"))

    held = table[layer == "contested"]
    outlined = held[held["shape"] == "area"]
    if not outlined.empty:
        # Every held area in one collection, over the UN's borders: hatched, never filled,
        # so the state it belongs to still shows through.
        paths = [path for name in outlined["name"] for path in _area_paths(shapes, name)]
        ax.add_collection(PathCollection(paths, facecolors="none", edgecolors=HELD,
                                         hatch=HELD_HATCH, linewidths=1.0, zorder=3),
                          autolim=False)
    marked = held[held["shape"] == "place"]
    if not marked.empty:
        markers(ax, marked["lon"], marked["lat"], ["X"] * len(marked), [HELD] * len(marked),
                size=70, zorder=5)
    shorts = {str(name).replace(" oblast (part)", ""): since
              for name, since in zip(held["name"], held["since"], strict=True)}
    for short, since in shorts.items():
        if SHARED_LABEL.get(short) in shorts:
            continue
        names = [short, *(other for other, host in SHARED_LABEL.items()
                          if host == short and other in shorts)]
        # Name, then year on a line of its own; two names share theirs ("Donetsk and /
        # Luhansk 2014").
        text = (f"{short}\n{YEAR_WORDS.get(short, '')}{since.year}" if len(names) == 1
                else f"{', '.join(names[:-1])} and\n{names[-1]} {since.year}")
        lon, lat, ha, va = LABEL_AT[short]
        labels.append((lon, lat, text, HELD, ha, va))
    shown = table[layer == "events"]
    if not shown.empty:
        kinds = shown["status"].astype(str).tolist()
        markers(ax, shown["lon"], shown["lat"], [palette.SIGNAL_MARKERS[0]] * len(kinds),
                [palette.KIND_COLOURS[kind] for kind in kinds], size=36, zorder=6)
    _place_labels(ax, labels)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(ASPECT)

    handles: list[object] = [Patch(facecolor=STYLES[s][0], hatch=STYLES[s][1],
                                   edgecolor=palette.WHITE if s != "other" else
                                   palette.OKABE_ITO["grey"], label=STYLES[s][2])
                             for s in STYLES
                             if s not in ("aspirant", "partner") or "partners" in chosen]
    if "contested" in chosen:
        handles.append(Patch(facecolor="none", edgecolor=HELD, hatch=HELD_HATCH,
                             label="held by Russia or its\nproxies, since the year"))
        handles.append(Line2D([], [], ls="", marker="X", markersize=8, color=HELD,
                              markeredgecolor=palette.TEXT, label="held, no line drawn"))
    # Two legends, one under the other: what the map always shows (four versions, by the
    # layers ticked), and the kinds of the year's events. Each is drawn once and its pixels
    # kept, so a new year costs at most a small events legend, not the whole key.
    ax.apply_aspect()  # the axes' final box, which the legends are measured against
    bottom = cast(float, fig.legend_outside(ax, handles, title="On the map",
                                            anchor=(1.02, 1.0), measure=True))
    keys = [Line2D([], [], ls="", marker=palette.SIGNAL_MARKERS[0], markersize=7,
                   color=palette.KIND_COLOURS[str(kind)], markeredgecolor=palette.TEXT,
                   label=f"event: {palette.KIND_LABELS[str(kind)].lower()}")
            for kind in dict.fromkeys(shown["status"])]
    # Raised by one legend's border padding, so the gap between them is an entry's.
    pad = 0.4 * SMALL * fig.dpi / 72 / ax.bbox.height
    fig.legend_outside(ax, keys, title=None, anchor=(1.02, bottom + pad))
    ax.text(0.0, -0.015, "Borders as the UN recognises them, today's throughout; "
            "held areas are hatched over them, not bordered.", transform=ax.transAxes,
            ha="left", va="top", fontsize=SMALLEST, color=palette.MUTED)

    members = table[layer == "member"]
    new = members.loc[members["status"] == "joined", "name"].tolist()
    parts = [f"Map of Europe at the end of {year}: {len(members)} NATO members"
             + (f" ({', '.join(sorted(new))} joined that year)" if new else "")]
    partner_rows = table[layer == "partners"]
    aspirants = partner_rows.loc[partner_rows["status"] == "aspirant", "name"].tolist()
    if aspirants:
        parts.append(f"aspirants hatched light blue: {', '.join(aspirants)}")
    partners = partner_rows.loc[partner_rows["status"] == "partner", "name"].tolist()
    if partners:
        parts.append(f"Partnership for Peace partners hatched grey: {', '.join(partners)}")
    if not held.empty:
        parts.append("held by Russia, hatched or marked in vermillion: "
                     + ", ".join(f"{name} ({'annexed' if name == 'Crimea' else 'since'} "
                                 f"{since.year})" for name, since
                                 in zip(held["name"], held["since"], strict=True)))
    if "events" in chosen:
        parts.append(f"{len(shown)} event{'s' if len(shown) != 1 else ''} with a place "
                     "that year")
    return fig.finish(ax, title=title or f"NATO, Russia and the states between, {year}",
                      xlabel="", ylabel="", alt="; ".join(parts) + ".", data=table)


_visible: dict[Path, dict[str, list[GlyphPath]]] = {}
_areas: dict[tuple[Path, str], list[GlyphPath]] = {}
# The frame, widened by a degree: rings are cut to it, and the cut edges fall off the map.
CLIP = (EXTENT[0] - 1.0, EXTENT[1] + 1.0, EXTENT[2] - 1.0, EXTENT[3] + 1.0)


def _on_map(shapes: geo.MapData) -> dict[str, list[GlyphPath]]:
    """Each country's outer rings cut to the map's frame, as closed paths (once per file).

    Holes are left out: none of the countries drawn has one inside the frame that matters
    at this scale. Rings that never enter the frame (Canada, Chukotka) are dropped, and the
    parts of the others beyond it (most of Russia) cut away: drawing them cost time only.
    """
    if shapes.path not in _visible:
        _visible[shapes.path] = {
            name: [_closed(ring) for ring in (_clip(p[0]) for p in polygons) if len(ring) >= 3]
            for name, polygons in shapes.countries.items()}
    return _visible[shapes.path]


def _area_paths(shapes: geo.MapData, name: str) -> list[GlyphPath]:
    """The outer rings of a named area as closed paths (made once per file and area)."""
    key = (shapes.path, name)
    if key not in _areas:
        _areas[key] = [_closed(polygon[0]) for polygon in shapes.areas[name]]
    return _areas[key]


def _closed(ring: np.ndarray) -> GlyphPath:
    """A closed path; its last vertex only closes it, so it must repeat the first."""
    if not (ring[0] == ring[-1]).all():
        ring = np.vstack([ring, ring[:1]])
    return GlyphPath(ring, closed=True)


def _clip(ring: np.ndarray) -> np.ndarray:
    """Cut a ring to :data:`CLIP` (Sutherland-Hodgman: correct for any simple polygon,
    which may gain edges along the cut; they lie off the map)."""
    west, east, south, north = CLIP
    points = ring[:-1] if len(ring) > 1 and (ring[0] == ring[-1]).all() else ring
    for axis, limit, keep_above in ((0, west, True), (0, east, False), (1, south, True),
                                    (1, north, False)):
        if not len(points):
            break
        inside = points[:, axis] >= limit if keep_above else points[:, axis] <= limit
        if inside.all():
            continue
        out: list[np.ndarray] = []
        previous, was_in = points[-1], inside[-1]
        for point, is_in in zip(points, inside, strict=True):
            if is_in != was_in:  # the edge crosses the limit: keep where it does
                share = (limit - previous[axis]) / (point[axis] - previous[axis])
                out.append(previous + share * (point - previous))
            if is_in:
                out.append(point)
            previous, was_in = point, is_in
        points = np.asarray(out).reshape(-1, 2)
    return points

# --------------------------------------------------------------------------- labels

LABEL_FONT = FontProperties(size=SMALLEST, weight="bold")
LINE_SPACING = 1.2  # as matplotlib spaces the lines of a text
HALO = 2.5  # points: the white outline that keeps a label legible over hatching


class MapLabels(PathCollection):
    """The map's place labels, drawn as glyph outlines; ``words`` are their texts."""

    words: tuple[str, ...] = ()


def _place_labels(ax: Any, labels: Sequence[tuple[float, float, str, str, str, str]]) -> None:
    """Write the labels (lon, lat, text, colour, ha, va) in bold, each in a white halo.

    A text with a stroke effect is turned into glyph outlines on every draw, which cost a
    quarter of a redraw. The outlines are made once per label (cached) and drawn as two
    collections: the halo, then the letters; the picture is the same.
    """
    if not labels:
        return
    scale = ax.figure.dpi / 72
    paths = [_label_path(text, ha, va, scale) for _, _, text, _, ha, va in labels]
    offsets = np.asarray([(lon, lat) for lon, lat, *_ in labels], dtype=float)
    for face, edge, width, z in ((palette.WHITE, palette.WHITE, HALO, 7.0),
                                 ([colour for *_, colour, _, _ in labels], "none", 0.0, 7.1)):
        layer = MapLabels(paths, offsets=offsets, offset_transform=ax.transData,
                          facecolors=face, edgecolors=edge, linewidths=width, zorder=z)
        layer.set_transform(IdentityTransform())
        layer.words = tuple(text for _, _, text, *_ in labels)
        ax.add_collection(layer, autolim=False)


@cache
def _label_path(text: str, ha: str, va: str, scale: float) -> GlyphPath:
    """The outline of ``text`` in pixels, placed about (0, 0) as ``ha`` and ``va`` say."""
    measure = TextToPath()
    height, descent = measure.get_text_width_height_descent("lp", LABEL_FONT, ismath=False)[1:]
    ascent, step = height - descent, SMALLEST * LINE_SPACING
    lines = text.split("\n")
    top, bottom = ascent, -(len(lines) - 1) * step - descent
    shift_y = {"top": -top, "bottom": -bottom, "center": -(top + bottom) / 2}[va]
    parts = []
    for number, line in enumerate(lines):
        width = measure.get_text_width_height_descent(line, LABEL_FONT, ismath=False)[0]
        shift_x = {"left": 0.0, "right": -width, "center": -width / 2}[ha]
        glyphs = TextPath((0, 0), line, prop=LABEL_FONT)
        parts.append(glyphs.transformed(
            Affine2D().translate(shift_x, shift_y - number * step).scale(scale)))
    return GlyphPath.make_compound_path(*parts)
