"""Typed content modules: planning steps, activities and guide pages.

A module is one Markdown file with YAML front matter. Its kind comes from the
folder it lives in (``content/steps``, ``content/activities``,
``content/guide``); its schema is declared in :mod:`toolkit.model.schema`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.errors import Location
from toolkit.model.provenance import Provenance


@dataclass(frozen=True)
class Segment:
    """One part of a session's run of show: what happens, for how long."""

    id: str
    title: str
    minutes: int
    facilitator: str = ""
    activity: str | None = None
    variation: str | None = None  #: the activity's variation run in this segment, if not the whole
    location: Location | None = None


@dataclass(frozen=True)
class ActivityStep:
    """One numbered step of an activity."""

    title: str
    minutes: int
    instructions: str = ""
    prompts: list[str] = field(default_factory=list)
    location: Location | None = None


@dataclass(frozen=True)
class Stuck:
    """A situation a group gets stuck in, and what the facilitator does about it."""

    situation: str
    response: str
    location: Location | None = None


@dataclass(frozen=True)
class Variation:
    """Another way to run a module: more groups, online, shorter.

    A variation with ``steps`` is a timed version of its own (the short
    review, for instance), which a run-of-show segment can name."""

    id: str
    title: str
    how: str
    minutes: int | None = None
    steps: list[ActivityStep] = field(default_factory=list)
    location: Location | None = None


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    location: Location | None = None


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
    body_line: int = 1
    src_uri: str = ""
    location: Location | None = None
    lines: dict[str, Location] = field(default_factory=dict)

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

    def minutes_of(self, variation_id: str | None = None) -> int:
        """How long the activity runs: its steps, or the named variation's minutes."""
        variation = self.variation(variation_id) if variation_id else None
        if variation is not None and variation.minutes is not None:
            return variation.minutes
        return self.step_minutes


@dataclass(frozen=True)
class Page(Module):
    """A supporting guide page (framework, SMART goals, glossary...)."""

    terms: list[Term] = field(default_factory=list)
