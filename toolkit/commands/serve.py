"""``toolkit serve``: live preview of the guide while editing content.

Runs mkdocs' development server with our plugin. mkdocs watches ``content/``
(the docs folder); ``mkdocs.yml`` adds ``slides/`` so editing a deck outline
also triggers a rebuild and a page reload. :mod:`toolkit.site.live` makes a
rebuild start and finish within a second of the edit. The command says
where it serves and how to stop it, and a port another program holds is
reported before anything is built.
"""

from __future__ import annotations

import argparse
import errno
import socket
import sys
from pathlib import Path

from toolkit.errors import Location, Problem, ToolkitError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--district", metavar="FILE", help="preview with this district file")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT", type=_address,
                        help="address to serve on (default: 127.0.0.1:8000)")


def _address(text: str) -> str:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not an address written as IP:PORT, "
                                         "e.g. 127.0.0.1:8000")
    return text


def run(args: argparse.Namespace) -> int:
    from toolkit.pipeline import compiled
    from toolkit.pipeline.dates import user_epoch
    from toolkit.pipeline.inputs import load_inputs

    user_epoch()  # a SOURCE_DATE_EPOCH that is no date is reported now, not by mkdocs
    compiled.enable(compiled.user_cache_folder())
    project = Path(args.project)
    load_inputs(project, args.district)  # report errors before starting the server
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
