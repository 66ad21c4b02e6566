"""Under each explorer's picture, a line saying where its controls work.

The lessons say "pick a period in the dropdown"; on a static page there is no dropdown, only
the picture of the explorer's first view. The line says so and links the page's notebook on
Binder, where the controls work. Explorers are recognised by the label their plain-text form
starts with (``"Timeline explorer: ..."``), the labels :mod:`nato_russia.explore` defines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from course_site.binder import course_address, page_address
from nato_russia import explore


def explorer_labels() -> tuple[str, ...]:
    """The labels that start an explorer's plain-text form, such as ``"Timeline explorer: "``."""
    kinds = [value for value in vars(explore).values()
             if isinstance(value, type) and issubclass(value, explore.Explorer)
             and value.label != explore.Explorer.label]
    return tuple(sorted({f"{kind.label}: " for kind in kinds}))


class ExplorerNote(SphinxPostTransform):
    """Add the note to every output whose plain-text form names an explorer."""

    default_priority = 3  # before MyST-NB keeps one form per output (4)

    def run(self, **kwargs: Any) -> None:
        labels = explorer_labels()
        docname = self.env.docname
        source = Path(self.env.doc2path(docname))
        if source.suffix != ".ipynb":
            return
        target = page_address(course_address(Path(self.config.course_readme)),
                              f"{docname}.ipynb")
        for bundle in self.document.findall(nodes.container):
            if bundle.get("nb_element") != "mime_bundle":
                continue
            forms = [child for child in bundle.children if isinstance(child, nodes.container)]
            plain = next((f for f in forms if f.get("mime_type") == "text/plain"), None)
            text = plain.astext() if plain is not None else ""
            label = next((label for label in labels if text.startswith(label)), None)
            if label is None:
                continue
            for form in forms:
                if form is not plain:
                    form += _note(label.rstrip(": ").lower(), target)


def _note(name: str, target: str) -> nodes.paragraph:
    note = nodes.paragraph(classes=["explorer-note"])
    note += nodes.Text(f"The {name}'s first view. Its controls work when you ")
    note += nodes.reference("", "launch this page on Binder", refuri=target)
    note += nodes.Text(".")
    return note


def setup(app: Sphinx) -> None:
    app.add_post_transform(ExplorerNote)
