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
lacks it. Values a team wrote in the wrong format were already reported by
the loader (:mod:`toolkit.plan.model`) and are not reported again as missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from toolkit.errors import Location, Problem
from toolkit.plan.model import ActionStep, Benchmark, Initiative, Plan

Findings = Iterator[Problem]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # "error" or "warning"
    summary: str  # the checklist statement the rule enforces
    check: Callable[[Plan], Findings]


def _finding(rule_severity: str, where: Location, message: str) -> Problem:
    return Problem(where, message, rule_severity)


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
_CONJUNCTION = re.compile(r"\s(?:and|or|&|\+)\s|[;/&+]", re.IGNORECASE)


def not_one_person(name: str) -> str | None:
    """Why ``name`` is not one accountable person, or None if it may be one."""
    text = " ".join(name.lower().split())
    words = re.findall(r"[a-z/]+", text)
    if not words or text in ("?", "-", "--", "n/a", "tbd", "tba"):
        return "is a placeholder, not a person"
    if _CONJUNCTION.search(text):
        return "names more than one person; name the one who is accountable"
    if words[-1] in GROUP_WORDS or text in GROUP_WORDS:
        return "names a group or a placeholder, not one accountable person"
    return None


# -- how many: early evidence says how many or what share --------------------------

_QUANTITY = re.compile(
    r"\d|%|\b(?:percent|per cent|half|third|thirds|quarter|quarters|majority|all|every|each|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen|double|twice)\b",
    re.IGNORECASE,
)


def has_quantity(text: str) -> bool:
    return bool(_QUANTITY.search(text))


# -- the rules -----------------------------------------------------------------------


def _each_benchmark(plan: Plan) -> Iterator[tuple[Initiative, Benchmark]]:
    for initiative in plan.initiatives:
        for benchmark in initiative.benchmarks:
            yield initiative, benchmark


def benchmark_complete(plan: Plan) -> Findings:
    asks = {"benchmark": "say what will be done or seen", "person": "name the person responsible",
            "date": "give the date (YYYY-MM-DD)"}
    for _, b in _each_benchmark(plan):
        for key, ask in asks.items():
            if getattr(b, key) is None and key not in b.broken:
                what = {"benchmark": "no benchmark", "person": "no person responsible",
                        "date": "no date"}[key]
                yield _finding("error", b.at(key), f"{b.label} has {what}: {ask}")


def benchmark_person(plan: Plan) -> Findings:
    for _, b in _each_benchmark(plan):
        if b.person and (why := not_one_person(b.person)):
            yield _finding("error", b.at("person"), f"{b.label}: person '{b.person}' {why}")


def action_step_complete(plan: Plan) -> Findings:
    for strategy in plan.strategies:
        for s in strategy.action_steps:
            label = f"action step {s.number}"
            if s.step is None and "step" not in s.broken:
                yield _finding("error", s.at("step"), f"{label} does not say what will be done")
            if not s.resources and "resources" not in s.broken:
                yield _finding("error", s.at("resources"),
                               f"{label} has no resources: list at least one support it needs")
            if not s.measures and "measures" not in s.broken:
                yield _finding("error", s.at("measures"),
                               f"{label} has no measure of implementation: say how readers will "
                               f"know it was done")
            if s.owner is None and "owner" not in s.broken:
                yield _finding("error", s.at("owner"), f"{label} has no owner: name the one person "
                                                       f"accountable")
            if s.deadline is None and "deadline" not in s.broken:
                yield _finding("error", s.at("deadline"), f"{label} has no deadline (YYYY-MM-DD)")


def action_step_owner(plan: Plan) -> Findings:
    for strategy in plan.strategies:
        for s in strategy.action_steps:
            if s.owner and (why := not_one_person(s.owner)):
                yield _finding("error", s.at("owner"),
                               f"action step {s.number}: owner '{s.owner}' {why}")


def strategy_has_steps(plan: Plan) -> Findings:
    for strategy in plan.strategies:
        if not strategy.action_steps and "action_steps" not in strategy.broken:
            where = strategy.lines.get("action_steps") or strategy.location
            yield _finding("error", where or Location("plan", 1),
                           f"strategy '{_short(strategy.strategy)}' has no action steps")


