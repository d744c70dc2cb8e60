"""Plan every slide of a deck as text in boxes, before anything is drawn.

This is where a deck becomes district-specific and where long text is made to
fit: placeholders are filled (``{initiatives}`` becomes one bullet per
initiative), each text is given the largest size of its role that the
estimate in :mod:`toolkit.slides.metrics` says fits its box, and a slide whose
bullets do not fit even at the smallest body size continues on further slides
titled "... (continued)". Keeping this free of python-pptx makes it cheap to
test and lets the renderer stay a thin drawing layer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from toolkit.config import fill
from toolkit.config.district import District
from toolkit.model.decks import INITIATIVES, Bullet, Deck, Slide, substitute
from toolkit.model.modules import Segment, Step
from toolkit.model.provenance import CREDIT_LABEL, credit_line
from toolkit.slides import layout, visuals
from toolkit.slides.fitting import Fitted, Para, fit, fit_first, fit_sizes, fits
from toolkit.slides.layout import Box, Frame, Role
from toolkit.slides.visuals import PlannedDiagram, PlannedTable


@dataclass(frozen=True)
class PlannedSlide:
    slide_id: str
    kind: str
    frame: Frame
    title: Fitted
    notes: str
    text: Fitted | None = None
    visual: PlannedDiagram | PlannedTable | None = None


def _blocks(paras: Sequence[Para]) -> list[list[Para]]:
    """Split into groups that each start at the shallowest level present."""
    if not paras:
        return []
    top = min(p.level for p in paras)
    groups: list[list[Para]] = []
    for para in paras:
        if para.level == top or not groups:
            groups.append([para])
        else:
            groups[-1].append(para)
    return groups


def paginate(paras: Sequence[Para], room: Callable[[Sequence[Para]], bool]) -> list[list[Para]]:
    """Pack bullets into as few slides as ``room`` allows.

    A bullet stays with its nested bullets when they fit together; when they
    do not, the nested bullets continue on the next slide under a repeat of
    their parent, so every slide still reads on its own.
    """
    pages: list[list[Para]] = []
    current: list[Para] = []
    repeated = 0  # leading paragraphs of ``current`` that repeat a parent

    def flush(heads: list[Para]) -> None:
        nonlocal current, repeated
        if len(current) > repeated:
            pages.append(current)
        current, repeated = list(heads), len(heads)

    def place(block: list[Para], heads: list[Para]) -> None:
        nonlocal current, repeated
        if room(current + block):
            current = current + block
            return
        flush(heads)
        if room(current + block) or len(block) == 1:
            current = current + block
            return
        head = block[0]
        current.append(head)
        repeated = len(current)
        for child in _blocks(block[1:]):
            place(child, [*heads, head])

    for block in _blocks(paras):
        place(block, [])
    flush([])
    return pages


def fit_body(paras: Sequence[Para], box: Box, role: Role) -> list[Fitted]:
    """Fit bullets on one slide, or on as few continued slides as possible."""
    single = fit_sizes(paras, box, role)
    if single is not None:
        return [single]

    def room(size: float) -> Callable[[Sequence[Para]], bool]:
        return lambda ps: fits(ps, box, role, size)

    fewest = len(paginate(paras, room(role.sizes[-1])))
    for size in role.sizes:  # the largest size that needs no more slides
        pages = paginate(paras, room(size))
        if len(pages) <= fewest:
            break
    return [Fitted(tuple(page), size, role) for page in pages]


# -- planning a deck -----------------------------------------------------------------


def expand_bullets(bullets: Sequence[Bullet], values: dict[str, str], initiatives: list[str],
                   level: int = 0) -> list[Para]:
    paras: list[Para] = []
    for bullet in bullets:
        if bullet.text.strip() == "{" + INITIATIVES + "}":
            paras.extend(Para(text, level) for text in initiatives)
            continue
        paras.append(Para(substitute(bullet.text, values), level))
        paras.extend(expand_bullets(bullet.bullets, values, initiatives, level + 1))
    return paras


def continued_title(title: str, part: int, parts: int) -> str:
    if part == 1:
        return title
    if parts == 2:
        return f"{title} (continued)"
    return f"{title} (continued, {part} of {parts})"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def timing_line(slide: Slide, start: int, total: int, segment: Segment | None, part: int) -> str:
    """The first line of the speaker notes: how long, and where in the session."""
    span = f"minutes {start} to {start + slide.minutes} of {total}"
    where = f" · {segment.title}, {plural(segment.minutes, 'minute')}" if segment else ""
    if part > 1:
        return f"Time: continues the previous slide, no extra minutes ({span}){where}"
    return f"Time: {plural(slide.minutes, 'minute')} ({span}){where}"


def notes_text(slide: Slide, values: dict[str, str], timing: str) -> str:
    lines = [timing]
    if slide.notes.do:
        lines.append("Do: " + " ".join(substitute(slide.notes.do, values).split()))
    if slide.notes.say:
        lines.append("Say: " + " ".join(substitute(slide.notes.say, values).split()))
    return "\n".join(lines)


def plan_footer(district: District | None) -> Fitted:
    """The footer line of a district's decks (drawn on their layouts): its short name and the
    session's date, or the date alone when the name does not fit."""
    values = fill.fields(district)
    footers = [Para(f"{values['short_name']} · {values['date']}"), Para(values["date"])]
    return fit_first(footers, layout.FOOTER_BOX, layout.FOOTER)


