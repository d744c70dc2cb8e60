"""A step's run of show on the page: its schedule, and the live view's data.

The run-of-show page, the step's page and the live view all list the same
segments with the same times: from the session's start time when the
district gives one ("8:30–8:35 AM"), otherwise as minutes into the session
("0:00–0:05"). The live view (``live_run_of_show.html.j2`` and the generic
``assets/run-of-show.js``) reads the segments from JSON embedded in its
page, so the script knows nothing of any step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from toolkit.config import fill
from toolkit.model.modules import Segment, Step


@dataclass(frozen=True)
class Slot:
    """One segment placed in the session."""

    segment: Segment
    start: int  # minutes from the start of the session
    end: int
    span: str  # "8:30–8:35 AM", or "0:00–0:05" without a start time
    starts_at: str  # "8:30 AM", or "0:05"
    at: str  # when it starts, in words: "at 8:35 AM", or "0:05 into the session"


def elapsed(minutes: int) -> str:
    """Minutes into the session as h:mm."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def schedule(step: Step, start_time: dt.time | None) -> list[Slot]:
    slots = []
    start = 0
    for segment in step.run_of_show:
        end = start + segment.minutes
        if start_time is None:
            span, starts_at = f"{elapsed(start)}\u2013{elapsed(end)}", elapsed(start)
            at = f"{starts_at} into the session"
        else:
            first, last = fill.clock_after(start_time, start), fill.clock_after(start_time, end)
            span, starts_at = fill.format_span(first, last), fill.format_time(first)
            at = f"at {starts_at}"
        slots.append(Slot(segment, start, end, span, starts_at, at))
        start = end
    return slots


def session_span(step: Step, start_time: dt.time | None) -> str | None:
    """The whole session in clock time ("8:30–9:30 AM"), when a start time is given."""
    if start_time is None:
        return None
    return fill.format_span(start_time, fill.clock_after(start_time, step.run_of_show_minutes))


def live_data(slots: list[Slot], start_time: dt.time | None, notes: dict[str, str],
              activity_links: dict[str, tuple[str, str]]) -> dict[str, object]:
    """The live view's data: each segment with its title, minutes, times, what
    to do (``notes``, by segment id) and its activity (title and a link
    relative to the live page, from ``activity_links``)."""
    return {
        "clock": start_time is not None,
        "segments": [
            {
                "id": slot.segment.id,
                "title": slot.segment.title,
                "minutes": slot.segment.minutes,
                "notes": notes[slot.segment.id],
                "span": slot.span,
                "at": slot.at,
                "activity": (dict(zip(("title", "href"), activity_links[slot.segment.activity], strict=True))
                             if slot.segment.activity in activity_links else None),
            }
            for slot in slots
        ],
    }
