"""Time the toolkit's builds against the site engine alone, and how they grow.

Run from the project folder:  python bench/run.py [--runs N] [--districts N]

Every figure is the median wall-clock time of N runs of a whole process
(``python -m ...``, so no shell wrapper or pyenv shim is timed), and the
ratios are taken within this one run. The runs are interleaved, round by
round (floor, cold, warm, ... then again), so a machine whose speed drifts
during the run (a shared virtual machine does) slows every figure alike
instead of whichever happened to be measured last; before each run the disk
writes of the previous one are flushed (``os.sync``), outside the timing.

A cold build starts from an empty output folder; like every build of the
toolkit it finds the theme's templates already compiled in the user's cache
folder (``toolkit.pipeline.compiled``), as Python finds ``__pycache__``. The
line below it times the very first build on a machine, without them.

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
#: Bytecode is written (an installed package has it), whatever the caller's environment says.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "SOURCE_DATE_EPOCH": "1767225600", "NO_MKDOCS_2_WARNING": "1",
       "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def run(args: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=cwd, env={**ENV, **(env or {})},
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return elapsed


def interleaved(runs: int, figures: dict[str, Callable[[], float]]) -> dict[str, float]:
    """The median of ``runs`` samples of each figure, taken round-robin."""
    samples: dict[str, list[float]] = {name: [] for name in figures}
    for _ in range(runs):
        for name, sample in figures.items():
            # The files the previous run wrote are flushed to disk first, not
            # during this one (untimed; every figure starts alike).
            os.sync()
            samples[name].append(sample())
    return {name: statistics.median(times) for name, times in samples.items()}


def floor(project: Path, work: Path) -> Callable[[], float]:
    return lambda: run(["-m", "mkdocs", "build", "-q", "-d", str(work / "floor")],
                       project, {"TOOLKIT_DOWNLOADS": "off"})


def literal(project: Path, work: Path) -> Callable[[], float]:
    return lambda: run(["-m", "mkdocs", "build", "-q", "-d", str(work / "literal")], project)


def cold(project: Path, work: Path, *, first: bool = False) -> Callable[[], float]:
    """A build into an empty output folder; ``first``: on a machine that has never built,
    whose user cache folder holds no compiled templates either."""
    out = work / f"{'first' if first else 'cold'}-{project.name}"
    cache = work / "empty-user-cache"

    def sample() -> float:
        shutil.rmtree(out, ignore_errors=True)
        if first:
            shutil.rmtree(cache, ignore_errors=True)
        return run(["-m", "toolkit", "build", "--out", str(out)], project,
                   {"XDG_CACHE_HOME": str(cache)} if first else None)

    return sample


def warm(project: Path, work: Path) -> Callable[[], float]:
    out = work / "warm"
    run(["-m", "toolkit", "build", "--out", str(out)], project)
    return lambda: run(["-m", "toolkit", "build", "--out", str(out)], project)


def one_edit(project: Path, work: Path) -> Callable[[], float]:
    """A build after one deck outline changed: the site and that deck, the rest cached."""
    out = work / "edit"
    outline = next(iter(sorted((project / "slides").glob("*.yml"))))
    original = outline.read_text(encoding="utf-8")
    run(["-m", "toolkit", "build", "--out", str(out)], project)
    count = iter(range(1_000_000))

    def sample() -> float:
        outline.write_text(original + f"\n# bench edit {next(count)}\n", encoding="utf-8")
        try:
            return run(["-m", "toolkit", "build", "--out", str(out)], project)
        finally:
            outline.write_text(original, encoding="utf-8")

    return sample


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


def batch(project: Path, work: Path, count: int) -> Callable[[], float]:
    """Seconds per deck of a cold batch build for ``count`` districts."""
    folder = districts(work / f"districts-{count}", count)
    out = work / f"batch-{count}"
    decks = len(list((project / "slides").glob("*.yml")))

    def sample() -> float:
        shutil.rmtree(out, ignore_errors=True)
        return run(["-m", "toolkit", "build", "--only", "slides", "--district", str(folder),
                    "--out", str(out)], project) / (count * decks)

    return sample


def serve_edits(project: Path, runs: int) -> dict[str, float]:
    """Seconds from saving an edit to ``toolkit serve`` serving the rebuilt file.

    One server (its first build done), then ``runs`` edits of a deck outline
    and of a template, each timed until the served .pptx or PDF changes. The
    time includes mkdocs noticing the change and rebuilding every page; the
    page reload follows the same rebuild.
    """
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "toolkit", "serve", "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=project, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def fetch(path: str) -> bytes | None:
        try:
            with urllib.request.urlopen(base + path, timeout=5) as response:  # noqa: S310
                return response.read()
        except OSError:
            return None

    edits = {
        "deck": (project / "slides" / "benchmark-session.yml", "/downloads/decks/benchmark-session.pptx"),
        "template": (project / "content" / "templates" / "swot.yml",
                     "/downloads/templates/swot.pdf"),
    }
    originals = {name: path.read_text(encoding="utf-8") for name, (path, _) in edits.items()}
    try:
        deadline = time.monotonic() + 120
        while any(fetch(url) is None for _, url in edits.values()):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("toolkit serve did not start")
            time.sleep(0.2)
        times: dict[str, list[float]] = {name: [] for name in edits}
        for run_index in range(runs):
            for name, (path, url) in edits.items():
                before = fetch(url)
                time.sleep(0.5)  # let the watcher settle after the previous rebuild
                text = originals[name].replace("title: ", f"title: Edit {run_index} ", 1)
                start = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                while fetch(url) == before:
                    if time.perf_counter() - start > 60:
                        raise SystemExit(f"toolkit serve did not rebuild {url}")
                    time.sleep(0.02)
                times[name].append(time.perf_counter() - start)
        return {name: statistics.median(found) for name, found in times.items()}
    finally:
        for name, (path, _) in edits.items():
            path.write_text(originals[name], encoding="utf-8")
        server.terminate()
        server.wait(timeout=20)


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
        # The bench's own user cache (compiled theme templates, see
        # toolkit.pipeline.compiled): filled by the first build it times.
        ENV["XDG_CACHE_HOME"] = str(work / "user-cache")
        project = project_with_pages(work, 0)
        figures = interleaved(args.runs, {
            "floor": floor(project, work),
            "literal": literal(project, work),
            "cold": cold(project, work),
            "first": cold(project, work, first=True),
            "warm": warm(project, work),
            "edit": one_edit(project, work),
            "batch": batch(project, work, args.districts),
        })
        base = figures["floor"]
        rows = [
            ("floor: mkdocs build, downloads off", "floor", None),
            ("mkdocs build (plugin renders downloads)", "literal", None),
            ("toolkit build, cold (empty output)", "cold", 2.0),
            ("  the same, the machine's first build", "first", None),
            ("toolkit build, warm (nothing changed)", "warm", 1.2),
            ("toolkit build, one deck outline edited", "edit", None),
        ]
        print(f"Medians of {args.runs} interleaved runs, {os.cpu_count()} cores, "
              "SOURCE_DATE_EPOCH fixed.\n")
        print(f"{'figure':44} {'seconds':>8} {'x floor':>8} {'target':>8}  met")
        for label, name, target in rows:
            ratio = figures[name] / base
            goal = f"<= {target:.1f}" if target else ""
            met = ("yes" if ratio <= target else "NO") if target else ""
            print(f"{label:44} {figures[name]:8.2f} {ratio:8.2f} {goal:>8}  {met}")
        ms = figures["batch"] * 1000
        print(f"{f'--only slides --district DIR, {args.districts} districts':44} "
              f"{ms:7.1f}ms {'per deck':>8} {'<= 15ms':>8}  {'yes' if ms <= 15 else 'NO'}")
        served = serve_edits(project, args.runs)
        for name, label in (("deck", "a deck outline"), ("template", "a template")):
            print(f"{f'toolkit serve: edit {label}, served again':44} {served[name]:8.2f} "
                  f"{'':>8} {'< 1.0 s':>8}  {'yes' if served[name] < 1 else 'NO'}")

        if not args.no_growth:
            print("\nGrowth with content pages (cold build vs floor, seconds):")
            print(f"{'extra pages':>12} {'floor':>8} {'cold':>8} {'x floor':>8}")
            for extra in (0, 25, 50):
                grown = project_with_pages(work, extra)
                pair = interleaved(args.runs, {"floor": floor(grown, work), "cold": cold(grown, work)})
                print(f"{extra:12} {pair['floor']:8.2f} {pair['cold']:8.2f} "
                      f"{pair['cold'] / pair['floor']:8.2f}")
            print("\nGrowth with districts (batch decks, cold):")
            print(f"{'districts':>12} {'ms/deck':>8}")
            for count in (25, 100, args.districts):
                print(f"{count:12} {batch(project, work, count)() * 1000:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
