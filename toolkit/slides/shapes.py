"""Layout helpers: draw one planned slide with python-pptx.

Titles and body text go into the layout's real placeholders (the title
placeholder, the content or subtitle placeholder), so every client shows them
as editable slide text and outlines, and assistive technology finds the
title. Decorations come after the text in the shape tree, and the title is
moved first, so the reading order starts with the title.

Drawing with python-pptx is most of a deck's cost, and most slides come out
the same in every district's deck but for the colours. So :func:`draw_slide`
draws each planned slide once per process, on a scratch presentation and in
stand-in colours (:data:`STAND_IN`), keeps its XML and that of its notes,
and gives every deck that needs the slide a copy with the deck's colours
swapped in. Slides that differ share a skeleton (background, bars, logo),
and a district's footer is drawn once for all its slides. A batch of
districts, or ``toolkit serve`` after one slide was edited, draws only what
changed; a deck's bytes never depend on what was drawn before it.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from pathlib import Path

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.opc.oxml import serialize_part_xml
from pptx.parts.image import Image
from pptx.presentation import Presentation
from pptx.shapes.base import BaseShape
from pptx.slide import Slide

from toolkit.slides import oxml, package
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


#: A theme whose every colour is its own: drawn slides are kept in these and
#: recoloured per deck. No two fields share a value, so the swap is exact.
STAND_IN = Theme(**{f.name: f"#F0F0{index:02X}"
                    for index, f in enumerate(dataclasses.fields(Theme))})

_SRGB = re.compile(rb'(<a:srgbClr val=")([0-9A-F]{6})(")')


def recolor(xml: bytes, theme: Theme) -> bytes:
    """``xml`` drawn in :data:`STAND_IN` colours, in ``theme``'s colours instead."""
    swap = _swap(theme)
    return _SRGB.sub(lambda m: m[1] + swap.get(m[2], m[2]) + m[3], xml)


@lru_cache(maxsize=64)
def _swap(theme: Theme) -> dict[bytes, bytes]:
    """Stand-in colour -> ``theme``'s, made once per theme rather than per slide."""
    return {
        getattr(STAND_IN, f.name).lstrip("#").encode():
            getattr(theme, f.name).lstrip("#").upper().encode()
        for f in dataclasses.fields(Theme)
    }


@dataclasses.dataclass(frozen=True)
class DrawnSlide:
    """A slide's XML (in stand-in colours) and its notes page's XML."""

    slide: bytes
    notes: bytes
    next_shape_id: int = 0  #: the id python-pptx gives the next shape added (the footer)


def draw_slide(prs: Presentation, plan: PlannedSlide, theme: Theme, lang: str,
               logo: tuple[Path, str] | None) -> None:
    """Add ``plan`` to ``prs`` in ``theme``'s colours, with its speaker notes.

    The slide goes in as finished XML (python-pptx's own serialization of it):
    the drawn slide recoloured, with the footer, which names the district on
    every slide, put last in its shape tree as python-pptx would append it.
    So the rest of the slide is shared across districts, and nothing is
    parsed or serialized again per deck.
    """
    mtime = logo[0].stat().st_mtime if logo is not None else None
    drawn = _drawn(dataclasses.replace(plan, footer=None), lang, logo, mtime)
    xml = recolor(drawn.slide, theme)
    if plan.footer is not None and plan.frame.footer is not None:
        footer = _footer_xml(plan.frame.footer, plan.footer, theme.muted_text, lang)
        footer = _SHAPE_ID.sub(b'\\g<1>%d"' % drawn.next_shape_id, footer, count=1)
        xml = xml.replace(_TREE_END, footer + _TREE_END, 1)
    package.add_finished_slide(prs, LAYOUTS[plan.kind], xml, drawn.notes,
                               _picture(plan.frame, logo))


_TREE_END = b"</p:spTree>"
_SHAPE_ID = re.compile(rb'(<p:cNvPr id=")\d+"')


