"""Schema options, declared as data in the manner of ``mkdocs.config``.

A schema is a tree of :class:`Option` objects. ``validate`` walks a value
loaded by :mod:`toolkit.source`, records every problem with its file and line
in a :class:`~toolkit.errors.Problems`, and returns the cleaned value (or
``None`` where it was wrong). :class:`Schema` can build a dataclass from a
mapping, which is how the typed content model and district model are made.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from toolkit.errors import KEY_LINES, START, WRITTEN_AT, Location, Problems
from toolkit.source import Node, NodeList

_MISSING = object()


#: How much of a value a message shows: a wrong value is named, never printed whole.
SHOWN = 60


def shown(value: Any, limit: int = SHOWN) -> str:
    """``value`` as a message quotes it: its repr, cut to ``limit`` characters."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long to print
        return "a number too long to write out"
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: Control characters but tab and line breaks, lone surrogates, and the two noncharacters.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def bad_character(text: str) -> str | None:
    """Why ``text`` cannot be printed on a page or a slide, if it cannot.

    Control characters (NUL, vertical tab...) are not allowed in XML, which
    every output is made of, C1 controls are what a wrongly converted file
    leaves, and a lone surrogate is no character at all; tabs and line breaks
    are fine.
    """
    found = _BAD_CHARACTER.search(text)
    if found is None:
        return None
    char = found.group()
    kind = "an unpaired surrogate" if "\ud800" <= char <= "\udfff" else "a control character"
    return (f"contains {kind} (U+{ord(char):04X}) at character {found.start() + 1}, which no "
            "page, slide or document can show: remove it")


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


class Option:
    """Base option. ``required`` options must be present; others default."""

    description = "a value"

    def __init__(self, *, required: bool = False, default: Any = None, help: str = "") -> None:
        self.required = required
        self.default = default
        self.help = help

    def validate(self, value: Any, where: Location, problems: Problems, ctx: Context) -> Any:
        raise NotImplementedError

    def get_default(self) -> Any:
        if callable(self.default):
            return self.default()
        return self.default


@dataclasses.dataclass
class Context:
    """What options need besides the value: the folder relative paths start in."""

    base_dir: Path = Path(".")


class Text(Option):
    """A string. Numbers and dates written where text is expected are errors,
    because YAML turns ``2026-2027`` into text but ``2026`` into a number and a
    silent conversion would hide a typo."""

    description = "text"

    def __init__(
        self,
        *,
        max_length: int | None = None,
        pattern: str | None = None,
        pattern_help: str = "",
        single_line: bool = False,
        allow_numbers: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.max_length = max_length
        self.pattern = re.compile(pattern) if pattern else None
        self.pattern_help = pattern_help
        self.single_line = single_line
        self.allow_numbers = allow_numbers

    def validate(self, value: Any, where: Location, problems: Problems, ctx: Context) -> Any:
        if self.allow_numbers and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            problems.error(where, f"expected text, found {_type_name(value)}")
            return None
        wrong = bad_character(value)
        if wrong:
            problems.error(where, wrong)
            return None
        value = value.strip() if self.single_line else value.strip("\n")
        if not value.strip():
            problems.error(where, "must not be empty")
            return None
        if self.single_line and "\n" in value:
            problems.error(where, "must be a single line")
            return None
        if self.max_length is not None and len(value) > self.max_length:
            problems.error(
                where, f"is {len(value)} characters long; at most {self.max_length} are allowed"
            )
            return None
        if self.pattern and not self.pattern.fullmatch(value):
            problems.error(where, f"{shown(value)} is not valid: {self.pattern_help}")
            return None
        return value


class Slug(Text):
    description = "an id"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            pattern=r"[a-z0-9]+(?:-[a-z0-9]+)*",
            pattern_help="use lowercase letters, digits and hyphens",
            single_line=True,
            **kwargs,
        )


class Integer(Option):
    description = "a whole number"

    def __init__(self, *, minimum: int | None = None, maximum: int | None = None, **kw: Any):
        super().__init__(**kw)
        self.minimum = minimum
        self.maximum = maximum

    def validate(self, value: Any, where: Location, problems: Problems, ctx: Context) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            problems.error(where, f"expected a whole number, found {_type_name(value)}")
            return None
        if self.minimum is not None and value < self.minimum:
            problems.error(where, f"must be at least {self.minimum}, found {shown(value)}")
            return None
        if self.maximum is not None and value > self.maximum:
            problems.error(where, f"must be at most {self.maximum}, found {shown(value)}")
            return None
        return value


