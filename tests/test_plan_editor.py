"""The online Action Plan Template as a recorder meets it in the workshop.

The page is opened from ``file://`` in headless Chromium with outside
requests blocked, filled by mouse and by keyboard, reloaded, exported, and
the exported plan file is handed to ``toolkit check --plan``.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from playwright.sync_api import Locator, Page

from tests.browser import Guard, axe_violations, browser
from tests.conftest import NASTY_NAME, ROOT, run_toolkit
from tests.test_plan_check import GOOD_PLAN

PAGE = Path("templates") / "action-plan-online.html"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_BOLD = "<b>bold</b>"
XSS_IMG = '<img src=x onerror="alert(2)">'


@contextmanager
def editor(site: Path, *, clear: bool = True) -> Iterator[tuple[Page, Guard, list[str]]]:
    """The page in a fresh browser; yields it, its request guard and the dialogs it opened.

    ``confirm`` dialogs (start over, replace) are accepted; every dialog's
    type is recorded so a test can assert that no ``alert`` ever ran.
    """
    with browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        guard = Guard(page)
        dialogs: list[str] = []

        def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
            dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.accept()

        page.on("dialog", on_dialog)
        page.goto((site / PAGE).as_uri(), wait_until="load")
        if clear:
            page.evaluate("localStorage.clear()")
            page.reload(wait_until="load")
        yield page, guard, dialogs
        assert guard.outside == [], f"outside requests: {guard.outside}"


def item(page: Page, group: str, index: int = 0) -> Locator:
    """The ``index``-th initiative or strategy of the form."""
    return page.locator(f"[data-plan-list={group}] > [data-plan-item]").nth(index)


def expected_plan() -> dict:
    """GOOD_PLAN as the page exports it: dates as strings, statuses as the select's values."""
    plan = json.loads(json.dumps(yaml.safe_load(GOOD_PLAN), default=str))
    for initiative in plan["initiatives"]:
        for key in ("process_benchmarks", "early_evidence_benchmarks"):
            for benchmark in initiative.get(key, []):
                if "status" in benchmark:
                    benchmark["status"] = benchmark["status"].lower()
    return plan


def fill_plan(page: Page, plan: dict) -> None:
    """Type ``plan`` into the form with the mouse, as a recorder would, row by row."""
    page.get_by_label("District", exact=True).fill(plan["district"])
    page.get_by_label("Plan year", exact=True).fill(plan["plan_year"])
    for i, initiative in enumerate(plan.get("initiatives", [])):
        if i:
            page.get_by_role("button", name="Add an initiative").click()
        box = item(page, "initiatives", i)
        box.get_by_label(f"Initiative {i + 1}: Strategic initiative/objective").fill(initiative["name"])
        for key, noun, heading, add in (
            ("process_benchmarks", "Process benchmark", "Process Benchmark", "Add a process benchmark"),
            ("early_evidence_benchmarks", "Early evidence benchmark", "Early Evidence of Change Benchmark",
             "Add an early evidence benchmark"),
        ):
            for n, row in enumerate(initiative.get(key, []), start=1):
                if n > 1:
                    box.get_by_role("button", name=add).click()
                box.get_by_label(f"{noun} {n}: {heading}").fill(row.get("benchmark", ""))
                box.get_by_label(f"{noun} {n}: Person Responsible").fill(row.get("person", ""))
                box.get_by_label(f"{noun} {n}: Date").fill(row.get("date", ""))
                if "status" in row:
                    box.get_by_label(f"{noun} {n}: Status").select_option(row["status"])
        for n, resource in enumerate(initiative.get("resources", []), start=1):
            if n > 1:
                box.get_by_role("button", name="Add a resource").click()
            box.get_by_label(f"Resource {n}: Resources").fill(resource)
    for i, strategy in enumerate(plan.get("strategies", [])):
        page.get_by_role("button", name="Add a strategy").click()
        box = item(page, "strategies", i)
        box.get_by_label(f"Strategy {i + 1}: Strategy").fill(strategy["strategy"])
        for n, step in enumerate(strategy.get("action_steps", []), start=1):
            if n > 1:
                box.get_by_role("button", name="Add an action step").click()
            box.get_by_label(f"Action step {n}: Action Steps").fill(step["step"])
            box.get_by_label(f"Action step {n}: Resources (one per line)").fill("\n".join(step["resources"]))
            box.get_by_label(f"Action step {n}: Measures of Implementation (Outputs) (one per line)").fill(
                "\n".join(step["measures"]))
            box.get_by_label(f"Action step {n}: Owner").fill(step["owner"])
            box.get_by_label(f"Action step {n}: Deadline").fill(step["deadline"])


