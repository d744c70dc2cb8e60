"""Shared fixtures: the project, district files, and running the CLI for real.

Tests run the toolkit as a user does, in a subprocess (``python -m
toolkit``), and read what it wrote. Expensive builds are made once per
session and shared.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The decks built once for every deck test (tests/deck_fixtures.py).
pytest_plugins = ["tests.deck_fixtures"]

#: A district name that exercises escaping in every output.
NASTY_NAME = 'Saint-Étienne & <North> "Valley"'


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


#: The tests' own user cache folder (compiled templates): never the user's ~/.cache.
#: Set for this process too, for the tests that run the toolkit in it.
USER_CACHE = tempfile.mkdtemp(prefix="toolkit-tests-cache-")
os.environ["XDG_CACHE_HOME"] = USER_CACHE
atexit.register(shutil.rmtree, USER_CACHE, ignore_errors=True)


def toolkit_env() -> dict[str, str]:
    """The environment of a toolkit subprocess: a fixed build date, the tests' own cache
    folder, and this checkout's code first even when the process runs in a copied
    project folder."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONPATH": path,
            "XDG_CACHE_HOME": USER_CACHE}


def run_toolkit(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None,
                unset: tuple[str, ...] = ()) -> Result:
    """Run ``python -m toolkit ARGS`` and capture what a user would see (with ``env``
    added to the environment, and the variables ``unset`` taken out of it)."""
    full_env = {key: value for key, value in {**toolkit_env(), **(env or {})}.items()
                if key not in unset}
    proc = subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def copy_project(folder: Path) -> Path:
    """A copy of the project's content, outlines and mkdocs.yml, to edit or build from."""
    for name in ("content", "slides"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def hashes(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` by its path, as a SHA-256: two equal dicts are equal trees."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_district(folder: Path, text: str, name: str = "district.yml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


NASTY_DISTRICT = f"""\
name: '{NASTY_NAME}'
short_name: 'St-Étienne & <N> "V"'
plan_year: "2026-2027"
branding:
  primary_color: "#0b5d3b"
  accent_color: "#8a2b0d"
session:
  date: 2026-09-15
  facilitator: "Dr. Zoë O'Brien & <Co>"
  small_groups: 4
  action_plan_teams: 3
  initiatives:
    - 'Strengthen early literacy instruction, K-3 & <grade 4> "bridge"'
    - "Expand access to advanced coursework in middle school"
"""


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def nasty_district_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("district")
    return write_district(folder, NASTY_DISTRICT)


@pytest.fixture(scope="session")
def generic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generic toolkit (no district file), built once for every test that reads it."""
    out = tmp_path_factory.mktemp("generic")
    result = run_toolkit("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "site"


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour PNG, written by hand so the test needs no image library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


LOGO_PNG = png(64, 48, (11, 93, 59))
LOGO_ALT = "Saint-Étienne & <North> seal"


@pytest.fixture(scope="session")
def district_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The escaping district, with a logo, as the site's branding."""
    folder = tmp_path_factory.mktemp("district-input")
    (folder / "seal.png").write_bytes(LOGO_PNG)
    text = NASTY_DISTRICT.replace(
        "branding:\n", f"branding:\n  logo: seal.png\n  logo_alt: '{LOGO_ALT}'\n"
    )
    district_file = write_district(folder, text)
    out = tmp_path_factory.mktemp("district")
    result = run_toolkit("build", "--district", str(district_file), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "site"


def office_entries(data: bytes) -> dict[str, bytes]:
    """An Office file's entries by name, XML as C14N (a re-save writes an emptied
    element as <a/>, which means the same), other entries as they are."""
    import io
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: (etree.tostring(etree.fromstring(package.read(name)), method="c14n")
                       if name.endswith((".xml", ".rels")) else package.read(name))
                for name in package.namelist()}
