"""The Office fast path against the reference writer, part by part.

Decks and DOCX files are written by :mod:`toolkit.office` below the
libraries' public API (shared parts, slides drawn once and recoloured,
relationships made by hand, an own zip writer). Here every deck and every
DOCX the toolkit writes, generic, for a district with a logo and accented,
escaped text, and within a batch of districts, is compared with the same
file made through python-pptx's or python-docx's public API only
(:mod:`toolkit.office.reference`): the same entries, and each XML entry the
same after C14N. The last tests check that the comparison catches the
mistakes the fast path could make (a wrong relationship id, a stand-in colour
left behind), and that unsupported library versions are refused.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import LOGO_ALT, LOGO_PNG, NASTY_DISTRICT, ROOT, office_entries, run_toolkit
from tests.test_plan_check import GOOD_PLAN
from toolkit.config.district import District, load_district
from toolkit.documents import render as documents_render
from toolkit.documents.docx import docx_bytes, reference_docx
from toolkit.documents.layout import layout_copies, variants
from toolkit.model import load_content
from toolkit.model.sitemap import deck_download, template_download
from toolkit.office import presentation, versions
from toolkit.slides import drawn, render

EPOCH = "1767225600"


def differences(fast: bytes, reference: bytes) -> list[str]:
    """Entries that are missing on one side or differ (XML compared as C14N)."""
    ours, theirs = office_entries(fast), office_entries(reference)
    return sorted(name for name in ours.keys() | theirs.keys() if ours.get(name) != theirs.get(name))


@pytest.fixture(autouse=True)
def _build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the date the CLI builds were made with


@pytest.fixture(scope="session")
def content():  # type: ignore[no-untyped-def]
    return load_content(ROOT)


def _jpeg(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (120, 40), "#5b2a86").save(path, "JPEG", quality=90)


@pytest.fixture(scope="session")
def districts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of district files: escaping text with a PNG logo, a plain one, a JPEG logo."""
    folder = tmp_path_factory.mktemp("office-districts")
    (folder / "seal.png").write_bytes(LOGO_PNG)
    _jpeg(folder / "crest.jpg")
    (folder / "nasty.yml").write_text(NASTY_DISTRICT.replace(
        "branding:\n", f"branding:\n  logo: seal.png\n  logo_alt: '{LOGO_ALT}'\n"), encoding="utf-8")
    (folder / "plain.yml").write_text('name: "Plainview Unified"\nplan_year: "2026-2027"\n',
                                      encoding="utf-8")
    (folder / "crest.yml").write_text(
        'name: "Crestwood Schools"\nshort_name: "Crestwood"\nplan_year: "2027-2028"\n'
        'language: en-US\nbranding:\n  primary_color: "#5b2a86"\n  accent_color: "#00607a"\n'
        '  logo: crest.jpg\n  logo_alt: "Crestwood crest"\nsession:\n  date: 2027-03-02\n'
        '  start_time: "1:15 PM"\n  venue: "Library"\n', encoding="utf-8")
    return folder


def _district(path: Path | None) -> District | None:
    return load_district(path) if path is not None else None


def _assert_decks_match(folder: Path, district: District | None, content) -> None:  # type: ignore[no-untyped-def]
    logo = render.deck_logo(district)
    for deck_id, deck in sorted(content.decks.items()):
        made = (folder / Path(deck_download(deck_id)).name).read_bytes()
        assert differences(made, render.reference_deck(deck, content, district, logo)) == [], deck_id


