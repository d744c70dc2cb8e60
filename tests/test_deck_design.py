"""Decks designed for the room: branding in the master, agenda, diagrams, tables, timing.

The decks come from the session's builds (``tests/deck_fixtures.py``): no
district file ("blank"), the escaping district with a PNG logo ("nasty"), a
300-character district ("long") and a district with a start time, a venue
and a JPEG logo ("timed"). Besides reading them back with python-pptx, a
slide is added from every layout of a branded deck, as PowerPoint's "New
Slide" does, and rendered by LibreOffice to see that it looks like the rest.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from tests.deck_fixtures import (
    LOGO_ALT,
    TIMED_START,
    find_slide,
    layout_shapes,
    slide_texts,
    words,
)
from toolkit.config import fill
from toolkit.config.district import load_district
from toolkit.model import bank as bank_model
from toolkit.model.decks import proper_names, title_case_problem
from toolkit.slides import layout as geometry
from toolkit.slides.base import LAYOUT_NAMES
from toolkit.slides.theme import Theme

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _theme(build) -> Theme:  # type: ignore[no-untyped-def]
    return Theme.for_district(load_district(build.district) if build.district else None)


def _decorative(shape) -> bool:  # type: ignore[no-untyped-def]
    return bool(shape.element.xpath('.//*[local-name()="decorative" and @val="1"]'))


# -- branding lives in the master and layouts ------------------------------------------------


def test_branding_is_in_the_master_and_layouts_not_on_slides(builds) -> None:
    prs = builds["nasty"].deck("benchmark-session")
    theme = _theme(builds["nasty"])
    assert [layout.name for layout in prs.slide_layouts] == list(LAYOUT_NAMES)
    master = {shape.name: shape for shape in prs.slide_master.shapes if not shape.is_placeholder}
    assert set(master) == {"Accent bar", "Logo", "Footer", "Slide number"}
    assert _decorative(master["Accent bar"])
    assert master["Logo"].shape_type == MSO_SHAPE_TYPE.PICTURE
    assert master["Logo"].element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr") == LOGO_ALT
    assert master["Slide number"].element.find(f".//{_A}fld").get("type") == "slidenum"
    cover, _content, section, _two, _title_only = prs.slide_layouts
    cover_shapes = {s.name: s for s in cover.shapes if not s.is_placeholder}
    assert set(cover_shapes) == {"Accent bar", "Logo band", "Logo"}
    assert cover.element.get("showMasterSp") == section.element.get("showMasterSp") == "0"
    for layout, color in ((cover, theme.cover_background), (section, theme.section_background)):
        fill_ = layout.element.find(f"{_P}cSld/{_P}bg").find(f".//{_A}srgbClr").get("val")
        assert f"#{fill_}".lower() == color
    # No date, footer or slide number placeholders that a "Header and Footer" dialog
    # would fill on top of the layouts' own.
    for holder in (prs.slide_master, *prs.slide_layouts):
        assert {ph.placeholder_format.type for ph in holder.placeholders}.isdisjoint({13, 15, 16})
    for slide in prs.slides:
        assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert not [s for s in slide.shapes if s.name in ("Accent bar", "Logo band", "Footer")]


def test_without_a_logo_no_picture_anywhere(builds) -> None:
    for name in ("blank", "long"):
        prs = builds[name].deck("benchmark-session")
        holders = (prs.slide_master, *prs.slide_layouts, *prs.slides)
        assert not [s for h in holders for s in h.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_layout_placeholders_give_new_slides_the_decks_text_styles(builds) -> None:
    """A placeholder a user fills in gets the size, weight and colour the toolkit uses."""
    prs = builds["timed"].deck("benchmark-session")
    theme = _theme(builds["timed"])
    cover, _content, section, _two, _title_only = prs.slide_layouts
    for layout, size, color in ((cover, geometry.COVER_TITLE.sizes[0], theme.cover_text),
                                (section, geometry.SECTION_TITLE.sizes[0], theme.section_text)):
        title = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 0)
        style = title.element.find(f".//{_A}lstStyle/{_A}lvl1pPr/{_A}defRPr")
        assert style.get("sz") == str(round(size * 100)) and style.get("b") == "1"
        assert "#" + style.find(f".//{_A}srgbClr").get("val").lower() == color
    body = prs.slide_master.element.find(f"{_P}txStyles/{_P}bodyStyle/{_A}lvl1pPr/{_A}defRPr")
    assert body.get("sz") == str(round(geometry.BODY.sizes[0] * 100))


@pytest.fixture(scope="session")
def new_slides(builds, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The branded deck with one slide added from each of its layouts, with python-pptx
    (as "New Slide" does), converted by LibreOffice; its PDF and the new titles."""
    folder = tmp_path_factory.mktemp("new-slides")
    prs = Presentation(str(builds["timed"].deck_path("benchmark-session")))
    titles = []
    for index, layout in enumerate(prs.slide_layouts):
        slide = prs.slides.add_slide(layout)
        title = f"Added slide {index + 1}"
        slide.shapes.title.text = title
        titles.append(title)
        for placeholder in slide.placeholders:
            if placeholder.placeholder_format.idx != 0:
                placeholder.text_frame.text = "Typed by a facilitator"
    path = folder / "added.pptx"
    prs.save(str(path))
    profile = f"file:///tmp/lo-profile-new-slides-{folder.name}"
    done = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(folder), str(path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return folder / "added.pdf", titles


DPI = 48


def _pixel(png: Image.Image, x_pt: float, y_pt: float) -> tuple[int, int, int]:
    return png.getpixel((round(x_pt * DPI / 72), round(y_pt * DPI / 72)))[:3]


def _near(rgb: tuple[int, int, int], color: str, tolerance: int = 24) -> bool:
    want = tuple(int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return all(abs(a - b) <= tolerance for a, b in zip(rgb, want, strict=True))


def test_a_slide_added_from_any_layout_looks_like_the_others(builds, new_slides, tmp_path) -> None:
    """Each added slide, rendered: its title where the deck's titles are, the background,
    accent bar and logo of its kind, and (but for the cover) the footer and its own number."""
    pdf, titles = new_slides
    prs = Presentation(str(builds["timed"].deck_path("benchmark-session")))
    theme = _theme(builds["timed"])
    district = load_district(builds["timed"].district)
    first_new = len(prs.slides) + 1
    crest = "#5b2a86"  # the timed district's logo is a plain picture of this colour
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", str(first_new), str(pdf),
                    str(tmp_path / "new")], check=True)
    pngs = sorted(tmp_path.glob("new-*.png"))
    assert len(pngs) == len(LAYOUT_NAMES)
    for offset, (name, png_path, title) in enumerate(zip(LAYOUT_NAMES, pngs, titles, strict=True)):
        page = first_new + offset
        png = Image.open(png_path).convert("RGB")
        _, found = words(pdf, page)
        title_words = [w for w in found if w[4] in title.split()]
        assert len(title_words) == 3, (name, found)
        if name == "Title Slide":
            frame = geometry.cover_frame(with_logo=True)
            background, bar = theme.cover_background, theme.cover_text
        elif name == "Section Header":
            frame = geometry.section_frame()
            background, bar = theme.section_background, theme.section_text
        else:
            frame = geometry.content_frame(with_logo=True)
            background, bar = theme.background, theme.accent
        box = frame.title
        for x0, y0, x1, y1, word in title_words:  # set in the deck's title box
            assert box.x <= x0 and x1 <= box.right and box.y - 4 <= y0 and y1 <= box.bottom + 4, (
                name, word)
        assert _near(_pixel(png, 4, 4), background), name
        rule = frame.rule
        assert _near(_pixel(png, rule.x + rule.w / 2, rule.y + rule.h / 2), bar), name
        if frame.logo is not None:
            logo = frame.logo
            assert _near(_pixel(png, logo.right - 10, logo.y + logo.h / 2), crest), name
        texts = [w[4] for w in found]
        if name == "Title Slide":
            assert str(page) not in texts
            continue
        number = geometry.NUMBER_BOX
        numbered = [w for w in found if w[4] == str(page)]
        assert numbered and number.x <= numbered[0][0] and numbered[0][2] <= number.right, name
        assert district.short_name in texts, name  # the footer


