"""The district file: who the materials are for, and the session details.

The schema below is the whole format; README.md documents it for users.
Without a district file the toolkit builds the generic materials, whose
blanks (``[district name]``, ``[X]``) stay visible to be filled by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit import colors
from toolkit.config import options as opt
from toolkit.errors import KEY_LINES, START, Location, Problems, ToolkitError, display_path, written_at
from toolkit.source import load_data_file

PLAN_YEAR = r"(\d{4})-(\d{4})"
#: Paper sizes a district can print its templates on; the first is the default.
PAPER_SIZES = ["letter", "a4"]


@dataclass(frozen=True)
class Branding:
    primary_color: str = colors.DEFAULT_PRIMARY
    accent_color: str = colors.DEFAULT_ACCENT
    logo: Path | None = None
    logo_alt: str | None = None
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class Session:
    """The 1-hour benchmark session and the workshops that follow it."""

    date: dt.date | None = None
    start_time: dt.time | None = None
    facilitator: str | None = None
    venue: str | None = None
    small_groups: int | None = None
    action_plan_teams: int | None = None
    initiatives: list[str] = field(default_factory=list)
    #: Days the schools are closed (holidays, breaks), as (first, last) day: the follow-up
    #: calendar's dates move past them as they move past weekends.
    closed_days: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    location: Location | None = written_at(START, default=None)


@dataclass(frozen=True)
class District:
    name: str
    plan_year: str
    short_name: str | None = None
    language: str = "en"
    paper_size: str = "letter"
    branding: Branding = field(default_factory=Branding)
    session: Session = field(default_factory=Session)
    source: Path | None = written_at("file", default=None)  # the file it was read from
    location: Location | None = written_at(START, default=None)
    lines: dict[str, Location] = written_at(KEY_LINES, default_factory=dict)

    @property
    def first_year(self) -> int:
        return int(re.fullmatch(PLAN_YEAR, self.plan_year).group(1))  # type: ignore[union-attr]

    @property
    def last_year(self) -> int:
        return int(re.fullmatch(PLAN_YEAR, self.plan_year).group(2))  # type: ignore[union-attr]


def _build_branding(**values: object) -> Branding:
    values = {k: v for k, v in values.items() if v is not None}
    return Branding(**values)  # type: ignore[arg-type]


def _build_session(**values: object) -> Session:
    values = {k: v for k, v in values.items() if v is not None}
    return Session(**values)  # type: ignore[arg-type]


SCHEMA = opt.Schema(
    {
        "name": opt.Text(required=True, single_line=True, max_length=300,
                         help="The district's full name, as it appears on every output."),
        "short_name": opt.Text(single_line=True, max_length=60,
                               help="A short form for tight spaces such as slide footers."),
        "plan_year": opt.SchoolYear(required=True),
        "language": opt.Text(single_line=True, default="en", pattern=r"[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*",
                             pattern_help="use a language tag such as en or en-US"),
        "paper_size": opt.Choice(PAPER_SIZES, default="letter",
                                 help="The paper every template prints on: letter (US Letter) or a4."),
        "branding": opt.Schema(
            {
                "primary_color": opt.Color(),
                "accent_color": opt.Color(),
                "logo": opt.FilePath(suffixes=(".png", ".jpg", ".jpeg"), pictures=("PNG", "JPEG")),
                "logo_alt": opt.Text(single_line=True, max_length=300),
            },
            build=_build_branding,
            default=Branding,
        ),
        "session": opt.Schema(
            {
                "date": opt.Date(),
                "start_time": opt.TimeOfDay(help="When the session starts, e.g. 08:30 or 1:15 PM."),
                "facilitator": opt.Text(single_line=True, max_length=300),
                "venue": opt.Text(single_line=True, max_length=300),
                "small_groups": opt.Integer(minimum=1, maximum=30),
                "action_plan_teams": opt.Integer(minimum=1, maximum=30),
                "initiatives": opt.ListOf(opt.Text(single_line=True, max_length=300),
                                          max_items=8),
                "closed_days": opt.ListOf(
                    opt.DateRange(), max_items=60,
                    help="Holidays and breaks, as dates or ranges (2026-12-21 to 2027-01-01): "
                         "the follow-up calendar's dates move past them."),
            },
            build=_build_session,
            default=Session,
        ),
    },
    build=District,
)


def load_district(path: str | Path) -> District:
    """Load and validate a district file (YAML or JSON); raise every problem."""
    path = Path(path)
    data = load_data_file(path)
    where = Location(display_path(path), 1)
    problems = Problems()
    ctx = opt.Context(base_dir=path.parent)
    if isinstance(data, dict) and data.get("branding") is None:
        data.pop("branding", None)
    if isinstance(data, dict) and data.get("session") is None:
        data.pop("session", None)
    district = SCHEMA.validate(data, getattr(data, "location", where), problems, ctx)
    if district is not None:
        _check_branding(district, data, problems)
    problems.raise_if_errors()
    if district is None:  # pragma: no cover - errors were raised above
        raise ToolkitError.at(path, 1, "invalid district file")
    return _with_source(district, path)


def _with_source(district: District, path: Path) -> District:
    from dataclasses import replace

    return replace(district, source=path.resolve())


def _check_branding(district: District, data: object, problems: Problems) -> None:
    raw = data.get("branding") if isinstance(data, dict) else None
    branding = district.branding
    for key in ("primary_color", "accent_color"):
        color = getattr(branding, key)
        ratio = colors.contrast_ratio(color, colors.WHITE)
        if ratio < colors.AA_NORMAL:
            where = raw.at(key) if raw is not None and hasattr(raw, "at") else district.location
            suggestion = colors.darken_until(color)
            problems.error(
                where,
                f"{key} {color} has a contrast of {ratio:.1f}:1 with white; "
                f"text needs at least 4.5:1 (try {suggestion})",
            )
    if branding.logo is not None and not branding.logo_alt:
        where = raw.at("logo") if raw is not None and hasattr(raw, "at") else district.location
        problems.error(where, "logo needs logo_alt: a short text describing the logo")
