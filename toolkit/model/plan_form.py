"""The online Action Plan Template: which template parts fill which plan-file keys.

The plan file (``toolkit check --plan``) is a public contract with fixed key
names; the printable templates in ``content/templates/`` are data whose
wording a district may edit. This module is the one place that ties the two
together: it names the plan-file keys and says which template header field or
table column each key is typed into. The guide's online form
(:mod:`toolkit.site.plan_editor`) reads its labels and column headings from the
templates through :func:`plan_form`, and its data attributes from the keys
here, so the page and its JSON export can never disagree.

Sections and columns are matched by position. :func:`check_plan_form` (run by
``toolkit check`` and every build) reports a template whose shape no longer
fits, at the template's own line, instead of building a form that exports the
wrong keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit.errors import Location, Problems

if TYPE_CHECKING:
    from toolkit.model.content import Content
    from toolkit.model.templates import Template

# -- the plan file's keys (the contract of ``toolkit check --plan``) ----------------
#: Top-level keys, in the order they are exported.
DISTRICT, PLAN_YEAR, INITIATIVES, STRATEGIES = "district", "plan_year", "initiatives", "strategies"
#: A benchmark's status; a benchmark without one has not started.
STATUSES = ("not started", "in progress", "met", "not met")
DEFAULT_STATUS = "not started"

#: How each value is typed: one line, several lines, a date (YYYY-MM-DD), a
#: status, or a list of strings typed one per line.
KINDS = ("text", "longtext", "date", "status", "lines")


@dataclass(frozen=True)
class Input:
    """One value of the plan file and the label it is typed under."""

    key: str
    kind: str
    label: str
    question: str = ""
    width: int = 1


@dataclass(frozen=True)
class RowList:
    """A table of the template: a list in the plan file, one entry per row.

    ``noun`` names one row ("process benchmark") for the row's accessible
    names; a ``scalar`` list holds plain strings (its table has one column).
    """

    key: str
    noun: str
    heading: str
    description: str
    caption: str
    inputs: list[Input]
    scalar: bool = False


@dataclass(frozen=True)
class Group:
    """One filled-in copy of a template: an initiative or a strategy."""

    key: str
    noun: str
    template_id: str
    title: str
    instructions: str
    name: Input
    lists: list[RowList]


# -- which template part fills which key -------------------------------------------
@dataclass(frozen=True)
class _ListSpec:
    key: str
    noun: str
    section: int  # index of the template section whose table this is
    columns: tuple[tuple[str, str], ...]  # (key, kind) per column, in order; ("", kind) for scalars


@dataclass(frozen=True)
class _GroupSpec:
    key: str
    noun: str
    template_id: str
    name_label: str  # the header field the group's name is typed into
    name_key: str
    lists: tuple[_ListSpec, ...]


_BENCHMARK_COLUMNS = (("benchmark", "longtext"), ("person", "text"), ("date", "date"), ("status", "status"))

GROUPS: tuple[_GroupSpec, ...] = (
    _GroupSpec(
        INITIATIVES, "initiative", "action-plan", "Strategic initiative/objective", "name",
        (
            _ListSpec("process_benchmarks", "process benchmark", 0, _BENCHMARK_COLUMNS),
            _ListSpec("early_evidence_benchmarks", "early evidence benchmark", 1, _BENCHMARK_COLUMNS),
            _ListSpec("resources", "resource", 2, (("", "text"),)),
        ),
    ),
    _GroupSpec(
        STRATEGIES, "strategy", "action-plan-5-3-1t", "Strategy", "strategy",
        (
            _ListSpec("action_steps", "action step", 0, (
                ("step", "longtext"), ("resources", "lines"), ("measures", "lines"),
                ("owner", "text"), ("deadline", "date"),
            )),
        ),
    ),
)


def template_ids() -> list[str]:
    """The templates the online form is made from (their pages link to it)."""
    return [g.template_id for g in GROUPS]


def check_plan_form(content: Content, problems: Problems) -> None:
    """Report a template whose shape no longer fits the plan file's keys."""
    for spec in GROUPS:
        template = content.templates.get(spec.template_id)
        if template is None:
            continue  # without the template the site simply has no online form
        where = template.location or Location(f"content/templates/{spec.template_id}.yml")
        if not any(f.label == spec.name_label for f in template.header):
            problems.error(template.lines.get("header", where),
                           f"the online template types the {spec.noun} into a header field "
                           f"labelled '{spec.name_label}'; this template has none")
        for lst in spec.lists:
            table = (template.sections[lst.section].table
                     if lst.section < len(template.sections) else None)
            if table is None or len(table.columns) != len(lst.columns):
                keys = ", ".join(k or lst.noun for k, _ in lst.columns)
                problems.error(
                    template.lines.get("sections", where),
                    f"the online template expects section {lst.section + 1} to hold a table "
                    f"of {len(lst.columns)} column(s) for the plan's '{lst.key}' ({keys})",
                )


def plan_form(content: Content) -> list[Group]:
    """The online form's groups with labels from the templates, in export order.

    A group whose template is missing from the content is left out.
    """
    groups: list[Group] = []
    for spec in GROUPS:
        template = content.templates.get(spec.template_id)
        if template is not None:
            groups.append(_group(spec, template))
    return groups


def _group(spec: _GroupSpec, template: Template) -> Group:
    header = next(f for f in template.header if f.label == spec.name_label)
    name = Input(spec.name_key, "longtext" if header.lines > 1 else "text", header.label,
                 question=header.hint)
    lists = []
    for lst in spec.lists:
        section = template.sections[lst.section]
        assert section.table is not None  # check_plan_form ran when the content loaded
        inputs = [
            Input(key, kind, column.heading, column.question, column.width)
            for (key, kind), column in zip(lst.columns, section.table.columns, strict=True)
        ]
        lists.append(RowList(
            lst.key, lst.noun, section.heading, section.description,
            section.table.caption or section.heading, inputs, scalar=lst.columns[0][0] == "",
        ))
    return Group(spec.key, spec.noun, template.id, template.title, template.instructions, name, lists)
