"""check(): right answers in every sensible form pass, wrong ones get a hint, nothing raises.

Right answers are computed here from the real dataset, the same way a student would,
so these tests also prove that the answer keys in nato_russia.questions agree with
the data.
"""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import itertools
import re
from collections.abc import Callable, Iterator
from typing import Any

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pandas as pd
import pytest
from course_files import notebooks
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nato_russia import data
from nato_russia.checks import Result, check
from nato_russia.questions import QUESTIONS
from nato_russia.questions.question_types import NamesQuestion, NumberQuestion, WrittenQuestion

QUESTION_IDS = sorted(QUESTIONS)
# The session's course and the values the answer tables below read, set by _course when the
# first test runs: the answers are built lazily (each a lambda), never at import.
COURSE: data.Course
EVENTS: pd.DataFrame
ACCESSIONS: pd.DataFrame
SIGNED: pd.Series
JOINED_1999: pd.Series
MEMBERS_1999: int
LAST_ENTRY: pd.Timestamp
UNTIL_LAST: pd.DataFrame
LEFT_OUT: int
PER_LESSON: pd.Series


@pytest.fixture(autouse=True, scope="module")
def _course(course: data.Course) -> None:
    global COURSE, EVENTS, ACCESSIONS, SIGNED, JOINED_1999, MEMBERS_1999, LAST_ENTRY
    global UNTIL_LAST, LEFT_OUT, PER_LESSON
    COURSE, EVENTS, ACCESSIONS = course, course.events, course.accessions
    SIGNED = EVENTS.loc[EVENTS["title"].str.contains("Founding Act"), "date"]
    JOINED_1999 = ACCESSIONS.loc[ACCESSIONS["date"].dt.year == 1999, "country"]
    MEMBERS_1999 = int((ACCESSIONS["date"] <= "1999-12-31").sum())
    LAST_ENTRY = EVENTS.loc[EVENTS["in_source_document"], "date"].max()
    UNTIL_LAST = EVENTS[EVENTS["date"] <= LAST_ENTRY]
    LEFT_OUT = int((~UNTIL_LAST["in_source_document"]).sum())
    PER_LESSON = EVENTS["lesson"].value_counts().sort_index()


def _joined_in(course: data.Course, year: int) -> list[str]:
    return course.accessions.loc[course.accessions["date"].dt.year == year, "country"].tolist()


def _members_at(course: data.Course, day: str) -> int:
    return int((course.accessions["date"] <= day).sum())


# Two questions of the test's own, so that the ways an answer may be written are tested on
# the machinery whatever the lessons ask: names with an alias, a count with known slips.
MACHINERY: list[NamesQuestion | NumberQuestion] = [
    NamesQuestion(
        id="99.1", about="the countries that joined in 1999", task="compute",
        template="a test of the machinery", expected=lambda c: _joined_in(c, 1999),
        aliases={"czechia": "Czech Republic"},
        mistakes=lambda c: [(_joined_in(c, 2004), "Those countries joined in 2004.")],
        hint="Filter on the year."),
    NumberQuestion(
        id="99.2", about="the number of members at the end of 1999", task="compute",
        template="a test of the machinery", expected=lambda c: _members_at(c, "1999-12-31"),
        mistakes=lambda c: [
            (_members_at(c, "1998-12-31"), "That is the count before the 1999 enlargement."),
            (len(_joined_in(c, 1999)), "That counts only the countries that joined in 1999."),
            (len(c.accessions), "That counts every accession in the table."),
        ],
        hint="Count the rows."),
]


@pytest.fixture(autouse=True)
def _machinery_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    for question in MACHINERY:
        monkeypatch.setitem(QUESTIONS, question.id, question)


def run(capsys: pytest.CaptureFixture[str], question: Any, answer: Any = ...,
        *extra: Any) -> tuple[bool, str]:
    """Call check and return what it returned and what it printed."""
    result = check(question, answer, *extra)
    out = capsys.readouterr().out
    assert isinstance(result, Result)
    return bool(result), out


def _figure() -> tuple[Figure, Axes]:
    """A figure outside pyplot: no backend, no window, nothing left open."""
    fig = Figure()
    return fig, fig.subplots()


# --------------------------------------------------------------------------- right answers

ESSAY = (
    "The fact sheet was written by NATO's Public Diplomacy Division in mid-2014, during the "
    "Crimea crisis, so it presents NATO's offers of partnership and Russia's breaches. It "
    "leaves out the 1999 enlargement and the Kosovo air campaign."
)


def _day() -> dt.date:
    return SIGNED.iloc[0].date()