def export(page: Page, folder: Path) -> tuple[Path, dict]:
    """Click the export button, keep the download, return its path and its JSON."""
    with page.expect_download() as info:
        page.get_by_role("button", name="Save as a plan file").click()
    download = info.value
    path = folder / download.suggested_filename
    download.save_as(path)
    return path, json.loads(path.read_text(encoding="utf-8"))


def focused_label(page: Page) -> str | None:
    return page.evaluate("document.activeElement.getAttribute('aria-label')")


def tab_to(page: Page, label: str, limit: int = 8) -> None:
    """Press Tab until the field or button named ``label`` has focus.

    Chromium stops on each part of a date field (month, day, year), so the
    number of presses depends on the fields passed; ``limit`` bounds it.
    """
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_label(page) == label:
            return
    raise AssertionError(f"{label!r} not reached with Tab; focus is on {focused_label(page)!r}")


def check_plan(path: Path) -> list[str]:
    """Run ``toolkit check --plan``; it must pass; return the findings it printed."""
    result = run_toolkit("check", "--plan", str(path), cwd=path.parent)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith(f"{path.name}:")]


# -- the page in the site ------------------------------------------------------------
def test_page_is_in_the_nav_and_linked_from_the_template_and_the_workshop(generic_site: Path) -> None:
    assert (generic_site / PAGE).is_file()
    assert (generic_site / "assets" / "javascripts" / "plan-editor.js").is_file()
    for template in ("action-plan", "action-plan-5-3-1t"):
        html = (generic_site / "templates" / f"{template}.html").read_text(encoding="utf-8")
        assert 'href="action-plan-online.html"' in html, template
    step = (generic_site / "steps" / "action-planning-workshops.html").read_text(encoding="utf-8")
    assert 'href="../templates/action-plan-online.html"' in step
    with browser() as b:
        page = b.new_page()
        Guard(page)
        page.goto((generic_site / "templates" / "index.html").as_uri())
        nav = page.locator(".md-nav--primary")
        assert nav.get_by_role("link", name="Action Plan Template online").count() == 1


def test_labels_and_column_headings_come_from_the_templates(generic_site: Path) -> None:
    from toolkit.model import load_content

    templates = load_content(ROOT).templates
    with editor(generic_site) as (page, _, _):
        page.get_by_role("button", name="Add a strategy").click()
        for group, template_id in (("initiatives", "action-plan"), ("strategies", "action-plan-5-3-1t")):
            box = item(page, group)
            headings = box.locator("table thead th .tk-plan-col").all_inner_texts()
            tables = [s.table for s in templates[template_id].sections if s.table]
            expected = []
            for t in tables:
                expected += [c.heading for c in t.columns]
            assert headings == expected
            captions = box.locator("table caption").all_inner_texts()
            assert captions == [t.caption for t in tables]
        assert page.locator(".tk-plan-group > h2").all_inner_texts() == [
            templates["action-plan"].title, templates["action-plan-5-3-1t"].title]


# -- filling, saving, exporting --------------------------------------------------------
def test_fill_reload_export_and_the_export_passes_the_checker(generic_site: Path, tmp_path: Path) -> None:
    plan = expected_plan()
    with editor(generic_site) as (page, _, dialogs):
        fill_plan(page, plan)
        # An empty row and an empty strategy are left out of the file.
        item(page, "initiatives").get_by_role("button", name="Add a process benchmark").click()
        page.get_by_role("button", name="Add a strategy").click()
        page.get_by_role("status").filter(has_text="Saved in this browser.").wait_for()

        page.reload(wait_until="load")
        box = item(page, "initiatives")
        assert box.get_by_label("Process benchmark 2: Person Responsible").input_value() == "Literacy coach"
        assert box.get_by_label("Process benchmark 1: Status").input_value() == "met"
        assert box.get_by_label("Process benchmark 3: Process Benchmark").input_value() == ""
        steps = item(page, "strategies").get_by_label("Action step 1: Resources (one per line)")
        assert steps.input_value() == "Curriculum office staff time"
        assert page.locator("[data-plan-list=strategies] > [data-plan-item]").count() == 2

        path, exported = export(page, tmp_path)
        assert dialogs == []
    # Named after the district, the plan year and the initiative: ten teams' files never collide.
    assert path.name == ("marlowe-regional-school-district-2026-2027-strengthen-early-literacy-instruction-"
                         "k-3.json")
    assert exported == plan
    assert list(exported) == ["district", "plan_year", "initiatives", "strategies"]
    assert list(exported["initiatives"][0]) == [
        "name", "process_benchmarks", "early_evidence_benchmarks", "resources"]
    assert check_plan(path) == []


