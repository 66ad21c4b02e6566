"""The explorers redraw once per control change, coalesce bursts, and display a static copy."""

from __future__ import annotations

import base64
import html
import re
import threading
from typing import Any

import ipywidgets as widgets
import pandas as pd
import pytest

from nato_russia import charts, data, explore, palette
from nato_russia.explore import ALL, CUSTOM, Explorer

# Records the tests change controls to (the first area in the Gantt chart, a quoted document).
FIRST_AREA = "area-peacekeeping"
A_DOCUMENT = "doc-london-declaration"
COURSE: data.Course  # the session's course, set by _course below when the first test runs
PERIODS = [f"p{lesson:02d}" for lesson in range(1, 9)]  # one period per lesson, 01 to 08


@pytest.fixture(autouse=True, scope="module")
def _course(course: data.Course) -> None:
    """Give this module's tests the session's course: loaded at run time, never at import."""
    global COURSE
    COURSE = course


def test_the_records_named_above_exist() -> None:
    assert COURSE.areas["id"].iloc[0] == FIRST_AREA
    assert A_DOCUMENT in set(COURSE.quotations["document"])
    assert sorted(COURSE.periods["id"]) == PERIODS

# (explorer, default options, control, new value): one change of every kind of control.
CHANGES: list[tuple[str, dict[str, Any], str, Any]] = [
    ("timeline", {}, "period", "p03"),
    ("timeline", {}, "years", (2000, 2010)),
    ("timeline", {}, "kind:summit", False),
    ("cooperation", {}, "period", "p05"),
    ("cooperation", {}, "years", (2005, 2015)),
    ("cooperation", {}, f"area:{FIRST_AREA}", False),
    ("membership", {}, "period", "p03"),
    ("membership", {}, "years", (1995, 2010)),
    ("membership", {}, "signal", False),
    ("events_per_year", {}, "period", "p04"),
    ("events_per_year", {}, "years", (2000, 2010)),
    ("events_per_year", {}, "kind:enlargement", False),
    ("relationship_index", {}, "period", "p06"),
    ("relationship_index", {}, "years", (2000, 2020)),
    ("relationship_index", {}, "weight:enlargement", 2.5),
    ("relationship_index", {}, "mode", "rolling"),
    ("relationship_index", {"mode": "rolling"}, "window", 6),
    ("quotations", {}, "period", "p03"),
    ("quotations", {}, "document", A_DOCUMENT),
    ("map", {}, "year", 2004),
    ("map", {}, "period", "p05"),
    ("map", {}, "layer:contested", False),
]

FACTORIES = explore.EXPLORERS
# Explorers with a period dropdown and a year-range slider (the map has one year, not a range).
WINDOWED = [n for n in FACTORIES if n not in ("quotations", "map")]


def view(explorer: Explorer) -> Any:
    """What the explorer currently shows: PNG bytes, or HTML for the quotation browser."""
    return explorer.html if isinstance(explorer, explore.QuotationExplorer) else explorer.png


@pytest.mark.parametrize(("name", "options", "control", "value"), CHANGES,
                         ids=[f"{n}-{c}" for n, _, c, _ in CHANGES])
def test_each_control_change_redraws_once(name: str, options: dict[str, Any], control: str,
                                          value: Any) -> None:
    explorer = FACTORIES[name](COURSE, **options)
    assert explorer.redraws == 1  # the first draw, so there is something to display
    before = view(explorer)
    assert before
    explorer.controls[control].value = value
    assert explorer.wait(timeout=60)
    assert explorer.redraws == 2
    assert view(explorer) != before
    assert explorer.error == ""
    if isinstance(explorer, explore.ChartExplorer):
        assert explorer.image.value == explorer.png
        assert explorer.png.startswith(b"\x89PNG")


def test_period_and_years_keep_each_other_true() -> None:
    explorer = explore.timeline(COURSE)
    period, years = explorer.controls["period"], explorer.controls["years"]
    assert (period.value, years.value) == (ALL, (1990, 2024))
    steps = [(period, "p03", years, (1997, 2001)), (years, (2008, 2009), period, "p05"),
             (years, (2008, 2012), period, CUSTOM), (period, ALL, years, (1990, 2024))]
    for number, (changed, value, follower, follows) in enumerate(steps, start=2):
        changed.value = value
        assert follower.value == follows
        assert explorer.wait(timeout=60)
        assert explorer.redraws == number  # one per change, none for the control set in step
    years.value = (2008, 2012)
    assert explorer.wait(timeout=60)
    assert "2008–2012" in explorer.alt_text
    period.value = "p05"
    period.value = CUSTOM  # picked by hand: it changes nothing, so no redraw
    assert explorer.wait(timeout=60)
    assert years.value == (2008, 2009)
    assert "2008–2009" in explorer.alt_text


