"""Links between the course's notebooks, as JupyterLab resolves them, made to work in the site.

- Heading anchors keep their case (``glossary.md#PfP``), as JupyterLab's do.
- A link to a lesson or exercise notebook that is not written yet (lessons are written in
  order, and a lesson's "Next" may point at the one in preparation) shows as plain text
  until the notebook lands, instead of a broken link. Only a lesson number that has no
  notebook at all counts: a wrong name for a lesson that exists stays a broken link, which
  Sphinx reports.
- A link to a student's own copy of an exercise (``../my_work/03_..._exercises.ipynb``,
  made when the course starts in JupyterLab) leads to the exercise notebook itself, the one
  the site shows; a link to the student's copy of the capstone
  (``../my_work/09_capstone_mine.ipynb``) leads to the capstone lesson it is made from.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from nato_russia.lab.capstone_copy import CAPSTONE, COPY_NAME, LESSON_FOLDER

logger = logging.getLogger(__name__)
NOTEBOOK_LINK = re.compile(r"^(?P<path>(?:[^#]*/)?(?P<number>\d\d)_[^/#]*\.ipynb)(?:#.*)?$")
# A student's copy, my_work/<name>_exercises.ipynb, of exercises/<name> (nato_russia.lab).
STUDENT_COPY = re.compile(r"^(?P<up>(?:[^#]*/)?)my_work/(?P<stem>\d\d_[^/#]*)_exercises\.ipynb$")
# The student's copy of the capstone, my_work/09_capstone_mine.ipynb (nato_russia.lab).
CAPSTONE_COPY = re.compile(rf"^(?P<up>(?:[^#]*/)?)my_work/{re.escape(COPY_NAME)}$")


def heading_slug(title: str) -> str:
    """The anchor of a heading: its text with spaces as hyphens, case kept (``PfP``)."""
    return "-".join(title.strip().split())


def to_come(srcdir: Path, docname: str, target: str) -> bool:
    """Whether ``target``, linked from ``docname``, is a notebook whose lesson has none yet."""
    found = NOTEBOOK_LINK.match(target)
    if not found:
        return False
    path = srcdir / posixpath.normpath(posixpath.join(posixpath.dirname(docname),
                                                      found["path"]))
    if path.exists() or not path.parent.is_dir():
        return False
    return not any(path.parent.glob(f"{found['number']}_*.ipynb"))


def exercise_of_copy(target: str) -> str | None:
    """The exercise notebook a link to a student's copy stands for, or None for other links."""
    found = STUDENT_COPY.match(target)
    if found:
        return f"{found['up']}exercises/{found['stem']}.ipynb"
    capstone = CAPSTONE_COPY.match(target)
    return f"{capstone['up']}{LESSON_FOLDER}/{CAPSTONE}" if capstone else None


def _unlink_lessons_to_come(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    for xref in doctree.findall(addnodes.pending_xref):
        exercise = exercise_of_copy(xref.get("reftarget", ""))
        if xref.get("reftype") != "myst" or exercise is None:
            continue
        # As myst-parser links a notebook it finds: to its document, by docname.
        _, path = app.env.relfn2path(exercise, docname)
        target = app.env.path2doc(path)
        if target:
            xref["refdomain"], xref["reftarget"], xref["reftargetid"] = "doc", target, None
    for xref in list(doctree.findall(addnodes.pending_xref)):
        if xref.get("refdomain") is None and xref.get("reftype") == "myst" \
                and to_come(Path(app.srcdir), docname, xref["reftarget"]):
            logger.info("%s: %s is not written yet; its link shows as text", docname,
                        xref["reftarget"])
            xref.replace_self(nodes.inline("", xref.astext(), classes=["link-to-come"]))


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _unlink_lessons_to_come)