def test_rows_are_added_and_removed_with_focus_and_numbers_following(generic_site: Path) -> None:
    with editor(generic_site) as (page, _, _):
        box = item(page, "initiatives")
        add = box.get_by_role("button", name="Add a process benchmark")
        for n in (1, 2, 3):
            if n > 1:
                add.click()
                focused = focused_label(page)
                assert focused == f"Process benchmark {n}: Process Benchmark"
            box.get_by_label(f"Process benchmark {n}: Process Benchmark").fill(f"benchmark {n}")

        box.get_by_role("button", name="Remove process benchmark 2").click()
        assert page.evaluate("document.activeElement.value") == "benchmark 3"
        assert focused_label(page) == (
            "Process benchmark 2: Process Benchmark")
        box.get_by_role("button", name="Remove process benchmark 2").click()
        assert page.evaluate("document.activeElement.value") == "benchmark 1"
        box.get_by_role("button", name="Remove process benchmark 1").click()
        assert page.evaluate("document.activeElement.textContent") == "Add a process benchmark"
        assert box.locator("[data-plan-list=process_benchmarks] > tr").count() == 0
        page.get_by_role("status").filter(has_text="Removed process benchmark 1.").wait_for()


def test_keyboard_only(generic_site: Path, tmp_path: Path) -> None:
    """Tab, Enter and Space reach and work every control a recorder needs."""
    with editor(generic_site) as (page, _, _):
        page.get_by_label("District", exact=True).focus()
        kb = page.keyboard
        kb.type("Keyboard District")
        kb.press("Tab")
        kb.type("2026-2027")
        kb.press("Tab")
        kb.type("Keyboard initiative")
        kb.press("Tab")
        kb.type("Keyboard team")
        kb.press("Tab")
        kb.type("K. Lee")
        kb.press("Tab")
        kb.type("Adopt the reading strategies")
        kb.press("Tab")
        kb.type("M. Edwards")
        kb.press("Tab")
        kb.type("10012026")  # the date field's month, day and year segments
        tab_to(page, "Process benchmark 1: Status")
        kb.press("ArrowDown")  # status: from "not started" to "in progress"
        kb.press("Tab")
        assert focused_label(page) == (
            "Remove process benchmark 1")
        kb.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Add a process benchmark"
        kb.press("Enter")
        assert focused_label(page) == (
            "Process benchmark 2: Process Benchmark")
        kb.type("Second benchmark")
        tab_to(page, "Remove process benchmark 2")
        kb.press("Space")
        assert focused_label(page) == (
            "Process benchmark 1: Process Benchmark")

        _, exported = export(page, tmp_path)
    assert exported == {
        "district": "Keyboard District",
        "plan_year": "2026-2027",
        "initiatives": [{
            "name": "Keyboard initiative",
            "team": "Keyboard team",
            "recorder": "K. Lee",
            "process_benchmarks": [{"benchmark": "Adopt the reading strategies", "person": "M. Edwards",
                                    "date": "2026-10-01", "status": "in progress"}],
        }],
    }


