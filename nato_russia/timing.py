"""How long a lesson and its exercise set take: the one formula, stated as a range.

A range, because students differ: the low end reads at 200 words a minute and works
briskly, the high end reads at 150 and takes the time a careful student takes. Both ends
count everything a lesson or a set sends a student to do, not only its main text:

- a lesson: its main text and the folded blocks it sends students into (side stories, the
  course's reading after a *Your turn*), half a minute per code cell, each explorer, each
  *Your turn* written out, and each document it asks them to open;
- an exercise set: starting it, each question by its stars, opening the document a document
  question needs, and 20 to 30 minutes for each written answer (one that quotes two
  documents and answers a counter-argument).

:func:`lesson_minutes` measures a lesson notebook; :func:`exercise_minutes` adds up a set's
questions; :func:`stated` writes a range as the course states it ("30-40"). The command
``python -m nato_russia.authoring --times`` rewrites every stated time from these.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

WORDS_PER_MINUTE = (200, 150)  # brisk, careful
CODE_CELL = (0.5, 0.5)
EXPLORER = (3, 5)  # set the controls, read the chart and its caption
YOUR_TURN = (5, 10)  # decide, write two or three sentences, then read the course's reading
OPEN_DOCUMENT = (3, 5)  # find the passage asked for in a document the lesson links
START = (2, 3)  # open the set, run its first cell
PER_STARS = {1: (3, 5), 2: (6, 9), 3: (9, 12)}
WRITTEN = (20, 30)


@dataclass(frozen=True)
class Minutes:
    """A time as a range of minutes, low to high."""

    low: float
    high: float

    def __add__(self, other: Minutes) -> Minutes:
        return Minutes(self.low + other.low, self.high + other.high)

    def rounded(self) -> tuple[int, int]:
        """The range to the nearest five minutes, the high end at least five above the low."""
        low = max(5, 5 * math.floor(self.low / 5 + 0.5))
        high = max(low + 5, 5 * math.floor(self.high / 5 + 0.5))
        return low, high


def stated(minutes: Minutes) -> str:
    """The range as the course writes it: ``"30-40"``."""
    low, high = minutes.rounded()
    return f"{low}-{high}"


def _times(count: float, each: tuple[float, float]) -> Minutes:
    return Minutes(count * each[0], count * each[1])


# --------------------------------------------------------------------------- lessons

_FOLD = re.compile(r"<details>.*?</details>", re.S)
_LINK = re.compile(r"\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
# A sentence that asks the student to open a document ("Open the roll call", "then open the
# Declaration", "find the full sentence at the link above"): "open" as an order, at the start
# of a sentence or after "then" or "and", not a question's verb ("Would NATO open its door"),
# a fold ("open the course's reading") or an explorer ("Open the explorer below").
_OPEN = re.compile(r"(?:^|[.!?:;]\s+|\b(?:[Tt]hen|and) )(?:[Oo]pen (?:the|its|each|both|this|"
                   r"these)\b(?! course's| explorer)(?![^.\n]*\(open it)|[^.\n]*\bat the link "
                   r"above\b)", re.M)
_YOUR_TURN = re.compile(r"^##[^\n]*\bYour turn\b", re.M)


def _words(markdown: str) -> int:
    return len(_TAG.sub(" ", _LINK.sub("]", markdown)).split())


@dataclass(frozen=True)
class LessonParts:
    """What a lesson sends a student through, counted from its cells."""

    main_words: int
    folded_words: int
    code_cells: int
    explorers: int
    your_turns: int
    documents: int

    def minutes(self) -> Minutes:
        """The lesson's time by the one formula."""
        reading = Minutes((self.main_words + self.folded_words) / WORDS_PER_MINUTE[0],
                          (self.main_words + self.folded_words) / WORDS_PER_MINUTE[1])
        return (reading + _times(self.code_cells, CODE_CELL)
                + _times(self.explorers, EXPLORER) + _times(self.your_turns, YOUR_TURN)
                + _times(self.documents, OPEN_DOCUMENT))


def lesson_parts(cells: Iterable[tuple[str, str]]) -> LessonParts:
    """Count a lesson's parts from its cells, given as (cell type, source) pairs.

    The first cell (title, objectives, the stated time itself) counts as text like any other.
    """
    main = folded = code = explorers = turns = documents = 0
    for kind, source in cells:
        if kind == "code":
            code += 1
            explorers += "explore." in source and not source.lstrip().startswith("import")
            continue
        if kind != "markdown":
            continue
        folds = _FOLD.findall(source)
        outside = _FOLD.sub(" ", source)
        main += _words(outside)
        folded += sum(_words(fold) for fold in folds)
        turns += len(_YOUR_TURN.findall(source))
        documents += len(_OPEN.findall(source))
    return LessonParts(main, folded, code, explorers, turns, documents)


def lesson_minutes(cells: Iterable[tuple[str, str]]) -> Minutes:
    """A lesson's time, from its cells as (cell type, source) pairs."""
    return lesson_parts(cells).minutes()


# --------------------------------------------------------------------------- exercise sets


def question_minutes(stars: int, written: bool, document: bool) -> Minutes:
    """One question's time: by its stars, or a written answer's, plus a document to open."""
    own = Minutes(*WRITTEN) if written else Minutes(*PER_STARS[stars])
    return own + (Minutes(*OPEN_DOCUMENT) if document else Minutes(0, 0))


def exercise_minutes(questions: Iterable[tuple[int, bool, bool]]) -> Minutes:
    """A set's time, from its questions as (stars, written?, needs a document?) triples."""
    total = Minutes(*START)
    for stars, written, document in questions:
        total = total + question_minutes(stars, written, document)
    return total
