"""Markdown for every page of the guide, generated from the content model.

Each function returns a page's Markdown; the mkdocs plugin turns them into
files. Pages only read the model, the district and the set of downloads that
were actually rendered (so a page never links to a file that is not there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup

from toolkit.config import fill
from toolkit.config.district import District
from toolkit.model import plan_form, sitemap
from toolkit.model.content import Content
from toolkit.model.modules import Activity, Module, Segment, Step
from toolkit.site import run_of_show
from toolkit.site.markup import make_environment, make_html_environment, relative_link

if TYPE_CHECKING:
    from toolkit.errors import Problem
    from toolkit.model.bank import BankSet
    from toolkit.plan.model import Plan
    from toolkit.plan.progress import Progress


@dataclass
class Link:
    title: str
    uri: str  # docs-relative target


@dataclass
class SiteContext:
    """What every page template may use."""

    content: Content
    district: District | None
    downloads: set[str] = field(default_factory=set)
    plan: Plan | None = None
    as_of: dt.date | None = None

    @cached_property
    def progress(self) -> Progress | None:
        """Where the plan stands on the report date (``--as-of`` or the build date)."""
        if self.plan is None:
            return None
        from toolkit.plan.progress import progress, report_date

        return progress(self.plan, report_date(self.as_of))

    @cached_property
    def plan_findings(self) -> list[Problem]:
        """What the checklist still flags in the plan, shown on its overview page."""
        if self.plan is None:
            return []
        from toolkit.plan.rules import check_plan

        return check_plan(self.plan)

    @cached_property
    def env(self):  # type: ignore[no-untyped-def]
        return make_environment()

    @cached_property
    def html_env(self):  # type: ignore[no-untyped-def]
        return make_html_environment()

    @property
    def start_time(self) -> dt.time | None:
        return self.district.session.start_time if self.district else None

    def schedule(self, step: Step) -> list[run_of_show.Slot]:
        """The step's segments with their times (clock times with a start time)."""
        return run_of_show.schedule(step, self.start_time)

    @property
    def fields(self) -> dict[str, str]:
        return fill.fields(self.district)

    @property
    def initiatives(self) -> list[str]:
        return fill.initiatives(self.district)

    def render(self, template: str, page_uri: str, **values: object) -> str:
        def link(target: str) -> Markup:
            return Markup(relative_link(page_uri, target))

        return self.env.get_template(template).render(
            site=self, page_uri=page_uri, link=link, sitemap=sitemap, **values
        )

    @property
    def credit_label(self) -> str:
        from toolkit.model.provenance import CREDIT_LABEL

        return CREDIT_LABEL

    def credit(self, piece: object) -> str:
        """Where a module comes from, in the one sentence every output uses."""
        from toolkit.model.provenance import credit_line

        return credit_line(getattr(piece, "provenance", None))

    def segment_detail(self, segment: Segment) -> str:
        """What the run of show adds under a segment: the activity steps it runs, and
        each group's turn with how many groups fit (and how many the district plans)."""
        from toolkit.model.timing import as_minutes, groups_that_fit, run_minutes

        activity = self.content.modules.get(segment.activity or "")
        parts = []
        if segment.activity_steps and isinstance(activity, Activity):
            steps = "; ".join(f"{s.step}, {as_minutes(run_minutes(s, activity))}"
                              for s in segment.activity_steps)
            parts.append(f"Activity steps in this segment: {steps}.")
        if segment.per_group is not None:
            fit = groups_that_fit(segment, activity if isinstance(activity, Activity) else None)
            turn = as_minutes(segment.per_group.minutes)
            parts.append(f"{turn} for each group's turn: {fit} groups fit.")
            count = getattr(self.district.session, segment.per_group.count, None) if self.district else None
            if count and fit is not None and count > fit:
                parts.append(f"This district plans {count}: shorten each turn or hear fewer groups.")
        return " ".join(parts)

    def activity_uses(self, activity_id: str) -> list[tuple[Step, Segment, str]]:
        """Where the runs of show run an activity: (step, segment, the steps it runs there)."""
        from toolkit.model.timing import as_minutes, run_minutes

        activity = self.content.modules[activity_id]
        uses = []
        for step in self.content.steps:
            for segment in step.run_of_show:
                if segment.activity != activity_id or not isinstance(activity, Activity):
                    continue
                own = {s.title: s.minutes for s in activity.steps}
                steps = "; ".join(
                    f"{s.step}, {as_minutes(run_minutes(s, activity))}"
                    + ("" if run_minutes(s, activity) == own[s.step] else f" of its {own[s.step]}")
                    for s in segment.activity_steps)
                uses.append((step, segment, steps))
        return uses

    def calendar_when(self, day: int) -> str:
        """A follow-up calendar's date for an entry: real with a session date, else its week."""
        from toolkit.model.calendar import when

        if self.district is None:
            return when(None, day)
        return when(self.district.session.date, day, self.district.session.closed_days)

    # -- what modules point at -------------------------------------------------
    def module_link(self, module_id: str) -> Link:
        module = self.content.modules[module_id]
        return Link(module.title, module.src_uri)

    def template_link(self, template_id: str) -> Link:
        template = self.content.templates[template_id]
        return Link(template.title, sitemap.template_page(template_id))

    def template_links(self, template_ids: list[str]) -> list[Link]:
        return [self.template_link(t) for t in template_ids]

    def module_links(self, module_ids: list[str]) -> list[Link]:
        return [self.module_link(m) for m in module_ids]

    def deck_links(self, deck_ids: list[str]) -> list[Link]:
        links = []
        for deck_id in deck_ids:
            uri = sitemap.deck_download(deck_id)
            if uri in self.downloads:
                links.append(Link(f"{self.content.decks[deck_id].title} (PowerPoint)", uri))
        return links

    def online_form_link(self, template_id: str) -> Link | None:
        """The online form, from the page of a template it is made from."""
        if template_id in plan_form.template_ids() and sitemap.has_plan_editor(self.content):
            return Link(sitemap.PLAN_EDITOR_TITLE, sitemap.PLAN_EDITOR)
        return None

    def template_downloads(self, template_id: str) -> list[Link]:
        poster = "A3" if self.district is not None and self.district.paper_size == "a4" else "11 × 17 in"
        labels = {("blank", "pdf"): "Blank, PDF to print", ("blank", "docx"): "Blank, Word to edit",
                  ("example", "pdf"): "With the example row, PDF",
                  ("example", "docx"): "With the example row, Word",
                  ("poster", "pdf"): f"Wall poster ({poster}), PDF",
                  ("poster", "docx"): f"Wall poster ({poster}), Word"}
        links = []
        for (variant, fmt), label in labels.items():
            uri = sitemap.template_download(template_id, variant, fmt)
            if uri in self.downloads:
                links.append(Link(label, uri))
        return links


