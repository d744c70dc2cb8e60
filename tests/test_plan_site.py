"""``toolkit build --plan``: a district's plan, its filled templates and where it stands.

One build of a known plan on a known date is made once and read back in
headless Chromium: the progress report's counts (worked out by hand below,
with dates on each edge of "overdue" and "coming up"), the chart's text
alternative, the pages of each initiative and strategy, the filled PDF and
DOCX, escaping of the district's text, accessibility and self-containment.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tests.browser import Guard, axe_violations, browser
from tests.conftest import NASTY_DISTRICT, ROOT, run_toolkit, write_district

AS_OF = "2026-11-20"
NASTY_INITIATIVE = 'Strengthen early literacy, K-3 & <grade 4> "bridge" </title><script>alert(1)</script>'

#: Report on 2026-11-20 (upcoming: 2026-11-20 to 2026-12-20, both included).
PLAN = f"""\
district: 'Saint-Étienne & <North> "Valley"'
plan_year: "2026-2027"
initiatives:
  - name: '{NASTY_INITIATIVE}'
    process_benchmarks:
      - benchmark: "Identify common district-wide reading strategies"
        person: "M. Edwards"
        date: 2026-10-01
        status: met
      - benchmark: "Train K-3 teachers in the common strategies"
        person: "M. Edwards"
        date: 2026-11-10
        status: in progress                  # overdue by 10 days
      - benchmark: "Coaches observe every K-3 classroom once"
        person: "S. Harris"
        date: 2026-11-20                     # due on the report date: coming up, 0 days
      - benchmark: "Share the first observation summary with principals"
        person: "S. Harris"
        date: 2027-01-15
    early_evidence_benchmarks:
      - benchmark: "75% of K-3 observations cite the common strategies"
        person: "S. Harris"
        date: 2026-11-01
        status: not met                      # overdue by 19 days
    resources:
      - "Title IIA funds for professional development"
  - name: "Expand access to advanced coursework in grades 6-8"
    process_benchmarks:
      - benchmark: "Publish the new course catalogue"
        person: "P. Okafor"
        date: 2026-09-15
        status: met
      - benchmark: "Enrol the first cohort"
        person: "P. Okafor"
        date: 2026-12-20                     # the last day coming up: 30 days
      - benchmark: "Open a second section"
        person: "P. Okafor"
        date: 2026-12-21                     # one day too far to be coming up
    early_evidence_benchmarks:
      - benchmark: "20% more grade 7 students enrolled in advanced math"
        person: "J. Rivera"
        date: 2027-03-01
        status: in progress
    resources: ["Two additional math sections"]
strategies:
  - strategy: "Use common formative assessments in grade 3 reading"
    action_steps:
      - step: "Select and adopt a common formative assessment"
        resources: ["Curriculum office staff time", "Vendor demonstrations"]
        measures: ["Assessment adopted by the school committee"]
        owner: "P. Okafor"
        deadline: 2026-11-15
