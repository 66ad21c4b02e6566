"""The capstone for a whole class: ``python -m nato_russia.grade capstone SUBMISSIONS``.

Each student's ``my_events.json`` (found anywhere in the student's folder, or handed in as
``<student>.json``) is checked with the rules and messages of
:func:`nato_russia.data.check_mine`: the same reading, the same validation of the course's
dataset with the student's records appended, the same sentences. A file that fails is then
checked record by record, so one slip does not throw out a student's good records. Every
record that passed goes into one extended dataset for the class, its ids prefixed with the
student's (two students' ``my-2018-salisbury`` become two records), which
``data.load(extra=...)`` and the explorers read like any student's file.

No student's file is ever run: it is JSON, read as data. Reports go to ``--out``:
``capstone.csv`` (a row per student), ``feedback/<student>.md`` and ``class_events.json``.
Exit codes as for grading: 0 every file could be checked, 1 a student's file is missing or
unreadable, 2 the inputs cannot be used.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nato_russia import data, student_records
from nato_russia.grade.lesson import ROOT
from nato_russia.grade.submissions import SKIPPED, class_root, safe_name
from nato_russia.student_records import (
    MY_EVENTS,
    STUDENT_TABLES,
    StudentRecordError,
    record_label,
)
from nato_russia.validation import DatasetError

MAX_BYTES = 5 * 2**20  # a file of records is a few kilobytes; more is not a student's file
MERGED = "class_events.json"
# Fields of a student's record that name another of the student's records.
REFERRING = ("sources", "document", "event")


class CapstoneError(Exception):
    """The inputs cannot be used; the message says why in one line."""


@dataclass
class Checked:
    """One student's file, checked.

    Attributes
    ----------
    student
        The student's id (the folder's or file's name).
    path
        The file, or None when none was found.
    status
        ``passed`` (every record), ``partly`` (some), ``failed`` (none), ``unreadable``
        (not a file of records) or ``missing``.
    message
        ``check_mine``'s sentence for the whole file: what passed, or the first problem.
    records
        Per record: its label, whether it passed, and the problem when it did not.
    accepted
        The records that passed, by table, as the student wrote them.
    notes
        What else was noticed (several files found).
    """

    student: str
    path: Path | None
    status: str = "missing"
    message: str = ""
    records: list[tuple[str, bool, str]] = field(default_factory=list)
    accepted: dict[str, list[Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        """How many records passed."""
        return sum(1 for _, ok, _ in self.records if ok)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def find(folder: Path) -> list[Checked]:
    """One entry per student: a ``<student>.json`` file, or a folder holding ``my_events.json``
    anywhere (the most recently modified of several).

    Raises
    ------
    CapstoneError
        When the folder does not exist.
    """
    root = class_root(folder)
    if root is None:
        raise CapstoneError(f"there is no folder {folder}")
    folder = root
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.name in SKIPPED or entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix == ".json":
            found.append(Checked(entry.stem, entry))
        elif entry.is_dir():
            files = sorted((p for p in entry.rglob(MY_EVENTS) if p.is_file()
                            and not SKIPPED & set(p.relative_to(entry).parts)),
                           key=lambda p: (-_modified(p), str(p)))
            checked = Checked(entry.name, files[0] if files else None)
            if len(files) > 1:
                others = ", ".join(str(p.relative_to(entry)) for p in files[1:])
                checked.notes.append(f"Several {MY_EVENTS} files were found; the most recently "
                                     f"modified, {files[0].relative_to(entry)}, was checked "
                                     f"(not {others}).")
            found.append(checked)
    return found


def _count(ids: int) -> str:
    return f"{ids} record" + ("" if ids == 1 else "s")


def check_file(checked: Checked, course_raw: dict[str, Any]) -> Checked:
    """Check a student's file as ``check_mine`` does, then record by record if it fails."""
    path = checked.path
    if path is None:
        checked.status, checked.message = "missing", f"No {MY_EVENTS} was handed in."
        return checked
    try:
        size = path.stat().st_size
    except OSError as exc:
        checked.status, checked.message = "unreadable", f"cannot be read ({exc.strerror})"
        return checked
    if size > MAX_BYTES:
        checked.status = "unreadable"
        checked.message = f"{path.name} is {size / 2**20:.0f} MB, larger than a file of records"
        return checked
    try:
        mine = student_records.read(path)
    except StudentRecordError as exc:
        checked.status, checked.message = "unreadable", str(exc)
        return checked
    total = sum(len(records) for records in mine.values())
    try:
        student_records.check(course_raw, mine, path)
    except StudentRecordError as exc:
        checked.message = str(exc)
    else:
        checked.status = "passed" if total else "failed"
        checked.message = (f"{path.name}: {_count(total)} pass every rule of the course's "
                           "dataset.")
        checked.accepted = mine
        checked.records = [(record_label(t, n, r), True, "") for t in mine
                           for n, r in enumerate(mine[t], start=1)]
        return checked
    # Record by record, in the order validation reads the tables: a record is kept when it
    # passes with those kept before it (an event whose source failed fails too).
    accepted: dict[str, list[Any]] = {}
    for table in STUDENT_TABLES:
        for number, record in enumerate(mine.get(table, []), start=1):
            trial = {**accepted, table: [*accepted.get(table, []), record]}
            label = record_label(table, number, record)
            try:
                student_records.check(course_raw, trial, path)
            except StudentRecordError as exc:
                where = f"field '{exc.field}': " if exc.field else ""
                checked.records.append((label, False, f"{where}{exc.message}"))
            else:
                accepted = trial
                checked.records.append((label, True, ""))
    checked.accepted = {t: r for t, r in accepted.items() if r}
    checked.status = "partly" if checked.passed else "failed"
    return checked


