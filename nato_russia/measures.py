"""Numbers the charts and explorers show, computed without drawing anything.

The relationship index, Alliance membership over time, and the reading of the options every
chart shares (a window of years or dates, a choice of event kinds, weights per kind). Kept
apart from :mod:`nato_russia.charts` so that a lesson, a question or a test can use the same
numbers a chart draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeAlias

import numpy as np
import pandas as pd

from nato_russia import palette

__all__ = [
    "COURSE_END",
    "COURSE_START",
    "SUSPENSION",
    "Time",
    "chosen_kinds",
    "event_span",
    "full_weights",
    "index_values",
    "members_on",
    "membership_counts",
    "rolling_steps",
    "to_timestamp",
    "window",
]

COURSE_START = pd.Timestamp("1990-01-01")
COURSE_END = pd.Timestamp("2024-12-31")
# NATO foreign ministers suspended all practical civilian and military cooperation on this day.
SUSPENSION = pd.Timestamp("2014-04-01")

# A window bound as the charts accept it: a year, a date, or None for the default.
Time: TypeAlias = "pd.Timestamp | str | int | None"


# --------------------------------------------------------------------------- options


def to_timestamp(value: Time, default: pd.Timestamp, *, end: bool = False) -> pd.Timestamp:
    """Read a window bound: a year (``1997``, ``"1997"``) or any date pandas understands.

    A bare year means its first day as a start and its last day as an end; ``None`` means
    ``default``.
    """
    if value is None:
        return default
    if isinstance(value, (int, np.integer)) or (isinstance(value, str) and value.isdigit()):
        year = int(value)
        if end:
            return pd.Timestamp(year=year, month=12, day=31)
        return pd.Timestamp(year=year, month=1, day=1)
    return pd.Timestamp(value)


def window(start: Time, end: Time, default: tuple[pd.Timestamp, pd.Timestamp]
           ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Read a chart's ``start`` and ``end`` into the first and last day it shows.

    Raises
    ------
    ValueError
        When the window ends before it starts.
    """
    lo = to_timestamp(start, default[0])
    hi = to_timestamp(end, default[1], end=True)
    if hi <= lo:
        raise ValueError(f"the window ends ({hi.date()}) before it starts ({lo.date()})")
    return lo, hi


def event_span(events: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day of the years the events cover (the course's span if none)."""
    if events.empty:
        return COURSE_START, COURSE_END
    return (pd.Timestamp(year=int(events["year"].min()), month=1, day=1),
            pd.Timestamp(year=int(events["year"].max()), month=12, day=31))


def chosen_kinds(kinds: Iterable[str] | None) -> list[str]:
    """Return the chosen event kinds in the palette's fixed order (all when None).

    Raises
    ------
    ValueError
        For a kind the dataset does not use, naming the kinds it does.
    """
    if kinds is None:
        return list(palette.KINDS)
    chosen = {kinds} if isinstance(kinds, str) else set(kinds)
    unknown = chosen - set(palette.KINDS)
    if unknown:
        raise ValueError(f"unknown event kind(s) {sorted(unknown)}; "
                         f"the kinds are {', '.join(palette.KINDS)}")
    return [kind for kind in palette.KINDS if kind in chosen]



# --------------------------------------------------------------------------- membership


def membership_counts(accessions: pd.DataFrame) -> pd.DataFrame:
    """Alliance size after each accession date.

    Parameters
    ----------
    accessions
        ``course.accessions`` (one row per member country, founders included).

    Returns
    -------
    pandas.DataFrame
        One row per date: ``date``, ``joined`` (how many joined that day), ``members``
        (the total from that day on) and ``countries`` (who joined, comma-separated).
    """
    by_date = accessions.groupby("date", sort=True)["country"]
    counts = pd.DataFrame({
        "joined": by_date.size(),
        "countries": by_date.agg(lambda names: ", ".join(sorted(names))),
    }).reset_index()
    counts["members"] = counts["joined"].cumsum()
    return counts[["date", "joined", "members", "countries"]]


def members_on(accessions: pd.DataFrame, when: Time) -> int:
    """Return how many countries were members on a given day (a year means 1 January)."""
    day = to_timestamp(when, COURSE_START)
    return int((accessions["date"] <= day).sum())


# --------------------------------------------------------------------------- relationship index


def full_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Complete a weights mapping: every kind, with those left out weighing 1.

    Raises
    ------
    ValueError
        For a key that is not an event kind.
    """
    given = dict(weights or {})
    unknown = set(given) - set(palette.KINDS)
    if unknown:
        raise ValueError(f"unknown event kind(s) {sorted(unknown)} in weights; "
                         f"the kinds are {', '.join(palette.KINDS)}")
    return {kind: float(given.get(kind, 1.0)) for kind in palette.KINDS}


def index_values(events: pd.DataFrame, weights: Mapping[str, float] | None = None, *,
                 mode: str = "cumulative", window: int = 3) -> pd.DataFrame:
    """Compute the relationship index: each event's signal times its kind's weight, summed.

    Parameters
    ----------
    events
        ``course.events``.
    weights
        Weight per event kind, e.g. ``{"enlargement": 2, "speech": 0}``; kinds left out weigh 1.
    mode
        ``"cumulative"``: running total from the first event; ``"rolling"``: total of the last
        ``window`` years up to each event.
    window
        Years in the rolling window.

    Returns
    -------
    pandas.DataFrame
        One row per event in date order: ``date, id, title, kind, signal, weight,
        contribution, index``.
    """
    if mode not in {"cumulative", "rolling"}:
        raise ValueError(f"mode must be 'cumulative' or 'rolling', not {mode!r}")
    full = full_weights(weights)
    table = events.sort_values(["date", "id"], kind="stable")[
        ["date", "id", "title", "kind", "signal"]].reset_index(drop=True)
    table["weight"] = table["kind"].map(full).astype(float)
    table["contribution"] = table["signal"] * table["weight"]
    if mode == "cumulative":
        table["index"] = table["contribution"].cumsum()
    else:
        # Sum over (date - window years, date]; events sharing a date all count.
        totals = table.set_index("date")["contribution"].rolling(f"{365 * window}D").sum()
        table["index"] = totals.groupby(level=0).transform("last").to_numpy()
    return table


def rolling_steps(table: pd.DataFrame, window: int, lo: pd.Timestamp,
                   hi: pd.Timestamp) -> tuple[list[pd.Timestamp], list[float]]:
    """Corners of the rolling-total step line between ``lo`` and ``hi``.

    The total changes when an event enters the window and again when it leaves it,
    ``window`` years later; drawing corners only at events would hold a departed
    event's weight until the next event arrives.
    """
    span = pd.Timedelta(days=365 * window)
    dates, values = table["date"], table["contribution"]
    moments = pd.concat([dates, dates + span]).drop_duplicates().sort_values()
    corners = [lo, *moments[(moments > lo) & (moments <= hi)], hi]
    # The events in (t - span, t] are one run of the date-sorted table: found by binary
    # search, summed as the same slice a boolean mask would pick (a mask per corner cost
    # tens of milliseconds a redraw).
    raw = dates.to_numpy()
    order = np.argsort(raw, kind="stable")
    ordered = raw[order]
    summed = values.to_numpy(dtype=float)[order]
    ends = pd.DatetimeIndex(corners).to_numpy(dtype=ordered.dtype)
    first = np.searchsorted(ordered, ends - span.to_timedelta64(), side="right")
    last = np.searchsorted(ordered, ends, side="right")
    totals = [float(summed[a:b].sum()) for a, b in zip(first, last, strict=True)]
    return corners, totals