"""


@pytest.fixture(scope="session")
def plan_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plan-input")
    district = write_district(folder, NASTY_DISTRICT)
    plan = folder / "plan.yml"
    plan.write_text(PLAN, encoding="utf-8")
    out = tmp_path_factory.mktemp("plan-site")
    result = run_toolkit("build", "--district", str(district), "--plan", str(plan),
                         "--as-of", AS_OF, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "site"


def tables_after_headings(page) -> dict[str, list[list[str]]]:  # type: ignore[no-untyped-def]
    """Each h2 of the page -> the rows (cell texts) of the first table after it."""
    return page.evaluate(
        """() => {
          const out = {};
          for (const h of document.querySelectorAll('article h2')) {
            let el = h.nextElementSibling;
            while (el && el.tagName !== 'H2' && !el.querySelector('table') && el.tagName !== 'TABLE') {
              el = el.nextElementSibling;
            }
            if (!el || el.tagName === 'H2') continue;
            const table = el.tagName === 'TABLE' ? el : el.querySelector('table');
            out[h.textContent.trim()] = [...table.rows].map(
              r => [...r.cells].map(c => c.textContent.replace(/\\s+/g, ' ').trim()));
          }
          return out;
        }"""
    )


def test_progress_report_counts_on_a_known_date(plan_build: Path) -> None:
    with browser() as b:
        page = b.new_page()
        Guard(page)
        page.goto((plan_build / "plan" / "progress.html").as_uri())
        tables = tables_after_headings(page)
        lead = page.locator(".tk-summary").first.inner_text()
        chart_name = page.evaluate(
            "() => { const s = document.querySelector('.tk-chart');"
            " return s.getAttribute('role') + '|' + document.getElementById("
            "s.getAttribute('aria-labelledby').split(' ')[1]).textContent; }")

    assert "November 20, 2026" in lead
    assert "9 benchmarks across 2 initiatives, of which 2 are met, 2 overdue and 2 due" in lead
    assert chart_name == ("img|Of 9 benchmarks, 2 met, 2 in progress, 4 not started and 1 not met "
                          "as of 2026-11-20.")
    name = " ".join(NASTY_INITIATIVE.split())
    assert tables["Benchmarks by status"] == [
        ["Initiative", "Met", "In progress", "Not started", "Not met", "Total"],
        [name, "1", "1", "2", "1", "5"],
        ["Expand access to advanced coursework in grades 6-8", "1", "1", "2", "0", "4"],
        ["All initiatives", "2", "2", "4", "1", "9"],
    ]
    assert tables["Overdue"] == [
        ["Benchmark", "Initiative", "Person responsible", "Date", "Days late", "Status"],
        ["75% of K-3 observations cite the common strategies", name, "S. Harris",
         "November 1, 2026", "19", "Not met"],
        ["Train K-3 teachers in the common strategies", name, "M. Edwards", "November 10, 2026",
         "10", "In progress"],
    ]
    assert tables["Coming up in the next 30 days"] == [
        ["Benchmark", "Initiative", "Person responsible", "Date", "Days to go", "Status"],
        ["Coaches observe every K-3 classroom once", name, "S. Harris", "November 20, 2026", "0",
         "Not started"],
        ["Enrol the first cohort", "Expand access to advanced coursework in grades 6-8", "P. Okafor",
         "December 20, 2026", "30", "Not started"],
    ]
    assert tables["By person responsible"] == [
        ["Person responsible", "Benchmarks", "Met", "Overdue", "Coming up"],
        ["J. Rivera", "1", "0", "0", "0"],
        ["M. Edwards", "2", "1", "1", "0"],
        ["P. Okafor", "3", "1", "0", "1"],
        ["S. Harris", "3", "0", "1", "1"],
    ]


def test_a_later_date_and_a_gap_in_the_plan(tmp_path: Path) -> None:
    """Four weeks later more is overdue; a gap the checklist flags shows on the overview."""
    plan = tmp_path / "plan.yml"
    plan.write_text(PLAN.replace('    resources: ["Two additional math sections"]\n', ""), encoding="utf-8")
    out = tmp_path / "out"
    result = run_toolkit("build", "--plan", str(plan), "--as-of", "2026-12-21", "--out", str(out))
    assert result.returncode == 0, result.stderr
    with browser() as b:
        page = b.new_page()
        page.goto((out / "site" / "plan" / "progress.html").as_uri())
        tables = tables_after_headings(page)
        page.goto((out / "site" / "plan" / "index.html").as_uri())
        settle = page.locator("article h2:has-text('Still to settle') ~ ul li").all_inner_texts()
        about = page.locator("article h2:has-text('Still to settle') ~ h3").all_inner_texts()
        target = page.locator("article h2:has-text('Still to settle') ~ h3 a").get_attribute("href")
    overdue = [row[0] for row in tables["Overdue"][1:]]
    assert overdue == [
        "75% of K-3 observations cite the common strategies",
        "Train K-3 teachers in the common strategies",
        "Coaches observe every K-3 classroom once",
        "Enrol the first cohort",
    ]
    assert [row[0] for row in tables["Coming up in the next 30 days"][1:]] == [
        "Open a second section",  # due on the report date
        "Share the first observation summary with principals",  # January 15: within 30 days
    ]
    assert about == ["Initiative: Expand access to advanced coursework in grades 6-8"]
    assert target == "initiatives/2-expand-access-to-advanced-coursework-in-grades-6.html"
    assert settle == ["Warning: This initiative lists no resources"]
    # The build says it too, once, as check --plan does, naming the initiative.
    where = PLAN.splitlines().index('  - name: "Expand access to advanced coursework in grades 6-8"') + 1
    finding = (f"plan.yml:{where}: warning: initiative 'Expand access to advanced coursework in grades "
               "6-8' lists no resources")
    assert [line.rsplit("/", 1)[-1] for line in result.stderr.splitlines() if "warning:" in line] == [finding]


def test_plan_pages_are_accessible_escaped_and_self_contained(plan_build: Path) -> None:
    pages = sorted((plan_build / "plan").rglob("*.html"))
    assert [p.relative_to(plan_build).as_posix() for p in pages] == [
        "plan/index.html",
        "plan/initiatives/1-strengthen-early-literacy-k-3-grade-4-bridge.html",
        "plan/initiatives/2-expand-access-to-advanced-coursework-in-grades-6.html",
        "plan/progress.html",
        "plan/strategies/1-use-common-formative-assessments-in-grade-3.html",
    ]
    failures = {}
    dialogs: list[str] = []
    with browser() as b:
        page = b.new_page()
        guard = Guard(page)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in pages:
            page.goto(path.as_uri())
            violations = axe_violations(page)
            if violations:
                failures[path.name] = violations
        page.goto(pages[1].as_uri())
        title = page.title()
        heading = page.locator("article h1").inner_text()
        injected = page.evaluate("() => document.querySelectorAll('article script, grade').length")
        nav_text = page.locator(".md-nav__link--active").first.inner_text()
    assert failures == {}
    assert guard.outside == []
    assert dialogs == []
    assert injected == 0
    assert heading == NASTY_INITIATIVE
    assert title.startswith(NASTY_INITIATIVE)
    assert " ".join(nav_text.split()) == NASTY_INITIATIVE


def test_initiative_page_shows_the_filled_template_and_its_files(plan_build: Path) -> None:
    page_path = (plan_build / "plan" / "initiatives" /
                 "2-expand-access-to-advanced-coursework-in-grades-6.html")
    with browser() as b:
        page = b.new_page()
        page.goto(page_path.as_uri())
        captions = page.locator("article table caption").all_inner_texts()
        rows = page.evaluate(
            "() => [...document.querySelectorAll('article table')].map(t => [...t.tBodies[0].rows]"
            ".map(r => [...r.cells].map(c => c.textContent.replace(/\\s+/g, ' ').trim()))"
            ".filter(r => r.some(c => c)))")
        links = page.evaluate(
            "() => [...document.querySelectorAll('article a[download]')].map(a => a.getAttribute('href'))")
    assert captions[:3] == ["Process benchmarks", "Early evidence of change benchmarks", "Resources"]
    assert rows[0] == [
        ["Publish the new course catalogue", "P. Okafor", "September 15, 2026", "Met"],
        ["Enrol the first cohort", "P. Okafor", "December 20, 2026", "Not started"],
        ["Open a second section", "P. Okafor", "December 21, 2026", "Not started"],
    ]
    # How it will be monitored: left empty by this team.
    assert rows[1] == [["20% more grade 7 students enrolled in advanced math", "", "J. Rivera",
                        "March 1, 2027", "In progress"]]
    assert rows[2] == [["Two additional math sections"]]
    stem = "../../downloads/plan/initiative-2-expand-access-to-advanced-coursework-in-grades-6"
    assert links == [f"{stem}.pdf", f"{stem}.docx"]
    for link in links:
        assert (page_path.parent / link).resolve().is_file()


def test_every_initiative_and_strategy_has_a_pdf_and_a_docx(plan_build: Path) -> None:
    files = sorted(p.name for p in (plan_build / "downloads" / "plan").iterdir())
    assert files == [
        "action-plan-2026-2027.xlsx",
        "calendar",
        "initiative-1-strengthen-early-literacy-k-3-grade-4-bridge.docx",
        "initiative-1-strengthen-early-literacy-k-3-grade-4-bridge.pdf",
        "initiative-2-expand-access-to-advanced-coursework-in-grades-6.docx",
        "initiative-2-expand-access-to-advanced-coursework-in-grades-6.pdf",
        "progress-report-2026-2027.pdf",
        "strategy-1-use-common-formative-assessments-in-grade-3.docx",
        "strategy-1-use-common-formative-assessments-in-grade-3.pdf",
    ]
    from docx import Document

    doc = Document(str(plan_build / "downloads" / "plan" /
                       "strategy-1-use-common-formative-assessments-in-grade-3.docx"))
    cells = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert cells[1][0] == "Select and adopt a common formative assessment"
    assert cells[1][1].splitlines() == ["Curriculum office staff time", "Vendor demonstrations"]
    assert cells[1][3:] == ["P. Okafor", "November 15, 2026"]


def test_overview_links_every_part_of_the_plan(plan_build: Path) -> None:
    with browser() as b:
        page = b.new_page()
        page.goto((plan_build / "plan" / "index.html").as_uri())
        heading = page.locator("article h1").inner_text()
        hrefs = page.evaluate("() => [...document.querySelectorAll('article table a')]"
                              ".map(a => a.getAttribute('href'))")
        schema_href = page.locator("article a", has_text="JSON Schema").get_attribute("href")
        text = page.locator("article").inner_text()
    assert heading == "Action plan 2026-2027"
    pages = [h for h in hrefs if h.endswith(".html")]
    assert pages == [
        "initiatives/1-strengthen-early-literacy-k-3-grade-4-bridge.html",
        "initiatives/2-expand-access-to-advanced-coursework-in-grades-6.html",
        "strategies/1-use-common-formative-assessments-in-grade-3.html",
    ]
    for href in hrefs:
        assert (plan_build / "plan" / href).resolve().is_file(), href
    assert "Still to settle" not in text  # the plan meets the checklist
    assert (plan_build / "plan" / schema_href).resolve() == (
        plan_build / "downloads" / "plan.schema.json").resolve()


def test_published_json_schema_accepts_the_documented_format(plan_build: Path) -> None:
    import jsonschema
    import yaml

    schema = json.loads((plan_build / "downloads" / "plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    plan = json.loads(json.dumps(yaml.safe_load(PLAN), default=str))
    assert list(validator.iter_errors(plan)) == []
    plan["initiatives"][0]["colour"] = "blue"
    plan["initiatives"][1]["process_benchmarks"][0]["status"] = "done"
    messages = sorted(e.message for e in validator.iter_errors(plan))
    assert messages == [
        "'done' is not one of ['not started', 'in progress', 'met', 'not met']",
        "Additional properties are not allowed ('colour' was unexpected)",
    ]


def test_a_plan_with_format_errors_stops_the_build_and_keeps_the_old_site(
    plan_build: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "index.html").write_text("previous build", encoding="utf-8")
    plan = tmp_path / "plan.yml"
    plan.write_text(PLAN.replace("date: 2026-10-01", "date: 2026-10-41"), encoding="utf-8")
    result = run_toolkit("build", "--project", str(ROOT), "--plan", str(plan), "--out", str(out),
                         cwd=tmp_path)
    assert result.returncode == 1
    line = PLAN.splitlines().index("        date: 2026-10-01") + 1
    assert result.stderr.strip().splitlines() == [
        f"plan.yml:{line}: expected a date written as YYYY-MM-DD, found '2026-10-41'"]
    assert (out / "site" / "index.html").read_text(encoding="utf-8") == "previous build"


def test_as_of_must_be_a_date(tmp_path: Path) -> None:
    result = run_toolkit("build", "--plan", "plan.yml", "--as-of", "20 Nov", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "'20 Nov' is not a date written as YYYY-MM-DD" in result.stderr


# -- on a phone, a tablet and a laptop -------------------------------------------------
def test_every_page_fits_every_screen_with_the_plan_built_in(plan_build: Path) -> None:
    """The escaping district's site with its plan: every page at 390, 768 and 1280 px."""
    from tests.layout import pages_that_do_not_fit

    pages = sorted(p for p in plan_build.rglob("*.html") if p.name != "404.html")
    with browser() as b:
        assert pages_that_do_not_fit(b, plan_build, pages) == {}


