"""The 1:1 queries (windowed, grouped, JSON topics) give the same answers on both databases."""

from __future__ import annotations

import json

from tests.conftest import run_cli

DUE_KEYS = {"leader", "member", "kind", "last_met", "next_due", "status", "days_late"}


def test_demo_one_on_ones_on_each_backend(any_db: str) -> None:
    assert run_cli("--db", any_db, "demo", "--force").exit_code == 0

    due = json.loads(run_cli("--db", any_db, "1on1", "due", "-f", "json").stdout)
    assert due and all(set(row) >= DUE_KEYS for row in due)
    late = [row["days_late"] for row in due]
    assert late == sorted(late, reverse=True)

    coverage = json.loads(run_cli("--db", any_db, "1on1", "coverage", "-f", "json").stdout)
    by_handle = {row["handle"]: row["reasons"] for row in coverage}
    assert "never met 1:1" in by_handle["amara"]  # sync paired her; nobody meets her
    assert any(r.startswith("challenge falling") for r in by_handle["ben"])

    load = json.loads(run_cli("--db", any_db, "1on1", "load", "-f", "json").stdout)
    overloaded = {row["leader"] for row in load if row["overloaded"]}
    assert overloaded == {"wei"}

    adherence = json.loads(
        run_cli("--db", any_db, "1on1", "adherence", "--by", "leader", "-f", "json").stdout
    )
    # One row per leader and kind: the VP's slipped manager 1:1s and her skip-levels (most
    # never met) are the least on time.
    vp = [row for row in adherence if row["leader"] == "priya"]
    assert {row["kind"] for row in vp} == {"manager", "skip"}
    others = [row for row in adherence if row["leader"] != "priya" and row["gaps"]]
    assert max(row["within_target"] for row in vp) < min(row["within_target"] for row in others)

    plan = json.loads(run_cli("--db", any_db, "1on1", "suggest", "-f", "json").stdout)
    assert any(row["action"] == "move" and row["from_leader"] == "wei" for row in plan)
    assert run_cli("--db", any_db, "1on1", "suggest", "--apply").exit_code == 0
    load = json.loads(run_cli("--db", any_db, "1on1", "load", "-f", "json").stdout)
    assert not any(row["overloaded"] for row in load)
