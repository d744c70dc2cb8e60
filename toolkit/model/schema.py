"""Front matter schemas for each kind of content module, declared as data.

``KINDS`` maps a folder under ``content/`` to the module type it holds and the
schema its front matter must follow. Adding a kind of module is an entry here;
adding a module is a new file in ``content/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from toolkit.config import options as opt
from toolkit.model.modules import (
    Activity,
    ActivityStep,
    CalendarEntry,
    Module,
    Page,
    PerGroup,
    Segment,
    Step,
    StepTime,
    Stuck,
    Term,
    Variation,
)
from toolkit.model.provenance import PROVENANCE

_ids = opt.ListOf(opt.Slug())
_text_list = opt.ListOf(opt.Text())

ACTIVITY_STEP = opt.Schema(
    {
        "title": opt.Text(required=True, single_line=True, max_length=120),
        "minutes": opt.Integer(required=True, minimum=1, maximum=600),
        "instructions": opt.Text(default=""),
        "prompts": _text_list,
    },
    build=ActivityStep,
)

STUCK = opt.Schema(
    {
        "situation": opt.Text(required=True, single_line=True, max_length=160),
        "response": opt.Text(required=True),
    },
    build=Stuck,
)

VARIATION = opt.Schema(
    {
        "id": opt.Slug(required=True),
        "title": opt.Text(required=True, single_line=True, max_length=120),
        "how": opt.Text(required=True),
        "minutes": opt.Integer(minimum=1, maximum=600),
    },
    build=Variation,
)


def _common(*, duration_required: bool = False) -> dict[str, opt.Option]:
    return {
        "id": opt.Slug(required=True),
        "title": opt.Text(required=True, single_line=True, max_length=120),
        "order": opt.Integer(minimum=0, default=100),
        "summary": opt.Text(required=True, help="One or two sentences shown under the title."),
        "purpose": opt.Text(default=""),
        "duration": opt.Integer(minimum=1, maximum=600, required=duration_required),
        "duration_note": opt.Text(single_line=True, max_length=120),
        "audience": opt.Text(),
        "materials": _text_list,
        "handouts": _ids,
        "templates": _ids,
        "decks": _ids,
        "activities": _ids,
        "related": _ids,
        "facilitator_notes": _text_list,
        # The parts of a facilitation guide, each a section of the page.
        "setup": opt.Text(default="", help="How to set up the room, or the online room."),
        "tips": _text_list,
        "traps": _text_list,
        "when_stuck": opt.ListOf(STUCK),
        "variations": opt.ListOf(VARIATION),
        "debrief": _text_list,
        "next": opt.Text(default="", help="What happens after this, with links."),
        "provenance": PROVENANCE,
    }


#: The numbers of groups a district file gives, by the name a segment uses for them.
GROUP_COUNTS = ("small_groups", "action_plan_teams")

_STEP_TIME = opt.Schema(
    {
        "step": opt.Text(required=True, single_line=True, max_length=120,
                         help="The title of one of the activity's steps."),
        "minutes": opt.Integer(minimum=1, maximum=600,
                               help="Fewer minutes than the activity gives the step, in a shortened round."),
    },
    build=StepTime,
)


class StepTimeOption(opt.Option):
    """An activity step a segment runs: its title, or ``{step: title, minutes: N}``."""

    description = "an activity step's title, or a mapping with step and minutes"

    def validate(self, value, where, problems, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, str):
            title = opt.Text(single_line=True, max_length=120).validate(value, where, problems, ctx)
            return None if title is None else StepTime(step=title, location=where)
        return _STEP_TIME.validate(value, where, problems, ctx)

PER_GROUP = opt.Schema(
    {
        "count": opt.Choice(list(GROUP_COUNTS), required=True),
        "minutes": opt.Integer(required=True, minimum=1, maximum=120,
                               help="Minutes each group's turn takes."),
        "within": opt.Text(single_line=True, max_length=120,
                           help="The activity step whose minutes the turns share."),
    },
    build=PerGroup,
)

SEGMENT = opt.Schema(
    {
        "id": opt.Slug(required=True),
        "title": opt.Text(required=True, single_line=True, max_length=120),
        "minutes": opt.Integer(required=True, minimum=1, maximum=600),
        "facilitator": opt.Text(default=""),
        "activity": opt.Slug(),
        "activity_steps": opt.ListOf(StepTimeOption(), min_items=1),
        "per_group": PER_GROUP,
    },
    build=Segment,
)

TERM = opt.Schema(
    {
        "term": opt.Text(required=True, single_line=True, max_length=120),
        "definition": opt.Text(required=True),
    },
    build=Term,
)


CALENDAR_ENTRY = opt.Schema(
    {
        "day": opt.Integer(required=True, minimum=-365, maximum=730,
                           help="Days after the benchmark session (negative: before it)."),
        "what": opt.Text(required=True, single_line=True, max_length=200),
        "who": opt.Text(single_line=True, max_length=200, default=""),
        "page": opt.Slug(help="The module that says how."),
    },
    build=CalendarEntry,
)


@dataclass(frozen=True)
class Kind:
    """A kind of module: its folder, type, schema and section in the guide."""

    name: str
    folder: str
    type: type[Module]
    fields: dict[str, opt.Option]
    section: str

    def schema(self) -> opt.Schema:
        return opt.Schema(self.fields, build=self._build, target=self.type)

    def _build(self, **values: Any) -> Module:
        return self.type(kind=self.name, **values)


KINDS: list[Kind] = [
    Kind("step", "steps", Step,
         {**_common(), "run_of_show": opt.ListOf(SEGMENT)}, "Planning steps"),
    Kind("activity", "activities", Activity,
         {**_common(), "steps": opt.ListOf(ACTIVITY_STEP, min_items=1, required=True)},
         "Activities"),
    Kind("page", "guide", Page,
         {**_common(), "terms": opt.ListOf(TERM), "calendar": opt.ListOf(CALENDAR_ENTRY)}, "Guide"),
]

HOME = Kind("home", "", Page, {**_common(), "terms": opt.ListOf(TERM)}, "")
