"""Timings are data: every minute the guide states comes from one place.

Minutes are written once, on run-of-show segments, activity steps and slides,
and everything else is checked against them or computed from them:

- a segment that runs an activity takes exactly the minutes of the
  activity's steps, or lists the steps it runs and for how long (a shortened
  round), which then add up to the segment;
- a step's or an activity's ``duration_note`` ("1 to 1.5 hours") must
  contain its minutes;
- prose states a total with a placeholder, ``{{ time introduce-benchmarks
  + action-planning-workshops }}``, replaced when the content loads (see
  :func:`expand`); deck text says ``{minutes}`` for the slide's own minutes;
- with a district file, work that takes a turn per group (a group share) is
  checked against the number of groups: :func:`fit_warnings`.

Placeholders in module text: ``{{ FORMAT TERM + TERM ... }}`` where a TERM
is a module id (a step's run of show, an activity's steps, another module's
``duration``) or ``step-id/segment-id``, and FORMAT is ``minutes`` ("150
minutes"), ``time`` ("2.5 hours") or ``span`` ("1-hour", "90-minute", for use
before a noun). For a segment with turns per group, ``{{ per_group
step-id/segment-id }}`` says one group's turn ("2 minutes") and ``{{
groups_fit step-id/segment-id }}`` how many groups' turns fit ("4").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from toolkit.errors import Location, Problem, Problems
from toolkit.model import prose
from toolkit.model.modules import Activity, Module, Segment, Step, StepTime

if TYPE_CHECKING:
    from toolkit.config.district import District
    from toolkit.model.content import Content

FORMATS = ("minutes", "time", "span")
SEGMENT_FORMATS = ("per_group", "groups_fit")
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.S)
_TERM = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?")

#: Deck text may say these; each slide's own timing fills them in when the outline loads.
DECK_TIMING = ("minutes", "segment_minutes", "per_group")


# -- saying a number of minutes -------------------------------------------------------


def as_minutes(minutes: int) -> str:
    return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"


def as_time(minutes: int) -> str:
    """Minutes as a facilitator says them: "45 minutes", "1 hour", "2.5 hours"."""
    if minutes < 60:
        return as_minutes(minutes)
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return "1 hour" if hours == 1 else f"{hours} hours"
    if rest == 30:
        return f"{hours}.5 hours"
    return f"{'1 hour' if hours == 1 else f'{hours} hours'} {as_minutes(rest)}"


def as_span(minutes: int) -> str:
    """Minutes before a noun: "a 1-hour session", "a 90-minute workshop"."""
    if minutes % 60 == 0:
        return f"{minutes // 60}-hour"
    return f"{minutes}-minute"


_SAY = {"minutes": as_minutes, "time": as_time, "span": as_span}


# -- what a module or segment takes ----------------------------------------------------


def module_minutes(module: Module) -> int | None:
    """A step's run of show, an activity's steps, or a module's stated duration."""
    if isinstance(module, Step) and module.run_of_show:
        return module.run_of_show_minutes
    if isinstance(module, Activity) and module.steps:
        return module.step_minutes
    return module.duration


def run_minutes(step_time: StepTime, activity: Activity) -> int:
    """A step's minutes as a segment runs it: its own, or the activity's."""
    if step_time.minutes is not None:
        return step_time.minutes
    return next(s.minutes for s in activity.steps if s.title == step_time.step)


def turn_minutes(segment: Segment, activity: Activity | None) -> int:
    """The minutes a segment's turns per group share: its ``within`` step's, or all of it."""
    per_group = segment.per_group
    if per_group is None or not per_group.within:
        return segment.minutes
    for step_time in segment.activity_steps:
        if step_time.step == per_group.within and activity is not None:
            return run_minutes(step_time, activity)
    if activity is not None:
        for step in activity.steps:
            if step.title == per_group.within:
                return step.minutes
    return segment.minutes


def groups_that_fit(segment: Segment, activity: Activity | None) -> int | None:
    """How many groups' turns fit, for a page to say so without a district file."""
    if segment.per_group is None:
        return None
    return turn_minutes(segment, activity) // segment.per_group.minutes


