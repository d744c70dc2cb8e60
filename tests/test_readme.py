"""The README serves users first; the build's internals live in docs/internals.md.

A district's IT person reads the README to install, publish and update the
guide, so its sections are the user's, in the order they are needed, and
every link it makes to another section or document resolves.
"""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = ROOT / "README.md"
INTERNALS = ROOT / "docs" / "internals.md"


def _headings(text: str, level: str) -> list[str]:
    out, fence = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence and line.startswith(level + " "):
            out.append(line[len(level) + 1:].strip())
    return out


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_user_sections_come_first_and_internals_have_their_own_document() -> None:
    sections = _headings(README.read_text(encoding="utf-8"), "##")
    assert sections[:2] == ["Quick start", "Commands"]
    assert sections.index("Hosting and updating the guide") < sections.index("Writing content")
    assert sections[-1] == "How the toolkit works inside"
    for internal in ("Benchmark", "Fast rebuilds and the build cache", "How the code is laid out"):
        assert internal not in sections
        assert internal in _headings(INTERNALS.read_text(encoding="utf-8"), "##")


def test_hosting_section_says_how_to_publish_and_update() -> None:
    text = README.read_text(encoding="utf-8")
    hosting = text.split("## Hosting and updating the guide", 1)[1].split("\n## ", 1)[0]
    for needle in ("pip install .", "toolkit.yml", "toolkit build", "git pull", "build/site/",
                   "--confirm-drop", "file://"):
        assert needle in hosting, needle


def test_every_link_between_the_documents_resolves() -> None:
    docs = {README: README.read_text(encoding="utf-8"), INTERNALS: INTERNALS.read_text(encoding="utf-8")}
    anchors = {path: {_anchor(h) for level in ("#", "##", "###") for h in _headings(text, level)}
               for path, text in docs.items()}
    for path, text in docs.items():
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            assert linked.exists(), f"{path.name}: {target}"
            if anchor and linked in anchors:
                assert anchor in anchors[linked], f"{path.name}: {target}"
