"""Templates as Word documents (python-docx), for teams that type into them.

The DOCX follows the same :class:`~toolkit.documents.layout.Document` as the
PDF: real Word tables whose header row repeats on every page (``w:tblHeader``)
and whose rows do not split, heading styles for the structure a screen reader
lists, the title and language in the core properties and the styles, and a
landscape section wherever the PDF is landscape. District text is set as run
text, which python-docx escapes for XML.

Each document is drawn through python-docx on a copy of one base document
that :mod:`toolkit.office.wordprocessing` hands out and packages;
:func:`reference_docx` draws the same document on the base opened and saved
by python-docx itself, for the tests to compare with.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache, partial

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section as DocxSection
from docx.shared import Inches, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from toolkit.config.district import District
from toolkit.documents.layout import (
    EXAMPLE_PREFIX,
    MARGIN_IN,
    TOP_MARGIN_IN,
    Document,
    FieldView,
    GridView,
    SectionView,
    TableView,
    layout_copies,
)
from toolkit.model.provenance import CREDIT_LABEL
from toolkit.model.templates import Template
from toolkit.office import reference, wordprocessing
from toolkit.pipeline.dates import build_datetime

FONT = "Arial"  # Liberation Sans, used by the PDF, has the same metrics
SYMBOL_FONT = "Segoe UI Symbol"  # has the checklist's box; LibreOffice falls back to DejaVu
BODY_PT = 10.5
TEXT_LINE_PT = 12.5  # one line of body text, single spaced (Arial 10.5 pt)
#: On a poster, a grid's cell headings and its axis headings, in em of the body (as fragment.css).
POSTER_CELL_HEADING_EM = 1.9
POSTER_AXIS_EM = 1.3
HEADING_COLOR = RGBColor(0x1F, 0x3B, 0x57)  # 11:1 on white
MUTED_COLOR = RGBColor(0x33, 0x33, 0x33)
HEADER_FILL = "E3EAF2"
ROW_HEADER_FILL = "F2F5F8"
EXAMPLE_FILL = "F4F4F4"
LINE_COLOR = "595959"
AUTHOR = "Action planning toolkit"
CORE_PROPERTY_MAX = 255


def render_docx(
    template: Template, district: District | None, variant: str = "blank", *, paper: str = "letter"
) -> bytes:
    """A template as an editable DOCX on US Letter (default) or A4 paper."""
    return docx_bytes(layout_copies(template, district, variant, paper=paper))


def docx_bytes(docs: Document | Sequence[Document]) -> bytes:
    """Write ``docs`` (one document, or a set one after another); the same documents give the same bytes.

    Each document of a set starts a new section on a new page, numbered from 1.
    """
    docs = _as_list(docs)
    return wordprocessing.write(_base_document(docs[0].lang), partial(_draw, docs=docs),
                                build_datetime())


def reference_docx(docs: Document | Sequence[Document]) -> bytes:
    """``docs`` as :func:`docx_bytes` writes them, made through python-docx's public API only."""
    docs = _as_list(docs)
    return reference.document(_base_document(docs[0].lang), partial(_draw, docs=docs))


def _as_list(docs: Document | Sequence[Document]) -> list[Document]:
    return [docs] if isinstance(docs, Document) else list(docs)


def _draw(word: DocxDocument, docs: list[Document]) -> None:
    """Everything of ``docs`` on a new copy of the base document."""
    first = docs[0]
    _setup_section(word, first)
    _set_properties(word, first)
    for index, doc in enumerate(docs):
        if index:
            _restart_page_numbers(word.add_section(WD_SECTION.NEW_PAGE))
        _body(word, doc)
    if first.scale != 1:
        _scale_type(word, first.scale)


def _body(word: DocxDocument, doc: Document) -> None:
    title = _styled(word, "Heading 1")
    title.add_run(doc.heading)
    if doc.variant == "example":
        title.add_run(" (example)").bold = False
    if doc.subtitle:
        _paragraph(word, doc.subtitle, bold=True, size=12)
    if doc.instructions:
        _paragraph(word, doc.instructions, color=MUTED_COLOR, size=BODY_PT * 0.9)
    for row in doc.header_rows:
        if len(row) > 1:
            _field_row(word, row, doc)
        else:
            _field(word, row[0], doc.line_in)
    if doc.grid is not None:
        _grid(word, doc.grid, doc)
    for section in doc.sections:
        _styled(word, "Heading 2", section.heading)
        _section_body(word, section, doc)
    if doc.credit:
        credit = _paragraph(word, CREDIT_LABEL + " ", bold=True, size=8.5, color=MUTED_COLOR)
        _small(credit.add_run(doc.credit))