@pytest.mark.parametrize("name", WINDOWED)
def test_explorers_open_on_a_period_or_years(name: str) -> None:
    on_period = FACTORIES[name](COURSE, period="p03")
    assert on_period.controls["years"].value == (1997, 2001)
    assert "1997–2001" in on_period.alt_text
    on_years = FACTORIES[name](COURSE, start=1997, end=2001)
    assert on_years.controls["period"].value == "p03"
    assert on_years.png == on_period.png
    assert FACTORIES[name](COURSE, start=1997, end=2003).controls["period"].value == CUSTOM


def test_explorers_reject_unknown_defaults() -> None:
    with pytest.raises(ValueError, match="unknown period"):
        explore.timeline(COURSE, period="p99")
    with pytest.raises(ValueError, match="unknown event kind"):
        explore.timeline(COURSE, kinds=["parade"])
    with pytest.raises(ValueError, match="unknown event kind"):
        explore.relationship_index(COURSE, weights={"parade": 2})
    with pytest.raises(ValueError, match="unknown cooperation area"):
        explore.cooperation(COURSE, areas=["area-nowhere"])
    with pytest.raises(ValueError, match="start <= end"):
        explore.membership(COURSE, start=2010, end=2000)
    with pytest.raises(ValueError, match="no quotations from document"):
        explore.quotations(COURSE, document="doc-nowhere")


def test_default_options_reach_the_chart() -> None:
    explorer = explore.timeline(COURSE, kinds=["summit", "conflict"])
    assert [k for k in palette.KINDS if explorer.controls[f"kind:{k}"].value] == [
        "summit", "conflict"]
    assert set(charts.chart_data(explorer.figure)["kind"]) <= {"summit", "conflict"}
    index = explore.relationship_index(COURSE, weights={"enlargement": 2}, mode="rolling",
                                       window=5)
    assert index.weights["enlargement"] == 2.0 and index.weights["summit"] == 1.0
    assert "5-year rolling" in index.alt_text
    assert explore.membership(COURSE, signal=False).controls["signal"].value is False


def test_a_burst_of_changes_costs_one_redraw_showing_the_last_value() -> None:
    explorer = explore.timeline(COURSE)
    years = explorer.controls["years"]
    with explorer._coalescer.hold():  # as if the first redraw were still running
        for last in range(1995, 2015):
            years.value = (1990, last)
    assert explorer.wait(timeout=60)
    assert explorer.redraws == 2
    assert explorer.years == (1990, 2014)
    assert "1990–2014" in explorer.alt_text
    assert explorer._coalescer.idle


def test_the_redraw_thread_ends_when_idle() -> None:
    explorer = explore.membership(COURSE)
    explorer.controls["signal"].value = False
    assert explorer.wait(timeout=60)
    assert explorer._coalescer._worker is None
    assert not [t for t in threading.enumerate()
                if t.name == "nato-russia-redraw" and t.is_alive() and t is not None
                and explorer._coalescer._worker is t]


def test_reset_weights_is_one_change() -> None:
    explorer = explore.relationship_index(COURSE, weights={"enlargement": 3, "summit": 0})
    default = explore.relationship_index(COURSE)
    explorer.controls["reset"].click()
    assert explorer.wait(timeout=60)
    assert explorer.redraws == 2
    assert set(explorer.weights.values()) == {1.0}
    assert explorer.png == default.png


def test_a_failing_redraw_is_shown_in_the_explorer_then_cleared() -> None:
    explorer = explore.events_per_year(COURSE)
    working = explorer._chart

    def broken(fig: Any) -> Any:
        raise RuntimeError("no ink left")

    explorer._chart = broken  # type: ignore[method-assign]
    explorer.controls["period"].value = "p02"
    assert explorer.wait(timeout=60)
    assert "no ink left" in explorer.error
    assert explorer.status.layout.display != "none" and "no ink left" in explorer.status.value
    explorer._chart = working  # type: ignore[method-assign]
    explorer.controls["period"].value = "p03"
    assert explorer.wait(timeout=60)
    assert explorer.error == "" and explorer.status.layout.display == "none"


