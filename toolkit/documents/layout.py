"""The layout step shared by the PDF, DOCX and HTML renderers.

:func:`layout` turns a template definition, a district (or none) and a
variant into a :class:`Document`: every decision about *what* appears is made
here once (which rows are examples, which fields a district fills, the text of
the running header, the paper size, how tall a row to write in must be).
The renderers only decide *how* it looks in their format, so a PDF and a DOCX
of the same template can never disagree about their content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.config import fill
from toolkit.config.district import District
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


@dataclass(frozen=True)
class FieldView:
    label: str
    lines: int
    hint: str = ""
    value: str = ""  # printed on the first line: a district's value or an example
    is_example: bool = False


@dataclass(frozen=True)
class ColumnView:
    heading: str
    question: str
    percent: float  # share of the table width, 0-100


@dataclass(frozen=True)
class RowView:
    """A table row. ``kind`` is ``example``, ``labelled`` or ``blank``.

    A labelled row's first cell is a row header; a blank row's cells are all
    empty and the row is tall enough to write in by hand.
    """

    kind: str
    cells: list[str]


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

    @property
    def page_size_in(self) -> tuple[float, float]:
        """(width, height) in inches, already turned for landscape."""
        width, height = PAPER_SIZES[self.paper]
        return (height, width) if self.landscape else (width, height)

    @property
    def content_width_in(self) -> float:
        return self.page_size_in[0] - 2 * MARGIN_IN


def running_header(district: District | None) -> str:
    """The district's name and plan year, from the shared fill-ins."""
    if district is None:
        return ""
    values = fill.fields(district)
    return f"{values['district']} \u00b7 Plan year {values['plan_year']}"


def layout(
    template: Template,
    district: District | None = None,
    variant: str = "blank",
    *,
    paper: str = "letter",
) -> Document:
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {sorted(PAPER_SIZES)}, not {paper!r}")
    examples = variant == "example"
    values = fill.fields(district)
    title = template.title + (" (example)" if examples else "")
    footer = title if district is None else f"{title} \u00b7 {values['short_name']}"

    def field_view(f: Field) -> FieldView:
        value = ""
        is_example = False
        if f.fill and district is not None and not fill.is_blank(values[f.fill]):
            value = values[f.fill]
        elif examples and f.example:
            value, is_example = f.example, True
        return FieldView(label=f.label, lines=f.lines, hint=f.hint, value=value, is_example=is_example)

    sections = []
    for section in template.sections:
        table = None
        if section.table is not None:
            table = _table_view(section.table, section.heading, examples)
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
        instructions=template.instructions,
        lang=district.language if district is not None else DEFAULT_LANGUAGE,
        landscape=template.landscape,
        paper=paper,
        running_header=running_header(district),
        footer=footer,
        header_fields=[field_view(f) for f in template.header],
        sections=sections,
    )


def _table_view(table: Table, heading: str, examples: bool) -> TableView:
    total = sum(c.width for c in table.columns)
    columns = [
        ColumnView(c.heading, c.question, round(100 * c.width / total, 2)) for c in table.columns
    ]
    width = len(columns)
    rows: list[RowView] = []
    if examples:
        for cells in table.examples:
            first = EXAMPLE_PREFIX + cells[0] if cells[0] else EXAMPLE_PREFIX.strip()
            rows.append(RowView("example", [first, *cells[1:]]))
    for label in table.row_headings:
        rows.append(RowView("labelled", [label] + [""] * (width - 1)))
    rows.extend(RowView("blank", [""] * width) for _ in range(table.rows))
    return TableView(
        caption=table.caption or heading,
        columns=columns,
        rows=rows,
        row_height_in=round(table.row_lines * LINE_IN, 2),
        has_row_headers=bool(table.row_headings),
    )
