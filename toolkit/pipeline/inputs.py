"""Load everything a build reads, reporting all problems together.

A district's IT person who runs a build with a broken district file should
see every problem at once, whether it is in their file or in the content.
The loaded model, the district and the build date travel together as
:class:`BuildInputs`, whose :meth:`~BuildInputs.key` is what the build cache
is keyed on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.config.district import District, load_district
from toolkit.errors import Problem, ToolkitError
from toolkit.model.content import Content, load_content
from toolkit.pipeline.dates import build_epoch
from toolkit.pipeline.fingerprint import code_version, digest
from toolkit.plan.model import Plan


@dataclass(frozen=True)
class BuildInputs:
    """Everything an output may read besides the item it renders.

    Every output's cache key includes :meth:`shared` — the toolkit's code,
    the build date and the district — so an input added there invalidates
    every output that could read it by being listed once. The plan is not
    shared: only a plan document reads it, and each is keyed on its part of
    the plan (:func:`toolkit.documents.render.plan_part`), so a team updating one
    benchmark's status re-renders that initiative's documents, not every deck
    and template. ``as_of`` dates the progress report, a page, which is never
    cached; no download reads it.
    """

    content: Content
    district: District | None = None
    plan: Plan | None = None
    as_of: dt.date | None = None
    epoch: int = field(default_factory=build_epoch)

    def shared(self) -> tuple[Any, ...]:
        return (code_version(), self.epoch, self.district)

    def key(self, *parts: Any) -> str:
        """The cache key of an output made from ``parts`` and the shared inputs."""
        return digest(*self.shared(), *parts)


def load_inputs(
    project: Path, district_file: str | None, plan_files: list[str] | str | None = None
) -> tuple[Content, District | None, Plan | None]:
    """Content, the district (if a file is given) and a district's plan (if given).

    ``plan_files`` are plan files and folders, merged into one plan
    (:mod:`toolkit.plan.merge`). A plan's format errors and conflicts stop a
    build like any other input error; what the checklist flags in it does
    not (the build prints it, and the plan's overview page lists it).
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
    if plan_files:
        from toolkit.plan.merge import read_plans

        try:
            plan = read_plans([plan_files] if isinstance(plan_files, str) else plan_files)
        except ToolkitError as exc:
            problems.extend(exc.problems)
    try:
        content = load_content(project)
    except ToolkitError as exc:
        problems.extend(exc.problems)
    if problems or content is None:
        raise ToolkitError(problems)
    return content, district, plan
