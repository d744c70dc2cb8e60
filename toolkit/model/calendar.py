"""Dates of a follow-up calendar, from the day of the benchmark session.

A calendar entry is written as days after the session (``day: 14``); with a
session date in the district file each becomes a date, moved off a weekend to
the Monday after, since nobody schedules a workshop for a Saturday, and past
the days the district file marks as closed (``session.closed_days``: holidays
and breaks). Without a date the page says "Week 2" and the facilitator writes
the dates in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from toolkit.config.fill import format_date

Closed = Sequence[tuple[dt.date, dt.date]]


def entry_date(session: dt.date, day: int, closed: Closed = ()) -> dt.date:
    """The first school day from ``day`` days after ``session`` on: a weekend or a closed
    day moves it to the next day that is neither."""
    date = session + dt.timedelta(days=day)
    while date.weekday() >= 5 or any(first <= date <= last for first, last in closed):
        date += dt.timedelta(days=1)
    return date


def when(session: dt.date | None, day: int, closed: Closed = ()) -> str:
    """How a calendar shows an entry's date: a weekday and date, or its week."""
    if session is not None:
        date = entry_date(session, day, closed)
        return f"{date:%A}, {format_date(date)}"
    if day == 0:
        return "The day of the session"
    week = (abs(day) + 6) // 7
    if day < 0:
        return f"{week} week{'s' if week > 1 else ''} before the session"
    return f"Week {week} after the session"
