"""Every link in the course leads to a host the course's list classifies, as its policy allows.

The list is ``data/hosts.csv`` (host, class, partisan, reason); the policy and the classes are in
``data/README.md``. Each course file is read once for all the tests here, and no address is
fetched (``make links`` does that, for an author with a network connection).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
from course_files import ROOT

from nato_russia import course_links, hosts
from nato_russia.course_links import Link

CLASSES = ", ".join(hosts.CLASSES)
# Words that tell a reader what a link is, in its text or just after it.
SAYS = {
    "copy": re.compile(r"\bcop(y|ies)\b|\bblog\b|\breprint|\baggregator", re.I),
    "archive": re.compile(r"\barchived?\b|\bsnapshot", re.I),
    "partisan": re.compile(r"state (news agency|media|television|newspaper|broadcaster)|"
                           r"think tank|advocacy|partisan|pro-Kremlin", re.I),
}


@functools.cache
def listed() -> dict[str, hosts.Host]:
    return hosts.read_hosts()


@functools.cache
def records() -> tuple[dict, ...]:
    raw = json.loads((ROOT / "data" / "nato_russia.json").read_text(encoding="utf-8"))
    return tuple(raw["sources"])


@functools.cache
def links() -> tuple[Link, ...]:
    return tuple(course_links.course_links(ROOT))


def _fail(problems: list[str], what: str) -> None:
    shown = "\n".join(sorted(set(problems))[:40])
    assert not problems, f"{len(problems)} {what}:\n{shown}"


def test_the_course_has_links_in_every_kind_of_file() -> None:
    files = {link.file for link in links()}
    for expected in ("site/index.md", "README.md", "data/nato_russia.json",
                     "instructors/reading-list.md", "notebooks/00_introduction.ipynb"):
        assert expected in files, f"no link found in {expected}: is it still read?"
    assert len(links()) > 500


def test_the_list_of_hosts_is_sorted_and_each_line_has_a_reason() -> None:
    names = list(listed())
    assert names == sorted(names), "keep data/hosts.csv sorted by host"
    assert all(row.reason for row in listed().values())


def test_every_link_is_on_a_host_the_list_classifies() -> None:
    problems = []
    for link in links():
        if hosts.classify(link.url, listed()) is None:
            host = hosts.host_of(link.url)
            problems.append(f"{link.place}: {link.url} is on {host}, which data/hosts.csv does "
                            f"not list; add the line '{host},<class>,,<one-line reason>' "
                            f"(class one of {CLASSES}; see data/README.md)")
    _fail(problems, "links on hosts the list does not know")


def test_every_host_listed_is_linked_unless_it_is_refused() -> None:
    # A line for a host no link uses says nothing true about the course; a refused host is
    # listed so that a link to it fails.
    used = {hosts.classify(link.url, listed()) for link in links()}
    unused = sorted(h.host for h in listed().values()
                    if h not in used and h.cls not in hosts.FORBIDDEN)
    assert not unused, f"data/hosts.csv lists hosts no link uses: {unused}"


def test_no_link_is_on_a_host_the_policy_refuses() -> None:
    problems = []
    for link in links():
        row = hosts.classify(link.url, listed())
        if row and row.cls in hosts.FORBIDDEN:
            problems.append(f"{link.place}: {link.url} is on {row.host}, which the policy "
                            f"refuses ({row.reason}); link the issuer, an archived snapshot or "
                            "the publisher instead")
    _fail(problems, "links on refused hosts")


def test_a_sources_reach_is_the_class_of_its_host() -> None:
    problems = []
    for record in records():
        row = hosts.classify(record["url"], listed())
        if row is None or row.cls in hosts.FORBIDDEN:
            continue  # told by the two tests above
        if record["reach"] != row.cls:
            problems.append(f"data/nato_russia.json, source {record['id']}: reach is "
                            f"{record['reach']!r} but {row.host} is listed as {row.cls!r} in "
                            "data/hosts.csv; one of them is wrong")
    _fail(problems, "sources whose reach disagrees with the list")


def test_a_source_on_a_partisan_host_says_whose_voice_it_is() -> None:
    problems = []
    for record in records():
        row = hosts.classify(record["url"], listed())
        if row and row.partisan and not record.get("partisan"):
            problems.append(f"data/nato_russia.json, source {record['id']}: {row.host} is "
                            "partisan; add a 'partisan' field saying whose voice it is and why "
                            "the course keeps it")
    _fail(problems, "partisan sources not labelled")


def test_a_link_to_a_copy_an_archive_or_a_partisan_source_says_so_beside_it() -> None:
    # Once in each cell (or line) is enough: a source cited twice in a paragraph is named once.
    said: dict[tuple[str, str, str], set[str]] = {}
    for link in links():
        beside = f"{link.words} {link.after}"
        found = {need for need, words in SAYS.items() if words.search(beside)}
        said.setdefault((link.file, link.where, link.url), set()).update(found)
    problems = []
    for (file, where, url), found in said.items():
        row = hosts.classify(url, listed())
        if file.startswith("data/") or row is None:
            continue
        needs = [name for name in ("copy", "archive") if row.cls == name]
        needs += ["partisan"] if row.partisan else []
        for need in set(needs) - found:
            problems.append(f"{file} ({where}): the link to {url} is on {row.host} "
                            f"({row.cls}{', partisan' if row.partisan else ''}); say so in its "
                            f"words (for example '{_example(need)}')")
    _fail(problems, "links that do not say what they are")


def _example(need: str) -> str:
    return {"copy": "a copy", "archive": "archived snapshot",
            "partisan": "Russian state news agency', 'a think tank' or 'an advocacy group"}[need]


# --------------------------------------------------------------------------- the helpers


@pytest.mark.parametrize(("url", "host"), [
    ("https://www.nato.int/cps/en/natohq/topics_50090.htm", "nato.int"),
    ("http://en.kremlin.ru/events/president/news/6152", "en.kremlin.ru"),
    ("https://defence.pk./threads/1", "defence.pk"),
    ("HTTPS://WWW.BBC.COM/news", "bbc.com"),
])
def test_a_host_is_read_without_www_case_or_a_trailing_dot(url: str, host: str) -> None:
    assert hosts.host_of(url) == host


def test_a_subdomain_takes_its_own_line_or_else_its_parents() -> None:
    table = {"kremlin.ru": hosts.Host("kremlin.ru", "issuer", False, "the Kremlin"),
             "blog.kremlin.ru": hosts.Host("blog.kremlin.ru", "copy", False, "a blog")}
    assert hosts.classify("http://en.kremlin.ru/x", table) == table["kremlin.ru"]
    assert hosts.classify("http://blog.kremlin.ru/x", table) == table["blog.kremlin.ru"]
    assert hosts.classify("http://kremlin.ru.example.org/x", table) is None
    assert hosts.classify("http://ru/x", table) is None


@pytest.mark.parametrize(("text", "problem"), [
    ("host,class,reason\n", "the first line must be host,class,partisan,reason"),
    ("host,class,partisan,reason\nbbc.com,news,,the BBC\n", "line 2: class 'news' is not one"),
    ("host,class,partisan,reason\nbbc.com,press,,\n", "line 2: bbc.com has no reason"),
    ("host,class,partisan,reason\nbbc.com,press,yes,the BBC\n", "line 2: the partisan field"),
    ("host,class,partisan,reason\nbbc.com,press,,the BBC\nbbc.com,press,,again\n",
     "line 3: bbc.com is listed twice"),
    ("host,class,partisan,reason\nbbc.com,press\n", "line 2: 2 fields, expected 4"),
])
def test_a_malformed_list_is_told_by_its_line(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "hosts.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(hosts.HostsError, match=re.escape(problem)):
        hosts.read_hosts(path)


def test_links_are_found_with_their_words_and_the_text_after_them() -> None:
    text = ("See [NATO's text](https://www.nato.int/a.htm) (archived); a bare "
            "https://www.bbc.com/news/1. A template https://... is no link.")
    found = list(course_links.links_in_text(text, "notebooks/x.ipynb", "cell 3"))
    assert [(link.url, link.words) for link in found] == [
        ("https://www.nato.int/a.htm", "NATO's text"), ("https://www.bbc.com/news/1", "")]
    assert found[0].after.startswith(" (archived)")
    assert found[0].place == "notebooks/x.ipynb (cell 3)"


def test_a_markdown_files_links_are_placed_by_line(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text("# Title\n\nRead [it](https://un.org/a).\n",
                                      encoding="utf-8")
    [link] = course_links.text_links(tmp_path / "page.md", tmp_path)
    assert link.where == "line 3" and link.file == "page.md"
