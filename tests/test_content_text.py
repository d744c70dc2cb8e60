"""The guide's own words: the content modules a facilitator reads.

Two kinds of check. The first reads ``content/`` through the content model and
holds the modules to the contract others build against (the decks follow the
runs of show segment by segment) and to the writing rules (plain Markdown, one
or two sentence summaries, a glossary that covers the vocabulary). The second
builds the site once and reads the pages back, so that what is asserted is the
text a facilitator actually sees, and every link on those pages leads
somewhere.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ROOT, run_toolkit
from toolkit.model import load_content
from toolkit.model.content import Content
from toolkit.model.modules import Activity, Module, Page, Step

STEPS = {
    "prioritize-initiatives": 0,
    "introduce-benchmarks": 1,
    "action-planning-workshops": 2,
    "review-draft-plan": 3,
    "monitor-progress": 4,
}
ACTIVITIES = [
    "set-norms",
    "swot-analysis",
    "early-evidence-brainstorm",
    "early-evidence-share",
    "action-planning-workshop",
    "review-protocol",
]
GUIDE = {
    "planning-framework": 1,
    "when-to-plan": 2,
    "logic-model": 3,
    "smart-goals": 4,
    "systemic-vs-project": 5,
    "follow-up-calendar": 6,
    "glossary": 7,
}

#: The benchmark session deck is built against these segments: (id, title, minutes, activity).
BENCHMARK_SESSION = [
    ("welcome", "Welcome and purpose", 5, None),
    ("action-plan-elements", "Action plan elements", 8, None),
    ("implementation-benchmarks", "Implementation benchmarks", 10, None),
    ("brainstorm", "Early evidence of change brainstorming", 17, "early-evidence-brainstorm"),
    ("group-share", "Early evidence group share", 15, "early-evidence-share"),
    ("next-steps", "Next steps: the action planning workshops", 5, None),
]
#: ... and the workshop deck against these: (id, minutes, activity).
WORKSHOP = [
    ("launch", 10, None),
    ("roles", 5, "action-planning-workshop"),
    ("process-benchmarks", 30, "action-planning-workshop"),
    ("early-evidence", 20, "action-planning-workshop"),
    ("resources", 10, "action-planning-workshop"),
    ("initial-review", 15, "review-protocol"),
]


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(ROOT)


def ours(content: Content) -> list[Module]:
    """The modules this file is about: home, steps, activities and guide pages."""
    return sorted(content.modules.values(), key=lambda m: m.src_uri)


def step(content: Content, step_id: str) -> Step:
    module = content.modules[step_id]
    assert isinstance(module, Step), step_id
    return module


# --- the contract -----------------------------------------------------------------


def test_every_agreed_module_exists_where_others_expect_it(content: Content) -> None:
    assert content.modules["index"].src_uri == "index.md"
    for module_id, order in STEPS.items():
        module = content.modules[module_id]
        assert (module.src_uri, module.order) == (f"steps/{module_id}.md", order)
    for module_id in ACTIVITIES:
        assert content.modules[module_id].src_uri == f"activities/{module_id}.md"
    for module_id, order in GUIDE.items():
        module = content.modules[module_id]
        assert (module.src_uri, module.order) == (f"guide/{module_id}.md", order)


def test_benchmark_session_run_of_show_is_what_the_deck_follows(content: Content) -> None:
    session = step(content, "introduce-benchmarks")
    assert session.duration == 60
    assert session.decks == ["benchmark-session"]
    got = [(s.id, s.title, s.minutes, s.activity) for s in session.run_of_show]
    assert got == BENCHMARK_SESSION


def test_workshop_run_of_show_is_what_the_deck_follows(content: Content) -> None:
    workshop = step(content, "action-planning-workshops")
    assert (workshop.duration, workshop.duration_note) == (90, "1 to 1.5 hours")
    assert workshop.decks == ["action-planning-workshop"]
    got = [(s.id, s.minutes, s.activity) for s in workshop.run_of_show]
    assert got == WORKSHOP
    assert sum(s.minutes for s in workshop.run_of_show) == workshop.duration


def test_every_segment_tells_the_facilitator_what_to_do(content: Content) -> None:
    for session in content.steps:
        for segment in session.run_of_show:
            words = segment.facilitator.split()
            assert len(words) >= 15, f"{session.id}/{segment.id}: too thin to run from"
            # Instructions start with what to do, not with a description.
            assert words[0][0].isupper(), f"{session.id}/{segment.id}"


def test_activities_are_timed_step_by_step(content: Content) -> None:
    for module_id in ACTIVITIES:
        activity = content.modules[module_id]
        assert isinstance(activity, Activity)
        assert activity.duration and activity.steps, module_id
        assert sum(s.minutes for s in activity.steps) == activity.duration, module_id
        for activity_step in activity.steps:
            assert len(activity_step.instructions.split()) >= 8, (module_id, activity_step.title)
        prompts = [p for s in activity.steps for p in s.prompts]
        assert prompts, f"{module_id}: the facilitator needs questions to ask"
        assert all(p.rstrip().endswith("?") for p in prompts), module_id


def test_session_activities_fit_their_segments(content: Content) -> None:
    """An activity run inside a segment takes the segment's minutes, step by step."""
    from toolkit.model.timing import run_minutes

    for session in content.steps:
        for segment in session.run_of_show:
            if not segment.activity:
                continue
            activity = content.modules[segment.activity]
            assert isinstance(activity, Activity)
            if segment.activity_steps:
                got = sum(run_minutes(s, activity) for s in segment.activity_steps)
            else:
                got = activity.step_minutes
            assert got == segment.minutes, (session.id, segment.id)


