"""Read YAML and Markdown front matter while keeping line numbers.

PyYAML's plain loaders forget where each value came from. Every message we
print has to name a line, so mappings load as :class:`Node` dicts and
sequences as :class:`NodeList` lists that remember the line of each key and
item. Everything else about them is an ordinary ``dict`` or ``list``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from toolkit.errors import Location, ToolkitError, display_path

try:  # The C parser is several times faster; the constructor stays in Python.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class Node(dict):
    """A mapping that knows its source location and the line of each value."""

    location: Location
    key_lines: dict[Any, int]
    value_lines: dict[Any, int]

    def at(self, key: Any) -> Location:
        """Location of the value under ``key``, or of the mapping if absent."""
        line = self.value_lines.get(key) if hasattr(self, "value_lines") else None
        if line is None:
            return self.location
        return Location(self.location.path, line)

    def key_at(self, key: Any) -> Location:
        line = self.key_lines.get(key) if hasattr(self, "key_lines") else None
        if line is None:
            return self.location
        return Location(self.location.path, line)


class NodeList(list):
    """A sequence that knows its source location and the line of each item."""

    location: Location
    item_lines: list[int]

    def at(self, index: int) -> Location:
        try:
            return Location(self.location.path, self.item_lines[index])
        except (AttributeError, IndexError):
            return self.location


def location_of(value: Any, fallback: Location) -> Location:
    return getattr(value, "location", fallback)


#: The most values a file may hold once its aliases are expanded: far more than any
#: content, district or plan file, far fewer than an alias bomb's billions.
MAX_VALUES = 100_000
#: The deepest a file's lists and mappings may nest (content needs about eight).
MAX_DEPTH = 64


def _check_size(node: yaml.Node, line: Any, path: str) -> None:
    """Refuse a document that nests too deep, or whose aliases (``&a`` ... ``*a``)
    expand into more than :data:`MAX_VALUES` values, before anything is built from it.

    Each node is measured once (an alias is the node it names, not a copy), so a
    570-byte alias bomb is measured in microseconds, not expanded in minutes.
    """
    measured: dict[int, tuple[int, int]] = {}  # node -> (values, depth) once expanded
    busy: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, done = stack.pop()
        key = id(current)
        if done:
            busy.discard(key)
            parts = [measured[id(child)] for child in _children(current)]
            values = 1 + sum(v for v, _ in parts)
            depth = 1 + max((d for _, d in parts), default=0)
            measured[key] = (values, depth)
            if values > MAX_VALUES:
                raise ToolkitError.at(path, line(node.start_mark),
                                      f"this file holds more than {MAX_VALUES} values once its "
                                      "aliases (*name) are expanded: write what it means plainly")
            if depth > MAX_DEPTH:
                raise ToolkitError.at(path, line(current.start_mark),
                                      f"lists and mappings nest more than {MAX_DEPTH} levels deep here")
            continue
        if key in measured:
            continue
        busy.add(key)
        stack.append((current, True))
        for child in _children(current):
            if id(child) in busy:
                raise ToolkitError.at(path, line(child.start_mark), "an alias (*name) refers to "
                                      "the value it is part of, which would never end")
            if id(child) not in measured:
                stack.append((child, False))


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|(?:^|[ \t])#[^\n]*', re.M)
_BRACKET = re.compile(r"[\[\]{}]")
_INDENT = re.compile(r"^[ \t?:-]*", re.M)


def _nesting_bound(text: str) -> int:
    """At least as deep as lists and mappings nest in ``text``, found without parsing.

    libyaml composes nested values recursively in C: a file nested some ten
    thousand levels deep ends the process with no message at all. Nesting
    comes from indentation (and ``- - -`` on one line) or from brackets, so
    the longest run of indentation plus the deepest brackets outside quotes
    and comments bounds it; only a file above :data:`MAX_DEPTH` by this
    bound is measured exactly (:func:`_check_nesting`).
    """
    depth = deepest = 0
    for bracket in _BRACKET.findall(_QUOTED.sub("", text)):
        depth = depth + 1 if bracket in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    return deepest + max((len(m.group()) for m in _INDENT.finditer(text)), default=0)


def _check_nesting(text: str, path: str | os.PathLike[str], line_offset: int) -> None:
    """Measure the nesting of ``text`` from libyaml's events (made without recursion),
    before anything is composed from it; too deep is an error at its line."""
    too_deep = f"lists and mappings nest more than {MAX_DEPTH} levels deep here"
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ToolkitError.at(path, event.start_mark.line + 1 + line_offset, too_deep)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml 0.2.6 (PyYAML 6.0.4's wheels) has a bound of its own, a thousand levels, met
        # by its scanner, which reads ahead of the events: the file is deeper than ours too.
        if "nesting depth" not in (exc.problem or "") or exc.problem_mark is None:
            raise
        raise ToolkitError.at(path, exc.problem_mark.line + 1 + line_offset, too_deep) from None


def _depth(value: Any) -> int:
    """How deep lists and mappings nest in ``value`` (from json: no aliases), counted
    without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                items = current.values() if isinstance(current, dict) else current
                stack.extend((item, depth + 1) for item in items)
    return deepest


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _make_loader(path: str, line_offset: int, aliases: bool = True) -> type:
    def line(mark: yaml.Mark) -> int:
        return mark.line + 1 + line_offset

    class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
        def get_single_data(self) -> Any:
            node = self.get_single_node()
            if node is None:
                return None
            if aliases:  # without an anchor (&name) there is nothing to expand
                _check_size(node, line, path)
            return self.construct_document(node)

    def construct_mapping(loader: Any, node: yaml.MappingNode) -> Node:
        loader.flatten_mapping(node)
        result = Node()
        result.location = Location(path, line(node.start_mark))
        result.key_lines = {}
        result.value_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise ToolkitError.at(path, line(key_node.start_mark), "a key must be plain text") from None
            if key in result:
                raise ToolkitError.at(
                    path, line(key_node.start_mark), f"duplicate key '{key}'"
                )
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = line(key_node.start_mark)
            result.value_lines[key] = line(value_node.start_mark)
        return result

    def construct_sequence(loader: Any, node: yaml.SequenceNode) -> NodeList:
        result = NodeList(loader.construct_object(child, deep=True) for child in node.value)
        result.location = Location(path, line(node.start_mark))
        result.item_lines = [line(child.start_mark) for child in node.value]
        return result

    def construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
        # "2026-13-45" looks like a date to YAML but is none; keep the text so
        # the schema reports it at its line instead of PyYAML raising.
        try:
            return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
        except ValueError:
            return loader.construct_scalar(node)

    def construct_int(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
        except ValueError:  # more digits than Python turns into a number
            raise ToolkitError.at(path, line(node.start_mark),
                                  f"a number of {len(node.value)} characters is too long to be "
                                  "a number") from None

    Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


def parse_yaml(text: str, path: str | os.PathLike[str], line_offset: int = 0) -> Any:
    """Parse YAML text; syntax errors become :class:`ToolkitError` with a line."""
    shown = display_path(path)
    try:
        if _nesting_bound(text) > MAX_DEPTH:
            _check_nesting(text, path, line_offset)
        loader = _make_loader(shown, line_offset, aliases="&" in text)
        return yaml.load(text, Loader=loader)  # noqa: S506
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        lineno = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        message = exc.problem or exc.context or "invalid YAML"
        raise ToolkitError.at(path, lineno, f"invalid YAML: {message}") from None
    except yaml.YAMLError as exc:
        raise ToolkitError.at(path, 1 + line_offset, f"invalid YAML: {exc}") from None


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file, turning OS and encoding errors into problems."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ToolkitError.at(path, 0, "file not found") from None
    except IsADirectoryError:
        raise ToolkitError.at(path, 0, "expected a file, found a folder") from None
    except OSError as exc:
        raise ToolkitError.at(path, 0, f"cannot read file: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        lineno = data[: exc.start].count(b"\n") + 1
        raise ToolkitError.at(path, lineno, "file is not valid UTF-8 text") from None
    return text.replace("\r\n", "\n")


def load_yaml_file(path: str | os.PathLike[str]) -> Any:
    return parse_yaml(read_text(path), path)


def load_data_file(path: str | os.PathLike[str]) -> Any:
    """Load a YAML or JSON file.

    YAML 1.1 does not read every JSON detail as JSON does (``1e5`` is text to
    it, an emoji written ``\\ud83d\\ude00`` as Python's json writes it is an
    error), so the values of a ``.json`` file come from :mod:`json`, and
    their line numbers from a second, YAML-based pass over the same text
    (JSON is YAML, once its escaped surrogate pairs are written out).
    """
    text = read_text(path)
    if not str(path).lower().endswith(".json"):
        return parse_yaml(text, path)
    try:
        values = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ToolkitError.at(path, exc.lineno, f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise ToolkitError.at(path, 0, "invalid JSON: lists and objects nest too deeply") from None
    except ValueError as exc:  # a number longer than Python turns into one
        raise ToolkitError.at(path, 0, f"invalid JSON: {exc}") from None
    if _depth(values) > MAX_DEPTH:
        raise ToolkitError.at(path, 0, f"lists and objects nest more than {MAX_DEPTH} levels deep")
    try:
        lines = parse_yaml(_as_yaml(text), path)
    except ToolkitError:
        lines = None  # the values are what counts; lines are only for messages
    return _with_lines(values, lines, Location(display_path(path), 1))


_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.I)
_LONE_SURROGATE = re.compile(r"(?<!\\)((?:\\\\)*)\\u(d[89a-f][0-9a-f]{2})", re.I)


def _as_yaml(text: str) -> str:
    """JSON text YAML reads alike: escaped surrogate pairs written as their character,
    a lone one as U+FFFD (its value comes from json, which keeps it, for the checks)."""
    def pair(match: re.Match[str]) -> str:
        high, low = int(match.group(2), 16), int(match.group(3), 16)
        return match.group(1) + chr(0x10000 + (high - 0xD800) * 0x400 + (low - 0xDC00))

    text = _SURROGATE_PAIR.sub(pair, text)
    return _LONE_SURROGATE.sub(lambda m: m.group(1) + "\ufffd", text)


def _with_lines(value: Any, lines: Any, where: Location) -> Any:
    """``value`` (from json) as :class:`Node` and :class:`NodeList`, with the lines of
    ``lines`` (the same document read as YAML) where the two match."""
    if isinstance(value, dict):
        result = Node()
        known = lines if isinstance(lines, Node) else None
        result.location = known.location if known is not None else where
        result.key_lines = dict(known.key_lines) if known is not None else {}
        result.value_lines = dict(known.value_lines) if known is not None else {}
        for key, item in value.items():
            inner = known.get(key) if known is not None else None
            result[key] = _with_lines(item, inner, result.at(key))
        return result
    if isinstance(value, list):
        known = lines if isinstance(lines, NodeList) and len(lines) == len(value) else None
        result_list = NodeList(_with_lines(item, known[i] if known is not None else None,
                                           known.at(i) if known is not None else where)
                               for i, item in enumerate(value))
        result_list.location = known.location if known is not None else where
        result_list.item_lines = (list(known.item_lines) if known is not None
                                  else [where.line] * len(value))
        return result_list
    return value


@dataclass
class FrontMatterDocument:
    """A Markdown file split into its YAML front matter and its body."""

    meta: Any
    body: str
    body_line: int  # 1-based line where the body starts


def split_front_matter(text: str, path: str | os.PathLike[str]) -> FrontMatterDocument:
    """Split ``---`` fenced YAML front matter from a Markdown body."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ToolkitError.at(path, 1, "missing front matter: the file must start with '---'")
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            meta_text = "\n".join(lines[1:index])
            meta = parse_yaml(meta_text, path, line_offset=1)
            body = "\n".join(lines[index + 1 :])
            return FrontMatterDocument(meta=meta, body=body, body_line=index + 2)
    raise ToolkitError.at(path, 1, "front matter is not closed: add a line with '---' after it")
