"""Read a student's answer into a plain value the checks can compare, or say why not.

Every reader takes *any* object and returns either a :class:`Reading` holding the
plain value, or a :class:`Problem` holding a sentence for the student. Readers never
raise on purpose; :mod:`nato_russia.checks` still guards every call, because a
student's object can raise from ``__eq__``, ``__len__``, ``__iter__`` or ``__str__``.

An answer still holding the exercise's placeholder (see
:mod:`nato_russia.questions.placeholders`) is recognised here as not answered yet.
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import math
import numbers
import re
import reprlib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from nato_russia.questions import placeholders

# Generators are read lazily and cut off here, so an endless one cannot hang a check.
MAX_ITEMS = 10_000
# Words a written answer needs before it counts as an attempt rather than a stub.
MIN_WORDS = 20

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%Y/%m/%d",
)
_MONTH_ONLY_FORMATS = ("%Y-%m", "%B %Y", "%b %Y")
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")


class _NotGiven:
    """Marks a check called without an answer (``check("00.1")``)."""

    def __repr__(self) -> str:
        return "<no answer given>"


NOT_GIVEN = _NotGiven()


@dataclass(frozen=True)
class Reading:
    """An answer read successfully.

    Attributes
    ----------
    value
        The plain value: ``datetime.date``, ``float``, ``tuple`` of ``str`` or ``str``.
    note
        A tip about the form the answer came in, shown after the verdict (may be empty).
    """

    value: Any
    note: str = ""


@dataclass(frozen=True)
class Problem:
    """An answer that cannot be read as the question needs; ``message`` says why."""

    message: str


# --------------------------------------------------------------------------- describing


_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 60
_short.maxlist = _short.maxtuple = _short.maxset = _short.maxfrozenset = 6


def describe(value: Any) -> str:
    """Return a short, safe description of any object, for feedback.

    Never calls ``repr`` on tables (slow and long) and survives objects whose
    ``__repr__`` raises or recurses.
    """
    try:
        if isinstance(value, pd.DataFrame):
            rows, columns = value.shape
            return f"a table (DataFrame) with {rows} rows and {columns} columns"
        if isinstance(value, pd.Series | pd.Index):
            kind = "a Series" if isinstance(value, pd.Series) else "an Index"
            return f"{kind} of {len(value)} value{'s' if len(value) != 1 else ''}"
        if isinstance(value, np.ndarray):
            return f"an array of shape {value.shape}"
        if isinstance(value, BaseException):
            return f"an error object ({type(value).__name__}), not a value"
        text = _short.repr(value)
    except Exception:
        text = ""
    if not text or len(text) > 80:
        return f"an object of type {type(value).__name__}"
    return text


def is_placeholder(value: Any) -> bool:
    """Tell whether ``value`` is what an unanswered exercise cell holds."""
    if value is NOT_GIVEN or value is Ellipsis:
        return True
    if isinstance(value, str):
        return value.strip() in {"", placeholders.CODE}
    return False


# --------------------------------------------------------------------------- collections


def _as_sequence(value: Any) -> list[Any] | None:
    """Return the elements of a list-like answer, or None when it is not list-like.

    Strings and mappings are not list-like here. Iterators are read up to
    ``MAX_ITEMS + 1`` elements so an endless generator cannot hang the check.
    """
    if isinstance(value, str | bytes | dict | pd.DataFrame):
        return None
    if isinstance(value, pd.Series):
        return value.iloc[: MAX_ITEMS + 1].tolist()
    if isinstance(value, pd.Index):
        return value[: MAX_ITEMS + 1].tolist()
    if isinstance(value, np.ndarray):
        return list(value.ravel()[: MAX_ITEMS + 1]) if value.ndim else None
    if isinstance(value, Iterable):  # lists, sets, generators, dict views ...
        return list(itertools.islice(iter(value), MAX_ITEMS + 1))
    return None


def _single(value: Any) -> tuple[Any, str] | Problem | None:
    """Unwrap a one-element container; say how many there were otherwise.

    Returns None when ``value`` is not a container at all, so the caller reads it as is.
    """
    if isinstance(value, pd.DataFrame):
        if value.shape == (1, 1):
            return value.iat[0, 0], "tip: .iat[0, 0] takes the single value out of a table"
        return Problem(
            f"You gave {describe(value)}. The answer is one value: pick the row and the "
            "column you need (for example with .loc[...] or .iloc[0])."
        )
    items = _as_sequence(value)
    if items is None:
        return None
    if len(items) == 1:
        return items[0], "tip: .iloc[0] (or [0]) takes the single value out of a Series or list"
    if not items:
        return Problem(
            "Your answer is empty. If you filtered a table, the filter matched no rows: "
            "check the spelling of what you are looking for."
        )
    count = f"more than {MAX_ITEMS}" if len(items) > MAX_ITEMS else str(len(items))
    return Problem(f"You gave {count} values; the answer is a single value.")


# --------------------------------------------------------------------------- numbers


def read_number(value: Any) -> Reading | Problem:
    """Read a number given as int, float, a numpy number, numeric text or a one-element box."""
    note = ""
    unwrapped = _single(value)
    if isinstance(unwrapped, Problem):
        if isinstance(value, pd.Series) and len(value) > 1:
            return Problem(
                f"You gave {describe(value)}: one number per column or per group, and the "
                "answer is a single number."
            )
        if isinstance(value, pd.DataFrame):
            rows = value.shape[0]
            return Problem(
                f"You gave {describe(value)}, not a number. To count its rows, use "
                f"len(...) (this one would give {rows})."
            )
        return unwrapped
    if unwrapped is not None:
        value, note = unwrapped
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    # Before the number tests: numpy counts a timedelta64 as an integer.
    if isinstance(value, pd.Timedelta | dt.timedelta | np.timedelta64):
        return Problem(f"You gave {describe(value)}, a length of time. Take its number of "
                       "days with .days (for example (later - earlier).days).")
    if isinstance(value, bool | np.bool_):
        return Problem(
            f"{value} is True/False, not a number. To count the True values in a column, "
            "use .sum() on it."
        )
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return Problem(f"I could not read {describe(value)} as a number.")
        note = "tip: that was text; a number without quotes is easier to calculate with"
        value = number
    if isinstance(value, decimal.Decimal):  # not a numbers.Real, but a number all the same
        value = float(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return Problem("Your answer is NaN ('not a number'): a calculation found no data.")
        if math.isinf(number):
            return Problem("Your answer is infinite; check for a division by zero.")
        return Reading(number, note)
    if isinstance(value, numbers.Complex):
        return Problem("That is a complex number; the answer is an ordinary number.")
    return Problem(f"You gave {describe(value)}; the answer is a number.")


def format_number(value: float) -> str:
    """Write a number without a needless ``.0``."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}"


