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
