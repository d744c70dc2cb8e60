"""A district's plan printed on its templates: one PDF and DOCX per initiative and strategy.

The build does not take ``--plan`` yet, so these tests call the Python API
(:func:`toolkit.documents.plan.render_plan_documents`) on plan files written
here and loaded as the build will load them; the files are then read back
the way a user's tools would: pdftotext and pikepdf for the PDF, python-docx
and LibreOffice for the DOCX, pdftoppm for what a printed page shows.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
import yaml
from docx.oxml.ns import qn

from tests.conftest import ROOT, run_toolkit
from tests.test_check import make_project
from tests.test_documents import _Tags, open_docx, pdf_page_texts, pdf_text, squash, words_stay_on_the_sheet
from tests.test_documents_build import draw, inked, libreoffice_to_pdf, page_info
from tests.test_plan_check import GOOD_PLAN
from toolkit.documents.html import fragment_html
from toolkit.documents.plan import initiative_document, render_plan_documents, strategy_document
from toolkit.model import sitemap
from toolkit.model.content import Content, load_content
from toolkit.plan.model import Plan, read_plan

LANDSCAPE_LETTER = (792, 612)
HEADER_ROW = "Process Benchmark Person Responsible Date Status"

#: Plan text that must reach every output as written: markup characters,
#: quotes, accents, and the longest district name the plan file allows.
NASTY_DISTRICT = ('Saint-Étienne & <North> "Valley" ' + "Régional School District & <Co> " * 10)[:300]
NASTY_NAME = ('Grow <K-3> literacy & "joy" in Zoë\'s schools, ' * 7)[:300]
NASTY_BENCHMARK = 'Train <K-3> teachers & "coaches" in the common strategies (São Paulo model)'
NASTY_PERSON = "Zoë O'Brien & <Co>"
NASTY_STEP = 'Adopt the <common> assessment & its "rubric"'

NASTY_PLAN = {
    "district": NASTY_DISTRICT,
    "plan_year": "2026-2027",
    "initiatives": [{
        "name": NASTY_NAME,
        "process_benchmarks": [
            {"benchmark": NASTY_BENCHMARK, "person": NASTY_PERSON, "date": dt.date(2026, 10, 1),
             "status": "in progress"},
        ],
        "early_evidence_benchmarks": [
            {"benchmark": "Teachers cite <evidence> & \"data\" in every meeting", "person": "S. Harris",
             "date": dt.date(2027, 2, 1)},
        ],
        "resources": ["Title IIA & <local> funds"],
    }],
    "strategies": [{
        "strategy": 'Use common <formative> assessments & "data talks" in grade 3',
        "action_steps": [
            {"step": NASTY_STEP, "resources": ["Coach time & <release days>"],
             "measures": ['Every class tested, "on time"'], "owner": NASTY_PERSON,
             "deadline": dt.date(2026, 11, 15)},
        ],
    }],
}

#: Enough process benchmarks to run the table onto a second page, one of them
#: with gaps, and action steps with several resources and measures.
BUSY_PLAN = {
    "district": "Marlowe Regional School District",
    "plan_year": "2026-2027",
    "initiatives": [{
        "name": "Expand access to advanced coursework in grades 6-8",
        "process_benchmarks": [
            {"benchmark": f"Benchmark number {n}: review enrollment in advanced courses with every "
                          f"middle school principal and report to the cabinet",
             "person": f"Principal {n}", "date": dt.date(2026, 9, n), "status": "met"}
            for n in range(1, 15)
        ] + [{"benchmark": "Publish the course guide"}],
    }],
    "strategies": [{
        "strategy": "Open advanced math to every grade 7 student who meets the standard",
        "action_steps": [
            {"step": "Set the placement standard",
             "resources": ["Math department time", "Placement data from last year"],
             "measures": ["Standard approved", "Standard posted on the district site"],
             "owner": "R. Diaz", "deadline": dt.date(2026, 8, 30)},
            {"step": "Tell families"},
        ],
    }],
}


def write_plan(folder: Path, plan: dict | str) -> Path:
    text = plan if isinstance(plan, str) else yaml.safe_dump(plan, allow_unicode=True, sort_keys=False)
    path = folder / "plan.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(ROOT)


@pytest.fixture(scope="session")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Plan]:
    found = {}
    for name, text in (("good", GOOD_PLAN), ("busy", BUSY_PLAN), ("nasty", NASTY_PLAN)):
        found[name] = read_plan(write_plan(tmp_path_factory.mktemp(f"plan-{name}"), text))
    return found


@pytest.fixture(scope="session")
def sites(plans, content, tmp_path_factory) -> dict[str, tuple[Path, list[str]]]:  # type: ignore[no-untyped-def]
    """Each plan rendered into a site folder; the good plan twice, in two folders."""
    out = {}
    for name, plan_name in (("good", "good"), ("again", "good"), ("busy", "busy"), ("nasty", "nasty")):
        site = tmp_path_factory.mktemp(f"site-{name}")
        out[name] = site, render_plan_documents(plans[plan_name], content, None, site)
    return out


def output(sites, name: str, kind: str, fmt: str, number: int = 0) -> bytes:  # type: ignore[no-untyped-def]
    site, written = sites[name]
    matching = [p for p in written if p.startswith(f"downloads/plan/{kind}-") and p.endswith(f".{fmt}")]
    return (site / matching[number]).read_bytes()


def rows_of(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[cell.text for cell in row.cells] for row in table.rows]


def struct_types(data: bytes) -> Counter[str]:
    """How many of each structure element the PDF's tag tree holds, by parent.

    Keys are ``/TR`` and ``/TBody/TR`` alike, so a test can count the body
    rows of tables whatever pages they were split across.
    """
    found: Counter[str] = Counter()

    def walk(node: object, parent: str) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child, parent)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            kind = str(node.S)
            found[kind] += 1
            found[parent + kind] += 1
            if "/K" in node:
                walk(node.K, kind)

    with pikepdf.open(io.BytesIO(data)) as pdf:
        walk(pdf.Root.StructTreeRoot.K, "")
    return found


def test_every_item_lands_at_its_sitemap_path(sites, plans) -> None:  # type: ignore[no-untyped-def]
    site, written = sites["busy"]
    plan = plans["busy"]
    expected = [sitemap.plan_download(kind, item.slug, fmt)
                for kind, items in (("initiative", plan.initiatives), ("strategy", plan.strategies))
                for item in items for fmt in ("pdf", "docx")]
    assert written == expected
    assert written[0] == "downloads/plan/initiative-1-expand-access-to-advanced-coursework-in-grades-6.pdf"
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()) == sorted(expected)


def test_pdf_shows_every_value_of_the_plan(sites) -> None:  # type: ignore[no-untyped-def]
    initiative = pdf_text(output(sites, "good", "initiative", "pdf"))
    text = squash(initiative)
    for value in ("Strengthen early literacy instruction, K-3",
                  "Identify common district-wide reading strategies", "M. Edwards", "October 1, 2026",
                  "Met", "Train K-3 teachers in the common strategies", "Literacy coach",
                  "December 15, 2026", "In progress",
                  "75% of all teacher observations cite evidence of reading strategy implementation",
                  "S. Harris", "February 1, 2027", "Not started",
                  "Title IIA funds used to provide professional development, K-12",
                  "Marlowe Regional School District · Plan year 2026-2027"):
        assert squash(value) in text, value
    # A filled plan is no form to fill in: no examples, no instructions for filling.
    assert "Example" not in initiative and "One team completes" not in initiative
    assert "None" not in initiative

    strategy = squash(pdf_text(output(sites, "good", "strategy", "pdf")))
    for value in ("District/School name: Marlowe Regional School District",
                  "Use common formative assessments in grade 3 reading",
                  "Select and adopt a common formative assessment", "Curriculum office staff time",
                  "Assessment adopted by the school committee", "P. Okafor", "November 15, 2026",
                  "Give the first assessment", "Testing window in the calendar",
                  "Every grade 3 class tested", "Grade 3 lead teacher", "January 20, 2027"):
        assert squash(value) in strategy, value


def test_pdf_is_tagged_titled_and_landscape(sites) -> None:  # type: ignore[no-untyped-def]
    for kind, title in (
        ("initiative", "Action Plan Template: Initiative 1 · Marlowe Regional School District · "
                       "Plan year 2026-2027"),
        ("strategy", "Action Plan Template 5.3.1T: Strategy 1 · Marlowe Regional School District · "
                     "Plan year 2026-2027"),
    ):
        data = output(sites, "good", kind, "pdf")
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert bool(pdf.Root.MarkInfo.Marked) is True
            assert str(pdf.Root.Lang) == "en"
            assert str(pdf.docinfo.Title) == title
            with pdf.open_metadata() as meta:
                assert meta.get("{http://www.aiim.org/pdfua/ns/id/}part") == "1"
            for page in pdf.pages:
                assert tuple(round(float(v)) for v in page.MediaBox[2:]) == LANDSCAPE_LETTER
    # The tag tree holds real tables: a header row of TH cells, then a row of
    # TD cells per entry and one spare row (process 2, early evidence 1,
    # resources 1), the early evidence table with its column for monitoring.
    # A table split over two pages is tagged as two tables, each with the header row.
    tags = struct_types(output(sites, "good", "initiative", "pdf"))
    assert tags["/Caption"] == 3
    assert tags["/Table"] == tags["/THead"] == tags["/THead/TR"] >= 3
    assert tags["/TBody/TR"] == (2 + 1) + (1 + 1) + (1 + 1)
    assert tags["/TR/TD"] == 3 * 4 + 2 * 5 + 2 * 1  # early evidence: how it will be monitored
    assert tags["/TR/TH"] in (4 + 5 + 1, 4 + 4 + 5 + 1)
    tags = struct_types(output(sites, "good", "strategy", "pdf"))
    assert (tags["/TBody/TR"], tags["/TR/TH"], tags["/TR/TD"]) == (2 + 1, 5, 3 * 5)


def test_pdf_repeats_the_header_row_on_each_page(sites) -> None:  # type: ignore[no-untyped-def]
    data = output(sites, "busy", "initiative", "pdf")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    texts = pdf_page_texts(data, pages)
    assert pages >= 2
    assert HEADER_ROW in texts[0] and HEADER_ROW in texts[1]
    assert "Benchmark number 1:" in texts[0] and "Benchmark number 14:" not in texts[0]
    assert "Benchmark number 14:" in " ".join(texts[1:])
    for page, text in enumerate(texts, start=1):
        assert f"Page {page} of {pages}" in text
        assert "Marlowe Regional School District · Plan year 2026-2027" in text


def test_docx_tables_hold_the_plan_in_its_columns(sites) -> None:  # type: ignore[no-untyped-def]
    word = open_docx(output(sites, "good", "initiative", "docx"))
    assert word.core_properties.title == ("Action Plan Template: Initiative 1 · Marlowe Regional "
                                          "School District · Plan year 2026-2027")
    assert [p.text for p in word.sections[0].header.paragraphs] == [
        "Marlowe Regional School District · Plan year 2026-2027"]
    body = [p.text for p in word.paragraphs]
    assert "Strategic initiative/objective: Strengthen early literacy instruction, K-3" in body
    assert "Action plan team: \tRecorder: " in body  # the good plan names neither
    process, evidence, resources = word.tables
    assert rows_of(process) == [
        ["Process Benchmark", "Person Responsible", "Date", "Status"],
        ["Identify common district-wide reading strategies", "M. Edwards", "October 1, 2026", "Met"],
        ["Train K-3 teachers in the common strategies", "Literacy coach", "December 15, 2026",
         "In progress"],
        ["", "", "", ""],
    ]
    assert rows_of(evidence)[1:] == [
        ["75% of all teacher observations cite evidence of reading strategy implementation", "",
         "S. Harris", "February 1, 2027", "Not started"],
        ["", "", "", "", ""],
    ]
    assert rows_of(resources) == [
        ["Resources"], ["Title IIA funds used to provide professional development, K-12"], [""]]
    for table in word.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
        description = table._tbl.tblPr.find(qn("w:tblDescription")).get(qn("w:val"))
        assert description.endswith("a header row, then one row per entry of the plan")

    word = open_docx(output(sites, "busy", "strategy", "docx"))
    (steps,) = word.tables
    assert [c.paragraphs[0].text for c in steps.rows[0].cells] == [
        "Action Steps", "Resources", "Measures of Implementation (Outputs)", "Owner", "Deadline"]
    assert rows_of(steps)[1:] == [
        ["Set the placement standard", "Math department time\nPlacement data from last year",
         "Standard approved\nStandard posted on the district site", "R. Diaz", "August 30, 2026"],
        ["Tell families", "", "", "", ""],  # what the team left empty stays empty
        ["", "", "", "", ""],
    ]
    body = [p.text for p in word.paragraphs]
    assert "District/School name: Marlowe Regional School District\tToday's date: " in body
    assert "Open advanced math to every grade 7 student who meets the standard" in body


def test_missing_values_print_as_empty_cells(sites) -> None:  # type: ignore[no-untyped-def]
    word = open_docx(output(sites, "busy", "initiative", "docx"))
    process = rows_of(word.tables[0])
    assert process[-2] == ["Publish the course guide", "", "", "Not started"]
    assert len(process) == 1 + 15 + 1
    for fmt in ("pdf", "docx"):
        for kind in ("initiative", "strategy"):
            data = output(sites, "busy", kind, fmt)
            text = pdf_text(data) if fmt == "pdf" else "\n".join(
                c.text for t in open_docx(data).tables for r in t.rows for c in r.cells)
            assert "None" not in text and "[" not in text


def test_plan_text_is_escaped_and_laid_out(sites) -> None:  # type: ignore[no-untyped-def]
    header = f"{NASTY_DISTRICT} · Plan year 2026-2027"
    for kind in ("initiative", "strategy"):
        data = output(sites, "nasty", kind, "pdf")
        text = pdf_text(data)
        assert "&amp;" not in text and "&lt;" not in text and "&#" not in text
        flat_text = squash(text)
        values = (NASTY_NAME, NASTY_BENCHMARK) if kind == "initiative" else (NASTY_STEP,)
        for value in (header, NASTY_PERSON, *values):
            assert squash(value) in flat_text, value
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert NASTY_DISTRICT in str(pdf.docinfo.Title)
            height = float(pdf.pages[0].MediaBox[3])
        assert words_stay_on_the_sheet(data, height)

        word = open_docx(output(sites, "nasty", kind, "docx"))
        assert "\n".join(p.text for p in word.sections[0].header.paragraphs) == header
        # Word's core properties hold 255 characters: the title is cut, never dropped.
        title = word.core_properties.title
        assert len(title) == 255 and title.endswith("…")
        assert title.startswith(f"Action Plan Template{' 5.3.1T' if kind == 'strategy' else ''}: "
                                f"{kind.capitalize()} 1 · {NASTY_DISTRICT[:100]}")
    word = open_docx(output(sites, "nasty", "initiative", "docx"))
    body = [p.text for p in word.paragraphs]
    assert f"Strategic initiative/objective: {NASTY_NAME}" in body
    assert rows_of(word.tables[0])[1] == [NASTY_BENCHMARK, NASTY_PERSON, "October 1, 2026", "In progress"]
    word = open_docx(output(sites, "nasty", "strategy", "docx"))
    assert rows_of(word.tables[0])[1] == [NASTY_STEP, "Coach time & <release days>",
                                          'Every class tested, "on time"', NASTY_PERSON,
                                          "November 15, 2026"]


def test_html_fragment_of_a_filled_plan(plans, content) -> None:  # type: ignore[no-untyped-def]
    plan = plans["nasty"]
    html = fragment_html(initiative_document(plan, plan.initiatives[0], content, None))
    parser = _Tags()
    parser.feed(html)
    names = [tag for tag, _ in parser.tags]
    assert "h1" not in names and "script" not in names
    assert names.count("table") == names.count("caption") == 3
    assert len([a for t, a in parser.tags if t == "th" and a.get("scope") == "col"]) == 4 + 5 + 1
    assert [a.get("class") for t, a in parser.tags if t == "tr"].count("tkd-row-filled") == 3
    assert NASTY_BENCHMARK not in html and NASTY_DISTRICT not in html
    assert "Train &lt;K-3&gt; teachers &amp; &#34;coaches&#34;" in html
    assert "Zoë O&#39;Brien &amp; &lt;Co&gt;" in html
    text = "".join(parser.text)  # what a reader sees, markup decoded once
    assert NASTY_BENCHMARK in text and NASTY_DISTRICT in text

    busy = plans["busy"]
    html = fragment_html(strategy_document(busy, busy.strategies[0], content, None))
    assert "<td>Math department time<br>Placement data from last year</td>" in html


def test_same_plan_same_bytes(sites) -> None:  # type: ignore[no-untyped-def]
    (first, written), (second, again) = sites["good"], sites["again"]
    assert written == again
    for relative in written:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_printed_pages_and_libreoffice(sites, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Draw our PDFs, and have LibreOffice open each DOCX and print it."""
    documents = []
    for name in ("good", "nasty"):
        site, written = sites[name]
        for relative in written:
            path = site / relative
            if path.suffix == ".pdf":
                images = draw(path, tmp_path / f"{name}-{path.stem}")
                assert images and all(inked(image) > 0.002 for image in images)
                assert all(image.width > image.height for image in images)
            else:
                copy = tmp_path / f"{name}-{path.name}"
                copy.write_bytes(path.read_bytes())
                documents.append(copy)
    out = tmp_path / "lo"
    out.mkdir()
    for converted, source in zip(libreoffice_to_pdf(documents, out), documents, strict=True):
        assert converted.is_file(), f"LibreOffice could not open {source.name}"
        pages, sizes = page_info(converted)
        assert {(round(w), round(h)) for w, h in sizes} == {LANDSCAPE_LETTER}
        images = draw(converted, tmp_path / f"lo-{source.stem}")
        assert len(images) == pages and all(inked(image) > 0.002 for image in images)
        text = squash(subprocess.run(["pdftotext", "-raw", str(converted), "-"], capture_output=True,
                                     text=True, check=True).stdout)
        if source.name.startswith("good-initiative"):
            for value in ("Identify common district-wide reading strategies", "M. Edwards",
                          "October 1, 2026", "In progress", "Not started"):
                assert squash(value) in text
        if source.name.startswith("nasty-"):
            assert squash(f"{NASTY_DISTRICT} · Plan year 2026-2027") in text
            assert squash(NASTY_PERSON) in text


