"""Writing Markdown that carries text from outside safely.

Pages are Markdown made by Jinja2 templates. Text a district gives us (its
name, the session's initiatives) must show exactly as typed: never as HTML,
never as Markdown emphasis or links. The environment here escapes *every*
value it prints unless the value is :class:`markupsafe.Markup` (content we
wrote ourselves, passed through ``|safe``), so forgetting a filter fails safe.
"""

from __future__ import annotations

import html
import posixpath
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from toolkit.pipeline import compiled

# Python-Markdown with pymdownx.escapeall lets a backslash escape any ASCII
# punctuation; HTML-significant characters become entities instead.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|~^=:$%@")


def md_text(value: object) -> str:
    """Escape plain text so Markdown renders it literally, on one line."""
    out: list[str] = []
    for char in " ".join(str(value).split()):
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _MD_SPECIAL:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def html_text(value: object) -> str:
    """Escape plain text for HTML element content and attribute values."""
    return html.escape(str(value), quote=True)


def relative_link(from_uri: str, to_uri: str) -> str:
    """A link from one docs-relative page to another, as mkdocs resolves it."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def _finalize(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return md_text(value)


@cache
def make_html_environment() -> jinja2.Environment:
    """For HTML fragments a page embeds (the online form): autoescape on, so
    content and district text in element content and attributes stay text.

    One per process: its compiled templates then serve every build of a
    ``toolkit serve`` session (Jinja reloads a template whose file changed)."""
    return compiled.keep_compiled(jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    ))


@cache
def make_environment() -> jinja2.Environment:
    """The pages' environment, one per process like :func:`make_html_environment`."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = lambda v: Markup(md_text(v))
    env.filters["attr"] = lambda v: Markup(html_text(v))
    env.filters["content"] = lambda v: Markup(str(v or ""))
    return compiled.keep_compiled(env)
