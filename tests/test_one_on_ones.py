"""`eng-ops 1on1`: pairings, logging, actions, due, coverage, load, suggest, agenda, privacy,
adherence and the one-on-ones report, through the real CLI on a real SQLite file.

Expected values come from examples/org.yaml, examples/questions.yaml, the documented
defaults (manager 2w, mentor 1w, skip 6w, 3 days' grace, due-soon within 3 days, career
talk every 90 days, capacity 6 h a week on the manager track and 2 h for individual
contributors) and the dates logged here, never from the code.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from tests.conftest import (
    EXAMPLES,
    TODAY,
    as_json,
    assert_one_line_error,
    file_digest,
    isolated_env,
    ok,
    run_cli,
)

ORG = yaml.safe_load((EXAMPLES / "org.yaml").read_text(encoding="utf-8"))
PEOPLE = {p["handle"]: p for p in ORG["people"]}
TOP = [h for h, p in PEOPLE.items() if not p.get("manager")]
assert TOP == ["priya"], "examples/org.yaml is expected to have priya as its single top"
VP = TOP[0]
BANK = yaml.safe_load((EXAMPLES / "questions.yaml").read_text(encoding="utf-8"))["categories"]
BANK_BY_NAME = {c.get("name", c["key"]): c for c in BANK}

TOPICS = ("career", "growth", "challenge", "feedback", "wellbeing", "project")
DEFAULT_EVERY = {"manager": 14, "mentor": 7, "skip": 42}
GRACE_DAYS = 3
DUE_SOON_DAYS = 3
CAREER_DAYS = 90
CAPACITY = {"manager": 6.0, "ic": 2.0}  # hours a week, by track
PAIR_KEYS = ["id", "leader", "member", "kind", "every", "every_days", "minutes", "since", "ended"]
PAIR_KEYS.append("forced")  # made against the reporting lines with --force
DUE_KEYS = ["leader", "member", "kind", "last_met", "next_due", "status", "days_late"]
SINCE = (TODAY - timedelta(days=400)).isoformat()  # every relative pairing starts here


def rank(handle: str) -> int:
    """The numeric part of the person's level in examples/org.yaml (L5 -> 5)."""
    return int(re.sub(r"\D", "", PEOPLE[handle]["level"]))


def capacity_of(handle: str) -> float:
    """The default capacity of the person's track in examples/org.yaml."""
    return CAPACITY[PEOPLE[handle].get("track", "ic")]


def days_ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


def every_text(days: int) -> str:
    return f"{days // 7}w" if days % 7 == 0 else f"{days}d"


# --- helpers ------------------------------------------------------------------------------


def pair(cli, leader: str, member: str, kind: str, *extra: str, since: str = SINCE):  # type: ignore[no-untyped-def]
    return ok(cli("1on1", "pair", leader, member, "--kind", kind, "--since", since, *extra))


def log(cli, leader: str, member: str, on: str, *extra: str, as_: str | None = None):  # type: ignore[no-untyped-def]
    return ok(cli("1on1", "log", leader, member, "--on", on, *extra, as_=as_))


