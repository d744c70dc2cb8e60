"""Facilitator decks, built by the CLI and read back as a facilitator would see them.

The decks come from the session's builds (``tests/deck_fixtures.py``): the
real outlines, without a district file, for the "nasty" district with a logo,
for a district with very long text, and one with a start time. They are
read back with python-pptx, and opened in LibreOffice (PDF, then PNG with
pdftoppm) to see what a user sees. The deck's design (branding in the
master, agenda, diagrams, tables) is tested in ``tests/test_deck_design.py``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from tests.conftest import NASTY_DISTRICT, NASTY_NAME, run_toolkit, write_district
from tests.deck_fixtures import (
    EPOCH,
    STRESS_DECK,
    all_decks,
    background_of,
    find_slide,
    layout_shapes,
    slide_texts,
    words,
)
from toolkit import colors
from toolkit.config import fill
from toolkit.config.district import load_district
from toolkit.pipeline.dates import build_datetime
from toolkit.slides import compose, fitting, layout, visuals

# -- what the build writes -----------------------------------------------------------------


def test_every_outline_becomes_a_deck_at_its_sitemap_path(builds, content) -> None:
    assert set(content.decks) >= {"benchmark-session", "action-planning-workshop"}
    for build in builds.values():
        found = sorted(p.name for p in (build.out / "site" / "downloads" / "decks").iterdir())
        assert found == sorted(f"{deck_id}.pptx" for deck_id in content.decks)


def test_decks_are_16_9_with_a_title_and_language(builds, content) -> None:
    for build, deck_id, prs in all_decks(builds, content):
        assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))
        props = prs.core_properties
        assert props.title.startswith(content.decks[deck_id].title)
        district = load_district(build.district) if build.district else None
        assert props.language == (district.language if district else "en")
        if district is not None:
            assert (district.short_name or district.name)[:40] in props.title
        assert props.created == props.modified == build_datetime().replace(tzinfo=None)


# -- titles, reading order, real placeholders -------------------------------------------------


def test_every_slide_has_a_unique_title_read_first(builds, content) -> None:
    for _build, _deck_id, prs in all_decks(builds, content):
        titles = []
        for slide in prs.slides:
            title = slide.shapes.title
            assert title is not None and title.is_placeholder
            assert title.text_frame.text.strip()
            tree = slide.shapes._spTree  # the order assistive technology reads in
            first = next(el for el in tree.iterchildren() if el.tag.endswith(("}sp", "}pic")))
            assert first is title.element
            titles.append(" ".join(title.text_frame.text.casefold().split()))
        assert len(titles) == len(set(titles)), titles


def test_slide_text_is_editable_text(builds, content) -> None:
    """Text is in the layout's placeholders, in a diagram's boxes (native shapes), a table,
    or a diagram's note; no slide holds a picture (the logo is on the master and layouts)."""
    for _build, _deck_id, prs in all_decks(builds, content):
        for slide in prs.slides:
            for shape in slide.shapes:
                assert shape.shape_type != MSO_SHAPE_TYPE.PICTURE, shape.name
                if shape.has_text_frame and shape.text_frame.text.strip():
                    assert (shape.is_placeholder or shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
                            or shape.name == "Note"), shape.name


def test_long_slides_continue_with_their_own_titles(builds, content) -> None:
    prs = builds["long"].deck("stress-test")
    titles = [slide.shapes.title.text_frame.text for slide in prs.slides]
    base = STRESS_DECK["slides"][0]["title"]
    parts = [t for t in titles if t.startswith(base)]
    assert len(parts) >= 3, titles  # the slide continued, and the outline's own "(continued)" slide
    assert len(set(parts)) == len(parts)
    notes = [slide.notes_slide.notes_text_frame.text for slide in prs.slides]
    assert sum(n.startswith("Time: continues the previous slide") for n in notes) >= 1
    texts = [t for slide in prs.slides for t in slide_texts(slide)]
    district = load_district(builds["long"].district)
    for initiative in district.session.initiatives:  # each point lists them all
        assert texts.count(initiative) == 6