DATE_FORMS: dict[str, Callable[[], Any]] = {
    "iso text": lambda: _day().isoformat(),
    "day month year": lambda: f"{_day().day} {_day():%B %Y}",
    "month day, year": lambda: f"{_day():%B} {_day().day}, {_day().year}",
    "ordinal": lambda: f"{_day().day}th {_day():%B %Y}",
    "abbreviated month": lambda: f"{_day().day} {_day():%b %Y}",
    "padded text with spaces": lambda: f"  {_day().isoformat()}  ",
    "printed timestamp": lambda: str(SIGNED.iloc[0]),
    "Timestamp": lambda: SIGNED.iloc[0],
    "date": lambda: _day(),
    "datetime": lambda: dt.datetime.combine(_day(), dt.time(12, 0)),
    "aware datetime": lambda: dt.datetime.combine(_day(), dt.time(9), tzinfo=dt.UTC),
    "datetime64": lambda: np.datetime64(_day().isoformat()),
    "Series of one": lambda: SIGNED,
    "DatetimeIndex of one": lambda: pd.DatetimeIndex(SIGNED),
    "list of one": lambda: [_day().isoformat()],
    "array of one": lambda: SIGNED.to_numpy(),
    "table of one cell": lambda: EVENTS.loc[SIGNED.index, ["date"]],
}


@pytest.mark.parametrize("form", DATE_FORMS, ids=list(DATE_FORMS))
def test_a_date_passes_in_every_sensible_form(capsys: pytest.CaptureFixture[str],
                                              form: str) -> None:
    ok, out = run(capsys, "00.1", DATE_FORMS[form]())
    assert ok, out
    assert out.startswith("✅ 00.1 Correct!")


NAME_FORMS: dict[str, Callable[[], Any]] = {
    "list": lambda: JOINED_1999.tolist(),
    "reversed list": lambda: JOINED_1999.tolist()[::-1],
    "tuple": lambda: tuple(JOINED_1999),
    "set": lambda: set(JOINED_1999),
    "frozenset": lambda: frozenset(JOINED_1999),
    "Series": lambda: JOINED_1999,
    "Index": lambda: pd.Index(JOINED_1999),
    "array": lambda: JOINED_1999.to_numpy(),
    "numpy strings": lambda: np.array(JOINED_1999.tolist()),
    "generator": lambda: (name for name in JOINED_1999),
    "dict keys": lambda: dict.fromkeys(JOINED_1999).keys(),
    "other case and spaces": lambda: [f"  {n.upper()} " for n in JOINED_1999],
    "Czechia for the Czech Republic": lambda: [
        "Czechia" if n == "Czech Republic" else n for n in JOINED_1999],
}


@pytest.mark.parametrize("form", NAME_FORMS, ids=list(NAME_FORMS))
def test_names_pass_in_any_order_and_container(capsys: pytest.CaptureFixture[str],
                                               form: str) -> None:
    ok, out = run(capsys, "99.1", NAME_FORMS[form]())
    assert ok, out


@pytest.mark.parametrize("question", ["04.2"])
def test_titles_given_for_ids_are_named_as_titles(capsys: pytest.CaptureFixture[str],
                                                  question: str) -> None:
    expected = QUESTIONS[question].expected(COURSE)  # type: ignore[attr-defined]
    titles = EVENTS.set_index("id").loc[list(expected), "title"].tolist()
    ok, out = run(capsys, question, titles)
    said = " ".join(out.split())
    assert not ok
    assert "These look like titles" in said and "`id` column" in said
    assert "They are the right events." in said
    ok, out = run(capsys, question, titles[:1])  # a part of them, still titles
    assert not ok and "These look like titles" in out and "right events" not in out


NUMBER_FORMS: dict[str, Callable[[], Any]] = {
    "int": lambda: MEMBERS_1999,
    "float": lambda: float(MEMBERS_1999),
    "numpy int64": lambda: np.int64(MEMBERS_1999),
    "numpy float32": lambda: np.float32(MEMBERS_1999),
    "0-d array": lambda: np.array(MEMBERS_1999),
    "Series of one": lambda: pd.Series([MEMBERS_1999]),
    "list of one": lambda: [MEMBERS_1999],
    "text": lambda: str(MEMBERS_1999),
    "Fraction": lambda: fractions.Fraction(MEMBERS_1999),
    "Decimal": lambda: decimal.Decimal(MEMBERS_1999),
    "sum of a boolean Series": lambda: (ACCESSIONS["date"] <= "1999-12-31").sum(),
}


