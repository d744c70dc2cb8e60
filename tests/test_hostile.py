"""Hostile and odd input: a ``path:line: message`` and exit 1, fast, from ``check`` as
from ``build``, with the output untouched; valid JSON is read as JSON.

Plan files come from teams and district files from anyone with a text editor, so
each case below is fed to both commands; a fuzz test then feeds generated bad
files the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, hashes, run_toolkit
from tests.test_plan_check import GOOD_PLAN

GOOD_DISTRICT = """\
name: "Marlowe Regional School District"
plan_year: "2026-2027"
session:
  date: 2026-09-15
  small_groups: 4
  initiatives:
    - "Early literacy, K-3"
"""
#: 570 bytes that PyYAML would expand into a billion strings.
ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{q}: &{q} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
    for p, q in zip("abcdefgh", "bcdefghi", strict=True))
LONG_NUMBER = "9" * 5000
DEEP = "[" * 900 + "]" * 900
#: Seconds: each of these is refused at once (the alias bomb used to take minutes).
FAST = 20



def previous_output(folder: Path) -> Path:
    """An output folder holding a site from an earlier build (a stub: it must not change)."""
    (folder / "site").mkdir(parents=True)
    (folder / "site" / "index.html").write_text("the previous site", encoding="utf-8")
    return folder


PLAN_CASES = [
    # (file name, text, line, message)
    ("bomb.yml", 'district: "X"\nplan_year: "2026-2027"\n' + ALIAS_BOMB, 1,
     "this file holds more than 100000 values once its aliases (*name) are expanded"),
    ("nul.json", json.dumps({"district": "X\u0000Y", "plan_year": "2026-2027"}, indent=1), 2,
     "contains a control character (U+0000) at character 2"),
    ("vtab.yml", 'district: "X"\nplan_year: "2026-2027"\ninitiatives:\n  - name: "A\\vB"\n', 4,
     "contains a control character (U+000B) at character 2"),
    ("number.yml", f'district: "X"\nplan_year: "2026-2027"\ninitiatives:\n  - name: {LONG_NUMBER}\n',
     4, "a number of 5000 characters is too long to be a number"),
    ("number.json", f'{{"district": "X", "plan_year": "2026-2027", "initiatives": {LONG_NUMBER}}}',
     0, "invalid JSON: Exceeds the limit (4300 digits)"),
    ("deep.yml", f'district: "X"\nplan_year: "2026-2027"\ninitiatives: {DEEP}\n', 3,
     "lists and mappings nest more than 64 levels deep here"),
    ("deep.json", f'{{"district": "X", "plan_year": "2026-2027", "initiatives": {DEEP}}}', 0,
     "lists and objects nest more than 64 levels deep"),
    # libyaml composes recursively in C: this deep, it used to end the process with no word.
    ("deeper.yml", f'district: "X"\nplan_year: "2026-2027"\ninitiatives: {"[" * 100_000}{"]" * 100_000}\n',
     3, "lists and mappings nest more than 64 levels deep here"),
    ("year.yml", 'district: "X"\nplan_year: "0000-0001"\n', 2,
     "'0000-0001' is not a school year: the years must be from 1900 to 2999"),
    ("reversed.yml", 'district: "X"\nplan_year: "2027-2026"\n', 2,
     "plan year '2027-2026' is not one school year"),
    ("lone.json", '{"district": "X\\ud800", "plan_year": "2026-2027"}', 1,
     "contains an unpaired surrogate (U+D800) at character 2"),
]


def where(path: Path, line: int) -> str:
    return f"{path}:{line}" if line else str(path)


@pytest.mark.parametrize(("name", "text", "line", "message"), PLAN_CASES,
                         ids=[case[0] for case in PLAN_CASES])
def test_a_hostile_plan_is_refused_by_check_and_build(
        tmp_path: Path, name: str, text: str, line: int, message: str) -> None:
    plan = tmp_path / name
    plan.write_text(text, encoding="utf-8")
    # check --plan prints findings with their severity; build prints errors as such.
    refused_by_check_and_build(tmp_path, "--plan", plan, {
        "check": f"{where(plan, line)}: error: {message}", "build": f"{where(plan, line)}: {message}"})


def refused_by_check_and_build(tmp_path: Path, option: str, path: Path,
                               expected: dict[str, str]) -> None:
    """``check OPTION PATH`` and ``build OPTION PATH`` each fail fast, without a traceback,
    with ``expected[command]`` in a short message, and the previous output stays untouched."""
    out = previous_output(tmp_path / "out")
    before = hashes(out)
    for command in (["check", option, str(path)], ["build", option, str(path), "--out", str(out)]):
        started = time.monotonic()
        done = run_toolkit(*command)
        assert time.monotonic() - started < FAST
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert expected[command[0]] in done.stderr, done.stderr
        assert len(done.stderr) < 2000  # a message names a value; it never prints it whole
    assert hashes(out) == before


DISTRICT_CASES = [
    ("bomb.yml", 'name: "X"\nplan_year: "2026-2027"\n' + ALIAS_BOMB + "session:\n  initiatives: *i\n",
     1, "this file holds more than 100000 values"),
    ("vtab.yml", 'name: "North\\vSouth"\nplan_year: "2026-2027"\n', 1,
     "contains a control character (U+000B) at character 6"),
    ("nul.json", json.dumps({"name": "A", "plan_year": "2026-2027", "short_name": "\u0000"}), 1,
     "contains a control character (U+0000) at character 1"),
    ("reversed.yml", 'name: "X"\nplan_year: "2027-2026"\n', 2,
     "plan year '2027-2026' is not one school year"),
    ("year.yml", 'name: "X"\nplan_year: "0000-0001"\n', 2, "'0000-0001' is not a school year"),
    ("number.yml", f'name: "X"\nplan_year: "2026-2027"\nsession:\n  small_groups: {LONG_NUMBER}\n',
     4, "a number of 5000 characters is too long to be a number"),
    ("deep.yml", f'name: "X"\nplan_year: "2026-2027"\nsession: {{initiatives: {DEEP}}}\n', 3,
     "lists and mappings nest more than 64 levels deep here"),
    ("dashes.yml", f'name: "X"\nplan_year: "2026-2027"\nsession:\n  initiatives:\n    {"- " * 50_000}x\n',
     5, "lists and mappings nest more than 64 levels deep here"),
]


@pytest.mark.parametrize(("name", "text", "line", "message"), DISTRICT_CASES,
                         ids=[case[0] for case in DISTRICT_CASES])
def test_a_hostile_district_file_is_refused_by_check_and_build(
        tmp_path: Path, name: str, text: str, line: int, message: str) -> None:
    district = tmp_path / name
    district.write_text(text, encoding="utf-8")
    expected = f"{where(district, line)}: {message}"
    refused_by_check_and_build(tmp_path, "--district", district, {"check": expected, "build": expected})


def test_an_as_of_date_far_from_the_plan_is_refused_at_the_plan_year(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yml"
    plan.write_text(GOOD_PLAN, encoding="utf-8")
    out = previous_output(tmp_path / "out")
    done = run_toolkit("build", "--plan", str(plan), "--as-of", "9999-12-31", "--out", str(out))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{plan}:2: --as-of 9999-12-31 is more than 20 years from the plan year 2026-2027: give "
        "the day the progress report speaks of"]
    assert (out / "site" / "index.html").read_text(encoding="utf-8") == "the previous site"


def test_valid_json_with_an_escaped_emoji_is_read_as_json(tmp_path: Path) -> None:
    """What Python's json writes (``ensure_ascii``): surrogate pairs, 1e3 numbers."""
    plan = yaml.safe_load(GOOD_PLAN)
    plan["district"] = "Lakeside \U0001F600 District"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, default=str, indent=2), encoding="utf-8")
    assert "\\ud83d\\ude00" in path.read_text(encoding="utf-8")
    done = run_toolkit("check", "--plan", str(path))
    assert done.returncode == 0, done.stderr
    from toolkit.plan.model import read_plan

    assert read_plan(path).district == "Lakeside \U0001F600 District"
    district = tmp_path / "district.json"
    district.write_text(json.dumps({"name": "Lakeside \U0001F600", "plan_year": "2026-2027",
                                    "session": {"small_groups": 4e0}}), encoding="utf-8")
    done = run_toolkit("check", "--district", str(district))
    assert done.returncode == 1  # 4e0 is JSON's 4.0, a number but not a whole one
    assert f"{district}:1: expected a whole number, found a number" in done.stderr, done.stderr


