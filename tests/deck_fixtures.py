"""The decks every deck test reads: built once per test session, by the CLI.

Registered as a pytest plugin in ``tests/conftest.py``, so the builds are
made once however many test files use them. One project of its own holds the
real outlines from ``slides/`` and the real run of show of each step; its
decks are built without a district file ("blank"), for the escaping district
with a logo ("nasty", twice for determinism), for a district with very long
text and eight initiatives ("long"), and for a district with a start time, a
venue and a JPEG logo ("timed"). :func:`rendered` converts them all to PDF
with LibreOffice in one run.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from lxml import etree
from pptx import Presentation

from tests.conftest import NASTY_DISTRICT, ROOT, run_toolkit, write_district
from toolkit.model import load_content
from toolkit.model.sitemap import deck_download

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
    """A project with the real deck outlines and just enough content around them: the
    steps' runs of show, and the templates (whose titles name what slide titles may
    capitalize, such as the Action Plan Template)."""
    (folder / "content" / "steps").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "sources.yml", folder / "content" / "sources.yml")
    (folder / "content" / "index.md").write_text(
        "---\nid: index\ntitle: Deck test project\nsummary: Fixture.\n---\nFixture.\n", encoding="utf-8")
    for data in ("templates", "examples"):  # the templates may take examples from the bank
        if (ROOT / "content" / data).is_dir():
            shutil.copytree(ROOT / "content" / data, folder / "content" / data)
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


TIMED_DISTRICT = """\
name: "Crestwood Schools"
short_name: "Crestwood"
plan_year: "2027-2028"
branding:
  primary_color: "#5b2a86"
  accent_color: "#00607a"
  logo: crest.jpg
  logo_alt: "Crestwood crest"
session:
  date: 2027-03-02
  start_time: "1:15 PM"
  facilitator: "P. Okafor"
  venue: "District library, room 2"
  small_groups: 3
  action_plan_teams: 2
"""
#: The start time of the "timed" district, as a clock.
TIMED_START = (13, 15)


def timed_district(folder: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (120, 40), "#5b2a86").save(folder / "crest.jpg", "JPEG", quality=90)
    return write_district(folder, TIMED_DISTRICT, "timed.yml")


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
                 "nasty-again": project / "district.yml", "long": long_district(project),
                 "timed": timed_district(project)}
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


#: The builds :func:`rendered` converts.
RENDERED = ("blank", "nasty", "long", "timed")


@pytest.fixture(scope="session")
def rendered(builds, content, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every deck of four builds converted to PDF by LibreOffice in one run."""
    folder = tmp_path_factory.mktemp("decks-in-libreoffice")
    sources = {}
    for name in RENDERED:
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


# -- reading decks back ----------------------------------------------------------------------


def all_decks(builds: dict[str, Build], content, names=("blank", "nasty", "long", "timed")):  # type: ignore[no-untyped-def]
    for name in names:
        for deck_id in sorted(content.decks):
            yield builds[name], deck_id, builds[name].deck(deck_id)


def paragraphs(shape) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in shape.text_frame.paragraphs]


def slide_texts(slide) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of the slide's own shapes and table cells (not its layout's)."""
    texts = [t for shape in slide.shapes if shape.has_text_frame for t in paragraphs(shape)]
    for shape in slide.shapes:
        if shape.has_table:
            texts += [p.text for row in shape.table.rows for cell in row.cells
                      for p in cell.text_frame.paragraphs]
    return texts


def find_slide(prs, title: str):  # type: ignore[no-untyped-def]
    for slide in prs.slides:
        if slide.shapes.title.text_frame.text == title:
            return slide
    raise AssertionError(f"no slide titled {title!r}")


_SRGB = "{http://schemas.openxmlformats.org/drawingml/2006/main}srgbClr"
_BG = "{http://schemas.openxmlformats.org/presentationml/2006/main}bg"


def background_of(slide) -> str:  # type: ignore[no-untyped-def]
    """The colour behind a slide: its own background, else its layout's, else its master's."""
    for holder in (slide, slide.slide_layout, slide.slide_layout.slide_master):
        bg = holder.element.find(f".//{_BG}")
        if bg is None:
            continue
        color = bg.find(f".//{_SRGB}")
        if color is not None:
            return "#" + color.get("val").lower()
        scheme = bg.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}schemeClr")
        assert scheme.get("val") in ("bg1", "lt1"), "the deck's theme has white as light 1"
        return "#ffffff"
    return "#ffffff"


def layout_shapes(slide):  # type: ignore[no-untyped-def]
    """The shapes a slide shows from its layout and (unless the layout hides them) its master,
    placeholders excepted (they only give the slide's own placeholders their look)."""
    layout = slide.slide_layout
    found = [s for s in layout.shapes if not s.is_placeholder]
    if layout.element.get("showMasterSp") != "0":
        found += [s for s in layout.slide_master.shapes if not s.is_placeholder]
    return found


def words(pdf: Path, page: int) -> tuple[tuple[float, float], list[tuple[float, float, float, float, str]]]:
    """The page size and every word pdftotext finds on ``page``, with its box (points)."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, check=True).stdout
    root = etree.fromstring(xml, etree.HTMLParser(encoding="utf-8"))
    page_el = root.find(".//page")
    found = [(float(w.get("xmin")), float(w.get("ymin")), float(w.get("xmax")), float(w.get("ymax")),
              w.text or "") for w in root.iter("word")]
    return (float(page_el.get("width")), float(page_el.get("height"))), found