@pytest.mark.parametrize("form", NUMBER_FORMS, ids=list(NUMBER_FORMS))
def test_a_number_passes_as_int_float_numpy_or_text(capsys: pytest.CaptureFixture[str],
                                                     form: str) -> None:
    ok, out = run(capsys, "99.2", NUMBER_FORMS[form]())
    assert ok, out


def test_the_left_out_count_passes(capsys: pytest.CaptureFixture[str]) -> None:
    ok, out = run(capsys, "00.4", LEFT_OUT)
    assert ok, out
    assert str(LEFT_OUT) in out


def _bars(horizontal: bool = False, counts: pd.Series | None = None, title: str = "Events",
          xlabel: str = "Lesson", ylabel: str = "Events") -> tuple[Any, Any]:
    counts = PER_LESSON if counts is None else counts
    fig, ax = _figure()
    if horizontal:
        ax.barh(counts.index, counts.values)
    else:
        ax.bar(counts.index, counts.values)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig, ax


CHART_FORMS: dict[str, Callable[[], Any]] = {
    "Figure": lambda: _bars()[0],
    "Axes": lambda: _bars()[1],
    "list of Axes": lambda: [_bars()[1]],
    "horizontal bars": lambda: _bars(horizontal=True)[0],
    "horizontal bars, first lesson on top": lambda: _bars(
        horizontal=True, counts=PER_LESSON[::-1])[0],
    "pandas plot": lambda: PER_LESSON.plot.bar(ax=_figure()[1], title="Events",
                                                xlabel="Lesson", ylabel="Events"),
    "suptitle instead of title": lambda: _suptitled(),
    "numeric lesson positions": lambda: _numeric_positions(),
}


def _suptitled() -> Any:
    fig, ax = _bars(title="")
    fig.suptitle("Events per lesson")
    return fig


def _numeric_positions() -> Any:
    fig, ax = _figure()
    ax.bar(PER_LESSON.index.astype(int), PER_LESSON.to_numpy())
    ax.set(title="Events", xlabel="Lesson", ylabel="Events")
    return fig


@pytest.mark.parametrize("form", CHART_FORMS, ids=list(CHART_FORMS))
def test_a_chart_passes_as_figure_or_axes(capsys: pytest.CaptureFixture[str], form: str) -> None:
    ok, out = run(capsys, "00.5", CHART_FORMS[form]())
    assert ok, out


def test_a_written_answer_gets_the_rubric(capsys: pytest.CaptureFixture[str]) -> None:
    ok, out = run(capsys, "00.6", ESSAY)
    assert ok
    shown = " ".join(out.split())
    assert "not marked automatically" in shown
    for point in QUESTIONS["00.6"].rubric:
        assert f"- {point}" in shown


def test_a_written_answer_under_the_placeholder_dots_counts(
        capsys: pytest.CaptureFixture[str]) -> None:
    ok, out = run(capsys, "00.6", "...\n" + ESSAY)
    assert ok, out


def test_question_ids_tolerate_surrounding_spaces(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, " 99.2 ", MEMBERS_1999)[0]


# --------------------------------------------------------------------------- placeholders


@pytest.mark.parametrize("question", QUESTION_IDS)
@pytest.mark.parametrize("placeholder", [..., "...", "", "   ", "\n...\n"],
                         ids=["Ellipsis", "dots as text", "empty text", "blank text",
                              "dots on their own line"])
def test_the_placeholder_is_not_answered_yet(capsys: pytest.CaptureFixture[str], question: str,
                                             placeholder: Any) -> None:
    ok, out = run(capsys, question, placeholder)
    assert not ok
    assert "Not answered yet" in out
    assert "❌" not in out


def test_an_empty_figure_is_not_answered_yet(capsys: pytest.CaptureFixture[str]) -> None:
    fig, _ = _figure()
    ok, out = run(capsys, "00.5", fig)
    assert not ok
    assert "Not answered yet" in out


def test_a_check_without_an_answer_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    ok = check("00.1")
    assert not ok
    assert 'check("00.1", your_answer)' in capsys.readouterr().out


# --------------------------------------------------------------------------- wrong answers


def _day_of(event_id: str) -> str:
    return EVENTS.set_index("id").loc[event_id, "date"].date().isoformat()


def _count_before(day: str) -> int:
    return int((ACCESSIONS["date"] <= day).sum())


