"""Printable templates, in-process: definitions, layout, HTML, PDF and DOCX.

Every template is printed once per session (blank, example, and for the
nasty district), and the files are read back the way a user's tools would:
pikepdf and pdftotext for the PDF, python-docx for the DOCX.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.oxml.ns import qn

from tests.conftest import NASTY_DISTRICT, NASTY_NAME, ROOT, write_district
from toolkit.config.district import load_district
from toolkit.documents.docx import render_docx
from toolkit.documents.html import template_html
from toolkit.documents.layout import POSTER, layout, variants
from toolkit.documents.pdf import render_pdf
from toolkit.errors import Problems
from toolkit.model.templates import Template, load_templates

LETTER = (612, 792)
A4 = (595.28, 841.89)
TEMPLATE_IDS = [
    "action-plan", "action-plan-5-3-1t", "logic-model", "smart-goal", "swot",
    "early-evidence-brainstorm", "review-feedback", "action-plan-checklist", "team-roster",
    "session-agenda", "prioritizing-grid",
]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="session")
def templates() -> dict[str, Template]:
    problems = Problems()
    found = load_templates(ROOT / "content" / "templates", problems)
    assert not list(problems)
    return found


@pytest.fixture(scope="session")
def nasty(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return load_district(write_district(tmp_path_factory.mktemp("nasty"), NASTY_DISTRICT))


@pytest.fixture(scope="session")
def printed(templates, nasty):  # type: ignore[no-untyped-def]
    """(id, variant, district?) -> (pdf bytes, docx bytes), with WeasyPrint's log."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        files = {}
        for template_id, template in templates.items():
            for variant in variants(template):
                files[template_id, variant, False] = (
                    render_pdf(template, None, variant), render_docx(template, None, variant))
            files[template_id, "blank", True] = (
                render_pdf(template, nasty, "blank"), render_docx(template, nasty, "blank"))
    finally:
        logger.removeHandler(handler)
    return files, handler.records


def pdf_text(data: bytes) -> str:
    """The text in reading order, as a user's copy-and-paste would give it."""
    proc = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True)
    return proc.stdout.decode("utf-8")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def squash(text: str) -> str:
    """Without whitespace: a heading may wrap anywhere in a narrow cell."""
    return re.sub(r"\s+", "", text)


def pdf_page_texts(data: bytes, pages: int) -> list[str]:
    texts = []
    for page in range(1, pages + 1):
        proc = subprocess.run(["pdftotext", "-raw", "-f", str(page), "-l", str(page), "-", "-"],
                              input=data, capture_output=True, check=True)
        texts.append(flat(proc.stdout.decode("utf-8")))
    return texts


def open_docx(data: bytes):  # type: ignore[no-untyped-def]
    return docx.Document(io.BytesIO(data))


def test_every_template_is_defined(templates) -> None:  # type: ignore[no-untyped-def]
    assert sorted(templates) == sorted(TEMPLATE_IDS)
    action_plan = templates["action-plan"]
    assert [t.rows for t in action_plan.tables] == [8, 4, 4]
    assert action_plan.landscape
    headings = [c.heading for c in action_plan.tables[0].columns]
    assert headings == ["Process Benchmark", "Person Responsible", "Date", "Status"]
    assert [c.plan_key for c in action_plan.tables[1].columns] == [
        "benchmark", "monitoring", "person", "date", "status"]
    assert [f.plan_key for f in action_plan.header] == ["name", "team", "recorder"]
    swot = templates["swot"]
    assert swot.landscape and swot.poster and swot.grid is not None
    assert swot.grid.size == 4 and [s.heading for s in swot.sections[:4]] == [
        "Strengths", "Weaknesses", "Opportunities", "Threats"]
    assert templates["early-evidence-brainstorm"].copies == "initiative"


def test_weasyprint_logs_nothing(printed) -> None:  # type: ignore[no-untyped-def]
    _, records = printed
    assert [r.getMessage() for r in records] == []


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_pdf_is_tagged_titled_and_sized(printed, templates, template_id: str) -> None:  # type: ignore[no-untyped-def]
    files, _ = printed
    template = templates[template_id]
    for variant in variants(template):
        data = files[template_id, variant, False][0]
        title = template.title + {"example": " (example)", POSTER: " (poster)"}.get(variant, "")
        with pikepdf.open(io.BytesIO(data)) as pdf:
            root = pdf.Root
            assert "/StructTreeRoot" in root
            assert root.StructTreeRoot.K  # a document element with content
            assert bool(root.MarkInfo.Marked) is True
            assert str(root.Lang) == "en"
            assert str(pdf.docinfo.Title) == title
            with pdf.open_metadata() as meta:
                assert meta.get("{http://www.aiim.org/pdfua/ns/id/}part") == "1"
                assert meta.get("{http://purl.org/dc/elements/1.1/}title") == title
            for page in pdf.pages:
                width, height = (float(v) for v in page.MediaBox[2:])
                if variant == POSTER:  # 11 x 17 in, upright like chart paper
                    expected = (792, 1224)
                else:
                    expected = LETTER[::-1] if template.landscape else LETTER
                assert (round(width), round(height)) == expected
        text = squash(pdf_text(data))
        for table in template.tables:
            for column in table.columns:
                assert squash(column.heading) in text
                assert squash(column.question) in text
            for label in table.row_headings:
                assert squash(label) in text
        for section in template.sections:
            assert squash(section.heading) in text
            for item in section.checklist:
                assert squash(item) in text
        # (a rating such as '3' is also in the headings' '(1-3)': too short to tell apart)
        examples = [cell for t in template.tables for row in t.examples for cell in row
                    if len(squash(cell)) > 3]
        for cell in examples:
            assert (squash(cell) in text) == (variant == "example")


