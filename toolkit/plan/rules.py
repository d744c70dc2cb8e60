"""The action plan checklist as rules a computer can apply.

Each :class:`Rule` is one statement of the checklist (the Action Plan
Checklist template, Action Plan Template 5.3.1T's rule that every action step
has resources, a measure, an owner and a deadline, and the Planning for
Success advice on benchmarks), with the severity of a finding: an *error* is
a gap that must be closed before review, a *warning* is something the team
should look at. Rules are declared in :data:`RULES` in the order a reviewer
reads a plan; ``toolkit check --plan`` runs them all, and the README lists
them from here.

A finding points at the line of the offending value, or at the item that
lacks it, and names its initiative or strategy. Values a team wrote in the
wrong format were already reported by the loader (:mod:`toolkit.plan.model`)
and are not reported again as missing.

The online template checks a plan in the browser with the same rules
(``plan-editor.js``). What the two must share is declared here once, as
data: every message (:data:`MESSAGES`), the words for groups and
placeholders, the patterns for several people and for a quantity, and the
plan year's bounds. :func:`browser_rules` hands them to the page; the tests
run one set of rule cases against both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from toolkit.errors import Location, Problem
from toolkit.plan import model
from toolkit.plan.model import ActionStep, Benchmark, Initiative, Plan, Strategy


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # "error" or "warning"
    summary: str  # the checklist statement the rule enforces
    check: Callable[[Plan], Findings]


@dataclass(frozen=True)
class Finding(Problem):
    """A point the checklist raises, with the rule and the item it is about.

    ``subject`` is ``("initiative", number)``, ``("strategy", number)`` or
    empty for the plan as a whole, so a page can list findings under their
    initiative or strategy.
    """

    rule: str = ""
    subject: tuple[str, int] | tuple[()] = ()
    detail: str = ""  # the message without the subject, for a page that lists findings under it


Findings = Iterator[Finding]

#: Every message of the checklist, with ``{name}`` fields. ``subject`` is
#: "initiative 'NAME'" or "strategy 'NAME'"; ``label`` is "process benchmark 2"
#: or "early evidence benchmark 1".
MESSAGES: dict[str, str] = {
    "no-content": "the plan has no initiatives and no strategies",
    "listed-twice": "{subject} is listed twice (first as {kind} {first})",
    "no-benchmark": "{subject}: {label} has no benchmark: say what will be done or seen",
    "no-person": "{subject}: {label} has no person responsible: name the person responsible",
    "no-date": "{subject}: {label} has no date: give the date (YYYY-MM-DD)",
    "person": "{subject}: {label}: person '{person}' {why}",
    "why-placeholder": "is a placeholder, not a person",
    "why-several": "names more than one person; name the one who is accountable",
    "why-group": "names a group or a placeholder, not one accountable person",
    "no-process-benchmarks": "{subject} has no process benchmarks",
    "no-early-evidence": "{subject} has no early evidence of change benchmarks",
    "no-resources": "{subject} lists no resources",
    "process-order": "{subject}: {label} ({date}) is listed after {before_label} ({before_date}): "
                     "list process benchmarks in the order the work will happen",
    "no-quantity": "{subject}: {label} gives no number: say how many or what share "
                   "(for example '75% of grade 3 teachers')",
    "no-action-steps": "{subject} has no action steps",
    "no-step": "{subject}: action step {n} does not say what will be done",
    "no-step-resources": "{subject}: action step {n} has no resources: list at least one support "
                         "it needs",
    "no-measures": "{subject}: action step {n} has no measure of implementation: say how readers "
                   "will know it was done",
    "no-owner": "{subject}: action step {n} has no owner: name the one person accountable",
    "no-deadline": "{subject}: action step {n} has no deadline (YYYY-MM-DD)",
    "owner": "{subject}: action step {n}: owner '{owner}' {why}",
    "step-order": "{subject}: action step {n} (deadline {deadline}) comes after action step "
                  "{before} (deadline {before_deadline}): list steps in the order they will be "
                  "completed",
    "date-outside": "{subject}: {label}: {date} is outside plan year {plan_year} ({span})",
    "deadline-outside": "{subject}: action step {n}: deadline {deadline} is outside plan year "
                        "{plan_year} ({span})",
    "year-span": "{first} to {last}",
}

#: How long a name may be in a message before it is cut with an ellipsis.
NAME_LIMIT = 60
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def short(text: str, limit: int = NAME_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def subject(item: Initiative | Strategy) -> str:
    """How a finding names its initiative or strategy."""
    kind = "initiative" if isinstance(item, Initiative) else "strategy"
    return f"{kind} '{short(item.title)}'"


def _about(item: Initiative | Strategy) -> tuple[str, int]:
    return ("initiative" if isinstance(item, Initiative) else "strategy", item.number)


def _finding(rule: str, severity: str, where: Location, message: str, *, item: Initiative | Strategy
             | None = None, **values: Any) -> Finding:
    template = MESSAGES[message]
    if item is None:
        text = template.format(**values)
        return Finding(where, text, severity, rule=rule, detail=text[:1].upper() + text[1:])
    about = _about(item)
    text = template.format(subject=subject(item), **values)
    if template.startswith("{subject}: "):
        detail = template.removeprefix("{subject}: ").format(**values)
    else:
        detail = template.replace("{subject}", f"this {about[0]}", 1).format(**values)
    return Finding(where, text, severity, rule=rule, subject=about,
                   detail=detail[:1].upper() + detail[1:])


# -- who: one accountable person -----------------------------------------------

#: Words that name a group, a placeholder or nobody when they end an owner's
#: name ("the team", "curriculum office staff", "TBD"). The last word is the
#: one that says what the owner is: "office manager" is a person, "main
#: office" is not.
GROUP_WORDS = frozenset([
    "team", "teams", "staff", "staffs", "faculty", "teachers", "principals", "administrators",
    "admins", "administration", "committee", "committees", "department", "departments", "dept",
    "office", "offices", "group", "groups", "everyone", "everybody", "all", "we", "us", "they",
    "them", "leadership", "board", "council", "members", "partners", "coaches", "coordinators",
    "specialists", "tbd", "tba", "tbc", "unknown", "unassigned", "none", "na", "n/a", "various",
    "other", "others", "multiple", "several", "district", "schools",
])
#: Whole names that hold no name at all.
PLACEHOLDERS = ("?", "-", "--", "n/a", "tbd", "tba")
# The patterns go to the browser too (browser_rules), where a regular expression's
# \d, \w, \b and \s know ASCII only: re.ASCII makes Python read them the same way.
_CONJUNCTION = re.compile(r"\s(?:and|or|&|\+)\s|[;/&+]", re.IGNORECASE | re.ASCII)
_WORDS = re.compile(r"[a-z/]+", re.ASCII)


def not_one_person(name: str) -> str | None:
    """Why ``name`` is not one accountable person (a message key), or None if it may be one."""
    text = " ".join(name.lower().split())
    words = _WORDS.findall(text)
    if not words or text in PLACEHOLDERS:
        return "why-placeholder"
    if _CONJUNCTION.search(text):
        return "why-several"
    if words[-1] in GROUP_WORDS or text in GROUP_WORDS:
        return "why-group"
    return None


# -- how many: early evidence says how many or what share --------------------------

_QUANTITY = re.compile(
    r"\d|%|\b(?:percent|per cent|half|third|thirds|quarter|quarters|majority|all|every|each|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen|double|twice)\b",
    re.IGNORECASE | re.ASCII,
)


def has_quantity(text: str) -> bool:
    return bool(_QUANTITY.search(text))


# -- the rules -----------------------------------------------------------------------


def _each_benchmark(plan: Plan) -> Iterator[tuple[Initiative, Benchmark]]:
    for initiative in plan.initiatives:
        for benchmark in initiative.benchmarks:
            yield initiative, benchmark


def _each_step(plan: Plan) -> Iterator[tuple[Strategy, ActionStep]]:
    for strategy in plan.strategies:
        for step in strategy.action_steps:
            yield strategy, step


def benchmark_complete(plan: Plan) -> Findings:
    for initiative, b in _each_benchmark(plan):
        for key, message in (("benchmark", "no-benchmark"), ("person", "no-person"),
                             ("date", "no-date")):
            if getattr(b, key) is None and key not in b.broken:
                yield _finding("benchmark-complete", "error", b.at(key), message, item=initiative,
                               label=b.label)


def benchmark_person(plan: Plan) -> Findings:
    for initiative, b in _each_benchmark(plan):
        if b.person and (why := not_one_person(b.person)):
            yield _finding("benchmark-person", "error", b.at("person"), "person", item=initiative,
                           label=b.label, person=b.person, why=MESSAGES[why])


def action_step_complete(plan: Plan) -> Findings:
    for strategy, s in _each_step(plan):
        for key, message, missing in (
            ("step", "no-step", s.step is None), ("resources", "no-step-resources", not s.resources),
            ("measures", "no-measures", not s.measures), ("owner", "no-owner", s.owner is None),
            ("deadline", "no-deadline", s.deadline is None),
        ):
            if missing and key not in s.broken:
                yield _finding("action-step-complete", "error", s.at(key), message, item=strategy,
                               n=s.number)


def action_step_owner(plan: Plan) -> Findings:
    for strategy, s in _each_step(plan):
        if s.owner and (why := not_one_person(s.owner)):
            yield _finding("action-step-owner", "error", s.at("owner"), "owner", item=strategy,
                           n=s.number, owner=s.owner, why=MESSAGES[why])


def strategy_has_steps(plan: Plan) -> Findings:
    for strategy in plan.strategies:
        if not strategy.action_steps and "action_steps" not in strategy.broken:
            where = strategy.lines.get("action_steps") or strategy.location
            yield _finding("strategy-has-steps", "error", where or Location("plan", 1),
                           "no-action-steps", item=strategy)


def plan_has_content(plan: Plan) -> Findings:
    if not plan.initiatives and not plan.strategies and not (
        {"initiatives", "strategies"} & plan.broken
    ):
        yield _finding("plan-has-content", "error", plan.location or Location("plan", 1), "no-content")


def _day(date: Any) -> str:
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"


def dates_in_plan_year(plan: Plan) -> Findings:
    if not plan.plan_year:
        return
    first, last = plan.first_day, plan.last_day
    span = MESSAGES["year-span"].format(first=_day(first), last=_day(last))
    for initiative, b in _each_benchmark(plan):
        if b.date and not first <= b.date <= last:
            yield _finding("dates-in-plan-year", "warning", b.at("date"), "date-outside",
                           item=initiative, label=b.label, date=b.date.isoformat(),
                           plan_year=plan.plan_year, span=span)
    for strategy, s in _each_step(plan):
        if s.deadline and not first <= s.deadline <= last:
            yield _finding("dates-in-plan-year", "warning", s.at("deadline"), "deadline-outside",
                           item=strategy, n=s.number, deadline=s.deadline.isoformat(),
                           plan_year=plan.plan_year, span=span)


def _out_of_order(items: list[Any], key: str) -> Iterator[tuple[Any, Any]]:
    """Each dated item whose date comes before that of an earlier item."""
    latest = None
    for item in items:
        when = getattr(item, key)
        if when is None:
            continue
        if latest is not None and when < getattr(latest, key):
            yield item, latest
        if latest is None or when >= getattr(latest, key):
            latest = item


def action_steps_in_order(plan: Plan) -> Findings:
    for strategy in plan.strategies:
        for step, before in _out_of_order(strategy.action_steps, "deadline"):
            yield _finding("action-steps-in-order", "warning", step.at("deadline"), "step-order",
                           item=strategy, n=step.number, deadline=step.deadline.isoformat(),
                           before=before.number, before_deadline=before.deadline.isoformat())


def process_benchmarks_in_order(plan: Plan) -> Findings:
    for initiative in plan.initiatives:
        for b, before in _out_of_order(initiative.process_benchmarks, "date"):
            yield _finding("process-benchmarks-in-order", "warning", b.at("date"), "process-order",
                           item=initiative, label=b.label, date=b.date.isoformat(),
                           before_label=before.label, before_date=before.date.isoformat())


def early_evidence_quantified(plan: Plan) -> Findings:
    for initiative in plan.initiatives:
        for b in initiative.early_evidence_benchmarks:
            if b.benchmark and not has_quantity(b.benchmark):
                yield _finding("early-evidence-quantified", "warning", b.at("benchmark"),
                               "no-quantity", item=initiative, label=b.label)


def initiative_complete(plan: Plan) -> Findings:
    for initiative in plan.initiatives:
        where = initiative.at("name")
        for key, message in (("process_benchmarks", "no-process-benchmarks"),
                             ("early_evidence_benchmarks", "no-early-evidence"),
                             ("resources", "no-resources")):
            if not getattr(initiative, key) and key not in initiative.broken:
                yield _finding("initiative-complete", "warning", where, message, item=initiative)


def names_unique(plan: Plan) -> Findings:
    """Each initiative and strategy gets its own page; two with one name would collide.

    Within one file: two files that name the same initiative are a conflict
    of the merge (:mod:`toolkit.plan.merge`), which names both files.
    """
    for items, key in ((plan.initiatives, "name"), (plan.strategies, "strategy")):
        seen: dict[tuple[Any, str], Initiative | Strategy] = {}
        for item in items:
            name = (item.source, " ".join(item.title.lower().split()))
            first = seen.setdefault(name, item)
            if first is not item:
                kind = _about(item)[0]
                yield _finding("names-unique", "error", item.lines.get(key) or item.location
                               or Location("plan", 1), "listed-twice", item=item, kind=kind,
                               first=first.number)


RULES: list[Rule] = [
    Rule("plan-has-content", "error", "The plan has at least one initiative or strategy.",
         plan_has_content),
    Rule("names-unique", "error", "Each initiative and each strategy is listed once.", names_unique),
    Rule("benchmark-complete", "error",
         "Every process and early evidence benchmark says what, who and by when.", benchmark_complete),
    Rule("benchmark-person", "error",
         "The person responsible for a benchmark is one person, not a group or a placeholder.",
         benchmark_person),
    Rule("initiative-complete", "warning",
         "Every initiative has process benchmarks, early evidence of change benchmarks and resources.",
         initiative_complete),
    Rule("process-benchmarks-in-order", "warning",
         "Process benchmarks are listed in the order the work will happen.",
         process_benchmarks_in_order),
    Rule("early-evidence-quantified", "warning",
         "Each early evidence benchmark says how many or what share.", early_evidence_quantified),
    Rule("strategy-has-steps", "error", "Every strategy has action steps.", strategy_has_steps),
    Rule("action-step-complete", "error",
         "Every action step has resources, at least one measure of implementation, an owner and "
         "a deadline.", action_step_complete),
    Rule("action-step-owner", "error",
         "The owner of an action step is one accountable person, not a group or a placeholder.",
         action_step_owner),
    Rule("action-steps-in-order", "warning",
         "Action steps are listed in the order they will be completed.", action_steps_in_order),
    Rule("dates-in-plan-year", "warning",
         "Every date and deadline falls within the plan year (July 1 to June 30).", dates_in_plan_year),
]


def check_plan(plan: Plan) -> list[Finding]:
    """Every finding of every rule, in the order of the files (then of the rules)."""
    findings = [finding for rule in RULES for finding in rule.check(plan)]
    return sorted(findings, key=lambda p: (p.location.path, p.location.line, p.severity != "error"))


# -- the same rules in the browser ------------------------------------------------------


def _format_messages() -> dict[str, str]:
    """What the plan file's loader says of the few format mistakes a form can make.

    Made by running the loader's own schema on probe values, so the page
    quotes the command's words: a required key left out, and a plan year that
    is not written as YYYY-YYYY (``{value}`` stands for what was typed).
    """
    from toolkit.config import options as opt
    from toolkit.errors import Problems

    probe = "probe-value-never-typed"
    found: dict[str, str] = {}
    for schema in (model.SCHEMA, model.INITIATIVE, model.STRATEGY):
        problems = Problems()
        schema.validate({}, Location("probe"), problems, opt.Context())
        for key, option in schema.fields.items():
            if option.required:
                found[f"missing-{key}"] = next(p.message for p in problems if f"'{key}'" in p.message)
    problems = Problems()
    model.SCHEMA.fields["plan_year"].validate(probe, Location("probe"), problems, opt.Context())
    found["plan-year-format"] = problems.errors[0].message.replace(probe, "{value}")
    found["plan-year-span"] = model.NOT_ONE_YEAR
    problems = Problems()
    opt.Text(max_length=333).validate("x" * 777, Location("probe"), problems, opt.Context())
    found["too-long"] = problems.errors[0].message.replace("777", "{n}").replace("333", "{max}")
    return found


def _max_lengths() -> dict[str, int]:
    """The longest text each field of the plan file takes, by "item.key" as the page names them."""
    from toolkit.config import options as opt

    benchmark = model.INITIATIVE.fields["early_evidence_benchmarks"].item  # type: ignore[attr-defined]
    limits: dict[str, int] = {}
    for item, schema in (("plan", model.SCHEMA), ("initiative", model.INITIATIVE),
                         ("benchmark", benchmark), ("strategy", model.STRATEGY),
                         ("step", model.ACTION_STEP)):
        for key, option in schema.fields.items():
            if isinstance(option, opt.ListOf):
                option = option.item
            if isinstance(option, opt.Text) and option.max_length is not None:
                limits[f"{item}.{key}"] = option.max_length
    return limits


def browser_rules() -> dict[str, Any]:
    """Everything ``plan-editor.js`` needs to apply :data:`RULES`, as JSON-ready data."""
    return {
        "messages": {**MESSAGES, **_format_messages()},
        "severity": {rule.id: rule.severity for rule in RULES},
        "groupWords": sorted(GROUP_WORDS),
        "placeholders": list(PLACEHOLDERS),
        "several": _CONJUNCTION.pattern,
        "words": _WORDS.pattern,
        "quantity": _QUANTITY.pattern,
        "planYear": model.PLAN_YEAR,
        "yearStart": list(model.YEAR_START),
        "yearEnd": list(model.YEAR_END),
        "months": MONTHS,
        "nameLimit": NAME_LIMIT,
        "labels": dict(model.KIND_LABELS),
        "maxLength": _max_lengths(),
    }
