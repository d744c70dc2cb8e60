"""Each slide drawn once per process, and reused by every deck that shows it.

Drawing with python-pptx is most of a deck's cost, and most slides come out
the same in every district's deck but for the colours. So each planned slide
is drawn once, with :mod:`toolkit.slides.shapes`, on a scratch presentation
and in stand-in colours (:data:`STAND_IN`); its finished XML goes into every
deck that needs it with the deck's colours swapped in. Slides that differ
start from a shared skeleton (background, bars, logo), and a district's
footer is drawn once for all its slides. A batch of districts, or ``toolkit
serve`` after one slide was edited, draws only what changed; a deck's bytes
never depend on what was drawn before it. What this does below python-pptx's
public API is done by :mod:`toolkit.office.presentation`.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path

from toolkit.office import presentation
from toolkit.office.presentation import DeckWriter, Finished
from toolkit.slides import shapes
from toolkit.slides.base import base_template
from toolkit.slides.compose import Fitted, PlannedSlide
from toolkit.slides.layout import Box, Frame
from toolkit.slides.theme import Theme

#: A theme whose every colour is its own: drawn slides are kept in these and
#: recoloured per deck. No two fields share a value, so the swap is exact.
STAND_IN = Theme(**{f.name: f"#F0F0{index:02X}"
                    for index, f in enumerate(dataclasses.fields(Theme))})


@lru_cache(maxsize=64)
def colour_swap(theme: Theme) -> dict[bytes, bytes]:
    """Stand-in colour -> ``theme``'s, made once per theme rather than per slide."""
    return presentation.colour_swap(dataclasses.asdict(STAND_IN), dataclasses.asdict(theme))


def add_slide(writer: DeckWriter, plan: PlannedSlide, theme: Theme, lang: str,
              logo: tuple[Path, str] | None) -> None:
    """Add ``plan`` to the deck in ``theme``'s colours, with its speaker notes.

    The slide goes in as finished XML: the drawn slide recoloured, with the
    footer, which names the district on every slide, put last in its shape
    tree as python-pptx would append it. So the rest of the slide is shared
    across districts, and nothing is parsed or serialized again per deck.
    """
    mtime = logo[0].stat().st_mtime if logo is not None else None
    drawn = _drawn(dataclasses.replace(plan, footer=None), lang, logo, mtime)
    xml = presentation.recolor(drawn.slide, colour_swap(theme))
    if plan.footer is not None and plan.frame.footer is not None:
        footer = _footer_xml(plan.frame.footer, plan.footer, theme, lang)
        xml = presentation.splice_shape(xml, footer, drawn.next_shape_id)
    writer.add(shapes.LAYOUTS[plan.kind], Finished(xml, drawn.notes),
               shapes.picture(plan.frame, logo))


def _scratch():  # type: ignore[no-untyped-def]
    return presentation.scratch(base_template())


@lru_cache(maxsize=256)
def _footer_xml(box: Box, fitted: Fitted, theme: Theme, lang: str) -> bytes:
    """A footer drawn once (a district's is the same on all its slides), as XML."""
    prs = _scratch()
    slide = prs.slides.add_slide(prs.slide_layouts[shapes.LAYOUTS["bullets"]])
    shapes.add_footer(slide, box, fitted, theme, lang)
    return presentation.cut_last_shape(slide)


@lru_cache(maxsize=1024)
def _drawn(plan: PlannedSlide, lang: str, logo: tuple[Path, str] | None,
           logo_mtime: float | None) -> Finished:
    """``plan`` drawn once; ``logo_mtime`` makes a changed logo file draw it again.

    The texts are written into a copy of the slide's skeleton, which is all
    the rest of the slide and is shared by every slide of its kind and frame.
    """
    skeleton = _skeleton(plan.kind, plan.frame, shapes.has_text(plan), logo, logo_mtime)
    slide = presentation.slide_from(_scratch(), shapes.LAYOUTS[plan.kind], skeleton,
                                    shapes.picture(plan.frame, logo))
    shapes.write_texts(slide, plan, STAND_IN, lang)
    shapes.write_notes(slide.notes_slide, plan.notes, lang)
    return presentation.finish(slide)


@lru_cache(maxsize=64)
def _skeleton(kind: str, frame: Frame, with_text: bool, logo: tuple[Path, str] | None,
              logo_mtime: float | None) -> Finished:
    """A slide of ``kind`` with its background, bars and logo, and empty text placeholders."""
    prs = _scratch()
    slide = prs.slides.add_slide(prs.slide_layouts[shapes.LAYOUTS[kind]])
    shapes.decorate(slide, kind, frame, with_text, STAND_IN, logo)
    return presentation.snapshot(slide)
