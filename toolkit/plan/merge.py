"""Several teams' plan files, one district plan.

Each action plan team drafts its own part of the plan (one initiative, or a
few, and perhaps strategies) and saves it as its own file: YAML, JSON or a
workbook. The district office hands the toolkit all of them, as files or
folders, and gets one plan back: the district's. Every initiative and
strategy keeps the file it came from (``source``) and its team.

Files must agree on what makes them one plan. Two files that name different
districts or plan years, or the same initiative or strategy, are errors that
name both places, so the office knows which two teams to call. Within one
file, a repeated name is the checklist's business
(:func:`toolkit.plan.rules.names_unique`), as it always was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from toolkit.errors import Location, Problems, ToolkitError, display_path
from toolkit.plan.model import PLAN_SUFFIXES, Initiative, Plan, Strategy, load_plan


def plan_files(paths: Iterable[str | Path], problems: Problems) -> list[Path]:
    """The plan files named by ``paths``: files as given, folders by their plan files.

    A folder contributes its files whose suffix is a plan's (``.yml``,
    ``.yaml``, ``.json``, ``.xlsx``), in name order, not its sub-folders;
    hidden files and the lock files office suites leave beside an open
    workbook (``~$plan.xlsx``, ``.~lock.plan.xlsx#``) are not plans. A file
    named twice is read once.
    """
    found: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(path)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file()
                            and p.suffix.lower() in PLAN_SUFFIXES and not p.name.startswith((".", "~$")))
            if not inside:
                problems.error(Location(display_path(path), 0),
                               "this folder holds no plan file (.yml, .yaml, .json or .xlsx)")
            for file in inside:
                add(file)
        elif not path.exists():
            problems.error(Location(display_path(path), 0), "file not found")
        else:
            add(path)
    return found


def load_plans(paths: Iterable[str | Path]) -> tuple[Plan | None, Problems]:
    """Load and merge every plan file of ``paths``; report every problem of every file.

    The plan is None only when no file gave a usable plan.
    """
    problems = Problems()
    plans: list[Plan] = []
    for path in plan_files(paths, problems):
        try:
            plan, found = load_plan(path)
        except ToolkitError as exc:  # unreadable, or not YAML/JSON/a workbook at all
            problems.extend(exc.problems)
            continue
        problems.extend(found)
        if plan is not None:
            plans.append(plan)
    if not plans:
        return None, problems
    return merge_plans(plans, problems), problems


def read_plans(paths: Iterable[str | Path]) -> Plan:
    """The merged plan for a build: any format error or conflict stops it."""
    paths = list(paths)
    plan, problems = load_plans(paths)
    problems.raise_if_errors()
    if plan is None:  # pragma: no cover - no usable plan always comes with an error
        raise ToolkitError.at(paths[0], 1, "no usable plan file")
    return plan


def _agree(plans: list[Plan], key: str, label: str, problems: Problems) -> str:
    """The value of ``key`` all plans share; an error at each plan that differs."""
    reference: Plan | None = None
    for plan in plans:
        value = getattr(plan, key)
        if not value:
            continue  # missing or broken: already reported where it is
        if reference is None:
            reference = plan
        elif value != getattr(reference, key):
            problems.error(plan.at(key),
                           f"{label} '{value}' differs from '{getattr(reference, key)}' in "
                           f"{reference.at(key)}: every team's plan file must give the same "
                           f"{label}")
    return getattr(reference, key) if reference is not None else ""


def _name(text: str) -> str:
    return " ".join(text.casefold().split())


def _no_repeats(items: list[Initiative] | list[Strategy], what: str, problems: Problems) -> None:
    """An error at each initiative or strategy another file already has."""
    first: dict[str, Initiative | Strategy] = {}
    key = "name" if what == "initiative" else "strategy"
    for item in items:
        name = _name(item.title)
        earlier = first.setdefault(name, item)
        if earlier is not item and earlier.source != item.source:
            problems.error(item.at(key), f"{what} '{_short(item.title)}' is also in {earlier.at(key)}: "
                                         f"each {what} belongs in one team's plan file")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def merge_plans(plans: list[Plan], problems: Problems) -> Plan:
    """One plan from several files, initiatives and strategies numbered across them.

    The order is the files' order, then each file's own; conflicts are
    recorded in ``problems``.
    """
    if len(plans) == 1:
        return plans[0]
    district = _agree(plans, "district", "district", problems)
    plan_year = _agree(plans, "plan_year", "plan year", problems)
    initiatives = [i for plan in plans for i in plan.initiatives]
    strategies = [s for plan in plans for s in plan.strategies]
    _no_repeats(initiatives, "initiative", problems)
    _no_repeats(strategies, "strategy", problems)
    first = plans[0]
    return replace(
        first, district=district, plan_year=plan_year,
        initiatives=[replace(i, number=n) for n, i in enumerate(initiatives, start=1)],
        strategies=[replace(s, number=n) for n, s in enumerate(strategies, start=1)],
        broken=frozenset().union(*(plan.broken for plan in plans)),
    )
