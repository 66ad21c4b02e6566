"""Load, validate and tabulate the course dataset (``data/nato_russia.json``).

Every notebook reads the dataset through :func:`load`, which finds the file from any
working directory, checks it against ``data/schema.json`` and the cross-record rules
below, and returns pandas DataFrames with real dtypes. Anything wrong with the file
raises one exception type, :class:`DatasetError`, whose message names the file, the
record and the field.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd

DATA_FILE = "nato_russia.json"
SCHEMA_FILE = "schema.json"
ENV_VAR = "NATO_RUSSIA_DATA"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent

TABLES = (
    "sources",
    "periods",
    "events",
    "documents",
    "quotations",
    "cooperation_areas",
    "accessions",
)


class DatasetError(ValueError):
    """The dataset file is missing, unreadable or breaks a rule.

    The message names the file, the record (by id where it has one) and the field.
    """

    def __init__(self, path: Path | str, message: str, record: str = "", field: str = ""):
        self.path = str(path)
        self.record = record
        self.field = field
        where = f"{self.path}"
        if record:
            where += f", record {record}"
        if field:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")


@dataclass
class Course:
    """The dataset as DataFrames, one per table, plus the long table of cooperation effects."""

    periods: pd.DataFrame
    events: pd.DataFrame
    documents: pd.DataFrame
    quotations: pd.DataFrame
    areas: pd.DataFrame
    cooperation: pd.DataFrame
    accessions: pd.DataFrame
    sources: pd.DataFrame
    meta: dict[str, Any]
    path: Path

    def copy(self) -> Course:
        """Return a deep copy, so a student's edits never reach the cached original."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in values.items():
            if isinstance(value, pd.DataFrame):
                values[name] = value.copy(deep=True)
        values["meta"] = copy.deepcopy(self.meta)
        return Course(**values)


# --------------------------------------------------------------------------- finding


