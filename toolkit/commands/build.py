"""``toolkit build``: everything into ``OUT/site``, swapped in only on success.

Content and the district file are loaded and validated before any output is
touched. The site is built by mkdocs with our plugin, which also renders every
deck and template into the site as downloads; ``--only`` builds just some of
the downloads into an existing site without importing mkdocs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from toolkit.build.artifacts import RENDERERS

ONLY_CHOICES = ("site", "slides", "templates")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--district", metavar="FILE", help="a district file (YAML or JSON)")
    parser.add_argument("--plan", metavar="FILE",
                        help="a district's action plan (YAML or JSON): adds its pages, filled "
                        "templates and a progress report")
    parser.add_argument("--as-of", metavar="DATE", type=_date,
                        help="the date the progress report speaks of, YYYY-MM-DD (default: "
                        "SOURCE_DATE_EPOCH if set, else today)")
    parser.add_argument("--out", metavar="DIR", default="build",
                        help="output folder; the site goes to DIR/site (default: build)")
    parser.add_argument(
        "--only",
        action="append",
        choices=ONLY_CHOICES,
        help="build only this part (repeatable): the site and its pages, the decks, "
        "or the templates",
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD") from None


def run(args: argparse.Namespace) -> int:
    from toolkit.build.inputs import load_inputs
    from toolkit.build.output import staged_dir

    project = Path(args.project)
    if args.as_of and not args.plan:
        print("toolkit build: --as-of needs --plan (it dates the plan's progress report)",
              file=sys.stderr)
        return 2
    content, district, plan = load_inputs(project, args.district, args.plan)

    site_target = Path(args.out) / "site"
    only = args.only
    if only and "site" not in only:
        from toolkit.build.artifacts import render_artifacts

        names = [name for name in only if name in RENDERERS]
        with staged_dir(site_target, seed=True) as staging:
            written = render_artifacts(content, district, staging, only=names)
        print(f"Built {len(written)} file(s) into {site_target}", file=sys.stderr)
        return 0

    from toolkit.site.build import build_site

    with staged_dir(site_target) as staging:
        build_site(project, content, district, staging, plan=plan, as_of=args.as_of)
    print(f"Built the guide into {site_target}", file=sys.stderr)
    return 0
