"""Where each generated page and download lives in the guide site.

The site renderer writes these paths and the content checker resolves links
against them, so both read the names from here and cannot disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.model.content import Content

FACILITATION_INDEX = "facilitation/index.md"
TEMPLATES_INDEX = "templates/index.md"
#: The Action Plan Template to fill in the browser (toolkit.site.plan_editor).
PLAN_EDITOR = "templates/action-plan-online.md"
PLAN_EDITOR_TITLE = "Action Plan Template online"
PLAN_EDITOR_SCRIPT = "assets/javascripts/plan-editor.js"
PLAN_EDITOR_STYLE = "assets/stylesheets/plan-editor.css"
DOWNLOADS_DIR = "downloads"
#: The benchmark example bank (toolkit.model.bank), one page filtered by kind.
BANK_PAGE = "examples/benchmarks.md"
BANK_SCRIPT = "assets/javascripts/bank-filter.js"
BANK_STYLE = "assets/stylesheets/bank.css"


def run_of_show_page(step_id: str) -> str:
    return f"facilitation/{step_id}-run-of-show.md"


def live_run_of_show_page(step_id: str) -> str:
    """The facilitator's live view of a step's run of show (toolkit.site.run_of_show)."""
    return f"facilitation/{step_id}-live.md"


LIVE_SCRIPT = "assets/javascripts/run-of-show.js"
LIVE_STYLE = "assets/stylesheets/run-of-show.css"


def template_page(template_id: str) -> str:
    return f"templates/{template_id}.md"


def deck_download(deck_id: str) -> str:
    return f"{DOWNLOADS_DIR}/decks/{deck_id}.pptx"


def template_download(template_id: str, variant: str, fmt: str) -> str:
    """``variant`` is ``blank``, ``example`` or ``poster``; ``fmt`` is ``pdf`` or ``docx``."""
    suffix = "" if variant == "blank" else f"-{variant}"
    return f"{DOWNLOADS_DIR}/templates/{template_id}{suffix}.{fmt}"


def generated_pages(content: Content) -> dict[str, str]:
    """Pages made from data rather than written as Markdown: uri -> title."""
    pages = {FACILITATION_INDEX: "Facilitation materials", TEMPLATES_INDEX: "Templates"}
    for step in content.steps:
        if step.run_of_show:
            pages[run_of_show_page(step.id)] = f"Run of show: {step.title}"
            pages[live_run_of_show_page(step.id)] = f"Live run of show: {step.title}"
    for template in content.templates.values():
        pages[template_page(template.id)] = template.title
    if has_plan_editor(content):
        pages[PLAN_EDITOR] = PLAN_EDITOR_TITLE
    if content.bank.sets:
        pages[BANK_PAGE] = content.bank.title
    return pages


def has_plan_editor(content: Content) -> bool:
    """The online form exists when any template it is made from does."""
    from toolkit.model.plan_form import template_ids

    return any(t in content.templates for t in template_ids())


def download_paths(content: Content) -> set[str]:
    paths = {deck_download(deck_id) for deck_id in content.decks}
    for template_id, template in content.templates.items():
        for variant in ("blank", "example", *(("poster",) if template.poster else ())):
            for fmt in ("pdf", "docx"):
                paths.add(template_download(template_id, variant, fmt))
    return paths


# -- a district's own plan (toolkit build --plan FILE) ---------------------------------

PLAN_INDEX = "plan/index.md"
PROGRESS_PAGE = "plan/progress.md"
#: The plan file's JSON Schema, published with every site (the format is a contract).
PLAN_SCHEMA = f"{DOWNLOADS_DIR}/plan.schema.json"


def initiative_page(slug: str) -> str:
    return f"plan/initiatives/{slug}.md"


def strategy_page(slug: str) -> str:
    return f"plan/strategies/{slug}.md"


def plan_download(kind: str, slug: str, fmt: str) -> str:
    """``kind`` is ``initiative`` or ``strategy``; ``fmt`` is ``pdf`` or ``docx``."""
    return f"{DOWNLOADS_DIR}/plan/{kind}-{slug}.{fmt}"


PLAN_DOWNLOADS = f"{DOWNLOADS_DIR}/plan"


def plan_workbook(plan_year: str) -> str:
    """The whole plan as a workbook (toolkit.plan.workbook), named for its year."""
    return f"{PLAN_DOWNLOADS}/action-plan-{plan_year}.xlsx"


def progress_pdf(plan_year: str) -> str:
    """The progress report printed for the board packet."""
    return f"{PLAN_DOWNLOADS}/progress-report-{plan_year}.pdf"


def plan_calendar(plan_year: str) -> str:
    """Every benchmark date and action-step deadline of the plan (iCalendar)."""
    return f"{PLAN_DOWNLOADS}/calendar/action-plan-{plan_year}.ics"


def person_calendar(slug: str) -> str:
    """The dates of one person responsible; ``slug`` from toolkit.plan.calendar."""
    return f"{PLAN_DOWNLOADS}/calendar/{slug}.ics"
