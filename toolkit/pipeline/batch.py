"""Decks for many districts at once: ``toolkit build --only slides --district DIR``.

Each district file in DIR gets its own folder, ``OUT/districts/<file stem>/``,
holding one .pptx per deck outline. The content is loaded and validated once
and the starting presentation built once, before two worker processes are
forked, so each district costs only its own decks. A district file with
mistakes is reported as ``path:line: message`` and skipped; the others are
built all the same and the exit status is 1 at the end. Each district's
folder is replaced only once its decks are complete, so a bad file leaves its
district's previous decks as they were.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.config.district import load_district
from toolkit.errors import Location, Problem, ToolkitError, display_path
from toolkit.model.content import Content, load_content
from toolkit.pipeline import produce
from toolkit.pipeline.artifacts import Output
from toolkit.pipeline.inputs import BuildInputs
from toolkit.pipeline.output import staged_dir
from toolkit.pipeline.workers import as_worker, can_fork

DISTRICT_SUFFIXES = (".yml", ".yaml", ".json")
DISTRICTS_DIR = "districts"


@dataclass
class DistrictResult:
    path: Path
    decks: int = 0
    keys: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def district_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in DISTRICT_SUFFIXES and not p.name.startswith("."))


# Inherited by the forked workers rather than sent to them.
_CONTENT: Content | None = None
_CACHE: produce.Cache | None = None
_TARGET: Path | None = None


def build_district(path: Path) -> DistrictResult:
    """Every deck for one district file, written to its own folder; problems collected."""
    assert _CONTENT is not None and _CACHE is not None and _TARGET is not None
    from toolkit.slides import render

    result = DistrictResult(path)
    try:
        district = load_district(path)
        inputs = BuildInputs(_CONTENT, district)
        logo = render.deck_logo(district)
        made: list[tuple[Output, bytes]] = []
        for output in render.outputs(inputs):
            data = _CACHE.get(output)
            if data is None:
                (deck_id,) = output.item
                data = render.build_deck(_CONTENT.decks[deck_id], _CONTENT, district, logo)
                _CACHE.put(output, data)
            made.append((output, data))
        with staged_dir(_TARGET / path.stem) as staging:
            for output, data in made:
                (staging / Path(output.path).name).write_bytes(data)
        result.decks = len(made)
        result.keys = [output.key for output, _ in made]
    except ToolkitError as exc:
        result.problems = list(exc.problems)
    except Exception as exc:  # noqa: BLE001 - a bug: this district fails, the batch goes on
        result.problems = [Problem(Location(display_path(path), 0),
                                   f"its decks could not be made ({type(exc).__name__}: {exc}); "
                                   "this is a bug in the toolkit, please report it")]
    return result


class Progress:
    """A one-line progress bar on a terminal; silent when stderr is a file or pipe."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.shown = sys.stderr.isatty()

    def advance(self) -> None:
        self.done += 1
        if self.shown:
            filled = 30 * self.done // self.total
            sys.stderr.write(f"\r[{'#' * filled}{'-' * (30 - filled)}] {self.done}/{self.total} districts")
            sys.stderr.flush()

    def say(self, line: str) -> None:
        """Print a line without tearing the bar."""
        if self.shown:
            sys.stderr.write("\r\033[K")
        print(line, file=sys.stderr)

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def build_batch(project: Path, folder: Path, out: Path, *, clean: bool = False,
                workers: int | None = None) -> int:
    global _CONTENT, _CACHE, _TARGET
    from toolkit.pipeline.manifest import CACHE_DIR
    from toolkit.slides.base import base_template

    paths = district_files(folder)
    if not paths:
        raise ToolkitError.at(folder, 1, "no district files (.yml, .yaml or .json) in this folder")
    _CONTENT = load_content(project)
    cache_dir = out / CACHE_DIR / DISTRICTS_DIR
    if clean and cache_dir.is_dir():
        import shutil

        try:
            shutil.rmtree(cache_dir)
        except OSError as exc:
            raise ToolkitError(Problem(Location(display_path(cache_dir), 0),
                                       f"cannot empty the build cache for --clean: "
                                       f"{exc.strerror or exc}")) from None
    _CACHE = produce.Cache(cache_dir)
    _TARGET = out / DISTRICTS_DIR
    _TARGET.mkdir(parents=True, exist_ok=True)
    base_template()  # built once here, inherited by every worker

    results: list[DistrictResult] = []
    progress = Progress(len(paths))
    unique, clashes = _unique_stems(paths)
    for problem in clashes:
        progress.say(problem.format())
    workers = workers or min(2, os.cpu_count() or 1)
    if workers > 1 and len(unique) > 1 and can_fork():
        import multiprocessing

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=as_worker, initargs=(os.getpid(),)) as pool:
            for future in as_completed([pool.submit(build_district, p) for p in unique]):
                results.append(_report(future.result(), progress))
    else:
        for path in unique:
            results.append(_report(build_district(path), progress))
    progress.close()

    _CACHE.used = {key for r in results for key in r.keys}
    _CACHE.prune(["slides"])
    good = [r for r in results if not r.problems]
    bad = len(paths) - len(good)
    summary = (f"Built {sum(r.decks for r in good)} deck(s) for {len(good)} district(s) "
               f"into {_TARGET}")
    print(summary + (f"; {bad} district file(s) had errors" if bad else ""), file=sys.stderr)
    return 1 if bad else 0


def _report(result: DistrictResult, progress: Progress) -> DistrictResult:
    for problem in result.problems:
        progress.say(problem.format())
    progress.advance()
    return result


def _unique_stems(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Two files named alike (north.yml, north.json) would share a folder: the second is refused."""
    seen: dict[str, Path] = {}
    unique, clashes = [], []
    for path in paths:
        if path.stem in seen:
            clashes.append(Problem(Location(display_path(path), 1),
                                   f"'{seen[path.stem].name}' already makes the decks of "
                                   f"'{DISTRICTS_DIR}/{path.stem}'; rename one of them"))
        else:
            seen[path.stem] = path
            unique.append(path)
    return unique, clashes
