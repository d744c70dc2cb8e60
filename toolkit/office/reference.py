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

Two things have no public API in python-pptx, so both writers do them with
the same helpers: a theme's colours (python-pptx keeps a theme as an opaque
part) and the shapes of the slide master and layouts (the branding,
:mod:`toolkit.slides.master`). The reference brands the base it opened; the
fast writer brands a copy once per district and shares it between decks.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from pptx import Presentation
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide

if TYPE_CHECKING:  # python-docx is imported only by documents, not by decks
    from docx.document import Document as DocxDocument


def deck(base: bytes, brand: Callable[[PresentationType], None],
         slides: Iterable[tuple[int, Callable[[Slide], None]]],
         finish: Callable[[PresentationType], None]) -> bytes:
    """A deck: ``base`` opened and branded, each slide added from layout n and drawn,
    ``finish`` (the core properties), saved."""
    prs = Presentation(io.BytesIO(base))
    brand(prs)
    for layout, draw in slides:
        draw(prs.slides.add_slide(prs.slide_layouts[layout]))
    finish(prs)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def document(base: bytes, draw: Callable[[DocxDocument], None]) -> bytes:
    """A Word document: ``base`` opened, drawn on, saved."""
    import docx

    word = docx.Document(io.BytesIO(base))
    draw(word)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
