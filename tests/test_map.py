"""The course map: its GeoJSON is valid and UN-bordered, and what it draws agrees with the data."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from nato_russia import data, explore, geo, maps

COURSE: data.Course
MAP = geo.load_map()
RAW = json.loads(geo.find_map().read_text(encoding="utf-8"))

# Cities (GeoNames coordinates, lon/lat) and the state the United Nations recognises there.
CITIES: list[tuple[str, float, float, str]] = [
    ("Simferopol", 34.108, 44.952, "Ukraine"),
    ("Sevastopol", 33.521, 44.608, "Ukraine"),
    ("Kerch", 36.471, 45.357, "Ukraine"),
    ("Donetsk", 37.802, 48.023, "Ukraine"),
    ("Luhansk", 39.306, 48.568, "Ukraine"),
    ("Mariupol", 37.556, 47.097, "Ukraine"),
    ("Kyiv", 30.524, 50.455, "Ukraine"),
    ("Sokhumi", 40.989, 43.007, "Georgia"),
    ("Tskhinvali", 43.969, 42.228, "Georgia"),
    ("Tbilisi", 44.793, 41.694, "Georgia"),
    ("Tiraspol", 29.628, 46.843, "Moldova"),
    ("Chisinau", 28.858, 47.005, "Moldova"),
    ("Kaliningrad", 20.511, 54.706, "Russia"),
    ("Moscow", 37.616, 55.752, "Russia"),
    ("Rostov-on-Don", 39.712, 47.236, "Russia"),
    ("Tallinn", 24.754, 59.437, "Estonia"),
    ("Vilnius", 25.280, 54.689, "Lithuania"),
    ("Tampere", 23.761, 61.498, "Finland"),
    ("Orebro", 15.207, 59.274, "Sweden"),
    ("Warsaw", 21.012, 52.230, "Poland"),
    ("Minsk", 27.567, 53.900, "Belarus"),
    ("Nicosia", 33.367, 35.175, "Cyprus"),
    ("Famagusta", 33.939, 35.125, "Cyprus"),
    ("Mariehamn", 19.935, 60.097, "Finland"),
    ("Skopje", 21.431, 41.996, "North Macedonia"),
    ("Prague", 14.421, 50.088, "Czech Republic"),
]


@pytest.fixture(autouse=True, scope="module")
def _course(course: data.Course) -> None:
    global COURSE
    COURSE = course


# --------------------------------------------------------------------------- the file


def _rings() -> list[tuple[str, int, list[list[float]]]]:
    found = []
    for feature in RAW["features"]:
        if feature["geometry"]["type"] != "MultiPolygon":
            continue
        for polygon in feature["geometry"]["coordinates"]:
            for number, ring in enumerate(polygon):
                found.append((feature["properties"]["name"], number, ring))
    return found


def _self_crossings(ring: np.ndarray) -> int:
    """Pairs of non-adjacent edges of a closed ring that cross (proper crossings only)."""
    a, b = ring[:-1], ring[1:]
    count = 0
    for i in range(len(a)):
        p, r = a[i], b[i] - a[i]
        j = np.arange(i + 2, len(a))
        if i == 0:
            j = j[j != len(a) - 1]  # the last edge meets the first at the closing point
        if not j.size:
            continue
        q, s = a[j], b[j] - a[j]
        denom = r[0] * s[:, 1] - r[1] * s[:, 0]
        qp = q - p
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (qp[:, 0] * s[:, 1] - qp[:, 1] * s[:, 0]) / denom
            u = (qp[:, 0] * r[1] - qp[:, 1] * r[0]) / denom
        count += int(np.count_nonzero((denom != 0) & (t > 0) & (t < 1) & (u > 0) & (u < 1)))
    return count


def test_the_map_is_geojson_in_longitude_and_latitude() -> None:
    assert RAW["type"] == "FeatureCollection"
    kinds = {f["properties"]["kind"] for f in RAW["features"]}
    assert kinds == {"country", "area", "place"}
    for feature in RAW["features"]:
        geometry = feature["geometry"]
        assert geometry["type"] in {"MultiPolygon", "Point"}
        points = np.asarray([geometry["coordinates"]] if geometry["type"] == "Point" else
                            [p for poly in geometry["coordinates"] for r in poly for p in r])
        assert points.shape[1] == 2, "positions are [longitude, latitude], nothing more"
        assert (np.abs(points[:, 0]) <= 180).all() and (np.abs(points[:, 1]) <= 90).all()
    # Longitude first: Moscow's place is east of Brussels and north of Rome, not the reverse.
    assert MAP.places["Moscow"][0] > MAP.places["Brussels"][0]
    assert MAP.places["Moscow"][1] > MAP.places["Rome"][1]


@pytest.mark.parametrize(("name", "number", "ring"), _rings(),
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(_rings())])
def test_every_ring_is_valid(name: str, number: int, ring: list[list[float]]) -> None:
    points = np.asarray(ring)
    assert len(points) >= 4 and (points[0] == points[-1]).all(), "a ring is closed"
    assert not (np.diff(points, axis=0) == 0).all(axis=1).any(), "no repeated point"
    x, y = points[:, 0], points[:, 1]
    area = (x[:-1] * y[1:] - x[1:] * y[:-1]).sum() / 2
    assert (area > 0) == (number == 0), "RFC 7946: exteriors counter-clockwise, holes clockwise"
    assert _self_crossings(points) == 0, f"{name}'s ring {number} crosses itself"


def test_the_ring_check_finds_a_crossing() -> None:
    bow_tie = np.asarray([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]], dtype=float)
    square = np.asarray([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float)
    assert _self_crossings(bow_tie) == 1 and _self_crossings(square) == 0


@pytest.mark.parametrize(("city", "lon", "lat", "country"), CITIES,
                         ids=[c[0] for c in CITIES])
def test_cities_fall_in_the_state_the_un_recognises(city: str, lon: float, lat: float,
                                                    country: str) -> None:
    assert geo.country_at(lon, lat, MAP) == country


def test_every_accession_country_is_a_shape() -> None:
    missing = set(COURSE.accessions["country"]) - set(MAP.countries)
    assert not missing, f"accessions with no shape on the map: {sorted(missing)}"


# Each area of the map, the state the United Nations recognises there, and a town inside it.
AREAS: dict[str, tuple[str, str]] = {
    "Crimea": ("Ukraine", "Simferopol"),
    "Kaliningrad": ("Russia", "Kaliningrad"),
    "Transnistria": ("Moldova", "Tiraspol"),
    "Abkhazia": ("Georgia", "Sokhumi"),
    "South Ossetia": ("Georgia", "Tskhinvali"),
    "Donetsk oblast (part)": ("Ukraine", "Donetsk"),
    "Luhansk oblast (part)": ("Ukraine", "Luhansk"),
}


def _distance_to_outline(point: np.ndarray, polygons: list[list[np.ndarray]]) -> float:
    """Degrees from a point to the nearest edge of the polygons."""
    best = np.inf
    for polygon in polygons:
        for ring in polygon:
            a, b = ring[:-1], ring[1:]
            edge = b - a
            t = np.clip(((point - a) * edge).sum(axis=1)
                        / np.maximum((edge * edge).sum(axis=1), 1e-12), 0, 1)
            best = min(best, float(np.hypot(*(a + t[:, None] * edge - point).T).min()))
    return best


def test_every_area_lies_in_the_state_the_un_recognises() -> None:
    assert MAP.part_of == {area: country for area, (country, _) in AREAS.items()}
    for area, (country, town) in AREAS.items():
        lon, lat = MAP.places[town]
        assert geo.contains(MAP.areas[area], lon, lat), f"{town} is inside {area}'s outline"
        assert geo.country_at(lon, lat, MAP) == country, f"{town} is in {country}"
        # Drawn over the state's shape, not beside it: every corner of the outline lies in
        # the state or within 0.05 degree (about 5 km, half a pixel) of its border.
        for point in MAP.areas[area][0][0]:
            if not geo.contains(MAP.countries[country], *point):
                assert _distance_to_outline(point, MAP.countries[country]) < 0.05, (area, point)


def test_the_held_areas_are_natural_earths_outlines_simplified() -> None:
    features = {f["properties"]["name"]: f for f in RAW["features"]
                if f["properties"]["kind"] == "area"}
    for area in ("Transnistria", "Abkhazia", "South Ossetia", "Donetsk oblast (part)",
                 "Luhansk oblast (part)"):
        (ring,) = features[area]["geometry"]["coordinates"][0]
        assert 10 <= len(ring) <= 40, "simplified like the countries, yet still a shape"


def test_a_missing_map_file_is_one_readable_message(tmp_path: Path) -> None:
    with pytest.raises(data.DatasetError, match="map's data file is missing"):
        geo.load_map(tmp_path / "nowhere.geojson")
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(data.DatasetError, match="not valid JSON"):
        geo.load_map(broken)


# --------------------------------------------------------------------------- what is drawn


def _members(year: int) -> set[str]:
    acc = COURSE.accessions
    return set(acc.loc[acc["date"] <= pd.Timestamp(f"{year}-12-31"), "country"])


@pytest.mark.parametrize("year", [1990, 1998, 1999, 2004, 2008, 2009, 2014, 2020, 2023, 2024])
def test_chart_data_agrees_with_the_accessions(year: int) -> None:
    table = maps.chart_data(maps.relationship_map(COURSE, year))
    members = table[table["layer"] == "member"]
    assert set(members["name"]) == _members(year)
    joined = set(members.loc[members["status"] == "joined", "name"])
    assert joined == _members(year) - _members(year - 1)
    assert f"{len(members)} NATO members" in maps.relationship_map(COURSE, year).alt_text


def test_held_areas_appear_on_their_dataset_dates() -> None:
    def held(year: int) -> set[str]:
        table = maps.map_table(COURSE, year)
        return set(table.loc[table["layer"] == "contested", "name"])

    assert held(2007) == {"Transnistria"}
    assert held(2008) == {"Transnistria", "Abkhazia", "South Ossetia"}
    assert "Crimea" in held(2014) and "Crimea" not in held(2013)
    donbas = {"Donetsk oblast (part)", "Luhansk oblast (part)"}
    assert donbas <= held(2014) and not donbas & held(2013)
    assert {"Zaporizhzhia oblast (part)", "Kherson oblast (part)"} <= held(2022)
    assert not {"Zaporizhzhia oblast (part)", "Kherson oblast (part)"} & held(2021)
    dated = pd.concat([COURSE.events.set_index("id")["date"],
                       COURSE.partnerships.set_index("id")["date"]])
    for year in (1994, 2009, 2024):
        table = maps.map_table(COURSE, year)
        for row in table[table["layer"].isin(["contested", "partners"])].itertuples():
            assert dated[row.event] == row.since, "every date is a dataset record's"


def test_chart_data_lists_each_held_area_with_its_shape_from_its_year() -> None:
    areas = {"Transnistria": 1992, "Abkhazia": 2008, "South Ossetia": 2008, "Crimea": 2014,
             "Donetsk oblast (part)": 2014, "Luhansk oblast (part)": 2014}
    places = {"Zaporizhzhia oblast (part)": 2022, "Kherson oblast (part)": 2022}
    for year in (1991, 1992, 2007, 2008, 2013, 2014, 2021, 2022, 2024):
        table = maps.chart_data(maps.relationship_map(COURSE, year))
        held = table[table["layer"] == "contested"].set_index("name")
        expected = {name for name, first in (areas | places).items() if first <= year}
        assert set(held.index) == expected, year
        for name in expected:
            assert held.loc[name, "shape"] == ("area" if name in areas else "place")
            assert held.loc[name, "since"].year == (areas | places)[name]
    assert set(table.loc[table["layer"] != "contested", "shape"]) == {""}


def _label_boxes(fig: Any) -> list[tuple[str, Any]]:
    """Each map label's text and its box on the rendered picture (pixels)."""
    ax = fig.axes[0]
    (halo, letters) = [c for c in ax.collections if isinstance(c, maps.MapLabels)]
    assert halo.words == letters.words
    offsets = ax.transData.transform(letters.get_offsets())
    return [(word, path.get_extents().translated(*offset))
            for word, path, offset in zip(letters.words, letters.get_paths(), offsets,
                                          strict=True)]


