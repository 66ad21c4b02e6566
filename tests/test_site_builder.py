"""The reader's edition's builder, piece by piece (the built site is tested in a browser,
in tests/browser/test_site.py)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
from course_files import ROOT, notebooks
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

sys.path.insert(0, str(ROOT / "site" / "_ext"))
from course_site import binder, chart_alt, links, page_header, source_labels  # noqa: E402

from nato_russia.hosts import Host  # noqa: E402

_spec = importlib.util.spec_from_file_location("course_site_build", ROOT / "site" / "build.py")
assert _spec is not None and _spec.loader is not None
site_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(site_build)

README_ADDRESS = "https://binder.example/v2/gh/org/repo/HEAD?urlpath=lab/tree/notebooks/00_x.ipynb"


def test_the_site_renders_every_lesson_and_exercise_and_no_solution() -> None:
    pages = {str(path) for path in site_build.page_files()}
    expected = {str(path.relative_to(ROOT)) for path in notebooks("notebooks", "exercises")}
    assert expected <= pages
    assert {"notebooks/glossary.md", "instructors/README.md", "data/README.md"} <= pages
    assert {"instructors/syllabus.md", "instructors/reading-list.md"} <= pages
    assert not [page for page in pages if page.startswith("solutions/")]


def test_the_instructors_pages_are_built_and_listed_on_the_start_page(tmp_path: Path) -> None:
    # The instructor's kit as the site renders it: each page built, and in the start page's
    # contents, with the links between them (guide, syllabus, reading list) working.
    for page in ("README.md", "notebooks/glossary.md", "data/README.md", "data/schema.json",
                 *(str(p.relative_to(ROOT)) for p in (ROOT / "instructors").glob("*.md"))):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text((ROOT / page).read_text(encoding="utf-8"), encoding="utf-8")
    site = tmp_path / "site"
    site_build.build(site, tmp_path)
    start = (site / "index.html").read_text(encoding="utf-8")
    for name in ("README", "syllabus", "reading-list"):
        assert (site / "instructors" / f"{name}.html").is_file()
        assert f'href="instructors/{name}.html"' in start
    syllabus = (site / "instructors" / "syllabus.html").read_text(encoding="utf-8")
    assert 'href="reading-list.html"' in syllabus and 'href="README.html"' in syllabus
    assert "Week 10: lesson 09" in syllabus
    reading = (site / "instructors" / "reading-list.html").read_text(encoding="utf-8")
    assert 'href="https://doi.org/10.7312/asmu12776"' in reading


def test_the_binder_address_is_read_from_the_readme(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# A course\n\n[![badge][binder-badge]][binder]\n\n"
                      f"[binder]: {README_ADDRESS}\n"
                      "[binder-badge]: https://binder.example/badge.svg\n", encoding="utf-8")
    assert binder.course_address(readme) == README_ADDRESS
    assert binder.course_address(ROOT / "README.md").startswith("https://mybinder.org/v2/gh/")


@pytest.mark.parametrize(("text", "problem"), [
    ("# A course without a Binder link\n", "exactly once (found 0)"),
    (f"[binder]: {README_ADDRESS}\n[binder]: {README_ADDRESS}\n", "exactly once (found 2)"),
    ("[binder]: https://binder.example/v2/gh/org/repo/HEAD\n", "no urlpath="),
])
def test_a_readme_without_one_usable_binder_address_says_what_is_wrong(
        tmp_path: Path, text: str, problem: str) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    with pytest.raises(binder.BinderError, match=re.escape(problem)):
        binder.course_address(readme)


def test_a_missing_readme_is_named() -> None:
    with pytest.raises(binder.BinderError, match="cannot read .*nowhere.md"):
        binder.course_address(Path("/nowhere.md"))


def test_a_page_address_opens_that_notebook_and_keeps_the_rest() -> None:
    address = binder.page_address(README_ADDRESS, "exercises/03_1997_founding_act.ipynb")
    parts, course = urlsplit(address), urlsplit(README_ADDRESS)
    assert (parts.scheme, parts.netloc, parts.path) == (course.scheme, course.netloc, course.path)
    assert parse_qs(parts.query) == {"urlpath": ["lab/tree/exercises/03_1997_founding_act.ipynb"]}


@pytest.mark.parametrize(("heading", "anchor"), [
    ("PfP", "PfP"), ("NATO-Russia Council", "NATO-Russia-Council"), (" CFE ", "CFE")])
def test_heading_anchors_keep_their_case_as_in_jupyterlab(heading: str, anchor: str) -> None:
    assert links.heading_slug(heading) == anchor


@pytest.mark.parametrize(("docname", "target", "waiting"), [
    ("notebooks/05_b", "06_c.ipynb", True),  # lesson 06 is not written yet
    ("notebooks/05_b", "06_c.ipynb#Next", True),
    ("exercises/05_b", "../notebooks/06_c.ipynb", True),
    ("notebooks/05_b", "04_a.ipynb", False),  # written: an ordinary link
    ("notebooks/05_b", "04_wrong_name.ipynb", False),  # lesson 04 exists: a broken link
    ("notebooks/05_b", "../solutions/06_c.ipynb", False),  # not a folder of the site
    ("notebooks/05_b", "glossary.md", False),
])
def test_only_links_to_lessons_not_written_yet_wait_as_text(
        tmp_path: Path, docname: str, target: str, waiting: bool) -> None:
    for folder in ("notebooks", "exercises"):
        (tmp_path / folder).mkdir()
        for name in ("04_a", "05_b"):
            (tmp_path / folder / f"{name}.ipynb").write_text("{}", encoding="utf-8")
    assert links.to_come(tmp_path, docname, target) is waiting


@pytest.mark.parametrize(("target", "exercise"), [
    ("../my_work/03_1997_founding_act_exercises.ipynb", "../exercises/03_1997_founding_act.ipynb"),
    ("my_work/00_introduction_exercises.ipynb", "exercises/00_introduction.ipynb"),
    ("../exercises/03_1997_founding_act.ipynb", None),
    ("../my_work/notes.ipynb", None),
    ("../my_work/09_capstone_mine.ipynb", "../notebooks/09_capstone_extend_the_dataset.ipynb"),
])
def test_a_link_to_a_students_copy_leads_to_the_exercise_on_the_site(
        target: str, exercise: str | None) -> None:
    # my_work/ exists only where the course runs; the site shows the exercise it copies.
    assert links.exercise_of_copy(target) == exercise


@pytest.mark.parametrize(("text", "usable"), [
    ("Timeline explorer: Timeline of 65 events, 1990–2024.", True),
    ("<Figure size 640x480 with 1 Axes>", False),
    ("   ", False),
])
def test_only_a_description_becomes_alt_text(text: str, usable: bool) -> None:
    assert chart_alt.describes(text) is usable


def _parse(rst: str) -> nodes.document:
    document = new_document("<test>", get_default_settings(Parser))
    Parser().parse(rst, document)
    return document


def test_reading_time_counts_prose_and_skips_code_cells() -> None:
    prose = " ".join(["word"] * 450)
    document = _parse(f"Title\n=====\n\n{prose}\n")
    cell = nodes.container(classes=["cell"])
    cell += nodes.literal_block(text=" ".join(["code"] * 5000))
    document.children[0] += cell
    assert page_header.reading_minutes(document) == 3  # 452 words at 200 a minute


def test_links_to_the_glossary_and_between_notebooks_become_links_between_pages(
        tmp_path: Path) -> None:
    # A lesson links terms as JupyterLab resolves them: glossary.md#PfP, ../exercises/x.ipynb.
    for page in ("README.md", "notebooks/glossary.md", "instructors/README.md", "data/README.md",
                 "data/schema.json"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text((ROOT / page).read_text(encoding="utf-8"), encoding="utf-8")
    lesson = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# 00 · A lesson\n\nThe [PfP](glossary.md#PfP) began in 1994; "
        "[practise it](../exercises/00_a_lesson.ipynb) with [the data](../data/schema.json) "
        "([fact sheet, a copy](https://docslib.org/doc/1/x)).")])
    exercise = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# 00 · Exercises\n\nAfter [the lesson](../notebooks/00_a_lesson.ipynb).")])
    (tmp_path / "exercises").mkdir()
    nbformat.write(lesson, tmp_path / "notebooks" / "00_a_lesson.ipynb")
    nbformat.write(exercise, tmp_path / "exercises" / "00_a_lesson.ipynb")
    site_build.build(tmp_path / "site", tmp_path)
    page = (tmp_path / "site" / "notebooks" / "00_a_lesson.html").read_text(encoding="utf-8")
    glossary = (tmp_path / "site" / "notebooks" / "glossary.html").read_text(encoding="utf-8")
    anchor = re.search(r'href="glossary.html#([^"]+)"', page)
    assert anchor and f'id="{anchor.group(1)}"' in glossary
    assert 'href="../exercises/00_a_lesson.html"' in page
    assert re.search(r'href="https://docslib.org/doc/1/x"[^>]*>.*?</a>\s*'
                     r'<span class="source-label">copy</span>', page)
    download = re.search(r'href="(\.\./_downloads/[^"]+/schema.json)"', page)
    assert download and (tmp_path / "site" / "notebooks" / download.group(1)).is_file()
    back = (tmp_path / "site" / "exercises" / "00_a_lesson.html").read_text(encoding="utf-8")
    assert 'href="../notebooks/00_a_lesson.html"' in back


def test_a_link_to_a_copy_a_snapshot_or_a_partisan_source_gets_a_label_beside_it() -> None:
    table = {"docslib.org": Host("docslib.org", "copy", False, "a sharing site"),
             "web.archive.org": Host("web.archive.org", "archive", False, "snapshots"),
             "tass.com": Host("tass.com", "press", True, "state media"),
             "nato.int": Host("nato.int", "issuer", False, "NATO")}
    document = new_document("page", get_default_settings(Parser))
    paragraph = nodes.paragraph()
    for url in ("https://docslib.org/doc/1/x", "https://web.archive.org/web/2014/http://a.ru/",
                "https://tass.com/world/1", "https://www.nato.int/a.htm", "glossary.html#PfP"):
        paragraph += nodes.reference("", "a link", refuri=url)
    document += paragraph
    assert source_labels.add_labels(document, table) == 3
    assert source_labels.add_labels(document, table) == 0  # never twice
    shown = [(child.astext(), child.get("classes")) for child in paragraph.children]
    assert [text for text, classes in shown if "source-label" in classes] == [
        "copy", "archived snapshot", "partisan source"]
    assert [text for text, _ in shown] == ["a link", "copy", "a link", "archived snapshot",
                                           "a link", "partisan source", "a link", "a link"]
