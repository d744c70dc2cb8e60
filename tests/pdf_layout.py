"""Where things land on printed pages, read back from a PDF itself.

A tagged PDF's structure tree says, for every heading, paragraph, table and
table row, which page it was laid out on (``/Pg``) and which marked content
(MCIDs) on that page draws its text. :func:`blocks` walks the tree in reading
order and gives each element its page and text (drawn from the page's content
stream with pypdf, marked content followed through ``BDC``/``EMC``), and its
lowest point on the page. The checks below then say what a reader holding the
printed pages would see: a heading that ends a page, a table row alone at the
top or foot of a page.

Empty table rows (a blank form's rows to write in) carry no text but are still
elements with a page, so they are counted too.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pikepdf
from pypdf import PdfReader

#: Structure types that introduce what follows them, and so must not end a page.
LEADING = frozenset({"/H1", "/H2", "/H3", "/H4", "/Caption"})


@dataclass
class Block:
    kind: str  # structure type, e.g. "/H2", "/TR"
    page: int  # 0-based
    depth: int
    parent: str  # the parent's structure type
    text: str = ""
    bottom: float | None = None  # lowest baseline of its text, in PDF points from the page's top
    children: list[Block] = field(default_factory=list)


def _marked_text(data: bytes) -> list[dict[int, tuple[str, float]]]:
    """Per page: MCID -> (its text, lowest baseline from the top of the page)."""
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        found: dict[int, tuple[str, float]] = {}
        stack: list[int | None] = []

        def before(op, args, cm, tm, stack=stack):  # type: ignore[no-untyped-def]
            if op == b"BDC":
                props = args[1] if len(args) > 1 else {}
                mcid = props.get("/MCID") if hasattr(props, "get") else None
                stack.append(int(mcid) if mcid is not None else None)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(value, cm, tm, font, size, stack=stack, found=found, height=height):  # type: ignore[no-untyped-def]
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is None or not value:
                return
            y = height - (tm[5] * cm[3] + cm[5])
            old_text, old_y = found.get(mcid, ("", 0.0))
            found[mcid] = (old_text + value, max(old_y, y))

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        pages.append(found)
    return pages


def blocks(data: bytes) -> list[Block]:
    """Every structure element in reading order (preorder), with its page and text."""
    texts = _marked_text(data)
    out: list[Block] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        numbers = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}

        def walk(node: object, depth: int, parent: Block | None) -> tuple[str, float | None]:
            if isinstance(node, pikepdf.Array):
                parts = [walk(child, depth, parent) for child in node]
                bottoms = [b for _, b in parts if b is not None]
                return "".join(t for t, _ in parts), max(bottoms) if bottoms else None
            if isinstance(node, int) and parent is not None:
                text, bottom = texts[parent.page].get(int(node), ("", None))
                return text, bottom
            if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                return "", None
            page_ref = node.get("/Pg")
            page = numbers.get(page_ref.objgen) if page_ref is not None else None
            block = Block(str(node.S), page if page is not None else (parent.page if parent else 0),
                          depth, parent.kind if parent else "")
            out.append(block)
            if parent is not None:
                parent.children.append(block)
            if "/K" in node:
                block.text, block.bottom = walk(node.K, depth + 1, block)
            return block.text, block.bottom

        walk(pdf.Root.StructTreeRoot.K, 0, None)
    for block in out:
        block.text = re.sub(r"\s+", " ", block.text).strip()
    return out


def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def _after(items: list[Block], index: int) -> Block | None:
    """The first element after ``items[index]`` and everything inside it."""
    depth = items[index].depth
    for later in items[index + 1:]:
        if later.depth <= depth:
            return later
    return None


def stranded_headings(items: list[Block], labels: frozenset[str] = frozenset()) -> list[str]:
    """Headings and captions whose next element is on a later page (or that end the document).

    ``labels`` are texts that introduce what follows them too, wherever they are
    tagged as plain paragraphs: a field's label over its lines, a table's
    caption as LibreOffice tags it.
    """
    found = []
    for index, block in enumerate(items):
        if block.kind in LEADING or (block.text in labels and block.kind in ("/P", "/Standard")):
            following = _after(items, index)
            if following is None or following.page != block.page:
                found.append(f"{block.kind} {block.text!r} ends page {block.page + 1}")
    return found


def _body_rows(table: Block) -> list[Block]:
    """A table's body rows: in its TBody (WeasyPrint), or rows not all of header cells
    (LibreOffice tags rows straight under the table, the header row of TH cells)."""
    rows = []
    for child in table.children:
        if child.kind == "/TBody":
            rows.extend(r for r in child.children if r.kind == "/TR")
        elif child.kind == "/TR" and not all(c.kind == "/TH" for c in child.children):
            rows.append(child)
    return rows


def _header_text(table: Block) -> str:
    for child in table.children:
        for row in (child.children if child.kind == "/THead" else [child]):
            if row.kind == "/TR" and row.children and all(c.kind == "/TH" for c in row.children):
                return row.text
    return ""


def table_fragments(items: list[Block]) -> list[list[tuple[int, int, str]]]:
    """Each table as its fragments: (page, body rows on that page, name) per page it is on.

    WeasyPrint tags a table split over pages as one table element per page, the
    later ones without the caption: such an element, with the header row of the
    table before it, continues that table. LibreOffice tags one element whose
    rows say their pages. A table is named by its caption, or its header row.
    """
    tables: list[tuple[str, list[Block]]] = []
    for block in items:
        if block.kind != "/Table":
            continue
        caption = next((c.text for c in block.children if c.kind == "/Caption"), "")
        header = _header_text(block)
        if (tables and not caption and header and header == _header_text(tables[-1][1][0])
                and tables[-1][1][-1].page < block.page):
            tables[-1][1].append(block)
            continue
        tables.append((caption or header, [block]))
    found = []
    for name, elements in tables:
        pages: dict[int, int] = {}
        for element in elements:
            for row in _body_rows(element):
                pages[row.page] = pages.get(row.page, 0) + 1
        found.append([(page, count, name) for page, count in sorted(pages.items())])
    return found


def lone_rows(items: list[Block]) -> list[str]:
    """A table split over pages that leaves a single body row on one of them."""
    found = []
    for fragments in table_fragments(items):
        if len(fragments) > 1:
            for page, rows, name in fragments:
                if rows < 2:
                    found.append(f"table {name!r}: {rows} row(s) alone on page {page + 1}")
    return found


def headings_with_pages(items: list[Block]) -> list[tuple[str, int]]:
    return [(b.text, b.page) for b in items if b.kind in ("/H1", "/H2", "/H3")]
