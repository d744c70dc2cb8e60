"""A district's action plan: the plan file, loaded into typed objects.

The plan file is a public contract (README.md documents it, the site
publishes its JSON Schema): the annual action plan of the Planning for
Success form, one entry per strategic initiative or objective with its
process benchmarks, early evidence of change benchmarks and resources, and
optionally the strategies of Action Plan Template 5.3.1T with their action
steps.

Loading separates two kinds of mistakes. A wrong *format* (a number where a
name belongs, an unknown key, a date that is no date) is reported here by the
schema. A *gap* in the plan (a benchmark with nobody responsible, an action
step without a deadline) is a finding of the checklist rules in
:mod:`toolkit.plan.rules`, which need the incomplete plan to say precisely
what is missing: so here every field of a benchmark or an action step is
optional, and an empty value counts as missing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.config import options as opt
from toolkit.errors import KEY_LINES, START, Location, Problems, ToolkitError, display_path, written_at
from toolkit.source import NodeList, load_data_file

#: The status of a benchmark during the year; the first is the default.
STATUSES = ["not started", "in progress", "met", "not met"]
DEFAULT_STATUS = STATUSES[0]
PLAN_YEAR = r"(\d{4})-(\d{4})"
#: The school year runs from July 1 of its first year to June 30 of its last: (month, day).
YEAR_START = (7, 1)
YEAR_END = (6, 30)
#: A plan year whose years do not follow each other; the checker in the browser says the same.
NOT_ONE_YEAR = ("plan year '{plan_year}' is not one school year: an annual action plan covers two "
                "consecutive years, e.g. 2026-2027")


class _Written:
    """Anything of a plan that remembers where its keys are written (``location``, ``lines``)."""

    location: Location | None
    lines: dict[str, Location]

    def at(self, key: str) -> Location:
        """Where ``key`` is written, or where the item starts if it is absent."""
        return self.lines.get(key) or self.location or Location("plan", 1)


@dataclass(frozen=True)
class Benchmark(_Written):
    """One row of the Action Plan Template: what, who, by when, and its status.

    ``kind`` is ``process`` (who does what by when) or ``early_evidence``
    (what change should start to show). Fields a team left empty are None.
    """

    kind: str
    number: int  # 1-based position within its list, as a team would count
    benchmark: str | None = None
    person: str | None = None
    date: dt.date | None = None
    status: str = DEFAULT_STATUS
    monitoring: str | None = None  # early evidence only: the data that shows it, who checks it
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)
    broken: frozenset[str] = frozenset()  # keys whose value had a format error

    @property
    def label(self) -> str:
        return f"{KIND_LABELS[self.kind]} {self.number}"


KIND_LABELS = {"process": "process benchmark", "early_evidence": "early evidence benchmark"}


@dataclass(frozen=True)
class Initiative(_Written):
    """A strategic initiative or objective and its part of the annual action plan."""

    name: str
    number: int = 0
    team: str | None = None  # the action plan team that drafted it
    recorder: str | None = None
    process_benchmarks: list[Benchmark] = field(default_factory=list)
    early_evidence_benchmarks: list[Benchmark] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    #: the plan file it came from (several teams' files merge)
    source: Path | None = written_at("file", default=None)
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)
    broken: frozenset[str] = frozenset()  # keys whose value had a format error

    @property
    def benchmarks(self) -> list[Benchmark]:
        return [*self.process_benchmarks, *self.early_evidence_benchmarks]

    @property
    def title(self) -> str:
        return self.name

    @property
    def slug(self) -> str:
        """A file name for its page and documents, unique by its position."""
        return slugify(self.number, self.name)


@dataclass(frozen=True)
class ActionStep(_Written):
    """One row of Action Plan Template 5.3.1T."""

    number: int
    step: str | None = None
    resources: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    owner: str | None = None
    deadline: dt.date | None = None
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)
    broken: frozenset[str] = frozenset()  # keys whose value had a format error


@dataclass(frozen=True)
class Strategy(_Written):
    strategy: str
    number: int = 0
    team: str | None = None  # the action plan team that drafted it
    action_steps: list[ActionStep] = field(default_factory=list)
    #: the plan file it came from (several teams' files merge)
    source: Path | None = written_at("file", default=None)
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)
    broken: frozenset[str] = frozenset()  # keys whose value had a format error

    @property
    def slug(self) -> str:
        return slugify(self.number, self.strategy)

    @property
    def title(self) -> str:
        return self.strategy


@dataclass(frozen=True)
class Plan:
    district: str
    plan_year: str
    initiatives: list[Initiative] = field(default_factory=list)
    strategies: list[Strategy] = field(default_factory=list)
    source: Path | None = written_at("file", default=None)  # the file it was read from
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)
    broken: frozenset[str] = frozenset()  # keys whose value had a format error

    @property
    def first_day(self) -> dt.date:
        """The school year starts on July 1 of the plan year's first year."""
        return dt.date(int(self.plan_year[:4]), *YEAR_START)

    @property
    def last_day(self) -> dt.date:
        """...and ends on June 30 of its last year."""
        return dt.date(int(self.plan_year[-4:]), *YEAR_END)

    @property
    def benchmarks(self) -> list[Benchmark]:
        return [b for initiative in self.initiatives for b in initiative.benchmarks]

    def at(self, key: str) -> Location:
        """Where the plan writes ``key``; else where it starts; else its file, with no line."""
        return self.lines.get(key) or self.location or Location(display_path(self.source or "plan"), 0)


