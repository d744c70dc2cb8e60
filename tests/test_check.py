"""``toolkit check`` and ``toolkit build`` on content and district mistakes.

Each test writes a small project with one known mistake and asserts the exact
``path:line: message`` a user sees, the exit status, and (for builds) that
the previous output is untouched.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_toolkit

HOME = """\
---
id: index
title: Home
summary: The home page.
provenance: {basis: own}
---
Welcome.
"""

STEP = """\
---
id: session
title: A session
summary: A one-hour session.
duration: 60
activities: [talk]
provenance: {basis: own}
run_of_show:
  - id: open
    title: Opening
    minutes: 50
  - id: talk
    title: Talking
    minutes: 10
    activity: talk
---
See [the activity](../activities/talk.md) and [the glossary](../guide/words.md).
"""

ACTIVITY = """\
---
id: talk
title: Talk
summary: Talk in pairs.
provenance: {basis: own}
duration: 10
steps:
  - title: Pair up
    minutes: 4
  - title: Share
    minutes: 6
    prompts: ["What did you hear?"]
---
Body.
"""

GUIDE = """\
---
id: words
title: Words
summary: Some words.
provenance: {basis: own}
terms:
  - term: Benchmark
    definition: A marker of progress.
---
"""


def make_project(tmp_path: Path, **overrides: str) -> Path:
    """A minimal valid project; ``overrides`` replace files by relative path."""
    files = {
        "content/index.md": HOME,
        "content/steps/session.md": STEP,
        "content/activities/talk.md": ACTIVITY,
        "content/guide/words.md": GUIDE,
    }
    files.update(overrides)
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "content" / "templates").mkdir(exist_ok=True)
    (tmp_path / "slides").mkdir(exist_ok=True)
    return tmp_path


def check(project: Path) -> tuple[int, list[str]]:
    result = run_toolkit("check", cwd=project)
    return result.returncode, [line for line in result.stderr.splitlines() if line]


def test_minimal_project_is_valid(tmp_path: Path) -> None:
    code, lines = check(make_project(tmp_path))
    assert code == 0, lines
    assert lines == ["Content is valid: 1 steps, 1 activities, 1 guide pages, 0 templates, 0 decks."]


def test_shipped_content_is_valid() -> None:
    result = run_toolkit("check")
    assert result.returncode == 0, result.stderr
    assert "Content is valid" in result.stderr


@pytest.mark.parametrize(
    ("rel", "old", "new", "expected"),
    [
        # a required key is missing: reported at the start of the front matter
        ("content/steps/session.md", "summary: A one-hour session.\n", "",
         "content/steps/session.md:2: missing required key 'summary' (text)"),
        # an unknown key, at its own line
        ("content/steps/session.md", "duration: 60\n", "duration: 60\nminuets: 5\n",
         "content/steps/session.md:6: unknown key 'minuets' (known keys: "),
        # a wrong type, at the value's line
        ("content/steps/session.md", "duration: 60", "duration: sixty",
         "content/steps/session.md:5: expected a whole number, found text"),
        # the run of show does not add up to the duration
        ("content/steps/session.md", "minutes: 50", "minutes: 45",
         "content/steps/session.md:8: run of show adds up to 55 minutes but the duration is 60"),
        # activity steps do not add up
        ("content/activities/talk.md", "minutes: 6", "minutes: 7",
         "content/activities/talk.md:7: activity steps add up to 11 minutes but the duration is 10"),
        # a reference to a module that does not exist
        ("content/steps/session.md", "activities: [talk]", "activities: [talk, chat]",
         "content/steps/session.md:6: unknown activity 'chat' in activities (known: talk)"),
        # a run-of-show segment naming an unknown activity
        ("content/steps/session.md", "activity: talk", "activity: walk",
         "content/steps/session.md:12: unknown activity 'walk' in run of show"),
        # a link in the body that resolves to no page
        ("content/steps/session.md", "../guide/words.md", "../guide/wordz.md",
         "content/steps/session.md:17: link to '../guide/wordz.md' does not resolve to a page"),
        # broken YAML syntax
        ("content/activities/talk.md", 'prompts: ["What did you hear?"]', 'prompts: ["What did',
         "content/activities/talk.md:12: invalid YAML"),
        # no front matter at all
        ("content/guide/words.md", "---\nid: words", "id: words",
         "content/guide/words.md:1: missing front matter"),
        # id and file name disagree
        ("content/guide/words.md", "id: words", "id: vocabulary",
         "content/guide/words.md:2: id 'vocabulary' must match the file name 'words'"),
        # the same key twice
        ("content/guide/words.md", "title: Words\n", "title: Words\ntitle: Terms\n",
         "content/guide/words.md:4: duplicate key 'title'"),
        # a segment's minutes must be a whole number above zero
        ("content/steps/session.md", "minutes: 50", "minutes: 0",
         "content/steps/session.md:11: must be at least 1, found 0"),
    ],
)
def test_content_error_is_reported_with_path_and_line(
    tmp_path: Path, rel: str, old: str, new: str, expected: str
) -> None:
    originals = {"content/steps/session.md": STEP, "content/activities/talk.md": ACTIVITY,
                 "content/guide/words.md": GUIDE}
    assert old in originals[rel]
    project = make_project(tmp_path, **{rel: originals[rel].replace(old, new, 1)})
    code, lines = check(project)
    assert code == 1
    assert any(line.startswith(expected) for line in lines), lines


def test_every_error_is_reported_in_one_run(tmp_path: Path) -> None:
    step = STEP.replace("duration: 60", "duration: sixty").replace("title: Opening", "titel: Opening")
    activity = ACTIVITY.replace("summary: Talk in pairs.\n", "")
    project = make_project(tmp_path, **{"content/steps/session.md": step,
                                        "content/activities/talk.md": activity})
    code, lines = check(project)
    assert code == 1
    assert len(lines) >= 3, lines
    assert not any("Traceback" in line for line in lines)


def test_missing_content_folder_is_a_clear_error(tmp_path: Path) -> None:
    code, lines = check(tmp_path)
    assert code == 1
    assert lines == [
        f"content: no content folder in {tmp_path.resolve()}: run toolkit from the "
        "project folder (the one holding mkdocs.yml, content/ and slides/), or name that folder "
        "with --project DIR"]


DISTRICT_ERRORS = [
    ("name: 'A'\nplan_year: 2026-2027\nbogus: 1\n", "district.yml:3: unknown key 'bogus'"),
    ("name: 'A'\nplan_year: '2026'\n", "district.yml:2: '2026' is not valid: write the school year"),
    ("name: 'A'\nplan_year: 2026-2027\nsession:\n  small_groups: four\n",
     "district.yml:4: expected a whole number, found text"),
    ("name: 'A'\nplan_year: 2026-2027\nsession:\n  date: 2026-13-45\n",
     "district.yml:4: expected a date written as YYYY-MM-DD"),
    ("name: 'A'\nplan_year: 2026-2027\nbranding:\n  primary_color: '#ffcc00'\n",
     "district.yml:4: primary_color #ffcc00 has a contrast of 1.5:1 with white"),
    ("name: 'A'\nplan_year: 2026-2027\nbranding:\n  logo: missing.png\n  logo_alt: Logo\n",
     "district.yml:4: file 'missing.png' not found"),
    ("name: [unclosed\n", "district.yml:2: invalid YAML"),
    ("plan_year: 2026-2027\n", "district.yml:1: missing required key 'name'"),
    ("name: '" + "x" * 301 + "'\nplan_year: 2026-2027\n",
     "district.yml:1: is 301 characters long; at most 300 are allowed"),
    ("- just\n- a list\n", "district.yml:1: expected a mapping of keys to values, found a list"),
]


@pytest.mark.parametrize(("text", "expected"), DISTRICT_ERRORS)
def test_bad_district_file_fails_build_and_keeps_previous_output(
    tmp_path: Path, text: str, expected: str
) -> None:
    out = tmp_path / "out"
    marker = out / "site" / "index.html"
    marker.parent.mkdir(parents=True)
    marker.write_text("previous build", encoding="utf-8")
    (tmp_path / "district.yml").write_text(text, encoding="utf-8")
    result = run_toolkit("build", "--project", str(ROOT), "--district", "district.yml",
                         "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(expected), result.stderr
    assert "Traceback" not in result.stderr
    assert marker.read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in out.iterdir()) == ["site"]


def test_usage_error_exits_2() -> None:
    assert run_toolkit("build", "--bogus").returncode == 2
    assert run_toolkit().returncode == 2


def test_minimal_district_file_needs_only_name_and_year(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (tmp_path / "district.yml").write_text("name: Marlowe\nplan_year: 2026-2027\n", encoding="utf-8")
    result = run_toolkit("check", "--district", "district.yml", cwd=project)
    assert result.returncode == 0, result.stderr


# -- timings are data, and check holds them together ---------------------------------------

SOURCES = """\
sources:
  - id: a-guide
    title: "A Guide to Planning"
    publisher: "A Department"
