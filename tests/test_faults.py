"""Faults: a build stopped at any moment, an output that cannot be written, a full
disk, two builds into one folder.

A build killed (SIGKILL), told to stop (SIGTERM) or interrupted (Ctrl-C) at
several moments leaves the previous site or the complete new one, never a
mix; none of its worker processes outlives it by more than a second; what it
left behind is removed by the next build. An output folder that is a file,
or cannot be written, or a disk that fills up, is a clear error and exit 1,
fast, with the previous output as it was.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project, hashes, run_toolkit, toolkit_env


def edit_outline(project: Path, words: str) -> None:
    outline = project / "slides" / "benchmark-session.yml"
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text.replace('title: "Action plans and implementation benchmarks"',
                                    f'title: "Action plans and benchmarks, {words}"', 1),
                       encoding="utf-8")


def leftovers(out: Path) -> list[str]:
    """What a stopped build may leave in its output folder: staging folders, half files."""
    staged = [p.name for p in out.iterdir() if p.name.startswith((".site.new-", ".site.old-"))]
    return staged + [p.name for p in (out / ".cache").rglob(".new-*")] + (
        [] if (out / "site").is_dir() else ["no site"])


def group_alive(pgid: int) -> list[int]:
    """Processes of a process group still running (zombies waiting to be reaped are not)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


def start_build(project: Path, out: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "toolkit", "build", "--project", str(project), "--out", str(out), *args],
        cwd=project, env=toolkit_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)  # its own process group: the build and every worker it forks


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A project whose last build is on disk, edited since; the previous site's files
    and those a complete build of the edited project writes."""
    project = copy_project(tmp_path_factory.mktemp("faults"))
    out = project / "out"
    assert run_toolkit("build", "--project", str(project), "--out", str(out), cwd=project).returncode == 0
    previous = hashes(out / "site")
    edit_outline(project, "edited")
    reference = tmp_path_factory.mktemp("reference")
    done = run_toolkit("build", "--project", str(project), "--out", str(reference), cwd=project)
    assert done.returncode == 0, done.stderr
    new = hashes(reference / "site")
    assert new != previous
    return project, previous, new


@pytest.mark.parametrize(("how", "after"), [
    (signal.SIGKILL, 0.3), (signal.SIGKILL, 1.0), (signal.SIGKILL, 2.0),
    (signal.SIGTERM, 1.0), (signal.SIGINT, 1.5),
])
def test_a_build_stopped_at_any_moment_leaves_a_whole_site_and_no_worker(
        two_sites, tmp_path: Path, how: signal.Signals, after: float) -> None:  # type: ignore[no-untyped-def]
    project, previous, new = two_sites
    out = tmp_path / "out"
    shutil.copytree(project / "out", out)  # the previous build's output, cache and all
    shutil.rmtree(out / ".cache" / "outputs")  # so that this build has printing to do
    build = start_build(project, out)
    time.sleep(after)
    if how == signal.SIGINT:
        os.killpg(build.pid, how)  # Ctrl-C reaches the terminal's whole process group
    else:
        build.send_signal(how)
    _, stderr = build.communicate(timeout=60)
    assert "Traceback" not in stderr, stderr
    if how != signal.SIGKILL and build.returncode:
        assert build.returncode in (130, 143), stderr
        assert "the output is as it was" in stderr
    deadline = time.monotonic() + 1.0
    while group_alive(build.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert group_alive(build.pid) == [], "worker processes outlived the build by a second"
    assert hashes(out / "site") in (previous, new)  # the previous site, or the whole new one

    # The next build removes whatever the stopped one left, and completes.
    done = run_toolkit("build", "--project", str(project), "--out", str(out), cwd=project)
    assert done.returncode == 0, done.stderr
    assert hashes(out / "site") == new
    assert leftovers(out) == []


def test_a_site_swapped_halfway_is_put_back_by_the_next_build(two_sites, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Where a file system cannot swap two folders in one step, the site is renamed
    aside and the new one renamed in: a build killed between the two leaves the previous
    site beside its place, and the next build puts it back before anything else."""
    project, previous, new = two_sites
    out = tmp_path / "out"
    shutil.copytree(project / "out", out)
    os.replace(out / "site", out / ".site.old-x1y2")
    (out / ".site.new-a1b2").mkdir()
    (out / ".site.new-a1b2" / "index.html").write_text("half", encoding="utf-8")
    (out / ".cache" / "outputs" / ".new-half").write_bytes(b"half a file")
    # An unchanged build finds its previous site back in place: nothing to do.
    done = run_toolkit("build", "--project", str(project), "--out", str(out), cwd=project)
    assert done.returncode == 0, done.stderr
    assert leftovers(out) == []
    assert hashes(out / "site") == new
    assert previous != new