def test_a_plan_table_is_cards_on_a_phone_and_a_table_on_wider_screens(plan_build: Path) -> None:
    page_path = (plan_build / "plan" / "initiatives" /
                 "2-expand-access-to-advanced-coursework-in-grades-6.html")
    seen = {}
    with browser() as b:
        for width in (390, 768, 1280):
            page = b.new_page(viewport={"width": width, "height": 900})
            page.goto(page_path.as_uri())
            table = page.locator("article table").first
            seen[width] = table.evaluate(
                """t => { const cell = t.tBodies[0].rows[0].cells[2];
                  const lines = (end) => { const range = document.createRange();
                    range.setStart(cell.firstChild, 0); range.setEnd(cell.firstChild, end);
                    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; };
                  return {display: getComputedStyle(t).display,
                          label: getComputedStyle(cell, '::before').content,
                          month: lines('September'.length), lines: lines(cell.firstChild.length),
                          text: cell.textContent}; }""")
            # Cards or not, a screen reader still meets a table with its column headers.
            assert 'columnheader "Date"' in table.aria_snapshot()
            page.close()
    assert seen[390]["display"] == "block"
    assert seen[390]["lines"] == 1  # a card gives the date the phone's whole width
    assert seen[390]["label"] == '"Date" / ""'  # the column's name above the value, unread
    for width in (768, 1280):
        assert seen[width]["display"] == "table"
    for width in seen:
        assert seen[width]["text"] == "September 15, 2026"
        assert seen[width]["month"] == 1, width  # it was "Septe/mber" in a squeezed column


