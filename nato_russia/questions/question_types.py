"""The kinds of exercise question and how each judges an answer.

A question is declared once, in :mod:`nato_russia.questions`, as one of the classes
below. Its right answer is a function of the dataset, computed when the check runs,
so the data and the checks cannot disagree. Each kind turns an answer into a
:class:`Verdict`; :mod:`nato_russia.checks` prints it.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import weakref
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.bar_charts import BarChart, EmptyFigure, read_bar_chart
from nato_russia.questions.readers import (
    MIN_WORDS,
    Problem,
    format_date,
    format_number,
    normalise_name,
    read_date,
    read_names,
    read_number,
    read_text,
    word_count,
)

Status = Literal["correct", "wrong", "unanswered", "noted"]

# What a question asks the student to do, as the exercise notebook names it under the
# question's heading. Lessons mix them, so practice is more than looking things up.
TASKS: dict[str, str] = {
    "lookup": "look it up",
    "compute": "compute with pandas",
    "chart": "draw a chart",
    "explorer": "use an explorer",
    "document": "read a document",
    "recode": "recode the data",
    "written": "write an argument",
}

# The four levels every written question's rubric climbs, in order.
RUBRIC_LEVELS = (
    "Level 1, a claim",
    "Level 2, evidence from the data",
    "Level 3, evidence from a document",
    "Level 4, a counter-argument",
)

# Each criterion of a written answer is marked from 0 to this many marks ...
CRITERION_MARKS = 3
# ... and what each mark means, for every criterion, until the rubrics become marking
# scales of their own.
MARK_MEANINGS = (
    "not there: the answer does not do this",
    "attempted: it is there, but vague, or asserted without support",
    "done: it does what the criterion asks, with a gap or an imprecision",
    "done well: all of it, precisely, in the answer's own words",
)


# The marking scale: for each criterion, what an answer at 0, 1, 2 and 3 marks looks like,
# described by quality rather than by presence, so that two markers agree on a level.
SCALE: dict[str, tuple[str, str, str, str]] = {
    "a claim": (
        "no position on the question, or one that only restates it",
        "a position, but vague, or hedged until it says little",
        "a clear position on the question asked",
        "a clear position that says how far it holds and on what it turns",
    ),
    "evidence from the data": (
        "none, or a figure with no bearing on the claim",
        "a figure or event named but not tied to the claim, or misread",
        "a figure or dated event from the dataset, read correctly, that bears on the claim",
        "data used precisely: what the number measures, and what it cannot show",
    ),
    "evidence from a document": (
        "no document, or none from the course",
        "a document named or paraphrased, without whose words they are or what force they had",
        "documents of two voices cited, each with whose words they are and what force they had",
        "documents of different voices quoted or read closely and weighed against each other "
        "for author, audience and purpose",
    ),
    "a counter-argument": (
        "no objection considered",
        "an objection named but not answered, or a weak one knocked down",
        "a real objection stated and answered",
        "the strongest objection stated fairly, in its own best terms, and answered from the "
        "evidence; an answer that disagrees with the course's reading earns these marks too",
    ),
}


@dataclass(frozen=True)
class Criterion:
    """One criterion an instructor marks a written answer on.

    Attributes
    ----------
    name
        A few words, as the rubric's level names it ("a claim"); also the column of
        ``written.csv`` the instructor fills.
    earns
        What earns the marks: the rubric's question for this level.
    marks
        The most marks it gives; it is marked from 0 to ``marks``.
    """

    name: str
    earns: str
    marks: int = CRITERION_MARKS
    levels: tuple[str, ...] = ()

    def scale_lines(self) -> list[str]:
        """The criterion as the marking scale shows it: what earns it, then each level."""
        lines = [f"{self.name[:1].upper()}{self.name[1:]} (0-{self.marks} marks): {self.earns}"]
        lines += [f"  {mark}: {level}" for mark, level in enumerate(self.levels)]
        return lines


def criteria_from_rubric(rubric: Sequence[str]) -> tuple[Criterion, ...]:
    """The default criteria of a written question: one per :data:`RUBRIC_LEVELS` line.

    A rubric line reads ``"Level 2, evidence from the data: does it use ...?"``; the
    criterion is named after the level (``"evidence from the data"``) and earned by the
    text after the colon. Lines after the four levels add no criterion.

    Raises
    ------
    ValueError
        When the rubric does not start with the four levels, in order.
    """
    criteria = []
    for level, line in zip(RUBRIC_LEVELS, rubric, strict=False):
        head, _, earns = line.partition(":")
        if head != level or not earns.strip():
            raise ValueError(f"a written question's rubric starts with {level!r}: ..., "
                             f"not {line[:40]!r}")
        name = level.split(", ", 1)[1]
        criteria.append(Criterion(name, earns.strip(), levels=SCALE.get(name, ())))
    if len(criteria) < len(RUBRIC_LEVELS):
        raise ValueError(f"a written question's rubric has the {len(RUBRIC_LEVELS)} levels "
                         f"first; this one has {len(criteria)} lines")
    return tuple(criteria)


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check.

    Attributes
    ----------
    status
        ``correct``, ``wrong``, ``unanswered``, or ``noted`` (a written answer, not marked).
    message
        One or two sentences on the answer.
    hint
        What to try next (wrong answers only).
    details
        Extra lines: a tip on the answer's form, or the rubric of a written question.
    """

    status: Status
    message: str
    hint: str = ""
    details: tuple[str, ...] = ()


