"""Every input reaches the build cache's keys: a test generated from the schemas.

The schemas of content modules, templates, deck outlines, the district file
and the plan file are walked (``opt.Schema`` trees, as declared); for every
key found there, a change of its value is made that the toolkit accepts,
the project is built incrementally on top of the unchanged project's
output, and the result must equal ``toolkit build --clean`` byte for byte.
So are the district's logo bytes, the plan, ``--as-of`` and
``SOURCE_DATE_EPOCH``. No key is skipped: a key the test cannot change is a
failure that names it.

Builds are real (the CLI in a subprocess), but batched so the whole takes
about a minute: changes whose outputs cannot share a file go into one round
(one incremental build, one clean build). A round starts from a copy of the
unchanged project's output, so a stale file is never hidden by another
change to the same file. The deck outlines are copied a few times, each
copy following its own copy of its planning step, so that many changes to
outlines and steps fit into one round.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import itertools
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import LOGO_PNG, ROOT, png, run_toolkit
from toolkit import source
from toolkit.config import district as district_model
from toolkit.config import options as opt
from toolkit.errors import Problems, ToolkitError, is_written_at
from toolkit.model import bank as bank_model
from toolkit.model import decks as deck_model
from toolkit.model import provenance as sources_model
from toolkit.model import templates as template_model
from toolkit.model.content import load_content
from toolkit.model.prose import texts
from toolkit.model.schema import HOME, KINDS
from toolkit.plan import model as plan_model

DELETE = object()  # a key removed: its value becomes the default
#: Copies of each deck outline (with its step) made so changes fit in few rounds.
DECK_COPIES = 2
PLAN_ITEMS = 3  # initiatives, and strategies, in the test's plan
BASE_AS_OF, OTHER_AS_OF = "2026-11-01", "2027-02-15"
OTHER_EPOCH = "1790000000"


# -- the project as data ----------------------------------------------------------------


@dataclass
class Doc:
    """One input file, parsed: YAML data, and the Markdown body of a module."""

    data: Any
    body: str | None = None

    def text(self) -> str:
        """The file's text (kept: a document is never changed once written, see :func:`edit`)."""
        if "_text" not in self.__dict__:
            dumped = yaml.safe_dump(self.data, sort_keys=False, allow_unicode=True, width=10**6)
            self._text = dumped if self.body is None else f"---\n{dumped}---\n{self.body}"
        return self._text


State = dict[str, Doc]  # by path relative to the project


def read_doc(path: Path) -> Doc:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        _, meta, body = text.split("---\n", 2)
        return Doc(yaml.safe_load(meta), body)
    return Doc(yaml.safe_load(text))


#: The document last written to each file: a state's unchanged documents are the
#: same objects (changes copy what they edit), so only edited files are written again.
_WRITTEN: dict[Path, Doc] = {}


def write_state(state: State, project: Path) -> None:
    """Make ``project``'s content, outlines and plan exactly ``state``."""
    for folder in ("content", "slides"):
        for path in (project / folder).rglob("*"):
            if path.is_file() and path.relative_to(project).as_posix() not in state:
                path.unlink()
                _WRITTEN.pop(path, None)
    for rel, doc in state.items():
        target = project / rel
        if _WRITTEN.get(target) is doc:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(doc.text(), encoding="utf-8")
        _WRITTEN[target] = doc


def edit(state: State, rel: str) -> Any:
    """The data of ``rel`` in ``state``, copied first: other states keep theirs."""
    state[rel] = Doc(copy.deepcopy(state[rel].data), state[rel].body)
    return state[rel].data


def changed(state: State, *changes: Change) -> State:
    trial = dict(state)
    for change in changes:
        change.apply(trial)
    return trial


_PARSED: dict[tuple[str, str, int], Any] = {}


def _parse_once(text: str, path: Any, line_offset: int = 0) -> Any:
    """toolkit.source.parse_yaml, remembered: the search below validates the same files
    hundreds of times. The content loaders only read what they parse."""
    key = (text, str(path), line_offset)
    if key not in _PARSED:
        try:
            _PARSED[key] = (True, _PARSE(text, path, line_offset))
        except ToolkitError as exc:
            _PARSED[key] = (False, exc)
    ok, value = _PARSED[key]
    if not ok:
        raise value
    return value


_PARSE = source.parse_yaml


_DECKS: dict[tuple[Path, str], tuple[Any, list[Any]]] = {}


def _load_deck_once(path: Path, problems: Any) -> Any:
    """toolkit.model.decks.load_deck, remembered by the file's text: an outline is
    checked alone there (a deck against its step is checked afterwards)."""
    key = (path, path.read_text(encoding="utf-8"))
    if key not in _DECKS:
        found = Problems()
        _DECKS[key] = (_LOAD_DECK(path, found), list(found))
    deck, found = _DECKS[key]
    problems.extend(found)
    return deck


_LOAD_DECK = deck_model.load_deck


def problems_of(state: State, scratch: Path) -> list[str]:
    """What the toolkit refuses in ``state`` (empty: a valid project and plan)."""
    write_state(state, scratch)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(source, "parse_yaml", _parse_once)
        patch.setattr(deck_model, "load_deck", _load_deck_once)
        return _problems_of(scratch, PLAN in state)


def _problems_of(scratch: Path, with_plan: bool) -> list[str]:
    found = []
    try:
        load_content(scratch)
    except ToolkitError as exc:
        found += [str(p) for p in exc.problems]
    if with_plan:
        try:
            plan_model.read_plan(scratch / PLAN)
        except ToolkitError as exc:
            found += [str(p) for p in exc.problems]
    return found


PLAN = "plan.yml"
BANK = f"content/{bank_model.BANK_FILE}"
SOURCES = f"content/{sources_model.SOURCES_FILE}"


