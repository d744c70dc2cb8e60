"""Tables that become stacked cards on a phone.

A table of four or six columns cannot be read at 390 px: its columns shrink
until words break ("Septe/mber") or it scrolls sideways. Below tablet width
the guide's stylesheet (``toolkit.css``) shows each row of such a table as a
card, each cell under its column's heading. CSS can only show that heading
if the cell carries it, so every page's HTML passes through
:func:`label_cells`, which gives each body cell of a table with a header row
a ``data-label`` attribute, and marks tables of three columns or more with
``data-tk-cards``. It works on any table, whether written in Markdown, made
by a template fragment or part of the online form, so pages added later are
covered without further work.

Only attributes are inserted: every other byte of the page stays as it was,
so escaped district text is never parsed and written out again.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

#: Tables with fewer columns read well as tables on any screen.
MIN_CARD_COLUMNS = 3
_CELLS = ("td", "th")
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}


class _Table:
    def __init__(self, start: int) -> None:
        self.start = start  # offset of the '>' closing the <table ...> tag
        self.labels: list[str] = []
        self.in_head = False
        self.column = 0
        self.header_done = False


class _Labeller(HTMLParser):
    """Finds where to insert attributes; :func:`label_cells` inserts them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0]
        for line in text.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.tables: list[_Table] = []
        self.inserts: list[tuple[int, str]] = []
        # The header cell being read: (child element number, text) pieces, 0 for its own text.
        self.header: list[tuple[int, str]] | None = None
        self.depth = 0
        self.children = 0

    def _tag_end(self) -> int:
        """Offset of the '>' ending the start tag being handled (before a '/>' slash)."""
        line, column = self.getpos()
        raw = self.get_starttag_text() or ""
        end = self.line_starts[line - 1] + column + len(raw) - 1
        return end - 1 if raw.endswith("/>") else end

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(_Table(self._tag_end()))
            return
        if not self.tables:
            return
        table = self.tables[-1]
        if self.header is not None:
            if tag in _VOID:
                return
            self.depth += 1
            if self.depth == 1:
                self.children += 1
            return
        if tag == "thead":
            table.in_head = True
        elif tag == "tr":
            table.column = 0
        elif tag in _CELLS:
            if table.in_head and not table.header_done:
                self.header, self.depth, self.children = [], 0, 0
            elif table.labels and not any(name == "data-label" for name, _ in attrs):
                label = table.labels[table.column] if table.column < len(table.labels) else ""
                if label:
                    self.inserts.append((self._tag_end(), f' data-label="{html.escape(label)}"'))
            table.column += _colspan(attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.header is None:
            self.handle_starttag(tag, attrs)  # <br/>, <col/>: nothing to close

    def handle_endtag(self, tag: str) -> None:
        if not self.tables:
            return
        table = self.tables[-1]
        if self.header is not None:
            if tag in _CELLS and self.depth == 0:
                table.labels.append(_header_label(self.header))
                self.header = None
            else:
                self.depth = max(0, self.depth - 1)
            return
        if tag == "thead":
            table.in_head, table.header_done = False, True
        elif tag == "tr" and table.in_head:
            table.header_done = True  # only the first header row names the columns
        elif tag == "table":
            self.tables.pop()
            if len(table.labels) >= MIN_CARD_COLUMNS:
                self.inserts.append((table.start, " data-tk-cards"))

    def handle_data(self, data: str) -> None:
        if self.header is not None:
            self.header.append((self.children if self.depth else 0, data))


def _header_label(pieces: list[tuple[int, str]]) -> str:
    """A column's name: all its text, or its first child element's when it has no text of its own."""
    if not any(child == 0 and text.strip() for child, text in pieces):
        first = next((child for child, text in pieces if text.strip()), 0)
        pieces = [(child, text) for child, text in pieces if child == first]
    return " ".join("".join(text for _, text in pieces).split())


def _colspan(attrs: list[tuple[str, str | None]]) -> int:
    for name, value in attrs:
        if name == "colspan" and value and value.isdigit():
            return max(1, int(value))
    return 1


def label_cells(page_html: str) -> str:
    """``page_html`` with each body cell labelled by its column heading.

    A heading cell whose text sits in child elements (a column name then a
    question, as template tables have) is named by its first child's text;
    otherwise by all its text.
    """
    if "<table" not in page_html:
        return page_html
    parser = _Labeller(page_html)
    parser.feed(page_html)
    parser.close()
    out = page_html
    for offset, attribute in sorted(parser.inserts, reverse=True):
        out = out[:offset] + attribute + out[offset:]
    return out
