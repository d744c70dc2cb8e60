"""Render a build's outputs on two cores, with WeasyPrint imported only once.

A build's PDFs cost more than the rest of it put together: WeasyPrint takes
a third of a second to import, its first document another third to load the
fonts, then about a tenth of a second a page. So two worker processes print
while the build itself runs mkdocs. Each importing WeasyPrint and loading the
fonts for itself would spend much of what the second one gains; instead one
worker (the *lead*) is forked as soon as the build knows it has to print,
before it even loads the content: it imports WeasyPrint and loads the fonts
(the renderer's ``warm_up``) on the core the build leaves idle while loading,
receives the jobs, prints the first one and only then forks its helper, which
starts with everything loaded (copy-on-write) at no cost.

The jobs are one list, printed ones first, handed out from both ends through
a shared pair of counters: the workers take from the front, whichever is free
next; the build, once the site is written, takes from the back the jobs it
can do without WeasyPrint (decks, documents) until the two ends meet. No
process waits while a job it can do is left, however the time splits between
pages and files on a given machine.

The inputs and the jobs reach the lead through a pipe (pickled: a few
milliseconds) and its helper by inheritance; results come back through one
queue, tagged with the job's index. Forking is safe only from a
single-threaded process (:func:`can_fork`). ``toolkit serve`` runs threads,
so it starts one :class:`PrintServer` before they start and every rebuild
sends it the PDFs; elsewhere the caller renders everything itself.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import queue
import signal
import threading
import traceback
from collections.abc import Iterator
from typing import Any

from toolkit.errors import Problem, ToolkitError
from toolkit.pipeline.artifacts import Output, render_output, warm_up
from toolkit.pipeline.inputs import BuildInputs

#: What the workers render: received by the lead, inherited by its helper.
_INPUTS: BuildInputs | None = None
_JOBS: list[Output] = []

#: (job index, the file or None, problems found, a crash's traceback or "")
Result = tuple[int, bytes | None, list[Problem], str]


def as_worker(parent: int) -> None:
    """What a worker process does first: end when ``parent``, the process that forked
    it, ends, however it ends; and end quietly when told to (SIGTERM).

    On Linux the kernel is asked to kill it then (``PR_SET_PDEATHSIG``), so a
    build killed outright (SIGKILL, the OOM killer) leaves no worker behind; a
    parent already gone by the time of asking is noticed at once. Elsewhere the
    workers notice between two jobs (:func:`_work`) or when their pipe closes.
    The build's own SIGTERM handler (:mod:`toolkit.cli`) is not a worker's.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (AttributeError, OSError):  # not Linux
        pass
    if os.getppid() != parent:
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Forking is safe only while this process runs a single thread (not under ``mkdocs serve``)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _take_front(ends: Any) -> int | None:
    with ends.get_lock():
        front, back = ends[0], ends[1]
        if front >= back:
            return None
        ends[0] = front + 1
    return front


#: Jobs a worker renders between two garbage collections (see :func:`_quiet_collector`).
COLLECT_EVERY = 16
_rendered = 0


def _quiet_collector() -> None:
    """Run the cyclic garbage collector every :data:`COLLECT_EVERY` jobs instead of all the time.

    WeasyPrint makes hundreds of thousands of objects per document, nearly all
    freed by reference counting as soon as the document is written; the
    collector's passes over them cost about a tenth of the printing time.
    Everything loaded by the warm-up is frozen out of its sight first.
    """
    gc.freeze()
    gc.disable()


def _render(index: int) -> Result:
    global _rendered
    assert _INPUTS is not None
    _rendered += 1
    if not gc.isenabled() and _rendered % COLLECT_EVERY == 0:
        gc.collect()
    try:
        return index, render_output(_INPUTS, _JOBS[index]), [], ""
    except ToolkitError as exc:
        return index, None, list(exc.problems), ""
    except Exception:  # a bug: reported by the build, with the worker's traceback
        return index, None, [], traceback.format_exc()


