"""Heading anchors as JupyterLab makes them, so a lesson's ``glossary.md#PfP`` works here too."""

from __future__ import annotations


def heading_slug(title: str) -> str:
    """The anchor of a heading: its text with spaces as hyphens, case kept (``PfP``)."""
    return "-".join(title.strip().split())
