"""Paper: every template laid out for the printer, measured on the printed files.

Every template is printed, blank, with its example and as a poster where it
has one, without a district, for a US Letter district and for an A4 district
that chose two initiatives; the Action Plan Template is also printed filled
from plans of every length from 1 to 16 process benchmarks. What is checked
is read back from the PDFs (the structure tree gives each heading and table
row its page; pdftotext gives where words sit) and from the DOCX files,
which LibreOffice also prints: page counts, paper sizes, a heading that ends
a page, a table row left alone at the top or foot of a page, the SWOT's 2x2
grid on one page, the plan template on two.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.oxml.ns import qn

from tests import pdf_layout
from tests.conftest import NASTY_DISTRICT, ROOT, write_district
from tests.test_documents_build import draw, inked, libreoffice_to_pdf
from toolkit.config.district import District, load_district
from toolkit.documents.docx import docx_bytes
from toolkit.documents.html import template_html
from toolkit.documents.layout import POSTER, Document, layout_copies, variants
from toolkit.documents.pdf import pdf_bytes
from toolkit.documents.plan import initiative_document, strategy_document
from toolkit.model.content import Content, load_content
from toolkit.plan.model import Plan, read_plan

POINTS = 72
#: (width, height) in points, portrait.
SHEETS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}
POSTERS = {"letter": (792.0, 1224.0), "a4": (841.89, 1190.55)}
INITIATIVES = ('Strengthen early literacy instruction, K-3 & <grade 4> "bridge"',
               "Expand access to advanced coursework in middle school")
TEAM = 'K-3 literacy team & <coaches> "A"'
RECORDER = "Zoë O'Brien"
MONITORING = "Walkthrough notes & <tallies>, reviewed by principals each month"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(ROOT)


@pytest.fixture(scope="module")
def districts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, District | None]:
    folder = tmp_path_factory.mktemp("paper-districts")
    a4 = NASTY_DISTRICT.replace('plan_year: "2026-2027"\n', 'plan_year: "2026-2027"\npaper_size: a4\n')
    return {
        "generic": None,
        "letter": load_district(write_district(folder, NASTY_DISTRICT, "letter.yml")),
        "a4": load_district(write_district(folder, a4, "a4.yml")),
    }


def paper_of(district: District | None) -> str:
    return district.paper_size if district is not None else "letter"


@pytest.fixture(scope="module")
def printed(content, districts):  # type: ignore[no-untyped-def]
    """(district, template id, variant) -> (documents, PDF bytes, DOCX bytes)."""
    files = {}
    for name, district in districts.items():
        for template_id, template in sorted(content.templates.items()):
            for variant in variants(template):
                docs = layout_copies(template, district, variant, paper=paper_of(district))
                files[name, template_id, variant] = (docs, pdf_bytes(docs), docx_bytes(docs))
    return files


def plan_text(benchmarks: int) -> str:
    """A plan whose one initiative has ``benchmarks`` process benchmarks, each a long one."""
    rows = "".join(
        f"      - benchmark: \"Benchmark {n}: review enrollment in advanced courses with every middle "
        f"school principal and report to the cabinet\"\n        person: \"Principal {n}\"\n"
        f"        date: 2026-09-{n:02d}\n        status: met\n" for n in range(1, benchmarks + 1))
    return f"""\
district: "Marlowe Regional School District"
plan_year: "2026-2027"
initiatives:
  - name: "Expand access to advanced coursework in grades 6-8"
    team: '{TEAM}'
    recorder: "{RECORDER}"
    process_benchmarks:
{rows}    early_evidence_benchmarks:
      - benchmark: "Grade 7 advanced math enrollment mirrors the grade's demographics"
        monitoring: "{MONITORING}"
        person: "S. Harris"
        date: 2027-02-01
      - benchmark: "Teachers refer students of every group to advanced courses"
        person: "R. Diaz"
        date: 2027-03-01
    resources:
      - "Title IV funds for teacher training"
      - "Counselor time for course placement"