@pytest.mark.parametrize("year", [1992, 2008, 2014, 2022, 2024])
def test_labels_name_each_held_area_with_its_year_and_never_collide(year: int) -> None:
    fig = maps.relationship_map(COURSE, year)
    fig.to_png()  # the axes take their final box when drawn
    ax = fig.axes[0]
    frame = ax.get_window_extent(fig.canvas.get_renderer())
    labels = _label_boxes(fig)
    held = maps.chart_data(fig).query("layer == 'contested'")
    words = " ".join(word.replace("\n", " ") for word, _ in labels)
    for name, since in zip(held["name"], held["since"], strict=True):
        assert str(name).replace(" oblast (part)", "") in words
        assert str(since.year) in words
    marks = []  # what a label must not cover: the held areas and the marked towns
    for row in held.itertuples():
        if row.shape == "area":
            corners = ax.transData.transform(np.vstack([p[0] for p in MAP.areas[row.name]]))
            marks.append((row.name, corners.min(axis=0), corners.max(axis=0)))
        else:
            x, y = ax.transData.transform((row.lon, row.lat))
            marks.append((row.name, np.array([x - 5, y - 5]), np.array([x + 5, y + 5])))
    for number, (word, box) in enumerate(labels):
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0, word
        assert box.y1 <= frame.y1, word
        for other, second in labels[number + 1:]:
            assert not box.overlaps(second), f"{word!r} and {other!r} overlap"
        for name, low, high in marks:
            covers = box.x0 < high[0] and low[0] < box.x1 and box.y0 < high[1] and low[1] < box.y1
            assert not covers, f"{word!r} covers {name}"


