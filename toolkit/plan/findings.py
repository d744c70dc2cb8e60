"""Telling a team what the checklist found: the same lines from ``check`` and ``build``.

``toolkit check --plan`` and ``toolkit build --plan`` print each finding
once, as ``path:line: error|warning: message`` (a workbook's place is
``file:Sheet!Cell``), sorted by file and line, then one line that counts
them in English.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from toolkit.errors import Problem

if TYPE_CHECKING:
    from toolkit.config.district import District
    from toolkit.plan.model import Plan


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 initiative``, ``3 benchmarks``: a number and its noun, as a person writes them."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def print_findings(findings: Iterable[Problem], stream: TextIO | None = None) -> tuple[int, int]:
    """Print every finding in file order; return the number of errors and of warnings."""
    stream = stream or sys.stderr
    ordered = sorted(findings, key=lambda p: (p.location.path, p.location.line))
    for finding in ordered:
        print(finding.format(show_severity=True), file=stream)
    errors = sum(1 for f in ordered if f.severity == "error")
    return errors, len(ordered) - errors


def tally(errors: int, warnings: int) -> str:
    """``2 errors and 1 warning``."""
    return f"{count(errors, 'error')} and {count(warnings, 'warning')}"


def against_district(plan: Plan, district: District | None) -> list[Problem]:
    """Where the plan and the district file disagree (warnings: a guide published with another
    district's file, or last year's, is a mistake nobody sees until the board does)."""
    if district is None:
        return []
    from toolkit.config.options import shown

    found = []
    if plan.district and plan.district != district.name:
        found.append(Problem(plan.at("district"), f"the plan is for {shown(plan.district)} but the "
                                                  f"district file names {shown(district.name)}", "warning"))
    if plan.plan_year and plan.plan_year != district.plan_year:
        found.append(Problem(plan.at("plan_year"), f"the plan is for {plan.plan_year} but the "
                                                   f"district file's plan year is {district.plan_year}",
                             "warning"))
    return found


def print_build_findings(plan: Plan, district: District | None = None) -> None:
    """What ``toolkit build --plan`` says of the plan it publishes: every finding of the
    checklist, then a count, then where the plan and the district file disagree.

    The points do not stop the build (a plan is published while it is being
    completed); the overview page lists the checklist's under "Still to settle".
    """
    from toolkit.plan.rules import check_plan

    errors, warnings = print_findings(check_plan(plan))
    if errors or warnings:
        print(f"The plan's checklist has {tally(errors, warnings)} to settle; the plan's overview "
              f"page lists them under \"Still to settle\".", file=sys.stderr)
    print_findings(against_district(plan, district))
