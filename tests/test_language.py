"""US English, the project's own words, and honest credit, checked on the guide's prose.

The guide is for US districts and is written in the project's own words: the
sources (``../shared/sources/``) give facts, structure and vocabulary only.
These tests read every content file's prose (``content/``, ``slides/``):

- no British spelling from ``tests/data/british-spellings.txt``, and "school
  board", not "school committee";
- no run of 12 or more words copied from a source, outside what is declared
  as allowed in ``content/sources.yml`` (names of things anywhere; a source's
  reusable passages where the piece credits that source) and the quotes a
  piece declares in its own ``provenance``;
- every declared quote and passage really is in the source it is credited to.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import source_text as st
from tests.conftest import ROOT

SPELLINGS = ROOT / "tests" / "data" / "british-spellings.txt"
_ISE_ENDINGS = ("e", "ed", "es", "ing", "ation", "ations")


def british_words() -> dict[str, str]:
    """Each British form (with the inflections of -ise verbs) and its US form."""
    found: dict[str, str] = {}
    for line in SPELLINGS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        *british, american = line.split()
        word = " ".join(british)
        found[word] = american
        if word.endswith("ise") and " " not in word:
            stem, us_stem = word[:-1], american[:-1]
            for ending in _ISE_ENDINGS:
                found.setdefault(stem + ending[1:] if ending == "e" else stem[:-1] + "s" + ending,
                                 us_stem + ending[1:] if ending == "e" else us_stem[:-1] + "z" + ending)
    return found


def british_in(text: str, table: dict[str, str]) -> list[str]:
    lowered = text.lower()
    return [f"{word} (write {table[word]})" for word in table
            if re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", lowered)]


def prose_of_every_file() -> list[tuple[Path, str, dict]]:
    """(file, text, the provenance covering it) for every string of every content file."""
    return [(path, text, provenance) for path in st.content_files()
            for text, provenance in st.read_piece(path)]


# -- US English -----------------------------------------------------------------------


def test_the_word_list_expands_ise_verbs() -> None:
    table = british_words()
    for word, us in [("organised", "organized"), ("prioritising", "prioritizing"),
                     ("organisation", "organization"), ("practise", "practice"),
                     ("favouring", "favoring"), ("colour", "color")]:
        assert table[word] == us


def test_british_spellings_are_found_in_prose_and_code_words_are_not() -> None:
    table = british_words()
    assert british_in("Teams practise writing benchmarks, organised by initiative.", table) == [
        "practise (write practice)", "organised (write organized)"]
    assert british_in("Favouring some students; the colour of the header.", table)
    # A key or class name is not prose: only the content's words are read.
    assert not british_in("primary_color: '#1f4e79'", table)
    assert not british_in("An organized, prioritized plan in the district's colors.", table)


def test_content_is_written_in_us_english() -> None:
    table = british_words()
    problems = []
    for path, text, _ in prose_of_every_file():
        problems += [f"{path.relative_to(ROOT)}: {hit}" for hit in british_in(text, table)]
    assert not problems, "\n".join(problems)


def test_districts_have_school_boards() -> None:
    problems = [f"{path.relative_to(ROOT)}: {text[:60]!r}"
                for path, text, _ in prose_of_every_file()
                if re.search(r"school\s+committee", text, re.I)]
    assert not problems, "write 'school board':\n" + "\n".join(problems)


# -- the project's own words ------------------------------------------------------------------


@pytest.fixture(scope="module")
def source_runs() -> set[str]:
    return st.read_fingerprints()[1]


def test_a_copied_passage_is_caught_and_a_named_or_credited_one_is_not(source_runs: set[str]) -> None:
    copied = ("The framework defines two types of implementation benchmarks: process benchmarks, "
              "which define who will do what and when.")
    assert st.copied_runs(copied, source_runs, []), "a sentence lifted from Creating the Action Plan"
    own = "Process benchmarks say who does what by when; there are two kinds of benchmark."
    assert not st.copied_runs(own, source_runs, [])
    # A long name does not count towards a run; the words around it still do.
    named = ("Hand out the Action Plan Template and the Planning for Success Action Plan Review "
             "Protocol before teams start.")
    assert not st.copied_runs(named, source_runs, st.allowed_phrases({}))
    # The source's suggested slide text may be repeated where the source is credited.
    slide = ("Changes in practice, attitude, or behavior you should begin to see if the initiative "
             "is having its desired impact")
    assert st.copied_runs(slide, source_runs, st.allowed_phrases({}))
    credited = st.allowed_phrases({"sources": ["pfs-creating-the-action-plan"]})
    assert not st.copied_runs(slide, source_runs, credited)


def test_content_is_in_the_projects_own_words(source_runs: set[str]) -> None:
    problems = []
    for path, text, provenance in prose_of_every_file():
        for run in st.copied_runs(text, source_runs, st.allowed_phrases(provenance)):
            problems.append(f"{path.relative_to(ROOT)}: {run}")
    assert not problems, (
        "runs of 12 or more words copied from a source (reword them, or declare a quote in the "
        "page's provenance):\n" + "\n".join(problems))


def test_every_declared_quote_and_passage_is_in_its_source(source_runs: set[str]) -> None:
    """A quote or passage that is not in the source would excuse copying nothing, or
    credit a source for words it does not hold."""
    phrases = [(f"sources.yml: {s['id']}", p) for s in st.declared_sources()
               for p in s.get("passages") or []]
    for path, _, provenance in prose_of_every_file():
        phrases += [(str(path.relative_to(ROOT)), q) for q in provenance.get("quotes") or []]
    phrases = list(dict.fromkeys(phrases))
    wrong = []
    for where, phrase in phrases:
        tokens = st.words(phrase)
        if len(tokens) >= st.RUN and not all(h in source_runs for _, h in st.runs(tokens)):
            wrong.append(f"{where}: {phrase[:70]}")
    assert not wrong, "not found in any source:\n" + "\n".join(wrong)


def test_fingerprints_are_those_of_the_declared_sources() -> None:
    """The fingerprints cover exactly the files content/sources.yml names; where the
    sources are at hand (beside the project), they are the fingerprints of those texts."""
    files, hashes = st.read_fingerprints()
    assert sorted(files) == sorted(st.source_files())
    assert len(hashes) > 4000
    folder = st.sources_folder()
    if folder.is_dir():
        expected = st.make_fingerprints(folder, st.source_files())
        assert st.FINGERPRINTS.read_text(encoding="utf-8") == expected, (
            "the sources changed: run python -m tests.source_text --write")
