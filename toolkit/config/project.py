"""Remembered settings: what a district publishes, so a plain ``toolkit build`` rebuilds it.

A district's IT person rebuilds the guide months after the planning office
first set it up, often without the command line that was used then. The
project settings file, ``toolkit.yml`` beside ``mkdocs.yml``, names the
district file, the plan files or folders and the output folder::

    district: district/marlowe.yml
    plans:
      - plans/               # a folder of plan files, or single files
    out: build

Paths are relative to the settings file. A value given on the command line
wins over the environment (``TOOLKIT_DISTRICT``, ``TOOLKIT_PLAN``), which wins
over the settings file.

What a build published is remembered beside the site, in
``OUT/.toolkit-published.json``: the district, whether it had a logo, and
whether it had plan pages. A build into that folder that would publish
without them stops with exit status 1 and says so, unless the user confirms
with ``--confirm-drop`` (:func:`guard_publication`): a forgotten ``--plan``
must not replace a district's public plan with the generic guide.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.errors import Location, Problems, ToolkitError, display_path

SETTINGS_FILE = "toolkit.yml"
DEFAULT_OUT = "build"
PUBLISHED = ".toolkit-published.json"


@dataclass(frozen=True)
class Settings:
    district: Path | None = None
    plans: list[Path] = field(default_factory=list)
    out: Path | None = None
    source: Path | None = None
    location: Location | None = None
    lines: dict[str, Location] = field(default_factory=dict)


@cache
def schema() -> Any:
    """The settings file's schema (built on first use: a build without the file never needs it)."""
    from toolkit.config import options as opt

    class ExistingPath(opt.Text):
        """A file or folder that must exist, relative to the settings file."""

        def __init__(self, *, folders: bool = True, must_exist: bool = True, **kw: Any) -> None:
            super().__init__(single_line=True, **kw)
            self.folders = folders
            self.must_exist = must_exist

        def validate(self, value: Any, where: Location, problems: Problems, ctx: opt.Context) -> Any:
            text = super().validate(value, where, problems, ctx)
            if text is None:
                return None
            path = ctx.base_dir / text
            if self.must_exist and not (path.is_file() or (self.folders and path.is_dir())):
                what = "file or folder" if self.folders else "file"
                problems.error(where, f"{what} '{text}' not found (paths are relative to this file)")
                return None
            if not self.folders and path.is_dir():
                problems.error(where, f"'{text}' is a folder; name a file")
                return None
            return path

    return opt.Schema(
        {
            "district": ExistingPath(folders=False, help="The district file (YAML or JSON)."),
            "plans": opt.ListOf(ExistingPath(), single_as_list=True,
                                help="The plan files (YAML, JSON, workbooks) or folders of them."),
            "out": ExistingPath(must_exist=False,
                                help="The output folder; the site goes to OUT/site (default: build)."),
        },
        build=Settings,
    )


def load_settings(project: Path) -> Settings | None:
    """``project/toolkit.yml``, validated; None when the project has none."""
    path = Path(project) / SETTINGS_FILE
    if not path.is_file():
        return None
    from toolkit.config import options as opt
    from toolkit.source import load_data_file

    data = load_data_file(path)
    where = getattr(data, "location", Location(display_path(path), 1))
    if data is None:
        return Settings(source=path)
    problems = Problems()
    settings = schema().validate(data, where, problems, opt.Context(base_dir=path.parent))
    problems.raise_if_errors()
    from dataclasses import replace

    return replace(settings, source=path)


def from_environment() -> tuple[str | None, list[str]]:
    """``TOOLKIT_DISTRICT`` and ``TOOLKIT_PLAN`` (several paths separated by ``os.pathsep``),
    as written: paths from the working folder."""
    district = os.environ.get("TOOLKIT_DISTRICT", "").strip() or None
    return district, [p for p in os.environ.get("TOOLKIT_PLAN", "").split(os.pathsep) if p.strip()]


def remembered_district(project: Path) -> str | None:
    """The district file ``project/toolkit.yml`` names, if it names one."""
    settings = load_settings(project)
    return str(settings.district) if settings and settings.district else None


def apply_settings(args: argparse.Namespace) -> Settings | None:
    """Fill ``args.district``, ``args.plan`` and ``args.out`` the user did not give.

    The command line first, then ``TOOLKIT_DISTRICT`` and ``TOOLKIT_PLAN``
    (several plan paths separated by ``os.pathsep``), then the settings file.
    """
    settings = load_settings(Path(args.project))
    env_district, env_plans = from_environment()
    if not args.district:
        args.district = env_district or (str(settings.district) if settings and settings.district else None)
    if not args.plan:
        args.plan = env_plans or ([str(p) for p in settings.plans] if settings and settings.plans else None)
    if not args.out:
        args.out = str(settings.out) if settings and settings.out else DEFAULT_OUT
    return settings


# -- what the last build in a folder published -------------------------------------------


@dataclass(frozen=True)
class Publication:
    """What a site carries that a district would not want lost silently."""

    district: str | None = None
    logo: bool = False
    plan: bool = False

    @classmethod
    def of(cls, district: Any, plan: Any) -> Publication:
        return cls(district.name if district is not None else None,
                   bool(district is not None and district.branding.logo is not None),
                   plan is not None)


def previous_publication(out: Path) -> Publication | None:
    """What the last complete build into ``out`` published, if it is known.

    A site built before builds kept their record still shows what matters
    most: its plan pages and its logo (the district's name is then unknown).
    """
    try:
        data = json.loads((Path(out) / PUBLISHED).read_text(encoding="utf-8"))
        return Publication(data.get("district"), bool(data.get("logo")), bool(data.get("plan")))
    except (OSError, ValueError, AttributeError):
        pass
    site = Path(out) / "site"
    logo = any((site / "assets" / "images").glob("district-logo.*"))
    plan = (site / "plan" / "index.html").is_file()
    return Publication("the district" if logo else None, logo, plan) if logo or plan else None


def record_publication(out: Path, publication: Publication) -> None:
    path = Path(out) / PUBLISHED
    data = {"district": publication.district, "logo": publication.logo, "plan": publication.plan}
    with contextlib.suppress(OSError):  # the build succeeded; only the guard's memory is lost
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def dropped(before: Publication | None, now: Publication, plan_pages: bool = True) -> list[str]:
    """What of ``before`` a build publishing ``now`` would lose, in words.

    Without ``plan_pages`` (a build of some downloads only, ``--only``) the
    pages stay as they are, so only the branding of the files is at stake.
    """
    if before is None:
        return []
    lost = []
    if before.district and not now.district:
        lost.append(f"the branding of {before.district}")
    elif before.logo and not now.logo:
        lost.append(f"the logo of {before.district}")
    if before.plan and not now.plan and plan_pages:
        lost.append("the action plan pages")
    return lost


def guard_publication(out: Path, now: Publication, confirmed: bool, plan_pages: bool = True) -> None:
    """Stop a build that would publish less than the last one, unless ``confirmed``."""
    lost = dropped(previous_publication(out), now, plan_pages)
    if lost and not confirmed:
        site = display_path(Path(out) / "site")
        raise ToolkitError.at(Path(out) / PUBLISHED, 1, (
            f"{site} was last published with {' and '.join(lost)}, and this build would drop "
            f"{'them' if len(lost) > 1 else 'it'}: name the district file and the plans with "
            f"--district and --plan or in {SETTINGS_FILE}, or add --confirm-drop to publish "
            f"without {'them' if len(lost) > 1 else 'it'}"))
