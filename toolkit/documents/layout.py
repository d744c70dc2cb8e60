"""The layout step shared by the PDF, DOCX and HTML renderers.

:func:`layout` turns a template definition, a district (or none) and a
variant into a :class:`Document`: every decision about *what* appears is made
here once (which rows are examples, which fields a district fills, the text of
the running header, the paper size, how tall a row to write in must be, how
many lines fit in a cell of a grid).

A third variant, ``filled``, is a template carrying a district's own plan: a
:class:`Filling` (made by :mod:`toolkit.documents.plan`) gives the text for
each plan key the template names, and its tables get one row per plan entry.
A fourth, ``poster``, is a template that says ``poster: true`` printed for the
wall: 11x17 in (A3 with A4 paper), upright like chart paper, its type and lines
scaled up.
:func:`layout_copies` makes one document per initiative of the session for a
template that says ``copies: initiative``.

The renderers only decide *how* it looks in their format, so a PDF and a DOCX
of the same template can never disagree about their content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from toolkit.config import fill
from toolkit.config.district import District
from toolkit.documents.measure import line_count
from toolkit.model.provenance import CREDIT_LABEL, credit_line
from toolkit.model.templates import INITIATIVE_FILL, VARIANTS, Field, Section, Table, Template

#: Width and height in inches of each paper size, portrait.
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "letter": (8.5, 11.0),
    "a4": (210 / 25.4, 297 / 25.4),
}
#: The poster's paper for each paper size: tabloid (11x17 in) with letter, A3 with A4.
POSTER_SIZES: dict[str, tuple[float, float]] = {
    "letter": (11.0, 17.0),
    "a4": (297 / 25.4, 420 / 25.4),
}
#: How much larger a poster's type and lines are: read from a step back, written with a marker.
POSTER_SCALE = 1.35
DEFAULT_PAPER = "letter"
MARGIN_IN = 0.6
#: The top margin holds the running header (the district's name and plan year).
TOP_MARGIN_IN = 0.8
#: Height of one handwritten line: comfortable for an adult's handwriting.
LINE_IN = 0.34
EXAMPLE_PREFIX = "Example: "
DEFAULT_LANGUAGE = "en"
FILLED = "filled"
POSTER = "poster"
#: Blank rows under a filled table, for an entry added by hand during the year: one,
#: so a short plan is not pushed onto a page holding nothing but empty rows.
SPARE_ROWS = 1


@dataclass(frozen=True)
class FieldView:
    label: str
    lines: int
    hint: str = ""
    value: str = ""  # printed on the first line: a district's value or an example
    is_example: bool = False
    label_above: bool = False  # even when a single line: a long value reads best under its label
    beside: bool = False  # on the same line as the field before it
    show_label: bool = True  # a field whose label repeats its section's heading hides it
    line_in: float = 0.0  # the height of its lines, when not the document's (a grid's cell)

    @property
    def inline(self) -> bool:
        """A one-line field shows its label on the line itself, as "Date: ____".

        A question is asked above its line, where an answer has the whole width.
        """
        return (self.lines == 1 and not self.hint and not self.label_above
                and not self.label.endswith("?"))

    @property
    def inline_label(self) -> str:
        """The label as it leads its line: "Date:"."""
        return self.label if self.label.endswith(":") else self.label + ":"


@dataclass(frozen=True)
class ColumnView:
    heading: str
    question: str
    percent: float  # share of the table width, 0-100


@dataclass(frozen=True)
class RowView:
    """A table row. ``kind`` is ``example``, ``filled``, ``labelled`` or ``blank``.

    A labelled row's first cell is a row header; a blank row's cells are all
    empty and the row is tall enough to write in by hand. A filled row holds a
    plan entry; a cell may hold several lines, separated by newlines.
    """

    kind: str
    cells: list[str]

    @property
    def writable(self) -> bool:
        """Rows left to write in by hand are made tall enough for handwriting."""
        return self.kind in ("blank", "labelled")


@dataclass(frozen=True)
class TableView:
    caption: str
    columns: list[ColumnView]
    rows: list[RowView]
    row_height_in: float
    has_row_headers: bool

    @property
    def blank_rows(self) -> int:
        return sum(1 for row in self.rows if row.kind == "blank")

    @property
    def summary(self) -> str:
        """What the table holds, for assistive technology (a DOCX table's description)."""
        if any(row.kind == FILLED for row in self.rows):
            return f"{self.caption}: a header row, then one row per entry of the plan"
        return f"{self.caption}: a header row, then rows to fill in"


@dataclass(frozen=True)
class SectionView:
    heading: str
    description: str = ""
    questions: list[str] = field(default_factory=list)
    fields: list[FieldView] = field(default_factory=list)
    table: TableView | None = None
    checklist: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GridView:
    """Sections side by side, row by row, under column and row headings.

    Each cell is a section whose fields get as many lines as fill the cell,
    so the grid takes the page's remaining height (``row_height_in`` each row).
    On a poster the cells are open space, for the sticky notes a group posts.
    """

    caption: str
    columns: list[str]
    rows: list[str]
    cells: list[list[SectionView]]
    row_height_in: float
    label_width_in: float  # the first column, holding the row headings

    @property
    def summary(self) -> str:
        return (f"{self.caption}: {' and '.join(self.columns)} across, "
                f"{' and '.join(self.rows)} down; space to write in each cell")


@dataclass(frozen=True)
class Document:
    """One template, laid out for one district, variant and paper size."""

    id: str
    variant: str
    title: str  # the document title, naming the variant
    heading: str  # the visible main heading
    subtitle: str
    instructions: str
    lang: str
    landscape: bool
    paper: str
    running_header: str  # district name and plan year, or "" without a district
    footer: str
    header_fields: list[FieldView]
    sections: list[SectionView]  # after the grid, if there is one
    grid: GridView | None = None
    credit: str = ""  # where the template comes from, printed at its foot
    copy_label: str = ""  # which copy of a set this is ("Initiative 2: ..."), or ""
    line_in: float = LINE_IN  # a handwritten line on this paper

    @property
    def poster(self) -> bool:
        return self.variant == POSTER

    @property
    def scale(self) -> float:
        """Type and lines are this much larger than on a sheet of the paper size."""
        return POSTER_SCALE if self.poster else 1.0

    @property
    def page_size_in(self) -> tuple[float, float]:
        """(width, height) in inches, already turned for landscape."""
        width, height = (POSTER_SIZES if self.poster else PAPER_SIZES)[self.paper]
        return (height, width) if self.landscape else (width, height)

    @property
    def content_width_in(self) -> float:
        return self.page_size_in[0] - 2 * MARGIN_IN

    @property
    def content_height_in(self) -> float:
        return self.page_size_in[1] - TOP_MARGIN_IN - MARGIN_IN

    @property
    def header_rows(self) -> list[list[FieldView]]:
        """The header fields as printed lines: a field ``beside`` the one before shares its line."""
        rows: list[list[FieldView]] = []
        for f in self.header_fields:
            if f.beside and rows:
                rows[-1].append(f)
            else:
                rows.append([f])
        return rows

    @property
    def all_sections(self) -> list[SectionView]:
        """Every section in reading order: the grid's cells row by row, then the rest."""
        cells = [cell for row in self.grid.cells for cell in row] if self.grid else []
        return [*cells, *self.sections]


@dataclass(frozen=True)
class Filling:
    """A plan's text for one template, keyed by the plan names the template uses.

    ``fields`` maps a header field's ``plan_key`` to its text; ``rows`` maps a
    table's ``plan_rows`` to its entries, each a mapping of a column's
    ``plan_key`` to the cell's text. Values are final text: formatting dates
    and statuses is the caller's job, escaping the renderers'.
    """

    title: str  # the document title: whose plan, which item
    running_header: str
    short_name: str  # the district's name for the footer
    fields: Mapping[str, str]
    rows: Mapping[str, list[Mapping[str, str]]]


def running_header(district: District | None) -> str:
    """The district's name and plan year, from the shared fill-ins."""
    if district is None:
        return ""
    values = fill.fields(district)
    return plan_header(values["district"], values["plan_year"])


def plan_header(district_name: str, plan_year: str) -> str:
    """The running header's words, shared by templates and filled plans."""
    return f"{district_name} \u00b7 Plan year {plan_year}"


def variants(template: Template) -> tuple[str, ...]:
    """The variants a template is printed in: blank, example, and the poster if it has one."""
    return (*VARIANTS, POSTER) if template.poster else VARIANTS


def layout_copies(
    template: Template, district: District | None = None, variant: str = "blank", *,
    paper: str = "letter",
) -> list[Document]:
    """The documents one download holds: one, or a copy per initiative of the session.

    A template with ``copies: initiative`` printed blank for a district that
    chose its session's initiatives gives one document per initiative, each
    with its initiative on the header field that fills ``initiative``.
    """
    initiatives = district.session.initiatives if district is not None else []
    if template.copies != INITIATIVE_FILL or variant != "blank" or not initiatives:
        return [layout(template, district, variant, paper=paper)]
    label = next(f.label for f in template.header if f.fill == INITIATIVE_FILL)
    return [layout(template, district, variant, paper=paper, initiative=text,
                   copy_label=f"{label} {number}: {text}")
            for number, text in enumerate(initiatives, start=1)]


def layout(
    template: Template,
    district: District | None = None,
    variant: str = "blank",
    *,
    paper: str = "letter",
    filling: Filling | None = None,
    initiative: str = "",
    copy_label: str = "",
) -> Document:
    """Lay out ``template``; the ``filled`` variant needs a ``filling``."""
    if variant not in (*VARIANTS, FILLED, POSTER):
        raise ValueError(f"variant must be one of {(*VARIANTS, FILLED, POSTER)}, not {variant!r}")
    if (variant == FILLED) != (filling is not None):
        raise ValueError("a filling is given with, and only with, the filled variant")
    if variant == POSTER and not template.poster:
        raise ValueError(f"template {template.id!r} has no poster")
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {sorted(PAPER_SIZES)}, not {paper!r}")
    examples = variant == "example"
    scale = POSTER_SCALE if variant == POSTER else 1.0
    line_in = round(LINE_IN * scale, 3)
    values = fill.fields(district)
    title = template.title + (" (example)" if examples else " (poster)" if variant == POSTER else "")
    footer = title if district is None else f"{title} \u00b7 {values['short_name']}"
    header = running_header(district)
    instructions = template.instructions
    if filling is not None:
        footer = f"{template.title} \u00b7 {filling.short_name}"
        title, header = filling.title, filling.running_header
        instructions = ""  # how to fill in the form: moot once it is filled

    landscape = template.landscape and variant != POSTER  # a poster hangs upright, as chart paper
    width, height = (POSTER_SIZES if variant == POSTER else PAPER_SIZES)[paper]
    text_width_in = (max(width, height) if landscape else width) - 2 * MARGIN_IN

    def field_view(f: Field) -> FieldView:
        value = ""
        is_example = False
        if filling is not None and f.plan_key:
            value = filling.fields.get(f.plan_key, "")
            if value:  # one line that wraps as it needs; a missing value keeps its lines
                return FieldView(label=f.label, lines=1, hint=f.hint, value=value,
                                 label_above=f.lines > 1, beside=f.beside)
        elif f.fill == INITIATIVE_FILL and initiative:
            value = initiative
        elif f.fill in values and district is not None and not fill.is_blank(values[f.fill]):
            value = values[f.fill]
        elif examples and f.example:
            value, is_example = f.example, True
        return FieldView(label=f.label, lines=_lines_left(f.lines, value, is_example, text_width_in),
                         hint=f.hint, value=value, is_example=is_example, beside=f.beside)

    def section_view(section: Section) -> SectionView:
        table = None
        if section.table is not None:
            table = _table_view(section.table, section.heading, examples, filling, scale,
                                district.session.start_time if district is not None else None)
        return SectionView(
            heading=section.heading,
            description=section.description,
            questions=list(section.questions),
            # A field whose label repeats its section's heading prints without it.
            fields=[replace(field_view(f), show_label=f.label != section.heading)
                    for f in section.fields],
            table=table,
            checklist=list(section.checklist),
        )

    sections = [section_view(s) for s in template.sections]
    doc = Document(
        id=template.id,
        variant=variant,
        title=title,
        heading=template.title,
        subtitle=template.subtitle,
        instructions=instructions,
        lang=district.language if district is not None else DEFAULT_LANGUAGE,
        landscape=landscape,
        paper=paper,
        running_header=header,
        footer=footer,
        header_fields=[field_view(f) for f in template.header],
        sections=sections,
        credit=credit_line(template.provenance),
        copy_label=copy_label,
        line_in=line_in,
    )
    if template.grid is None:
        return doc
    size = template.grid.size
    return _with_grid(replace(doc, sections=sections[size:]), template, sections[:size])


def agenda_time(start: dt.time | None, offset: int) -> str:
    """When an agenda item starts: a clock time when the session's start is known
    ("8:35 AM"), otherwise the time from the start ("0:35")."""
    if start is None:
        return f"{offset // 60}:{offset % 60:02d}"
    return fill.format_time(fill.clock_after(start, offset))


def _lines_left(lines: int, value: str, is_example: bool, width_in: float) -> int:
    """A field's lines when a value is printed on them: the lines it wraps onto are used up.

    So an example or a district's value that runs onto a second line takes that
    line's place, and the field keeps its height (at least one line is left).
    """
    if not value or lines == 1:
        return lines
    text = (EXAMPLE_PREFIX if is_example else "") + value
    used = line_count(text, width_in * 72 - 0.4 * BODY_PT, BODY_PT)
    return max(1, lines - (used - 1))


def _table_view(
    table: Table, heading: str, examples: bool, filling: Filling | None, scale: float,
    start: dt.time | None = None,
) -> TableView:
    total = sum(c.width for c in table.columns)
    columns = [
        ColumnView(c.heading, c.question, round(100 * c.width / total, 2)) for c in table.columns
    ]
    width = len(columns)
    row_height_in = round(table.row_lines * LINE_IN * scale, 2)
    rows: list[RowView] = []
    if filling is not None and table.plan_rows is not None:
        # Fill a table from a list of records: each column shows its plan key.
        for entry in filling.rows.get(table.plan_rows, []):
            rows.append(RowView(FILLED, [entry.get(c.plan_key, "") if c.plan_key else ""
                                         for c in table.columns]))
        rows.extend(RowView("blank", [""] * width) for _ in range(SPARE_ROWS))
        return TableView(caption=table.caption or heading, columns=columns, rows=rows,
                         row_height_in=row_height_in, has_row_headers=False)
    if examples:
        for cells in table.examples:
            first = EXAMPLE_PREFIX + cells[0] if cells[0] else EXAMPLE_PREFIX.strip()
            rows.append(RowView("example", [first, *cells[1:]]))
    for item in table.agenda_rows:  # the time as the row's header, then what happens
        cells = [agenda_time(start, item.start), f"{item.title} ({item.minutes} min)"]
        rows.append(RowView("labelled", (cells + [""] * width)[:width]))
    for label in table.row_headings:
        rows.append(RowView("labelled", [label] + [""] * (width - 1)))
    # An example row takes a blank row's place, so the example copy prints on
    # as many pages as the blank one (at least one row is left to write in).
    blank = max(min(table.rows, 1), table.rows - (len(table.examples) if examples else 0))
    rows.extend(RowView("blank", [""] * width) for _ in range(blank))
    return TableView(
        caption=table.caption or heading,
        columns=columns,
        rows=rows,
        row_height_in=row_height_in,
        has_row_headers=bool(table.row_headings or table.agenda_rows),
    )


# -- a grid that fills its page --------------------------------------------------------
#
# A grid's rows share the height the rest of the page leaves. That height is
# worked out from the type the stylesheet sets (fragment.css and page.css.j2:
# sizes in em of the 10.5 pt body, line heights, the space around) and the
# font's own character widths (:mod:`toolkit.documents.measure`), with a
# reserve at the foot, so that the estimate errs towards space left over
# rather than a second page. The tests print every grid on every paper size,
# in WeasyPrint and through LibreOffice, and count the pages.

BODY_PT = 10.5
RESERVE_IN = 0.15
#: The grid's first column, holding the row headings ("Inside the district").
GRID_LABEL_IN = 1.0
#: The narrowest line a grid's cell is ruled at: narrow-ruled paper's 7 mm.
GRID_LINE_IN = 0.28
#: A grid cell's padding on each side, in em (fragment.css: .tkd-grid td).
CELL_PADDING_EM = 0.5


@dataclass(frozen=True)
class _Type:
    size_em: float  # of the body
    line_height: float  # of its own size
    space_em: float  # above and below together, in em of the body
    bold: bool = False


_H1 = _Type(17 / BODY_PT, 1.2, 0.5, bold=True)
_SUBTITLE = _Type(1.1, 1.35, 0.6, bold=True)
_INSTRUCTIONS = _Type(0.9, 1.3, 0.6)
_H2 = _Type(1.2, 1.2, 1.4, bold=True)
_DESCRIPTION = _Type(0.9, 1.3, 0.6)
_CELL_HEADING = _Type(1.15, 1.2, 0.1, bold=True)
_LABEL = _Type(1.0, 1.35, 0.6, bold=True)
_COLUMN_HEADING = _Type(1.0, 1.35, 0.6, bold=True)
_CREDIT = _Type(0.8, 1.25, 0.8)


def _text_height_in(text: str, width_in: float, style: _Type, scale: float) -> float:
    """How tall ``text`` prints in a box ``width_in`` wide, with the space around it."""
    if not text:
        return 0.0
    size_pt = BODY_PT * scale * style.size_em
    lines = line_count(text, width_in * 72, size_pt, bold=style.bold)
    return (lines * size_pt * style.line_height + style.space_em * BODY_PT * scale) / 72


def _fields_height_in(fields: list[FieldView], width_in: float, line_in: float, scale: float) -> float:
    height = 0.0
    for f in fields:
        if not f.inline and f.show_label:
            height += _text_height_in(f.label, width_in, _LABEL, scale)
        if f.hint:
            height += _text_height_in(f.hint, width_in, _DESCRIPTION, scale)
        height += f.lines * line_in + 0.6 * BODY_PT * scale / 72
    return height


def _with_grid(doc: Document, template: Template, cells: list[SectionView]) -> Document:
    """``doc`` with its grid, whose rows take the height the rest of the page leaves."""
    grid = template.grid
    assert grid is not None
    scale, width = doc.scale, doc.content_width_in
    used = _text_height_in(doc.heading, width, _H1, scale)
    used += _text_height_in(doc.subtitle, width, _SUBTITLE, scale)
    used += _text_height_in(doc.instructions, width, _INSTRUCTIONS, scale)
    used += sum(_fields_height_in(row[:1], width / len(row), doc.line_in, scale)
                for row in doc.header_rows)
    used += _text_height_in(" ", width, _COLUMN_HEADING, scale)
    used += _text_height_in(f"{CREDIT_LABEL} {doc.credit}" if doc.credit else "", width, _CREDIT, scale)
    for section in doc.sections:
        used += _text_height_in(section.heading, width, _H2, scale)
        used += _text_height_in(section.description, width, _DESCRIPTION, scale)
        used += sum(_text_height_in(q, width, _DESCRIPTION, scale) for q in section.questions)
        used += _fields_height_in(section.fields, width, doc.line_in, scale)
    row_height = (doc.content_height_in - used - RESERVE_IN * scale) / len(grid.rows)
    # Each cell: its heading and description, then as many lines as fit.
    label_width = round(GRID_LABEL_IN * scale, 2)
    cell_width = (width - label_width) / len(grid.columns) - 2 * CELL_PADDING_EM * BODY_PT * scale / 72
    views = []
    for section in cells:
        if doc.poster:  # open space for the sticky notes the group posts on the wall
            views.append(replace(section, fields=[replace(f, lines=0) for f in section.fields]))
            continue
        head = _text_height_in(section.heading, cell_width, _CELL_HEADING, scale)
        head += _text_height_in(section.description, cell_width, _DESCRIPTION, scale)
        head += sum(_text_height_in(q, cell_width, _DESCRIPTION, scale) for q in section.questions)
        labels = sum(_text_height_in(f.label, cell_width, _LABEL, scale)
                     for f in section.fields if f.show_label)
        padding = 2 * 0.3 * BODY_PT * scale / 72  # .tkd-grid td, above and below
        space = (row_height - head - labels - padding - RESERVE_IN / 2) / max(1, len(section.fields))
        # As many lines as fit at no less than a narrow ruling, spread to fill the cell.
        lines = max(1, int(space / (GRID_LINE_IN * scale)))
        line_in = round(max(space / lines, GRID_LINE_IN * scale), 3)
        fields = [replace(f, lines=lines, line_in=line_in) for f in section.fields]
        views.append(replace(section, fields=fields))
    columns = len(grid.columns)
    return replace(doc, grid=GridView(
        caption=doc.heading,
        columns=list(grid.columns),
        rows=list(grid.rows),
        cells=[views[i:i + columns] for i in range(0, len(views), columns)],
        row_height_in=round(row_height, 2),
        label_width_in=label_width,
    ))
