"""How much room a piece of text needs: a conservative estimate from font metrics.

Slides must never overflow, in PowerPoint, Keynote, Google Slides or
LibreOffice, and none of them tells us how it will lay text out. So the decks
use Arial (metric-compatible Liberation Sans is what LibreOffice substitutes),
and text is measured here with Arial's own advance widths, wrapped word by
word as a layout engine would, with a safety margin on width and line height.
The estimate errs on the side of "does not fit": a slide then shrinks its text
a step or continues on a second slide, which is harmless, whereas an
optimistic estimate would let text run off the slide.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Advance widths of Arial (= Liberation Sans) for ASCII 32..126, in 1/1000 em.
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)
#: A character we have no width for (symbols, other scripts) counts as this wide.
_UNKNOWN = 1000
#: Widths are stretched by this much, and lines are this many times the font size
#: apart (Arial's own line height is 1.15): the two safety margins.
WIDTH_MARGIN = 1.06
LINE_HEIGHT = 1.2


@lru_cache(maxsize=4096)
def char_width(char: str, bold: bool = False) -> int:
    """Width of one character in 1/1000 em."""
    table = _BOLD if bold else _REGULAR
    code = ord(char)
    if 32 <= code < 127:
        return table[code - 32]
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1000
    base = unicodedata.normalize("NFD", char)[:1]
    if base and 32 <= ord(base) < 127:
        # Accented Latin letters are as wide as their base letter (É as E),
        # a few ligature-like letters (Æ, Œ, ß) are wider: allow for them.
        return max(table[ord(base) - 32], 556 if char.islower() else 667)
    if unicodedata.category(char).startswith("Z"):
        return table[0]
    return _UNKNOWN


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points at ``size`` points, with the safety margin."""
    return sum(char_width(c, bold) for c in text) * size / 1000 * WIDTH_MARGIN


def count_lines(text: str, width: float, size: float, bold: bool = False) -> int:
    """Lines ``text`` wraps to in a column ``width`` points wide.

    Greedy word wrap, as every slide application does; a word wider than the
    column is broken between characters, as they do too.
    """
    if width <= 0:
        raise ValueError("no room for text")
    space = text_width(" ", size, bold)
    lines = 1
    used = 0.0
    for word in text.split():
        w = text_width(word, size, bold)
        if used and used + space + w <= width:
            used += space + w
            continue
        if used:
            lines += 1
        while w > width:  # break a long word across lines
            lines += 1
            w -= width
        used = w
    return lines


def lines_height(line_count: int, size: float) -> float:
    return line_count * size * LINE_HEIGHT