def slugify(number: int, text: str, limit: int = 48) -> str:
    """``3-strengthen-early-literacy``: ASCII, lowercase, prefixed by the position.

    The position keeps two similar names apart; accents are folded so the
    file name works on every file share.
    """
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    stem = ""
    for word in words:
        if len(stem) + len(word) + 1 > limit:
            break
        stem = f"{stem}-{word}" if stem else word
    return f"{number}-{stem}" if stem else str(number)


class PlanText(opt.Text):
    """Text a team may leave empty: an empty value is a gap, not a format error."""

    def validate(self, value: Any, where: Location, problems: Problems, ctx: opt.Context) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return super().validate(value, where, problems, ctx)


class PlanDate(opt.Date):
    """A date a team may leave empty (a gap); anything else must be a real date."""

    def validate(self, value: Any, where: Location, problems: Problems, ctx: opt.Context) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return super().validate(value, where, problems, ctx)


class TextItems(opt.ListOf):
    """A list of short texts (resources, measures); empty entries are dropped."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(PlanText(max_length=1000), **kw)

    def validate(self, value: Any, where: Location, problems: Problems, ctx: opt.Context) -> Any:
        items = super().validate(value, where, problems, ctx)
        if items is None:
            return []
        kept = NodeList(item for item in items if item is not None)
        kept.location = items.location
        kept.item_lines = [line for item, line in zip(items, items.item_lines, strict=True)
                           if item is not None]
        return kept


class Status(opt.Choice):
    """A benchmark's status, written in any letter case ("Met", "In progress")."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(STATUSES, default=DEFAULT_STATUS, **kw)

    def validate(self, value: Any, where: Location, problems: Problems, ctx: opt.Context) -> Any:
        if isinstance(value, str):
            value = " ".join(value.lower().replace("_", " ").split()) or DEFAULT_STATUS
        return super().validate(value, where, problems, ctx)


def _numbered(build: type, **fixed: Any) -> Any:
    """A builder that numbers items in list order (set afterwards by the list)."""

    def make(**values: Any) -> Any:
        return build(number=0, **fixed, **values)

    return make


