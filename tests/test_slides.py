"""Facilitator decks, built by the CLI and read back as a facilitator would see them.

One session-scoped fixture builds every deck three ways in a project of its
own (the real outlines from ``slides/``, the real run of show of each step when
``content/steps`` has it): without a district file, for the "nasty" district
with a logo (built twice, for determinism), and for a district with very long
text and eight initiatives. The decks are read back with python-pptx, and
opened in LibreOffice (PDF, then PNG with pdftoppm) to see what a user sees.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from tests.conftest import (
    NASTY_DISTRICT,
    NASTY_NAME,
    ROOT,
    run_toolkit,
    write_district,
)
from toolkit import colors
from toolkit.config import fill
from toolkit.config.district import load_district
from toolkit.model import load_content
from toolkit.model.sitemap import deck_download
from toolkit.pipeline.dates import build_datetime
from toolkit.slides import compose, layout

EPOCH = "1767225600"
LOGO_ALT = 'Saint-Étienne & <North> "Valley" district seal'
INITIATIVE_250 = (
    "Build a district-wide, multi-tiered system of academic and social-emotional support so that "
    "every student in grades K-12 who is not yet meeting benchmarks receives timely, evidence-based "
    "help, monitored every six weeks by school data teams and by families & <caregivers>"
)[:250]
STEP_FILE = """\
---
id: {id}
title: {title}
summary: Fixture step for the deck tests (the real step file is not written yet).
duration: {duration}
run_of_show:
{segments}
---
Fixture.
"""
#: Used only while content/steps lacks these steps (another engineer writes them).
FIXTURE_RUNS = {
    "introduce-benchmarks": [("welcome", 5), ("action-plan-elements", 8),
                             ("implementation-benchmarks", 10), ("brainstorm", 17),
                             ("group-share", 15), ("next-steps", 5)],
    "action-planning-workshops": [("launch", 10), ("roles", 5), ("process-benchmarks", 30),
                                  ("early-evidence", 20), ("resources", 10),
                                  ("initial-review", 15)],
}
#: A deck that cannot fit: it must continue on further slides, never overflow.
STRESS_DECK = {
    "id": "stress-test",
    "title": "Stress test",
    "slides": [
        {"id": "many", "title": "A slide with far too much to say", "minutes": 4,
         "notes": {"do": "Read it all for {district}."},
         "bullets": [
             {"text": f"Point {n}: " + "a long explanation of an action step, its owner and its "
                      "deadline, " * 3, "bullets": ["{initiatives}", f"Detail {n} & <more>"]}
             for n in range(1, 7)
         ]},
        {"id": "end", "title": "A slide with far too much to say (continued)", "minutes": 1,
         "notes": {"say": "Thank you."}, "bullets": ["Done"]},
    ],
}


@dataclass
class Build:
    name: str
    out: Path
    district: Path | None

    def deck_path(self, deck_id: str) -> Path:
        return self.out / "site" / deck_download(deck_id)

    def deck(self, deck_id: str):  # type: ignore[no-untyped-def]
        return Presentation(str(self.deck_path(deck_id)))


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def _write_step(folder: Path, step_id: str, real: Path) -> None:
    """The step's real run of show when it exists, else the agreed fixture one."""
    if real.is_file():
        meta = _front_matter(real)
        title, runs = meta["title"], [(s["id"], s["minutes"], s["title"], _turns(s))
                                      for s in meta["run_of_show"]]
    else:
        title = step_id.replace("-", " ").capitalize()
        runs = [(sid, minutes, sid.replace("-", " ").capitalize(), "")
                for sid, minutes in FIXTURE_RUNS[step_id]]
    segments = "\n".join(f"  - {{id: {sid}, title: \"{t}\", minutes: {m}{turns}}}"
                         for sid, m, t, turns in runs)
    (folder / f"{step_id}.md").write_text(
        STEP_FILE.format(id=step_id, title=title, duration=sum(r[1] for r in runs),
                         segments=segments), encoding="utf-8")


