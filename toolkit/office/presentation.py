"""Decks (.pptx) made fast, below python-pptx's public API.

:mod:`toolkit.slides` draws every slide through python-pptx's public API
(``add_slide``, shapes, text frames, ``notes_slide``) and the few XML
tweaks it has no API for. This module holds what makes a batch of decks
fast, which python-pptx would never do itself, in one place:

- **One base, copied.** The base presentation is opened once per process;
  each deck is a deep copy that shares the parts no deck changes (masters,
  layouts, themes: :mod:`toolkit.office.opc`), whose entries are serialized
  once (:meth:`Base.unchanged`).
- **Slides drawn once.** A slide is drawn on a scratch presentation, kept as
  finished XML (:func:`finish`), and added to every deck that shows it as a
  plain part holding those bytes (:meth:`DeckWriter.add`), related to its
  layout and notes page in the order python-pptx relates them, so every
  relationship id stays python-pptx's. A slide that differs
  only in the text of one shape starts from a snapshot of the rest
  (:func:`snapshot`, :func:`slide_from`).
- **Stand-in colours.** Slides are drawn in stand-in colours and recoloured
  per deck by swapping colour values in the finished XML (:func:`recolor`).
- **Branding made once.** A district's master, layouts and theme are made
  once, on a copy of the base that owns just those parts
  (:meth:`Base.branded`); its decks share them.
- **Own packaging.** The package's entries, in python-pptx's own order with
  its content types (its private ``_ContentTypesItem``), go to the
  byte-stable zip writer of :mod:`toolkit.office.zips`.

:mod:`toolkit.office.reference` makes the same decks through the public API
only; the tests compare the two part by part.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterator, Mapping
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
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation as PresentationType
from pptx.slide import NotesSlide, Slide

from toolkit.office import opc
from toolkit.office.zips import package_bytes

FIRST_SLIDE_ID = 256  # the lowest slide id PowerPoint allows

#: Entries of the base presentation that a deck changes. Every other one
#: (masters, layouts, their relationships, properties) is written exactly as
#: in the base: a deck only adds slides, notes and pictures, which relate to
#: the layouts and masters, never the other way round.
DECK_CHANGES = frozenset({
    CONTENT_TYPES_URI.membername, "ppt/presentation.xml", "ppt/_rels/presentation.xml.rels",
    "docProps/core.xml",
})


#: The parts a district's branding changes: its own copies of them in :meth:`Base.branded`.
_BRANDED = frozenset({CT.PML_SLIDE_MASTER, CT.PML_SLIDE_LAYOUT, CT.OFC_THEME})


class Base:
    """A base presentation opened once; decks are copies sharing what they never change.

    A base is never drawn on, nor its slides, masters or layouts looked at
    through python-pptx's objects: python-pptx keeps some of those objects
    (a layout's placeholders, a master's layouts) with a piece of the part's
    XML, and a deep copy would give the copy its own detached piece of XML,
    which its changes would then miss. So slides are drawn on a presentation
    of their own (:func:`scratch`), and a base is only read as parts.
    """

    def __init__(self, prs: PresentationType, own: frozenset[str] = frozenset()) -> None:
        self.prs = prs
        #: The entries of the parts :meth:`branded` made this base's own.
        self.own = own
        self._shared = opc.shared_parts(prs.part.package.iter_parts(), DECK_CHANGES)
        self._unchanged: dict[str, bytes] | None = None

    @classmethod
    def open(cls, data: bytes) -> Base:
        return cls(Presentation(io.BytesIO(data)))

    def copy(self) -> PresentationType:
        return opc.copy_sharing(self.prs, self._shared)

    def branded(self, brand: Callable[[PresentationType], None]) -> Base:
        """A new base: a copy of this one whose masters, layouts and themes are its own, made
        once and then changed by ``brand`` (a district's logo, colours and footer).

        Everything else stays shared with this base; the new base's parts,
        pictures included, are then shared by every deck made from it.
        """
        parts = tuple(self.prs.part.package.iter_parts())
        own = {part.partname.membername for part in parts if part.content_type in _BRANDED}
        copy = opc.copy_sharing(self.prs, opc.shared_parts(parts, DECK_CHANGES | own))
        brand(copy)
        return Base(copy, frozenset(own))

    def unchanged(self) -> dict[str, bytes]:
        """The base's entries no deck changes, serialized once."""
        if self._unchanged is None:
            self._unchanged = opc.unchanged(_entries(self.copy(), {}), DECK_CHANGES)
        return self._unchanged


@lru_cache(maxsize=4)
def opened(data: bytes) -> Base:
    """The base made from ``data``, opened once per process."""
    return Base.open(data)


def theme_part(prs: PresentationType) -> Any:
    """The slide master's theme part (python-pptx keeps it as a plain blob)."""
    return prs.slide_master.part.part_related_by(RT.THEME)


def set_theme(prs: PresentationType, xml: bytes) -> None:
    """The slide master's theme replaced by ``xml``: python-pptx has no API to change a
    theme. Only for a presentation whose theme is its own (see :meth:`Base.branded`)."""
    theme_part(prs)._blob = xml


def relate_picture(owner: Any, path: Path) -> tuple[str, tuple[int, int]]:
    """Relate a slide master or layout to a picture file: its relationship id and its size
    in pixels (python-pptx adds pictures to slides only)."""
    image_part, rid = owner.part.get_or_add_image_part(str(path))
    return rid, image_part.image.size


# -- drawing slides once -----------------------------------------------------------------


@dataclass(frozen=True)
class Finished:
    """A slide's XML and its notes page's XML, as python-pptx would write them."""

    slide: bytes
    notes: bytes
    next_shape_id: int = 0  #: the id python-pptx gives the next shape added to the slide


def scratch(data: bytes) -> PresentationType:
    """A presentation to draw slides on (opened from ``data``, sharing nothing with a base:
    see :class:`Base`), renewed now and then to stay small."""
    global _scratch_prs
    if _scratch_prs is None or _scratch_prs[0] is not data or len(_scratch_prs[1].slides) >= 200:
        _scratch_prs = (data, Presentation(io.BytesIO(data)))
    return _scratch_prs[1]


_scratch_prs: tuple[bytes, PresentationType] | None = None


def snapshot(slide: Slide) -> Finished:
    """A drawn slide and its notes, kept to start other slides from (:func:`slide_from`)."""
    return Finished(etree.tostring(slide._element), etree.tostring(notes_page(slide)._element))


def finish(slide: Slide) -> Finished:
    """A drawn slide and its notes as python-pptx would save them."""
    return Finished(serialize_part_xml(slide._element), serialize_part_xml(slide.notes_slide._element),
                    slide.shapes._next_shape_id)


def slide_from(prs: PresentationType, layout: int, start: Finished) -> Slide:
    """A new slide of ``prs`` that is a copy of ``start`` (which shows no picture), to draw on."""
    package, number = prs.part.package, _next_number(prs)
    part = SlidePart(_slide_name(number), CT.PML_SLIDE, package, parse_xml(start.slide))
    notes = NotesSlidePart(_notes_name(number), CT.PML_NOTES_SLIDE, package, parse_xml(start.notes))
    _add(prs, layout, part, notes)
    return part.slide


#: A notes page as python-pptx first makes it from the notes master; every
#: later one is a copy (cloning the master's placeholders each time costs a
#: fifth of a deck's time, and always gives the same XML).
_notes_xml: bytes | None = None


def notes_page(slide: Slide) -> NotesSlide:
    """The slide's notes page, made as ``slide.notes_slide`` makes it, only faster."""
    global _notes_xml
    if slide.has_notes_slide:
        return slide.notes_slide
    if _notes_xml is None:
        notes = slide.notes_slide
        _notes_xml = etree.tostring(notes._element)
        return notes
    part = slide.part
    package = part.package
    # Every slide gets its notes page as it is drawn, so this slide, the last
    # listed, is the n-th and its notes are notesSlide<n>, the name python-pptx
    # would find by walking every part.
    number = len(package.presentation_part.presentation.slides)
    notes_part = NotesSlidePart(_notes_name(number), CT.PML_NOTES_SLIDE, package,
                                parse_xml(_notes_xml))
    _relate_notes(part, notes_part)
    return notes_part.notes_slide


_SRGB = re.compile(rb'(<a:srgbClr val=")([0-9A-F]{6})(")')


def recolor(xml: bytes, swap: Mapping[bytes, bytes]) -> bytes:
    """``xml`` with each ``srgbClr`` value found in ``swap`` replaced by its counterpart.

    Slides are drawn in stand-in colours that no real colour shares, so the
    swap is exact (values are upper-case hex, as python-pptx writes them).
    """
    return _SRGB.sub(lambda m: m[1] + swap.get(m[2], m[2]) + m[3], xml)


def fill_text(xml: bytes, stand_in: str, text_xml: str, size: int) -> bytes:
    """``xml`` with every run whose whole text is ``stand_in`` holding ``text_xml`` (text
    escaped as lxml writes it) instead, at ``size`` (hundredths of a point)."""
    run = re.compile(rb'(<a:rPr[^>]*? sz=")\d+("[^>]*>(?:(?!</a:rPr>).)*</a:rPr><a:t>)'
                     + re.escape(stand_in.encode()) + rb"(</a:t>)", re.S)
    value = text_xml.encode()
    return run.sub(lambda m: m[1] + b"%d" % size + m[2] + value + m[3], xml)


def colour_swap(stand_in: Mapping[str, str], real: Mapping[str, str]) -> dict[bytes, bytes]:
    """Stand-in colour -> real colour, from two ``name -> "#rrggbb"`` mappings."""
    return {stand_in[name].lstrip("#").upper().encode(): real[name].lstrip("#").upper().encode()
            for name in stand_in}


# -- one deck ------------------------------------------------------------------------------


class DeckWriter:
    """A deck made from finished slides, saved as a byte-stable package.

    ``replaced`` gives entries (by name) to write instead of the base's: a
    district's own version of a master or layout made from the base's by
    :func:`recolor` and :func:`fill_text`, without parsing it.
    """

    def __init__(self, base: Base, replaced: Mapping[str, bytes] | None = None) -> None:
        self.base = base
        self.replaced = dict(replaced or {})
        self.prs = base.copy()

    def add(self, layout: int, slide: Finished) -> None:
        """A slide from its final XML, kept as bytes: nothing to parse or serialize again.

        ``slide`` must be what python-pptx would write (:func:`finish`). The
        parts are plain python-pptx parts holding those bytes, so the deck can
        only be saved after this, not drawn on.
        """
        prs = self.prs
        package, number = prs.part.package, _next_number(prs)
        part = Part(_slide_name(number), CT.PML_SLIDE, package, slide.slide)
        notes = Part(_notes_name(number), CT.PML_NOTES_SLIDE, package, slide.notes)
        _add(prs, layout, part, notes)

    def save(self, when: dt.datetime) -> bytes:
        """The package, zipped with every entry dated ``when``."""
        return package_bytes(_entries(self.prs, {**self.base.unchanged(), **self.replaced}), when)


def _add(prs: PresentationType, layout: int, part: Any, notes: Any) -> None:
    """Relate a new slide part and its notes as python-pptx relates a slide it draws.

    ``Slides.add_slide`` makes the part and relates it to its layout (rId1),
    then the notes page (rId2); made in that same order, every relationship
    id is python-pptx's. (Slides show no pictures: the logo is on the layouts.)
    Slides are only ever added, so their ids run on from 256 as python-pptx
    numbers them (the highest in use plus one), without searching for it.
    """
    presentation_part = prs.part
    _relate(part, prs.slide_layouts[layout].part, RT.SLIDE_LAYOUT)
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


def _entries(prs: PresentationType, unchanged: dict[str, bytes]) -> Iterator[tuple[str, bytes]]:
    """The package's entries in python-pptx's own order, without zipping them.

    This is what ``Presentation.save`` writes (python-pptx's PackageWriter:
    the content types, the package relationships, then each part and its
    relationships); handing the parts over directly saves compressing the
    whole deck twice, and the base's unchanged entries are not serialized again.
    """
    package = prs.part.package
    parts = tuple(package.iter_parts())
    yield CONTENT_TYPES_URI.membername, serialize_part_xml(_ContentTypesItem.xml_for(parts))
    rels = PACKAGE_URI.rels_uri.membername
    yield rels, unchanged.get(rels) or package._rels.xml
    for part in parts:
        name = part.partname.membername
        yield name, unchanged.get(name) or part.blob
        if part._rels:
            rels = part.partname.rels_uri.membername
            yield rels, unchanged.get(rels) or part.rels.xml