def make_plan() -> dict[str, Any]:
    """A plan with every key of the plan file set, several items of each kind."""
    def benchmark(i: int, n: int, early: bool) -> dict[str, Any]:
        item = {"benchmark": f"Benchmark {n} of initiative {i}", "person": f"Person {i}.{n}",
                "date": dt.date(2026, 9 + n, 1 + i), "status": plan_model.STATUSES[(i + n) % 4]}
        return {**item, "monitoring": f"Walkthrough data {i}.{n}"} if early else item

    return {
        "district": "Marlowe Regional School District",
        "plan_year": "2026-2027",
        "initiatives": [{
            "name": f"Initiative {i}: strengthen early literacy",
            "team": f"Team {i}", "recorder": f"Recorder {i}",
            "process_benchmarks": [benchmark(i, n, False) for n in (1, 2)],
            "early_evidence_benchmarks": [benchmark(i, n, True) for n in (1, 2)],
            "resources": [f"Resource {i}.1", f"Resource {i}.2"],
        } for i in range(1, PLAN_ITEMS + 1)],
        "strategies": [{
            "strategy": f"Strategy {i}: common formative assessments",
            "team": f"Team {i}",
            "action_steps": [{"step": f"Step {i}.{n}", "resources": [f"Staff time {i}.{n}", "Funds"],
                              "measures": [f"Measure {i}.{n}", "Minutes"], "owner": f"Owner {i}.{n}",
                              "deadline": dt.date(2026, 10 + n, i)} for n in (1, 2)],
        } for i in range(1, PLAN_ITEMS + 1)],
    }


def make_district() -> dict[str, Any]:
    """A district file with every key of the district file set."""
    return {
        "name": "Marlowe Regional School District", "short_name": "Marlowe",
        "plan_year": "2026-2027", "language": "en", "paper_size": "letter",
        "branding": {"primary_color": "#1f4e79", "accent_color": "#a23b00",
                     "logo": "seal.png", "logo_alt": "Marlowe seal"},
        "session": {"date": dt.date(2026, 9, 15), "start_time": "08:30", "facilitator": "J. Rivera",
                    "venue": "Room 204", "small_groups": 4, "action_plan_teams": 3,
                    "initiatives": ["Early literacy, K-3", "Advanced coursework, 6-8"],
                    "closed_days": [dt.date(2026, 11, 26), "2026-12-21 to 2027-01-01"]},
    }


def project_state() -> State:
    """The project's content and outlines (and a plan), with each deck copied
    :data:`DECK_COPIES` times, each copy following its own copy of its step."""
    state: State = {}
    for folder in ("content", "slides"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".md", ".yml"):
                state[path.relative_to(ROOT).as_posix()] = read_doc(path)
    for rel, doc in list(state.items()):
        if not rel.startswith("slides/") or not doc.data.get("step"):
            continue
        step_rel = f"content/steps/{doc.data['step']}.md"
        free = copy.deepcopy(state[step_rel])  # a copy no deck follows: its run of show is free
        free.data["id"] = f"{free.data['id']}-nodeck"
        state[f"content/steps/{free.data['id']}.md"] = free
        for n in range(1, DECK_COPIES + 1):
            step = copy.deepcopy(state[step_rel])
            step.data["id"] = f"{step.data['id']}-copy-{n}"
            state[f"content/steps/{step.data['id']}.md"] = step
            deck = copy.deepcopy(doc)
            deck.data.update(id=f"{doc.data['id']}-copy-{n}", step=step.data["id"])
            state[f"slides/{deck.data['id']}.yml"] = deck
    for doc in state.values():  # bullets written as mappings, the form every key has
        if isinstance(doc.data, dict):
            for slide in doc.data.get("slides") or []:
                if isinstance(slide, dict) and "bullets" in slide:
                    slide["bullets"] = [_as_mapping(b) for b in slide["bullets"]]
    state[PLAN] = Doc(make_plan())
    return state


def _as_mapping(bullet: Any) -> Any:
    if isinstance(bullet, str):
        return {"text": bullet}
    if isinstance(bullet, dict) and "bullets" in bullet:
        return {**bullet, "bullets": [_as_mapping(b) for b in bullet["bullets"]]}
    return bullet


# -- the schemas' keys and where they are written ------------------------------------


def bullet_schema(option: deck_model.BulletOption) -> opt.Schema:
    """A bullet written as a mapping, as BulletOption validates one."""
    fields: dict[str, opt.Option] = {"text": option._text(required=True)}
    if option.depth < deck_model.MAX_BULLET_DEPTH:
        fields["bullets"] = opt.ListOf(deck_model.BulletOption(option.depth + 1), min_items=1)
    return opt.Schema(fields, build=deck_model.Bullet)


def as_schema(option: opt.Option) -> opt.Schema | None:
    if isinstance(option, opt.Schema):
        return option
    if isinstance(option, deck_model.BulletOption):
        return bullet_schema(option)
    return None


def key_name(schema: opt.Schema, key: str, path: str) -> str:
    """The key's identity: the model type declaring it (Module.title is one key for
    steps, activities and pages), or its path where the schema builds no type."""
    target = schema.target
    if isinstance(target, type):
        for cls in target.__mro__:
            if key in getattr(cls, "__annotations__", {}):
                return f"{cls.__name__}.{key}"
        return f"{target.__name__}.{key}"
    return f"{path}.{key}"


#: The files each schema reads, by path relative to the project.
def roots() -> list[tuple[str, opt.Schema, Callable[[str], bool]]]:
    found: list[tuple[str, opt.Schema, Callable[[str], bool]]] = [
        (kind.name, kind.schema(), lambda rel, f=kind.folder: rel.startswith(f"content/{f}/")
         and rel.endswith(".md")) for kind in KINDS]
    found += [
        ("home", HOME.schema(), lambda rel: rel == "content/index.md"),
        ("template", template_model.SCHEMA, lambda rel: rel.startswith("content/templates/")),
        ("deck", deck_model.DECK, lambda rel: rel.startswith("slides/")),
        ("plan", plan_model.SCHEMA, lambda rel: rel == PLAN),
        ("bank", bank_model.SCHEMA, lambda rel: rel == BANK),
        ("sources", sources_model.SOURCES, lambda rel: rel == SOURCES),
        ("district", district_model.SCHEMA, lambda rel: rel.startswith("district")),
    ]
    return found


