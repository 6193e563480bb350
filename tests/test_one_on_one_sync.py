"""`1on1 sync`, `pair --force`, `org import --sync-1on1s` and `1on1 suggest`'s rules, on a
small org built from a file (not the demo), with the expected pairings worked out by hand.

The org (today is 2026-11-27):

    vera (VP)
    ├── mona (manager) ── ivan, jill, kurt (kurt joined 2026-10-01)
    └── nils (manager) ── omar, pia
    tess reports to vera too; lars has left (2026-09-30, reported to mona).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import TODAY, as_json, assert_one_line_error, file_digest, ok

ORG = """\
teams:
  - {key: eng, name: Engineering}
people:
  - {handle: vera, name: Vera V, team: eng, level: L7, track: manager, started: 2019-01-01}
  - {handle: mona, name: Mona M, team: eng, manager: vera, level: L6, track: manager}
  - {handle: nils, name: Nils N, team: eng, manager: vera, level: L6, track: manager}
  - {handle: tess, name: Tess T, team: eng, manager: vera, level: L5}
  - {handle: ivan, name: Ivan I, team: eng, manager: mona, level: L3}
  - {handle: jill, name: Jill J, team: eng, manager: mona, level: L4}
  - {handle: kurt, name: Kurt K, team: eng, manager: mona, level: L2, started: 2026-10-01}
  - {handle: omar, name: Omar O, team: eng, manager: nils, level: L3}
  - {handle: pia, name: Pia P, team: eng, manager: nils, level: L5}
  - {handle: lars, name: Lars L, team: eng, manager: mona, level: L3, left: 2026-09-30}
