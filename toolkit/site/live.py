"""What makes ``toolkit serve`` answer an edit within a second.

mkdocs' development server rebuilds the whole site after every change. Two
things of its own cost more than rendering the deck or template that
changed, and both are fixed here, for ``toolkit serve`` only (the command
calls :func:`enable`; a one-shot build is left exactly as mkdocs does it):

- it looks for changes by polling every half second, so an edit waited a
  quarter of a second on average before its rebuild even began; the
  watched folders are polled every :data:`POLL_SECONDS` instead;
- each rebuild makes a new Jinja environment for the theme and compiles its
  forty-odd templates again, a third of a rebuild; their compiled code is
  kept instead (:mod:`toolkit.pipeline.compiled`, as for ``toolkit build``), so
  only an edited template is compiled anew;
- each rebuild converts every page's Markdown to HTML again, another third,
  although an edit changes one page or none (a deck outline or a template
  changes a download, not the pages); a page whose Markdown, place and
  neighbours are those of the last rebuild takes the HTML that rebuild made
  (:func:`remember_rendering`).

The rendered decks and templates themselves are kept in memory across
rebuilds by the build cache (:class:`toolkit.pipeline.produce.Cache`), so a
rebuild renders only the files whose inputs changed.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

POLL_SECONDS = 0.1

_enabled = False


def enable() -> None:
    """Turn the live-preview speed-ups on for this process (``toolkit serve``)."""
    global _enabled
    _enabled = True


def enabled() -> bool:
    return _enabled


def poll_often(server: LiveReloadServer, config: MkDocsConfig) -> None:
    """Watch what mkdocs watches so far (the docs folder, mkdocs.yml) at a shorter interval.

    Called from the ``on_serve`` event, before the server starts its observer
    and before the ``watch:`` folders of mkdocs.yml are added (those go to the
    new observer directly).
    """
    from watchdog.observers.polling import PollingObserver

    paths: list[Any] = [config.docs_dir]
    if config.config_file_path:
        paths.append(config.config_file_path)
    for path in paths:
        server.unwatch(path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path in paths:
        server.watch(path)


# -- pages rendered by the last rebuild ----------------------------------------------------

#: What ``Page.render`` made, by everything it reads (see :func:`_render_key`): this rebuild's
#: renderings and the last one's. Older ones are dropped, so the memory held stays one site's.
_rendered: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_last_rendered: dict[tuple[Any, ...], tuple[Any, ...]] = {}
#: Pages that took the last rebuild's HTML, this rebuild (for the tests).
hits = 0


def new_rebuild() -> None:
    """A rebuild begins (``on_pre_build``): keep only what the last one rendered."""
    global _rendered, _last_rendered, hits
    _last_rendered, _rendered, hits = _rendered, {}, 0


def remember_rendering(page: Page) -> None:
    """Make ``page.render`` take the HTML of an identical earlier rendering.

    Called from ``on_pre_page`` under ``toolkit serve``. ``Page.render`` is
    mkdocs' public method; it is wrapped on this page object only, and sets
    exactly the attributes restored here (mkdocs 1.6: ``content``, ``toc``,
    ``_title_from_render``, ``present_anchor_ids``, ``links_to_anchors``).
    What it reads is the key: the page's Markdown (after every plugin's
    ``on_page_markdown``), its file's place and address, every file of the
    site with its address (links are checked and rewritten against them),
    and the Markdown extensions with their settings. A rebuild through here
    writes the same bytes as one without it (``tests/test_serve.py``).
    """
    from mkdocs.structure.pages import Page

    def render(config: MkDocsConfig, files: Files) -> None:
        global hits
        key = _render_key(page, config, files)
        done = _rendered.get(key) or _last_rendered.get(key)
        if done is None:
            Page.render(page, config, files)
            done = (page.content, copy.deepcopy(page.toc), page._title_from_render,
                    frozenset(page.present_anchor_ids or ()),
                    None if page.links_to_anchors is None else
                    {f.src_uri: dict(links) for f, links in page.links_to_anchors.items()})
        else:
            hits += 1
            page.content, page.toc, page._title_from_render = done[0], copy.deepcopy(done[1]), done[2]
            page.present_anchor_ids = set(done[3])
            if done[4] is not None:
                page.links_to_anchors = {files.get_file_from_path(uri): dict(links)
                                         for uri, links in done[4].items()}
        _rendered[key] = done

    page.render = render  # type: ignore[method-assign]


def _render_key(page: Page, config: MkDocsConfig, files: Files) -> tuple[Any, ...]:
    site = getattr(files, "_toolkit_signature", None)
    if site is None:  # the same for every page of a rebuild: made once
        site = tuple((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)
        files._toolkit_signature = site  # type: ignore[attr-defined]
    return (page.markdown, page.file.src_uri, page.file.dest_uri, page.file.url, site,
            repr(config["markdown_extensions"]), repr(config["mdx_configs"]),
            config["use_directory_urls"])
