"""Cached, parallel and batch builds: the same bytes as a cold build, and only what changed.

Every build runs the CLI in a subprocess on a copy of the project; what is
compared is the files written. Speed is measured in bench/, never here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

from tests.conftest import (
    NASTY_DISTRICT,
    ROOT,
    copy_project,
    hashes,
    run_toolkit,
    toolkit_env,
    write_district,
)
from toolkit.model import sitemap


def build(project: Path, out: Path, *args: str) -> str:
    done = run_toolkit("build", "--project", str(project), "--out", str(out), *args, cwd=project)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


@pytest.fixture(scope="module")
def cached(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project copy and one full build of it, to edit and rebuild."""
    project = copy_project(tmp_path_factory.mktemp("cache-project"))
    out = project / "out"
    build(project, out)
    return project, out


def test_unchanged_build_does_nothing_and_keeps_every_byte(cached) -> None:  # type: ignore[no-untyped-def]
    project, out = cached
    before = hashes(out / "site")
    message = build(project, out)
    assert "Nothing changed" in message
    assert hashes(out / "site") == before
    # A damaged output is not "unchanged": the build repairs it from the cache.
    deck = out / "site" / sitemap.deck_download("benchmark-session")
    deck.write_bytes(b"damaged")
    assert "Nothing changed" not in build(project, out)
    assert hashes(out / "site") == before


def test_editing_one_input_changes_exactly_its_outputs_and_equals_a_cold_build(
        cached, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project, out = cached
    site = out / "site"
    cache = out / ".cache" / "outputs"
    entries = {p.name: p.stat().st_ino for p in cache.rglob("*") if p.is_file()}
    before = hashes(site)

    outline = project / "slides" / "benchmark-session.yml"
    outline.write_text(outline.read_text(encoding="utf-8").replace(
        'title: "Action plans and implementation benchmarks"',
        'title: "Action plans and benchmarks, edited"', 1), encoding="utf-8")
    template = project / "content" / "templates" / "smart-goal.yml"
    template.write_text(template.read_text(encoding="utf-8").replace(
        'title: "SMART goal worksheet"', 'title: "SMART goal worksheet, edited"', 1), encoding="utf-8")
    build(project, out)
    after = hashes(site)

    downloads = {p for p in changed(before, after) if p.startswith(sitemap.DOWNLOADS_DIR + "/")}
    assert downloads == {sitemap.deck_download("benchmark-session")} | {
        sitemap.template_download("smart-goal", variant, fmt)
        for variant in ("blank", "example") for fmt in ("pdf", "docx")}
    title = Presentation(str(site / sitemap.deck_download("benchmark-session"))).slides[0]
    assert title.shapes.title.text_frame.text == "Action plans and benchmarks, edited"
    assert "SMART goal worksheet, edited" in (site / "templates" / "smart-goal.html").read_text("utf-8")

    # Unchanged outputs came from the cache: their entries were not written again.
    kept = {p.name: p.stat().st_ino for p in cache.rglob("*") if p.is_file()}
    unchanged_entries = set(entries) & set(kept)
    assert len(unchanged_entries) == len(entries) - 5  # one deck, four template files
    assert all(entries[name] == kept[name] for name in unchanged_entries)

    # And the result is what a cold build of the edited project writes.
    fresh = tmp_path / "cold"
    build(project, fresh)
    assert hashes(fresh / "site") == after


def test_builds_in_other_folders_at_other_times_are_byte_identical(
        generic_site: Path, tmp_path: Path) -> None:
    """A second cold build of a copy of the project, its files dated a year later."""
    project = copy_project(tmp_path / "elsewhere")
    for path in project.rglob("*"):
        stat = path.stat()
        shutil.os.utime(path, (stat.st_atime + 366 * 86400, stat.st_mtime + 366 * 86400))
    build(project, tmp_path / "out")
    first, second = hashes(generic_site), hashes(tmp_path / "out" / "site")
    assert {Path(p).suffix for p in first} >= {".html", ".pptx", ".pdf", ".docx"}
    assert first == second


def test_templates_compiled_by_an_earlier_build_are_used_and_change_no_byte(tmp_path: Path) -> None:
    """Compiled templates kept in the user's cache folder: used again, and the same site
    as a plain ``mkdocs build``, which compiles every template from source."""
    project = copy_project(tmp_path / "project")
    user_cache = tmp_path / "user-cache"

    def build_with(cache: Path, out: Path) -> dict[str, str]:
        done = run_toolkit("build", "--project", str(project), "--out", str(out), cwd=project,
                           env={"XDG_CACHE_HOME": str(cache)})
        assert done.returncode == 0, done.stderr
        return hashes(out / "site")

    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d",
                            str(tmp_path / "plain")], cwd=project, env=toolkit_env(),
                           capture_output=True, text=True)
    assert plain.returncode == 0, plain.stderr
    first = build_with(user_cache, tmp_path / "first")  # the machine's first build
    assert first == hashes(tmp_path / "plain")
    stored = {p: p.stat().st_ino for p in (user_cache / "action-planning-toolkit").rglob("*")
              if p.is_file()}
    assert len(stored) >= 30  # mkdocs-material's page and partials, the toolkit's templates

    # Built again from what is stored, one stored file damaged: the same pages,
    # every other file read, not compiled and written again.
    damaged = sorted(stored)[0]
    damaged.write_bytes(damaged.read_bytes()[:40])
    assert build_with(user_cache, tmp_path / "second") == first
    rewritten = {p for p, inode in stored.items() if p.stat().st_ino != inode}
    assert rewritten == {damaged}

    # A cache folder that cannot be written is no reason to fail.
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file", encoding="utf-8")
    assert build_with(blocked, tmp_path / "third") == first


