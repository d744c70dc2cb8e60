"""The plan as a workbook: written by the build, edited in LibreOffice, read back as a plan file.

The workbook is the spreadsheet a district office tracks the plan in. These
tests write it from a plan file, check what a person sees when opening it
(sheets, columns, drop-downs, frozen headers, widths, text that stays text),
edit it in LibreOffice Calc for real (a Basic macro types into cells and
saves with Calc's own Excel filter), read it back with ``toolkit check
--plan`` and in the plan model, and point at each kind of mistake by its
cell.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_toolkit
from tests.libreoffice import edit_workbook, to_pdf
from tests.test_plan_site import PLAN
from toolkit.pipeline.fingerprint import canonical
from toolkit.plan.model import Plan, load_plan
from toolkit.plan.workbook import load_workbook_plan, workbook_bytes

STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

#: PLAN with everything a workbook must carry: teams, a recorder, monitoring,
#: text that looks like a formula, several lines, a benchmark left half done.
FULL_PLAN = PLAN.replace(
    "    resources:\n      - \"Title IIA funds for professional development\"\n",
    "    resources:\n      - \"Title IIA funds for professional development\"\n"
    "      - \"=SUM(A1:A9) is not a formula here\"\n"
    "    team: \"Early literacy team\"\n    recorder: \"A. Lee & <B. Chu>\"\n",
).replace(
    '        status: not met                      # overdue by 19 days\n',
    '        status: not met                      # overdue by 19 days\n'
    '        monitoring: "Walkthrough records,\\nreviewed monthly by the coach"\n',
).replace(
    '    resources: ["Two additional math sections"]\n',
    '    resources: ["Two additional math sections"]\n    team: "Math team"\n'
    '  - name: "Improve attendance in grades 9-12"\n'
    '    process_benchmarks:\n      - person: "K. Nguyen"\n',
)
assert FULL_PLAN.count("team:") == 2 and "monitoring" in FULL_PLAN and "K. Nguyen" in FULL_PLAN


def plan_of(folder: Path, text: str = FULL_PLAN) -> Plan:
    path = folder / "plan.yml"
    path.write_text(text, encoding="utf-8")
    plan, problems = load_plan(path)
    assert plan is not None and not problems.errors, [str(p) for p in problems]
    return plan


def write_workbook(folder: Path, plan: Plan, name: str = "plan.xlsx") -> Path:
    path = folder / name
    path.write_bytes(workbook_bytes(plan, STAMP))
    return path


def same_plan(a: Plan, b: Plan) -> None:
    """Equal in everything but where each value was written."""
    assert canonical(a) == canonical(b)


def test_plan_file_to_workbook_and_back_gives_the_same_plan(tmp_path: Path) -> None:
    plan = plan_of(tmp_path)
    back, problems = load_workbook_plan(write_workbook(tmp_path, plan))
    assert [str(p) for p in problems] == []
    assert back is not None
    same_plan(plan, back)
    assert back.initiatives[0].early_evidence_benchmarks[0].monitoring == (
        "Walkthrough records,\nreviewed monthly by the coach")
    assert back.initiatives[0].resources[1] == "=SUM(A1:A9) is not a formula here"


def test_the_same_plan_gives_the_same_bytes(tmp_path: Path) -> None:
    plan = plan_of(tmp_path)
    first = workbook_bytes(plan, STAMP)
    assert workbook_bytes(plan, STAMP) == first
    assert workbook_bytes(plan, STAMP + dt.timedelta(days=1)) != first  # stamped with the build date


def test_the_workbook_is_laid_out_for_people(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(write_workbook(tmp_path, plan_of(tmp_path)))
    assert book.sheetnames == ["Plan", "1 Strengthen early literacy, K-", "2 Expand access to advanced cou",
                               "3 Improve attendance in grades", "Action steps"]
    about = book["Plan"]
    assert [about["A1"].value, about["B1"].value] == ["District", 'Saint-Étienne & <North> "Valley"']
    assert [about["A2"].value, about["B2"].value] == ["Plan year", "2026-2027"]
    sheet = book["1 Strengthen early literacy, K-"]
    assert [sheet.cell(row=r, column=1).value for r in (1, 2, 3)] == [
        "Strategic initiative/objective", "Action plan team", "Recorder"]
    assert sheet["B3"].value == "A. Lee & <B. Chu>"
    assert [c.value for c in sheet[5]] == ["Section", "Benchmark", "Person Responsible", "Date", "Status",
                                           "How it will be monitored (early evidence)"]
    assert sheet.freeze_panes == "A6"
    assert sheet.print_title_rows == "$5:$5"
    assert all(sheet.column_dimensions[c].width >= 13 for c in "ABCDEF")
    assert sheet.column_dimensions["B"].width >= 50
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6, max_row=11)]
    assert rows[0] == ["Process benchmark", "Identify common district-wide reading strategies", "M. Edwards",
                       dt.datetime(2026, 10, 1), "Met", None]
    assert [r[0] for r in rows] == ["Process benchmark"] * 4 + ["Early evidence of change benchmark",
                                                                 "Resource"]
    assert sheet["D6"].number_format == "yyyy-mm-dd"
    formula_like = next(c for c in sheet["B"] if str(c.value).startswith("=SUM"))
    assert formula_like.data_type == "s"  # text, never a formula
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {"E6:E505": '"Not started,In progress,Met,Not met"',
                     "A6:A505": '"Process benchmark,Early evidence of change benchmark,Resource"'}
    steps = book["Action steps"]
    assert [c.value for c in steps[1]] == ["Strategy", "Action plan team", "Action Steps", "Resources",
                                           "Measures of Implementation (Outputs)", "Owner", "Deadline"]
    assert steps.freeze_panes == "A2"
    assert steps["D2"].value == "Curriculum office staff time\nVendor demonstrations"
    assert book.properties.created == book.properties.modified == dt.datetime(2026, 1, 1)


@pytest.fixture(scope="module")
def libreoffice_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("libreoffice")


def test_a_workbook_edited_in_libreoffice_is_read_back(tmp_path: Path, libreoffice_profile: Path) -> None:
    plan = plan_of(tmp_path)
    source = write_workbook(tmp_path, plan)
    # As the district office would: a status updated, a benchmark and a strategy's action step added.
    edited = tmp_path / "edited.xlsx"
    edit_workbook(source, edited, [
        (1, "E7", "Met"),
        (1, "A14", "Process benchmark"), (1, "B14", "Review the coaching logs"), (1, "C14", "S. Harris"),
        (1, "D14", ""), (1, "E14", "In progress"),
        (4, "A3", "Open a second grade 7 section"), (4, "C3", "Hire a math teacher"),
        (4, "D3", "Title I funds"), (4, "E3", "Teacher hired"), (4, "F3", "J. Rivera"), (4, "G3", ""),
    ], libreoffice_profile, dates={"1!D14": "2027-03-15", "4!G3": "2027-04-01"})
    back, problems = load_workbook_plan(edited)
    assert [str(p) for p in problems] == []
    assert back is not None
    literacy = back.initiatives[0]
    assert [(b.benchmark, b.status) for b in literacy.process_benchmarks][1] == (
        "Train K-3 teachers in the common strategies", "met")
    assert literacy.process_benchmarks[4].benchmark == "Review the coaching logs"
    assert (literacy.process_benchmarks[4].date, literacy.process_benchmarks[4].status) == (
        dt.date(2027, 3, 15), "in progress")
    assert [s.strategy for s in back.strategies] == ["Use common formative assessments in grade 3 reading",
                                                     "Open a second grade 7 section"]
    step = back.strategies[1].action_steps[0]
    assert (step.step, step.resources, step.measures, step.owner, step.deadline) == (
        "Hire a math teacher", ["Title I funds"], ["Teacher hired"], "J. Rivera", dt.date(2027, 4, 1))
    # Everything else is as it was.
    untouched = [i for n, i in enumerate(back.initiatives) if n]
    assert canonical(untouched) == canonical(plan.initiatives[1:])
    # And the command reads it as any plan file, pointing at cells.
    result = run_toolkit("check", "--plan", edited.name, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert "process benchmark 5" not in result.stderr  # complete, and in order: March after January
    assert ("edited.xlsx:'3 Improve attendance in grades'!B6: error: initiative 'Improve attendance in "
            "grades 9-12': process benchmark 1 has no benchmark: say what will be done or seen"
            in result.stderr)


def test_a_workbook_saved_again_by_libreoffice_is_the_same_plan(tmp_path: Path,
                                                               libreoffice_profile: Path) -> None:
    plan = plan_of(tmp_path)
    resaved = tmp_path / "resaved.xlsx"
    edit_workbook(write_workbook(tmp_path, plan), resaved, [], libreoffice_profile)
    back, problems = load_workbook_plan(resaved)
    assert [str(p) for p in problems] == []
    assert back is not None
    same_plan(plan, back)


SIMPLE = """\
district: "Marlowe"
plan_year: "2026-2027"
initiatives:
  - name: "Literacy"
    process_benchmarks:
      - {benchmark: "Identify strategies", person: "M. Edwards", date: 2026-10-01}
    early_evidence_benchmarks:
      - {benchmark: "75% of teachers use them", person: "S. Harris", date: 2027-02-01}
    resources: ["Coaches"]
