"""Make the outputs a build needs: from the cache when unchanged, else rendered.

Two cores are used without the build waiting on WeasyPrint's import: printed
outputs (PDFs) go to one worker process, forked as soon as the outputs are
listed, while this process renders the rest and builds the site. The worker
is forked, not spawned, so it starts with the model already loaded instead of
importing and validating everything again.

Every rendered file is stored in the :class:`Cache` under its key, the hash
of exactly the inputs it reads, so the next build renders only what changed.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from toolkit.build.artifacts import Output, render_output
from toolkit.build.inputs import BuildInputs
from toolkit.errors import Problem, ToolkitError

#: Files kept in memory by caches without a folder (``mkdocs serve`` rebuilds
#: in one long-lived process, so that is where they pay off).
_MEMORY: dict[str, bytes] = {}


class Cache:
    """Rendered files by key: in ``folder`` (one file per key), or in memory."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.used: set[str] = set()

    def _path(self, output: Output) -> Path:
        assert self.folder is not None
        return self.folder / output.renderer / output.key

    def get(self, output: Output) -> bytes | None:
        self.used.add(output.key)
        if self.folder is None:
            return _MEMORY.get(output.key)
        try:
            return self._path(output).read_bytes()
        except OSError:
            return None

    def put(self, output: Output, data: bytes) -> None:
        self.used.add(output.key)
        if self.folder is None:
            _MEMORY[output.key] = data
            return
        path = self._path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed, so a build that is stopped midway never
        # leaves a truncated file under a valid key.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".new-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)

    def prune(self, renderers: Iterable[str]) -> None:
        """Forget files of ``renderers`` this build did not use: the cache stays one build big."""
        if self.folder is None:
            return
        for name in renderers:
            folder = self.folder / name
            if folder.is_dir():
                for path in folder.iterdir():
                    if path.name not in self.used:
                        path.unlink(missing_ok=True)


# The worker's copy of the inputs: set before forking, so it is inherited, not pickled.
_WORKER_INPUTS: BuildInputs | None = None


def _render_in_worker(output: Output) -> tuple[bytes | None, list[Problem]]:
    assert _WORKER_INPUTS is not None
    try:
        return render_output(_WORKER_INPUTS, output), []
    except ToolkitError as exc:
        return None, list(exc.problems)


def can_fork() -> bool:
    """Forking is safe only while this process runs a single thread (not under ``mkdocs serve``)."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Production:
    """The outputs of one build, started at once and collected with :meth:`finish`."""

    def __init__(self, inputs: BuildInputs, outputs: list[Output], cache: Cache,
                 *, parallel: bool = True) -> None:
        global _WORKER_INPUTS
        self.inputs, self.outputs, self.cache = inputs, outputs, cache
        self.files: dict[str, bytes] = {}
        self._pending: list[Output] = []
        self._futures: dict[str, Future[tuple[bytes | None, list[Problem]]]] = {}
        self._pool: ProcessPoolExecutor | None = None
        for output in outputs:
            data = cache.get(output)
            if data is not None:
                self.files[output.path] = data
            else:
                self._pending.append(output)
        printed = [o for o in self._pending if o.printed]
        if printed and parallel and can_fork():
            import multiprocessing

            _WORKER_INPUTS = inputs
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            for output in printed:
                self._futures[output.path] = self._pool.submit(_render_in_worker, output)

    @property
    def paths(self) -> list[str]:
        return [o.path for o in self.outputs]

    def finish(self) -> dict[str, bytes]:
        """Render what is left here, wait for the worker; raise every problem found."""
        problems: list[Problem] = []
        try:
            for output in self._pending:
                if output.path in self._futures:
                    continue
                try:
                    self._store(output, render_output(self.inputs, output))
                except ToolkitError as exc:
                    problems.extend(exc.problems)
            for output in self._pending:
                future = self._futures.get(output.path)
                if future is not None:
                    data, found = future.result()
                    problems.extend(found)
                    if data is not None:
                        self._store(output, data)
        finally:
            self.close()
        if problems:
            raise ToolkitError(problems)
        return self.files

    def _store(self, output: Output, data: bytes) -> None:
        self.files[output.path] = data
        self.cache.put(output, data)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def write(self, site_dir: Path) -> list[str]:
        """Write every output under ``site_dir``; return their paths."""
        files = self.finish()
        for relative, data in files.items():
            target = Path(site_dir) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return sorted(files)