def _partners(year: int, status: str | None = None) -> set[str]:
    table = maps.map_table(COURSE, year)
    rows = table[table["layer"] == "partners"]
    return set(rows["name"] if status is None else rows.loc[rows["status"] == status, "name"])


def test_aspirants_stop_being_aspirants_when_they_join() -> None:
    assert _partners(2022, "aspirant") == {"Georgia", "Ukraine", "Finland", "Sweden",
                                           "Bosnia and Herzegovina"}
    assert _partners(2023, "aspirant") == {"Georgia", "Ukraine", "Sweden",
                                           "Bosnia and Herzegovina"}
    assert "Finland" not in _partners(2023)
    assert "Romania" in _partners(1994) and "Romania" not in _partners(2004)


def test_partners_appear_on_the_day_they_signed_the_partnership() -> None:
    assert _partners(1993) == set(), "the Partnership for Peace began in January 1994"
    assert {"Ukraine", "Georgia", "Moldova", "Poland", "Finland", "Sweden"} <= _partners(
        1994, "partner")
    assert "Belarus" not in _partners(1994) and "Belarus" in _partners(1995, "partner")
    assert "Switzerland" in _partners(1996) and "Switzerland" not in _partners(1995)
    assert "Poland" in _partners(1998) and "Poland" not in _partners(1999), "a member now"
    assert "Russia" not in _partners(2000), "Russia signed too, but is drawn as Russia"
    assert {"Serbia", "Montenegro", "Bosnia and Herzegovina"} <= _partners(2006, "partner")
    assert not {"Serbia", "Montenegro"} & _partners(2005)
    # One row per state: the Membership Action Plan outranks the partnership.
    table = maps.map_table(COURSE, 2009)
    rows = table[table["layer"] == "partners"]
    assert rows["name"].is_unique
    assert rows.set_index("name").loc["Montenegro", "event"] == "map-montenegro"
    assert "Montenegro" in _partners(2008, "partner")