def prefixes(students: Sequence[str]) -> dict[str, str]:
    """A different id prefix for each student: lowercase letters, digits and '-'."""
    given: dict[str, str] = {}
    used: set[str] = set()
    for student in students:
        base = re.sub(r"[^a-z0-9]+", "-", student.lower()).strip("-") or "student"
        prefix, number = base, 1
        while prefix in used:
            number += 1
            prefix = f"{base}-{number}"
        used.add(prefix)
        given[student] = prefix
    return given


def merge(checked: Sequence[Checked]) -> dict[str, list[Any]]:
    """Every record that passed, ids prefixed per student and references to them renamed."""
    merged: dict[str, list[Any]] = {table: [] for table in STUDENT_TABLES}
    named = prefixes([c.student for c in checked])
    for one in checked:
        own = {r["id"] for records in one.accepted.values() for r in records}
        rename = {old: f"{named[one.student]}-{old}" for old in own}
        for table in STUDENT_TABLES:
            for record in one.accepted.get(table, []):
                copy = dict(record)
                copy["id"] = rename[record["id"]]
                for name in REFERRING:
                    value = copy.get(name)
                    if isinstance(value, list):
                        copy[name] = [rename.get(v, v) if isinstance(v, str) else v
                                      for v in value]
                    elif isinstance(value, str):
                        copy[name] = rename.get(value, value)
                merged[table].append(copy)
    return {table: records for table, records in merged.items() if records}


def report(checked: Checked, named: str) -> str:
    """A student's feedback: the file's verdict, then each record's."""
    lines = [f"# Capstone: the records of {checked.student}", ""]
    ok = checked.status == "passed"
    lines.append(("✅ " if ok else "❌ ") + checked.message)
    if checked.records and not ok:
        lines += ["", "Record by record (a record counts when it passes with the ones that "
                      "passed before it):", ""]
        lines += [f"- {'✅' if passed else '❌'} {label}" + (f": {problem}" if problem else "")
                  for label, passed, problem in checked.records]
    if checked.passed:
        lines += ["", f"{checked.passed} of {len(checked.records)} records are in the class's "
                  f"dataset, their ids starting with {named}-."]
    if checked.notes:
        lines += ["", *[f"- {note}" for note in checked.notes]]
    return "\n".join(lines) + "\n"


