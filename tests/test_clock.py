"""One clock: every business "today" comes from `eng_ops.dates.today()`, which honours
ENG_OPS_TODAY=YYYY-MM-DD (demos, what-if checks, and a test run that cannot cross midnight)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from eng_ops.dates import parse_date, today
from eng_ops.errors import InvalidInput
from tests.conftest import REPO, TODAY, as_json, assert_one_line_error, ok

SMALL_ORG = """\
teams:
  - key: core
    name: Core
people:
  - handle: mara
    name: Mara Manager
    team: core
    level: L6
    track: manager
    started: 2020-01-06
  - handle: ivan
    name: Ivan Report
    team: core
    manager: mara
    level: L3
    track: ic
    started: 2021-03-01
  - handle: jun
    name: Jun Report
    team: core
    manager: mara
    level: L3
    track: ic
    started: 2022-05-02
"""

MALFORMED = ["not-a-date", "2026-02-30", "20260115", "2026-1-15", "15/01/2026", "today"]


@pytest.fixture
def small_org(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A manager and two reports, each paired weekly/fortnightly since 2025-09-01; one 1:1 with
    ivan long ago (2025-10-01) and one with jun shortly before 2026-01-15."""
    org_file = tmp_path / "small-org.yaml"
    org_file.write_text(SMALL_ORG, encoding="utf-8")
    ok(cli("org", "import", str(org_file)))
    for member, every in (("ivan", "2w"), ("jun", "1w")):
        pair = ["mara", member, "--kind", "manager", "--every", every, "--since", "2025-09-01"]
        ok(cli("1on1", "pair", *pair))
    ok(cli("1on1", "log", "mara", "ivan", "--on", "2025-10-01"))
    ok(cli("1on1", "log", "mara", "jun", "--on", "2026-01-12"))
    return cli


def due_rows(cli) -> list[dict]:  # type: ignore[no-untyped-def]
    return as_json(cli("1on1", "due", "--format", "json"))


# --- today() and parse_date ---------------------------------------------------------------


def test_tests_run_on_the_pinned_date() -> None:
    assert today() == TODAY
    assert parse_date("today") == TODAY
    assert parse_date("yesterday") == TODAY - timedelta(days=1)


def test_eng_ops_today_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENG_OPS_TODAY", "2027-01-15")
    assert today() == date(2027, 1, 15)
    assert parse_date("today") == date(2027, 1, 15)
    assert parse_date("Yesterday") == date(2027, 1, 14)
    assert parse_date("tomorrow") == date(2027, 1, 16)
    monkeypatch.setenv("ENG_OPS_TODAY", " 2024-03-01\n")  # surrounding blanks are forgiven
    assert parse_date("yesterday") == date(2024, 2, 29)


@pytest.mark.parametrize("unset", [None, "", "  "])
def test_real_clock_when_unset_or_blank(monkeypatch: pytest.MonkeyPatch, unset: str | None) -> None:
    if unset is None:
        monkeypatch.delenv("ENG_OPS_TODAY", raising=False)
    else:
        monkeypatch.setenv("ENG_OPS_TODAY", unset)
    before = date.today()  # the one real-clock read in the tests: the fallback itself
    got = today()
    after = date.today()
    assert before <= got <= after


@pytest.mark.parametrize("value", MALFORMED)
def test_malformed_value_is_a_user_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("ENG_OPS_TODAY", value)
    for call in (today, lambda: parse_date("today"), lambda: parse_date("yesterday")):
        with pytest.raises(InvalidInput) as info:
            call()
        text = str(info.value)
        assert "ENG_OPS_TODAY" in text and value in text
        assert "\n" not in text


def test_malformed_value_naming_is_one_line_even_with_a_newline_inside(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ENG_OPS_TODAY", "2026-01\n-15")
    with pytest.raises(InvalidInput) as info:
        today()
    assert "ENG_OPS_TODAY" in str(info.value) and "\n" not in str(info.value)


def test_an_explicit_date_ignores_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENG_OPS_TODAY", "garbage")
    assert parse_date("2025-10-01") == date(2025, 10, 1)


# --- through the CLI ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["not-a-date", "2026-02-30"])
def test_cli_malformed_eng_ops_today_exits_1_with_one_line(
    small_org, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ENG_OPS_TODAY", value)
    result = small_org("1on1", "due", "--format", "json")
    assert_one_line_error(result)
    assert "ENG_OPS_TODAY" in result.stderr and value in result.stderr


def test_due_days_late_counts_from_eng_ops_today(
    small_org, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The contract: each overdue row's days_late == ENG_OPS_TODAY - next_due."""
    monkeypatch.setenv("ENG_OPS_TODAY", "2026-01-15")
    rows = due_rows(small_org)
    overdue = [r for r in rows if r["status"] == "overdue"]
    assert [(r["leader"], r["member"]) for r in overdue] == [("mara", "ivan")]
    for row in overdue:
        expected = (date(2026, 1, 15) - date.fromisoformat(row["next_due"])).days
        assert row["days_late"] == expected
    ivan = overdue[0]
    assert ivan["next_due"] == "2025-10-15" and ivan["days_late"] == 92
    jun = next(r for r in rows if r["member"] == "jun")
    assert jun["status"] != "overdue" and jun["days_late"] == 0


def test_due_days_late_shift_by_exactly_the_clock_difference(
    small_org, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    first, second = date(2026, 1, 15), date(2027, 1, 15)  # "what is overdue on 2027-01-15?"
    monkeypatch.setenv("ENG_OPS_TODAY", first.isoformat())
    before = {r["member"]: r for r in due_rows(small_org)}
    monkeypatch.setenv("ENG_OPS_TODAY", second.isoformat())
    after = {r["member"]: r for r in due_rows(small_org)}
    assert before["ivan"]["days_late"] > 0
    assert after["ivan"]["days_late"] - before["ivan"]["days_late"] == (second - first).days
    assert after["ivan"]["next_due"] == before["ivan"]["next_due"]  # the data did not change
    assert after["jun"]["status"] == "overdue"  # on track in January 2026, late a year on
    for row in after.values():
        assert row["days_late"] == (second - date.fromisoformat(row["next_due"])).days


def test_cli_today_and_future_checks_follow_eng_ops_today(
    small_org, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ENG_OPS_TODAY", "2026-01-15")
    ok(small_org("1on1", "log", "mara", "jun", "--on", "today"))
    history = as_json(small_org("1on1", "history", "jun", "--format", "json"))
    assert "2026-01-15" in {m["date"] for m in history}
    # A day after the pinned "today" is in the future, even though the real date is later.
    assert_one_line_error(small_org("1on1", "log", "mara", "ivan", "--on", "2026-01-16"))


# --- nothing else reads the clock for business dates -------------------------------------

_REAL_CLOCK = re.compile(r"\bdate\.today\(|\bdatetime\.today\(|\bdatetime\.now\([^)]*\)\.date\(")


def test_no_direct_date_today_outside_dates_module() -> None:
    package = REPO / "eng_ops"
    offenders = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sorted(package.rglob("*.py"))
        if path != package / "dates.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _REAL_CLOCK.search(line)
    ]
    assert not offenders, "use eng_ops.dates.today() instead:\n" + "\n".join(offenders)
