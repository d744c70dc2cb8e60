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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from toolkit.config import fill
from toolkit.config.district import District
from toolkit.model.decks import INITIATIVES, Bullet, Deck, Slide, substitute
from toolkit.model.modules import Segment, Step
from toolkit.model.provenance import CREDIT_LABEL, credit_line
from toolkit.slides import layout
from toolkit.slides.layout import Box, Frame, Role
from toolkit.slides.metrics import count_lines, lines_height


@dataclass(frozen=True)
class Para:
    """One paragraph of a text box; ``level`` is the bullet level (0 = top)."""

    text: str
    level: int = 0


@dataclass(frozen=True)
class Fitted:
    """Paragraphs and the size (of level 0) at which they fit their box."""

    paras: tuple[Para, ...]
    size: float
    role: Role

    def size_of(self, para: Para) -> float:
        return self.role.size_at(self.size, para.level)


@dataclass(frozen=True)
class PlannedSlide:
    slide_id: str
    kind: str
    frame: Frame
    title: Fitted
    notes: str
    text: Fitted | None = None
    footer: Fitted | None = None


# -- measuring -----------------------------------------------------------------------


def text_height(paras: Sequence[Para], box: Box, role: Role, size: float) -> float:
    """Estimated height of ``paras`` set in ``box`` at base ``size`` (points)."""
    total = 0.0
    for index, para in enumerate(paras):
        para_size = role.size_at(size, para.level)
        width = box.inner_w - (role.indents[para.level] if role.bullets else 0)
        total += lines_height(count_lines(para.text, width, para_size, role.bold), para_size)
        if index:
            total += role.gap_before(size, para.level)
    return total


def fits(paras: Sequence[Para], box: Box, role: Role, size: float) -> bool:
    return text_height(paras, box, role, size) <= box.inner_h


def fit_sizes(paras: Sequence[Para], box: Box, role: Role) -> Fitted | None:
    """The largest size of ``role`` at which ``paras`` fit, if any does."""
    return _fit_sizes(tuple(paras), box, role)


@lru_cache(maxsize=4096)
def _fit_sizes(paras: tuple[Para, ...], box: Box, role: Role) -> Fitted | None:
    """Remembered: most texts are the same in every district's deck, and measuring is slow."""
    for size in role.sizes:
        if fits(paras, box, role, size):
            return Fitted(paras, size, role)
    return None


def fit(paras: Sequence[Para], box: Box, role: Role) -> Fitted:
    """The largest size of ``role`` at which ``paras`` fit.

    Body text that does not fit at the smallest size continues on another
    slide instead (see :func:`fit_body`). Titles and subtitles are short
    enough by schema to fit at their smallest size; should a pathological text
    not, it shrinks further rather than run off the slide.
    """
    fitted = fit_sizes(paras, box, role)
    if fitted is not None:
        return fitted
    size = role.sizes[-1]
    while size > 6 and not fits(paras, box, role, size):
        size -= 1
    return Fitted(tuple(paras), size, role)


def fit_first(candidates: Sequence[Para], box: Box, role: Role) -> Fitted:
    """The first of several wordings that fits, e.g. a footer without a very long name."""
    for para in candidates:
        fitted = fit_sizes([para], box, role)
        if fitted is not None:
            return fitted
    return fit([candidates[-1]], box, role)


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


def plan_deck(deck: Deck, step: Step | None, district: District | None,
              with_logo: bool = False) -> list[PlannedSlide]:
    """Every slide of ``deck`` for ``district`` (or with blanks), fitted."""
    values = fill.fields(district)
    initiatives = fill.initiatives(district)
    segments = {s.id: s for s in step.run_of_show} if step else {}
    footers = [Para(f"{values['short_name']} · {values['date']}"), Para(values["date"])]
    total = deck.minutes
    start = 0
    planned: list[PlannedSlide] = []
    for slide in deck.slides:
        segment = segments.get(slide.segment or "")
        title = substitute(slide.title, values)
        for part, (frame, text, kind) in enumerate(_layout(slide, values, initiatives, with_logo), 1):
            planned.append(
                PlannedSlide(
                    slide_id=slide.id,
                    kind=kind,
                    frame=frame,
                    title=fit([Para(title)], frame.title, _title_role(kind)),
                    text=text,
                    footer=fit_first(footers, frame.footer, layout.FOOTER) if frame.footer else None,
                    notes=notes_text(slide, values, timing_line(slide, start, total, segment, part)),
                )
            )
        start += slide.minutes
    credit = credit_line(deck.provenance)
    if credit and planned:  # the deck says where it comes from in its closing slide's notes
        planned[-1] = replace(planned[-1], notes=f"{planned[-1].notes}\n{CREDIT_LABEL} {credit}")
    return _unique_titles(_number_parts(planned))


def _title_role(kind: str) -> Role:
    return {"title": layout.COVER_TITLE, "section": layout.SECTION_TITLE}.get(kind, layout.TITLE)


def _layout(slide: Slide, values: dict[str, str], initiatives: list[str],
            with_logo: bool) -> list[tuple[Frame, Fitted | None, str]]:
    if slide.kind == "bullets":
        frame = layout.content_frame(with_logo)
        paras = expand_bullets(slide.bullets, values, initiatives)
        return [(frame, page, "bullets") for page in fit_body(paras, frame.text, layout.BODY)]
    frame = layout.cover_frame(with_logo) if slide.kind == "title" else layout.section_frame()
    lines = [Para(substitute(line, values)) for line in slide.subtitle]
    text = fit(lines, frame.text, layout.SUBTITLE) if lines else None
    return [(frame, text, slide.kind)]


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
