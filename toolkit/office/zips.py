"""Byte-stable Office packages (.pptx, .docx), shared by the deck and document renderers.

python-pptx and python-docx stamp each zip entry with the current time; the
same deck or document must give the same bytes, so every package is written
with one fixed timestamp, fixed attributes and a stable entry order.

Most entries of a package are the same in every deck or document a process
makes (slide layouts, masters, styles, themes), so each distinct entry is
compressed once and its compressed bytes reused. :mod:`zipfile` can only
write what it compresses itself, so :func:`package_bytes` writes the few
fixed records of the zip format (APPNOTE 6.3: local headers, central
directory, end record) itself.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from collections.abc import Iterable


def zip_timestamp(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """Zip stores local-less dates from 1980 on, in two-second steps."""
    when = max(when.replace(tzinfo=None), dt.datetime(1980, 1, 1))
    return (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)


def package_bytes(entries: Iterable[tuple[str, bytes]], when: dt.datetime) -> bytes:
    """A package from ``(name, bytes)`` entries, compressed once, byte-stable.

    Used directly by renderers that can hand over their parts, which saves
    compressing every part twice (once by the library, once here).
    ``[Content_Types].xml`` comes first, the rest in the order given.
    """
    year, month, day, hour, minute, second = zip_timestamp(when)
    time = hour << 11 | minute << 5 | second // 2
    date = (year - 1980) << 9 | month << 5 | day
    items = sorted(entries, key=lambda entry: entry[0] != "[Content_Types].xml")
    out = io.BytesIO()
    directory = []
    for name, blob in items:
        crc, data = _deflated(blob)
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else _UTF8_NAME
        fields = (_VERSION, flags, zipfile.ZIP_DEFLATED, time, date, crc, len(data), len(blob),
                  len(encoded))
        directory.append(struct.pack(_CENTRAL, _CENTRAL_SIGNATURE, _VERSION, *fields, 0, 0, 0, 0,
                                     _ATTRIBUTES, out.tell()) + encoded)
        out.write(struct.pack(_LOCAL, _LOCAL_SIGNATURE, *fields, 0) + encoded)
        out.write(data)
    start = out.tell()
    for record in directory:
        out.write(record)
    out.write(struct.pack(_END, _END_SIGNATURE, 0, 0, len(directory), len(directory),
                          out.tell() - start, start, 0))
    return out.getvalue()


_LOCAL = "<IHHHHHIIIHH"  # signature, version, flags, method, time, date, crc, sizes, name, extra
_CENTRAL = "<IHHHHHHIIIHHHHHII"  # ... made by, ..., extra, comment, disk, internal, external, offset
_END = "<IHHHHIIH"
_LOCAL_SIGNATURE, _CENTRAL_SIGNATURE, _END_SIGNATURE = 0x04034B50, 0x02014B50, 0x06054B50
_VERSION = 20  # deflate; "made by" MS-DOS (0), as Office writes
_UTF8_NAME = 0x800
_ATTRIBUTES = 0o644 << 16

#: Compressed entries by content, shared by every package this process writes.
_COMPRESSED: dict[bytes, tuple[int, bytes]] = {}
_COMPRESSED_LIMIT = 4096


def _deflated(blob: bytes) -> tuple[int, bytes]:
    """CRC-32 and raw deflate (level 6, as zipfile) of ``blob``, made once per distinct blob."""
    found = _COMPRESSED.get(blob)
    if found is None:
        if len(_COMPRESSED) >= _COMPRESSED_LIMIT:
            _COMPRESSED.clear()
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        found = zlib.crc32(blob), compressor.compress(blob) + compressor.flush()
        _COMPRESSED[blob] = found
    return found
