"""The "plan" renderer: a district's plan as a workbook, calendars and a printed progress report.

Registered in :data:`toolkit.pipeline.artifacts.RENDERERS`; its outputs exist
only when a build has a plan. Each key names what the file reads besides the
shared inputs (the plan, the district, the build date, the toolkit's code):
the progress report also reads the day it speaks of, which is not always
the ``--as-of`` option (:func:`toolkit.plan.progress.report_date`), so that
day is in its key. The PDF is ``printed``: a worker process makes it, warmed up
by the templates renderer, which loads the same engine.
"""

from __future__ import annotations

from toolkit.model import sitemap
from toolkit.pipeline.artifacts import Output
from toolkit.pipeline.dates import build_datetime
from toolkit.pipeline.inputs import BuildInputs

NAME = "plan"


def outputs(inputs: BuildInputs) -> list[Output]:
    plan = inputs.plan
    if plan is None:
        return []
    from toolkit.plan.calendar import people
    from toolkit.plan.progress import report_date
    from toolkit.plan.report import paper_of

    found = [
        Output(sitemap.plan_workbook(plan.plan_year), NAME, ("workbook",),
               inputs.key("plan workbook", paper_of(inputs.district))),
        Output(sitemap.plan_calendar(plan.plan_year), NAME, ("calendar", ""),
               inputs.key("plan calendar")),
        Output(sitemap.progress_pdf(plan.plan_year), NAME, ("progress",),
               inputs.key("progress report", report_date(inputs.as_of), paper_of(inputs.district)),
               printed=True),
    ]
    for slug, person in people(plan).items():
        found.append(Output(sitemap.person_calendar(slug), NAME, ("calendar", person),
                            inputs.key("plan calendar", person)))
    return found


def render(inputs: BuildInputs, output: Output) -> bytes:
    plan = inputs.plan
    assert plan is not None
    what = output.item[0]
    if what == "workbook":
        from toolkit.plan.report import paper_of
        from toolkit.plan.workbook import workbook_bytes

        return workbook_bytes(plan, build_datetime(), paper_of(inputs.district))
    if what == "calendar":
        from toolkit.plan.calendar import calendar_bytes

        return calendar_bytes(plan, build_datetime(), output.item[1] or None)
    from toolkit.plan.progress import progress, report_date
    from toolkit.plan.report import report_pdf

    return report_pdf(plan, progress(plan, report_date(inputs.as_of)), inputs.district)

