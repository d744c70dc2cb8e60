"""The starting presentation of every deck, and what a deck says about itself.

The base presentation is python-pptx's default template made 16:9, with
left-aligned bold titles, bullets set as the deck sets them, and only the
layouts the decks use (:data:`LAYOUT_NAMES`), without the date, footer and
slide number placeholders, whose place :mod:`toolkit.slides.master` takes
with the district's branding. It is built once per process and kept as
bytes; both the fast deck writer (:mod:`toolkit.office.presentation`) and
the reference writer (:mod:`toolkit.office.reference`) start from it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache

from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType

from toolkit.slides import layout as geometry
from toolkit.slides import oxml
from toolkit.slides.layout import SLIDE_HEIGHT, SLIDE_WIDTH, emu

_DEFAULT_WIDTH = 9144000  # python-pptx's default template is 4:3 (10 x 7.5 in)

#: The layouts every deck has, in this order (a slide names its layout by
#: position); the default template's others are dropped, so that a slide a
#: facilitator adds can only come from a layout that carries the branding.
LAYOUT_NAMES = ("Title Slide", "Title and Content", "Section Header", "Two Content", "Title Only")
_FIELDS = ("dt", "ftr", "sldNum")


@lru_cache(maxsize=1)
def base_template() -> bytes:
    """python-pptx's default template, widened to 16:9 with our title and bullet styles."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = emu(SLIDE_WIDTH), emu(SLIDE_HEIGHT)
    factor = prs.slide_width / _DEFAULT_WIDTH
    master = prs.slide_master
    for layout in list(master.slide_layouts):
        if layout.name not in LAYOUT_NAMES:
            master.slide_layouts.remove(layout)
    assert tuple(layout.name for layout in master.slide_layouts) == LAYOUT_NAMES
    oxml.scale_positions(master.element.find(qn("p:cSld")), factor)
    oxml.remove_placeholders(master.element, _FIELDS)
    for layout in master.slide_layouts:
        oxml.scale_positions(layout.element.find(qn("p:cSld")), factor)
        oxml.no_all_caps(layout.element)
        oxml.remove_placeholders(layout.element, _FIELDS)
    oxml.left_bold_titles(master.element, round(geometry.TITLE.sizes[0] * 100))
    body = geometry.BODY
    oxml.body_style(master.element, tuple(body.size_at(body.sizes[0], level) for level in range(3)),
                    body.indents, body.bullet_gap)
    _ = prs.notes_master  # made once here, not in every deck that has speaker notes
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class DocumentInfo:
    """What a file manager and a screen reader show about the file."""

    title: str
    language: str
    subject: str = ""
    author: str = "Action planning toolkit"
    keywords: str = "action plan; implementation benchmarks; facilitation"
    category: str = "Facilitator slide deck"


def _clip(text: str, limit: int = 255) -> str:
    """Core properties hold at most 255 characters (python-pptx enforces it)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def set_properties(prs: PresentationType, info: DocumentInfo, when: dt.datetime) -> None:
    """The core properties, dated ``when`` (the build's date, so the same deck gives the same bytes)."""
    core = prs.core_properties
    core.title = _clip(info.title)
    core.language = _clip(info.language)
    core.subject = _clip(info.subject)
    core.author = core.last_modified_by = _clip(info.author)
    core.keywords = _clip(info.keywords)
    core.category = _clip(info.category)
    core.comments = ""
    core.revision = 1
    core.created = core.modified = core.last_printed = when