"""


def check_with(tmp_path: Path, district: str | None = None, **overrides: str) -> tuple[int, list[str]]:
    project = make_project(tmp_path, **overrides)
    args = ["check"]
    if district is not None:
        (project / "district.yml").write_text(district, encoding="utf-8")
        args += ["--district", "district.yml"]
    result = run_toolkit(*args, cwd=project)
    return result.returncode, [line for line in result.stderr.splitlines() if line]


def test_a_segment_must_take_the_minutes_of_the_activity_it_runs(tmp_path: Path) -> None:
    """A contradiction introduced on purpose: the activity grows, the run of show does not."""
    activity = ACTIVITY.replace("duration: 10", "duration: 12").replace("minutes: 6", "minutes: 8")
    code, lines = check_with(tmp_path, **{"content/activities/talk.md": activity})
    assert code == 1
    assert lines[0].startswith("content/steps/session.md:12: segment 'talk' runs activity 'talk' in "
                               "10 minutes, but the activity's steps add up to 12"), lines


SHORTENED = STEP.replace("""    minutes: 50
  - id: talk
    title: Talking
    minutes: 10
    activity: talk""", """    minutes: 55
  - id: talk
    title: Talking
    minutes: 5
    activity: talk
    activity_steps:
      - step: Pair up
        minutes: 2
      - step: Share
        minutes: 3""")


def test_a_shortened_round_lists_its_steps_and_adds_up(tmp_path: Path) -> None:
    code, lines = check_with(tmp_path, **{"content/steps/session.md": SHORTENED})
    assert code == 0, lines
    wrong_sum = SHORTENED.replace("        minutes: 3", "        minutes: 4")
    code, lines = check_with(tmp_path, **{"content/steps/session.md": wrong_sum})
    assert code == 1
    assert "runs steps of 'talk' that add up to 6 minutes, but the segment has 5" in lines[0]
    renamed = SHORTENED.replace("- step: Share", "- step: Discuss")
    code, lines = check_with(tmp_path, **{"content/steps/session.md": renamed})
    assert code == 1
    assert lines[0].startswith("content/steps/session.md:19: 'Discuss' is not a step of activity "
                               "'talk' (its steps: Pair up; Share)"), lines
    longer = (SHORTENED.replace("        minutes: 2\n", "        minutes: 5\n")
              .replace("    minutes: 55\n", "    minutes: 52\n")
              .replace("    minutes: 5\n    activity", "    minutes: 8\n    activity"))
    code, lines = check_with(tmp_path, **{"content/steps/session.md": longer})
    assert code == 1
    assert any("'Pair up' gets 5 minutes here but 4 in activity 'talk'" in line for line in lines), lines


def test_a_duration_note_must_hold_the_minutes(tmp_path: Path) -> None:
    step = STEP.replace("duration: 60\n", "duration: 60\nduration_note: about 2 hours\n")
    code, lines = check_with(tmp_path, **{"content/steps/session.md": step})
    assert code == 1
    assert lines[0].startswith("content/steps/session.md:6: duration_note 'about 2 hours' does not "
                               "contain the 60 minutes of 'session'"), lines
    fits = STEP.replace("duration: 60\n", "duration: 60\nduration_note: 45 to 60 minutes\n")
    assert check_with(tmp_path, **{"content/steps/session.md": fits})[0] == 0


def test_a_total_in_prose_is_computed_from_the_minutes(tmp_path: Path) -> None:
    from toolkit.model import load_content

    step = STEP.replace("summary: A one-hour session.", "summary: A {{ span session }} session.")
    step = step.replace("See [the activity]", "Both take {{ time session + talk }}; the talk "
                                              "{{ minutes session/talk }}. See [the activity]")
    project = make_project(tmp_path, **{"content/steps/session.md": step})
    module = load_content(project).modules["session"]
    assert module.summary == "A 1-hour session."
    assert module.body.startswith("Both take 1 hour 10 minutes; the talk 10 minutes.")
    bad = step.replace("{{ time session + talk }}", "{{ time session + tlak }}")
    code, lines = check_with(tmp_path, **{"content/steps/session.md": bad})
    assert code == 1
    assert "'tlak' is not a module with minutes" in lines[0], lines


def test_a_duration_left_out_is_the_sum_of_the_minutes(tmp_path: Path) -> None:
    from toolkit.model import load_content

    project = make_project(tmp_path, **{
        "content/steps/session.md": STEP.replace("duration: 60\n", ""),
        "content/activities/talk.md": ACTIVITY.replace("duration: 10\n", "")})
    content = load_content(project)
    assert (content.modules["session"].duration, content.modules["talk"].duration) == (60, 10)


PER_GROUP = STEP.replace("    activity: talk\n", """    activity: talk
    per_group:
      count: small_groups
      minutes: 2
      within: Share