def find_dataset(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the path of the dataset file.

    Parameters
    ----------
    path
        An explicit file. Without it: the ``NATO_RUSSIA_DATA`` environment variable,
        then ``data/`` beside the package, then ``data/`` in the working directory or
        any directory above it.

    Raises
    ------
    DatasetError
        When no dataset file is found.
    """
    if path is not None:
        return Path(path)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    candidates = [PACKAGE_ROOT / "data" / DATA_FILE]
    here = Path.cwd().resolve()
    candidates += [folder / "data" / DATA_FILE for folder in (here, *here.parents)]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise DatasetError(
        candidates[0],
        "the course dataset was not found; run the notebook from inside the course "
        f"folder or set {ENV_VAR} to the file's path",
    )


def schema_path() -> Path:
    """Return the path of the JSON Schema that describes the dataset."""
    return PACKAGE_ROOT / "data" / SCHEMA_FILE


# --------------------------------------------------------------------------- reading


def read_raw(path: Path) -> dict[str, Any]:
    """Read and parse the JSON file, turning every failure into a DatasetError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(path, "the file does not exist") from None
    except IsADirectoryError:
        raise DatasetError(path, "this is a folder, not a JSON file") from None
    except UnicodeDecodeError as exc:
        raise DatasetError(path, f"the file is not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise DatasetError(path, f"the file cannot be read ({exc.strerror})") from None
    if not text.strip():
        raise DatasetError(path, "the file is empty")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DatasetError(
            path, f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise DatasetError(path, "not valid JSON: nested too deeply") from None
    if not isinstance(raw, dict):
        raise DatasetError(path, f"the top level must be a JSON object, not {_kind(raw)}")
    return raw


def _kind(value: Any) -> str:
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


# --------------------------------------------------------------------------- validation


def _record_label(raw: dict[str, Any], table: str, index: int) -> str:
    """Describe a record as ``table[i] (id 'x')`` so a reader can find it."""
    try:
        record_id = raw[table][index].get("id")
    except (AttributeError, IndexError, KeyError, TypeError):
        record_id = None
    label = f"{table}[{index}]"
    if isinstance(record_id, str):
        label += f" (id '{record_id}')"
    return label


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


def _schema_errors(raw: dict[str, Any], path: Path) -> None:
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
    record, field = "", ""
    if len(location) >= 2 and location[0] in TABLES and isinstance(location[1], int):
        record = _record_label(raw, location[0], location[1])
        field = ".".join(str(part) for part in location[2:])
    elif location:
        record = str(location[0])
        field = ".".join(str(part) for part in location[1:])
    if error.validator == "required" and not field:
        missing = error.message.split("'")[1] if "'" in error.message else ""
        field = missing
        message = "this required field is missing"
    elif error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        field = ".".join(filter(None, [field, extra[0] if extra else ""]))
        message = "this field is not in the schema (a typo, or a field to add to schema.json?)"
    elif error.validator == "enum":
        allowed = ", ".join(repr(v) for v in error.validator_value)
        message = f"{error.instance!r} is not one of the allowed values ({allowed})"
    elif error.validator == "type":
        message = f"expected {error.validator_value}, found {_kind(error.instance)}"
    elif error.validator == "pattern":
        message = f"{error.instance!r} does not have the expected form"
        if "day" in str(error.schema_path) or "date" in field or field in {"start", "end"}:
            message += " (a date written YYYY-MM-DD, or YYYY-MM / YYYY where allowed)"
        elif "url" in field:
            message += " (an absolute http(s) address)"
        elif field == "id" or field.endswith(("period", "document", "event", "area")):
            message += " (an id of lowercase letters, digits, '-' and '_')"
    else:
        message = error.message
    raise DatasetError(path, message, record, field)


def _parse_date(value: str, precision: str | None = None) -> tuple[dt.date, dt.date]:
    """Return the first and last day a date string covers.

    ``"2008"`` covers the year, ``"2008-12"`` the month, ``"2008-12-03"`` the day.
    Raises ValueError for an impossible date or a form that does not match ``precision``.
    """
    parts = value.split("-")
    form = {1: "year", 2: "month", 3: "day"}[len(parts)]
    if precision is not None and precision != form:
        raise ValueError(f"{value!r} is written as a {form} but date_precision is {precision!r}")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 1
    day = int(parts[2]) if len(parts) > 2 else 1
    try:
        first = dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real calendar date ({exc})") from None
    if form == "day":
        last = first
    elif form == "month":
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
    else:
        last = dt.date(year, 12, 31)
    return first, last


def _records(raw: dict[str, Any]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    for table in TABLES:
        for index, record in enumerate(raw[table]):
            yield table, index, record


def _cross_record_errors(raw: dict[str, Any], path: Path) -> None:
    """Check the rules a JSON Schema cannot express."""

    def fail(table: str, index: int, field: str, message: str) -> None:
        raise DatasetError(path, message, _record_label(raw, table, index), field)

    # Unique ids across the whole file, so any id names exactly one record.
    seen: dict[str, str] = {}
    for table, index, record in _records(raw):
        label = _record_label(raw, table, index)
        if record["id"] in seen:
            fail(table, index, "id", f"duplicate id, already used by {seen[record['id']]}")
        seen[record["id"]] = label
    ids = {table: {r["id"] for r in raw[table]} for table in TABLES}

    def must_exist(table: str, index: int, field: str, value: str, target: str) -> None:
        if value not in ids[target]:
            fail(table, index, field, f"refers to {value!r}, which is not an id in {target}")

    if raw["meta"]["source_document"] not in ids["sources"]:
        raise DatasetError(
            path,
            f"refers to {raw['meta']['source_document']!r}, which is not an id in sources",
            "meta",
            "source_document",
        )
    for position, source in enumerate(raw["meta"]["sources"]):
        if source not in ids["sources"]:
            raise DatasetError(
                path,
                f"refers to {source!r}, which is not an id in sources",
                "meta",
                f"sources.{position}",
            )

    # Dates: real calendar dates, in the form their precision says, ranges in order.
    spans: dict[str, tuple[dt.date, dt.date]] = {}
    date_fields = {
        "sources": ["date"],
        "periods": ["start", "end"],
        "events": ["date", "end_date"],
        "documents": ["date"],
        "cooperation_areas": ["began", "stopped"],
        "accessions": ["date"],
    }
    for table, names in date_fields.items():
        for index, record in enumerate(raw[table]):
            for name in names:
                if name not in record:
                    continue
                precision = record.get("date_precision") if name == "date" else None
                try:
                    first, last = _parse_date(record[name], precision)
                except ValueError as exc:
                    fail(table, index, name, str(exc))
                spans[f"{record['id']}.{name}"] = (first, last)

    # Periods: each ends after it starts, and each starts the day after the last ended.
    order = sorted(range(len(raw["periods"])), key=lambda i: raw["periods"][i]["start"])
    previous: int | None = None
    for index in order:
        period = raw["periods"][index]
        start = spans[f"{period['id']}.start"][0]
        end = spans[f"{period['id']}.end"][0]
        if end < start:
            fail("periods", index, "end", f"{period['end']} is before the start {period['start']}")
        if previous is not None:
            before = raw["periods"][previous]
            gap = (start - spans[f"{before['id']}.end"][0]).days
            if gap < 1:
                fail("periods", index, "start",
                     f"overlaps period {before['id']!r}, which ends {before['end']}")
            if gap > 1:
                fail("periods", index, "start",
                     f"leaves a gap after period {before['id']!r}, which ends {before['end']}")
        previous = index
    lessons = [p["lesson"] for p in raw["periods"]]
    for index, lesson in enumerate(lessons):
        if lessons.count(lesson) > 1:
            fail("periods", index, "lesson", f"lesson {lesson} has more than one period")

    for index, event in enumerate(raw["events"]):
        first, last = spans[f"{event['id']}.date"]
        if "end_date" in event:
            end = spans[f"{event['id']}.end_date"][0]
            if event["date_precision"] != "day":
                fail("events", index, "end_date", "an end_date needs date_precision 'day'")
            if end <= first:
                fail("events", index, "end_date", f"{event['end_date']} is not after the date")
            last = end
        must_exist("events", index, "period", event["period"], "periods")
        period = raw["periods"][[p["id"] for p in raw["periods"]].index(event["period"])]
        p_start = spans[f"{period['id']}.start"][0]
        p_end = spans[f"{period['id']}.end"][0]
        if first < p_start or last > p_end:
            fail(
                "events",
                index,
                "period",
                f"the event ({event['date']}) lies outside period {period['id']!r} "
                f"({period['start']} to {period['end']})",
            )
        for position, effect in enumerate(event["cooperation"]):
            must_exist("events", index, f"cooperation.{position}.area", effect["area"],
                       "cooperation_areas")

    for index, quote in enumerate(raw["quotations"]):
        must_exist("quotations", index, "document", quote["document"], "documents")
        must_exist("quotations", index, "event", quote["event"], "events")

    for index, area in enumerate(raw["cooperation_areas"]):
        must_exist("cooperation_areas", index, "began_event", area["began_event"], "events")
        stop_fields = [name for name in ("stopped", "stopped_event", "stop_kind") if name in area]
        if stop_fields and len(stop_fields) < 3:
            missing = sorted({"stopped", "stopped_event", "stop_kind"} - set(stop_fields))
            fail("cooperation_areas", index, missing[0],
                 "stopped, stopped_event and stop_kind go together; this one is missing")
        if "stopped_event" in area:
            must_exist("cooperation_areas", index, "stopped_event", area["stopped_event"],
                       "events")
            if spans[f"{area['id']}.stopped"][0] < spans[f"{area['id']}.began"][0]:
                fail("cooperation_areas", index, "stopped",
                     f"{area['stopped']} is before the area began ({area['began']})")

    for index, accession in enumerate(raw["accessions"]):
        if "event" in accession:
            must_exist("accessions", index, "event", accession["event"], "events")

    # Every record cites at least one source, and every cited source exists.
    for table, index, record in _records(raw):
        for position, source in enumerate(record.get("sources", [])):
            must_exist(table, index, f"sources.{position}", source, "sources")

    # Links are absolute web addresses.
    for table in ("sources", "documents"):
        for index, record in enumerate(raw[table]):
            parsed = urlparse(record["url"])
            if parsed.scheme not in {"http", "https"} or "." not in parsed.netloc:
                fail(table, index, "url", f"{record['url']!r} is not an absolute web address")


def validate(raw: Any, path: Path | str = "<dataset>") -> None:
    """Check a parsed dataset against the schema and the cross-record rules.

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
        raise DatasetError(path, f"the top level must be a JSON object, not {_kind(raw)}")
    _schema_errors(raw, path)
    _cross_record_errors(raw, path)


# --------------------------------------------------------------------------- tables


def _dates(values: pd.Series) -> pd.Series:
    """Turn ISO date strings (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) into datetimes."""
    # A year or month stands for its first day; date_precision says how much is known.
    padded = values.map(lambda v: v + "-01-01"[: 10 - len(v)] if isinstance(v, str) else None)
    return pd.to_datetime(padded, format="%Y-%m-%d").astype("datetime64[ns]")


def _frame(records: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Build a frame with a fixed column order, filling absent optional fields."""
    frame = pd.DataFrame.from_records(records)
    for column in columns:
        if column not in frame:
            frame[column] = None
    return frame[columns]


def tabulate(raw: dict[str, Any], path: Path) -> Course:
    """Turn a validated dataset into a :class:`Course` of typed DataFrames."""
    periods = _frame(raw["periods"], ["id", "lesson", "title", "start", "end", "summary",
                                      "sources"])
    periods["start"] = _dates(periods["start"])
    periods["end"] = _dates(periods["end"])

    events = _frame(raw["events"], [
        "id", "date", "end_date", "date_precision", "title", "kind", "period", "place",
        "participants", "summary", "signal", "in_source_document", "source_says",
        "correction", "confidence", "sources",
    ])
    events["date"] = _dates(events["date"])
    events["end_date"] = _dates(events["end_date"])
    events["year"] = events["date"].dt.year.astype("int64")
    events["signal"] = events["signal"].astype("int64")
    events["in_source_document"] = events["in_source_document"].astype(bool)
    events["lesson"] = events["period"].map(periods.set_index("id")["lesson"])
    events = events.sort_values(["date", "id"], kind="stable").reset_index(drop=True)

    cooperation = pd.DataFrame.from_records(
        [
            {"event": e["id"], "area": c["area"], "effect": c["effect"]}
            for e in raw["events"]
            for c in e["cooperation"]
        ],
        columns=["event", "area", "effect"],
    )
    cooperation = cooperation.merge(
        events[["id", "date"]].rename(columns={"id": "event"}), on="event", how="left"
    ).sort_values(["date", "event", "area"], kind="stable").reset_index(drop=True)

    documents = _frame(raw["documents"], ["id", "title", "date", "issuer", "url", "note",
                                          "sources"])
    documents["date"] = _dates(documents["date"])

    quotations = _frame(raw["quotations"], ["id", "text", "document", "event", "location",
                                            "in_source_document", "note", "sources"])
    quotations["in_source_document"] = quotations["in_source_document"].astype(bool)

    areas = _frame(raw["cooperation_areas"], ["id", "name", "began", "began_event", "stopped",
                                              "stopped_event", "stop_kind", "summary", "note",
                                              "sources"])
    areas["began"] = _dates(areas["began"])
    areas["stopped"] = _dates(areas["stopped"])
    areas = areas.sort_values(["began", "id"], kind="stable").reset_index(drop=True)

    accessions = _frame(raw["accessions"], ["id", "country", "date", "event", "note",
                                            "sources"])
    accessions["date"] = _dates(accessions["date"])
    accessions = accessions.sort_values(["date", "country"], kind="stable").reset_index(
        drop=True)

    sources = _frame(raw["sources"], ["id", "title", "publisher", "kind", "date", "url",
                                      "note"])
    return Course(
        periods=periods,
        events=events,
        documents=documents,
        quotations=quotations,
        areas=areas,
        cooperation=cooperation,
        accessions=accessions,
        sources=sources,
        meta=raw["meta"],
        path=path,
    )


# --------------------------------------------------------------------------- entry point

_cache: dict[tuple[str, int, int], Course] = {}


def load(path: str | os.PathLike[str] | None = None) -> Course:
    """Load the course dataset as DataFrames.

    Parameters
    ----------
    path
        The dataset file; by default it is found as :func:`find_dataset` describes.

    Returns
    -------
    Course
        ``periods``, ``events``, ``documents``, ``quotations``, ``areas``,
        ``cooperation`` (one row per event and cooperation area it touched),
        ``accessions`` and ``sources`` as DataFrames, dates as datetimes.

    Raises
    ------
    DatasetError
        When the file is missing, is not valid JSON, or breaks a rule of the schema
        or of the cross-record checks; the message names the file, record and field.
    """
    file = find_dataset(path)
    try:
        stat = file.stat()
    except OSError:
        stat = None
    key = (str(file.resolve()), stat.st_mtime_ns, stat.st_size) if stat else None
    if key is not None and key in _cache:
        return _cache[key].copy()
    raw = read_raw(file)
    try:
        validate(raw, file)
        course = tabulate(raw, file)
    except DatasetError:
        raise
    except Exception as exc:  # a rule this module did not foresee: still one clear message
        raise DatasetError(file, f"unexpected problem while checking the file: {exc!r}") from None
    if key is not None:
        _cache.clear()
        _cache[key] = course
    return course.copy()
