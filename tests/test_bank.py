"""The benchmark example bank: loaded, checked and used as the content says.

Mistakes in ``content/examples/benchmarks.yml`` and in a template's
reference to it are reported as ``path:line: message`` by ``toolkit check``;
the shipped bank holds benchmarks that pass the toolkit's own checklist
heuristics; the printed templates' example rows are the bank's text.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

from tests import source_text
from tests.conftest import ROOT
from tests.test_check import check, make_project
from toolkit.model import load_content
from toolkit.model.bank import Bank
from toolkit.plan.rules import has_quantity, not_one_person

BANK = """\
title: Examples
summary: Some examples.
kinds:
  - id: attendance
    label: Attendance
evidence:
  - id: survey
    label: Survey
sets:
  - id: absence
    kind: attendance
    initiative: Reduce chronic absence
    situation: Too many students miss school.
    process_benchmarks:
      - id: teams
        benchmark: Each school names an attendance team
        person: Director of student services
        date: September 30
        data_source: Team rosters
        monitor: The director, in October
        weak: Focus on attendance
        problem: No person, no date.
    early_evidence_benchmarks:
      - id: noticed
        benchmark: 65% of listed students agree an adult notices when they are absent
        person: Director of student services
        date: February 28
        evidence: survey
        data_source: Winter student survey
        monitor: The director, in March
"""

TEMPLATE = """\
id: plan
title: A plan
sections:
  - heading: Benchmarks
    fields:
      - label: Initiative
        example: {bank: absence, field: initiative}
    table:
      columns:
        - heading: Benchmark
        - heading: Person
      examples:
        - {bank: absence/teams, cells: [benchmark, person]}