""")


def test_turns_per_group_warn_when_the_district_has_too_many_groups(tmp_path: Path) -> None:
    district = "name: Marlowe\nplan_year: 2026-2027\nsession:\n  small_groups: {n}\n"
    code, lines = check_with(tmp_path, district.format(n=3), **{"content/steps/session.md": PER_GROUP})
    assert code == 0 and len(lines) == 1, lines
    code, lines = check_with(tmp_path, district.format(n=4), **{"content/steps/session.md": PER_GROUP})
    assert code == 0
    assert lines[0] == ("district.yml:3: warning: 4 small groups x 2 minutes each = 8 minutes, but "
                        "'Share' of 'A session' has 6: at most 3 small groups fit; shorten each turn, "
                        "give the segment more time, or form fewer groups"), lines
    unknown = PER_GROUP.replace("within: Share", "within: Reports")
    code, lines = check_with(tmp_path, **{"content/steps/session.md": unknown})
    assert code == 1
    assert "per_group within 'Reports': no such step in this segment" in lines[0], lines


# -- provenance ---------------------------------------------------------------------------


def test_provenance_names_only_known_sources_and_quotes_what_the_page_says(tmp_path: Path) -> None:
    def guide(provenance: str) -> str:
        return GUIDE.replace("provenance: {basis: own}", provenance)

    ok = guide("provenance: {basis: adapts, sources: [a-guide], quotes: ['A marker of progress']}")
    assert check_with(tmp_path, **{"content/sources.yml": SOURCES, "content/guide/words.md": ok})[0] == 0
    for provenance, message in [
        ("provenance: {basis: follows, sources: [b-guide]}", "unknown source 'b-guide'"),
        ("provenance: {basis: own, sources: [a-guide]}", "names no source"),
        ("provenance: {basis: adapts}", "content that adapts a source names it in 'sources'"),
        ("provenance: {basis: adapts, sources: [a-guide], quotes: ['Not on the page']}",
         "quote not found in this page's text: 'Not on the page'"),
        ("provenance: {basis: borrows}", "expected one of follows, adapts, own"),
    ]:
        code, lines = check_with(tmp_path, **{"content/sources.yml": SOURCES,
                                              "content/guide/words.md": guide(provenance)})
        assert code == 1, provenance
        assert lines[0].startswith("content/guide/words.md:5: ") and message in lines[0], lines


def test_content_without_provenance_is_warned_about(tmp_path: Path) -> None:
    code, lines = check_with(tmp_path, **{"content/guide/words.md": GUIDE.replace(
        "provenance: {basis: own}\n", "")})
    assert code == 0
    assert lines[0] == ("content/guide/words.md:2: warning: 'words' does not say where it comes "
                        "from: add a 'provenance' (basis follows, adapts or own)"), lines
