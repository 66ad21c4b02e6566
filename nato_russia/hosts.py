"""The course's list of the hosts it links to, each with a class (``data/hosts.csv``).

The sources policy (``data/README.md``) says where a link may lead: an official's words to the
issuer's own page, an archived snapshot of it or an established collection; scholarship to its
publisher; press to the news organisation's own site. The class of a link's host says which of
these it is, and so which label a reader must see beside it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

HOSTS_FILE = Path(__file__).resolve().parent.parent / "data" / "hosts.csv"
FIELDS = ["host", "class", "partisan", "reason"]
# How a source is reached: the same words as a source record's `reach`.
REACH = ("issuer", "archive", "collection", "publisher", "press", "copy")
# `course`: the course's own machinery (its repository, Binder), never a source.
# `refused`: a host the course never links (pirated copies, sites that hide where a text is from).
CLASSES = (*REACH, "course", "refused")
FORBIDDEN = ("refused",)


class HostsError(Exception):
    """``data/hosts.csv`` is malformed; the message names the line."""


@dataclass(frozen=True)
class Host:
    """One row of the list: a host, its class, whether it is partisan, and why."""

    host: str
    cls: str
    partisan: bool
    reason: str


def host_of(url: str) -> str:
    """The host of ``url``, lower case, without a leading ``www.`` or a trailing dot."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    return host.removeprefix("www.")


def read_hosts(path: Path = HOSTS_FILE) -> dict[str, Host]:
    """The list of hosts, by host.

    Raises
    ------
    HostsError
        When a line has the wrong fields, an unknown class, no reason, or repeats a host.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise HostsError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    rows = csv.reader(text.splitlines())
    if next(rows, None) != FIELDS:
        raise HostsError(f"{path}: the first line must be {','.join(FIELDS)}")
    hosts: dict[str, Host] = {}
    for line, row in enumerate(rows, start=2):
        if len(row) != len(FIELDS):
            raise HostsError(f"{path}, line {line}: {len(row)} fields, expected {len(FIELDS)}")
        host, cls, partisan, reason = (value.strip() for value in row)
        if cls not in CLASSES:
            raise HostsError(f"{path}, line {line}: class {cls!r} is not one of "
                             f"{', '.join(CLASSES)}")
        if partisan not in ("", "partisan"):
            raise HostsError(f"{path}, line {line}: the partisan field is empty or 'partisan'")
        if not reason:
            raise HostsError(f"{path}, line {line}: {host} has no reason")
        if host in hosts:
            raise HostsError(f"{path}, line {line}: {host} is listed twice")
        hosts[host] = Host(host, cls, partisan == "partisan", reason)
    return hosts


def classify(url: str, hosts: dict[str, Host]) -> Host | None:
    """The row for ``url``'s host: the host itself or, failing that, its nearest listed parent
    domain (``kremlin.ru`` covers ``en.kremlin.ru``); None when neither is listed."""
    labels = host_of(url).split(".")
    for start in range(len(labels) - 1):
        found = hosts.get(".".join(labels[start:]))
        if found:
            return found
    return None
