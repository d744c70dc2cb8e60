"""The "templates" renderer: every template, blank and example, as PDF and DOCX.

Registered in :data:`toolkit.build.artifacts.RENDERERS`. Files land where
:func:`toolkit.model.sitemap.template_download` says, so the guide's links
and the files cannot drift apart. Each file reads its template and the
district only; PDFs are marked ``printed`` so the build makes them in a worker
process, the only one that imports WeasyPrint.
"""

from __future__ import annotations

from toolkit.build.artifacts import Output
from toolkit.build.inputs import BuildInputs
from toolkit.documents.layout import layout
from toolkit.model import sitemap
from toolkit.model.templates import VARIANTS

FORMATS = ("pdf", "docx")
PAPER = "letter"


def outputs(inputs: BuildInputs) -> list[Output]:
    found = []
    for template_id, template in sorted(inputs.content.templates.items()):
        for variant in VARIANTS:
            for fmt in FORMATS:
                found.append(Output(
                    sitemap.template_download(template_id, variant, fmt), "templates",
                    (template_id, variant, fmt), inputs.key("template", template, variant, fmt, PAPER),
                    printed=fmt == "pdf",
                ))
    return found


def render(inputs: BuildInputs, output: Output) -> bytes:
    template_id, variant, fmt = output.item
    doc = layout(inputs.content.templates[template_id], inputs.district, variant, paper=PAPER)
    if fmt == "pdf":
        from toolkit.documents.pdf import pdf_bytes  # imports WeasyPrint: only when printing

        return pdf_bytes(doc)
    from toolkit.documents.docx import docx_bytes

    return docx_bytes(doc)
