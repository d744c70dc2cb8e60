"""The one date a build may stamp into its outputs, and the day a report speaks of.

Outputs must be byte-identical for the same inputs, so no renderer reads the
clock. ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention, also read by
mkdocs) sets the date; without it a fixed date is used, which the build puts
into the environment itself for mkdocs (:func:`ensure_epoch`). That fixed
stamp is the build's own: a progress report never takes it for today
(:func:`report_day`).
"""

from __future__ import annotations

import datetime as dt
import os

from toolkit.errors import Location, Problem, ToolkitError

VARIABLE = "SOURCE_DATE_EPOCH"
#: 2026-01-01T00:00:00Z, used when SOURCE_DATE_EPOCH is not set.
DEFAULT_EPOCH = 1767225600
#: 2107-12-31T23:59:59Z: decks and documents are zip files, whose dates end in 2107.
LATEST_EPOCH = 4354819199

#: The value :func:`ensure_epoch` put into the environment, if it did.
_ours: str | None = None


def user_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as the user set it; None when unset or set by this build only.

    A value that is not a whole number of seconds from 1970 to 2107 is an error
    (:class:`ToolkitError`), never quietly replaced by another date.
    """
    value = os.environ.get(VARIABLE)
    if value is None or (_ours is not None and value == _ours):
        return None
    text = value.strip()
    shown = text if len(text) <= 40 else text[:40] + "…"
    if not text.isascii() or not text.isdigit() or len(text) > 12 or int(text) > LATEST_EPOCH:
        raise ToolkitError(Problem(Location(VARIABLE, 0), (
            f"'{shown}' is not a build date: give whole seconds since 1970-01-01 UTC, from 0 "
            f"to {LATEST_EPOCH} (2107-12-31), e.g. {DEFAULT_EPOCH} for 2026-01-01, or unset it")))
    return int(text)


def build_epoch() -> int:
    epoch = user_epoch()
    return DEFAULT_EPOCH if epoch is None else epoch


def build_datetime() -> dt.datetime:
    return dt.datetime.fromtimestamp(build_epoch(), tz=dt.UTC)


def ensure_epoch() -> None:
    """Make libraries that read SOURCE_DATE_EPOCH themselves (mkdocs) use ours."""
    global _ours
    if VARIABLE not in os.environ:
        _ours = os.environ[VARIABLE] = str(DEFAULT_EPOCH)
    else:
        user_epoch()  # a wrong value is reported before mkdocs reads it


def report_day(as_of: dt.date | None = None) -> dt.date:
    """The day a report speaks of: ``--as-of``, else SOURCE_DATE_EPOCH if the user set
    it, else today. A reproducible build sets one of the first two and gets the same
    report every time; a district rebuilding its site for the monthly board meeting
    gets today's standing without thinking about it."""
    if as_of is not None:
        return as_of
    epoch = user_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()
    return dt.date.today()
