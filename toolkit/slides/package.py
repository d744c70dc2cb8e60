"""The starting presentation, and saving it as byte-identical files.

The base presentation (python-pptx's default template made 16:9, with left
aligned bold titles) is built once per process and kept as bytes; every deck
opens a fresh copy of it, which costs a few milliseconds instead of redoing
the set-up. Saving fixes what python-pptx would make differ between two runs:
the core properties' dates and the zip entries' timestamps.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part
from pptx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from pptx.opc.serialized import _ContentTypesItem
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation as PresentationType
from pptx.slide import NotesSlide, Slide

from toolkit.office import opc
from toolkit.office.zips import package_bytes
from toolkit.pipeline.dates import build_datetime
from toolkit.slides import oxml
from toolkit.slides.layout import SLIDE_HEIGHT, SLIDE_WIDTH, emu

_DEFAULT_WIDTH = 9144000  # python-pptx's default template is 4:3 (10 x 7.5 in)
FIRST_SLIDE_ID = 256  # the lowest slide id PowerPoint allows


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


def new_presentation() -> PresentationType:
    """A fresh copy of the base presentation, sharing the parts no deck changes.

    Copying one opened base instead of opening its bytes again saves parsing
    every part, and the masters, layouts, themes and properties a deck only
    reads (all but :data:`_DECK_CHANGES`) are shared rather than copied
    (:mod:`toolkit.office.opc`).
    """
    base, shared = _opened_base()
    return opc.copy_sharing(base, shared)


@lru_cache(maxsize=1)
def _opened_base() -> tuple[PresentationType, dict[int, object]]:
    prs = Presentation(io.BytesIO(base_template()))
    return prs, opc.shared_parts(prs.part.package.iter_parts(), _DECK_CHANGES)


#: A notes page as python-pptx first makes it from the notes master; every
#: later one is a copy (cloning the master's placeholders each time costs a
#: fifth of a deck's time, and always gives the same XML).
_notes_xml: bytes | None = None


def notes_slide(slide: Slide) -> NotesSlide:
    """The slide's notes page, made as python-pptx makes it, only faster."""
    global _notes_xml
    if _notes_xml is None:
        notes = slide.notes_slide
        _notes_xml = etree.tostring(notes._element)
        return notes
    package = slide.part.package
    # Every slide gets its notes page as it is drawn, so this slide, the last
    # listed, is the n-th and its notes are notesSlide<n>, the name python-pptx
    # would find by walking every part.
    number = len(package.presentation_part.presentation.slides)
    part = NotesSlidePart(_notes_name(number), CT.PML_NOTES_SLIDE, package, parse_xml(_notes_xml))
    _relate_notes(slide.part, part)
    return part.notes_slide


def add_slide(prs: PresentationType, layout: int, slide_xml: bytes, notes_xml: bytes,
              picture: Path | None = None) -> Slide:
    """A slide from its XML, parsed, to draw on further (see :func:`_add`)."""
    package, number = prs.part.package, _next_number(prs)
    part = SlidePart(_slide_name(number), CT.PML_SLIDE, package, parse_xml(slide_xml))
    notes = NotesSlidePart(_notes_name(number), CT.PML_NOTES_SLIDE, package, parse_xml(notes_xml))
    _add(prs, layout, part, notes, picture)
    return part.slide


def add_finished_slide(prs: PresentationType, layout: int, slide_xml: bytes, notes_xml: bytes,
                       picture: Path | None = None) -> None:
    """A slide from its final XML, kept as bytes: nothing to parse or serialize again.

    ``slide_xml`` and ``notes_xml`` must be what python-pptx would write for
    them (:func:`pptx.opc.oxml.serialize_part_xml`). The parts are plain
    python-pptx parts holding those bytes, so a deck can only be saved after
    this, not drawn on.
    """
    package, number = prs.part.package, _next_number(prs)
    part = Part(_slide_name(number), CT.PML_SLIDE, package, slide_xml)
    notes = Part(_notes_name(number), CT.PML_NOTES_SLIDE, package, notes_xml)
    _add(prs, layout, part, notes, picture)


