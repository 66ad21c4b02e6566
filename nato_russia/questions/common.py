"""Small lookups that questions of several lessons share."""

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


def day(course: Course, event_id: str) -> dt.date:
    """Return the (first) day of one event."""
    return event(course, event_id)["date"].date()


def days_between(course: Course, first: str, then: str) -> int:
    """Count the days from one event's date to another's (negative if ``then`` came first)."""
    return (event(course, then)["date"] - event(course, first)["date"]).days
