"""org import/export: the contract, idempotence, all-or-nothing, file:line errors."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, file_digest, run_cli

ORG = EXAMPLES / "org.yaml"


def example_people() -> list[dict]:
    return yaml.safe_load(ORG.read_text(encoding="utf-8"))["people"]


def test_import_then_list_json_contract(any_db: str) -> None:
    assert run_cli("--db", any_db, "org", "import", str(ORG)).exit_code == 0
    result = run_cli("--db", any_db, "people", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    expected = {p["handle"]: p for p in example_people()}
    assert {r["handle"] for r in rows} == set(expected)
    for row in rows:
        want = expected[row["handle"]]
        assert row["name"] == want["name"]
        assert row["team"] == want["team"]
        assert row["manager"] == want.get("manager")
        assert row["level"] == want["level"]


def test_reimport_is_idempotent(any_db: str) -> None:
    first = run_cli("--db", any_db, "org", "import", str(ORG))
    assert "27 created" in first.stderr or "created" in first.stderr
    audit_before = run_cli("--db", any_db, "audit", "log", "--limit", "1000", "-f", "json")
    second = run_cli("--db", any_db, "org", "import", str(ORG))
    assert second.exit_code == 0, second.stderr
    n_people = len(example_people())
    assert f"{n_people} unchanged" in second.stderr
    rows = json.loads(run_cli("--db", any_db, "people", "list", "-f", "json").stdout)
    assert len(rows) == n_people
    audit_after = run_cli("--db", any_db, "audit", "log", "--limit", "1000", "-f", "json")
    assert json.loads(audit_after.stdout) == json.loads(audit_before.stdout)


def test_reimport_updates_and_audits(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("org", "import", str(ORG)).exit_code == 0
    data = yaml.safe_load(ORG.read_text(encoding="utf-8"))
    target = next(p for p in data["people"] if p.get("manager") and p["level"] == "L3")
    target["level"] = "L4"
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = cli("org", "import", str(changed))
    assert result.exit_code == 0, result.stderr
    assert "1 updated" in result.stderr
    shown = json.loads(cli("people", "show", target["handle"], "-f", "json").stdout)
    assert shown["level"] == "L4"
    log = json.loads(cli("audit", "log", "--key", target["handle"], "-f", "json").stdout)
    assert log[0]["action"] == "update"
    assert "level: 'L3' -> 'L4'" in log[0]["changes"]


def test_export_reimports_to_same_state(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("org", "import", str(ORG)).exit_code == 0
    assert cli("people", "leave", "ben", "--on", "2026-10-01").exit_code == 0
    exported = cli("org", "export")
    assert exported.exit_code == 0
    out_file = tmp_path / "export.yaml"
    out_file.write_text(exported.stdout, encoding="utf-8")
    other = tmp_path / "other.db"
    assert run_cli("--db", str(other), "org", "import", str(out_file)).exit_code == 0
    again = run_cli("--db", str(other), "org", "export")
    assert again.stdout == exported.stdout
    everyone = json.loads(
        run_cli("--db", str(other), "people", "list", "--all", "-f", "json").stdout
    )
    ben = next(p for p in everyone if p["handle"] == "ben")
    assert ben["left"] == "2026-10-01"


def test_export_to_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("org", "import", str(ORG))
    target = tmp_path / "out.yaml"
    assert cli("org", "export", "--out", str(target)).exit_code == 0
    assert len(yaml.safe_load(target.read_text())["people"]) == len(example_people())


def test_dry_run_writes_nothing(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("org", "import", str(ORG))
    before = file_digest(db_path)
    data = yaml.safe_load(ORG.read_text(encoding="utf-8"))
    data["people"][0]["title"] = "Changed"
    changed = db_path.parent / "changed.yaml"
    changed.write_text(yaml.safe_dump(data))
    result = cli("org", "import", str(changed), "--dry-run")
    assert result.exit_code == 0
    assert "1 updated" in result.stderr and "dry run" in result.stderr
    assert file_digest(db_path) == before


GOOD_HEAD = """\
teams:
  - key: eng
    name: Engineering
  - key: web
    name: Web
    parent: eng
