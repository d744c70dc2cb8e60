"""Worker processes are forked only for builds that will print, once their inputs are
valid; and the tests keep to their own cache folder, never the user's."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, USER_CACHE, toolkit_env
from toolkit.cli import main


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every fork this process makes from now on (multiprocessing forks through os.fork)."""
    made: list[int] = []
    real = os.fork

    def counting() -> int:
        pid = real()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting)
    return made


def build(*args: str) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = main(["build", "--project", str(ROOT), *args])
    return code, stderr.getvalue()


def test_a_build_with_a_mistake_forks_nothing(forks: list[int], tmp_path: Path) -> None:
    district = tmp_path / "district.yml"
    district.write_text('name: "A"\nplan_year: "2026-2027"\nsession:\n  small_groups: many\n',
                        encoding="utf-8")
    code, stderr = build("--district", str(district), "--out", str(tmp_path / "out"))
    assert code == 1, stderr
    assert "expected a whole number" in stderr
    assert forks == []
    assert not (tmp_path / "out").exists()


def test_a_build_with_nothing_to_print_forks_nothing(forks: list[int], tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stderr = build("--only", "slides", "--out", str(out))  # decks: nothing printed
    assert code == 0, stderr
    assert forks == []
    code, stderr = build("--only", "templates", "--out", str(out))  # the PDFs: printed
    assert code == 0, stderr
    assert len(forks) >= 1
    printed = len(forks)
    # Every PDF in the cache, the site damaged: a real build, with nothing to print.
    (out / "site" / "downloads").rename(tmp_path / "moved")
    code, stderr = build("--only", "templates", "--out", str(out))
    assert code == 0, stderr
    assert "Nothing changed" not in stderr
    assert len(forks) == printed


def test_the_tests_keep_to_their_own_cache_folder(tmp_path: Path) -> None:
    home_cache = Path.home() / ".cache"
    assert os.environ["XDG_CACHE_HOME"] == USER_CACHE == toolkit_env()["XDG_CACHE_HOME"]
    assert Path(USER_CACHE).is_relative_to(tempfile.gettempdir())
    assert not Path(USER_CACHE).is_relative_to(home_cache)
    from toolkit.pipeline import compiled

    assert compiled.user_cache_folder().is_relative_to(USER_CACHE)
