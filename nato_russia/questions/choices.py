"""Lettered options drawn from the dataset's records, and a student's letters read back.

The questions that ask a student to weigh records (sourcing, corroboration, sequencing,
claim and evidence, in :mod:`nato_russia.questions.record_kinds`) show their options as
letters: each option is a record of the dataset (a quotation, a document or an event),
shown as the dataset words it now, so a correction to the data reaches the options too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from nato_russia.data import Course
from nato_russia.questions.readers import (
    MAX_ITEMS,
    Problem,
    Reading,
    _as_sequence,
    describe,
    format_date,
)

LETTERS = "ABCDEFGHIJ"

# Whom a document speaks for, by its ``voice`` (the field data/README.md describes).
VOICES = {
    "nato": "NATO itself (the Alliance or its officials)",
    "allied-government": "an Allied government",
    "russia": "Moscow",
    "joint": "both sides together",
    "partner-state": "a partner state",
    "international-body": "an international body",
    "scholarship": "a scholar",
    "central-eastern-europe": "a Central or East European government",
}


@dataclass(frozen=True)
class Choice:
    """One option of a question: a record of the dataset, and the hint for choosing it wrongly.

    Attributes
    ----------
    record
        The id of a quotation, a document or an event.
    why
        What to think again about when this option is chosen where it does not belong.
        Empty for an option whose hint is worked out from the data.
    """

    record: str
    why: str = ""


@dataclass(frozen=True)
class Record:
    """A record as an option shows it: its kind, its words, its date and its voice."""

    id: str
    kind: str  # "quotation", "document" or "event"
    text: str
    date: pd.Timestamp
    title: str  # the document's or the event's title
    voice: str = ""
    issuer: str = ""


def record(course: Course, record_id: str) -> Record:
    """Look a record up by id in the quotations, the documents or the events.

    Raises
    ------
    KeyError
        When no table holds the id: a fault in the course, reported as one.
    """
    quotations = course.quotations.set_index("id")
    documents = course.documents.set_index("id")
    if record_id in quotations.index:
        quote = quotations.loc[record_id]
        doc = documents.loc[quote["document"]]
        return Record(record_id, "quotation", str(quote["text"]), doc["date"], str(doc["title"]),
                      str(doc["voice"]), str(doc["issuer"]))
    if record_id in documents.index:
        doc = documents.loc[record_id]
        return Record(record_id, "document", str(doc["title"]), doc["date"], str(doc["title"]),
                      str(doc["voice"]), str(doc["issuer"]))
    events = course.events.set_index("id")
    if record_id in events.index:
        event = events.loc[record_id]
        return Record(record_id, "event", str(event["title"]), event["date"],
                      str(event["title"]))
    raise KeyError(f"no quotation, document or event has the id {record_id!r}")


def when(item: Record) -> str:
    """The record's day, as feedback writes dates."""
    return format_date(item.date.date())


def letter_of(position: int) -> str:
    """The letter of the option at a position (0 is A)."""
    return LETTERS[position]


# --------------------------------------------------------------------------- reading letters

_SEPARATORS = re.compile(r"[\s,;/&+-]+|\band\b", re.I)


def read_letters(value: Any, allowed: str) -> Reading | Problem:
    """Read one or more option letters: ``"B"``, ``"b"``, ``"B, D"``, ``"BD"``, ``["B", "D"]``.

    The value read is a tuple of capital letters in the order given. ``allowed`` is the
    letters the question offers; any other is refused by name.
    """
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_ITEMS:
            return Problem("That text is far too long for a few letters.")
        pieces = [piece for piece in _SEPARATORS.split(text) if piece]
        if len(pieces) == 1 and pieces[0].isalpha() and len(pieces[0]) <= len(allowed):
            pieces = list(pieces[0])  # "BD": letters written together
    else:
        items = _as_sequence(value)
        if items is None:
            return Problem(f"You gave {describe(value)}; the answer is one or more of the "
                           f"letters {allowed[0]}-{allowed[-1]}, as text, such as \"B\".")
        if len(items) > MAX_ITEMS:
            return Problem(f"You gave more than {MAX_ITEMS} items; that is far too many.")
        pieces = []
        for position, item in enumerate(items, start=1):
            if not isinstance(item, str):
                return Problem(f"Item {position} of your answer is {describe(item)}; give "
                               "each option as its letter, written as text, such as \"B\".")
            pieces.append(item.strip())
    if not pieces:
        return Problem("Your answer holds no letter.")
    letters = []
    for piece in pieces:
        letter = piece.upper()
        if len(letter) != 1 or letter not in allowed:
            return Problem(f"{describe(piece)} is not one of the options: give their letters, "
                           f"{allowed[0]} to {allowed[-1]}.")
        letters.append(letter)
    return Reading(tuple(letters))
