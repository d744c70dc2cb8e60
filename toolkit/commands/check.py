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
    parser.add_argument("--plan", metavar="PATH", action="extend", nargs="+",
                        help="check these action plan files (YAML, JSON or .xlsx workbooks) or "
                        "folders of them, merged into one plan, against the checklist")


def run(args: argparse.Namespace) -> int:
    if args.plan:
        return _check_plan(args)
    from toolkit.config.project import remembered_district
    from toolkit.model.timing import fit_warnings
    from toolkit.pipeline.inputs import load_inputs

    # toolkit.yml is read even with --district: its mistakes are reported.
    district_file = remembered_district(Path(args.project))
    content, district, _ = load_inputs(Path(args.project), args.district or district_file)
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
    from toolkit.config.project import remembered_district
    from toolkit.errors import ToolkitError
    from toolkit.plan.findings import against_district, count, print_findings, tally
    from toolkit.plan.merge import load_plans
    from toolkit.plan.rules import check_plan

    findings = []
    district = None
    remembered = remembered_district(Path(args.project))  # None where there is no toolkit.yml
    district_file = args.district or remembered
    if district_file:
        from toolkit.config.district import load_district

        try:
            district = load_district(district_file)
        except ToolkitError as exc:
            findings.extend(exc.problems)
    plan, problems = load_plans(args.plan)
    findings.extend(problems)
    if plan is not None:
        findings.extend([*check_plan(plan), *against_district(plan, district)])
    errors, warnings = print_findings(findings)
    if errors:
        print(f"{tally(errors, warnings)}: fix the errors before the plan is reviewed.",
              file=sys.stderr)
        return 1
    summary = f"with {count(warnings, 'warning')}" if warnings else "with nothing to fix"
    print(f"The plan meets the checklist, {summary}.", file=sys.stderr)
    return 0
