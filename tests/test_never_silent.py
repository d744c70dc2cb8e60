"""Never silent: every problem the toolkit knows of is printed, once, with its place and
what to do; a command that serves says where and how to stop it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project, run_toolkit, toolkit_env

FAKE_LOGO = """\
name: "Marlowe Regional School District"
plan_year: "2026-2027"
branding:
  logo: seal.png
  logo_alt: "Marlowe seal"
"""


def test_a_logo_that_is_no_picture_fails_check_at_its_line_and_build_says_so_once(
        tmp_path: Path) -> None:
    (tmp_path / "seal.png").write_text("not a picture at all", encoding="utf-8")
    district = tmp_path / "district.yml"
    district.write_text(FAKE_LOGO, encoding="utf-8")
    expected = f"{district}:4: cannot read 'seal.png' as a picture: it is not a picture"
    checked = run_toolkit("check", "--district", str(district))
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [expected]
    built = run_toolkit("build", "--district", str(district), "--out", str(tmp_path / "out"))
    assert built.returncode == 1
    assert built.stderr.splitlines() == [expected]  # once, and nothing else
    assert not (tmp_path / "out" / "site").exists()


def test_a_jpeg_named_png_is_accepted_and_a_gif_is_named(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (8, 8), (11, 93, 59)).save(tmp_path / "seal.png", "JPEG")
    district = tmp_path / "district.yml"
    district.write_text(FAKE_LOGO, encoding="utf-8")
    assert run_toolkit("check", "--district", str(district)).returncode == 0
    Image.new("RGB", (8, 8), (11, 93, 59)).save(tmp_path / "seal.png", "GIF")
    checked = run_toolkit("check", "--district", str(district))
    assert checked.stderr.splitlines() == [f"{district}:4: 'seal.png' is a GIF picture; use PNG or JPEG"]


def test_a_missing_project_folder_names_where_it_looked_and_the_option(tmp_path: Path) -> None:
    for command in (["check"], ["build", "--out", str(tmp_path / "out")]):
        done = run_toolkit(*command, "--project", str(tmp_path / "nowhere"), cwd=tmp_path)
        assert done.returncode == 1
        assert done.stderr.splitlines() == [
            f"nowhere/content: no content folder in {tmp_path.resolve() / 'nowhere'}: run toolkit "
            "from the project folder (the one holding mkdocs.yml, content/ and slides/), or name "
            "that folder with --project DIR"]



@pytest.mark.parametrize(("rel", "old", "new", "hint"), [
    ("slides/benchmark-session.yml", "\nslides:", "\nslidse:", "'slidse': did you mean 'slides'?"),
    ("content/templates/swot.yml", "\nsections:", "\nsectons:", "'sectons': did you mean 'sections'?"),
    ("content/steps/introduce-benchmarks.md", "\nduration:", "\nduraton:",
     "'duraton': did you mean 'duration'?"),
])
def test_an_unknown_key_in_content_names_the_nearest_known_one(
        tmp_path: Path, rel: str, old: str, new: str, hint: str) -> None:
    project = copy_project(tmp_path)
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    done = run_toolkit("check", cwd=project)
    assert done.returncode == 1
    line = text[: text.index(old)].count("\n") + 2
    assert f"{rel}:{line}: unknown key {hint} (known keys: " in done.stderr, done.stderr


def test_unknown_keys_in_a_district_file_and_a_plan_name_the_nearest_known_one(tmp_path: Path) -> None:
    district = tmp_path / "district.yml"
    district.write_text('name: "A"\nplan_year: "2026-2027"\nsession:\n  small_grups: 4\n',
                        encoding="utf-8")
    done = run_toolkit("check", "--district", str(district))
    assert f"{district}:4: unknown key 'small_grups': did you mean 'small_groups'? (known keys: " \
        in done.stderr, done.stderr
    plan = tmp_path / "plan.yml"
    plan.write_text('district: "A"\nplan_year: "2026-2027"\ninitiatives:\n  - name: "X"\n'
                    '    proces_benchmarks: []\n', encoding="utf-8")
    done = run_toolkit("check", "--plan", str(plan))
    assert f"{plan}:5: error: unknown key 'proces_benchmarks': did you mean 'process_benchmarks'?" \
        in done.stderr, done.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serving(port: int) -> subprocess.Popen[str]:
    """``toolkit serve`` on ``port``, started."""
    return subprocess.Popen(
        [sys.executable, "-m", "toolkit", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, env=toolkit_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_until_served(port: int) -> None:
    """Until the port answers: the first build is done."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)


@pytest.mark.parametrize(("stop", "code", "last"), [
    (signal.SIGINT, 0, "Stopped serving."),  # what Ctrl-C does
    (signal.SIGTERM, 143, "Stopped serving (SIGTERM)."),  # what a service manager does
])
def test_serve_says_where_it_serves_and_how_to_stop(stop: int, code: int, last: str) -> None:
    port = free_port()
    server = serving(port)
    try:
        first = server.stderr.readline()  # type: ignore[union-attr]
        assert first == (f"Building the guide, then serving it at http://127.0.0.1:{port}/ "
                         "(press Ctrl-C to stop)\n")
        wait_until_served(port)
        server.send_signal(stop)
        _, rest = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == code
    assert "Traceback" not in rest
    assert rest.rstrip().endswith(last)  # a server has no build output to speak of


def test_serve_on_a_port_in_use_is_a_clear_error_before_building() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        done = run_toolkit("serve", "--dev-addr", f"127.0.0.1:{port}")
        elapsed = time.monotonic() - started
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"--dev-addr: 127.0.0.1:{port} is in use by another program: stop it, or serve on another "
        f"port, e.g. --dev-addr 127.0.0.1:{port + 1}"]
    assert elapsed < 30  # before the guide is built, and no server left behind


def test_decks_alone_into_a_new_folder_say_the_guide_is_not_there(tmp_path: Path) -> None:
    """``--only slides`` into a folder without a site makes a site of decks alone; hosting it
    would publish no guide, so the build says so (once)."""
    out = tmp_path / "out"
    result = run_toolkit("build", "--only", "slides", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("has no guide pages yet: a build without --only makes them") == 1
    assert (out / "site" / "downloads" / "decks" / "benchmark-session.pptx").is_file()
    assert not (out / "site" / "index.html").exists()
