"""Binder addresses: the course's one address, read from README.md, pointed at one file.

README.md defines the address once, as the link reference ``[binder]: ...`` (a test forbids
repeating the repository's address anywhere else), so the site reads it from there.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

REFERENCE = re.compile(r"^\[binder\]:\s*(\S+)\s*$", re.MULTILINE)


class BinderError(ValueError):
    """README.md has no usable ``[binder]: ...`` link reference."""


def course_address(readme: Path) -> str:
    """The Binder address that README.md's ``[binder]`` link reference gives."""
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError as exc:
        raise BinderError(f"cannot read {readme}: {exc.strerror}") from None
    found = REFERENCE.findall(text)
    if len(found) != 1:
        raise BinderError(f"{readme} must define the link reference [binder]: <address> "
                          f"exactly once (found {len(found)})")
    if "urlpath=" not in found[0]:
        raise BinderError(f"{readme}'s [binder] address has no urlpath= to point at a notebook")
    return found[0]


def page_address(course: str, path: str) -> str:
    """``course`` opened on the file ``path`` (relative to the repository) in JupyterLab."""
    parts = urlsplit(course)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    query["urlpath"] = f"lab/tree/{path}"
    return urlunsplit(parts._replace(query=urlencode(query, safe="/")))
