"""Template definitions from ``content/templates/``: the printable forms as data.

A template is a title, a page orientation, a few header fields (lines to
write a name or a date on) and a list of sections. A section may carry a
short description, guiding questions, a table, a checklist and free-text
fields, shown in that order. Tables declare their columns (each with an
optional guiding question), how many blank rows a team gets to write in, and
the source's example rows, which only the "example" variant shows.

A template may also say how a district's plan file fills it (``plan``,
``plan_rows``, ``plan_key``): which plan item it carries, which of the item's
lists fills each table and which key fills each column or header field. The
names are the plan file's own keys (:mod:`toolkit.plan.model`), so a filled
document is an edit here too, never Python.

A few keys only say how the page is laid out: ``grid`` sets the first
sections side by side (a SWOT's 2x2, inside/outside by helpful/harmful),
``poster`` adds a wall-sized copy, and ``copies: initiative`` prints one copy
per initiative a district chose for its session, each with the initiative on
the header field whose ``fill`` is ``initiative``.

Adding or changing a template is an edit to a YAML file; the PDF, DOCX and
HTML renderers in :mod:`toolkit.documents` read nothing but these objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.config import fill
from toolkit.config import options as opt
from toolkit.errors import KEY_LINES, START, Location, Problems, ToolkitError, display_path, written_at
from toolkit.model import bank as bank_model
from toolkit.model.provenance import PROVENANCE, Provenance
from toolkit.plan import model as plan_model
from toolkit.source import Node, NodeList, load_yaml_file

if TYPE_CHECKING:
    from toolkit.model.content import Content

ORIENTATIONS = ["portrait", "landscape"]
VARIANTS = ("blank", "example")

#: The plan items a template can be filled with, by the plan file's schema for one.
PLAN_ITEMS: dict[str, opt.Schema] = {
    "initiative": plan_model.INITIATIVE,
    "strategy": plan_model.STRATEGY,
}
#: The column key for a list of plain texts (an initiative's resources): the text itself.
TEXT_KEY = "text"
#: What a template can be copied for: one copy per initiative chosen for the session.
COPIES = ["initiative"]
#: The ``fill`` of the header field that shows a copy's own initiative.
INITIATIVE_FILL = "initiative"


@dataclass(frozen=True)
class Field:
    """A labelled line (or a few) to write on, such as "Strategy:".

    ``fill`` names a district value from :mod:`toolkit.config.fill` (``district``,
    ``plan_year``...) that is printed on the line when a district file is given;
    ``plan_key`` names the plan value printed there when the template is filled
    with a plan item (the item's ``name``, the plan's ``district``...).
    """

    label: str
    lines: int = 1
    hint: str = ""
    fill: str | None = None
    example: str | None = None
    plan_key: str | None = None
    beside: bool = False  # printed on the same line as the field before it ("Team: __  Date: __")


@dataclass(frozen=True)
class Column:
    heading: str
    question: str = ""
    width: int = 1
    plan_key: str | None = None  # the key of a plan row shown in this column
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class Table:
    """A grid to fill in by hand: a header row, then ``rows`` blank rows.

    ``row_headings`` pre-label rows (a roster's "Team leader", a feedback
    form's plan parts): their first cell is a row header, the rest is blank.

    ``row_lines`` is how many handwritten lines fit in each blank row, so a
    table of short dates and one of long benchmarks can both be comfortable;
    a fraction (``1.25``) lets a long table fit its page.

    ``plan_rows`` names the list of a plan item (``process_benchmarks``...)
    whose entries become the rows when the template is filled with a plan.
    """

    columns: list[Column]
    rows: int = 5
    row_lines: float = 2
    caption: str | None = None
    row_headings: list[str] = field(default_factory=list)
    examples: list[list[str]] = field(default_factory=list)
    plan_rows: str | None = None
    agenda: str | None = None  # a step whose run of show gives the rows, as an agenda
    agenda_rows: list[AgendaRow] = field(default_factory=list)  # set by :func:`resolve_agendas`
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)


@dataclass(frozen=True)
class AgendaRow:
    """One segment of a step's run of show, as a participant's agenda shows it."""

    start: int  # minutes from the start of the session
    minutes: int
    title: str


@dataclass(frozen=True)
class Section:
    heading: str
    description: str = ""
    questions: list[str] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    table: Table | None = None
    checklist: list[str] = field(default_factory=list)
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class Grid:
    """The first sections set out side by side, row by row, under axis headings.

    A SWOT's grid has the columns "Helpful" and "Harmful" and the rows
    "Inside the district" and "Outside the district": its first four sections
    (strengths, weaknesses, opportunities, threats) fill the four cells.
    """

    columns: list[str]
    rows: list[str]
    location: Location | None = written_at(START, default=None)

    @property
    def size(self) -> int:
        return len(self.columns) * len(self.rows)


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    subtitle: str = ""
    summary: str = ""
    instructions: str = ""
    orientation: str = "portrait"
    provenance: Provenance | None = None
    plan: str | None = None  # the plan item (initiative, strategy) it can be filled with
    header: list[Field] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    grid: Grid | None = None
    poster: bool = False  # also printed as a wall poster (11x17 in or A3)
    copies: str | None = None  # "initiative": one copy per initiative of the session
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)

    def line_of(self, key: str) -> Location | None:
        return self.lines.get(key) or self.location

    @property
    def landscape(self) -> bool:
        return self.orientation == "landscape"

    @property
    def tables(self) -> list[Table]:
        return [s.table for s in self.sections if s.table is not None]

    @property
    def has_examples(self) -> bool:
        fields = [f for s in self.sections for f in s.fields] + self.header
        return any(t.examples for t in self.tables) or any(f.example for f in fields)


class ExampleCell(opt.Text):
    """A cell of an example row. Empty is allowed: the source's early evidence
    example leaves its status open, as it would be early in the year."""

    def __init__(self) -> None:
        super().__init__(max_length=600, allow_numbers=True)

    def validate(self, value, where, problems, ctx):  # type: ignore[no-untyped-def]
        if value is None or (isinstance(value, str) and not value.strip()):
            return ""
        return super().validate(value, where, problems, ctx)


@dataclass
class TemplateContext(opt.Context):
    """What a template's options need: the benchmark bank its examples may point at."""

    bank: bank_model.Bank = field(default_factory=bank_model.Bank)


_BANK_REF = opt.Text(required=True, single_line=True, max_length=120,
                     pattern=r"[a-z0-9-]+(?:/[a-z0-9-]+)?",
                     pattern_help="write set-id or set-id/entry-id from the benchmark bank")
_BANK_FIELD = opt.Text(required=True, single_line=True, pattern=r"[a-z_]+",
                       pattern_help="name a field of the bank entry, such as benchmark or person")


def _from_bank(node: Node, ref: str, names: list[str], name_key: str, problems: Problems,
               ctx: opt.Context) -> list[str] | None:
    """The texts of fields ``names`` of bank entry ``ref``, or None with the problem
    recorded at the line of the reference or of the field name (``name_key``)."""
    bank = getattr(ctx, "bank", None) or bank_model.Bank()
    if bank.broken:  # its own errors are reported; these would only repeat them
        return [""] * len(names)
    target, why = bank_model.lookup(bank, ref)
    if target is None:
        problems.error(node.at("bank"), why)
        return None
    texts: list[str] = []
    named = node.get(name_key)
    for index, name in enumerate(names):
        text, why = bank_model.field_text(target, ref, name)
        if text is None:
            problems.error(named.at(index) if isinstance(named, NodeList) else node.at(name_key), why)
            return None
        texts.append(text)
    return texts


class _WrittenOrFromBank(opt.Option):
    """An example written out, or a mapping ``{bank: set-id/entry-id, <key>: ...}`` that
    takes it from the benchmark bank, so that an example is written once."""

    _written: opt.Option  #: the example as written out
    _key: str  #: the mapping's key that names the bank entry's fields

    def __init__(self, fields: opt.Option) -> None:
        super().__init__()
        self._ref = opt.Schema({"bank": _BANK_REF, self._key: fields})

    def validate(self, value: Any, where: Location, problems: Problems, ctx: opt.Context) -> Any:
        if not isinstance(value, dict):
            return self._written.validate(value, where, problems, ctx)
        before = len(problems.errors)
        ref = self._ref.validate(value, where, problems, ctx)
        if ref is None or len(problems.errors) > before:
            return None
        names = ref[self._key]
        found = _from_bank(value, ref["bank"], list(names) if isinstance(names, list) else [names],
                           self._key, problems, ctx)
        return self._pick(found) if found is not None else None

    def _pick(self, texts: list[str]) -> Any:
        return texts


class ExampleRow(_WrittenOrFromBank):
    """A table's example row: its cells, or a bank entry and the fields that fill them.

    ``- ["Identify ...", "M. Edwards", "10/1/14", "Met"]`` writes the cells;
    ``- {bank: reading-strategies/identify-strategies, cells: [benchmark, person, date, status]}``
    takes them from the benchmark bank."""

    description = "a list of cells, or a mapping with 'bank' and 'cells'"
    _written = opt.ListOf(ExampleCell(), min_items=1)
    _key = "cells"

    def __init__(self) -> None:
        super().__init__(opt.ListOf(_BANK_FIELD, min_items=1, required=True))


class ExampleText(_WrittenOrFromBank):
    """A field's example: text, or ``{bank: set-id/entry-id, field: name}``."""

    description = "text, or a mapping with 'bank' and 'field'"
    _written = opt.Text(max_length=1000)
    _key = "field"

    def __init__(self) -> None:
        super().__init__(_BANK_FIELD)

    def _pick(self, texts: list[str]) -> Any:
        return texts[0]


class Lines(opt.Option):
    """A number of handwritten lines: whole or in quarters (``2``, ``1.5``, ``1.25``)."""

    description = "a number of lines"

    def __init__(self, *, minimum: float, maximum: float, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.minimum, self.maximum = minimum, maximum

    def validate(self, value, where, problems, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, bool) or not isinstance(value, int | float) or (value * 4) % 1:
            problems.error(where, f"expected a number of lines, whole or in quarters such as 1.5, "
                                  f"found {value!r}")
            return None
        if not self.minimum <= value <= self.maximum:
            problems.error(where, f"must be from {self.minimum:g} to {self.maximum:g}, found {value:g}")
            return None
        return value


_short = opt.Text(single_line=True, max_length=200)
_long = opt.Text(max_length=2000)

FIELD = opt.Schema(
    {
        "label": opt.Text(required=True, single_line=True, max_length=120),
        "lines": opt.Integer(minimum=1, maximum=20, default=1),
        "hint": opt.Text(max_length=400, default=""),
        "fill": opt.Choice(sorted([*fill.BLANKS, INITIATIVE_FILL])),
        "example": ExampleText(),
        "plan_key": opt.Text(single_line=True, max_length=80),
        "beside": opt.Boolean(default=False,
                              help="Print this one-line header field beside the one before it."),
    },
    build=Field,  # its ``lines`` is the number of lines to write on: an input, not provenance
)

COLUMN = opt.Schema(
    {
        "heading": opt.Text(required=True, single_line=True, max_length=80),
        "question": opt.Text(max_length=300, default=""),
        "width": opt.Integer(minimum=1, maximum=12, default=1),
        "plan_key": opt.Text(single_line=True, max_length=80),
    },
    build=Column,
)

TABLE = opt.Schema(
    {
        "caption": _short,
        "columns": opt.ListOf(COLUMN, min_items=1, max_items=8, required=True),
        "rows": opt.Integer(minimum=0, maximum=40, default=5),
        "row_lines": Lines(minimum=1, maximum=8, default=2),
        "row_headings": opt.ListOf(opt.Text(single_line=True, max_length=120)),
        "examples": opt.ListOf(ExampleRow()),
        "plan_rows": opt.Text(single_line=True, max_length=80),
        "agenda": opt.Slug(help="A planning step whose run of show fills the rows, as an agenda."),
    },
    build=Table,
)

SECTION = opt.Schema(
    {
        "heading": opt.Text(required=True, single_line=True, max_length=120),
        "description": opt.Text(max_length=1000, default=""),
        "questions": opt.ListOf(opt.Text(max_length=400)),
        "fields": opt.ListOf(FIELD),
        "table": TABLE,
        "checklist": opt.ListOf(opt.Text(max_length=400)),
    },
    build=Section,
)

GRID = opt.Schema(
    {
        "columns": opt.ListOf(opt.Text(single_line=True, max_length=80), min_items=1, max_items=4,
                              required=True),
        "rows": opt.ListOf(opt.Text(single_line=True, max_length=80), min_items=1, max_items=4,
                           required=True),
    },
    build=Grid,
    help="Lay the first sections out side by side, row by row, under these column and row headings.",
)

SCHEMA = opt.Schema(
    {
        "id": opt.Slug(required=True),
        "title": opt.Text(required=True, single_line=True, max_length=120),
        "subtitle": opt.Text(single_line=True, max_length=200, default=""),
        "summary": opt.Text(max_length=600, default="",
                            help="One or two sentences for the guide's list of templates."),
        "instructions": _long,
        "orientation": opt.Choice(ORIENTATIONS, default="portrait"),
        "provenance": PROVENANCE,
        "plan": opt.Choice(sorted(PLAN_ITEMS),
                           help="The plan item a district's plan file fills this template with."),
        "header": opt.ListOf(FIELD),
        "sections": opt.ListOf(SECTION, min_items=1, required=True),
        "grid": GRID,
        "poster": opt.Boolean(default=False,
                              help="Also print the template as a wall poster (11x17 in, or A3)."),
        "copies": opt.Choice(COPIES, help="With a district file, one copy per initiative chosen "
                                          "for the session."),
    },
    build=Template,
)


def load_templates(folder: Path, problems: Problems,
                   bank: bank_model.Bank | None = None) -> dict[str, Template]:
    """Load every ``*.yml`` in ``folder``; record problems instead of stopping.

    Example rows and fields that point at ``bank`` get its text here, so the
    renderers (and the build cache, which hashes the template) see plain text.
    Without ``bank``, the bank beside ``folder`` (``content/examples/``) is read."""
    if bank is None:
        bank = bank_model.load_bank(folder.parent / bank_model.BANK_FILE, problems)
    templates: dict[str, Template] = {}
    for path in sorted(folder.glob("*.yml")):
        try:
            data = load_yaml_file(path)
        except ToolkitError as exc:
            problems.extend(exc.problems)
            continue
        where = getattr(data, "location", Location(display_path(path), 1))
        before = len(problems.errors)
        context = TemplateContext(base_dir=path.parent, bank=bank)
        template = SCHEMA.validate(data, where, problems, context)
        if template is None or len(problems.errors) > before:
            continue
        _check_template(template, data, problems)
        if template.id != path.stem:
            problems.error(template.lines.get("id", where),
                           f"id '{template.id}' must match the file name '{path.stem}'")
            continue
        templates[template.id] = template
    _check_one_template_per_plan_item(templates, problems)
    return templates


def _check_one_template_per_plan_item(templates: dict[str, Template], problems: Problems) -> None:
    """A plan item is printed on one template, so which one must not be ambiguous."""
    first: dict[str, Template] = {}
    for template in templates.values():
        if template.plan is None:
            continue
        if template.plan in first:
            problems.error(template.lines.get("plan") or template.location or Location("template", 1),
                           f"'plan: {template.plan}' is already declared by template "
                           f"'{first[template.plan].id}': a plan item fills one template")
        else:
            first[template.plan] = template


def plan_template(templates: dict[str, Template], item: str) -> Template | None:
    """The template a plan item (``initiative``, ``strategy``) is printed on, if any."""
    return next((t for t in templates.values() if t.plan == item), None)


def _check_template(template: Template, data: object, problems: Problems) -> None:
    """What the schema alone cannot say: example rows must fit their table."""
    for section in template.sections:
        table = section.table
        if table is None:
            continue
        where = table.lines.get("examples", table.location or template.location)
        for index, row in enumerate(table.examples):
            if len(row) != len(table.columns):
                row_where = Location(where.path, table_example_line(table, index))  # type: ignore[union-attr]
                problems.error(
                    row_where,
                    f"example row has {len(row)} cell(s) but the table has "
                    f"{len(table.columns)} column(s)",
                )
        if table.row_headings and len(table.columns) < 2:
            problems.error(table.lines.get("row_headings", where),  # type: ignore[arg-type]
                           "row headings need a table with at least two columns")
        if not table.rows and not table.examples and not table.row_headings and not table.agenda:
            problems.error(table.lines.get("rows", where),  # type: ignore[arg-type]
                           "a table needs blank rows or example rows")
    _check_layout(template, problems)
    _check_plan_mapping(template, data, problems)


def _check_layout(template: Template, problems: Problems) -> None:
    """A grid's cells are sections of text and lines; a copy needs a line for its initiative."""
    where = template.location or Location("template", 1)
    grid = template.grid
    if grid is not None:
        grid_where = template.lines.get("grid", where)
        if grid.size > len(template.sections):
            problems.error(grid_where, f"the grid has {grid.size} cells "
                                       f"({len(grid.rows)} rows of {len(grid.columns)}) but the "
                                       f"template only {len(template.sections)} section(s)")
        for section in template.sections[:grid.size]:
            if section.table is not None or section.checklist:
                problems.error(section.location or grid_where,
                               f"section '{section.heading}' is a cell of the grid: it can hold a "
                               "description, questions and fields, not a table or a checklist")
    for index, f in enumerate(template.header):
        if f.beside and (index == 0 or f.lines != 1 or f.hint or template.header[index - 1].lines != 1):
            problems.error(template.lines.get("header", where),
                           f"header field '{f.label}' can only be 'beside' another one-line "
                           "field, on one line without a hint")
    fills = [f.fill for s in template.sections for f in s.fields] + [f.fill for f in template.header]
    if template.copies == INITIATIVE_FILL and INITIATIVE_FILL not in [f.fill for f in template.header]:
        problems.error(template.lines.get("copies", where),
                       "'copies: initiative' needs a header field with 'fill: initiative' "
                       "to print each copy's initiative on")
    elif INITIATIVE_FILL in fills and template.copies != INITIATIVE_FILL:
        problems.error(where, "'fill: initiative' prints a copy's initiative: it needs the "
                              "template's 'copies: initiative'")


# -- filling a template with a plan item ------------------------------------------


def plan_field_keys(item: str) -> dict[str, opt.Option]:
    """Single values a header field can show: the item's own, then the plan's."""
    own = PLAN_ITEMS[item].fields
    whole = plan_model.SCHEMA.fields
    return {key: option for fields in (own, whole) for key, option in fields.items()
            if not isinstance(option, opt.ListOf)}


def plan_row_lists(item: str) -> list[str]:
    """The lists of a plan item a table can be filled with, one row per entry."""
    return [key for key, option in PLAN_ITEMS[item].fields.items() if isinstance(option, opt.ListOf)]


def plan_column_keys(item: str, rows: str) -> dict[str, opt.Option]:
    """The keys of one entry of ``rows``; a list of texts has one, :data:`TEXT_KEY`."""
    entry = PLAN_ITEMS[item].fields[rows].item  # type: ignore[attr-defined]
    if isinstance(entry, opt.Schema):
        return dict(entry.fields)
    return {TEXT_KEY: entry}


def _check_plan_mapping(template: Template, data: object, problems: Problems) -> None:
    """Every plan name a template uses must be a key of the plan file.

    Checked against the plan file's own schema, so a renamed plan key shows up
    here as an error at the template line that still uses the old name. The
    raw YAML (``data``) gives the lines: the built objects are in its order.
    """
    item = template.plan

    def check(node: Node, key: str, value: str | None, names: Sequence[str], what: str) -> None:
        if value is None:
            return
        if item is None:
            problems.error(node.at(key), f"{key} needs the template's 'plan' key "
                                         f"(one of: {', '.join(sorted(PLAN_ITEMS))})")
        elif value not in names:
            problems.error(node.at(key), f"{key} '{value}' is not {what} (known: {', '.join(names)})")

    fields = list(plan_field_keys(item)) if item else []
    field_what = f"a value of {_a(item or '')} or of its plan"
    raw = data if isinstance(data, Node) else Node()
    for f, node in zip(template.header, _nodes(raw, "header"), strict=False):
        check(node, "plan_key", f.plan_key, fields, field_what)
    for section, node in zip(template.sections, _nodes(raw, "sections"), strict=False):
        for f, field_node in zip(section.fields, _nodes(node, "fields"), strict=False):
            check(field_node, "plan_key", f.plan_key, fields, field_what)
        table, table_node = section.table, node.get("table")
        if table is None or not isinstance(table_node, Node):
            continue
        lists = plan_row_lists(item) if item else []
        check(table_node, "plan_rows", table.plan_rows, lists, f"a list of {_a(item or '')}")
        if table.plan_rows and table.row_headings:
            problems.error(table_node.key_at("row_headings"),
                           "a table filled from the plan has a row per entry, not row headings")
        for column, column_node in zip(table.columns, _nodes(table_node, "columns"), strict=False):
            if column.plan_key is None or item is None:
                check(column_node, "plan_key", column.plan_key, [], "")
            elif table.plan_rows is None:
                problems.error(column_node.at("plan_key"), "plan_key needs the table's 'plan_rows' key")
            elif table.plan_rows in lists:
                check(column_node, "plan_key", column.plan_key,
                      list(plan_column_keys(item, table.plan_rows)),
                      f"a key of an entry of {table.plan_rows}")


def _nodes(node: object, key: str) -> list[Node]:
    value = node.get(key) if isinstance(node, Node) else None
    return [n for n in value if isinstance(n, Node)] if isinstance(value, list) else []


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in ("a", "e", "i", "o", "u") else f"a {noun}"


def table_example_line(table: Table, index: int) -> int:
    examples = table.examples
    lines = getattr(examples, "item_lines", None)
    if lines and index < len(lines):
        return lines[index]
    return table.location.line if table.location else 1


def resolve_agendas(content: Content, problems: Problems) -> None:
    """Fill each agenda table with its step's run of show, so a printed agenda can
    never disagree with the facilitator's minutes."""
    from dataclasses import replace

    from toolkit.model.modules import Step

    for key, template in list(content.templates.items()):
        sections = []
        for section in template.sections:
            table = section.table
            if table is not None and table.agenda:
                step = content.modules.get(table.agenda)
                if not isinstance(step, Step) or not step.run_of_show:
                    known = ", ".join(s.id for s in content.steps if s.run_of_show) or "none"
                    problems.error(table.lines.get("agenda") or template.location or Location(key, 1),
                                   f"agenda '{table.agenda}' is not a step with a run of show "
                                   f"(steps with one: {known})")
                else:
                    rows, start = [], 0
                    for segment in step.run_of_show:
                        rows.append(AgendaRow(start, segment.minutes, segment.title))
                        start += segment.minutes
                    section = replace(section, table=replace(table, agenda_rows=rows))
            sections.append(section)
        content.templates[key] = replace(template, sections=sections)


def check_templates(content: Content, problems: Problems) -> None:
    """Cross-checks between templates and the rest of the content.

    References from modules to templates are checked by the content loader;
    templates themselves point at nothing else. The templates the online
    form is made from must still have the shape the plan file expects.
    """
    from toolkit.model.plan_form import check_plan_form

    check_plan_form(content, problems)
