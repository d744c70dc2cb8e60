"""Render every deck outline as a .pptx download of the guide site.

This module is the renderer registered as ``slides`` in
:mod:`toolkit.pipeline.artifacts`: ``toolkit build`` calls it while building the
site, ``toolkit build --only slides`` calls it alone, and the batch build
(``--district DIR``) calls :func:`build_deck` for every district.
:func:`reference_deck` makes the same deck through python-pptx's public API
only, for the tests to compare with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pptx.presentation import Presentation as PresentationType

from toolkit.config.district import District
from toolkit.errors import Location, Problem, ToolkitError
from toolkit.model.content import Content
from toolkit.model.decks import Deck
from toolkit.model.modules import Step
from toolkit.model.sitemap import deck_download
from toolkit.office import reference
from toolkit.pipeline.artifacts import Output
from toolkit.pipeline.dates import build_datetime
from toolkit.pipeline.fingerprint import remembered_digest
from toolkit.pipeline.inputs import BuildInputs
from toolkit.slides import drawn, shapes
from toolkit.slides.base import DocumentInfo, base_template, set_properties
from toolkit.slides.compose import PlannedSlide, plan_deck, plan_footer
from toolkit.slides.master import Branding, brand
from toolkit.slides.theme import Theme
from toolkit.source import load_data_file

#: Picture formats every slide application can show.
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")


def outputs(inputs: BuildInputs) -> list[Output]:
    """One .pptx per deck outline; it reads the outline and the step it follows."""
    content = inputs.content
    return [
        Output(deck_download(deck_id), "slides", (deck_id,),
               inputs.key("deck", remembered_digest(deck), remembered_digest(
                   content.modules.get(deck.step) if deck.step else None)))
        for deck_id, deck in sorted(content.decks.items())
    ]


def render(inputs: BuildInputs, output: Output) -> bytes:
    (deck_id,) = output.item
    return build_deck(inputs.content.decks[deck_id], inputs.content, inputs.district,
                      deck_logo(inputs.district))


@dataclass(frozen=True)
class DeckPlan:
    """Everything a deck is made from: its slides, fitted, its branding, what it says about itself."""

    slides: list[PlannedSlide]
    theme: Theme
    lang: str
    info: DocumentInfo
    branding: Branding


def plan(deck: Deck, content: Content, district: District | None,
         logo: tuple[Path, str] | None = None) -> DeckPlan:
    step = content.modules.get(deck.step) if deck.step else None
    lang = district.language if district else "en"
    slides = plan_deck(deck, step if isinstance(step, Step) else None, district,
                       with_logo=logo is not None)
    name = (district.short_name or district.name) if district else None
    title = f"{deck.title}: {name}" if name else deck.title
    info = DocumentInfo(title=title, language=lang, subject=" ".join(deck.summary.split()))
    theme = Theme.for_district(district)
    branding = Branding(theme, (name or "Action planning toolkit")[:60], lang, plan_footer(district),
                        logo, logo[0].stat().st_mtime if logo is not None else None)
    return DeckPlan(slides, theme, lang, info, branding)


def build_deck(deck: Deck, content: Content, district: District | None,
               logo: tuple[Path, str] | None = None) -> bytes:
    """One deck as .pptx bytes: same inputs, same bytes."""
    made = plan(deck, content, district, logo)
    writer = drawn.deck_writer(made.branding)
    for slide in made.slides:
        drawn.add_slide(writer, slide, made.theme, made.lang)
    when = build_datetime().replace(tzinfo=None)
    set_properties(writer.prs, made.info, when)
    return writer.save(when)


def reference_deck(deck: Deck, content: Content, district: District | None,
                   logo: tuple[Path, str] | None = None) -> bytes:
    """The same deck as :func:`build_deck`, made through python-pptx's public API only
    (but for the branding of the master and layouts, which has none)."""
    made = plan(deck, content, district, logo)
    slides: list[tuple[int, Callable[..., None]]] = [
        (shapes.LAYOUTS[slide.kind], partial(shapes.draw, plan=slide, theme=made.theme,
                                             lang=made.lang))
        for slide in made.slides
    ]

    def finish(prs: PresentationType) -> None:
        set_properties(prs, made.info, build_datetime().replace(tzinfo=None))

    return reference.deck(base_template(), partial(brand, branding=made.branding), slides, finish)


def deck_logo(district: District | None) -> tuple[Path, str] | None:
    """The district's logo and its alternative text, checked to be a real picture.

    The district file only accepts PNG and JPEG logos (SVG cannot be embedded
    by python-pptx nor shown by every slide application).
    """
    if district is None or district.branding.logo is None:
        return None
    branding = district.branding
    where = _logo_line(district)
    path = Path(branding.logo)
    try:
        shapes.image_size(path)
    except Exception:  # Pillow and python-pptx raise several types for unreadable images
        raise ToolkitError(Problem(where, f"cannot read the logo '{path.name}' as a picture; "
                                          "is it really a PNG or JPEG file?")) from None
    return path, branding.logo_alt or ""


def _logo_line(district: District) -> Location:
    """Where the district file names its logo, to point a message at it."""
    fallback = district.branding.location or district.location or Location("district file", 1)
    try:
        branding = load_data_file(district.source).get("branding") if district.source else None
        return branding.at("logo")
    except (ToolkitError, AttributeError):
        return fallback
