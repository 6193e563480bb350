"""Issue 11: the org's rules live in the database, one Settings object per command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from eng_ops.services.settings_registry import REGISTRY, markdown_table
from tests.conftest import EXAMPLES, REPO, as_json, assert_one_line_error, file_digest, ok

ORG = """\
teams:
  - key: eng
    name: Eng
people:
  - handle: boss
    name: Boss
    team: eng
    track: manager
    level: L6
  - handle: lead
    name: Lead
    team: eng
    manager: boss
    level: L5
  - handle: ana
    name: Ana
    team: eng
    manager: boss
    level: L3
  - handle: bo
    name: Bo
    team: eng
    manager: boss
    level: L3
"""


@pytest.fixture
def org(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    ok(cli("org", "import", str(path)))
    return cli


def show(cli) -> dict:  # type: ignore[no-untyped-def]
    return as_json(cli("settings", "show", "--format", "json"))


def test_contract_set_then_show_json(org) -> None:  # type: ignore[no-untyped-def]
    ok(org("settings", "set", "timezone", "Europe/London"))
    doc = show(org)
    assert doc["timezone"] == {"value": "Europe/London", "source": "database"}
    assert set(doc) == {s.key for s in REGISTRY if s.org} | {"people"}
    assert doc["one_on_one.grace_days"] == {"value": "3", "source": "default"}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("timezone", "Mars/Base"), ["timezone", "Mars/Base"]),
        (("no.such.key", "1"), ["no.such.key"]),
        (("one_on_one.grace_dayz", "1"), ["one_on_one.grace_days"]),  # close match named
        (("one_on_one.cadence.skip", "--", "-1w"), ["one_on_one.cadence.skip"]),
        (("one_on_one.cadence.skip", "0d"), ["one_on_one.cadence.skip", "1-182"]),
        (("one_on_one.capacity_hours.ic", "41"), ["capacity_hours.ic", "0-40"]),
        (("one_on_one.capacity_hours.ic", "nan"), ["capacity_hours.ic"]),
        (("working_hours.start", "25:00"), ["working_hours.start"]),
        (("interviewers.min_kappa", "2"), ["min_kappa"]),
        (("rotations.min_level", "L99"), ["L99"]),
        (("timezone", "UTC", "--person", "ana"), ["org-wide"]),
        (("one_on_one.capacity_hours", "2"), ["--person"]),
        (("one_on_one.capacity_hours", "2", "--person", "ghost"), ["ghost"]),
    ],
)
def test_bad_values_exit_1_name_the_key_and_write_nothing(  # type: ignore[no-untyped-def]
    org, db_path: Path, args: tuple[str, ...], words: list[str]
) -> None:
    ok(org("ladder", "import", str(EXAMPLES / "ladder.yaml")))
    before = file_digest(db_path)
    result = org("settings", "set", *args)
    assert_one_line_error(result)
    for word in words:
        assert word in result.stderr
    assert file_digest(db_path) == before


def test_person_capacity_overrides_the_track_default_in_load(org) -> None:  # type: ignore[no-untyped-def]
    ok(org("1on1", "pair", "lead", "ana", "--kind", "mentor"))
    ok(org("1on1", "pair", "boss", "bo", "--kind", "manager"))
    ok(org("settings", "set", "one_on_one.capacity_hours.manager", "5"))  # default 6
    ok(org("settings", "set", "one_on_one.capacity_hours", "1", "--person", "lead"))
    load = {r["leader"]: r for r in as_json(org("1on1", "load", "--format", "json"))}
    assert load["lead"]["capacity"] == 1  # the person's own
    assert load["boss"]["capacity"] == 5  # the manager track's
    # 30 minutes a week against 1 hour: a half.
    assert load["lead"]["utilisation"] == 0.5
    assert show(org)["people"] == {"lead": {"one_on_one.capacity_hours": "1"}}
    ok(org("settings", "unset", "one_on_one.capacity_hours", "--person", "lead"))
    load = {r["leader"]: r for r in as_json(org("1on1", "load", "--format", "json"))}
    assert load["lead"]["capacity"] == 2  # back to the ic track's default


def test_cadence_default_comes_from_the_database(org) -> None:  # type: ignore[no-untyped-def]
    ok(org("settings", "set", "one_on_one.cadence.mentor", "3w"))
    ok(org("1on1", "pair", "lead", "ana", "--kind", "mentor"))
    pairs = as_json(org("1on1", "pairs", "--format", "json"))
    assert [p["every_days"] for p in pairs if p["member"] == "ana"] == [21]


def test_set_unset_are_audited_and_idempotent(org) -> None:  # type: ignore[no-untyped-def]
    ok(org("settings", "set", "one_on_one.grace_days", "5"))
    ok(org("settings", "set", "one_on_one.grace_days", "5"))  # same value: no new entry
    ok(org("settings", "set", "one_on_one.grace_days", "6"))
    assert "back to its default" in ok(org("settings", "unset", "one_on_one.grace_days")).stderr
    assert "was not set" in ok(org("settings", "unset", "one_on_one.grace_days")).stderr
    log = as_json(org("audit", "log", "--entity", "setting", "--format", "json"))
    assert [e["action"] for e in reversed(log)] == ["create", "update", "delete"]
    assert show(org)["one_on_one.grace_days"]["source"] == "default"


def write_config(home: Path, text: str) -> None:
    from eng_ops.config import load_config

    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(text, encoding="utf-8")
    load_config.cache_clear()  # each command is a new process; in-process runs share a cache


OLD_CONFIG = """\
[one_on_one]
grace_days = 9
timezone = "Asia/Tokyo"

