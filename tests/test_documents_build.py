"""Templates through the command line: ``toolkit build --only templates``.

Builds run once per session in subprocesses, as a user runs them; the DOCX
files are then opened in LibreOffice (headless) and the PDFs drawn with
pdftoppm, so what is checked is what a printed page shows.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import NASTY_NAME, ROOT, run_toolkit
from toolkit.documents.layout import variants
from toolkit.errors import Problems
from toolkit.model import sitemap
from toolkit.model.templates import VARIANTS, load_templates


@pytest.fixture(scope="session")
def template_ids() -> list[str]:
    return sorted(load_templates(ROOT / "content" / "templates", Problems()))


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory, nasty_district_file: Path) -> dict[str, Path]:
    """Two generic builds in different folders and one for the nasty district."""
    out = {}
    for name, extra in (("first", []), ("second", []), ("nasty", ["--district", str(nasty_district_file)])):
        folder = tmp_path_factory.mktemp(f"build-{name}")
        result = run_toolkit("build", "--only", "templates", "--out", str(folder), *extra)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        out[name] = folder / "site"
    return out


@pytest.fixture(scope="session")
def libreoffice_pdfs(builds, template_ids, tmp_path_factory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """Every blank DOCX, and the nasty district's action plan, converted by LibreOffice."""
    out_dir = tmp_path_factory.mktemp("lo")
    sources = {tid: builds["first"] / sitemap.template_download(tid, "blank", "docx") for tid in template_ids}
    nasty = out_dir / "nasty-action-plan.docx"
    shutil.copy(builds["nasty"] / sitemap.template_download("action-plan", "blank", "docx"), nasty)
    libreoffice_to_pdf([*sources.values(), nasty], out_dir)
    pdfs = {tid: out_dir / f"{path.stem}.pdf" for tid, path in sources.items()}
    pdfs["nasty"] = out_dir / "nasty-action-plan.pdf"
    return pdfs


def libreoffice_to_pdf(documents: list[Path], out_dir: Path, *, tagged: bool = False) -> list[Path]:
    """Open each document in headless LibreOffice and print it to ``out_dir``.

    Returns the PDF paths it should have written; a file LibreOffice could not
    open is simply missing, so callers assert that each exists. ``tagged``
    PDFs carry LibreOffice's structure tree: its headings, tables and rows,
    each with its page.
    """
    profile = f"file:///tmp/lo-profile-documents-{out_dir.parent.name}-{out_dir.name}"
    target = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
              if tagged else "pdf")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
         "--outdir", str(out_dir), *map(str, documents)],
        check=True, capture_output=True, timeout=300,
    )
    return [out_dir / f"{path.stem}.pdf" for path in documents]


def test_every_template_lands_at_its_sitemap_path(builds, template_ids) -> None:  # type: ignore[no-untyped-def]
    site = builds["first"]
    templates = load_templates(ROOT / "content" / "templates", Problems())
    expected = {sitemap.template_download(tid, v, f) for tid in template_ids
                for v in variants(templates[tid]) for f in ("pdf", "docx")}
    assert "downloads/templates/swot-poster.pdf" in expected
    found = {str(p.relative_to(site)) for p in (site / "downloads" / "templates").iterdir()}
    assert found == expected


def test_builds_are_byte_identical(builds) -> None:  # type: ignore[no-untyped-def]
    first, second = builds["first"], builds["second"]
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def page_info(pdf: Path) -> tuple[int, list[tuple[float, float]]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    pages = int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            parts = line.split("size:")[1].split()
            sizes.append((float(parts[0]), float(parts[2])))
    return pages, sizes


def draw(pdf: Path, folder: Path) -> list[Image.Image]:
    """Each page as a PNG in ``folder``, as a printer would see it."""
    folder.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(folder / "page")], check=True)
    return [Image.open(p) for p in sorted(folder.glob("page-*.png"))]


def inked(image: Image.Image) -> float:
    """Share of pixels that are not paper-white: 0 means an empty page."""
    gray = image.convert("L")
    histogram = gray.histogram()
    return sum(histogram[:200]) / (gray.width * gray.height)