def _problem(problem: Problem) -> Verdict:
    """Turn an answer that could not be read into a verdict."""
    if isinstance(problem, EmptyFigure):
        return Verdict("unanswered", problem.message)
    return Verdict("wrong", problem.message)


def _text(value: str | Callable[[Course], str], course: Course) -> str:
    return value(course) if callable(value) else value


class _PerCourse:
    """A question's computation from the course (its answer, its known mistakes, its praise),
    kept for the last course it was given: a check works out the answer key and then judges,
    and the checks and the grader give many answers the same course.

    A copy of the kept result is returned each time, so a caller that changes it changes
    nothing kept; a generator's items are kept, not the spent generator.
    """

    def __init__(self, work: Callable[[Course], Any]) -> None:
        self.work = work
        # The course and its result as one tuple, replaced whole: the grader judges in
        # threads, and a reader must never pair one course with another's result.
        self._kept: tuple[weakref.ref[Course], Any] | None = None

    def __call__(self, course: Course) -> Any:
        kept = self._kept
        if kept is None or kept[0]() is not course:
            result = self.work(course)
            if hasattr(result, "__next__"):  # a generator: keep its items
                result = list(result)
            kept = self._kept = (weakref.ref(course), result)
        return copy.deepcopy(kept[1])


_KEPT = ("expected", "mistakes", "praise")


@dataclass(frozen=True)
class Question:
    """What every question has.

    Attributes
    ----------
    id
        ``"NN.k"``: lesson number and question number.
    about
        A few words naming what is asked, used in feedback ("the Founding Act's date").
    hint
        The general hint shown with a wrong answer.
    stars
        Difficulty, 1 to 3 (shown as ★☆☆ in the exercise notebook).
    task
        What the student does, a key of :data:`TASKS` (shown under the heading).
    template
        The question's pattern ("days between two events"), so that a lesson set can be
        checked for variety: lessons 00-04 use no template more than twice.
    printed_reason
        Why the lesson may print what the question asks, when it does: the answer key's
        justification of an exception to "no answer printed in its lesson". Empty for a
        question whose answer the lesson does not print (tests/test_printed_answers.py).
    """

    id: str
    about: str
    hint: str
    stars: int = 1
    task: str = ""
    template: str = ""
    printed_reason: str = ""

    def __post_init__(self) -> None:
        for name in _KEPT:
            work = getattr(self, name, None)
            if callable(work) and not isinstance(work, _PerCourse):
                object.__setattr__(self, name, _PerCourse(work))

    def answer_key(self, course: Course) -> tuple[Any, list[tuple[Any, str]]]:
        """Work out the right answer and the known wrong ones from the dataset.

        Called before an answer is judged, so that a fault in the course (a record
        renamed in the dataset) is reported as such, not blamed on the student. The
        praise for a right answer is worked out too, since it quotes the data.
        """
        expected = getattr(self, "expected", None)
        mistakes = getattr(self, "mistakes", None)
        _text(getattr(self, "praise", ""), course)
        return (expected(course) if expected else None,
                list(mistakes(course)) if mistakes else [])

    def assess(self, answer: Any, course: Course) -> Verdict:  # pragma: no cover - abstract
        """Judge an answer; subclasses say how."""
        raise NotImplementedError