BAD_MAPPING = """\
id: filled
title: "A filled form"
plan: initiative
header:
  - label: "Initiative"
    plan_key: title
sections:
  - heading: "Benchmarks"
    table:
      plan_rows: process_benchmarks
      columns:
        - heading: "Who"
          plan_key: owner
  - heading: "Money"
    table:
      plan_rows: budget
      columns:
        - heading: "Line"
  - heading: "Notes"
    table:
      columns:
        - heading: "Note"
          plan_key: text
"""


def test_bad_plan_mapping_is_reported_at_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, **{"content/templates/filled.yml": BAD_MAPPING})
    result = run_toolkit("check", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    shown = "content/templates/filled.yml"
    errors = [line for line in result.stderr.splitlines() if line.startswith(shown)]
    assert errors == [
        f"{shown}:6: plan_key 'title' is not a value of an initiative or of its plan "
        "(known: name, team, recorder, district, plan_year)",
        f"{shown}:13: plan_key 'owner' is not a key of an entry of process_benchmarks "
        "(known: benchmark, person, date, status)",
        f"{shown}:16: plan_rows 'budget' is not a list of an initiative "
        "(known: process_benchmarks, early_evidence_benchmarks, resources)",
        f"{shown}:23: plan_key needs the table's 'plan_rows' key",
    ]

    # Without the template's ``plan``, no plan name can be used, and a second
    # template cannot claim a plan item another one already carries.
    unplanned = BAD_MAPPING.replace("plan: initiative\n", "")
    second = BAD_MAPPING.replace("id: filled", "id: other").replace("plan_key: title", "plan_key: name")
    second = second.replace("plan_key: owner", "plan_key: person").replace("budget", "resources")
    second = second.replace("          plan_key: text\n", "")
    project = make_project(tmp_path / "second", **{"content/templates/filled.yml": unplanned,
                                                   "content/templates/other.yml": second})
    result = run_toolkit("check", cwd=project)
    assert result.returncode == 1
    assert f"{shown}:5: plan_key needs the template's 'plan' key (one of: initiative, strategy)" \
        in result.stderr
    assert "content/templates/other.yml" not in result.stderr  # valid on its own
    first = second.replace("id: other", "id: filled")
    project = make_project(tmp_path / "third", **{"content/templates/filled.yml": first,
                                                  "content/templates/other.yml": second})
    result = run_toolkit("check", cwd=project)
    assert result.returncode == 1
    assert ("content/templates/other.yml:3: 'plan: initiative' is already declared by template "
            "'filled': a plan item fills one template") in result.stderr
