"""The guide site as a district's IT and a facilitator meet it.

One generic build and one build for a district whose name needs escaping
are made once; every page is opened in headless Chromium from ``file://``
with outside requests blocked and checked with axe-core.
"""

from __future__ import annotations

import filecmp
import functools
import html
import http.server
import shutil
import threading
from pathlib import Path

from tests.browser import Guard, axe_violations, browser
from tests.conftest import LOGO_ALT, LOGO_PNG, NASTY_NAME, ROOT, run_toolkit


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_site_has_a_page_for_every_module_and_template(generic_site: Path) -> None:
    from toolkit.model import load_content

    content = load_content(ROOT)
    for module in content.modules.values():
        assert (generic_site / module.src_uri).with_suffix(".html").is_file(), module.src_uri
    for template_id in content.templates:
        assert (generic_site / "templates" / f"{template_id}.html").is_file()
    for step in content.steps:
        if step.run_of_show:
            assert (generic_site / "facilitation" / f"{step.id}-run-of-show.html").is_file()


def test_every_page_offline_accessible_and_self_contained(district_site: Path) -> None:
    pages = html_pages(district_site)
    assert len(pages) >= 10
    failures: dict[str, object] = {}
    with browser() as b:
        page = b.new_page()
        guard = Guard(page)
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_load_state("networkidle")
            violations = axe_violations(page)
            if violations:
                failures[str(path.relative_to(district_site))] = violations
        assert guard.outside == [], f"outside requests: {guard.outside[:10]}"
    assert failures == {}


def test_every_page_fits_a_phone_a_tablet_and_a_laptop(generic_site: Path) -> None:
    """390, 768 and 1280 px: nothing scrolls sideways, no word in a table is broken."""
    from tests.layout import pages_that_do_not_fit

    with browser() as b:
        assert pages_that_do_not_fit(b, generic_site, html_pages(generic_site)) == {}


def _search(page, term: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.wait_for_load_state("networkidle")
    page.keyboard.press("s")  # Material's shortcut opens the search
    page.keyboard.type(term, delay=50)  # typed as a person would: Material reacts to keys
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.eval_on_selector_all(
        ".md-search-result__item a", "els => els.map(e => e.getAttribute('href'))"
    )


def test_offline_search_from_file_finds_swot(generic_site: Path) -> None:
    with browser() as b:
        page = b.new_page()
        guard = Guard(page)
        page.goto((generic_site / "index.html").as_uri(), wait_until="load")
        hrefs = _search(page, "SWOT")
        assert any("swot-analysis" in h for h in hrefs), hrefs
        assert guard.outside == []


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_site_under_a_sub_path(generic_site: Path, tmp_path: Path) -> None:
    """Hosted at http://host/planning/, navigation and search still work."""
    shutil.copytree(generic_site, tmp_path / "planning")
    handler = functools.partial(_Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/planning/"
    try:
        with browser() as b:
            page = b.new_page()
            guard = Guard(page, allowed_hosts=("127.0.0.1",))
            page.goto(base + "index.html", wait_until="load")
            page.click("a[href$='activities/swot-analysis.html']")
            page.wait_for_load_state("load")
            assert page.url.startswith(base + "activities/swot-analysis.html")
            assert "SWOT" in page.inner_text("h1")
            hrefs = _search(page, "benchmark")
            assert hrefs
            assert guard.outside == []
    finally:
        server.shutdown()


def test_district_name_is_escaped_everywhere(district_site: Path) -> None:
    raw = html.escape(NASTY_NAME, quote=False)
    for path in html_pages(district_site):
        text = path.read_text(encoding="utf-8")
        assert "<North>" not in text, path
        assert NASTY_NAME not in text, path  # never inserted unescaped
    index = (district_site / "index.html").read_text(encoding="utf-8")
    assert raw.replace('"', "&quot;") in index or raw.replace('"', "&#34;") in index
    with browser() as b:
        page = b.new_page()
        Guard(page)
        page.goto((district_site / "index.html").as_uri())
        assert NASTY_NAME in page.title()
        assert NASTY_NAME in page.inner_text(".md-header__title")
        assert f"Prepared for {NASTY_NAME}, plan year 2026-2027." in page.inner_text("article")
        page.goto((district_site / "facilitation" / "index.html").as_uri())
        article = page.inner_text("article")
        assert NASTY_NAME in article
        assert 'Strengthen early literacy instruction, K-3 & <grade 4> "bridge"' in article
        assert "Dr. Zoë O'Brien & <Co>" in article
        assert "September 15, 2026" in article


def test_generic_site_shows_visible_blanks(generic_site: Path) -> None:
    text = (generic_site / "facilitation" / "index.html").read_text(encoding="utf-8")
    assert "[district name]" in text
    assert "[select and list initiatives from the district plan]" in text
    assert "[X]" in text


def test_district_branding_colours_and_logo(district_site: Path) -> None:
    css = (district_site / "assets" / "stylesheets" / "district.css").read_text()
    assert "--md-primary-fg-color: #0b5d3b;" in css
    assert (district_site / "assets" / "images" / "district-logo.png").read_bytes() == LOGO_PNG
    with browser() as b:
        page = b.new_page()
        Guard(page)
        page.goto((district_site / "steps" / "introduce-benchmarks.html").as_uri())
        logo = page.locator(".md-header .md-logo img")
        assert logo.get_attribute("alt") == LOGO_ALT
        assert page.evaluate("(img) => img.naturalWidth", logo.element_handle()) == 64
        header = page.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor")
        assert header == "rgb(11, 93, 59)"


def test_site_build_is_deterministic(generic_site: Path, tmp_path: Path) -> None:
    result = run_toolkit("build", "--out", str(tmp_path / "again"))
    assert result.returncode == 0, result.stderr
    again = tmp_path / "again" / "site"
    first = sorted(p.relative_to(generic_site) for p in generic_site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    _, mismatch, errors = filecmp.cmpfiles(generic_site, again, [str(p) for p in first], shallow=False)
    assert mismatch == [] and errors == []