# -- notes and minutes -------------------------------------------------------------------------

TIME = re.compile(r"^Time: (?:(\d+) minutes?|continues the previous slide)")
SEGMENT = re.compile(r" · (.+), (\d+) minutes?$")


def test_every_slide_has_notes_with_minutes_and_what_to_do(builds, content) -> None:
    for _build, _deck_id, prs in all_decks(builds, content):
        for slide in prs.slides:
            assert slide.has_notes_slide
            lines = slide.notes_slide.notes_text_frame.text.split("\n")
            assert TIME.match(lines[0]), lines[0]
            assert any(line.startswith(("Do: ", "Say: ")) and len(line) > 10 for line in lines[1:])


def test_minutes_per_segment_match_the_run_of_show(builds, content) -> None:
    for build in (builds["blank"], builds["long"]):
        for deck_id, deck in content.decks.items():
            if deck.step is None:
                continue
            step = content.modules[deck.step]
            spent: dict[str, int] = {}
            for slide in build.deck(deck_id).slides:
                first = slide.notes_slide.notes_text_frame.text.split("\n")[0]
                minutes = TIME.match(first).group(1)
                segment = SEGMENT.search(first)
                assert segment, first
                spent[segment.group(1)] = spent.get(segment.group(1), 0) + int(minutes or 0)
            expected = {s.title: s.minutes for s in step.run_of_show}
            assert spent == expected
            assert sum(spent.values()) == step.duration


def test_the_one_hour_session_is_sixty_minutes(content) -> None:
    deck = content.decks["benchmark-session"]
    assert deck.minutes == content.modules[deck.step].duration == 60


# -- the district's values, and blanks without a district ------------------------------------


def test_district_values_fill_the_placeholders(builds, content) -> None:
    district = load_district(builds["nasty"].district)
    bench = builds["nasty"].deck("benchmark-session")
    cover = list(bench.slides)[0]
    assert NASTY_NAME in slide_texts(cover)
    assert fill.format_date(district.session.date) in slide_texts(cover)
    assert f"Facilitator: {district.session.facilitator}" in slide_texts(cover)

    brainstorm = slide_texts(find_slide(bench, "Early evidence of change brainstorming"))
    assert f"Organize into {district.session.small_groups} small groups" in brainstorm
    for initiative in district.session.initiatives:
        assert brainstorm.count(initiative) == 1
    workshop = builds["nasty"].deck("action-planning-workshop")
    slide5 = slide_texts(find_slide(workshop, "Action planning workshops"))
    assert (f"Organize into {district.session.action_plan_teams} action plan teams, "
            "by strategic objective/initiative") in slide5
    for deck_id in ("benchmark-session", "action-planning-workshop"):
        for slide in builds["nasty"].deck(deck_id).slides:
            shown = slide_texts(slide) + [slide.notes_slide.notes_text_frame.text]
            assert not any(fill.is_blank(t) or "[X]" in t or "{" in t for t in shown), shown


def test_without_a_district_the_blanks_stay_visible(builds) -> None:
    bench = builds["blank"].deck("benchmark-session")
    assert fill.BLANKS["district"] in slide_texts(list(bench.slides)[0])
    brainstorm = slide_texts(find_slide(bench, "Early evidence of change brainstorming"))
    assert "Organize into [X] small groups" in brainstorm
    assert fill.BLANK_INITIATIVES[0] in brainstorm
    workshop = builds["blank"].deck("action-planning-workshop")
    slide5 = slide_texts(find_slide(workshop, "Action planning workshops"))
    assert "Organize into [X] action plan teams, by strategic objective/initiative" in slide5
    assert not list(builds["blank"].deck_path("benchmark-session").parent.glob("*.png"))


def test_text_with_markup_characters_reads_back_exactly(builds, content) -> None:
    path = builds["nasty"].deck_path("benchmark-session")
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name))  # every part is well-formed XML
        cover = package.read("ppt/slides/slide1.xml").decode("utf-8")
    assert "Saint-Étienne &amp; &lt;North&gt;" in cover
    assert "<North>" not in cover
    prs = builds["nasty"].deck("benchmark-session")
    assert NASTY_NAME in slide_texts(list(prs.slides)[0])
    footer = next(s for s in layout_shapes(list(prs.slides)[1]) if s.name == "Footer")
    assert footer.text_frame.text.startswith('St-Étienne & <N> "V" · ')


