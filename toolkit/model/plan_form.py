"""The online Action Plan Template: which template parts fill which plan-file keys.

The plan file (``toolkit check --plan``, :mod:`toolkit.plan.model`) is a
public contract with fixed key names; the printable templates in
``content/templates/`` are data whose wording a district may edit. This
module is the one place that ties the two together: it says which template
header field or table column each of the plan model's keys is typed into. The guide's online form
(:mod:`toolkit.site.plan_editor`) reads its labels and column headings from the
templates through :func:`plan_form`, and its data attributes from the keys
here, so the page and its JSON export can never disagree.

Sections and columns are matched by position. :func:`check_plan_form` (run by
``toolkit check`` and every build) reports a template whose shape no longer
fits, at the template's own line, instead of building a form that exports the
wrong keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from toolkit.config import options as opt
from toolkit.errors import Location, Problems
from toolkit.plan import model as plan_model

if TYPE_CHECKING:
    from toolkit.model.content import Content
    from toolkit.model.templates import Template

# -- the plan file's keys ---------------------------------------------------------
# The names are the plan model's (toolkit.plan.model, the contract of
# ``toolkit check --plan``); _key() refuses one the model does not have, so a
# renamed key stops every build and test instead of exporting a file the
# checker rejects.
def _key(schema: opt.Schema, name: str) -> str:
    if name not in schema.fields:
        raise KeyError(f"the plan file has no key '{name}' here (see toolkit/plan/model.py)")
    return name


DISTRICT = _key(plan_model.SCHEMA, "district")
PLAN_YEAR = _key(plan_model.SCHEMA, "plan_year")
INITIATIVES = _key(plan_model.SCHEMA, "initiatives")
STRATEGIES = _key(plan_model.SCHEMA, "strategies")
STATUSES = tuple(plan_model.STATUSES)
DEFAULT_STATUS = plan_model.DEFAULT_STATUS

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
    extras: list[Input] = field(default_factory=list)  # fields after the name: team, recorder


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
    name_kind: str  # the plan model keeps an initiative's name on one line
    lists: tuple[_ListSpec, ...]
    #: Fields the printed template does not have, after the name: (key, kind, label, hint).
    extras: tuple[tuple[str, str, str, str], ...] = ()


def _benchmark_columns(schema: opt.Schema, *extra: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    """The benchmark, then any ``extra`` columns, then who, when and the status."""
    return tuple((_key(schema, k), kind) for k, kind in (
        ("benchmark", "longtext"), *extra, ("person", "text"), ("date", "date"), ("status", "status")))


_INITIATIVE = plan_model.INITIATIVE
_BENCHMARK = _INITIATIVE.fields["process_benchmarks"].item  # type: ignore[attr-defined]
_EVIDENCE = _INITIATIVE.fields["early_evidence_benchmarks"].item  # type: ignore[attr-defined]
_STRATEGY = plan_model.STRATEGY
_STEP = plan_model.ACTION_STEP

GROUPS: tuple[_GroupSpec, ...] = (
    _GroupSpec(
        INITIATIVES, "initiative", "action-plan", "Strategic initiative/objective",
        _key(_INITIATIVE, "name"), "text",
        (
            _ListSpec(_key(_INITIATIVE, "process_benchmarks"), "process benchmark", 0,
                      _benchmark_columns(_BENCHMARK)),
            _ListSpec(_key(_INITIATIVE, "early_evidence_benchmarks"), "early evidence benchmark", 1,
                      _benchmark_columns(_EVIDENCE, ("monitoring", "longtext"))),
            _ListSpec(_key(_INITIATIVE, "resources"), "resource", 2, (("", "text"),)),
        ),
        ((_key(_INITIATIVE, "team"), "text", "Action plan team",
          "The team that drafts this part of the plan; it names the saved file, too."),
         (_key(_INITIATIVE, "recorder"), "text", "Recorder", "")),
    ),
    _GroupSpec(
        STRATEGIES, "strategy", "action-plan-5-3-1t", "Strategy", _key(_STRATEGY, "strategy"), "longtext",
        (
            _ListSpec(_key(_STRATEGY, "action_steps"), "action step", 0, (
                (_key(_STEP, "step"), "longtext"), (_key(_STEP, "resources"), "lines"),
                (_key(_STEP, "measures"), "lines"), (_key(_STEP, "owner"), "text"),
                (_key(_STEP, "deadline"), "date"),
            )),
        ),
        ((_key(_STRATEGY, "team"), "text", "Action plan team", ""),),
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
    name = Input(spec.name_key, spec.name_kind, header.label, question=header.hint)
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
    # The template's own header field for an extra, when it has one, gives its label.
    fields = {f.plan_key: f for f in template.header if f.plan_key}
    extras = [Input(key, kind, fields[key].label, fields[key].hint or hint) if key in fields
              else Input(key, kind, label, hint) for key, kind, label, hint in spec.extras]
    return Group(spec.key, spec.noun, template.id, template.title, template.instructions, name, lists,
                 extras)
