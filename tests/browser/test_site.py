"""The reader's edition, built as `make site` builds it and read in a real Chromium.

One build for the module (into a temporary folder, served on 127.0.0.1), then every page is
opened as a reader opens it: no broken internal link, no missing image, every chart with alt
text, no solution text, no widget error, and a Binder link that opens that page's notebook.
"""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import nbformat
import pytest
from course_files import ROOT, notebooks

from nato_russia import explore
from nato_russia.authoring.solution_blocks import Block, split

pytest.importorskip("playwright.sync_api", reason="the Playwright package is not installed")
pytest.importorskip("myst_nb", reason="the site builder (the dev lock's site extra) is missing")

pytestmark = pytest.mark.browser

LESSONS = notebooks("notebooks")
EXERCISES = notebooks("exercises")
# Sphinx's own pages, which render no course file: no Binder link on them.
GENERATED = {"genindex.html", "search.html"}
WIDGET_ERRORS = ("Error displaying widget", "Failed to create view", "Model not found")
BUILD_TIMEOUT = 600  # seconds; about 15 s on an idle 2-core machine
# Every explorer's plain-text label ("Timeline explorer: "), found in the package so a new
# explorer (the map) is counted without a list to update.
EXPLORER_LABELS = tuple(sorted(
    f"{cls.label}: " for cls in vars(explore).values()
    if isinstance(cls, type) and issubclass(cls, explore.Explorer)
    and cls.label != explore.Explorer.label))


