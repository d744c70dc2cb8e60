"""The layout step shared by the PDF, DOCX and HTML renderers.

:func:`layout` turns a template definition, a district (or none) and a
variant into a :class:`Document`: every decision about *what* appears is made
here once (which rows are examples, which fields a district fills, the text of
the running header, the paper size, how tall a row to write in must be).

A third variant, ``filled``, is a template carrying a district's own plan: a
:class:`Filling` (made by :mod:`toolkit.documents.plan`) gives the text for
each plan key the template names, and its tables get one row per plan entry.
The renderers only decide *how* it looks in their format, so a PDF and a DOCX
of the same template can never disagree about their content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from toolkit.config import fill
from toolkit.config.district import District
from toolkit.model.provenance import credit_line
from toolkit.model.templates import VARIANTS, Field, Table, Template

#: Width and height in inches of each paper size, portrait.
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "letter": (8.5, 11.0),
    "a4": (210 / 25.4, 297 / 25.4),
}
MARGIN_IN = 0.6
#: Height of one handwritten line: comfortable for an adult's handwriting.
LINE_IN = 0.34
EXAMPLE_PREFIX = "Example: "
DEFAULT_LANGUAGE = "en"
FILLED = "filled"
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

    @property
    def inline(self) -> bool:
        """A one-line field shows its label on the line itself, as "Date: ____"."""
        return self.lines == 1 and not self.hint and not self.label_above


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
    sections: list[SectionView]
    credit: str = ""  # where the template comes from, printed at its foot

    @property
    def page_size_in(self) -> tuple[float, float]:
        """(width, height) in inches, already turned for landscape."""
        width, height = PAPER_SIZES[self.paper]
        return (height, width) if self.landscape else (width, height)

    @property
    def content_width_in(self) -> float:
        return self.page_size_in[0] - 2 * MARGIN_IN


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


def layout(
    template: Template,
    district: District | None = None,
    variant: str = "blank",
    *,
    paper: str = "letter",
    filling: Filling | None = None,
) -> Document:
    """Lay out ``template``; the ``filled`` variant needs a ``filling``."""
    if variant not in (*VARIANTS, FILLED):
        raise ValueError(f"variant must be one of {(*VARIANTS, FILLED)}, not {variant!r}")
    if (variant == FILLED) != (filling is not None):
        raise ValueError("a filling is given with, and only with, the filled variant")
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {sorted(PAPER_SIZES)}, not {paper!r}")
    examples = variant == "example"
    values = fill.fields(district)
    title = template.title + (" (example)" if examples else "")
    footer = title if district is None else f"{title} \u00b7 {values['short_name']}"
    header = running_header(district)
    instructions = template.instructions
    if filling is not None:
        footer = f"{template.title} \u00b7 {filling.short_name}"
        title, header = filling.title, filling.running_header
        instructions = ""  # how to fill in the form: moot once it is filled

    def field_view(f: Field) -> FieldView:
        value = ""
        is_example = False
        if filling is not None and f.plan_key:
            value = filling.fields.get(f.plan_key, "")
            if value:  # one line that wraps as it needs; a missing value keeps its lines
                return FieldView(label=f.label, lines=1, hint=f.hint, value=value,
                                 label_above=f.lines > 1)
        elif f.fill and district is not None and not fill.is_blank(values[f.fill]):
            value = values[f.fill]
        elif examples and f.example:
            value, is_example = f.example, True
        return FieldView(label=f.label, lines=f.lines, hint=f.hint, value=value, is_example=is_example)

    sections = []
    for section in template.sections:
        table = None
        if section.table is not None:
            table = _table_view(section.table, section.heading, examples, filling,
                                district.session.start_time if district is not None else None)
        sections.append(
            SectionView(
                heading=section.heading,
                description=section.description,
                questions=list(section.questions),
                fields=[field_view(f) for f in section.fields],
                table=table,
                checklist=list(section.checklist),
            )
        )
    return Document(
        id=template.id,
        variant=variant,
        title=title,
        heading=template.title,
        subtitle=template.subtitle,
        instructions=instructions,
        lang=district.language if district is not None else DEFAULT_LANGUAGE,
        landscape=template.landscape,
        paper=paper,
        running_header=header,
        footer=footer,
        header_fields=[field_view(f) for f in template.header],
        sections=sections,
        credit=credit_line(template.provenance),
    )


def agenda_time(start: dt.time | None, offset: int) -> str:
    """When an agenda item starts: a clock time when the session's start is known
    ("8:35 AM"), otherwise the time from the start ("0:35")."""
    if start is None:
        return f"{offset // 60}:{offset % 60:02d}"
    moment = dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=offset)
    return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def _table_view(table: Table, heading: str, examples: bool, filling: Filling | None,
                start: dt.time | None = None) -> TableView:
    total = sum(c.width for c in table.columns)
    columns = [
        ColumnView(c.heading, c.question, round(100 * c.width / total, 2)) for c in table.columns
    ]
    width = len(columns)
    rows: list[RowView] = []
    if filling is not None and table.plan_rows is not None:
        # Fill a table from a list of records: each column shows its plan key.
        for entry in filling.rows.get(table.plan_rows, []):
            rows.append(RowView(FILLED, [entry.get(c.plan_key, "") if c.plan_key else ""
                                         for c in table.columns]))
        rows.extend(RowView("blank", [""] * width) for _ in range(SPARE_ROWS))
        return TableView(caption=table.caption or heading, columns=columns, rows=rows,
                         row_height_in=round(table.row_lines * LINE_IN, 2), has_row_headers=False)
    if examples:
        for cells in table.examples:
            first = EXAMPLE_PREFIX + cells[0] if cells[0] else EXAMPLE_PREFIX.strip()
            rows.append(RowView("example", [first, *cells[1:]]))
    for item in table.agenda_rows:  # the time as the row's header, then what happens
        cells = [agenda_time(start, item.start), f"{item.title} ({item.minutes} min)"]
        rows.append(RowView("labelled", (cells + [""] * width)[:width]))
    for label in table.row_headings:
        rows.append(RowView("labelled", [label] + [""] * (width - 1)))
    rows.extend(RowView("blank", [""] * width) for _ in range(table.rows))
    return TableView(
        caption=table.caption or heading,
        columns=columns,
        rows=rows,
        row_height_in=round(table.row_lines * LINE_IN, 2),
        has_row_headers=bool(table.row_headings or table.agenda_rows),
    )
