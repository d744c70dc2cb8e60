"""Where things go on a 16:9 slide, and how each kind of text is set.

All measures are in points (1/72 inch); the slide is 960 x 540 pt
(13.333 x 7.5 in, PowerPoint's widescreen size). The boxes here are used twice:
:mod:`toolkit.slides.compose` fits text into them, and
:mod:`toolkit.slides.shapes` draws the placeholders at exactly these places,
so the estimate and the drawn slide cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

SLIDE_WIDTH = 960.0
SLIDE_HEIGHT = 540.0
EMU_PER_PT = 12700


def emu(points: float) -> int:
    return round(points * EMU_PER_PT)


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide with the text insets its text frame uses."""

    x: float
    y: float
    w: float
    h: float
    inset_x: float = 7.2  # 0.1 in, PowerPoint's default
    inset_y: float = 3.6  # 0.05 in

    @property
    def inner_w(self) -> float:
        return self.w - 2 * self.inset_x

    @property
    def inner_h(self) -> float:
        return self.h - 2 * self.inset_y

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def narrower(self, by: float) -> Box:
        return replace(self, w=self.w - by)

    def shorter(self, by: float) -> Box:
        return replace(self, h=self.h - by)


@dataclass(frozen=True)
class Role:
    """How one kind of text is set: the sizes it may shrink through, and more.

    ``sizes`` run from the preferred size down to the smallest allowed; the
    fitter takes the first that fits. Nested bullets are ``level_steps``
    points smaller than the top level. ``indents`` are the hanging indents
    (left margin of the text, in points) of bullet levels 0, 1, 2.
    """

    name: str
    sizes: tuple[float, ...]
    bold: bool = False
    bullets: bool = False
    level_steps: tuple[float, ...] = (0, 4, 6)
    indents: tuple[float, ...] = (0, 0, 0)
    bullet_gap: float = 25.2
    space_before: tuple[float, ...] = (0.0, 0.0, 0.0)  # times the size, per level
    anchor: str = "t"

    def size_at(self, base: float, level: int) -> float:
        return base - self.level_steps[level]

    def gap_before(self, base: float, level: int) -> float:
        return self.space_before[level] * self.size_at(base, level)


BODY = Role("body", sizes=(28, 26, 24, 22, 20), bullets=True, indents=(25.2, 61.2, 93.6),
            space_before=(0.45, 0.2, 0.15))
TITLE = Role("title", sizes=(32, 28, 24, 20, 18, 16), bold=True, anchor="b")
COVER_TITLE = Role("cover-title", sizes=(44, 40, 36, 32, 28, 24, 20), bold=True, anchor="b")
SECTION_TITLE = Role("section-title", sizes=(40, 36, 32, 28, 24, 20), bold=True, anchor="b")
SUBTITLE = Role("subtitle", sizes=(24, 22, 20, 18, 16, 14, 12, 11, 10),
                space_before=(0.35, 0.35, 0.35))
FOOTER = Role("footer", sizes=(12, 11, 10, 9), anchor="ctr")

MARGIN = 43.2  # 0.6 in
#: The footer line of content and activity slides: the district and date on the
#: left, the slide number on the right (both drawn on the layouts).
FOOTER_BOX = Box(MARGIN, 493.2, 648.0, 24.0)  # room for one line only
NUMBER_BOX = Box(SLIDE_WIDTH - MARGIN - 86.4, 493.2, 86.4, 24.0)


@dataclass(frozen=True)
class Frame:
    """The boxes of one kind of slide."""

    title: Box
    rule: Box
    text: Box | None = None
    footer: Box | None = None
    logo: Box | None = None
    band: Box | None = None  # a white strip that carries the logo on coloured slides


def content_frame(with_logo: bool) -> Frame:
    """A bullets slide: title on top (beside the logo), bullets, footer."""
    logo = Box(SLIDE_WIDTH - MARGIN - 108, 25.2, 108, 64.8)
    title = Box(MARGIN, 25.2, SLIDE_WIDTH - 2 * MARGIN, 82.8)
    return Frame(
        title=title.narrower(122.4) if with_logo else title,
        rule=Box(MARGIN + title.inset_x, 113.8, 86.4, 5.8),
        text=Box(MARGIN, 133.2, SLIDE_WIDTH - 2 * MARGIN, 342.0),
        footer=FOOTER_BOX,
        logo=logo if with_logo else None,
    )


def cover_frame(with_logo: bool) -> Frame:
    """The title slide: deck title, then district, date and facilitator."""
    subtitle = Box(57.6, 280.8, 844.8, 230.4)
    band = Box(0, 453.6, SLIDE_WIDTH, SLIDE_HEIGHT - 453.6)
    return Frame(
        title=Box(57.6, 79.2, 844.8, 165.6),
        rule=Box(57.6 + 7.2, 259.2, 86.4, 5.8),
        text=subtitle.shorter(subtitle.bottom - band.y + 14.4) if with_logo else subtitle,
        logo=Box(SLIDE_WIDTH - 57.6 - 216, band.y + 10.8, 216, 64.8) if with_logo else None,
        band=band if with_logo else None,
    )


def section_frame() -> Frame:
    """A section or activity slide, e.g. small-group work time: big title and a few lines."""
    return Frame(
        title=Box(57.6, 108.0, 844.8, 144.0),
        rule=Box(57.6 + 7.2, 266.4, 86.4, 5.8),
        text=Box(57.6, 288.0, 844.8, 187.2),
        footer=FOOTER_BOX,
    )
