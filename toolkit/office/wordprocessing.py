"""Word documents (.docx) made fast, below python-docx's public API.

:mod:`toolkit.documents.docx` draws every document through python-docx
(``add_paragraph``, ``add_table``, sections, core properties) on a document
handed to it here. What is done here, python-docx would not do itself:

- **One base, copied.** The base document (with the toolkit's styles) is
  opened once per process; each document is a deep copy that shares the
  parts no document changes (styles, numbering, settings, theme, fonts:
  :mod:`toolkit.office.opc`), whose entries are serialized once.
- **Own packaging.** The package's entries, in python-docx's own order with
  its content types (its private ``_ContentTypesItem``), go to the
  byte-stable zip writer of :mod:`toolkit.office.zips`.

:func:`toolkit.office.reference.document` makes the same document by opening
the base and saving it with python-docx; the tests compare the two part by part.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from functools import lru_cache

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem

from toolkit.office import opc
from toolkit.office.zips import package_bytes

#: Entries of the base document that a document changes; the styles, numbering,
#: settings, theme and fonts it only reads are shared. Headers and footers are
#: parts each document adds.
DOCUMENT_CHANGES = frozenset({
    CONTENT_TYPES_URI.membername, "word/document.xml", "word/_rels/document.xml.rels",
    "docProps/core.xml",
})


class Base:
    """A base document opened once; documents are copies sharing what they never change."""

    def __init__(self, data: bytes) -> None:
        self.word = open_docx(io.BytesIO(data))
        self._shared = opc.shared_parts(self.word.part.package.iter_parts(), DOCUMENT_CHANGES)
        self._unchanged: dict[str, bytes] | None = None

    def copy(self) -> DocxDocument:
        return opc.copy_sharing(self.word, self._shared)

    def unchanged(self) -> dict[str, bytes]:
        """The base's entries no document changes, serialized once."""
        if self._unchanged is None:
            self._unchanged = opc.unchanged(_entries(self.copy(), {}), DOCUMENT_CHANGES)
        return self._unchanged


@lru_cache(maxsize=8)
def opened(data: bytes) -> Base:
    """The base made from ``data`` (a .docx), opened once per process."""
    return Base(data)


def write(base: bytes, draw: Callable[[DocxDocument], None], when: dt.datetime) -> bytes:
    """A document: a copy of ``base``, drawn on by ``draw``, as byte-stable .docx bytes."""
    opened_base = opened(base)
    word = opened_base.copy()
    draw(word)
    return package_bytes(_entries(word, opened_base.unchanged()), when)


def _entries(word: DocxDocument, unchanged: dict[str, bytes]) -> Iterator[tuple[str, bytes]]:
    """The package's entries in python-docx's own order, without zipping them.

    This is what ``Document.save`` writes (python-docx's PackageWriter: the
    content types, the package relationships, then each part and its
    relationships); handing them over directly saves compressing every part
    twice, and the base's ``unchanged`` entries are not serialized again.
    """
    package = word.part.package
    parts = list(package.iter_parts())
    yield CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob
    rels = PACKAGE_URI.rels_uri.membername
    yield rels, unchanged.get(rels) or package.rels.xml
    for part in parts:
        yield part.partname.membername, unchanged.get(part.partname.membername) or part.blob
        if len(part.rels):
            rels = part.partname.rels_uri.membername
            yield rels, unchanged.get(rels) or part.rels.xml
