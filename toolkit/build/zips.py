"""Byte-stable Office packages (.pptx, .docx), shared by the deck and document renderers.

python-pptx and python-docx stamp each zip entry with the current time; the
same deck or document must give the same bytes, so every package is rewritten
with one fixed timestamp, fixed attributes and a stable entry order.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable


def zip_timestamp(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """Zip stores local-less dates from 1980 on, in two-second steps."""
    when = max(when.replace(tzinfo=None), dt.datetime(1980, 1, 1))
    return (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)


def normalized_zip(data: bytes, when: dt.datetime, replaced: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a package with fixed timestamps and attributes, entries in a stable order.

    ``[Content_Types].xml`` comes first, as Office writes it; the rest keep
    the library's order, which follows the package's relationships and is the
    same on every run. ``replaced`` swaps the bytes of named entries.
    """
    replaced = replaced or {}
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        return package_bytes(((name, replaced.get(name) or source.read(name)) for name in names), when)


def package_bytes(entries: Iterable[tuple[str, bytes]], when: dt.datetime) -> bytes:
    """A package from ``(name, bytes)`` entries, compressed once, byte-stable.

    Used directly by renderers that can hand over their parts, which saves
    compressing every part twice (once by the library, once here).
    """
    date_time = zip_timestamp(when)
    items = sorted(entries, key=lambda entry: entry[0] != "[Content_Types].xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in items:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            target.writestr(info, blob, compresslevel=6)
    return out.getvalue()
