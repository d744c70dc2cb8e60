"""The benchmark example bank: worked benchmarks for many kinds of initiative, as data.

``content/examples/benchmarks.yml`` holds example sets, one per initiative
(early literacy, attendance, operations...). Each set has process benchmarks
and early evidence of change benchmarks; each benchmark gives the stronger
version a team should aim for, with the person responsible, the date, the
data source that shows it and who monitors it, and usually a weak version and
what is wrong with it. The file also declares the kinds of initiative the
site filters by and the kinds of evidence an early evidence benchmark rests
on, so adding a kind is an edit to the file, not to Python.

Three things read the bank: the guide's page of examples
(:mod:`toolkit.site.pages`), the decks (a slide that models turning a weak
benchmark into a strong one) and the templates, whose filled example rows
point at a bank entry instead of repeating its text
(:func:`resolve` and :mod:`toolkit.model.templates`). References are written
``set-id/entry-id``, where an entry is a benchmark or a resource of the set;
``set-id`` alone is the set itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.config import options as opt
from toolkit.errors import KEY_LINES, START, Location, Problems, ToolkitError, display_path, written_at
from toolkit.model import prose
from toolkit.model import provenance as provenance_model
from toolkit.model.provenance import PROVENANCE, Provenance, Source
from toolkit.source import Node, load_yaml_file

#: Where the bank lives, relative to ``content/``. A project without it has an empty bank.
BANK_FILE = "examples/benchmarks.yml"

#: An entry of a set that builds on a source may say it is as written there.
ENTRY_PROVENANCE = [provenance_model.FOLLOWS]


@dataclass(frozen=True)
class Label:
    """A kind of initiative or of evidence: the id content uses, the words readers see."""

    id: str
    label: str
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class BankBenchmark:
    """One example benchmark: the stronger version, and the weak one it replaces."""

    id: str
    benchmark: str  #: the stronger version, as a team would write it in its plan
    person: str  #: the one person responsible
    date: str  #: by when, as written in a plan ("October 1")
    data_source: str  #: the record, survey or observation that shows it
    monitor: str  #: who checks it during the year, and when
    weak: str | None = None  #: a weak version a team might write first
    problem: str | None = None  #: what is wrong with the weak version
    why: str | None = None  #: why the stronger version is a good measure
    status: str = ""  #: a status, where an example shows a plan being monitored
    evidence: str | None = None  #: early evidence only: the kind of evidence (survey...)
    change: str | None = None  #: early evidence: what people would see and hear
    when: str | None = None  #: early evidence: at what point in the year
    how_many: str | None = None  #: early evidence: for whom and how many
    supports: str | None = None  #: process: the supports the step needs (Template 5.3.1T)
    measure: str | None = None  #: process: its measure of implementation (5.3.1T)
    #: "follows" when the stronger version is as written in the set's source
    provenance: str | None = None
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)


@dataclass(frozen=True)
class BankResource:
    id: str
    text: str
    provenance: str | None = None  #: "follows" when the text is as written in the set's source
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class BankSet:
    """The examples for one initiative."""

    id: str
    kind: str
    initiative: str
    situation: str  #: a sentence or two: where the district starts from
    process_benchmarks: list[BankBenchmark]
    early_evidence_benchmarks: list[BankBenchmark]
    resources: list[BankResource] = field(default_factory=list)
    #: Where the set comes from (the same mapping as a module's); none means the toolkit's own.
    provenance: Provenance | None = None
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)

    @property
    def basis(self) -> str:
        return self.provenance.basis if self.provenance else provenance_model.OWN

    @property
    def source(self) -> Source | None:
        """The first source the set names: what its "follows" entries are written as in."""
        cited = self.provenance.cited if self.provenance else ()
        return cited[0] if cited else None

    def entries(self) -> dict[str, BankBenchmark | BankResource]:
        found: dict[str, BankBenchmark | BankResource] = {}
        for entry in [*self.process_benchmarks, *self.early_evidence_benchmarks, *self.resources]:
            found.setdefault(entry.id, entry)
        return found

    def follows_source(self, entry: BankBenchmark | BankResource) -> bool:
        return entry.provenance == provenance_model.FOLLOWS and self.source is not None


@dataclass(frozen=True)
class Bank:
    title: str = ""  #: the guide page's title
    summary: str = ""  #: its lead paragraph
    intro: str = ""  #: Markdown shown before the examples
    kinds: list[Label] = field(default_factory=list)
    evidence: list[Label] = field(default_factory=list)
    sets: list[BankSet] = field(default_factory=list)
    #: True when the file has errors (already reported): references to it are not checked.
    broken: bool = False
    location: Location | None = written_at(START, default=None)

    def set(self, set_id: str) -> BankSet | None:
        return next((s for s in self.sets if s.id == set_id), None)

    def kind_label(self, kind_id: str) -> str:
        return next((k.label for k in self.kinds if k.id == kind_id), kind_id)

    def evidence_label(self, evidence_id: str | None) -> str:
        return next((e.label for e in self.evidence if e.id == evidence_id), evidence_id or "")

    def sets_of_kind(self, kind_id: str) -> list[BankSet]:
        return [s for s in self.sets if s.kind == kind_id]


# -- the schema, as data ------------------------------------------------------------

_line = opt.Text(single_line=True, max_length=200)
_text = opt.Text(max_length=600)

LABEL = opt.Schema(
    {"id": opt.Slug(required=True), "label": opt.Text(required=True, single_line=True, max_length=60)},
    build=Label,
)

_BENCHMARK_FIELDS: dict[str, opt.Option] = {
    "id": opt.Slug(required=True),
    "benchmark": opt.Text(required=True, max_length=400),
    "person": opt.Text(required=True, single_line=True, max_length=80),
    "date": opt.Text(required=True, single_line=True, max_length=40, allow_numbers=True),
    "data_source": opt.Text(required=True, max_length=400),
    "monitor": opt.Text(required=True, max_length=400),
    "weak": _text,
    "problem": _text,
    "why": _text,
    "status": opt.Text(single_line=True, max_length=40, default=""),
    "provenance": opt.Choice(ENTRY_PROVENANCE),
}

PROCESS_BENCHMARK = opt.Schema(
    {**_BENCHMARK_FIELDS, "supports": _line, "measure": _line}, build=BankBenchmark
)

EARLY_EVIDENCE_BENCHMARK = opt.Schema(
    {**_BENCHMARK_FIELDS, "evidence": opt.Slug(required=True),
     "change": _line, "when": _line, "how_many": _line},
    build=BankBenchmark,
)

RESOURCE = opt.Schema(
    {"id": opt.Slug(required=True), "text": opt.Text(required=True, max_length=600),
     "provenance": opt.Choice(ENTRY_PROVENANCE)},
    build=BankResource,
)

SET = opt.Schema(
    {
        "id": opt.Slug(required=True),
        "kind": opt.Slug(required=True),
        "initiative": opt.Text(required=True, single_line=True, max_length=160),
        "situation": opt.Text(required=True, max_length=600),
        "provenance": PROVENANCE,
        "process_benchmarks": opt.ListOf(PROCESS_BENCHMARK, min_items=1, required=True),
        "early_evidence_benchmarks": opt.ListOf(EARLY_EVIDENCE_BENCHMARK, min_items=1, required=True),
        "resources": opt.ListOf(RESOURCE),
    },
    build=BankSet,
)

SCHEMA = opt.Schema(
    {
        "title": opt.Text(required=True, single_line=True, max_length=120),
        "summary": opt.Text(required=True, max_length=600),
        "intro": opt.Text(max_length=4000, default=""),
        "kinds": opt.ListOf(LABEL, min_items=1, required=True),
        "evidence": opt.ListOf(LABEL, min_items=1, required=True),
        "sets": opt.ListOf(SET, min_items=1, required=True),
    },
    build=Bank,
)


def load_bank(path: Path, problems: Problems, sources: dict[str, Source] | None = None) -> Bank:
    """Load and check the bank at ``path``; an absent file is an empty bank.

    ``sources`` are the known source documents (``content/sources.yml``) a
    set's provenance may name; without them, the ones beside the bank are read."""
    if not path.is_file():
        return Bank()
    try:
        data = load_yaml_file(path)
    except ToolkitError as exc:
        problems.extend(exc.problems)
        return Bank(broken=True)
    where = getattr(data, "location", Location(display_path(path), 1))
    before = len(problems.errors)
    bank = SCHEMA.validate(data, where, problems, opt.Context(base_dir=path.parent))
    if bank is None or len(problems.errors) > before:
        return Bank(broken=True)
    if sources is None:
        sources = provenance_model.load_sources(
            path.parent.parent / provenance_model.SOURCES_FILE, problems)
    bank = _resolve_provenance(bank, sources, problems)
    _check_bank(bank, data, problems)
    return bank if len(problems.errors) == before else Bank(broken=True)


