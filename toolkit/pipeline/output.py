"""Replace an output folder, or a file, only once its new contents are complete.

A failed build must leave the previous output untouched, so every build
writes into a staging folder beside the target and swaps it in at the end;
a cached file is written beside its name and renamed the same way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def staged_dir(target: Path, *, seed: bool = False) -> Iterator[Path]:
    """Yield a fresh folder that replaces ``target`` if the block succeeds.

    With ``seed`` the staging folder starts as a copy of the current target,
    for partial builds (``--only slides``) that update some files of a site.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        if seed and target.is_dir():
            shutil.rmtree(staging)
            shutil.copytree(target, staging)
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.chmod(staging, 0o755)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


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