def module_page(site: SiteContext, module: Module) -> str:
    has_run_of_show = isinstance(module, Step) and bool(module.run_of_show)
    return site.render(
        "module.md.j2",
        module.src_uri,
        m=module,
        is_step=isinstance(module, Step),
        is_activity=isinstance(module, Activity),
        run_of_show_uri=sitemap.run_of_show_page(module.id) if has_run_of_show else None,
        live_uri=sitemap.live_run_of_show_page(module.id) if has_run_of_show else None,
        slots=site.schedule(module) if isinstance(module, Step) else [],
    )


def run_of_show_page(site: SiteContext, step: Step) -> str:
    uri = sitemap.run_of_show_page(step.id)
    return site.render("run_of_show.md.j2", uri, step=step, slots=site.schedule(step),
                       span=run_of_show.session_span(step, site.start_time),
                       live_uri=sitemap.live_run_of_show_page(step.id))


def live_run_of_show_page(site: SiteContext, step: Step) -> str:
    """The facilitator's live view; see live_run_of_show.html.j2 and assets/run-of-show.js."""
    uri = sitemap.live_run_of_show_page(step.id)
    slots = site.schedule(step)
    activities = {}
    for segment in step.run_of_show:
        if segment.activity:
            target = site.module_link(segment.activity)
            activities[segment.activity] = (target.title, _page_href(uri, target.uri))
    span = run_of_show.session_span(step, site.start_time)
    notes = {s.id: " ".join([*s.facilitator.split(), site.segment_detail(s)]).strip()
             for s in step.run_of_show}
    data = {"id": step.id, **run_of_show.live_data(slots, site.start_time, notes, activities)}
    view = site.html_env.get_template("live_run_of_show.html.j2").render(
        slots=slots, total=step.run_of_show_minutes, span=span, notes=notes, data=_script_json(data),
        style_href=relative_link(uri, sitemap.LIVE_STYLE),
        script_href=relative_link(uri, sitemap.LIVE_SCRIPT),
        run_of_show_href=_page_href(uri, sitemap.run_of_show_page(step.id)),
    )
    # No blank lines: Markdown would end the page's HTML block at the first one.
    view = "\n".join(line for line in view.splitlines() if line.strip())
    return site.render("live_run_of_show.md.j2", uri, step=step, slots=slots, span=span, view=Markup(view),
                       run_of_show_uri=sitemap.run_of_show_page(step.id))


def _page_href(from_uri: str, to_uri: str) -> str:
    """A link to a page from HTML that mkdocs does not rewrite: to its .html file."""
    return relative_link(from_uri, to_uri).removesuffix(".md") + ".html"


def facilitation_index(site: SiteContext) -> str:
    uri = sitemap.FACILITATION_INDEX
    return site.render(
        "facilitation.md.j2", uri, steps=[s for s in site.content.steps if s.run_of_show],
        decks=list(site.content.decks.values()),
    )


def templates_index(site: SiteContext) -> str:
    return site.render("templates_index.md.j2", sitemap.TEMPLATES_INDEX,
                       templates=list(site.content.templates.values()))


