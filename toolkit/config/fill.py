"""The values a district file fills in, and the visible blanks without one.

Every renderer asks here, so a deck, a template and a page say the same
thing: the district's own text when it was given, otherwise a bracketed blank
(as the source slides do with "[X]") that a facilitator fills by hand.
Values are plain text; each renderer escapes them for its own format.
"""

from __future__ import annotations

import datetime as dt

from toolkit.config.district import District

BLANKS: dict[str, str] = {
    "district": "[district name]",
    "short_name": "[district name]",
    "plan_year": "[plan year]",
    "date": "[session date]",
    "facilitator": "[facilitator]",
    "venue": "[venue]",
    "small_groups": "[X]",
    "action_plan_teams": "[X]",
}
BLANK_INITIATIVES = ["[select and list initiatives from the district plan]"]


def format_date(value: dt.date) -> str:
    """Dates as US districts write them, without depending on the locale."""
    return f"{value:%B} {value.day}, {value.year}"


def format_time(value: dt.time) -> str:
    """Clock times as US districts write them (8:30 AM, 1:15 PM), whatever the locale."""
    return f"{value.hour % 12 or 12}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"


def format_span(start: dt.time, end: dt.time) -> str:
    """A span of clock time: 8:30–8:35 AM, or 11:55 AM–12:05 PM across noon."""
    first, last = format_time(start), format_time(end)
    if first[-2:] == last[-2:]:
        first = first[:-3]
    return f"{first}\u2013{last}"


def clock_after(start: dt.time, minutes: int) -> dt.time:
    """The clock time ``minutes`` after ``start`` (past midnight, it wraps)."""
    return (dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes)).time()


def fields(district: District | None) -> dict[str, str]:
    """Single-value fields by name: given text, or the blank."""
    values = dict(BLANKS)
    if district is None:
        return values
    session = district.session
    given = {
        "district": district.name,
        "short_name": district.short_name or district.name,
        "plan_year": district.plan_year,
        "date": format_date(session.date) if session.date else None,
        "facilitator": session.facilitator,
        "venue": session.venue,
        "small_groups": str(session.small_groups) if session.small_groups else None,
        "action_plan_teams": (
            str(session.action_plan_teams) if session.action_plan_teams else None
        ),
    }
    values.update({k: v for k, v in given.items() if v})
    return values


def initiatives(district: District | None) -> list[str]:
    """The initiatives chosen for the session, or the source's blank."""
    if district is None or not district.session.initiatives:
        return list(BLANK_INITIATIVES)
    return list(district.session.initiatives)


def is_blank(value: str) -> bool:
    return value in BLANKS.values() or value in BLANK_INITIATIVES
