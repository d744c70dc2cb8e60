"""The theme's templates compiled once, not once per build.

mkdocs makes a new Jinja environment for every build and compiles every
template of the theme it renders (mkdocs-material's page and its partials,
about thirty) from source, and the toolkit's own pages and documents have
templates too: together about a third of a second, a third of the site
build. Compiled code depends only on the template's source, the settings of
its environment and the Jinja and Python versions, never on our content, so
``toolkit build`` and ``toolkit serve`` keep it (:func:`enable`), the way
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
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from toolkit.pipeline.output import write_atomically

FOLDER_NAME = "action-planning-toolkit"


def user_cache_folder() -> Path:
    """Where compiled templates are kept between builds (any Jinja version has its own)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / FOLDER_NAME / f"jinja-{jinja2.__version__}"


def compiled_with(environment: jinja2.Environment, name: str) -> str:
    """The environment's settings that Jinja's compiler writes into a template's code.

    Jinja's own key is the template's name and file. Two environments can
    load the same file (the pages' and the online form's share a folder) with
    different syntax, escaping or ``finalize``; each gets its own code.
    """
    autoescape = environment.autoescape
    finalize = environment.finalize
    return repr((
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
        environment.keep_trailing_newline, environment.optimized, environment.is_async,
        sorted(environment.extensions),
        autoescape(name) if callable(autoescape) else autoescape,
        # whether there is one, and what it is passed (pass_context and the like)
        None if finalize is None else str(getattr(finalize, "jinja_pass_arg", "value")),
    ))


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory and, if given a folder, in one file each there."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        key = f"{compiled_with(environment, name)}\n{self.get_cache_key(name, filename)}"
        bucket = Bucket(environment, hashlib.sha256(key.encode()).hexdigest(),
                        self.get_source_checksum(source))
        self.load_bytecode(bucket)
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
        # Another build may be reading it meanwhile; one that cannot write only loses time.
        with contextlib.suppress(OSError):
            write_atomically(self.folder / bucket.key, code)


_cache: CompiledTemplates | None = None


def enable(folder: Path | None = None) -> None:
    """Keep compiled templates for the rest of this process, and in ``folder`` if given."""
    global _cache
    if _cache is None or _cache.folder != folder:
        _cache = CompiledTemplates(folder)


def keep_compiled(env: jinja2.Environment) -> jinja2.Environment:
    """``env``, given the compiled templates if :func:`enable` was called.

    For the theme's environment (the plugin's ``on_env``) and the toolkit's
    own, which are made once per process.
    """
    if _cache is not None:
        env.bytecode_cache = _cache
    return env
