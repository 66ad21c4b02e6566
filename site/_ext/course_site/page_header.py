"""A line under each page's title: reading time (lessons) and "Launch this page on Binder".

A notebook's page launches that notebook; the other pages (start page, glossary, guides)
launch the course at its start page, as README.md's badge does.
"""

from __future__ import annotations

import math
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from course_site.binder import course_address, page_address

WORDS_PER_MINUTE = 200  # a common figure for reading prose on a screen
LESSONS = "notebooks/"


def reading_minutes(doctree: nodes.document) -> int:
    """Minutes to read a page's prose at ``WORDS_PER_MINUTE``.

    Code cells and their outputs (tables, charts) are left out: how long a reader studies a
    table is anyone's guess, and the lesson's own "Time to learn" covers running it.
    """
    words = sum(len(text.split()) for text in doctree.findall(nodes.Text)
                if not any(_is_cell(parent) for parent in _ancestors(text)))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _is_cell(node: nodes.Element) -> bool:
    return isinstance(node, nodes.container) and "cell" in node.get("classes", ())


def _ancestors(node: nodes.Node) -> list[nodes.Element]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def _header(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    source = Path(app.env.doc2path(docname))
    course = course_address(Path(app.config.course_readme))
    is_notebook = source.suffix == ".ipynb"
    line = nodes.paragraph(classes=["course-page-header"])
    if is_notebook and docname.startswith(LESSONS):
        minutes = reading_minutes(doctree)
        line += nodes.inline(text=f"About {minutes} min to read", classes=["reading-time"])
        line += nodes.Text(" ")
    if is_notebook:
        target, label = page_address(course, f"{docname}.ipynb"), "Launch this page on Binder"
    else:
        target, label = course, "Launch the course on Binder"
    link = nodes.reference("", "", refuri=target, classes=["binder-link"])
    link += nodes.inline("", "", classes=["fa-solid", "fa-rocket"])  # the theme's icon font
    link += nodes.Text(label)
    line += link
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        doctree.insert(0, line)
    else:
        title = next(iter(section.findall(nodes.title)), None)
        section.insert(section.index(title) + 1 if title is not None else 0, line)


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _header)
