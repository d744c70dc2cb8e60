"""Time the toolkit's builds against the site engine alone, and how they grow.

Run from the project folder:  python bench/run.py [--runs N] [--districts N]

Every figure is the median wall-clock time of N runs of a whole process
(``python -m ...``, so no shell wrapper or pyenv shim is timed), and the
ratios are taken within this one run, so a busy machine slows both sides.

The floor is the engine: ``python -m mkdocs build`` of this project's
``mkdocs.yml`` with ``TOOLKIT_DOWNLOADS=off``: the same pages, navigation,
search index and links as the real guide, without rendering a deck or a
template. (A literal ``mkdocs build`` also renders every download through
the toolkit's plugin, so it is printed for reference, not used as the floor.)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The toolkit of this checkout, even when timing a copy of the project elsewhere.
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "NO_MKDOCS_2_WARNING": "1",
       "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def run(args: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=cwd, env={**ENV, **(env or {})},
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return elapsed


def median(runs: int, once: Callable[[], float], before: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        times.append(once())
    return statistics.median(times)


def floor(project: Path, work: Path, runs: int) -> float:
    return median(runs, lambda: run(["-m", "mkdocs", "build", "-q", "-d", str(work / "floor")],
                                    project, {"TOOLKIT_DOWNLOADS": "off"}))


def cold(project: Path, work: Path, runs: int) -> float:
    out = work / "cold"
    return median(runs, lambda: run(["-m", "toolkit", "build", "--out", str(out)], project),
                  lambda: shutil.rmtree(out, ignore_errors=True))


def warm(project: Path, work: Path, runs: int) -> float:
    out = work / "warm"
    run(["-m", "toolkit", "build", "--out", str(out)], project)
    return median(runs, lambda: run(["-m", "toolkit", "build", "--out", str(out)], project))


def one_edit(project: Path, work: Path, runs: int) -> float:
    """A build after one deck outline changed: the site and that deck, the rest cached."""
    out = work / "edit"
    outline = next(iter(sorted((project / "slides").glob("*.yml"))))
    original = outline.read_text(encoding="utf-8")
    run(["-m", "toolkit", "build", "--out", str(out)], project)
    count = iter(range(1_000_000))

    def edit() -> None:
        outline.write_text(original + f"\n# bench edit {next(count)}\n", encoding="utf-8")

    try:
        return median(runs, lambda: run(["-m", "toolkit", "build", "--out", str(out)], project), edit)
    finally:
        outline.write_text(original, encoding="utf-8")


def districts(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"district-{i:03d}.yml").write_text(
            f'name: "Bench district {i}"\nshort_name: "Bench {i}"\nplan_year: "2026-2027"\n'
            f'branding:\n  primary_color: "#1f4e79"\n  accent_color: "#a23b00"\n'
            f'session:\n  date: 2026-09-15\n  facilitator: "Facilitator {i}"\n'
            f'  small_groups: {2 + i % 5}\n  action_plan_teams: 3\n  initiatives:\n'
            f'    - "Strengthen early literacy instruction, K-3 (cohort {i})"\n'
            f'    - "Expand access to advanced coursework in grades 6-8"\n', encoding="utf-8")
    return folder


def batch(project: Path, work: Path, runs: int, count: int) -> float:
    """Seconds per deck of a cold batch build for ``count`` districts."""
    folder = districts(work / f"districts-{count}", count)
    out = work / f"batch-{count}"
    decks = len(list((project / "slides").glob("*.yml")))
    seconds = median(runs, lambda: run(["-m", "toolkit", "build", "--only", "slides", "--district",
                                        str(folder), "--out", str(out)], project),
                     lambda: shutil.rmtree(out, ignore_errors=True))
    return seconds / (count * decks)


def project_with_pages(work: Path, extra: int) -> Path:
    """A copy of the project with ``extra`` more guide pages (copies of one)."""
    project = work / f"project-{extra}"
    if not project.exists():
        for name in ("content", "slides"):
            shutil.copytree(ROOT / name, project / name)
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        source = (ROOT / "content" / "guide" / "smart-goals.md").read_text(encoding="utf-8")
        for i in range(extra):
            (project / "content" / "guide" / f"bench-page-{i}.md").write_text(
                source.replace("id: smart-goals", f"id: bench-page-{i}")
                .replace("title: SMART goals", f"title: Bench page {i}"), encoding="utf-8")
    return project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median; default 5)")
    parser.add_argument("--districts", type=int, default=200, help="district files for the batch")
    parser.add_argument("--no-growth", action="store_true", help="skip the growth tables")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-") as tmp:
        work = Path(tmp)
        project = project_with_pages(work, 0)
        base = floor(project, work, args.runs)
        literal = median(args.runs, lambda: run(["-m", "mkdocs", "build", "-q", "-d",
                                                 str(work / "literal")], project))
        rows = [
            ("floor: mkdocs build, downloads off", base, None, None),
            ("mkdocs build (plugin renders downloads)", literal, None, None),
            ("toolkit build, cold (empty output)", cold(project, work, args.runs), 2.0, None),
            ("toolkit build, warm (nothing changed)", warm(project, work, args.runs), 1.2, None),
            ("toolkit build, one deck outline edited", one_edit(project, work, args.runs), None, None),
        ]
        per_deck = batch(project, work, max(1, args.runs // 2), args.districts)

        print(f"Medians of {args.runs} runs, {os.cpu_count()} cores, SOURCE_DATE_EPOCH fixed.\n")
        print(f"{'figure':44} {'seconds':>8} {'x floor':>8} {'target':>8}  met")
        for label, seconds, target, _ in rows:
            ratio = seconds / base
            goal = f"<= {target:.1f}" if target else ""
            met = ("yes" if ratio <= target else "NO") if target else ""
            print(f"{label:44} {seconds:8.2f} {ratio:8.2f} {goal:>8}  {met}")
        ms = per_deck * 1000
        print(f"{f'--only slides --district DIR, {args.districts} districts':44} "
              f"{ms:7.1f}ms {'per deck':>8} {'<= 15ms':>8}  {'yes' if ms <= 15 else 'NO'}")

        if not args.no_growth:
            print("\nGrowth with content pages (cold build vs floor, seconds):")
            print(f"{'extra pages':>12} {'floor':>8} {'cold':>8} {'x floor':>8}")
            for extra in (0, 25, 50):
                grown = project_with_pages(work, extra)
                f, c = floor(grown, work, args.runs), cold(grown, work, args.runs)
                print(f"{extra:12} {f:8.2f} {c:8.2f} {c / f:8.2f}")
            print("\nGrowth with districts (batch decks, cold):")
            print(f"{'districts':>12} {'ms/deck':>8}")
            for count in (25, 100, args.districts):
                print(f"{count:12} {batch(project, work, 1, count) * 1000:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