def _turns(segment: dict) -> str:
    """A segment's minutes per group, which deck notes may state ({per_group})."""
    per_group = segment.get("per_group")
    if not per_group:
        return ""
    return f", per_group: {{count: {per_group['count']}, minutes: {per_group['minutes']}}}"


def make_project(folder: Path) -> Path:
    """A project with the real deck outlines and just enough content around them."""
    (folder / "content" / "steps").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "sources.yml", folder / "content" / "sources.yml")
    (folder / "content" / "index.md").write_text(
        "---\nid: index\ntitle: Deck test project\nsummary: Fixture.\n---\nFixture.\n", encoding="utf-8")
    shutil.copytree(ROOT / "slides", folder / "slides")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    for path in sorted((folder / "slides").glob("*.yml")):
        step = yaml.safe_load(path.read_text(encoding="utf-8")).get("step")
        assert step, f"{path.name} must name the step whose run of show it follows"
        _write_step(folder / "content" / "steps", step, ROOT / "content" / "steps" / f"{step}.md")
    (folder / "slides" / "stress-test.yml").write_text(
        yaml.safe_dump(STRESS_DECK, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def nasty_with_logo(folder: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (48, 24), "#0b5d3b").save(folder / "seal.png")
    text = NASTY_DISTRICT.replace(
        '  accent_color: "#8a2b0d"\n',
        '  accent_color: "#8a2b0d"\n  logo: seal.png\n'
        f"  logo_alt: '{LOGO_ALT}'\n",
    )
    assert "logo_alt" in text
    return write_district(folder, text)


def long_district(folder: Path) -> Path:
    name = ("The Consolidated Independent School District of Saint-Étienne & <North> \"Valley\" "
            "and the Townships of Ashford, Brookline, Caldwell, Dunmore, Easton, Fairview, Glenwood, "
            "Harrisburg, Ironwood, Jefferson, Kingston, Lakeside, Maplewood, Northfield and Oakridge, "
            "serving every student from pre-kindergarten to grade twelve") * 2
    initiatives = [INITIATIVE_250] + [
        f"Initiative {n}: raise attendance and engagement in every school, with families" for n in
        range(2, 9)
    ]
    data = {
        "name": name[:300],  # and no short_name: the full name stands in for it
        "plan_year": "2026-2027",
        "branding": {"primary_color": "#5b2a86", "accent_color": "#00607a"},
        "session": {
            "date": "2027-03-02",
            "facilitator": ("Dr. Zoë O'Brien-Łukasiewicz & <Associates> " * 8)[:300],
            "venue": ("Auditorium of the Jefferson Middle School " * 8)[:300],
            "small_groups": 30,
            "action_plan_teams": 12,
            "initiatives": initiatives,
        },
    }
    path = folder / "long.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("deck-project"))


@pytest.fixture(scope="session")
def builds(project: Path) -> dict[str, Build]:
    districts = {"blank": None, "nasty": nasty_with_logo(project),
                 "nasty-again": project / "district.yml", "long": long_district(project)}
    result = {}
    for name, district in districts.items():
        out = project / "out" / name
        args = ["build", "--only", "slides", "--project", ".", "--out", str(out)]
        if district is not None:
            args += ["--district", str(district)]
        done = run_toolkit(*args, cwd=project, env={"SOURCE_DATE_EPOCH": EPOCH})
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        result[name] = Build(name, out, district)
    return result


@pytest.fixture(scope="session")
def content(project: Path):  # type: ignore[no-untyped-def]
    return load_content(project)


def all_decks(builds: dict[str, Build], content, names=("blank", "nasty", "long")):  # type: ignore[no-untyped-def]
    for name in names:
        for deck_id in sorted(content.decks):
            yield builds[name], deck_id, builds[name].deck(deck_id)


def paragraphs(shape) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in shape.text_frame.paragraphs]


def slide_texts(slide) -> list[str]:  # type: ignore[no-untyped-def]
    return [t for shape in slide.shapes if shape.has_text_frame for t in paragraphs(shape)]


def find_slide(prs, title: str):  # type: ignore[no-untyped-def]
    for slide in prs.slides:
        if slide.shapes.title.text_frame.text == title:
            return slide
    raise AssertionError(f"no slide titled {title!r}")


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


def test_slide_text_is_in_real_placeholders(builds, content) -> None:
    for _build, _deck_id, prs in all_decks(builds, content):
        for slide in prs.slides:
            for shape in slide.shapes:
                if shape.has_text_frame and shape.text_frame.text.strip():
                    assert shape.is_placeholder or shape.name == "Footer", shape.name
                elif shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                    assert shape.name == "Logo"


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

    brainstorm = slide_texts(find_slide(bench, "Early Evidence of Change Brainstorming"))
    assert f"Organize into {district.session.small_groups} small groups" in brainstorm
    for initiative in district.session.initiatives:
        assert brainstorm.count(initiative) == 1
    workshop = builds["nasty"].deck("action-planning-workshop")
    slide5 = slide_texts(find_slide(workshop, "Action Planning Workshops"))
    assert (f"Organize into {district.session.action_plan_teams} action plan teams, "
            "by strategic objective/initiative") in slide5
    for deck_id in ("benchmark-session", "action-planning-workshop"):
        for slide in builds["nasty"].deck(deck_id).slides:
            shown = slide_texts(slide) + [slide.notes_slide.notes_text_frame.text]
            assert not any(fill.is_blank(t) or "[X]" in t or "{" in t for t in shown), shown


def test_without_a_district_the_blanks_stay_visible(builds) -> None:
    bench = builds["blank"].deck("benchmark-session")
    assert fill.BLANKS["district"] in slide_texts(list(bench.slides)[0])
    brainstorm = slide_texts(find_slide(bench, "Early Evidence of Change Brainstorming"))
    assert "Organize into [X] small groups" in brainstorm
    assert fill.BLANK_INITIATIVES[0] in brainstorm
    workshop = builds["blank"].deck("action-planning-workshop")
    slide5 = slide_texts(find_slide(workshop, "Action Planning Workshops"))
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
    footer = next(s for s in list(prs.slides)[1].shapes if s.name == "Footer")
    assert footer.text_frame.text.startswith('St-Étienne & <N> "V" · ')


# -- colours, logo ------------------------------------------------------------------------------


def _background(slide) -> str:  # type: ignore[no-untyped-def]
    fill_ = slide.background.fill
    return f"#{fill_.fore_color.rgb}".lower() if fill_.type == 1 else colors.WHITE


def test_text_contrast_is_at_least_4_5(builds, content) -> None:
    checked = 0
    for _build, _deck_id, prs in all_decks(builds, content):
        for slide in prs.slides:
            background = _background(slide)
            for shape in slide.shapes:
                if not shape.has_text_frame:
                    continue
                behind = background
                if shape.fill.type == 1:  # a text box with its own fill
                    behind = f"#{shape.fill.fore_color.rgb}".lower()
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        color = f"#{run.font.color.rgb}".lower()
                        assert colors.contrast_ratio(color, behind) >= colors.AA_NORMAL, (
                            shape.name, run.text, color, behind)
                        checked += 1
    assert checked > 500


def test_the_theme_follows_the_district_colours(builds) -> None:
    district = load_district(builds["long"].district)
    cover = list(builds["long"].deck("benchmark-session").slides)[0]
    assert _background(cover) == district.branding.primary_color
    with zipfile.ZipFile(builds["long"].deck_path("benchmark-session")) as package:
        theme = package.read("ppt/theme/theme1.xml").decode()
    assert district.branding.accent_color.lstrip("#").upper() in theme
    assert 'typeface="Arial"' in theme


def test_the_logo_has_real_alt_text(builds) -> None:
    prs = builds["nasty"].deck("action-planning-workshop")
    logos = [shape for slide in prs.slides for shape in slide.shapes
             if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(logos) >= len(prs.slides) - 3  # every slide but the section slides
    for logo in logos:
        c_nv_pr = logo.element.xpath("./p:nvPicPr/p:cNvPr")[0]
        assert c_nv_pr.get("descr") == LOGO_ALT
    for prs in (builds["blank"].deck("benchmark-session"), builds["long"].deck("benchmark-session")):
        assert not any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for sl in prs.slides for s in sl.shapes)


def test_decorations_are_marked_decorative(builds) -> None:
    prs = builds["nasty"].deck("benchmark-session")
    bars = [s for slide in prs.slides for s in slide.shapes if s.name in ("Accent bar", "Logo band")]
    assert bars
    for bar in bars:
        assert bar.element.xpath('.//*[local-name()="decorative" and @val="1"]')
        assert not bar.text_frame.text


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
        paras.append(compose.Para(paragraph.text, paragraph.level))
        if paragraph.level == 0 and base is None:
            base = size
        assert size == role.size_at(base, paragraph.level) if base else True
    return paras, base


def test_long_text_stays_within_its_box_and_the_slide(builds, content) -> None:
    roles = {"Footer": layout.FOOTER}
    for _build, _deck_id, prs in all_decks(builds, content, names=("long", "nasty")):
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
                box = layout.Box(shape.left.pt, shape.top.pt, shape.width.pt, shape.height.pt)
                assert compose.text_height(paras, box, role, base) <= box.inner_h, shape.text_frame.text


def _role(kind: str, shape) -> layout.Role:  # type: ignore[no-untyped-def]
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
    footers = {s.text_frame.text for slide in prs.slides for s in slide.shapes if s.name == "Footer"}
    assert footers == {fill.format_date(district.session.date)}


# -- seen in LibreOffice ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def rendered(builds, content, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every deck of three builds converted to PDF by LibreOffice in one run."""
    folder = tmp_path_factory.mktemp("decks-in-libreoffice")
    sources = {}
    for name in ("blank", "nasty", "long"):
        for deck_id in content.decks:
            target = folder / f"{name}--{deck_id}.pptx"
            shutil.copy(builds[name].deck_path(deck_id), target)
            sources[target.stem] = target
    profile = f"file:///tmp/lo-profile-slides-{folder.name}"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *map(str, sources.values())],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return {stem: folder / f"{stem}.pdf" for stem in sources}