# --- the facts the sources fix ---------------------------------------------------------


def text_of(module: Module) -> str:
    """Everything a reader of the module's page sees, as one lower-case string."""
    parts = [module.title, module.summary, module.purpose, module.audience or "", module.body,
             module.duration_note or ""]
    parts += module.materials + module.facilitator_notes
    if isinstance(module, Step):
        parts += [f"{s.title} {s.facilitator}" for s in module.run_of_show]
    if isinstance(module, Activity):
        parts += [f"{s.title} {s.instructions} {' '.join(s.prompts)}" for s in module.steps]
    if isinstance(module, Page):
        parts += [f"{t.term} {t.definition}" for t in module.terms]
    return re.sub(r"\s+", " ", " ".join(parts)).lower()


@pytest.mark.parametrize(
    ("module_id", "phrases"),
    [
        ("action-planning-workshops", ["leader", "recorder", "timekeeper", "laptop",
                                       "1 to 1.5 hours", "2.5 hours", "revised", "continuity",
                                       "evaluation", "other plans"]),
        ("review-draft-plan", ["may be run more than once", "checklist", "district plan",
                               "approval", "who reviews whom"]),
        ("review-protocol", ["toolkit's version", "clarifying questions", "warm feedback",
                             "cool feedback", "reflection", "next steps"]),
        ("when-to-plan", ["resources", "at least one measure of implementation", "owner",
                          "deadline", "order they will be completed", "new strategies",
                          "existing"]),
        ("monitor-progress", ["publicly reporting", "status", "revises the district plan"]),
        ("swot-analysis", ["planning practice and culture", "strengths", "weaknesses",
                           "opportunities", "threats"]),
        ("planning-framework", ["mission", "core values", "vision", "theory of action",
                                "strategic objectives", "strategic initiatives", "outcomes",
                                "process benchmarks", "early evidence of change benchmarks",
                                "resources", "create", "align", "implement"]),
        ("logic-model", ["inputs", "outputs", "outcomes", "impact", "problem statements",
                         "measures of implementation", "measures of change", "goals"]),
        ("smart-goals", ["specific", "measurable", "actionable", "reasonable", "time-bound"]),
        ("systemic-vs-project", ["systemic", "project-specific"]),
        ("introduce-benchmarks", ["norms", "process benchmark", "early evidence of change",
                                  "small groups"]),
    ],
)
def test_module_covers_what_the_sources_say(content: Content, module_id: str,
                                            phrases: list[str]) -> None:
    text = text_of(content.modules[module_id])
    missing = [p for p in phrases if p.lower() not in text]
    assert not missing, f"{module_id} never mentions {missing}"


def test_owner_is_one_named_person_everywhere_it_is_defined(content: Content) -> None:
    glossary = content.modules["glossary"]
    assert isinstance(glossary, Page)
    owner = next(t for t in glossary.terms if t.term == "Owner")
    assert "one person" in owner.definition
    assert "one owner" in text_of(content.modules["action-planning-workshop"])


