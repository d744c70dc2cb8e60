"""Where each module, template and deck comes from, said honestly.

Every piece of content says whether it *follows* a source document, *adapts*
one, or is the toolkit's *own* writing, and names a source only when that
source holds what the piece is made from. The sources themselves are declared
once, as data, in ``content/sources.yml``: an id, the title a reader can look
up, who publishes it, the names of things it holds (template titles, column
labels, slide titles) that content may repeat anywhere, and the passages it
offers for reuse (suggested slide text, a template's guiding questions) that
content crediting it may repeat word for word.

A ``provenance`` mapping is the same in a module's front matter, a template
definition and a deck outline::

    provenance:
      basis: adapts                     # follows | adapts | own
      sources: [pfs-creating-the-action-plan]
      note: The review protocol itself is the toolkit's own.   # optional
      quotes:                           # optional: passages quoted word for word
        - "What will be done, when, and by whom"

``quotes`` are any other passages the piece repeats from its sources on
purpose; each must appear in the piece's own text, and the piece credits the
sources it names.
Renderers print :func:`credit_line` (site pages, decks, printed templates), so
the credit a reader sees is made in one place from this data.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.config import options as opt
from toolkit.errors import KEY_LINES, START, Location, Problems, ToolkitError, display_path, written_at
from toolkit.model.prose import flat
from toolkit.source import load_yaml_file

SOURCES_FILE = "sources.yml"

FOLLOWS, ADAPTS, OWN = "follows", "adapts", "own"
BASES = (FOLLOWS, ADAPTS, OWN)


@dataclass(frozen=True)
class Source:
    """A source document the content may follow, adapt or quote."""

    id: str
    title: str
    publisher: str = ""
    file: str = ""  # its text among the project's reference sources (for the tests)
    holds: str = ""  # what a reader finds in it, in a sentence
    names: list[str] = field(default_factory=list)
    passages: list[str] = field(default_factory=list)
    location: Location | None = written_at(START, default=None)

    @property
    def citation(self) -> str:
        """Title and publisher as a reader would look them up."""
        return f"{self.title} ({self.publisher})" if self.publisher else self.title


@dataclass(frozen=True)
class Provenance:
    """What a piece of content owes to which sources.

    ``sources`` holds the ids as written; the content loader resolves them
    into ``cited`` (the :class:`Source` objects, in the same order), so a
    renderer and a cache key both see the titles a reader will see.
    """

    basis: str
    sources: list[str] = field(default_factory=list)
    note: str = ""
    quotes: list[str] = field(default_factory=list)
    cited: tuple[Source, ...] = ()
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)

    def line_of(self, key: str) -> Location | None:
        return self.lines.get(key) or self.location


SOURCE = opt.Schema(
    {
        "id": opt.Slug(required=True),
        "title": opt.Text(required=True, single_line=True, max_length=200),
        "publisher": opt.Text(single_line=True, max_length=200, default=""),
        "file": opt.Text(single_line=True, max_length=200, default=""),
        "holds": opt.Text(max_length=600, default=""),
        "names": opt.ListOf(opt.Text(single_line=True, max_length=300)),
        "passages": opt.ListOf(opt.Text(single_line=True, max_length=400)),
    },
    build=Source,
)

SOURCES = opt.Schema({"sources": opt.ListOf(SOURCE, min_items=1, required=True)})

PROVENANCE = opt.Schema(
    {
        "basis": opt.Choice(list(BASES), required=True,
                            help="follows a source, adapts it, or is the toolkit's own"),
        "sources": opt.ListOf(opt.Slug(), help="ids from content/sources.yml"),
        "note": opt.Text(max_length=600, default="",
                         help="What was taken, changed or added, in a sentence or two."),
        "quotes": opt.ListOf(opt.Text(max_length=1000),
                             help="Passages repeated word for word from the sources named."),
    },
    build=Provenance,
)


def load_sources(path: Path, problems: Problems) -> dict[str, Source]:
    """The known sources, by id, from ``content/sources.yml`` (none if it is absent:
    a project whose content is all its own needs no list)."""
    if not path.is_file():
        return {}
    try:
        data = load_yaml_file(path)
    except ToolkitError as exc:
        problems.extend(exc.problems)
        return {}
    where = getattr(data, "location", Location(display_path(path), 1))
    node = SOURCES.validate(data, where, problems, opt.Context(base_dir=path.parent))
    found: dict[str, Source] = {}
    for source in (node or {}).get("sources") or []:
        if source is None:
            continue
        if source.id in found:
            problems.error(source.location or where, f"source id '{source.id}' is listed twice")
            continue
        found[source.id] = source
    return found


def resolve(provenance: Provenance | None, where: Location, sources: dict[str, Source],
            problems: Problems, text: str = "") -> Provenance | None:
    """Check ``provenance`` against the known sources and the piece's ``text``.

    A piece that follows or adapts a source names at least one; the toolkit's
    own writing names none (it may still say, in its note, what it was
    written to fill in). Every quote must be found in the piece's text, so a
    quote cannot excuse words the reader never sees. Returns the provenance
    with its sources resolved, or ``None`` when it had errors.
    """
    if provenance is None:
        return None
    before = len(problems.errors)
    at = provenance.line_of("sources") or where
    for ref in provenance.sources:
        if ref not in sources:
            known = ", ".join(sorted(sources)) or "none"
            problems.error(at, f"unknown source '{ref}' (known sources in content/{SOURCES_FILE}: "
                               f"{known})")
    if provenance.basis == OWN and provenance.sources:
        problems.error(at, "content that is the toolkit's own names no source; say in 'note' "
                           "what it builds on, or use basis 'adapts'")
    if provenance.basis != OWN and not provenance.sources:
        problems.error(provenance.line_of("basis") or where,
                       f"content that {provenance.basis} a source names it in 'sources'")
    if provenance.quotes and not provenance.sources:
        problems.error(provenance.line_of("quotes") or where,
                       "quotes need the sources they come from in 'sources'")
    seen = flat(text)
    quote_lines = getattr(provenance.quotes, "item_lines", None) or []
    for index, quote in enumerate(provenance.quotes):
        if flat(quote) not in seen:
            quote_at = provenance.line_of("quotes") or where
            if index < len(quote_lines):
                quote_at = Location(quote_at.path, quote_lines[index])
            problems.error(quote_at,
                           f"quote not found in this page's text: '{_short(quote)}'")
    if len(problems.errors) > before:
        return None
    cited = tuple(sources[ref] for ref in provenance.sources)
    return dataclasses.replace(provenance, cited=cited)


#: How every output introduces the credit line: a page, a deck's notes, a printed template.
CREDIT_LABEL = "Where this comes from:"


def credit_line(provenance: Provenance | None) -> str:
    """The one sentence a page, a deck or a printed template shows, as plain text."""
    if provenance is None:
        return ""
    # Titles grouped by publisher, in the order first cited, each publisher named once.
    groups: dict[str, list[str]] = {}
    for source in provenance.cited:
        groups.setdefault(source.publisher, []).append(source.title)
    titles = _join([f"{_join(names)} ({publisher})" if publisher else _join(names)
                    for publisher, names in groups.items()])
    sentence = {
        FOLLOWS: f"Follows {titles}.",
        ADAPTS: f"Adapted from {titles}.",
        OWN: "Written for this toolkit.",
    }[provenance.basis]
    return f"{sentence} {provenance.note}".strip()


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
