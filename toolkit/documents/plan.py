"""A district's own action plan, printed on the templates it was written on.

Each initiative becomes the Action Plan Template filled in, each strategy
Template 5.3.1T, as PDF and DOCX. Which template carries which plan item,
which of its lists fills which table and which key fills which column are
declared in the template YAML (``plan``, ``plan_rows``, ``plan_key``; see
:mod:`toolkit.model.templates`). This module only turns plan values into the
words a person would write in a cell (a date as "October 1, 2026", a status
as "In progress", a list one item per line) and hands them to the shared
layout as a :class:`~toolkit.documents.layout.Filling`, so the PDF, DOCX and
HTML renderers print a filled plan exactly as they print a blank template.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from toolkit.config import fill
from toolkit.config import options as opt
from toolkit.config.district import District
from toolkit.documents.layout import FILLED, Document, Filling, layout, plan_header
from toolkit.errors import ToolkitError
from toolkit.model.content import Content
from toolkit.model.templates import (
    PLAN_ITEMS,
    TEXT_KEY,
    Template,
    plan_column_keys,
    plan_field_keys,
    plan_row_lists,
    plan_template,
)
from toolkit.plan.model import Initiative, Plan, Strategy


def initiative_document(
    plan: Plan, initiative: Initiative, content: Content, district: District | None, *,
    paper: str = "letter",
) -> Document:
    """The template declared ``plan: initiative``, filled with ``initiative``."""
    return _document(plan, "initiative", initiative, content, district, paper)


def strategy_document(
    plan: Plan, strategy: Strategy, content: Content, district: District | None, *,
    paper: str = "letter",
) -> Document:
    """The template declared ``plan: strategy``, filled with ``strategy``."""
    return _document(plan, "strategy", strategy, content, district, paper)


def render_plan_documents(
    plan: Plan, content: Content, district: District | None, site_dir: Path,
) -> list[str]:
    """Write every initiative and strategy as PDF and DOCX into ``site_dir``, as a build does.

    The files are the templates renderer's plan outputs
    (:mod:`toolkit.documents.render`), without the rest of a build; they land
    where :func:`toolkit.model.sitemap.plan_download` says, and the paths
    written are returned relative to ``site_dir``.
    """
    from toolkit.documents import render
    from toolkit.pipeline.inputs import BuildInputs

    inputs = BuildInputs(content, district, plan)
    written: list[str] = []
    for output in render.outputs(inputs):
        if output.item[0] == "plan":
            target = Path(site_dir) / output.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(render.render(inputs, output))
            written.append(output.path)
    return written


def plan_text(value: Any, option: opt.Option | None = None) -> str:
    """A plan value as a person writes it in a cell; a missing value is empty.

    A value chosen from a fixed list (a status) is stored in lower case and
    written with a capital, as at the start of a cell.
    """
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return fill.format_date(value)
    if isinstance(value, list):
        item = option.item if isinstance(option, opt.ListOf) else None
        return "\n".join(text for v in value if (text := plan_text(v, item)))
    text = str(value)
    if isinstance(option, opt.Choice):
        return text[:1].upper() + text[1:]
    return text


def _document(
    plan: Plan, item_kind: str, item: Initiative | Strategy, content: Content,
    district: District | None, paper: str,
) -> Document:
    template = _template(content, item_kind)
    return layout(template, district, FILLED, paper=paper,
                  filling=_filling(plan, item_kind, item, template, district))


def _template(content: Content, item_kind: str) -> Template:
    template = plan_template(content.templates, item_kind)
    if template is None:
        raise ToolkitError.at(content.root / "content" / "templates", 1,
                              f"no template declares 'plan: {item_kind}', so the plan's "
                              f"{item_kind}s cannot be printed")
    return template


def _filling(
    plan: Plan, item_kind: str, item: Initiative | Strategy, template: Template,
    district: District | None,
) -> Filling:
    """Every plan value the item offers, as text, keyed by its plan name."""
    own = PLAN_ITEMS[item_kind].fields
    fields = {
        key: plan_text(getattr(item if key in own else plan, key), option)
        for key, option in plan_field_keys(item_kind).items()
    }
    rows = {}
    for list_key in plan_row_lists(item_kind):
        columns = plan_column_keys(item_kind, list_key)
        rows[list_key] = [
            {key: plan_text(entry if key == TEXT_KEY else getattr(entry, key), option)
             for key, option in columns.items()}
            for entry in getattr(item, list_key)
        ]
    header = plan_header(plan.district, plan.plan_year)
    same_district = district is not None and district.name == plan.district
    short_name = (district.short_name if same_district and district.short_name  # type: ignore[union-attr]
                  else plan.district)
    return Filling(
        title=f"{template.title}: {item_kind.capitalize()} {item.number} \u00b7 {header}",
        running_header=header,
        short_name=short_name,
        fields=fields,
        rows=rows,
    )
