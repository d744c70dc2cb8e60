"""The PDF fast path equals WeasyPrint's plain public API.

A build prints PDFs in a process that imported WeasyPrint through
:mod:`toolkit.documents.weasyprint_loader` (without ctypes' search for shared
libraries), parsed the stylesheet once per page size, shares one font
configuration and has printed other documents before. Here two fresh
processes print the same documents: one that way, after a warm-up, and one
that imports WeasyPrint with a plain ``import weasyprint`` and prints each
document through :func:`toolkit.documents.pdf.reference_pdf_bytes` (stylesheet
and fonts made afresh). The PDFs must be the same bytes; the processes must
have loaded the same Pango, HarfBuzz and fontconfig; and the plain process
really did search for the libraries where the fast one did not.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import pdf_layout
from tests.conftest import NASTY_DISTRICT, ROOT, toolkit_env, write_district
from tests.test_paper import plan_text

#: Run in a fresh process: print the documents, one file each, and say what was loaded.
SCRIPT = r"""
import ctypes.util, json, re, sys
from pathlib import Path

searched = []
real = ctypes.util.find_library
def counting(name):
    searched.append(name)
    return real(name)
ctypes.util.find_library = counting

mode, out, letter, a4, plan_file = sys.argv[1:6]
if mode == "reference":
    import weasyprint  # the plain, public way, before anything of the toolkit

from toolkit.config.district import load_district
from toolkit.documents import pdf
from toolkit.documents.layout import layout_copies
from toolkit.documents.plan import initiative_document
from toolkit.model.content import load_content
from toolkit.plan.model import read_plan

content = load_content(Path("."))
letter, a4 = load_district(letter), load_district(a4)
templates = content.templates
plan = read_plan(plan_file)
jobs = {
    "swot": layout_copies(templates["swot"], None, "blank"),
    "swot-poster-a4": layout_copies(templates["swot"], a4, "poster", paper="a4"),
    "action-plan-district": layout_copies(templates["action-plan"], letter, "example"),
    "brainstorm-copies-a4": layout_copies(templates["early-evidence-brainstorm"], a4, "blank", paper="a4"),
    "checklist": layout_copies(templates["action-plan-checklist"], letter, "blank"),
    "filled-plan": [initiative_document(plan, plan.initiatives[0], content, a4, paper="a4")],
}
if mode == "fast":
    pdf.warm_up("letter")
    write = pdf.pdf_bytes
else:
    write = pdf.reference_pdf_bytes
for name, docs in jobs.items():
    (Path(out) / f"{name}.pdf").write_bytes(write(docs))
maps = Path("/proc/self/maps").read_text()
libraries = sorted({m for m in re.findall(r"\S*/(lib(?:pango|harfbuzz|fontconfig|gobject)[^/\s]*)", maps)})
print(json.dumps({"searched": searched, "libraries": libraries,
                  "module": sys.modules["weasyprint"].__file__}))
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    folder = tmp_path_factory.mktemp("pdf-reference")
    a4 = NASTY_DISTRICT.replace('plan_year: "2026-2027"\n', 'plan_year: "2026-2027"\npaper_size: a4\n')
    letter_file = write_district(folder, NASTY_DISTRICT, "letter.yml")
    a4_file = write_district(folder, a4, "a4.yml")
    plan_file = folder / "plan.yml"
    plan_file.write_text(plan_text(11), encoding="utf-8")
    found = {}
    for mode in ("fast", "reference"):
        out = folder / mode
        out.mkdir()
        proc = subprocess.run(
            [sys.executable, "-c", SCRIPT, mode, str(out), str(letter_file), str(a4_file), str(plan_file)],
            cwd=ROOT, env=toolkit_env(), capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        found[mode] = (out, json.loads(proc.stdout.strip().splitlines()[-1]))
    return found


def test_fast_path_prints_the_same_pdfs_as_the_public_api(runs) -> None:  # type: ignore[no-untyped-def]
    fast, _ = runs["fast"]
    reference, _ = runs["reference"]
    names = sorted(p.name for p in fast.glob("*.pdf"))
    assert names == sorted(p.name for p in reference.glob("*.pdf")) and len(names) == 6
    for name in names:
        made, expected = (fast / name).read_bytes(), (reference / name).read_bytes()
        if made != expected:  # say what differs before failing on the bytes
            assert _content(made) == _content(expected), name
        assert made == expected, name


def _content(data: bytes) -> tuple[object, ...]:
    """What a reader gets: pages and their sizes, every tagged element with its page and text."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        boxes = [tuple(float(v) for v in page.MediaBox) for page in pdf.pages]
    tags = [(b.kind, b.page, b.text) for b in pdf_layout.blocks(data)]
    return boxes, tags


def test_both_processes_loaded_the_same_libraries(runs) -> None:  # type: ignore[no-untyped-def]
    _, fast = runs["fast"]
    _, reference = runs["reference"]
    assert fast["module"] == reference["module"]
    assert fast["libraries"] == reference["libraries"]
    assert {name.split(".so")[0] for name in fast["libraries"]} >= {
        "libpango-1.0", "libpangoft2-1.0", "libharfbuzz", "libfontconfig", "libgobject-2.0"}


def test_only_the_fast_path_skips_the_library_search(runs) -> None:  # type: ignore[no-untyped-def]
    """The loader's whole point, and the proof the reference took the ordinary way."""
    assert runs["fast"][1]["searched"] == []
    assert runs["reference"][1]["searched"]  # WeasyPrint's Windows and macOS names, looked for


def test_the_patch_lives_in_one_place() -> None:
    """Nothing else in the toolkit reaches around WeasyPrint's import."""
    users = [path.relative_to(ROOT).as_posix() for path in (ROOT / "toolkit").rglob("*.py")
             if "find_library" in path.read_text(encoding="utf-8")]
    assert users == ["toolkit/documents/weasyprint_loader.py"]