@dataclass(frozen=True)
class DateQuestion(Question):
    """The answer is one day.

    Attributes
    ----------
    expected
        The right date, from the dataset.
    praise
        The sentence shown with a right answer.
    mistakes
        Known wrong dates, each with a hint aimed at how a student gets there.
    """

    expected: Callable[[Course], dt.date] = field(default=lambda course: dt.date.min)
    praise: str | Callable[[Course], str] = ""
    mistakes: Callable[[Course], Sequence[tuple[dt.date, str]]] = field(default=lambda c: ())

    def assess(self, answer: Any, course: Course) -> Verdict:
        """Compare the day given with the day in the dataset."""
        reading = read_date(answer)
        if isinstance(reading, Problem):
            return _problem(reading)
        tips = (reading.note,) if reading.note else ()
        expected = self.expected(course)
        if reading.value == expected:
            return Verdict("correct", _text(self.praise, course), details=tips)
        given = format_date(reading.value)
        for wrong, hint in self.mistakes(course):
            if reading.value == wrong:
                return Verdict("wrong", f"{given} is not {self.about}.", hint, tips)
        # Name what happened on the day given: often the student picked the wrong row.
        same_day = course.events[course.events["date"].dt.date == reading.value]
        message = f"{given} is not {self.about}."
        if len(same_day):
            message += f" On that day the dataset has: {same_day['title'].iloc[0]!r}."
        return Verdict("wrong", message, self.hint, tips)


@dataclass(frozen=True)
class NumberQuestion(Question):
    """The answer is one number (a count, a year, an average).

    Attributes
    ----------
    expected
        The right number, from the dataset.
    tolerance
        How far a right answer may be from ``expected`` (0 for counts).
    several_hint
        The hint for a Series of several numbers (one per group or column).
    """

    expected: Callable[[Course], float] = field(default=lambda course: math.nan)
    praise: str | Callable[[Course], str] = ""
    tolerance: float = 0.0
    mistakes: Callable[[Course], Sequence[tuple[float, str]]] = field(default=lambda c: ())
    several_hint: str = ("To count rows, use len(table); to add up one column, use .sum() "
                         "on it.")

    def assess(self, answer: Any, course: Course) -> Verdict:
        """Compare the number given with the number computed from the dataset."""
        reading = read_number(answer)
        if isinstance(reading, Problem):
            if isinstance(answer, pd.Series) and len(answer) > 1:
                return Verdict("wrong", reading.message, self.several_hint)
            return _problem(reading)
        tips = (reading.note,) if reading.note else ()
        expected = float(self.expected(course))
        slack = self.tolerance + 1e-9
        if abs(reading.value - expected) <= slack:
            return Verdict("correct", _text(self.praise, course), details=tips)
        given = format_number(reading.value)
        for wrong, hint in self.mistakes(course):
            if abs(reading.value - float(wrong)) <= slack:
                return Verdict("wrong", f"{given} is not {self.about}.", hint, tips)
        return Verdict("wrong", f"{given} is not {self.about}.", self.hint, tips)


