"""``toolkit build``: everything into ``OUT/site``, swapped in only on success.

Content, the district file and the plan are loaded and validated before any
output is touched, and before any worker process is started: a build with a
mistake in it costs only the time to find it. The site is built by mkdocs
with our plugin while the decks and templates are made beside it (PDFs in
worker processes, forked only when there is something to print); ``--only``
builds just some of the downloads into an existing site without importing
mkdocs. Files whose inputs did not change come from ``OUT/.cache``; a build
whose inputs and outputs are exactly as the last one left them does
nothing. ``--district DIR`` with ``--only slides`` makes the decks of every
district file in DIR (:mod:`toolkit.pipeline.batch`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import Location, Problem, ToolkitError, display_path

if TYPE_CHECKING:
    from toolkit.config.district import District
    from toolkit.config.project import Publication
    from toolkit.model.content import Content
    from toolkit.pipeline.inputs import BuildInputs
    from toolkit.plan.model import Plan

ONLY_CHOICES = ("site", "slides", "templates")
#: How far from its plan year a progress report may be dated with --as-of.
AS_OF_YEARS = 20
#: Errors that mean the output cannot be written (as opposed to a bug).
WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM,
                          errno.ENOTDIR, errno.EEXIST, errno.EISDIR, errno.EFBIG})


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
    from toolkit.pipeline.dates import user_epoch

    settings.apply_settings(args)  # toolkit.yml and the environment fill what args leave out
    project, out = Path(args.project), Path(args.out)
    if args.as_of and not args.plan:
        print("toolkit build: --as-of needs --plan (it dates the plan's progress report)",
              file=sys.stderr)
        return 2
    user_epoch()  # a SOURCE_DATE_EPOCH that is no date stops the build here
    _check_out(project, out)
    if args.district and Path(args.district).is_dir():
        if sorted(set(args.only or ())) != ["slides"]:
            print("toolkit build: error: a folder of district files needs --only slides",
                  file=sys.stderr)
            return 2
        from toolkit.pipeline.batch import build_batch

        return _writing(out, lambda: build_batch(project, Path(args.district), out, clean=args.clean))
    return _build(args, project, out)


def _check_out(project: Path, out: Path) -> None:
    """The output folder may not be one the build reads: its files would become content."""
    from toolkit.model.content import CONTENT_DIR, SLIDES_DIR

    resolved = out.resolve()
    for name in (CONTENT_DIR, SLIDES_DIR):
        folder = (project / name).resolve()
        if resolved == folder or resolved.is_relative_to(folder):
            raise ToolkitError(Problem(Location(display_path(out), 0),
                                       f"the output folder is inside the project's {name}/ folder, "
                                       "which the build reads: give --out a folder outside it"))


def _writing(out: Path, work: Callable[[], int]) -> int:
    """Run ``work`` holding the output folder (:func:`toolkit.pipeline.output.claimed`);
    a full disk or a folder that cannot be written is reported as such, not as a
    traceback."""
    from toolkit.pipeline.output import cannot_write, claimed

    try:
        with claimed(out):
            return int(work() or 0)
    except OSError as exc:
        names = [name for name in (exc.filename, exc.filename2) if name is not None]
        ours = not names or any(Path(os.fsdecode(name)).resolve().is_relative_to(out.resolve())
                                for name in names)
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)  # only ever a write: a full disk
        if not full and (exc.errno not in WRITE_ERRORS or not ours):
            raise
        raise cannot_write(out, exc) from None


def _build(args: argparse.Namespace, project: Path, out: Path) -> int:
    """Skip an unchanged build; else validate everything, and only then take the output
    folder and build into it."""
    from toolkit.config import project as settings
    from toolkit.pipeline.manifest import Manifest, input_digest
    from toolkit.pipeline.output import has_leftovers

    only = sorted(set(args.only or ()))
    manifest = Manifest(out)
    as_of = None
    if args.plan:
        from toolkit.pipeline.dates import report_day

        as_of = report_day(args.as_of)  # another day, another report: another build
    digest = input_digest(project, args.district, ("build", only, as_of), args.plan)
    if not args.clean and manifest.up_to_date(digest, out / "site"):
        if has_leftovers(out):  # what a stopped build left, removed all the same
            _writing(out, lambda: 0)
        if args.plan:
            from toolkit.config.district import load_district
            from toolkit.plan.findings import print_build_findings
            from toolkit.plan.merge import read_plans

            print_build_findings(read_plans(args.plan),
                                 load_district(args.district) if args.district else None)
        print(f"Nothing changed: {out / 'site'} is up to date", file=sys.stderr)
        return 0

    from toolkit.pipeline.inputs import BuildInputs, load_inputs

    site_only = bool(only) and "site" not in only
    content, district, plan = load_inputs(project, args.district, args.plan)
    if plan is not None and args.as_of is not None:
        _check_as_of(args.as_of, plan)
    _print_warnings(content, district)
    publication = settings.Publication.of(district, plan)
    settings.guard_publication(out, publication, args.confirm_drop, plan_pages=not site_only)
    if plan is not None:
        from toolkit.plan.findings import print_build_findings

        print_build_findings(plan, district)
    inputs = BuildInputs(content, district, plan, args.as_of)
    return _writing(out, lambda: _write(args, project, out, only, digest, inputs, publication))


def _write(args: argparse.Namespace, project: Path, out: Path, only: list[str],
           digest: str | None, inputs: BuildInputs, publication: Publication) -> int:
    """Render what changed into ``out`` (held by this build) and swap the new site in."""
    from toolkit.config import project as settings
    from toolkit.pipeline.artifacts import RENDERERS, list_outputs
    from toolkit.pipeline.manifest import CACHE_DIR, Manifest
    from toolkit.pipeline.output import empty_cache, staged_dir
    from toolkit.pipeline.produce import Cache, Production

    content, district, plan = inputs.content, inputs.district, inputs.plan
    if args.clean:
        empty_cache(out)
    manifest = Manifest(out)
    site_target = out / "site"
    site_only = bool(only) and "site" not in only
    renderers = [name for name in RENDERERS if not site_only or name in only]
    if not site_only or "templates" in renderers:  # Jinja renders pages and documents, not decks
        from toolkit.pipeline import compiled

        compiled.enable(compiled.user_cache_folder())  # before workers fork: they use it too
    cache = Cache(out / CACHE_DIR / "outputs")
    # Workers are forked here, once everything is valid, and only to print.
    production = Production(inputs, list_outputs(inputs, renderers), cache)
    manifest.forget()  # the output is about to change
    try:
        if site_only:
            with staged_dir(site_target, seed=True) as staging:
                written = production.write(staging)
            print(f"Built {len(written)} file(s) into {site_target}", file=sys.stderr)
            if not (site_target / "index.html").is_file():
                print(f"note: {site_target} has no guide pages yet: a build without --only "
                      "makes them", file=sys.stderr)
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


def _check_as_of(as_of: dt.date, plan: Plan) -> None:
    """A report dated decades from its plan is a typo, not a report."""
    first, last = plan.first_day.year, plan.last_day.year
    if first - AS_OF_YEARS <= as_of.year <= last + AS_OF_YEARS:
        return
    raise ToolkitError(Problem(plan.at("plan_year"),
                               f"--as-of {as_of.isoformat()} is more than {AS_OF_YEARS} years from "
                               f"the plan year {plan.plan_year}: give the day the progress report "
                               "speaks of"))


def _print_warnings(content: Content, district: District | None) -> None:
    """What the content and the district's numbers leave to fix, said before building."""
    from toolkit.model.timing import fit_warnings

    for warning in [*content.warnings, *fit_warnings(content, district)]:
        print(warning.format(show_severity=True), file=sys.stderr)