# -- agenda, activities, venue ------------------------------------------------------------------


def _table(slide):  # type: ignore[no-untyped-def]
    (frame,) = [s for s in slide.shapes if s.has_table]
    return [[cell.text_frame.text for cell in row.cells] for row in frame.table.rows]


def test_the_agenda_follows_the_run_of_show_in_minutes(builds, content) -> None:
    for deck_id, deck in content.decks.items():
        if deck.step is None:
            continue
        rows = _table(find_slide(builds["blank"].deck(deck_id), "Today's agenda"))
        step = content.modules[deck.step]
        assert rows == [["Segment", "Minutes"]] + [[s.title, str(s.minutes)]
                                                   for s in step.run_of_show]


def test_the_agenda_shows_clock_times_with_a_start_time(builds, content) -> None:
    start = dt.datetime(2027, 3, 2, *TIMED_START)
    for deck_id, deck in content.decks.items():
        if deck.step is None:
            continue
        rows = _table(find_slide(builds["timed"].deck(deck_id), "Today's agenda"))
        assert rows[0] == ["Time", "Segment", "Minutes"]
        clock = start
        for row, segment in zip(rows[1:], content.modules[deck.step].run_of_show, strict=True):
            end = clock + dt.timedelta(minutes=segment.minutes)
            assert row == [fill.format_span(clock.time(), end.time()), segment.title,
                           str(segment.minutes)]
            clock = end
        assert rows[1][0].startswith("1:15") and rows[-1][0].endswith("PM")