# -- colours, logo ------------------------------------------------------------------------------


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _contrast_pairs(slide, behind: str):  # type: ignore[no-untyped-def]
    """(run colour, colour behind it, text) for every run of a group of shapes."""
    for shape in slide:
        if shape.has_text_frame:
            fill_ = behind
            if shape.fill.type == 1:  # a shape with its own fill (a diagram's box)
                fill_ = f"#{shape.fill.fore_color.rgb}".lower()
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    yield f"#{run.font.color.rgb}".lower(), fill_, run.text
            for field in shape.element.iter(f"{{{_A}}}fld"):  # the slide number
                yield "#" + field.find(f".//{{{_A}}}srgbClr").get("val").lower(), fill_, "slide number"
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    fill_ = f"#{cell.fill.fore_color.rgb}".lower()
                    for paragraph in cell.text_frame.paragraphs:
                        for run in paragraph.runs:
                            yield f"#{run.font.color.rgb}".lower(), fill_, run.text


def test_text_contrast_is_at_least_4_5(builds, content) -> None:
    """Every run of every slide, table cell, footer and slide number, against what is behind it."""
    checked = 0
    for _build, _deck_id, prs in all_decks(builds, content):
        for slide in prs.slides:
            behind = background_of(slide)
            for group in (slide.shapes, layout_shapes(slide)):
                for color, fill_, text in _contrast_pairs(group, behind):
                    assert colors.contrast_ratio(color, fill_) >= colors.AA_NORMAL, (text, color, fill_)
                    checked += 1
    assert checked > 1000


def test_the_theme_follows_the_district_colours(builds) -> None:
    district = load_district(builds["long"].district)
    cover = list(builds["long"].deck("benchmark-session").slides)[0]
    assert background_of(cover) == district.branding.primary_color
    with zipfile.ZipFile(builds["long"].deck_path("benchmark-session")) as package:
        theme = package.read("ppt/theme/theme1.xml").decode()
    assert district.branding.accent_color.lstrip("#").upper() in theme
    assert 'typeface="Arial"' in theme


# -- determinism ---------------------------------------------------------------------------------


def test_same_input_gives_byte_identical_decks(builds, content) -> None:
    for deck_id in content.decks:
        first = builds["nasty"].deck_path(deck_id).read_bytes()
        assert first == builds["nasty-again"].deck_path(deck_id).read_bytes()
        with zipfile.ZipFile(io.BytesIO(first)) as package:
            stamps = {info.date_time for info in package.infolist()}
            assert package.namelist()[0] == "[Content_Types].xml"
        when = build_datetime()
        assert stamps == {(when.year, when.month, when.day, when.hour, when.minute,
                           when.second - when.second % 2)}


def test_a_deck_does_not_depend_on_what_was_drawn_before_it(builds, content, monkeypatch) -> None:
    """Slides, footers and package entries are remembered across decks in one process
    (a batch draws each once): a deck drawn after others, for other districts, in other
    colours and without a logo, is byte for byte the deck its own process made."""
    from toolkit.slides import render

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    districts = {name: load_district(builds[name].district) if builds[name].district else None
                 for name in ("long", "blank", "nasty")}
    for name, district in districts.items():  # "nasty" last, after the others
        for deck_id, deck in sorted(content.decks.items()):
            made = render.build_deck(deck, content, district, render.deck_logo(district))
            assert made == builds[name].deck_path(deck_id).read_bytes(), (name, deck_id)


# -- long text stays on the slide ------------------------------------------------------------------


def _fitted(shape, role) -> tuple[list[compose.Para], float]:  # type: ignore[no-untyped-def]
    paras, base = [], None
    for paragraph in shape.text_frame.paragraphs:
        size = paragraph.runs[0].font.size.pt
        paras.append(compose.Para(paragraph.text, paragraph.level,
                                  bold=bool(paragraph.runs[0].font.bold)))
        if paragraph.level == 0 and base is None:
            base = size
        assert size == role.size_at(base, paragraph.level) if base else True
    return paras, base


