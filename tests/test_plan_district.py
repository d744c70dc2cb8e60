"""A district's plan across its teams, rebuilt with the remembered settings.

Three action plan teams each keep their own plan file: one YAML, one JSON
(as the online template saves it), one the plan's workbook edited in
LibreOffice Calc. The project's ``toolkit.yml`` names the district file, the
folder of plan files and the output folder, so a plain ``toolkit build``
publishes the merged plan: its pages, its progress report (on the site and as
a tagged PDF), its workbook, its calendars and its filled PDF and DOCX files.
Conflicts between files fail with both places and leave the site as it was;
a build that would drop the plan or the branding stops unless confirmed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pikepdf
import pytest
import yaml

from tests.browser import Guard, axe_violations, browser
from tests.conftest import LOGO_PNG, ROOT, hashes, run_toolkit
from tests.libreoffice import edit_workbook
from toolkit.pipeline.fingerprint import canonical
from toolkit.plan.model import load_plan
from toolkit.plan.workbook import workbook_bytes

AS_OF = "2026-11-20"

LITERACY = """\
district: "Marlowe Regional School District"
plan_year: "2026-2027"
initiatives:
  - name: "Strengthen early literacy instruction, K-3"
    team: "Early literacy team"
    recorder: "A. Lee"
    process_benchmarks:
      - {benchmark: "Identify common reading strategies", person: "M. Edwards", date: 2026-10-01, status: met}
      - {benchmark: "Train K-3 teachers in the strategies", person: "M. Edwards", date: 2026-11-10,
         status: in progress}
    early_evidence_benchmarks:
      - benchmark: "75% of K-3 observations cite the strategies"
        person: "S. Harris"
        date: 2027-02-01
        monitoring: "Walkthrough records, reviewed monthly"
    resources: ["Title IIA funds for professional development"]
"""

MATH = {
    "district": "Marlowe Regional School District",
    "plan_year": "2026-2027",
    "initiatives": [{
        "name": "Expand access to advanced coursework in grades 6-8",
        "team": "Math team",
        "process_benchmarks": [
            {"benchmark": "Publish the new course catalogue", "person": "P. Okafor", "date": "2026-09-15",
             "status": "met"},
            {"benchmark": "Enrol the first cohort", "person": "P. Okafor", "date": "2026-12-01"},
        ],
        "early_evidence_benchmarks": [
            {"benchmark": "20% more grade 7 students in advanced math", "person": "J. Rivera",
             "date": "2027-03-01"}],
        "resources": ["Two additional math sections"],
    }],
}

ATTENDANCE = """\
district: "Marlowe Regional School District"
plan_year: "2026-2027"
initiatives:
  - name: "Improve attendance in grades 9-12"
    team: "Attendance team"
    process_benchmarks:
      - {benchmark: "Launch the mentoring program", person: "K. Nguyen", date: 2026-10-15}
    early_evidence_benchmarks:
      - {benchmark: "Chronic absence down 10% in grade 9", person: "K. Nguyen", date: 2027-01-30}
    resources: ["Two attendance mentors"]
strategies:
  - strategy: "Call every family after a second absence"
    team: "Attendance team"
    action_steps:
      - {step: "Write the call script", resources: ["Counselor time"], measures: ["Script approved"],
         owner: "K. Nguyen", deadline: 2026-09-30}
"""

DISTRICT = """\
name: "Marlowe Regional School District"
plan_year: "2026-2027"
branding:
  primary_color: "#1f4e79"
  logo: seal.png
  logo_alt: "Marlowe seal"
"""

SETTINGS = """\
# What the district publishes: a plain `toolkit build` rebuilds it.
district: district/marlowe.yml
plans:
  - plans
