"""A district's branding, in the slide master and layouts of its decks.

The logo, the colours, the accent bar, the footer (district and date) and
the slide number are drawn on the master and its layouts, not on each slide,
so a slide a facilitator adds with PowerPoint's, Keynote's, Google Slides' or
LibreOffice's "New Slide", from any of the deck's layouts, looks like the
slides the toolkit made: the same title and body styles in the same places,
the same decorations, its own number.

- The master carries what content slides share (Title and Content, Two
  Content, Title Only): the accent bar under the title, the logo at the top
  right, the footer and the slide number.
- The Title Slide and Section Header layouts draw their own coloured
  background and decorations instead (``showMasterSp="0"``): the cover has
  its logo on a white band, section and activity slides keep the footer and
  the number in their own text colour.
- Each placeholder is where the toolkit puts its text, with the text style a
  new slide should get (sizes, weight, colour, bullets or none).
- The theme's colours are the district's, so what a user inserts (tables,
  charts, shapes) follows the branding too.

:func:`brand` is applied once per district (see
:func:`toolkit.slides.drawn.branded_base`), never per slide or deck.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pptx.presentation import Presentation as PresentationType

from toolkit.office import presentation
from toolkit.slides import layout as geometry
from toolkit.slides import oxml
from toolkit.slides.compose import Fitted
from toolkit.slides.layout import Box, emu
from toolkit.slides.theme import Theme

#: Text insets of the layouts' text boxes, as of every box the toolkit draws.
_INSETS = (emu(7.2), emu(3.6))
#: What a slide-number field shows before an application numbers the slide.
_NUMBER_STAND_IN = "‹#›"


@dataclass(frozen=True)
class Branding:
    """Everything the master and layouts of a district's decks depend on."""

    theme: Theme
    theme_name: str
    lang: str
    footer: Fitted
    logo: tuple[Path, str] | None = None
    logo_mtime: float | None = None  #: a changed logo file makes a new branding


def _emu_box(box: Box) -> tuple[int, int, int, int]:
    return emu(box.x), emu(box.y), emu(box.w), emu(box.h)


def fitted_logo(size_px: tuple[int, int], box: Box) -> Box:
    """The logo scaled to fit ``box``, aligned right and centred vertically."""
    width_px, height_px = size_px
    scale = min(box.w / width_px, box.h / height_px)
    width, height = width_px * scale, height_px * scale
    return Box(box.right - width, box.y + (box.h - height) / 2, width, height)


def brand(prs: PresentationType, branding: Branding) -> None:
    """Brand the master and layouts of ``prs``, a presentation made from the base template."""
    theme = branding.theme
    theme_part = presentation.theme_part(prs)
    presentation.set_theme(prs, oxml.theme_xml(theme_part.blob, theme.scheme(), branding.theme_name))
    with_logo = branding.logo is not None
    content = geometry.content_frame(with_logo)
    master = prs.slide_master
    title, body = _placeholders(master)
    _place(title, content.title)
    _place(body, content.text)
    shapes = [oxml.bar_xml(0, "Accent bar", _emu_box(content.rule), theme.accent)]
    if branding.logo is not None and content.logo is not None:
        shapes.append(_logo(master, branding.logo, content.logo))
    shapes += _footer_and_number(branding, theme.muted_text)
    _append(master.element, shapes)

    cover_layout, content_layout, section_layout, two_layout, title_layout = master.slide_layouts
    _cover(cover_layout, branding)
    _section(section_layout, branding)
    for each in (content_layout, two_layout, title_layout):
        title, *bodies = _placeholders(each)
        _place(title, content.title)
        if len(bodies) == 1:
            _place(bodies[0], content.text)
        elif bodies:
            half = (content.text.w - 14.4) / 2
            _place(bodies[0], Box(content.text.x, content.text.y, half, content.text.h))
            _place(bodies[1], Box(content.text.right - half, content.text.y, half, content.text.h))


