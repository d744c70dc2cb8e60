"""Measuring how a page is laid out in Chromium, at the widths readers use.

A page "fits" a screen when nothing on it scrolls sideways (neither the page
nor any box inside it, such as Material's table wrapper), nothing sticks out
past the right edge, and no word in a table, a caption or the progress chart
is broken across two lines ("Septe/mber"). Each check returns what it found
wrong, described for a person, so a failing test says which page, which
width and which element.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from tests.browser import Guard

#: Phone, tablet and laptop widths (CSS pixels).
WIDTHS = (390, 768, 1280)

_PROBLEMS_JS = r"""
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '');
  const shown = (e) => e.checkVisibility({opacityProperty: true, visibilityProperty: true})
    && e.getClientRects().length > 0;
  if (document.documentElement.scrollWidth > width) {
    out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  }
  for (const e of document.querySelectorAll('body *')) {
    const style = getComputedStyle(e);
    if (['auto', 'scroll'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1 && shown(e)) {
      out.push(`${name(e)} scrolls sideways (${e.scrollWidth} px in ${e.clientWidth} px)`);
    }
  }
  // Sticking out is seen only when no ancestor clips it (a visually hidden table header is clipped).
  const clipped = (e) => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.clipPath !== 'none' || s.clip !== 'auto') return true;
      const hides = ['hidden', 'clip'].includes(s.overflowX);
      if (hides && a.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  for (const e of document.querySelectorAll('article *, .md-header *')) {
    if (!shown(e) || clipped(e)) continue;
    const box = e.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) {
      out.push(`${name(e)} ends at ${Math.round(box.right)} px`);
      break;
    }
  }
  const texts = document.querySelectorAll(
    'article td, article th, article caption, article .tk-chart__label, article .tk-chart__count');
  for (const cell of texts) {
    if (!shown(cell)) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[\p{L}\p{N}]{2,}/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
          .map(r => Math.round(r.top)));
        if (tops.size > 1) out.push(`"${m[0]}" is broken across lines in ${name(cell)}`);
      }
    }
  }
  return out;
}
"""


def fit_problems(page) -> list[str]:  # type: ignore[no-untyped-def]
    """What keeps the loaded page from fitting its viewport (empty when it fits)."""
    return page.evaluate(_PROBLEMS_JS)


def pages_that_do_not_fit(b: Browser, site: Path, pages: list[Path]) -> dict[str, list[str]]:
    """Every page at every width in WIDTHS: ``"390 px plan/progress.html" -> problems``.

    A request to an outside host is a problem too (it is blocked)."""
    failures: dict[str, list[str]] = {}
    for width in WIDTHS:
        page = b.new_page(viewport={"width": width, "height": 900})
        guard = Guard(page)
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            problems = fit_problems(page)
            if problems:
                failures[f"{width} px {path.relative_to(site).as_posix()}"] = problems[:5]
        if guard.outside:
            failures[f"{width} px outside requests"] = guard.outside[:5]
        page.close()
    return failures