def test_chart_labels_stay_readable_on_every_screen(plan_build: Path) -> None:
    measures = {}
    with browser() as b:
        for width in (390, 768, 1280):
            page = b.new_page(viewport={"width": width, "height": 900})
            page.goto((plan_build / "plan" / "progress.html").as_uri())
            measures[width] = page.evaluate(
                """() => {
                  const chart = document.querySelector('.tk-chart').getBoundingClientRect();
                  const texts = [...document.querySelectorAll(
                    '.tk-chart__label, .tk-chart__count, .tk-chart__legend li')].map(e => ({
                      text: e.textContent, size: parseFloat(getComputedStyle(e).fontSize),
                      cut: e.scrollWidth > e.clientWidth + 1, box: e.getBoundingClientRect().toJSON()}));
                  const bars = [...document.querySelectorAll('.tk-chart__bar')].map(
                    e => e.getBoundingClientRect().width / chart.width);
                  return {texts, bars};
                }""")
            page.close()
    for width, found in measures.items():
        texts = found["texts"]
        assert [t["text"] for t in texts[:6:2]] == [
            " ".join(NASTY_INITIATIVE.split()), "Expand access to advanced coursework in grades 6-8",
            "All initiatives"]
        assert texts[1]["text"] == "1 of 5 met"
        assert all(t["size"] >= 14 and not t["cut"] for t in texts), (width, texts)
        legend = [t["box"] for t in texts[-4:]]
        assert all(a["right"] <= b["left"] or a["bottom"] <= b["top"] for a, b in itertools.pairwise(legend))
        assert min(found["bars"]) >= 0.5, width


def test_no_printed_plan_page_ends_a_sheet_with_a_heading(plan_build: Path) -> None:
    from tests.printing import stranded_headings

    stranded = {}
    with browser() as b:
        page = b.new_page()
        Guard(page)
        for path in sorted((plan_build / "plan").rglob("*.html")):
            page.goto(path.as_uri(), wait_until="load")
            _, headings = stranded_headings(page)
            if headings:
                stranded[path.name] = headings
    assert stranded == {}