def test_long_text_stays_within_its_box_and_the_slide(builds, content) -> None:
    roles = {"Note": visuals.NOTE_TEXT}
    for _build, _deck_id, prs in all_decks(builds, content, names=("long", "nasty", "timed")):
        width, height = prs.slide_width, prs.slide_height
        for slide in prs.slides:
            kind = slide.slide_layout.name
            for shape in slide.shapes:
                assert shape.left >= 0 and shape.top >= 0
                assert shape.left + shape.width <= width and shape.top + shape.height <= height
                if not shape.has_text_frame or not shape.text_frame.text:
                    continue
                role = roles.get(shape.name) or _role(kind, shape)
                paras, base = _fitted(shape, role)
                insets = (visuals.BOX_INSETS if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
                          else (7.2, 3.6))
                box = layout.Box(shape.left.pt, shape.top.pt, shape.width.pt, shape.height.pt, *insets)
                assert fitting.text_height(paras, box, role, base) <= box.inner_h, shape.text_frame.text


def _role(kind: str, shape) -> layout.Role:  # type: ignore[no-untyped-def]
    if not shape.is_placeholder:
        return visuals.DIAGRAM_TEXT
    is_title = shape.placeholder_format.type in (1, 3)  # title, centre title
    if kind == "Title Slide":
        return layout.COVER_TITLE if is_title else layout.SUBTITLE
    if kind == "Section Header":
        return layout.SECTION_TITLE if is_title else layout.SUBTITLE
    return layout.TITLE if is_title else layout.BODY


def test_long_initiatives_appear_in_full(builds) -> None:
    district = load_district(builds["long"].district)
    assert len(district.session.initiatives) == 8 and len(district.session.initiatives[0]) == 250
    prs = builds["long"].deck("benchmark-session")
    texts = [t for slide in prs.slides for t in slide_texts(slide)]
    for initiative in district.session.initiatives:
        assert texts.count(initiative) == 1
    assert district.name in texts
    # A 300-character name does not fit the footer line, so the footer keeps just the date.
    footers = {s.text_frame.text for slide in prs.slides for s in layout_shapes(slide)
               if s.name == "Footer"}
    assert footers == {fill.format_date(district.session.date)}


# -- seen in LibreOffice ---------------------------------------------------------------------------


def test_libreoffice_shows_one_page_per_slide(rendered, builds, tmp_path) -> None:
    for stem, pdf in rendered.items():
        build, deck_id = stem.split("--")
        slides = len(builds[build].deck(deck_id).slides)
        subprocess.run(["pdftoppm", "-r", "12", "-png", str(pdf), str(tmp_path / stem)], check=True)
        pngs = sorted(tmp_path.glob(f"{stem}-*.png"))
        assert len(pngs) == slides, stem
        assert all(p.stat().st_size > 100 for p in pngs)


def test_libreoffice_keeps_all_text_inside_its_boxes(rendered, builds) -> None:
    """Every word LibreOffice drew lies inside a text shape's box, and none went missing."""
    for stem, pdf in rendered.items():
        build, deck_id = stem.split("--")
        prs = builds[build].deck(deck_id)
        for number, slide in enumerate(prs.slides, 1):
            (page_w, page_h), found = words(pdf, number)
            scale = page_w / prs.slide_width.pt
            shown = [s for s in (*slide.shapes, *layout_shapes(slide))
                     if s.has_text_frame and s.text_frame.text or getattr(s, "has_table", False)
                     and s.has_table]
            boxes = [(s.left.pt * scale, s.top.pt * scale, Emu(s.left + s.width).pt * scale,
                      Emu(s.top + s.height).pt * scale) for s in shown]
            for x0, y0, x1, y1, word in found:
                assert x0 >= 0 and x1 <= page_w and y0 >= 0 and y1 <= page_h, (stem, number, word)
                # pdftotext boxes a word with the font's full height (1.3 em here), a
                # little taller than the line it sits on: allow for that much.
                slack = max(2.0, 0.15 * (y1 - y0))
                inside = any(bx0 - 2 <= x0 and x1 <= bx1 + 2 and by0 - slack <= y0
                             and y1 <= by1 + slack for bx0, by0, bx1, by1 in boxes)
                assert inside, (stem, number, word)
            drawn = "".join(w[4] for w in found)
            for text in slide_texts(slide):
                assert "".join(text.split()) in drawn, (stem, number, text)