def test_another_build_date_changes_the_stamped_files_only_through_source_date_epoch(
        tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    build(project, out, "--only", "slides")
    before = hashes(out / "site")
    done = run_toolkit("build", "--project", str(project), "--out", str(out), "--only", "slides",
                       cwd=project, env={"SOURCE_DATE_EPOCH": "1780000000"})
    assert done.returncode == 0, done.stderr
    # The deck's dates come from SOURCE_DATE_EPOCH: a new date is not served from the cache.
    assert changed(before, hashes(out / "site")) == {sitemap.deck_download(d) for d in
                                                     ("benchmark-session", "action-planning-workshop")}


def test_batch_builds_every_good_district_and_reports_the_bad_one(tmp_path: Path) -> None:
    folder = tmp_path / "districts"
    folder.mkdir()
    write_district(folder, NASTY_DISTRICT, "north.yml")
    write_district(folder, NASTY_DISTRICT.replace("Saint-Étienne", "Lakeside"), "lakeside.yml")
    bad = write_district(folder, NASTY_DISTRICT.replace("small_groups: 4", "small_groups: many"),
                         "broken.yml")
    bad_line = bad.read_text(encoding="utf-8").splitlines().index("  small_groups: many") + 1
    out = tmp_path / "out"
    done = run_toolkit("build", "--only", "slides", "--district", str(folder), "--out", str(out))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"broken.yml:{bad_line}: expected a whole number" in done.stderr, done.stderr
    assert "\r" not in done.stderr  # no progress bar when stderr is not a terminal
    decks = sorted(p.relative_to(out / "districts").as_posix()
                   for p in (out / "districts").rglob("*.pptx"))
    assert decks == [f"{stem}/{deck}.pptx" for stem in ("lakeside", "north")
                     for deck in ("action-planning-workshop", "benchmark-session")]
    for stem, name in (("north", "Saint-Étienne"), ("lakeside", "Lakeside")):
        deck = Presentation(str(out / "districts" / stem / "benchmark-session.pptx"))
        cover = " ".join(shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)
        assert name in cover
    # Each district's decks are those a single-district build makes.
    single = tmp_path / "single"
    build(ROOT, single, "--only", "slides", "--district", str(folder / "north.yml"))
    for deck in ("action-planning-workshop", "benchmark-session"):
        assert (out / "districts" / "north" / f"{deck}.pptx").read_bytes() == \
            (single / "site" / sitemap.deck_download(deck)).read_bytes()


def test_batch_needs_only_slides(tmp_path: Path) -> None:
    done = run_toolkit("build", "--district", str(tmp_path), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "--only slides" in done.stderr


def test_slides_only_build_imports_neither_weasyprint_nor_mkdocs(tmp_path: Path) -> None:
    code = ("import sys\nfrom toolkit.cli import main\n"
            f"status = main(['build', '--only', 'slides', '--out', {str(tmp_path)!r}])\n"
            "print(status, sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'weasyprint'}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=toolkit_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "0 []", done.stderr
    assert (tmp_path / "site" / sitemap.deck_download("benchmark-session")).is_file()


# -- the worker processes ----------------------------------------------------------------


def _failing_production(monkeypatch, tmp_path, render):  # type: ignore[no-untyped-def]
    """A build of one renderer's files, two printed (by workers) and one plain (by the build)."""
    import types

    from toolkit.pipeline import artifacts, workers
    from toolkit.pipeline.inputs import BuildInputs, load_inputs
    from toolkit.pipeline.produce import Cache, Production

    module = types.ModuleType("tests_failing_renderer")
    module.outputs = lambda inputs: [  # type: ignore[attr-defined]
        artifacts.Output("a.pdf", "failing", ("mistake",), "key-a", printed=True),
        artifacts.Output("b.pdf", "failing", ("fine",), "key-b", printed=True),
        artifacts.Output("c.txt", "failing", ("fine",), "key-c"),
    ]
    module.render = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tests_failing_renderer", module)
    monkeypatch.setitem(artifacts.RENDERERS, "failing", "tests_failing_renderer")
    assert workers.can_fork()  # so that what follows really runs in worker processes
    content, _, _ = load_inputs(ROOT, None)
    inputs = BuildInputs(content)
    return Production(inputs, artifacts.list_outputs(inputs, ["failing"]), Cache(tmp_path))


def test_a_mistake_found_by_a_worker_is_reported_with_its_line(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from toolkit.errors import ToolkitError

    def render(inputs, output):  # type: ignore[no-untyped-def]
        if output.item == ("mistake",):
            raise ToolkitError.at(Path("content/templates/broken.yml"), 7, "cannot print this")
        return f"made in {os.getpid()}".encode()

    production = _failing_production(monkeypatch, tmp_path, render)
    with pytest.raises(ToolkitError) as raised:
        production.finish()
    assert [p.format() for p in raised.value.problems] == [
        "content/templates/broken.yml:7: cannot print this"]
    # The other printed file was made by a worker, the plain one by the build itself.
    assert production.files["b.pdf"] != f"made in {os.getpid()}".encode()
    assert production.files["c.txt"] == f"made in {os.getpid()}".encode()


def test_a_bug_in_a_worker_stops_the_build_with_its_traceback(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    def render(inputs, output):  # type: ignore[no-untyped-def]
        if output.printed:
            raise ZeroDivisionError("a bug in a renderer")
        return b"plain"

    production = _failing_production(monkeypatch, tmp_path, render)
    with pytest.raises(RuntimeError, match="ZeroDivisionError: a bug in a renderer"):
        production.finish()


def test_a_plain_mkdocs_build_reads_toolkit_district_from_the_working_folder(tmp_path: Path) -> None:
    """``TOOLKIT_DISTRICT`` brands a plain ``mkdocs build`` run from anywhere, read from the
    working folder as ``toolkit build`` reads it; the same site as ``toolkit build --district``."""
    project = copy_project(tmp_path / "project")
    here = tmp_path / "here"
    here.mkdir()
    district = write_district(here, NASTY_DISTRICT)
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                            str(project / "mkdocs.yml"), "-d", str(tmp_path / "plain")],
                           cwd=here, env={**toolkit_env(), "TOOLKIT_DISTRICT": district.name},
                           capture_output=True, text=True)
    assert plain.returncode == 0, plain.stderr
    built = run_toolkit("build", "--project", str(project), "--district", district.name,
                        "--out", str(tmp_path / "toolkit"), cwd=here)
    assert built.returncode == 0, built.stderr
    assert "St-Étienne" in (tmp_path / "plain" / "index.html").read_text(encoding="utf-8")
    assert hashes(tmp_path / "plain") == hashes(tmp_path / "toolkit" / "site")
