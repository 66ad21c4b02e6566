"""The course map's geometry: country shapes, two named areas and places, from data/map.geojson.

The file is GeoJSON (RFC 7946): longitude then latitude, exterior rings counter-clockwise. It
is built by ``tools/build_map_data.py`` from Natural Earth (public domain) and GeoNames; see
data/README.md. This module only reads it; :mod:`nato_russia.maps` draws it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from nato_russia.data import PACKAGE_ROOT, DatasetError

MAP_FILE = "map.geojson"

Rings = list[np.ndarray]  # a polygon: exterior ring first, then holes; each an (n, 2) array


@dataclass(frozen=True)
class MapData:
    """The shapes and places of the course map.

    Attributes
    ----------
    countries : dict[str, list[Rings]]
        Each country's polygons, by the dataset's spelling of its name.
    areas : dict[str, list[Rings]]
        Named areas inside a country: ``"Crimea"`` (Ukraine's), ``"Kaliningrad"`` (Russia's).
    part_of : dict[str, str]
        The country each area belongs to, as the UN recognises it.
    places : dict[str, tuple[float, float]]
        Longitude and latitude of each named place.
    path : Path
        The file read.
    """

    countries: dict[str, list[Rings]]
    areas: dict[str, list[Rings]]
    part_of: dict[str, str]
    places: dict[str, tuple[float, float]]
    path: Path


def find_map(path: str | Path | None = None) -> Path:
    """The map file: ``path`` if given, else data/map.geojson beside the package."""
    return Path(path) if path is not None else PACKAGE_ROOT / "data" / MAP_FILE


def load_map(path: str | Path | None = None) -> MapData:
    """Read the map file (once per path; the result is shared, so never change it).

    Raises
    ------
    DatasetError
        When the file is missing, is not JSON, or is not a map of the expected form.
    """
    return _load(find_map(path).resolve())


@lru_cache(maxsize=4)
def _load(file: Path) -> MapData:
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(file, "the course map's data file is missing: restore data/"
                           f"{MAP_FILE} from the course (git checkout data/{MAP_FILE})") from None
    except json.JSONDecodeError as exc:
        raise DatasetError(file, f"the map file is not valid JSON (line {exc.lineno}): "
                           f"restore data/{MAP_FILE} from the course") from None
    if raw.get("type") != "FeatureCollection":
        raise DatasetError(file, "the map file is not a GeoJSON FeatureCollection")
    countries: dict[str, list[Rings]] = {}
    areas: dict[str, list[Rings]] = {}
    part_of: dict[str, str] = {}
    places: dict[str, tuple[float, float]] = {}
    for number, feature in enumerate(raw.get("features", [])):
        try:
            props, geometry = feature["properties"], feature["geometry"]
            kind, name = props["kind"], props["name"]
            if kind == "place":
                lon, lat = geometry["coordinates"]
                places[name] = (float(lon), float(lat))
                continue
            polygons = [_polygon(p) for p in geometry["coordinates"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise DatasetError(file, f"map feature {number} is malformed ({exc!r})") from None
        if kind == "country":
            countries[name] = polygons
        elif kind == "area":
            areas[name] = polygons
            part_of[name] = str(props["part_of"])
    return MapData(countries, areas, part_of, places, file)


def _polygon(rings: list[Any]) -> Rings:
    return [np.asarray(ring, dtype=float).reshape(-1, 2) for ring in rings]


def contains(polygons: list[Rings], lon: float, lat: float) -> bool:
    """Whether the point lies inside one of the polygons (and outside its holes)."""
    return any(_in_ring(poly[0], lon, lat) and not any(_in_ring(h, lon, lat) for h in poly[1:])
               for poly in polygons)


def _in_ring(ring: np.ndarray, lon: float, lat: float) -> bool:
    # Even-odd ray casting, vectorised over the ring's edges.
    x1, y1 = ring[:-1, 0], ring[:-1, 1]
    x2, y2 = ring[1:, 0], ring[1:, 1]
    crosses = (y1 > lat) != (y2 > lat)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
    return bool(np.count_nonzero(crosses & (lon < at)) % 2)


def country_at(lon: float, lat: float, map_data: MapData | None = None) -> str | None:
    """The country whose shape holds the point, or ``None`` (sea, or off the map)."""
    shapes = map_data or load_map()
    return next((name for name, polygons in shapes.countries.items()
                 if contains(polygons, lon, lat)), None)


def neighbours(name: str, map_data: MapData | None = None) -> list[str]:
    """The countries that share a land border with ``name`` on the map, sorted.

    Neighbours share their border line vertex for vertex (the build simplifies each border
    once for both sides), so two countries touch when their rings share at least two points.
    Russia's border includes Kaliningrad's.
    """
    shapes = map_data or load_map()
    if name not in shapes.countries:
        raise ValueError(f"{name!r} is not a country on the map; the map names countries as "
                         "the dataset does (\"Czech Republic\", \"North Macedonia\")")
    points = _vertices(shapes)
    mine = points[name]
    return sorted(other for other, theirs in points.items()
                  if other != name and len(mine & theirs) >= 2)


# Each map's vertex sets, by its file (one MapData per file, as load_map shares it; the map
# drawing keeps its paths the same way): a map question asks for neighbours several times.
_VERTICES: dict[Path, dict[str, frozenset[tuple[float, float]]]] = {}


def _vertices(shapes: MapData) -> dict[str, frozenset[tuple[float, float]]]:
    if shapes.path not in _VERTICES:
        _VERTICES[shapes.path] = {name: _points(polygons)
                                  for name, polygons in shapes.countries.items()}
    return _VERTICES[shapes.path]


def _points(polygons: list[Rings]) -> frozenset[tuple[float, float]]:
    return frozenset((float(x), float(y)) for poly in polygons for ring in poly for x, y in ring)