"""

# Manager lines of the people still here: 8 manager pairings.
MANAGER_LINES = {
    ("vera", "mona"),
    ("vera", "nils"),
    ("vera", "tess"),
    ("mona", "ivan"),
    ("mona", "jill"),
    ("mona", "kurt"),
    ("nils", "omar"),
    ("nils", "pia"),
}
# Skip-levels: the manager's manager of everyone two levels down: vera for 5 people.
SKIP_LINES = {("vera", m) for m in ("ivan", "jill", "kurt", "omar", "pia")}


@pytest.fixture
def org(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    ok(cli("org", "import", str(path)))
    return cli


def triples(rows: list[dict]) -> set[tuple[str, str, str]]:
    return {(r["leader"], r["member"], r["kind"]) for r in rows}


def active_pairs(cli) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return triples(as_json(cli("1on1", "pairs", "--format", "json")))


def test_sync_creates_manager_pairings_from_reporting_lines_and_is_idempotent(org) -> None:  # type: ignore[no-untyped-def]
    first = as_json(org("1on1", "sync", "--format", "json"))
    assert list(first) == ["created", "ended", "kept", "moved"]
    assert triples(first["created"]) == {(a, b, "manager") for a, b in MANAGER_LINES}
    assert all(list(c)[:3] == ["leader", "member", "kind"] for c in first["created"])
    assert first["ended"] == [] and first["kept"] == []
    # lars left: no pairing; vera (no manager) is nobody's member.
    assert not any("lars" in (c["leader"], c["member"]) for c in first["created"])
    rows = {
        (r["leader"], r["member"]): r for r in as_json(org("1on1", "pairs", "--format", "json"))
    }
    assert len(rows) == 8
    assert {r["every_days"] for r in rows.values()} == {14}  # the manager default, 2w
    # New pairings begin today, but never before the member joined.
    assert {r["since"] for r in rows.values()} == {TODAY.isoformat()}

    again = org("1on1", "sync", "--format", "json")
    assert as_json(again) == {"created": [], "ended": [], "kept": [], "moved": []}
    assert "already match" in again.stderr


def test_sync_since_never_starts_before_someone_joined(org) -> None:  # type: ignore[no-untyped-def]
    ok(org("1on1", "sync", "--since", "2026-06-01"))
    rows = {
        (r["leader"], r["member"]): r for r in as_json(org("1on1", "pairs", "--format", "json"))
    }
    assert rows[("mona", "kurt")]["since"] == "2026-10-01"  # kurt joined then
    assert rows[("mona", "ivan")]["since"] == "2026-06-01"
    assert_one_line_error(org("1on1", "sync", "--since", "2026-12-01"))  # the future


def test_sync_since_moves_back_pairings_that_never_met_so_history_can_be_imported(
    org, db_path
) -> None:  # type: ignore[no-untyped-def]
    # The easy slip: sync first (pairings begin today), then want June's calendar history.
    ok(org("1on1", "sync"))
    ok(org("1on1", "log", "nils", "pia", "--on", "today"))  # this one has a 1:1 already
    ok(org("people", "edit", "jill", "--manager", "nils"))
    ok(org("1on1", "sync"))  # mona/jill ended today, nils/jill begins today
    result = as_json(org("1on1", "sync", "--since", "2026-06-01", "--format", "json"))
    moved = {(r["leader"], r["member"]): r["since"] for r in result["moved"]}
    # Back to June 1, but: kurt joined 2026-10-01; pia's pairing has a 1:1 logged (left as
    # it is); jill's new pairing cannot begin before her pairing with mona ended (today).
    assert moved == {
        ("vera", "mona"): "2026-06-01",
        ("vera", "nils"): "2026-06-01",
        ("vera", "tess"): "2026-06-01",
        ("mona", "ivan"): "2026-06-01",
        ("mona", "kurt"): "2026-10-01",
        ("nils", "omar"): "2026-06-01",
    }
    assert result["created"] == [] and result["ended"] == []
    rows = {
        (r["leader"], r["member"]): r for r in as_json(org("1on1", "pairs", "--format", "json"))
    }
    assert rows[("nils", "pia")]["since"] == TODAY.isoformat()
    assert rows[("nils", "jill")]["since"] == TODAY.isoformat()
    assert rows[("mona", "kurt")]["since"] == "2026-10-01"
    with sqlite3.connect(db_path) as db:
        (before, after) = db.execute(
            "SELECT before, after FROM audit WHERE entity_key = 'mona/ivan/manager' "
            "AND action = 'update'"
        ).fetchone()
    assert json.loads(before)["since"] == TODAY.isoformat()
    assert json.loads(after)["since"] == "2026-06-01"
    again = as_json(org("1on1", "sync", "--since", "2026-06-01", "--format", "json"))
    assert again == {"created": [], "ended": [], "kept": [], "moved": []}


def test_sync_skip_levels_use_the_managers_manager(org) -> None:  # type: ignore[no-untyped-def]
    result = as_json(org("1on1", "sync", "--kinds", "manager,skip", "--format", "json"))
    assert triples(result["created"]) == {(a, b, "manager") for a, b in MANAGER_LINES} | {
        (a, b, "skip") for a, b in SKIP_LINES
    }
    skip = [r for r in as_json(org("1on1", "pairs", "--kind", "skip", "--format", "json"))]
    assert {r["every_days"] for r in skip} == {42}  # the skip default, 6w
    # Only skip: the manager pairings already exist, nothing else changes.
    assert as_json(org("1on1", "sync", "--kinds", "skip", "--format", "json"))["created"] == []


def test_a_change_of_manager_ends_the_old_pairing_and_starts_the_new_one(org, db_path) -> None:  # type: ignore[no-untyped-def]
    ok(org("1on1", "sync", "--kinds", "manager,skip", "--since", "2026-06-01"))
    ok(org("1on1", "log", "mona", "jill", "--kind", "manager", "--on", "2026-11-02"))
    ok(org("people", "edit", "jill", "--manager", "nils"))
    before = file_digest(db_path)
    dry = as_json(org("1on1", "sync", "--kinds", "manager,skip", "--dry-run", "--format", "json"))
    assert file_digest(db_path) == before  # a dry run writes nothing
    result = as_json(org("1on1", "sync", "--kinds", "manager,skip", "--format", "json"))
    assert result == dry
    assert triples(result["created"]) == {("nils", "jill", "manager")}
    # The skip-level stays: vera manages both mona and nils.
    assert triples(result["ended"]) == {("mona", "jill", "manager")}
    (ended,) = result["ended"]
    assert ended["ended"] == TODAY.isoformat() and "nils" in ended["reason"]
    # History kept: the old pairing is listed with --all and its 1:1 is still in the history.
    old = as_json(
        org("1on1", "pairs", "--all", "--leader", "mona", "--member", "jill", "--format", "json")
    )
    assert [r["ended"] for r in old] == [TODAY.isoformat()]
    history = as_json(org("1on1", "history", "jill", "--format", "json"))
    assert [(h["leader"], h["date"]) for h in history] == [("mona", "2026-11-02")]
    assert as_json(org("1on1", "sync", "--kinds", "manager,skip", "--format", "json")) == {
        "created": [],
        "ended": [],
        "kept": [],
        "moved": [],
    }


def test_a_leavers_pairings_end_on_the_leave_date(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(org("1on1", "sync", "--kinds", "manager,skip", "--since", "2026-06-01"))
    # A leave date ahead, from the org file (an HR export): the pairings run until then.
    path = tmp_path / "org.yaml"
    path.write_text(
        ORG.replace("manager: nils, level: L3}", "manager: nils, level: L3, left: 2026-12-18}"),
        encoding="utf-8",
    )
    ok(org("org", "import", str(path)))
    result = as_json(org("1on1", "sync", "--kinds", "manager,skip", "--format", "json"))
    ends = {(r["leader"], r["kind"]): r["ended"] for r in result["ended"]}
    assert ends == {("nils", "manager"): "2026-12-18", ("vera", "skip"): "2026-12-18"}
    assert all("omar leaves on 2026-12-18" in r["reason"] for r in result["ended"])
    assert result["created"] == []
    assert (
        as_json(org("1on1", "sync", "--kinds", "manager,skip", "--format", "json"))["ended"] == []
    )
    # Until the leave date the pairing is still listed as running.
    assert ("nils", "omar", "manager") in active_pairs(org)


def test_pair_against_the_reporting_lines_is_refused_unless_forced(org, db_path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    refused = org("1on1", "pair", "nils", "ivan", "--kind", "manager")
    assert_one_line_error(refused)
    assert "ivan reports to mona, not nils" in refused.stderr and "--force" in refused.stderr
    skip = org("1on1", "pair", "mona", "ivan", "--kind", "skip")
    assert_one_line_error(skip)
    assert "skip-level is vera" in skip.stderr
    top = org("1on1", "pair", "mona", "vera", "--kind", "manager")
    assert_one_line_error(top)
    assert "vera has no manager" in top.stderr
    assert file_digest(db_path) == before

    ok(org("1on1", "pair", "mona", "ivan", "--kind", "manager"))  # the real line: fine
    forced = ok(org("1on1", "pair", "nils", "ivan", "--kind", "manager", "--force"))
    assert "forced" in forced.stderr
    rows = {
        (r["leader"], r["member"]): r for r in as_json(org("1on1", "pairs", "--format", "json"))
    }
    assert rows[("nils", "ivan")]["forced"] is True and rows[("mona", "ivan")]["forced"] is False
    with sqlite3.connect(db_path) as db:
        (after,) = db.execute(
            "SELECT after FROM audit WHERE entity = 'pairing' AND entity_key = 'nils/ivan/manager'"
        ).fetchone()
    assert json.loads(after)["forced"] is True
    assert json.loads(after)["forced_because"] == "ivan reports to mona, not nils"

    # Sync keeps the forced pairing and lists it as such.
    result = as_json(org("1on1", "sync", "--format", "json"))
    assert triples(result["kept"]) == {("nils", "ivan", "manager")}
    assert ("nils", "ivan", "manager") in active_pairs(org)
    assert ("mona", "ivan", "manager") not in triples(result["created"])  # it exists already


def test_org_import_can_sync_1on1s_in_the_same_run(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    result = ok(cli("org", "import", str(path), "--sync-1on1s"))
    assert "8 created" in result.stderr
    assert active_pairs(cli) == {(a, b, "manager") for a, b in MANAGER_LINES}
    # A moved person in the file: the re-import moves the pairing too.
    moved = ORG.replace(
        "handle: pia, name: Pia P, team: eng, manager: nils",
        "handle: pia, name: Pia P, team: eng, manager: mona",
    )
    path.write_text(moved, encoding="utf-8")
    ok(cli("org", "import", str(path), "--sync-1on1s"))
    pairs = active_pairs(cli)
    assert ("mona", "pia", "manager") in pairs and ("nils", "pia", "manager") not in pairs


def test_sync_refuses_mentor_kind_with_one_line(org, db_path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = org("1on1", "sync", "--kinds", "manager,mentor")
    assert_one_line_error(result)
    assert "mentor" in result.stderr
    assert file_digest(db_path) == before


# --- suggest -----------------------------------------------------------------------------


def test_suggest_proposes_the_missing_manager_pairing_before_any_mentor(org) -> None:  # type: ignore[no-untyped-def]
    plan = as_json(org("1on1", "suggest", "--format", "json"))
    managers = [r for r in plan if r["kind"] == "manager"]
    assert {(r["to_leader"], r["member"]) for r in managers} == MANAGER_LINES
    assert all(r["action"] == "add" and r["every"] == "2w" for r in managers)
    # A manager 1:1 every 2 weeks is frequent (<= 14 days): nobody also needs a mentor.
    assert [r for r in plan if r["kind"] == "mentor"] == []
    first_mentor = next((i for i, r in enumerate(plan) if r["kind"] == "mentor"), len(plan))
    assert all(i < first_mentor for i, r in enumerate(plan) if r["kind"] == "manager")
    ok(org("1on1", "suggest", "--apply"))
    assert active_pairs(org) == {(a, b, "manager") for a, b in MANAGER_LINES}


def test_suggest_never_asks_a_manager_to_mentor_their_own_reports_nor_a_leaver(org) -> None:  # type: ignore[no-untyped-def]
    # Everyone has their manager 1:1, but monthly: nobody has a frequent (<= 2 weeks) 1:1.
    ok(org("settings", "set", "one_on_one.cadence.manager", "4w"))
    ok(org("1on1", "sync"))
    # pia (L5) would be the natural mentor for omar (L3, same manager); she is leaving.
    ok(org("people", "leave", "pia", "--on", "2026-12-31"))
    plan = as_json(org("1on1", "suggest", "--format", "json"))
    mentors = {r["member"]: r["to_leader"] for r in plan if r["action"] == "add"}
    chain = {
        "ivan": {"mona", "vera"},
        "jill": {"mona", "vera"},
        "kurt": {"mona", "vera"},
        "omar": {"nils", "vera"},
        "mona": {"vera"},
        "nils": {"vera"},
        "tess": {"vera"},
    }
    assert mentors, plan
    for member, mentor in mentors.items():
        assert mentor not in chain[member], (member, mentor)  # not their own manager(s)
        assert mentor != "pia" and member != "pia"  # a leaver neither mentors nor is given one
    # The people still here without a frequent 1:1 who have someone senior outside their line:
    # ivan (L3) -> jill (L4) is same-team and senior; omar (L3) -> jill or tess etc.
    assert "ivan" in mentors and "omar" in mentors
