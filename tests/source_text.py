"""Comparing the guide's words with the source documents' words.

The sources (``../shared/sources/`` beside the project) are reference
material the project does not ship. What the tests need from them is kept in
``tests/data/source-fingerprints.txt``: a short hash of every run of
:data:`RUN` consecutive words in each source, so the copy test works in a
fresh clone without the sources, and the texts are not repeated here.

Regenerate the fingerprints after the sources change::

    python -m tests.source_text --write [SOURCES_FOLDER]
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FINGERPRINTS = ROOT / "tests" / "data" / "source-fingerprints.txt"
#: Copying this many words in a row from a source is copying a passage.
RUN = 12

_WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)*")


def sources_folder() -> Path:
    """Where the source documents are: ``$TOOLKIT_SOURCES`` or ``../shared/sources``."""
    given = os.environ.get("TOOLKIT_SOURCES")
    return Path(given) if given else ROOT.parent / "shared" / "sources"


def words(text: str) -> list[str]:
    """Lower-case words, with Markdown link targets dropped and apostrophes removed."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return [w.replace("'", "").replace("\u2019", "") for w in _WORD.findall(text.lower())]


def run_hash(run: Iterable[str]) -> str:
    return hashlib.blake2b(" ".join(run).encode("utf-8"), digest_size=6).hexdigest()


def runs(tokens: list[str], size: int = RUN) -> Iterator[tuple[int, str]]:
    """(start, hash) of every run of ``size`` words."""
    for start in range(len(tokens) - size + 1):
        yield start, run_hash(tokens[start:start + size])


# -- the fingerprint file ------------------------------------------------------------------


def make_fingerprints(folder: Path, files: list[str]) -> str:
    lines = [f"# {RUN}-word runs of the source documents, hashed; see tests/source_text.py"]
    for name in sorted(files):
        data = (folder / name).read_bytes()
        lines.append(f"# file {name} sha256 {hashlib.sha256(data).hexdigest()}")
    hashes = set()
    for name in files:
        hashes.update(h for _, h in runs(words((folder / name).read_text(encoding="utf-8"))))
    return "\n".join(lines + sorted(hashes)) + "\n"


def read_fingerprints() -> tuple[dict[str, str], set[str]]:
    """The files the fingerprints were made from (name -> sha256) and the hashes."""
    files: dict[str, str] = {}
    hashes: set[str] = set()
    for line in FINGERPRINTS.read_text(encoding="utf-8").splitlines():
        if line.startswith("# file "):
            _, _, name, _, digest = line.split()
            files[name] = digest
        elif line and not line.startswith("#"):
            hashes.add(line)
    return files, hashes


def source_files() -> list[str]:
    """The files content/sources.yml says hold each source's text."""
    data = yaml.safe_load((ROOT / "content" / "sources.yml").read_text(encoding="utf-8"))
    return [s["file"] for s in data["sources"] if s.get("file")]


# -- the content's own words ------------------------------------------------------------------


