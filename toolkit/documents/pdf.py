"""Templates as tagged PDF (PDF/UA-1), made by WeasyPrint from the HTML fragment.

WeasyPrint takes most of a second to import, so it is imported here only,
when a PDF is asked for. Fonts are the locally installed Liberation Sans
(Arial's metrics) with DejaVu Sans as fallback for symbols such as the
checklist's box; no font or stylesheet is ever fetched.
"""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from types import ModuleType
from typing import Any

from toolkit.config.district import District
from toolkit.documents.html import environment, fragment_html, stylesheet
from toolkit.documents.layout import MARGIN_IN, PAPER_SIZES, Document, layout
from toolkit.model.templates import Template


def document_html(doc: Document) -> str:
    """The complete HTML page WeasyPrint prints: title, language, the body.

    Its style comes apart, from :func:`_stylesheet`: WeasyPrint takes about
    ten milliseconds to parse and prepare those few rules, more than it takes
    to lay out a short template, so they are parsed once per paper size.
    """
    return environment().get_template("document.html.j2").render(
        doc=doc, body=_markup(fragment_html(doc, level=2, show_district=False)))


@cache
def _stylesheet(width: float, height: float) -> Any:
    """The fragment's rules and the page rules (size, margins, running header, footer)."""
    page_css = environment().get_template("page.css.j2").render(
        width=width, height=height, margin=MARGIN_IN)
    return weasyprint().CSS(string=stylesheet() + "\n" + page_css, font_config=_fonts())


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)  # noqa: S704 - our own escaped HTML and CSS


@cache
def weasyprint() -> ModuleType:
    """WeasyPrint, imported without ctypes' slow search for shared libraries.

    WeasyPrint loads Pango, HarfBuzz and fontconfig by trying Windows and
    macOS names before the Linux one (``libpango-1.0.so.0``); cffi hands each
    name the loader does not know to ``ctypes.util.find_library``, which on
    Linux runs ``ldconfig`` and the C compiler, about 0.3 s, a third of the
    whole import. Its list of names ends with the Linux soname, which the
    loader finds directly, so while importing, a miss fails at once. Should
    that load nothing on some other system, the import runs again the
    ordinary way.
    """
    if not sys.platform.startswith("linux"):
        import weasyprint as module

        return module
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint as module
    except OSError:
        for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = search
        import weasyprint as module
    finally:
        ctypes.util.find_library = search
    return module


@cache
def _fonts() -> Any:
    weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def pdf_bytes(doc: Document) -> bytes:
    """Print ``doc``; the same document always gives the same bytes."""
    html = document_html(doc)
    # A fixed file identifier derived from the input keeps builds reproducible.
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return weasyprint().HTML(string=html, base_url=None).write_pdf(
        stylesheets=[_stylesheet(*doc.page_size_in)],
        pdf_variant="pdf/ua-1",
        pdf_identifier=identifier,
        font_config=_fonts(),
        uncompressed_pdf=False,
    )


def warm_up(paper: str = "letter") -> None:
    """Import WeasyPrint, load every face the templates use and parse the stylesheet.

    The first document a process prints pays for fontconfig, Pango and the
    font subsetter, about a third of a second; a worker that prints a small
    page on ``paper`` (both ways round) while the build is still loading
    starts its real jobs at full speed.
    """
    width, height = PAPER_SIZES[paper]
    for size in ((width, height), (height, width)):
        sheet = _stylesheet(*size)
    html = ('<!DOCTYPE html><html lang="en"><head><title>Warm-up</title></head><body>'
            '<p class="tkd-running">Aa</p><h1>Aa</h1><div class="tkd">'
            '<p>Aa <b>Bb</b> <i>Cc</i> <span class="tkd-box">\u2610</span></p></div></body></html>')
    weasyprint().HTML(string=html, base_url=None).write_pdf(
        stylesheets=[sheet], pdf_variant="pdf/ua-1", font_config=_fonts())


def render_pdf(
    template: Template, district: District | None, variant: str = "blank", *, paper: str = "letter"
) -> bytes:
    """A template as a tagged PDF on US Letter (default) or A4 paper."""
    return pdf_bytes(layout(template, district, variant, paper=paper))


def html_pdf_bytes(html: str, css: str) -> bytes:
    """Print a complete HTML page of the toolkit's own (the plan's progress report) as tagged PDF.

    The same engine, fonts and PDF/UA settings as the templates; the page
    brings its own stylesheet, page rules included.
    """
    identifier = hashlib.sha256((html + css).encode("utf-8")).hexdigest()[:32].encode("ascii")
    return weasyprint().HTML(string=html, base_url=None).write_pdf(
        stylesheets=[weasyprint().CSS(string=css, font_config=_fonts())],
        pdf_variant="pdf/ua-1",
        pdf_identifier=identifier,
        font_config=_fonts(),
        uncompressed_pdf=False,
    )