strategies:
  - strategy: "Open advanced math to every grade 7 student who meets the standard"
    team: '{TEAM}'
    action_steps:
      - step: "Set the placement standard"
        resources: ["Math department time"]
        measures: ["Standard approved"]
        owner: "R. Diaz"
        deadline: 2026-08-30
"""


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Plan]:
    folder = tmp_path_factory.mktemp("paper-plans")
    found = {}
    for count in (1, 2, 4, 8, 9, 10, 11, 12, 13, 14, 15, 16):
        path = folder / f"plan-{count}.yml"
        path.write_text(plan_text(count), encoding="utf-8")
        found[count] = read_plan(path)
    return found


@pytest.fixture(scope="module")
def filled(plans, content, districts):  # type: ignore[no-untyped-def]
    """(paper, process benchmarks) -> the initiative's PDF; also the strategy on each paper."""
    files = {}
    for paper in ("letter", "a4"):
        district = districts[paper]
        for count, plan in plans.items():
            doc = initiative_document(plan, plan.initiatives[0], content, district, paper=paper)
            files[paper, count] = (doc, pdf_bytes(doc), docx_bytes(doc) if count in (8, 14) else b"")
        plan = plans[8]
        doc = strategy_document(plan, plan.strategies[0], content, district, paper=paper)
        files[paper, "strategy"] = (doc, pdf_bytes(doc), docx_bytes(doc))
    return files


def sizes(data: bytes) -> set[tuple[int, int]]:
    """Every page's size, in whole points (A3's 1190.55 pt is 1191)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return {tuple(round(float(v)) for v in page.MediaBox[2:]) for page in pdf.pages}  # type: ignore[misc]


def turned(size: tuple[float, float], landscape: bool) -> tuple[int, int]:
    width, height = round(size[0]), round(size[1])
    return (height, width) if landscape else (width, height)


def words(data: bytes, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """Every word on ``page`` with its box (x min, y min, x max, y max) in points from the top left."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
                         input=data, capture_output=True, check=True).stdout.decode("utf-8")
    found = []
    for match in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                             r"([^<]*)</word>", out):
        x0, y0, x1, y1, text = match.groups()
        found.append((text, float(x0), float(y0), float(x1), float(y1)))
    return found


def word_box(data: bytes, text: str, page: int = 1) -> tuple[float, float, float, float]:
    """Where ``text`` is printed largest on ``page``: a heading rather than the same word in prose."""
    boxes = [box for word, *box in words(data, page) if word == text]
    assert boxes, f"{text!r} is not on page {page}"
    return tuple(max(boxes, key=lambda box: box[3] - box[1]))  # type: ignore[return-value]


def page_text(data: bytes, page: int) -> str:
    out = subprocess.run(["pdftotext", "-raw", "-f", str(page), "-l", str(page), "-", "-"],
                         input=data, capture_output=True, check=True).stdout.decode("utf-8")
    return re.sub(r"\s+", " ", out)


def labels(docs: list[Document]) -> frozenset[str]:
    """Texts that introduce what follows them: field labels over their lines, table captions."""
    found = set()
    for doc in docs:
        fields = [*doc.header_fields, *(f for s in doc.all_sections for f in s.fields)]
        found.update(f.label for f in fields if f.show_label and not f.inline)
        found.update(s.table.caption for s in doc.all_sections if s.table is not None)
    return frozenset(found)


# -- the measure itself ------------------------------------------------------------------------