def test_glossary_is_alphabetical_and_covers_the_vocabulary(content: Content) -> None:
    glossary = content.modules["glossary"]
    assert isinstance(glossary, Page)
    terms = [t.term for t in glossary.terms]
    assert len(terms) >= 20
    assert terms == sorted(terms, key=str.lower), "the page says terms are alphabetical"
    assert len(set(terms)) == len(terms)
    for needed in ["Process benchmark", "Early evidence of change benchmark", "Owner",
                   "Action step", "Strategic initiative", "Strategic objective", "SMART goal",
                   "Measure of implementation", "Theory of action", "Resources"]:
        assert needed in terms, needed
    for term in glossary.terms:
        assert term.definition.endswith("."), term.term


# --- the writing rules -----------------------------------------------------------------


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text.strip()))


def test_summaries_are_one_or_two_sentences(content: Content) -> None:
    for module in ours(content):
        assert 1 <= sentences(module.summary) <= 2, module.id


BANNED = {
    "raw HTML": re.compile(r"</?[a-zA-Z][^>]*>"),
    "an image": re.compile(r"!\["),
    "an external link": re.compile(r"\]\((?:https?:|//|mailto:)"),
    "an emoji shortcode": re.compile(r":[a-z0-9_+-]+:"),
    "a level-1 heading (the page title is generated)": re.compile(r"^# ", re.M),
    "an empty table cell at the start of a row (headers need text)": re.compile(r"^\|\s*\|", re.M),
}


def test_bodies_are_plain_markdown(content: Content) -> None:
    for module in ours(content):
        for what, pattern in BANNED.items():
            found = pattern.search(module.body)
            assert not found, f"{module.src_uri}: {what}: {found.group(0) if found else ''}"


def test_bodies_do_not_repeat_the_generated_lists(content: Content) -> None:
    """The page generator prints these from the front matter around the body."""
    generated = re.compile(
        r"^#+\s*(materials|hand-?outs|run of show|facilitator notes|related|steps)\s*$",
        re.I | re.M,
    )
    for module in ours(content):
        found = generated.search(module.body)
        assert not found, f"{module.src_uri}: heading '{found.group(0) if found else ''}'"


# --- the pages as built ----------------------------------------------------------------


class ArticleReader(HTMLParser):
    """Collects the visible text and the link targets of a page's article."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if self.depth and tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def read_article(page: Path) -> tuple[str, list[str]]:
    reader = ArticleReader()
    reader.feed(page.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", "".join(reader.text)), reader.links


@pytest.fixture(scope="session")
def site(generic_site: Path) -> Path:
    return generic_site


def page_of(site: Path, module: Module) -> Path:
    return (site / module.src_uri).with_suffix(".html")


def plain(markdown: str) -> str:
    """Inline Markdown as the reader sees it: no emphasis marks, one space between words."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", text)).strip()


def test_every_page_shows_its_title_summary_and_body(content: Content, site: Path) -> None:
    for module in ours(content):
        text, _ = read_article(page_of(site, module))
        assert plain(module.title) in text, module.id
        assert plain(module.summary) in text, module.id
        # The first and last paragraphs of the body reach the page intact.
        paragraphs = [p for p in module.body.split("\n\n")
                      if p.strip() and not p.lstrip().startswith(("#", "|", "-", "1.", "*", "!"))]
        for paragraph in (paragraphs[0], paragraphs[-1]):
            assert plain(paragraph) in text, f"{module.id}: {plain(paragraph)[:60]}"


def test_every_link_on_the_pages_leads_somewhere(content: Content, site: Path) -> None:
    for module in ours(content):
        page = page_of(site, module)
        _, links = read_article(page)
        assert links, module.id
        for href in links:
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc, f"{module.id}: outside link {href}"
            if not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{module.id}: {href} leads nowhere"


def test_run_of_show_page_reads_in_order(content: Content, site: Path) -> None:
    session = step(content, "introduce-benchmarks")
    text, _ = read_article(site / "facilitation" / "introduce-benchmarks-run-of-show.html")
    position = 0
    for segment in session.run_of_show:
        found = text.find(plain(segment.facilitator), position)
        assert found > position, f"{segment.id} is missing or out of order"
        assert text.rfind(segment.title, position, found) >= 0, segment.id
        position = found
    assert "0:55" in text, "the last segment starts at 0:55"


def test_glossary_page_lists_every_term_in_order(content: Content, site: Path) -> None:
    glossary = content.modules["glossary"]
    assert isinstance(glossary, Page)
    text, _ = read_article(page_of(site, glossary))
    position = 0
    for term in glossary.terms:
        found = text.find(plain(term.definition), position)
        assert found > position, term.term
        assert term.term in text[position:found], term.term
        position = found