@dataclass(frozen=True)
class NamesQuestion(Question):
    """The answer is a group of names in any order (countries, event ids, ...).

    Names are compared ignoring case and surrounding spaces.

    Attributes
    ----------
    aliases
        Other accepted spellings, mapped to the dataset's ("czechia": "Czech Republic").
    """

    expected: Callable[[Course], Sequence[str]] = field(default=lambda course: ())
    praise: str | Callable[[Course], str] = ""
    aliases: dict[str, str] = field(default_factory=dict)
    mistakes: Callable[[Course], Sequence[tuple[Sequence[str], str]]] = field(
        default=lambda c: ())

    def assess(self, answer: Any, course: Course) -> Verdict:
        """Compare the names given with the names in the dataset, as sets."""
        reading = read_names(answer)
        if isinstance(reading, Problem):
            return _problem(reading)
        aliases = {normalise_name(k): normalise_name(v) for k, v in self.aliases.items()}

        def norm(name: str) -> str:
            return aliases.get(normalise_name(name), normalise_name(name))

        given = Counter(norm(name) for name in reading.value)
        expected = {norm(name) for name in self.expected(course)}
        if set(given) == expected:
            doubled = sorted(name for name, count in given.items() if count > 1)
            if doubled:
                return Verdict(
                    "wrong",
                    "The right names, but some appear more than once.",
                    "Keep each name once, for example with .unique() or set(...).",
                )
            return Verdict("correct", _text(self.praise, course))
        # Before the known mistakes: "Those are not the ids" would mislead here.
        titles = self._titles_for_ids(list(given), expected, course)
        if titles is not None:
            return titles
        for wrong, hint in self.mistakes(course):
            if set(given) == {norm(name) for name in wrong}:
                return Verdict("wrong", f"Those are not {self.about}.", hint)
        right = len(set(given) & expected)
        extra = [name for name in reading.value if norm(name) not in expected]
        message = f"You have {right} of the {len(expected)} names."
        if extra:
            shown = ", ".join(repr(name) for name in extra[:3])
            message += f" Not among {self.about}: {shown}{' ...' if len(extra) > 3 else ''}."
        elif right < len(expected):
            message += f" {len(expected) - right} missing."
        return Verdict("wrong", message, self.hint)


    def _titles_for_ids(self, given: list[str], expected: set[str],
                        course: Course) -> Verdict | None:
        """The verdict for event titles given where event ids are asked, if that is it."""
        events = course.events
        if not expected or not expected <= {normalise_name(i) for i in events["id"]}:
            return None
        ids_of = {normalise_name(title): normalise_name(event_id)
                  for title, event_id in zip(events["title"], events["id"], strict=True)}
        as_ids = {ids_of[name] for name in given if name in ids_of}
        if not given or len(as_ids) < len(given) / 2:
            return None
        same = as_ids == expected and len(as_ids) == len(given)
        return Verdict(
            "wrong",
            "These look like titles: the question asks for ids. Take the `id` column instead "
            'of the `title` column, for example table["id"].tolist().'
            + (" They are the right events." if same else ""),
            "" if same else self.hint)


