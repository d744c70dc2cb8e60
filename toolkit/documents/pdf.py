"""Templates as tagged PDF (PDF/UA-1), made by WeasyPrint from the HTML fragment.

WeasyPrint takes most of a second to import, so it is imported here only,
when a PDF is asked for, through :mod:`toolkit.documents.weasyprint_loader`
(the one place that goes around its public API). Fonts are the locally
installed Liberation Sans (Arial's metrics) with DejaVu Sans as fallback for
symbols such as the checklist's box; no font or stylesheet is ever fetched.

:func:`pdf_bytes` is the fast path a build uses: the stylesheet is parsed once
per page size and the font configuration is shared by every document.
:func:`reference_pdf_bytes` prints the same documents through WeasyPrint's
public API alone, parsing everything afresh; the tests check both give the
same PDF.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from types import ModuleType
from typing import Any

from toolkit.config.district import District
from toolkit.documents.html import environment, fragment_html, stylesheet
from toolkit.documents.layout import (
    MARGIN_IN,
    PAPER_SIZES,
    TOP_MARGIN_IN,
    Document,
    layout_copies,
)
from toolkit.documents.weasyprint_loader import load_weasyprint
from toolkit.model.templates import Template

#: What every PDF is written with: tagged PDF/UA-1, compressed.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}


def document_html(doc: Document) -> str:
    """The complete HTML page WeasyPrint prints: title, language, the body.

    Its style comes apart, from :func:`page_css`: WeasyPrint takes about
    ten milliseconds to parse and prepare those few rules, more than it takes
    to lay out a short template, so a build parses them once per page size.
    """
    return environment().get_template("document.html.j2").render(
        doc=doc, body=_markup(fragment_html(doc, level=2, show_district=False)))


def page_css(doc: Document) -> str:
    """The fragment's rules and the page rules (size, margins, running header, footer, type size)."""
    return _page_css(*doc.page_size_in, doc.scale)


@cache
def _page_css(width: float, height: float, scale: float) -> str:
    page = environment().get_template("page.css.j2").render(
        width=width, height=height, margin=MARGIN_IN, top=TOP_MARGIN_IN, scale=scale)
    return stylesheet() + "\n" + page


@cache
def _stylesheet(width: float, height: float, scale: float) -> Any:
    return weasyprint().CSS(string=_page_css(width, height, scale), font_config=_fonts())


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)  # noqa: S704 - our own escaped HTML and CSS


def weasyprint() -> ModuleType:
    return load_weasyprint()


@cache
def _fonts() -> Any:
    weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def identifier(docs: Sequence[Document]) -> bytes:
    """A fixed file identifier derived from the input, which keeps builds reproducible."""
    digest = hashlib.sha256()
    for doc in docs:
        digest.update(document_html(doc).encode("utf-8"))
        digest.update(page_css(doc).encode("utf-8"))
    return digest.hexdigest()[:32].encode("ascii")


def pdf_bytes(docs: Document | Sequence[Document]) -> bytes:
    """Print ``docs`` (one document, or a set printed one after another) as one PDF.

    Each document of a set is laid out on its own, so its pages are numbered
    from 1 ("Page 1 of 1"); the file takes its title and language from the first.
    The same documents always give the same bytes.
    """
    docs = [docs] if isinstance(docs, Document) else list(docs)
    module = weasyprint()
    rendered = [
        module.HTML(string=document_html(doc), base_url=None).render(
            stylesheets=[_stylesheet(*doc.page_size_in, doc.scale)], font_config=_fonts(),
            **PDF_OPTIONS)
        for doc in docs
    ]
    return _combined(rendered).write_pdf(pdf_identifier=identifier(docs), **PDF_OPTIONS)


def reference_pdf_bytes(docs: Document | Sequence[Document]) -> bytes:
    """What :func:`pdf_bytes` prints, through WeasyPrint's public API alone.

    Call it in a process that imported WeasyPrint the ordinary way
    (``import weasyprint``): the stylesheet and the fonts are set up afresh
    for every document, nothing is cached and nothing is patched.
    """
    import weasyprint as module
    from weasyprint.text.fonts import FontConfiguration

    docs = [docs] if isinstance(docs, Document) else list(docs)
    rendered = []
    for doc in docs:
        fonts = FontConfiguration()
        css = module.CSS(string=page_css(doc), font_config=fonts)
        rendered.append(module.HTML(string=document_html(doc), base_url=None).render(
            stylesheets=[css], font_config=fonts, **PDF_OPTIONS))
    return _combined(rendered).write_pdf(pdf_identifier=identifier(docs), **PDF_OPTIONS)


def _combined(rendered: list[Any]) -> Any:
    """Rendered documents as one, with the first one's metadata (WeasyPrint's ``Document.copy``)."""
    if len(rendered) == 1:
        return rendered[0]
    return rendered[0].copy([page for document in rendered for page in document.pages])


def warm_up(paper: str = "letter") -> None:
    """Import WeasyPrint, load every face the templates use and parse the stylesheet.

    The first document a process prints pays for fontconfig, Pango and the
    font subsetter, about a third of a second; a worker that prints a small
    page on ``paper`` (both ways round) while the build is still loading
    starts its real jobs at full speed.
    """
    width, height = PAPER_SIZES[paper]
    for size in ((width, height), (height, width)):
        sheet = _stylesheet(*size, 1.0)
    html = ('<!DOCTYPE html><html lang="en"><head><title>Warm-up</title></head><body>'
            '<p class="tkd-running">Aa</p><h1>Aa</h1><div class="tkd">'
            '<p>Aa <b>Bb</b> <i>Cc</i> <span class="tkd-box">\u2610</span></p></div></body></html>')
    weasyprint().HTML(string=html, base_url=None).write_pdf(
        stylesheets=[sheet], font_config=_fonts(), **PDF_OPTIONS)


def render_pdf(
    template: Template, district: District | None, variant: str = "blank", *, paper: str = "letter"
) -> bytes:
    """A template as a tagged PDF on US Letter (default) or A4 paper."""
    return pdf_bytes(layout_copies(template, district, variant, paper=paper))


def html_pdf_bytes(html: str, css: str) -> bytes:
    """Print a complete HTML page of the toolkit's own (the plan's progress report) as tagged PDF.

    The same engine, fonts and PDF/UA settings as the templates; the page
    brings its own stylesheet, page rules included.
    """
    digest = hashlib.sha256((html + css).encode("utf-8")).hexdigest()[:32].encode("ascii")
    return weasyprint().HTML(string=html, base_url=None).write_pdf(
        stylesheets=[weasyprint().CSS(string=css, font_config=_fonts())],
        pdf_identifier=digest, font_config=_fonts(), **PDF_OPTIONS)
