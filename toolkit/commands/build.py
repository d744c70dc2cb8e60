"""``toolkit build``: everything into ``OUT/site``, swapped in only on success.

Content and the district file are loaded and validated before any output is
touched. The site is built by mkdocs with our plugin while the decks and
templates are made beside it (PDFs in a worker process); ``--only`` builds
just some of the downloads into an existing site without importing mkdocs.
Files whose inputs did not change come from ``OUT/.cache``; a build whose
inputs and outputs are exactly as the last one left them does nothing.
``--district DIR`` with ``--only slides`` makes the decks of every district
file in DIR (:mod:`toolkit.build.batch`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ONLY_CHOICES = ("site", "slides", "templates")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--district", metavar="FILE",
                        help="a district file (YAML or JSON); with --only slides, "
                        "also a folder of them, for one set of decks per district")
    parser.add_argument("--out", metavar="DIR", default="build",
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


def run(args: argparse.Namespace) -> int:
    from toolkit.build.manifest import CACHE_DIR, Manifest, input_digest

    project, out = Path(args.project), Path(args.out)
    only = sorted(set(args.only or ()))
    if args.district and Path(args.district).is_dir():
        if only != ["slides"]:
            print("toolkit build: error: a folder of district files needs --only slides",
                  file=sys.stderr)
            return 2
        from toolkit.build.batch import build_batch

        return build_batch(project, Path(args.district), out, clean=args.clean)

    if args.clean:
        import shutil

        shutil.rmtree(out / CACHE_DIR, ignore_errors=True)
    site_target = out / "site"
    manifest = Manifest(out)
    digest = input_digest(project, args.district, ("build", only))
    if manifest.up_to_date(digest, site_target):
        print(f"Nothing changed: {site_target} is up to date", file=sys.stderr)
        return 0

    from toolkit.build.artifacts import RENDERERS, list_outputs
    from toolkit.build.inputs import BuildInputs, load_inputs
    from toolkit.build.output import staged_dir
    from toolkit.build.produce import Cache, Production

    content, district = load_inputs(project, args.district)
    inputs = BuildInputs(content, district)
    site_only = bool(only) and "site" not in only
    renderers = [name for name in RENDERERS if not site_only or name in only]
    cache = Cache(out / CACHE_DIR / "outputs")
    production = Production(inputs, list_outputs(inputs, renderers), cache)
    manifest.forget()  # the output is about to change
    try:
        if site_only:
            with staged_dir(site_target, seed=True) as staging:
                written = production.write(staging)
            print(f"Built {len(written)} file(s) into {site_target}", file=sys.stderr)
        else:
            from toolkit.site.build import build_site

            with staged_dir(site_target) as staging:
                build_site(project, content, district, staging, production)
            print(f"Built the guide into {site_target}", file=sys.stderr)
    finally:
        production.close()
    cache.prune(renderers)
    manifest.record(digest, site_target)
    return 0