# -- errors --------------------------------------------------------------------------------------


def _line_of(path: Path, needle: str) -> int:
    """The last line holding ``needle`` (a duplicate is reported where it repeats)."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if needle in line]
    assert found, needle
    return found[-1]


BROKEN_OUTLINES = [
    ("  - id: purpose\n", "  - id: purpose\n    colour: blue\n", "colour: blue",
     "unknown key 'colour'"),
    ('"Organize into {small_groups} small groups"', '"Organize into {smal_groups} small groups"',
     "{smal_groups}", "unknown placeholder '{smal_groups}'"),
    ("    minutes: 5\n", "    minutes: seven\n", "minutes: seven", "expected a whole number"),
    ("    minutes: 12\n", "    minutes: 11\n", "slides:",
     "the slides of segment 'group-share' add up to 14 minutes"),
    ('title: "Making our benchmarks more useful"', 'title: "Early evidence group share"',
     'title: "Early evidence group share"', "is already used in this deck"),
    ('title: "Making our benchmarks more useful"', 'title: "Making Our Benchmarks More Useful"',
     'title: "Making Our Benchmarks', "slide titles are in sentence case: lower-case 'Our'"),
    ("          from: action-plan\n", "          from: resources\n", "from: resources",
     "'from: resources' must name a box declared before 'process'"),
    ('        - ["Asks", ', '        - ["Asks", "An extra cell", ', '"An extra cell"',
     "a row of 4 cells in a table of 3 columns"),
    ("    kind: diagram\n", "    kind: bullets\n", "diagram:", "a bullets slide has no diagram"),
    ("bank: reading-strategies/student-talk", "bank: reading-strategies/student-tlak",
     "student-tlak", "set 'reading-strategies' has no entry 'student-tlak'"),
    ("    bullets:\n      - \"What benchmark", "    bullets:\n      - 42\n      - \"What benchmark",
     "      - 42", "expected a bullet (text, or a mapping with 'text' and 'bullets'), found a number"),
]


@pytest.mark.parametrize(("old", "new", "where", "message"), BROKEN_OUTLINES)
def test_a_malformed_outline_is_reported_with_its_line(builds, project, tmp_path, old, new, where,
                                                       message) -> None:
    broken = tmp_path / "project"
    shutil.copytree(project, broken, ignore=shutil.ignore_patterns("out"))
    outline = broken / "slides" / "benchmark-session.yml"
    text = outline.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    outline.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = _line_of(outline, where)

    out = tmp_path / "out"
    shutil.copytree(builds["blank"].out, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    done = run_toolkit("build", "--only", "slides", "--project", ".", "--out", str(out), cwd=broken)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"slides/benchmark-session.yml:{line}: " in done.stderr, done.stderr
    assert message in done.stderr, done.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_malformed_district_is_reported_with_its_line(builds, project, tmp_path) -> None:
    district = write_district(tmp_path, NASTY_DISTRICT.replace("small_groups: 4", "small_groups: many"))
    out = tmp_path / "out"
    shutil.copytree(builds["nasty"].out, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    done = run_toolkit("build", "--only", "slides", "--project", str(project), "--out", str(out),
                       "--district", str(district), cwd=tmp_path)
    assert done.returncode == 1
    line = _line_of(district, "small_groups: many")
    assert f"district.yml:{line}: expected a whole number" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def _district_with_logo(folder: Path, logo: str) -> Path:
    return write_district(folder, NASTY_DISTRICT.replace(
        '  accent_color: "#8a2b0d"\n', f'  accent_color: "#8a2b0d"\n  logo: {logo}\n'
        "  logo_alt: District seal\n"))


def test_an_svg_logo_is_refused_with_its_line(project, tmp_path) -> None:
    (tmp_path / "seal.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" '
                                       'height="2"/>', encoding="utf-8")
    district = _district_with_logo(tmp_path, "seal.svg")
    out = tmp_path / "out"
    done = run_toolkit("build", "--only", "slides", "--project", str(project), "--out", str(out),
                       "--district", str(district), cwd=tmp_path)
    assert done.returncode == 1
    line = _line_of(district, "logo: seal.svg")
    assert f"district.yml:{line}: 'seal.svg' must be one of: .png, .jpg, .jpeg" in done.stderr
    assert not out.exists()


def test_an_unreadable_logo_is_reported_with_its_line(project, tmp_path) -> None:
    (tmp_path / "seal.png").write_bytes(b"not a picture at all")
    district = _district_with_logo(tmp_path, "seal.png")
    done = run_toolkit("build", "--only", "slides", "--project", str(project), "--out",
                       str(tmp_path / "out"), "--district", str(district), cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    line = _line_of(district, "logo: seal.png")
    # The district file's own check opens the logo, before any deck is drawn, and says it once.
    message = f"district.yml:{line}: cannot read 'seal.png' as a picture: it is not a picture"
    assert done.stderr.count(message) == 1, done.stderr
    assert not (tmp_path / "out" / "site").exists()


# -- the outline format, in-process ----------------------------------------------------------------

OUTLINE = """\
id: tiny
title: Tiny deck
slides:
  - id: one
    title: "{title}"
    minutes: 2
    notes:
      do: "{do}"
    bullets:
      - "{bullet}"
