"""A step's run of show as a facilitator uses it: live during the session, and printed.

The live view is opened from ``file://`` in headless Chromium with outside
requests blocked and the page's clock under the test's control, then driven
with the keyboard and the buttons, reloaded, checked with axe-core and
measured at projector sizes. The printed run of show is printed to PDF by
Chromium and read back.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser import Guard, axe_violations, browser
from tests.conftest import NASTY_DISTRICT, ROOT, run_toolkit, write_district

#: Starts before noon so that the third segment spans it.
START = "11:40 AM"
LIVE = Path("facilitation") / "introduce-benchmarks-live.html"
PLAIN = Path("facilitation") / "introduce-benchmarks-run-of-show.html"
PROJECTORS = ({"width": 1280, "height": 720}, {"width": 1920, "height": 1080})


@pytest.fixture(scope="module")
def clock_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The escaping district, with a start time for its session."""
    folder = tmp_path_factory.mktemp("clock-district")
    text = NASTY_DISTRICT.replace("  date: 2026-09-15\n", f'  date: 2026-09-15\n  start_time: "{START}"\n')
    district = write_district(folder, text)
    out = folder / "out"
    result = run_toolkit("build", "--district", str(district), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "site"


def steps_with_a_run_of_show():  # type: ignore[no-untyped-def]
    from toolkit.model import load_content

    return [s for s in load_content(ROOT).steps if s.run_of_show]


@contextmanager
def live(site: Path, path: Path = LIVE, viewport: dict | None = None) -> Iterator[Page]:
    """The live view with a fresh memory and a clock only the test moves; no outside request, no
    script error."""
    with browser() as b:
        page = b.new_page(viewport=viewport or {"width": 1280, "height": 720})
        guard = Guard(page)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: d.accept())
        page.clock.install(time=dt.datetime(2026, 9, 15, 11, 35))
        page.goto((site / path).as_uri(), wait_until="load")
        page.evaluate("localStorage.clear()")
        page.reload(wait_until="load")
        page.clock.pause_at(dt.datetime(2026, 9, 15, 11, 36))  # from here time moves only when told
        yield page
        assert errors == []
        assert guard.outside == []


def shown(page: Page) -> dict[str, str]:
    """What the facilitator sees, hook by hook."""
    return page.evaluate(
        """() => Object.fromEntries(['position', 'span', 'title', 'left', 'unit', 'next', 'announce']
             .map(k => [k, document.querySelector('[data-live-' + k + ']').textContent.trim()]))""")


def advance(page: Page, ms: int) -> None:
    """Let ``ms`` pass on the page's clock; the view catches up as when its tab is shown again."""
    page.clock.run_for(ms)
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")


def violations(page: Page) -> list[dict]:
    """axe-core's findings; the clock runs again first, since axe waits on timers."""
    page.clock.resume()
    return axe_violations(page)