def _words(pdf: Path, page: int) -> tuple[tuple[float, float], list[tuple[float, float, float, float, str]]]:
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, check=True).stdout
    root = etree.fromstring(xml, etree.HTMLParser(encoding="utf-8"))
    page_el = root.find(".//page")
    words = [(float(w.get("xmin")), float(w.get("ymin")), float(w.get("xmax")), float(w.get("ymax")),
              w.text or "") for w in root.iter("word")]
    return (float(page_el.get("width")), float(page_el.get("height"))), words


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
            (page_w, page_h), words = _words(pdf, number)
            scale = page_w / prs.slide_width.pt
            boxes = [(s.left.pt * scale, s.top.pt * scale, Emu(s.left + s.width).pt * scale,
                      Emu(s.top + s.height).pt * scale) for s in slide.shapes if s.has_text_frame
                     and s.text_frame.text]
            for x0, y0, x1, y1, word in words:
                assert x0 >= 0 and x1 <= page_w and y0 >= 0 and y1 <= page_h, (stem, number, word)
                # pdftotext boxes a word with the font's full height (1.3 em here), a
                # little taller than the line it sits on: allow for that much.
                slack = max(2.0, 0.15 * (y1 - y0))
                inside = any(bx0 - 2 <= x0 and x1 <= bx1 + 2 and by0 - slack <= y0
                             and y1 <= by1 + slack for bx0, by0, bx1, by1 in boxes)
                assert inside, (stem, number, word)
            drawn = "".join(w[4] for w in words)
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
    ("    minutes: 7\n", "    minutes: seven\n", "minutes: seven", "expected a whole number"),
    ("    minutes: 12\n", "    minutes: 11\n", "slides:",
     "the slides of segment 'group-share' add up to 14 minutes"),
    ('title: "Making our benchmarks more useful"', 'title: "Early Evidence Group Share"',
     'title: "Early Evidence Group Share"', "is already used in this deck"),
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
    assert f"district.yml:{line}: cannot read the logo 'seal.png'" in done.stderr, done.stderr
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