out: public
"""


def make_project(folder: Path, profile: Path) -> Path:
    for name in ("content", "slides"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "district").mkdir()
    (folder / "district" / "marlowe.yml").write_text(DISTRICT, encoding="utf-8")
    (folder / "district" / "seal.png").write_bytes(LOGO_PNG)
    plans = folder / "plans"
    plans.mkdir()
    (plans / "literacy.yml").write_text(LITERACY, encoding="utf-8")
    (plans / "math.json").write_text(json.dumps(MATH, indent=2), encoding="utf-8")
    # The attendance team keeps its plan as a workbook, updated in LibreOffice Calc:
    # the first benchmark is now in progress, and a second one was added.
    scratch = folder.parent / "scratch"
    scratch.mkdir()
    (scratch / "attendance.yml").write_text(ATTENDANCE, encoding="utf-8")
    plan, _ = load_plan(scratch / "attendance.yml")
    assert plan is not None
    (scratch / "attendance.xlsx").write_bytes(workbook_bytes(plan, dt.datetime(2026, 8, 1, tzinfo=dt.UTC)))
    edit_workbook(scratch / "attendance.xlsx", plans / "attendance.xlsx", [
        (1, "E6", "In progress"),
        (1, "A9", "Process benchmark"), (1, "B9", "Train every mentor"), (1, "C9", "K. Nguyen"),
        (1, "D9", ""),
    ], profile, dates={"1!D9": "2026-11-30"})
    (folder / "toolkit.yml").write_text(SETTINGS, encoding="utf-8")
    return folder



@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The project with its settings, built once with no flag but the report's date."""
    project = make_project(tmp_path_factory.mktemp("project"), tmp_path_factory.mktemp("libreoffice"))
    result = run_toolkit("build", "--as-of", AS_OF, cwd=project)
    assert result.returncode == 0, result.stderr
    return project, result.stderr


def test_a_plain_build_publishes_the_merged_plan(district: tuple[Path, str]) -> None:
    project, _ = district
    site = project / "public" / "site"
    plan = site / "downloads" / "plan"
    assert sorted(p.relative_to(plan).as_posix() for p in plan.rglob("*") if p.is_file()) == [
        "action-plan-2026-2027.xlsx",
        "calendar/action-plan-2026-2027.ics",
        "calendar/person-j-rivera.ics",
        "calendar/person-k-nguyen.ics",
        "calendar/person-m-edwards.ics",
        "calendar/person-p-okafor.ics",
        "calendar/person-s-harris.ics",
        "initiative-1-improve-attendance-in-grades-9-12.docx",
        "initiative-1-improve-attendance-in-grades-9-12.pdf",
        "initiative-2-strengthen-early-literacy-instruction-k-3.docx",
        "initiative-2-strengthen-early-literacy-instruction-k-3.pdf",
        "initiative-3-expand-access-to-advanced-coursework-in-grades-6.docx",
        "initiative-3-expand-access-to-advanced-coursework-in-grades-6.pdf",
        "progress-report-2026-2027.pdf",
        "strategy-1-call-every-family-after-a-second-absence.docx",
        "strategy-1-call-every-family-after-a-second-absence.pdf",
    ]
    assert (site / "assets" / "images" / "district-logo.png").read_bytes() == LOGO_PNG
    with browser() as b:
        page = b.new_page()
        guard = Guard(page)
        page.goto((site / "plan" / "index.html").as_uri())
        rows = page.locator("article h2:has-text('Initiatives') + div table tbody tr").all()
        teams = [(r.locator("td").nth(0).inner_text(), r.locator("td").nth(1).inner_text()) for r in rows]
        text = page.locator("article").inner_text()
        assert axe_violations(page) == []
        page.goto((site / "plan" / "progress.html").as_uri())
        by_team = page.locator("article h2:has-text('By team') + div table tbody tr").all_inner_texts()
        summary = page.locator("article .tk-summary").inner_text()
        calendars = page.locator("article h2:has-text('Calendars') ~ ul a").all_inner_texts()
        assert axe_violations(page) == []
        assert guard.outside == []
    assert teams == [("Improve attendance in grades 9-12", "Attendance team"),
                     ("Strengthen early literacy instruction, K-3", "Early literacy team"),
                     ("Expand access to advanced coursework in grades 6-8", "Math team")]
    assert "3 initiatives" in text and "1 strategy with its action steps" in text
    assert "toolkit" not in text.lower().replace("action planning toolkit", "")  # no command lines
    # The workbook's edit in LibreOffice shows: its benchmark in progress, its added one counted.
    assert [row.split("\t") for row in by_team] == [
        ["Attendance team", "0", "1", "2", "0", "3"],
        ["Early literacy team", "1", "1", "1", "0", "3"],
        ["Math team", "1", "0", "2", "0", "3"],
        ["The district", "2", "2", "5", "0", "9"],
    ]
    assert summary.startswith("Where Marlowe Regional School District stands on its 2026-2027 action plan "
                              "on November 20, 2026: 9 benchmarks across 3 initiatives, of which 2 are met")
    assert calendars == ["Dates of J. Rivera", "Dates of K. Nguyen", "Dates of M. Edwards",
                         "Dates of P. Okafor", "Dates of S. Harris"]


