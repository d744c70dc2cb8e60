"""Errors a user can fix, reported as ``path:line: message``.

Every mistake in content, a district file or a plan is a :class:`Problem`
with the file and line where it was found. Loaders collect problems instead of
stopping at the first, so one ``toolkit check`` run lists everything to fix.
The CLI prints them and exits with status 1; nothing here ever reaches the
user as a traceback.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: the path as given and a 1-based line.

    Line 0 means the file (or folder, or setting) as a whole: a missing file
    has no line, and none is made up for it.
    """

    path: str
    line: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


#: The metadata key that marks a model field as saying where a value was written
#: (see :func:`written_at`).
WRITTEN_AT = "written at"
#: What :class:`toolkit.config.options.Schema` fills such a field with: where the
#: mapping starts, or the line of each key. Other roles (the file read, the line a
#: body starts on) are set by the loaders.
START, KEY_LINES = "start", "key lines"


def written_at(role: str, **kwargs: Any) -> Any:
    """A dataclass field saying where a value was written (file, line), not what it is:
    provenance in the build cache's sense (not a module's ``provenance``, its sources).

    Only such fields are left out of the build cache's keys
    (:func:`toolkit.pipeline.fingerprint.canonical`): every other field is
    an input, whatever its name, so a template's ``lines`` (space to write
    in) or ``source`` (the document it follows) is keyed like its title.
    Mark a field this way only if no renderer reads it.
    """
    return dataclasses.field(metadata={WRITTEN_AT: role}, **kwargs)


def is_written_at(field: dataclasses.Field[Any]) -> bool:
    return WRITTEN_AT in field.metadata


@dataclass(frozen=True)
class Problem:
    """One finding. ``severity`` is ``error`` or ``warning``."""

    location: Location
    message: str
    severity: str = "error"

    def format(self, *, show_severity: bool = False) -> str:
        if show_severity:
            return f"{self.location}: {self.severity}: {self.message}"
        return f"{self.location}: {self.message}"

    def __str__(self) -> str:
        return self.format()


class Problems:
    """An ordered collection of problems found while loading something."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def error(self, location: Location, message: str) -> None:
        self._items.append(Problem(location, message, "error"))

    def warning(self, location: Location, message: str) -> None:
        self._items.append(Problem(location, message, "warning"))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self._items if p.severity == "warning"]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ToolkitError(list(self._items))


class ToolkitError(Exception):
    """Raised with every problem found; the CLI prints them and exits 1."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def at(cls, path: str | os.PathLike[str], line: int, message: str) -> ToolkitError:
        return cls(Problem(Location(display_path(path), line), message))


def display_path(path: str | os.PathLike[str]) -> str:
    """Show a path relative to the working directory when it lies inside it.

    Users run the toolkit from the project folder, so ``content/steps/x.md``
    is what they can click in an editor; absolute paths stay absolute.
    """
    path = os.fspath(path)
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel
