"""The downloadable outputs (decks, templates) and who renders them.

Each renderer is a module named in :data:`RENDERERS` and imported only when
its outputs are asked for, so ``toolkit build --only slides`` never imports
WeasyPrint or mkdocs. A renderer module has two functions:

- ``outputs(inputs) -> list[Output]``: every file it makes, at the path
  :mod:`toolkit.model.sitemap` gives, with the cache key of exactly the
  inputs that file reads;
- ``render(inputs, output) -> bytes``: one of those files.

Listing is cheap and rendering is not, so the build lists everything first,
takes unchanged files from the cache and renders the rest, some of them in a
worker process (:mod:`toolkit.pipeline.produce`).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.pipeline.inputs import BuildInputs

#: Output name (as used by ``--only``) -> the module that renders it.
RENDERERS: dict[str, str] = {
    "slides": "toolkit.slides.render",
    "templates": "toolkit.documents.render",
    "plan": "toolkit.plan.render",  # a district's plan: workbook, calendars, printed report
}

#: Renderers some of whose outputs are printed (:attr:`Output.printed`); their
#: module's ``warm_up()`` loads the printing engine ahead of the first job.
PRINTING = frozenset({"templates", "plan"})


@dataclass(frozen=True)
class Output:
    """One file a renderer makes."""

    path: str  #: where it goes, relative to the site folder
    renderer: str  #: its key in :data:`RENDERERS`
    item: tuple[str, ...]  #: what to render, as the renderer names it
    key: str  #: hash of every input the file is made from
    #: True when making it needs WeasyPrint, whose import alone costs most of a
    #: second: such files are rendered in a worker process, beside the site build.
    printed: bool = False


def renderer_module(name: str) -> ModuleType:
    return importlib.import_module(RENDERERS[name])


def list_outputs(inputs: BuildInputs, only: list[str] | None = None) -> list[Output]:
    """Every output of the registered renderers (or just ``only``), sorted by path."""
    found: list[Output] = []
    for name in RENDERERS:
        if only is None or name in only:
            found.extend(renderer_module(name).outputs(inputs))
    return sorted(found, key=lambda o: o.path)


def render_output(inputs: BuildInputs, output: Output) -> bytes:
    return renderer_module(output.renderer).render(inputs, output)


def warm_up(renderers: list[str]) -> None:
    """Let each of ``renderers`` load its engine ahead of the first job (its ``warm_up``, if any)."""
    for name in renderers:
        prepare = getattr(renderer_module(name), "warm_up", None)
        if prepare is not None:
            prepare()