def test_the_measure_finds_a_stranded_heading_and_a_lone_row() -> None:
    """The checks below would see the faults they look for: here a page made to have both."""
    from toolkit.documents.weasyprint_loader import load_weasyprint

    rows = "".join(f"<tr><td>row {n}</td></tr>" for n in range(1, 5))
    # 9 in of page: a heading that its next block cannot follow; then a table with room
    # for its caption, its header and one row (each 0.3 in) on the page it starts on.
    html = ('<!DOCTYPE html><html lang="en"><head><title>Faulty</title><style>'
            "@page { size: 8.5in 11in; margin: 1in } body { margin: 0 }"
            "h2 { margin: 0; height: 0.3in; break-after: auto } table { border-spacing: 0 }"
            "caption, th, td { height: 0.3in; padding: 0 }"
            "</style></head><body><div style='height: 8.6in'>Filler</div><h2>Alone</h2>"
            "<div style='height: 0.4in'>Next page</div><div style='height: 7.7in'>Filler</div>"
            f"<table><caption>Split</caption><thead><tr><th>Head</th></tr></thead><tbody>{rows}"
            "</tbody></table></body></html>")
    data = load_weasyprint().HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    items = pdf_layout.blocks(data)
    assert pdf_layout.stranded_headings(items) == ["/H2 'Alone' ends page 1"]
    assert pdf_layout.table_fragments(items) == [[(1, 1, "Split"), (2, 3, "Split")]]
    assert pdf_layout.page_count(data) == 3
    assert pdf_layout.lone_rows(items) == ["table 'Split': 1 row(s) alone on page 2"]


# -- every template, every paper --------------------------------------------------------------


def test_no_heading_ends_a_page_and_no_row_is_left_alone(printed) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for key, (docs, pdf, _) in printed.items():
        items = pdf_layout.blocks(pdf)
        assert pdf_layout.stranded_headings(items, labels(docs)) == [], key
        assert pdf_layout.lone_rows(items) == [], key
        checked += 1
    assert checked >= 3 * 9 * 2


def test_filled_plans_of_every_length_keep_headings_and_rows_together(filled) -> None:  # type: ignore[no-untyped-def]
    """Plans from 1 to 16 process benchmarks put the page breaks at every place in the tables."""
    splits = 0
    for key, (doc, pdf, _) in filled.items():
        items = pdf_layout.blocks(pdf)
        assert pdf_layout.stranded_headings(items, labels([doc])) == [], key
        assert pdf_layout.lone_rows(items) == [], key
        splits += sum(len(fragments) > 1 for fragments in pdf_layout.table_fragments(items))
        # Every benchmark the plan holds is printed, in a row of its own.
        doc = filled[key][0]
        process = next(s.table for s in doc.sections if s.table is not None)
        fragments = pdf_layout.table_fragments(items)[0]
        assert sum(rows for _, rows, _ in fragments) == len(process.rows), key
    assert splits >= 6  # the long plans did split their tables over pages


def test_every_template_follows_the_districts_paper(printed, content) -> None:  # type: ignore[no-untyped-def]
    for (name, template_id, variant), (_, pdf, word_data) in printed.items():
        template = content.templates[template_id]
        paper = "a4" if name == "a4" else "letter"
        sheet = (POSTERS if variant == POSTER else SHEETS)[paper]
        expected = turned(sheet, template.landscape and variant != POSTER)  # a poster hangs upright
        assert sizes(pdf) == {expected}, (name, template_id, variant)
        word = docx.Document(io.BytesIO(word_data))
        for section in word.sections:
            got = (round(section.page_width.pt, 1), round(section.page_height.pt, 1))
            assert abs(got[0] - expected[0]) < 1 and abs(got[1] - expected[1]) < 1, (name, template_id)
            assert (section.orientation == 1) == (expected[0] > expected[1])


# -- the SWOT worksheet and its poster --------------------------------------------------------