def plan_has_content(plan: Plan) -> Findings:
    if not plan.initiatives and not plan.strategies and not (
        {"initiatives", "strategies"} & plan.broken
    ):
        yield _finding("error", plan.location or Location("plan", 1),
                       "the plan has no initiatives and no strategies")


def dates_in_plan_year(plan: Plan) -> Findings:
    if not plan.plan_year:
        return
    first, last = plan.first_day, plan.last_day
    span = f"{first:%B} {first.day}, {first.year} to {last:%B} {last.day}, {last.year}"
    for _, b in _each_benchmark(plan):
        if b.date and not first <= b.date <= last:
            yield _finding("warning", b.at("date"),
                           f"{b.label}: {b.date.isoformat()} is outside plan year {plan.plan_year} "
                           f"({span})")
    for strategy in plan.strategies:
        for s in strategy.action_steps:
            if s.deadline and not first <= s.deadline <= last:
                yield _finding("warning", s.at("deadline"),
                               f"action step {s.number}: deadline {s.deadline.isoformat()} is outside "
                               f"plan year {plan.plan_year} ({span})")


def _out_of_order(items: list[ActionStep] | list[Benchmark], key: str) -> Iterator[tuple[object, object]]:
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
            yield _finding(
                "warning", step.at("deadline"),  # type: ignore[attr-defined]
                f"action step {step.number} (deadline {step.deadline}) comes after action step "  # type: ignore[attr-defined]
                f"{before.number} (deadline {before.deadline}): list steps in the order they will "  # type: ignore[attr-defined]
                f"be completed",
            )


def process_benchmarks_in_order(plan: Plan) -> Findings:
    for initiative in plan.initiatives:
        for b, before in _out_of_order(initiative.process_benchmarks, "date"):
            yield _finding(
                "warning", b.at("date"),  # type: ignore[attr-defined]
                f"{b.label} ({b.date}) is listed after {before.label} ({before.date}): list "  # type: ignore[attr-defined]
                f"process benchmarks in the order the work will happen",
            )


def early_evidence_quantified(plan: Plan) -> Findings:
    for initiative in plan.initiatives:
        for b in initiative.early_evidence_benchmarks:
            if b.benchmark and not has_quantity(b.benchmark):
                yield _finding("warning", b.at("benchmark"),
                               f"{b.label} gives no number: say how many or what share "
                               f"(for example '75% of grade 3 teachers')")


def initiative_complete(plan: Plan) -> Findings:
    for initiative in plan.initiatives:
        where = initiative.lines.get("name") or initiative.location or Location("plan", 1)
        name = _short(initiative.name)
        if not initiative.process_benchmarks and "process_benchmarks" not in initiative.broken:
            yield _finding("warning", where, f"initiative '{name}' has no process benchmarks")
        if not initiative.early_evidence_benchmarks and "early_evidence_benchmarks" not in initiative.broken:
            yield _finding("warning", where,
                           f"initiative '{name}' has no early evidence of change benchmarks")
        if not initiative.resources and "resources" not in initiative.broken:
            yield _finding("warning", where, f"initiative '{name}' lists no resources")


def names_unique(plan: Plan) -> Findings:
    """Each initiative and strategy gets its own page; two with one name would collide."""
    for items, key, what in ((plan.initiatives, "name", "initiative"),
                             (plan.strategies, "strategy", "strategy")):
        seen: dict[str, Location | None] = {}
        for item in items:
            name = " ".join(getattr(item, key).lower().split())
            if name in seen:
                yield _finding("error", item.lines.get(key) or item.location or Location("plan", 1),
                               f"{what} '{_short(getattr(item, key))}' is listed twice "
                               f"(first at line {seen[name].line if seen[name] else '?'})")
            else:
                seen[name] = item.lines.get(key) or item.location


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


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


def check_plan(plan: Plan) -> list[Problem]:
    """Every finding of every rule, in the order of the file (then of the rules)."""
    findings = [finding for rule in RULES for finding in rule.check(plan)]
    return sorted(findings, key=lambda p: (p.location.line, p.severity != "error"))