def test_pdf_repeats_table_header_on_each_page(templates) -> None:  # type: ignore[no-untyped-def]
    """A table longer than a page (the roster with 60 members) repeats its header row."""
    roster = templates["team-roster"]
    long_table = dataclasses.replace(roster.sections[-1].table, rows=60)
    template = dataclasses.replace(roster, sections=[
        *roster.sections[:-1], dataclasses.replace(roster.sections[-1], table=long_table)])
    data = render_pdf(template, None, "blank")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    texts = pdf_page_texts(data, pages)
    assert pages >= 3
    header = " ".join(c.heading for c in long_table.columns)
    assert all(text.count(header) == 1 for text in texts[1:])
    for page, text in enumerate(texts, start=1):
        assert f"Page {page} of {pages}" in text


def test_pdf_on_a4(templates) -> None:  # type: ignore[no-untyped-def]
    for template_id in ("action-plan", "swot"):
        template = templates[template_id]
        data = render_pdf(template, None, "blank", paper="a4")
        with pikepdf.open(io.BytesIO(data)) as pdf:
            width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
        expected = A4[::-1] if template.landscape else A4
        assert (round(width, 1), round(height, 1)) == (round(expected[0], 1), round(expected[1], 1))
        word = open_docx(render_docx(template, None, "blank", paper="a4"))
        section = word.sections[0]
        assert abs(section.page_width.mm - (297 if template.landscape else 210)) < 0.5
        assert abs(section.page_height.mm - (210 if template.landscape else 297)) < 0.5


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_docx_tables_titles_and_orientation(printed, templates, template_id: str) -> None:  # type: ignore[no-untyped-def]
    files, _ = printed
    template = templates[template_id]
    for variant in variants(template):
        word = open_docx(files[template_id, variant, False][1])
        props = word.core_properties
        assert props.title == template.title + {"example": " (example)", POSTER: " (poster)"}.get(
            variant, "")
        assert props.language == "en"
        lang = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(
            qn("w:rPr")).find(qn("w:lang"))
        assert lang.get(qn("w:val")) == "en"
        section = word.sections[0]
        landscape = template.landscape and variant != POSTER  # a poster hangs upright
        assert (section.page_width > section.page_height) == landscape
        assert (section.orientation == 1) == landscape  # WD_ORIENT.LANDSCAPE

        styles = [p.style.name for p in word.paragraphs]
        assert styles.count("Heading 1") == 1
        # A grid's sections are headed inside its cells, the rest in the document's flow.
        grid = template.grid.size if template.grid else 0
        cells = [p.text for t in word.tables[:1 if grid else 0] for r in t.rows for c in r.cells
                 for p in c.paragraphs if p.style.name == "Heading 2"]
        assert cells == [s.heading for s in template.sections[:grid]]
        assert [p.text for p in word.paragraphs if p.style.name == "Heading 2"] == [
            s.heading for s in template.sections[grid:]]

        tables = word.tables[1:] if grid else word.tables
        assert len(tables) == len(template.tables)
        for table, spec in zip(tables, template.tables, strict=True):
            header = table.rows[0]
            assert header._tr.trPr.find(qn("w:tblHeader")) is not None
            assert [c.paragraphs[0].text for c in header.cells] == [c.heading for c in spec.columns]
            body = table.rows[1:]
            assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in body)
            blank = [r for r in body if all(not c.text for c in r.cells)]
            # An example row takes the place of a blank one.
            assert len(blank) == spec.rows - (len(spec.examples) if variant == "example" else 0)
            labelled = [r.cells[0].text for r in body
                        if len(r.cells) > 1 and r.cells[0].text and not r.cells[1].text]
            assert labelled == spec.row_headings
            examples = [r for r in body if r.cells[0].text.startswith("Example: ")]
            assert len(examples) == (len(spec.examples) if variant == "example" else 0)
            for row, cells in zip(examples, spec.examples, strict=False):
                assert [c.text for c in row.cells][1:] == cells[1:]
            caption = table._tbl.tblPr.find(qn("w:tblCaption"))
            assert caption is not None and caption.get(qn("w:val"))