def test_docx_opens_in_libreoffice(libreoffice_pdfs, builds, template_ids, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_documents import squash

    for tid in template_ids:
        converted = libreoffice_pdfs[tid]
        assert converted.is_file(), f"LibreOffice could not open {tid}.docx"
        pages, sizes = page_info(converted)
        ours, our_sizes = page_info(builds["first"] / sitemap.template_download(tid, "blank", "pdf"))
        # Same paper and orientation as our PDF, and about as many pages.
        assert {(round(w), round(h)) for w, h in sizes} == {(round(w), round(h)) for w, h in our_sizes}
        assert abs(pages - ours) <= 1
        text = squash(subprocess.run(["pdftotext", "-raw", str(converted), "-"], capture_output=True,
                                     text=True, check=True).stdout)
        images = draw(converted, tmp_path / f"lo-{tid}")
        assert len(images) == pages
        assert all(inked(img) > 0.002 for img in images), tid
        assert (images[0].width > images[0].height) == (sizes[0][0] > sizes[0][1])
        # LibreOffice laid out the real tables: every column heading is there.
        from toolkit.model.templates import load_templates as _load

        template = _load(ROOT / "content" / "templates", Problems())[tid]
        for table in template.tables:
            for column in table.columns:
                assert squash(column.heading) in text
    nasty_text = subprocess.run(["pdftotext", "-raw", str(libreoffice_pdfs["nasty"]), "-"],
                                capture_output=True, text=True, check=True).stdout
    assert f"{NASTY_NAME} · Plan year 2026-2027" in nasty_text


def test_pdfs_draw_as_printed_pages(builds, template_ids, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for tid in template_ids:
        for variant in VARIANTS:
            pdf = builds["first"] / sitemap.template_download(tid, variant, "pdf")
            pages, sizes = page_info(pdf)
            images = draw(pdf, tmp_path / f"{tid}-{variant}")
            assert len(images) == pages
            for image, (width, height) in zip(images, sizes, strict=True):
                assert (image.width > image.height) == (width > height)
                assert inked(image) > 0.002


def test_nasty_district_pdf_text(builds) -> None:  # type: ignore[no-untyped-def]
    pdf = builds["nasty"] / sitemap.template_download("action-plan-5-3-1t", "blank", "pdf")
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert f"{NASTY_NAME} · Plan year 2026-2027" in text
    assert f"District/School name: {NASTY_NAME}" in text
    assert "&amp;" not in text and "&lt;" not in text


@pytest.fixture()
def project_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the project whose content a test may break."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("content", "slides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def test_malformed_template_reports_path_and_line(project_copy: Path) -> None:
    path = project_copy / "content" / "templates" / "action-plan.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    rows_line = next(i for i, line in enumerate(lines) if line.strip() == "rows: 8")
    lines[rows_line] = lines[rows_line].replace("rows: 8", "rows: eight")
    path.write_text("\n".join(lines), encoding="utf-8")
    out = project_copy / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "keep.txt").write_text("previous build", encoding="utf-8")

    result = run_toolkit("build", "--only", "templates", "--out", str(out), cwd=project_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    shown = "content/templates/action-plan.yml"
    assert f"{shown}:{rows_line + 1}: expected a whole number, found text" in result.stderr
    assert (out / "site" / "keep.txt").read_text(encoding="utf-8") == "previous build"
    assert not (out / "site" / "downloads").exists()

    check = run_toolkit("check", cwd=project_copy)
    assert check.returncode == 1
    assert f"{shown}:{rows_line + 1}: expected a whole number, found text" in check.stderr


def test_example_row_must_fit_its_table(project_copy: Path) -> None:
    path = project_copy / "content" / "templates" / "action-plan.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    example_line = next(i for i, line in enumerate(lines) if "reading-strategies/identify-strategies" in line)
    lines[example_line] = '        - ["Identify common district-wide reading strategies", "M. Edwards"]'
    lines.insert(3, "colour: blue")
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run_toolkit("check", cwd=project_copy)
    assert result.returncode == 1
    shown = "content/templates/action-plan.yml"
    assert f"{shown}:4: unknown key 'colour'" in result.stderr
    (project_copy / "content" / "templates" / "action-plan.yml").write_text(
        "\n".join(line for line in lines if line != "colour: blue"), encoding="utf-8")
    result = run_toolkit("check", cwd=project_copy)
    assert result.returncode == 1
    assert (f"{shown}:{example_line + 1}: example row has 2 cell(s) but the table has 4 column(s)"
            in result.stderr)
