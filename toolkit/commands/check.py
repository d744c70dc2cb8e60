"""``toolkit check``: validate all content, or a district's action plan.

Without ``--plan`` it loads and validates every module, template and deck
outline (and a district file). With ``--plan FILE`` it checks a plan against
the checklist rules of :mod:`toolkit.plan.rules` instead: a team runs that
on its own draft, anywhere, without the project's content.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--district", metavar="FILE", help="also validate this district file")
    parser.add_argument("--plan", metavar="FILE",
                        help="check this action plan file (YAML or JSON) against the checklist")


def run(args: argparse.Namespace) -> int:
    if args.plan:
        return _check_plan(args)
    from toolkit.model.timing import fit_warnings
    from toolkit.pipeline.inputs import load_inputs

    content, district, _ = load_inputs(Path(args.project), args.district)
    for warning in [*content.warnings, *fit_warnings(content, district)]:
        print(warning.format(show_severity=True), file=sys.stderr)
    counts = (
        f"{len(content.steps)} steps, {len(content.activities)} activities, "
        f"{len(content.pages)} guide pages, {len(content.templates)} templates, "
        f"{len(content.decks)} decks"
    )
    print(f"Content is valid: {counts}.", file=sys.stderr)
    return 0


def _check_plan(args: argparse.Namespace) -> int:
    """Print every finding as ``path:line: error|warning: message``; 1 if any error."""
    from toolkit.errors import ToolkitError
    from toolkit.plan.model import load_plan
    from toolkit.plan.rules import check_plan

    findings = []
    district = None
    if args.district:
        from toolkit.config.district import load_district

        try:
            district = load_district(args.district)
        except ToolkitError as exc:
            findings.extend(exc.problems)
    try:
        plan, problems = load_plan(args.plan)
    except ToolkitError as exc:  # unreadable, or not YAML/JSON at all
        plan, problems = None, exc.problems
    findings.extend(problems)
    if plan is not None:
        findings.extend(check_plan(plan))
        if district is not None and plan.district and plan.district != district.name:
            from toolkit.errors import Location, Problem

            where = plan.lines.get("district") or plan.location or Location(args.plan, 1)
            findings.append(Problem(where, f"the plan is for '{plan.district}' but the district "
                                           f"file names '{district.name}'", "warning"))
    findings.sort(key=lambda p: (p.location.path, p.location.line))
    for finding in findings:
        print(finding.format(show_severity=True), file=sys.stderr)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if errors:
        print(f"{_count(errors, 'error')} and {_count(warnings, 'warning')}: "
              f"fix the errors before the plan is reviewed.", file=sys.stderr)
        return 1
    summary = f"with {_count(warnings, 'warning')}" if warnings else "with nothing to fix"
    print(f"The plan meets the checklist, {summary}.", file=sys.stderr)
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
