"""Load every content module once and check how they fit together.

:func:`load_content` reads ``content/`` (modules and template definitions)
and ``slides/`` (deck outlines), validates each file against its schema and
then checks what no single file can: unique ids, references between modules
that resolve, run-of-show minutes that add up, and Markdown links that point
at real pages. Every problem is collected before anything is raised.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import Location, Problem, Problems, ToolkitError, display_path
from toolkit.model import bank as bank_model
from toolkit.model import decks as deck_model
from toolkit.model import prose, timing
from toolkit.model import provenance as provenance_model
from toolkit.model import templates as template_model
from toolkit.model.modules import Activity, Module, Step
from toolkit.model.schema import HOME, KINDS, Kind
from toolkit.source import read_text, split_front_matter

CONTENT_DIR = "content"
SLIDES_DIR = "slides"


@dataclass
class Content:
    """Everything the renderers need, already validated."""

    root: Path
    modules: dict[str, Module] = field(default_factory=dict)
    templates: dict[str, template_model.Template] = field(default_factory=dict)
    decks: dict[str, deck_model.Deck] = field(default_factory=dict)
    sources: dict[str, provenance_model.Source] = field(default_factory=dict)
    #: What is not wrong enough to stop a build but must be said (``toolkit check`` prints it).
    warnings: list[Problem] = field(default_factory=list)
    bank: bank_model.Bank = field(default_factory=bank_model.Bank)

    @property
    def home(self) -> Module | None:
        return next((m for m in self.modules.values() if m.kind == "home"), None)

    def of_kind(self, kind: str) -> list[Module]:
        found = [m for m in self.modules.values() if m.kind == kind]
        return sorted(found, key=lambda m: (m.order, m.title))

    @property
    def steps(self) -> list[Step]:
        return self.of_kind("step")  # type: ignore[return-value]

    @property
    def activities(self) -> list[Activity]:
        return self.of_kind("activity")  # type: ignore[return-value]

    @property
    def pages(self) -> list[Module]:
        return self.of_kind("page")

    def page_uris(self) -> set[str]:
        """Every page the guide site will have, as docs-relative ``.md`` paths."""
        from toolkit.model.sitemap import generated_pages

        uris = {m.src_uri for m in self.modules.values()}
        uris.update(generated_pages(self))
        return uris


def load_content(root: str | Path = ".") -> Content:
    """Load and check all content under ``root``; raise every problem found."""
    root = Path(root)
    problems = Problems()
    content = Content(root=root)
    content_dir = root / CONTENT_DIR
    if not content_dir.is_dir():
        raise ToolkitError.at(content_dir, 0, (
            f"no content folder in {root.resolve()}: run toolkit from the project folder (the one "
            "holding mkdocs.yml, content/ and slides/), or name that folder with --project DIR"))
    content.sources = provenance_model.load_sources(content_dir / provenance_model.SOURCES_FILE,
                                                    problems)

    home_path = content_dir / "index.md"
    if home_path.is_file():
        _load_module(home_path, "index.md", HOME, content, problems)
    else:
        problems.error(Location(display_path(home_path), 1), "the guide needs a home page")
    for kind in KINDS:
        for path in sorted((content_dir / kind.folder).glob("*.md")):
            _load_module(path, f"{kind.folder}/{path.name}", kind, content, problems)

    content.bank = bank_model.load_bank(content_dir / bank_model.BANK_FILE, problems, content.sources)
    content.templates = template_model.load_templates(content_dir / "templates", problems, content.bank)
    content.decks = deck_model.load_decks(root / SLIDES_DIR, problems)

    if not problems.errors:
        _resolve_provenance(content, problems)
        _check_references(content, problems)
        _check_minutes(content, problems)
        timing.check(content, problems)
        _check_links(content, problems)
        deck_model.check_decks(content, problems)
        template_model.check_templates(content, problems)
    if not problems.errors:
        timing.expand(content, problems)
        template_model.resolve_agendas(content, problems)
    problems.raise_if_errors()
    content.warnings = problems.warnings
    return content


def _load_module(path: Path, src_uri: str, kind: Kind, content: Content, problems: Problems) -> None:
    shown = display_path(path)
    try:
        doc = split_front_matter(read_text(path), path)
    except ToolkitError as exc:
        problems.extend(exc.problems)
        return
    where = getattr(doc.meta, "location", Location(shown, 2))
    before = len(problems.errors)
    data = doc.meta
    if isinstance(data, dict):
        for key in ("body", "body_line", "src_uri", "kind", "location", "lines"):
            if key in data:
                problems.error(data.key_at(key), f"'{key}' is set by the toolkit; remove it")
                return
    module = kind.schema().validate(data, where, problems, None)
    if module is None or len(problems.errors) > before:
        return
    from dataclasses import replace

    module = replace(module, body=doc.body, body_line=doc.body_line, src_uri=src_uri)
    expected = Path(src_uri).stem if kind.folder else module.id
    if module.id != expected:
        problems.error(module.line_of("id"), f"id '{module.id}' must match the file name '{expected}'")
        return
    if module.id in content.modules:
        other = content.modules[module.id]
        problems.error(module.line_of("id"), f"id '{module.id}' is already used by {other.location}")
        return
    content.modules[module.id] = module


def _resolve_provenance(content: Content, problems: Problems) -> None:
    """Every module, template and deck's credit, checked and resolved to its sources."""
    from dataclasses import replace

    tables: list[dict] = [content.modules, content.templates, content.decks]
    for table in tables:
        for key, piece in table.items():
            where = piece.line_of("provenance") or piece.location or Location(key, 1)
            if piece.provenance is None:
                problems.warning(where, f"'{key}' does not say where it comes from: add a "
                                        "'provenance' (basis follows, adapts or own)")
            text = "\n".join(prose.texts(piece))
            resolved = provenance_model.resolve(piece.provenance, where, content.sources,
                                                problems, text)
            table[key] = replace(piece, provenance=resolved)


