"""JSON Schema (draft 2020-12) from the schemas declared in :mod:`options`.

A published file format needs a machine-readable description that editors
and other tools can use. Deriving it from the same :class:`~options.Option`
tree that validates the files means the two cannot drift apart. The JSON
Schema describes the *format* (keys, types, patterns); what a complete plan
must say is left to the checklist rules, which give better messages.
"""

from __future__ import annotations

import json
from typing import Any

from toolkit.config import options as opt

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(option: opt.Option) -> dict[str, Any]:
    """The JSON Schema of one option (recursively for mappings and lists)."""
    out: dict[str, Any] = {}
    if isinstance(option, opt.Schema):
        out["type"] = "object"
        out["properties"] = {key: json_schema(field) for key, field in option.fields.items()}
        required = [key for key, field in option.fields.items() if field.required]
        if required:
            out["required"] = required
        out["additionalProperties"] = False
    elif isinstance(option, opt.ListOf):
        out["type"] = "array"
        out["items"] = json_schema(option.item)
        if option.min_items:
            out["minItems"] = option.min_items
        if option.max_items is not None:
            out["maxItems"] = option.max_items
    elif isinstance(option, opt.Date):
        out.update(type="string", format="date", pattern=r"^\d{4}-\d{2}-\d{2}$")
    elif isinstance(option, opt.TimeOfDay):
        out.update(type="string", pattern=r"^\d{1,2}:\d{2}(\s*[AaPp][Mm])?$")
    elif isinstance(option, opt.Choice):
        out.update(type="string", enum=list(option.choices))
    elif isinstance(option, opt.Integer):
        out["type"] = "integer"
        if option.minimum is not None:
            out["minimum"] = option.minimum
        if option.maximum is not None:
            out["maximum"] = option.maximum
    elif isinstance(option, opt.Boolean):
        out["type"] = "boolean"
    elif isinstance(option, opt.Color):
        out.update(type="string", pattern=r"^#[0-9a-fA-F]{6}$")
    elif isinstance(option, opt.Text):
        out["type"] = "string"
        if option.max_length is not None:
            out["maxLength"] = option.max_length
        if option.pattern is not None:
            out["pattern"] = f"^{option.pattern.pattern}$"
    else:
        out["type"] = "string"
    if option.help:
        out = {"description": option.help, **out}
    return out


def document(option: opt.Option, *, schema_id: str, title: str, description: str) -> str:
    """A complete JSON Schema file for a top-level option, as stable text."""
    schema = {"$schema": DIALECT, "$id": schema_id, "title": title, "description": description,
              **json_schema(option)}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