def _benchmark_schema(kind: str) -> opt.Schema:
    return opt.Schema(
        {
            "benchmark": PlanText(max_length=1000, help="What will be done, or what change will show."),
            "person": PlanText(single_line=True, max_length=200,
                               help="The one person responsible."),
            "date": PlanDate(help="When it will be done or seen (YYYY-MM-DD)."),
            "status": Status(help="One of: " + ", ".join(STATUSES) + "."),
            **({"monitoring": PlanText(max_length=1000, help="How it will be monitored: the data "
                                       "that will show it and who checks it.")}
               if kind == "early_evidence" else {}),
        },
        build=_numbered(Benchmark, kind=kind),
        target=Benchmark,
        partial=True,
    )


INITIATIVE = opt.Schema(
    {
        "name": opt.Text(required=True, single_line=True, max_length=300,
                         help="The strategic initiative or objective this part of the plan carries out."),
        "team": opt.Text(single_line=True, max_length=300,
                         help="The action plan team that drafted this part of the plan."),
        "recorder": opt.Text(single_line=True, max_length=200, help="The team's recorder."),
        "process_benchmarks": opt.ListOf(_benchmark_schema("process"),
                                         help="Who does what by when, in the order the work happens."),
        "early_evidence_benchmarks": opt.ListOf(
            _benchmark_schema("early_evidence"),
            help="Changes in practice, attitude or behavior that should start to show."),
        "resources": TextItems(help="Staff and financial resources supporting implementation."),
    },
    build=Initiative,
    partial=True,
)

ACTION_STEP = opt.Schema(
    {
        "step": PlanText(max_length=1000, help="What must be done to carry out the strategy."),
        "resources": TextItems(help="The supports this action step needs."),
        "measures": TextItems(help="Measures of implementation: how readers will know it was done."),
        "owner": PlanText(single_line=True, max_length=200,
                          help="The one person accountable for the action step."),
        "deadline": PlanDate(help="By when the step will be completed (YYYY-MM-DD)."),
    },
    build=_numbered(ActionStep),
    target=ActionStep,
    partial=True,
)

STRATEGY = opt.Schema(
    {
        "strategy": opt.Text(required=True, max_length=1000,
                             help="The means, method or approach the plan carries out."),
        "team": opt.Text(single_line=True, max_length=300,
                         help="The action plan team that drafted this strategy."),
        "action_steps": opt.ListOf(ACTION_STEP, help="In the order they will be completed."),
    },
    build=Strategy,
    partial=True,
)

SCHEMA = opt.Schema(
    {
        "district": opt.Text(required=True, single_line=True, max_length=300,
                             help="The district's full name."),
        "plan_year": opt.SchoolYear(required=True, not_one_year=NOT_ONE_YEAR,
                                    help="The school year the action plan covers, as YYYY-YYYY."),
        "initiatives": opt.ListOf(INITIATIVE, help="The Action Plan Template, one per initiative."),
        "strategies": opt.ListOf(STRATEGY, help="Action Plan Template 5.3.1T, one per strategy."),
    },
    build=Plan,
    partial=True,
)


#: The suffix of a plan kept as a workbook (:mod:`toolkit.plan.workbook`).
WORKBOOK_SUFFIX = ".xlsx"
#: Every suffix a plan file may have.
PLAN_SUFFIXES = (".yml", ".yaml", ".json", WORKBOOK_SUFFIX)


def load_plan(path: str | Path) -> tuple[Plan | None, Problems]:
    """Load a plan file (YAML, JSON or a workbook) and report its format errors.

    Returns the plan (None when its top level is unusable) and the problems
    found; unreadable files and invalid YAML or JSON raise
    :class:`ToolkitError` as every other input does.
    """
    path = Path(path)
    if path.suffix.lower() == WORKBOOK_SUFFIX:
        from toolkit.plan.workbook import load_workbook_plan

        return load_workbook_plan(path)
    return plan_from_data(load_data_file(path), path)


