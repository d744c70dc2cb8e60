"""The district's own plan in the guide: an overview, a page per initiative
and per strategy, and the progress report.

Built only when ``toolkit build --plan FILE`` hands the plugin a plan. Each
initiative and strategy page shows the filled Action Plan Template (or
5.3.1T) through the same layout the PDF and DOCX use
(:mod:`toolkit.documents.plan`), so the page and the files cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from toolkit.config.fill import format_date
from toolkit.model import sitemap
from toolkit.plan.findings import count
from toolkit.plan.model import Initiative, Plan, Strategy
from toolkit.site import chart

if TYPE_CHECKING:
    from toolkit.documents.layout import Document
    from toolkit.plan.rules import Finding
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
                       plan_downloads(site, kind, slug), count=count, files=plan_files(site),
                       **values)


@dataclass(frozen=True)
class Settle:
    """The checklist's points about one initiative or strategy (or the plan as a whole)."""

    kind: str  # "initiative", "strategy" or "" for the plan
    title: str
    uri: str | None
    findings: list[Finding]


def findings_by_item(site: SiteContext) -> list[Settle]:
    """The plan's findings under the initiative or strategy each is about, in plan order."""
    plan = site.plan
    assert plan is not None
    groups = [Settle("", "The plan as a whole", None, [])]
    where: dict[tuple[str, int], Settle] = {}
    for i in plan.initiatives:
        where[("initiative", i.number)] = Settle("initiative", i.name, sitemap.initiative_page(i.slug), [])
    for s in plan.strategies:
        where[("strategy", s.number)] = Settle("strategy", s.strategy, sitemap.strategy_page(s.slug), [])
    groups += where.values()
    for finding in site.plan_findings:
        about = getattr(finding, "subject", ())
        (where.get(about) or groups[0]).findings.append(finding)  # type: ignore[arg-type]
    for group in groups:
        group.findings.sort(key=lambda f: f.severity != "error")
    return [g for g in groups if g.findings]


def plan_files(site: SiteContext) -> list[Link]:
    """The plan's own downloads that this build made: workbook, calendar, printed report."""
    from toolkit.site.pages import Link

    plan = site.plan
    if plan is None:
        return []
    candidates = [
        ("Progress report, PDF to print", sitemap.progress_pdf(plan.plan_year)),
        ("The whole plan as a workbook (Excel)", sitemap.plan_workbook(plan.plan_year)),
        ("Every date of the plan, as a calendar (iCalendar)", sitemap.plan_calendar(plan.plan_year)),
    ]
    return [Link(label, uri) for label, uri in candidates if uri in site.downloads]


def plan_index(site: SiteContext) -> str:
    return _render(site, "plan_index.md.j2", sitemap.PLAN_INDEX, findings=findings_by_item(site))


def calendars(site: SiteContext) -> list[Link]:
    """The whole plan's calendar, then each person's, as this build made them."""
    from toolkit.plan.calendar import people
    from toolkit.site.pages import Link

    plan = site.plan
    assert plan is not None
    found = [Link("The whole plan", sitemap.plan_calendar(plan.plan_year))]
    found += [Link(f"Dates of {person}", sitemap.person_calendar(slug))
              for slug, person in sorted(people(plan).items(), key=lambda kv: kv[1].casefold())]
    return found if found[0].uri in site.downloads else []


def progress_page(site: SiteContext) -> str:
    assert site.progress is not None
    return _render(site, "progress.md.j2", sitemap.PROGRESS_PAGE,
                   chart=Markup(chart.status_chart(site.progress)), calendars=calendars(site))


def initiative_page(site: SiteContext, initiative: Initiative) -> str:
    from toolkit.documents.html import fragment_html
    from toolkit.documents.plan import initiative_document

    assert site.plan is not None
    doc = without_spare_rows(initiative_document(site.plan, initiative, site.content, site.district))
    tally = next(t for t in site.progress.by_initiative if t.label == initiative.name)  # type: ignore[union-attr]
    return _render(site, "initiative.md.j2", sitemap.initiative_page(initiative.slug),
                   i=initiative, tally=tally, body=Markup(fragment_html(doc)))


def strategy_page(site: SiteContext, strategy: Strategy) -> str:
    from toolkit.documents.html import fragment_html
    from toolkit.documents.plan import strategy_document

    assert site.plan is not None
    doc = without_spare_rows(strategy_document(site.plan, strategy, site.content, site.district))
    return _render(site, "strategy.md.j2", sitemap.strategy_page(strategy.slug),
                   s=strategy, body=Markup(fragment_html(doc)))


def without_spare_rows(doc: Document) -> Document:
    """The filled template as a page shows it: the row left to write in by hand is for paper."""
    sections = [
        replace(section, table=replace(section.table, rows=[r for r in section.table.rows
                                                             if r.kind != "blank"]))
        if section.table is not None else section
        for section in doc.sections
    ]
    return replace(doc, sections=sections)


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