# --------------------------------------------------------------------------- dates


# Longer than any way of writing a day ("Wednesday 27 September 1997 00:00:00").
_LONGEST_DATE = 64


def _parse_date_text(text: str) -> dt.date | Problem:
    """Parse a written date, refusing ambiguous and partial ones with a reason."""
    # "27th May, 1997" -> "27 May 1997"
    cleaned = _ORDINAL.sub(r"\1", " ".join(text.replace(",", " ").split()))
    if len(cleaned) > _LONGEST_DATE:  # a pasted paragraph: no format can match, answer at once
        return _unreadable_date(text)
    if len(cleaned) == 4 and cleaned.isdigit():
        return Problem(f"{text!r} is only a year; give the full date (day, month and year).")
    for form in _MONTH_ONLY_FORMATS:
        try:
            dt.datetime.strptime(cleaned, form)
        except ValueError:
            continue
        return Problem(f"{text!r} is only a month; give the day too.")
    found = set()
    for form in _DATE_FORMATS:
        try:
            found.add(dt.datetime.strptime(cleaned, form).date())
        except ValueError:
            continue
    if len(found) > 1:
        return Problem(
            f"{text!r} could be read as more than one date (day/month or month/day?). "
            "Write it as YYYY-MM-DD, for example '1990-07-05'."
        )
    if found:
        return found.pop()
    # Timestamps printed by pandas, such as "1997-05-27 00:00:00".
    try:
        with warnings.catch_warnings():  # a parsing warning must not reach the notebook
            warnings.simplefilter("ignore")
            stamp = pd.Timestamp(cleaned)
    except (ValueError, TypeError, OverflowError):
        stamp = None
    if stamp is not None and not pd.isna(stamp) and len(cleaned) >= 10:
        return stamp.date()
    return _unreadable_date(text)


