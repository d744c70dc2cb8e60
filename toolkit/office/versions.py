"""The versions of the Office and PDF libraries the toolkit is tested with, and only those.

The Office writers (:mod:`toolkit.office.presentation`,
:mod:`toolkit.office.wordprocessing`) use private parts of python-pptx and
python-docx, and the printing worker patches how WeasyPrint loads; another
release of either may change those and write a damaged file without a word.
So ``pyproject.toml`` pins the three to the versions below, and a command
that writes files refuses to start with any other version (:func:`problems`),
saying which to install. The tests compare the fast writers with the
libraries' own public API (:mod:`toolkit.office.reference`) on these versions.
"""

from __future__ import annotations

from importlib import metadata

#: Distribution name -> the one version the toolkit is tested with (pinned in pyproject.toml).
SUPPORTED: dict[str, str] = {
    "python-pptx": "1.0.2",
    "python-docx": "1.2.0",
    "weasyprint": "70.0",
}

_WRITES = {"python-pptx": "decks", "python-docx": "DOCX templates", "weasyprint": "PDF templates"}


def problems() -> list[str]:
    """One message per library whose installed version is not the supported one."""
    found = []
    for name, wanted in SUPPORTED.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed == wanted:
            continue
        what = f"{name} {installed} is installed" if installed else f"{name} is not installed"
        found.append(f"{what}, but the toolkit writes its {_WRITES[name]} with {name} {wanted} "
                     f"only (another version could write damaged files); install it with: "
                     f"pip install '{name}=={wanted}'")
    return found