@pytest.mark.parametrize("name", ["generic", "nasty"])
def test_every_deck_equals_the_reference(name, districts, content, tmp_path) -> None:  # type: ignore[no-untyped-def]
    district_file = districts / "nasty.yml" if name == "nasty" else None
    args = ["build", "--only", "slides", "--out", str(tmp_path)]
    if district_file is not None:
        args += ["--district", str(district_file)]
    done = run_toolkit(*args, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "site" / Path(deck_download("x")).parent
    _assert_decks_match(folder, _district(district_file), content)


def test_every_deck_of_a_batch_equals_the_reference(districts, content, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Within a batch, slides, masters, layouts and parts are shared across districts: each
    district's decks must still be exactly its own (colours, footer, logo, clock times)."""
    done = run_toolkit("build", "--only", "slides", "--district", str(districts), "--out",
                       str(tmp_path), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert done.returncode == 0, done.stderr
    for district_file in sorted(districts.glob("*.yml")):
        _assert_decks_match(tmp_path / "districts" / district_file.stem, load_district(district_file),
                            content)


def _docx_pairs(site: Path, district: District | None, content):  # type: ignore[no-untyped-def]
    for template_id, template in sorted(content.templates.items()):
        for variant in variants(template):
            path = site / template_download(template_id, variant, "docx")
            docs = layout_copies(template, district, variant, paper=documents_render.paper_of(district))
            yield f"{template_id}/{variant}", path.read_bytes(), docs


def test_every_docx_equals_the_reference(generic_site, district_site, districts, content) -> None:  # type: ignore[no-untyped-def]
    nasty = load_district(districts / "nasty.yml")  # the district the district_site is built for
    checked = 0
    for site, district in ((generic_site, None), (district_site, nasty)):
        for key, made, doc in _docx_pairs(site, district, content):
            assert differences(made, reference_docx(doc)) == [], key
            checked += 1
    assert checked == 2 * sum(len(variants(t)) for t in content.templates.values())


def test_every_plan_docx_equals_the_reference(districts, content, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from toolkit.documents.plan import initiative_document, strategy_document
    from toolkit.plan.model import read_plan

    (tmp_path / "plan.yml").write_text(GOOD_PLAN, encoding="utf-8")
    plan = read_plan(tmp_path / "plan.yml")
    nasty = load_district(districts / "nasty.yml")
    docs = [initiative_document(plan, item, content, nasty) for item in plan.initiatives]
    docs += [strategy_document(plan, item, content, nasty) for item in plan.strategies]
    assert len(docs) >= 2
    for doc in docs:
        assert differences(docx_bytes(doc), reference_docx(doc)) == [], doc.title


# -- the comparison catches what the fast path could get wrong ------------------------------------


def _nasty_deck(districts: Path, content):  # type: ignore[no-untyped-def]
    district = load_district(districts / "nasty.yml")
    deck = content.decks["benchmark-session"]
    return deck, district, render.deck_logo(district)


def test_a_wrong_relationship_id_fails_the_comparison(districts, content, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Relate each slide to its notes page before its layout: every part is still there and
    python-pptx still finds both by type, but the relationship ids are not python-pptx's."""
    deck, district, logo = _nasty_deck(districts, content)
    RT = presentation.RT

    def notes_first(prs, layout, part, notes):  # type: ignore[no-untyped-def]
        presentation._relate_notes(part, notes)
        presentation._relate(part, prs.slide_layouts[layout].part, RT.SLIDE_LAYOUT)
        slide_ids = prs.slides._sldIdLst
        slide_ids._add_sldId(id=presentation.FIRST_SLIDE_ID + len(slide_ids),
                             rId=presentation._relate(prs.part, part, RT.SLIDE))

    monkeypatch.setattr(presentation, "_add", notes_first)
    wrong = render.build_deck(deck, content, district, logo)
    found = differences(wrong, render.reference_deck(deck, content, district, logo))
    assert any(re.fullmatch(r"ppt/slides/_rels/slide\d+\.xml\.rels", name) for name in found), found


def test_a_leftover_stand_in_colour_fails_the_comparison(districts, content, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Forget to swap two stand-in colours: the titles' (on slides) and the accent bar's (on
    the master) stay in the deck."""
    deck, district, logo = _nasty_deck(districts, content)
    stand_in = drawn.STAND_IN.title_text.lstrip("#").encode()
    swap = dict(drawn.colour_swap(render.plan(deck, content, district, logo).theme))
    del swap[stand_in], swap[drawn.STAND_IN.accent.lstrip("#").encode()]
    monkeypatch.setattr(drawn, "colour_swap", lambda theme: swap)
    drawn._district_entries.cache_clear()
    try:
        wrong = render.build_deck(deck, content, district, logo)
    finally:
        drawn._district_entries.cache_clear()
    assert any(stand_in in xml for xml in office_entries(wrong).values())
    found = differences(wrong, render.reference_deck(deck, content, district, logo))
    assert any(name.startswith("ppt/slides/slide") for name in found), found
    assert "ppt/slideMasters/slideMaster1.xml" in found, found


def test_a_district_footer_left_as_its_stand_in_fails_the_comparison(districts, content,  # type: ignore[no-untyped-def]
                                                                      monkeypatch) -> None:
    deck, district, logo = _nasty_deck(districts, content)
    monkeypatch.setattr(presentation, "fill_text", lambda xml, *args: xml)
    drawn._district_entries.cache_clear()
    try:
        wrong = render.build_deck(deck, content, district, logo)
    finally:
        drawn._district_entries.cache_clear()
    found = differences(wrong, render.reference_deck(deck, content, district, logo))
    assert "ppt/slideMasters/slideMaster1.xml" in found, found


# -- library versions ---------------------------------------------------------------------------------


def test_the_tested_versions_are_pinned_and_installed() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = dict(re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", dep).groups()
                for dep in project["project"]["dependencies"] if "==" in dep)
    for name, version in versions.SUPPORTED.items():
        assert pins[name] == version
        assert metadata.version(name) == version
    assert versions.problems() == []
    material = next(d for d in project["project"]["dependencies"] if d.startswith("mkdocs-material"))
    floor = re.search(r">=([\d.]+)", material).group(1)
    assert tuple(map(int, floor.split("."))) >= (9, 7, 7)  # search suggestions XSS fixed in 9.7.7


def test_an_unsupported_library_version_is_refused_before_anything_is_written(tmp_path) -> None:
    """A python-pptx of another release, first on the path, stops the build with what to install."""
    fake = tmp_path / "site-packages"
    info = fake / "python_pptx-0.6.21.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: python-pptx\nVersion: 0.6.21\n",
                                   encoding="utf-8")
    out = tmp_path / "out"
    import os

    env = {"PYTHONPATH": os.pathsep.join([str(fake), str(ROOT)])}
    done = run_toolkit("build", "--only", "slides", "--out", str(out), env=env)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert ("python-pptx 0.6.21 is installed, but the toolkit writes its decks with python-pptx "
            "1.0.2 only") in done.stderr
    assert "pip install 'python-pptx==1.0.2'" in done.stderr
    assert not out.exists()
    assert run_toolkit("check", env=env).returncode == 0  # checking content writes no Office file
