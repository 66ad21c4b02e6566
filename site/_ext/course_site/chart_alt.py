"""Alt text for the charts of a rendered notebook.

A notebook output holds one picture in several forms: the course's charts and explorers
store a PNG beside a plain-text form that *is* their alt text (``ChartFigure.alt_text``, or
``"Timeline explorer: <alt text>"``). MyST-NB turns the PNG into an ``<img>`` without alt
text, so this transform copies the plain-text form onto the image before MyST-NB keeps one
form per output. An ``alt`` set in the cell's metadata (MyST-NB's image options) wins; a
bare object repr such as
``<Figure size 640x480 with 1 Axes>`` describes nothing, and is not used.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")


def describes(text: str) -> bool:
    """Whether a plain-text output reads as a description rather than an object's repr."""
    text = text.strip()
    return bool(text) and not (text.startswith("<") and text.endswith(">"))


class ChartAltText(SphinxPostTransform):
    """Give each output image the alt text its output carries."""

    # Before MyST-NB's SelectMimeType (4) drops the plain-text form of each output.
    default_priority = 3

    def run(self, **kwargs: Any) -> None:
        for bundle in self.document.findall(nodes.container):
            if bundle.get("nb_element") != "mime_bundle":
                continue
            forms = {child.get("mime_type"): child for child in bundle.children
                     if isinstance(child, nodes.container)}
            plain = forms.get("text/plain")
            text = plain.astext().strip() if plain is not None else ""
            for mime_type in IMAGE_TYPES:
                if mime_type in forms and describes(text):
                    for image in forms[mime_type].findall(nodes.image):
                        image.setdefault("alt", text)


def setup(app: Sphinx) -> None:
    app.add_post_transform(ChartAltText)