def _activity_slides(prs):  # type: ignore[no-untyped-def]
    """(slide, minutes into the session when it starts, its minutes) of each activity slide."""
    elapsed = 0
    for slide in prs.slides:
        minutes = re.match(r"Time: (\d+) minutes?", slide.notes_slide.notes_text_frame.text)
        length = int(minutes.group(1)) if minutes else 0
        if slide.slide_layout.name == "Section Header":
            yield slide, elapsed, length
        elapsed += length


def test_activity_slides_show_how_long_and_when_they_end(builds, content) -> None:
    start = dt.datetime(2027, 3, 2, *TIMED_START)
    seen = 0
    for deck_id in content.decks:
        for name in ("blank", "timed"):
            for slide, elapsed, length in _activity_slides(builds[name].deck(deck_id)):
                first = slide.placeholders[1].text_frame.paragraphs[0]
                expected = f"{length} minutes"
                if name == "timed":
                    end = start + dt.timedelta(minutes=elapsed + length)
                    expected += f", until {fill.format_time(end.time())}"
                assert first.text == expected
                assert first.runs[0].font.bold
                seen += 1
    assert seen >= 8


def test_the_title_slide_names_the_venue(builds) -> None:
    timed = load_district(builds["timed"].district)
    cover = slide_texts(list(builds["timed"].deck("benchmark-session").slides)[0])
    assert timed.session.venue in cover
    assert fill.BLANKS["venue"] in slide_texts(list(builds["blank"].deck("benchmark-session").slides)[0])
    # A district file without a venue leaves the line out rather than show a blank.
    assert not [t for t in slide_texts(list(builds["nasty"].deck("benchmark-session").slides)[0])
                if fill.is_blank(t)]


# -- diagrams and tables ---------------------------------------------------------------------------


