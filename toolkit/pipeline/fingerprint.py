"""Content hashes of what an output is made from, for the build cache.

A cached file may be reused only when every input it reads is unchanged, so
keys hash the *values* a renderer reads (model objects, the district, files
such as a logo), the build date and the toolkit's own code — never
timestamps. The one thing left out is provenance: the fields of the model
marked as such (:func:`toolkit.errors.written_at`), which say where a value
was written (file and line). They only matter for error messages, and a
moved line should not re-render a deck. Nothing is left out by its name:
a template field's ``lines`` (the space left to write in) is an input like
any other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.errors import Location, is_written_at

#: Libraries whose version changes what the toolkit writes.
ENGINES = ("mkdocs", "mkdocs-material", "python-pptx", "python-docx", "weasyprint", "Jinja2",
           "Markdown", "pymdown-extensions")


@cache
def _keyed_fields(cls: type) -> tuple[str, ...]:
    """The fields of a model type that go into keys: all but the provenance."""
    return tuple(f.name for f in dataclasses.fields(cls) if not is_written_at(f))


def canonical(value: Any) -> Any:
    """``value`` as plain JSON data, the same on every run and machine.

    A value of a type not handled here is refused (:class:`TypeError`)
    rather than keyed by a ``repr`` that might leave part of it out.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"@": type(value).__name__,
                **{name: canonical(getattr(value, name)) for name in _keyed_fields(type(value))}}
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(canonical(v) for v in value)
    if isinstance(value, Path):
        # A path an output embeds (a logo): what matters is the file's bytes.
        return {"file": file_digest(value)} if value.is_file() else str(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return canonical(value.value)
    if isinstance(value, bool | str | int | None):
        return value
    if isinstance(value, float | decimal.Decimal | dt.timedelta | Location):
        # A Location outside a provenance field is kept: a moved line then
        # re-renders, which costs time but never serves a stale file.
        return f"{type(value).__name__}:{value}"
    if isinstance(value, bytes):
        return {"bytes": hashlib.sha256(value).hexdigest()}
    raise TypeError(f"cannot make a cache key of a {type(value).__name__}: teach "
                    "toolkit.pipeline.fingerprint.canonical what it holds")


def digest(*parts: Any) -> str:
    """One hex key for ``parts`` (anything :func:`canonical` understands)."""
    data = json.dumps([canonical(p) for p in parts], sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


#: Digests of model objects by identity, each kept with its object so the id stays its own.
_REMEMBERED: dict[int, tuple[Any, str]] = {}


def remembered_digest(value: Any) -> str:
    """:func:`digest` of a model object that never changes, made once per object.

    A batch of districts keys every deck on the same outline and step; hashing
    those again for each district cost more than some decks take to draw.
    """
    found = _REMEMBERED.get(id(value))
    if found is None or found[0] is not value:
        found = (value, digest(value))
        _REMEMBERED[id(value)] = found
    return found[1]


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@cache
def code_version() -> str:
    """A hash of the toolkit's own files and the versions of the engines it drives.

    A change to a renderer must invalidate every cached output it made, even
    when no content changed.
    """
    from importlib import metadata

    package = Path(__file__).resolve().parent.parent
    sha = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            sha.update(path.relative_to(package).as_posix().encode())
            sha.update(hashlib.sha256(path.read_bytes()).digest())
    for name in ENGINES:
        try:
            sha.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            sha.update(f"{name}=none".encode())
    return sha.hexdigest()