# -- checks -----------------------------------------------------------------------------


def check(content: Content, problems: Problems) -> None:
    """Segments against the activities they run, and notes against the minutes."""
    for module in content.modules.values():
        _check_note(module, problems)
        if isinstance(module, Step):
            for segment in module.run_of_show:
                _check_segment(module, segment, content, problems)


def _check_segment(step: Step, segment: Segment, content: Content, problems: Problems) -> None:
    where = segment.location or step.line_of("run_of_show")
    activity = content.modules.get(segment.activity or "")
    if segment.activity_steps and not isinstance(activity, Activity):
        problems.error(where, f"segment '{segment.id}' lists activity_steps but runs no activity")
        return
    if isinstance(activity, Activity):
        own = {s.title: s.minutes for s in activity.steps}
        if segment.activity_steps:
            total = 0
            for step_time in segment.activity_steps:
                if step_time.step not in own:
                    problems.error(step_time.location or where,
                                   f"'{step_time.step}' is not a step of activity '{activity.id}' "
                                   f"(its steps: {'; '.join(own)})")
                    return
                minutes = run_minutes(step_time, activity)
                if minutes > own[step_time.step]:
                    problems.error(step_time.location or where,
                                   f"'{step_time.step}' gets {minutes} minutes here but "
                                   f"{own[step_time.step]} in activity '{activity.id}': a segment "
                                   "may shorten a step, not lengthen it")
                total += minutes
            if total != segment.minutes:
                problems.error(where, f"segment '{segment.id}' runs steps of '{activity.id}' that add "
                                      f"up to {total} minutes, but the segment has {segment.minutes}")
        elif activity.step_minutes != segment.minutes:
            problems.error(
                where,
                f"segment '{segment.id}' runs activity '{activity.id}' in {segment.minutes} minutes, "
                f"but the activity's steps add up to {activity.step_minutes} "
                f"({activity.line_of('steps')}); make them agree, or list under activity_steps the "
                "steps this segment runs",
            )
    per_group = segment.per_group
    if per_group is not None and per_group.within:
        known = [s.step for s in segment.activity_steps] or (
            [s.title for s in activity.steps] if isinstance(activity, Activity) else [])
        if per_group.within not in known:
            problems.error(per_group.location or where,
                           f"per_group within '{per_group.within}': no such step in this segment "
                           f"(steps: {'; '.join(known) or 'none'})")
    if per_group is not None and per_group.minutes > turn_minutes(segment, _as_activity(activity)):
        problems.error(per_group.location or where,
                       f"one group's turn ({as_minutes(per_group.minutes)}) is longer than the "
                       f"{turn_minutes(segment, _as_activity(activity))} minutes the turns share")


def _as_activity(module: Module | None) -> Activity | None:
    return module if isinstance(module, Activity) else None


#: A note that states the module's own length starts with it: "1 to 1.5 hours", "about 45
#: minutes each round". A note that starts otherwise ("shortened to 15 minutes in a
#: workshop") speaks of another way to run it and is not held to the minutes.
_RANGE = re.compile(
    r"(?:about|approximately|around|roughly)?\s*"
    r"(\d+(?:\.\d+)?)(?:\s*(?:to|-|\u2013)\s*(\d+(?:\.\d+)?))?\s*(hours?|minutes?)\b", re.I)


def _check_note(module: Module, problems: Problems) -> None:
    """A ``duration_note`` that names an amount of time must contain the module's minutes."""
    minutes = module_minutes(module)
    note = module.duration_note
    if not note or minutes is None or "{{" in note:
        return
    match = _RANGE.match(note.strip())
    if match is None:
        return
    unit = 60 if match.group(3).startswith("hour") else 1
    low = float(match.group(1)) * unit
    high = float(match.group(2) or match.group(1)) * unit
    if not low <= minutes <= high:
        problems.error(module.line_of("duration_note"),
                       f"duration_note '{note}' does not contain the {minutes} minutes of "
                       f"'{module.id}'; write it with {{{{ time {module.id} }}}} or fix the minutes")