def schema_keys() -> dict[str, opt.Option]:
    """Every key of every schema, by identity (walked, never listed by hand)."""
    keys: dict[str, opt.Option] = {}

    def walk(schema: opt.Schema, path: str, depth: int) -> None:
        for key, option in schema.fields.items():
            name = key_name(schema, key, path)
            if name in keys and depth > 1:
                continue
            keys[name] = option
            inner = option.item if isinstance(option, opt.ListOf) else option
            nested = as_schema(inner)
            if nested is not None:
                walk(nested, f"{path}.{key}", depth + 1)

    for name, schema, _ in roots():
        walk(schema, name, 0)
    return keys


@dataclass(frozen=True)
class Place:
    """A mapping in a file where a key of a schema is (or could be) written."""

    rel: str
    path: tuple[Any, ...]  # from the file's top to the mapping
    key: str
    name: str  # the key's identity (key_name)
    option: opt.Option


def places(state: State) -> list[Place]:
    """Every place of every key in ``state`` (remembered for the last state asked about)."""
    if _PLACES and _PLACES[0] is state:
        return _PLACES[1]
    found = [place for root, schema, selects in roots() for rel, doc in state.items() if selects(rel)
             for place in _places(rel, schema, doc.data, (), root)]
    _PLACES[:] = [state, found]
    return found


_PLACES: list[Any] = []


def _places(rel: str, schema: opt.Schema, data: Any, path: tuple[Any, ...], where: str) -> Iterator[Place]:
    if not isinstance(data, dict):
        return
    for key, option in schema.fields.items():
        yield Place(rel, path, key, key_name(schema, key, where), option)
        if key not in data:
            continue
        value = data[key]
        inner = option.item if isinstance(option, opt.ListOf) else option
        nested = as_schema(inner)
        if nested is None:
            continue
        items = enumerate(value) if isinstance(option, opt.ListOf) and isinstance(value, list) else [
            (None, value)]
        for index, item in items:
            sub = (*path, key) if index is None else (*path, key, index)
            yield from _places(rel, nested, item, sub, f"{where}.{key}")


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


# -- changes ---------------------------------------------------------------------------


@dataclass
class Change:
    """One key given another value, in a way the toolkit accepts."""

    name: str  # the key's identity
    what: str  # for messages
    apply: Callable[[State], None]
    touches: frozenset[Any]  # files (and plan items) it edits


def values_of(state: State, name: str) -> list[tuple[str, Any]]:
    """Each file's values of key ``name``, as (file, value)."""
    found = []
    for place in places(state):
        if place.name == name:
            data = at(state[place.rel].data, place.path)
            if place.key in data:
                found.append((place.rel, data[place.key]))
    return found


def elsewhere(values: list[tuple[str, Any]], first: str) -> list[Any]:
    """The distinct values, those of the file ``first`` first."""
    seen: list[Any] = []
    for _, value in sorted(values, key=lambda item: item[0] != first):
        if value not in seen:
            seen.append(value)
    return seen


def candidates(option: opt.Option, current: Any, elsewhere: list[Any]) -> Iterator[Any]:
    """Other values for a key, most likely accepted first; :data:`DELETE` (removing an
    optional key: its default) second."""
    values = _candidates(option, current, elsewhere)
    first = next(values, None)
    if first is not None and first is not DELETE:
        yield first
    if current is not None and not option.required and current != option.get_default():
        yield DELETE  # (removing a key written as its default changes nothing)
    yield from (value for value in values if value is not DELETE)


#: A reference to an entry of a list in another file, such as ``set-id/entry-id``.
REFERENCE = r"[a-z0-9-]+/[a-z0-9-]+"


def _candidates(option: opt.Option, current: Any, elsewhere: list[Any]) -> Iterator[Any]:
    others = [v for v in elsewhere if v != current]
    if isinstance(option, opt.Choice):
        yield from (c for c in option.choices if c != current)
    elif isinstance(option, opt.Slug):
        if isinstance(current, str):
            yield f"{current}-edited"
            # The nearest other id first: a copy of what it names is likeliest to fit.
            others.sort(key=lambda v: -len(os.path.commonprefix([current, str(v)])))
        yield from others
    elif isinstance(option, opt.Color):
        yield from (c for c in ("#1f4e79", "#5a2d0c", "#0b5d3b") if c != current)
    elif isinstance(option, opt.TimeOfDay):
        yield from (t for t in ("09:45", "1:15 PM") if t != current)
    elif isinstance(option, opt.Date):
        day = current if isinstance(current, dt.date) else dt.date(2026, 10, 1)
        yield day + dt.timedelta(days=1)
    elif isinstance(option, opt.Integer):
        base = current if isinstance(current, int) else (option.get_default() or option.minimum or 1)
        for step in (1, -1, 2, -2):
            value = base + step
            if (option.minimum is None or value >= option.minimum) and (
                    option.maximum is None or value <= option.maximum):
                yield value
    elif isinstance(option, opt.Boolean):
        yield not current
    elif isinstance(option, opt.FilePath):
        yield from ("other-logo.png", *others)
    elif isinstance(option, opt.ListOf):
        yield from _list_candidates(option, current, others)
    elif isinstance(option, opt.Text):
        limit = option.max_length or 10**6
        if isinstance(current, str) and re.fullmatch(REFERENCE, current):
            yield current.rsplit("/", 1)[0]  # a reference to an entry: its set instead
        if isinstance(current, str):
            yield (current[: limit - 7] + " edited") if current.strip() else "Edited"
            bumped = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), current)
            if bumped != current:
                yield bumped
        else:
            yield "Edited"
        yield from others
        yield from ("fr", "2027-2028")
    else:
        yield from others


