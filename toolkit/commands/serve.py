"""``toolkit serve``: live preview of the guide while editing content.

Runs mkdocs' development server with our plugin. mkdocs watches ``content/``
(the docs folder); ``mkdocs.yml`` adds ``slides/`` so editing a deck outline
also triggers a rebuild and a page reload. :mod:`toolkit.site.live` makes a
rebuild start and finish within a second of the edit. The command says
where it serves and how to stop it, and a port another program holds is
reported before anything is built. Like ``toolkit build`` it previews what the
district publishes: the district file and plans of ``toolkit.yml`` (or of
``TOOLKIT_DISTRICT`` and ``TOOLKIT_PLAN``) unless the command line names
others, and a change to one of those files rebuilds the preview too.
"""

from __future__ import annotations

import argparse
import errno
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import Location, Problem, ToolkitError, display_path

if TYPE_CHECKING:
    from toolkit.config.project import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--district", metavar="FILE", help="preview with this district file")
    parser.add_argument("--plan", metavar="PATH", action="extend", nargs="+",
                        help="preview with the district's action plan: files or folders of them")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT", type=_address,
                        help="address to serve on (default: 127.0.0.1:8000)")


def _address(text: str) -> str:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not an address written as IP:PORT, "
                                         "e.g. 127.0.0.1:8000")
    return text


def run(args: argparse.Namespace) -> int:
    from toolkit.config import project as settings
    from toolkit.pipeline import compiled
    from toolkit.pipeline.dates import user_epoch
    from toolkit.pipeline.inputs import load_inputs

    args.out = None  # serve writes to a folder of mkdocs' own; toolkit.yml's is for build
    remembered = settings.apply_settings(args)
    user_epoch()  # a SOURCE_DATE_EPOCH that is no date is reported now, not by mkdocs
    compiled.enable(compiled.user_cache_folder())
    project = Path(args.project)
    load_inputs(project, args.district, args.plan)  # report errors before starting the server
    host, port = args.dev_addr.rpartition(":")[::2]
    _check_free(host.strip("[]"), int(port), args.dev_addr)

    import os

    from mkdocs.commands.serve import serve

    from toolkit.pipeline.artifacts import PRINTING
    from toolkit.pipeline.workers import PrintServer
    from toolkit.site import live

    live.enable()
    PrintServer.start(sorted(PRINTING))  # before the server's threads start
    if args.district:
        os.environ["TOOLKIT_DISTRICT"] = str(Path(args.district).resolve())
    if args.plan:
        os.environ["TOOLKIT_PLAN"] = os.pathsep.join(str(Path(p).resolve()) for p in args.plan)
    for line in _what(args, remembered):
        print(line, file=sys.stderr)
    print(f"Building the guide, then serving it at http://{args.dev_addr}/ "
          "(press Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        serve(config_file=str(project / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise _busy(args.dev_addr) from None
    print("Stopped serving.", file=sys.stderr)
    return 0


def _what(args: argparse.Namespace, remembered: Settings | None) -> list[str]:
    """Which district file and plans the preview shows, so that nobody wonders why it is
    branded (or not): a settings file left in the project is easy to forget."""
    lines = []
    if args.district:
        lines.append(f"Previewing with the district file {display_path(Path(args.district))}")
    if args.plan:
        lines.append("Previewing with the plan " + ", ".join(display_path(Path(p)) for p in args.plan))
    if remembered is not None:
        lines.append(f"Settings read from {display_path(remembered.source or Path('toolkit.yml'))} "
                     "(--district and --plan here win over it)")
    return lines


def _check_free(host: str, port: int, shown: str) -> None:
    """Bind the address as the server will (reusing a closed one's), and let it go."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise _busy(shown) from None
            raise ToolkitError(Problem(Location("--dev-addr", 0),
                                       f"cannot serve on {shown}: {exc.strerror or exc}")) from None


def _busy(shown: str) -> ToolkitError:
    port = int(shown.rpartition(":")[2])
    return ToolkitError(Problem(Location("--dev-addr", 0),
                                f"{shown} is in use by another program: stop it, or serve on "
                                f"another port, e.g. --dev-addr {shown.rpartition(':')[0]}:{port + 1}"))
