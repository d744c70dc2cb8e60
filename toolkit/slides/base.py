"""The starting presentation of every deck, and what a deck says about itself.

The base presentation (python-pptx's default template made 16:9, with left
aligned bold titles) is built once per process and kept as bytes; both the
fast deck writer (:mod:`toolkit.office.presentation`) and the reference
writer (:mod:`toolkit.office.reference`) start every deck from it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache

from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType

from toolkit.slides import oxml
from toolkit.slides.layout import SLIDE_HEIGHT, SLIDE_WIDTH, emu

_DEFAULT_WIDTH = 9144000  # python-pptx's default template is 4:3 (10 x 7.5 in)


@lru_cache(maxsize=1)
def base_template() -> bytes:
    """python-pptx's default template, widened to 16:9 with our title style."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = emu(SLIDE_WIDTH), emu(SLIDE_HEIGHT)
    factor = prs.slide_width / _DEFAULT_WIDTH
    master = prs.slide_master
    oxml.scale_positions(master.element.find(qn("p:cSld")), factor)
    for layout in master.slide_layouts:
        oxml.scale_positions(layout.element.find(qn("p:cSld")), factor)
        oxml.no_all_caps(layout.element)
    oxml.left_bold_titles(master.element, 3200)
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