def test_no_page_shows_markdown_it_was_written_in(district: tuple[Path, str]) -> None:
    """An attribute list (``{: .tk-summary }``) left as text, as it was on every initiative
    and strategy page that named its team, shows on no page of the published site."""
    project, _ = district
    pages = sorted((project / "public" / "site").rglob("*.html"))
    assert len(pages) > 40
    assert [p.name for p in pages if "{: " in p.read_text(encoding="utf-8")] == []
    with browser() as b:
        page = b.new_page()
        page.goto((project / "public" / "site" / "plan" / "initiatives" /
                   "2-strengthen-early-literacy-instruction-k-3.html").as_uri())
        summary = page.locator("article .tk-summary").inner_text()
        # On a phone the team and the recorder, printed side by side, stack: each value
        # keeps a readable width instead of wrapping a word a line.
        page.set_viewport_size({"width": 390, "height": 900})
        team, recorder = (page.locator(".tkd-header-row .tkd-field").nth(i).bounding_box()
                          for i in (0, 1))
        value = page.locator(".tkd-header-row .tkd-value").first.bounding_box()
    assert summary.endswith("Action plan team: Early literacy team (recorder: A. Lee).")
    assert team is not None and recorder is not None and value is not None
    assert recorder["y"] >= team["y"] + team["height"] - 1
    assert value["height"] < 30  # "Early literacy team" on one line


