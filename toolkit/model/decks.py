"""Deck outlines from ``slides/``: the facilitator slide decks as data.

Foundation version: reads each outline's ``id`` and ``title`` so that content
modules can reference decks. The deck issue (#3) replaces this with the full
outline schema (slides, bullets, notes, minutes, district placeholders).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import Location, Problems, ToolkitError, display_path
from toolkit.source import load_yaml_file

if TYPE_CHECKING:
    from toolkit.model.content import Content


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    location: Location | None = None


def load_decks(folder: Path, problems: Problems) -> dict[str, Deck]:
    decks: dict[str, Deck] = {}
    for path in sorted(folder.glob("*.yml")):
        try:
            data = load_yaml_file(path)
        except ToolkitError as exc:
            problems.extend(exc.problems)
            continue
        where = getattr(data, "location", Location(display_path(path), 1))
        if not isinstance(data, dict) or "id" not in data or "title" not in data:
            problems.error(where, "a deck outline needs an 'id' and a 'title'")
            continue
        decks[str(data["id"])] = Deck(id=str(data["id"]), title=str(data["title"]), location=where)
    return decks


def check_decks(content: Content, problems: Problems) -> None:
    """Cross-checks between decks and the rest of the content (none yet)."""
