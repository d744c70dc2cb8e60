"""Load everything a build reads, reporting all problems together.

A district's IT person who runs a build with a broken district file should
see every problem at once, whether it is in their file or in the content.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.config.district import District, load_district
from toolkit.errors import Problem, ToolkitError
from toolkit.model.content import Content, load_content


def load_inputs(project: Path, district_file: str | None) -> tuple[Content, District | None]:
    problems: list[Problem] = []
    content: Content | None = None
    district: District | None = None
    if district_file:
        try:
            district = load_district(district_file)
        except ToolkitError as exc:
            problems.extend(exc.problems)
    try:
        content = load_content(project)
    except ToolkitError as exc:
        problems.extend(exc.problems)
    if problems or content is None:
        raise ToolkitError(problems)
    return content, district