@dataclass(frozen=True)
class _Context:
    """What every slide of a deck is planned with."""

    values: dict[str, str]
    initiatives: list[str]
    with_logo: bool
    step: Step | None
    start_time: dt.time | None
    for_district: bool


def plan_deck(deck: Deck, step: Step | None, district: District | None,
              with_logo: bool = False) -> list[PlannedSlide]:
    """Every slide of ``deck`` for ``district`` (or with blanks), fitted."""
    ctx = _Context(fill.fields(district), fill.initiatives(district), with_logo, step,
                   district.session.start_time if district else None, district is not None)
    segments = {s.id: s for s in step.run_of_show} if step else {}
    total = deck.minutes
    start = 0
    planned: list[PlannedSlide] = []
    for slide in deck.slides:
        segment = segments.get(slide.segment or "")
        title = substitute(slide.title, ctx.values)
        for part, (frame, text, visual) in enumerate(_layout(slide, ctx, start), 1):
            notes = notes_text(slide, ctx.values, timing_line(slide, start, total, segment, part))
            if isinstance(visual, PlannedDiagram):
                notes += "\n" + visual.text_version()
            planned.append(
                PlannedSlide(
                    slide_id=slide.id,
                    kind=slide.kind,
                    frame=frame,
                    title=fit([Para(title)], frame.title, _title_role(slide.kind)),
                    text=text,
                    visual=visual,
                    notes=notes,
                )
            )
        start += slide.minutes
    credit = credit_line(deck.provenance)
    if credit and planned:  # the deck says where it comes from in its closing slide's notes
        planned[-1] = replace(planned[-1], notes=f"{planned[-1].notes}\n{CREDIT_LABEL} {credit}")
    return _unique_titles(_number_parts(planned))


def _title_role(kind: str) -> Role:
    return {"title": layout.COVER_TITLE, "section": layout.SECTION_TITLE,
            "activity": layout.SECTION_TITLE}.get(kind, layout.TITLE)


Planned = tuple[Frame, Fitted | None, PlannedDiagram | PlannedTable | None]


def _layout(slide: Slide, ctx: _Context, start: int) -> list[Planned]:
    """The frame, text and diagram or table of each slide ``slide`` becomes (a long list of
    bullets continues on more slides)."""
    values = ctx.values
    if slide.kind == "bullets":
        frame = layout.content_frame(ctx.with_logo)
        paras = expand_bullets(slide.bullets, values, ctx.initiatives)
        return [(frame, page, None) for page in fit_body(paras, frame.text, layout.BODY)]
    if slide.kind in ("title", "section", "activity"):
        frame = layout.cover_frame(ctx.with_logo) if slide.kind == "title" else layout.section_frame()
        lines = [Para(substitute(line, values)) for line in slide.subtitle]
        if ctx.for_district:  # a detail the district file leaves out is left out, not a blank
            lines = [line for line in lines if not fill.is_blank(line.text)]
        if slide.kind == "activity":
            lines.insert(0, Para(activity_timing(slide.minutes, start, ctx.start_time), bold=True))
        text = fit(lines, frame.text, layout.SUBTITLE) if lines else None
        return [(frame, text, None)]
    frame = layout.content_frame(ctx.with_logo)
    assert frame.text is not None
    return [(frame, None, _visual(slide, ctx, frame.text))]


def activity_timing(minutes: int, start: int, start_time: dt.time | None) -> str:
    """How long an activity runs, and with a start time, when it ends: "15 minutes, until 9:05 AM"."""
    span = plural(minutes, "minute")
    if start_time is None:
        return span
    return f"{span}, until {fill.format_time(fill.clock_after(start_time, start + minutes))}"