def _check_references(content: Content, problems: Problems) -> None:
    activity_ids = {m.id for m in content.activities}
    targets: dict[str, tuple[str, set[str]]] = {
        "activities": ("activity", activity_ids),
        "related": ("module", set(content.modules)),
        "templates": ("template", set(content.templates)),
        "handouts": ("template", set(content.templates)),
        "decks": ("deck", set(content.decks)),
    }
    for module in content.modules.values():
        for key, (what, known) in targets.items():
            for ref in getattr(module, key):
                if ref not in known:
                    hint = ", ".join(sorted(known)) or "none defined"
                    problems.error(module.line_of(key), f"unknown {what} '{ref}' in {key} (known: {hint})")
        for entry in getattr(module, "calendar", []):
            if entry.page and entry.page not in content.modules:
                problems.error(entry.location or module.line_of("calendar"),
                               f"unknown module '{entry.page}' in calendar")
        if isinstance(module, Step):
            for segment in module.run_of_show:
                where = segment.location or module.line_of("run_of_show")
                if segment.activity and segment.activity not in activity_ids:
                    problems.error(where, f"unknown activity '{segment.activity}' in run of show")


def _check_minutes(content: Content, problems: Problems) -> None:
    """Minutes that must add up; a duration left out is the sum, never a second figure."""
    from dataclasses import replace

    for key, module in list(content.modules.items()):
        computed = timing.module_minutes(module)
        if module.duration is None and computed and isinstance(module, Step | Activity):
            module = content.modules[key] = replace(module, duration=computed)
        if isinstance(module, Step) and module.run_of_show:
            total = module.run_of_show_minutes
            if total != module.duration:
                problems.error(
                    module.line_of("run_of_show"),
                    f"run of show adds up to {total} minutes but the duration is {module.duration}",
                )
            _check_unique_ids(module.run_of_show, "segment", module.line_of("run_of_show"), problems)
        if isinstance(module, Activity) and module.steps:
            total = module.step_minutes
            if total != module.duration:
                problems.error(
                    module.line_of("steps"),
                    f"activity steps add up to {total} minutes but the duration is {module.duration}",
                )
        # Variation ids are the anchors of their sections on the page.
        _check_unique_ids(module.variations, "variation", module.line_of("variations"), problems)


def _check_unique_ids(items: list, what: str, fallback: Location, problems: Problems) -> None:
    """Each id of ``items`` (segments, variations) is used once, reported where repeated."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            problems.error(item.location or fallback, f"{what} id '{item.id}' is used twice")
        seen.add(item.id)


def _check_variations(module: Module, problems: Problems) -> None:
    """Variation ids are unique within a module (they are the anchors of its page)."""
    seen: set[str] = set()
    for variation in module.variations:
        if variation.id in seen:
            problems.error(variation.location or module.line_of("variations"),
                           f"variation id '{variation.id}' is used twice")
        seen.add(variation.id)


_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _check_links(content: Content, problems: Problems) -> None:
    """Relative links in module bodies, and in the front matter shown as Markdown,
    must point at pages the site will have."""
    pages = content.page_uris()
    for module in content.modules.values():
        base = posixpath.dirname(module.src_uri)
        path = module.location.path if module.location else module.src_uri
        in_fence = False
        for offset, line in enumerate(module.body.split("\n")):
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            if in_fence:
                continue
            for target in _broken_links(line, base, pages, content):
                problems.error(Location(path, module.body_line + offset),
                               f"link to '{target}' does not resolve to a page of the guide")
        for key, text in _front_matter_markdown(module):
            for target in _broken_links(text, base, pages, content):
                problems.error(module.line_of(key),
                               f"link to '{target}' in {key} does not resolve to a page of the guide")


def _front_matter_markdown(module: Module) -> list[tuple[str, str]]:
    """Front matter texts the page renders as Markdown, with their key."""
    found = [("purpose", module.purpose), ("setup", module.setup), ("next", module.next)]
    found += [(key, text) for key in ("facilitator_notes", "tips", "traps", "debrief")
              for text in getattr(module, key)]
    found += [("when_stuck", stuck.response) for stuck in module.when_stuck]
    found += [("variations", variation.how) for variation in module.variations]
    return [(key, text) for key, text in found if text]


def _broken_links(text: str, base: str, pages: set[str], content: Content) -> list[str]:
    broken = []
    for match in _LINK.finditer(text):
        target = match.group(1)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            continue
        page = target.split("#", 1)[0]
        if not page:
            continue
        resolved = posixpath.normpath(posixpath.join(base, page))
        if resolved not in pages and not _is_download(resolved, content):
            broken.append(target)
    return broken


def _is_download(resolved: str, content: Content) -> bool:
    from toolkit.model.sitemap import download_paths

    return resolved in download_paths(content)