class Boolean(Option):
    description = "true or false"

    def validate(self, value: Any, where: Location, problems: Problems, ctx: Context) -> Any:
        if not isinstance(value, bool):
            problems.error(where, f"expected true or false, found {_type_name(value)}")
            return None
        return value


class Date(Option):
    """A calendar date written as ``YYYY-MM-DD`` (quoted or not)."""

    description = "a date (YYYY-MM-DD)"

    def validate(self, value: Any, where: Location, problems: Problems, ctx: Context) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        problems.error(where, f"expected a date written as YYYY-MM-DD, found {shown(value)}")
        return None


class DateRange(Date):
    """A day, or days written ``YYYY-MM-DD to YYYY-MM-DD`` (a break), kept as ``(first, last)``."""

    description = "a date (YYYY-MM-DD) or a range of dates (YYYY-MM-DD to YYYY-MM-DD)"
    #: A range longer than this is a typo, not a school's break.
    LONGEST = dt.timedelta(days=120)

    def validate(self, value: Any, where: Location, problems: Problems, ctx: Context) -> Any:
        if isinstance(value, str) and " to " in value:
            first, _, last = (part.strip() for part in value.partition(" to "))
            try:
                days = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
            except ValueError:
                problems.error(where, f"expected dates written as YYYY-MM-DD to YYYY-MM-DD, "
                                      f"found {shown(value)}")
                return None
            if not days[0] <= days[1] <= days[0] + self.LONGEST:
                problems.error(where, f"{shown(value)} is not a range of days: the first date comes "
                                      f"first, and a range is at most {self.LONGEST.days} days")
                return None
            return days
        day = super().validate(value, where, problems, ctx)
        return None if day is None else (day, day)