# --- where the content comes from ------------------------------------------------------------


def test_every_page_template_and_deck_says_where_it_comes_from(content: Content) -> None:
    pieces = [*content.modules.values(), *content.templates.values(), *content.decks.values()]
    for piece in pieces:
        assert piece.provenance is not None, piece.id
        cited = {s.id for s in piece.provenance.cited}
        assert (piece.provenance.basis == "own") == (not cited), piece.id


def test_credit_goes_only_to_sources_that_hold_the_work(content: Content) -> None:
    """The review form, the SWOT worksheet and the roster are not in any source."""
    for template_id in ("review-feedback", "swot", "team-roster", "session-agenda", "prioritizing-grid"):
        assert content.templates[template_id].provenance.basis == "own", template_id
    assert content.templates["action-plan"].provenance.basis == "follows"
    assert [s.id for s in content.templates["action-plan-5-3-1t"].provenance.cited] == [
        "ddtt-action-plan-5-3-1t"]


def test_statements_are_those_the_sources_support(content: Content) -> None:
    when = text_of(content.modules["when-to-plan"])
    assert "a no to either question" in when and "both answers" not in when
    review = text_of(content.modules["review-draft-plan"])
    assert "may be run more than once" in review and "is run more than once" not in review
    assert "may be run more than once" in text_of(content.modules["glossary"])
    systemic = text_of(content.modules["systemic-vs-project"])
    assert "names no downside for systemic plans" in systemic
    framework = text_of(content.modules["planning-framework"])
    assert "massachusetts department of elementary and secondary education (dese)" in framework
    logic = text_of(content.modules["logic-model"])
    assert "indicate effective implementation, not interim results" in logic
    assert "measures of change** correspond to **early evidence" not in content.modules[
        "logic-model"].body


def test_the_glossary_sets_the_easily_confused_terms_side_by_side(content: Content) -> None:
    glossary = content.modules["glossary"]
    assert isinstance(glossary, Page)
    terms = {t.term: t.definition for t in glossary.terms}
    for needed in ["Performance benchmark", "Implementation benchmark", "Problem statement",
                   "Milestone", "Fidelity", "Inputs", "Outputs", "Outcomes", "Impact", "Team leader",
                   "Recorder", "Timekeeper", "Run of show", "Check-in", "Norms"]:
        assert needed in terms, needed
    assert "implementation benchmark" in terms["Performance benchmark"].lower()
    assert "performance benchmark" in terms["Implementation benchmark"].lower()
    assert "Performance benchmark and implementation benchmark" in glossary.body


def test_timings_stated_in_prose_come_from_the_minutes(content: Content) -> None:
    """The pages' totals are placeholders filled from the runs of show, never typed."""
    workshop = content.modules["action-planning-workshops"]
    session = content.modules["introduce-benchmarks"]
    assert session.summary.startswith("A 1-hour session")
    assert workshop.summary.endswith("in a 90-minute workshop, then pause for a short first review.")
    assert "take 2.5 hours of meeting time" in " ".join(workshop.facilitator_notes)
    for module in content.modules.values():
        assert "{{" not in " ".join(texts_of(module)), module.id


def texts_of(module: Module) -> list[str]:
    from toolkit.model.prose import texts

    return list(texts(module))


def test_credit_lines_reach_every_output(content: Content, site: Path) -> None:
    from docx import Document as Docx
    from pptx import Presentation
    from pypdf import PdfReader

    from toolkit.model.provenance import credit_line

    glossary = content.modules["glossary"]
    text, _ = read_article(page_of(site, glossary))
    assert "Where this comes from: " + plain(credit_line(glossary.provenance)) in text
    swot = content.templates["swot"]
    text, _ = read_article(site / "templates" / "swot.html")
    assert "Where this comes from: " + credit_line(swot.provenance) in text
    last_page = PdfReader(site / "downloads" / "templates" / "swot.pdf").pages[-1]
    pdf = " ".join(last_page.extract_text().split())
    assert "Where this comes from: Written for this toolkit." in pdf
    doc = Docx(str(site / "downloads" / "templates" / "swot.docx"))
    assert doc.paragraphs[-1].text == "Where this comes from: " + credit_line(swot.provenance)
    for deck in content.decks.values():
        prs = Presentation(str(site / "downloads" / "decks" / f"{deck.id}.pptx"))
        notes = prs.slides[len(prs.slides) - 1].notes_slide.notes_text_frame.text
        assert notes.endswith("Where this comes from: " + credit_line(deck.provenance)), deck.id


