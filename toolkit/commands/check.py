"""``toolkit check``: validate all content modules, templates and decks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--district", metavar="FILE", help="also validate this district file")


def run(args: argparse.Namespace) -> int:
    from toolkit.build.inputs import load_inputs

    content, _ = load_inputs(Path(args.project), args.district)
    counts = (
        f"{len(content.steps)} steps, {len(content.activities)} activities, "
        f"{len(content.pages)} guide pages, {len(content.templates)} templates, "
        f"{len(content.decks)} decks"
    )
    print(f"Content is valid: {counts}.", file=sys.stderr)
    return 0