def test_one_hostile_district_in_a_batch_stops_only_itself(tmp_path: Path) -> None:
    folder = tmp_path / "districts"
    folder.mkdir()
    (folder / "a-north.yml").write_text(GOOD_DISTRICT, encoding="utf-8")
    (folder / "b-bad.json").write_text(json.dumps({"name": "Bad\u000b", "plan_year": "2026-2027"}),
                                       encoding="utf-8")
    (folder / "c-south.yml").write_text(GOOD_DISTRICT.replace("Marlowe", "Lakeside"),
                                        encoding="utf-8")
    out = tmp_path / "out"
    done = run_toolkit("build", "--only", "slides", "--district", str(folder), "--out", str(out))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{folder / 'b-bad.json'}:1: contains a control character (U+000B)" in done.stderr
    assert sorted(p.name for p in (out / "districts").iterdir()) == ["a-north", "c-south"]
    assert "Built 4 deck(s) for 2 district(s)" in done.stderr


# -- fuzzing --------------------------------------------------------------------------------

ODD_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40).map(
    lambda s: s + "\u000b")  # always one character no output can hold
ODD_VALUES = st.one_of(
    ODD_TEXT,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.recursive(st.text(max_size=5), lambda inner: st.lists(inner, max_size=3)
                 | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=12),
)