[one_on_one.capacity]
lead = 1.5

[readiness]
window_months = 6
"""


def test_old_config_rules_apply_only_where_the_database_has_none(org, home: Path) -> None:  # type: ignore[no-untyped-def]
    ok(org("settings", "set", "one_on_one.grace_days", "2"))
    write_config(home, OLD_CONFIG)
    result = ok(org("settings", "show", "--format", "json"))
    doc = json.loads(result.stdout)
    assert doc["one_on_one.grace_days"] == {"value": "2", "source": "database"}
    assert doc["timezone"] == {"value": "Asia/Tokyo", "source": "config.toml"}
    assert doc["readiness.window_days"] == {"value": "183", "source": "config.toml"}
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "eng-ops settings import-config" in warnings[0]
    assert "one_on_one.grace_days" not in warnings[0]  # the database's value wins: not named


def test_import_config_copies_old_rules_once(org, home: Path) -> None:  # type: ignore[no-untyped-def]
    ok(org("settings", "set", "one_on_one.grace_days", "2"))
    write_config(home, OLD_CONFIG)
    copied = ok(org("settings", "import-config")).stderr
    assert "copied timezone = Asia/Tokyo" in copied
    assert "copied readiness.window_days = 183" in copied
    assert "copied one_on_one.capacity_hours for lead = 1.5" in copied
    assert "grace_days" not in copied  # the database already had one
    again = ok(org("settings", "import-config"))
    assert "nothing to copy" in again.stderr
    doc = json.loads(ok(org("settings", "show", "-f", "json")).stdout)
    assert doc["timezone"]["source"] == "database"
    assert doc["people"] == {"lead": {"one_on_one.capacity_hours": "1.5"}}
    assert "warning" not in ok(org("settings", "show")).stderr  # nothing left to warn about
    log = as_json(org("audit", "log", "--entity", "setting", "--format", "json"))
    assert len(log) == 1 + 3


def test_teammates_on_one_database_get_the_same_answers(  # type: ignore[no-untyped-def]
    org, home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ok(org("1on1", "pair", "boss", "ana", "--kind", "manager", "--since", "2026-09-01"))
    ok(org("1on1", "log", "boss", "ana", "--on", "2026-10-01"))
    ok(org("settings", "set", "one_on_one.grace_days", "1"))
    mine = ok(org("1on1", "due", "--format", "json")).stdout
    # A teammate whose own config.toml still says something else about the same rule.
    other = tmp_path / "other.toml"
    other.write_text("[one_on_one]\ngrace_days = 20\n", encoding="utf-8")
    monkeypatch.setenv("ENG_OPS_CONFIG", str(other))
    from eng_ops.config import load_config

    load_config.cache_clear()
    theirs = ok(org("1on1", "due", "--format", "json"))
    assert theirs.stdout == mine


def test_a_bad_old_config_value_names_its_file_and_key(org, home: Path) -> None:  # type: ignore[no-untyped-def]
    write_config(home, "[one_on_one]\ngrace_days = 99\n")
    result = org("1on1", "due")
    assert_one_line_error(result)
    assert "config.toml" in result.stderr and "one_on_one.grace_days" in result.stderr


def test_help_lists_the_settings_commands(cli) -> None:  # type: ignore[no-untyped-def]
    out = ok(cli("settings", "--help")).stdout
    for verb in ("show", "set", "unset", "import-config"):
        assert verb in out


def test_readme_settings_table_is_generated_from_the_registry() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- settings:start -->\n(.*?)<!-- settings:end -->", text, re.DOTALL)
    assert found, "README has no generated Settings table"
    assert found.group(1) == markdown_table()
    for s in REGISTRY:
        assert f"`{s.key}`" in found.group(1)


def test_registry_defaults_are_valid_values() -> None:
    for s in REGISTRY:
        if s.default is not None:
            s.parse(s.default)  # raises on a default that breaks its own rule


def test_settings_on_sqlite_and_postgresql(any_db: str, tmp_path: Path) -> None:
    """The same store on both backends: set, person override, unset, unique per scope."""
    from tests.conftest import run_cli

    def cli(*args: str):  # type: ignore[no-untyped-def]
        return run_cli("--db", any_db, *args)

    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    ok(cli("org", "import", str(path)))
    ok(cli("settings", "set", "timezone", "Europe/London"))
    ok(cli("settings", "set", "timezone", "Europe/Paris"))  # updates the one org row
    ok(cli("settings", "set", "one_on_one.capacity_hours", "2", "--person", "lead"))
    doc = as_json(cli("settings", "show", "--format", "json"))
    assert doc["timezone"] == {"value": "Europe/Paris", "source": "database"}
    assert doc["people"] == {"lead": {"one_on_one.capacity_hours": "2"}}
    ok(cli("settings", "unset", "timezone"))
    assert as_json(cli("settings", "show", "-f", "json"))["timezone"]["source"] == "default"
