"""Template definitions from ``content/templates/``: the printable forms as data.

Foundation version: reads each definition's ``id`` and ``title`` so that
content modules can reference templates. The template issue (#4) replaces
this with the full schema (sections, tables, columns, guiding questions,
blank rows, orientation, example rows).
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
class Template:
    id: str
    title: str
    location: Location | None = None


def load_templates(folder: Path, problems: Problems) -> dict[str, Template]:
    templates: dict[str, Template] = {}
    for path in sorted(folder.glob("*.yml")):
        try:
            data = load_yaml_file(path)
        except ToolkitError as exc:
            problems.extend(exc.problems)
            continue
        where = getattr(data, "location", Location(display_path(path), 1))
        if not isinstance(data, dict) or "id" not in data or "title" not in data:
            problems.error(where, "a template definition needs an 'id' and a 'title'")
            continue
        templates[str(data["id"])] = Template(
            id=str(data["id"]), title=str(data["title"]), location=where
        )
    return templates


def check_templates(content: Content, problems: Problems) -> None:
    """Cross-checks between templates and the rest of the content (none yet)."""
