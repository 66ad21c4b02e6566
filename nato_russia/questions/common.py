"""Small lookups that questions of several lessons share."""

from __future__ import annotations

import pandas as pd

from nato_russia.data import Course


def event(course: Course, event_id: str) -> pd.Series:
    """Return one event's row by id."""
    return course.events.set_index("id").loc[event_id]


def events_in(course: Course, period: str) -> pd.DataFrame:
    """Return the events of one period (``"p03"``), in date order."""
    return course.events[course.events["period"] == period]
