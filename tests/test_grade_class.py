"""A class graded as an instructor on a hub grades it: collected with the guide's own command,
graded, looked at in ``class.html``, then graded again with the written answers' marks.

The homes are whole checkouts of the course (:func:`grading_cases.hub_class`); two Binder
downloads are mixed in. Every student must be graded on their own copy, the blank sheet
flagged, and every number of ``class.html`` must be the gradebook's.

Kernels only run as a user of their own when the grader is root; without root these tests
are skipped, like the grader's other runs.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from grading_cases import (
    AUTO_POINTS,
    COPY,
    HUB_EXPECTED,
    RIGHT,
    answered,
    guide_command,
    hub_class,
    unanswered,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0, reason="kernels get a user of their own only "
                                                  "when the grader runs as root"),
]
# The report's kinds of outcome, from the gradebook's statuses.
KIND = {"correct": "correct", "wrong": "wrong", "unanswered": "unanswered",
        "written": "written", "marked": "written", "error": "error", "timeout": "error",
        "memory": "error", "missing": "error", "unreadable": "error"}
EXPECTED = {**HUB_EXPECTED,
            "fay": ({"01.3": "wrong"}, set()),
            "gus": ({"01.1": "wrong", "01.3": "wrong", "01.4": "unanswered"}, set())}
MARKS = {"ana": ("3", "2", "2", "1", "Good use of the records; answer the objection."),
         "dee": ("3", "3", "3", "3", "")}


def _grade(submissions: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nato_russia.grade", "01", str(submissions), "--out", str(out),
         # Room for `make test`'s load: two cores shared with the browser lanes.
         "--jobs", "2", "--cell-timeout", "60", *extra],
        capture_output=True, text=True, timeout=600, check=False)


def _rows(out: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        return {(r["student"], r["question"]): r for r in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The class collected with the guide's command, graded, then graded with marks."""
    folder = tmp_path_factory.mktemp("hub")
    hub_class(folder / "home")
    collect = subprocess.run(["bash", "-c", guide_command("HOMES=")], cwd=folder,
                             env={**os.environ, "HOMES": str(folder / "home")},
                             capture_output=True, text=True, timeout=120, check=False)
    assert collect.returncode == 0, collect.stderr
    submissions = folder / "submissions"
    (submissions / "fay.ipynb").write_text(json.dumps(answered({"01.3": "days_to_paris = 137"})),
                                           encoding="utf-8")
    gus = submissions / "gus" / "Downloads" / COPY
    gus.parent.mkdir(parents=True)
    gus.write_text(json.dumps(answered({"01.1": "article = 6", "01.3": "days_to_paris = 137",
                                        "01.4": unanswered("01.4")})), encoding="utf-8")
    first = _grade(submissions, folder / "graded")
    marks = folder / "marks.csv"
    with (folder / "graded" / "written.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    for row in rows:
        if row["student"] in MARKS:
            *given, comment = MARKS[row["student"]]
            for name, mark in zip(header[5:9], given, strict=True):
                row[name] = mark
            row["comment"] = comment
    with marks.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)
    second = _grade(submissions, folder / "marked", "--written-marks", str(marks))
    return {"first": first, "second": second, "out": folder / "graded",
            "marked": folder / "marked", "written_header": header}


def test_each_student_is_graded_on_their_own_copy(graded: dict[str, Any]) -> None:
    done = graded["first"]
    assert done.returncode == 0, done.stderr
    rows = _rows(graded["out"])
    for student, (statuses, flags) in EXPECTED.items():
        expected = {**RIGHT, **statuses}
        assert {q: rows[(student, q)]["status"] for q in expected} == expected, student
        assert rows[(student, "total")]["flags"] == ";".join(sorted(flags)), student
    assert rows[("ana", "total")]["points"] == str(AUTO_POINTS)
    assert ("eve", "total") not in rows  # a home without the course is not a submission


def test_the_blank_sheet_is_flagged_and_named_at_the_end(graded: dict[str, Any]) -> None:
    done = graded["first"]
    assert "note: 1 handed in the blank sheet (flag untouched): cy" in done.stdout
    feedback = (graded["out"] / "feedback" / "cy.md").read_text(encoding="utf-8")
    assert "You handed in the blank sheet" in feedback
    with (graded["out"] / "flags.csv").open(encoding="utf-8") as handle:
        flags = {(r["student"], r["flag"]): r for r in csv.DictReader(handle)}
    assert ("cy", "untouched") in flags
    assert flags[("dee", "several-copies")]["detail"] == (
        f"graded {COPY}, the most recently modified; not graded: nato-russia/my_work/{COPY}")


