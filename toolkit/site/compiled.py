"""The theme's templates compiled once, not once per build.

mkdocs makes a new Jinja environment for every build and compiles every
template of the theme it renders (mkdocs-material's pages, partials and
icons: about fifty) from source: a third of a second, a third of the whole
site build. Their compiled code depends only on the template's source, the
environment's syntax and the Jinja and Python versions, never on our content,
so ``toolkit build`` and ``toolkit serve`` keep it (:func:`enable`), the way
Python keeps ``__pycache__``:

- in memory, for every rebuild of the same process (``toolkit serve``);
- on disk, in the user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``,
  then ``action-planning-toolkit/jinja-<version>``), for the next build.

A template whose source changed is compiled anew (its checksum no longer
matches), and so is one whose stored code cannot be read. The pages are the
same bytes either way: the cache holds what Jinja would compile. A plain
``mkdocs build`` is left exactly as mkdocs does it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

FOLDER_NAME = "action-planning-toolkit"


def user_cache_folder() -> Path:
    """Where compiled templates are kept between builds (any Jinja version has its own)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / FOLDER_NAME / f"jinja-{jinja2.__version__}"


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory and, if given a folder, in one file each there."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        # Jinja keys a template by its name and file only; the syntax and the
        # extensions it was compiled with are part of our key too.
        bucket = super().get_bucket(environment, name, filename, source)
        settings = repr((environment.block_start_string, environment.variable_start_string,
                         environment.comment_start_string, environment.line_statement_prefix,
                         environment.line_comment_prefix, environment.trim_blocks,
                         environment.lstrip_blocks, environment.newline_sequence,
                         environment.keep_trailing_newline, environment.optimized,
                         sorted(environment.extensions)))
        bucket.key = hashlib.sha256(f"{settings}\n{bucket.key}".encode()).hexdigest()
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None and self.folder is not None:
            with contextlib.suppress(OSError):
                code = (self.folder / bucket.key).read_bytes()
        if code is None:
            return
        try:
            bucket.bytecode_from_string(code)
        except Exception:  # noqa: BLE001 - a damaged file: compile from source
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        self._code[bucket.key] = code
        if self.folder is None:
            return
        # Written beside and renamed: a build reading it meanwhile sees all or nothing.
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".new-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(code)
                os.replace(temporary, self.folder / bucket.key)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)


_cache: CompiledTemplates | None = None


def enable(folder: Path | None = None) -> None:
    """Keep compiled templates for the rest of this process, and in ``folder`` if given."""
    global _cache
    if _cache is None or _cache.folder != folder:
        _cache = CompiledTemplates(folder)


def keep_compiled(env: jinja2.Environment) -> None:
    """Give ``env`` the compiled templates, if :func:`enable` was called (the plugin's ``on_env``)."""
    if _cache is not None:
        env.bytecode_cache = _cache