def _paths(value: object, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@st.composite
def bad_files(draw: st.DrawFn, good: str) -> tuple[str, str]:
    """A good file with values replaced by odd ones (and one key no schema knows), as
    YAML or JSON: never valid, often strange."""
    data = yaml.safe_load(good)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from([p for p in _paths(data) if p]))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = draw(ODD_VALUES)
    data[draw(st.sampled_from(["naem", "plan_yaer", "sesion", "initiativs", "x" * 300]))] = 1
    if draw(st.booleans()):
        return "bad.json", json.dumps(data, default=str, ensure_ascii=draw(st.booleans()))
    text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()))
    if draw(st.booleans()):  # and some raw text: an alias, a tab, a stray bracket
        text += draw(st.sampled_from(["extra: &e [1, 2]\nmore: *e\n", "\t: x\n", "]\n",
                                      "deep: " + "[" * 100 + "]" * 100 + "\n"]))
    return "bad.yml", text


def run_in_process(*args: str) -> tuple[int, str]:
    from toolkit.cli import main

    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = main(list(args))
    return code, stderr.getvalue()


def fuzz(tmp_path: Path, option: str, file: tuple[str, str]) -> None:
    name, text = file
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    if not out.exists():  # the examples share the folder: the first one makes its site
        previous_output(out)
    before = hashes(out)
    extra = ["--only", "slides"] if option == "--district" else []
    for command in (["check", option, str(path)], ["build", option, str(path), *extra, "--out", str(out)]):
        started = time.monotonic()
        code, stderr = run_in_process(*command, "--project", str(ROOT))  # a bug would raise here
        assert time.monotonic() - started < 15, command
        assert code == 1, stderr
        assert f"{path}" in stderr and len(stderr) < 20_000
        assert all(line.startswith(str(path)) or line[0].isdigit() for line in stderr.splitlines()), stderr
    assert hashes(out) == before


FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(file=bad_files(GOOD_PLAN))
def test_fuzzed_plan_files(tmp_path: Path, file: tuple[str, str]) -> None:
    fuzz(tmp_path, "--plan", file)


@FUZZ
@given(file=bad_files(GOOD_DISTRICT))
def test_fuzzed_district_files(tmp_path: Path, file: tuple[str, str]) -> None:
    fuzz(tmp_path, "--district", file)
