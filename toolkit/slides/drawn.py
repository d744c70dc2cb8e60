"""Each slide drawn once per process, and reused by every deck that shows it.

Drawing with python-pptx is most of a deck's cost, and most slides come out
the same in every district's deck but for the colours. So each planned slide
is drawn once, with :mod:`toolkit.slides.shapes`, on a scratch presentation
and in stand-in colours (:data:`STAND_IN`); its finished XML goes into every
deck that needs it with the deck's colours swapped in. Slides start from a
skeleton shared by every slide of their kind. A district's branding (its
master, layouts and theme) is made once per logo in stand-in colours with a
stand-in footer, and once per district by swapping in its colours and
footer in the finished XML (:func:`deck_writer`). A batch of districts, or ``toolkit serve`` after one
slide was edited, draws only what changed; a deck's bytes never depend on
what was drawn before it. What this does below python-pptx's public API is
done by :mod:`toolkit.office.presentation`.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache, partial
from pathlib import Path

from pptx.presentation import Presentation as PresentationType

from toolkit.office import presentation
from toolkit.office.presentation import Base, DeckWriter, Finished
from toolkit.slides import master, oxml, shapes
from toolkit.slides.base import base_template
from toolkit.slides.compose import PlannedSlide
from toolkit.slides.fitting import Fitted, Para
from toolkit.slides.layout import FOOTER
from toolkit.slides.theme import Theme

#: A theme whose every colour is its own: drawn slides are kept in these and
#: recoloured per deck. No two fields share a value, so the swap is exact.
STAND_IN = Theme(**{f.name: f"#F0F0{index:02X}"
                    for index, f in enumerate(dataclasses.fields(Theme))})


@lru_cache(maxsize=64)
def colour_swap(theme: Theme) -> dict[bytes, bytes]:
    """Stand-in colour -> ``theme``'s, made once per theme rather than per slide."""
    return presentation.colour_swap(dataclasses.asdict(STAND_IN), dataclasses.asdict(theme))


#: Stands for a district's footer text in a design's master and layouts.
FOOTER_STAND_IN = "\ue000"


def deck_writer(branding: master.Branding) -> DeckWriter:
    """A new deck with the district's branding: a copy of its design's base, with the
    district's own master, layouts and theme entries."""
    design = _design(branding.lang, branding.logo, branding.logo_mtime)
    return DeckWriter(design, _district_entries(branding))


@lru_cache(maxsize=8)
def _design(lang: str, logo: tuple[Path, str] | None, logo_mtime: float | None) -> Base:
    """The master and layouts with a logo or none, branded once in stand-in colours and a
    stand-in footer: every district with this logo (most have none) shares it."""
    stand_in = master.Branding(STAND_IN, "", lang, Fitted((Para(FOOTER_STAND_IN),), 12, FOOTER),
                               logo, logo_mtime)
    return presentation.opened(base_template()).branded(partial(master.brand, branding=stand_in))


@lru_cache(maxsize=8)
def _district_entries(branding: master.Branding) -> dict[str, bytes]:
    """A district's master, layouts and theme, made once from its design's: recoloured, its
    footer filled in, its theme written. Byte substitutions only, so a batch stays fast."""
    design = _design(branding.lang, branding.logo, branding.logo_mtime)
    entries = design.unchanged()
    theme = presentation.theme_part(design.prs)
    footer = branding.footer
    text = "".join(oxml.xml_text(para.text) for para in footer.paras)
    swap = colour_swap(branding.theme)
    made = {}
    for name in design.own:
        xml = entries[name]
        if name == theme.partname.membername:
            made[name] = oxml.theme_xml(xml, branding.theme.scheme(), branding.theme_name)
        else:
            xml = presentation.fill_text(xml, FOOTER_STAND_IN, text, round(footer.size * 100))
            made[name] = presentation.recolor(xml, swap)
    return made


def add_slide(writer: DeckWriter, plan: PlannedSlide, theme: Theme, lang: str) -> None:
    """Add ``plan`` to the deck in ``theme``'s colours, with its speaker notes.

    The slide goes in as finished XML, recoloured: nothing is parsed or
    serialized again per deck.
    """
    drawn = _drawn(plan, lang)
    writer.add(shapes.LAYOUTS[plan.kind],
               Finished(presentation.recolor(drawn.slide, colour_swap(theme)), drawn.notes))


def _scratch() -> PresentationType:
    return presentation.scratch(base_template())


@lru_cache(maxsize=1024)
def _drawn(plan: PlannedSlide, lang: str) -> Finished:
    """``plan`` drawn once, in stand-in colours, on a copy of its kind's skeleton."""
    skeleton = _skeleton(plan.kind, shapes.has_text(plan))
    slide = presentation.slide_from(_scratch(), shapes.LAYOUTS[plan.kind], skeleton)
    shapes.write_texts(slide, plan, STAND_IN, lang)
    shapes.draw_visual(slide, plan, STAND_IN, lang)
    shapes.write_notes(slide.notes_slide, plan.notes, lang)
    return presentation.finish(slide)


@lru_cache(maxsize=64)
def _skeleton(kind: str, with_text: bool) -> Finished:
    """A new slide of ``kind``'s layout, its placeholders empty, with its notes page."""
    prs = _scratch()
    slide = prs.slides.add_slide(prs.slide_layouts[shapes.LAYOUTS[kind]])
    shapes.prepare(slide, kind, with_text)
    return presentation.snapshot(slide)
