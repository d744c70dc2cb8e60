"""Typed content modules: planning steps, activities and guide pages.

A module is one Markdown file with YAML front matter. Its kind comes from the
folder it lives in (``content/steps``, ``content/activities``,
``content/guide``); its schema is declared in :mod:`toolkit.model.schema`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.errors import KEY_LINES, START, Location, written_at
from toolkit.model.provenance import Provenance


@dataclass(frozen=True)
class StepTime:
    """One step of an activity as a segment runs it: the step's title, and its minutes
    there when they differ from the activity's own (a shortened round)."""

    step: str
    minutes: int | None = None
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class PerGroup:
    """Work that takes a turn per group: ``count`` groups (a number from the district
    file), ``minutes`` each, sharing the minutes of the activity step ``within`` (or of
    the whole segment)."""

    count: str
    minutes: int
    within: str | None = None
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class Segment:
    """One part of a session's run of show: what happens, for how long.

    A segment that runs an ``activity`` takes exactly the minutes of the
    activity's steps, or lists under ``activity_steps`` the steps it runs (a
    share of the activity, or a shortened round that gives a step fewer
    minutes), which then add up to its minutes.
    """

    id: str
    title: str
    minutes: int
    facilitator: str = ""
    activity: str | None = None
    activity_steps: list[StepTime] = field(default_factory=list)
    per_group: PerGroup | None = None
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class ActivityStep:
    """One numbered step of an activity."""

    title: str
    minutes: int
    instructions: str = ""
    prompts: list[str] = field(default_factory=list)
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class Stuck:
    """A situation a group gets stuck in, and what the facilitator does about it."""

    situation: str
    response: str
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class Variation:
    """Another way to run a module: more groups, online, shorter. A run of show
    that runs an activity shortened lists the steps it runs (``activity_steps``)."""

    id: str
    title: str
    how: str
    minutes: int | None = None
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class Module:
    """What every kind of module shares."""

    id: str
    title: str
    kind: str = "page"
    order: int = 100
    summary: str = ""
    purpose: str = ""
    duration: int | None = None
    duration_note: str | None = None
    audience: str | None = None
    materials: list[str] = field(default_factory=list)
    handouts: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    decks: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    facilitator_notes: list[str] = field(default_factory=list)
    setup: str = ""  #: how to set up the room (or the online room)
    tips: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)
    when_stuck: list[Stuck] = field(default_factory=list)
    variations: list[Variation] = field(default_factory=list)
    debrief: list[str] = field(default_factory=list)
    next: str = ""  #: what happens after this module
    provenance: Provenance | None = None
    body: str = ""
    body_line: int = written_at("body line", default=1)
    src_uri: str = ""
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)

    def line_of(self, key: str) -> Location:
        """Where ``key`` was written in the front matter (or the file start)."""
        return self.lines.get(key) or self.location or Location(self.src_uri, 1)


@dataclass(frozen=True)
class Step(Module):
    """A planning step: a stage of the action planning cycle."""

    run_of_show: list[Segment] = field(default_factory=list)

    @property
    def run_of_show_minutes(self) -> int:
        return sum(segment.minutes for segment in self.run_of_show)


@dataclass(frozen=True)
class Activity(Module):
    """A facilitated activity with numbered, timed steps."""

    steps: list[ActivityStep] = field(default_factory=list)

    @property
    def step_minutes(self) -> int:
        return sum(step.minutes for step in self.steps)

    def variation(self, variation_id: str) -> Variation | None:
        return next((v for v in self.variations if v.id == variation_id), None)


@dataclass(frozen=True)
class CalendarEntry:
    """One date on a follow-up calendar, counted in days from the benchmark session."""

    day: int
    what: str
    who: str = ""
    page: str | None = None  # the module that says how
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class Page(Module):
    """A supporting guide page (framework, SMART goals, glossary, calendar...)."""

    terms: list[Term] = field(default_factory=list)
    calendar: list[CalendarEntry] = field(default_factory=list)