def test_membership_action_plan_participants_are_aspirants_until_they_join() -> None:
    nine = {"Albania", "Bulgaria", "Estonia", "Latvia", "Lithuania", "North Macedonia",
            "Romania", "Slovakia", "Slovenia"}
    assert _partners(1999, "aspirant") >= nine and not nine & _partners(1998, "aspirant")
    assert "Romania" not in _partners(2004) and "Albania" in _partners(2008, "aspirant")
    assert "North Macedonia" in _partners(2019, "aspirant")
    assert "North Macedonia" not in _partners(2020)
    assert "Bosnia and Herzegovina" in _partners(2010, "aspirant")


def test_every_partnership_is_a_sourced_shape_on_the_map() -> None:
    sources = set(COURSE.sources["id"])
    for row in COURSE.partnerships.itertuples():
        assert row.country in MAP.countries, row.country
        assert row.sources and set(row.sources) <= sources, row.id
    assert set(COURSE.partnerships["programme"]) == {"pfp", "map"}


def test_partners_and_aspirants_are_drawn_with_their_own_hatch() -> None:
    def drawn(fig: Any) -> set[str]:  # hatches of collections that hold shapes
        return {c.get_hatch() for c in fig.axes[0].collections if len(c.get_paths())}

    fig = maps.relationship_map(COURSE, 2004)
    assert {maps.STYLES["partner"][1], maps.STYLES["aspirant"][1]} <= drawn(fig)
    assert "Partnership for Peace partners hatched grey" in fig.alt_text
    assert "Ukraine" in fig.alt_text.split("Partnership for Peace partners")[1]
    off = maps.relationship_map(COURSE, 2004, layers=["contested"])
    assert maps.STYLES["partner"][1] not in drawn(off)


