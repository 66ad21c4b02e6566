"""A way to cite a fixed version (issue 18): CITATION.cff, the dataset version rule, the start page.

- CITATION.cff is Citation File Format 1.2.0 with the fields a citation needs, and its two
  versions are the course's (pyproject.toml) and the dataset's (``meta.version``);
- the dataset's version follows the rule in data/README.md as far as a machine can tell: a
  change to the schema raises the major number, a record added, removed or recoded raises the
  minor one. Each major.minor version is recorded in data/README.md with fingerprints of the
  schema and of the records' coded fields, so a change that forgets its version fails here;
- the site's start page says how to cite, with the same versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from typing import Any

import pytest
import yaml
from course_files import ROOT

CITATION = ROOT / "CITATION.cff"
DATA = ROOT / "data" / "nato_russia.json"
SCHEMA = ROOT / "data" / "schema.json"
DICTIONARY = ROOT / "data" / "README.md"
START_PAGE = ROOT / "site" / "index.md"

# Fields that hold prose or addresses: changing them corrects how a fact is told, not the fact
# or its coding (a patch). Every other field is read by the charts, counts and checks.
PROSE = frozenset({"title", "summary", "note", "correction", "source_says", "place",
                   "participants", "url", "publisher", "issuer", "location", "text",
                   "copy_reason", "partisan"})
VERSION_ROW = re.compile(r"^\| (\d+)\.(\d+) \| `([0-9a-f]{16})` \| `([0-9a-f]{16})` \|", re.M)


def course_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
               ["project"]["version"])


def dataset() -> dict[str, Any]:
    return dict(json.loads(DATA.read_text(encoding="utf-8")))


def citation() -> dict[str, Any]:
    return dict(yaml.safe_load(CITATION.read_text(encoding="utf-8")))


def fingerprint(value: Any) -> str:
    """The first 16 hex digits of the SHA-256 of ``value`` as canonical JSON."""
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def coded(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every record of every table with its prose fields left out: what the version counts."""
    return {table: sorted(({key: value for key, value in record.items() if key not in PROSE}
                           for record in records), key=lambda record: str(record["id"]))
            for table, records in data.items() if table != "meta"}


# --------------------------------------------------------------------------- CITATION.cff


def test_the_citation_file_has_what_a_citation_needs() -> None:
    cff = citation()
    assert cff["cff-version"] == "1.2.0"
    for field in ("message", "title", "version", "authors", "license", "repository-code",
                  "date-released"):
        assert cff.get(field), f"CITATION.cff has no {field}"
    assert all(author.get("name") or author.get("family-names") for author in cff["authors"])
    assert set(cff["license"]) == {"MIT", "CC-BY-4.0"}, "the code's licence and the content's"
    released = dt.date.fromisoformat(str(cff["date-released"]))
    assert released <= dt.date.today()
    assert cff["repository-code"].startswith("https://github.com/")


def test_the_citation_versions_are_the_course_and_the_dataset() -> None:
    cff = citation()
    assert cff["version"] == course_version()
    [data] = [ref for ref in cff["references"] if ref["type"] == "data"]
    assert data["version"] == dataset()["meta"]["version"]
    assert data["title"] == dataset()["meta"]["title"]


# --------------------------------------------------------------------------- the dataset's version


def recorded_versions() -> list[tuple[int, int, str, str]]:
    """The versions table of data/README.md: (major, minor, schema print, records print)."""
    return [(int(major), int(minor), schema, records)
            for major, minor, schema, records in VERSION_ROW.findall(
                DICTIONARY.read_text(encoding="utf-8"))]


def test_the_dataset_version_is_recorded_with_what_it_contains() -> None:
    major, minor, _ = (int(part) for part in dataset()["meta"]["version"].split("."))
    *_, (last_major, last_minor, schema, records) = recorded_versions()
    schema_now = fingerprint(json.loads(SCHEMA.read_text(encoding="utf-8")))
    records_now = fingerprint(coded(dataset()))
    assert (major, minor) == (last_major, last_minor), (
        f"data/README.md's versions table ends at {last_major}.{last_minor}, the dataset is "
        f"{major}.{minor}: add a row | {major}.{minor} | `{schema_now}` | `{records_now}` |")
    assert schema == schema_now, (
        f"data/schema.json changed: raise the dataset's major version ({major + 1}.0.0) and "
        f"add the row | {major + 1}.0 | `{schema_now}` | `{records_now}` | to data/README.md")
    assert records == records_now, (
        f"records were added, removed or recoded: raise the dataset's minor version "
        f"({major}.{minor + 1}.0) and add the row | {major}.{minor + 1} | `{schema_now}` | "
        f"`{records_now}` | to data/README.md (prose and addresses alone are a patch)")


def test_each_recorded_version_raised_the_right_number() -> None:
    rows = recorded_versions()
    assert rows, "data/README.md records the dataset's versions"
    for (major, minor, schema, records), (after_major, after_minor, after_schema,
                                          after_records) in zip(rows, rows[1:], strict=False):
        if after_schema != schema:
            assert (after_major, after_minor) == (major + 1, 0), "a schema change is major"
        elif after_records != records:
            assert (after_major, after_minor) == (major, minor + 1), "a record change is minor"
        else:
            pytest.fail(f"{after_major}.{after_minor} changes nothing the rule counts: a patch")


def test_prose_is_a_patch_and_a_recoding_is_not() -> None:
    data = dataset()
    event = data["events"][0]
    retold = {**data, "events": [{**event, "summary": event["summary"] + " Retold."},
                                 *data["events"][1:]]}
    recoded = {**data, "events": [{**event, "signal": -event["signal"] or 1},
                                  *data["events"][1:]]}
    assert fingerprint(coded(retold)) == fingerprint(coded(data))
    assert fingerprint(coded(recoded)) != fingerprint(coded(data))


# --------------------------------------------------------------------------- the start page


def test_the_start_page_says_how_to_cite_this_version() -> None:
    text = START_PAGE.read_text(encoding="utf-8")
    cite = re.search(r"^## How to cite.*?(?=^## |\Z)", text, re.M | re.S)
    assert cite, "site/index.md has no '## How to cite'"
    assert f"version {course_version()}" in cite.group(0)
    assert f"version {dataset()['meta']['version']}" in cite.group(0)
    assert "CITATION.cff" in cite.group(0)


def test_the_citation_names_the_repository_the_binder_link_launches() -> None:
    # README.md defines the course's address once (a fork edits it there): the citation, the
    # start page and the guide's nbgitpuller example must name the same repository.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    binder = re.search(r"^\[binder\]: https://mybinder\.org/v2/gh/([^/]+)/([^/]+)/", readme, re.M)
    assert binder, "README.md defines its [binder] link"
    repository = f"https://github.com/{binder[1]}/{binder[2]}"
    assert citation()["repository-code"] == repository
    assert all(ref.get("repository-code", repository) == repository
               for ref in citation()["references"])
    assert repository in START_PAGE.read_text(encoding="utf-8")
    guide = (ROOT / "instructors" / "README.md").read_text(encoding="utf-8")
    assert f"repo={repository.replace(':', '%3A').replace('/', '%2F')}&" in guide