def _list_candidates(option: opt.ListOf, current: Any, others: list[Any]) -> Iterator[Any]:
    items = list(current) if isinstance(current, list) else []
    for i in range(len(items) - 1):  # two entries swapped: the same entries, another order
        if items[i] != items[i + 1]:
            yield [*items[:i], items[i + 1], items[i], *items[i + 2:]]
    if len(items) > max(option.min_items, 1):
        yield items[:-1]
    if items:
        yield [*items, copy.deepcopy(items[-1])]
    if as_schema(option.item) is None:
        for value in candidates(option.item, None, [v for o in others for v in o]):
            if value is not DELETE:
                yield [*items, value]
    yield from others


#: Files whose list entries are inputs of different outputs, with the lists (``*``: any
#: entry of the list before): each plan item is its own document; each example set of
#: the bank, each of its entries and each source is read by what names it.
LISTED: dict[str, tuple[tuple[str, ...], ...]] = {
    PLAN: (("initiatives",), ("strategies",)),
    BANK: (("sets",), ("sets", "*", "process_benchmarks"), ("sets", "*", "early_evidence_benchmarks"),
           ("sets", "*", "resources")),
    SOURCES: (("sources",),),
}


def _fits(path: tuple[Any, ...], pattern: tuple[str, ...]) -> bool:
    return len(path) == len(pattern) and all(p == "*" or p == step for p, step in zip(
        pattern, path, strict=True))


def node_of(place: Place) -> Any:
    """What a change at ``place`` edits: its file, or in a :data:`LISTED` file the
    innermost entry it is in (``(file, ..., "top")`` outside them; ``(file, ...,
    list, "*")`` for a change of the list itself, which may reorder every entry)."""
    patterns = LISTED.get(place.rel)
    if patterns is None:
        return place.rel
    full = (*place.path, place.key)
    found: tuple[Any, ...] = (place.rel, "top")
    for pattern in patterns:
        size = len(pattern)
        if len(full) > size and _fits(full[:size], pattern) and isinstance(full[size], int):
            node = (place.rel, *full[:size + 1])
        elif _fits(full, pattern):
            node = (place.rel, *full, "*")
        else:
            continue
        if len(node) > len(found):
            found = node
    return found


def covers(touch: Any, node: Any) -> bool:
    """Does an edit of ``touch`` change ``node``? A file edits all of itself; an edit of
    a list (``*``) its entries, and the entry holding that list."""
    if touch == node:
        return True
    if isinstance(touch, str):
        return isinstance(node, tuple) and node[0] == touch
    if isinstance(node, tuple) and touch[-1] == "*":
        return node[:len(touch) - 1] == touch[:-1] or node == touch[:-2]
    return False


def overlap(edits: frozenset[Any], nodes: frozenset[Any]) -> bool:
    return any(covers(a, b) or covers(b, a) for a in edits for b in nodes)


def set_value(place: Place, value: Any) -> Callable[[State], None]:
    def apply(state: State) -> None:
        data = at(edit(state, place.rel), place.path)
        if value is DELETE:
            data.pop(place.key, None)
        else:
            data[place.key] = copy.deepcopy(value)
    return apply


def direct_changes(state: State, place: Place, elsewhere: list[Any]) -> Iterator[Change]:
    data = at(state[place.rel].data, place.path)
    current = data.get(place.key)
    if isinstance(current, str) and re.fullmatch(REFERENCE, current):  # other references alike
        elsewhere = [*elsewhere, *sorted({w for doc in state.values() for w in texts(doc.data)
                                          if re.fullmatch(REFERENCE, w)})]
    values = candidates(place.option, current, elsewhere)
    node = node_of(place)
    touched = frozenset({node})
    if isinstance(node, tuple) and node[-1] == "*":
        # Entries of a list read apart: one added or removed at the end leaves the others be.
        values = itertools.chain([[*current, copy.deepcopy(current[-1])], current[:-1]], values)
    for value in values:
        edits = touched
        if isinstance(node, tuple) and node[-1] == "*" and isinstance(value, list) and (
                value[:len(current)] == current or current[:len(value)] == value):
            edits = frozenset({(*node[:-1], min(len(value), len(current)))})
        shown = "removed" if value is DELETE else repr(value)[:60]
        yield Change(place.name, f"{place.rel} {'.'.join(map(str, (*place.path, place.key)))} "
                     f"-> {shown}", set_value(place, value), edits)


def paired_changes(state: State, place: Place) -> Iterator[Change]:
    """A number that must add up with its siblings' (minutes): one more here, one less
    in a sibling of the same list."""
    if not isinstance(place.option, opt.Integer) or not place.path or not isinstance(
            place.path[-1], int):
        return
    siblings = at(state[place.rel].data, place.path[:-1])
    for other in range(len(siblings)):
        if other == place.path[-1] or place.key not in siblings[other]:
            continue
        partner = Place(place.rel, (*place.path[:-1], other), place.key, place.name, place.option)
        mine = at(state[place.rel].data, place.path).get(place.key)
        theirs = siblings[other][place.key]
        if not isinstance(mine, int):
            continue
        first, second = set_value(place, mine + 1), set_value(partner, theirs - 1)

        def apply(s: State, first=first, second=second) -> None:  # type: ignore[no-untyped-def]
            first(s)
            second(s)

        yield Change(place.name, f"{place.rel} {place.key} +1 at {place.path}, -1 at {other}",
                     apply, frozenset({place.rel}))