people:
  - handle: vp
    name: Vera Park
    team: eng
    level: L7
    track: manager
"""

BAD_FILES = {
    "unknown_team": (
        "  - handle: al\n    name: Al\n    team: nowhere\n    manager: vp\n",
        15,
        ["people[1].team", "unknown team 'nowhere'"],
    ),
    "unknown_manager": (
        "  - handle: al\n    name: Al\n    team: web\n    manager: ghost\n",
        16,
        ["people[1].manager", "unknown manager 'ghost'"],
    ),
    "bad_date": (
        "  - handle: al\n    name: Al\n    team: web\n    started: 2024-13-45\n",
        16,
        ["people[1].started", "2024-13-45"],
    ),
    "duplicate_handle": (
        "  - handle: vp\n    name: Again\n    team: web\n",
        13,
        ["duplicate 'vp'", "first defined on line 8"],
    ),
    "manager_cycle": (
        "  - handle: al\n    name: Al\n    team: web\n    manager: bo\n"
        "  - handle: bo\n    name: Bo\n    team: web\n    manager: al\n",
        16,
        ["people[1].manager", "management cycle"],
    ),
    "bad_track": (
        "  - handle: al\n    name: Al\n    track: wizard\n",
        15,
        ["people[1].track", "wizard"],
    ),
    "unknown_field": (
        "  - handle: al\n    name: Al\n    mangaer: vp\n",
        15,
        ["people[1].mangaer", "unknown field"],
    ),
    "malformed_yaml": (
        "  - handle: al\n    name: [unclosed\n",
        None,
        ["invalid YAML"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_refused_and_changes_nothing(
    cli, db_path: Path, tmp_path: Path, case: str
) -> None:  # type: ignore[no-untyped-def]
    assert cli("org", "import", str(ORG)).exit_code == 0
    before = file_digest(db_path)
    tail, line, needles = BAD_FILES[case]
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD_HEAD + tail, encoding="utf-8")
    result = cli("org", "import", str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert str(bad) in result.stderr
    if line is not None:
        assert f"{bad}:{line}:" in result.stderr
    for needle in needles:
        assert needle in result.stderr
    assert file_digest(db_path) == before


def test_cycle_through_existing_people_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The VP in the database cannot be made to report to someone below them."""
    cli("org", "import", str(ORG))
    vp = next(p for p in example_people() if not p.get("manager"))
    report = next(p for p in example_people() if p.get("manager") == vp["handle"])
    vp_changed = {**vp, "manager": report["handle"]}
    bad = tmp_path / "cycle.yaml"
    bad.write_text(yaml.safe_dump({"people": [vp_changed]}))
    result = cli("org", "import", str(bad))
    assert result.exit_code == 1
    assert "management cycle" in result.stderr
    assert f"{bad}:" in result.stderr


def test_partial_file_can_reference_existing_people(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("org", "import", str(ORG))
    manager = next(p for p in example_people() if p["track"] == "manager")
    new_hire = tmp_path / "new.yaml"
    new_hire.write_text(
        textwrap.dedent(
            f"""\
            people:
              - handle: zoe
                name: Zoe New
                team: {manager["team"]}
                manager: {manager["handle"]}
                level: L2
                started: 2026-11-02
            """
        )
    )
    assert cli("org", "import", str(new_hire)).exit_code == 0
    shown = json.loads(cli("people", "show", "zoe", "-f", "json").stdout)
    assert shown["manager"] == manager["handle"]
    assert shown["started"] == "2026-11-02"


def test_missing_file(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("org", "import", "/nonexistent/org.yaml")
    assert result.exit_code == 1
    assert "no such file" in result.stderr