def agenda_rows(step: Step, start_time: dt.time | None) -> list[list[str]]:
    """The run of show as rows: the clock times (with a start time), segment, minutes."""
    rows = [["Time", "Segment", "Minutes"] if start_time else ["Segment", "Minutes"]]
    elapsed = 0
    for segment in step.run_of_show:
        row = [segment.title, str(segment.minutes)]
        if start_time is not None:
            span = fill.format_span(fill.clock_after(start_time, elapsed),
                                    fill.clock_after(start_time, elapsed + segment.minutes))
            row.insert(0, span)
        rows.append(row)
        elapsed += segment.minutes
    return rows


def _visual(slide: Slide, ctx: _Context, area: Box) -> PlannedDiagram | PlannedTable:
    values = ctx.values
    if slide.kind == "agenda":
        assert ctx.step is not None  # checked when the content loaded
        rows = agenda_rows(ctx.step, ctx.start_time)
        shares = (26, 56, 18) if ctx.start_time else (78, 22)
        return visuals.plan_table(rows, area, shares, row_headers=False, name="Agenda")
    if slide.kind == "table":
        table = slide.table
        assert table is not None
        rows = [[substitute(cell, values) for cell in row] for row in [table.columns, *table.rows]]
        count = len(table.columns)
        shares = [1.0] * count
        if table.row_headers:
            shares[0] = 0.6 if count > 2 else 0.8
        return visuals.plan_table(rows, area, shares, row_headers=table.row_headers,
                                  name=substitute(slide.title, values)[:60])
    if slide.kind == "rewrite":
        rewrite = slide.rewrite
        assert rewrite is not None
        strong = [f"\u201c{substitute(rewrite.benchmark, values)}\u201d",
                  f"{substitute(rewrite.person, values)}, by {substitute(rewrite.date, values)}"]
        if rewrite.why:
            strong.append(f"Why it works: {substitute(rewrite.why, values)}")
        nodes = [
            visuals.Node("A weak benchmark", (f"\u201c{substitute(rewrite.weak, values)}\u201d",
                                              f"What is missing: {substitute(rewrite.problem, values)}"),
                         style="before"),
            visuals.Node("A stronger benchmark", tuple(strong), parent=0, style="after"),
        ]
        return visuals.plan_diagram(nodes, area)
    diagram = slide.diagram
    assert diagram is not None
    index = {box.id: n for n, box in enumerate(diagram.boxes)}
    depth: dict[str, int] = {}
    for box in diagram.boxes:
        depth[box.id] = depth[box.parent] + 1 if box.parent else 0
    deepest = max(depth.values())
    styles = {0: "root", 1: "branch" if deepest > 1 else "leaf"}
    nodes = [visuals.Node(substitute(box.title, values),
                          (substitute(box.text, values),) if box.text else (),
                          index[box.parent] if box.parent else None,
                          styles.get(depth[box.id], "leaf"))
             for box in diagram.boxes]
    note = substitute(diagram.note, values) if diagram.note else None
    return visuals.plan_diagram(nodes, area, note)


def _number_parts(planned: list[PlannedSlide]) -> list[PlannedSlide]:
    """Give the continuation slides of a split slide their "(continued)" titles."""
    counts: dict[str, int] = {}
    for item in planned:
        counts[item.slide_id] = counts.get(item.slide_id, 0) + 1
    seen: dict[str, int] = {}
    result = []
    for item in planned:
        part = seen[item.slide_id] = seen.get(item.slide_id, 0) + 1
        if counts[item.slide_id] > 1:
            text = continued_title(item.title.paras[0].text, part, counts[item.slide_id])
            item = replace(item, title=fit([Para(text)], item.frame.title, item.title.role))
        result.append(item)
    return result


def _unique_titles(planned: list[PlannedSlide]) -> list[PlannedSlide]:
    """Titles the outline made unique can collide once filled in; number them."""
    seen: set[str] = set()
    result = []
    for item in planned:
        text = item.title.paras[0].text
        candidate, n = text, 1
        while " ".join(candidate.casefold().split()) in seen:
            n += 1
            candidate = f"{text} ({n})"
        seen.add(" ".join(candidate.casefold().split()))
        if candidate != text:
            item = replace(item, title=fit([Para(candidate)], item.frame.title, item.title.role))
        result.append(item)
    return result