def plan_from_data(data: Any, path: Path) -> tuple[Plan | None, Problems]:
    """Validate a plan file's data (as :mod:`toolkit.source` loads it) into a :class:`Plan`."""
    problems = Problems()
    where = getattr(data, "location", Location(display_path(path), 1))
    if data is None:
        problems.error(where, "the plan file is empty")
        return None, problems
    plan = SCHEMA.validate(data, where, problems, opt.Context(base_dir=path.parent))
    if plan is None:
        plan = _salvage(data, where, problems, path)
    if plan is None:
        return None, problems
    plan = _numbered_plan(plan)
    return _with_source(plan, path), problems


def _salvage(data: Any, where: Location, problems: Problems, path: Path) -> Plan | None:
    """Keep checking a plan whose top level has errors (a missing plan year...).

    The schema builds nothing when any key is wrong; the checklist rules can
    still say useful things about the initiatives, so rebuild the plan with
    the broken top-level keys replaced by placeholders. Their errors have been
    recorded already.
    """
    if not isinstance(data, dict):
        return None
    scratch = Problems()
    ctx = opt.Context(base_dir=path.parent)
    values: dict[str, Any] = {}
    for key, option in SCHEMA.fields.items():
        value = data.get(key)
        cleaned = option.validate(value, data.at(key), scratch, ctx) if value is not None else None
        values[key] = cleaned if cleaned is not None else option.get_default()
    plan_year = values.get("plan_year")
    if not isinstance(plan_year, str) or not re.fullmatch(PLAN_YEAR, plan_year):
        values["plan_year"] = ""
    lines = {k: Location(where.path, n) for k, n in getattr(data, "key_lines", {}).items()}
    return Plan(district=values.get("district") or "", plan_year=values["plan_year"],
                initiatives=[i for i in values["initiatives"] or [] if i is not None],
                strategies=[s for s in values["strategies"] or [] if s is not None],
                location=where, lines=lines)


def _numbered_plan(plan: Plan) -> Plan:
    """Drop items the schema could not build and number the rest in list order."""
    from dataclasses import replace

    def number(items: list[Any]) -> list[Any]:
        return [replace(item, number=index) for index, item in enumerate(
            (i for i in items if i is not None), start=1)]

    initiatives = [
        replace(i, process_benchmarks=number(i.process_benchmarks),
                early_evidence_benchmarks=number(i.early_evidence_benchmarks))
        for i in number(plan.initiatives)
    ]
    strategies = [replace(s, action_steps=number(s.action_steps)) for s in number(plan.strategies)]
    return replace(plan, initiatives=initiatives, strategies=strategies)


def _with_source(plan: Plan, path: Path) -> Plan:
    """The plan and each of its items remember the file they came from."""
    from dataclasses import replace

    source = path.resolve()
    return replace(plan, source=source,
                   initiatives=[replace(i, source=source) for i in plan.initiatives],
                   strategies=[replace(s, source=source) for s in plan.strategies])


def read_plan(path: str | Path) -> Plan:
    """Load a plan for a build: any format error stops it, as for content."""
    plan, problems = load_plan(path)
    problems.raise_if_errors()
    if plan is None:  # pragma: no cover - an unusable plan always has an error
        raise ToolkitError.at(path, 1, "invalid plan file")
    return plan


def plan_json_schema() -> str:
    """The plan file's JSON Schema, published with the site as a contract."""
    from toolkit.config.jsonschema import document

    return document(
        SCHEMA,
        schema_id="plan.schema.json",
        title="Action plan",
        description="A district's annual action plan: initiatives with process and early evidence "
        "of change benchmarks and resources (Action Plan Template), and optionally strategies with "
        "action steps (Action Plan Template 5.3.1T). Dates are YYYY-MM-DD. A district's plan may "
        "be split into one file per action plan team: every file gives the same district and plan "
        "year, and each initiative or strategy is in one file only; the files are merged into one "
        "plan. Whether a plan is complete is checked by the action plan checklist.",
    )