@pytest.mark.parametrize("name", FACTORIES)
def test_sliders_send_their_value_only_on_release(name: str) -> None:
    explorer = FACTORIES[name](COURSE)
    sliders = [c for c in explorer.controls.values()
               if isinstance(c, (widgets.IntRangeSlider, widgets.FloatSlider, widgets.IntSlider))]
    assert all(s.continuous_update is False for s in sliders)


@pytest.mark.parametrize("name", [n for n in FACTORIES if n != "quotations"])
def test_chart_explorer_mimebundle_has_widget_and_static_png(name: str) -> None:
    explorer = FACTORIES[name](COURSE)
    bundle = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == (
        explorer.widget.model_id)
    assert base64.b64decode(bundle["image/png"]) == explorer.png
    assert bundle["text/plain"] == f"{explorer.label}: {explorer.alt_text}"
    assert "0x" not in bundle["text/plain"]  # no memory address for nbval to trip on
    assert "nato-explorer" in explorer.widget._dom_classes
    assert "nato-explorer-chart" in explorer.image._dom_classes
    assert html.escape(explorer.alt_text) in explorer.caption.value
    assert explorer.image.tooltip is None  # a tooltip breaks ImageView in ipywidgets 8.1


def test_static_png_follows_the_controls() -> None:
    explorer = explore.membership(COURSE)
    explorer.controls["period"].value = "p04"  # set in code, then displayed at once
    bundle = explorer._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]) == explorer.png
    assert "2002–2007" in bundle["text/plain"]


def test_an_explorer_loads_the_course_itself() -> None:
    assert explore.events_per_year().course.path == COURSE.path


# --------------------------------------------------------------------------- quotations


def expected_quotations(period: str | None = None, document: str | None = None) -> pd.DataFrame:
    table = COURSE.quotations.merge(COURSE.events[["id", "period"]].rename(
        columns={"id": "event"}), on="event")
    if period:
        table = table[table["period"] == period]
    if document:
        table = table[table["document"] == document]
    return table


@pytest.mark.parametrize("period", PERIODS)
def test_quotation_browser_lists_the_period_quotations_with_links(period: str) -> None:
    browser = explore.quotations(COURSE, period=period)
    expected = expected_quotations(period=period)
    page = browser.html
    quotes = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", page, flags=re.S)
    assert sorted(html.unescape(q) for q in quotes) == sorted(expected["text"])
    documents = COURSE.documents.set_index("id")
    for document in expected["document"]:
        url, title = documents.loc[document, "url"], documents.loc[document, "title"]
        assert f'href="{html.escape(url)}"' in page
        assert html.escape(title) in page
    assert page.count("<blockquote") == len(expected)


def _widgets(root: widgets.Widget) -> list[widgets.Widget]:
    """A widget and every widget inside it."""
    return [root] + [w for child in getattr(root, "children", ()) for w in _widgets(child)]


@pytest.mark.parametrize("name", WINDOWED)
def test_the_years_are_shown_beside_the_slider_not_over_its_handle(name: str) -> None:
    explorer = FACTORIES[name](COURSE, period="p03")
    years = explorer.controls["years"]
    assert years.readout is False, "the slider's own readout sits under its right handle"
    shown = [w for w in _widgets(explorer.widget) if "nato-explorer-years" in w._dom_classes]
    assert len(shown) == 1 and shown[0].value == "1997–2001"
    years.value = (2000, 2010)
    assert shown[0].value == "2000–2010"
    explorer.controls["period"].value = "p01"
    assert shown[0].value == "1990–1993"


# The year slider's handles are 16 px wide; its track takes the rest of the row or a row of
# its own, 268 px at the least measured in Chromium (tests/browser/test_chart_text.py).
HANDLE_PX, NARROWEST_TRACK_PX = 16, 260


