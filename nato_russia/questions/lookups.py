"""Lookups that the questions of several lessons share: one function per job.

Every answer key and every known slip is computed from the dataset with these, so two
lessons asking about the same thing cannot compute it two ways.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nato_russia.data import Course


def event(course: Course, event_id: str) -> pd.Series:
    """Return one event's row by id."""
    return course.events.set_index("id").loc[event_id]


def events_in(course: Course, period: str) -> pd.DataFrame:
    """Return the events of one period (``"p03"``), in date order."""
    return course.events[course.events["period"] == period]


def timestamp(course: Course, event_id: str) -> pd.Timestamp:
    """Return the (first) day of one event as a Timestamp, for date arithmetic."""
    return event(course, event_id)["date"]


def day(course: Course, event_id: str) -> dt.date:
    """Return the (first) day of one event as a date, the form answers are compared in."""
    return timestamp(course, event_id).date()


def days_between(course: Course, first: str, then: str) -> int:
    """Count the days from one event's date to another's (negative if ``then`` came first)."""
    return (timestamp(course, then) - timestamp(course, first)).days


def mentioned(events: pd.DataFrame) -> pd.DataFrame:
    """Keep the events the fact sheet mentions."""
    return events[events["in_source_document"]]


def left_out(events: pd.DataFrame) -> pd.DataFrame:
    """Keep the events the fact sheet leaves out."""
    return events[~events["in_source_document"]]


def period_years(course: Course, period: str) -> range:
    """Every year of a period, first to last, years without events included."""
    row = course.periods.set_index("id").loc[period]
    return range(row["start"].year, row["end"].year + 1)


def per_year(course: Course, period: str, how: str) -> pd.Series:
    """A statistic of a period's signals per year (``how``: sum, mean, count...).

    Every year of the period is there, 0 for a year without events: the course's one rule
    for empty years.
    """
    by_year = events_in(course, period).groupby("year")["signal"].agg(how)
    return by_year.reindex(period_years(course, period), fill_value=0)