def test_two_builds_into_one_folder_give_one_complete_site(two_sites, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project, _, new = two_sites
    out = tmp_path / "out"
    first, second = start_build(project, out), start_build(project, out)
    results = [first.communicate(timeout=300), second.communicate(timeout=300)]
    assert (first.returncode, second.returncode) == (0, 0), results
    assert any("Waiting for another build" in err for _, err in results)
    assert hashes(out / "site") == new
    assert leftovers(out) == []


@pytest.mark.parametrize("kind", ["file", "file in the way", "inside content"])
def test_an_output_folder_that_cannot_be_used_is_an_error_not_a_hang(tmp_path: Path, kind: str) -> None:
    if kind == "file":
        out = tmp_path / "out"
        out.write_text("not a folder", encoding="utf-8")
        expected = f"{out}: the output folder is a file: give --out a folder"
    elif kind == "file in the way":
        (tmp_path / "blocked").write_text("a file where a folder should be", encoding="utf-8")
        out = tmp_path / "blocked" / "out"
        expected = f"{out}: cannot write the output: a file is in the way of a folder"
    else:
        out = ROOT / "content" / "out"
        expected = "the output folder is inside the project's content/ folder"
    started = time.monotonic()
    done = run_toolkit("build", "--out", str(out))
    assert done.returncode == 1
    assert expected in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert time.monotonic() - started < 30
    assert not (ROOT / "content" / "out").exists()


CONFINE = shutil.which("unshare")


def confined_build(setup: str, project: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``toolkit build`` in a mount namespace of its own, where ``setup`` (shell) has
    mounted something odd: a tiny file system that fills up, a read-only folder.
    Nothing outside the test's folder is affected, and nothing outlives the command."""
    command = " ".join([setup, "&&", "exec", sys.executable, "-m", "toolkit", "build", "--project",
                        str(project), "--out", str(out), *args])
    return subprocess.run([CONFINE, "--user", "--map-root-user", "--mount", "sh", "-c", command],
                          cwd=project, env=toolkit_env(), capture_output=True, text=True, timeout=300)


def test_a_full_disk_is_an_error_and_the_previous_output_stays(two_sites, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The output folder on a file system of 2 MB: the build fills it, says the disk is
    full and exits 1; the previous site (a stub small enough to fit) stays as it was."""
    assert CONFINE, "unshare (util-linux) is needed to give a build a file system of its own"
    project, _, _ = two_sites
    out = tmp_path / "out"
    out.mkdir()
    script = (f"mount -t tmpfs -o size=2m tmpfs {out} && mkdir {out}/site && "
              f"echo previous > {out}/site/index.html && "
              f"{sys.executable} -m toolkit build --project {project} --out {out}; status=$?; "
              f"cat {out}/site/index.html; ls -A {out}; exit $status")
    done = subprocess.run([CONFINE, "--user", "--map-root-user", "--mount", "sh", "-c", script],
                          cwd=project, env=toolkit_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert f"{out}: cannot write the output: the disk is full" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.split() == ["previous", ".cache", "site"]


def test_a_read_only_output_or_cache_is_an_error(two_sites, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert CONFINE, "unshare (util-linux) is needed to make a folder read-only for root"
    project, previous, _ = two_sites
    out = tmp_path / "out"
    shutil.copytree(project / "out", out)
    for folder, args in ((out, ()), (out / ".cache", ("--clean",))):
        readonly = f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder}"
        done = confined_build(readonly, project, out, *args)
        assert done.returncode == 1, done.stderr
        assert "Nothing changed" not in done.stderr
        assert f"{out}: cannot write the output: the file system is read-only" in done.stderr, \
            done.stderr
        assert hashes(out / "site") == previous


def test_clean_with_a_cache_that_cannot_be_emptied_says_so(two_sites, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--clean renders everything again, or says why it cannot: never "Nothing changed"."""
    assert CONFINE
    project, previous, _ = two_sites
    out = tmp_path / "out"
    shutil.copytree(project / "out", out)
    outputs = out / ".cache" / "outputs"
    readonly = f"mount --bind {outputs} {outputs} && mount -o remount,bind,ro {outputs}"
    done = confined_build(readonly, project, out, "--clean")
    assert done.returncode == 1, done.stderr
    assert f"{out / '.cache'}: cannot empty the build cache for --clean" in done.stderr, done.stderr
    assert hashes(out / "site") == previous


def test_a_build_run_from_a_thread_works(tmp_path: Path) -> None:
    """The CLI installs its SIGTERM handler only from the main thread (a caller that runs
    it in a thread keeps its own)."""
    from toolkit.cli import main

    status: list[int] = []
    worker = threading.Thread(target=lambda: status.append(
        main(["build", "--only", "slides", "--out", str(tmp_path / "out")])))
    worker.start()
    worker.join(120)
    assert status == [0]


def test_a_relative_output_folder_is_read_from_where_the_build_runs(tmp_path: Path) -> None:
    """``--project`` names another folder and ``--out`` is relative: the whole site lands in
    the output folder below the working folder, and nothing in the project. (mkdocs reads a
    relative site folder from mkdocs.yml's folder; the build once published an empty site.)"""
    project = copy_project(tmp_path / "project")
    here = tmp_path / "here"
    here.mkdir()
    result = run_toolkit("build", "--project", str(project), "--out", "out", "--only", "site", cwd=here)
    assert result.returncode == 0, result.stderr
    site = here / "out" / "site"
    assert (site / "index.html").is_file()
    assert (site / "facilitation" / "introduce-benchmarks-run-of-show.html").is_file()
    assert not (project / "out").exists()
