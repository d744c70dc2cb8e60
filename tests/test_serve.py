"""``toolkit serve``: live preview that rebuilds when content changes."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from pptx import Presentation

from tests.conftest import LOGO_PNG, copy_project, hashes, toolkit_env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    return _get_bytes(url).decode("utf-8")


def _wait_for(url: str, predicate, timeout: float = 60) -> str:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _get(url)
            if predicate(last):
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never matched; last response starts: {last[:200]!r}")


def _get_bytes(url: str) -> bytes:
    """The file at ``url``; a server busy rebuilding (a slow machine) is asked again, for a while."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - loopback only
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _serve(tmp_path: Path, project: Path | None = None,
           stderr: int | None = subprocess.DEVNULL) -> tuple[Path, int, subprocess.Popen[bytes]]:
    project = project or copy_project(tmp_path / "project")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "serve", "--project", str(project),
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path, env=toolkit_env(),
        stdout=subprocess.DEVNULL, stderr=stderr,
    )
    return project, port, proc


def test_serve_serves_the_new_deck_when_its_outline_changes(tmp_path: Path) -> None:
    project, port, proc = _serve(tmp_path)
    try:
        url = f"http://127.0.0.1:{port}/downloads/decks/benchmark-session.pptx"
        _wait_for(f"http://127.0.0.1:{port}/index.html", lambda page: "toolkit" in page.lower())
        first = _get_bytes(url)
        outline = project / "slides" / "benchmark-session.yml"
        outline.write_text(outline.read_text(encoding="utf-8").replace(
            'title: "Action plans and implementation benchmarks"',
            'title: "Edited while serving"', 1), encoding="utf-8")
        deadline = time.monotonic() + 60
        served = first
        while served == first and time.monotonic() < deadline:
            time.sleep(0.3)
            served = _get_bytes(url)
        cover = Presentation(io.BytesIO(served)).slides[0]
        assert cover.shapes.title.text_frame.text == "Edited while serving"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_rebuilds_a_page_when_its_module_changes(tmp_path: Path) -> None:
    project, port, proc = _serve(tmp_path)
    try:
        url = f"http://127.0.0.1:{port}/activities/swot-analysis.html"
        _wait_for(url, lambda page: "SWOT" in page)
        module = project / "content" / "activities" / "swot-analysis.md"
        module.write_text(
            module.read_text(encoding="utf-8").replace(
                "summary: ", "summary: Freshly edited for the preview test. ", 1),
            encoding="utf-8",
        )
        _wait_for(url, lambda page: "Freshly edited for the preview test." in page)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_reprints_a_template_when_its_definition_changes(tmp_path: Path) -> None:
    """Under serve, PDFs come from a printing process started before the server's threads."""
    from pypdf import PdfReader

    project, port, proc = _serve(tmp_path)
    try:
        base = f"http://127.0.0.1:{port}/downloads/templates/swot"
        _wait_for(f"http://127.0.0.1:{port}/index.html", lambda page: "toolkit" in page.lower())
        first_pdf, first_docx = _get_bytes(base + ".pdf"), _get_bytes(base + ".docx")
        definition = project / "content" / "templates" / "swot.yml"
        definition.write_text(definition.read_text(encoding="utf-8").replace(
            'title: "SWOT analysis worksheet"', 'title: "Reprinted while serving"', 1),
            encoding="utf-8")
        deadline = time.monotonic() + 60
        served = first_pdf
        while served == first_pdf and time.monotonic() < deadline:
            time.sleep(0.3)
            served = _get_bytes(base + ".pdf")
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(served)).pages)
        assert "Reprinted while serving" in text
        assert _get_bytes(base + ".docx") != first_docx
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=20)