@dataclass
class Site:
    """A built site and where it is served."""

    folder: Path
    url: str
    log: str

    def pages(self) -> list[str]:
        """Every page, by its path in the site (not the themes' templates in _static/)."""
        found = (p.relative_to(self.folder) for p in self.folder.rglob("*.html"))
        return sorted(str(p) for p in found if p.parts[0] != "_static")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # the test reports failures, not every GET
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("site") / "html"
    result = subprocess.run([sys.executable, str(ROOT / "site" / "build.py"), str(folder)],
                            cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    assert result.returncode == 0, f"the site did not build:\n{result.stderr[-4000:]}"
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(folder, f"http://127.0.0.1:{server.server_address[1]}", result.stderr)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --------------------------------------------------------------------------- the build


def test_the_site_builds_without_a_warning(site: Site) -> None:
    # Sphinx warns about a link whose target is missing and a page left out of the contents.
    assert "WARNING" not in site.log, site.log[-4000:]


def test_every_lesson_and_exercise_has_a_page_in_course_order(site: Site) -> None:
    expected = [f"{p.parent.name}/{p.stem}.html" for p in LESSONS + EXERCISES]
    start = (site.folder / "index.html").read_text(encoding="utf-8")
    # The start page's table of contents, in the order it lists its pages.
    listed = re.findall(r'<li class="toctree-l1"><a class="reference internal" href="([^"#]+)"',
                        start.split('<div class="toctree-wrapper', 1)[1])
    assert [page for page in listed if page in expected] == expected
    assert {"notebooks/glossary.html", "instructors/README.html", "data/README.html"} <= set(listed)


def test_no_solution_notebook_is_published(site: Site) -> None:
    assert not (site.folder / "solutions").exists()
    assert not list(site.folder.rglob("solutions/*"))


# --------------------------------------------------------------------------- every page


def _normal(text: str) -> str:
    """Text reduced to lowercase words, so source lines compare with rendered text."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def secret_lines(shown_sources: list[Path]) -> set[str]:
    """Lines of the solution blocks in solutions/ that no published source also contains."""
    public = " ".join(_normal(path.read_text(encoding="utf-8")) for path in shown_sources)
    secret = set()
    for path in notebooks("solutions"):
        for cell in nbformat.read(path, as_version=4).cells:
            for segment in split(cell.source):
                if isinstance(segment, Block):
                    secret |= {_normal(line) for line in segment.lines}
    # Short lines (``x = 3``) are not an answer given away, and would match by chance.
    return {line for line in secret if len(line) >= 16 and line not in public}


def leaks(text: str, secrets: set[str]) -> list[str]:
    """The secret lines that appear in ``text``."""
    normal = _normal(text)
    return sorted(line for line in secrets if line in normal)


def test_the_leak_check_finds_a_solution_line_in_a_page() -> None:
    secrets = secret_lines(LESSONS + EXERCISES)
    assert secrets, "the solutions have solution blocks to compare with"
    line = sorted(secrets)[0]
    assert leaks(f"<p>Some page.</p><pre>{line.upper()}</pre>", secrets) == [line]
    assert leaks("<p>Some page.</p>", secrets) == []


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids |= {value for name, value in attrs if name in ("id", "name") and value}


@functools.cache
def _anchors(path: Path) -> frozenset[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return frozenset(parser.ids)


def _notebook_of(page: str) -> str | None:
    """The repository path of the notebook a page renders, if it renders one."""
    source = ROOT / Path(page).with_suffix(".ipynb")
    return str(source.relative_to(ROOT)) if source.is_file() else None


def _readme_binder() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    course = re.search(r"^\[binder\]:\s*(\S+)", readme, flags=re.M)
    assert course, "README.md defines [binder]"
    return course.group(1)


def _expected_binder(page: str) -> str:
    """The ``urlpath`` a page's Binder link must have: its notebook, or the course's start."""
    notebook = _notebook_of(page)
    return f"lab/tree/{notebook}" if notebook else parse_qs(
        urlsplit(_readme_binder()).query)["urlpath"][0]


PAGE_FACTS = """
() => ({
  // All text, folded blocks included: a solution must not hide in one either.
  text: document.body.textContent,
  images: [...document.images].map(img => ({
    src: img.currentSrc || img.src, alt: img.getAttribute('alt'),
    loaded: img.complete && img.naturalWidth > 0,
    chart: !!img.closest('.cell_output'),
    fullSize: img.closest('a')?.href === img.src,
  })),
  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  binder: [...document.querySelectorAll('.course-page-header a.binder-link')].map(a => a.href),
  details: [...document.querySelectorAll('article details')].map(d => ({
    open: d.open,
    hidden: [...d.children].filter(c => c.tagName !== 'SUMMARY')
                           .every(c => !c.checkVisibility()),
  })),
  quotations: document.querySelectorAll('.nato-quotations blockquote').length,
  explorerNotes: [...document.querySelectorAll('.explorer-note a')].map(a => a.href),
  readingTime: document.querySelector('.course-page-header .reading-time')?.innerText || '',
})
"""


def _source_facts(page: str) -> dict[str, int]:
    """What a page must show, counted in the notebook it renders."""
    notebook = _notebook_of(page)
    if notebook is None:
        return {"charts": 0, "quotations": 0, "details": 0, "explorers": 0}
    cells = nbformat.read(ROOT / notebook, as_version=4).cells
    outputs = [o for c in cells if c.cell_type == "code" for o in c.get("outputs", [])]
    quotations = 0
    for output in outputs:
        plain = output.get("data", {}).get("text/plain", "")
        found = re.match(r"Quotation browser: (\d+) quotations?", plain)
        quotations += int(found.group(1)) if found else 0
    return {
        "charts": sum("image/png" in o.get("data", {}) for o in outputs),
        "quotations": quotations,
        "details": sum(c.source.count("<details") for c in cells if c.cell_type == "markdown"),
        "explorers": sum(o.get("data", {}).get("text/plain", "").startswith(EXPLORER_LABELS)
                         for o in outputs),
    }


@pytest.fixture(scope="module")
def secrets() -> set[str]:
    published = [ROOT / page for page in
                 ("notebooks/glossary.md", "instructors/README.md", "data/README.md")]
    return secret_lines(LESSONS + EXERCISES + published)


def test_every_page_reads_whole_in_chromium(site: Site, browser: Any, secrets: set[str]) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    failed: list[str] = []
    tab.on("response", lambda r: failed.append(f"{r.status} {r.url}")
           if r.status >= 400 and r.url.startswith(site.url) else None)
    tab.on("requestfailed", lambda r: failed.append(f"failed {r.url}")
           if r.url.startswith(site.url) else None)
    # The site works offline and tells no third party who reads it: nothing loads from elsewhere.
    tab.on("request", lambda r: failed.append(f"from another site {r.url}")
           if not r.url.startswith((site.url, "data:", "blob:")) else None)
    problems: list[str] = []
    try:
        for page in site.pages():
            failed.clear()
            tab.goto(f"{site.url}/{page}", wait_until="load")
            facts = tab.evaluate(PAGE_FACTS)
            problems += [f"{page}: {p}" for p in _page_problems(site, page, facts, secrets)]
            problems += [f"{page}: could not load {f}" for f in failed
                         if not f.endswith("/favicon.ico")]
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _page_problems(site: Site, page: str, facts: dict[str, Any],
                   secrets: set[str]) -> Iterator[str]:
    for error in WIDGET_ERRORS:
        if error in facts["text"]:
            yield f"shows {error!r}"
    for line in leaks(facts["text"], secrets):
        yield f"shows solution text {line!r}"
    for image in facts["images"]:
        if not image["loaded"]:
            yield f"missing image {image['src']}"
        if image["chart"] and not describes(image["alt"] or "", image["src"]):
            yield f"chart without alt text {image['src']} (alt={image['alt']!r})"
        if image["chart"] and not image["fullSize"]:
            yield f"chart without a link to its full-size picture {image['src']}"
    for href in facts["links"]:
        yield from _link_problems(site, href)
    expected = _source_facts(page)
    charts = [i for i in facts["images"] if i["chart"]]
    if len(charts) != expected["charts"]:
        yield f"{len(charts)} charts shown, {expected['charts']} stored in its notebook"
    if facts["quotations"] != expected["quotations"]:
        yield f"{facts['quotations']} quotations shown as text, {expected['quotations']} stored"
    if len(facts["details"]) != expected["details"]:
        yield f"{len(facts['details'])} folded blocks, {expected['details']} in its notebook"
    notes = facts["explorerNotes"]
    if len(notes) != expected["explorers"]:
        yield f"{len(notes)} notes on where controls work, {expected['explorers']} explorers"
    if any(note not in facts["binder"] for note in notes):
        yield "an explorer's note does not launch this page's notebook"
    if any(d["open"] or not d["hidden"] for d in facts["details"]):
        yield "a folded block is open"
    if page in GENERATED:
        return
    if len(facts["binder"]) != 1:
        yield f"{len(facts['binder'])} Binder links under the title, not 1"
    else:
        link, course = urlsplit(facts["binder"][0]), urlsplit(_readme_binder())
        urlpath = parse_qs(link.query).get("urlpath", [""])[0]
        if urlpath != _expected_binder(page):
            yield f"Binder opens {urlpath!r}, not {_expected_binder(page)!r}"
        if link._replace(query="") != course._replace(query=""):
            yield f"Binder link {facts['binder'][0]} is not README.md's [binder] address"
    reading = facts["readingTime"].strip()
    if (page.startswith("notebooks/") and _notebook_of(page)
            and not re.fullmatch(r"About \d+ min to read", reading)):
        yield f"no reading time under the title (found {reading!r})"


def describes(alt: str, src: str) -> bool:
    """Whether an image's alt text describes it (Sphinx puts the file's path there if none)."""
    name = src.rsplit("/", 1)[-1]
    return bool(alt.strip()) and name not in alt and not re.search(r"\.(png|jpe?g|svg)$", alt)


def _link_problems(site: Site, href: str) -> Iterator[str]:
    if not href.startswith(site.url):
        return  # another site: not ours to check offline
    parts = urlsplit(href)
    path = site.folder / unquote(parts.path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        yield f"broken link {href}"
    elif (parts.fragment and path.suffix == ".html"
          and unquote(parts.fragment) not in _anchors(path)):
        yield f"broken anchor {href}"


def test_search_finds_a_lesson(site: Site, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    try:
        tab.goto(f"{site.url}/search.html?q=Founding+Act")
        tab.wait_for_selector("#search-results li a")
        found = tab.eval_on_selector_all("#search-results li a", "links => links.map(a => a.href)")
    finally:
        context.close()
    assert any("notebooks/03_1997_founding_act.html" in href for href in found), found


def test_a_file_name_is_no_alt_text() -> None:
    src = "http://127.0.0.1:8000/_images/19cc0b8f.png"
    assert not describes("../_images/19cc0b8f.png", src)
    assert not describes(" ", src)
    assert describes("Timeline explorer: Timeline of 65 events, 1990–2024.", src)


def test_page_facts_are_counted_from_the_notebooks() -> None:
    # The browser check compares pages with these counts: they must see what lessons hold.
    introduction = _source_facts("notebooks/00_introduction.html")
    assert introduction["charts"] >= 2 and introduction["quotations"] >= 1
    assert _source_facts(f"exercises/{EXERCISES[0].stem}.html")["details"] >= 1
    assert introduction["explorers"] >= 1
    assert not any(_source_facts("notebooks/glossary.html").values())
    exercise = f"exercises/{EXERCISES[0].name}"
    assert _expected_binder(exercise.replace(".ipynb", ".html")) == f"lab/tree/{exercise}"
    assert _expected_binder("index.html").startswith("lab/tree/")