def renamed(state: State, place: Place, *, everywhere: bool = False) -> Iterator[Change]:
    """A name others use (a segment the slides are in, a step a deck follows, an
    activity step a segment runs) renamed where it is defined and where it is used:
    in its own file, then also in the files naming that file, then everywhere."""
    old = at(state[place.rel].data, place.path).get(place.key)
    if isinstance(old, list):  # a list of names: its first renamed
        old = next((item for item in old if isinstance(item, str)), None)
    if not isinstance(old, str) or not old.strip():
        return
    new = f"{old}-renamed"
    token = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")

    def rename(value: Any) -> Any:
        if isinstance(value, str):
            return token.sub(new, value)
        if isinstance(value, list):
            return [rename(v) for v in value]
        if isinstance(value, dict):
            return {k: rename(v) for k, v in value.items()}
        return value

    stem = Path(place.rel).stem
    mine = state[place.rel]
    naming = {rel for rel, doc in state.items() if rel != PLAN and (  # files it names, or that name it
        _mentions(doc, stem) or _mentions(mine, Path(rel).stem))}
    mentioning = {rel for rel, doc in state.items() if rel != PLAN and _mentions(doc, old)}
    scopes = ([{place.rel} | mentioning] if everywhere else
              [{place.rel}, {place.rel} | (naming & mentioning)])
    for scope in [s for n, s in enumerate(scopes) if s not in scopes[:n]]:
        def apply(s: State, scope: set[str] = scope) -> None:
            for rel in scope:
                doc = s.pop(rel)
                path = Path(rel)
                target = path.with_name(new + path.suffix).as_posix() if path.stem == old else rel
                s[target] = Doc(rename(doc.data), None if doc.body is None else token.sub(new, doc.body))

        # In a file whose entries are read apart, the entries that name it.
        touched = {node_of(p) if p.rel in LISTED else p.rel for p in places(state)
                   if p.rel in scope and any(token.search(w) for w in _own_texts(
                       at(state[p.rel].data, p.path).get(p.key)))}
        touched |= {rel for rel in scope if rel not in LISTED}
        yield Change(place.name, f"{old} renamed {new} in {len(scope)} file(s)", apply,
                     frozenset(touched))


def handed_over(state: State, place: Place) -> Iterator[Change]:
    """A template's ``plan`` names the one template a plan item is printed on:
    changing it hands the item to another template (dropping the first one's
    table mapping, which only that item's keys fit)."""
    if place.name != "Template.plan":
        return
    item = at(state[place.rel].data, place.path).get(place.key)
    if item is None:
        return
    for rel, doc in state.items():
        if rel.startswith("content/templates/") and rel != place.rel and "plan" not in doc.data:
            def apply(s: State, rel: str = rel) -> None:
                old = edit(s, place.rel)
                old.pop("plan")
                for section in [*old.get("sections", []), {"fields": old.get("header", [])}]:
                    for f in section.get("fields", []):
                        f.pop("plan_key", None)
                    table = section.get("table") or {}
                    table.pop("plan_rows", None)
                    for column in table.get("columns", []):
                        column.pop("plan_key", None)
                edit(s, rel)["plan"] = item

            yield Change(place.name, f"'plan: {item}' moved from {place.rel} to {rel}", apply,
                         frozenset({place.rel, rel, (PLAN, "top")}))
            return


def dropped_with_alike(state: State, place: Place) -> Iterator[Change]:
    """An optional key that others in its file agree with (``copies: initiative`` and
    each ``fill: initiative`` it prints on) removed together with them."""
    value = at(state[place.rel].data, place.path).get(place.key)
    if place.option.required or not isinstance(value, str):
        return
    alike = [p for p in places(state) if p.rel == place.rel and not p.option.required
             and at(state[p.rel].data, p.path).get(p.key) == value]

    def drop(s: State) -> None:
        data = edit(s, place.rel)
        for p in alike:
            at(data, p.path).pop(p.key, None)

    yield Change(place.name, f"{place.rel}: {len(alike)} optional keys with the value {value!r} "
                 "removed", drop, frozenset({node_of(place)}))


def nested(state: State, place: Place, elsewhere_of: Callable[[str], list[Any]]) -> Iterator[Change]:
    """A mapping's value changed through one of its own keys (a credit whose sources
    cannot simply go: its note changed instead)."""
    inner = as_schema(place.option)
    data = at(state[place.rel].data, place.path)
    if inner is None or not isinstance(data.get(place.key), dict):
        return
    for key, option in inner.fields.items():
        sub = Place(place.rel, (*place.path, place.key), key, key_name(inner, key, place.name), option)
        for change in direct_changes(state, sub, elsewhere_of(sub.name)):
            change.name = place.name
            yield change


def slides_follow(state: State, place: Place) -> Iterator[Change]:
    """A segment's minutes in a step a deck follows: one minute moved from another
    segment, and in each deck one minute moved between slides of the same two
    segments, so the deck still covers the run of show."""
    if place.name != "Segment.minutes" or not place.path or not isinstance(place.path[-1], int):
        return
    step = state[place.rel].data
    segments = at(step, place.path[:-1])
    mine = segments[place.path[-1]]
    decks = [rel for rel, doc in state.items()
             if rel.startswith("slides/") and doc.data.get("step") == step.get("id")]
    for other in segments:
        if other is mine or other.get("minutes", 0) < 2:
            continue

        def apply(s: State, other_id: str = other["id"]) -> None:
            for segment in at(edit(s, place.rel), place.path[:-1]):
                segment["minutes"] += {mine["id"]: 1, other_id: -1}.get(segment["id"], 0)
            for rel in decks:
                slides = edit(s, rel)["slides"]
                gain = next(sl for sl in slides if sl.get("segment") == mine["id"])
                lose = next(sl for sl in slides if sl.get("segment") == other_id and sl["minutes"] > 1)
                gain["minutes"] += 1
                lose["minutes"] -= 1

        if all(any(sl.get("segment") == other["id"] and sl.get("minutes", 0) > 1
                   for sl in state[rel].data["slides"]) for rel in decks):
            yield Change(place.name, f"{place.rel}: a minute moved to segment {mine['id']} from "
                         f"{other['id']}, and in {len(decks)} deck(s)", apply,
                         frozenset({place.rel, *decks}))
            return


TRIES = 60  # per key
PER_PLACE = 3  # tries at one place, per way of changing


