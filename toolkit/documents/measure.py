"""How many lines a text wraps to, from the widths of the font every template prints in.

The PDF prints in Liberation Sans and the DOCX in Arial, whose characters
have the same advance widths as Helvetica's. The widths below (thousandths of
an em, for the characters from space to tilde) were read from
LiberationSans-Regular.ttf and LiberationSans-Bold.ttf; any other character is
taken as wide as a capital M, so an estimate errs towards more lines. Kerning
only ever narrows a line. :mod:`toolkit.documents.layout` uses this to share a
page's height out between a grid's rows before any renderer runs.
"""

from __future__ import annotations

import math

_FIRST = 32
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)
_OTHER = 833  # a capital M: wider than any accented letter


def text_width_em(text: str, *, bold: bool = False) -> float:
    """The advance of ``text`` on one line, in em."""
    widths = _BOLD if bold else _REGULAR
    total = 0
    for char in text:
        index = ord(char) - _FIRST
        total += widths[index] if 0 <= index < len(widths) else _OTHER
    return total / 1000


def line_count(text: str, width_pt: float, size_pt: float, *, bold: bool = False) -> int:
    """How many lines ``text`` fills in a box ``width_pt`` wide, wrapped at spaces.

    Each newline starts a line; a word longer than the box is broken, as the
    stylesheet's ``overflow-wrap: break-word`` does.
    """
    space = text_width_em(" ", bold=bold) * size_pt
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            width = text_width_em(word, bold=bold) * size_pt
            if used and used + space + width > width_pt:
                lines += 1
                used = 0.0
            if width > width_pt:  # broken over as many lines as it needs
                lines += math.ceil(width / width_pt) - 1
                width = width % width_pt
            used += (space if used else 0.0) + width
    return lines
