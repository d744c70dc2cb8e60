"""The district's own plan in the guide: an overview, a page per initiative
and per strategy, and the progress report.

Built only when ``toolkit build --plan FILE`` hands the plugin a plan. Each
initiative and strategy page shows the filled Action Plan Template (or
5.3.1T) through the same layout the PDF and DOCX use
(:mod:`toolkit.documents.plan`), so the page and the files cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from toolkit.config.fill import format_date
from toolkit.model import sitemap
from toolkit.plan.model import Initiative, Plan, Strategy
from toolkit.site import chart

if TYPE_CHECKING:
    from toolkit.site.pages import Link, SiteContext

STATUS_ORDER = chart.ORDER
STATUS_LABELS = chart.LABELS


def plan_downloads(site: SiteContext, kind: str, slug: str) -> list[Link]:
    from toolkit.site.pages import Link

    labels = {"pdf": "PDF to print", "docx": "Word to edit"}
    return [Link(label, uri) for fmt, label in labels.items()
            if (uri := sitemap.plan_download(kind, slug, fmt)) in site.downloads]


def _render(site: SiteContext, template: str, uri: str, **values: object) -> str:
    return site.render(template, uri, plan=site.plan, progress=site.progress, date=format_date,
                       labels=STATUS_LABELS, order=STATUS_ORDER, downloads=lambda kind, slug:
                       plan_downloads(site, kind, slug), **values)


def plan_index(site: SiteContext) -> str:
    return _render(site, "plan_index.md.j2", sitemap.PLAN_INDEX, findings=site.plan_findings)


def progress_page(site: SiteContext) -> str:
    assert site.progress is not None
    return _render(site, "progress.md.j2", sitemap.PROGRESS_PAGE,
                   chart=Markup(chart.status_chart(site.progress)))


def initiative_page(site: SiteContext, initiative: Initiative) -> str:
    from toolkit.documents.html import fragment_html
    from toolkit.documents.plan import initiative_document

    assert site.plan is not None
    doc = initiative_document(site.plan, initiative, site.content, site.district)
    tally = next(t for t in site.progress.by_initiative if t.label == initiative.name)  # type: ignore[union-attr]
    return _render(site, "initiative.md.j2", sitemap.initiative_page(initiative.slug),
                   i=initiative, tally=tally, body=Markup(fragment_html(doc)))


def strategy_page(site: SiteContext, strategy: Strategy) -> str:
    from toolkit.documents.html import fragment_html
    from toolkit.documents.plan import strategy_document

    assert site.plan is not None
    doc = strategy_document(site.plan, strategy, site.content, site.district)
    return _render(site, "strategy.md.j2", sitemap.strategy_page(strategy.slug),
                   s=strategy, body=Markup(fragment_html(doc)))


def plan_pages(site: SiteContext) -> dict[str, Callable[[], str]]:
    """Every page of the plan section: docs-relative uri -> a function making it."""
    plan = site.plan
    if plan is None:
        return {}
    pages: dict[str, Callable[[], str]] = {
        sitemap.PLAN_INDEX: lambda: plan_index(site),
        sitemap.PROGRESS_PAGE: lambda: progress_page(site),
    }
    for initiative in plan.initiatives:
        pages[sitemap.initiative_page(initiative.slug)] = (
            lambda initiative=initiative: initiative_page(site, initiative))
    for strategy in plan.strategies:
        pages[sitemap.strategy_page(strategy.slug)] = (
            lambda strategy=strategy: strategy_page(site, strategy))
    return pages


def plan_navigation(plan: Plan) -> list[object]:
    """Nav entries for the plan. Titles are the district's text: Material
    prints nav titles unescaped, so they go in escaped, as Markup (which
    its ``|e`` filters leave alone)."""
    def title(text: str) -> Markup:
        return Markup(escape(" ".join(text.split())))

    items: list[object] = [sitemap.PLAN_INDEX, {"Progress report": sitemap.PROGRESS_PAGE}]
    items += [{title(i.name): sitemap.initiative_page(i.slug)} for i in plan.initiatives]
    items += [{title(s.strategy): sitemap.strategy_page(s.slug)} for s in plan.strategies]
    return items