@pytest.mark.parametrize("name", WINDOWED)
def test_the_year_slider_keeps_the_handles_of_every_period_apart(name: str) -> None:
    explorer = FACTORIES[name](COURSE)
    years = explorer.controls["years"]
    for period in COURSE.periods.itertuples():
        explorer.controls["period"].value = period.id
        first, last = years.value
        assert (first, last) == (period.start.year, period.end.year)
        assert years.min <= first <= last <= years.max
        if first != last:  # a one-year period has one position for both handles
            apart = (last - first) / (years.max - years.min) * NARROWEST_TRACK_PX
            assert apart >= HANDLE_PX, f"{period.id}: handles {apart:.0f} px apart"
    explorer.controls["period"].value = ALL
    assert (years.min, years.max) == years.value == (1990, 2024)


def test_a_zoomed_year_slider_still_takes_any_years_and_rejects_others() -> None:
    explorer = explore.timeline(COURSE, period="p05")
    years = explorer.controls["years"]
    assert (years.min, years.max) == (2002, 2014)  # twelve years around 2008-2009
    years.value = (1991, 1995)  # set from code: not clamped to what the slider shows
    assert years.value == (1991, 1995) and explorer.years == (1991, 1995)
    assert (years.min, years.max) == (1990, 2024)
    with pytest.raises(Exception, match="1990 <= start <= end <= 2024"):
        years.value = (1985, 1995)
    assert years.value == (1991, 1995)


def _listed_documents(browser: explore.QuotationExplorer) -> list[str]:
    return [value for _, value in browser.controls["document"].options if value != ALL]


def test_quotation_browser_lists_the_documents_of_the_chosen_period() -> None:
    browser = explore.quotations(COURSE, period="p01")
    quoted = set(expected_quotations(period="p01")["document"])
    assert set(_listed_documents(browser)) == quoted
    assert A_DOCUMENT in quoted
    browser.controls["document"].value = A_DOCUMENT  # narrows within the period
    assert browser.controls["period"].value == "p01"
    assert browser.redraws == 2
    expected = expected_quotations(period="p01", document=A_DOCUMENT)
    assert sorted(browser.selection()["id"]) == sorted(expected["id"])
    browser.controls["period"].value = "p03"  # does not quote the London Declaration
    assert browser.controls["document"].value == ALL
    assert set(_listed_documents(browser)) == set(expected_quotations(period="p03")["document"])
    assert browser.redraws == 3, "one redraw for the period and the document it reset"
    browser.controls["period"].value = ALL
    assert set(_listed_documents(browser)) == set(COURSE.quotations["document"])


def test_quotation_browser_keeps_a_document_the_new_period_quotes() -> None:
    browser = explore.quotations(COURSE, document=A_DOCUMENT)
    browser.controls["period"].value = "p01"
    assert browser.controls["document"].value == A_DOCUMENT


def test_quotation_browser_refuses_a_document_outside_the_period() -> None:
    assert len(explore.quotations(COURSE, period="p01", document=A_DOCUMENT).selection())
    with pytest.raises(ValueError, match="has no quotations in period 'p03'"):
        explore.quotations(COURSE, period="p03", document=A_DOCUMENT)


def test_quotation_links_look_like_links() -> None:
    page = explore.quotations(COURSE).html
    links = re.findall(r"<a [^>]*>", page)
    assert links and all("text-decoration: underline" in link for link in links)


def test_quotation_browser_static_fallback_is_its_html() -> None:
    browser = explore.quotations(COURSE, period="p05")
    bundle = browser._repr_mimebundle_()
    assert bundle["text/html"] == browser.html
    assert "image/png" not in bundle
    assert "application/vnd.jupyter.widget-view+json" in bundle
    count = len(expected_quotations(period="p05"))
    assert bundle["text/plain"].startswith(f"Quotation browser: {count} quotation")


def test_quotations_html_escapes_and_handles_an_empty_choice() -> None:
    row = pd.DataFrame([{"text": "<b>both</b> & more", "doc_title": "A & B",
                         "doc_date": pd.Timestamp("1997-05-27"),
                         "url": "https://example.org/?a=1&b=2", "location": None, "note": None}])
    page = explore.quotations_html(row)
    assert "&lt;b&gt;both&lt;/b&gt; &amp; more" in page
    assert 'href="https://example.org/?a=1&amp;b=2"' in page and "27 May 1997" in page
    assert "No quotation" in explore.quotations_html(row.iloc[0:0])
