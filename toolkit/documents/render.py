"""The "templates" renderer: every template, blank and example, as PDF and DOCX.

Registered in :data:`toolkit.build.artifacts.RENDERERS`. Files land where
:func:`toolkit.model.sitemap.template_download` says, so the guide's links
and the files cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.config.district import District
from toolkit.documents.docx import docx_bytes
from toolkit.documents.layout import layout
from toolkit.model import sitemap
from toolkit.model.content import Content
from toolkit.model.templates import VARIANTS


def render_templates(
    content: Content, district: District | None, site_dir: Path, *, paper: str = "letter"
) -> list[str]:
    """Write every template into ``site_dir``; return the paths written, relative to it."""
    from toolkit.documents.pdf import pdf_bytes  # imports WeasyPrint: only when printing

    written: list[str] = []
    for template in content.templates.values():
        for variant in VARIANTS:
            doc = layout(template, district, variant, paper=paper)
            for fmt, make in (("pdf", pdf_bytes), ("docx", docx_bytes)):
                relative = sitemap.template_download(template.id, variant, fmt)
                target = Path(site_dir) / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(make(doc))
                written.append(relative)
    return written
