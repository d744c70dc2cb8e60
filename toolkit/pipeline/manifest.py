"""Skip a build whose inputs and outputs are exactly as the last build left them.

Kept in ``OUT/.cache/manifest.json``: a hash of every input file of the last
successful build (content, outlines, ``mkdocs.yml``, the district file and
its logo, the toolkit's code, the build date, the options) and the hash of
every file it wrote. When both still match, the output is already what a
build would write, byte for byte, so nothing is done. The input hash reads
files only, without parsing them: it is what makes an unchanged build cheap.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from toolkit.pipeline.dates import build_epoch
from toolkit.pipeline.fingerprint import code_version

CACHE_DIR = ".cache"
MANIFEST = "manifest.json"
#: What a project's build reads besides the district file.
PROJECT_INPUTS = ("mkdocs.yml", "content", "slides")


def _files(root: Path) -> Iterable[Path]:
    if root.is_file():
        yield root
    elif root.is_dir():
        for folder, dirs, names in os.walk(root):
            dirs.sort()
            for name in sorted(names):
                yield Path(folder) / name


def _digest_files(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in _files(root)}


def input_digest(project: Path, district_file: str | None, options: object,
                 plan_files: list[str] | str | None = None) -> str | None:
    """A hash of every file the build reads, or None when it cannot be known cheaply."""
    sha = hashlib.sha256(f"{code_version()}|{build_epoch()}|{options!r}".encode())
    sources = [project / name for name in PROJECT_INPUTS]
    if district_file:
        from toolkit.config.district import load_district
        from toolkit.errors import ToolkitError

        try:
            district = load_district(district_file)
        except ToolkitError:
            return None  # the build will report it
        sources.append(Path(district_file))
        if district.branding.logo is not None:
            sources.append(Path(district.branding.logo))
    if plan_files:  # files, or folders of them
        sources.extend(Path(p) for p in ([plan_files] if isinstance(plan_files, str) else plan_files))
    for source in sources:
        for path in _files(source):
            sha.update(str(path.relative_to(project) if path.is_relative_to(project) else path).encode())
            sha.update(hashlib.sha256(path.read_bytes()).digest())
    return sha.hexdigest()


class Manifest:
    """What the last successful build into ``out`` read and wrote."""

    def __init__(self, out: Path) -> None:
        self.path = Path(out) / CACHE_DIR / MANIFEST

    def up_to_date(self, inputs: str | None, site: Path) -> bool:
        if inputs is None or not site.is_dir():
            return False
        try:
            recorded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return recorded.get("inputs") == inputs and recorded.get("files") == _digest_files(site)

    def record(self, inputs: str | None, site: Path) -> None:
        if inputs is None:
            self.forget()
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"inputs": inputs, "files": _digest_files(site)}
        self.path.write_text(json.dumps(data, indent=0, sort_keys=True), encoding="utf-8")

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)
