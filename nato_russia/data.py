"""Load, validate and tabulate the course dataset (``data/nato_russia.json``).

Every notebook reads the dataset through :func:`load`, which finds the file from any
working directory, checks it against ``data/schema.json`` and the cross-record rules of
:mod:`nato_russia.validation`, and returns pandas DataFrames with real dtypes. Anything
wrong with the file raises one exception type, :class:`DatasetError`, whose message names
the file, the record and the field.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pandas as pd

from nato_russia.validation import DatasetError, json_kind, schema_path, validate

__all__ = [
    "MY_EVENTS",
    "Course",
    "DatasetError",
    "add_event",
    "add_record",
    "add_source",
    "check_mine",
    "dataset_key",
    "find_dataset",
    "load",
    "read_mine",
    "schema_path",
    "start_my_events",
    "validate",
]

DATA_FILE = "nato_russia.json"
MY_EVENTS = "my_events.json"  # a student's own records, in my_work/ (student_records.locate)
ENV_VAR = "NATO_RUSSIA_DATA"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent

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
    partnerships: pd.DataFrame
    sources: pd.DataFrame
    meta: dict[str, Any]
    path: Path
    mine: tuple[str, ...] = ()  # ids of the student's own records, when loaded with extra=

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
        raise DatasetError(path, f"the top level must be a JSON object, not {json_kind(raw)}")
    return raw


# --------------------------------------------------------------------------- tables


def _dates(values: pd.Series) -> pd.Series:
    """Turn ISO date strings (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) into datetimes."""
    # A year or month stands for its first day; date_precision says how much is known.
    return pd.to_datetime(values, format="ISO8601").astype("datetime64[ns]")


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

    documents = _frame(raw["documents"], ["id", "title", "date", "issuer", "voice", "url", "note",
                                          "sources"])
    documents["date"] = _dates(documents["date"])

    quotations = _frame(raw["quotations"], ["id", "text", "document", "event", "location",
                                            "in_source_document", "note", "correction",
                                            "sources"])
    quotations["in_source_document"] = quotations["in_source_document"].astype(bool)
    # A quotation speaks with its document's voice; kept on both so students can filter either.
    quotations["voice"] = quotations["document"].map(documents.set_index("id")["voice"])

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

    partnerships = _frame(raw["partnerships"], ["id", "country", "programme", "date", "event",
                                                "note", "sources"])
    partnerships["date"] = _dates(partnerships["date"])
    partnerships = partnerships.sort_values(["date", "country"], kind="stable").reset_index(
        drop=True)

    sources = _frame(raw["sources"], ["id", "title", "publisher", "kind", "date", "url",
                                      "reach", "copy_reason", "partisan", "note"])
    return Course(
        periods=periods,
        events=events,
        documents=documents,
        quotations=quotations,
        areas=areas,
        cooperation=cooperation,
        accessions=accessions,
        partnerships=partnerships,
        sources=sources,
        meta=raw["meta"],
        path=path,
    )


# --------------------------------------------------------------------------- entry point

_cache: dict[tuple[str, int, int], Course] = {}


def load(path: str | os.PathLike[str] | None = None, *,
         extra: str | os.PathLike[str] | None = None) -> Course:
    """Load the course dataset as DataFrames.

    Parameters
    ----------
    path
        The dataset file; by default it is found as :func:`find_dataset` describes.
    extra
        A file of your own records to add, such as ``"my_events.json"`` (looked for in
        the working folder, then in ``my_work/``, as ``student_records.locate`` says).
        They are checked by the same rules as the course's; their ids are in ``course.mine``.

    Returns
    -------
    Course
        ``periods``, ``events``, ``documents``, ``quotations``, ``areas``,
        ``cooperation`` (one row per event and cooperation area it touched),
        ``accessions``, ``partnerships`` and ``sources`` as DataFrames, dates as datetimes.

    Raises
    ------
    DatasetError
        When the file is missing, is not valid JSON, or breaks a rule of the schema
        or of the cross-record checks; the message names the file, record and field.
        For a problem in ``extra`` it is a ``StudentRecordError`` that says what is
        wrong with your record and what to do.
    """
    if extra is not None:
        return _load_with(path, extra)
    file = find_dataset(path)
    key = _key_of(file)
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


def dataset_key(path: str | os.PathLike[str] | None = None) -> tuple[str, int, int] | None:
    """Which version of the dataset :func:`load` would read: its file, time and size.

    ``None`` when the file cannot be read (``load`` then says why). Code that keeps what it
    worked out from a loaded dataset keeps it under this key, so a changed file is read again.
    """
    return _key_of(find_dataset(path))


def _key_of(file: Path) -> tuple[str, int, int] | None:
    try:
        stat = file.stat()
    except OSError:
        return None
    return (str(file.resolve()), stat.st_mtime_ns, stat.st_size)


# --------------------------------------------------------------------------- a student's records


def _load_with(path: str | os.PathLike[str] | None, extra: str | os.PathLike[str]) -> Course:
    """The course with a student's records merged in (never cached: the file changes often)."""
    from nato_russia import student_records

    load(path)  # the course itself first, so its own problems are reported as its own
    file = find_dataset(path)
    mine_path = student_records.locate(extra, file)
    mine = student_records.read(mine_path)
    merged = student_records.check(read_raw(file), mine, mine_path)
    course = tabulate(merged, file)
    course.mine = tuple(r["id"] for records in mine.values() for r in records)
    return course


