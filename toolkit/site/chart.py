"""The progress report's chart: one stacked bar per initiative, as inline SVG.

A board member should see at a glance how much of each initiative is met.
Inline SVG needs no script and no outside file, prints sharply and scales
with the page. The chart is an image with a text alternative (its title and
a one-sentence summary); the report's table carries the same numbers for
anyone who cannot see it. "Not met" is striped as well as coloured so that
it does not rely on telling red from green; every colour has at least 3:1
contrast with the white page (WCAG 1.4.11).
"""

from __future__ import annotations

from toolkit.plan.progress import Progress, Tally
from toolkit.site.markup import html_text

#: The order statuses are stacked and listed in: done first, then at risk.
ORDER = ["met", "in progress", "not started", "not met"]
COLORS = {"met": "#1b6e3a", "in progress": "#1f4e79", "not started": "#6b6b6b", "not met": "#b3261e"}
LABELS = {"met": "Met", "in progress": "In progress", "not started": "Not started", "not met": "Not met"}

WIDTH = 720
BAR_X = 0
BAR_WIDTH = 560
BAR_HEIGHT = 20
ROW = 52
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


def status_chart(progress: Progress, chart_id: str = "tk-progress-chart") -> str:
    """The SVG markup; every piece of district text in it is escaped."""
    tallies: list[Tally] = [*progress.by_initiative, progress.overall]
    legend_y = len(tallies) * ROW + 12
    height = legend_y + 30
    out = [
        f'<svg class="tk-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">Benchmarks by status, for each initiative</title>',
        f'<desc id="{chart_id}-desc">{html_text(summary(progress))}</desc>',
        '<defs><pattern id="tk-stripes" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{COLORS["not met"]}"/>'
        '<rect width="3" height="8" fill="#ffffff" fill-opacity="0.55"/></pattern></defs>',
    ]
    for index, tally in enumerate(tallies):
        top = index * ROW
        weight = ' font-weight="700"' if tally is progress.overall else ""
        out.append(f'<text x="{BAR_X}" y="{top + 15}" font-size="14" fill="#1b1b1b"{weight}>'
                   f'{html_text(_short(tally.label))}</text>')
        x = float(BAR_X)
        bar_top = top + 22
        if tally.total == 0:
            out.append(f'<rect x="{BAR_X}" y="{bar_top}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
                       'fill="none" stroke="#6b6b6b" stroke-dasharray="4 3"/>')
        for status in ORDER:
            count = tally.counts[status]
            if not count:
                continue
            width = BAR_WIDTH * count / tally.total
            fill = "url(#tk-stripes)" if status == "not met" else COLORS[status]
            out.append(f'<rect x="{x:.2f}" y="{bar_top}" width="{width:.2f}" height="{BAR_HEIGHT}" '
                       f'fill="{fill}" stroke="#ffffff" stroke-width="1">'
                       f'<title>{html_text(LABELS[status])}: {count}</title></rect>')
            x += width
        met = tally.counts["met"]
        out.append(f'<text x="{BAR_X + BAR_WIDTH + 10}" y="{bar_top + 15}" font-size="14" '
                   f'fill="#1b1b1b">{met} of {tally.total} met</text>')
    x = BAR_X
    for status in ORDER:
        fill = "url(#tk-stripes)" if status == "not met" else COLORS[status]
        out.append(f'<rect x="{x}" y="{legend_y}" width="16" height="16" fill="{fill}"/>')
        out.append(f'<text x="{x + 22}" y="{legend_y + 13}" font-size="14" fill="#1b1b1b">'
                   f'{LABELS[status]}</text>')
        x += 150
    out.append("</svg>")
    return "".join(out)