WRONG: list[tuple[str, Callable[[], Any], str]] = [
    ("00.1", lambda: _day_of("ev-1997-madrid-invitations"), "On that day the dataset has"),
    ("00.1", lambda: "1997", "only a year"),
    ("00.1", lambda: "May 1997", "only a month"),
    ("00.1", lambda: "05/06/1997", "more than one date"),
    ("00.1", lambda: "next Tuesday", "could not read"),
    ("00.1", lambda: EVENTS["date"], "<number of events> values"),
    ("00.1", lambda: EVENTS.iloc[:0]["date"], "filter matched no rows"),
    ("00.1", lambda: EVENTS[EVENTS["title"].str.contains("Founding Act")], "date column"),
    ("00.1", lambda: pd.NaT, "empty date"),
    ("99.1", lambda: ACCESSIONS.loc[ACCESSIONS["date"].dt.year == 2004, "country"],
     "joined in 2004"),
    ("99.1", lambda: JOINED_1999.tolist()[:2], "1 missing"),
    ("99.1", lambda: [*JOINED_1999, "Slovenia"], "'Slovenia'"),
    ("99.1", lambda: [*JOINED_1999, JOINED_1999.iloc[0]], "more than once"),
    ("99.1", lambda: ", ".join(JOINED_1999), "one piece of text"),
    ("99.1", lambda: ACCESSIONS[ACCESSIONS["date"].dt.year == 1999], "Pick the one column"),
    ("99.1", lambda: [1, 2, 3], "Item 1"),
    ("99.2", lambda: _count_before("1998-12-31"), "before the 1999 enlargement"),
    ("99.2", lambda: len(JOINED_1999), "only the countries that joined in 1999"),
    ("99.2", lambda: len(ACCESSIONS), "every accession"),
    ("99.2", lambda: ACCESSIONS[ACCESSIONS["date"] <= "1999-12-31"], "len(...)"),
    ("99.2", lambda: ACCESSIONS[ACCESSIONS["date"] <= "1999-12-31"].count(), "one number per"),
    ("99.2", lambda: True, "True/False"),
    ("99.2", lambda: "nineteen", "could not read"),
    ("99.2", lambda: float("nan"), "NaN"),
    ("99.2", lambda: float("inf"), "infinite"),
    ("99.2", lambda: 1 + 2j, "complex"),
    ("00.4", lambda: int(UNTIL_LAST["in_source_document"].sum()), "mentions"),
    ("00.4", lambda: int((~EVENTS["in_source_document"]).sum()), "after the fact sheet"),
    ("00.4", lambda: len(UNTIL_LAST), "every event up to the last entry"),
    ("00.4", lambda: LEFT_OUT + 1000, "Two steps: first the last date"),
    ("00.5", lambda: _bars(counts=EVENTS["lesson"].value_counts())[0], "wrong order"),
    ("00.5", lambda: _bars(counts=EVENTS["year"].value_counts().sort_index())[0], "per year"),
    ("00.5", lambda: _bars(counts=PER_LESSON[:-1])[0], "I count"),
    ("00.5", lambda: _bars(counts=PER_LESSON * 2)[0], "add up to"),
    ("00.5", lambda: _bars(title="")[0], "needs a title"),
    ("00.5", lambda: _bars(xlabel="", ylabel="")[0], "an x-axis label and a y-axis label"),
    ("00.5", lambda: _line_chart(), "lines but no bars"),
    ("00.5", lambda: _two_sets_of_bars(), "more than one set of bars"),
    ("00.5", lambda: _bars()[1].containers[0], "ax.bar(...) returns"),
    ("00.5", lambda: plt, "module"),
    ("00.5", lambda: None, "None"),
    ("00.6", lambda: "Biased.", "1 word so far"),
    ("00.6", lambda: ["NATO", "wrote", "it"], "as text"),
    # The warm-up's questions: each slip a newcomer to pandas makes, with its own hint.
    ("10.1", lambda: EVENTS["date"].max().date().isoformat(), "That is the latest event"),
    ("10.1", lambda: EVENTS.sort_values("date")["date"], "<number of events> values"),
    ("10.2", lambda: len(EVENTS), "That is every event"),
    ("10.2", lambda: int((~EVENTS["in_source_document"]).sum()), "leaves out"),
    ("10.2", lambda: EVENTS[EVENTS["in_source_document"]], "len(...)"),
    ("10.3", lambda: int((EVENTS["year"] == 2013).sum()), "the count for 2013"),
    ("10.3", lambda: int((EVENTS["year"] == 2015).sum()), "the count for 2015"),
    ("10.3", lambda: len(EVENTS), "Keep only the rows whose year is 2014"),
    ("10.4", lambda: EVENTS["kind"].value_counts().index[-2:], "least often"),
    ("10.4", lambda: EVENTS["kind"].value_counts().index[[0, 2]], "third most common"),
    ("10.4", lambda: EVENTS["kind"].value_counts().index[0], "one piece of text"),
    # Numbers as positions put each bar in its place whatever the order; labels as text do not.
    ("10.5", lambda: _bars(counts=EVENTS["signal"].value_counts().rename(index=str))[0],
     "-2 first"),
    ("10.5", lambda: _bars(counts=PER_LESSON)[0], "events per lesson"),
    ("10.5", lambda: _bars(counts=EVENTS["signal"].value_counts().sort_index(), title="")[0],
     "needs a title"),
]


