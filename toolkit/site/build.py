"""Build the guide site (with every download) into a folder, via mkdocs."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.config.district import District
from toolkit.errors import ToolkitError
from toolkit.model.content import Content
from toolkit.plan.model import Plan

if TYPE_CHECKING:
    from toolkit.pipeline.produce import Production


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(project: Path, content: Content, district: District | None, site_dir: Path, *,
               plan: Plan | None = None, as_of: dt.date | None = None,
               production: Production | None = None) -> None:
    """Run mkdocs on ``project/mkdocs.yml`` with our plugin into ``site_dir``.

    ``production`` is the decks and templates, already started by the caller
    so the worker rendering PDFs runs while mkdocs imports and builds pages.

    mkdocs' own warnings (a broken link, a missing page) are build errors
    here: the site is generated, so any warning is a bug worth stopping for.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_file = project / "mkdocs.yml"
    if not config_file.is_file():
        raise ToolkitError.at(config_file, 1, "mkdocs.yml not found (run from the project folder)")
    mkdocs_log = logging.getLogger("mkdocs")
    collector = _Collect()
    mkdocs_log.addHandler(collector)
    previous_level = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)
    try:
        try:
            # mkdocs reads a relative site_dir from mkdocs.yml's folder, the build from the
            # working folder: an absolute one is the same folder for both.
            config = load_config(config_file=str(config_file), site_dir=os.path.abspath(site_dir))
        except ConfigurationError as exc:
            raise ToolkitError.at(config_file, 1, f"invalid mkdocs configuration: {exc}") from None
        config.plugins["toolkit"].preload(content, district, plan, as_of, production)
        try:
            build(config)
        except Abort as exc:
            raise ToolkitError.at(config_file, 1, f"site build failed: {exc}") from None
    finally:
        mkdocs_log.removeHandler(collector)
        mkdocs_log.setLevel(previous_level)
    if collector.messages:
        raise ToolkitError.at(config_file, 1, "site build warnings: " + "; ".join(collector.messages))