"""


def bank_project(tmp_path: Path, bank: str = BANK, template: str = TEMPLATE) -> Path:
    return make_project(tmp_path, **{"content/examples/benchmarks.yml": bank,
                                     "content/templates/plan.yml": template})


def test_a_valid_bank_and_a_template_that_points_at_it(tmp_path: Path) -> None:
    project = bank_project(tmp_path)
    code, lines = check(project)
    assert code == 0, lines
    content = load_content(project)
    template = content.templates["plan"]
    assert template.sections[0].fields[0].example == "Reduce chronic absence"
    assert template.sections[0].table.examples == [  # type: ignore[union-attr]
        ["Each school names an attendance team", "Director of student services"]]


def test_a_project_without_a_bank_has_an_empty_one(tmp_path: Path) -> None:
    content = load_content(make_project(tmp_path))
    assert content.bank == Bank()


BANK_ERRORS = [
    # a kind the file does not declare, at the line of the value
    ("kind: attendance\n    initiative", "kind: atendance\n    initiative",
     "content/examples/benchmarks.yml:11: unknown kind 'atendance' (known: attendance)"),
    # a weak version without what is wrong with it, at the benchmark
    ("        problem: No person, no date.\n", "",
     "content/examples/benchmarks.yml:15: a weak version needs what is wrong with it"),
    # a required key missing, at the start of its mapping
    ("        monitor: The director, in March\n", "",
     "content/examples/benchmarks.yml:24: missing required key 'monitor'"),
    # a kind of evidence the file does not declare
    ("evidence: survey\n        data", "evidence: poll\n        data",
     "content/examples/benchmarks.yml:28: unknown kind of evidence 'poll' (known: survey)"),
    # an unknown key, at its own line
    ("    situation:", "    situaton:",
     "content/examples/benchmarks.yml:13: unknown key 'situaton'"),
    # a set that adapts a source names it
    ("    situation: Too", "    provenance: {basis: adapts}\n    situation: Too",
     "content/examples/benchmarks.yml:13: content that adapts a source names it in 'sources'"),
    # a source the project does not declare
    ("    situation: Too", "    provenance: {basis: adapts, sources: [elsewhere]}\n    situation: Too",
     "content/examples/benchmarks.yml:13: unknown source 'elsewhere'"),
    # an entry cannot follow a source its set does not name
    ("        problem: No person, no date.\n",
     "        problem: No person, no date.\n        provenance: follows\n",
     "content/examples/benchmarks.yml:15: 'provenance: follows' needs a set that follows or adapts"),
    # a set with no weak version to learn from
    ("        weak: Focus on attendance\n        problem: No person, no date.\n", "",
     "content/examples/benchmarks.yml:10: set 'absence' needs at least one weak version"),
    # the same set twice
    ("  - id: absence\n", "  - id: absence\n    kind: attendance\n    initiative: X\n    situation: Y.\n"
     "    process_benchmarks: [{id: a, benchmark: b, person: c, date: d, data_source: e, monitor: f,"
     " weak: g, problem: h}]\n    early_evidence_benchmarks: [{id: i, benchmark: j, person: k,"
     " date: l, evidence: survey, data_source: m, monitor: n}]\n  - id: absence\n",
     "content/examples/benchmarks.yml:16: set id 'absence' is used twice"),
    # broken YAML
    ("label: Survey", "label: [Survey", "content/examples/benchmarks.yml:9: invalid YAML"),
]


@pytest.mark.parametrize(("old", "new", "expected"), BANK_ERRORS)
def test_bank_error_is_reported_with_path_and_line(tmp_path: Path, old: str, new: str,
                                                   expected: str) -> None:
    assert old in BANK
    code, lines = check(bank_project(tmp_path, bank=BANK.replace(old, new, 1)))
    assert code == 1
    assert any(line.startswith(expected) for line in lines), lines
    assert not any("Traceback" in line for line in lines)
    # the template's references are not reported again: the bank's own errors say it all
    assert not any(line.startswith("content/templates/") for line in lines), lines


REFERENCE_ERRORS = [
    ("{bank: absence, field: initiative}", "{bank: absense, field: initiative}",
     "content/templates/plan.yml:7: no example set 'absense' in the benchmark bank (known: absence)"),
    ("{bank: absence/teams, cells", "{bank: absence/team, cells",
     "content/templates/plan.yml:13: set 'absence' has no entry 'team' (known: teams, noticed)"),
    ("cells: [benchmark, person]", "cells: [benchmark, owner]",
     "content/templates/plan.yml:13: 'absence/teams' has no field 'owner' (fields: benchmark, person,"),
    ("cells: [benchmark, person]", "cells: [benchmark, why]",
     "content/templates/plan.yml:13: 'absence/teams' leaves 'why' empty"),
    ("{bank: absence, field: initiative}", "{bank: absence, field: Initiative}",
     "content/templates/plan.yml:7: 'Initiative' is not valid: name a field of the bank entry"),
    ("cells: [benchmark, person]", "cells: [benchmark]",
     "content/templates/plan.yml:13: example row has 1 cell(s) but the table has 2 column(s)"),
]


@pytest.mark.parametrize(("old", "new", "expected"), REFERENCE_ERRORS)
def test_template_reference_error_is_reported_with_path_and_line(tmp_path: Path, old: str, new: str,
                                                                 expected: str) -> None:
    assert old in TEMPLATE
    code, lines = check(bank_project(tmp_path, template=TEMPLATE.replace(old, new, 1)))
    assert code == 1
    assert any(line.startswith(expected) for line in lines), lines


def test_a_reference_to_an_empty_bank_says_so(tmp_path: Path) -> None:
    project = make_project(tmp_path, **{"content/templates/plan.yml": TEMPLATE})
    code, lines = check(project)
    assert code == 1
    assert any(line.startswith("content/templates/plan.yml:7: no example set 'absence'") and
               "is empty" in line for line in lines), lines


# --- the shipped bank -------------------------------------------------------------------


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_content(ROOT).bank


def test_the_bank_covers_many_kinds_of_initiative(bank: Bank) -> None:
    kinds = {s.kind for s in bank.sets}
    assert 8 <= len(bank.sets) <= 10
    assert {"literacy", "math", "attendance", "family-engagement", "sel", "staffing",
            "advanced-coursework", "operations"} <= kinds
    evidence = {b.evidence for s in bank.sets for b in s.early_evidence_benchmarks}
    assert {"survey", "student-behavior", "family-behavior", "observation"} <= evidence
    for bank_set in bank.sets:
        assert bank_set.process_benchmarks and bank_set.early_evidence_benchmarks, bank_set.id
        assert any(b.weak for b in bank_set.early_evidence_benchmarks), bank_set.id


def test_every_strong_benchmark_passes_the_checklist(bank: Bank) -> None:
    """The stronger versions are what the checklist asks for: one person, and for
    early evidence how many or what share; every weak version says what is wrong."""
    for bank_set in bank.sets:
        for benchmark in [*bank_set.process_benchmarks, *bank_set.early_evidence_benchmarks]:
            where = f"{bank_set.id}/{benchmark.id}"
            assert not_one_person(benchmark.person) is None, where
            assert benchmark.date and benchmark.data_source and benchmark.monitor, where
            if benchmark.weak:
                assert benchmark.problem and benchmark.weak != benchmark.benchmark, where
        for benchmark in bank_set.early_evidence_benchmarks:
            where = f"{bank_set.id}/{benchmark.id}"
            assert has_quantity(benchmark.benchmark), where
            if benchmark.weak:
                assert not has_quantity(benchmark.weak), f"{where}: the weak version is not weak"


def test_the_bank_is_in_its_own_words_except_what_a_set_quotes(bank: Bank) -> None:
    """No run of 12 words from the sources, except the passages a set's provenance
    quotes from the sources it credits (the source's own example rows)."""
    from toolkit.model import prose

    _, hashes = source_text.read_fingerprints()
    assert hashes
    for bank_set in bank.sets:
        provenance = bank_set.provenance
        allowed = source_text.allowed_phrases(
            {"sources": list(provenance.sources), "quotes": list(provenance.quotes)}
            if provenance else {})
        for text in prose.texts(bank_set):
            copied = source_text.copied_runs(text, hashes, allowed)
            assert not copied, f"{bank_set.id}: copied from a source: {copied[0]}"
    # and the check can fail: a quoted passage without its credit is caught
    quoted = bank.set("reading-strategies").entries()["observations"].benchmark  # type: ignore[union-attr]
    assert source_text.copied_runs(quoted, hashes, source_text.allowed_phrases({}))


def test_examples_on_printed_templates_are_the_banks(generic_site: Path, bank: Bank) -> None:
    """The example variant of the brainstorm worksheet, as a teacher would open it in Word."""
    from docx import Document

    observations = bank.set("reading-strategies").entries()["observations"]  # type: ignore[union-attr]
    path = generic_site / "downloads" / "templates" / "early-evidence-brainstorm-example.docx"
    document = Document(io.BytesIO(path.read_bytes()))
    text = "\n".join(cell.text for table in document.tables for row in table.rows
                     for cell in row.cells) + "\n".join(p.text for p in document.paragraphs)
    for expected in (observations.change, observations.how_many, observations.data_source,
                     textwrap.shorten(observations.benchmark, 10_000)):
        assert expected in " ".join(text.split()), expected


# --- the page, in Chromium ------------------------------------------------------------


def _visible_sets(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(
        ".tk-bank-set", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.kind)")


def test_bank_page_without_javascript_shows_everything(generic_site: Path, bank: Bank) -> None:
    from tests.browser import Guard, browser

    with browser() as b:
        context = b.new_context(java_script_enabled=False)
        page = context.new_page()
        guard = Guard(page)
        page.goto((generic_site / "examples" / "benchmarks.html").as_uri(), wait_until="load")
        assert _visible_sets(page) == [s.kind for s in bank.sets]
        assert not page.is_visible("[data-tk-bank-filter]"), "a filter that cannot work is hidden"
        article = page.inner_text("article")
        for bank_set in bank.sets:
            assert bank_set.initiative in article
            for benchmark in bank_set.early_evidence_benchmarks:
                assert " ".join(benchmark.benchmark.split()) in article
        assert guard.outside == []


def test_bank_page_filters_by_kind(generic_site: Path, bank: Bank) -> None:
    from tests.browser import Guard, axe_violations, browser

    kinds = [k for k in bank.kinds if bank.sets_of_kind(k.id)]
    with browser() as b:
        page = b.new_page(viewport={"width": 390, "height": 800})
        guard = Guard(page)
        page.goto((generic_site / "examples" / "benchmarks.html").as_uri(), wait_until="load")
        assert page.is_visible("[data-tk-bank-filter]")
        assert axe_violations(page) == []
        # keyboard: the first radio, then the arrow key selects the next kind
        page.focus("input[name=tk-bank-kind][value='']")
        page.keyboard.press("ArrowRight")
        first = kinds[0]
        assert _visible_sets(page) == [first.id] * len(bank.sets_of_kind(first.id))
        status = page.inner_text("[data-tk-bank-status]")
        assert status == f"Showing {len(bank.sets_of_kind(first.id))} of {len(bank.sets)} " \
                         f"initiatives: {first.label}."
        last = kinds[-1]
        page.check(f"input[value='{last.id}']")
        assert _visible_sets(page) == [last.id] * len(bank.sets_of_kind(last.id))
        assert axe_violations(page) == []
        # the table of contents follows, in the side bar and in the menu drawer alike
        page.set_viewport_size({"width": 1280, "height": 900})
        toc = page.eval_on_selector_all(".md-nav--secondary a",
                                        "els => els.filter(e => e.offsetParent !== null)"
                                        ".map(e => e.getAttribute('href'))")
        assert toc == [f"#{s.id}" for s in bank.sets_of_kind(last.id)]
        hidden = page.eval_on_selector_all(".md-nav--secondary li[hidden] > a",
                                           "els => els.map(e => e.getAttribute('href'))")
        others = [f"#{s.id}" for s in bank.sets if s.kind != last.id]
        assert sorted(hidden) == sorted(others * 2)
        page.set_viewport_size({"width": 390, "height": 800})
        # a link to a set of another kind shows every kind again
        other = bank.sets_of_kind(first.id)[0]
        page.evaluate(f"location.hash = '#{other.id}'")
        page.wait_for_function("document.querySelector(\"input[name=tk-bank-kind][value='']\").checked")
        assert len(_visible_sets(page)) == len(bank.sets)
        assert page.inner_text("[data-tk-bank-status]") == f"Showing all {len(bank.sets)} initiatives."
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert guard.outside == []