def ways(state: State, place: Place) -> list[str]:
    """The ways of changing the key at ``place``, most likely accepted first: the ways
    made for one key first; a number in a list entry moved from a sibling (minutes add
    up); an id other files name, or its file is named after, renamed everywhere."""
    order = ["handed_over", "slides_follow"]
    if isinstance(place.option, opt.Integer) and place.path and isinstance(place.path[-1], int):
        order.append("paired")
    value = at(state[place.rel].data, place.path).get(place.key)
    if isinstance(place.option, opt.Slug) and place.key == "id" and isinstance(value, str) and (
            Path(place.rel).stem == value or sum(_mentions(doc, value) for doc in state.values()) > 1):
        order.append("renamed")  # an id its file is named after, or that others name
    return [*order, *(w for w in ("direct", "paired", "renamed", "dropped_with_alike", "nested")
                      if w not in order)]


#: The way tried only once every other way failed at every place: it edits many files.
LAST_RESORT = "renamed_everywhere"


def _mentions(doc: Doc, token: str) -> bool:
    pattern = re.compile(rf"(?<![\w-]){re.escape(token)}(?![\w-])")
    return any(pattern.search(text) for text in texts((doc.data, doc.body)))


def changes_for(name: str, state: State, scratch: Path, prefer: Callable[[Place], Any],
                check: Callable[[State, Path], list[str]] | None = None) -> Change:
    """The first change of key ``name`` the toolkit accepts (``check`` finds nothing to
    refuse), at the place ``prefer`` ranks first."""
    check = check or problems_of
    spots = sorted((p for p in places(state) if p.name == name), key=prefer)
    values = values_of(state, name)
    makers = {"direct": lambda p: direct_changes(state, p, elsewhere(values, p.rel)),
              "paired": lambda p: paired_changes(state, p),
              "slides_follow": lambda p: slides_follow(state, p),
              "renamed": lambda p: renamed(state, p),
              "renamed_everywhere": lambda p: renamed(state, p, everywhere=True),
              "handed_over": lambda p: handed_over(state, p),
              "dropped_with_alike": lambda p: dropped_with_alike(state, p),
              "nested": lambda p: nested(state, p, lambda n: elsewhere(values_of(state, n), p.rel))}
    tried: list[str] = []
    failed: set[tuple[Any, ...]] = set()
    for place, last in [(p, False) for p in spots] + [(p, True) for p in spots]:
        # Where every try failed, the same kind of place in a copy of the file, or
        # another entry of the same list, would fail alike: not tried again.
        shape = (re.sub(r"-copy-\d+", "", place.rel),
                 tuple("*" if isinstance(step, int) else step for step in place.path),
                 place.key in at(state[place.rel].data, place.path))
        if (shape, last) in failed:
            continue
        for way in [LAST_RESORT] if last else ways(state, place):
            for change in itertools.islice(makers[way](place), PER_PLACE):
                if not check(changed(state, change), scratch):
                    return change
                tried.append(change.what)
                if len(tried) >= TRIES:
                    raise AssertionError(f"no accepted change found for the key {name}; "
                                         f"tried: {tried[:8]}")
        failed.add((shape, last))
    raise AssertionError(f"no accepted change found for the key {name}; tried: {tried[:8]}")


# -- rounds of changes that cannot hide each other ---------------------------------------


#: What the rounds after the first build: the parts whose outputs are cached per item.
ONLY = ("slides", "templates")


def output_paths(state: State, scratch: Path, only: tuple[str, ...] | None = ONLY
                 ) -> dict[str, frozenset[Any]]:
    """Each cached output of ``state`` (as the toolkit lists them), by where it lands in
    the site, with what it is made from: a deck, its outline and its step; a
    template's files, the template; a plan document, its item, the plan's own values
    and the template it is printed on; each also the bank's sets and the sources the
    files it reads name."""
    from toolkit.pipeline.artifacts import list_outputs
    from toolkit.pipeline.inputs import BuildInputs

    write_state(state, scratch)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(source, "parse_yaml", _parse_once)
        content = load_content(scratch)
        plan = plan_model.read_plan(scratch / PLAN)
    named = _names(state)
    found: dict[str, frozenset[Any]] = {}
    for output in list_outputs(BuildInputs(content, None, plan), list(only) if only else None):
        if output.renderer == "plan":  # the workbook, calendars, printed report: the whole plan
            files = {PLAN}
        elif output.renderer == "slides":
            deck = f"slides/{output.item[0]}.yml"
            files = {deck, f"content/steps/{state[deck].data.get('step')}.md"}
        elif output.item[0] == "template":
            files = {f"content/templates/{output.item[1]}.yml"}
        else:
            _, kind, slug, _ = output.item
            items = "initiatives" if kind == "initiative" else "strategies"
            files = {next(rel for rel, doc in state.items() if rel.startswith("content/templates/")
                          and doc.data.get("plan") == kind)}
            files |= {(PLAN, "top"), (PLAN, items, int(slug.split("-")[0]) - 1)}
        found[output.path] = frozenset(files.union(*(named.get(f, set()) for f in files)))
    return found


def _names(state: State) -> dict[Any, set[Any]]:
    """The entries of the bank and of the sources each file names (by id): a name
    ``set/entry`` is that entry of that set, and the set; a set's name, all of it."""
    entries: dict[tuple[Any, ...], str] = {}
    for rel in LISTED:
        if rel == PLAN or rel not in state:
            continue
        for place in places(state):
            if place.rel == rel and place.key == "id" and node_of(place)[-1] != "top":
                value = at(state[rel].data, place.path).get("id")
                if isinstance(value, str):
                    entries[node_of(place)] = value
    paths: dict[str, tuple[Any, ...]] = {}
    for node, entry_id in entries.items():
        parent = next((n for n in entries if n == node[:-2]), None)
        paths[f"{entries[parent]}/{entry_id}" if parent else entry_id] = node
    found: dict[Any, set[Any]] = {}
    for rel, doc in state.items():
        for word in set(texts((doc.data, doc.body))):
            node = paths.get(word)
            if node is not None:
                whole = (*node, "*") if len(node) == 3 else node  # a whole set, or one entry
                found.setdefault(rel, set()).update({whole, node[:3]})
    return found


