"""On SQLite the acting person is --as (or ENG_OPS_USER, or the config user), who must be a
person of the org to write; with nobody named, the file's owner writes (issue 16, part 1)."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest

from eng_ops.config import load_config
from tests.conftest import as_json, assert_one_line_error, file_digest, ok, run_cli


def test_a_write_as_nobody_changes_nothing(demo_org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = demo_org("people", "edit", "grace", "--title", "Lead", as_="nobody")
    assert_one_line_error(result)
    assert "'nobody' (--as, ENG_OPS_USER or the config user) is not a person" in result.stderr
    assert file_digest(db_path) == before
    # reading as a name is harmless on one person's file
    ok(demo_org("people", "show", "grace", as_="nobody"))


def test_the_user_from_the_environment_or_config_is_checked_too(
    demo_org, db_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    monkeypatch.setenv("ENG_OPS_USER", "ghost")
    assert_one_line_error(demo_org("people", "edit", "grace", "--title", "Lead"))
    monkeypatch.delenv("ENG_OPS_USER")
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('user = "ghost"\n')
    load_config.cache_clear()  # the config is read once per process
    assert_one_line_error(demo_org("people", "edit", "grace", "--title", "Lead"))
    assert file_digest(db_path) == before
    (home / "config.toml").write_text('user = "priya"\n')
    load_config.cache_clear()
    ok(demo_org("people", "edit", "grace", "--title", "Lead"))
    (entry,) = as_json(demo_org("audit", "log", "--key", "grace", "--entity", "person",
                                "--limit", "1", "--format", "json"))  # fmt: skip
    assert entry["actor"] == "priya"


def test_with_nobody_named_the_file_owner_writes(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("people", "edit", "grace", "--title", "Lead"))
    (entry,) = as_json(demo_org("audit", "log", "--key", "grace", "--entity", "person",
                                "--limit", "1", "--format", "json"))  # fmt: skip
    assert entry["actor"] == getpass.getuser()


def test_an_empty_org_is_bootstrapped_by_whoever_is_named(db_path: Path, tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(
        "teams:\n  - {key: core, name: Core}\n"
        "people:\n  - {handle: ana, name: Ana Silva, team: core, level: L5}\n",
        encoding="utf-8",
    )
    ok(run_cli("--db", str(db_path), "--as", "ana", "org", "import", str(org)))
    # from now on the org has people: a name that is not one of them is refused
    result = run_cli("--db", str(db_path), "--as", "bo", "people", "add", "bo", "--name", "Bo")
    assert_one_line_error(result)