def _unreadable_date(text: str) -> Problem:
    return Problem(
        f"I could not read {describe(text)} as a date. Write it like '1997-05-27' "
        "or '27 May 1997'."
    )


def read_date(value: Any) -> Reading | Problem:
    """Read a date: text, ``date``, ``datetime``, ``Timestamp`` or ``datetime64``.

    A one-element Series, Index, list, array or 1x1 table of those is accepted too,
    with a tip on taking the single value out.
    """
    note = ""
    unwrapped = _single(value)
    if isinstance(unwrapped, Problem):
        if isinstance(value, pd.DataFrame):
            return Problem(
                f"You gave {describe(value)}. Take the date column and the single row you "
                "need, for example table['date'].iloc[0]."
            )
        return unwrapped
    if unwrapped is not None:
        value, note = unwrapped
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return Problem("Your answer is an empty date (NaT): the lookup found nothing.")
    if isinstance(value, pd.Timestamp | dt.datetime):
        return Reading(value.date(), note)
    if isinstance(value, dt.date):
        return Reading(value, note)
    if isinstance(value, str):
        parsed = _parse_date_text(value)
        if isinstance(parsed, Problem):
            return parsed
        return Reading(parsed, note)
    if isinstance(value, numbers.Number):
        return Problem(f"You gave the number {describe(value)}; the answer is a date.")
    return Problem(f"You gave {describe(value)}; the answer is a date.")


def format_date(day: dt.date) -> str:
    """Write a date the way the course does: ``27 May 1997``."""
    return f"{day.day} {day:%B %Y}"


# --------------------------------------------------------------------------- names


def signed(value: float) -> str:
    """Write a number with its sign and at most two decimals: "+1.5", "-0.45", "0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"+{text}" if value > 0 else text


def and_list(items: list[str]) -> str:
    """Join words as a sentence does: "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def normalise_name(text: str) -> str:
    """Compare names ignoring case, surrounding space and repeated inner spaces."""
    return " ".join(text.split()).casefold()


def read_names(value: Any) -> Reading | Problem:
    """Read a collection of names (list, tuple, set, Series, Index, array, iterator).

    The value read is a tuple of the names as written, in the order given.
    """
    if isinstance(value, pd.DataFrame):
        return Problem(
            f"You gave {describe(value)}. Pick the one column that holds the names, "
            "for example table['country']."
        )
    if isinstance(value, str):
        return Problem(
            "You gave one piece of text. Give a list of names, one string each, "
            "for example ['Norway', 'Denmark']."
        )
    items = _as_sequence(value)
    if items is None:
        return Problem(f"You gave {describe(value)}; the answer is a list of names.")
    if len(items) > MAX_ITEMS:
        return Problem(f"You gave more than {MAX_ITEMS} items; that is far too many.")
    names = []
    for position, item in enumerate(items, start=1):
        if not isinstance(item, str):  # numpy's str_ is a str too
            return Problem(
                f"Item {position} of your answer is {describe(item)}; every item should be "
                "a name written as text."
            )
        names.append(item)
    return Reading(tuple(names))


# --------------------------------------------------------------------------- text


def read_text(value: Any) -> Reading | Problem:
    """Read a written answer: text, with the exercise's placeholder dots removed."""
    if isinstance(value, str):
        # A student may write under the dots without deleting them.
        text = value.strip()
        if text.startswith(placeholders.CODE):
            text = text[len(placeholders.CODE):]
        return Reading(text.strip())
    return Problem(
        f"You gave {describe(value)}. Write your answer as text, in its answer cell under "
        "the first line (%%answer and the answer's name), with no quotes."
    )


def word_count(text: str) -> int:
    """Count the words of a written answer."""
    return len(text.split())
