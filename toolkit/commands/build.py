"""``toolkit build``: everything into ``OUT/site``, swapped in only on success.

Content and the district file are loaded and validated before any output is
touched. The site is built by mkdocs with our plugin while the decks and
templates are made beside it (PDFs in a worker process); ``--only`` builds
just some of the downloads into an existing site without importing mkdocs.
Files whose inputs did not change come from ``OUT/.cache``; a build whose
inputs and outputs are exactly as the last one left them does nothing.
``--district DIR`` with ``--only slides`` makes the decks of every district
file in DIR (:mod:`toolkit.pipeline.batch`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.config.district import District
    from toolkit.model.content import Content

ONLY_CHOICES = ("site", "slides", "templates")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--district", metavar="FILE",
                        help="a district file (YAML or JSON); with --only slides, "
                        "also a folder of them, for one set of decks per district")
    parser.add_argument("--plan", metavar="PATH", action="extend", nargs="+",
                        help="the district's action plan: files (YAML, JSON, .xlsx) or folders of "
                        "them, one per team, merged; adds its pages, filled templates, workbook, "
                        "calendars and progress report")
    parser.add_argument("--as-of", metavar="DATE", type=_date,
                        help="the date the progress report speaks of, YYYY-MM-DD (default: "
                        "SOURCE_DATE_EPOCH if set, else today)")
    parser.add_argument("--out", metavar="DIR",
                        help="output folder; the site goes to DIR/site (default: build)")
    parser.add_argument(
        "--only",
        action="append",
        choices=ONLY_CHOICES,
        help="build only this part (repeatable): the site and its pages, the decks, "
        "or the templates",
    )
    parser.add_argument("--clean", action="store_true",
                        help="ignore and empty the cache in DIR/.cache: render everything again")
    parser.add_argument("--confirm-drop", action="store_true",
                        help="publish even without the district's branding or plan pages that the "
                        "last build into DIR had")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD") from None


def run(args: argparse.Namespace) -> int:
    from toolkit.config import project as settings
    from toolkit.pipeline.manifest import CACHE_DIR, Manifest, input_digest

    settings.apply_settings(args)  # toolkit.yml and the environment fill what args leave out
    project, out = Path(args.project), Path(args.out)
    only = sorted(set(args.only or ()))
    if args.as_of and not args.plan:
        print("toolkit build: --as-of needs --plan (it dates the plan's progress report)",
              file=sys.stderr)
        return 2
    if args.district and Path(args.district).is_dir():
        if only != ["slides"]:
            print("toolkit build: error: a folder of district files needs --only slides",
                  file=sys.stderr)
            return 2
        from toolkit.pipeline.batch import build_batch

        return build_batch(project, Path(args.district), out, clean=args.clean)

    if args.clean:
        import shutil

        shutil.rmtree(out / CACHE_DIR, ignore_errors=True)
    site_target = out / "site"
    manifest = Manifest(out)
    # Without --as-of a plan's progress report speaks of today: another day, another build.
    as_of = args.as_of or (dt.date.today() if args.plan else None)
    digest = input_digest(project, args.district, ("build", only, as_of), args.plan)
    if manifest.up_to_date(digest, site_target):
        if args.plan:
            from toolkit.plan.findings import print_build_findings
            from toolkit.plan.merge import read_plans

            print_build_findings(read_plans(args.plan))
        print(f"Nothing changed: {site_target} is up to date", file=sys.stderr)
        return 0

    from toolkit.pipeline.artifacts import PRINTING, RENDERERS, list_outputs
    from toolkit.pipeline.inputs import BuildInputs, load_inputs
    from toolkit.pipeline.output import staged_dir
    from toolkit.pipeline.produce import Cache, Production
    from toolkit.pipeline.workers import Workers, can_fork

    site_only = bool(only) and "site" not in only
    renderers = [name for name in RENDERERS if not site_only or name in only]
    if not site_only or "templates" in renderers:  # Jinja renders pages and documents, not decks
        from toolkit.pipeline import compiled

        compiled.enable(compiled.user_cache_folder())  # before workers fork: they use it too
    # Printing workers start warming up now, on the core loading leaves idle.
    printing = [name for name in renderers if name in PRINTING]
    workers = Workers(printing) if printing and can_fork() else None
    try:
        content, district, plan = load_inputs(project, args.district, args.plan)
        _print_warnings(content, district)
        publication = settings.Publication.of(district, plan)
        settings.guard_publication(out, publication, args.confirm_drop, plan_pages=not site_only)
        if plan is not None:
            from toolkit.plan.findings import print_build_findings

            print_build_findings(plan)
        inputs = BuildInputs(content, district, plan, args.as_of)
        cache = Cache(out / CACHE_DIR / "outputs")
        production = Production(inputs, list_outputs(inputs, renderers), cache, workers=workers)
    except BaseException:
        if workers is not None:
            workers.close()
        raise
    manifest.forget()  # the output is about to change
    try:
        if site_only:
            with staged_dir(site_target, seed=True) as staging:
                written = production.write(staging)
            print(f"Built {len(written)} file(s) into {site_target}", file=sys.stderr)
        else:
            from toolkit.site.build import build_site

            with staged_dir(site_target) as staging:
                build_site(project, content, district, staging, plan=plan, as_of=args.as_of,
                           production=production)
            settings.record_publication(out, publication)
            print(f"Built the guide into {site_target}", file=sys.stderr)
    finally:
        production.close()
    cache.prune(renderers)
    manifest.record(digest, site_target)
    return 0


def _print_warnings(content: Content, district: District | None) -> None:
    """What the content and the district's numbers leave to fix, said before building."""
    from toolkit.model.timing import fit_warnings

    for warning in [*content.warnings, *fit_warnings(content, district)]:
        print(warning.format(show_severity=True), file=sys.stderr)
