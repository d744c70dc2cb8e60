"""Deck outlines from ``slides/``: the facilitator slide decks as data.

One YAML file per deck. A deck follows the run of show of a planning step:
each slide names the run-of-show ``segment`` it belongs to and the minutes it
takes, and :func:`check_decks` makes sure the slides of each segment add up to
that segment's minutes, so the deck and the facilitator's timetable cannot
drift apart. Slide text may hold ``{placeholders}`` that a district file fills
(see :mod:`toolkit.config.fill`); the grammar lives here, next to the schema
that checks it, so a misspelt placeholder is reported with its line instead of
showing up on a projector.

The format is documented for authors in README.md ("Deck outlines").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.config import options as opt
from toolkit.config.fill import BLANKS
from toolkit.errors import KEY_LINES, START, Location, Problems, ToolkitError, display_path, written_at
from toolkit.model.provenance import PROVENANCE, Provenance
from toolkit.source import Node, load_yaml_file

if TYPE_CHECKING:
    from toolkit.model.content import Content

#: The placeholder that stands for the session's initiatives, one bullet each.
INITIATIVES = "initiatives"
#: Single-value placeholders: the keys of the district fill-ins.
FIELDS: tuple[str, ...] = tuple(BLANKS)
#: Fields that may be 300 characters long stay out of titles, which have room
#: for two lines. ``{short_name}`` is one of them: without a short name in the
#: district file, the full name stands in for it.
LONG_FIELDS = frozenset({"district", "short_name", "facilitator", "venue"})
TITLE_FIELDS: tuple[str, ...] = tuple(name for name in FIELDS if name not in LONG_FIELDS)
#: Timings a slide's text may state: its own minutes, its segment's, and a segment's
#: minutes per group. Filled in when the outline is checked against its step, so a
#: stated time can never disagree with the run of show (see :mod:`toolkit.model.timing`).
TIMING_FIELDS: tuple[str, ...] = ("minutes", "segment_minutes", "per_group")
TEXT_FIELDS: tuple[str, ...] = FIELDS + TIMING_FIELDS

#: Slide kinds. ``title`` opens a deck; ``section`` is a divider and
#: ``activity`` an activity's working time (it shows how long it runs and
#: when it ends); ``bullets`` a list; ``agenda`` the run of show of the deck's
#: step, with clock times when the district gives a start time; ``diagram``
#: boxes joined by arrows; ``table`` a table with a header row; ``rewrite`` a
#: weak benchmark turned into a strong one.
KINDS = ("title", "section", "activity", "bullets", "agenda", "diagram", "table", "rewrite")
#: The data each kind needs (and only it may have).
KIND_DATA = {"bullets": "bullets", "diagram": "diagram", "table": "table", "rewrite": "rewrite"}
SUBTITLED = ("title", "section", "activity")
MAX_BULLET_DEPTH = 3
#: A diagram has at most this many columns (levels of arrows) and boxes per column.
MAX_DIAGRAM_DEPTH, MAX_DIAGRAM_COLUMN = 3, 4

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


# -- placeholders --------------------------------------------------------------


def placeholder_names(text: str) -> list[str]:
    """The placeholder names in ``text``, in order (``{{``/``}}`` are literal braces).

    Raises :class:`ValueError` with a message for a lone brace.
    """
    names = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            raise ValueError(
                f"a lone '{token}': write '{token}{token}' for a brace, or {{name}} for a placeholder"
            )
        names.append(match.group(1))
    return names


def substitute(text: str, values: Mapping[str, str]) -> str:
    """Replace each ``{name}`` by ``values[name]`` and ``{{``/``}}`` by braces.

    The text was checked when the outline loaded, so every name is known.
    """

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        return values[match.group(1)]

    return _TOKEN.sub(replace, text)


class FillText(opt.Text):
    """Text that may hold ``{placeholders}`` from a fixed set of names."""

    def __init__(self, *, allowed: tuple[str, ...] = TEXT_FIELDS, whole_initiatives: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allowed = allowed
        self.whole_initiatives = whole_initiatives

    def validate(self, value: Any, where: Location, problems: Problems, ctx: opt.Context) -> Any:
        text = super().validate(value, where, problems, ctx)
        if text is None:
            return None
        try:
            names = placeholder_names(text)
        except ValueError as exc:
            problems.error(where, str(exc))
            return None
        for name in names:
            if name == INITIATIVES:
                if not self.whole_initiatives:
                    problems.error(where, "{initiatives} is a list: it can only be a bullet of its own")
                    return None
                if text.strip() != "{initiatives}":
                    problems.error(
                        where, "{initiatives} must be the whole bullet: it becomes one bullet per "
                        "initiative"
                    )
                    return None
            elif name not in self.allowed:
                if name in LONG_FIELDS and name in FIELDS:
                    problems.error(
                        where, f"{{{name}}} can be 300 characters long and does not fit in a title; "
                        "put it in a subtitle or a bullet"
                    )
                else:
                    known = ", ".join("{" + n + "}" for n in sorted(self._known()))
                    problems.error(where, f"unknown placeholder '{{{name}}}' (known: {known})")
                return None
        return text

    def _known(self) -> set[str]:
        return set(self.allowed) | ({INITIATIVES} if self.whole_initiatives else set())


# -- the outline model -----------------------------------------------------------


@dataclass(frozen=True)
class Bullet:
    """A bullet point and the bullets nested under it."""

    text: str
    bullets: list[Bullet] = field(default_factory=list)
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class Notes:
    """Speaker notes: what the facilitator does, and what they say."""

    do: str | None = None
    say: str | None = None
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class DiagramBox:
    """A box of a diagram: a short title, a line of text, and the box its arrow comes from."""

    id: str
    title: str
    text: str = ""
    parent: str | None = None  #: written ``from:`` in the outline
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)


@dataclass(frozen=True)
class Diagram:
    """Boxes joined by arrows, read left to right: each box after the box it comes from."""

    boxes: list[DiagramBox]
    note: str | None = None  #: a line under the diagram
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class Table:
    """A table: column headings, rows of cells; the first cell of a row may head it."""

    columns: list[str]
    rows: list[list[str]]
    row_headers: bool = True
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class Rewrite:
    """A weak benchmark, what is wrong with it, and the stronger benchmark that replaces it.

    Written in the outline, or taken from the benchmark example bank: ``bank``
    names an entry (``set-id/entry-id``), or a set, whose first early evidence
    benchmark with a weak version is used (then process benchmarks). The keys
    are those of a bank entry; the bank's are filled in when the content loads.
    """

    weak: str = ""
    problem: str = ""
    benchmark: str = ""
    person: str = ""
    date: str = ""
    why: str | None = None
    bank: str | None = None
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)


@dataclass(frozen=True)
class Slide:
    id: str
    title: str
    minutes: int
    notes: Notes
    kind: str = "bullets"
    segment: str | None = None
    subtitle: list[str] = field(default_factory=list)
    bullets: list[Bullet] = field(default_factory=list)
    diagram: Diagram | None = None
    table: Table | None = None
    rewrite: Rewrite | None = None
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)

    def line_of(self, key: str) -> Location | None:
        return self.lines.get(key) or self.location


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    summary: str = ""
    step: str | None = None
    provenance: Provenance | None = None
    slides: list[Slide] = field(default_factory=list)
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)

    @property
    def minutes(self) -> int:
        return sum(slide.minutes for slide in self.slides)

    def line_of(self, key: str) -> Location | None:
        return self.lines.get(key) or self.location


class BulletOption(opt.Option):
    """A bullet: plain text, or ``{text: ..., bullets: [...]}`` to nest more."""

    description = "a bullet (text, or a mapping with text and bullets)"

    def __init__(self, depth: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.depth = depth

    @staticmethod
    def _text(required: bool = False) -> FillText:
        return FillText(max_length=300, single_line=True, whole_initiatives=True, required=required)

    def validate(self, value: Any, where: Location, problems: Problems, ctx: opt.Context) -> Any:
        if isinstance(value, str):
            text = self._text().validate(value, where, problems, ctx)
            return None if text is None else Bullet(text=text, location=where)
        if isinstance(value, dict):
            fields: dict[str, opt.Option] = {"text": self._text(required=True)}
            if self.depth < MAX_BULLET_DEPTH:
                fields["bullets"] = opt.ListOf(BulletOption(self.depth + 1), min_items=1)
            elif "bullets" in value:
                key_where = value.key_at("bullets") if isinstance(value, Node) else where
                problems.error(key_where, f"bullets nest at most {MAX_BULLET_DEPTH} levels deep")
                return None
            bullet = opt.Schema(fields, build=Bullet).validate(value, where, problems, ctx)
            if bullet is not None and bullet.bullets and bullet.text == "{" + INITIATIVES + "}":
                problems.error(where, "{initiatives} becomes one bullet per initiative and "
                                      "cannot have bullets of its own")
                return None
            return bullet
        problems.error(where, f"expected a bullet (text, or a mapping with 'text' and 'bullets'), "
                              f"found {opt._type_name(value)}")
        return None


NOTES = opt.Schema(
    {
        "do": FillText(help="What the facilitator does while the slide is up."),
        "say": FillText(help="What the facilitator says, in their own voice."),
    },
    build=Notes,
    required=True,
)

def _box(**values: Any) -> DiagramBox:
    return DiagramBox(parent=values.pop("from"), **values)


DIAGRAM_BOX = opt.Schema(
    {
        "id": opt.Slug(required=True),
        "title": FillText(required=True, single_line=True, max_length=60, allowed=TITLE_FIELDS),
        "text": FillText(single_line=True, max_length=160, default=""),
        "from": opt.Slug(help="The box whose arrow leads to this one (declared before it)."),
    },
    build=_box,
    target=DiagramBox,
)

DIAGRAM = opt.Schema(
    {
        "boxes": opt.ListOf(DIAGRAM_BOX, min_items=2, max_items=MAX_DIAGRAM_DEPTH * MAX_DIAGRAM_COLUMN,
                            required=True),
        "note": FillText(single_line=True, max_length=200),
    },
    build=Diagram,
)

_CELL = FillText(single_line=True, max_length=200)

TABLE = opt.Schema(
    {
        "columns": opt.ListOf(FillText(single_line=True, max_length=60), min_items=2, max_items=4,
                              required=True),
        "rows": opt.ListOf(opt.ListOf(_CELL, min_items=2, max_items=4), min_items=1, max_items=6,
                           required=True),
        "row_headers": opt.Boolean(default=True),
    },
    build=Table,
)

#: The keys of a rewrite an outline writes out when it does not take them from the bank.
REWRITE_KEYS = ("weak", "problem", "benchmark", "person", "date")

REWRITE = opt.Schema(
    {
        "bank": opt.Text(single_line=True, max_length=120, pattern=r"[a-z0-9-]+(?:/[a-z0-9-]+)?",
                         pattern_help="write set-id or set-id/entry-id from the benchmark bank"),
        "weak": FillText(single_line=True, max_length=200, default=""),
        "problem": FillText(single_line=True, max_length=300, default=""),
        "benchmark": FillText(single_line=True, max_length=250, default=""),
        "person": FillText(single_line=True, max_length=60, default=""),
        "date": FillText(single_line=True, max_length=40, default=""),
        "why": FillText(single_line=True, max_length=300),
    },
    build=Rewrite,
)

SLIDE = opt.Schema(
    {
        "id": opt.Slug(required=True),
        "title": FillText(required=True, single_line=True, max_length=100, allowed=TITLE_FIELDS),
        "kind": opt.Choice(list(KINDS), default="bullets"),
        "segment": opt.Slug(),
        "minutes": opt.Integer(required=True, minimum=1, maximum=240),
        "subtitle": opt.ListOf(FillText(single_line=True, max_length=300), max_items=4),
        "bullets": opt.ListOf(BulletOption(), max_items=12),
        "diagram": DIAGRAM,
        "table": TABLE,
        "rewrite": REWRITE,
        "notes": NOTES,
    },
    build=Slide,
)

DECK = opt.Schema(
    {
        "id": opt.Slug(required=True),
        "title": opt.Text(required=True, single_line=True, max_length=120),
        "summary": opt.Text(default=""),
        "step": opt.Slug(help="The planning step whose run of show this deck follows."),
        "provenance": PROVENANCE,
        "slides": opt.ListOf(SLIDE, min_items=1, required=True),
    },
    build=Deck,
)


# -- loading and checking --------------------------------------------------------


def load_decks(folder: Path, problems: Problems) -> dict[str, Deck]:
    """Load every ``slides/*.yml`` outline, recording problems with their lines."""
    decks: dict[str, Deck] = {}
    for path in sorted(folder.glob("*.yml")):
        deck = load_deck(path, problems)
        if deck is None:
            continue
        if deck.id in decks:
            problems.error(deck.line_of("id"), f"deck id '{deck.id}' is already used by "
                                               f"{decks[deck.id].location}")
            continue
        decks[deck.id] = deck
    return decks


def load_deck(path: Path, problems: Problems) -> Deck | None:
    try:
        data = load_yaml_file(path)
    except ToolkitError as exc:
        problems.extend(exc.problems)
        return None
    where = getattr(data, "location", Location(display_path(path), 1))
    before = len(problems.errors)
    deck = DECK.validate(data, where, problems, opt.Context(base_dir=path.parent))
    if deck is None or len(problems.errors) > before:
        return None
    if deck.id != path.stem:
        problems.error(deck.line_of("id"), f"id '{deck.id}' must match the file name '{path.stem}'")
        return None
    _check_slides(deck, data, problems)
    return deck


def _check_slides(deck: Deck, data: Any, problems: Problems) -> None:
    """What the schema cannot say: each kind's fields, unique ids and notes."""
    seen: dict[str, Slide] = {}
    for slide in deck.slides:
        if slide.id in seen:
            problems.error(slide.line_of("id"), f"slide id '{slide.id}' is already used at "
                                                f"{seen[slide.id].location}")
        seen.setdefault(slide.id, slide)
        for kind, key in KIND_DATA.items():
            if slide.kind == kind and not getattr(slide, key):
                hint = " (or kind: title, section or activity)" if key == "bullets" else ""
                problems.error(slide.location, f"a {kind} slide needs '{key}'{hint}")
            elif slide.kind != kind and getattr(slide, key):
                use = "subtitle lines" if slide.kind in SUBTITLED else f"kind: {kind}"
                problems.error(slide.line_of(key), f"a {slide.kind} slide has no {key}; use {use}")
        if slide.subtitle and slide.kind not in SUBTITLED:
            problems.error(slide.line_of("subtitle"), f"a {slide.kind} slide has no subtitle")
        if slide.diagram is not None:
            _check_diagram(slide.diagram, problems)
        if slide.table is not None:
            _check_table(slide.table, problems)
        if slide.rewrite is not None and slide.rewrite.bank is None:
            missing = [key for key in REWRITE_KEYS if not getattr(slide.rewrite, key)]
            if missing:
                problems.error(slide.rewrite.location or slide.location,
                               f"a rewrite needs 'bank' (an entry of the benchmark bank) or "
                               f"{', '.join(repr(k) for k in missing)}")
        if not (slide.notes.do or slide.notes.say):
            problems.error(slide.line_of("notes"), "notes need 'do' or 'say' (or both): "
                                                   "what the facilitator does and says")


def _check_diagram(diagram: Diagram, problems: Problems) -> None:
    """Ids unique; each arrow from a box declared earlier (the reading order); few columns."""
    depth: dict[str, int] = {}
    for box in diagram.boxes:
        where = box.lines.get("from") or box.location or diagram.location
        if box.id in depth:
            problems.error(box.lines.get("id") or where, f"box id '{box.id}' is already used")
            continue
        if box.parent is not None and box.parent not in depth:
            problems.error(where, f"'from: {box.parent}' must name a box declared before "
                                  f"'{box.id}' (declared: {', '.join(depth) or 'none'})")
            continue
        depth[box.id] = 0 if box.parent is None else depth[box.parent] + 1
        if depth[box.id] >= MAX_DIAGRAM_DEPTH:
            problems.error(where, f"a diagram has at most {MAX_DIAGRAM_DEPTH} columns of boxes")
    columns = [list(depth.values()).count(n) for n in range(MAX_DIAGRAM_DEPTH)]
    if max(columns) > MAX_DIAGRAM_COLUMN:
        problems.error(diagram.location, f"a column of a diagram holds at most "
                                         f"{MAX_DIAGRAM_COLUMN} boxes")


def _check_table(table: Table, problems: Problems) -> None:
    for row in table.rows:
        if row is not None and len(row) != len(table.columns):
            line = getattr(table.rows, "item_lines", None)
            where = table.location
            if line and table.location is not None:
                where = Location(table.location.path, line[table.rows.index(row)])
            problems.error(where, f"a row of {len(row)} cells in a table of {len(table.columns)} "
                                  "columns")


#: Sentence case: a title's first word (and the first after a colon) starts with
#: a capital; other words do only when they are part of a proper name, such as
#: "Action Plan Review Protocol" (the capitalized names in the content's titles),
#: or an abbreviation ("SWOT", "K-3").
_WORD = re.compile(r"[^\s:]+|:")


def proper_names(titles: list[str]) -> set[tuple[str, ...]]:
    """Runs of two or more capitalized words in ``titles``: the names content gives things."""
    names = set()
    for title in titles:
        run: list[str] = []
        for word in [*_WORD.findall(title), ":"]:
            if word != ":" and word[:1].isupper():
                run.append(word)
                continue
            if len(run) >= 2:
                names.add(tuple(run))
            run = []
    return names


def title_case_problem(title: str, names: set[tuple[str, ...]]) -> str | None:
    """Why ``title`` is not in sentence case, or None."""
    words = _WORD.findall(_TOKEN.sub("", title))
    wrong = []
    index = 0
    while index < len(words):
        word = words[index]
        starts = index == 0 or words[index - 1] == ":"
        if word == ":" or not word[:1].isupper() or _abbreviation(word):
            index += 1
            continue
        run = [word]
        while index + len(run) < len(words) and words[index + len(run)][:1].isupper():
            run.append(words[index + len(run)])
        if any(_within(run[skip:], names) for skip in ((0, 1) if starts else (0,))):
            index += len(run)
            continue
        wrong.extend(run[1:] if starts else run)
        index += len(run)
    wrong = [w for w in wrong if not _abbreviation(w)]
    if not wrong:
        return None
    fixed = " ".join(w.lower() if w in wrong else w for w in title.split())
    return (f"slide titles are in sentence case: lower-case {', '.join(repr(w) for w in wrong)} "
            f"('{fixed}'), or add the proper name to a template's or module's title")


def _abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and (all(c.isupper() for c in letters) and len(letters) > 1
                              or any(c.isdigit() for c in word))


def _within(run: list[str], names: set[tuple[str, ...]]) -> bool:
    """Whether ``run`` is a name or the start of one (an empty run is fine)."""
    return not run or any(name[: len(run)] == tuple(run) for name in names)


def check_decks(content: Content, problems: Problems) -> None:
    """Each deck against the step it follows: segments, order, minutes, titles.

    A deck tied to a step covers its run of show exactly: for every segment
    the deck's slides in it add up to the segment's minutes, and the slides
    come in run-of-show order. Titles are unique within a deck because screen
    reader users move between slides by title.
    """
    from toolkit.model.modules import Step

    names = proper_names([m.title for m in content.modules.values()]
                         + [t.title for t in content.templates.values()])
    for key, deck in list(content.decks.items()):
        _check_titles(deck, problems)
        for slide in deck.slides:
            problem = title_case_problem(slide.title, names)
            if problem:
                problems.error(slide.line_of("title"), problem)
        if any(slide.kind == "agenda" for slide in deck.slides) and deck.step is None:
            slide = next(s for s in deck.slides if s.kind == "agenda")
            problems.error(slide.line_of("kind"), "an agenda slide shows the run of show of the "
                                                  "deck's step: the deck needs 'step'")
        deck = content.decks[key] = _from_bank(deck, content.bank, problems)
        if deck.step is None:  # segments are then only labels, checked against nothing
            _timing_without_step(deck, problems)
            continue
        step = content.modules.get(deck.step)
        if not isinstance(step, Step):
            known = ", ".join(sorted(s.id for s in content.steps)) or "none yet"
            problems.error(deck.line_of("step"), f"deck '{deck.id}' follows step '{deck.step}', "
                                                 f"but there is no such step (known steps: {known})")
            continue
        if not step.run_of_show:
            problems.error(deck.line_of("step"), f"step '{step.id}' has no run of show for deck "
                                                 f"'{deck.id}' to follow ({step.location})")
            continue
        _check_segments(deck, step, problems)
        content.decks[key] = _fill_timings(deck, step, problems)


def _from_bank(deck: Deck, bank: Any, problems: Problems) -> Deck:
    """The deck with each rewrite that names a bank entry filled in from it."""
    from dataclasses import replace

    from toolkit.model import bank as bank_model

    slides = []
    for slide in deck.slides:
        rewrite = slide.rewrite
        if rewrite is not None and rewrite.bank is not None and not bank.broken:
            where = rewrite.lines.get("bank") or rewrite.location or slide.location
            entry, why = bank_model.lookup(bank, rewrite.bank)
            if isinstance(entry, bank_model.BankSet):
                candidates = [*entry.early_evidence_benchmarks, *entry.process_benchmarks]
                entry = next((b for b in candidates if b.weak and b.problem), None)
                why = f"set '{rewrite.bank}' has no benchmark with a weak version and its problem"
            if not isinstance(entry, bank_model.BankBenchmark) or not (entry.weak and entry.problem):
                problems.error(where, why or f"'{rewrite.bank}' is not a benchmark with a weak "
                                             "version and its problem")
            else:
                slide = replace(slide, rewrite=replace(
                    rewrite, weak=" ".join(entry.weak.split()),
                    problem=" ".join(entry.problem.split()),
                    benchmark=" ".join(entry.benchmark.split()), person=entry.person,
                    date=entry.date, why=" ".join(entry.why.split()) if entry.why else rewrite.why))
        slides.append(slide)
    return replace(deck, slides=slides)


def _slide_timings(slide: Slide, step: Any) -> dict[str, str]:
    segment = next((s for s in step.run_of_show if s.id == slide.segment), None)
    values = {"minutes": str(slide.minutes)}
    if segment is not None:
        values["segment_minutes"] = str(segment.minutes)
        if segment.per_group is not None:
            values["per_group"] = str(segment.per_group.minutes)
    return values


def _fill_timings(deck: Deck, step: Any, problems: Problems) -> Deck:
    """The deck with every timing placeholder replaced by its slide's numbers."""
    from dataclasses import replace

    from toolkit.model.prose import map_texts

    slides = []
    for slide in deck.slides:
        values = _slide_timings(slide, step)

        def fill(text: str, values: dict[str, str] = values, slide: Slide = slide) -> str:
            def one(match: re.Match[str]) -> str:
                name = match.group(1)
                if name in TIMING_FIELDS and name not in values:
                    problems.error(slide.location, f"slide '{slide.id}' says {{{name}}}, but its "
                                                   f"segment '{slide.segment}' has no {name}")
                return values.get(name, match.group(0)) if name is not None else match.group(0)

            return _TOKEN.sub(one, text)

        slides.append(map_texts(slide, fill))
    return replace(deck, slides=slides)


def _timing_without_step(deck: Deck, problems: Problems) -> None:
    from toolkit.model.prose import texts

    for slide in deck.slides:
        for text in texts(slide):
            names = set(placeholder_names(text)) & set(TIMING_FIELDS)
            if names:
                problems.error(slide.location, f"slide '{slide.id}' says {{{sorted(names)[0]}}}, "
                                               "but the deck follows no step to take minutes from")
                break


def _check_titles(deck: Deck, problems: Problems) -> None:
    seen: dict[str, Slide] = {}
    for slide in deck.slides:
        key = " ".join(slide.title.casefold().split())
        if key in seen:
            problems.error(slide.line_of("title"), f"slide title '{slide.title}' is already used "
                                                   f"in this deck at {seen[key].line_of('title')}")
        seen.setdefault(key, slide)


def _check_segments(deck: Deck, step: Any, problems: Problems) -> None:
    order = {segment.id: index for index, segment in enumerate(step.run_of_show)}
    spent = {segment.id: 0 for segment in step.run_of_show}
    last = -1
    for slide in deck.slides:
        if slide.segment is None:
            problems.error(slide.location, f"slide '{slide.id}' needs a segment of the run of "
                                           f"show of '{step.id}' ({', '.join(order)})")
            continue
        if slide.segment not in order:
            problems.error(slide.line_of("segment"), f"unknown segment '{slide.segment}' "
                                                     f"(run of show of '{step.id}': {', '.join(order)})")
            continue
        if order[slide.segment] < last:
            problems.error(slide.line_of("segment"), f"slide '{slide.id}' is in segment "
                                                     f"'{slide.segment}', which comes earlier in the "
                                                     "run of show than the slide before it")
        last = max(last, order[slide.segment])
        spent[slide.segment] += slide.minutes
    for segment in step.run_of_show:
        if spent[segment.id] != segment.minutes:
            problems.error(
                deck.line_of("slides"),
                f"the slides of segment '{segment.id}' add up to {spent[segment.id]} minutes, but "
                f"the run of show of '{step.id}' gives it {segment.minutes} "
                f"({segment.location or step.location})",
            )


__all__ = [
    "Bullet",
    "Deck",
    "Notes",
    "Slide",
    "check_decks",
    "load_decks",
    "placeholder_names",
    "substitute",
]
