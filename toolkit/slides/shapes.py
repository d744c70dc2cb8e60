"""Layout helpers: draw one planned slide with python-pptx.

Titles and body text go into the layout's real placeholders (the title
placeholder, the content or subtitle placeholder), so every client shows them
as editable slide text and outlines, and assistive technology finds the
title. Decorations come after the text in the shape tree, and the title is
moved first, so the reading order starts with the title.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.parts.image import Image
from pptx.presentation import Presentation
from pptx.shapes.base import BaseShape
from pptx.slide import Slide

from toolkit.slides import oxml, package
from toolkit.slides.compose import Fitted, PlannedSlide
from toolkit.slides.layout import Box, emu
from toolkit.slides.theme import Theme

#: Layouts of the base template: Title Slide, Title and Content, Section Header.
LAYOUTS = {"title": 0, "bullets": 1, "section": 2}


def rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def place(shape: BaseShape, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = (
        emu(box.x), emu(box.y), emu(box.w), emu(box.h)
    )


def write_text(shape: BaseShape, box: Box, fitted: Fitted, color: str, lang: str) -> None:
    """Set ``fitted`` paragraphs in ``shape`` at ``box`` exactly as they were measured."""
    place(shape, box)
    role = fitted.role
    paragraphs = [
        oxml.ParagraphXml(
            text=para.text,
            lang=lang,
            level=para.level,
            size=round(fitted.size_of(para) * 100),
            bold=role.bold,
            color=color,
            margin=emu(role.indents[para.level]) if role.bullets else 0,
            indent=-emu(role.bullet_gap) if role.bullets else 0,
            space_before=round(role.gap_before(fitted.size, para.level) * 100) if index else 0,
            bullet=role.bullets,
        )
        for index, para in enumerate(fitted.paras)
    ]
    oxml.replace_text_body(shape, paragraphs, insets=(emu(box.inset_x), emu(box.inset_y)),
                           anchor=role.anchor)


def add_bar(slide: Slide, name: str, box: Box, color: str) -> BaseShape:
    """A plain coloured rectangle, marked decorative."""
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(box.x), emu(box.y), emu(box.w),
                                 emu(box.h))
    bar.name = name
    bar.fill.solid()
    bar.fill.fore_color.rgb = rgb(color)
    bar.line.fill.background()
    bar.shadow.inherit = False
    oxml.mark_decorative(bar)
    return bar


@lru_cache(maxsize=16)
def _pixel_size(path: str, mtime: float) -> tuple[int, int]:
    return Image.from_file(path).size


def image_size(path: Path) -> tuple[int, int]:
    """Width and height of a picture in pixels (read once per file)."""
    return _pixel_size(str(path), path.stat().st_mtime)


def add_logo(slide: Slide, path: Path, box: Box, alt: str) -> BaseShape:
    """The logo scaled to fit ``box`` (aligned right), with ``alt`` as its description."""
    width_px, height_px = image_size(path)
    scale = min(box.w / width_px, box.h / height_px)
    width, height = width_px * scale, height_px * scale
    picture = slide.shapes.add_picture(
        str(path), emu(box.right - width), emu(box.y + (box.h - height) / 2), emu(width),
        emu(height)
    )
    picture.name = "Logo"
    oxml.set_alt_text(picture, alt)
    return picture


def add_textbox(slide: Slide, name: str, box: Box, fitted: Fitted, color: str,
                lang: str) -> BaseShape:
    shape = slide.shapes.add_textbox(emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    shape.name = name
    write_text(shape, box, fitted, color, lang)
    return shape


def draw_slide(prs: Presentation, plan: PlannedSlide, theme: Theme, lang: str,
               logo: tuple[Path, str] | None) -> Slide:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUTS[plan.kind]])
    background, text_color, title_color, bar_color = _colors(plan.kind, theme)
    if background != theme.background:
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = rgb(background)

    frame = plan.frame
    title = slide.shapes.title
    write_text(title, frame.title, plan.title, title_color, lang)
    body = slide.placeholders[1]
    if plan.text is not None and frame.text is not None:
        write_text(body, frame.text, plan.text, text_color, lang)
    else:
        oxml.remove_shape(body)

    add_bar(slide, "Accent bar", frame.rule, bar_color)
    if frame.band is not None:
        add_bar(slide, "Logo band", frame.band, theme.background)
    if logo is not None and frame.logo is not None:
        add_logo(slide, logo[0], frame.logo, logo[1])
    if plan.footer is not None and frame.footer is not None:
        add_textbox(slide, "Footer", frame.footer, plan.footer, theme.muted_text, lang)
    oxml.read_first(title)

    notes = package.notes_slide(slide).notes_placeholder
    oxml.replace_text_body(notes, [oxml.ParagraphXml(line, lang) for line in plan.notes.split("\n")],
                           insets=(emu(7.2), emu(3.6)))
    return slide


def _colors(kind: str, theme: Theme) -> tuple[str, str, str, str]:
    """Background, text, title and bar colours of a kind of slide."""
    if kind == "title":
        return theme.cover_background, theme.cover_text, theme.cover_text, theme.cover_text
    if kind == "section":
        return theme.section_background, theme.section_text, theme.section_text, theme.section_text
    return theme.background, theme.body_text, theme.title_text, theme.accent
