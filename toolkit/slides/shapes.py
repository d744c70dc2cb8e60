"""Draw one planned slide with python-pptx's public API.

Titles and body text go into the layout's real placeholders (the title
placeholder, the content or subtitle placeholder), so every client shows them
as editable slide text and outlines, and assistive technology finds the
title. Decorations come after the text in the shape tree, and the title is
moved first, so the reading order starts with the title.

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
from pptx.enum.shapes import MSO_SHAPE
from pptx.parts.image import Image
from pptx.shapes.base import BaseShape
from pptx.slide import NotesSlide, Slide

from toolkit.slides import oxml
from toolkit.slides.compose import Fitted, PlannedSlide
from toolkit.slides.layout import Box, Frame, emu
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


def has_text(plan: PlannedSlide) -> bool:
    """Whether the slide keeps its body (or subtitle) placeholder."""
    return plan.text is not None and plan.frame.text is not None


def picture(frame: Frame, logo: tuple[Path, str] | None) -> Path | None:
    """The logo file, if a slide in ``frame`` shows it."""
    return logo[0] if logo is not None and frame.logo is not None else None


def decorate(slide: Slide, kind: str, frame: Frame, with_text: bool, theme: Theme,
             logo: tuple[Path, str] | None) -> None:
    """A new slide of ``kind``: its background, bars and logo, and no unused placeholder.

    Drawn in the order a reader meets them: the title placeholder first, the
    body (or none), the decorations.
    """
    background, _, _, bar_color = colors(kind, theme)
    if background != theme.background:
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = rgb(background)
    if not with_text:
        oxml.remove_shape(slide.placeholders[1])
    add_bar(slide, "Accent bar", frame.rule, bar_color)
    if frame.band is not None:
        add_bar(slide, "Logo band", frame.band, theme.background)
    if logo is not None and frame.logo is not None:
        add_logo(slide, logo[0], frame.logo, logo[1])
    oxml.read_first(slide.shapes.title)


def write_texts(slide: Slide, plan: PlannedSlide, theme: Theme, lang: str) -> None:
    """The title, and the body or subtitle, set in their placeholders."""
    _, text_color, title_color, _ = colors(plan.kind, theme)
    write_text(slide.shapes.title, plan.frame.title, plan.title, title_color, lang)
    if has_text(plan):
        assert plan.text is not None and plan.frame.text is not None
        write_text(slide.placeholders[1], plan.frame.text, plan.text, text_color, lang)


def write_notes(notes: NotesSlide, text: str, lang: str) -> None:
    """The speaker notes, one paragraph a line."""
    oxml.replace_text_body(notes.notes_placeholder,
                           [oxml.ParagraphXml(line, lang) for line in text.split("\n")],
                           insets=(emu(7.2), emu(3.6)))


def add_footer(slide: Slide, box: Box, fitted: Fitted, theme: Theme, lang: str) -> BaseShape:
    """The footer naming the district and the date, last in the reading order."""
    return add_textbox(slide, "Footer", box, fitted, theme.muted_text, lang)


def draw(slide: Slide, plan: PlannedSlide, theme: Theme, lang: str,
         logo: tuple[Path, str] | None) -> None:
    """All of ``plan`` on a new slide of its layout, in ``theme``'s colours, with its notes."""
    decorate(slide, plan.kind, plan.frame, has_text(plan), theme, logo)
    notes = slide.notes_slide
    write_texts(slide, plan, theme, lang)
    write_notes(notes, plan.notes, lang)
    if plan.footer is not None and plan.frame.footer is not None:
        add_footer(slide, plan.frame.footer, plan.footer, theme, lang)


def colors(kind: str, theme: Theme) -> tuple[str, str, str, str]:
    """Background, text, title and bar colours of a kind of slide."""
    if kind == "title":
        return theme.cover_background, theme.cover_text, theme.cover_text, theme.cover_text
    if kind == "section":
        return theme.section_background, theme.section_text, theme.section_text, theme.section_text
    return theme.background, theme.body_text, theme.title_text, theme.accent
