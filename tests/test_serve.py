"""``toolkit serve``: live preview that rebuilds when content changes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8")


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


def test_serve_rebuilds_a_page_when_its_module_changes(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "slides", project / "slides")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "serve", "--project", str(project),
         "--dev-addr", f"127.0.0.1:{port}"],
        # PYTHONPATH: the toolkit of this checkout, not whichever one is installed.
        cwd=tmp_path, env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
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