def write_reports(out: Path, checked: Sequence[Checked], merged: dict[str, list[Any]]) -> None:
    """Write ``capstone.csv``, ``feedback/<student>.md`` and ``class_events.json``."""
    out.mkdir(parents=True, exist_ok=True)
    named = prefixes([c.student for c in checked])
    with (out / "capstone.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("student", "status", "records", "passed", "id_prefix", "message"))
        for one in checked:
            writer.writerow((one.student, one.status, len(one.records), one.passed,
                             named[one.student], one.message))
    feedback = out / "feedback"
    feedback.mkdir(exist_ok=True)
    for one in checked:
        (feedback / f"{safe_name(one.student)}.md").write_text(
            report(one, named[one.student]), encoding="utf-8")
    student_records.write(out / MERGED, merged)


def run(submitted: Path, out: Path, dataset: Path | None = None) -> list[Checked]:
    """Check every student's file and write the reports.

    Raises
    ------
    CapstoneError
        When the inputs cannot be used, or the merged records do not pass together.
    """
    for folder, what in ((ROOT, "the course repository"), (submitted, "the submissions")):
        if out.resolve().is_relative_to(folder.resolve()):
            raise CapstoneError(f"the output folder {out} is inside {what}; choose one "
                                "outside it")
    file = dataset or ROOT / "data" / data.DATA_FILE
    try:
        course_raw = data.read_raw(file)
        data.validate(course_raw, file)
    except DatasetError as exc:
        raise CapstoneError(f"the dataset cannot be used: {exc}") from None
    found = find(submitted)
    if not found:
        raise CapstoneError(f"no submissions found in {submitted}: put one folder per "
                            f"student there (holding {MY_EVENTS}), or <student>.json files")
    checked = [check_file(one, course_raw) for one in found]
    merged = merge(checked)
    try:
        student_records.check(course_raw, merged, out / MERGED)
    except StudentRecordError as exc:  # records that pass alone should pass together
        raise CapstoneError(f"the class's records do not pass together: {exc}") from None
    write_reports(out, checked, merged)
    return checked


def main(argv: Sequence[str]) -> int:
    """``python -m nato_russia.grade capstone SUBMISSIONS [--out OUT] [--data FILE]``."""
    command = argparse.ArgumentParser(
        prog="python -m nato_russia.grade capstone",
        description=f"Check every student's {MY_EVENTS} with the course's rules, write a "
                    "report per student and merge the records that passed into one dataset "
                    "for the class.")
    command.add_argument("submissions", type=Path, help="a folder of one folder per student "
                         f"(holding {MY_EVENTS} anywhere inside), or of <student>.json files")
    command.add_argument("--out", type=Path, help="where the reports go (default: a folder "
                         "named after the submissions folder, with -capstone, beside it)")
    command.add_argument("--data", type=Path, help="the dataset to check against (default: "
                         "the course's)")
    args = command.parse_args(argv)
    submitted = args.submissions.resolve()
    out = args.out or submitted.parent / f"{submitted.name}-capstone"
    try:
        checked = run(submitted, out, args.data)
    except (CapstoneError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for one in checked:
        print(f"{one.student}: {one.status}, {one.passed} of {len(one.records)} records passed")
    records = sum(one.passed for one in checked)
    print(f"checked {len(checked)} students' records; {records} records passed and are in "
          f"{out / MERGED} (load it with data.load(extra=...)); reports in {out}")
    broken = [one.student for one in checked if one.status in ("missing", "unreadable")]
    if broken:
        print(f"error: {len(broken)} student(s) handed in no file of records that could be "
              f"read: {', '.join(broken[:10])}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover - run through python -m nato_russia.grade
    sys.exit(main(sys.argv[1:]))