def _section_body(container: object, section: SectionView, doc: Document) -> None:
    """A section after its heading: in the document's flow, or in a cell of a grid."""
    if section.description:
        _paragraph(container, section.description, color=MUTED_COLOR, keep_with_next=True,
                   size=BODY_PT * 0.9)
    for question in section.questions:
        para = _styled(container, "List Bullet", question)
        para.paragraph_format.keep_with_next = True
    if section.table is not None:
        _table(container, section.table, doc.content_width_in)
    for item in section.checklist:
        para = container.add_paragraph()  # type: ignore[attr-defined]
        box = para.add_run("\u2610\u00a0\u00a0")
        _set_font(box, SYMBOL_FONT)
        para.add_run(item)
        para.paragraph_format.left_indent = Inches(0.3)
        para.paragraph_format.first_line_indent = Inches(-0.3)
        para.paragraph_format.space_after = Pt(4)
    for field in section.fields:
        _field(container, field, doc.line_in)


# -- document setup ----------------------------------------------------------------


@lru_cache(maxsize=4)
def _base_document(lang: str) -> bytes:
    """python-docx's default document with our fonts, headings and language, as bytes.

    Made once per language and reopened for every document: the styles are
    the same for all of them, and setting them up again each time cost a
    tenth of a document's time.
    """
    word = new_docx()
    _setup_styles(word, lang)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _styled(word: object, style: str, text: str = "") -> Paragraph:
    """A paragraph in one of the built-in styles, by name (in the document or a table cell)."""
    return word.add_paragraph(text, style=style)  # type: ignore[attr-defined]