def test_follow_up_calendar_counts_weeks_without_a_date(content: Content, site: Path) -> None:
    text, _ = read_article(site / "guide" / "follow-up-calendar.html")
    assert "3 weeks before the session" in text
    assert "The day of the session" in text
    assert "Week 2 after the session" in text
    assert "Build the guide with a district file that gives the session's date" in text


def test_follow_up_calendar_gives_real_dates_from_the_session_date(district_site: Path) -> None:
    """The district's session is on Tuesday, September 15, 2026; a weekend moves to Monday."""
    text, _ = read_article(district_site / "guide" / "follow-up-calendar.html")
    assert "counted from the benchmark session on September 15, 2026" in text
    for date, what in [("Tuesday, August 25, 2026", "Choose the initiatives"),
                       ("Tuesday, September 15, 2026", "Benchmark session"),
                       ("Friday, September 25, 2026", "First action planning workshop"),
                       ("Tuesday, November 24, 2026", "First monthly check-in")]:
        assert f"{date} {what}" in text, date
    import datetime as dt

    from toolkit.model.calendar import entry_date

    assert entry_date(dt.date(2026, 9, 15), 4) == dt.date(2026, 9, 21)  # a Saturday moves to Monday


def test_follow_up_dates_move_past_the_days_the_schools_are_closed(tmp_path: Path) -> None:
    """``session.closed_days`` (holidays and breaks) move a date to the next school day."""
    district = tmp_path / "district.yml"
    district.write_text(
        'name: Marlowe\nplan_year: 2026-2027\nsession:\n  date: 2026-09-15\n  closed_days:\n'
        '    - 2026-11-24\n    - "2026-11-26 to 2026-11-27"\n    - "2026-12-21 to 2027-01-01"\n',
        encoding="utf-8")
    result = run_toolkit("build", "--district", str(district), "--out", str(tmp_path / "out"),
                         "--only", "site")
    assert result.returncode == 0, result.stderr
    text, _ = read_article(tmp_path / "out" / "site" / "guide" / "follow-up-calendar.html")
    assert "a day the schools are closed moves to the next school day" in text
    assert "Wednesday, November 25, 2026 First monthly check-in" in text  # not Tuesday the 24th
    assert "Tuesday, November 24, 2026" not in text
    assert "December 24, 2026" not in text  # day 100 falls in the winter break: January 4
    assert "Monday, January 4, 2027" in text
    assert "Friday, September 25, 2026 First action planning workshop" in text  # as before


@pytest.mark.parametrize(("entry", "message"), [
    ('"2027-01-01 to 2026-12-21"', "is not a range of days: the first date comes first"),
    ('"2026-12-21 to New Year"', "expected dates written as YYYY-MM-DD to YYYY-MM-DD"),
    ("winter break", "expected a date written as YYYY-MM-DD"),
])
def test_a_closed_day_that_is_no_date_is_an_error_at_its_line(tmp_path: Path, entry: str,
                                                                message: str) -> None:
    district = tmp_path / "district.yml"
    district.write_text(f"name: Marlowe\nplan_year: 2026-2027\nsession:\n  closed_days:\n    - {entry}\n",
                        encoding="utf-8")
    result = run_toolkit("check", "--district", str(district))
    assert result.returncode == 1
    assert "district.yml:5: " in result.stderr and message in result.stderr, result.stderr


def test_the_agenda_handout_is_the_run_of_show_with_clock_times(content: Content, tmp_path: Path) -> None:
    from toolkit.config.district import load_district
    from toolkit.documents.layout import layout

    agenda = content.templates["session-agenda"]
    session = step(content, "introduce-benchmarks")
    blank = layout(agenda).sections[0].table
    expected, start = [], 0
    for segment in session.run_of_show:
        expected.append([f"{start // 60}:{start % 60:02d}", f"{segment.title} ({segment.minutes} min)"])
        start += segment.minutes
    assert [row.cells[:2] for row in blank.rows] == expected
    path = tmp_path / "district.yml"
    path.write_text('name: Marlowe\nplan_year: 2026-2027\nsession:\n  start_time: "1:15 PM"\n',
                    encoding="utf-8")
    timed = layout(agenda, load_district(path)).sections[0].table
    assert [row.cells[0] for row in timed.rows] == [
        "1:15 PM", "1:20 PM", "1:28 PM", "1:38 PM", "1:55 PM", "2:10 PM"]