def _html(out: Path) -> str:
    return (out / "class.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("out", ["out", "marked"])
def test_every_number_in_class_html_is_the_gradebooks(graded: dict[str, Any],
                                                       out: str) -> None:
    folder = graded[out]
    page, rows = _html(folder), _rows(folder)
    totals = {s: r for (s, q), r in rows.items() if q == "total"}
    handed = {s for s, r in totals.items() if r["status"] != "missing"}
    questions = sorted({q for _, q in rows if q != "total"})
    for question in questions:
        kinds = Counter(KIND[rows[(s, question)]["status"]] for s in handed)
        for kind in ("correct", "wrong", "unanswered", "written", "error"):
            cell = re.search(rf'data-question="{re.escape(question)}" data-category="{kind}">'
                             r"(\d+)<", page)
            assert cell is not None and int(cell[1]) == kinds[kind], (question, kind)
    for student, total in totals.items():
        row = re.search(rf'<tr data-student="{re.escape(student)}".*?data-field="points">'
                        r'([\d.]+)<.*?data-field="maximum">([\d.]+)<', page)
        assert row is not None and (row[1], row[2]) == (total["points"], total["maximum"])
    graded_totals = [float(t["points"]) for t in totals.values() if t["status"] == "graded"]
    spread = Counter(graded_totals)
    shown = {float(v): int(n) for v, n in re.findall(r'data-total="([\d.]+)">(\d+)<', page)}
    assert shown == spread
    counts = dict(re.findall(r'data-count="([a-z-]+)">([\d.]+|none)<', page))
    assert counts == {
        "submissions": str(len(totals)), "handed-in": str(len(handed)),
        "graded": str(len(graded_totals)),
        "flagged": str(sum(1 for t in totals.values() if t["flags"])),
        "median": f"{statistics.median(graded_totals):g}",
        "maximum": f"{max(float(t['maximum']) for t in totals.values()):g}"}


def test_class_html_puts_flagged_submissions_first_and_fetches_nothing(
        graded: dict[str, Any]) -> None:
    page = _html(graded["out"])
    order = re.findall(r'<tr data-student="([^"]+)"( class=flagged)?>', page)
    flagged = [bool(mark) for _, mark in order]
    assert flagged == sorted(flagged, reverse=True) and flagged[:2] == [True, True]
    assert {s for s, mark in order if mark} == {"cy", "dee"}
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "<script" not in page and "<link" not in page


def test_every_chart_has_alt_text_that_says_its_numbers(graded: dict[str, Any]) -> None:
    page = _html(graded["out"])
    images = re.findall(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]+)"', page)
    assert len(images) == len(re.findall(r"<img ", page)) == 2
    rows = _rows(graded["out"])
    correct = sum(1 for (s, q), r in rows.items() if q == "01.3" and r["status"] == "correct")
    wrong = sum(1 for (s, q), r in rows.items() if q == "01.3" and r["status"] == "wrong")
    assert f"01.3: {correct} correct, {wrong} wrong" in html.unescape(images[0])


def test_common_wrong_answers_carry_the_hint_the_feedback_gave(graded: dict[str, Any]) -> None:
    page, rows = _html(graded["out"]), _rows(graded["out"])
    listed = re.findall(r'<tr data-question="(\d\d\.\d)"><td class=n data-field="count">(\d+)'
                        r"</td><td><code>(.*?)</code></td><td>(.*?)</td><td data-field=hint>"
                        r"(.*?)</td>", page)
    by_question = Counter()
    for question, count, answer, message, hint in listed:
        by_question[question] += int(count)
        students = [s for (s, q), r in rows.items() if q == question and r["status"] == "wrong"]
        feedback = [(graded["out"] / "feedback" / f"{s}.md").read_text(encoding="utf-8")
                    for s in students]
        hint_line = f"💡 Hint: {html.unescape(hint)}"
        assert sum(1 for f in feedback if hint_line in f and html.unescape(message) in
                   " ".join(f.split())) >= int(count), (question, answer)
    assert html.unescape(listed[0][2]) != ""
    wrong = Counter(q for (s, q), r in rows.items() if r["status"] == "wrong")
    assert by_question == wrong  # fewer than five different wrong answers: all are listed
    assert ("01.3", "3") in [(q, n) for q, n, *_ in listed]  # ben, fay and gus: 137 days


def test_written_csv_has_an_empty_column_per_criterion(graded: dict[str, Any]) -> None:
    assert graded["written_header"] == [
        "student", "question", "status", "words", "answer", "a claim (0-3)",
        "evidence from the data (0-3)", "evidence from a document (0-3)",
        "a counter-argument (0-3)", "comment"]
    with (graded["out"] / "written.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert all(not r[c] for r in rows for c in graded["written_header"][5:])


def test_written_marks_are_folded_into_gradebook_and_feedback(graded: dict[str, Any]) -> None:
    done = graded["second"]
    assert done.returncode == 0, done.stderr
    assert "written marks folded in: 2 answer(s)" in done.stdout
    rows = _rows(graded["marked"])
    assert {k: rows[("ana", "01.6")][k] for k in ("status", "points", "maximum")} == {
        "status": "marked", "points": "8", "maximum": "12"}
    most = str(AUTO_POINTS + 12)  # every auto-checked point and the written answer's 12 marks
    assert (rows[("ana", "total")]["points"], rows[("ana", "total")]["maximum"]) == (
        str(AUTO_POINTS + 8), most)
    assert (rows[("dee", "total")]["points"], rows[("dee", "total")]["maximum"]) == (most, most)
    assert (rows[("ben", "01.6")]["status"], rows[("ben", "total")]["maximum"]) == (
        "written", str(AUTO_POINTS))
    feedback = (graded["marked"] / "feedback" / "ana.md").read_text(encoding="utf-8")
    assert f"Points: {AUTO_POINTS + 8} of {AUTO_POINTS + 12}." in feedback
    assert "**Marked by your instructor: 8 of 12.**" in feedback
    assert "- a counter-argument: 1" in feedback
    assert "Your instructor's comment: Good use of the records; answer the objection." in feedback
    with (graded["marked"] / "written.csv").open(encoding="utf-8") as handle:
        ana = next(r for r in csv.DictReader(handle) if r["student"] == "ana")
    assert (ana["a claim (0-3)"], ana["comment"]) == ("3", MARKS["ana"][4])
