"""Text measured into boxes: the largest size at which paragraphs fit.

Shared by the planning of slides (:mod:`toolkit.slides.compose`) and of their
diagrams and tables (:mod:`toolkit.slides.visuals`); free of python-pptx.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from toolkit.slides.layout import Box, Role
from toolkit.slides.metrics import count_lines, lines_height


@dataclass(frozen=True)
class Para:
    """One paragraph of a text box; ``level`` is the bullet level (0 = top)."""

    text: str
    level: int = 0
    bold: bool = False  #: bold whatever its role (a diagram box's title)


@dataclass(frozen=True)
class Fitted:
    """Paragraphs and the size (of level 0) at which they fit their box."""

    paras: tuple[Para, ...]
    size: float
    role: Role

    def size_of(self, para: Para) -> float:
        return self.role.size_at(self.size, para.level)


# -- measuring -----------------------------------------------------------------------


def text_height(paras: Sequence[Para], box: Box, role: Role, size: float) -> float:
    """Estimated height of ``paras`` set in ``box`` at base ``size`` (points)."""
    total = 0.0
    for index, para in enumerate(paras):
        para_size = role.size_at(size, para.level)
        width = box.inner_w - (role.indents[para.level] if role.bullets else 0)
        total += lines_height(count_lines(para.text, width, para_size, role.bold or para.bold),
                              para_size)
        if index:
            total += role.gap_before(size, para.level)
    return total


def fits(paras: Sequence[Para], box: Box, role: Role, size: float) -> bool:
    return text_height(paras, box, role, size) <= box.inner_h


def fit_sizes(paras: Sequence[Para], box: Box, role: Role) -> Fitted | None:
    """The largest size of ``role`` at which ``paras`` fit, if any does."""
    return _fit_sizes(tuple(paras), box, role)


@lru_cache(maxsize=4096)
def _fit_sizes(paras: tuple[Para, ...], box: Box, role: Role) -> Fitted | None:
    """Remembered: most texts are the same in every district's deck, and measuring is slow."""
    for size in role.sizes:
        if fits(paras, box, role, size):
            return Fitted(paras, size, role)
    return None


def fit(paras: Sequence[Para], box: Box, role: Role) -> Fitted:
    """The largest size of ``role`` at which ``paras`` fit.

    Body text that does not fit at the smallest size continues on another
    slide instead (see :func:`fit_body`). Titles and subtitles are short
    enough by schema to fit at their smallest size; should a pathological text
    not, it shrinks further rather than run off the slide.
    """
    fitted = fit_sizes(paras, box, role)
    if fitted is not None:
        return fitted
    size = role.sizes[-1]
    while size > 6 and not fits(paras, box, role, size):
        size -= 1
    return Fitted(tuple(paras), size, role)


def fit_first(candidates: Sequence[Para], box: Box, role: Role) -> Fitted:
    """The first of several wordings that fits, e.g. a footer without a very long name."""
    for para in candidates:
        fitted = fit_sizes([para], box, role)
        if fitted is not None:
            return fitted
    return fit([candidates[-1]], box, role)