# -- placeholders -------------------------------------------------------------------------


def expand(content: Content, problems: Problems) -> None:
    """Replace every ``{{ ... }}`` in module text with the minutes it names."""
    for key, module in list(content.modules.items()):
        where = module.location or module.line_of("id")

        def say(text: str, where: Location = where) -> str:
            return _PLACEHOLDER.sub(lambda m: _say(m.group(1), content, where, problems), text)

        content.modules[key] = prose.map_texts(module, say)


def _say(expression: str, content: Content, where: Location, problems: Problems) -> str:
    original = "{{" + expression + "}}"
    # "{{ time a + b }}": no colon needed, so the text stays plain YAML; "{{ time: a }}" works too.
    name, _, terms = expression.strip().replace(":", " ", 1).partition(" ")
    name = name.strip()
    colon = bool(terms.strip())
    if colon and name in SEGMENT_FORMATS:
        return _say_turns(name, terms.strip(), original, content, where, problems)
    if not colon or name not in _SAY:
        problems.error(where, f"placeholder {original}: write {{{{ FORMAT TERM + TERM }}}} "
                              f"with FORMAT one of {', '.join(FORMATS)}, or "
                              f"{{{{ per_group STEP/SEGMENT }}}} or {{{{ groups_fit STEP/SEGMENT }}}}")
        return original
    total = 0
    for term in (t.strip() for t in terms.split("+")):
        minutes = _term_minutes(term, content)
        if minutes is None:
            problems.error(where, f"placeholder {original}: '{term}' is not a module with minutes "
                                  "or a step-id/segment-id")
            return original
        total += minutes
    return _SAY[name](total)


def _say_turns(name: str, term: str, original: str, content: Content, where: Location,
               problems: Problems) -> str:
    step_id, _, segment_id = term.partition("/")
    step = content.modules.get(step_id)
    segment = next((s for s in step.run_of_show if s.id == segment_id), None) if isinstance(
        step, Step) else None
    if segment is None or segment.per_group is None:
        problems.error(where, f"placeholder {original}: '{term}' is not a step-id/segment-id "
                              "whose segment has per_group")
        return original
    if name == "per_group":
        return as_minutes(segment.per_group.minutes)
    activity = _as_activity(content.modules.get(segment.activity or ""))
    return str(groups_that_fit(segment, activity))


def _term_minutes(term: str, content: Content) -> int | None:
    if not _TERM.fullmatch(term):
        return None
    module_id, _, segment_id = term.partition("/")
    module = content.modules.get(module_id)
    if module is None:
        return None
    if not segment_id:
        return module_minutes(module)
    if isinstance(module, Step):
        for segment in module.run_of_show:
            if segment.id == segment_id:
                return segment.minutes
    return None


# -- with a district file ---------------------------------------------------------------------


def fit_warnings(content: Content, district: District | None) -> list[Problem]:
    """Turns per group that the district's number of groups cannot fit, with the numbers."""
    if district is None:
        return []
    found = []
    for step in content.steps:
        for segment in step.run_of_show:
            per_group = segment.per_group
            if per_group is None:
                continue
            count = getattr(district.session, per_group.count, None)
            if not count:
                continue
            activity = _as_activity(content.modules.get(segment.activity or ""))
            room = turn_minutes(segment, activity)
            needed = count * per_group.minutes
            if needed <= room:
                continue
            what = f"'{per_group.within}'" if per_group.within else f"segment '{segment.title}'"
            groups = per_group.count.replace("_", " ")
            where = (district.lines.get("session") or district.session.location or district.location
                     or Location("district file", 1))
            found.append(Problem(
                where,
                f"{count} {groups} x {as_minutes(per_group.minutes)} each = {needed} minutes, but "
                f"{what} of '{step.title}' has {room}: at most {room // per_group.minutes} "
                f"{groups} fit; shorten each turn, give the segment more time, or form fewer groups",
                "warning",
            ))
    return found