def test_typed_markup_stays_text(generic_site: Path, tmp_path: Path) -> None:
    with editor(generic_site) as (page, _, dialogs):
        page.get_by_label("District", exact=True).fill(XSS_BOLD)
        page.get_by_label("Plan year", exact=True).fill("2026-2027")
        box = item(page, "initiatives")
        box.get_by_label("Initiative 1: Strategic initiative/objective").fill(XSS_IMG)
        box.get_by_label("Process benchmark 1: Process Benchmark").click()
        page.keyboard.type(XSS_SCRIPT)
        box.get_by_label("Process benchmark 1: Person Responsible").fill(XSS_BOLD)
        box.get_by_label("Resource 1: Resources").fill(XSS_SCRIPT + XSS_BOLD)

        for _ in range(2):  # as typed, and after a reload from the browser's storage
            form = page.locator("form.tk-plan")
            assert form.locator("b, img, script").count() == 0
            assert page.get_by_label("District", exact=True).input_value() == XSS_BOLD
            assert box.get_by_label("Initiative 1: Strategic initiative/objective").input_value() == XSS_IMG
            assert box.get_by_label("Process benchmark 1: Process Benchmark").input_value() == XSS_SCRIPT
            page.reload(wait_until="load")

        path, exported = export(page, tmp_path)
        # Opened again from the file: still text.
        page.get_by_role("button", name="Start over").click()
        assert page.get_by_label("District", exact=True).input_value() == ""
        page.locator("[data-plan-import]").set_input_files(str(path))
        page.get_by_role("status").filter(has_text=f"Opened {path.name}.").wait_for()
        assert page.locator("form.tk-plan").locator("b, img, script").count() == 0
        assert item(page, "initiatives").get_by_label("Resource 1: Resources").input_value() == (
            XSS_SCRIPT + XSS_BOLD)
        page.wait_for_timeout(300)
    assert [d for d in dialogs if not d.startswith("confirm")] == []
    assert exported == {
        "district": XSS_BOLD,
        "plan_year": "2026-2027",
        "initiatives": [{
            "name": XSS_IMG,
            "process_benchmarks": [{"benchmark": XSS_SCRIPT, "person": XSS_BOLD}],
            "resources": [XSS_SCRIPT + XSS_BOLD],
        }],
    }