def _picture(frame: Frame, logo: tuple[Path, str] | None) -> Path | None:
    """The logo file, if a slide in ``frame`` shows it."""
    return logo[0] if logo is not None and frame.logo is not None else None


@lru_cache(maxsize=256)
def _footer_xml(box: Box, fitted: Fitted, color: str, lang: str) -> bytes:
    """A footer drawn once (a district's is the same on all its slides), as XML.

    Cut from its slide's serialization, so it is written as it is inside a
    slide (the namespaces declared there, not on the footer).
    """
    prs = _scratch()
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUTS["bullets"]])
    add_textbox(slide, "Footer", box, fitted, color, lang)
    xml = serialize_part_xml(slide._element)
    end = xml.rindex(_TREE_END)
    return xml[xml.rindex(b"<p:sp>", 0, end):end]


@lru_cache(maxsize=1024)
def _drawn(plan: PlannedSlide, lang: str, logo: tuple[Path, str] | None,
           logo_mtime: float | None) -> DrawnSlide:
    """``plan`` drawn once; ``logo_mtime`` makes a changed logo file draw it again.

    The texts are written into a copy of the slide's skeleton, which is all
    the rest of the slide and is shared by every slide of its kind and frame.
    """
    frame = plan.frame
    has_text = plan.text is not None and frame.text is not None
    skeleton = _skeleton(plan.kind, frame, has_text, logo, logo_mtime)
    slide = package.add_slide(_scratch(), LAYOUTS[plan.kind], skeleton.slide, skeleton.notes,
                              _picture(frame, logo))
    _, text_color, title_color, _ = _colors(plan.kind, STAND_IN)
    write_text(slide.shapes.title, frame.title, plan.title, title_color, lang)
    if has_text:
        assert plan.text is not None and frame.text is not None
        write_text(slide.placeholders[1], frame.text, plan.text, text_color, lang)
    notes = slide.notes_slide.notes_placeholder
    oxml.replace_text_body(notes, [oxml.ParagraphXml(line, lang) for line in plan.notes.split("\n")],
                           insets=(emu(7.2), emu(3.6)))
    return DrawnSlide(serialize_part_xml(slide._element),
                      serialize_part_xml(slide.notes_slide._element), slide.shapes._next_shape_id)


def _scratch() -> Presentation:
    """The presentation slides are first drawn on, renewed now and then to stay small."""
    global _scratch_prs
    if _scratch_prs is None or len(_scratch_prs.slides) >= 200:
        _scratch_prs = package.new_presentation()
    return _scratch_prs


_scratch_prs: Presentation | None = None


@lru_cache(maxsize=64)
def _skeleton(kind: str, frame: Frame, has_text: bool, logo: tuple[Path, str] | None,
              logo_mtime: float | None) -> DrawnSlide:
    """A slide of ``kind`` with its background, bars and logo, and empty text placeholders.

    Drawn with python-pptx in stand-in colours, in the order a reader meets
    them: the title placeholder first, the body (or none), the decorations.
    """
    theme = STAND_IN
    prs = _scratch()
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUTS[kind]])
    background, _, _, bar_color = _colors(kind, theme)
    if background != theme.background:
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = rgb(background)
    if not has_text:
        oxml.remove_shape(slide.placeholders[1])
    add_bar(slide, "Accent bar", frame.rule, bar_color)
    if frame.band is not None:
        add_bar(slide, "Logo band", frame.band, theme.background)
    if logo is not None and frame.logo is not None:
        add_logo(slide, logo[0], frame.logo, logo[1])
    oxml.read_first(slide.shapes.title)
    notes = package.notes_slide(slide)
    return DrawnSlide(etree.tostring(slide._element), etree.tostring(notes._element))


def _colors(kind: str, theme: Theme) -> tuple[str, str, str, str]:
    """Background, text, title and bar colours of a kind of slide."""
    if kind == "title":
        return theme.cover_background, theme.cover_text, theme.cover_text, theme.cover_text
    if kind == "section":
        return theme.section_background, theme.section_text, theme.section_text, theme.section_text
    return theme.background, theme.body_text, theme.title_text, theme.accent