def test_the_planning_diagram_is_native_shapes_in_reading_order(builds, content) -> None:
    outline = next(s for s in content.decks["benchmark-session"].slides if s.kind == "diagram")
    slide = find_slide(builds["nasty"].deck("benchmark-session"), outline.title)
    shapes = list(slide.shapes)
    assert shapes[0].element is slide.shapes.title.element  # read first: the title...
    boxes = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
    assert [s.text_frame.paragraphs[0].text for s in boxes] == [b.title for b in outline.diagram.boxes]
    assert [s.shape_id for s in shapes[1:1 + len(boxes)]] == [s.shape_id for s in boxes]  # then the boxes
    for shape, box in zip(boxes, outline.diagram.boxes, strict=True):
        assert [p.text for p in shape.text_frame.paragraphs] == [box.title, box.text]
        assert shape.text_frame.paragraphs[0].runs[0].font.bold
    ids = {b.id: s.shape_id for b, s in zip(outline.diagram.boxes, boxes, strict=True)}
    arrows = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.LINE or s.name == "Arrow"]
    glued = {(a.element.find(f".//{_A}stCxn").get("id"), a.element.find(f".//{_A}endCxn").get("id"))
             for a in arrows}
    assert glued == {(str(ids[b.parent]), str(ids[b.id])) for b in outline.diagram.boxes if b.parent}
    assert all(_decorative(a) and a.element.find(f".//{_A}tailEnd") is not None for a in arrows)
    assert not [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    notes = slide.notes_slide.notes_text_frame.text
    version = next(line for line in notes.split("\n") if line.startswith("Text version of the diagram"))
    for box in outline.diagram.boxes:
        assert f"{box.title}" in version and box.text in version
    assert outline.diagram.note in version


def test_process_and_early_evidence_side_by_side_is_a_native_table(builds, content) -> None:
    outline = next(s for s in content.decks["benchmark-session"].slides if s.kind == "table")
    slide = find_slide(builds["timed"].deck("benchmark-session"), outline.title)
    (frame,) = [s for s in slide.shapes if s.has_table]
    table = frame.table
    assert table.first_row and table.first_col  # a header row, and row headers
    rows = _table(slide)
    assert rows == [outline.table.columns, *outline.table.rows]
    assert {"Process", "Early evidence of change"} <= set(rows[0])
    header = table.rows[0].cells[1].text_frame.paragraphs[0].runs[0].font
    assert header.bold


def test_a_weak_benchmark_is_rewritten_as_a_strong_one(builds, content) -> None:
    outline = next(s for s in content.decks["benchmark-session"].slides if s.kind == "rewrite")
    slide = find_slide(builds["blank"].deck("benchmark-session"), outline.title)
    weak, strong = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
    rewrite = outline.rewrite
    entry, _ = bank_model.lookup(content.bank, rewrite.bank)  # the example comes from the bank
    assert (rewrite.weak, rewrite.person, rewrite.date) == (entry.weak, entry.person, entry.date)
    assert weak.text_frame.paragraphs[0].text == "A weak benchmark"
    assert rewrite.weak in weak.text_frame.text and rewrite.problem in weak.text_frame.text
    assert strong.text_frame.paragraphs[0].text == "A stronger benchmark"
    assert rewrite.benchmark in strong.text_frame.text
    assert f"{rewrite.person}, by {rewrite.date}" in strong.text_frame.text
    assert weak.left + weak.width < strong.left  # read left to right, joined by an arrow
    assert [s for s in slide.shapes if s.name == "Arrow"]


# -- slide numbers and title case --------------------------------------------------------------------


def test_every_content_slide_shows_its_number(rendered, builds) -> None:
    """In LibreOffice each slide but the cover shows its own number at the bottom right."""
    box = geometry.NUMBER_BOX
    for stem, pdf in rendered.items():
        build, deck_id = stem.split("--")
        prs = builds[build].deck(deck_id)
        for number, slide in enumerate(prs.slides, 1):
            _, found = words(pdf, number)
            shown = [w[4] for w in found if box.x <= w[0] and w[2] <= box.right + 2
                     and box.y - 4 <= w[1] and w[3] <= box.bottom + 4]
            cover = slide.slide_layout.name == "Title Slide"
            assert shown == ([] if cover else [str(number)]), (stem, number)


def test_footer_and_number_are_on_the_layouts_of_every_content_slide(builds, content) -> None:
    for deck_id in content.decks:
        for slide in builds["timed"].deck(deck_id).slides:
            names = {s.name for s in layout_shapes(slide)}
            assert ({"Footer", "Slide number"} <= names) == (slide.slide_layout.name != "Title Slide")


@pytest.mark.parametrize(("title", "wrong"), [
    ("Initial review: Action Plan Review Protocol", None),
    ("Recorders use the Action Plan Template", None),
    ("A SWOT analysis for K-3 literacy", None),
    ("Action Planning Workshops", "'Planning', 'Workshops'"),
    ("Next steps: The Review", "'Review'"),
    ("Team work: early evidence of change", None),
])
def test_titles_are_held_to_sentence_case(content, title, wrong) -> None:
    names = proper_names([m.title for m in content.modules.values()]
                         + [t.title for t in content.templates.values()])
    problem = title_case_problem(title, names)
    if wrong is None:
        assert problem is None
    else:
        assert problem is not None and wrong in problem


def test_every_slide_title_is_in_sentence_case(builds, content) -> None:
    names = proper_names([m.title for m in content.modules.values()]
                         + [t.title for t in content.templates.values()])
    for deck in content.decks.values():
        for slide in deck.slides:
            assert title_case_problem(slide.title, names) is None, slide.title
