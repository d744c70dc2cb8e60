"""Where a district stands on its action plan on a given day.

The district monitors the status of each benchmark during the year and
reports it publicly. :func:`progress` reads a plan and a date and returns
what the progress report shows: benchmarks by status (overall and for each
initiative), the ones overdue (their date has passed and they are not met),
the ones coming up in the next 30 days, and each person's share. The site
renders it; nothing here knows about pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from toolkit.plan.model import STATUSES, Benchmark, Initiative, Plan

#: How far ahead the report looks for upcoming benchmarks.
UPCOMING_DAYS = 30


@dataclass(frozen=True)
class Entry:
    """A benchmark with the initiative it belongs to, as a report lists it."""

    initiative: Initiative
    benchmark: Benchmark


@dataclass(frozen=True)
class Tally:
    """Benchmarks counted by status, in the order of :data:`STATUSES`."""

    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, status: str) -> float:
        return self.counts[status] / self.total if self.total else 0.0


@dataclass(frozen=True)
class PersonLine:
    person: str
    total: int
    met: int
    overdue: int
    upcoming: int


@dataclass(frozen=True)
class Progress:
    as_of: dt.date
    overall: Tally
    by_initiative: list[Tally]
    overdue: list[tuple[Entry, int]]  # with the number of days late
    upcoming: list[tuple[Entry, int]]  # with the number of days to go
    undated: list[Entry]
    by_person: list[PersonLine] = field(default_factory=list)
    #: One tally per action plan team, in the order teams first appear; empty
    #: when no initiative names its team.
    by_team: list[Tally] = field(default_factory=list)

    @property
    def horizon(self) -> dt.date:
        return self.as_of + dt.timedelta(days=UPCOMING_DAYS)


def _tally(label: str, benchmarks: list[Benchmark]) -> Tally:
    counts = {status: 0 for status in STATUSES}
    for b in benchmarks:
        counts[b.status] += 1
    return Tally(label, counts)


def progress(plan: Plan, as_of: dt.date) -> Progress:
    """The report's figures for ``plan`` on ``as_of``.

    A benchmark is *overdue* when its date is before ``as_of`` and it is not
    met; *upcoming* when it is not met and its date falls from ``as_of`` to
    :data:`UPCOMING_DAYS` days later, both days included.
    """
    entries = [Entry(i, b) for i in plan.initiatives for b in i.benchmarks]
    horizon = as_of + dt.timedelta(days=UPCOMING_DAYS)
    overdue, upcoming, undated = [], [], []
    for entry in entries:
        b = entry.benchmark
        if b.date is None:
            undated.append(entry)
        elif b.status != "met" and b.date < as_of:
            overdue.append((entry, (as_of - b.date).days))
        elif b.status != "met" and b.date <= horizon:
            upcoming.append((entry, (b.date - as_of).days))
    overdue.sort(key=lambda pair: (pair[0].benchmark.date, pair[0].initiative.number))
    upcoming.sort(key=lambda pair: (pair[0].benchmark.date, pair[0].initiative.number))

    people: dict[str, dict[str, int]] = {}
    late = {id(e.benchmark) for e, _ in overdue}
    soon = {id(e.benchmark) for e, _ in upcoming}
    for entry in entries:
        b = entry.benchmark
        if not b.person:
            continue
        line = people.setdefault(" ".join(b.person.split()), {"total": 0, "met": 0, "overdue": 0,
                                                              "upcoming": 0})
        line["total"] += 1
        line["met"] += b.status == "met"
        line["overdue"] += id(b) in late
        line["upcoming"] += id(b) in soon
    by_person = [PersonLine(person, **counts) for person, counts in
                 sorted(people.items(), key=lambda item: item[0].casefold())]

    teams: dict[str, list[Benchmark]] = {}
    if any(i.team for i in plan.initiatives):
        for initiative in plan.initiatives:
            teams.setdefault(_team(initiative), []).extend(initiative.benchmarks)

    return Progress(
        as_of=as_of,
        overall=_tally("All initiatives", [e.benchmark for e in entries]),
        by_initiative=[_tally(i.name, i.benchmarks) for i in plan.initiatives],
        overdue=overdue,
        upcoming=upcoming,
        undated=undated,
        by_person=by_person,
        by_team=[_tally(team, benchmarks) for team, benchmarks in teams.items()],
    )


#: How the report names the team of an initiative that does not say which.
NO_TEAM = "No team named"


def _team(initiative: Initiative) -> str:
    return " ".join(initiative.team.split()) if initiative.team else NO_TEAM


def report_date(as_of: dt.date | None = None) -> dt.date:
    """The day a report speaks of: ``--as-of``, else SOURCE_DATE_EPOCH when the user
    set it, else today (:func:`toolkit.pipeline.dates.report_day`)."""
    from toolkit.pipeline.dates import report_day

    return report_day(as_of)
