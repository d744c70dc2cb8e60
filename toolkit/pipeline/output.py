"""Replace an output folder, or a file, only once its new contents are complete.

A failed or interrupted build must leave the previous output untouched, so
every build writes into a staging folder beside the target and swaps it in
at the end, in one step of the file system (:func:`staged_dir`); a cached
file is written beside its name and renamed the same way
(:func:`write_atomically`). Whatever stops a build (an error, Ctrl-C,
SIGTERM, the process killed, the machine losing power after the swap), the
target is the previous output or the complete new one.

A build takes its output folder for itself first (:func:`claimed`): the
folder is made if missing, locked so that a second build into it waits for
the first, and cleared of what an interrupted build left behind (its staging
folders, half-written cache files). An output folder that cannot be written
is reported as such before any work is done.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from toolkit.errors import Location, Problem, ToolkitError, display_path

#: Where the lock of an output folder is kept (inside its cache, never published).
LOCK = Path(".cache") / "lock"
#: Names of what :func:`staged_dir` and :func:`write_atomically` write before renaming it.
_LEFTOVER = re.compile(r"\.(?:.+\.)?(?:new|old)-[^/]*")


def cannot_write(path: Path, exc: OSError) -> ToolkitError:
    """The error for an output that cannot be written: what, where, and why."""
    reason = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
              errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
              errno.EPERM: "permission denied", errno.ENOTDIR: "a file is in the way of a folder",
              errno.EEXIST: "a file is in the way of a folder"}.get(exc.errno or 0,
                                                                     exc.strerror or str(exc))
    return ToolkitError(Problem(Location(display_path(path), 0), f"cannot write the output: {reason}"))


@contextlib.contextmanager
def claimed(out: Path) -> Iterator[Path]:
    """Hold the output folder ``out`` for one build (see the module's docstring)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ToolkitError(Problem(Location(display_path(out), 0),
                                   "the output folder is a file: give --out a folder"))
    lock_path = out / LOCK
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise cannot_write(out, exc) from None
    try:
        _lock(handle, out)
        remove_leftovers(out)
        yield out
    finally:
        os.close(handle)  # which releases the lock, as the end of the process would


def _lock(handle: int, out: Path) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: builds into one folder are not kept apart
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"Waiting for another build into {display_path(out)} to finish...", file=sys.stderr)
        fcntl.flock(handle, fcntl.LOCK_EX)


def has_leftovers(out: Path) -> bool:
    """Did a build into ``out`` stop midway (see :func:`remove_leftovers`)?"""
    try:
        return any(_LEFTOVER.fullmatch(name) for folder in (out, out / "districts")
                   if folder.is_dir() for name in os.listdir(folder))
    except OSError:
        return False


def remove_leftovers(out: Path) -> None:
    """Remove what builds into ``out`` stopped midway left: staging folders beside the
    site (or a district's decks) and half-written cache files. A site whose swap was
    cut short (where renaming in one step is not available) is put back first."""
    for folder in (out, out / "districts"):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if not _LEFTOVER.fullmatch(name):
                continue
            path = folder / name
            target = folder / name[1:name.index(".old-")] if ".old-" in name else None
            if target is not None and not target.exists():
                os.replace(path, target)  # the previous output, moved aside and never replaced
            elif path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
    cache = out / ".cache"
    for folder, _, names in os.walk(cache):
        for name in names:
            if name.startswith(".new-"):
                Path(folder, name).unlink(missing_ok=True)


def empty_cache(out: Path) -> None:
    """Empty ``out``'s cache (but for the lock this build holds); an error if it cannot be."""
    cache = out / ".cache"
    if not cache.is_dir():
        return
    for entry in cache.iterdir():
        if entry.name == LOCK.name:
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError as exc:
            raise ToolkitError(Problem(Location(display_path(cache), 0),
                                       f"cannot empty the build cache for --clean: "
                                       f"{exc.strerror or exc}")) from None


@contextlib.contextmanager
def staged_dir(target: Path, *, seed: bool = False) -> Iterator[Path]:
    """Yield a fresh folder that replaces ``target`` if the block succeeds.

    With ``seed`` the staging folder starts as a copy of the current target,
    for partial builds (``--only slides``) that update some files of a site.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    except OSError as exc:
        raise cannot_write(target, exc) from None
    try:
        try:
            if seed and target.is_dir():
                shutil.rmtree(staging)
                shutil.copytree(target, staging)
            yield staging
            os.chmod(staging, 0o755)
        except OSError as exc:
            if exc.filename is None or not _inside(Path(exc.filename), staging):
                raise
            raise cannot_write(target, exc) from None
        if target.exists() and _exchange(staging, target):
            shutil.rmtree(staging, ignore_errors=True)  # which now holds the previous output
            return
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.rmdir(old)
            os.replace(target, old)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _inside(path: Path, folder: Path) -> bool:
    try:
        return Path(os.path.abspath(path)).is_relative_to(os.path.abspath(folder))
    except ValueError:
        return False


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with RENAME_EXCHANGE).

    False where the system or its file system cannot: the caller then renames
    twice, and a build stopped between the two leaves the previous output
    beside the target, which :func:`remove_leftovers` puts back.
    """
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


_found: list[object] = []


def _renameat2():  # type: ignore[no-untyped-def]
    if not _found:
        try:
            function = ctypes.CDLL(None, use_errno=True).renameat2
            function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                                 ctypes.c_uint]
        except (AttributeError, OSError):
            function = None
        _found.append(function)
    return _found[0]


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` beside it and rename it into place.

    Whoever reads ``path`` meanwhile, and whatever stops the writer midway,
    finds the whole new file or the one before it, never a part of one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".new-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