# The warm-up's right answers, written as a newcomer would after each step it teaches.
WARM_UP_RIGHT: dict[str, Callable[[], Any]] = {
    "10.1": lambda: EVENTS.sort_values("date")["date"].iloc[0],
    "10.2": lambda: EVENTS["in_source_document"].sum(),
    "10.3": lambda: str(len(EVENTS[EVENTS["year"] == 2014])),
    "10.4": lambda: list(reversed(EVENTS["kind"].value_counts().index[:2].tolist())),
    "10.5": lambda: _bars(counts=EVENTS["signal"].value_counts().sort_index(),
                          xlabel="Signal")[1],
}


@pytest.mark.parametrize("question", WARM_UP_RIGHT)
def test_the_warm_ups_answers_pass_as_a_newcomer_writes_them(
        capsys: pytest.CaptureFixture[str], question: str) -> None:
    ok, out = run(capsys, question, WARM_UP_RIGHT[question]())
    assert ok, out
    assert out.startswith(f"✅ {question} Correct!"), out


def _line_chart() -> Any:
    fig, ax = _figure()
    ax.plot(PER_LESSON.index, PER_LESSON.to_numpy())
    return fig


def _two_sets_of_bars() -> Any:
    crosstab = pd.crosstab(EVENTS["lesson"], EVENTS["in_source_document"])
    return crosstab.plot.bar(ax=_figure()[1], title="t", xlabel="x", ylabel="y")


@pytest.mark.parametrize(("question", "make", "expected"), WRONG,
                         ids=[f"{q}-{e}" for q, _, e in WRONG])
def test_a_wrong_answer_fails_with_a_pointed_hint(capsys: pytest.CaptureFixture[str],
                                                  question: str, make: Callable[[], Any],
                                                  expected: str) -> None:
    ok, out = run(capsys, question, make())
    assert not ok
    assert out.startswith(f"❌ {question} Not yet."), out
    expected = expected.replace("<number of events>", str(len(EVENTS)))
    assert expected in " ".join(out.split()), out


def test_a_wrong_value_gets_the_general_hint(capsys: pytest.CaptureFixture[str]) -> None:
    ok, out = run(capsys, "00.1", "1990-01-01")
    assert not ok
    assert "💡 Hint:" in out


# --------------------------------------------------------------------------- odd inputs


