"""Facilitator slide decks (.pptx) from the deck outlines in ``slides/``.

Layered like python-pptx itself: :mod:`toolkit.slides.render` is the public
entry point; it plans each slide's text with :mod:`toolkit.slides.compose`
(placeholders filled, text fitted with :mod:`toolkit.slides.metrics`, long
slides continued) and draws it through python-pptx's public API with
:mod:`toolkit.slides.shapes`, which leaves the few raw XML tweaks python-pptx
has no API for to :mod:`toolkit.slides.oxml`. :mod:`toolkit.slides.drawn`
draws each slide once per process and hands finished slides to
:mod:`toolkit.office.presentation`, which packages the deck; everything
below python-pptx's public API is there. Nothing here imports mkdocs or
WeasyPrint: ``toolkit build --only slides`` stays fast.
"""
