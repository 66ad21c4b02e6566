"""Each chart links to its full-size picture, so a phone reader can open it and zoom in.

Sphinx copies every image to ``_images/`` under its own file name (MyST-NB names a chart by
its hash, so names never clash); the link is written once the page's images are known.
"""

from __future__ import annotations

import posixpath

from docutils import nodes
from sphinx.application import Sphinx


def _link_charts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    to_root = "../" * docname.count("/")
    for image in list(doctree.findall(nodes.image)):
        inside_output = any(isinstance(parent, nodes.Element)
                            and "cell_output" in parent.get("classes", ())
                            for parent in _ancestors(image))
        if not inside_output or isinstance(image.parent, nodes.reference):
            continue
        name = posixpath.basename(image["uri"])
        link = nodes.reference("", "", refuri=f"{to_root}_images/{name}", internal=True,
                               classes=["chart-full-size"])
        image.replace_self(link)
        link.append(image)


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", _link_charts)