def _setup_styles(word: object, lang: str) -> None:
    styles = word.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(3)
    _set_font(normal, FONT)
    # The language every run inherits, so spelling and screen readers agree.
    rpr_default = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang_el = rpr_default.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr_default.append(lang_el)
    lang_el.set(qn("w:val"), lang)
    for name, size in (("Heading 1", 17), ("Heading 2", 13)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = HEADING_COLOR
        _set_font(style, FONT)
        style.paragraph_format.space_before = Pt(12 if name == "Heading 2" else 0)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True


def _setup_section(word: object, doc: Document) -> None:
    section = word.sections[0]  # type: ignore[attr-defined]
    width, height = doc.page_size_in
    section.orientation = WD_ORIENT.LANDSCAPE if doc.landscape else WD_ORIENT.PORTRAIT
    section.page_width = Inches(width)
    section.page_height = Inches(height)
    for side in ("left_margin", "right_margin", "bottom_margin"):
        setattr(section, side, Inches(MARGIN_IN))
    section.top_margin = Inches(TOP_MARGIN_IN)
    section.header_distance = Inches(0.3)
    section.footer_distance = Inches(0.3)
    header = section.header.paragraphs[0]
    if doc.running_header:
        _small(header.add_run(doc.running_header), doc.scale)
    footer = section.footer.paragraphs[0]
    _small(footer.add_run(doc.footer + "\u2003Page "), doc.scale)
    _page_number(footer, doc.scale)


def _restart_page_numbers(section: DocxSection) -> None:
    """The next copy of a set is numbered from page 1, as its PDF is."""
    sect_pr = section._sectPr
    numbering = sect_pr.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        # pgNumType comes after the page size, margins and paper source, before columns.
        sect_pr.insert_element_before(numbering, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                                      "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter",
                                      "w:docGrid", "w:printerSettings", "w:sectPrChange")
    numbering.set(qn("w:start"), "1")


#: Type sizes of the styles a poster's runs inherit when they set none of their own.
_STYLE_PT = {"Heading 1": 17.0, "Heading 2": 13.0}


def _scale_type(word: DocxDocument, scale: float) -> None:
    """A poster's type: every run of the body set ``scale`` times its size.

    The styles part is shared by every document made in the process, so the
    poster's sizes go on its runs, not on its styles.
    """
    cells = [cell for table in word.tables for row in table.rows for cell in row.cells]
    for para in [*word.paragraphs, *(p for cell in cells for p in cell.paragraphs)]:
        base = _STYLE_PT.get(para.style.name if para.style is not None else "", BODY_PT)
        for run in para.runs:
            size = run.font.size.pt if run.font.size else base
            run.font.size = Pt(round(size * scale * 2) / 2)


def _set_properties(word: object, doc: Document) -> None:
    props = word.core_properties  # type: ignore[attr-defined]
    when = build_datetime().replace(tzinfo=None)
    props.title = _property_text(doc.title)
    props.subject = _property_text(doc.subtitle)
    props.language = doc.lang
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.comments = ""
    props.keywords = "action plan; template"
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


def _property_text(text: str) -> str:
    """Core properties hold at most 255 characters; a longer title is cut with an ellipsis.

    A 300-character district name in a filled plan's title needs this; the
    page header still shows it whole.
    """
    return text if len(text) <= CORE_PROPERTY_MAX else text[: CORE_PROPERTY_MAX - 1] + "\u2026"


# -- blocks ------------------------------------------------------------------------


def _field(word: object, field: FieldView, line_in: float) -> None:
    """A label and lines to write on: bordered paragraphs a typist can also use."""
    inline = field.inline and field.show_label
    if not inline and field.show_label:
        label = _paragraph(word, field.label, bold=True, keep_with_next=True)
        label.paragraph_format.space_before = Pt(6)
    if field.hint:
        hint = _paragraph(word, field.hint, color=MUTED_COLOR, keep_with_next=True)
        for run in hint.runs:
            run.italic = True
    for index in range(field.lines):
        para = _ruled_line(word, field.line_in or line_in, keep_with_next=index < field.lines - 1,
                           text=index == 0 and bool(field.value))
        if inline:
            para.add_run(field.inline_label + " ").bold = True
        if index == 0 and field.value:
            text = (EXAMPLE_PREFIX if field.is_example else "") + field.value
            run = para.add_run(text)
            run.italic = field.is_example


def _field_row(word: object, fields: list[FieldView], doc: Document) -> None:
    """One-line fields side by side on one ruled line ("Team: ____ Date: ____"), a tab apart."""
    para = _ruled_line(word, doc.line_in, keep_with_next=False, text=any(f.value for f in fields))
    para.paragraph_format.space_before = Pt(4)
    share = doc.content_width_in / len(fields)
    for index, field in enumerate(fields):
        if index:
            para.paragraph_format.tab_stops.add_tab_stop(Inches(share * index))
            para.add_run("\t")
        para.add_run(field.inline_label + " ").bold = True
        if field.value:
            para.add_run((EXAMPLE_PREFIX if field.is_example else "") + field.value).italic = (
                field.is_example or None)


def _axis(run: object, doc: Document) -> None:
    """A grid's column or row heading: bold, and larger on a poster (.tkd-poster .tkd-grid th)."""
    run.bold = True  # type: ignore[attr-defined]
    if doc.poster:
        run.font.size = Pt(BODY_PT * POSTER_AXIS_EM)  # type: ignore[attr-defined]


def _ruled_line(word: object, line_in: float, *, keep_with_next: bool, text: bool = False) -> Paragraph:
    """One line to write on, ``line_in`` high, its text sitting at its foot.

    An empty line is one line of exactly that height. A line holding ``text``
    (a value, an example) starts with the space a line leaves above its text,
    so a value that wraps runs on in ordinary lines, as it does in the PDF.
    """
    para = word.add_paragraph()  # type: ignore[attr-defined]
    fmt = para.paragraph_format
    if text:
        fmt.space_before = Pt(max(0.0, line_in * 72 - TEXT_LINE_PT))
    else:
        fmt.line_spacing = Pt(line_in * 72)
        fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.keep_with_next = keep_with_next
    _bottom_border(para)
    return para


def _grid(word: DocxDocument, grid: GridView, doc: Document) -> None:
    """Sections side by side: a table whose header row and first column hold the axes."""
    table: DocxTable = word.add_table(rows=1 + len(grid.rows), cols=1 + len(grid.columns))
    table._tbl.tblPr.style = "TableGrid"  # by id, as in _styled
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _table_properties(table, grid.caption, grid.summary)
    cell_width = (doc.content_width_in - grid.label_width_in) / len(grid.columns)
    widths = [Inches(grid.label_width_in)] + [Inches(cell_width)] * len(grid.columns)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
    header = table.rows[0]
    _row_flags(header, is_header=True)
    for index, (cell, width) in enumerate(zip(header.cells, widths, strict=True)):
        cell.width = width
        if index:
            _shade(cell, HEADER_FILL)
            para = cell.paragraphs[0]
            _axis(para.add_run(grid.columns[index - 1]), doc)
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.paragraph_format.keep_with_next = True
    for label, sections, row in zip(grid.rows, grid.cells, table.rows[1:], strict=True):
        _row_flags(row, is_header=False)
        row.height = Inches(grid.row_height_in)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        cells = row.cells
        cells[0].width = widths[0]
        _shade(cells[0], ROW_HEADER_FILL)
        cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _axis(cells[0].paragraphs[0].add_run(label), doc)
        for cell, section, width in zip(cells[1:], sections, widths[1:], strict=True):
            cell.width = width
            heading = cell.paragraphs[0]
            heading.style = "Heading 2"
            run = heading.add_run(section.heading)
            if doc.poster:  # read from across the room (fragment.css: .tkd-poster .tkd-cell h2)
                run.font.size = Pt(BODY_PT * POSTER_CELL_HEADING_EM)
            heading.paragraph_format.space_before = Pt(0)
            _section_body(cell, section, doc)
    _spacer(word)


def _table(word: object, view: TableView, content_width_in: float) -> None:
    caption = _paragraph(word, view.caption, bold=True, keep_with_next=True)
    caption.paragraph_format.space_before = Pt(4)
    table: DocxTable = word.add_table(rows=1 + len(view.rows), cols=len(view.columns))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _table_properties(table, view.caption, view.summary)
    widths = [Inches(content_width_in * c.percent / 100) for c in view.columns]
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width

    header = table.rows[0]
    _row_flags(header, is_header=True)
    for cell, column, width in zip(header.cells, view.columns, widths, strict=True):
        cell.width = width
        _shade(cell, HEADER_FILL)
        para = cell.paragraphs[0]
        para.add_run(column.heading).bold = True
        para.paragraph_format.keep_with_next = True
        if column.question:
            q = cell.add_paragraph()
            q.paragraph_format.keep_with_next = True
            _small(q.add_run(column.question))

    last = len(view.rows) - 1
    for index, (row_view, row) in enumerate(zip(view.rows, table.rows[1:], strict=True)):
        _row_flags(row, is_header=False)
        if row_view.writable:
            row.height = Inches(view.row_height_in)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for column, (cell, text, width) in enumerate(zip(row.cells, row_view.cells, widths, strict=True)):
            cell.width = width
            if not text:
                continue
            run = cell.paragraphs[0].add_run(text)  # a newline becomes a line break (w:br)
            if row_view.kind == "example":
                run.italic = True
                _shade(cell, EXAMPLE_FILL)
            elif row_view.kind == "labelled" and column == 0:
                run.bold = True
                _shade(cell, ROW_HEADER_FILL)
        # No row alone at the foot or the head of a page: the first row keeps
        # with the second, the one before last with the last (as the PDF's CSS).
        if index == 0 or index == last - 1:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    _spacer(word)


def _spacer(word: object) -> None:
    """Word needs a paragraph between (and after) tables; keep it tiny so a
    table that ends a page never pushes an empty page out after it."""
    spacer = word.add_paragraph().paragraph_format  # type: ignore[attr-defined]
    spacer.space_before = spacer.space_after = Pt(0)
    spacer.line_spacing = Pt(4)


# -- OOXML details python-docx has no API for ----------------------------------------


def _table_properties(table: DocxTable, caption: str, summary: str) -> None:
    """Alt text: Word's table title and description (the last tblPr children)."""
    tbl_pr = table._tbl.tblPr
    title = OxmlElement("w:tblCaption")
    title.set(qn("w:val"), caption)
    tbl_pr.append(title)
    description = OxmlElement("w:tblDescription")
    description.set(qn("w:val"), summary)
    tbl_pr.append(description)


def _row_flags(row: object, *, is_header: bool) -> None:
    """Rows never split across pages; the header row repeats on each page."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)
    if is_header:
        tbl_header = OxmlElement("w:tblHeader")
        tr_pr.append(tbl_header)


def _shade(cell: object, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _bottom_border(para: Paragraph) -> None:
    p_pr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    # Word joins the borders of neighbouring paragraphs that share them; the
    # "between" border draws a line between each of a field's lines.
    for side in ("w:bottom", "w:between"):
        line = OxmlElement(side)
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", LINE_COLOR)):
            line.set(qn(key), value)
        borders.append(line)
    # pBdr must precede spacing, indentation and justification in pPr.
    p_pr.insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
        "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
        "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
        "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange",
    )


def _page_number(para: Paragraph, scale: float) -> None:
    """A PAGE field: Word and LibreOffice fill in the number when they lay out."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = para.add_run()
        _small(run, scale)
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _set_font(target: object, name: str) -> None:
    """Set every script's font, not only the ASCII one python-docx sets."""
    element = target.element if hasattr(target, "element") else target._element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    # Theme fonts would win over the names set above.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def _paragraph(
    word: object,
    text: str,
    *,
    bold: bool = False,
    size: float | None = None,
    color: RGBColor | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    para = word.add_paragraph()  # type: ignore[attr-defined]
    run = para.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    para.paragraph_format.keep_with_next = keep_with_next or None
    return para


def _small(run: object, scale: float = 1.0) -> None:
    run.font.size = Pt(8.5 * scale)  # type: ignore[attr-defined]
    run.font.color.rgb = MUTED_COLOR  # type: ignore[attr-defined]