def test_district_name_is_escaped_everywhere(printed, templates, nasty) -> None:  # type: ignore[no-untyped-def]
    files, _ = printed
    for template_id in TEMPLATE_IDS:
        pdf, docx_data = files[template_id, "blank", True]
        text = pdf_text(pdf)
        assert f"{NASTY_NAME} · Plan year 2026-2027" in text
        word = open_docx(docx_data)
        header = "\n".join(p.text for p in word.sections[0].header.paragraphs)
        assert header == f"{NASTY_NAME} · Plan year 2026-2027"
        generic = open_docx(files[template_id, "blank", False][1])
        assert "".join(p.text for p in generic.sections[0].header.paragraphs) == ""
    # Fields that a district fills show its values on the line to write on.
    roster = open_docx(files["team-roster", "blank", True][1])
    body = [p.text for p in roster.paragraphs]
    assert f"District: {NASTY_NAME}" in body
    assert "Plan year: 2026-2027" in body

    html = template_html(templates["team-roster"], nasty)
    assert NASTY_NAME not in html
    assert "Saint-Étienne &amp; &lt;North&gt; &#34;Valley&#34;" in html


def test_long_district_name_wraps_in_the_header(templates, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = ("Consolidated Independent School District of " + "Very Long Place Names & Sons " * 12)[:300]
    text = f'name: "{name}"\nplan_year: "2026-2027"\nbranding: {{}}\nsession: {{}}\n'
    district = load_district(write_district(tmp_path, text))
    for template_id in ("swot", "action-plan"):
        data = render_pdf(templates[template_id], district, "blank")
        generic = render_pdf(templates[template_id], None, "blank")
        with pikepdf.open(io.BytesIO(data)) as pdf, pikepdf.open(io.BytesIO(generic)) as plain:
            assert len(pdf.pages) == len(plain.pages)  # the header lives in the margin
            height = float(pdf.pages[0].MediaBox[3])
        assert squash(name) in squash(pdf_text(data))
        assert words_stay_on_the_sheet(data, height)


def words_stay_on_the_sheet(data: bytes, height: float, edge: float = 18) -> bool:
    """Every word is clear of the sheet's edges, which a printer cannot reach."""
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=data, capture_output=True,
                           check=True).stdout.decode("utf-8")
    tops = [float(y) for y in re.findall(r'yMin="([\d.]+)"', boxes)]
    bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', boxes)]
    return bool(tops) and min(tops) >= edge and max(bottoms) <= height - edge


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_html_fragment_is_accessible(templates, template_id: str) -> None:  # type: ignore[no-untyped-def]
    template = templates[template_id]
    html = template_html(template, None)
    parser = _Tags()
    parser.feed(html)
    names = [t for t, _ in parser.tags]
    assert "h1" not in names and "script" not in names
    assert names.count("h2") == len(template.sections)
    assert names.count("caption") == len(template.tables)
    grids = [a for t, a in parser.tags if t == "table" and a.get("class") == "tkd-grid"]
    assert names.count("table") == len(template.tables) + len(grids)
    assert len(grids) == (template.grid is not None)
    assert all(a.get("aria-label") for a in grids)  # a grid has no caption: it is named
    grid_headers = len(template.grid.columns) if template.grid else 0
    col_headers = [a for t, a in parser.tags if t == "th" and a.get("scope") == "col"]
    assert len(col_headers) == sum(len(t.columns) for t in template.tables) + grid_headers
    assert all(t != "th" or a.get("scope") in ("col", "row") for t, a in parser.tags)
    styles = [a.get("style") or "" for _, a in parser.tags]
    assert not any("color" in s or "background" in s for s in styles)
    doc = layout(template, None)
    assert sum(t.blank_rows for s in doc.sections if (t := s.table)) == sum(
        t.rows for t in template.tables)
    assert "\n\n" not in html


def test_same_input_same_bytes(templates) -> None:  # type: ignore[no-untyped-def]
    template = templates["action-plan"]
    assert render_pdf(template, None, "example") == render_pdf(template, None, "example")
    assert render_docx(template, None, "example") == render_docx(template, None, "example")


def test_a_docx_does_not_depend_on_what_was_printed_before(printed, templates) -> None:  # type: ignore[no-untyped-def]
    """In this process every template was printed before; a fresh process gives the same bytes."""
    files, _ = printed
    code = ("import sys; from toolkit.model.templates import load_templates; "
            "from toolkit.documents.docx import render_docx; from pathlib import Path; "
            "from toolkit.errors import Problems; "
            "t = load_templates(Path('content/templates'), Problems())['team-roster']; "
            "sys.stdout.buffer.write(render_docx(t, None, 'example'))")
    fresh = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    assert fresh == files["team-roster", "example", False][1]


def test_docx_dates_follow_source_date_epoch(templates, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28
    data = render_docx(templates["swot"], None, "blank")
    assert open_docx(data).core_properties.created.date().isoformat() == "2026-05-28"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {info.date_time[:3] for info in package.infolist()} == {(2026, 5, 28)}
        assert package.namelist()[0] == "[Content_Types].xml"