def test_serve_previews_what_the_settings_file_publishes(tmp_path: Path) -> None:
    """With toolkit.yml, a plain ``toolkit serve`` shows the district's branding and plan,
    says which files it previews, and rebuilds when the plan file changes."""
    project = copy_project(tmp_path / "project")
    (project / "district").mkdir()
    (project / "district" / "marlowe.yml").write_text(
        'name: "Marlowe Regional School District"\nplan_year: "2026-2027"\n'
        'branding: {logo: seal.png, logo_alt: "Marlowe seal"}\n', encoding="utf-8")
    (project / "district" / "seal.png").write_bytes(LOGO_PNG)
    (project / "plans").mkdir()
    plan = project / "plans" / "literacy.yml"
    plan.write_text(
        'district: "Marlowe Regional School District"\nplan_year: "2026-2027"\ninitiatives:\n'
        '  - name: "Strengthen early literacy instruction"\n    team: "Early literacy team"\n'
        '    process_benchmarks:\n'
        '      - {benchmark: "Identify reading strategies", person: "M. Edwards", date: 2026-10-01}\n'
        '    early_evidence_benchmarks:\n'
        '      - {benchmark: "Observations cite the strategies", person: "S. Harris", date: 2027-02-01}\n'
        '    resources: ["Coaching time"]\n', encoding="utf-8")
    (project / "toolkit.yml").write_text("district: district/marlowe.yml\nplans: [plans]\n",
                                         encoding="utf-8")
    _, port, proc = _serve(tmp_path, project, stderr=subprocess.PIPE)
    try:
        home = _wait_for(f"http://127.0.0.1:{port}/index.html", lambda page: "Marlowe" in page)
        assert "district-logo.png" in home
        url = f"http://127.0.0.1:{port}/plan/index.html"
        _wait_for(url, lambda page: "Strengthen early literacy instruction" in page)
        plan.write_text(plan.read_text(encoding="utf-8").replace(
            "Strengthen early literacy instruction", "Renamed while serving"), encoding="utf-8")
        _wait_for(url, lambda page: "Renamed while serving" in page)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    said = err.decode("utf-8")
    assert "Previewing with the district file project/district/marlowe.yml" in said
    assert "Previewing with the plan project/plans" in said
    assert "Settings read from project/toolkit.yml" in said


_REBUILDS = """
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from toolkit.pipeline import compiled
from toolkit.pipeline.artifacts import PRINTING
from toolkit.pipeline.workers import PrintServer
from toolkit.site import live

live.enable()  # as toolkit serve does, before its server starts
compiled.enable(compiled.user_cache_folder())
PrintServer.start(sorted(PRINTING))
project, out = Path(sys.argv[1]), Path(sys.argv[2])


def rebuild(name):
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(out / name))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    return live.hits


names = sys.argv[3:]
if names == ["fresh"]:
    print(rebuild("fresh"))
else:
    first, again = rebuild("first"), rebuild("again")
    module = project / "content" / "activities" / "swot-analysis.md"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "summary: ", "summary: Edited between rebuilds. ", 1), encoding="utf-8")
    print(first, again, rebuild("edited"))
"""


def test_a_rebuild_that_reuses_pages_writes_what_a_fresh_build_writes(tmp_path: Path) -> None:
    """Under serve, a page whose Markdown and neighbours did not change takes the HTML the
    last rebuild made (toolkit.site.live): the site is byte for byte what a process that
    renders every page writes, and an edited page is rendered anew."""
    project = copy_project(tmp_path / "project")
    out = tmp_path / "out"

    def run(*names: str) -> list[int]:
        done = subprocess.run([sys.executable, "-c", _REBUILDS, str(project), str(out), *names],
                              env=toolkit_env(), capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return [int(n) for n in done.stdout.split()]

    first, again, edited = run("rebuilds")
    (fresh,) = run("fresh")
    pages = len(list((out / "first").rglob("*.html")))
    assert first == 0 and fresh == 0
    assert 30 < again <= pages  # every page came from the first rebuild
    assert 0 < edited < again  # the edited module's pages were rendered anew, the rest reused
    assert hashes(out / "again") == hashes(out / "first")
    assert hashes(out / "edited") == hashes(out / "fresh")
    assert "Edited between rebuilds." in (out / "edited" / "activities" / "swot-analysis.html").read_text(
        encoding="utf-8")
