"""Telling a team what the checklist found: the same lines from ``check`` and ``build``.

``toolkit check --plan`` and ``toolkit build --plan`` print each finding
once, as ``path:line: error|warning: message`` (a workbook's place is
``file:Sheet!Cell``), sorted by file and line, then one line that counts
them in English.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from toolkit.errors import Problem


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


def print_build_findings(plan: object) -> None:
    """What ``toolkit build --plan`` says of the plan it publishes: every finding, then a count.

    The points do not stop the build (a plan is published while it is being
    completed); the overview page lists them under "Still to settle".
    """
    from toolkit.plan.model import Plan
    from toolkit.plan.rules import check_plan

    assert isinstance(plan, Plan)
    errors, warnings = print_findings(check_plan(plan))
    if errors or warnings:
        print(f"The plan's checklist has {tally(errors, warnings)} to settle; the plan's overview "
              f"page lists them under \"Still to settle\".", file=sys.stderr)
