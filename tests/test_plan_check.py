"""``toolkit check --plan``: the action plan checklist, finding by finding.

Each test writes a plan with known mistakes and asserts the exact
``path:line: severity: message`` lines a team sees and the exit status.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_toolkit

GOOD_PLAN = """\
district: "Marlowe Regional School District"
plan_year: "2026-2027"
initiatives:
  - name: "Strengthen early literacy instruction, K-3"
    process_benchmarks:
      - benchmark: "Identify common district-wide reading strategies"
        person: "M. Edwards"
        date: 2026-10-01
        status: met
      - benchmark: "Train K-3 teachers in the common strategies"
        person: "Literacy coach"
        date: 2026-12-15
        status: In progress
    early_evidence_benchmarks:
      - benchmark: "75% of all teacher observations cite evidence of reading strategy implementation"
        person: "S. Harris"
        date: 2027-02-01
    resources:
      - "Title IIA funds used to provide professional development, K-12"
strategies:
  - strategy: "Use common formative assessments in grade 3 reading"
    action_steps:
      - step: "Select and adopt a common formative assessment"
        resources: ["Curriculum office staff time"]
        measures: ["Assessment adopted by the school committee"]
        owner: "P. Okafor"
        deadline: 2026-11-15
      - step: "Give the first assessment"
        resources: ["Testing window in the calendar"]
        measures: ["Every grade 3 class tested"]
        owner: "Grade 3 lead teacher"
        deadline: 2027-01-20
"""


EMPTY_BENCHMARK = "benchmark: ''"
#: How findings name the initiative and the strategy of GOOD_PLAN.
LIT = "initiative 'Strengthen early literacy instruction, K-3': "
STR = "strategy 'Use common formative assessments in grade 3 reading': "


def line(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` line of ``text`` containing ``needle``."""
    found = [n for n, row in enumerate(text.splitlines(), start=1) if needle in row]
    return found[nth - 1]