strategies:
  - strategy: "Assess often"
    action_steps:
      - {step: "Adopt a test", resources: ["Time"], measures: ["Adopted"], owner: "P. Okafor",
         deadline: 2026-11-15}
"""


def test_mistakes_are_reported_at_their_cell(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_workbook(tmp_path, plan_of(tmp_path, SIMPLE))
    book = load_workbook(path)
    sheet = book["1 Literacy"]
    sheet["E6"] = "Done"
    sheet["D7"] = "1/2/27"
    sheet["C6"] = "the team"
    sheet["A9"], sheet["B9"] = "Budget", "Money"
    sheet["G5"] = "Notes"
    steps = book["Action steps"]
    # A row whose strategy cell is empty continues the strategy above.
    steps["B3"], steps["C3"] = "", "An orphan step"
    steps["F2"] = None
    book["Plan"]["B2"] = "2026-27"
    book.save(path)
    result = run_toolkit("check", "--plan", path.name, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("plan.xlsx:")]
    assert lines == [
        "plan.xlsx:Plan!B2: error: '2026-27' is not valid: write the school year as YYYY-YYYY, e.g. "
        "2026-2027",
        "plan.xlsx:'1 Literacy'!G5: warning: column 'Notes' is not part of the plan; it is ignored",
        "plan.xlsx:'1 Literacy'!C6: error: initiative 'Literacy': process benchmark 1: person 'the team' "
        "names a group or a placeholder, not one accountable person",
        "plan.xlsx:'1 Literacy'!E6: error: expected one of not started, in progress, met, not met; "
        "found 'done'",
        "plan.xlsx:'1 Literacy'!D7: error: expected a date written as YYYY-MM-DD, found '1/2/27'",
        "plan.xlsx:'1 Literacy'!A9: error: 'Budget' is not a section: write one of Process benchmark, "
        "Early evidence of change benchmark, Resource",
        "plan.xlsx:'Action steps'!F2: error: strategy 'Assess often': action step 1 has no owner: name "
        "the one person accountable",
        "plan.xlsx:'Action steps'!D3: error: strategy 'Assess often': action step 2 has no resources: list "
        "at least one support it needs",
        "plan.xlsx:'Action steps'!E3: error: strategy 'Assess often': action step 2 has no measure of "
        "implementation: say how readers will know it was done",
        "plan.xlsx:'Action steps'!F3: error: strategy 'Assess often': action step 2 has no owner: name "
        "the one person accountable",
        "plan.xlsx:'Action steps'!G3: error: strategy 'Assess often': action step 2 has no deadline "
        "(YYYY-MM-DD)",
    ]
    assert result.returncode == 1


def test_a_missing_column_and_a_file_that_is_no_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_workbook(tmp_path, plan_of(tmp_path, SIMPLE))
    book = load_workbook(path)
    book["1 Literacy"]["E5"] = None
    book.save(path)
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip at all")
    result = run_toolkit("check", "--plan", "plan.xlsx", "broken.xlsx", cwd=tmp_path)
    lines = [line for line in result.stderr.splitlines() if ".xlsx" in line]
    assert lines == [
        "broken.xlsx: error: not a workbook that can be read (.xlsx): File is not a zip file",
        "plan.xlsx:'1 Literacy'!A5: error: this header row has no column 'Status': put the column back "
        "(its heading exactly so)",
    ]
    assert result.returncode == 1


def test_libreoffice_prints_the_workbook(tmp_path: Path, libreoffice_profile: Path) -> None:
    """What a person sees when they open and print it: every sheet, its headings and values."""
    pdf = to_pdf(write_workbook(tmp_path, plan_of(tmp_path)), tmp_path, libreoffice_profile)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("How to use this workbook", "Strategic initiative/objective", "Person Responsible",
                     "Identify common district-wide reading strategies", "2026-10-01", "In progress",
                     "Measures of Implementation", "(Outputs)", "=SUM(A1:A9) is not a formula here"):
        assert expected in text
