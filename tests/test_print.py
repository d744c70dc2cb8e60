"""Every page of the guide printed from the browser, read back as PDF.

A heading is never the last line of a printed sheet: what it introduces
follows it on the same sheet (tests/printing.py says how this is measured).
The plan's pages are printed in tests/test_plan_site.py, the run of show's
sheet in tests/test_run_of_show.py.
"""

from __future__ import annotations

from pathlib import Path

from tests.browser import Guard, browser
from tests.printing import stranded_headings
from tests.test_site import html_pages


def test_no_printed_page_ends_a_sheet_with_a_heading(generic_site: Path) -> None:
    stranded = {}
    sheets = {}
    with browser() as b:
        page = b.new_page()
        guard = Guard(page)
        for path in html_pages(generic_site):
            page.goto(path.as_uri(), wait_until="load")
            count, headings = stranded_headings(page)
            sheets[path.name] = count
            if headings:
                stranded[path.relative_to(generic_site).as_posix()] = headings
        assert guard.outside == []
    assert stranded == {}
    assert max(sheets.values()) >= 3  # long pages were printed, over several sheets
