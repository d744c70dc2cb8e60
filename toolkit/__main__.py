"""Allow ``python -m toolkit``."""

from toolkit.cli import entry_point

entry_point()
