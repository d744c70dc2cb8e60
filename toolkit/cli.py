"""The ``toolkit`` command line: a thin layer over :mod:`toolkit.commands`.

Each command lives in its own module with ``add_arguments(parser)`` and
``run(args) -> int``; adding a command is adding a module and a line to
``COMMANDS``. Errors a user can fix arrive as :class:`ToolkitError` and are
printed as ``path:line: message`` with exit status 1; argparse exits with 2
for usage errors.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import NoReturn

from toolkit import __version__
from toolkit.errors import Problem, ToolkitError

COMMANDS: dict[str, str] = {
    "build": "Build the guide site with every deck and template as downloads.",
    "check": "Validate all content, or a district's action plan with --plan.",
    "serve": "Preview the guide while editing content; rebuilds on save.",
}

#: Commands that write decks and documents: they refuse library versions the
#: toolkit is not tested with (:mod:`toolkit.office.versions`).
WRITING = frozenset({"build", "serve"})


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toolkit",
        description="Action-planning facilitation toolkit: decks, templates and a guide site.",
    )
    parser.add_argument("--version", action="version", version=f"toolkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, help_text in COMMANDS.items():
        module = importlib.import_module(f"toolkit.commands.{name}")
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument(
            "--project",
            default=".",
            metavar="DIR",
            help="the project folder holding mkdocs.yml, content/ and slides/ (default: .)",
        )
        module.add_arguments(cmd)
        cmd.set_defaults(_module=module)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C so that a build stops the same tidy way."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command in WRITING:
        from toolkit.office import versions

        refused = versions.problems()
        for message in refused:
            print(f"toolkit {args.command}: error: {message}", file=sys.stderr)
        if refused:
            return 1
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: whoever runs us handles signals
        previous = None
    try:
        return int(args._module.run(args) or 0)
    except ToolkitError as exc:
        for problem in _once(exc.problems):
            print(problem.format(show_severity=problem.severity == "warning"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_stopped(args.command, "Ctrl-C"), file=sys.stderr)
        return 130
    except Terminated:
        print(_stopped(args.command, "SIGTERM"), file=sys.stderr)
        return 143
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stopped(command: str, how: str) -> str:
    """What a command stopped by ``how`` says: a build's output is as it was; a server stops."""
    if command == "serve":
        return f"Stopped serving ({how})."
    return f"Stopped ({how}); the output is as it was."


def _once(problems: Sequence[Problem]) -> list[Problem]:
    """Each problem once, in the order found (two renderers can find the same one)."""
    return list(dict.fromkeys(problems))


def entry_point() -> NoReturn:
    """The ``toolkit`` command (and ``python -m toolkit``): :func:`main`, then a quick exit.

    After a build the process holds mkdocs, its theme, the Office and PDF
    libraries and every page it made. Python's own shutdown frees all of that
    object by object, which took a sixth of a second, nearly a tenth of a
    whole build, while the operating system reclaims a process's memory at
    once. So once :func:`main` has returned, the exit handlers run (they
    flush logs and reap child processes), the standard streams are flushed,
    and the process ends. Every file the command wrote is closed by then.
    An exception from :func:`main`, a bug, still ends the usual way, with
    its traceback.
    """
    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            code = code or 1
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry_point()
