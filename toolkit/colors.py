"""Colour arithmetic for WCAG contrast, shared by every renderer.

District colours are brand choices; WCAG 2.1 AA needs 4.5:1 between text and
its background. Renderers ask :func:`readable_on` which text colour to use
and the district loader refuses brand colours that cannot carry text.
"""

from __future__ import annotations

DEFAULT_PRIMARY = "#1f4e79"  # deep blue: 8.9:1 against white
DEFAULT_ACCENT = "#a23b00"  # burnt orange: 6.3:1 against white
WHITE = "#ffffff"
BLACK = "#000000"
TEXT_DARK = "#1b1b1b"
AA_NORMAL = 4.5


def rgb(hex_color: str) -> tuple[int, int, int]:
    value = hex_color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def to_hex(r: float, g: float, b: float) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(max(0, min(255, round(c))) for c in (r, g, b)))


def relative_luminance(hex_color: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(hex_color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def readable_on(background: str) -> str:
    """White or near-black text, whichever contrasts more with ``background``."""
    if contrast_ratio(WHITE, background) >= contrast_ratio(TEXT_DARK, background):
        return WHITE
    return TEXT_DARK


def mix(a: str, b: str, amount: float) -> str:
    """Blend ``amount`` (0..1) of colour ``b`` into colour ``a``."""
    ra, ga, ba = rgb(a)
    rb, gb, bb = rgb(b)
    return to_hex(ra + (rb - ra) * amount, ga + (gb - ga) * amount, ba + (bb - ba) * amount)


def darken_until(color: str, background: str = WHITE, ratio: float = AA_NORMAL) -> str:
    """The closest darker shade of ``color`` that reaches ``ratio`` on ``background``."""
    for step in range(0, 101):
        candidate = mix(color, BLACK, step / 100)
        if contrast_ratio(candidate, background) >= ratio:
            return candidate
    return BLACK