def read_mine(file: str | os.PathLike[str] = MY_EVENTS) -> dict[str, list[Any]]:
    """Read a file of your own records (looked for as :func:`load`'s ``extra`` is).

    Returns
    -------
    dict
        Its lists of records by table, to copy or change before checking them.

    Raises
    ------
    StudentRecordError
        When the file is missing or is not a JSON object of lists of records.
    """
    from nato_russia import student_records

    return student_records.read(student_records.locate(file, find_dataset()))


def check_mine(extra: str | os.PathLike[str] | Mapping[str, Any] = MY_EVENTS) -> Any:
    """Check your own records against the course's rules, without stopping the notebook.

    Parameters
    ----------
    extra
        Your file (default ``my_events.json`` in ``my_work/``), or the
        records themselves, as a dict of lists like the file's (``{"events": [...]}``).

    Returns
    -------
    student_records.Check
        ``ok`` and one sentence: what passed, or the first problem and what to do.
    """
    from nato_russia import student_records

    file = find_dataset()
    load()
    if isinstance(extra, Mapping):
        mine_path = student_records.IN_MEMORY  # no file yet: the message names none
        try:
            mine = student_records.check_outline(extra, mine_path)
            student_records.check(read_raw(file), mine, mine_path)
        except student_records.StudentRecordError as exc:
            return student_records.Check(False, str(exc), mine_path)
        ids = tuple(r["id"] for records in mine.values() for r in records)
        return student_records.Check(True, f"Your {_count(ids)} pass every rule of the "
                                     "course's dataset.", mine_path)
    mine_path = student_records.locate(extra, file)
    try:
        course = load(extra=extra)
    except student_records.StudentRecordError as exc:
        return student_records.Check(False, str(exc), mine_path)
    return student_records.Check(True, f"{mine_path.name}: {_count(course.mine)} "
                                 "pass every rule of the course's dataset.", mine_path)


def add_record(table: str, record: Mapping[str, Any],
               file: str | os.PathLike[str] = MY_EVENTS) -> Any:
    """Add one record to your file (or replace yours with the same id), if it passes.

    Parameters
    ----------
    table
        ``"events"``, ``"sources"``, ``"documents"`` or ``"quotations"``.
    record
        The record's fields, as in ``data/README.md``.
    file
        Your file (default ``my_events.json`` in ``my_work/``).

    Returns
    -------
    student_records.Check
        What was saved.

    Raises
    ------
    StudentRecordError
        When the record breaks a rule: what is wrong and what to do. Nothing is written.
    """
    from nato_russia import student_records

    dataset = find_dataset()
    load()
    mine_path = student_records.locate(file, dataset)
    existed = mine_path.exists()
    mine = student_records.add_record(read_raw(dataset), table, record, mine_path)
    ids = tuple(r["id"] for records in mine.values() for r in records)
    # The file was rewritten under any editor tab that has it open: say so, since the
    # kernel cannot see the tabs and the next save there would ask to overwrite.
    note = student_records.EDITOR_NOTE if existed else ""
    return student_records.Check(
        True, f"Saved {record.get('id')!r} in {mine_path.name}, which now holds "
        f"{_count(ids)}; all pass the course's rules.{note}", mine_path)


def start_my_events(file: str | os.PathLike[str] = MY_EVENTS) -> Any:
    """Create your file from the fill-in template (never over a file that exists).

    Parameters
    ----------
    file
        Your file (default ``my_events.json`` in ``my_work/``).

    Returns
    -------
    student_records.Check
        What was done and how to open the file in JupyterLab's editor.
    """
    from nato_russia import student_records

    mine_path = student_records.locate(file, find_dataset())
    existed = mine_path.exists()
    try:
        message = student_records.start(mine_path)
    except OSError as exc:
        return student_records.Check(False, f"{mine_path.name} could not be created "
                                     f"({exc.strerror or exc}).", mine_path)
    return student_records.Check(not existed, message, mine_path)


def add_event(record: Mapping[str, Any], file: str | os.PathLike[str] = MY_EVENTS) -> Any:
    """Add one event to your file: :func:`add_record` for the ``events`` list."""
    return add_record("events", record, file)


def add_source(record: Mapping[str, Any], file: str | os.PathLike[str] = MY_EVENTS) -> Any:
    """Add one source to your file: :func:`add_record` for the ``sources`` list."""
    return add_record("sources", record, file)


def _count(ids: tuple[str, ...]) -> str:
    """'3 records' (the student's), for the sentences above."""
    return f"{len(ids)} record" + ("" if len(ids) == 1 else "s")