@dataclass(frozen=True)
class BarChartQuestion(Question):
    """The answer is a bar chart the student drew: right bars, a title, axis labels.

    Attributes
    ----------
    expected
        The bar heights in the order asked for, from the dataset.
    optional_zero_bars
        Whether bars of height 0 may be left out.
    mistakes
        Known wrong sets of heights (in order), each with a hint.
    """

    expected: Callable[[Course], Sequence[float]] = field(default=lambda course: ())
    praise: str | Callable[[Course], str] = ""
    optional_zero_bars: bool = False
    order_hint: str = "Put the bars in the order the question asks for."
    mistakes: Callable[[Course], Sequence[tuple[Sequence[float], str]]] = field(
        default=lambda c: ())

    def _matches(self, heights: Sequence[float], expected: Sequence[float]) -> bool:
        return len(heights) == len(expected) and all(
            math.isclose(a, b, abs_tol=1e-9) for a, b in zip(heights, expected, strict=True)
        )

    def _fits(self, chart: BarChart, expected: Sequence[float]) -> bool:
        candidates = [list(expected)]
        if self.optional_zero_bars:
            candidates.append([h for h in expected if h != 0])
        orders = [chart.heights]
        if chart.horizontal:  # top-to-bottom or bottom-to-top both read as a timeline
            orders.append(tuple(reversed(chart.heights)))
        return any(self._matches(o, c) for o in orders for c in candidates)

    def assess(self, answer: Any, course: Course) -> Verdict:
        """Check the bars' heights, then the title and the two axis labels."""
        reading = read_bar_chart(answer)
        if isinstance(reading, Problem):
            return _problem(reading)
        chart: BarChart = reading.value
        expected = [float(h) for h in self.expected(course)]
        if not self._fits(chart, expected):
            return self._wrong_bars(chart, expected, course)
        missing = [
            name
            for name, text in (("a title", chart.title), ("an x-axis label", chart.xlabel),
                               ("a y-axis label", chart.ylabel))
            if not text
        ]
        if missing:
            listed = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1
                                  else missing)
            return Verdict(
                "wrong",
                f"The bars are right, but the chart still needs {listed}.",
                "A reader needs to know what they are looking at: use ax.set_title(...), "
                "ax.set_xlabel(...) and ax.set_ylabel(...).",
            )
        return Verdict("correct", _text(self.praise, course))

    def _wrong_bars(self, chart: BarChart, expected: list[float], course: Course) -> Verdict:
        heights = list(chart.heights)
        for wrong, hint in self.mistakes(course):
            if self._matches(heights, [float(h) for h in wrong]):
                return Verdict("wrong", f"Those bars do not show {self.about}.", hint)
        if chart.touching:  # before the order test: a histogram's bins are not in any order
            return Verdict(
                "wrong",
                "These bars touch one another, as a histogram's do (ax.hist). A histogram "
                "sorts values into ranges (bins) that matplotlib chooses, so its bars do not "
                "stand for the groups the question asks for.",
                self.hint,
            )
        nonzero = [h for h in expected if h != 0]
        if sorted(heights) in (sorted(expected), sorted(nonzero)):
            return Verdict("wrong", "The bars have the right heights but are in the wrong order.",
                           self.order_hint)
        if len(heights) not in (len(expected), len(nonzero)):
            return Verdict(
                "wrong",
                f"I count {len(heights)} bars; {self.about} needs {len(expected)}.",
                self.hint,
            )
        total, wanted = sum(heights), sum(expected)
        message = "Some bars have the wrong height."
        if not math.isclose(total, wanted):
            message += (
                f" Together they add up to {format_number(total)}, but they should add up "
                f"to {format_number(wanted)}."
            )
        return Verdict("wrong", message, self.hint)


@dataclass(frozen=True)
class WrittenQuestion(Question):
    """A written answer, weighed by the student against a rubric; never marked right or wrong.

    Attributes
    ----------
    rubric
        What a good answer does, one point per line: the :data:`RUBRIC_LEVELS` first,
        then what is particular to the question.
    min_words
        Fewer words than this counts as not yet an answer.
    criteria
        What the instructor marks, each criterion from 0 to its ``marks`` (the grader's
        ``written.csv`` has a column for each). Declared here so a question can give its
        own; by default one per rubric level, 0-3 marks each, with the four levels of
        :data:`SCALE` (:func:`criteria_from_rubric`).
    dissent
        A second model answer that argues against the course's reading and earns full
        marks: the proof that "argued disagreement earns full credit" means what it says.
    """

    rubric: tuple[str, ...] = ()
    min_words: int = MIN_WORDS
    criteria: tuple[Criterion, ...] = ()
    dissent: str = ""

    def scale_lines(self) -> list[str]:
        """The marking scale a student reads before writing: every criterion's four levels."""
        lines = [f"{self.id} is marked out of {self.marks}: {len(self.criteria)} criteria, "
                 "each from 0 to its marks."]
        for criterion in self.criteria:
            lines += criterion.scale_lines()
        return lines

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.criteria:
            object.__setattr__(self, "criteria", criteria_from_rubric(self.rubric))

    @property
    def marks(self) -> int:
        """The most marks the written answer can earn: its criteria's sum."""
        return sum(c.marks for c in self.criteria)

    def assess(self, answer: Any, course: Course) -> Verdict:
        """Show the rubric once a real attempt is written."""
        reading = read_text(answer)
        if isinstance(reading, Problem):
            return _problem(reading)
        words = word_count(reading.value)
        if words == 0:
            return Verdict("unanswered", "Write your answer in place of the dots.")
        if words < self.min_words:
            return Verdict(
                "wrong",
                f"That is {words} word{'s' if words != 1 else ''} so far: a start.",
                f"Aim for at least {self.min_words} words, in full sentences: make a claim "
                "and give your evidence.",
            )
        return Verdict(
            "noted",
            f"Answer noted ({words} words). Written answers are not marked automatically: "
            "compare yours with this checklist.",
            details=self.rubric,
        )