def _work(ends: Any, results: Any, index: int | None, parent: int) -> None:
    # Ctrl-C reaches the whole process group: the build answers it and stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    as_worker(parent)
    while index is not None:
        results.put(_render(index))
        if os.getppid() != parent:  # the build is gone: nobody will read the rest
            results.cancel_join_thread()
            os._exit(1)
        index = _take_front(ends)


def _receive(jobs: Any, into: list[tuple[BuildInputs, list[Output]]]) -> None:
    with contextlib.suppress(EOFError):
        into.append(jobs.recv())


def _lead(jobs: Any, build_end: Any, ends: Any, results: Any, renderers: list[str],
          helpers: int, build: int) -> None:
    """Warm up, receive the jobs, render the first, fork ``helpers`` warm helpers, render on."""
    global _INPUTS, _JOBS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as in _work
    as_worker(build)
    build_end.close()  # so that a build that stops without a word ends the wait
    # The jobs are read while warming up: the pickled model is larger than a
    # pipe holds, so the build would otherwise wait until the warm-up is over.
    received: list[tuple[BuildInputs, list[Output]]] = []
    reader = threading.Thread(target=_receive, args=(jobs, received))
    reader.start()
    warm_up(renderers)
    _quiet_collector()
    reader.join()  # before forking the helper: a fork must not copy a running thread
    if not received:  # the build stopped, or found nothing to give
        return
    _INPUTS, _JOBS = received[0]
    index = _take_front(ends)
    if index is None:
        return
    first = _render(index)
    context = multiprocessing.get_context("fork")
    # Forked before this process puts anything on the queue, which would start
    # the queue's feeder thread: a fork must not copy a running thread.
    children = [context.Process(target=_work, args=(ends, results, _take_front(ends), os.getpid()))
                for _ in range(helpers)]
    for child in children:
        child.start()

    def stop(signum: int, frame: object) -> None:
        for child in children:
            child.terminate()
        os._exit(1)

    signal.signal(signal.SIGTERM, stop)
    results.put(first)
    _work(ends, results, _take_front(ends), build)
    for child in children:
        child.join()
        if child.exitcode:
            results.put((-1, None, [], f"a worker stopped with exit code {child.exitcode}"))


class Workers:
    """Jobs rendered by ``processes`` workers from the front, and by the caller from the back.

    Start them with the renderers whose printing engine to warm up, as early
    as possible; hand over the jobs with :meth:`assign`.
    """

    def __init__(self, renderers: list[str], processes: int | None = None) -> None:
        # As many workers as cores, two at most: they share the cores with the
        # build while it runs mkdocs, and a third would only take turns.
        processes = processes or min(2, os.cpu_count() or 1)
        context = multiprocessing.get_context("fork")
        self.jobs: list[Output] = []
        self._ends = context.Array("i", [0, 0])
        self._results = context.Queue()
        self._finished = False
        receive, self._send = context.Pipe(duplex=False)
        self._lead = context.Process(target=_lead, args=(
            receive, self._send, self._ends, self._results, renderers, max(0, processes - 1),
            os.getpid()))
        self._lead.start()
        receive.close()

    def assign(self, inputs: BuildInputs, jobs: list[Output]) -> None:
        """Give the workers ``jobs`` (none: they stop)."""
        # Printed jobs first: the caller, without WeasyPrint, takes only from the
        # other end. Then the rest of the printing renderers' jobs, which workers
        # done printing go on with in a module they have loaded; the other
        # renderers' jobs (decks) last, where the caller, which listed them, starts.
        printing = {job.renderer for job in jobs if job.printed}
        self.jobs = sorted(jobs, key=lambda job: (not job.printed, job.renderer not in printing))
        self._ends[1] = len(self.jobs)
        if self.jobs:
            self._send.send((inputs, self.jobs))
        self._send.close()

    def take_back(self) -> Output | None:
        """The last job nobody has taken, if it needs no WeasyPrint; else None (the rest is theirs)."""
        with self._ends.get_lock():
            front, back = self._ends[0], self._ends[1]
            if back <= front or self.jobs[back - 1].printed:
                return None
            self._ends[1] = back - 1
        return self.jobs[back - 1]

    def results(self) -> Iterator[tuple[Output, bytes | None, list[Problem]]]:
        """What the workers made: each job with its file (or None) and the problems found.

        Call after :meth:`take_back` returned None, when the ends have met.
        """
        pending = self._ends[1]
        while pending:
            try:
                index, data, problems, crash = self._results.get(timeout=0.5)
            except queue.Empty:
                if self._lead.is_alive():
                    continue
                try:  # everything a finished worker sent is already in the pipe
                    index, data, problems, crash = self._results.get(timeout=0.5)
                except queue.Empty:
                    raise RuntimeError(
                        f"a worker stopped with exit code {self._lead.exitcode}") from None
            if crash:
                raise RuntimeError(f"rendering failed in a worker process:\n{crash}")
            pending -= 1
            yield self.jobs[index], data, problems
        self._finished = True

    def close(self) -> None:
        """Wait for workers that delivered everything to exit; stop any others at once."""
        self._send.close()
        if not self._finished or not self.jobs:
            self._lead.terminate()
        self._lead.join()
        self._results.close()
        self._results.join_thread()


