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
    Module,
    Page,
    Segment,
    Step,
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
        "steps": opt.ListOf(ACTIVITY_STEP),
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


SEGMENT = opt.Schema(
    {
        "id": opt.Slug(required=True),
        "title": opt.Text(required=True, single_line=True, max_length=120),
        "minutes": opt.Integer(required=True, minimum=1, maximum=600),
        "facilitator": opt.Text(default=""),
        "activity": opt.Slug(),
        "variation": opt.Slug(help="The id of the activity's variation run in this segment."),
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
         {**_common(duration_required=True), "steps": opt.ListOf(ACTIVITY_STEP, min_items=1)},
         "Activities"),
    Kind("page", "guide", Page, {**_common(), "terms": opt.ListOf(TERM)}, "Guide"),
]

HOME = Kind("home", "", Page, {**_common(), "terms": opt.ListOf(TERM)}, "")
