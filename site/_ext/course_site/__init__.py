"""The reader's edition's Sphinx extension: what the course's pages need beyond MyST-NB.

- :mod:`.chart_alt`: every chart picture gets its alt text from the output that holds it;
- :mod:`.chart_zoom`: every chart links to its full-size picture;
- :mod:`.explorer_note`: under each explorer's picture, where its controls work;
- :mod:`.page_header`: under each page's title, its reading time (lessons) and a link that
  launches that page's notebook on Binder;
- :mod:`.links`: anchors that keep a heading's case, as JupyterLab's do (``glossary.md#PfP``),
  and links to lessons not written yet shown as text;
- :mod:`.source_labels`: beside a link to a copy, an archived snapshot or a partisan source, a
  small label saying so (the host's class in ``data/hosts.csv``).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from course_site import chart_alt, chart_zoom, explorer_note, links, page_header, source_labels


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("course_readme", "", "env", types=[str])
    chart_alt.setup(app)
    chart_zoom.setup(app)
    explorer_note.setup(app)
    links.setup(app)
    page_header.setup(app)
    source_labels.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