def strings(value: Any, provenance: dict[str, Any] | None = None
            ) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every string value in loaded YAML (keys are names, not prose), each with the
    provenance that covers it: a mapping's own ``provenance`` mapping adds its sources
    and quotes to those of the mappings around it, and is not prose itself."""
    provenance = provenance or {}
    if isinstance(value, str):
        yield value, provenance
    elif isinstance(value, dict):
        own = value.get("provenance")
        if isinstance(own, dict):
            provenance = {
                "sources": [*(provenance.get("sources") or []), *(own.get("sources") or [])],
                "quotes": [*(provenance.get("quotes") or []), *(own.get("quotes") or [])],
            }
        for key, item in value.items():
            if key != "provenance":
                yield from strings(item, provenance)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item, provenance)


def content_files() -> list[Path]:
    files = sorted((ROOT / "content").rglob("*.md")) + sorted((ROOT / "content").rglob("*.yml"))
    return files + sorted((ROOT / "slides").glob("*.yml"))


def read_piece(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """A content file's prose, one string per value, each with the provenance that
    covers it (the file's own, and any a mapping inside it declares).

    Provenance itself (its quotes above all) is not prose the reader sees as the
    page's own words, so it is left out; so is the list of sources.
    """
    if path.name == "sources.yml":
        return []
    text = path.read_text(encoding="utf-8")
    body = ""
    if path.suffix == ".md":
        match = re.match(r"---\n(.*?)\n---\n?(.*)", text, re.S)
        meta_text, body = (match.group(1), match.group(2)) if match else ("", text)
        meta = yaml.safe_load(meta_text) or {}
    else:
        meta = yaml.safe_load(text) or {}
    found = list(strings(meta))
    if body.strip():
        own = meta.get("provenance") if isinstance(meta, dict) else None
        found.append((body, own if isinstance(own, dict) else {}))
    return found


@lru_cache(maxsize=1)
def declared_sources() -> tuple[dict[str, Any], ...]:
    data = yaml.safe_load((ROOT / "content" / "sources.yml").read_text(encoding="utf-8"))
    return tuple(data["sources"])


def allowed_phrases(provenance: dict[str, Any]) -> list[list[str]]:
    """What a piece may repeat word for word: every source's title and names of
    things, the passages of the sources it credits, and the quotes it declares."""
    return list(_allowed(tuple(provenance.get("sources") or []),
                         tuple(provenance.get("quotes") or [])))


@lru_cache(maxsize=256)
def _allowed(cited_ids: tuple[str, ...], quotes: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    provenance = {"sources": cited_ids, "quotes": quotes}
    cited = set(cited_ids)
    phrases = []
    for source in declared_sources():
        phrases.append(source["title"])
        phrases += source.get("names") or []
        if source["id"] in cited:
            phrases += source.get("passages") or []
    phrases += provenance.get("quotes") or []
    return tuple(tuple(w) for w in (words(p) for p in phrases) if w)


def _mark(tokens: list[str], phrase: Sequence[str], marks: list[bool]) -> None:
    size = len(phrase)
    phrase = list(phrase)
    first = phrase[0]
    for start in range(len(tokens) - size + 1):
        if tokens[start] == first and tokens[start:start + size] == phrase:
            for i in range(start, start + size):
                marks[i] = True


def copied_runs(text: str, hashes: set[str], allowed: Sequence[Sequence[str]],
                size: int = RUN) -> list[str]:
    """Passages of ``text`` that repeat a source for ``size`` words or more.

    A passage is a stretch of words covered by runs found in the sources;
    words inside ``allowed`` phrases (names of things, declared quotes) do not
    count towards its length.
    """
    tokens = words(text)
    covered = [False] * len(tokens)
    for start, digest in runs(tokens, size):
        if digest in hashes:
            for i in range(start, start + size):
                covered[i] = True
    if not any(covered):
        return []
    exempt = [False] * len(tokens)
    for phrase in allowed:
        _mark(tokens, phrase, exempt)
    # Part of an allowed passage, as long as a run, is as allowed as the whole.
    allowed_runs = _runs_of(tuple(tuple(p) for p in allowed), size)
    for start, digest in runs(tokens, size):
        if digest in allowed_runs:
            for i in range(start, start + size):
                exempt[i] = True
    found = []
    i = 0
    while i < len(tokens):
        if not covered[i]:
            i += 1
            continue
        j = i
        while j < len(tokens) and covered[j]:
            j += 1
        counted = sum(1 for k in range(i, j) if not exempt[k])
        if counted >= size:
            found.append(" ".join(tokens[i:j]))
        i = j
    return found


@lru_cache(maxsize=256)
def _runs_of(phrases: tuple[tuple[str, ...], ...], size: int) -> frozenset[str]:
    return frozenset(digest for phrase in phrases for _, digest in runs(list(phrase), size))


if __name__ == "__main__":
    if sys.argv[1:2] != ["--write"]:
        sys.exit("usage: python -m tests.source_text --write [SOURCES_FOLDER]")
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else sources_folder()
    FINGERPRINTS.write_text(make_fingerprints(folder, source_files()), encoding="utf-8")
    print(f"wrote {FINGERPRINTS}")
