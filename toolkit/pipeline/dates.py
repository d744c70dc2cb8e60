"""The one date a build may stamp into its outputs.

Outputs must be byte-identical for the same inputs, so no renderer reads the
clock. ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention, also read by
mkdocs) sets the date; without it a fixed date is used.
"""

from __future__ import annotations

import datetime as dt
import os

#: 2026-01-01T00:00:00Z, used when SOURCE_DATE_EPOCH is not set.
DEFAULT_EPOCH = 1767225600


def build_epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return int(value) if value else DEFAULT_EPOCH
    except ValueError:
        return DEFAULT_EPOCH


def build_datetime() -> dt.datetime:
    return dt.datetime.fromtimestamp(build_epoch(), tz=dt.UTC)


def ensure_epoch() -> None:
    """Make libraries that read SOURCE_DATE_EPOCH themselves (mkdocs) use ours."""
    os.environ["SOURCE_DATE_EPOCH"] = str(build_epoch())