"""


@pytest.mark.parametrize(("field", "value", "message"), [
    ("bullet", "Groups: {small_group}", "unknown placeholder '{small_group}'"),
    ("bullet", "Our initiatives: {initiatives}", "{initiatives} must be the whole bullet"),
    ("do", "Show {initiatives}", "{initiatives} is a list"),
    ("title", "Welcome to {district}", "{district} can be 300 characters long"),
    ("bullet", "A lone { brace", "a lone '{'"),
])
def test_outline_text_is_checked_with_its_line(tmp_path, field, value, message) -> None:
    from toolkit.errors import Problems
    from toolkit.model.decks import load_decks

    values = {"title": "One", "do": "Talk", "bullet": "Point", field: value}
    (tmp_path / "tiny.yml").write_text(OUTLINE.format(**values), encoding="utf-8")
    problems = Problems()
    assert load_decks(tmp_path, problems) == {}
    (problem,) = list(problems)
    expected_line = {"title": 5, "do": 8, "bullet": 10}[field]
    assert problem.location.line == expected_line
    assert message in problem.message


def test_braces_can_be_written_doubled(tmp_path) -> None:
    from toolkit.errors import Problems
    from toolkit.model.decks import load_decks, substitute

    (tmp_path / "tiny.yml").write_text(
        OUTLINE.format(title="One", do="Talk", bullet="Sets like {{a, b}} for {district}"),
        encoding="utf-8")
    problems = Problems()
    deck = load_decks(tmp_path, problems)["tiny"]
    assert not list(problems)
    text = deck.slides[0].bullets[0].text
    assert substitute(text, fill.fields(None)) == "Sets like {a, b} for [district name]"


def test_a_deck_for_a_missing_step_is_reported(project, tmp_path) -> None:
    broken = tmp_path / "project"
    shutil.copytree(project, broken, ignore=shutil.ignore_patterns("out"))
    outline = broken / "slides" / "benchmark-session.yml"
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text.replace("step: introduce-benchmarks", "step: introduce-benchmark"),
                       encoding="utf-8")
    done = run_toolkit("check", "--project", ".", cwd=broken)
    assert done.returncode == 1
    line = _line_of(outline, "step: introduce-benchmark")
    assert (f"slides/benchmark-session.yml:{line}: deck 'benchmark-session' follows step "
            "'introduce-benchmark', but there is no such step") in done.stderr, done.stderr