def test_swot_is_one_landscape_page_with_a_2x2_grid(printed) -> None:  # type: ignore[no-untyped-def]
    for name in ("generic", "letter", "a4"):
        for variant in ("blank", "example"):
            pdf = printed[name, "swot", variant][1]
            assert pdf_layout.page_count(pdf) == 1, (name, variant)
            (width, height), = sizes(pdf)
            assert width > height
            s, w, o, t = (word_box(pdf, q) for q in ("Strengths", "Weaknesses", "Opportunities", "Threats"))
            helpful, harmful = word_box(pdf, "Helpful"), word_box(pdf, "Harmful")
            inside, outside = word_box(pdf, "Inside"), word_box(pdf, "Outside")
            # Strengths and weaknesses side by side, opportunities and threats under them.
            assert abs(s[1] - w[1]) < 2 and abs(o[1] - t[1]) < 2
            assert abs(s[0] - o[0]) < 2 and abs(w[0] - t[0]) < 2
            assert s[0] < w[0] - width / 4 and s[1] < o[1] - 1.4 * POINTS  # rows of 1.4 in and more
            # Helpful over the strengths' column, harmful over the weaknesses'; inside beside
            # the first row, outside beside the second.
            assert helpful[2] < w[0] < harmful[0] and helpful[3] < s[1]
            assert inside[2] < s[0] and s[1] < inside[1] < o[1] < outside[1]
            # The box for what it means for action planning, under the grid, with room to write.
            means = word_box(pdf, "means")
            assert means[1] > o[1] + 1.4 * POINTS
            assert means[3] < height - 1.2 * POINTS


def test_swot_quadrants_are_ruled_to_the_foot_of_their_cell(printed) -> None:  # type: ignore[no-untyped-def]
    """At least three lines to write on in each quadrant, no narrower than narrow-ruled paper."""
    for name in ("generic", "a4"):
        doc = printed[name, "swot", "blank"][0][0]
        for row in doc.grid.cells:
            for cell in row:
                (field,) = cell.fields
                assert field.lines >= 3 and field.line_in >= 0.28, (name, cell.heading)
                assert field.lines * field.line_in <= doc.grid.row_height_in - 0.4
        poster = printed[name, "swot", POSTER][0][0]
        assert all(f.lines == 0 for row in poster.grid.cells for c in row for f in c.fields)


def test_swot_grid_is_a_tagged_table_with_row_and_column_headers(printed) -> None:  # type: ignore[no-untyped-def]
    items = pdf_layout.blocks(printed["generic", "swot", "blank"][1])
    grid = next(b for b in items if b.kind == "/Table")
    cells = [c.text for row in grid.children for r in ([row] if row.kind == "/TR" else row.children)
             for c in r.children if c.kind in ("/TH", "/TD")]
    assert [c for c in cells if c] == ["Helpful", "Harmful", "Inside the district",
                                       next(c for c in cells if c.startswith("Strengths")),
                                       next(c for c in cells if c.startswith("Weaknesses")),
                                       "Outside the district",
                                       next(c for c in cells if c.startswith("Opportunities")),
                                       next(c for c in cells if c.startswith("Threats"))]
    headings = [b.text for b in items if b.kind == "/H2"]
    assert headings == ["Strengths", "Weaknesses", "Opportunities", "Threats",
                        "What this means for action planning"]


def test_swot_poster_is_one_wall_sized_page_in_large_type(printed) -> None:  # type: ignore[no-untyped-def]
    for name, paper in (("generic", "letter"), ("a4", "a4")):
        poster = printed[name, "swot", POSTER][1]
        sheet = printed[name, "swot", "blank"][1]
        assert pdf_layout.page_count(poster) == 1
        assert sizes(poster) == {turned(POSTERS[paper], False)}
        big, small = word_box(poster, "Strengths"), word_box(sheet, "Strengths")
        assert (big[3] - big[1]) >= 2 * (small[3] - small[1])  # quadrant headings read from afar
        with pikepdf.open(io.BytesIO(poster)) as pdf:
            assert "(poster)" in str(pdf.docinfo.Title)


# -- the Action Plan Template ------------------------------------------------------------------


def _rows_by_table(pdf: bytes) -> dict[str, list[tuple[int, int, str]]]:
    return {fragments[0][2]: fragments for fragments in pdf_layout.table_fragments(pdf_layout.blocks(pdf))}


