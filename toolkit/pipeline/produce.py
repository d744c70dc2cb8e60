"""Make the outputs a build needs: from the cache when unchanged, else rendered.

Two cores are used without the build waiting on WeasyPrint: worker processes
(:mod:`toolkit.pipeline.workers`), forked here once the outputs are listed and
only if some are to be printed, print the PDFs while this process builds the
site, and then everyone takes what is left. Under
``toolkit serve`` a printing process started with the server does the
printing instead.

Every rendered file is stored in the :class:`Cache` under its key, the hash
of exactly the inputs it reads, so the next build renders only what changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from toolkit.errors import Problem, ToolkitError
from toolkit.pipeline.artifacts import Output, render_output
from toolkit.pipeline.inputs import BuildInputs
from toolkit.pipeline.output import write_atomically
from toolkit.pipeline.workers import PrintServer, ServedJobs, Workers, can_fork

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
        # A build stopped midway never leaves a truncated file under a valid key.
        write_atomically(self._path(output), data)

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


class Production:
    """The outputs of one build, started at once and collected with :meth:`finish`."""

    def __init__(self, inputs: BuildInputs, outputs: list[Output], cache: Cache) -> None:
        """List what the cache lacks and, if some of it is printed, hand it to workers."""
        self.inputs, self.outputs, self.cache = inputs, outputs, cache
        self.files: dict[str, bytes] = {}
        self._pending: list[Output] = []
        self._workers: Workers | ServedJobs | None = None
        for output in outputs:
            data = cache.get(output)
            if data is not None:
                self.files[output.path] = data
            else:
                self._pending.append(output)
        # Workers are worth it when there is printing to do: otherwise the rest
        # takes less time than starting them.
        printing = sorted({o.renderer for o in self._pending if o.printed})
        if not printing:
            return
        if can_fork():
            self._workers = Workers(printing)
        elif (server := PrintServer.running()) is not None:  # toolkit serve
            self._workers = server.session()
        if self._workers is not None:
            self._workers.assign(inputs, self._pending)

    @property
    def paths(self) -> list[str]:
        return [o.path for o in self.outputs]

    def finish(self) -> dict[str, bytes]:
        """Render what is left here, wait for the workers; raise every problem found."""
        problems: dict[str, list[Problem]] = {}  # by output, reported in their order
        try:
            mine = self._pending if self._workers is None else iter(self._workers.take_back, None)
            for output in mine:
                try:
                    self._store(output, render_output(self.inputs, output))
                except ToolkitError as exc:
                    problems[output.path] = list(exc.problems)
            if self._workers is not None:
                for output, data, found in self._workers.results():
                    problems[output.path] = found
                    if data is not None:
                        self._store(output, data)
        finally:
            self.close()
        found = [p for output in self.outputs for p in problems.get(output.path, ())]
        if found:
            raise ToolkitError(found)
        return self.files

    def _store(self, output: Output, data: bytes) -> None:
        self.files[output.path] = data
        self.cache.put(output, data)

    def close(self) -> None:
        if self._workers is not None:
            self._workers.close()
            self._workers = None

    def write(self, site_dir: Path) -> list[str]:
        """Write every output under ``site_dir``; return their paths."""
        files = self.finish()
        for relative, data in files.items():
            target = Path(site_dir) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return sorted(files)

