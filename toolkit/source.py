"""Read YAML and Markdown front matter while keeping line numbers.

PyYAML's plain loaders forget where each value came from. Every message we
print has to name a line, so mappings load as :class:`Node` dicts and
sequences as :class:`NodeList` lists that remember the line of each key and
item. Everything else about them is an ordinary ``dict`` or ``list``.
"""

from __future__ import annotations

import json
import os
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


def _make_loader(path: str, line_offset: int) -> type:
    class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
        pass

    def line(mark: yaml.Mark) -> int:
        return mark.line + 1 + line_offset

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

    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


def parse_yaml(text: str, path: str | os.PathLike[str], line_offset: int = 0) -> Any:
    """Parse YAML text; syntax errors become :class:`ToolkitError` with a line."""
    shown = display_path(path)
    try:
        return yaml.load(text, Loader=_make_loader(shown, line_offset))  # noqa: S506
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
        raise ToolkitError.at(path, 1, "file not found") from None
    except IsADirectoryError:
        raise ToolkitError.at(path, 1, "expected a file, found a folder") from None
    except OSError as exc:
        raise ToolkitError.at(path, 1, f"cannot read file: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        lineno = data[: exc.start].count(b"\n") + 1
        raise ToolkitError.at(path, lineno, "file is not valid UTF-8 text") from None
    return text.replace("\r\n", "\n")


def load_yaml_file(path: str | os.PathLike[str]) -> Any:
    return parse_yaml(read_text(path), path)


def load_data_file(path: str | os.PathLike[str]) -> Any:
    """Load a YAML or JSON file. JSON is parsed as YAML 1.1 flow syntax
    would not keep every JSON detail, so ``.json`` goes through :mod:`json`
    and gets its line numbers from a second, YAML-based pass (JSON is YAML)."""
    text = read_text(path)
    if str(path).lower().endswith(".json"):
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise ToolkitError.at(path, exc.lineno, f"invalid JSON: {exc.msg}") from None
    return parse_yaml(text, path)


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
