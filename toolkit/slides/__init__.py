"""Facilitator slide decks (.pptx) from the deck outlines in ``slides/``.

Layered like python-pptx itself: :mod:`toolkit.slides.render` is the public
entry point; it plans each slide's text with :mod:`toolkit.slides.compose`
(placeholders filled, text fitted with :mod:`toolkit.slides.metrics`, long
slides continued), draws it with the layout helpers of
:mod:`toolkit.slides.shapes`, which leave the few raw XML tweaks python-pptx
has no API for to :mod:`toolkit.slides.oxml`, and saves byte-identical files
with :mod:`toolkit.slides.package`. Nothing here imports mkdocs or WeasyPrint:
``toolkit build --only slides`` stays fast.
"""
