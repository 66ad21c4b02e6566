"""Beside a link to a copy, an archived snapshot or a partisan source, a small label saying so.

The sources policy (``data/README.md``) lets a lesson link a copy only when nothing better was
found, and a partisan source only where its side is the point; a reader of the site should see
which links those are without opening them. The class of each link's host comes from the
course's list, ``data/hosts.csv`` (:mod:`nato_russia.hosts`).
"""

from __future__ import annotations

import functools

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from nato_russia import hosts

logger = logging.getLogger(__name__)
# The label's words, by what the host is.
LABELS = {"copy": "copy", "archive": "archived snapshot"}
PARTISAN = "partisan source"


def label_for(url: str, table: dict[str, hosts.Host]) -> str | None:
    """The label a link to ``url`` gets, or None for a link that needs none."""
    row = hosts.classify(url, table)
    if row is None:
        return None
    words = [LABELS[row.cls]] if row.cls in LABELS else []
    words += [PARTISAN] if row.partisan else []
    return ", ".join(words) or None


def add_labels(doctree: nodes.Node, table: dict[str, hosts.Host]) -> int:
    """Put a label after each external link that needs one; return how many were put."""
    added = 0
    for reference in list(doctree.findall(nodes.reference)):
        url = reference.get("refuri", "")
        label = label_for(url, table) if url.startswith(("http://", "https://")) else None
        if label is None or reference.parent is None:
            continue
        following = reference.parent.index(reference) + 1
        after = reference.parent[following] if following < len(reference.parent) else None
        if isinstance(after, nodes.Element) and "source-label" in after.get("classes", []):
            continue  # labelled already (a doctree read twice)
        reference.parent.insert(following, nodes.inline("", label, classes=["source-label"]))
        added += 1
    return added


@functools.cache
def _course_hosts() -> dict[str, hosts.Host]:
    try:
        return hosts.read_hosts()
    except hosts.HostsError as exc:
        logger.warning("no source labels: %s", exc)
        return {}


def _label_links(app: Sphinx, doctree: nodes.document) -> None:
    add_labels(doctree, _course_hosts())


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _label_links)