def test_action_plan_fits_two_landscape_pages(printed) -> None:  # type: ignore[no-untyped-def]
    for name in ("generic", "letter", "a4"):
        for variant in ("blank", "example"):
            pdf = printed[name, "action-plan", variant][1]
            assert pdf_layout.page_count(pdf) == 2, (name, variant)
            # The 8 process benchmark rows on page 1; the 4 early evidence rows and the
            # 4 resource rows on page 2.
            assert _rows_by_table(pdf) == {
                "Process benchmarks": [(0, 8, "Process benchmarks")],
                "Early evidence of change benchmarks": [(1, 4, "Early evidence of change benchmarks")],
                "Resources": [(1, 4, "Resources")],
            }, (name, variant)
            headings = pdf_layout.headings_with_pages(pdf_layout.blocks(pdf))
            assert headings == [("Action Plan Template" + (" (example)" if variant == "example" else ""), 0),
                                ("Monitoring progress", 0), ("Measuring impact", 1),
                                ("Resources supporting implementation", 1)]
            first = page_text(pdf, 1)
            for label in ("Strategic initiative/objective:", "Action plan team:", "Recorder:"):
                assert label in first
            team, recorder = word_box(pdf, "team:"), word_box(pdf, "Recorder:")
            assert abs(team[1] - recorder[1]) < 2 and recorder[0] > team[0] + 3 * POINTS  # one line
            assert "How It Will Be Monitored" in page_text(pdf, 2)


def test_filled_action_plan_shows_team_recorder_and_monitoring(filled) -> None:  # type: ignore[no-untyped-def]
    for paper in ("letter", "a4"):
        _, pdf, word_data = filled[paper, 8]
        assert pdf_layout.page_count(pdf) <= 2
        text = re.sub(r"\s+", "", " ".join(page_text(pdf, n) for n in (1, 2)))
        for value in (f"Actionplanteam:{TEAM}", f"Recorder:{RECORDER}", MONITORING):
            assert re.sub(r"\s+", "", value) in text, value
        assert "&amp;" not in text and "&lt;" not in text
        word = docx.Document(io.BytesIO(word_data))
        body = [p.text for p in word.paragraphs]
        assert f"Action plan team: {TEAM}\tRecorder: {RECORDER}" in body
        evidence = word.tables[1]
        assert [c.text for c in evidence.rows[0].cells][:2] == [
            "Early Evidence of Change Benchmark", "How It Will Be Monitored"]
        assert evidence.rows[1].cells[1].text == MONITORING
        assert evidence.rows[2].cells[1].text == ""  # the second benchmark left it empty


# -- the early evidence brainstorm worksheet, once per initiative -------------------------------


def test_brainstorm_comes_once_per_chosen_initiative(printed, content, districts) -> None:  # type: ignore[no-untyped-def]
    for name in ("letter", "a4"):
        docs, pdf, word_data = printed[name, "early-evidence-brainstorm", "blank"]
        assert [d.copy_label for d in docs] == [f"Initiative {n}: {text}"
                                                for n, text in enumerate(INITIATIVES, start=1)]
        assert pdf_layout.page_count(pdf) == len(INITIATIVES)
        for page, initiative in enumerate(INITIATIVES, start=1):
            text = page_text(pdf, page)
            assert f"Initiative: {initiative}" in text
            assert "Page 1 of 1" in text  # each group's sheet is numbered on its own
            assert "Early evidence of change brainstorm worksheet" in text
        word = docx.Document(io.BytesIO(word_data))
        assert len(word.sections) == len(INITIATIVES)
        lines = [p.text for p in word.paragraphs if p.text.startswith("Initiative: ")]
        assert lines == [f"Initiative: {text}" for text in INITIATIVES]
        restart = word.sections[1]._sectPr.find(qn("w:pgNumType"))
        assert restart is not None and restart.get(qn("w:start")) == "1"
    # On the guide's page too, each copy under a heading naming its initiative, as text.
    html = template_html(content.templates["early-evidence-brainstorm"], districts["letter"])
    assert html.count('<section class="tkd-copy">') == len(INITIATIVES)
    assert ("<h2>Initiative 1: Strengthen early literacy instruction, K-3 &amp; &lt;grade 4&gt; "
            "&#34;bridge&#34;</h2>") in html
    assert "<grade 4>" not in html
    # Without a district, and with the example, one worksheet.
    for key in (("generic", "early-evidence-brainstorm", "blank"),
                ("letter", "early-evidence-brainstorm", "example")):
        docs, pdf, _ = printed[key]
        assert len(docs) == 1 and pdf_layout.page_count(pdf) == 1, key


