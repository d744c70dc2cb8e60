"""The progress report's chart: one stacked bar per initiative.

A board member should see at a glance how much of each initiative is met.
Each bar is a small inline SVG that stretches to the width of the page; the
initiative's name above it and the count beside it are page text, so they
stay at the page's type size on a phone (a single scaled SVG shrank them to
7 px at 390 px wide) and wrap instead of being cut. No script, no outside
file; bars print sharply. The chart is an image (``role="img"``) with a text
alternative (its title and a one-sentence summary); the report's table
carries the same numbers for anyone who cannot see it. "Not met" is striped
as well as coloured so that it does not rely on telling red from green;
every colour has at least 3:1 contrast with the white page (WCAG 1.4.11).
Layout is in ``toolkit.css`` (``.tk-chart``); without it the parts simply
stack.
"""

from __future__ import annotations

from toolkit.plan.progress import Progress, Tally
from toolkit.site.markup import html_text

#: The order statuses are stacked and listed in: done first, then at risk.
ORDER = ["met", "in progress", "not started", "not met"]
COLORS = {"met": "#1b6e3a", "in progress": "#1f4e79", "not started": "#6b6b6b", "not met": "#b3261e"}
LABELS = {"met": "Met", "in progress": "In progress", "not started": "Not started", "not met": "Not met"}

BAR_HEIGHT = 20
NAME_LIMIT = 90


def _short(text: str, limit: int = NAME_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def summary(progress: Progress) -> str:
    """The chart's text alternative: what a sighted reader takes from it."""
    overall = progress.overall
    parts = [f"{overall.counts[s]} {LABELS[s].lower()}" for s in ORDER]
    return (f"Of {overall.total} benchmarks, " + ", ".join(parts[:-1]) + f" and {parts[-1]}"
            f" as of {progress.as_of.isoformat()}.")


def _stripes(pattern_id: str) -> str:
    return (f'<defs><pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)">'
            f'<rect width="8" height="8" fill="{COLORS["not met"]}"/>'
            '<rect width="3" height="8" fill="#ffffff" fill-opacity="0.55"/></pattern></defs>')


def _fill(status: str, pattern_id: str) -> str:
    return f"url(#{pattern_id})" if status == "not met" else COLORS[status]


def _bar(tally: Tally, pattern_id: str) -> str:
    """One stacked bar, its segments placed in percent so it stretches undistorted."""
    out = [f'<svg class="tk-chart__bar" xmlns="http://www.w3.org/2000/svg" width="100%" '
           f'height="{BAR_HEIGHT}" aria-hidden="true" focusable="false">', _stripes(pattern_id)]
    if tally.total == 0:
        out.append(f'<rect x="0.5" y="0.5" width="99%" height="{BAR_HEIGHT - 1}" fill="none" '
                   'stroke="#6b6b6b" stroke-dasharray="4 3"/>')
    x = 0.0
    for status in ORDER:
        count = tally.counts[status]
        if not count:
            continue
        width = 100 * count / tally.total
        out.append(f'<rect x="{x:.3f}%" y="0" width="{width:.3f}%" height="{BAR_HEIGHT}" '
                   f'fill="{_fill(status, pattern_id)}" stroke="#ffffff" stroke-width="1"/>')
        x += width
    out.append("</svg>")
    return "".join(out)


def status_chart(progress: Progress, chart_id: str = "tk-progress-chart") -> str:
    """The chart's markup; every piece of district text in it is escaped."""
    tallies: list[Tally] = [*progress.by_initiative, progress.overall]
    out = [
        f'<div class="tk-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<p id="{chart_id}-title" hidden>Benchmarks by status, for each initiative</p>',
        f'<p id="{chart_id}-desc" hidden>{html_text(summary(progress))}</p>',
    ]
    for index, tally in enumerate(tallies):
        total = " tk-chart__row--total" if tally is progress.overall else ""
        out.append(f'<div class="tk-chart__row{total}">'
                   f'<span class="tk-chart__label">{html_text(_short(tally.label))}</span>'
                   f'{_bar(tally, f"{chart_id}-stripes-{index}")}'
                   f'<span class="tk-chart__count">{tally.counts["met"]} of {tally.total} met</span>'
                   '</div>')
    out.append('<ul class="tk-chart__legend">')
    for status in ORDER:
        pattern_id = f"{chart_id}-stripes-key"
        defs = _stripes(pattern_id) if status == "not met" else ""
        out.append(f'<li><svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" '
                   f'aria-hidden="true" focusable="false">{defs}'
                   f'<rect width="16" height="16" fill="{_fill(status, pattern_id)}"/></svg> '
                   f'{LABELS[status]}</li>')
    out.append("</ul></div>")
    return "".join(out)
