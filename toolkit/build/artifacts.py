"""The downloadable outputs (decks, templates) and who renders them.

Each renderer is named by a dotted path and imported only when its output is
asked for, so ``toolkit build --only slides`` never imports WeasyPrint or
mkdocs. A renderer is a function ``render(content, district, site_dir)`` that
writes its files at the paths :mod:`toolkit.model.sitemap` gives, under
``site_dir``, and returns those paths relative to ``site_dir``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.config.district import District
    from toolkit.model.content import Content

Renderer = Callable[["Content", "District | None", Path], list[str]]

#: Output name (as used by ``--only``) -> "module:function" of its renderer.
RENDERERS: dict[str, str] = {
    "slides": "toolkit.slides.render:render_decks",
    "templates": "toolkit.documents.render:render_templates",
}


def get_renderer(name: str) -> Renderer:
    module_name, _, func = RENDERERS[name].partition(":")
    return getattr(importlib.import_module(module_name), func)


def render_artifacts(
    content: Content,
    district: District | None,
    site_dir: Path,
    only: list[str] | None = None,
) -> list[str]:
    """Render every registered output (or just ``only``) into ``site_dir``."""
    written: list[str] = []
    for name in RENDERERS:
        if only is not None and name not in only:
            continue
        written.extend(get_renderer(name)(content, district, site_dir))
    return sorted(written)