def _resolve_provenance(bank: Bank, sources: dict[str, Source], problems: Problems) -> Bank:
    """Each set's provenance checked against the known sources and the set's own text."""
    import dataclasses

    resolved = []
    for bank_set in bank.sets:
        if bank_set.provenance is not None:
            where = bank_set.lines.get("provenance") or _at(bank_set)
            text = "\n".join(prose.texts(bank_set))
            found = provenance_model.resolve(bank_set.provenance, where, sources, problems, text)
            bank_set = dataclasses.replace(bank_set, provenance=found or bank_set.provenance)
        resolved.append(bank_set)
    return dataclasses.replace(bank, sets=resolved)


def _check_bank(bank: Bank, data: Node, problems: Problems) -> None:
    """What the schema alone cannot say: ids, kinds, weak versions, sources."""
    _unique(bank.kinds, "kind", problems)
    _unique(bank.evidence, "kind of evidence", problems)
    _unique(bank.sets, "set", problems)
    kinds = [k.id for k in bank.kinds]
    evidence = [e.id for e in bank.evidence]
    for bank_set, node in zip(bank.sets, _items(data, "sets"), strict=False):
        if bank_set.kind not in kinds:
            problems.error(node.at("kind"), f"unknown kind '{bank_set.kind}' (known: {', '.join(kinds)})")
        _unique([*bank_set.process_benchmarks, *bank_set.early_evidence_benchmarks,
                 *bank_set.resources], f"entry of set '{bank_set.id}'", problems)
        benchmarks = [*bank_set.process_benchmarks, *bank_set.early_evidence_benchmarks]
        for entry in [*benchmarks, *bank_set.resources]:
            if entry.provenance and bank_set.basis == provenance_model.OWN:
                problems.error(_at(entry), f"'provenance: {entry.provenance}' needs a set that "
                                           f"follows or adapts a source (the set's 'provenance')")
        for benchmark in benchmarks:
            if (benchmark.weak is None) != (benchmark.problem is None):
                missing = "problem" if benchmark.problem is None else "weak"
                problems.error(_at(benchmark), f"a weak version needs what is wrong with it, and the "
                                               f"other way round: add '{missing}'")
            if benchmark.evidence is not None and benchmark.evidence not in evidence:
                problems.error(benchmark.lines.get("evidence", _at(benchmark)),
                               f"unknown kind of evidence '{benchmark.evidence}' "
                               f"(known: {', '.join(evidence)})")
        if not any(b.weak for b in benchmarks):
            problems.error(node.location, f"set '{bank_set.id}' needs at least one weak version "
                                          f"with what is wrong with it")


