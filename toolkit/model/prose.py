"""The prose of a model object: every string a reader sees, found or rewritten once.

Checks that read the content's words (quotes, placeholders for timings) and
the tests that hold it to its writing rules all walk the model the same way:
through the dataclass fields, skipping those that hold identities, places and
references rather than words.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from typing import Any

#: Fields that hold no prose: identities, places, references, the credit itself.
NOT_PROSE = frozenset({
    "id", "kind", "location", "lines", "src_uri", "body_line", "provenance", "segment", "step",
    "activity", "handouts", "templates", "decks", "activities", "related", "orientation", "plan",
    "plan_key", "plan_rows", "fill", "variant", "count", "within", "bank", "parent",
})


def texts(value: Any) -> Iterator[str]:
    """Every string a reader can see in ``value``, in field order."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in NOT_PROSE:
                yield from texts(getattr(value, f.name))
    elif isinstance(value, str):
        if value.strip():
            yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)


def map_texts(value: Any, change: Callable[[str], str]) -> Any:
    """``value`` with ``change`` applied to every string :func:`texts` would yield.

    Lists keep their type (a loader's list remembers the line of each item).
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        updates = {}
        for f in dataclasses.fields(value):
            if f.name in NOT_PROSE:
                continue
            old = getattr(value, f.name)
            new = map_texts(old, change)
            if new is not old:
                updates[f.name] = new
        return dataclasses.replace(value, **updates) if updates else value
    if isinstance(value, str):
        new_text = change(value)
        return value if new_text == value else new_text
    if isinstance(value, list):
        items = [map_texts(item, change) for item in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        copy = type(value)(items) if type(value) is not list else items
        for attr in ("location", "item_lines"):
            if hasattr(value, attr):
                setattr(copy, attr, getattr(value, attr))
        return copy
    return value


def flat(text: str) -> str:
    """Text compared as a reader sees it: no Markdown emphasis, plain quotes, one space
    between words, lower case."""
    text = re.sub(r"[*_`]", "", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split()).casefold()
