"""A student's own records: read them, check them with the course's rules, merge them in.

The capstone asks students to add an event the course leaves out. They write it in a file
of their own, ``my_events.json`` in ``my_work/`` (git ignores the folder, so an update of the
course never touches it, and downloading ``my_work/`` keeps it), starting from a fill-in
template (:func:`start`), by hand or with :func:`add_record`. The file holds up to four
lists, each optional::

    {"sources": [...], "documents": [...], "events": [...], "quotations": [...]}

Nothing here has rules of its own. The student's records are appended to a copy of the
course's parsed dataset and checked by :mod:`nato_russia.validation`, schema and rules
alike, so a student's event is held to exactly the standard of the course's. What this
module adds is the wording: a failure is re-told as one sentence about *your* record, in
*your* file, with what to do about it (:class:`StudentRecordError`).
"""

from __future__ import annotations

import copy
import functools
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nato_russia import hosts, json_help, validation
from nato_russia.validation import DatasetError, date_span

MY_EVENTS = "my_events.json"
# The student's folder, as nato_russia.lab.student_work makes it; the file lived at the top
# of the course before, and is still read there (with a notice) so no student loses it.
WORK_FOLDER = "my_work"
# In-memory records have no file yet: their messages name no file (path.name is "").
IN_MEMORY = Path("")
# A template's fill-in text: "<what goes here>".
PLACEHOLDER = re.compile(r"^<.*>$", re.DOTALL)
# The tables a student may add to, in the order validation reads them.
STUDENT_TABLES = ("sources", "documents", "events", "quotations")
SINGULAR = {"sources": "source", "documents": "document", "events": "event",
            "quotations": "quotation"}
# Fields a student's event may leave out: the course's own default for an added event.
DEFAULTS: dict[str, dict[str, Any]] = {"events": {"cooperation": [], "in_source_document": False}}
_LABEL = re.compile(r"^(?P<table>[a-z_]+)\[(?P<index>\d+)\]")
_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}

# What to do, by the field that failed (its last part: "sources.0" -> "sources").
FIELD_HINTS = {
    "id": "An id uses lowercase letters, digits, '-' and '_' only; start yours with 'my-' "
          "(for example 'my-2018-salisbury') so it never clashes with the course's.",
    "date": "Write a date as YYYY-MM-DD (for example 2018-03-04), or as YYYY-MM or YYYY "
            "when you know only the month or the year, with date_precision 'month' or 'year'.",
    "end_date": "An end_date is the last day of an event over several days, written "
                "YYYY-MM-DD; leave it out for a one-day event.",
    "date_precision": "date_precision says how much of the date you know: 'day', 'month' "
                      "or 'year', matching the form of the date.",
    "kind": "Choose the kind from the list in data/README.md; if none fits, pick the "
            "closest and explain your choice in the summary.",
    "signal": "signal is a whole number from -2 to +2, without quotes (-1, not \"-1\"), "
              "coded with the rubric in "
              "data/README.md (the table 'The relationship signal').",
    "sources": "Every record needs at least one source: add the source to the \"sources\" "
               "list of your file (id, title, publisher, kind, url) and put its id here.",
    "url": "An address is a full web address starting with http:// or https://.",
    "reach": "reach says how the source is reached: 'issuer' (the issuing body's own site), "
             "'archive' (a web.archive.org snapshot), 'collection', 'publisher', 'press' (a "
             "news organisation's own site) or 'copy' (anything else); data/README.md explains.",
    "copy_reason": "A source reached as a 'copy' needs a copy_reason: one sentence saying why "
                   "no address at the issuer, publisher or news organisation was found.",
    "kind_of_source": "A source's kind is 'official', 'official_copy', 'press', "
                      "'scholarly' or 'fact_sheet'.",
    "voice": "A document's voice is one of those listed in data/README.md (for example "
             "'nato', 'russia', 'partner-state', 'scholarship').",
    "confidence": "confidence is 'high', or 'medium' when the date or wording rests on a "
                  "single secondary report.",
    "participants": "participants is a list of names in square brackets, for example "
                    "[\"Jens Stoltenberg\", \"Sergei Lavrov\"].",
    "cooperation": "cooperation is a list (often empty: []) of {\"area\": ..., \"effect\": ...} "
                   "pairs naming one of the course's cooperation areas (course.areas).",
    "in_source_document": "in_source_document is true or false (no quotes): does NATO's "
                          "2014 fact sheet mention the event?",
    "document": "A quotation names the id of a document: one of the course's "
                "(course.documents) or one you add to \"documents\" in your file.",
    "event": "A quotation names the id of the event it belongs to: one of the course's or "
             "one of yours.",
}