class Hostile:
    """An object whose every special method raises."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("__eq__")

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        raise RuntimeError("__len__")

    def __iter__(self) -> Iterator[Any]:
        raise RuntimeError("__iter__")

    def __str__(self) -> str:
        raise RuntimeError("__str__")

    def __repr__(self) -> str:
        raise RuntimeError("__repr__")

    def __bool__(self) -> bool:
        raise RuntimeError("__bool__")

    def __float__(self) -> float:
        raise RuntimeError("__float__")


class ExitOnCompare:
    """An object that raises SystemExit when compared or iterated."""

    def __eq__(self, other: object) -> bool:
        raise SystemExit(3)

    __hash__ = None  # type: ignore[assignment]

    def __iter__(self) -> Iterator[Any]:
        raise SystemExit(3)


class HostileStr(str):
    """A string whose methods raise."""

    def strip(self, chars: str | None = None) -> str:
        raise ValueError("strip")

    def split(self, sep: str | None = None, maxsplit: int = -1) -> list[str]:
        raise ValueError("split")


class BadRow(pd.Series):
    """A Series subclass that breaks when read."""

    @property
    def iloc(self) -> Any:
        raise MemoryError("iloc")


def _recursive_list() -> list[Any]:
    loop: list[Any] = [1, "Poland"]
    loop.append(loop)
    return loop


def _recursive_dict() -> dict[str, Any]:
    loop: dict[str, Any] = {}
    loop["self"] = loop
    return loop


def _deep_list(depth: int = 100_000) -> list[Any]:
    deep: list[Any] = []
    for _ in range(depth):
        deep = [deep]
    return deep


ODD: dict[str, Callable[[], Any]] = {
    "None": lambda: None,
    "zero": lambda: 0,
    "negative": lambda: -1,
    "huge float": lambda: 1e308,
    "bytes": lambda: b"1997-05-27",
    "object()": lambda: object(),
    "exception object": lambda: ValueError("boom"),
    "exception class": lambda: ValueError,
    "type": lambda: int,
    "function": lambda: lambda x: x,
    "finite generator": lambda: (i for i in range(5)),
    "endless generator": lambda: itertools.count(),
    "endless cycle of names": lambda: itertools.cycle(["Poland"]),
    "recursive list": _recursive_list,
    "recursive dict": _recursive_dict,
    "deeply nested list": _deep_list,
    "empty list": lambda: [],
    "empty dict": lambda: {},
    "nested lists": lambda: [[1, 2], [3]],
    "huge DataFrame": lambda: pd.DataFrame(np.zeros((2_000_000, 3))),
    "huge Series": lambda: pd.Series(np.arange(3_000_000)),
    "huge list": lambda: list(range(2_000_000)),
    "huge text": lambda: "x " * 1_000_000,
    "empty DataFrame": lambda: pd.DataFrame(),
    "2-d array": lambda: np.zeros((3, 3)),
    "empty array": lambda: np.array([]),
    "pd.NA": lambda: pd.NA,
    "pd.NaT": lambda: pd.NaT,
    "NaN": lambda: float("nan"),
    "hostile object": Hostile,
    "SystemExit on compare": ExitOnCompare,
    "hostile string": lambda: HostileStr("1997-05-27"),
    "Series that breaks when read": lambda: BadRow(["a"]),
    "Decimal signalling NaN": lambda: decimal.Decimal("sNaN"),
    "the check function itself": lambda: check,
    "the dataset": lambda: COURSE,
    "the module pyplot": lambda: plt,
    "a Figure with a line": _line_chart,
    "Ellipsis in a list": lambda: [...],
}


# A check reads an answer with its kind's reader (a date, a number, names, a chart, a text)
# before the question's own key or known mistakes see it: the kind decides what odd input
# can do, so every odd input is tried on one question of each kind...
KIND_EXAMPLES = sorted({type(QUESTIONS[q]).__name__: q for q in reversed(QUESTION_IDS)}.values())
# ...and the ones that cost nothing to build on every question, in one test per question.
CHEAP_ODD = [name for name in ODD if not name.startswith(("huge", "endless", "deeply"))]


def _assert_refused(question: str, name: str, ok: bool, out: str) -> None:
    assert out.strip(), f"{name}: check always says something"
    assert "Traceback" not in out, name
    essay = isinstance(QUESTIONS[question], WrittenQuestion)
    if not (name == "huge text" and essay):  # a very long essay is still an essay
        assert not ok, f"{name}: {out}"


def test_every_kind_of_question_has_an_example() -> None:
    kinds = {type(q).__name__ for q in QUESTIONS.values()}
    assert {type(QUESTIONS[q]).__name__ for q in KIND_EXAMPLES} == kinds


@pytest.mark.timeout(60)  # a hang guard, not a speed target: endless inputs must be cut off
@pytest.mark.parametrize("question", KIND_EXAMPLES)
@pytest.mark.parametrize("name", ODD, ids=list(ODD))
def test_odd_input_never_raises(capsys: pytest.CaptureFixture[str], question: str,
                                name: str) -> None:
    ok, out = run(capsys, question, ODD[name]())
    _assert_refused(question, name, ok, out)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("question", QUESTION_IDS)
def test_no_odd_input_is_taken_for_an_answer(capsys: pytest.CaptureFixture[str],
                                             question: str) -> None:
    for name in CHEAP_ODD:
        ok, out = run(capsys, question, ODD[name]())
        _assert_refused(question, name, ok, out)


ODD_IDS: list[Any] = [None, 3.1, "99.9", "", "00", b"00.1", ["00.1"], Hostile(), ..., "00.1.2"]


@pytest.mark.parametrize("question", ODD_IDS, ids=[f"id-{i}" for i in range(len(ODD_IDS))])
def test_an_odd_question_id_never_raises(capsys: pytest.CaptureFixture[str],
                                         question: Any) -> None:
    ok, out = run(capsys, question, 19)
    assert not ok
    assert out.startswith("⚠️")


def test_extra_arguments_are_ignored_with_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    ok, out = run(capsys, "99.2", MEMBERS_1999, "and another")
    assert ok
    assert "only looked at the first answer" in " ".join(out.split())


def test_a_missing_dataset_is_reported_not_raised(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Any) -> None:
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "missing.json"))
    ok, out = run(capsys, "99.2", 19)
    assert not ok
    assert "dataset did not load" in out


def test_a_broken_stdout_does_not_break_a_check(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def write(self, text: str) -> int:
            raise OSError("closed")

        def flush(self) -> None:
            raise OSError("closed")

    monkeypatch.setattr("sys.stdout", Broken())
    result = check("99.2", MEMBERS_1999)
    assert result and result == True and bool(result) is True  # noqa: E712 - compares to a bool


def test_feedback_is_plain_text() -> None:
    import inspect

    from nato_russia import checks
    from nato_russia.questions import question_types as kinds

    for module in (checks, kinds):
        source = inspect.getsource(module)
        assert "IPython.display" not in source and "<b>" not in source


# --------------------------------------------------------------------------- the registry


def _solution_headings() -> dict[str, str]:
    """Question number -> its markdown heading, from every solution notebook."""
    headings = {}
    for path in notebooks("solutions"):
        for cell in nbformat.read(path, as_version=4).cells:
            match = re.match(r"## (\d{2}\.\d+) · .*", cell.source) if cell.cell_type == (
                "markdown") else None
            if match:
                headings[match.group(1)] = match.group(0)
    return headings


def test_every_question_in_the_solutions_is_registered_and_back() -> None:
    assert set(_solution_headings()) == set(QUESTION_IDS)


@pytest.mark.parametrize("question", QUESTION_IDS)
def test_the_stars_in_the_notebook_match_the_registry(question: str) -> None:
    stars = QUESTIONS[question].stars
    assert _solution_headings()[question].endswith(" " + "★" * stars + "☆" * (3 - stars))


@pytest.mark.parametrize("question", QUESTION_IDS)
def test_every_answer_key_computes_from_the_dataset(question: str) -> None:
    expected, mistakes = QUESTIONS[question].answer_key(data.load())
    for wrong, hint in mistakes:
        assert hint, "every known mistake has its hint"
        assert not _same(wrong, expected), f"a 'mistake' equals the right answer: {wrong!r}"


def _same(a: Any, b: Any) -> bool:
    """Equal as values, or, for sequences, holding the same items in any order."""
    if isinstance(a, list | tuple) or isinstance(b, list | tuple):
        return sorted(map(str, a)) == sorted(map(str, b))
    return bool(a == b)


def test_a_broken_answer_key_is_blamed_on_the_course(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nato_russia.questions.lesson00.FOUNDING_ACT", "ev-renamed")
    # As when the dataset's file changes: the checks load it again, and work the key out anew.
    monkeypatch.setattr("nato_russia.checks._LOADED", {})
    ok, out = run(capsys, "00.1", "1997-05-27")
    assert not ok
    assert "fault in the course, not in your answer" in " ".join(out.split())


def test_a_result_is_silent_as_the_last_value_of_a_cell() -> None:
    from IPython.core.formatters import DisplayFormatter

    data_, metadata = DisplayFormatter().format(Result(False))
    assert data_ == {} and metadata == {}
    assert Result(True) == True and Result(False) == False  # noqa: E712 - like a bool
    assert Result(True) != "True" and repr(Result(False)) == "False"


def test_a_length_of_time_for_a_number_says_to_take_days(
    capsys: pytest.CaptureFixture[str]
) -> None:
    for gap in (pd.Timedelta(days=343), dt.timedelta(days=343), np.timedelta64(343, "D")):
        ok, out = run(capsys, "99.2", gap)
        assert not ok
        assert ".days" in out


# --------------------------------------------------------------------------- pointed hints
# Slips found when the course was tried: each must get the hint for its own mistake.


def _period(period: str) -> pd.DataFrame:
    return EVENTS[EVENTS["period"] == period]


def test_01_3_one_day_too_many_names_both_ways_of_getting_it(
        capsys: pytest.CaptureFixture[str]) -> None:
    london = EVENTS.set_index("id").loc["ev-1990-london-summit"]
    paris = EVENTS.set_index("id").loc["ev-1990-paris-joint-declaration"]
    right = (paris["date"] - london["end_date"]).days
    ok, out = run(capsys, "01.3", right + 1)  # counting both end days gives this too
    shown = " ".join(out.split())
    assert not ok
    assert "first day" in shown and "both" in shown, out


def test_01_4_the_listed_states_without_the_date_filter_fail(
        capsys: pytest.CaptureFixture[str]) -> None:
    from nato_russia.questions.lesson01 import INVITED_TODAY

    listed = ACCESSIONS.loc[ACCESSIONS["country"].isin(INVITED_TODAY), "country"]
    ok, out = run(capsys, "01.4", listed)
    assert not ok
    assert "date" in " ".join(out.split()), out


def test_01_5_a_histogram_is_called_one_not_put_in_the_wrong_order(
        capsys: pytest.CaptureFixture[str]) -> None:
    fig, ax = _figure()
    ax.hist(_period("p01")["year"], bins=4)
    ax.set(title="Events", xlabel="Year", ylabel="Events")
    ok, out = run(capsys, "01.5", fig)
    shown = " ".join(out.split())
    assert not ok
    assert "histogram" in shown and "wrong order" not in shown, out


def test_04_3_one_mean_per_group_is_told_to_subtract_not_to_sum(
        capsys: pytest.CaptureFixture[str]) -> None:
    means = _period("p04").groupby("in_source_document")["signal"].mean()
    ok, out = run(capsys, "04.3", means)
    shown = " ".join(out.split())
    assert not ok
    assert ".sum()" not in shown and "subtract" in shown, out


def test_03_4_a_chart_without_the_empty_year_is_wrong_and_names_the_year(
        capsys: pytest.CaptureFixture[str]) -> None:
    totals = _period("p03").groupby("year")["signal"].sum()  # no group for 1998
    fig, ax = _figure()
    ax.bar(totals.index, totals.values)
    ax.set(title="Signal per year", xlabel="Year", ylabel="Total signal")
    ok, out = run(capsys, "03.4", fig)
    shown = " ".join(out.split())
    assert not ok
    assert "1998 is missing" in shown, out


def test_03_5_two_slips_that_give_one_number_both_get_their_hint(
        capsys: pytest.CaptureFixture[str]) -> None:
    period = _period("p03").copy()
    period.loc[period["kind"] == "enlargement", "signal"] = 0  # neutral, not +1
    ok, out = run(capsys, "03.5", period["signal"].sum())
    shown = " ".join(out.split())
    assert not ok
    assert "set the enlargement rows to 0" in shown and "the change" in shown, out


def test_03_5_the_answer_key_recodes_a_copy_not_the_course() -> None:
    before = COURSE.events["signal"].copy()
    QUESTIONS["03.5"].answer_key(COURSE)  # the right answer and every known slip
    pd.testing.assert_series_equal(COURSE.events["signal"], before)


def test_03_2_the_nouns_with_their_no_are_told_to_drop_it(
        capsys: pytest.CaptureFixture[str]) -> None:
    ok, out = run(capsys, "03.2", ["no intention", "no plan", "no reason"])
    assert not ok
    assert "with 'no' in front" in " ".join(out.split()), out


def test_04_4_a_start_read_before_the_slider_moved_is_named(
        capsys: pytest.CaptureFixture[str]) -> None:
    from nato_russia import measures

    def caption(weights: dict[str, float] | None) -> tuple[float, float]:
        table = measures.index_values(EVENTS, weights)
        start = table.loc[table["date"] < "2002-01-01", "contribution"].sum()
        return start, table.loc[table["date"] <= "2007-12-31", "contribution"].sum()

    (first, _), (_, last) = caption(None), caption({"arms_control": 2})
    ok, out = run(capsys, "04.4", last - first)
    assert not ok
    assert "before you moved the slider" in " ".join(out.split()), out


# --------------------------------------------------------------------------- nbgrader


@pytest.mark.parametrize("mode", ["autograde", "validate"])
def test_under_nbgrader_a_check_that_does_not_pass_raises(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    assert check("99.2", MEMBERS_1999)  # a right answer passes as ever
    for answer in (MEMBERS_1999 + 1, ..., "not a number"):
        with pytest.raises(AssertionError, match="99.2 is not right yet"):
            check("99.2", answer)
    assert "💡 Hint:" in capsys.readouterr().out, "the verdict is printed before it raises"
    assert check("00.6", ESSAY), "a written answer is noted, not failed"


def test_outside_nbgrader_a_check_never_raises(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert not check("99.2", MEMBERS_1999 + 1)


def test_a_changed_dataset_file_is_read_again_before_the_next_check(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Any) -> None:
    # The checks keep the answer keys they worked out for one version of the file.
    source = data.find_dataset().read_text(encoding="utf-8")
    mine = tmp_path / "nato_russia.json"
    mine.write_text(source, encoding="utf-8")
    monkeypatch.setenv(data.ENV_VAR, str(mine))
    assert run(capsys, "00.1", "1997-05-27")[0]
    mine.write_text(source.replace('"1997-05-27"', '"1997-05-28"'), encoding="utf-8")
    assert not run(capsys, "00.1", "1997-05-27")[0]
    assert run(capsys, "00.1", "1997-05-28")[0]


def test_a_kept_answer_key_cannot_be_changed_by_its_caller() -> None:
    course = data.load()
    question = QUESTIONS["01.4"]
    names = question.expected(course)
    names.clear()
    assert question.expected(course), "the key kept is a copy's source, not the copy"
