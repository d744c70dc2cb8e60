"""The progress report as a tagged PDF, for the board packet.

The same figures as the site's progress page (:mod:`toolkit.plan.progress`):
the chart, benchmarks by status for each initiative, each team and the
district, what is overdue, what is coming up, each person's share and what
has no date yet. Printed by the templates' engine
(:func:`toolkit.documents.pdf.html_pdf_bytes`): PDF/UA, local fonts, the
district's paper size, table headers repeated on every page.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from toolkit.config.district import District
from toolkit.config.fill import format_date
from toolkit.plan.findings import count
from toolkit.plan.model import Plan
from toolkit.plan.progress import Progress

#: Paper sizes in inches, portrait.


@cache
def _environment() -> Any:
    import jinja2

    from toolkit.pipeline import compiled

    return compiled.keep_compiled(jinja2.Environment(
        loader=jinja2.PackageLoader("toolkit.plan", "templates"), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True))


def paper_of(district: District | None) -> str:
    return district.paper_size if district is not None else "letter"


def report_html(plan: Plan, progress: Progress, district: District | None) -> tuple[str, str]:
    """The report's HTML page and its stylesheet."""
    from markupsafe import Markup

    from toolkit.site import chart

    # The chart is the page's own markup (names and counts as text, bars as inline SVG),
    # the same the guide's progress page shows; its district text is escaped by the chart.
    env = _environment()
    html = env.get_template("progress.html.j2").render(
        plan=plan, progress=progress, date=format_date, count=count, labels=chart.LABELS,
        order=chart.ORDER, chart=Markup(chart.status_chart(progress, chart_id="chart")),
        language=district.language if district is not None else "en")
    from toolkit.documents.layout import PAPER_SIZES

    width, height = PAPER_SIZES[paper_of(district)]
    css = env.get_template("progress.css.j2").render(width=width, height=height)
    return html, css


def report_pdf(plan: Plan, progress: Progress, district: District | None) -> bytes:
    from toolkit.documents.pdf import html_pdf_bytes

    return html_pdf_bytes(*report_html(plan, progress, district))
