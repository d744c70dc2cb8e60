"""The guide's header on a phone, a tablet and a laptop.

A district's full name can be 300 characters. Where it does not fit on one
line the header (and the navigation's title) show the district's
``short_name`` instead, with the full name kept as the tooltip and as the
logo link's accessible name; where it fits, the full name stays.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import Guard, axe_violations, browser
from tests.conftest import NASTY_NAME, run_toolkit, write_district
from tests.layout import WIDTHS, fit_problems

LONG_NAME = ("Marlowe Regional Consolidated Independent School District of the Northern Valley "
             "Counties, serving the towns of ") + ", ".join(f"Township {n}" for n in range(1, 40))
LONG_NAME = LONG_NAME[:300].rstrip(", ")
SHORT_NAME = "Marlowe & <Valley>"


@pytest.fixture(scope="module")
def long_name_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long-name")
    district = write_district(folder, f'name: "{LONG_NAME}"\nshort_name: "{SHORT_NAME}"\n'
                                      'plan_year: "2026-2027"\n')
    out = folder / "out"
    result = run_toolkit("build", "--district", str(district), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "site"


def _names(page) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return page.evaluate(
        """() => {
          const topic = document.querySelector('.md-header__topic .md-ellipsis');
          const nav = document.querySelector('.md-nav--primary > .md-nav__title');
          return {header: topic.textContent.trim(), tooltip: topic.getAttribute('title'),
                  fits: topic.scrollWidth <= topic.clientWidth,
                  nav: nav.textContent.trim(), nav_lines: Math.round(nav.clientHeight /
                       parseFloat(getComputedStyle(nav).lineHeight)),
                  logo: document.querySelector('.md-header .md-logo').getAttribute('aria-label')};
        }""")


def test_a_300_character_name_gives_way_to_the_short_name(long_name_site: Path) -> None:
    assert len(LONG_NAME) == 300
    with browser() as b:
        for width in WIDTHS:
            page = b.new_page(viewport={"width": width, "height": 800})
            guard = Guard(page)
            page.goto((long_name_site / "steps" / "introduce-benchmarks.html").as_uri())
            names = _names(page)
            assert names["header"] == SHORT_NAME, width
            assert names["fits"], width
            assert names["tooltip"] == LONG_NAME
            assert names["logo"] == LONG_NAME  # what a screen reader announces is the full name
            assert names["nav"] == SHORT_NAME
            assert fit_problems(page) == [], width
            if width == WIDTHS[-1]:
                assert axe_violations(page) == []
            assert guard.outside == []
            page.close()


def test_a_name_that_fits_stays_whole(district_site: Path, generic_site: Path) -> None:
    with browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 800})
        Guard(page)
        page.goto((district_site / "index.html").as_uri())
        wide = _names(page)
        page.set_viewport_size({"width": 390, "height": 800})
        page.wait_for_timeout(300)
        narrow = _names(page)
        page.goto((generic_site / "index.html").as_uri())
        generic = _names(page)
    assert (wide["header"], wide["tooltip"], wide["nav"]) == (NASTY_NAME, None, NASTY_NAME)
    # On a phone the escaping district's name is cut; its short name is shown, as text.
    assert (narrow["header"], narrow["tooltip"]) == ('St-Étienne & <N> "V"', NASTY_NAME)
    assert narrow["fits"]
    assert generic["header"] == "Action planning toolkit"