class StudentRecordError(DatasetError):
    """A problem in a student's own records, told as one sentence about their record.

    In JupyterLab the message is shown alone, without a traceback: it is about the
    student's file, not about the course's code.
    """

    def __init__(self, path: Path | str, message: str, record: str = "", field: str = ""):
        super().__init__(path, message, record, field)
        # Told from the student's side: the file by name, then their record and field.
        where = ", ".join(filter(None, [Path(path).name, record,
                                        f"field '{field}'" if field else ""]))
        text = f"{where}: {message}" if where else message
        # Records held in memory have no file to name: the sentence starts with "Your ...".
        self.args = (text if Path(path).name else text[:1].upper() + text[1:],)

    def __str__(self) -> str:
        return str(self.args[0])

    def _render_traceback_(self) -> list[str]:
        # IPython shows these lines instead of a traceback when an exception defines them.
        return [f"Problem in your records: {self}"]


@dataclass(frozen=True)
class Check:
    """The outcome of checking a student's file: ``ok``, and a sentence either way."""

    ok: bool
    message: str
    # Left out of the repr: an absolute path differs from one checkout to the next.
    path: Path = field(repr=False)

    def __str__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        return ("✅ " if self.ok else "❌ ") + self.message


# --------------------------------------------------------------------------- finding and reading


def course_root(course_file: Path) -> Path:
    """The course folder: the one that holds ``data/nato_russia.json``."""
    return course_file.resolve().parent.parent


def locate(file: str | os.PathLike[str], course_file: Path) -> Path:
    """Find a student's file: as given from the working folder, else in the course folder.

    The default name, ``"my_events.json"``, means the student's file in ``my_work/``
    (where it is created), or, when only an older one exists at the top of the course
    folder, that one, with a one-line notice to move it. Any other relative name is looked
    for in the working folder, then from the top of the course folder.
    """
    path = Path(file)
    root = course_root(course_file)
    if path.is_absolute():
        return path
    if path == Path(MY_EVENTS):
        if path.exists() and Path.cwd().resolve() != root:
            return path  # a notebook's own folder: my_work/ for the student's capstone
        new, old = root / WORK_FOLDER / MY_EVENTS, root / MY_EVENTS
        if old.is_file() and not new.exists():
            _notice_old_place(old)
            return old
        return new
    if path.exists():
        return path
    return root / path


_noticed: set[Path] = set()


def _notice_old_place(old: Path) -> None:
    """Say once per session that the file is read from its old place, and where it belongs."""
    if old not in _noticed:
        _noticed.add(old)
        print(f"Note: reading {MY_EVENTS} from the top of the course folder; move it into "
              f"{WORK_FOLDER}/ so that downloading {WORK_FOLDER}/ keeps it.")


def read(path: Path) -> dict[str, list[Any]]:
    """Read a student's file and check its outline: an object of lists of records."""
    from nato_russia.data import read_raw  # data imports this module when it loads

    try:
        mine = read_raw(path)
    except DatasetError as exc:
        message = f"{exc.message}."
        if "does not exist" in exc.message:
            message += (" Create it from the template with data.start_my_events(), or add "
                        "records with data.add_source(...) and data.add_event(...).")
        elif "not valid JSON" in exc.message or "empty" in exc.message:
            # Python's wording names what the parser wanted; json_help says what to change.
            text = path.read_text(encoding="utf-8")
            message = f"{json_help.problem(text) or exc.message}."
        elif "top level must be" in exc.message:
            content = json.loads(path.read_text(encoding="utf-8"))
            message = f"{(json_help.bare_record(content) or exc.message).rstrip('.')}."
        raise StudentRecordError(path, message) from None
    return check_outline(mine, path)


