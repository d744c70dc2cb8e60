"""The plan's dates as calendars people subscribe to or import (iCalendar, RFC 5545).

Every benchmark date and action-step deadline becomes an all-day event that
names its initiative or strategy, the benchmark or action step, who is
responsible and the status, with a reminder a week ahead while it is not
met. There is one calendar for the whole plan and one per person
responsible, so an owner subscribes to just their own dates.

The files are the same for the same plan and build date: an event's UID is
made from the district, the plan year, its initiative or strategy and its
place there (so a status change updates the event in a subscribed
calendar instead of adding another), and DTSTAMP is the build date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from toolkit.plan.model import KIND_LABELS, Plan, slugify

PRODUCT = "-//Action planning toolkit//Action plan calendar//EN"
REMIND_DAYS = 7


@dataclass(frozen=True)
class Event:
    date: dt.date
    uid: str
    summary: str
    description: str
    person: str | None
    status: str | None  # benchmarks have one; action steps do not
    category: str


def _uid(plan: Plan, *parts: object) -> str:
    text = "\u241f".join(str(p) for p in (plan.district, plan.plan_year, *parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + "@action-planning-toolkit"


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _status(status: str) -> str:
    return status[:1].upper() + status[1:]


def events(plan: Plan) -> list[Event]:
    """Every dated benchmark and action step of the plan, by date."""
    found: list[Event] = []
    for initiative in plan.initiatives:
        for b in initiative.benchmarks:
            if b.date is None:
                continue
            what = _one_line(b.benchmark) or "(not written yet)"
            lines = [f"Initiative: {_one_line(initiative.name)}",
                     f"{KIND_LABELS[b.kind].capitalize()} {b.number}: {what}",
                     f"Person responsible: {_one_line(b.person) or '(nobody named yet)'}",
                     f"Status: {_status(b.status)}"]
            if b.monitoring:
                lines.append(f"How it will be monitored: {_one_line(b.monitoring)}")
            if initiative.team:
                lines.append(f"Action plan team: {_one_line(initiative.team)}")
            found.append(Event(
                b.date, _uid(plan, "initiative", initiative.name, b.kind, b.number),
                f"{what} ({_status(b.status)}) \u2013 {_one_line(initiative.name)}",
                "\n".join([*lines, f"{plan.district}, action plan {plan.plan_year}"]),
                _one_line(b.person) or None, b.status, KIND_LABELS[b.kind].capitalize()))
    for strategy in plan.strategies:
        for s in strategy.action_steps:
            if s.deadline is None:
                continue
            what = _one_line(s.step) or "(not written yet)"
            lines = [f"Strategy: {_one_line(strategy.strategy)}",
                     f"Action step {s.number}: {what}",
                     f"Owner: {_one_line(s.owner) or '(nobody named yet)'}",
                     "Resources: " + ("; ".join(map(_one_line, s.resources)) or "(none listed)"),
                     "Measures of implementation: " + ("; ".join(map(_one_line, s.measures))
                                                       or "(none listed)")]
            if strategy.team:
                lines.append(f"Action plan team: {_one_line(strategy.team)}")
            found.append(Event(
                s.deadline, _uid(plan, "strategy", strategy.strategy, s.number),
                f"Deadline: {what} \u2013 {_one_line(strategy.strategy)}",
                "\n".join([*lines, f"{plan.district}, action plan {plan.plan_year}"]),
                _one_line(s.owner) or None, None, "Action step"))
    return sorted(found, key=lambda e: (e.date, e.uid))


def people(plan: Plan) -> dict[str, str]:
    """Each person responsible for a dated item, by the file name of their calendar.

    Names that differ only in letter case or spacing are one person.
    """
    names: dict[str, str] = {}
    for event in events(plan):
        if event.person:
            names.setdefault(event.person.casefold(), event.person)
    slugs: dict[str, str] = {}
    for _, person in sorted(names.items()):
        stem = slugify(0, person).removeprefix("0-").removeprefix("0") or "someone"
        slug, n = f"person-{stem}", 2
        while slug in slugs:
            slug, n = f"person-{stem}-{n}", n + 1
        slugs[slug] = person
    return slugs


def calendar_bytes(plan: Plan, stamp: dt.datetime, person: str | None = None) -> bytes:
    """The plan's calendar, or ``person``'s part of it; ``stamp`` is the build date (DTSTAMP)."""
    from icalendar import Alarm, Calendar
    from icalendar import Event as VEvent

    calendar = Calendar()
    name = f"Action plan {plan.plan_year}: {_one_line(plan.district)}"
    if person:
        name = f"{name} \u2013 {person}"
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-caldesc", "Benchmark dates and action-step deadlines of the action plan"
                 + (f" for which {person} is responsible" if person else "") + ".")
    stamp = stamp.astimezone(dt.UTC).replace(microsecond=0)
    for e in events(plan):
        if person is not None and (e.person or "").casefold() != person.casefold():
            continue
        event = VEvent()
        event.add("uid", e.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", e.date)
        event.add("dtend", e.date + dt.timedelta(days=1))
        event.add("summary", e.summary)
        event.add("description", e.description)
        event.add("categories", [e.category, *([_status(e.status)] if e.status else [])])
        event.add("transp", "TRANSPARENT")
        if e.status != "met":
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"In {REMIND_DAYS} days: {e.summary}")
            alarm.add("trigger", dt.timedelta(days=-REMIND_DAYS))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
