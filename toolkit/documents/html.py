"""Templates as accessible HTML: the guide's template pages and the PDF body.

The fragment uses only semantic markup (headings, lists, tables with a
caption and ``th scope``) and class names; colours live in the stylesheet,
so a page that embeds it keeps its own contrast. Jinja2 autoescape is on for
every template, so district text is always shown as text.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2
from markupsafe import escape

from toolkit.config.district import District
from toolkit.documents.layout import DEFAULT_PAPER, EXAMPLE_PREFIX, Document, layout_copies
from toolkit.model.provenance import CREDIT_LABEL
from toolkit.model.templates import Template
from toolkit.pipeline import compiled


@cache
def environment() -> jinja2.Environment:
    return compiled.keep_compiled(jinja2.Environment(
        loader=jinja2.PackageLoader("toolkit.documents", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    ))


def fragment_html(doc: Document, *, level: int = 2, show_district: bool = True) -> str:
    """The body of ``doc`` without a main heading: sections start at ``<h{level}>``."""
    html = environment().get_template("fragment.html.j2").render(
        doc=doc, level=level, show_district=show_district, example_prefix=EXAMPLE_PREFIX,
        credit_label=CREDIT_LABEL,
    )
    # No blank lines: Markdown pages that embed the fragment would end the
    # HTML block at the first one.
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


def copies_html(docs: list[Document]) -> str:
    """One document's fragment, or each copy of a set under a heading naming it.

    A worksheet printed once per initiative shows every copy on its page, each
    a section headed by its initiative, so its own sections start a level down.
    """
    if len(docs) == 1:
        return fragment_html(docs[0])
    parts = []
    for doc in docs:
        parts.append(f'<section class="tkd-copy">\n<h2>{escape(doc.copy_label)}</h2>\n')
        parts.append(fragment_html(doc, level=3))
        parts.append("</section>\n")
    return "".join(parts)


def template_html(template: Template, district: District | None, variant: str = "blank") -> str:
    """A safe HTML fragment of ``template`` for a page whose ``<h1>`` is its title.

    The guide wraps it with a print button and download links; the classes are
    styled by :func:`stylesheet` (screen and print). It is laid out for the
    district's paper, as its PDF is.
    """
    paper = district.paper_size if district is not None else DEFAULT_PAPER
    return copies_html(layout_copies(template, district, variant, paper=paper))


@cache
def stylesheet() -> str:
    """CSS for the fragment on a web page and when printed from the browser."""
    return resources.files("toolkit.documents").joinpath("templates/fragment.css").read_text("utf-8")
