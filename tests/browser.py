"""Headless Chromium for tests: Debian's chromium driven by Playwright.

Every request that is not to ``file://`` or to the test's own loopback
server is blocked and recorded, so a test can assert the site asks nothing
of any outside host. axe-core comes from npm (``npm ci``) and is injected
into each page to check WCAG 2.0/2.1 A and AA rules.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Chromium is not installed (apt-get install chromium); see .ci/run")


@contextmanager
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


class Guard:
    """Blocks and records every request to a host other than the allowed ones."""

    def __init__(self, page: Page, allowed_hosts: tuple[str, ...] = ()) -> None:
        self.outside: list[str] = []
        self.allowed_hosts = allowed_hosts
        page.route("**/*", self._route)

    def _route(self, route, request) -> None:  # type: ignore[no-untyped-def]
        url = urlparse(request.url)
        if url.scheme in ("file", "data", "blob", "about") or (
            url.scheme in ("http", "https") and url.hostname in self.allowed_hosts
        ):
            route.continue_()
        else:
            self.outside.append(request.url)
            route.abort()


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core on the loaded page; return violations as plain dicts."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
        " return JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))); }",
        AXE_TAGS,
    )
    return json.loads(result)
