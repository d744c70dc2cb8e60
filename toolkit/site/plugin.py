"""The ``toolkit`` mkdocs plugin: the guide's pages come from the content model.

mkdocs drives the build (themes, search, navigation, live reload); this plugin
replaces the Markdown sources in ``content/`` with pages generated from the
validated model, adds the rendered decks and templates as downloads, and
applies the district's branding. ``mkdocs build`` on its own works; a
district file can be given with the plugin's ``district`` option or the
``TOOLKIT_DISTRICT`` environment variable, a plan file with ``TOOLKIT_PLAN``.
``toolkit build`` hands the plugin
an already-loaded model, and the downloads it has started making, through
:meth:`ToolkitPlugin.preload`.

Downloads are made beside the page build, not before it: they are listed
(so pages link to them) and registered as files mkdocs does not copy, and are
written into the site once the pages are done. ``TOOLKIT_DOWNLOADS=off`` (or
the ``downloads: false`` option) skips making them altogether; the pages stay
the same. It exists to measure the engine alone (``bench/``), not to publish.

What keeps the site self-contained: ``theme.font: false`` (no Google Fonts),
the ``offline`` plugin (search index inlined, no directory URLs) and the
iframe-worker shim served from the site itself instead of unpkg.com.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from toolkit import colors
from toolkit.config.district import District, load_district
from toolkit.errors import ToolkitError
from toolkit.model import sitemap
from toolkit.model.content import Content, load_content
from toolkit.pipeline import compiled
from toolkit.pipeline.dates import ensure_epoch
from toolkit.plan.merge import read_plans
from toolkit.plan.model import Plan, plan_json_schema
from toolkit.site import live, pages, tables

if TYPE_CHECKING:
    from toolkit.pipeline.produce import Production

HERE = Path(__file__).parent
SHIM_URI = "assets/javascripts/iframe-worker/shim.js"
STYLE_URI = "assets/stylesheets/toolkit.css"
SCRIPT_URI = "assets/javascripts/toolkit.js"
BRAND_URI = "assets/stylesheets/district.css"
FORMS_URI = "assets/stylesheets/templates.css"
SOURCE_SUFFIXES = {".md", ".yml", ".yaml"}


class ToolkitPluginConfig(base.Config):
    district = c.Optional(c.Type(str))
    """Path to a district file, relative to mkdocs.yml."""
    downloads = c.Type(bool, default=True)
    """Make the decks and templates; false only to time the page build alone."""


class ToolkitPlugin(BasePlugin[ToolkitPluginConfig]):
    def __init__(self) -> None:
        self.content: Content | None = None
        self.district: District | None = None
        self.plan: Plan | None = None
        self.as_of: dt.date | None = None
        self._preloaded = False
        self.production: Production | None = None

    def preload(self, content: Content, district: District | None, plan: Plan | None = None,
                as_of: dt.date | None = None, production: Production | None = None) -> None:
        """Use a model (and a district's plan) already loaded and validated, and the
        downloads the caller has already started making."""
        self.content, self.district, self._preloaded = content, district, True
        self.plan, self.as_of = plan, as_of
        self.production = production

    @property
    def makes_downloads(self) -> bool:
        return self.config.downloads and os.environ.get("TOOLKIT_DOWNLOADS", "on") != "off"

    # -- configuration ---------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            ensure_epoch()
        except ToolkitError as exc:
            raise PluginError(str(exc)) from None
        from toolkit.office import versions

        refused = versions.problems()
        if refused:
            raise PluginError("\n".join(refused))
        project = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        if not self._preloaded:
            try:
                self.content = load_content(project)
                district_file, plan_files = self._inputs(project)
                self.district = load_district(district_file) if district_file else None
                self.plan = read_plans(plan_files) if plan_files else None
            except ToolkitError as exc:
                raise PluginError(str(exc)) from None
        assert self.content is not None
        district = self.district

        config.nav = pages.navigation(self.content, self.plan)
        config.theme.dirs.insert(0, str(HERE / "overrides"))
        config.extra["polyfills"] = [SHIM_URI]
        config.extra_css = [STYLE_URI, FORMS_URI, BRAND_URI, *config.extra_css]
        config.extra_javascript = [SCRIPT_URI, *config.extra_javascript]
        config.theme["palette"] = {"scheme": "default", "primary": "custom", "accent": "custom"}
        if district is not None:
            # Material prints site_name both raw and through |e; Markup keeps
            # one escaping in both places.
            config.site_name = Markup(escape(district.name))
            config.copyright = Markup(
                f"{escape(district.name)} · action plan {escape(district.plan_year)}"
            )
            config.theme["language"] = _theme_language(district.language)
            if district.short_name:
                config.extra["short_name"] = district.short_name
            if district.branding.logo is not None:
                config.theme["logo"] = _logo_uri(district)
                config.extra["logo_alt"] = district.branding.logo_alt
        return config

    # -- files -----------------------------------------------------------------
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.content is not None
        for file in list(files):
            if Path(file.src_uri).suffix.lower() in SOURCE_SUFFIXES and not file.generated_by:
                files.remove(file)

        downloads = self._start_downloads()
        for rel in downloads:
            files.append(_Download.generated(config, rel, content=b""))

        site = pages.SiteContext(self.content, self.district, set(downloads), self.plan, self.as_of)
        for uri, make in pages.all_pages(site).items():
            files.append(File.generated(config, uri, content=make()))

        files.append(File.generated(config, SHIM_URI, abs_src_path=str(
            HERE / "vendor" / "iframe-worker" / "shim.js")))
        assets = [STYLE_URI, SCRIPT_URI]
        if sitemap.has_plan_editor(self.content):
            assets += [sitemap.PLAN_EDITOR_SCRIPT, sitemap.PLAN_EDITOR_STYLE]
        if any(step.run_of_show for step in self.content.steps):
            assets += [sitemap.LIVE_SCRIPT, sitemap.LIVE_STYLE]
        if self.content.bank.sets:
            assets += [sitemap.BANK_SCRIPT, sitemap.BANK_STYLE]
        for uri in assets:
            files.append(File.generated(config, uri, abs_src_path=str(HERE / "assets" / Path(uri).name)))
        files.append(File.generated(config, BRAND_URI, content=brand_css(self.district)))
        files.append(File.generated(config, sitemap.PLAN_SCHEMA, content=plan_json_schema()))
        files.append(File.generated(config, FORMS_URI, content=_template_css()))
        if self.district is not None and self.district.branding.logo is not None:
            files.append(File.generated(config, _logo_uri(self.district),
                                        abs_src_path=str(self.district.branding.logo)))
        for file in files:
            # mkdocs excludes /templates/ by default (theme overrides); every
            # file we generate is meant to be published.
            if file.generated_by == "toolkit":
                file.inclusion = InclusionLevel.INCLUDED
        return files

    def _start_downloads(self) -> list[str]:
        """Start making the downloads (unless the caller did); return their paths."""
        assert self.content is not None
        if not self.makes_downloads:
            return sorted(sitemap.download_paths(self.content))
        if self.production is None:
            from toolkit.pipeline.artifacts import list_outputs
            from toolkit.pipeline.inputs import BuildInputs
            from toolkit.pipeline.produce import Cache, Production

            inputs = BuildInputs(self.content, self.district, self.plan, self.as_of)
            self.production = Production(inputs, list_outputs(inputs), Cache())
        return list(self.production.paths)

    # -- pages -----------------------------------------------------------------
    def on_page_content(self, html: str, **kwargs: Any) -> str:
        """Label table cells so tables become cards on a phone (toolkit.site.tables)."""
        return tables.label_cells(html)

    # -- toolkit build and serve ---------------------------------------------
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        compiled.keep_compiled(env)  # the theme compiled once (toolkit.pipeline.compiled)
        return env

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if live.enabled():
            live.new_rebuild()

    def on_pre_page(self, page: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if live.enabled():
            live.remember_rendering(page)
        return page

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if live.enabled():
            live.poll_often(server, config)
        # The district file and the plans are inputs too: an edit to one rebuilds the preview.
        project = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        district_file, plan_files = self._inputs(project)
        for path in [district_file, *plan_files] if district_file else plan_files:
            if path.exists():
                server.watch(str(path))
        return server

    def _inputs(self, project: Path) -> tuple[Path | None, list[Path]]:
        """The district file and plan paths a plain ``mkdocs build``/``serve`` reads: the
        plugin's ``district`` setting (from mkdocs.yml's folder), else ``TOOLKIT_DISTRICT``,
        and ``TOOLKIT_PLAN``, from the working folder as ``toolkit build`` reads them."""
        from toolkit.config.project import from_environment

        env_district, env_plans = from_environment()
        district = (project / self.config.district if self.config.district
                    else Path(env_district) if env_district else None)
        return district, [Path(p) for p in env_plans]

    @event_priority(100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.production is None or not self.makes_downloads:
            return
        try:
            self.production.write(Path(config.site_dir))
        except ToolkitError as exc:
            if self._preloaded:  # toolkit build prints each problem as path:line
                raise
            raise PluginError(str(exc)) from None
        finally:
            self.production = None

    def on_build_error(self, *, error: Exception) -> None:
        if self.production is not None:
            self.production.close()
            self.production = None


class _Download(File):
    """A deck or template the plugin writes itself, after the pages (see on_post_build).

    mkdocs copies static files before it renders pages; not copying these
    lets them be rendered while the pages are.
    """

    def copy_file(self, dirty: bool = False) -> None:
        return None


def brand_css(district: District | None) -> str:
    """Material's colour variables from the district's colours (or ours).

    The district loader has already refused colours under 4.5:1 on white, so
    links and the header text stay readable.
    """
    primary = district.branding.primary_color if district else colors.DEFAULT_PRIMARY
    accent = district.branding.accent_color if district else colors.DEFAULT_ACCENT
    on_primary = colors.readable_on(primary)
    dark = colors.mix(primary, colors.BLACK, 0.25)
    return (
        "/* Generated from the district file: brand colours for the guide, and the\n"
        "   district's paper for printed pages. */\n"
        f"@page {{ size: {'A4' if district and district.paper_size == 'a4' else 'letter'}; }}\n"
        ":root, [data-md-color-primary=custom] {\n"
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-primary-fg-color--light: {primary};\n"
        f"  --md-primary-fg-color--dark: {dark};\n"
        f"  --md-primary-bg-color: {on_primary};\n"
        f"  --md-primary-bg-color--light: {on_primary};\n"
        f"  --md-typeset-a-color: {primary};\n"
        "}\n"
        ":root, [data-md-color-accent=custom] {\n"
        f"  --md-accent-fg-color: {accent};\n"
        f"  --md-accent-fg-color--transparent: {accent}1a;\n"
        f"  --md-accent-bg-color: {colors.readable_on(accent)};\n"
        "}\n"
    )


def _template_css() -> str:
    """The stylesheet of the template pages, shared with the document renderer."""
    from toolkit.documents.html import stylesheet

    return stylesheet()


def _logo_uri(district: District) -> str:
    assert district.branding.logo is not None
    return "assets/images/district-logo" + district.branding.logo.suffix.lower()


def _theme_language(language: str) -> str:
    """Material's interface language for the district's language tag, or English."""
    import material

    partials = Path(material.__file__).parent / "templates" / "partials" / "languages"
    for candidate in (language.lower(), language.split("-")[0].lower()):
        if (partials / f"{candidate}.html").is_file():
            return candidate
    return "en"


