"""Draw one planned slide with python-pptx's public API.

Titles and body text go into the layout's real placeholders (the title
placeholder, the content or subtitle placeholder), so every client shows them
as editable slide text and outlines, and assistive technology finds the
title. Diagrams are native shapes (boxes of editable text joined by
connectors glued to them) and tables native tables with a header row; they
come after the title in the shape tree, which is the reading order. The
logo, colours, bars, footer and slide number are on the layouts
(:mod:`toolkit.slides.master`), not on the slides.

Everything here draws on a python-pptx ``Slide`` through its public API and
the few XML tweaks of :mod:`toolkit.slides.oxml` it has no API for. The
reference writer draws each slide of a deck with :func:`draw`; the fast one
(:mod:`toolkit.slides.drawn`) draws the same pieces once per process and
reuses them. Both draw in the same order, so their slides are the same.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.parts.image import Image
from pptx.shapes.base import BaseShape
from pptx.slide import NotesSlide, Slide

from toolkit.slides import oxml
from toolkit.slides.base import LAYOUT_NAMES
from toolkit.slides.compose import Fitted, PlannedSlide
from toolkit.slides.layout import Box, emu
from toolkit.slides.theme import Theme
from toolkit.slides.visuals import STYLES, PlannedDiagram, PlannedTable

#: The layout (by position in the base template) each kind of slide is made from.
LAYOUTS = {kind: LAYOUT_NAMES.index(name) for kind, name in {
    "title": "Title Slide", "bullets": "Title and Content", "section": "Section Header",
    "activity": "Section Header", "agenda": "Title Only", "diagram": "Title Only",
    "table": "Title Only", "rewrite": "Title Only",
}.items()}
#: Kinds whose second placeholder holds a subtitle, when they have one.
SUBTITLED = ("title", "section", "activity")
#: Connection points of a (rounded) rectangle: its right and left edge's middle.
_RIGHT, _LEFT = 3, 1


def rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def place(shape: BaseShape, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = (
        emu(box.x), emu(box.y), emu(box.w), emu(box.h)
    )


def paragraphs_xml(fitted: Fitted, color: str, lang: str) -> list[oxml.ParagraphXml]:
    """``fitted`` paragraphs exactly as they were measured."""
    role = fitted.role
    return [
        oxml.ParagraphXml(
            text=para.text,
            lang=lang,
            level=para.level,
            size=round(fitted.size_of(para) * 100),
            bold=role.bold or para.bold,
            color=color,
            margin=emu(role.indents[para.level]) if role.bullets else 0,
            indent=-emu(role.bullet_gap) if role.bullets else 0,
            space_before=round(role.gap_before(fitted.size, para.level) * 100) if index else 0,
            bullet=role.bullets,
        )
        for index, para in enumerate(fitted.paras)
    ]


def write_text(shape: BaseShape, box: Box, fitted: Fitted, color: str, lang: str) -> None:
    """Set ``fitted`` paragraphs in ``shape`` at ``box``."""
    place(shape, box)
    oxml.replace_text_body(shape, paragraphs_xml(fitted, color, lang),
                           insets=(emu(box.inset_x), emu(box.inset_y)), anchor=fitted.role.anchor)


@lru_cache(maxsize=16)
def _pixel_size(path: str, mtime: float) -> tuple[int, int]:
    return Image.from_file(path).size


def image_size(path: Path) -> tuple[int, int]:
    """Width and height of a picture in pixels (read once per file)."""
    return _pixel_size(str(path), path.stat().st_mtime)


def add_textbox(slide: Slide, name: str, box: Box, fitted: Fitted, color: str,
                lang: str) -> BaseShape:
    shape = slide.shapes.add_textbox(emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    shape.name = name
    write_text(shape, box, fitted, color, lang)
    return shape


def has_text(plan: PlannedSlide) -> bool:
    """Whether the slide keeps its body (or subtitle) placeholder."""
    return plan.text is not None and plan.frame.text is not None


def prepare(slide: Slide, kind: str, with_text: bool) -> None:
    """A new slide of ``kind``: no empty subtitle placeholder, the title read first."""
    if kind in SUBTITLED and not with_text:
        oxml.remove_shape(slide.placeholders[1])
    oxml.read_first(slide.shapes.title)


def write_texts(slide: Slide, plan: PlannedSlide, theme: Theme, lang: str) -> None:
    """The title, and the body or subtitle, set in their placeholders."""
    text_color, title_color = colors(plan.kind, theme)
    write_text(slide.shapes.title, plan.frame.title, plan.title, title_color, lang)
    if has_text(plan):
        assert plan.text is not None and plan.frame.text is not None
        write_text(slide.placeholders[1], plan.frame.text, plan.text, text_color, lang)


def draw_visual(slide: Slide, plan: PlannedSlide, theme: Theme, lang: str) -> None:
    """The slide's diagram or table, if it has one."""
    if isinstance(plan.visual, PlannedDiagram):
        draw_diagram(slide, plan.visual, theme, lang)
    elif isinstance(plan.visual, PlannedTable):
        draw_table(slide, plan.visual, theme, lang)


