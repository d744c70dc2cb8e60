"""The "templates" renderer: every template, blank and example (and a poster
where the template has one), and a district's plan filled in on its templates,
as PDF and DOCX, on the district's paper size (US Letter without a district).

Registered in :data:`toolkit.pipeline.artifacts.RENDERERS`. Files land where
:mod:`toolkit.model.sitemap` says (:func:`~toolkit.model.sitemap.template_download`,
:func:`~toolkit.model.sitemap.plan_download`), so the guide's links and the
files cannot drift apart. A template's files read that template and the
district; a plan document reads its part of the plan too (:func:`plan_part`). PDFs are marked ``printed`` so
the build makes them in worker processes, the only ones that import WeasyPrint.
"""

from __future__ import annotations

from dataclasses import replace

from toolkit.config.district import District
from toolkit.documents.layout import DEFAULT_PAPER, Document, layout_copies, variants
from toolkit.model import sitemap
from toolkit.model.templates import plan_template
from toolkit.pipeline.artifacts import Output
from toolkit.pipeline.inputs import BuildInputs
from toolkit.plan.model import Plan

FORMATS = ("pdf", "docx")


def paper_of(district: District | None) -> str:
    """The paper every template prints on: the district's choice, else US Letter."""
    return district.paper_size if district is not None else DEFAULT_PAPER


def outputs(inputs: BuildInputs) -> list[Output]:
    found = []
    paper = paper_of(inputs.district)  # the district is a shared input of every key
    for template_id, template in sorted(inputs.content.templates.items()):
        for variant in variants(template):
            for fmt in FORMATS:
                found.append(Output(
                    sitemap.template_download(template_id, variant, fmt), "templates",
                    ("template", template_id, variant, fmt),
                    inputs.key("template", template, variant, fmt, paper),
                    printed=fmt == "pdf",
                ))
    plan = inputs.plan
    if plan is not None:
        items = [("initiative", i.slug) for i in plan.initiatives]
        items += [("strategy", s.slug) for s in plan.strategies]
        for kind, slug in items:
            template = plan_template(inputs.content.templates, kind)
            part = plan_part(plan, kind, slug)
            for fmt in FORMATS:
                found.append(Output(
                    sitemap.plan_download(kind, slug, fmt), "templates",
                    ("plan", kind, slug, fmt),
                    inputs.key("plan document", kind, slug, template, fmt, paper, part),
                    printed=fmt == "pdf",
                ))
    return found


def plan_part(plan: Plan, kind: str, slug: str) -> Plan:
    """The plan as one document of it sees it: the whole plan but for the other items.

    A plan document is keyed on this, and made from this, so it cannot read
    a part of the plan its key leaves out.
    """
    return replace(plan, initiatives=[i for i in plan.initiatives if kind == "initiative"
                                      and i.slug == slug],
                   strategies=[s for s in plan.strategies if kind == "strategy" and s.slug == slug])


def render(inputs: BuildInputs, output: Output) -> bytes:
    source, *item, fmt = output.item
    docs = (_template_documents(inputs, *item) if source == "template"
            else [_plan_document(inputs, *item)])
    if fmt == "pdf":
        from toolkit.documents.pdf import pdf_bytes  # imports WeasyPrint: only when printing

        return pdf_bytes(docs)
    from toolkit.documents.docx import docx_bytes

    return docx_bytes(docs)


def warm_up() -> None:
    """Load the printing engine and its fonts, ahead of the first PDF (see toolkit.pipeline.workers).

    The worker starts before the district file is read, so it warms up US
    Letter; a district on A4 pays a few milliseconds for its first stylesheet.
    """
    from toolkit.documents.pdf import warm_up

    warm_up(DEFAULT_PAPER)


def _template_documents(inputs: BuildInputs, template_id: str, variant: str) -> list[Document]:
    template = inputs.content.templates[template_id]
    return layout_copies(template, inputs.district, variant, paper=paper_of(inputs.district))


def _plan_document(inputs: BuildInputs, kind: str, slug: str) -> Document:
    from toolkit.documents.plan import initiative_document, strategy_document

    assert inputs.plan is not None
    plan = plan_part(inputs.plan, kind, slug)
    if kind == "initiative":
        initiative = next(i for i in plan.initiatives if i.slug == slug)
        return initiative_document(plan, initiative, inputs.content, inputs.district,
                                   paper=paper_of(inputs.district))
    strategy = next(s for s in plan.strategies if s.slug == slug)
    return strategy_document(plan, strategy, inputs.content, inputs.district,
                             paper=paper_of(inputs.district))