def check(tmp_path: Path, text: str, name: str = "plan.yml", *extra: str) -> tuple[int, list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run_toolkit("check", "--plan", str(path), *extra, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{name}:")]
    return result.returncode, lines


def test_a_complete_plan_passes(tmp_path: Path) -> None:
    code, lines = check(tmp_path, GOOD_PLAN)
    assert (code, lines) == (0, [])


def test_the_same_plan_as_json_passes(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(GOOD_PLAN)
    text = json.dumps(data, indent=2, default=str)
    code, lines = check(tmp_path, text, "plan.json")
    assert (code, lines) == (0, [])


def test_benchmarks_need_what_who_and_when(tmp_path: Path) -> None:
    text = GOOD_PLAN.replace('        person: "M. Edwards"\n', "").replace(
        '      - benchmark: "Train K-3 teachers in the common strategies"\n', "      - benchmark: ''\n"
    ).replace("        date: 2027-02-01\n", "")
    code, lines = check(tmp_path, text)
    assert code == 1
    assert lines == [
        f"plan.yml:{line(text, 'Identify common')}: error: {LIT}process benchmark 1 has no person "
        "responsible: name the person responsible",
        f"plan.yml:{line(text, EMPTY_BENCHMARK)}: error: {LIT}process benchmark 2 has no benchmark: "
        "say what will be done or seen",
        f"plan.yml:{line(text, '75% of all')}: error: {LIT}early evidence benchmark 1 has no date: "
        "give the date (YYYY-MM-DD)",
    ]


def test_status_must_be_one_of_four(tmp_path: Path) -> None:
    text = GOOD_PLAN.replace("status: met", "status: done")
    code, lines = check(tmp_path, text)
    assert code == 1
    assert lines == [
        f"plan.yml:{line(text, 'status: done')}: error: expected one of not started, in progress, "
        "met, not met; found 'done'"
    ]


@pytest.mark.parametrize(
    ("owner", "why"),
    [
        ("the team", "names a group or a placeholder, not one accountable person"),
        ("Staff", "names a group or a placeholder, not one accountable person"),
        ("TBD", "is a placeholder, not a person"),
        ("Curriculum office staff", "names a group or a placeholder, not one accountable person"),
        ("M. Edwards and S. Harris", "names more than one person; name the one who is accountable"),
        ("P. Okafor / J. Rivera", "names more than one person; name the one who is accountable"),
    ],
)
def test_owners_and_persons_are_one_accountable_person(tmp_path: Path, owner: str, why: str) -> None:
    text = GOOD_PLAN.replace('owner: "P. Okafor"', f'owner: "{owner}"').replace(
        'person: "S. Harris"', f'person: "{owner}"')
    code, lines = check(tmp_path, text)
    assert code == 1
    person_line = line(text, 'person: "' + owner)
    owner_line = line(text, 'owner: "' + owner)
    assert lines == [
        f"plan.yml:{person_line}: error: {LIT}early evidence benchmark 1: person '{owner}' {why}",
        f"plan.yml:{owner_line}: error: {STR}action step 1: owner '{owner}' {why}",
    ]


def test_action_steps_need_resources_measures_owner_and_deadline(tmp_path: Path) -> None:
    text = GOOD_PLAN.replace('        resources: ["Curriculum office staff time"]\n', "").replace(
        'measures: ["Every grade 3 class tested"]', "measures: []").replace(
        '        owner: "Grade 3 lead teacher"\n        deadline: 2027-01-20\n', "")
    code, lines = check(tmp_path, text)
    assert code == 1
    second = line(text, "Give the first assessment")
    assert lines == [
        f"plan.yml:{line(text, 'Select and adopt')}: error: {STR}action step 1 has no resources: "
        "list at least one support it needs",
        f"plan.yml:{second}: error: {STR}action step 2 has no owner: name the one person accountable",
        f"plan.yml:{second}: error: {STR}action step 2 has no deadline (YYYY-MM-DD)",
        f"plan.yml:{line(text, 'measures: []')}: error: {STR}action step 2 has no measure of "
        "implementation: say how readers will know it was done",
    ]


def test_dates_are_real_and_within_the_plan_year(tmp_path: Path) -> None:
    text = GOOD_PLAN.replace("date: 2026-10-01", "date: 2026-02-30").replace(
        "date: 2027-02-01", "date: 2027-08-01").replace("deadline: 2026-11-15", 'deadline: "10/1/26"')
    code, lines = check(tmp_path, text)
    assert code == 1
    assert lines == [
        f"plan.yml:{line(text, '2026-02-30')}: error: expected a date written as YYYY-MM-DD, "
        "found '2026-02-30'",
        f"plan.yml:{line(text, '2027-08-01')}: warning: {LIT}early evidence benchmark 1: 2027-08-01 is "
        "outside plan year 2026-2027 (July 1, 2026 to June 30, 2027)",
        f"plan.yml:{line(text, '10/1/26')}: error: expected a date written as YYYY-MM-DD, "
        "found '10/1/26'",
    ]


def test_out_of_order_steps_and_benchmarks_are_warnings(tmp_path: Path) -> None:
    text = GOOD_PLAN.replace("deadline: 2027-01-20", "deadline: 2026-10-20").replace(
        "date: 2026-12-15", "date: 2026-09-15")
    code, lines = check(tmp_path, text)
    assert code == 0
    assert lines == [
        f"plan.yml:{line(text, '2026-09-15')}: warning: {LIT}process benchmark 2 (2026-09-15) is listed "
        "after process benchmark 1 (2026-10-01): list process benchmarks in the order the work "
        "will happen",
        f"plan.yml:{line(text, '2026-10-20')}: warning: {STR}action step 2 (deadline 2026-10-20) comes "
        "after action step 1 (deadline 2026-11-15): list steps in the order they will be completed",
    ]


def test_early_evidence_without_a_number_and_initiative_gaps(tmp_path: Path) -> None:
    text = GOOD_PLAN.replace("75% of all teacher observations cite", "Teacher observations cite").replace(
        '    resources:\n      - "Title IIA funds used to provide professional development, K-12"\n', "")
    text += '  - strategy: "A second strategy"\ninitiatives_extra: 1\n'
    code, lines = check(tmp_path, text)
    assert code == 1  # the unknown key and the strategy without steps are errors
    assert lines == [
        f"plan.yml:{line(text, '- name:')}: warning: initiative 'Strengthen early literacy "
        "instruction, K-3' lists no resources",
        f"plan.yml:{line(text, 'Teacher observations')}: warning: {LIT}early evidence benchmark 1 gives "
        "no number: say how many or what share (for example '75% of grade 3 teachers')",
        f"plan.yml:{line(text, 'A second strategy')}: error: strategy 'A second strategy' has no "
        "action steps",
        f"plan.yml:{line(text, 'initiatives_extra')}: error: unknown key 'initiatives_extra': did "
        "you mean 'initiatives'? (known keys: district, plan_year, initiatives, strategies)",
    ]


def test_an_initiative_without_benchmarks_is_warned(tmp_path: Path) -> None:
    text = 'district: "X"\nplan_year: "2026-2027"\ninitiatives:\n  - name: "Only a name"\n'
    code, lines = check(tmp_path, text)
    assert code == 0
    assert lines == [
        "plan.yml:4: warning: initiative 'Only a name' has no process benchmarks",
        "plan.yml:4: warning: initiative 'Only a name' has no early evidence of change benchmarks",
        "plan.yml:4: warning: initiative 'Only a name' lists no resources",
    ]


def test_wrong_types_and_unknown_keys_are_errors_not_tracebacks(tmp_path: Path) -> None:
    text = GOOD_PLAN.replace('person: "M. Edwards"', "person: 42").replace(
        '        resources: ["Curriculum office staff time"]', '        resources: "staff time"').replace(
        "    early_evidence_benchmarks:", "    colour: blue\n    early_evidence_benchmarks:")
    code, lines = check(tmp_path, text)
    assert code == 1
    assert lines == [
        f"plan.yml:{line(text, 'person: 42')}: error: expected text, found a number",
        f"plan.yml:{line(text, 'colour: blue')}: error: unknown key 'colour' (known keys: name, "
        "team, recorder, "
        "process_benchmarks, early_evidence_benchmarks, resources)",
        f"plan.yml:{line(text, 'staff time')}: error: expected a list, found text",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "plan.yml:1: error: the plan file is empty"),
        ("- just a list\n", "plan.yml:1: error: expected a mapping of keys to values, found a list"),
        ('district: "X"\nplan_year: 2026\ninitiatives: []\n',
         "plan.yml:2: error: expected text, found a number"),
        ('district: "X"\nplan_year: "2026-2028"\ninitiatives: [{name: A}]\n',
         "plan.yml:2: error: plan year '2026-2028' is not one school year: an annual action plan "
         "covers two consecutive years, e.g. 2026-2027"),
        ('district: "X"\nplan_year: "2026-2027"\n', "plan.yml:1: error: the plan has no initiatives "
         "and no strategies"),
        ('district: "X"\nplan_year: "2026-2027"\ninitiatives:\n  - name: [A\n',
         "plan.yml:5: error: invalid YAML: did not find expected ',' or ']'"),
    ],
)
def test_broken_files(tmp_path: Path, text: str, expected: str) -> None:
    code, lines = check(tmp_path, text)
    assert code == 1
    assert expected in lines


def test_invalid_json_points_at_its_line(tmp_path: Path) -> None:
    code, lines = check(tmp_path, '{"district": "X",\n "plan_year": "2026-2027",\n "initiatives": [}\n',
                        "plan.json")
    assert code == 1
    assert len(lines) == 1
    assert re.fullmatch(r"plan\.json:3: error: invalid JSON: .+", lines[0])


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    result = run_toolkit("check", "--plan", "nowhere.yml", cwd=tmp_path)
    assert result.returncode == 1
    assert "nowhere.yml: error: file not found" in result.stderr


def test_the_plan_and_the_district_file_should_agree(tmp_path: Path) -> None:
    (tmp_path / "district.yml").write_text('name: "Another District"\nplan_year: "2026-2027"\n',
                                           encoding="utf-8")
    code, lines = check(tmp_path, GOOD_PLAN, "plan.yml", "--district", str(tmp_path / "district.yml"))
    assert code == 0
    assert lines == ["plan.yml:1: warning: the plan is for 'Marlowe Regional School District' but the "
                     "district file names 'Another District'"]


def test_build_and_check_say_when_the_plan_and_the_district_file_disagree(tmp_path: Path) -> None:
    """Another district's file, or last year's: a warning from check and from build alike, at
    the plan's line, with the names cut short."""
    long_name = "Another District " * 10
    (tmp_path / "district.yml").write_text(f'name: "{long_name.strip()}"\nplan_year: "2027-2028"\n',
                                           encoding="utf-8")
    (tmp_path / "plan.yml").write_text(GOOD_PLAN, encoding="utf-8")
    expected = [
        "plan.yml:1: warning: the plan is for 'Marlowe Regional School District' but the district "
        "file names 'Another District Another District Another District Another…",
        "plan.yml:2: warning: the plan is for 2026-2027 but the district file's plan year is 2027-2028",
    ]
    code, lines = check(tmp_path, GOOD_PLAN, "plan.yml", "--district", str(tmp_path / "district.yml"))
    assert (code, lines) == (0, expected)
    built = run_toolkit("build", "--only", "site", "--district", "district.yml", "--plan", "plan.yml",
                        "--as-of", "2026-11-20", "--out", str(tmp_path / "out"), "--project", str(ROOT),
                        cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    said = built.stderr.splitlines()
    assert [line for line in said if "district file" in line] == expected


def test_check_plan_compares_with_the_district_file_the_settings_name(tmp_path: Path) -> None:
    (tmp_path / "district.yml").write_text('name: "Marlowe Regional School District"\n'
                                           'plan_year: "2027-2028"\n', encoding="utf-8")
    (tmp_path / "toolkit.yml").write_text("district: district.yml\n", encoding="utf-8")
    (tmp_path / "plan.yml").write_text(GOOD_PLAN, encoding="utf-8")
    result = run_toolkit("check", "--plan", "plan.yml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "plan.yml:2: warning: the plan is for 2026-2027 but the district file's plan year is 2027-2028")


def test_summary_counts_errors_and_warnings(tmp_path: Path) -> None:
    path = tmp_path / "plan.yml"
    path.write_text(GOOD_PLAN.replace('owner: "P. Okafor"', 'owner: "TBD"').replace(
        "date: 2027-02-01", "date: 2027-08-01"), encoding="utf-8")
    result = run_toolkit("check", "--plan", str(path), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "1 error and 1 warning: fix the errors before the plan is reviewed.")


def test_readme_lists_every_rule_with_its_severity() -> None:
    from tests.conftest import ROOT
    from toolkit.plan.rules import RULES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### The checklist", 1)[1].split("\n###", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| error") or line.startswith("| warn")]
    assert rows == [f"| {rule.severity} | {rule.summary} |" for rule in RULES]
