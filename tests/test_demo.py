"""`eng-ops demo`: a fresh demo database from examples/, a dashboard, and safety."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.conftest import EXAMPLES, run_cli


def test_demo_builds_default_database_and_dashboard(home: Path) -> None:
    result = run_cli("demo")
    assert result.exit_code == 0, result.stderr
    target = home / "demo.db"
    assert target.exists()
    assert str(target) in result.stderr
    people = yaml.safe_load((EXAMPLES / "org.yaml").read_text())["people"]
    assert f"Teams ({len(people)} people)" in result.stdout
    assert "Headcount by level" in result.stdout
    assert "Span of control" in result.stdout
    listed = json.loads(run_cli("--db", str(target), "people", "list", "-f", "json").stdout)
    assert len(listed) == len(people)


def test_demo_rebuilds_fresh(tmp_path: Path) -> None:
    target = tmp_path / "demo.db"
    assert run_cli("demo", "--db", str(target)).exit_code == 0
    assert run_cli("--db", str(target), "people", "add", "extra", "--name", "Extra").exit_code == 0
    assert run_cli("demo", "--db", str(target)).exit_code == 0
    handles = [
        p["handle"]
        for p in json.loads(run_cli("--db", str(target), "people", "list", "-f", "json").stdout)
    ]
    assert "extra" not in handles


def test_demo_refuses_to_replace_a_real_org(tmp_path: Path) -> None:
    real = tmp_path / "real.db"
    assert run_cli("--db", str(real), "people", "add", "al", "--name", "Al").exit_code == 0
    result = run_cli("--db", str(real), "demo")
    assert result.exit_code == 1
    assert "refusing" in result.stderr
    listed = json.loads(run_cli("--db", str(real), "people", "list", "-f", "json").stdout)
    assert [p["handle"] for p in listed] == ["al"]
    forced = run_cli("--db", str(real), "demo", "--force")
    assert forced.exit_code == 0


def test_demo_on_postgresql(pg_url: str) -> None:
    assert run_cli("--db", pg_url, "demo").exit_code == 0
    again = run_cli("--db", pg_url, "demo")
    assert again.exit_code == 0, again.stderr
    people = yaml.safe_load((EXAMPLES / "org.yaml").read_text())["people"]
    listed = json.loads(run_cli("--db", pg_url, "people", "list", "-f", "json").stdout)
    assert len(listed) == len(people)


def test_org_summary_json(tmp_path: Path) -> None:
    target = tmp_path / "demo.db"
    run_cli("demo", "--db", str(target))
    summary = json.loads(run_cli("--db", str(target), "org", "summary", "-f", "json").stdout)
    assert summary["headcount"] == sum(row["headcount"] for row in summary["levels"])
    assert summary["spans"][0]["direct_reports"] >= summary["spans"][-1]["direct_reports"]
