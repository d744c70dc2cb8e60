"""Reproducible Office Open XML packages (DOCX, and PPTX alike).

python-docx stamps every zip entry with the time of saving, so two builds of
the same template differ. :func:`normalize_zip` rewrites a package with one
fixed timestamp and fixed entry attributes, keeping the entry order (the
content-types part must stay first for some readers).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

#: Zip timestamps cannot be earlier than 1980.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalize_zip(data: bytes, when: dt.datetime) -> bytes:
    stamp = max(_ZIP_EPOCH, (when.year, when.month, when.day, when.hour, when.minute, when.second))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename), compresslevel=6)
    return out.getvalue()
