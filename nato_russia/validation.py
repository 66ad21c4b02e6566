"""Validate the course dataset: the JSON Schema first, then one small function per rule.

``data/schema.json`` says what a single record may hold (fields, types, forms, enums, which
fields go together). What a schema cannot say, because it spans records, is a rule here:
one function each, listed in :data:`RULES` and run in order, as jsonschema runs its
keywords. Every failure is one :class:`DatasetError` naming the file, the record and the
field.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "data" / "schema.json"

TABLES = (
    "sources",
    "periods",
    "events",
    "documents",
    "quotations",
    "cooperation_areas",
    "accessions",
    "partnerships",
)
# The fields of each table that hold a date, in the form data/README.md describes.
DATE_FIELDS = {
    "sources": ("date",),
    "periods": ("start", "end"),
    "events": ("date", "end_date"),
    "documents": ("date",),
    "cooperation_areas": ("began", "stopped"),
    "accessions": ("date",),
    "partnerships": ("date",),
}
# Fields that name a record of another table: (table, field) -> table referred to.
REFERENCES = {
    ("events", "period"): "periods",
    ("quotations", "document"): "documents",
    ("quotations", "event"): "events",
    ("cooperation_areas", "began_event"): "events",
    ("cooperation_areas", "stopped_event"): "events",
    ("accessions", "event"): "events",
    ("partnerships", "event"): "events",
}
_PERIOD_FREQ = {"year": "Y", "month": "M", "day": "D"}


class DatasetError(ValueError):
    """The dataset file is missing, unreadable or breaks a rule.

    The message names the file, the record (by id where it has one) and the field.
    """

    def __init__(self, path: Path | str, message: str, record: str = "", field: str = ""):
        self.path = str(path)
        self.message = message
        self.record = record
        self.field = field
        where = f"{self.path}"
        if record:
            where += f", record {record}"
        if field:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")


def json_kind(value: Any) -> str:
    """Name a JSON value's type the way the data dictionary does."""
    names = {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def record_label(raw: dict[str, Any], table: str, index: int) -> str:
    """Describe a record as ``table[i] (id 'x')`` so a reader can find it."""
    try:
        record_id = raw[table][index].get("id")
    except (AttributeError, IndexError, KeyError, TypeError):
        record_id = None
    label = f"{table}[{index}]"
    if isinstance(record_id, str):
        label += f" (id '{record_id}')"
    return label


def date_span(value: str, precision: str | None = None) -> tuple[dt.date, dt.date]:
    """Return the first and last day a date string covers.

    ``"2008"`` covers the year, ``"2008-12"`` the month, ``"2008-12-03"`` the day.

    Raises
    ------
    ValueError
        For an impossible date, or a form that does not match ``precision``.
    """
    form = {1: "year", 2: "month", 3: "day"}[len(value.split("-"))]
    if precision is not None and precision != form:
        raise ValueError(f"{value!r} is written as a {form} but date_precision is {precision!r}")
    try:
        period = pd.Period(value, freq=_PERIOD_FREQ[form])
    except ValueError as exc:  # pandas' DateParseError is a ValueError
        raise ValueError(f"{value!r} is not a real calendar date ({exc})") from None
    return period.start_time.date(), period.end_time.date()


# --------------------------------------------------------------------------- the schema


def schema_path() -> Path:
    """Return the path of the JSON Schema that describes the dataset."""
    return SCHEMA_FILE


def _read_schema() -> dict[str, Any]:
    try:
        return json.loads(schema_path().read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DatasetError(schema_path(), f"the schema cannot be read: {exc}") from None


@functools.cache
def _fast_validator() -> Callable[[Any], Any]:
    """The schema compiled to Python code, for the common case of a valid file."""
    import fastjsonschema

    return fastjsonschema.compile(_read_schema())


def check_schema(raw: dict[str, Any], path: Path) -> None:
    """Raise the first schema violation, located by record and field."""
    import fastjsonschema

    # A valid file passes the compiled check in milliseconds. jsonschema, whose import
    # alone costs a new kernel about a second, is only loaded to explain a failure.
    try:
        _fast_validator()(raw)
        return
    except fastjsonschema.JsonSchemaException as exc:
        fast_message = str(exc)
    import jsonschema

    validator = jsonschema.Draft202012Validator(_read_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(raw))
    if error is None:  # the two validators disagree: trust the stricter one
        raise DatasetError(path, f"does not match the schema ({fast_message})")
    location = list(error.absolute_path)
    record, where = "", ""
    if len(location) >= 2 and location[0] in TABLES and isinstance(location[1], int):
        record = record_label(raw, location[0], location[1])
        where = ".".join(str(part) for part in location[2:])
    elif location:
        record = str(location[0])
        where = ".".join(str(part) for part in location[1:])
    where, message = _explain(error, where)
    raise DatasetError(path, message, record, where)


def _explain(error: Any, where: str) -> tuple[str, str]:
    """The field and the sentence for one jsonschema error."""
    kind = error.validator
    if kind == "required" and not where:
        field = error.message.split("'")[1] if "'" in error.message else ""
        if field == "copy_reason":
            return field, "a source reached as a copy must say why no better address was found"
        return field, "this required field is missing"
    if kind == "not" and "required" in error.validator_value:
        field = error.validator_value["required"][0]
        return (".".join(filter(None, [where, field])),
                f"{field} belongs only to a source whose reach is 'copy'")
    if kind == "dependentRequired":
        together = list(dict.fromkeys(name for given, needed in error.validator_value.items()
                                      for name in (given, *needed)))
        missing = [name for name in together if name not in error.instance]
        return (".".join(filter(None, [where, missing[0]])),
                f"{', '.join(together[:-1])} and {together[-1]} go together; this one is "
                "missing")
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return (".".join(filter(None, [where, extra[0] if extra else ""])),
                "this field is not in the schema (a typo, or a field to add to schema.json?)")
    if kind == "enum":
        allowed = ", ".join(repr(v) for v in error.validator_value)
        return where, f"{error.instance!r} is not one of the allowed values ({allowed})"
    if kind == "type":
        return where, f"expected {error.validator_value}, found {json_kind(error.instance)}"
    if kind == "pattern":
        message = f"{error.instance!r} does not have the expected form"
        if "day" in str(error.schema_path) or "date" in where or where in {"start", "end"}:
            message += " (a date written YYYY-MM-DD, or YYYY-MM / YYYY where allowed)"
        elif "url" in where:
            message += " (an absolute http(s) web address)"
        elif where == "id" or where.endswith(("period", "document", "event", "area")):
            message += " (an id of lowercase letters, digits, '-' and '_')"
        return where, message
    return where, error.message


# --------------------------------------------------------------------------- the rules


@dataclass
class Context:
    """What the rules share: the parsed file, its path, and what earlier rules worked out."""

    raw: dict[str, Any]
    path: Path
    ids: dict[str, set[str]] = field(default_factory=dict)
    spans: dict[tuple[str, str], tuple[dt.date, dt.date]] = field(default_factory=dict)

    def fail(self, table: str, index: int, where: str, message: str) -> NoReturn:
        """Raise the error for one field of one record."""
        raise DatasetError(self.path, message, record_label(self.raw, table, index), where)

    def records(self) -> Iterator[tuple[str, int, dict[str, Any]]]:
        """Every record of every table, with its table and position."""
        for table in TABLES:
            for index, record in enumerate(self.raw[table]):
                yield table, index, record

    def span(self, record_id: str, name: str) -> tuple[dt.date, dt.date]:
        """The days a record's date field covers (worked out by :func:`real_dates`)."""
        return self.spans[(record_id, name)]


def unique_ids(ctx: Context) -> None:
    """Ids are unique across the whole file, so any id names exactly one record."""
    seen: dict[str, str] = {}
    for table, index, record in ctx.records():
        if record["id"] in seen:
            ctx.fail(table, index, "id", f"duplicate id, already used by {seen[record['id']]}")
        seen[record["id"]] = record_label(ctx.raw, table, index)
    ctx.ids = {table: {r["id"] for r in ctx.raw[table]} for table in TABLES}


def meta_sources_exist(ctx: Context) -> None:
    """The file's own sources, named in ``meta``, are records of ``sources``."""
    named = [("source_document", ctx.raw["meta"]["source_document"])]
    named += [(f"sources.{i}", s) for i, s in enumerate(ctx.raw["meta"]["sources"])]
    for where, source in named:
        if source not in ctx.ids["sources"]:
            raise DatasetError(ctx.path, f"refers to {source!r}, which is not an id in sources",
                               "meta", where)


def references_resolve(ctx: Context) -> None:
    """Every field that names another record names one that exists."""
    for (table, name), target in REFERENCES.items():
        for index, record in enumerate(ctx.raw[table]):
            if name in record and record[name] not in ctx.ids[target]:
                ctx.fail(table, index, name,
                         f"refers to {record[name]!r}, which is not an id in {target}")
    for index, event in enumerate(ctx.raw["events"]):
        for position, effect in enumerate(event["cooperation"]):
            if effect["area"] not in ctx.ids["cooperation_areas"]:
                ctx.fail("events", index, f"cooperation.{position}.area",
                         f"refers to {effect['area']!r}, which is not an id in "
                         "cooperation_areas")


def sources_exist(ctx: Context) -> None:
    """Every source a record cites is a record of ``sources``."""
    for table, index, record in ctx.records():
        for position, source in enumerate(record.get("sources", [])):
            if source not in ctx.ids["sources"]:
                ctx.fail(table, index, f"sources.{position}",
                         f"refers to {source!r}, which is not an id in sources")


def real_dates(ctx: Context) -> None:
    """Dates are real calendar days, written in the form their ``date_precision`` says."""
    for table, names in DATE_FIELDS.items():
        for index, record in enumerate(ctx.raw[table]):
            for name in names:
                if name not in record:
                    continue
                precision = record.get("date_precision") if name == "date" else None
                try:
                    ctx.spans[(record["id"], name)] = date_span(record[name], precision)
                except ValueError as exc:
                    ctx.fail(table, index, name, str(exc))


def periods_in_order(ctx: Context) -> None:
    """Each period ends on or after the day it starts."""
    for index, period in enumerate(ctx.raw["periods"]):
        if ctx.span(period["id"], "end")[0] < ctx.span(period["id"], "start")[0]:
            ctx.fail("periods", index, "end",
                     f"{period['end']} is before the start {period['start']}")


def periods_contiguous(ctx: Context) -> None:
    """Each period starts the day after the one before it ends: no overlap, no gap."""
    periods = ctx.raw["periods"]
    order = sorted(range(len(periods)), key=lambda i: periods[i]["start"])
    for before, index in zip(order, order[1:], strict=False):
        gap = (ctx.span(periods[index]["id"], "start")[0]
               - ctx.span(periods[before]["id"], "end")[0]).days
        previous = periods[before]
        if gap < 1:
            ctx.fail("periods", index, "start",
                     f"overlaps period {previous['id']!r}, which ends {previous['end']}")
        if gap > 1:
            ctx.fail("periods", index, "start",
                     f"leaves a gap after period {previous['id']!r}, which ends "
                     f"{previous['end']}")


def one_period_per_lesson(ctx: Context) -> None:
    """A lesson has one period."""
    lessons = [p["lesson"] for p in ctx.raw["periods"]]
    for index, lesson in enumerate(lessons):
        if lessons.count(lesson) > 1:
            ctx.fail("periods", index, "lesson", f"lesson {lesson} has more than one period")


def event_end_dates(ctx: Context) -> None:
    """An event's ``end_date`` is a day, after its ``date``, which is a day too."""
    for index, event in enumerate(ctx.raw["events"]):
        if "end_date" not in event:
            continue
        if event["date_precision"] != "day":
            ctx.fail("events", index, "end_date", "an end_date needs date_precision 'day'")
        if ctx.span(event["id"], "end_date")[0] <= ctx.span(event["id"], "date")[0]:
            ctx.fail("events", index, "end_date", f"{event['end_date']} is not after the date")


def events_inside_their_period(ctx: Context) -> None:
    """Every day an event covers lies inside the period it is filed under."""
    periods = {p["id"]: p for p in ctx.raw["periods"]}
    for index, event in enumerate(ctx.raw["events"]):
        first, last = ctx.span(event["id"], "date")
        if "end_date" in event:
            last = ctx.span(event["id"], "end_date")[0]
        period = periods[event["period"]]
        if (first < ctx.span(period["id"], "start")[0]
                or last > ctx.span(period["id"], "end")[0]):
            ctx.fail("events", index, "period",
                     f"the event ({event['date']}) lies outside period {period['id']!r} "
                     f"({period['start']} to {period['end']})")


def areas_stop_after_they_begin(ctx: Context) -> None:
    """A cooperation area that stopped did so on or after the day it began."""
    for index, area in enumerate(ctx.raw["cooperation_areas"]):
        if ("stopped" in area
                and ctx.span(area["id"], "stopped")[0] < ctx.span(area["id"], "began")[0]):
            ctx.fail("cooperation_areas", index, "stopped",
                     f"{area['stopped']} is before the area began ({area['began']})")


# In order: later rules rely on what earlier ones established (ids, references, spans).
RULES: tuple[Callable[[Context], None], ...] = (
    unique_ids,
    meta_sources_exist,
    references_resolve,
    real_dates,
    periods_in_order,
    periods_contiguous,
    one_period_per_lesson,
    event_end_dates,
    events_inside_their_period,
    areas_stop_after_they_begin,
    sources_exist,
)


def validate(raw: Any, path: Path | str = "<dataset>") -> None:
    """Check a parsed dataset against the schema and every rule in :data:`RULES`.

    Parameters
    ----------
    raw
        The parsed JSON.
    path
        The file it came from, for messages.

    Raises
    ------
    DatasetError
        At the first problem, naming the file, record and field.
    """
    path = Path(path)
    if not isinstance(raw, dict):
        raise DatasetError(path, f"the top level must be a JSON object, not {json_kind(raw)}")
    check_schema(raw, path)
    context = Context(raw, path)
    for rule in RULES:
        rule(context)
