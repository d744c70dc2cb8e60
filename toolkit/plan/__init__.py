"""A district's own action plan: the plan file, the checklist rules, the progress report.

:mod:`~toolkit.plan.model` loads a plan file into typed objects,
:mod:`~toolkit.plan.rules` checks it against the action plan checklist and
:mod:`~toolkit.plan.progress` says where the district stands on a date. The
site and document renderers read only these objects.
"""