def draw_diagram(slide: Slide, diagram: PlannedDiagram, theme: Theme, lang: str) -> None:
    """Boxes in reading order, then the arrows (glued to the boxes, so they follow a box a
    user moves; decorative: the boxes' order and the notes say what they show), the note."""
    boxes = []
    for planned in diagram.boxes:
        fill, text, border = STYLES[planned.style]
        box = planned.box
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, emu(box.x), emu(box.y),
                                       emu(box.w), emu(box.h))
        shape.name = planned.name
        shape.adjustments[0] = 0.08
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(getattr(theme, fill))
        if border is None:
            shape.line.fill.background()
        else:
            shape.line.color.rgb = rgb(getattr(theme, border))
            shape.line.width = emu(1.5)
        shape.shadow.inherit = False
        write_text(shape, box, planned.text, getattr(theme, text), lang)
        boxes.append(shape)
    for source, target in diagram.links:
        arrow = slide.shapes.add_connector(MSO_CONNECTOR.ELBOW, 0, 0, 0, 0)
        arrow.begin_connect(boxes[source], _RIGHT)
        arrow.end_connect(boxes[target], _LEFT)
        arrow.name = "Arrow"
        oxml.arrow_end(arrow, emu(2.25), theme.line)
        oxml.mark_decorative(arrow)
    if diagram.note is not None:
        box, fitted = diagram.note
        add_textbox(slide, "Note", box, fitted, theme.body_text, lang)


def draw_table(slide: Slide, planned: PlannedTable, theme: Theme, lang: str) -> None:
    """A native table: a header row in the cover colours, row headers tinted, rows banded."""
    box = planned.box
    rows, columns = len(planned.cells), len(planned.widths)
    frame = slide.shapes.add_table(rows, columns, emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    frame.name = planned.name
    table = frame.table
    table.first_row = True
    table.first_col = planned.row_headers
    table.horz_banding = False
    for column, width in zip(table.columns, planned.widths, strict=True):
        column.width = emu(width)
    for row, height in zip(table.rows, planned.heights, strict=True):
        row.height = emu(height)
    for r, row_cells in enumerate(planned.cells):
        for c, fitted in enumerate(row_cells):
            if r == 0:
                fill, text = theme.cover_background, theme.cover_text
            elif c == 0 and planned.row_headers:
                fill, text = theme.panel, theme.panel_text
            else:
                fill, text = (theme.background, theme.body_text) if r % 2 else (
                    theme.neutral, theme.neutral_text)
            cell = table.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = rgb(fill)
            oxml.replace_cell_text(cell, paragraphs_xml(fitted, text, lang))


def write_notes(notes: NotesSlide, text: str, lang: str) -> None:
    """The speaker notes, one paragraph a line."""
    oxml.replace_text_body(notes.notes_placeholder,
                           [oxml.ParagraphXml(line, lang) for line in text.split("\n")],
                           insets=(emu(7.2), emu(3.6)))


def draw(slide: Slide, plan: PlannedSlide, theme: Theme, lang: str) -> None:
    """All of ``plan`` on a new slide of its layout, in ``theme``'s colours, with its notes."""
    prepare(slide, plan.kind, has_text(plan))
    notes = slide.notes_slide
    write_texts(slide, plan, theme, lang)
    draw_visual(slide, plan, theme, lang)
    write_notes(notes, plan.notes, lang)


def colors(kind: str, theme: Theme) -> tuple[str, str]:
    """Text and title colours of a kind of slide (its background is its layout's)."""
    if kind == "title":
        return theme.cover_text, theme.cover_text
    if kind in ("section", "activity"):
        return theme.section_text, theme.section_text
    return theme.body_text, theme.title_text