# -- the DOCX files: the same rules, in Word's terms, and LibreOffice's pages --------------------


def test_docx_rows_do_not_split_headers_repeat_and_headings_keep_with_next(printed) -> None:  # type: ignore[no-untyped-def]
    for key, (_, _, word_data) in printed.items():
        word = docx.Document(io.BytesIO(word_data))
        for style in ("Heading 1", "Heading 2"):
            assert word.styles[style].paragraph_format.keep_with_next is True
        body = word.element.body
        headings = [p for p in word.paragraphs if p.style.name.startswith("Heading")]
        assert headings, key
        for table in word.tables:
            rows = table.rows
            assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None, key
            assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows), key
            assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in rows[1:]), key
            if len(rows) > 3:  # the first body row keeps with the second, the one before last with the last
                for row in (rows[1], rows[-2]):
                    assert all(c.paragraphs[0].paragraph_format.keep_with_next for c in row.cells), key
        # A caption or a field's label keeps with what it introduces.
        for p in body.iter(qn("w:p")):
            runs = p.findall(qn("w:r"))
            bold = runs and all(r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None for r in runs)
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            following = p.getnext()
            if bold and text and following is not None and following.tag == qn("w:tbl"):
                assert p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, (key, text)


def test_docx_prints_on_as_many_pages_in_libreoffice(printed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """LibreOffice lays out each DOCX with Word's rules: the same page count as our PDF,
    the SWOT and its poster on one page, the plan on two, nothing stranded."""
    sources = []
    for (name, template_id, variant), (docs, pdf, word_data) in sorted(printed.items()):
        if name == "letter":
            continue  # the generic build is on letter already
        path = tmp_path / f"{name}-{template_id}-{variant}.docx"
        path.write_bytes(word_data)
        sources.append((path, pdf, labels(docs)))
    out = tmp_path / "lo"
    out.mkdir()
    converted = libreoffice_to_pdf([p for p, _, _ in sources], out, tagged=True)
    for (source, ours, introducing), result in zip(sources, converted, strict=True):
        assert result.is_file(), f"LibreOffice could not open {source.name}"
        data = result.read_bytes()
        pages = pdf_layout.page_count(data)
        assert pages == pdf_layout.page_count(ours), source.name
        if "-swot-" in source.name:
            assert pages == 1, source.name
        if "-action-plan-blank" in source.name or "-action-plan-example" in source.name:
            assert pages == 2, source.name
        items = pdf_layout.blocks(data)
        assert pdf_layout.stranded_headings(items, introducing) == [], source.name
        assert pdf_layout.lone_rows(items) == [], source.name
        if "swot-blank" in source.name:
            images = draw(result, tmp_path / f"png-{source.stem}")
            assert len(images) == 1 and inked(images[0]) > 0.01


def test_plans_of_every_length_in_libreoffice(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sources = []
    for (paper, key), (doc, _, word_data) in sorted(filled.items(), key=str):
        if word_data:
            path = tmp_path / f"{paper}-{key}.docx"
            path.write_bytes(word_data)
            sources.append((path, labels([doc])))
    out = tmp_path / "lo"
    out.mkdir()
    for (_, introducing), result in zip(sources, libreoffice_to_pdf([p for p, _ in sources], out,
                                                                      tagged=True), strict=True):
        items = pdf_layout.blocks(result.read_bytes())
        assert pdf_layout.stranded_headings(items, introducing) == [], result.name
        assert pdf_layout.lone_rows(items) == [], result.name