class TimeOfDay(Option):
    """A clock time such as ``08:30`` or ``1:15 PM``, kept as :class:`datetime.time`.

    YAML 1.1 reads an unquoted ``8:30`` as the base-60 number 510; that is
    turned back into the time it was written as, so quoting is not needed."""

    description = "a time of day (HH:MM)"

    def validate(self, value: Any, where: Location, problems: Problems, ctx: Context) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            return dt.time(value // 60, value % 60)
        if isinstance(value, str):
            match = re.fullmatch(r"(\d{1,2}):(\d{2})\s*([AaPp][Mm])?", value.strip())
            if match:
                hour, minute, half = int(match.group(1)), int(match.group(2)), match.group(3)
                if half:
                    hour = hour % 12 + (12 if half.lower() == "pm" else 0) if 1 <= hour <= 12 else 99
                if hour < 24 and minute < 60:
                    return dt.time(hour, minute)
        problems.error(where, f"expected a time of day such as 08:30 or 1:15 PM, found {shown(value)}")
        return None


class Choice(Option):
    def __init__(self, choices: list[str], **kw: Any) -> None:
        super().__init__(**kw)
        self.choices = choices

    @property
    def description(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.choices)

    def validate(self, value: Any, where: Location, problems: Problems, ctx: Context) -> Any:
        if not isinstance(value, str) or value.strip() not in self.choices:
            problems.error(
                where, f"expected one of {', '.join(self.choices)}; found {shown(value)}"
            )
            return None
        return value.strip()


class Color(Option):
    """A colour as ``#rrggbb``. Short forms are expanded; names are refused
    so that the contrast check always has exact numbers to work with."""

    description = "a colour written as #rrggbb"

    def validate(self, value: Any, where: Location, problems: Problems, ctx: Context) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if re.fullmatch(r"#[0-9a-fA-F]{3}", text):
                text = "#" + "".join(c * 2 for c in text[1:])
            if re.fullmatch(r"#[0-9a-fA-F]{6}", text):
                return text.lower()
        problems.error(where, f"expected a colour written as #rrggbb, found {shown(value)}")
        return None


class FilePath(Option):
    """A path to an existing file, relative to the file that names it.

    With ``pictures`` (image formats, as Pillow names them: PNG, JPEG) the
    file is opened and checked to be a picture in one of them, so that a
    text file named ``logo.png`` is refused where it is named, not when a
    deck or a document cannot show it.
    """

    description = "a file path"

    def __init__(self, *, suffixes: tuple[str, ...] = (), pictures: tuple[str, ...] = (),
                 **kw: Any) -> None:
        super().__init__(**kw)
        self.suffixes = suffixes
        self.pictures = pictures

    def _picture_problem(self, path: Path) -> str | None:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(path) as picture:
                found = picture.format
                picture.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            reason = "it is not a picture" if isinstance(exc, UnidentifiedImageError) else (
                f"it is damaged ({shown(str(exc))})")
            return f"cannot read '{path.name}' as a picture: {reason}"
        if found not in self.pictures:
            return f"'{path.name}' is a {found} picture; use {' or '.join(self.pictures)}"
        return None

    def validate(self, value: Any, where: Location, problems: Problems, ctx: Context) -> Any:
        if not isinstance(value, str) or not value.strip():
            problems.error(where, f"expected a file path, found {_type_name(value)}")
            return None
        path = (ctx.base_dir / value.strip()).resolve()
        if self.suffixes and path.suffix.lower() not in self.suffixes:
            problems.error(where, f"{shown(value)} must be one of: {', '.join(self.suffixes)}")
            return None
        if not path.is_file():
            problems.error(where, f"file {shown(value)} not found")
            return None
        wrong = self._picture_problem(path) if self.pictures else None
        if wrong:
            problems.error(where, wrong)
            return None
        return path


class ListOf(Option):
    def __init__(
        self,
        item: Option,
        *,
        min_items: int = 0,
        max_items: int | None = None,
        single_as_list: bool = False,
        **kw: Any,
    ) -> None:
        kw.setdefault("default", list)
        super().__init__(**kw)
        self.item = item
        self.min_items = min_items
        self.max_items = max_items
        self.single_as_list = single_as_list

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"a list of {self.item.description}"

    def validate(self, value: Any, where: Location, problems: Problems, ctx: Context) -> Any:
        if self.single_as_list and not isinstance(value, list):
            value = [value]
        if not isinstance(value, list):
            problems.error(where, f"expected a list, found {_type_name(value)}")
            return None
        if len(value) < self.min_items:
            problems.error(where, f"needs at least {self.min_items} item(s), found {len(value)}")
            return None
        if self.max_items is not None and len(value) > self.max_items:
            problems.error(where, f"allows at most {self.max_items} item(s), found {len(value)}")
            return None
        out = NodeList()
        out.location = where
        out.item_lines = []
        for index, item in enumerate(value):
            item_where = value.at(index) if isinstance(value, NodeList) else where
            out.append(self.item.validate(item, item_where, problems, ctx))
            out.item_lines.append(item_where.line)
        return out


class Schema(Option):
    """A mapping with declared keys. Unknown keys are errors: a misspelt key
    that was silently ignored would leave a blank the user thinks is filled.

    With ``build``, a valid mapping is turned into that type (usually a
    dataclass; ``target`` names the type when ``build`` is a factory). Its
    fields marked as provenance (:func:`toolkit.errors.written_at`) receive
    where the mapping starts and the line of each key, so later checks can
    point at the exact line; a field is filled by its mark, never its name.

    With ``partial``, a mapping whose values have errors is still built (with
    defaults for the broken values, whose errors are recorded), as long as
    every required key is usable; a ``broken`` field receives the names of
    the broken keys. A checker can then go on finding gaps in the rest of
    the item without reporting a broken value a second time as missing.
    """

    description = "a mapping"

    def __init__(
        self,
        fields: Mapping[str, Option],
        *,
        build: Callable[..., Any] | None = None,
        target: type | None = None,
        partial: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(**kw)
        self.fields = dict(fields)
        self.build = build
        self.target = target or (build if isinstance(build, type) else None)
        self.partial = partial

    def validate(self, value: Any, where: Location, problems: Problems, ctx: Context) -> Any:
        if value is None and not self.required and self.build is None:
            return None
        if not isinstance(value, dict):
            problems.error(where, f"expected a mapping of keys to values, found {_type_name(value)}")
            return None
        where = getattr(value, "location", where)
        before = len(problems.errors)
        cleaned: dict[str, Any] = {}
        for key in value:
            if key not in self.fields:
                key_where = value.key_at(key) if isinstance(value, Node) else where
                problems.error(key_where, unknown_key(key, self.fields))
        broken: set[str] = set()
        for key, option in self.fields.items():
            if key in value and value[key] is not None:
                val_where = value.at(key) if isinstance(value, Node) else where
                errors_before = len(problems.errors)
                cleaned[key] = option.validate(value[key], val_where, problems, ctx)
                if len(problems.errors) > errors_before:
                    broken.add(key)
            elif option.required:
                problems.error(where, f"missing required key '{key}' ({option.description})")
                broken.add(key)
            else:
                cleaned[key] = option.get_default()
        if self.build is None:
            result = Node(cleaned)
            result.location = where
            result.value_lines = dict(getattr(value, "value_lines", {}))
            result.key_lines = dict(getattr(value, "key_lines", {}))
            return result
        if len(problems.errors) > before:
            usable = self.partial and not any(
                self.fields[key].required and cleaned.get(key) is None for key in broken
            )
            if not usable:
                return None
            for key in broken:
                if cleaned.get(key) is None:
                    cleaned[key] = self.fields[key].get_default()
        target = self.target
        fields = dataclasses.fields(target) if target is not None and (
            dataclasses.is_dataclass(target)) else ()
        for f in fields:
            role = f.metadata.get(WRITTEN_AT) or _ROLES_BY_TYPE.get(str(f.type))
            if role == START:
                cleaned[f.name] = where
            elif role == KEY_LINES:
                cleaned[f.name] = {
                    k: Location(where.path, n) for k, n in getattr(value, "key_lines", {}).items()
                }
            elif f.name == "broken":
                cleaned["broken"] = frozenset(broken)
        return self.build(**cleaned)


#: Where-written fields not marked with :func:`toolkit.errors.written_at` are still
#: filled by their type (they are then keyed, which only costs a re-render when a
#: line moves; tests/test_cache_keys.py asks for the mark).
_ROLES_BY_TYPE = {"Location | None": START, "Location": START, "dict[str, Location]": KEY_LINES}


def unknown_key(key: Any, known: Iterable[str]) -> str:
    """The message for a key no schema knows, naming the nearest known one."""
    names = list(known)
    close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
    hint = f": did you mean '{close[0]}'?" if close else ""
    quoted = shown(key) if not isinstance(key, str) or len(key) > SHOWN else f"'{key}'"
    return f"unknown key {quoted}{hint} (known keys: {', '.join(names)})"


class SchoolYear(Text):
    """A school year written ``YYYY-YYYY``: two consecutive years, such as 2026-2027."""

    description = "a school year (YYYY-YYYY)"
    PATTERN = r"(\d{4})-(\d{4})"
    #: Years a plan can be for: the dates of a plan year must be real dates.
    FIRST, LAST = 1900, 2999

    #: The message for two years that are not one school year ({plan_year} is the value).
    NOT_ONE_YEAR = ("plan year '{plan_year}' is not one school year: an annual action plan covers "
                    "two consecutive years, e.g. 2026-2027")

    def __init__(self, *, not_one_year: str | None = None, **kwargs: Any) -> None:
        super().__init__(single_line=True, pattern=self.PATTERN,
                         pattern_help="write the school year as YYYY-YYYY, e.g. 2026-2027", **kwargs)
        self.not_one_year = not_one_year or self.NOT_ONE_YEAR

    def validate(self, value: Any, where: Location, problems: Problems, ctx: Context) -> Any:
        text = super().validate(value, where, problems, ctx)
        if text is None:
            return None
        first, last = (int(year) for year in re.fullmatch(self.PATTERN, text).groups())  # type: ignore[union-attr]
        if not self.FIRST <= first <= self.LAST:
            problems.error(where, f"'{text}' is not a school year: the years must be from "
                                  f"{self.FIRST} to {self.LAST}")
            return None
        if last != first + 1:
            problems.error(where, self.not_one_year.format(plan_year=text))
            return None
        return text


def validate(schema: Option, value: Any, where: Location, ctx: Context | None = None) -> Any:
    """Validate ``value`` against ``schema``; raise every error at once."""
    problems = Problems()
    result = schema.validate(value, where, problems, ctx or Context())
    problems.raise_if_errors()
    return result
