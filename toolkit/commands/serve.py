"""``toolkit serve``: live preview of the guide while editing content.

Runs mkdocs' development server with our plugin. mkdocs watches ``content/``
(the docs folder); ``mkdocs.yml`` adds ``slides/`` so editing a deck outline
also triggers a rebuild and a page reload. :mod:`toolkit.site.live` makes a
rebuild start and finish within a second of the edit.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--district", metavar="FILE", help="preview with this district file")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                        help="address to serve on (default: 127.0.0.1:8000)")


def run(args: argparse.Namespace) -> int:
    from toolkit.pipeline import compiled
    from toolkit.pipeline.inputs import load_inputs

    compiled.enable(compiled.user_cache_folder())
    project = Path(args.project)
    load_inputs(project, args.district)  # report errors before starting the server

    import os

    from mkdocs.commands.serve import serve

    from toolkit.pipeline.artifacts import PRINTING
    from toolkit.pipeline.workers import PrintServer
    from toolkit.site import live

    live.enable()
    PrintServer.start(sorted(PRINTING))  # before the server's threads start
    if args.district:
        os.environ["TOOLKIT_DISTRICT"] = str(Path(args.district).resolve())
    serve(config_file=str(project / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True)
    return 0