def _cover(layout: object, branding: Branding) -> None:
    theme = branding.theme
    frame = geometry.cover_frame(branding.logo is not None)
    shapes = _coloured(layout, frame, geometry.COVER_TITLE, theme.cover_background, theme.cover_text)
    if frame.band is not None:
        shapes.append(oxml.bar_xml(0, "Logo band", _emu_box(frame.band), theme.background))
    if branding.logo is not None and frame.logo is not None:
        shapes.append(_logo(layout, branding.logo, frame.logo))
    _append(layout.element, shapes, own=True)  # type: ignore[attr-defined]


def _section(layout: object, branding: Branding) -> None:
    theme = branding.theme
    shapes = _coloured(layout, geometry.section_frame(), geometry.SECTION_TITLE,
                       theme.section_background, theme.section_text)
    shapes += _footer_and_number(branding, theme.section_text)
    _append(layout.element, shapes, own=True)  # type: ignore[attr-defined]


def _coloured(layout: object, frame: geometry.Frame, title_role: geometry.Role, background: str,
              text: str) -> list[str]:
    """A layout on a background of its own: its title and text placeholders where the
    toolkit sets them, in its text colour; its accent bar (returned, to be added)."""
    _background(layout, background)
    title, body = _placeholders(layout)
    _place(title, frame.title)
    oxml.placeholder_style(title, sizes=_levels(title_role), bold=True, color=text, anchor="b",
                           bullets=False)
    assert frame.text is not None
    _place(body, frame.text)
    oxml.placeholder_style(body, sizes=_levels(geometry.SUBTITLE), bold=False, color=text,
                           anchor="t", bullets=False)
    return [oxml.bar_xml(0, "Accent bar", _emu_box(frame.rule), text)]


def _levels(role: geometry.Role) -> tuple[float, ...]:
    """A placeholder's text size at each of the nine outline levels a user can indent to:
    the role's size, then its nested sizes (every level has the slide's text colour)."""
    first = role.sizes[0]
    return tuple(role.size_at(first, min(level, len(role.level_steps) - 1)) for level in range(9))


def _footer_and_number(branding: Branding, color: str) -> list[str]:
    """The footer (district and date) and the slide number, in ``color``."""
    footer = branding.footer
    size = round(footer.size * 100)
    text = [oxml.ParagraphXml(para.text, branding.lang, size=size, color=color)
            for para in footer.paras]
    number = [oxml.ParagraphXml(_NUMBER_STAND_IN, branding.lang, size=round(geometry.FOOTER.sizes[0] * 100),
                                color=color, align="r", field="slidenum")]
    return [
        oxml.textbox_xml(0, "Footer", _emu_box(geometry.FOOTER_BOX), text, insets=_INSETS,
                         anchor="ctr"),
        oxml.textbox_xml(0, "Slide number", _emu_box(geometry.NUMBER_BOX), number, insets=_INSETS,
                         anchor="ctr"),
    ]


def _logo(owner: object, logo: tuple[Path, str], box: Box) -> str:
    path, alt = logo
    rid, size = presentation.relate_picture(owner, path)
    return oxml.picture_xml(0, "Logo", _emu_box(fitted_logo(size, box)), rid, alt)


def _append(holder: object, shapes: list[str], own: bool = False) -> None:
    """Add ``shapes`` (made with id 0) with the holder's next free ids.

    ``own`` marks a layout that shows its own decorations instead of the master's.
    """
    element = holder
    if own:
        oxml.hide_master_shapes(element)  # type: ignore[arg-type]
    first = oxml.next_shape_id(element)  # type: ignore[arg-type]
    oxml.append_shapes(element, [xml.replace('id="0"', f'id="{first + n}"', 1)  # type: ignore[arg-type]
                                 for n, xml in enumerate(shapes)])


def _placeholders(holder: object) -> list:  # type: ignore[type-arg]
    """A master's or layout's placeholders, title first, then by index."""
    return sorted(holder.placeholders, key=lambda ph: ph.placeholder_format.idx)  # type: ignore[attr-defined]


def _place(shape: object, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = _emu_box(box)  # type: ignore[attr-defined]


def _background(layout: object, color: str) -> None:
    fill = layout.background.fill  # type: ignore[attr-defined]
    fill.solid()
    fill.fore_color.rgb = oxml._rgb(color)
