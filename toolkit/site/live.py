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
  only an edited template is compiled anew.

The rendered decks and templates themselves are kept in memory across
rebuilds by the build cache (:class:`toolkit.pipeline.produce.Cache`), so a
rebuild renders only the files whose inputs changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

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
