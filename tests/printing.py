"""Printing a page as the browser prints it, and reading the PDF back.

A heading must never be the last thing on a printed sheet, with what it
introduces on the next. Chromium prints the page (``page.pdf``, with the
page's own ``@page`` size) and poppler's ``pdftotext -bbox`` gives every
word of every sheet with its position.

To know where each heading landed, each heading gets an invisible marker
before it is printed: a word of transparent text (``QQHEAD7QQ``), taken out
of the flow (``position: absolute``) so the layout and the page breaks are
exactly those of the page as readers print it. A sheet strands its last
heading when nothing but that heading's own words lies from the heading's
marker down to the foot of the sheet, and another sheet follows.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path
from xml.etree import ElementTree

_MARK_JS = r"""
() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter(h => h.getClientRects().length && getComputedStyle(h).visibility !== 'hidden')
  .map((h, i) => {
    const mark = document.createElement('span');
    mark.textContent = `QQHEAD${i}QQ`;
    mark.setAttribute('data-print-mark', '');
    mark.style.cssText = 'position: absolute; color: transparent; font-size: 2px; line-height: 1;';
    h.prepend(mark);
    return h.textContent.replace(`QQHEAD${i}QQ`, '').replace(/\s+/g, ' ').trim();
  })
"""
_MARK = re.compile(r"QQHEAD(\d+)QQ")


def words(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """Each sheet's words as (top, left, text)."""
    with tempfile.TemporaryDirectory(prefix="screens-print-") as folder:
        path = Path(folder) / "page.pdf"
        path.write_bytes(pdf)
        xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                             text=True, check=True).stdout
    root = ElementTree.fromstring(re.sub(r'xmlns="[^"]+"', "", xml, count=1))
    return [[(float(w.get("yMin", 0)), float(w.get("xMin", 0)), w.text or "") for w in sheet.iter("word")]
            for sheet in root.iter("page")]


def stranded_headings(page) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """Print the loaded page; return its number of sheets and the headings left
    alone at the foot of a sheet. The page is reloaded afterwards."""
    page.emulate_media(media="print")
    headings = page.evaluate(_MARK_JS)
    pdf = page.pdf(prefer_css_page_size=True)
    page.emulate_media(media="screen")
    page.reload(wait_until="load")
    printed = words(pdf)
    stranded = []
    for sheet in printed[:-1]:
        marks = [(top, int(m.group(1))) for top, _, text in sheet if (m := _MARK.fullmatch(text))]
        if not marks:
            continue
        top, last = max(marks)
        below = sorted((y, x, text) for y, x, text in sheet if y >= top - 3 and not _MARK.fullmatch(text))
        if below and " ".join(text for _, _, text in below) == headings[last]:
            stranded.append(headings[last])
    return len(printed), stranded