def _own_texts(value: Any) -> list[str]:
    """A key's text: its value, or the texts of its list (not what mappings in it hold)."""
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def output_inputs(state: State, scratch: Path) -> list[frozenset[Any]]:
    return list(output_paths(state, scratch).values())


def rendered(before: Path, after: Path) -> int:
    """How many outputs the build into ``after`` rendered, rather than took from the
    cache it started with (a copy of ``before``'s): its new cache entries."""
    def entries(out: Path) -> set[str]:
        return {p.name for p in (out / ".cache" / "outputs").glob("*/*")}

    return len(entries(after) - entries(before))


def hidden_by(change: Change, others: list[Change], outputs: list[frozenset[Any]]) -> bool:
    """Would ``change`` share an edited file, or an output, with one of ``others``?"""
    mine = change.touches
    for other in others:
        theirs = other.touches
        if overlap(mine, theirs) or any(overlap(mine, made) and overlap(theirs, made)
                                        for made in outputs):
            return True
    return False


def pack(changes: list[Change], state: State, scratch: Path) -> list[list[Change]]:
    """Changes in as few rounds as possible, each round valid as a whole.

    Changes go to the first round where they hide nothing; a round the toolkit
    refuses as a whole (two changes that are fine alone but not together) is
    rebuilt one change at a time, checking each.
    """
    outputs = output_inputs(state, scratch)
    rounds: list[list[Change]] = []
    # Those that clash with the most others first: each then starts a round the rest can join.
    clashes = {id(c): sum(hidden_by(c, [o], outputs) for o in changes if o is not c) for c in changes}
    for change in sorted(changes, key=lambda c: -clashes[id(c)]):
        batch = next((b for b in rounds if not hidden_by(change, b, outputs)), None)
        if batch is None:
            rounds.append([change])
        else:
            batch.append(change)
    checked: list[list[Change]] = []
    for batch in rounds:
        if not problems_of(changed(state, *batch), scratch):
            checked.append(batch)
            continue
        for change in batch:
            home = next((b for b in checked if not hidden_by(change, b, outputs)
                         and not problems_of(changed(state, *b, change), scratch)), None)
            if home is None:
                checked.append([change])
            else:
                home.append(change)
    return checked


# -- builds -------------------------------------------------------------------------------


