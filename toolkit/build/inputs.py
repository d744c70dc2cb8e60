"""Load everything a build reads, reporting all problems together.

A district's IT person who runs a build with a broken district file should
see every problem at once, whether it is in their file or in the content.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.config.district import District, load_district
from toolkit.errors import Problem, ToolkitError
from toolkit.model.content import Content, load_content
from toolkit.plan.model import Plan, read_plan


def load_inputs(
    project: Path, district_file: str | None, plan_file: str | None = None
) -> tuple[Content, District | None, Plan | None]:
    """Content, the district (if a file is given) and a district's plan (if given).

    A plan's format errors stop a build like any other input error; what the
    checklist flags in it does not (the plan's overview page lists it).
    """
    problems: list[Problem] = []
    content: Content | None = None
    district: District | None = None
    plan: Plan | None = None
    if district_file:
        try:
            district = load_district(district_file)
        except ToolkitError as exc:
            problems.extend(exc.problems)
    if plan_file:
        try:
            plan = read_plan(plan_file)
        except ToolkitError as exc:
            problems.extend(exc.problems)
    try:
        content = load_content(project)
    except ToolkitError as exc:
        problems.extend(exc.problems)
    if problems or content is None:
        raise ToolkitError(problems)
    return content, district, plan