def test_transnistria_is_held_from_the_1992_ceasefire() -> None:
    def held(year: int) -> pd.DataFrame:
        table = maps.map_table(COURSE, year)
        return table[table["layer"] == "contested"].set_index("name")

    assert "Transnistria" not in held(1991).index
    row = held(1992).loc["Transnistria"]
    assert row["since"] == pd.Timestamp("1992-07-21")
    assert row["event"] == "ev-1992-transnistria-ceasefire"
    assert geo.country_at(row["lon"], row["lat"], MAP) == "Moldova", "Moldova's, as the UN holds"
    assert "Transnistria" in held(2024).index
    fig = maps.relationship_map(COURSE, 1995)
    assert "Transnistria" in fig.alt_text
    assert any(word == "Transnistria\n1992" for word, _ in _label_boxes(fig))


@pytest.mark.parametrize(("event", "year", "place", "country"), [
    ("ev-2016-deveselu-aegis-ashore", 2016, "Deveselu", "Romania"),
    ("ev-2024-redzikowo-aegis-ashore", 2024, "Slupsk", "Poland"),
])
def test_missile_defence_sites_are_events_with_a_place(event: str, year: int, place: str,
                                                      country: str) -> None:
    shown = maps.map_table(COURSE, year)
    shown = shown[shown["layer"] == "events"].set_index("event")
    assert shown.loc[event, "name"] == place
    assert geo.country_at(shown.loc[event, "lon"], shown.loc[event, "lat"], MAP) == country
    record = COURSE.events.set_index("id").loc[event]
    assert shown.loc[event, "since"] == record["date"] and record["sources"]
    earlier = maps.map_table(COURSE, year - 1)
    assert event not in set(earlier["event"])


def test_events_are_placed_where_the_dataset_puts_them() -> None:
    table = maps.map_table(COURSE, 2008)
    shown = table[table["layer"] == "events"].set_index("event")
    assert shown.loc["ev-2008-georgia-war", "name"] == "Tskhinvali"
    assert shown.loc["ev-2008-bucharest-summit-declaration", "name"] == "Bucharest"
    assert (shown["since"].dt.year == 2008).all()


def test_layers_can_be_switched_off_and_bad_input_is_one_message() -> None:
    table = maps.map_table(COURSE, 2014, layers=[])
    assert set(table["layer"]) == {"member", "russia"}
    with pytest.raises(ValueError, match="between 1990 and 2024"):
        maps.relationship_map(COURSE, 1989)
    with pytest.raises(ValueError, match="whole year"):
        maps.relationship_map(COURSE, "2014")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown map layer"):
        maps.relationship_map(COURSE, 2014, layers=["rivers"])


def test_the_map_uses_the_palette_with_hatches() -> None:
    fig = maps.relationship_map(COURSE, 2014)
    hatches = {c.get_hatch() for c in fig.axes[0].collections if c.get_hatch()}
    assert len(hatches) >= 3, "members joining, aspirants and annexed land differ by hatch too"
    assert "Crimea" in fig.alt_text and "68/262" in maps.chart_data(fig).to_string()


# --------------------------------------------------------------------------- the explorer


def test_the_map_explorer_redraws_once_per_year_and_syncs_the_lesson() -> None:
    explorer = explore.relationship_map(COURSE)
    assert explorer.year == 2014 and explorer.controls["period"].value == "p07"
    before = explorer.png
    explorer.controls["year"].value = 2004
    assert explorer.wait(timeout=60)
    assert explorer.redraws == 2 and explorer.png != before
    assert explorer.controls["period"].value == "custom"
    explorer.controls["period"].value = "p05"
    assert explorer.wait(timeout=60)
    assert explorer.year == 2009 and explorer.redraws == 3
    assert "end of 2009" in explorer.alt_text


def test_the_map_explorer_shows_a_static_copy() -> None:
    explorer = explore.relationship_map(COURSE, year=2024, layers=["contested"])
    bundle: dict[str, Any] = explorer._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]) == explorer.png
    assert bundle["text/plain"].startswith("Map explorer: Map of Europe at the end of 2024")
    assert not explorer.controls["layer:events"].value


def test_neighbours_are_the_shapes_that_share_a_border() -> None:
    assert geo.neighbours("Georgia", MAP) == ["Armenia", "Azerbaijan", "Russia", "Turkey"]
    russia = geo.neighbours("Russia", MAP)
    assert {"Norway", "Finland", "Estonia", "Latvia", "Poland", "Lithuania"} <= set(russia)
    assert "Sweden" not in russia, "a sea between them is not a border"
    assert "Poland" in russia, "Kaliningrad's border is Russia's"
    with pytest.raises(ValueError, match="not a country on the map"):
        geo.neighbours("Czechia", MAP)
