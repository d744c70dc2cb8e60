"""Dates of a follow-up calendar, from the day of the benchmark session.

A calendar entry is written as days after the session (``day: 14``); with a
session date in the district file each becomes a date, moved off a weekend to
the Monday after, since nobody schedules a workshop for a Saturday. Without a
date the page says "Week 2" and the facilitator writes the dates in.
"""

from __future__ import annotations

import datetime as dt

from toolkit.config.fill import format_date


def entry_date(session: dt.date, day: int) -> dt.date:
    """The working day ``day`` days after ``session`` (a weekend moves to Monday)."""
    date = session + dt.timedelta(days=day)
    if date.weekday() >= 5:
        date += dt.timedelta(days=7 - date.weekday())
    return date


def when(session: dt.date | None, day: int) -> str:
    """How a calendar shows an entry's date: a weekday and date, or its week."""
    if session is not None:
        date = entry_date(session, day)
        return f"{date:%A}, {format_date(date)}"
    if day == 0:
        return "The day of the session"
    week = (abs(day) + 6) // 7
    if day < 0:
        return f"{week} week{'s' if week > 1 else ''} before the session"
    return f"Week {week} after the session"