def button(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("button", name=name, exact=True)


def current_item(page: Page) -> str:
    return page.locator("[data-live-segment][aria-current=step] .tk-live__name").inner_text()


def test_the_run_of_show_has_clock_times_with_a_start_time(clock_site: Path, generic_site: Path) -> None:
    with browser() as b:
        page = b.new_page()
        rows = {}
        for name, site in (("clock", clock_site), ("generic", generic_site)):
            for path in (PLAIN, Path("steps") / "introduce-benchmarks.html"):
                page.goto((site / path).as_uri())
                table = page.locator("article table", has_text="What to do and say").first
                rows[name, path.name] = table.evaluate(
                    "t => [...t.tBodies[0].rows].map(r => r.cells[0].textContent.trim())")
    for path in (PLAIN.name, "introduce-benchmarks.html"):
        assert rows["clock", path] == ["11:40–11:45 AM", "11:45–11:53 AM", "11:53 AM–12:03 PM",
                                       "12:03–12:20 PM", "12:20–12:35 PM", "12:35–12:40 PM", ""]
        assert rows["generic", path] == ["0:00–0:05", "0:05–0:13", "0:13–0:23", "0:23–0:40", "0:40–0:55",
                                         "0:55–1:00", ""]


def test_start_pause_next_and_back_with_keys_and_buttons(clock_site: Path) -> None:
    with live(clock_site) as page:
        first = shown(page)
        assert first["position"] == "Segment 1 of 6"
        assert (first["title"], first["left"], first["span"]) == (
            "Welcome and purpose", "5:00", "11:40–11:45 AM")
        assert first["next"] == "Action plan elements, 8 min, at 11:45 AM"
        assert button(page, "Back").get_attribute("aria-disabled") == "true"

        page.keyboard.press("Space")  # start
        advance(page, 61_000)
        assert shown(page)["left"] == "3:59"
        assert button(page, "Pause").is_visible()
        page.keyboard.press("Space")  # pause
        advance(page, 30_000)
        assert shown(page)["left"] == "3:59"
        assert shown(page)["unit"] == "left of 5 min, paused"

        page.keyboard.press("ArrowRight")
        now = shown(page)
        assert (now["position"], now["title"], now["left"], now["span"]) == (
            "Segment 2 of 6", "Action plan elements", "8:00", "11:45–11:53 AM")
        assert current_item(page) == "Action plan elements"
        page.keyboard.press("PageDown")
        assert shown(page)["title"] == "Implementation benchmarks"
        assert shown(page)["span"] == "11:53 AM–12:03 PM"
        page.keyboard.press("PageUp")
        page.keyboard.press("ArrowLeft")
        assert shown(page)["title"] == "Welcome and purpose"
        assert shown(page)["left"] == "5:00"  # a segment shown again starts again

        button(page, "Next").click()
        assert shown(page)["title"] == "Action plan elements"
        button(page, "Start").click()  # a new segment starts from its full time
        advance(page, 2_000)
        assert shown(page)["left"] == "7:58"
        # Space on a focused button presses that button only: the timer keeps running.
        button(page, "Next").focus()
        page.keyboard.press("Space")
        assert shown(page)["title"] == "Implementation benchmarks"
        advance(page, 1_000)
        assert shown(page)["left"] == "9:59"
        button(page, "Pause").click()
        button(page, "Back").click()
        assert shown(page)["title"] == "Action plan elements"

        for _ in range(10):  # past the last segment: nothing happens
            page.keyboard.press("ArrowRight")
        assert shown(page)["position"] == "Segment 6 of 6"
        assert shown(page)["next"] == "the end of the session"
        assert button(page, "Next").get_attribute("aria-disabled") == "true"

        button(page, "Start over").click()
        assert shown(page)["position"] == "Segment 1 of 6"


def test_each_new_segment_is_announced_politely(clock_site: Path) -> None:
    with live(clock_site) as page:
        region = page.locator("[data-live-announce]")
        assert (region.get_attribute("role"), region.get_attribute("aria-live")) == ("status", "polite")
        assert page.locator("[role=timer]").count() == 1  # the ticking clock is not a live region
        page.keyboard.press("ArrowRight")
        advance(page, 100)
        assert shown(page)["announce"] == (
            "Segment 2 of 6: Action plan elements, 8 minutes, 11:45–11:53 AM. "
            "Next: Implementation benchmarks, 10 min, at 11:53 AM.")
        page.keyboard.press("Space")
        advance(page, 100)
        assert shown(page)["announce"] == "Started: 8:00 left in Action plan elements."
        advance(page, 8 * 60_000 + 1_000)
        assert shown(page)["announce"] == (
            "Time is up for Action plan elements. Next: Implementation benchmarks, 10 min, at 11:53 AM.")
        assert shown(page)["left"] == "+0:01"
        assert shown(page)["unit"] == "over the 8 min"
        assert "tk-live--over" in page.locator("[data-live]").get_attribute("class")
        advance(page, 10_000)
        assert shown(page)["announce"].startswith("Time is up")  # said once, not every tick
        assert violations(page) == []


def test_a_reload_keeps_the_place_and_the_running_timer(clock_site: Path) -> None:
    with live(clock_site) as page:
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Space")
        advance(page, 30_000)
        page.reload(wait_until="load")
        assert shown(page)["title"] == "Implementation benchmarks"
        assert shown(page)["left"] == "9:30"
        advance(page, 10_000)  # still running
        assert shown(page)["left"] == "9:20"
        assert current_item(page) == "Implementation benchmarks"
        page.keyboard.press("Space")
        page.reload(wait_until="load")
        advance(page, 10_000)  # paused before the reload: still paused
        assert shown(page)["left"] == "9:20"


@pytest.mark.parametrize("site_name", ["clock_site", "generic_site"])
def test_projects_in_one_screen_large_and_high_contrast(site_name: str, request: pytest.FixtureRequest,
                                                        tmp_path: Path) -> None:
    """At 1280x720 and 1920x1080, every segment of every step fits with no scrolling."""
    site = request.getfixturevalue(site_name)
    for step in steps_with_a_run_of_show():
        path = Path("facilitation") / f"{step.id}-live.html"
        for viewport in PROJECTORS:
            with live(site, path, viewport) as page:
                assert violations(page) == []
                for n, segment in enumerate(step.run_of_show):
                    if n:
                        page.keyboard.press("ArrowRight")
                    measures = page.evaluate(_MEASURE_JS)
                    where = f"{step.id} {viewport['width']}x{viewport['height']} {segment.id}"
                    assert measures["title"] == segment.title, where
                    assert measures["scroll"] == [viewport["width"], viewport["height"]], where
                    assert all(box["bottom"] <= viewport["height"] for box in measures["boxes"]), where
                    assert measures["sizes"]["title"] >= 0.055 * viewport["height"], where
                    assert measures["sizes"]["timer"] >= 0.16 * viewport["height"], where
                    assert min(measures["contrast"].values()) >= 7, (where, measures["contrast"])
                page.keyboard.press("Space")
                advance(page, (step.run_of_show[-1].minutes * 60 + 75) * 1000)  # over time
                assert page.evaluate(_MEASURE_JS)["scroll"] == [viewport["width"], viewport["height"]]
                assert violations(page) == []
                page.screenshot(path=str(tmp_path / f"{step.id}-{viewport['width']}.png"))


#: Page size, every part's box, type sizes and the contrast of the large text on its background.
_MEASURE_JS = r"""
() => {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const background = (e) => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
    if (!c.endsWith(', 0)') && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
  const hook = (k) => document.querySelector('[data-live-' + k + ']');
  const contrast = {};
  for (const k of ['title', 'left', 'notes', 'next']) {
    contrast[k] = ratio(getComputedStyle(hook(k)).color, background(hook(k)));
  }
  return {
    title: hook('title').textContent,
    scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
    boxes: [...document.querySelectorAll('.tk-live > *')].filter(e => e.getClientRects().length)
      .map(e => e.getBoundingClientRect().toJSON()),
    sizes: {title: parseFloat(getComputedStyle(hook('title')).fontSize),
            timer: parseFloat(getComputedStyle(hook('left')).fontSize)},
    contrast,
  };
}
"""


def test_the_live_data_is_safe_in_its_script(clock_site: Path) -> None:
    html = (clock_site / LIVE).read_text(encoding="utf-8")
    script = re.search(r'<script type="application/json" data-live-data>(.*?)</script>', html, re.S)
    assert script is not None
    assert "<" not in script.group(1)
    data = json.loads(script.group(1))
    assert [s["at"] for s in data["segments"]][:3] == ["at 11:40 AM", "at 11:45 AM", "at 11:53 AM"]
    # Search leads to the run of show itself, not to its live view.
    assert "-live.html" not in (clock_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert data["segments"][3]["activity"] == {"title": "Early evidence of change brainstorming",
                                              "href": "../activities/early-evidence-brainstorm.html"}


# -- printed ---------------------------------------------------------------------------------
def _print(page: Page) -> tuple[int, str, tuple[float, float]]:
    """The loaded page printed as the browser prints it: its sheets, text and paper size."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    text = "\n".join(sheet.extract_text() for sheet in reader.pages)
    box = reader.pages[0].mediabox
    return len(reader.pages), " ".join(text.split()), (float(box.width), float(box.height))


@pytest.mark.parametrize("path", [PLAIN, LIVE])
def test_the_run_of_show_prints_on_one_letter_sheet_with_clock_times(clock_site: Path, path: Path) -> None:
    """The run-of-show page, and the live view printed: the plain run of show on one sheet."""
    from toolkit.model import load_content

    step = load_content(ROOT).modules["introduce-benchmarks"]
    with browser() as b:
        for name, steps in (("every step", steps_with_a_run_of_show()), ("this step", [step])):
            page = b.new_page()
            Guard(page)
            for s in steps:
                page.goto((clock_site / str(path).replace("introduce-benchmarks", s.id)).as_uri())
                sheets, text, paper = _print(page)
                assert (sheets, paper) == (1, (612, 792)), (name, s.id)  # one sheet of US Letter
            page.close()
    assert text.startswith("Run of show: Introduce the action plan model and benchmarks")
    for segment in step.run_of_show:
        assert " ".join(segment.facilitator.split()) in text
    for span in ("11:40–11:45 AM", "11:53 AM–12:03 PM", "12:35–12:40 PM"):
        assert span in text
    for screen_only in ("Segment 1 of 6", "Start over", "Keys:", "Start the live run of show", "left of"):
        assert screen_only not in text


def test_with_a4_paper_every_run_of_show_prints_on_one_a4_sheet(tmp_path: Path) -> None:
    """A district on A4 paper prints its runs of show on A4 (narrower than Letter), each
    on one sheet, with its clock times."""
    text = NASTY_DISTRICT.replace('plan_year: "2026-2027"\n', 'plan_year: "2026-2027"\npaper_size: a4\n')
    text = text.replace("  date: 2026-09-15\n", f'  date: 2026-09-15\n  start_time: "{START}"\n')
    district = write_district(tmp_path, text)
    result = run_toolkit("build", "--district", str(district), "--out", str(tmp_path / "out"),
                         "--only", "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "out" / "site"
    with browser() as b:
        page = b.new_page()
        Guard(page)
        for step in steps_with_a_run_of_show():
            page.goto((site / str(PLAIN).replace("introduce-benchmarks", step.id)).as_uri())
            sheets, text, (width, height) = _print(page)
            assert (sheets, round(width), round(height)) == (1, 595, 842), step.id  # one sheet of A4
            assert "Run of show" in text and " AM" in text, step.id


def test_without_a_start_time_the_times_are_minutes_into_the_session(generic_site: Path) -> None:
    with live(generic_site) as page:
        first = shown(page)
        page.keyboard.press("ArrowRight")
        second = shown(page)
    assert (first["span"], first["next"]) == (
        "0:00–0:05", "Action plan elements, 8 min, 0:05 into the session")
    assert (second["span"], second["next"]) == (
        "0:05–0:13", "Implementation benchmarks, 10 min, 0:13 into the session")
