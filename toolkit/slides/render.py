"""Render every deck outline as a .pptx download of the guide site.

This module is the renderer registered as ``slides`` in
:mod:`toolkit.pipeline.artifacts`: ``toolkit build`` calls it while building the
site, ``toolkit build --only slides`` calls it alone, and the batch build
(``--district DIR``) calls :func:`build_deck` for every district.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.config.district import District
from toolkit.errors import Location, Problem, ToolkitError
from toolkit.model.content import Content
from toolkit.model.decks import Deck
from toolkit.model.modules import Step
from toolkit.model.sitemap import deck_download
from toolkit.pipeline.artifacts import Output
from toolkit.pipeline.fingerprint import remembered_digest
from toolkit.pipeline.inputs import BuildInputs
from toolkit.slides import package, shapes
from toolkit.slides.compose import plan_deck
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


def build_deck(deck: Deck, content: Content, district: District | None,
               logo: tuple[Path, str] | None = None) -> bytes:
    """One deck as .pptx bytes: same inputs, same bytes."""
    step = content.modules.get(deck.step) if deck.step else None
    theme = Theme.for_district(district)
    lang = district.language if district else "en"
    planned = plan_deck(deck, step if isinstance(step, Step) else None, district,
                        with_logo=logo is not None)
    prs = package.new_presentation()
    for plan in planned:
        shapes.draw_slide(prs, plan, theme, lang, logo)
    name = (district.short_name or district.name) if district else None
    title = f"{deck.title}: {name}" if name else deck.title
    info = package.DocumentInfo(title=title, language=lang, subject=" ".join(deck.summary.split()))
    return package.save(prs, info, theme.scheme(), (name or "Action planning toolkit")[:60])


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