def test_the_published_workbook_is_the_merged_plan(district: tuple[Path, str], tmp_path: Path) -> None:
    project, _ = district
    from toolkit.plan.merge import read_plans
    from toolkit.plan.workbook import load_workbook_plan

    published = project / "public" / "site" / "downloads" / "plan" / "action-plan-2026-2027.xlsx"
    back, problems = load_workbook_plan(published)
    assert [str(p) for p in problems] == []
    merged = read_plans([project / "plans"])
    assert canonical(back) == canonical(merged)
    # A team may take the district's workbook as its plan file: it reads like any other.
    result = run_toolkit("check", "--plan", str(published), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_published_schema_accepts_every_teams_file(district: tuple[Path, str]) -> None:
    import jsonschema

    project, _ = district
    schema = json.loads((project / "public" / "site" / "downloads" / "plan.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for data in (yaml.safe_load(LITERACY), MATH, yaml.safe_load(ATTENDANCE)):
        assert list(validator.iter_errors(json.loads(json.dumps(data, default=str)))) == []
    assert "one file per action plan team" in schema["description"]


def test_calendars_name_initiative_benchmark_and_status(district: tuple[Path, str]) -> None:
    from icalendar import Calendar

    project, _ = district
    folder = project / "public" / "site" / "downloads" / "plan" / "calendar"
    whole = Calendar.from_ical((folder / "action-plan-2026-2027.ics").read_bytes())
    events = whole.walk("VEVENT")
    assert len(events) == 10  # every dated benchmark (9) and action step (1)
    assert len({str(e["uid"]) for e in events}) == 10
    assert all(str(e["dtstamp"].to_ical().decode()) == "20260101T000000Z" for e in events)
    train = next(e for e in events if "Train every mentor" in str(e["summary"]))
    assert train["dtstart"].dt == dt.date(2026, 11, 30)
    assert str(train["summary"]) == ("Train every mentor (Not started) \u2013 Improve attendance in "
                                     "grades 9-12")
    assert str(train["description"]).splitlines()[:4] == [
        "Initiative: Improve attendance in grades 9-12", "Process benchmark 2: Train every mentor",
        "Person responsible: K. Nguyen", "Status: Not started"]
    assert [str(a["trigger"].to_ical().decode()) for a in train.walk("VALARM")] == ["-P7D"]
    step = next(e for e in events if "Write the call script" in str(e["summary"]))
    assert str(step["description"]).startswith("Strategy: Call every family after a second absence\n"
                                               "Action step 1: Write the call script\nOwner: K. Nguyen")
    nguyen = Calendar.from_ical((folder / "person-k-nguyen.ics").read_bytes()).walk("VEVENT")
    assert sorted(str(e["summary"]).split(" (")[0].split(" \u2013")[0] for e in nguyen) == [
        "Chronic absence down 10% in grade 9", "Deadline: Write the call script",
        "Launch the mentoring program", "Train every mentor"]
    assert {str(e["uid"]) for e in nguyen} <= {str(e["uid"]) for e in events}


def test_the_progress_report_prints_as_a_tagged_pdf(district: tuple[Path, str]) -> None:
    from pypdf import PdfReader

    project, _ = district
    path = project / "public" / "site" / "downloads" / "plan" / "progress-report-2026-2027.pdf"
    with pikepdf.open(path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en"
        assert "Progress report: Marlowe Regional School District" in str(pdf.docinfo.get("/Title"))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)
    for expected in ("Progress report, November 20, 2026", "9 benchmarks across 3 initiatives",
                     "By team", "Attendance team", "The district", "Overdue",
                     "Launch the mentoring program", "Coming up in the next 30 days",
                     "Train every mentor", "By person responsible"):
        assert expected in text, expected


def test_the_printed_report_shows_its_chart_and_keeps_headings_with_their_tables(
        district: tuple[Path, str]) -> None:
    """The board packet's PDF draws the chart (names, bars and counts), WeasyPrint reports
    no problem printing it, and no heading or caption is left at the foot of a page."""
    import logging

    from tests import pdf_layout
    from toolkit.config.district import load_district
    from toolkit.plan.merge import read_plans
    from toolkit.plan.progress import progress
    from toolkit.plan.report import report_pdf

    project, _ = district
    plan = read_plans([project / "plans"])
    logged: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: logged.append(record.getMessage()[:200])  # type: ignore[method-assign]
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        data = report_pdf(plan, progress(plan, dt.date.fromisoformat(AS_OF)),
                          load_district(project / "district" / "marlowe.yml"))
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    assert logged == []
    published = project / "public" / "site" / "downloads" / "plan" / "progress-report-2026-2027.pdf"
    assert data == published.read_bytes()  # what the build published
    items = pdf_layout.blocks(data)
    text = " ".join(block.text for block in items)
    for drawn in ("Improve attendance in grades 9-12", "0 of 3 met", "1 of 3 met", "2 of 9 met",
                  "In progress", "Not started"):
        assert drawn in text, drawn
    assert "as of 2026-11-20" not in text  # the chart's text equivalent, shown when it failed to draw
    intros = frozenset({"Benchmarks whose date has passed and that are not met.",
                        "Benchmarks not yet met whose date falls between November 20, 2026 and "
                        "December 20, 2026."})
    assert intros <= {block.text for block in items}
    assert pdf_layout.stranded_headings(items, intros) == []
    assert pdf_layout.lone_rows(items) == []
    # On A4 for a district that prints on A4, as its templates are: the same sheet, exactly.
    from dataclasses import replace

    a4 = report_pdf(plan, progress(plan, dt.date.fromisoformat(AS_OF)),
                    replace(load_district(project / "district" / "marlowe.yml"), paper_size="a4"))
    with pikepdf.open(io.BytesIO(a4)) as pdf:
        assert [round(float(v), 2) for v in pdf.pages[0].MediaBox[2:]] == [595.28, 841.89]


def test_an_unchanged_rebuild_and_a_clean_one_give_the_same_bytes(district: tuple[Path, str],
                                                                tmp_path: Path) -> None:
    project, _ = district
    site = project / "public" / "site"
    before = hashes(site)
    again = run_toolkit("build", "--as-of", AS_OF, cwd=project)
    assert again.returncode == 0 and "Nothing changed" in again.stderr
    clean = run_toolkit("build", "--as-of", AS_OF, "--out", str(tmp_path / "clean"), cwd=project)
    assert clean.returncode == 0, clean.stderr
    assert hashes(tmp_path / "clean" / "site") == before == hashes(site)


def _expect_failure(project: Path, *args: str, env: dict[str, str] | None = None) -> list[str]:
    site = project / "public" / "site"
    before = hashes(site)
    result = run_toolkit("build", *args, cwd=project, env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert hashes(site) == before  # the previous site, untouched
    return result.stderr.strip().splitlines()


def _failure_with_another_team_file(project: Path, name: str, text: str) -> list[str]:
    """What a build says with one more team's file ``plans/NAME`` (removed afterwards)."""
    extra = project / "plans" / name
    extra.write_text(text, encoding="utf-8")
    try:
        return _expect_failure(project)
    finally:
        extra.unlink()


def test_a_duplicate_initiative_fails_with_both_places(district: tuple[Path, str]) -> None:
    project, _ = district
    lines = _failure_with_another_team_file(project, "zz-literacy.yml", LITERACY.replace("A. Lee", "B. Chu"))
    assert lines == ["plans/zz-literacy.yml:4: initiative 'Strengthen early literacy instruction, K-3' is "
                     "also in plans/literacy.yml:4: each initiative belongs in one team's plan file"]


def test_a_mismatched_plan_year_fails_with_both_places(district: tuple[Path, str]) -> None:
    project, _ = district
    lines = _failure_with_another_team_file(
        project, "zz-science.yml", 'district: "Marlowe Regional School District"\nplan_year: "2027-2028"\n'
                                   'initiatives:\n  - name: "Science labs"\n')
    assert lines == ["plans/zz-science.yml:2: plan year '2027-2028' differs from '2026-2027' in "
                     "plans/attendance.xlsx:Plan!B2: every team's plan file must give the same plan year"]


def test_a_build_that_would_drop_the_plan_or_branding_stops(district: tuple[Path, str]) -> None:
    project, _ = district
    settings = project / "toolkit.yml"
    settings.write_text("out: public\n", encoding="utf-8")
    try:
        lines = _expect_failure(project)
        assert lines == [
            "public/.toolkit-published.json:1: public/site was last published with the branding of "
            "Marlowe Regional School District and the action plan pages, and this build would drop them: "
            "name the district file and the plans with --district and --plan or in toolkit.yml, or add "
            "--confirm-drop to publish without them"]
        # The logo alone is branding too.
        (project / "district" / "nologo.yml").write_text(
            'name: "Marlowe Regional School District"\nplan_year: "2026-2027"\n', encoding="utf-8")
        lines = _expect_failure(project, "--district", "district/nologo.yml", "--plan", "plans")
        assert "the logo of Marlowe Regional School District" in lines[0]
        # Confirmed, it goes ahead (here just the decks, into the same site).
        confirmed = run_toolkit("build", "--only", "slides", "--confirm-drop", cwd=project)
        assert confirmed.returncode == 0, confirmed.stderr
    finally:
        settings.write_text(SETTINGS, encoding="utf-8")


def test_a_site_built_before_builds_kept_their_record_is_guarded_too(tmp_path: Path) -> None:
    site = tmp_path / "out" / "site"
    (site / "plan").mkdir(parents=True)
    (site / "plan" / "index.html").write_text("the district's plan", encoding="utf-8")
    (site / "assets" / "images").mkdir(parents=True)
    (site / "assets" / "images" / "district-logo.png").write_bytes(LOGO_PNG)
    result = run_toolkit("build", "--project", str(ROOT), "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "out/.toolkit-published.json:1: out/site was last published with the branding of the district "
        "and the action plan pages, and this build would drop them: name the district file and the plans "
        "with --district and --plan or in toolkit.yml, or add --confirm-drop to publish without them"]
    assert (site / "plan" / "index.html").read_text(encoding="utf-8") == "the district's plan"


@pytest.mark.parametrize(("text", "expected"), [
    ("district: nowhere.yml\n", "toolkit.yml:1: file 'nowhere.yml' not found (paths are relative to "
                                "this file)"),
    ("plans: [plans, missing]\nout: public\n", "toolkit.yml:1: file or folder 'missing' not found (paths "
                                               "are relative to this file)"),
    ("out: public\ncolour: blue\n", "toolkit.yml:2: unknown key 'colour' (known keys: district, plans, "
                                    "out)"),
    ("plans: 3\n", "toolkit.yml:1: expected text, found a number"),
])
def test_mistakes_in_the_settings_file(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "toolkit.yml").write_text(text, encoding="utf-8")
    result = run_toolkit("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [expected]


def test_the_command_line_then_the_environment_then_the_settings(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.config.project import apply_settings

    for name in ("a.yml", "b.yml", "c.yml"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "plans").mkdir()
    (tmp_path / "toolkit.yml").write_text("district: a.yml\nplans: plans\nout: site-out\n", encoding="utf-8")

    def resolve(**given: object) -> tuple[object, object, object]:
        args = argparse.Namespace(project=str(tmp_path), district=None, plan=None, out=None)
        for key, value in given.items():
            setattr(args, key, value)
        apply_settings(args)
        return args.district, args.plan, args.out

    monkeypatch.delenv("TOOLKIT_DISTRICT", raising=False)
    monkeypatch.delenv("TOOLKIT_PLAN", raising=False)
    assert resolve() == (str(tmp_path / "a.yml"), [str(tmp_path / "plans")], str(tmp_path / "site-out"))
    monkeypatch.setenv("TOOLKIT_DISTRICT", "b.yml")
    monkeypatch.setenv("TOOLKIT_PLAN", "x.yml:y")
    assert resolve() == ("b.yml", ["x.yml", "y"], str(tmp_path / "site-out"))
    assert resolve(district="c.yml", plan=["z.json"], out="o") == ("c.yml", ["z.json"], "o")
    (tmp_path / "toolkit.yml").unlink()
    monkeypatch.delenv("TOOLKIT_DISTRICT")
    monkeypatch.delenv("TOOLKIT_PLAN")
    assert resolve() == (None, None, "build")


def test_readme_documents_the_settings_and_the_new_files() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for needle in ("toolkit.yml", "--confirm-drop", "TOOLKIT_DISTRICT", "TOOLKIT_PLAN",
                   "action-plan-2026-2027.xlsx", ".ics", "progress-report-2026-2027.pdf", "Check this plan",
                   "openpyxl", "icalendar"):
        assert needle in readme, needle
    block = readme.split("```yaml\n# toolkit.yml", 1)[1].split("```", 1)[0]
    settings = yaml.safe_load(block.split("\n", 1)[1])
    assert set(settings) == {"district", "plans", "out"}
