"""Activity pages as a facilitation guide: the parts are data, checked and shown.

The front matter keys ``setup``, ``tips``, ``traps``, ``when_stuck``,
``variations``, ``debrief`` and ``next`` make each part of a facilitation
guide a section of the page. ``toolkit check`` reports their mistakes at their
line; the shipped activities cover what a facilitator needs; the built pages
show it, and the new planning step leads the cycle.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_check import ACTIVITY, STEP, check, make_project
from tests.test_content_text import page_of, read_article
from toolkit.model import load_content
from toolkit.model.content import Content
from toolkit.model.modules import Activity, Step

GUIDE_ACTIVITY = ACTIVITY.replace("---\nBody.", """\
tips: [Write first, talk second.]
when_stuck:
  - situation: One voice dominates
    response: Take a round; see [the words](../guide/words.md).
variations:
  - id: short
    title: Short version
    minutes: 6
    how: Skip the pairs.
    steps:
      - {title: Share, minutes: 6}
debrief: [What did you hear?]
next: Go on to [the session](../steps/session.md).
---
Body.""")


def test_a_guide_activity_with_every_part_is_valid(tmp_path: Path) -> None:
    step = STEP.replace("    activity: talk\n", "    activity: talk\n    variation: short\n")
    project = make_project(tmp_path, **{"content/activities/talk.md": GUIDE_ACTIVITY,
                                        "content/steps/session.md": step})
    code, lines = check(project)
    assert code == 0, lines
    talk = load_content(project).modules["talk"]
    assert isinstance(talk, Activity)
    assert talk.minutes_of("short") == 6 and talk.minutes_of() == 10


ERRORS = [
    # a segment names a variation its activity does not have
    ("content/steps/session.md", "    activity: talk\n", "    activity: talk\n    variation: brief\n",
     "content/steps/session.md:11: activity 'talk' has no variation 'brief' (known: short)"),
    # a variation without its activity
    ("content/steps/session.md", "    minutes: 20\n", "    minutes: 20\n    variation: short\n",
     "content/steps/session.md:8: variation 'short' needs the segment's 'activity'"),
    # a timed variation whose steps do not add up
    ("content/activities/talk.md", "{title: Share, minutes: 6}", "{title: Share, minutes: 5}",
     "content/activities/talk.md:17: the steps of variation 'short' add up to 5 minutes but its "
     "minutes are 6"),
    # a broken link in the front matter, at its key
    ("content/activities/talk.md", "(../guide/words.md)", "(../guide/wordz.md)",
     "content/activities/talk.md:13: link to '../guide/wordz.md' in when_stuck does not resolve"),
    # a when_stuck entry without its response
    ("content/activities/talk.md", "    response: Take a round; see [the words](../guide/words.md).\n", "",
     "content/activities/talk.md:14: missing required key 'response'"),
    # an unknown key in a variation
    ("content/activities/talk.md", "    how: Skip the pairs.\n", "    hwo: Skip the pairs.\n",
     "content/activities/talk.md:20: unknown key 'hwo'"),
]


@pytest.mark.parametrize(("rel", "old", "new", "expected"), ERRORS)
def test_guide_part_error_is_reported_with_path_and_line(tmp_path: Path, rel: str, old: str, new: str,
                                                         expected: str) -> None:
    step = STEP.replace("    activity: talk\n", "    activity: talk\n    variation: short\n")
    originals = {"content/activities/talk.md": GUIDE_ACTIVITY, "content/steps/session.md": STEP}
    files = {"content/activities/talk.md": GUIDE_ACTIVITY,
             "content/steps/session.md": step if rel != "content/steps/session.md" else STEP}
    assert old in originals[rel]
    files[rel] = originals[rel].replace(old, new, 1)
    code, lines = check(make_project(tmp_path, **files))
    assert code == 1
    assert any(line.startswith(expected) for line in lines), lines


# --- the shipped activities -----------------------------------------------------------

GUIDES = ["swot-analysis", "early-evidence-brainstorm", "early-evidence-share",
          "action-planning-workshop", "review-protocol"]
#: The situations every activity's "when a group is stuck" answers, as words a facilitator would use.
STUCK = {"dominant voices": r"dominat", "cynicism from past plans": r"cynic",
         "re-arguing the district plan": r"district plan", "a claim with no data": r"\bdata\b|nothing behind"}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(ROOT)


@pytest.mark.parametrize("activity_id", [*GUIDES, "set-norms"])
def test_activity_is_a_full_facilitation_guide(content: Content, activity_id: str) -> None:
    activity = content.modules[activity_id]
    assert isinstance(activity, Activity)
    assert activity.purpose and activity.duration and activity.materials and activity.setup
    assert len(activity.tips) >= 2 and len(activity.traps) >= 2, activity_id
    situations = [f"{w.situation} {w.response}".lower() for w in activity.when_stuck]
    wanted = STUCK if activity_id in GUIDES else dict(list(STUCK.items())[:3])
    for what, pattern in wanted.items():
        assert any(re.search(pattern, s) for s in situations), f"{activity_id}: nothing on {what}"
    ids = {v.id for v in activity.variations}
    assert "virtual" in ids, activity_id
    assert ids & {"more-groups", "several-teams"}, activity_id
    if activity_id != "set-norms":  # five minutes is already the short version
        assert ids & {"short"}, activity_id
    virtual = activity.variation("virtual")
    assert virtual and re.search(r"breakout|shared document|online", virtual.how), activity_id
    assert activity.debrief and all(q.endswith("?") for q in activity.debrief), activity_id
    assert activity.next and "](" in activity.next, f"{activity_id}: what happens next links on"
    assert activity.provenance is not None, activity_id


def test_activity_minutes_agree_with_every_run_of_show(content: Content) -> None:
    """Where a segment runs an activity (or a timed variation of it), the minutes agree."""
    used = 0
    for step in content.steps:
        for segment in step.run_of_show:
            if segment.activity:
                activity = content.modules[segment.activity]
                assert isinstance(activity, Activity)
                assert activity.minutes_of(segment.variation) == segment.minutes, (step.id, segment.id)
                used += 1
    assert used >= 4
    workshop = content.modules["action-planning-workshop"]
    session = content.modules["action-planning-workshops"]
    assert isinstance(workshop, Activity) and isinstance(session, Step)
    between = [s for s in session.run_of_show if s.id not in ("launch", "initial-review")]
    assert workshop.duration == sum(s.minutes for s in between) == 65
    share = content.modules["early-evidence-share"]
    assert isinstance(share, Activity)
    assert "about 3 minutes" in share.steps[0].instructions  # as the deck says
    assert not re.search(r"two minutes or less", str(share.steps))


def test_facilitator_notes_point_to_the_bank_when_a_group_is_stuck(content: Content) -> None:
    for activity_id in ["early-evidence-brainstorm", "early-evidence-share",
                        "action-planning-workshop", "review-protocol"]:
        module = content.modules[activity_id]
        texts = module.facilitator_notes + [w.response for w in module.when_stuck]
        assert any("../examples/benchmarks.md" in t for t in texts), activity_id


def test_the_new_step_leads_the_cycle(content: Content) -> None:
    first = content.steps[0]
    assert first.id == "prioritize-initiatives"
    assert first.run_of_show_minutes == first.duration
    text = " ".join([first.body, *(s.facilitator for s in first.run_of_show)]).lower()
    for needed in ["readiness", "capacity", "dependencies", "district plan", "leader", "recorder",
                   "timekeeper", "norms", "five to eight"]:
        assert needed in text, needed
    norms = [s for s in first.run_of_show if s.activity == "set-norms"]
    assert norms and norms[0].minutes == 5
    home = content.modules["index"]
    assert "steps/prioritize-initiatives.md" in home.body


# --- as built ------------------------------------------------------------------------


def test_activity_pages_show_every_part(content: Content, generic_site: Path) -> None:
    for activity_id in [*GUIDES, "set-norms"]:
        module = content.modules[activity_id]
        text, links = read_article(page_of(generic_site, module))
        for heading in ["Room and set-up", "Steps", "Tips and traps", "When a group is stuck",
                        "Variations", "Debrief", "What happens next"]:
            assert heading in text, (activity_id, heading)
        for stuck in module.when_stuck:
            assert stuck.situation in text, (activity_id, stuck.situation)
        for variation in module.variations:
            assert variation.title in text, (activity_id, variation.title)
        assert " 1 minutes" not in text


def test_the_new_step_is_first_in_the_navigation_and_has_its_run_of_show(generic_site: Path) -> None:
    home = (generic_site / "index.html").read_text(encoding="utf-8")
    steps = re.findall(r'href="steps/([a-z-]+)\.html"', home)
    assert steps and steps[0] == "prioritize-initiatives", steps[:5]
    text, _ = read_article(generic_site / "facilitation" / "prioritize-initiatives-run-of-show.html")
    assert "Rate against the criteria" in text and "Form the action plan teams" in text
    assert "Small groups for the brainstorm" not in text, "the district's session is not this meeting"
