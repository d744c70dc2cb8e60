"""Diagrams and tables planned as boxes of fitted text, before anything is drawn.

A diagram is a few columns of boxes joined by arrows, read left to right and
top to bottom (the order a screen reader meets the shapes): each box comes
after the box its arrow starts from. A table is a header row and rows of
cells. Both are laid out in the body area of a slide, and their text is
fitted with the same conservative measure as every other text of the deck
(:mod:`toolkit.slides.fitting`), one size for the whole diagram or table, so
nothing overflows in any slide application. Colours are named by the fields
of :class:`~toolkit.slides.theme.Theme`, so one plan is drawn in any theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.slides.fitting import Fitted, Para, fit, fits, text_height
from toolkit.slides.layout import Box, Role

DIAGRAM_TEXT = Role("diagram", sizes=(24, 22, 20, 18, 16, 14, 12), space_before=(0.3, 0.3, 0.3),
                    anchor="ctr")
TABLE_TEXT = Role("table", sizes=(22, 20, 18, 16, 14, 12))
NOTE_TEXT = Role("note", sizes=(18, 16, 14, 12))

COLUMN_GAP = 57.6  #: room for the arrows between columns
ROW_GAP = 14.4
BOX_PADDING = 14.4  #: room above and below a box's text, beyond its insets
NOTE_HEIGHT = 43.2
BOX_INSETS = (10.8, 7.2)
CELL_INSETS = (7.2, 3.6)  #: python-pptx's (and PowerPoint's) default cell margins

#: Box styles: fill, text and border colours, as :class:`Theme` field names.
STYLES: dict[str, tuple[str, str, str | None]] = {
    "root": ("cover_background", "cover_text", None),
    "branch": ("section_background", "section_text", None),
    "leaf": ("panel", "panel_text", "line"),
    "before": ("neutral", "neutral_text", "muted_text"),
    "after": ("panel", "panel_text", "line"),
}


@dataclass(frozen=True)
class Node:
    """A box to lay out: its title, its lines of text, the box its arrow comes from."""

    title: str
    lines: tuple[str, ...] = ()
    parent: int | None = None
    style: str = "leaf"


@dataclass(frozen=True)
class PlannedBox:
    box: Box
    text: Fitted
    style: str
    name: str  #: the shape's name, as an editor's selection pane lists it


@dataclass(frozen=True)
class PlannedDiagram:
    boxes: tuple[PlannedBox, ...]
    links: tuple[tuple[int, int], ...]  #: (from, to) box indexes: an arrow each
    note: tuple[Box, Fitted] | None = None

    def text_version(self) -> str:
        """The diagram in words, for the speaker notes (and anyone who cannot see it)."""
        sentences = []
        titles = [planned.text.paras[0].text for planned in self.boxes]
        parents = {target: source for source, target in self.links}
        for index, planned in enumerate(self.boxes):
            title, *lines = (p.text for p in planned.text.paras)
            leads = f" (from {titles[parents[index]]})" if index in parents else ""
            sentences.append(f"{title}{leads}: {' '.join(lines)}" if lines else f"{title}{leads}.")
        if self.note is not None:
            sentences.append(self.note[1].paras[0].text)
        return "Text version of the diagram: " + " ".join(
            s if s.endswith((".", "?", "!")) else s + "." for s in sentences)


@dataclass(frozen=True)
class PlannedTable:
    box: Box
    widths: tuple[float, ...]
    heights: tuple[float, ...]
    cells: tuple[tuple[Fitted, ...], ...]  #: the header row first
    row_headers: bool
    name: str


def plan_diagram(nodes: Sequence[Node], area: Box, note: str | None = None) -> PlannedDiagram:
    """Columns by depth (a box one to the right of its parent), boxes stacked in each column.

    A column with more boxes gets more width; every text is set at one size,
    the largest at which each box's text fits; then each column's boxes are
    made as tall as the tallest text in it needs, and centred.
    """
    depth: list[int] = []
    for node in nodes:
        depth.append(0 if node.parent is None else depth[node.parent] + 1)
    columns = max(depth) + 1
    room = area
    note_plan = None
    if note:
        note_box = Box(area.x, area.bottom - NOTE_HEIGHT, area.w, NOTE_HEIGHT)
        note_plan = (note_box, fit([Para(note)], note_box, NOTE_TEXT))
        room = area.shorter(NOTE_HEIGHT + ROW_GAP)
    counts = [depth.count(c) for c in range(columns)]
    weights = [1 + (n - 1) / 2 for n in counts]
    free = room.w - (columns - 1) * COLUMN_GAP
    widths = [free * w / sum(weights) for w in weights]
    lefts = [room.x + sum(widths[:c]) + c * COLUMN_GAP for c in range(columns)]
    most = [(room.h - (n - 1) * ROW_GAP) / n for n in counts]  # the tallest each column allows
    texts = [[Para(node.title, bold=True), *(Para(line) for line in node.lines)] for node in nodes]
    roomy = [Box(lefts[d], room.y, widths[d], most[d], *BOX_INSETS) for d in depth]
    size = _common_size(texts, roomy, DIAGRAM_TEXT)
    needed = [0.0] * columns
    for paras, box, d in zip(texts, roomy, depth, strict=True):
        height = text_height(paras, box, DIAGRAM_TEXT, size) + 2 * box.inset_y + BOX_PADDING
        needed[d] = max(needed[d], min(most[d], height))
    boxes: list[Box] = []
    placed = [0] * columns
    for d in depth:
        height = needed[d]
        top = room.y + (room.h - counts[d] * height - (counts[d] - 1) * ROW_GAP) / 2
        boxes.append(Box(lefts[d], top + placed[d] * (height + ROW_GAP), widths[d], height,
                         *BOX_INSETS))
        placed[d] += 1
    planned = tuple(
        PlannedBox(box, Fitted(tuple(paras), size, DIAGRAM_TEXT), node.style, node.title[:60])
        for node, box, paras in zip(nodes, boxes, texts, strict=True)
    )
    links = tuple((node.parent, index) for index, node in enumerate(nodes) if node.parent is not None)
    return PlannedDiagram(planned, links, note_plan)


def plan_table(rows: Sequence[Sequence[str]], area: Box, shares: Sequence[float], *,
               row_headers: bool, name: str) -> PlannedTable:
    """A table filling ``area``'s width, columns in ``shares`` of it, rows as tall as their text.

    The first row is the header. The largest size at which the whole table
    fits ``area`` is used for every cell.
    """
    total = sum(shares)
    widths = tuple(area.w * share / total for share in shares)
    paras = [[[Para(text, bold=r == 0 or (row_headers and c == 0))] for c, text in enumerate(row)]
             for r, row in enumerate(rows)]
    for size in (*TABLE_TEXT.sizes, *range(int(TABLE_TEXT.sizes[-1]) - 1, 5, -1)):
        heights = _row_heights(paras, widths, size)
        if sum(heights) <= area.h:  # below the role's sizes only for pathological text
            break
    cells = tuple(tuple(Fitted(tuple(cell), size, TABLE_TEXT) for cell in row) for row in paras)
    box = Box(area.x, area.y, area.w, sum(heights))
    return PlannedTable(box, widths, tuple(heights), cells, row_headers, name)


def _row_heights(rows: list[list[list[Para]]], widths: Sequence[float], size: float) -> list[float]:
    heights = []
    for row in rows:
        tallest = 0.0
        for cell, width in zip(row, widths, strict=True):
            box = Box(0, 0, width, 1000, *CELL_INSETS)
            tallest = max(tallest, text_height(cell, box, TABLE_TEXT, size))
        heights.append(round(tallest + 2 * CELL_INSETS[1] + 0.5, 1))
    return heights


def _common_size(texts: list[list[Para]], boxes: list[Box], role: Role) -> float:
    """The largest size of ``role`` at which every text fits its box.

    Below the role's sizes only for pathological text (a 300-character
    district name in a box), which shrinks rather than overflow.
    """
    for size in (*role.sizes, *range(int(role.sizes[-1]) - 1, 5, -1)):
        if all(fits(paras, box, role, size) for paras, box in zip(texts, boxes, strict=True)):
            return size
    return 6
