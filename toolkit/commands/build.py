"""``toolkit build``: everything into ``OUT/site``, swapped in only on success.

Content and the district file are loaded and validated before any output is
touched. The site is built by mkdocs with our plugin, which also renders every
deck and template into the site as downloads; ``--only`` builds just some of
the downloads into an existing site without importing mkdocs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.build.artifacts import RENDERERS

ONLY_CHOICES = ("site", "slides", "templates")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--district", metavar="FILE", help="a district file (YAML or JSON)")
    parser.add_argument("--out", metavar="DIR", default="build",
                        help="output folder; the site goes to DIR/site (default: build)")
    parser.add_argument(
        "--only",
        action="append",
        choices=ONLY_CHOICES,
        help="build only this part (repeatable): the site and its pages, the decks, "
        "or the templates",
    )


def run(args: argparse.Namespace) -> int:
    from toolkit.build.inputs import load_inputs
    from toolkit.build.output import staged_dir

    project = Path(args.project)
    content, district = load_inputs(project, args.district)

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
        build_site(project, content, district, staging)
    print(f"Built the guide into {site_target}", file=sys.stderr)
    return 0