def pairs(cli, *args: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return as_json(cli("1on1", "pairs", *args, "--format", "json"))


@pytest.fixture(scope="module")
def org_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/org.yaml imported once per module (parametrized tests copy it)."""
    base = tmp_path_factory.mktemp("org-template")
    path = base / "org.db"
    with isolated_env(base):
        ok(run_cli("--db", str(path), "org", "import", str(EXAMPLES / "org.yaml")))
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def org(cli, db_path: Path, org_template: Path):  # type: ignore[no-untyped-def]
    """The same state as `demo_org` (examples/org.yaml imported), copied from the template."""
    shutil.copyfile(org_template, db_path)
    return cli


# --- 1on1 pair / pairs / unpair -----------------------------------------------------------


def test_pair_defaults_per_kind_and_explicit_every(demo_org) -> None:  # type: ignore[no-untyped-def]
    first = pair(demo_org, "marcus", "ben", "manager")
    assert "marcus" in first.stderr and "ben" in first.stderr and first.stdout == ""
    ok(demo_org("1on1", "pair", "wei", "ben", "--kind", "mentor"))  # since defaults to today
    pair(demo_org, VP, "ben", "skip")
    pair(demo_org, "fatima", "ben", "mentor", "--every", "10d", "--minutes", "45")

    rows = pairs(demo_org, "--member", "ben")
    assert all(list(r) == PAIR_KEYS for r in rows), rows
    by_leader = {r["leader"]: r for r in rows}
    assert sorted(by_leader) == sorted(["marcus", "wei", VP, "fatima"])
    assert len({r["id"] for r in rows}) == 4
    for leader, kind in (("marcus", "manager"), ("wei", "mentor"), (VP, "skip")):
        row = by_leader[leader]
        assert (row["member"], row["kind"]) == ("ben", kind)
        assert row["every_days"] == DEFAULT_EVERY[kind]
        assert row["every"] == every_text(DEFAULT_EVERY[kind])
        assert row["minutes"] == 30
        assert row["ended"] is None
    assert by_leader["marcus"]["since"] == SINCE
    assert by_leader["wei"]["since"] == TODAY.isoformat()
    fatima = by_leader["fatima"]
    assert (fatima["kind"], fatima["every"], fatima["every_days"], fatima["minutes"]) == (
        "mentor",
        "10d",
        10,
        45,
    )
    assert f"#{by_leader['marcus']['id']}" in first.stderr

    assert [r["leader"] for r in pairs(demo_org, "--kind", "mentor")] == ["fatima", "wei"]
    assert [r["member"] for r in pairs(demo_org, "--leader", VP)] == ["ben"]


def test_pair_cadence_default_from_settings(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("settings", "set", "one_on_one.cadence.manager", "3w"))
    pair(demo_org, "marcus", "ben", "manager")
    pair(demo_org, "wei", "ben", "mentor")
    pair(demo_org, "sofia", "emily", "manager", "--every", "10d")
    rows = {(r["leader"], r["member"]): r for r in pairs(demo_org)}
    assert (rows["marcus", "ben"]["every_days"], rows["marcus", "ben"]["every"]) == (21, "3w")
    assert rows["wei", "ben"]["every_days"] == DEFAULT_EVERY["mentor"]  # not overridden
    assert rows["sofia", "emily"]["every_days"] == 10  # --every beats the setting


def test_unpair_needs_kind_when_several_and_all_shows_ended(demo_org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    pair(demo_org, "marcus", "ben", "manager")
    pair(demo_org, "marcus", "ben", "mentor")
    before = file_digest(db_path)
    result = demo_org("1on1", "unpair", "marcus", "ben")
    assert_one_line_error(result)
    assert "--kind" in result.stderr
    assert file_digest(db_path) == before

    ended_on = days_ago(10)
    result = ok(demo_org("1on1", "unpair", "marcus", "ben", "--kind", "mentor", "--on", ended_on))
    assert ended_on in result.stderr
    active = pairs(demo_org)
    assert [(r["leader"], r["member"], r["kind"]) for r in active] == [("marcus", "ben", "manager")]
    everything = {r["kind"]: r for r in pairs(demo_org, "--all")}
    assert sorted(everything) == ["manager", "mentor"]
    assert everything["mentor"]["ended"] == ended_on
    assert everything["manager"]["ended"] is None

    # One pairing left: no --kind needed; the ended mentor pairing can start again.
    ok(demo_org("1on1", "unpair", "marcus", "ben", "--on", days_ago(1)))
    assert pairs(demo_org) == []
    pair(demo_org, "marcus", "ben", "mentor")
    assert len(pairs(demo_org, "--all")) == 3


# --- bad input ----------------------------------------------------------------------------


@pytest.fixture
def paired(org):  # type: ignore[no-untyped-def]
    """marcus -> ben (manager) with one meeting whose only action item is already done."""
    pair(org, "marcus", "ben", "manager")
    log(org, "marcus", "ben", days_ago(30), "--action", "Book the offsite")
    (item,) = as_json(org("1on1", "actions", "--format", "json"))
    ok(org("1on1", "done", str(item["id"]), "--on", days_ago(20)))
    return org, item["id"]


LOG = ["1on1", "log", "marcus", "ben", "--on", days_ago(2)]


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["1on1", "pair", "marcsu", "ben", "--kind", "manager"], "did you mean 'marcus'"),
        (["1on1", "pair", "marcus", "bne", "--kind", "manager"], "did you mean 'ben'"),
        (["1on1", "pair", "ben", "ben", "--kind", "mentor"], "ben"),
        (["1on1", "pair", "wei", "ben", "--kind", "mentor", "--every", "0d"], "--every"),
        (["1on1", "pair", "wei", "ben", "--kind", "mentor", "--every", "banana"], "--every"),
        (["1on1", "pair", "marcus", "ben", "--kind", "manager"], "already"),
        ([*LOG, "--challenge", "6"], "--challenge"),
        ([*LOG, "--mood", "0"], "--mood"),
        ([*LOG, "--action", "Ping @nobody"], "nobody"),
        ([*LOG, "--action", "Ship it due:banana"], "banana"),
        ([*LOG, "--action", "@ben"], "--action"),
        ([*LOG, "--reason", "travel"], "--reason"),
        (["1on1", "done", "999"], "999"),
        (["1on1", "done", "{done_id}"], "already"),
        ([*LOG, "--skipped"], "--reason"),
        (["1on1", "log", "marcus", "ben", "--on", "tomorrow"], "future"),
        (["1on1", "log", "marcus", "ben", "--on", "2001-01-01"], "before"),
        (["1on1", "log", "wei", "ben", "--on", days_ago(2)], "no active"),
        (["1on1", "unpair", "wei", "ben"], "no active"),
        (["1on1", "agenda", "wei", "ben"], "no active"),
        (["1on1", "coverage", "--days", "0"], "--days"),
    ],
    ids=[
        "unknown-leader",
        "unknown-member",
        "self",
        "every-0d",
        "every-banana",
        "duplicate",
        "challenge-6",
        "mood-0",
        "unknown-action-owner",
        "action-bad-due",
        "action-no-text",
        "reason-without-skipped",
        "done-unknown",
        "done-twice",
        "skipped-no-reason",
        "future",
        "before-pairing",
        "log-no-pairing",
        "unpair-no-pairing",
        "agenda-no-pairing",
        "coverage-days-0",
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(paired, db_path: Path, args, mentions) -> None:  # type: ignore[no-untyped-def]
    cli, done_id = paired
    args = [a.replace("{done_id}", str(done_id)) for a in args]
    before = file_digest(db_path)
    result = cli(*args)
    assert_one_line_error(result)
    assert mentions in result.stderr
    assert file_digest(db_path) == before
    history = as_json(cli("1on1", "history", "ben", "--format", "json"))
    assert len(history) == 1  # the fixture's meeting only


# --- 1on1 log / actions / done ------------------------------------------------------------


def test_log_with_topics_ratings_notes_and_actions_then_carry_over(demo_org) -> None:  # type: ignore[no-untyped-def]
    pair(demo_org, "marcus", "ben", "manager")
    first_on, second_on, third_on = days_ago(30), days_ago(16), days_ago(2)
    due_on = days_ago(5)
    result = log(
        demo_org,
        "marcus",
        "ben",
        first_on,
        "--topic",
        "career",
        "--topic",
        "Project",
        "--challenge",
        "4",
        "--mood",
        "3",
        "--notes",
        "Talked about the migration.",
        "--private",
        "Seems tired.",
        "--action",
        f"Draft the RFC @marcus due:{due_on}",
        "--action",
        "Read the SRE book",
        as_="marcus",
    )
    assert "carried over" not in result.stderr
    assert result.stderr.count("new action #") == 2

    items = as_json(demo_org("1on1", "actions", "--format", "json"))
    assert [(i["text"], i["owner"], i["due"]) for i in items] == [
        ("Draft the RFC", "marcus", due_on),
        ("Read the SRE book", "ben", None),  # owner defaults to the member
    ]
    for item in items:
        assert (item["leader"], item["member"], item["from_meeting"]) == ("marcus", "ben", first_on)
        assert item["done_on"] is None
        assert f"#{item['id']}" in result.stderr
    rfc, book = items

    (meeting,) = as_json(demo_org("1on1", "history", "ben", "--format", "json", as_="marcus"))
    assert meeting["date"] == first_on
    assert meeting["leader"] == "marcus" and meeting["kind"] == "manager"
    assert sorted(meeting["topics"]) == ["career", "project"]
    assert (meeting["challenge"], meeting["mood"]) == (4, 3)
    assert meeting["notes"] == "Talked about the migration."
    assert meeting["private_notes"] == "Seems tired."
    assert meeting["actions"] == ["Draft the RFC", "Read the SRE book"]
    assert meeting["skipped"] is False

    second = log(demo_org, "marcus", "ben", second_on)
    carried = [line for line in second.stderr.splitlines() if "carried over" in line]
    assert len(carried) == 2
    assert f"#{rfc['id']}" in carried[0] and "Draft the RFC" in carried[0]
    assert f"#{book['id']}" in carried[1] and "Read the SRE book" in carried[1]

    done = ok(demo_org("1on1", "done", str(rfc["id"]), "--on", second_on))
    assert "Draft the RFC" in done.stderr
    assert [i["id"] for i in as_json(demo_org("1on1", "actions", "--format", "json"))] == [
        book["id"]
    ]
    everything = {i["id"]: i for i in as_json(demo_org("1on1", "actions", "--all", "-f", "json"))}
    assert sorted(everything) == sorted([rfc["id"], book["id"]])
    assert everything[rfc["id"]]["done_on"] == second_on
    assert everything[book["id"]]["done_on"] is None

    third = log(demo_org, "marcus", "ben", third_on)
    carried = [line for line in third.stderr.splitlines() if "carried over" in line]
    assert len(carried) == 1 and f"#{book['id']}" in carried[0]

    assert as_json(demo_org("1on1", "actions", "--leader", "wei", "-f", "json")) == []
    assert len(as_json(demo_org("1on1", "actions", "--member", "ben", "-f", "json"))) == 1
    table = ok(demo_org("1on1", "actions")).stdout
    assert "Read the SRE book" in table and "Draft the RFC" not in table


def test_actions_are_per_pairing(demo_org) -> None:  # type: ignore[no-untyped-def]
    pair(demo_org, "marcus", "ben", "manager")
    pair(demo_org, "wei", "ben", "mentor")
    log(demo_org, "marcus", "ben", days_ago(10), "--action", "Manager thing")
    result = log(demo_org, "wei", "ben", days_ago(5))
    assert "carried over" not in result.stderr  # marcus's action is not wei's to carry
    result = log(demo_org, "marcus", "ben", days_ago(3))
    assert "Manager thing" in result.stderr and "carried over" in result.stderr


# --- 1on1 due -----------------------------------------------------------------------------


@pytest.fixture
def due_org(demo_org):  # type: ignore[no-untyped-def]
    """One pairing per status, with dates chosen relative to today."""
    # Far in the past: overdue for hundreds of days; a later skipped 1:1 does not count.
    pair(demo_org, "marcus", "ben", "manager", since="2025-01-01")
    log(demo_org, "marcus", "ben", "2025-02-01", "--topic", "project")
    log(demo_org, "marcus", "ben", "2025-03-01", "--skipped", "--reason", "travel")
    # Never met.
    pair(demo_org, "marcus", "fatima", "manager", since="2025-03-01")
    # Two-weekly, last met 20 days ago: 6 days late.
    pair(demo_org, "kenji", "mei", "manager")
    log(demo_org, "kenji", "mei", days_ago(20))
    # Weekly, met today: on track.
    pair(demo_org, "wei", "noah", "mentor")
    log(demo_org, "wei", "noah", TODAY.isoformat())
    # Weekly, met five days ago: due in two days.
    pair(demo_org, "wei", "grace", "mentor")
    log(demo_org, "wei", "grace", days_ago(5))
    # Six-weekly skip-level, met two days ago: due in 40 days.
    pair(demo_org, VP, "wei", "skip")
    log(demo_org, VP, "wei", days_ago(2))
    return demo_org


def expected_due() -> dict[tuple[str, str], dict]:
    def row(last: str | None, every: int | None, status: str, since: str | None = None) -> dict:
        if last is not None:
            assert every is not None
            next_due = date.fromisoformat(last) + timedelta(days=every)
        else:
            assert since is not None
            next_due = date.fromisoformat(since)
        return {
            "last_met": last,
            "next_due": next_due.isoformat(),
            "status": status,
            "days_late": max((TODAY - next_due).days, 0),
        }

    return {
        ("marcus", "ben"): row("2025-02-01", 14, "overdue"),
        ("marcus", "fatima"): row(None, None, "never-met", since="2025-03-01"),
        ("kenji", "mei"): row(days_ago(20), 14, "overdue"),
        ("wei", "noah"): row(TODAY.isoformat(), 7, "on-track"),
        ("wei", "grace"): row(days_ago(5), 7, "due-soon"),
        (VP, "wei"): row(days_ago(2), 42, "on-track"),
    }


def test_due_json_contract(due_org) -> None:  # type: ignore[no-untyped-def]
    rows = as_json(due_org("1on1", "due", "--format", "json"))
    assert all(set(DUE_KEYS) <= set(r) for r in rows), rows
    got = {(r["leader"], r["member"]): r for r in rows}
    want = expected_due()
    assert sorted(got) == sorted(want)
    for key, expect in want.items():
        row = got[key]
        assert row["last_met"] == expect["last_met"], key
        assert row["status"] == expect["status"], key
        if expect["status"] != "never-met":
            assert row["next_due"] == expect["next_due"], key
            assert row["days_late"] == expect["days_late"], key
        assert isinstance(row["days_late"], int) and row["days_late"] >= 0
    assert got["kenji", "mei"]["days_late"] == 20 - 14
    assert got["marcus", "ben"]["days_late"] == (TODAY - date(2025, 2, 15)).days
    assert got["marcus", "fatima"]["last_met"] is None
    # Due-soon is within three days; the on-track ones are further out.
    assert (date.fromisoformat(got["wei", "grace"]["next_due"]) - TODAY).days <= DUE_SOON_DAYS
    assert (date.fromisoformat(got["wei", "noah"]["next_due"]) - TODAY).days > DUE_SOON_DAYS

    late = [r["days_late"] for r in rows]
    assert late == sorted(late, reverse=True)
    assert (rows[0]["leader"], rows[0]["member"]) == ("marcus", "ben")  # the most late


def test_due_leader_and_within_filters(due_org) -> None:  # type: ignore[no-untyped-def]
    wei = as_json(due_org("1on1", "due", "--leader", "wei", "--format", "json"))
    assert sorted(r["member"] for r in wei) == ["grace", "noah"]
    assert {r["leader"] for r in wei} == {"wei"}

    soon = as_json(due_org("1on1", "due", "--within", "7d", "--format", "json"))
    members = {(r["leader"], r["member"]) for r in soon}
    assert (VP, "wei") not in members  # due in 40 days
    for key in (("marcus", "ben"), ("marcus", "fatima"), ("kenji", "mei"), ("wei", "grace")):
        assert key in members, key
    for row in soon:
        assert (date.fromisoformat(row["next_due"]) - TODAY).days <= 7
    assert_one_line_error(due_org("1on1", "due", "--within", "soon"))


def test_skipped_meeting_does_not_reset_the_clock(due_org) -> None:  # type: ignore[no-untyped-def]
    log(due_org, "kenji", "mei", days_ago(1), "--skipped", "--reason", "sick day")
    rows = as_json(due_org("1on1", "due", "--leader", "kenji", "--format", "json"))
    assert [(r["member"], r["last_met"], r["status"]) for r in rows] == [
        ("mei", days_ago(20), "overdue")
    ]
    log(due_org, "kenji", "mei", days_ago(1))
    (row,) = as_json(due_org("1on1", "due", "--leader", "kenji", "--format", "json"))
    assert row["last_met"] == days_ago(1) and row["status"] == "on-track"


# --- 1on1 coverage ------------------------------------------------------------------------


def test_coverage_json_contract(demo_org) -> None:  # type: ignore[no-untyped-def]
    # fatima: well covered (recent 1:1, career talk, steady challenge).
    pair(demo_org, "marcus", "fatima", "manager")
    log(demo_org, "marcus", "fatima", days_ago(30), "--topic", "career", "--challenge", "3")
    log(demo_org, "marcus", "fatima", days_ago(10), "--topic", "project", "--challenge", "4")
    # grace: last 1:1 35 days ago (flagged with --days 30, not with the default 42).
    pair(demo_org, "marcus", "grace", "manager")
    log(demo_org, "marcus", "grace", days_ago(35), "--topic", "career", "--challenge", "4")
    # emily: career talk only 100 days ago.
    pair(demo_org, "sofia", "emily", "manager")
    log(demo_org, "sofia", "emily", days_ago(100), "--topic", "career", "--challenge", "4")
    log(demo_org, "sofia", "emily", days_ago(5), "--topic", "project", "--challenge", "4")
    # aisha: challenge 1 long ago, then 4, 3, 2 over her last three 1:1s (two pairings).
    pair(demo_org, "sofia", "aisha", "manager")
    pair(demo_org, "arjun", "aisha", "mentor")
    log(demo_org, "sofia", "aisha", days_ago(80), "--challenge", "1")
    log(demo_org, "sofia", "aisha", days_ago(50), "--topic", "career", "--challenge", "4")
    log(demo_org, "arjun", "aisha", days_ago(30), "--challenge", "3")
    log(demo_org, "sofia", "aisha", days_ago(10), "--challenge", "2")
    # mei: 2, 4, 2 is not falling, but the last rating is low.
    pair(demo_org, "kenji", "mei", "manager")
    log(demo_org, "kenji", "mei", days_ago(40), "--topic", "career", "--challenge", "2")
    log(demo_org, "kenji", "mei", days_ago(20), "--challenge", "4")
    log(demo_org, "kenji", "mei", days_ago(8), "--challenge", "2")

    rows = as_json(demo_org("1on1", "coverage", "--days", "30", "--format", "json"))
    assert all({"handle", "reasons"} <= set(r) and isinstance(r["reasons"], list) for r in rows)
    reasons = {r["handle"]: r["reasons"] for r in rows}

    assert "fatima" not in reasons
    assert VP not in reasons  # the top of the org is never listed
    assert "no 1:1 pairing" in reasons["amara"]
    (grace,) = reasons["grace"]
    assert "30 days" in grace and days_ago(35) in grace
    (emily,) = reasons["emily"]
    assert "career" in emily and str(CAREER_DAYS) in emily
    assert reasons["aisha"] == ["challenge falling (4 -> 3 -> 2)"]
    assert reasons["mei"] == ["challenge low (2/5)"]
    last = {r["handle"]: r["last_met"] for r in rows}
    assert last["aisha"] == days_ago(10) and last["amara"] is None
    unpaired = {h for h, p in PEOPLE.items() if p.get("manager")} - {
        "fatima",
        "grace",
        "emily",
        "aisha",
        "mei",
    }
    for handle in unpaired:  # everyone else under the VP has no pairing at all
        assert "no 1:1 pairing" in reasons[handle], handle
    assert sorted(reasons) == sorted(unpaired | {"grace", "emily", "aisha", "mei"})

    default = {
        r["handle"]: r["reasons"] for r in as_json(demo_org("1on1", "coverage", "-f", "json"))
    }
    assert "grace" not in default  # 35 days is within the default 42


def test_coverage_challenge_order_with_two_one_on_ones_on_the_same_day(demo_org) -> None:  # type: ignore[no-untyped-def]
    pair(demo_org, "sofia", "aisha", "manager")
    pair(demo_org, "arjun", "aisha", "mentor")
    log(demo_org, "sofia", "aisha", days_ago(20), "--topic", "career", "--challenge", "4")
    log(demo_org, "sofia", "aisha", days_ago(5), "--challenge", "3")
    log(demo_org, "arjun", "aisha", days_ago(5), "--challenge", "2")  # the later of the two
    history = as_json(demo_org("1on1", "history", "aisha", "--format", "json"))
    assert [r["challenge"] for r in history] == [2, 3, 4]  # newest first, as logged
    rows = as_json(demo_org("1on1", "coverage", "--format", "json"))
    reasons = {r["handle"]: r["reasons"] for r in rows}
    assert reasons.get("aisha") == ["challenge falling (4 -> 3 -> 2)"]


# --- 1on1 load ----------------------------------------------------------------------------

LOAD_SPEC = [
    # leader, member, kind, every (days), minutes
    *(("wei", m, "mentor", 7, 45) for m in ("noah", "ben", "grace", "jamal", "tariq", "liam")),
    ("marcus", "ben", "manager", 14, 30),
    ("marcus", "fatima", "manager", 10, 90),
    (VP, "wei", "skip", 42, 30),
    (VP, "marcus", "manager", 14, 60),
]


def expected_load(capacity: dict[str, float]) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for leader, _member, kind, every, minutes in LOAD_SPEC:
        row = rows.setdefault(
            leader, {"hours": 0.0, "manager": 0, "mentor": 0, "skip": 0, "pairings": 0}
        )
        row["hours"] += minutes / 60 * 7 / every
        row[kind] += 1
        row["pairings"] += 1
    for leader, row in rows.items():
        row["capacity"] = capacity.get(leader, capacity_of(leader))
        row["overloaded"] = row["hours"] > row["capacity"]
    return rows


def load_spec(cli) -> None:  # type: ignore[no-untyped-def]
    for leader, member, kind, every, minutes in LOAD_SPEC:
        pair(cli, leader, member, kind, "--every", f"{every}d", "--minutes", str(minutes))


def check_load(rows: list[dict], want: dict[str, dict]) -> None:
    got = {r["leader"]: r for r in rows}
    assert sorted(got) == sorted(want)
    for leader, expect in want.items():
        row = got[leader]
        assert row["hours_per_week"] == pytest.approx(expect["hours"], abs=0.01), leader
        assert row["capacity"] == pytest.approx(expect["capacity"]), leader
        assert row["overloaded"] is expect["overloaded"], leader
        assert (row["skipped_share"], row["meetings_90d"]) == (None, 0), leader  # none logged
        assert (row["manager"], row["mentor"], row["skip"]) == (
            expect["manager"],
            expect["mentor"],
            expect["skip"],
        )


def test_load_hours_capacity_and_overloaded(demo_org) -> None:  # type: ignore[no-untyped-def]
    load_spec(demo_org)
    want = expected_load({})
    # wei (ic): 6 x 45 min weekly = 4.5 h > 2; marcus (manager): 0.25 + 1.05 = 1.3 h <= 6.
    assert want["wei"]["overloaded"] and not want["marcus"]["overloaded"]
    check_load(as_json(demo_org("1on1", "load", "--format", "json")), want)
    table = ok(demo_org("1on1", "load")).stdout
    wei_line = next(line for line in table.splitlines() if line.startswith("wei "))
    assert f"{want['wei']['hours']:.2f}" in wei_line and "yes" in wei_line


def test_load_capacity_per_person_from_settings(demo_org) -> None:  # type: ignore[no-untyped-def]
    load_spec(demo_org)
    ok(demo_org("settings", "set", "one_on_one.capacity_hours", "1", "--person", "marcus"))
    want = expected_load({"marcus": 1.0})
    assert want["marcus"]["overloaded"]  # 0.25 + 1.05 hours against 1
    check_load(as_json(demo_org("1on1", "load", "--format", "json")), want)


# --- 1on1 suggest -------------------------------------------------------------------------

MENTEES = ("noah", "ben", "grace", "jamal", "tariq", "liam")
MENTEE_MINUTES = 45


def test_suggest_moves_a_mentee_off_an_overloaded_mentor_and_apply_writes_it(
    demo_org, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # fatima (same team as most mentees, senior to them) has too little room for one.
    capacity = {"fatima": 0.5}
    ok(demo_org("settings", "set", "one_on_one.capacity_hours", "0.5", "--person", "fatima"))
    for member in MENTEES:
        pair(demo_org, "wei", member, "mentor", "--minutes", str(MENTEE_MINUTES))
    cost = MENTEE_MINUTES / 60  # weekly
    wei_hours = cost * len(MENTEES)
    assert wei_hours > capacity_of("wei")  # 6 x 0.75 = 4.5 h against the ic track's 2 h
    hours: dict[str, float] = defaultdict(float, {"wei": wei_hours})

    before = file_digest(db_path)
    dry = ok(demo_org("1on1", "suggest", "--format", "json"))
    plan = json.loads(dry.stdout)
    assert "--apply" in dry.stderr
    assert file_digest(db_path) == before
    assert pairs(demo_org, "--leader", "wei") and len(pairs(demo_org)) == len(MENTEES)

    assert all(r["reason"] and r["reason"].strip() for r in plan)
    moves = [r for r in plan if r["action"] == "move"]
    assert moves and {r["from_leader"] for r in moves} == {"wei"}
    # Just enough moves to bring wei back within capacity.
    assert len(moves) == math.ceil((wei_hours - capacity_of("wei")) / cost)  # (4.5 - 2) / 0.75
    for move in moves:
        member, target = move["member"], move["to_leader"]
        assert member in MENTEES
        assert target not in ("wei", member)
        assert rank(target) > rank(member), move  # someone senior
        assert hours[target] + cost <= capacity.get(target, capacity_of(target)), move  # room
        hours[target] += cost
        hours["wei"] -= cost
        assert "wei" in move["reason"] and target in move["reason"]
    assert hours["wei"] <= capacity_of("wei")
    adds = [r for r in plan if r["action"] == "add"]
    assert VP not in {r["member"] for r in adds}  # the top of the org is not given a mentor
    add_cost = 30 / 60  # a new weekly 30-minute mentor 1:1
    for add in adds:
        target = add["to_leader"]
        assert rank(target) > rank(add["member"]), add
        assert hours[target] + add_cost <= capacity.get(target, capacity_of(target)), add
        hours[target] += add_cost

    applied = ok(demo_org("1on1", "suggest", "--apply"))
    changes = len(moves) + len(adds)
    assert f"applied {changes} change{'' if changes == 1 else 's'}" in applied.stderr
    for move in moves:
        mentors = pairs(demo_org, "--member", move["member"], "--kind", "mentor")
        assert [r["leader"] for r in mentors] == [move["to_leader"]]
        new = mentors[0]
        assert (new["minutes"], new["every_days"]) == (MENTEE_MINUTES, DEFAULT_EVERY["mentor"])
        old = pairs(demo_org, "--all", "--leader", "wei", "--member", move["member"])
        assert [r["ended"] for r in old] == [TODAY.isoformat()]
    moved = {m["member"] for m in moves}
    assert sorted(r["member"] for r in pairs(demo_org, "--leader", "wei")) == sorted(
        set(MENTEES) - moved
    )

    again = as_json(demo_org("1on1", "suggest", "--format", "json"))
    assert not [r for r in again if r["action"] == "move"]
    assert "wei" not in {r["from_leader"] for r in again}
    load = {r["leader"]: r for r in as_json(demo_org("1on1", "load", "--format", "json"))}
    assert load["wei"]["overloaded"] is False
    assert load["wei"]["hours_per_week"] == pytest.approx(hours["wei"], abs=0.01)
    assert not any(r["overloaded"] for r in load.values())


# --- 1on1 agenda --------------------------------------------------------------------------


def test_agenda_json(demo_org) -> None:  # type: ignore[no-untyped-def]
    pair(demo_org, "marcus", "ben", "manager")
    log(demo_org, "marcus", "ben", days_ago(100), "--topic", "career", "--topic", "growth")
    log(
        demo_org,
        "marcus",
        "ben",
        days_ago(20),
        "--topic",
        "project",
        "--topic",
        "feedback",
        "--action",
        "Write the postmortem",
    )
    agenda = as_json(demo_org("1on1", "agenda", "marcus", "ben", "--format", "json"))
    assert [a["text"] for a in agenda["open_actions"]] == ["Write the postmortem"]
    recent = {"project", "feedback"}  # career/growth were talked about 100 days ago
    assert sorted(agenda["topics_not_covered"]) == sorted(set(TOPICS) - recent)
    assert agenda["last_met"] == days_ago(20)

    questions = agenda["questions"]
    assert 2 <= len(questions) <= 3
    categories = [q["category"] for q in questions]
    assert len(set(categories)) == len(categories)
    for q in questions:
        assert q["question"] in BANK_BY_NAME[q["category"]]["questions"], q
    assert any(
        set(BANK_BY_NAME[c].get("topics", [])) & set(agenda["topics_not_covered"])
        for c in categories
    )

    table = ok(demo_org("1on1", "agenda", "marcus", "ben")).stdout
    assert "Write the postmortem" in table and questions[0]["question"][:30] in table


@pytest.mark.parametrize(
    ("text", "bad_line"),
    [
        (
            "categories:\n"
            "  - key: ok\n"
            "    questions: [How are you?]\n"
            "  - key: broken\n"
            "    topics: [career]\n",
            4,
        ),
        (
            "categories:\n"
            "  - key: ok\n"
            "    questions: [How are you?]\n"
            "  - key: odd\n"
            "    topics: [career, astrology]\n"
            "    questions: [Why?]\n",
            5,
        ),
        ("categories:\n  - key: a\n    questions: [one, two\n  - key: b\n", None),
    ],
    ids=["no-questions", "unknown-topic", "yaml-syntax"],
)
def test_agenda_malformed_question_bank(org, tmp_path: Path, text, bad_line) -> None:  # type: ignore[no-untyped-def]
    pair(org, "marcus", "ben", "manager")
    bank = tmp_path / "bank.yaml"
    bank.write_text(text, encoding="utf-8")
    result = org("1on1", "agenda", "marcus", "ben", "--questions", str(bank), "-f", "json")
    assert_one_line_error(result)
    if bad_line is None:
        assert re.search(rf"{re.escape(str(bank))}:\d+:", result.stderr), result.stderr
    else:
        assert f"{bank}:{bad_line}:" in result.stderr


def test_agenda_own_question_bank(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pair(demo_org, "marcus", "ben", "manager")
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        "categories:\n"
        "  - {key: a, name: Alpha, topics: [career], questions: [Alpha one?, Alpha two?]}\n"
        "  - {key: b, name: Beta, topics: [wellbeing], questions: [Beta one?]}\n",
        encoding="utf-8",
    )
    agenda = as_json(
        demo_org("1on1", "agenda", "marcus", "ben", "--questions", str(bank), "-f", "json")
    )
    assert sorted(q["category"] for q in agenda["questions"]) == ["Alpha", "Beta"]
    assert {q["question"] for q in agenda["questions"]} <= {"Alpha one?", "Alpha two?", "Beta one?"}


# --- privacy ------------------------------------------------------------------------------

MARCUS_SECRET = "Worried about burnout; keep it between us"
WEI_SECRET = "Wants to switch teams soon"


@pytest.fixture
def private_org(org):  # type: ignore[no-untyped-def]
    pair(org, "marcus", "ben", "manager")
    pair(org, "wei", "ben", "mentor")
    log(
        org,
        "marcus",
        "ben",
        days_ago(12),
        "--notes",
        "Shared plan",
        "--private",
        MARCUS_SECRET,
        as_="marcus",
    )
    log(org, "wei", "ben", days_ago(5), "--private", WEI_SECRET, as_="wei")
    return org


def test_history_private_notes_only_for_their_author(private_org) -> None:  # type: ignore[no-untyped-def]
    def history(viewer: str) -> dict[str, dict]:
        rows = as_json(private_org("1on1", "history", "ben", "--format", "json", as_=viewer))
        assert [r["date"] for r in rows] == [days_ago(5), days_ago(12)]  # newest first
        return {r["leader"]: r for r in rows}

    as_marcus = history("marcus")
    assert as_marcus["marcus"]["private_notes"] == MARCUS_SECRET
    assert as_marcus["wei"].get("private_notes") is None
    assert as_marcus["marcus"]["notes"] == "Shared plan"  # shared notes are for everyone

    as_wei = history("wei")
    assert as_wei["wei"]["private_notes"] == WEI_SECRET
    assert as_wei["marcus"].get("private_notes") is None

    for viewer in ("ben", VP):
        rows = history(viewer)
        assert all(r.get("private_notes") is None for r in rows.values())
        raw = ok(private_org("1on1", "history", "ben", "-f", "json", as_=viewer)).stdout
        assert MARCUS_SECRET not in raw and WEI_SECRET not in raw
        assert rows["marcus"]["notes"] == "Shared plan"


@pytest.mark.parametrize("fmt", ["table", "csv", "md"])
def test_history_listing_hides_others_private_notes(private_org, fmt: str) -> None:  # type: ignore[no-untyped-def]
    def text(viewer: str) -> str:
        return ok(private_org("1on1", "history", "ben", "-f", fmt, as_=viewer)).stdout

    mine = text("marcus")
    assert "burnout" in mine and "switch teams" not in mine  # the check can fail
    for viewer in ("ben", VP):
        other = text(viewer)
        assert "Shared plan" in other
        assert "burnout" not in other and "switch teams" not in other


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_never_shows_private_notes(private_org, fmt: str) -> None:  # type: ignore[no-untyped-def]
    for viewer in ("marcus", "wei"):  # not even for their author
        text = ok(
            private_org("report", "render", "one-on-ones", "--format", fmt, as_=viewer)
        ).stdout
        assert "marcus" in text and "ben" in text
        assert "burnout" not in text and "switch teams" not in text


def test_audit_log_does_not_copy_private_notes(private_org) -> None:  # type: ignore[no-untyped-def]
    entries = ok(private_org("audit", "log", "--format", "json", as_=VP)).stdout
    assert '"meeting"' in entries
    assert "burnout" not in entries and "switch teams" not in entries


# --- 1on1 adherence -----------------------------------------------------------------------

ADHERENCE_SPEC: list[tuple[str, str, str, int, list[str], list[str]]] = [
    # leader, member, kind, every, held dates, skipped dates
    (
        "marcus",
        "ben",
        "manager",
        14,
        ["2025-01-06", "2025-01-20", "2025-02-10", "2025-02-24", "2025-03-31"],
        [],
    ),
    ("marcus", "fatima", "manager", 14, [days_ago(40), days_ago(26), days_ago(10)], [days_ago(33)]),
    ("marcus", "grace", "manager", 14, [], []),
    ("wei", "noah", "mentor", 7, [days_ago(30), days_ago(23), days_ago(12), days_ago(5)], []),
    ("wei", "ben", "mentor", 7, [days_ago(60), days_ago(50)], []),
]


# Worked by hand (today 2026-11-27; every pairing began on 2025-01-01, 695 days ago: 365 + 330).
# A gap is within target up to cadence + 3 days (17 manager, 10 mentor). The gaps are start ->
# first 1:1, between held 1:1s (the skipped one is not held), and the open one once it is late.
# key -> (pairings, meetings, gaps, target_days, median_gap_days, within_target)
ADHERENCE_BY_PAIRING: dict[tuple, tuple] = {
    # 01-01 -> 01-06 = 5 in, 14 in, 21 late, 14 in, 02-24 -> 03-31 = 35 late, open 2025-03-31
    # -> today = 365 + 241 = 606 late: 3 of 6; median of 5 14 14 21 35 606 = (14 + 21) / 2.
    ("marcus", "ben", "manager"): (1, 5, 6, 14, 17.5, 0.5),
    # start -> 40 days ago = 695 - 40 = 655 late, 14 in, 16 in, open 10 not judged: 2 of 3.
    ("marcus", "fatima", "manager"): (1, 3, 3, 14, 16, 0.667),
    # Never met: the open gap since the start, 695 days, late: 0 of 1.
    ("marcus", "grace", "manager"): (1, 0, 1, 14, 695, 0.0),
    # start -> 30 days ago = 665 late, 7 in, 11 late, 7 in, open 5 not judged: 2 of 4;
    # median of 7 7 11 665 = (7 + 11) / 2.
    ("wei", "noah", "mentor"): (1, 4, 4, 7, 9, 0.5),
    # start -> 60 days ago = 635 late, 10 in, open 50 late: 1 of 3; median 50.
    ("wei", "ben", "mentor"): (1, 2, 3, 7, 50, 0.333),
}
# manager: 6 + 3 + 1 = 10 gaps, 3 + 2 + 0 = 5 within; median of 5 14 14 14 16 | 21 35 606 655
# 695 = (16 + 21) / 2. mentor: 4 + 3 = 7 gaps, 2 + 1 = 3 within (0.429); median of
# 7 7 10 11 50 635 665 = 11. Each leader here holds one kind, so by leader is the same.
ADHERENCE_BY_KIND: dict[tuple, tuple] = {
    ("manager",): (3, 8, 10, 14, 18.5, 0.5),
    ("mentor",): (2, 6, 7, 7, 11, 0.429),
}
ADHERENCE_BY_LEADER: dict[tuple, tuple] = {
    ("marcus", "manager"): ADHERENCE_BY_KIND[("manager",)],
    ("wei", "mentor"): ADHERENCE_BY_KIND[("mentor",)],
}


def test_adherence_json_by_pairing_kind_and_leader(demo_org) -> None:  # type: ignore[no-untyped-def]
    for leader, member, kind, every, held, skipped in ADHERENCE_SPEC:
        pair(demo_org, leader, member, kind, "--every", f"{every}d", since="2025-01-01")
        for day in held:
            log(demo_org, leader, member, day)
        for day in skipped:
            log(demo_org, leader, member, day, "--skipped", "--reason", "offsite")
    check_adherence(demo_org, "pairing", ["leader", "member", "kind"], ADHERENCE_BY_PAIRING)
    check_adherence(demo_org, "kind", ["kind"], ADHERENCE_BY_KIND)
    check_adherence(demo_org, "leader", ["leader", "kind"], ADHERENCE_BY_LEADER)


def check_adherence(cli, by: str, head: list[str], want: dict[tuple, tuple]) -> None:  # type: ignore[no-untyped-def]
    rows = as_json(cli("1on1", "adherence", "--by", by, "--format", "json"))
    got = {tuple(r[k] for k in head): r for r in rows}
    assert list(got) == sorted(want), by  # one row per key, sorted
    for key, (pairings, meetings, gaps, target, median_gap, within) in want.items():
        row = got[key]
        assert (row["pairings"], row["meetings"], row["gaps"]) == (pairings, meetings, gaps), key
        assert row["target_days"] == target, key
        assert row["median_gap_days"] == median_gap, key
        assert row["within_target"] == pytest.approx(within, abs=5e-4), key


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["1on1", "pair", "wei", "ben", "--kind", "buddy"], "--kind: 'buddy' is not one of"),
        ([*LOG, "--topic", "bogus"], "--topic: 'bogus' is not one of"),
        (["1on1", "adherence", "--by", "bogus"], "--by: 'bogus' is not one of"),
    ],
    ids=["bad-kind", "bad-topic", "adherence-by-bogus"],
)
def test_a_bad_choice_is_a_usage_error_and_writes_nothing(  # type: ignore[no-untyped-def]
    paired, db_path: Path, args, says
) -> None:
    """The parser refuses a value that is not one of the choices (exit 2), like --format."""
    cli, _done_id = paired
    before = file_digest(db_path)
    result = cli(*args)
    assert result.exit_code == 2 and result.stdout == "", result.stderr
    assert says in result.stderr
    assert file_digest(db_path) == before


# --- the demo and the one-on-ones report ---------------------------------------------------

DEMO_SPEC = yaml.safe_load((EXAMPLES / "one_on_ones.yaml").read_text(encoding="utf-8"))


def demo_db(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "demo.db"
    result = ok(run_cli("demo", "--db", str(path)))

    def cli(*args: str):  # type: ignore[no-untyped-def]
        return run_cli("--db", str(path), *args)

    return cli, result


def md_rows(text: str, heading: str) -> list[dict[str, str]]:
    """The first Markdown table under `heading`, as dicts keyed by the header cells."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    table = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            table.append([c.strip() for c in line.strip("|").split("|")])
    header, _rule, *body = table
    return [dict(zip(header, row, strict=True)) for row in body]


# The demo's pairings: one manager pairing per reporting line and one skip-level per person
# whose manager has a manager (`1on1 sync --kinds manager,skip`), plus the listed mentors.
MANAGED = [h for h, p in PEOPLE.items() if p.get("manager")]
SKIPPED = [h for h in MANAGED if PEOPLE[PEOPLE[h]["manager"]].get("manager")]
MENTORS = [p for p in DEMO_SPEC["pairings"] if p["kind"] == "mentor"]


def test_demo_mentions_one_on_ones_and_shows_the_story(tmp_path: Path) -> None:
    cli, result = demo_db(tmp_path)
    assert "1:1" in result.stderr + result.stdout
    synced = len(MANAGED) + len(SKIPPED)  # 26 + 17 in examples/org.yaml
    assert (len(MANAGED), len(SKIPPED)) == (26, 17)
    assert f"{synced + len(MENTORS)} pairings ({synced} from the reporting lines)" in result.stderr
    assert "from examples/calendar.ics" in result.stderr

    load = {r["leader"]: r for r in as_json(cli("1on1", "load", "--format", "json"))}
    wei_spec = [p for p in DEMO_SPEC["pairings"] if p["leader"] == "wei"]
    wei_hours = sum(p.get("minutes", 30) / 60 for p in wei_spec)  # all weekly
    assert load["wei"]["overloaded"] is True
    assert load["wei"]["hours_per_week"] == pytest.approx(wei_hours, abs=0.01)
    assert load["wei"]["mentor"] == len(wei_spec)

    coverage = {r["handle"]: r["reasons"] for r in as_json(cli("1on1", "coverage", "-f", "json"))}
    # Sync gave amara a manager pairing with the VP; no history lists it: it never met.
    assert "amara" not in {p["member"] for p in DEMO_SPEC["pairings"]}
    assert "never met 1:1" in coverage["amara"]
    assert "no 1:1 pairing" not in coverage["amara"]
    assert VP not in coverage
    table = ok(cli("1on1", "coverage")).stdout
    amara = next(line for line in table.splitlines() if line.startswith("amara"))
    assert "never met 1:1" in amara

    # Of the VP's 17 skip-levels only the three in the history ever met: the skip kind is
    # far below target (before this fix it showed 100%).
    skip_history = [p for p in DEMO_SPEC["pairings"] if p["kind"] == "skip"]
    assert len(skip_history) == 3
    by_kind = {
        r["kind"]: r for r in as_json(cli("1on1", "adherence", "--by", "kind", "-f", "json"))
    }
    assert by_kind["skip"]["pairings"] == len(SKIPPED)
    assert by_kind["skip"]["within_target"] < 0.5
    # The calendar's instances for marcus's team were imported: ben last met marcus on the
    # last two-weekly Friday instance before today (the series starts Fri 2026-06-05).
    due = {(r["leader"], r["member"]): r for r in as_json(cli("1on1", "due", "--format", "json"))}
    # 06-05 + 14 days x 11 = 11-20, the last instance on or before TODAY (2026-11-27).
    assert due[("marcus", "ben")]["last_met"] == "2026-11-20"


def test_report_one_on_ones_md_and_html_on_the_demo(tmp_path: Path) -> None:
    cli, _ = demo_db(tmp_path)
    md = ok(cli("report", "render", "one-on-ones", "--format", "md")).stdout
    assert md.startswith("#")

    # One row per leader and kind: the VP's manager 1:1s and skip-levels each have a row.
    by_leader = {(r["leader"], r["kind"]): r for r in md_rows(md, "## Adherence by leader")}
    leaders = {PEOPLE[h]["manager"] for h in MANAGED} | {p["leader"] for p in MENTORS}
    assert {leader for leader, _kind in by_leader} == leaders
    assert {kind for leader, kind in by_leader if leader == VP} == {"manager", "skip"}
    shares = {
        key: int(r["on time"].rstrip("%")) for key, r in by_leader.items() if r["on time"] != "–"
    }
    assert shares[VP, "manager"] < 50  # the VP's 2-weekly 1:1s really happen every 5-8 weeks
    assert shares[VP, "skip"] < 50  # 14 of her 17 skip-levels never happened
    others = [v for (leader, _kind), v in shares.items() if leader != VP]
    assert max(shares[VP, "manager"], shares[VP, "skip"]) < min(others)
    assert all(int(r["gaps"]) > 0 for r in by_leader.values())  # what each share rests on

    load = {r["leader"]: r for r in md_rows(md, "## Leader load")}
    assert "overloaded" in " ".join(load["wei"].values())
    assert not any("overloaded" in " ".join(r.values()) for h, r in load.items() if h != "wei")

    coverage = md_rows(md, "## Coverage gaps")
    amara = next(r for r in coverage if "(amara)" in r["person"])
    assert PEOPLE["amara"]["name"] in amara["person"]
    assert "never met 1:1" in amara["why"]
    assert not any(f"({VP})" in r["person"] for r in coverage)

    html = ok(cli("report", "render", "one-on-ones", "--format", "html")).stdout
    assert "<html" in html.lower() and "</html>" in html.lower()
    vp_bar = re.search(rf">{VP}</text>\s*<text[^>]*>manager</text>.*?>(\d+)%", html, re.DOTALL)
    assert vp_bar and int(vp_bar.group(1)) == shares[VP, "manager"]
    load_html = html[html.index("Leader load") :]
    wei_row = re.search(r"<tr><td>wei</td>.*?</tr>", load_html, re.DOTALL)
    assert wei_row and "overloaded" in wei_row.group(0)
    assert "(amara)" in html and "never met 1:1" in html
