"""The one place the toolkit reaches around WeasyPrint's public API: how it is imported.

WeasyPrint loads Pango, HarfBuzz and fontconfig with cffi, trying for each
library Windows and macOS names before the Linux soname
(``libpango-1.0.so.0``). cffi hands every name the dynamic loader does not
know to ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p`` and
then the C compiler to look for it: about 0.3 s, a third of the whole import,
paid by every process that prints. Each list ends with the Linux soname,
which the loader finds directly, so :func:`load_weasyprint` makes that search
fail at once while WeasyPrint is imported, and puts it back straight after.

Should that load nothing on some other system, the import is run again the
ordinary way. Everything else the PDF renderer does goes through
WeasyPrint's public API (``HTML``, ``CSS``, ``FontConfiguration``,
``Document.copy``, ``write_pdf``); :func:`toolkit.documents.pdf.reference_pdf_bytes`
prints through it alone, after a plain ``import weasyprint``, and
``tests/test_pdf_reference.py`` checks the two give the same PDFs and load
the same libraries.
"""

from __future__ import annotations

import sys
from functools import cache
from types import ModuleType


@cache
def load_weasyprint() -> ModuleType:
    """WeasyPrint, imported without ctypes' slow search for shared libraries (Linux)."""
    if not sys.platform.startswith("linux") or "weasyprint" in sys.modules:
        import weasyprint as module

        return module
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint as module
    except OSError:
        for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = search
        import weasyprint as module
    finally:
        ctypes.util.find_library = search
    return module