def template_page(site: SiteContext, template_id: str) -> str:
    from toolkit.documents.html import template_html

    template = site.content.templates[template_id]
    uri = sitemap.template_page(template_id)
    body = Markup(template_html(template, site.district, "blank"))
    return site.render("template.md.j2", uri, t=template, body=body)


def plan_editor_page(site: SiteContext) -> str:
    """The Action Plan Template to fill in the browser; see plan_editor.html.j2."""
    fields = site.fields
    known = {k: ("" if fill.is_blank(fields[k]) else fields[k]) for k in ("district", "plan_year")}
    from toolkit.plan.rules import browser_rules

    groups = plan_form.plan_form(site.content)
    form = site.html_env.get_template("plan_editor.html.j2").render(
        groups=groups,
        keys={"district": plan_form.DISTRICT, "plan_year": plan_form.PLAN_YEAR},
        statuses=plan_form.STATUSES,
        default_status=plan_form.DEFAULT_STATUS,
        rules=_script_json(browser_rules()),
        **known,
    )
    # No blank lines: Markdown would end the page's HTML block at the first one.
    form = "\n".join(line for line in form.splitlines() if line.strip())
    return site.render(
        "plan_editor.md.j2", sitemap.PLAN_EDITOR, title=sitemap.PLAN_EDITOR_TITLE,
        form=Markup(form), script_uri=sitemap.PLAN_EDITOR_SCRIPT, style_uri=sitemap.PLAN_EDITOR_STYLE,
        templates=site.template_links([g.template_id for g in groups]),
    )


def bank_page(site: SiteContext) -> str:
    """The benchmark example bank, every set shown; bank-filter.js filters it by kind."""
    bank = site.content.bank
    from toolkit.model.provenance import OWN, Provenance, credit_line

    def credit(bank_set: BankSet) -> str:
        """A set without a provenance is the toolkit's own, credited as such."""
        return credit_line(bank_set.provenance or Provenance(basis=OWN))

    return site.render("bank.md.j2", sitemap.BANK_PAGE, bank=bank, credit=credit,
                       script_uri=sitemap.BANK_SCRIPT, style_uri=sitemap.BANK_STYLE)


def _script_json(data: object) -> Markup:
    """JSON to put inside a ``<script>`` element: nothing in it can end the element."""
    import json

    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def all_pages(site: SiteContext) -> dict[str, Callable[[], str]]:
    """Every page of the site: docs-relative uri -> a function making its Markdown."""
    pages: dict[str, Callable[[], str]] = {}
    for module in site.content.modules.values():
        pages[module.src_uri] = lambda module=module: module_page(site, module)
    for step in site.content.steps:
        if step.run_of_show:
            pages[sitemap.run_of_show_page(step.id)] = lambda step=step: run_of_show_page(site, step)
            pages[sitemap.live_run_of_show_page(step.id)] = (
                lambda step=step: live_run_of_show_page(site, step))
    pages[sitemap.FACILITATION_INDEX] = lambda: facilitation_index(site)
    pages[sitemap.TEMPLATES_INDEX] = lambda: templates_index(site)
    for template_id in site.content.templates:
        pages[sitemap.template_page(template_id)] = (
            lambda template_id=template_id: template_page(site, template_id)
        )
    if sitemap.has_plan_editor(site.content):
        pages[sitemap.PLAN_EDITOR] = lambda: plan_editor_page(site)
    if site.content.bank.sets:
        pages[sitemap.BANK_PAGE] = lambda: bank_page(site)
    if site.plan is not None:
        from toolkit.site.plan_pages import plan_pages

        pages.update(plan_pages(site))
    return pages


def navigation(content: Content, plan: Plan | None = None) -> list[dict[str, object]]:
    """The nav, ordered by each kind's section and each module's ``order``.

    With a district's plan, an "Action plan" section follows the home page:
    it is what the district's own readers come for.
    """
    nav: list[dict[str, object]] = []
    if content.home is not None:
        nav.append({"Home": content.home.src_uri})
    if plan is not None:
        from toolkit.site.plan_pages import plan_navigation

        nav.append({"Action plan": plan_navigation(plan)})
    guide: list[object] = [{m.title: m.src_uri} for m in content.pages]
    if content.bank.sets:
        guide.append({content.bank.title: sitemap.BANK_PAGE})
    nav.append({"Guide": guide})
    nav.append({"Planning steps": [{m.title: m.src_uri} for m in content.steps]})
    nav.append({"Activities": [{m.title: m.src_uri} for m in content.activities]})
    facilitation: list[object] = [sitemap.FACILITATION_INDEX]
    facilitation += [
        {f"Run of show: {s.title}": sitemap.run_of_show_page(s.id)} for s in content.steps if s.run_of_show
    ]
    nav.append({"Facilitation": facilitation})
    templates: list[object] = [sitemap.TEMPLATES_INDEX]
    if sitemap.has_plan_editor(content):
        templates.append({sitemap.PLAN_EDITOR_TITLE: sitemap.PLAN_EDITOR})
    templates += [{t.title: sitemap.template_page(t.id)} for t in content.templates.values()]
    nav.append({"Templates": templates})
    return nav