def test_opening_a_file_that_is_not_a_plan_changes_nothing(generic_site: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text('["not", "a", "plan"]', encoding="utf-8")
    with editor(generic_site) as (page, _, _):
        page.get_by_label("District", exact=True).fill("Kept")
        page.locator("[data-plan-import]").set_input_files(str(bad))
        page.get_by_role("status").filter(has_text="notes.json is not a plan file").wait_for()
        assert page.get_by_label("District", exact=True).input_value() == "Kept"


# -- accessibility, printing, district ------------------------------------------------
def test_accessible_empty_and_filled(generic_site: Path, tmp_path: Path) -> None:
    with editor(generic_site) as (page, _, _):
        page.screenshot(path=str(tmp_path / "empty.png"), full_page=True)
        assert axe_violations(page) == []
        fill_plan(page, expected_plan())
        item(page, "initiatives").get_by_role("button", name="Add a process benchmark").click()
        page.get_by_role("button", name="Add an initiative").click()
        page.screenshot(path=str(tmp_path / "filled.png"), full_page=True)
        assert axe_violations(page) == []
        # Every field is named after its row and column, and every name is unique.
        names = page.eval_on_selector_all(
            "form.tk-plan input:not([hidden]), form.tk-plan textarea, form.tk-plan select",
            "els => els.map(e => e.labels.length ? e.labels[0].textContent : e.getAttribute('aria-label'))",
        )
        assert all(names)
        named_by_row = [n for n in names if ": " in n]
        assert len(named_by_row) >= 20
        for initiative in range(2):  # unique within each initiative or strategy
            box = item(page, "initiatives", initiative)
            row_names = box.locator("[aria-label]").evaluate_all(
                "els => els.map(e => e.getAttribute('aria-label'))")
            assert len(row_names) == len(set(row_names))


def test_prints_landscape_without_buttons(generic_site: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    with editor(generic_site) as (page, _, _):
        fill_plan(page, expected_plan())
        page.emulate_media(media="print")
        page.screenshot(path=str(tmp_path / "print.png"), full_page=True)
        for name in ("Save as a plan file", "Print", "Add a process benchmark", "Remove process benchmark 1"):
            assert not page.get_by_role("button", name=name).first.is_visible(), name
        assert not page.locator(".md-sidebar, .md-header").first.is_visible()
        pdf = page.pdf(prefer_css_page_size=True)
    reader = PdfReader(io.BytesIO(pdf))
    for sheet in reader.pages:
        assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == (792, 612)  # Letter, landscape
    text = " ".join(" ".join(sheet.extract_text().split()) for sheet in reader.pages)
    plan = expected_plan()
    for written in (plan["district"], plan["initiatives"][0]["process_benchmarks"][0]["benchmark"],
                    plan["strategies"][0]["action_steps"][1]["owner"],
                    plan["strategies"][0]["action_steps"][0]["step"]):
        assert written in text, written


def test_district_site_prefills_district_and_plan_year(district_site: Path) -> None:
    with editor(district_site) as (page, _, _):
        assert page.get_by_label("District", exact=True).input_value() == NASTY_NAME
        assert page.get_by_label("Plan year", exact=True).input_value() == "2026-2027"
        assert page.locator("form.tk-plan").locator("North").count() == 0
        page.get_by_label("Plan year", exact=True).fill("2027-2028")
        keys = page.evaluate("Object.keys(localStorage)")
    assert len(keys) == 1 and keys[0].endswith(NASTY_NAME)  # another district's site keeps its own draft


def test_search_finds_the_online_page(generic_site: Path) -> None:
    from tests.test_site import _search

    with browser() as b:
        page = b.new_page()
        guard = Guard(page)
        page.goto((generic_site / PAGE).as_uri(), wait_until="load")
        hrefs = _search(page, "plan file")
        assert any("action-plan-online" in h for h in hrefs), hrefs
        assert guard.outside == []


# -- on a phone, a tablet and a laptop -------------------------------------------------
#: For each field on the page: what keeps it from being used with a finger and read.
_FIELD_PROBLEMS_JS = r"""
() => {
  const out = [];
  const shown = (e) => e.getClientRects().length > 0;
  for (const e of document.querySelectorAll('form.tk-plan [data-plan-key], form.tk-plan button')) {
    if (!shown(e)) continue;
    const name = e.getAttribute('aria-label') || e.id || e.textContent.trim();
    const box = e.getBoundingClientRect();
    if (box.height < 44) out.push(`${name}: ${box.height} px tall`);
    if (e.tagName === 'BUTTON') continue;
    const em = parseFloat(getComputedStyle(e).fontSize);
    if (e.tagName === 'SELECT' || e.type === 'date') {
      // As wide as the field would be if nothing constrained it: the whole date, the longest status.
      const style = e.style.cssText;
      e.style.cssText = 'width: auto; min-width: 0; display: inline-block';
      const natural = e.getBoundingClientRect().width;
      e.style.cssText = style;
      if (box.width + 0.5 < natural) out.push(`${name}: ${box.width} px shows less than its ${natural} px`);
    } else {
      if (box.width < 10 * em - 0.5) out.push(`${name}: ${box.width} px wide, under 10em`);
      if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) {
        out.push(`${name}: what is typed does not all show`);
      }
    }
  }
  return out;
}
"""

#: For each row of a table of the form: the boxes of its cells holding a field (not its Remove button).
_ROW_FIELDS_JS = r"""
(table) => [...table.querySelectorAll(':scope > tbody > tr')].map(row => ({
  row: row.getBoundingClientRect().toJSON(),
  display: getComputedStyle(row).display,
  fields: [...row.querySelectorAll('[data-plan-key]')].map(
    f => f.closest('td').getBoundingClientRect().toJSON()),
}))
"""

LONG_ENTRY = "Dr. Maria Fernández-Okafor, literacy coordinator for the elementary schools"


def test_rows_are_cards_below_tablet_width_and_every_field_fits_a_finger_and_its_text(
    generic_site: Path, tmp_path: Path
) -> None:
    from tests.layout import WIDTHS, fit_problems

    with editor(generic_site) as (page, _, _):
        fill_plan(page, expected_plan())
        page.get_by_label("Process benchmark 2: Person Responsible").fill(LONG_ENTRY)
        page.get_by_label("Action step 2: Owner").fill(LONG_ENTRY)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(500)  # Material's drawer and sidebars move in 0.25 s
            assert fit_problems(page) == [], width
            assert page.evaluate(_FIELD_PROBLEMS_JS) == [], width
            tables = item(page, "initiatives").locator("table[data-tk-cards]")
            benchmarks = tables.first.evaluate(_ROW_FIELDS_JS)
            steps = item(page, "strategies").locator("table[data-tk-cards]").first.evaluate(_ROW_FIELDS_JS)
            for row in benchmarks + steps:
                fields, card = row["fields"], row["row"]
                if width < 768:  # a card: one field under the other, each spanning the card
                    assert row["display"] == "block"
                    assert all(a["bottom"] <= b["top"] for a, b in itertools.pairwise(fields)), width
                    assert all(f["width"] >= 0.9 * card["width"] for f in fields), width
                elif width < 960:  # a card: the benchmark across it, the rest on the line below
                    assert fields[0]["width"] >= 0.9 * card["width"]
                    assert all(f["top"] >= fields[0]["bottom"] for f in fields[1:])
                    assert len({round(f["top"]) for f in fields[1:4]}) == 1
                else:  # a table row: every field on one line
                    assert row["display"] == "table-row"
                    assert len({round(f["top"]) for f in fields}) == 1
            page.screenshot(path=str(tmp_path / f"form-{width}.png"), full_page=True)
        assert axe_violations(page) == []
