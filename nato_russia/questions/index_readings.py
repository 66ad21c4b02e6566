"""What students read off the relationship-index explorer, and the usual slips in reading it.

Questions that send a student to the explorer with one kind re-weighted (04.4, 05.5) ask
for the change over a period: the caption's second value minus its first, after the slider
has moved. The values and the slips are worked out here once, from the dataset.
"""

from __future__ import annotations

from nato_russia import measures, palette
from nato_russia.data import Course
from nato_russia.questions.readers import format_number


def index_in_period(course: Course, period: str,
                    weights: dict[str, float] | None) -> tuple[float, float]:
    """Where the explorer's running total starts and ends over a period.

    The line carries the earlier years in, so its start is the total of every event before
    the period; ``weights`` are the explorer's weights per kind (None: all 1).
    """
    row = course.periods.set_index("id").loc[period]
    table = measures.index_values(course.events, weights)
    before = table[table["date"] < row["start"]]
    within = table[table["date"].between(row["start"], row["end"])]
    start = float(before["contribution"].sum())
    return start, start + float(within["contribution"].sum())


def index_change(course: Course, period: str, weights: dict[str, float] | None) -> float:
    """How much the running total moves over a period: the caption's second value minus its
    first."""
    start, end = index_in_period(course, period, weights)
    return end - start


def reweighting_slips(course: Course, period: str,
                      weights: dict[str, float]) -> list[tuple[float, str]]:
    """The known wrong readings of the change with one kind re-weighted, each with a hint.

    Parameters
    ----------
    weights
        The one weight the question asks for, such as ``{"enlargement": 2.0}``.
    """
    [(kind, weight)] = weights.items()
    slider = palette.KIND_LABELS[kind]
    start, end = index_in_period(course, period, weights)
    start_equal, _ = index_in_period(course, period, None)
    return [
        (index_change(course, period, None),
         f"That is the change with every kind weighted 1. Set the {slider} slider to "
         f"{format_number(weight)} first, then read the caption again."),
        (end,
         "That is where the line ends. The change is where it ends minus where it starts: "
         "the running total carries earlier years in."),
        (start,
         "That is where the line starts, carried over from earlier years. Subtract it from "
         "where the line ends."),
        (start - end,
         "The right size, but the wrong sign: the second value minus the first."),
        (end - start_equal,
         "The first value seems to come from the caption before you moved the slider. The "
         "weight changes where the line starts too: read both values after moving it."),
        (index_change(course, period, {kind: 0.0}),
         f"That is the change with {slider.lower()} weighted 0. The question asks for a "
         f"weight of {format_number(weight)}."),
    ]
