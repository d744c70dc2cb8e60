"""Templates as tagged PDF (PDF/UA-1), made by WeasyPrint from the HTML fragment.

WeasyPrint takes most of a second to import, so it is imported here only,
when a PDF is asked for. Fonts are the locally installed Liberation Sans
(Arial's metrics) with DejaVu Sans as fallback for symbols such as the
checklist's box; no font or stylesheet is ever fetched.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

from toolkit.config.district import District
from toolkit.documents.html import environment, fragment_html, stylesheet
from toolkit.documents.layout import MARGIN_IN, Document, layout
from toolkit.model.templates import Template


def document_html(doc: Document) -> str:
    """The complete HTML page WeasyPrint prints: title, language, page rules."""
    width, height = doc.page_size_in
    env = environment()
    page_css = env.get_template("page.css.j2").render(width=width, height=height, margin=MARGIN_IN)
    return env.get_template("document.html.j2").render(
        doc=doc,
        body=_markup(fragment_html(doc, level=2, show_district=False)),
        fragment_css=_markup(stylesheet()),
        page_css=_markup(page_css),
    )


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)  # noqa: S704 - our own escaped HTML and CSS


@cache
def _fonts() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def pdf_bytes(doc: Document) -> bytes:
    """Print ``doc``; the same document always gives the same bytes."""
    import weasyprint

    html = document_html(doc)
    # A fixed file identifier derived from the input keeps builds reproducible.
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return weasyprint.HTML(string=html, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_identifier=identifier,
        font_config=_fonts(),
        uncompressed_pdf=False,
    )


def render_pdf(
    template: Template, district: District | None, variant: str = "blank", *, paper: str = "letter"
) -> bytes:
    """A template as a tagged PDF on US Letter (default) or A4 paper."""
    return pdf_bytes(layout(template, district, variant, paper=paper))
