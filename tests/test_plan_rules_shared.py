"""One checklist, two checkers: ``toolkit check --plan`` and the online template's "Check this plan".

The cases in ``plan_rule_cases.yml`` (a plan and, written by hand, the
findings it must give) run through both: the command reads each plan as a
JSON plan file; the page, in headless Chromium, opens the same file into the
form and checks it. Both must give exactly the listed findings. Then the page
is used as a recorder would: a finding takes them to its field, the result is
announced, the page stays accessible, and the saved file is named after the
district, the plan year and the initiative.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page

from tests.browser import axe_violations
from tests.conftest import ROOT, run_toolkit
from tests.test_plan_editor import editor

CASES = yaml.safe_load((ROOT / "tests" / "plan_rule_cases.yml").read_text(encoding="utf-8"))


def _write(folder: Path, case: dict) -> Path:
    path = folder / (re.sub(r"[^a-z0-9]+", "-", case["name"].lower()).strip("-") + ".json")
    path.write_text(json.dumps(case["plan"], ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_command_gives_the_cases_findings(case: dict, tmp_path: Path) -> None:
    path = _write(tmp_path, case)
    result = run_toolkit("check", "--plan", path.name, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    found = [re.sub(rf"^{re.escape(path.name)}:\d+: ", "", line) for line in result.stderr.splitlines()
             if line.startswith(f"{path.name}:")]
    assert sorted(found) == sorted(case["findings"])
    assert result.returncode == (1 if any(f.startswith("error:") for f in case["findings"]) else 0)


def open_plan(page: Page, path: Path) -> None:
    page.locator("[data-plan-import]").set_input_files(str(path))
    page.get_by_text(f"Opened {path.name}.").wait_for()


def page_findings(page: Page) -> list[str]:
    page.get_by_role("button", name="Check this plan").click()
    items = page.locator("[data-plan-findings-list] li")
    return [f"{item.get_attribute('data-plan-severity')}: "
            f"{item.locator('[data-plan-message]').inner_text()}" for item in items.all()]


def test_the_online_template_gives_the_same_findings(generic_site: Path, tmp_path: Path) -> None:
    with editor(generic_site) as (page, _, dialogs):
        for case in CASES:
            open_plan(page, _write(tmp_path, case))
            assert sorted(page_findings(page)) == sorted(case["findings"]), case["name"]
        assert not [d for d in dialogs if d.startswith("alert")]


def test_a_finding_takes_the_recorder_to_its_field(generic_site: Path, tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == "benchmarks need what, who and by when")
    with editor(generic_site) as (page, _, _dialogs):
        open_plan(page, _write(tmp_path, case))
        page.get_by_role("button", name="Check this plan").click()
        # Focus goes to the findings, whose summary the status line announces.
        heading = page.get_by_role("heading", name="Checklist findings")
        assert heading.evaluate("el => el === document.activeElement")
        page.wait_for_function("document.querySelector('[data-plan-status]').textContent.length > 0")
        assert page.locator("[data-plan-status]").inner_text() == (
            "Checked the plan. 3 errors and 0 warnings: fix the errors before the plan is reviewed. "
            "Choose a finding to go to its field.")
        # In the order of the form, each a button to its field, which is marked invalid.
        buttons = page.locator("[data-plan-findings-list] button")
        assert buttons.all_inner_texts() == [
            "Error: initiative 'Literacy': process benchmark 1 has no person responsible: name the "
            "person responsible",
            "Error: initiative 'Literacy': process benchmark 2 has no benchmark: say what will be done "
            "or seen",
            "Error: initiative 'Literacy': early evidence benchmark 1 has no date: give the date "
            "(YYYY-MM-DD)",
        ]
        expected = ["Process benchmark 1: Person Responsible", "Process benchmark 2: Process Benchmark",
                    "Early evidence benchmark 1: Date"]
        for index, label in enumerate(expected):
            buttons.nth(index).focus()
            page.keyboard.press("Enter")
            focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
            assert focused == label
            assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
        # Filling the gaps and checking again clears them.
        page.get_by_label("Process benchmark 1: Person Responsible").fill("M. Edwards")
        page.get_by_label("Process benchmark 2: Process Benchmark").fill("Train teachers")
        page.get_by_label("Early evidence benchmark 1: Date").fill("2027-02-01")
        assert page_findings(page) == []
        assert page.locator("[aria-invalid]").count() == 0
        assert page.locator("[data-plan-findings-summary]").inner_text() == (
            "The plan meets the checklist, with nothing to fix.")


def test_findings_are_accessible(generic_site: Path, tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == "order, quantities, gaps and the plan year")
    with editor(generic_site) as (page, _, _dialogs):
        open_plan(page, _write(tmp_path, case))
        assert not page.locator("[data-plan-findings]").is_visible()  # until the plan is checked
        page.get_by_role("button", name="Check this plan").click()
        assert axe_violations(page) == []
        assert not page.locator("[data-plan-import]").is_visible()  # the file picker is behind its button


def test_the_saved_file_is_named_after_district_year_and_initiative(generic_site: Path,
                                                                   tmp_path: Path) -> None:
    plan = {"district": 'Saint-Étienne & <North> "Valley" Regional School District',
            "plan_year": "2026-2027",
            "initiatives": [{"name": "Élargir l'accès: cours avancés / grades 6-8?", "team": "Math team",
                             "recorder": "A. Lee",
                             "early_evidence_benchmarks": [{"benchmark": "20% more students",
                                                            "monitoring": "Enrolment, each term"}]}],
            "strategies": [{"strategy": "Open sections", "team": "Math team"}]}
    source = tmp_path / "in.json"
    source.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    with editor(generic_site) as (page, _, _dialogs):
        open_plan(page, source)
        assert page.get_by_label("Initiative 1: Action plan team").input_value() == "Math team"
        assert page.get_by_label("Initiative 1: Recorder").input_value() == "A. Lee"
        with page.expect_download() as info:
            page.get_by_role("button", name="Save as a plan file").click()
        download = info.value
        assert download.suggested_filename == (
            "saint-etienne-north-valley-regional-2026-2027-elargir-l-acces-cours-avances-grades-6-8"
            ".json")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
    # Team, recorder and monitoring survive the round trip through the form.
    assert json.loads(saved.read_text(encoding="utf-8")) == plan