def build(project: Path, out: Path, *args: str, env: dict[str, str] | None = None) -> None:
    done = run_toolkit("build", "--project", str(project), "--out", str(out), *args, cwd=project,
                       env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr


def files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same(incremental: Path, clean: Path, changes: list[Change], *, only_clean: bool = False) -> None:
    """The incremental build's files are the clean build's (all of them, or those the
    clean build made, for a build of some parts into an existing site)."""
    made, fresh = files(incremental), files(clean)
    if only_clean:
        made = {path: digest for path, digest in made.items() if path in fresh}
    stale = sorted(path for path in made.keys() | fresh.keys() if made.get(path) != fresh.get(path))
    assert not stale, (f"an incremental build differs from a clean one in {stale[:10]} after: "
                       + "; ".join(c.what for c in changes))


def choose_changes(names: list[str], state: State, scratch: Path,
                   reaches: Callable[[Place], bool]) -> list[Change]:
    """A change for every key, spread over the files whose outputs are cached: each at
    the place whose outputs the changes chosen so far touch least."""
    outputs = output_inputs(state, scratch)
    chosen: list[Change] = []

    def load(place: Place) -> int:
        mine = frozenset({node_of(place)})
        near = frozenset({n for made in outputs if overlap(mine, made) for n in made}) | mine
        return sum(1 for change in chosen if overlap(change.touches, near))

    for name in names:
        chosen.append(changes_for(name, state, scratch, lambda p: (
            load(p) >= CROWDED, p.key not in at(state[p.rel].data, p.path), not reaches(p),
            load(p), p.rel)))
    return chosen


#: Changes whose outputs already carry this many are made where no cached output reads
#: them (a page), if there is such a place: every change to one output is another round.
CROWDED = 2


def district_root_keys() -> set[str]:
    state = {"district.yml": Doc(make_district())}
    return {p.name for p in places(state)}


def test_where_a_value_was_written_is_marked_as_such_in_the_model() -> None:
    """Every field of the model saying where a value was written (a Location, the line
    of each key) is marked with written_at: only those are left out of cache keys."""
    import dataclasses
    import importlib
    import pkgutil

    import toolkit.model

    modules = [importlib.import_module(f"toolkit.model.{m.name}")
               for m in pkgutil.iter_modules(toolkit.model.__path__)]
    modules += [district_model, plan_model]
    unmarked = sorted(
        f"{cls.__module__}.{cls.__qualname__}.{f.name}"
        for module in modules for cls in vars(module).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
        for f in dataclasses.fields(cls)
        if "Location" in str(f.type) and not is_written_at(f))
    assert unmarked == []


def test_every_key_of_content_outlines_templates_and_plan_reaches_the_cache(tmp_path: Path) -> None:
    state = project_state()
    project, scratch = tmp_path / "project", tmp_path / "scratch"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    write_state(state, project)
    assert not problems_of(state, scratch)

    outputs = output_inputs(state, scratch)
    cached = frozenset(t for made in outputs for t in made)
    names = sorted(set(schema_keys()) - district_root_keys())
    changes = choose_changes(names, state, scratch,
                             lambda place: overlap(frozenset({node_of(place)}), cached))
    assert sorted({c.name for c in changes}) == names  # every key, none left out

    # Changes no cached output reads (activities, guide pages...) go into one build of
    # everything, with one change to the plan for its workbook, calendars and report;
    # the rest into rounds that build the parts cached per item (decks, templates, plan
    # documents), as few as can be; a last round changes only the report's date.
    pages = [c for c in changes if not any(overlap(c.touches, made) for made in outputs)]
    rounds = pack([c for c in changes if c not in pages], state, scratch)
    in_plan = next(c for c in changes if any(isinstance(t, tuple) and t[0] == PLAN and t[1] != "top"
                                             for t in c.touches))
    full = [*pages, in_plan] if not problems_of(changed(state, *pages, in_plan), scratch) else pages
    runs = [(full, ("--as-of", BASE_AS_OF)), *((batch, ("--only", ONLY[0], "--only", ONLY[1]))
                                               for batch in rounds), ([], ("--as-of", OTHER_AS_OF))]

    base = tmp_path / "base"
    build(project, base, "--plan", PLAN, "--as-of", BASE_AS_OF)
    made_from = {True: output_paths(state, scratch), False: output_paths(state, scratch, None)}
    builds = 0
    while runs:
        batch, options = runs.pop(0)
        some = "--only" in options
        trial = changed(state, *batch)
        write_state(trial, project)
        out, clean = tmp_path / f"round-{builds}", tmp_path / f"clean-{builds}"
        shutil.copytree(base, out, symlinks=True)
        build(project, out, "--plan", PLAN, *options)
        builds += 1
        # A round is sound only if nothing its changes do not touch was rendered again:
        # keys broader than the outputs' inputs could let one change hide another's.
        touched = frozenset().union(*(c.touches for c in batch))
        expected = {path for path, inputs in made_from[some].items() if overlap(touched, inputs)}
        expected |= output_paths(trial, scratch, ONLY if some else None).keys() - made_from[some].keys()
        if len(batch) > 1 and rendered(base, out) > len(expected):
            runs[:0] = [([change], options) for change in batch]  # one change at a time
        else:
            build(project, clean, "--plan", PLAN, *options, "--clean")
            assert_same(out / "site", clean / "site", batch, only_clean=some)
            shutil.rmtree(clean)
        shutil.rmtree(out)
    assert len(rounds) <= 16, [len(r) for r in rounds]  # else the test grows slow: spread changes


# -- the district file, its logo and the build date ---------------------------------------

DISTRICT = "district.yml"
OTHER_LOGO = png(48, 64, (90, 45, 12))


def with_logos(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "seal.png").write_bytes(LOGO_PNG)
    (folder / "other-logo.png").write_bytes(OTHER_LOGO)
    return folder


def district_problems(state: State, scratch: Path) -> list[str]:
    write_state(state, with_logos(scratch))
    try:
        district_model.load_district(scratch / DISTRICT)
    except ToolkitError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_every_key_of_the_district_file_its_logo_and_the_build_date_reach_the_cache(
        tmp_path: Path) -> None:
    """Through a batch of districts (one per changed key, each with its own decks) and,
    for a key that changes no deck, a build of the decks and templates of one district."""
    state = {DISTRICT: Doc(make_district())}
    names = sorted(district_root_keys())
    changes = [changes_for(name, state, tmp_path / "scratch", lambda p: p.rel, district_problems)
               for name in names]
    assert sorted({c.name for c in changes}) == names

    folder = with_logos(tmp_path / "districts")
    stems = {"base": state, **{f"key-{n}": changed(state, c) for n, c in enumerate(changes)}}
    for stem in stems:
        (folder / f"{stem}.yml").write_text(state[DISTRICT].text(), encoding="utf-8")
    # The logo's bytes: a district whose logo file changes while its text does not.
    (folder / "logo-bytes.png").write_bytes(LOGO_PNG)
    (folder / "logo-bytes.yml").write_text(
        state[DISTRICT].text().replace("seal.png", "logo-bytes.png"), encoding="utf-8")
    out, clean = tmp_path / "batch", tmp_path / "batch-clean"
    batch = ("--only", "slides", "--district", str(folder))
    build(ROOT, out, *batch)
    for stem, changed_state in stems.items():
        (folder / f"{stem}.yml").write_text(changed_state[DISTRICT].text(), encoding="utf-8")
    (folder / "logo-bytes.png").write_bytes(OTHER_LOGO)
    build(ROOT, out, *batch)
    build(ROOT, clean, *batch, "--clean")
    assert_same(out / "districts", clean / "districts", changes)
    decks = files(out / "districts")

    def decks_of(stem: str) -> set[str]:
        return {digest for path, digest in decks.items() if path.startswith(f"{stem}/")}

    assert decks_of("logo-bytes") != decks_of("base")
    quiet = [c for n, c in enumerate(changes) if decks_of(f"key-{n}") == decks_of("base")]

    # One district's decks and templates, for each key no deck shows, and for
    # another SOURCE_DATE_EPOCH.
    single = with_logos(tmp_path / "single")
    district_file = single / DISTRICT
    district_file.write_text(state[DISTRICT].text(), encoding="utf-8")
    parts = ("--only", "slides", "--only", "templates", "--district", str(district_file))
    base = tmp_path / "single-base"
    build(ROOT, base, *parts)
    rounds: list[tuple[Change | None, dict[str, str]]] = [(c, {}) for c in quiet]
    rounds.append((None, {"SOURCE_DATE_EPOCH": OTHER_EPOCH}))
    for number, (change, env) in enumerate(rounds):
        trial = changed(state, change) if change else state
        district_file.write_text(trial[DISTRICT].text(), encoding="utf-8")
        out, clean = tmp_path / f"single-{number}", tmp_path / f"single-clean-{number}"
        shutil.copytree(base, out, symlinks=True)
        build(ROOT, out, *parts, env=env)
        build(ROOT, clean, *parts, "--clean", env=env)
        assert_same(out / "site", clean / "site", [change] if change else [], only_clean=True)
        if not change:
            assert files(out / "site") != files(base / "site")  # the dates in the files moved
