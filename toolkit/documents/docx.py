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
from functools import lru_cache, partial

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from toolkit.config.district import District
from toolkit.documents.layout import (
    EXAMPLE_PREFIX,
    LINE_IN,
    MARGIN_IN,
    Document,
    FieldView,
    TableView,
    layout,
)
from toolkit.model.provenance import CREDIT_LABEL
from toolkit.model.templates import Template
from toolkit.office import reference, wordprocessing
from toolkit.pipeline.dates import build_datetime

FONT = "Arial"  # Liberation Sans, used by the PDF, has the same metrics
SYMBOL_FONT = "Segoe UI Symbol"  # has the checklist's box; LibreOffice falls back to DejaVu
BODY_PT = 10.5
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
    return docx_bytes(layout(template, district, variant, paper=paper))


def docx_bytes(doc: Document) -> bytes:
    """Write ``doc``; the same document always gives the same bytes."""
    return wordprocessing.write(_base_document(doc.lang), partial(_draw, doc=doc), build_datetime())


def reference_docx(doc: Document) -> bytes:
    """``doc`` as :func:`docx_bytes` writes it, made through python-docx's public API only."""
    return reference.document(_base_document(doc.lang), partial(_draw, doc=doc))


def _draw(word: DocxDocument, doc: Document) -> None:
    """Everything of ``doc`` on a new copy of the base document."""
    _setup_section(word, doc)
    _set_properties(word, doc)

    title = _styled(word, "Heading 1")
    title.add_run(doc.heading)
    if doc.variant == "example":
        title.add_run(" (example)").bold = False
    if doc.subtitle:
        _paragraph(word, doc.subtitle, bold=True, size=12)
    if doc.instructions:
        _paragraph(word, doc.instructions, color=MUTED_COLOR)
    for field in doc.header_fields:
        _field(word, field)
    for section in doc.sections:
        _styled(word, "Heading 2", section.heading)
        if section.description:
            _paragraph(word, section.description, color=MUTED_COLOR, keep_with_next=True)
        for question in section.questions:
            para = _styled(word, "List Bullet", question)
            para.paragraph_format.keep_with_next = True
        if section.table is not None:
            _table(word, section.table, doc.content_width_in)
        for item in section.checklist:
            para = word.add_paragraph()
            box = para.add_run("\u2610\u00a0\u00a0")
            _set_font(box, SYMBOL_FONT)
            para.add_run(item)
            para.paragraph_format.left_indent = Inches(0.3)
            para.paragraph_format.first_line_indent = Inches(-0.3)
            para.paragraph_format.space_after = Pt(4)
        for field in section.fields:
            _field(word, field)
    if doc.credit:
        credit = _paragraph(word, CREDIT_LABEL + " ", bold=True, size=8.5, color=MUTED_COLOR)
        _small(credit.add_run(doc.credit))


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


def _styled(word: DocxDocument, style: str, text: str = "") -> Paragraph:
    """A paragraph in one of the built-in styles, by name."""
    return word.add_paragraph(text, style=style)


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
    section.top_margin = Inches(MARGIN_IN + 0.45)
    section.header_distance = Inches(0.3)
    section.footer_distance = Inches(0.3)
    header = section.header.paragraphs[0]
    if doc.running_header:
        _small(header.add_run(doc.running_header))
    footer = section.footer.paragraphs[0]
    _small(footer.add_run(doc.footer + "\u2003Page "))
    _page_number(footer)


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


def _field(word: object, field: FieldView) -> None:
    """A label and lines to write on: bordered paragraphs a typist can also use."""
    inline = field.inline
    if not inline:
        label = _paragraph(word, field.label, bold=True, keep_with_next=True)
        label.paragraph_format.space_before = Pt(6)
        if field.hint:
            hint = _paragraph(word, field.hint, color=MUTED_COLOR, keep_with_next=True)
            for run in hint.runs:
                run.italic = True
    for index in range(field.lines):
        para = word.add_paragraph()  # type: ignore[attr-defined]
        fmt = para.paragraph_format
        # One exact-height line per handwritten line; the text sits at its foot.
        fmt.line_spacing = Pt(LINE_IN * 72)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.keep_with_next = index < field.lines - 1
        _bottom_border(para)
        if inline:
            para.add_run(field.label + ": ").bold = True
        if index == 0 and field.value:
            text = (EXAMPLE_PREFIX if field.is_example else "") + field.value
            run = para.add_run(text)
            run.italic = field.is_example


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
            _small(q.add_run(column.question))

    for row_view, row in zip(view.rows, table.rows[1:], strict=True):
        _row_flags(row, is_header=False)
        if row_view.writable:
            row.height = Inches(view.row_height_in)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for index, (cell, text, width) in enumerate(zip(row.cells, row_view.cells, widths, strict=True)):
            cell.width = width
            if not text:
                continue
            run = cell.paragraphs[0].add_run(text)  # a newline becomes a line break (w:br)
            if row_view.kind == "example":
                run.italic = True
                _shade(cell, EXAMPLE_FILL)
            elif row_view.kind == "labelled" and index == 0:
                run.bold = True
                _shade(cell, ROW_HEADER_FILL)
    # Word needs a paragraph between (and after) tables; keep it tiny so a
    # table that ends a page never pushes an empty page out after it.
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


def _page_number(para: Paragraph) -> None:
    """A PAGE field: Word and LibreOffice fill in the number when they lay out."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = para.add_run()
        _small(run)
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


def _small(run: object) -> None:
    run.font.size = Pt(8.5)  # type: ignore[attr-defined]
    run.font.color.rgb = MUTED_COLOR  # type: ignore[attr-defined]