def _unique(items: list[Any], what: str, problems: Problems) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            problems.error(item.location or Location("?", 1), f"{what} id '{item.id}' is used twice")
        seen.add(item.id)


def _items(node: object, key: str) -> list[Node]:
    value = node.get(key) if isinstance(node, Node) else None
    return [n for n in value if isinstance(n, Node)] if isinstance(value, list) else []


def _at(entry: BankBenchmark | BankResource | BankSet) -> Location:
    return entry.location or Location("?", 1)


# -- references from templates and decks ---------------------------------------------


def lookup(bank: Bank, ref: str) -> tuple[BankSet | BankBenchmark | BankResource | None, str]:
    """The bank entry ``ref`` names (``set`` or ``set/entry``), or None and why not."""
    set_id, _, entry_id = ref.partition("/")
    bank_set = bank.set(set_id)
    if bank_set is None:
        known = ", ".join(s.id for s in bank.sets) or f"the bank ({BANK_FILE}) is empty"
        return None, f"no example set '{set_id}' in the benchmark bank (known: {known})"
    if not entry_id:
        return bank_set, ""
    entries = bank_set.entries()
    if entry_id not in entries:
        return None, f"set '{set_id}' has no entry '{entry_id}' (known: {', '.join(entries)})"
    return entries[entry_id], ""


def field_text(target: object, ref: str, name: str) -> tuple[str | None, str]:
    """The text of field ``name`` of a bank entry, or None and why not."""
    names = _text_fields(target)
    if name not in names:
        return None, f"'{ref}' has no field '{name}' (fields: {', '.join(names)})"
    value = getattr(target, name)
    if value is None:  # a status may be "" (open), as early in the year
        return None, f"'{ref}' leaves '{name}' empty; write it in {BANK_FILE} or choose another field"
    return value, ""


def _text_fields(target: object) -> list[str]:
    import dataclasses

    skip = {"id", "location", "lines", "provenance", "kind"}
    return [f.name for f in dataclasses.fields(target)  # type: ignore[arg-type]
            if f.name not in skip and f.type in ("str", "str | None")]
