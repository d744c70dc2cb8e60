"""Office packages made from one base many times over (decks, DOCX templates).

python-pptx and python-docx share the OPC model: a package of parts joined
by relationships. Opening the base package parses every part, and a deck or
document changes only a few of them (the main part, the properties, the
parts it adds); the masters, layouts, styles and themes it only reads. So a
renderer opens its base once and makes each document as a deep copy that
*shares* the parts no document changes (:func:`copy_sharing`), and writes
those parts' entries as serialized once from the base (:func:`unchanged`).

Both rest on the renderer naming every entry of the base that a document
may change; each renderer's tests check that its files hold exactly what the
library itself would save.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def shared_parts(parts: Iterable[Any], changing: frozenset[str]) -> dict[int, Any]:
    """A ``deepcopy`` memo in which each part not named in ``changing`` stands for itself."""
    return {id(part): part for part in parts if part.partname.membername not in changing}


def copy_sharing(document: T, shared: dict[int, Any]) -> T:
    """A copy of ``document`` that shares the parts in ``shared`` and copies the rest."""
    return copy.deepcopy(document, dict(shared))


def unchanged(entries: Iterable[tuple[str, bytes]], changing: frozenset[str]) -> dict[str, bytes]:
    """The base's entries that no document changes, by name."""
    return {name: data for name, data in entries if name not in changing}
