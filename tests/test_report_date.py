"""The day a progress report speaks of: ``--as-of``, else ``SOURCE_DATE_EPOCH`` when the
user set it, else today. The build's own fixed stamp (which it puts into the
environment for mkdocs when the user set none) never reaches the report.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_toolkit
from tests.test_plan_check import GOOD_PLAN
from toolkit.pipeline import dates

EPOCH = "1780000000"  # 2026-05-28 UTC
AS_OF = "2026-11-20"


def report_day(site: Path) -> str:
    """The date the progress report's chart is described as of."""
    text = (site / "plan" / "progress.html").read_text(encoding="utf-8")
    return re.search(r" as of (\d{4}-\d{2}-\d{2})\.", text).group(1)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "plan.yml"
    path.write_text(GOOD_PLAN, encoding="utf-8")
    return path


@pytest.mark.parametrize(("as_of", "epoch", "expected"), [
    (None, None, "today"),
    (None, EPOCH, "2026-05-28"),
    (AS_OF, EPOCH, AS_OF),
    (AS_OF, None, AS_OF),
])
def test_the_report_speaks_of_as_of_else_the_users_epoch_else_today(
        plan_file: Path, tmp_path: Path, as_of: str | None, epoch: str | None,
        expected: str) -> None:
    before = dt.date.today().isoformat()
    args = ["build", "--plan", str(plan_file), "--out", str(tmp_path), *(["--as-of", as_of] if as_of else [])]
    done = run_toolkit(*args, env={"SOURCE_DATE_EPOCH": epoch} if epoch else None,
                       unset=() if epoch else ("SOURCE_DATE_EPOCH",))
    assert done.returncode == 0, done.stderr
    found = report_day(tmp_path / "site")
    if expected == "today":  # the build may have run across midnight
        assert found in (before, dt.date.today().isoformat())
        assert found != "2026-01-01" or before == "2026-01-01"
    else:
        assert found == expected


def test_the_builds_own_stamp_is_not_the_users(monkeypatch: pytest.MonkeyPatch) -> None:
    """In one process, as the site build runs: the stamp put into the environment for
    mkdocs dates the files, never the report."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(dates, "_ours", None)
    dates.ensure_epoch()
    assert dates.build_epoch() == dates.DEFAULT_EPOCH
    assert dates.report_day() == dt.date.today()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert dates.report_day() == dt.date(2026, 5, 28)
    assert dates.report_day(dt.date(2027, 1, 2)) == dt.date(2027, 1, 2)


@pytest.mark.parametrize("value", ["-1", "soon", "1e9", "99999999999999", "１２３"])
def test_a_source_date_epoch_that_is_no_date_is_an_error(value: str, tmp_path: Path) -> None:
    done = run_toolkit("build", "--only", "slides", "--out", str(tmp_path), cwd=ROOT,
                       env={"SOURCE_DATE_EPOCH": value})
    assert done.returncode == 1
    assert done.stderr.startswith(f"SOURCE_DATE_EPOCH: '{value}' is not a build date"), done.stderr
    assert not (tmp_path / "site").exists()
