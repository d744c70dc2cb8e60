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
from tests.test_check import ACTIVITY, check, make_project
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
debrief: [What did you hear?]
next: Go on to [the session](../steps/session.md).
---
Body.""")


def test_a_guide_activity_with_every_part_is_valid(tmp_path: Path) -> None:
    project = make_project(tmp_path, **{"content/activities/talk.md": GUIDE_ACTIVITY})
    code, lines = check(project)
    assert code == 0, lines
    talk = load_content(project).modules["talk"]
    assert isinstance(talk, Activity)
    assert talk.variation("short").minutes == 6  # type: ignore[union-attr]
    assert talk.when_stuck[0].situation == "One voice dominates"


ERRORS = [
    # a broken link in the front matter, at its key
    ("(../guide/words.md)", "(../guide/wordz.md)",
     "content/activities/talk.md:14: link to '../guide/wordz.md' in when_stuck does not resolve"),
    # a when_stuck entry without its response
    ("    response: Take a round; see [the words](../guide/words.md).\n", "",
     "content/activities/talk.md:15: missing required key 'response'"),
    # an unknown key in a variation
    ("    how: Skip the pairs.\n", "    hwo: Skip the pairs.\n",
     "content/activities/talk.md:21: unknown key 'hwo'"),
    # the same variation twice
    ("debrief:", "  - {id: short, title: Again, how: Twice.}\ndebrief:",
     "content/activities/talk.md:22: variation id 'short' is used twice"),
    # a debrief that is not a list
    ("debrief: [What did you hear?]", "debrief: What did you hear?",
     "content/activities/talk.md:22: expected a list, found text"),
]


@pytest.mark.parametrize(("old", "new", "expected"), ERRORS)
def test_guide_part_error_is_reported_with_path_and_line(tmp_path: Path, old: str, new: str,
                                                         expected: str) -> None:
    assert old in GUIDE_ACTIVITY
    activity = GUIDE_ACTIVITY.replace(old, new, 1)
    code, lines = check(make_project(tmp_path, **{"content/activities/talk.md": activity}))
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


def test_activity_minutes_agree_with_the_runs_of_show(content: Content) -> None:
    """The contradictions the guide had: the workshop activity now takes exactly the
    segments it runs in, and the group share states the turn the run of show gives."""
    workshop = content.modules["action-planning-workshop"]
    session = content.modules["action-planning-workshops"]
    assert isinstance(workshop, Activity) and isinstance(session, Step)
    runs = [s for s in session.run_of_show if s.activity == workshop.id]
    assert all(not any(t.minutes for t in s.activity_steps) for s in runs), "no step is shortened"
    assert workshop.step_minutes == sum(s.minutes for s in runs) == workshop.duration
    share = content.modules["early-evidence-share"]
    segment = next(s for s in content.modules["introduce-benchmarks"].run_of_show  # type: ignore[attr-defined]
                   if s.activity == share.id)
    assert isinstance(share, Activity) and segment.per_group is not None
    reports = share.steps[0].instructions
    assert f"in {segment.per_group.minutes} minutes" in reports, reports
    assert "{{" not in reports and "two minutes or less" not in reports


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
