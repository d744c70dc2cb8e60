"""The reference writer: decks and documents through the libraries' public API only.

The toolkit's own writers (:mod:`toolkit.office.presentation`,
:mod:`toolkit.office.wordprocessing`) reach below python-pptx's and
python-docx's public API to be fast: parts shared between files, slides
drawn once and recoloured, relationships made by hand, their own zip
writer. This module makes the same file the slow, plain way: open the base
with ``Presentation()`` or ``Document()``, draw every slide or block on it
through the library (``add_slide``, shapes, ``notes_slide``,
``add_paragraph``, ``add_table``...), and ``save``. The drawing itself is the
renderer's, handed in as functions, so both writers draw exactly the same
content; what differs is everything the fast path does on its own.

The tests compare the two part by part (XML after C14N), for every deck and
document; it is not used to build anything.

One step has no public API in python-pptx: a theme's colours and fonts
(python-pptx keeps the theme as an opaque blob), so :func:`set_theme` sets
it; the fast writer instead writes its own theme entry when it saves.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from pptx import Presentation
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide

if TYPE_CHECKING:  # python-docx is imported only by documents, not by decks
    from docx.document import Document as DocxDocument


def deck(base: bytes, slides: Iterable[tuple[int, Callable[[Slide], None]]],
         finish: Callable[[PresentationType], None]) -> bytes:
    """A deck: ``base`` opened, each slide added from layout n and drawn, ``finish``, saved."""
    prs = Presentation(io.BytesIO(base))
    for layout, draw in slides:
        draw(prs.slides.add_slide(prs.slide_layouts[layout]))
    finish(prs)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def set_theme(prs: PresentationType, xml: bytes) -> None:
    """The slide master's theme replaced by ``xml`` (python-pptx has no theme API)."""
    from toolkit.office.presentation import theme_part

    part: Any = theme_part(prs)
    part._blob = xml


def document(base: bytes, draw: Callable[[DocxDocument], None]) -> bytes:
    """A Word document: ``base`` opened, drawn on, saved."""
    import docx

    word = docx.Document(io.BytesIO(base))
    draw(word)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