def _add(prs: PresentationType, layout: int, part: Any, notes: Any, picture: Path | None) -> None:
    """Relate a new slide part and its notes as python-pptx relates a slide it draws.

    ``Slides.add_slide`` makes the part and relates it to its layout (rId1);
    a picture the slide shows comes next (rId2), then the notes page: made
    in that same order, every relationship id in the slide's XML is right.
    Slides are only ever added, so their ids run on from 256 as python-pptx
    numbers them (the highest in use plus one), without searching for it.
    """
    presentation_part = prs.part
    _relate(part, prs.slide_layouts[layout].part, RT.SLIDE_LAYOUT)
    if picture is not None:
        _relate(part, presentation_part.package.get_or_add_image_part(str(picture)), RT.IMAGE)
    slide_ids = prs.slides._sldIdLst
    slide_ids._add_sldId(id=FIRST_SLIDE_ID + len(slide_ids),
                         rId=_relate(presentation_part, part, RT.SLIDE))
    _relate_notes(part, notes)


def _next_number(prs: PresentationType) -> int:
    """The number of the slide about to be added (from 1)."""
    return len(prs.slides._sldIdLst) + 1


def _slide_name(number: int) -> PackURI:
    return PackURI(f"/ppt/slides/slide{number}.xml")


def _notes_name(number: int) -> PackURI:
    """The n-th slide's notes page, as python-pptx names it."""
    return PackURI(f"/ppt/notesSlides/notesSlide{number}.xml")


def _relate_notes(slide_part: Any, notes: Any) -> None:
    package = slide_part.package
    _relate(notes, package.presentation_part.notes_master_part, RT.NOTES_MASTER)
    _relate(notes, slide_part, RT.SLIDE)
    _relate(slide_part, notes, RT.NOTES_SLIDE)


def _relate(source: Any, target: Any, reltype: str) -> str:
    """``source.relate_to(target, reltype)`` where ``target`` is new to ``source``.

    python-pptx first looks through every relationship of that type for one
    to reuse, which a part just made cannot have (python-pptx is pinned, so
    its private ``_add_relationship`` is stable).
    """
    return source.rels._add_relationship(reltype, target)


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


def save(prs: PresentationType, info: DocumentInfo, theme: dict[str, str],
         theme_name: str) -> bytes:
    """The deck as bytes that depend only on its content and the build date."""
    when = build_datetime().replace(tzinfo=None)
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

    theme_part = prs.slide_master.part.part_related_by(RT.THEME)
    replaced = {
        theme_part.partname.membername: oxml.theme_xml(theme_part.blob, theme, theme_name),
    }
    return package_bytes(_entries(prs, replaced), when)


#: Entries of the base presentation that a deck changes. Every other one
#: (masters, layouts, their relationships, properties) is written exactly as
#: in the base: a deck only adds slides, notes and pictures, which relate to
#: the layouts and masters, never the other way round.
_DECK_CHANGES = frozenset({
    CONTENT_TYPES_URI.membername, "ppt/presentation.xml", "ppt/_rels/presentation.xml.rels",
    "docProps/core.xml",
})


@lru_cache(maxsize=1)
def _unchanged_entries() -> dict[str, bytes]:
    """The base presentation's unchanged entries, serialized once per process."""
    return opc.unchanged(_entries(new_presentation(), {}, {}), _DECK_CHANGES)


def _entries(prs: PresentationType, replaced: dict[str, bytes],
             unchanged: dict[str, bytes] | None = None) -> Iterator[tuple[str, bytes]]:
    """The package's entries in python-pptx's own order, without zipping them.

    This is what ``Presentation.save`` writes (python-pptx is pinned, so its
    serializer is too); handing the parts over directly saves compressing the
    whole deck twice, and the base's unchanged entries are not serialized again.
    """
    if unchanged is None:
        unchanged = _unchanged_entries()
    package = prs.part.package
    parts = tuple(package.iter_parts())
    yield CONTENT_TYPES_URI.membername, serialize_part_xml(_ContentTypesItem.xml_for(parts))
    yield PACKAGE_URI.rels_uri.membername, unchanged.get(PACKAGE_URI.rels_uri.membername) or package._rels.xml
    for part in parts:
        name = part.partname.membername
        yield name, replaced.get(name) or unchanged.get(name) or part.blob
        if part._rels:
            rels = part.partname.rels_uri.membername
            yield rels, unchanged.get(rels) or part.rels.xml