def check_outline(mine: Mapping[str, Any], path: Path) -> dict[str, list[Any]]:
    """The file holds only the student's tables, each a list of objects."""
    bare = json_help.bare_record(mine)
    if bare:
        raise StudentRecordError(path, bare)
    for table, records in mine.items():
        if table not in STUDENT_TABLES:
            raise StudentRecordError(
                path, f"the file has a list called {table!r}; your file may hold only "
                f"{_names(STUDENT_TABLES)}")
        if not isinstance(records, list):
            raise StudentRecordError(
                path, f"{table!r} should be a list of records in square brackets [...], "
                f"not {validation.json_kind(records)}")
        for number, record in enumerate(records, start=1):
            if not isinstance(record, dict):
                raise StudentRecordError(
                    path, f"the {_ordinal(number)} record in {table!r} should be an object "
                    f"in curly braces {{...}}, not {validation.json_kind(record)}")
    return {table: list(mine[table]) for table in STUDENT_TABLES if table in mine}


# --------------------------------------------------------------------------- merging and checking


def with_defaults(table: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """A student's record with the fields an added record may leave out filled in.

    A source may leave out ``reach`` when its host is in the course's list of hosts
    (``data/hosts.csv``) as anything but a copy: the list's class is its reach.
    """
    merged = {**DEFAULTS.get(table, {}), **record}
    if table == "sources" and "reach" not in merged and isinstance(merged.get("url"), str):
        reach = _known_reach(merged["url"])
        if reach:
            merged["reach"] = reach
    return merged


def _known_reach(url: str) -> str | None:
    found = hosts.classify(url, _course_hosts())
    # A copy needs a copy_reason only its author can give, so its reach is never guessed.
    return found.cls if found and found.cls in hosts.REACH and found.cls != "copy" else None


@functools.cache
def _course_hosts() -> dict[str, hosts.Host]:
    try:
        return hosts.read_hosts()
    except hosts.HostsError:
        return {}  # without the list a student writes reach by hand, as the schema asks


def merge(course_raw: Mapping[str, Any], mine: Mapping[str, list[Any]]) -> dict[str, Any]:
    """A copy of the course's parsed dataset with the student's records appended."""
    merged = copy.deepcopy(dict(course_raw))
    for table, records in mine.items():
        merged[table] = merged[table] + [with_defaults(table, r) for r in records]
    return merged


def check(course_raw: Mapping[str, Any], mine: Mapping[str, list[Any]],
          path: Path) -> dict[str, Any]:
    """Merge the student's records into the course and validate the whole.

    Returns
    -------
    dict
        The merged dataset, ready for :func:`nato_russia.data.tabulate`.

    Raises
    ------
    StudentRecordError
        At the first problem, told about the student's record.
    """
    ids_not_taken(course_raw, mine, path)
    placeholders_filled(mine, path)
    merged = merge(course_raw, mine)
    offsets = {table: len(course_raw[table]) for table in STUDENT_TABLES}
    context = validation.Context(merged, path)
    # The schema, then each rule in order, as validation.validate runs them; knowing which
    # step failed lets the message add what to do.
    steps: list[tuple[str, Callable[[], None]]] = [
        ("schema", functools.partial(validation.check_schema, merged, path))]
    steps += [(rule.__name__, functools.partial(rule, context)) for rule in validation.RULES]
    for name, step in steps:
        try:
            step()
        except DatasetError as exc:
            raise retell(exc, name, course_raw, mine, offsets, path) from None
    return merged


def ids_not_taken(course_raw: Mapping[str, Any], mine: Mapping[str, list[Any]],
                  path: Path) -> None:
    """No id of the student's is one of the course's (the course keeps its own ids)."""
    taken = {r["id"]: (table, r) for table in validation.TABLES for r in course_raw[table]}
    for table, records in mine.items():
        for number, record in enumerate(records, start=1):
            record_id = record.get("id")
            if isinstance(record_id, str) and record_id in taken:
                other_table, other = taken[record_id]
                title = other.get("title") or other.get("country") or other.get("name", "")
                raise StudentRecordError(
                    path, f"the id {record_id!r} is already taken by the course's "
                    f"{SINGULAR.get(other_table, other_table)} \"{title}\". Give yours an id "
                    "of its own, for example starting with 'my-'.",
                    record_label(table, number, record), "id")


def placeholders_filled(mine: Mapping[str, list[Any]], path: Path) -> None:
    """No field still holds the template's fill-in text, ``"<what goes here>"``."""
    for table, records in mine.items():
        for number, record in enumerate(records, start=1):
            for name, value in record.items():
                values = value if isinstance(value, list) else [value]
                for item in values:
                    if isinstance(item, str) and PLACEHOLDER.match(item.strip()):
                        raise StudentRecordError(
                            path, f"this field still holds the template's note {item}: "
                            "replace the note, angle brackets included, with what it asks "
                            "for",
                            record_label(table, number, record), name)


# --------------------------------------------------------------------------- re-telling


def retell(error: DatasetError, step: str, course_raw: Mapping[str, Any],
           mine: Mapping[str, list[Any]], offsets: Mapping[str, int],
           path: Path) -> StudentRecordError:
    """Turn a validation failure on the merged data into a sentence about the student's record."""
    match = _LABEL.match(error.record)
    if match is None or match["table"] not in offsets:
        return StudentRecordError(path, error.message, error.record, error.field)
    table, index = match["table"], int(match["index"])
    if index < offsets[table]:  # a course record failed: only the student's records can be why
        return StudentRecordError(
            path, f"adding your records breaks the course's {error.record}: {error.message}",
            "", error.field)
    number = index - offsets[table] + 1
    record = mine[table][number - 1]
    message = error.message
    if step == "unique_ids":
        message = (f"two of your records have the id {record.get('id')!r}; each record "
                   "needs an id of its own")
    elif error.field == "period":
        message += ". " + _fitting_period(course_raw, record)
    elif "not in the schema" in message:
        message = (f"{error.field.split('.')[-1]!r} is not a field of the course's records (a "
                   "typo?); the fields of each kind of record are listed in data/README.md")
    hint = _hint(error.field, table)
    return StudentRecordError(path, message + (f". {hint}" if hint else ""),
                              record_label(table, number, record), error.field)


def _hint(where: str, table: str) -> str:
    name = where.split(".")[0] if where else ""
    if name == "kind" and table == "sources":
        name = "kind_of_source"
    if name == "sources" or where.startswith("sources."):
        return FIELD_HINTS["sources"]
    if name == "period":
        return ""  # the fitting period is named instead
    return FIELD_HINTS.get(name, "")


def _fitting_period(course_raw: Mapping[str, Any], record: Mapping[str, Any]) -> str:
    """Name the period whose days hold the event's date, or say that none does."""
    try:
        first = date_span(record["date"])[0]
    except (KeyError, TypeError, ValueError):
        return "Choose the period whose years hold the event's date (course.periods lists them)"
    for period in course_raw["periods"]:
        if date_span(period["start"])[0] <= first <= date_span(period["end"])[0]:
            return (f"Its date falls in period {period['id']!r} ({period['title']}): write "
                    f"\"period\": \"{period['id']}\"")
    return "No period of the course holds that date (the course runs from 1990 to 2024)"


def record_label(table: str, number: int, record: Mapping[str, Any]) -> str:
    """Describe a student's record as they know it: 'your event 'x' (the 1st in events)'.

    Parameters
    ----------
    table
        The table the record is in (``"events"``, ...).
    number
        Its place in that table, counting from 1.
    record
        The record as the student wrote it.
    """
    label = f"your {SINGULAR.get(table, table)}"
    if isinstance(record.get("id"), str) and not PLACEHOLDER.match(record["id"]):
        label += f" {record['id']!r}"
    return f"{label} (the {_ordinal(number)} in \"{table}\")"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else _SUFFIXES.get(number % 10, "th")
    return f"{number}{suffix}"


def _names(items: tuple[str, ...]) -> str:
    quoted = [f"{item!r}" for item in items]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


# --------------------------------------------------------------------------- writing

# The fill-in template, written as JSON so that the file a student starts from is already
# valid JSON: every field an event and a source need, each holding what goes in it.
TEMPLATE = """\
{
  "sources": [
    {
      "id": "<an id: my-src- and a few words, lowercase, e.g. my-src-tass-2018-03-27>",
      "title": "<the source's title, as it stands on the page>",
      "publisher": "<who published it: NATO, the Kremlin, TASS, a newspaper, a press>",
      "kind": "<official, official_copy, press, scholarly or fact_sheet>",
      "date": "<the day it was published: YYYY-MM-DD>",
      "url": "<its full web address, starting with https://>",
      "reach": "<how the address reaches it: issuer, archive, collection, publisher, press or copy>"
    }
  ],
  "events": [
    {
      "id": "<an id: my-, the year and a few words, e.g. my-2016-warsaw-summit>",
      "date": "<the day it happened: YYYY-MM-DD (or YYYY-MM, or YYYY)>",
      "date_precision": "<day, month or year: how much of the date you know>",
      "title": "<one line, in your own words: what happened>",
      "kind": "<one kind listed in data/README.md: summit, meeting, statement, ...>",
      "period": "<the period holding the date: p08 for 2015-2024 (course.periods)>",
      "place": "<the city where it happened>",
      "participants": ["<a person or body that took part>",
                       "<another; delete it if there is none>"],
      "summary": "<two to four sentences, your own words: what happened, why it mattered>",
      "cooperation": [],
      "signal": "<a whole number from -2 to 2 WITHOUT quotes: the rubric, data/README.md>",
      "in_source_document": "<true or false WITHOUT quotes: does the 2014 fact sheet mention it?>",
      "confidence": "<high, or medium if the date rests on one secondary report>",
      "sources": ["<the id of your source above>"]
    }
  ]
}
"""
EDITOR_NOTE = (" If the file is open in an editor tab, close that tab without saving (or use "
               "File > Reload from Disk) before you edit it there again: the tab still shows "
               "the file as it was.")


def start(path: Path) -> str:
    """Create a student's file from the fill-in template, unless it exists already.

    Parameters
    ----------
    path
        Where the file goes (``my_work/my_events.json``).

    Returns
    -------
    str
        What was done, and what to do next.
    """
    if path.exists():
        return (f"{path.name} exists already, so it was left as it is. Open it in the "
                "editor to go on; to start afresh, rename or delete it and run this again.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": never replaces a file, even in a race
        out.write(TEMPLATE)
    folder = path.parent.name
    return (f"Created {folder}/{path.name} from the template. To fill it in: in the file "
            f"browser on the left, open {folder}/, right-click {path.name} and choose Open "
            "With > Editor. Replace every <...> (the angle brackets too) with your own, "
            "save with Ctrl+S, then run data.check_mine() here.")


def write(path: Path, mine: Mapping[str, list[Any]]) -> None:
    """Write a student's file in the course's JSON style, lists in the course's order."""
    ordered = {table: list(mine[table]) for table in STUDENT_TABLES if mine.get(table)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(ordered, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def add_record(course_raw: Mapping[str, Any], table: str, record: Mapping[str, Any],
               path: Path) -> dict[str, list[Any]]:
    """Add (or replace, by id) one record in a student's file, only if the result is valid.

    Parameters
    ----------
    course_raw
        The course's parsed dataset.
    table
        ``"events"``, ``"sources"``, ``"documents"`` or ``"quotations"``.
    record
        The record's fields.
    path
        The student's file; created when it does not exist yet.

    Returns
    -------
    dict
        The student's records as now written.

    Raises
    ------
    StudentRecordError
        When the record (with the rest of the file) breaks a rule; nothing is written.
    """
    if table not in STUDENT_TABLES:
        raise StudentRecordError(path, f"records go in {_names(STUDENT_TABLES)}, not {table!r}")
    mine = read(path) if path.exists() else {}
    records = [r for r in mine.get(table, []) if r.get("id") != record.get("id")]
    mine[table] = [*records, dict(record)]
    check(course_raw, mine, path)
    write(path, mine)
    return mine