class PrintServer:
    """One warm printing process for the life of ``toolkit serve``.

    The development server rebuilds from a thread-running process, which must
    not fork, so it cannot start :class:`Workers` for each build. ``toolkit
    serve`` starts this process first, while it is still single-threaded; it
    loads WeasyPrint once, and each build hands it the printed jobs (pickled:
    a few milliseconds) and renders the rest and the pages meanwhile.
    """

    _running: PrintServer | None = None

    def __init__(self, renderers: list[str]) -> None:
        context = multiprocessing.get_context("fork")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_serve_prints, daemon=True,
                                        args=(child, self._connection, renderers, os.getpid()))
        self._process.start()
        child.close()

    @classmethod
    def start(cls, renderers: list[str]) -> None:
        """Start the process for this one (single-threaded) process; builds find it."""
        if cls._running is None and can_fork():
            cls._running = cls(renderers)

    @classmethod
    def running(cls) -> PrintServer | None:
        """The server's printing process, unless it has stopped (builds then print themselves)."""
        if cls._running is not None and not cls._running._process.is_alive():
            cls._running = None
        return cls._running

    def session(self) -> ServedJobs:
        return ServedJobs(self._connection)


def _serve_prints(connection: Any, server_end: Any, renderers: list[str], server: int) -> None:
    global _INPUTS, _JOBS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which ends us
    as_worker(server)
    server_end.close()  # so that the server's exit, however abrupt, ends this loop
    warm_up(renderers)
    _quiet_collector()
    while True:
        try:
            _INPUTS, _JOBS = connection.recv()
        except EOFError:  # the server stopped
            return
        connection.send([_render(index) for index in range(len(_JOBS))])


class ServedJobs:
    """One build's jobs, as :class:`Workers` takes them, with the printing done by a :class:`PrintServer`."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._printed: list[Output] = []
        self._rest: list[Output] = []
        self._pending = False

    def assign(self, inputs: BuildInputs, jobs: list[Output]) -> None:
        self._printed = [job for job in jobs if job.printed]
        self._rest = [job for job in jobs if not job.printed]
        if self._printed:
            self._connection.send((inputs, self._printed))
            self._pending = True

    def take_back(self) -> Output | None:
        return self._rest.pop() if self._rest else None

    def results(self) -> Iterator[tuple[Output, bytes | None, list[Problem]]]:
        if not self._pending:
            return
        try:
            done: list[Result] = self._connection.recv()
        except EOFError:
            raise RuntimeError("the printing process of toolkit serve stopped") from None
        finally:
            self._pending = False
        for index, data, problems, crash in done:
            if crash:
                raise RuntimeError(f"rendering failed in the printing process:\n{crash}")
            yield self._printed[index], data, problems

    def close(self) -> None:
        """Keep the conversation in step: a reply not yet read is read and dropped."""
        if self._pending:
            self._pending = False
            with contextlib.suppress(EOFError):
                self._connection.recv()
