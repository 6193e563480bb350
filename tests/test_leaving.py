"""`people leave H --on DATE [--dry-run]` ends what a leaver holds, in one transaction (issue 12,
point 7), and a 1:1 cannot be logged after someone left.

One scenario on the demo org (today is 2026-11-27, a Friday): wei (L5, platform, reports to
marcus) holds one of everything, next to records of other people that a leave must not touch.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import eng_ops.services.leaving as leaving
from eng_ops.errors import InvalidInput
from tests.conftest import (
    EXAMPLES,
    as_json,
    assert_one_line_error,
    db_cli,
    file_digest,
    isolated_env,
    ok,
)

LEAVES_ON = "2026-12-01"  # a Tuesday, four days after TODAY: wei is still here today
PLAN_KEYS = ["pairings", "actions", "lead_roles", "rotations", "applications", "interviews"]


def ids_by_text(cli, text: str) -> int:  # type: ignore[no-untyped-def]
    (row,) = [
        r for r in as_json(cli("1on1", "actions", "--all", "--format", "json")) if r["text"] == text
    ]
    return row["id"]


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario, built once per module and copied by each test."""
    base = tmp_path_factory.mktemp("leaving-base")
    path = base / "org.db"
    with isolated_env(base):
        build(db_cli(path))
    return path


@pytest.fixture
def world(cli, db_path: Path, base_db: Path):  # type: ignore[no-untyped-def]
    shutil.copyfile(base_db, db_path)
    return cli


def build(cli) -> None:  # type: ignore[no-untyped-def]
    """wei's 1:1s, actions, lead roles, rotations, bids and interviews (and controls)."""
    ok(cli("org", "import", str(EXAMPLES / "org.yaml")))
    ok(cli("ladder", "import", str(EXAMPLES / "ladder.yaml")))
    ok(cli("interview", "rubric", "import", str(EXAMPLES / "rubrics" / "backend-engineer.yaml")))
    # 1:1 pairings: two of wei's, one that is not
    ok(cli("1on1", "pair", "marcus", "wei", "--kind", "manager", "--since", "2026-11-01"))
    ok(cli("1on1", "pair", "wei", "grace", "--kind", "mentor", "--since", "2026-11-01"))
    ok(cli("1on1", "pair", "marcus", "ben", "--kind", "manager", "--since", "2026-11-01"))
    ok(
        cli(
            "--as", "marcus", "1on1", "log", "marcus", "wei", "--on", "2026-11-20",
            "--action", "Write the rota proposal due:2026-12-04",  # owner: the member, wei
            "--action", "Book the offsite @marcus",
            "--action", "Share the RFC",
        )
    )  # fmt: skip
    ok(cli("1on1", "done", str(ids_by_text(cli, "Share the RFC")), "--on", "2026-11-25"))
    ok(cli("--as", "wei", "1on1", "log", "wei", "grace", "--on", "2026-11-20",
           "--action", "Review the design doc @wei"))  # fmt: skip
    # rotations: wei leads one, mentors one, led one that is over
    ok(cli("rotation", "add", "old", "--goal", "Tidy CI", "--start", "2026-10-01", "--weeks", "4"))
    ok(cli("rotation", "assign", "old", "wei", "--mentor", "marcus"))
    ok(cli("rotation", "add", "cache", "--goal", "Cache", "--start", "2026-12-01", "--weeks", "8"))
    ok(cli("rotation", "assign", "cache", "wei", "--mentor", "marcus"))
    ok(
        cli(
            "rotation", "add", "search", "--goal", "Search", "--start", "2026-11-16", "--weeks", "6"
        )
    )
    ok(cli("rotation", "assign", "search", "ben", "--mentor", "wei"))
    # lead roles: a current one, a future one, a past one
    ok(cli("lead", "role", "assign", "wei", "--team", "platform", "--from", "2026-10-01"))
    ok(cli("lead", "role", "assign", "wei", "--project", "Search revamp", "--from", "2027-02-01",
           "--to", "2027-06-30", "--allow-overlap"))  # fmt: skip
    ok(cli("lead", "role", "assign", "wei", "--project", "Migration", "--from", "2026-01-01",
           "--to", "2026-03-31"))  # fmt: skip
    # openings: wei applied to #1 and was nominated for #2; ben applied to #1
    for title in ("Platform lead", "Data lead"):
        ok(cli("lead", "opening", "add", "--title", title, "--seats", "1",
               "--requires", "architecture:L5", "--closes", "2026-12-20"))  # fmt: skip
    ok(cli("lead", "opening", "apply", "1", "wei"))
    ok(cli("lead", "opening", "apply", "1", "ben"))
    ok(cli("lead", "opening", "nominate", "2", "wei", "--by", "marcus", "--reason", "Strong"))
    # interviews: candidate 1 on 12-03 (wei with a draft, fatima), candidate 2 on 11-20 (before
    # the leave), candidate 3 on 12-10 (wei's scorecard already submitted)
    for name in ("Dana Ruiz", "Eli Moss", "Kai Berg"):
        ok(cli("interview", "candidate", "add", name, "--role", "backend-engineer"))
    slots = [("1", "wei", "2026-12-03"), ("1", "fatima", "2026-12-03"),
             ("2", "wei", "2026-11-20"), ("3", "wei", "2026-12-10")]  # fmt: skip
    for candidate, who, on in slots:
        backfill = ["--backfill"] if on < "2026-11-27" else []  # a past date is a backfill
        ok(cli("interview", "schedule", candidate, "--interviewer", who,
               "--focus", "coding", "--on", on, *backfill))  # fmt: skip
    # interview ids follow the order above: 1 (wei, #1), 2 (fatima), 3 (wei, #2), 4 (wei, #3).
    # An interview is scored on or after its day: the draft and the scorecard are written as of
    # 12-03 and 12-10 (ENG_OPS_TODAY), then the world is seen from today, 11-27.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ENG_OPS_TODAY", "2026-12-03")
        ok(cli("--as", "wei", "interview", "score", "1", "--rating", "coding=3", "--draft"))
        mp.setenv("ENG_OPS_TODAY", "2026-12-10")
        ok(cli("--as", "wei", "interview", "score", "4", "--rating", "coding=3",
               "--recommend", "yes"))  # fmt: skip


def dry_run(cli, on: str = LEAVES_ON) -> dict:  # type: ignore[no-untyped-def]
    return as_json(cli("people", "leave", "wei", "--on", on, "--dry-run", "--format", "json"))


# --- the plan -------------------------------------------------------------------------------


def test_dry_run_lists_everything_and_writes_nothing(world, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = ok(world("people", "leave", "wei", "--on", LEAVES_ON, "--dry-run", "--format", "json"))
    assert file_digest(db_path) == before
    assert "nothing written" in result.stderr
    plan = json.loads(result.stdout)
    assert list(plan) == ["person", "on", "previous", *PLAN_KEYS, "reports"]
    assert (plan["person"], plan["on"], plan["previous"], plan["reports"]) == (
        "wei",
        LEAVES_ON,
        None,
        [],
    )

    # marcus/wei and wei/grace end on the leave date; marcus/ben is not wei's
    assert [
        (p["leader"], p["member"], p["kind"], p["ended"], p["effect"]) for p in plan["pairings"]
    ] == [
        ("marcus", "wei", "manager", None, f"ends {LEAVES_ON}"),
        ("wei", "grace", "mentor", None, f"ends {LEAVES_ON}"),
    ]
    # open items wei owns: the rota proposal (marcus's pairing) and the design review (wei's
    # own pairing, so grace or a new leader picks it up); the offsite is marcus's, the RFC done
    rota, review = (
        ids_by_text(world, "Write the rota proposal"),
        ids_by_text(world, "Review the design doc"),
    )
    assert [
        (a["id"], a["leader"], a["member"], a["due"], a["agreed_on"], a["effect"])
        for a in plan["actions"]
    ] == [
        (
            rota,
            "marcus",
            "wei",
            "2026-12-04",
            "2026-11-20",
            "left open: marcus to reassign or close it",
        ),
        (
            review,
            "wei",
            "grace",
            None,
            "2026-11-20",
            "left open: grace or a new leader to reassign or close it",
        ),
    ]
    # the team role ends; the one starting 2027-02-01 never starts; Migration ended in March
    assert [
        (r["team"], r["project"], r["start"], r["end"], r["effect"]) for r in plan["lead_roles"]
    ] == [
        ("platform", None, "2026-10-01", None, f"ends {LEAVES_ON}"),
        (None, "Search revamp", "2027-02-01", "2027-06-30", "cancelled: it would start 2027-02-01"),
    ]
    # cache runs 2026-12-01 + 8 weeks - 1 day = 2027-01-25; search 2026-11-16 + 6w - 1 = 12-27;
    # old (2026-10-01 .. 10-28) is over before the leave date
    assert [
        (r["name"], r["part"], r["lead"], r["mentor"], r["start"], r["end"], r["effect"])
        for r in plan["rotations"]
    ] == [
        (
            "search",
            "mentor",
            "ben",
            "wei",
            "2026-11-16",
            "2026-12-27",
            "mentor removed: the project needs a new mentor",
        ),
        (
            "cache",
            "lead",
            "wei",
            "marcus",
            "2026-12-01",
            "2027-01-25",
            "lead removed: the project needs a new lead",
        ),
    ]
    assert [
        (a["opening"], a["title"], a["kind"], a["nominated_by"], a["effect"])
        for a in plan["applications"]
    ] == [
        (1, "Platform lead", "applied", None, "withdrawn: left the org"),
        (2, "Data lead", "nominated", "marcus", "withdrawn: left the org"),
    ]
    # interview 1 (12-03, a draft only) goes; 3 is before the leave, 4 has a scorecard
    assert [
        (i["id"], i["candidate_id"], i["candidate"], i["on"], i["focus"], i["effect"])
        for i in plan["interviews"]
    ] == [
        (
            1,
            1,
            "Dana Ruiz",
            "2026-12-03",
            ["coding"],
            "cancelled: the loop needs another interviewer",
        ),
    ]


def test_dry_run_of_a_manager_names_the_reports_and_the_past_leave_day(world) -> None:  # type: ignore[no-untyped-def]
    result = ok(world("people", "leave", "marcus", "--on", "2026-11-20", "--dry-run", "-f", "json"))
    plan = json.loads(result.stdout)
    # marcus's reports in examples/org.yaml: wei, fatima, grace, ben, noah
    assert plan["reports"] == ["ben", "fatima", "grace", "noah", "wei"]
    assert "5 direct reports need a new manager: ben, fatima, grace, noah, wei" in result.stderr
    # the world has no pairing of priya with marcus: only the two marcus leads
    assert [(p["leader"], p["member"]) for p in plan["pairings"]] == [
        ("marcus", "ben"),
        ("marcus", "wei"),
    ]
    # marcus mentors cache (to 2027-01-25) and old, which ended on 10-28, before 11-20
    assert [(r["name"], r["part"]) for r in plan["rotations"]] == [("cache", "mentor")]
    assert plan["actions"] == [
        {
            "id": ids_by_text(world, "Book the offsite"),
            "text": "Book the offsite",
            "due": None,
            "leader": "marcus",
            "member": "wei",
            "agreed_on": "2026-11-20",
            "effect": "left open: wei or a new leader to reassign or close it",
        }
    ]


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_table_and_md_show_one_section_per_kind(  # type: ignore[no-untyped-def]
    world, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = ok(world("people", "leave", "wei", "--on", LEAVES_ON, "--dry-run", "-f", fmt)).stdout
    if fmt == "table":
        assert max(len(line) for line in out.splitlines()) <= 80
        assert "…" not in out
    titles = [
        "1:1 pairings",
        "Open action items",
        "Lead roles",
        "Rotations",
        "Applications and nominations",
        "Interviews",
    ]
    heads = [f"## {t}" if fmt == "md" else t for t in titles]
    assert [out.index(h) for h in heads] == sorted(out.index(h) for h in heads)
    for text in ("Search revamp", "Dana Ruiz", "Platform lead", "cache", "Write the rota proposal"):
        assert text in out


def test_csv_prints_one_section_and_needs_one_before_writing(world, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = ok(
        world(
            "people",
            "leave",
            "wei",
            "--on",
            LEAVES_ON,
            "--dry-run",
            "-f",
            "csv",
            "--section",
            "applications",
        )
    ).stdout
    assert out.splitlines()[0] == "opening,title,kind,nominated_by,closes,effect"
    assert len(out.splitlines()) == 3  # header + two bids
    before = file_digest(db_path)
    result = world("people", "leave", "wei", "--on", LEAVES_ON, "-f", "csv")  # not a dry run
    assert result.exit_code == 2 and "--section" in result.stderr
    assert file_digest(db_path) == before
    assert as_json(world("people", "show", "wei", "-f", "json"))["left"] is None


# --- the real run ---------------------------------------------------------------------------


def test_leaving_ends_each_kind_as_the_plan_said(world) -> None:  # type: ignore[no-untyped-def]
    planned = dry_run(world)
    result = ok(world("people", "leave", "wei", "--on", LEAVES_ON, "--format", "json"))
    assert json.loads(result.stdout) == planned
    assert f"wei will leave on {LEAVES_ON}" in result.stderr

    pairs = as_json(world("1on1", "pairs", "--all", "--format", "json"))
    assert {(p["leader"], p["member"]): p["ended"] for p in pairs} == {
        ("marcus", "wei"): LEAVES_ON,
        ("wei", "grace"): LEAVES_ON,
        ("marcus", "ben"): None,
    }
    actions = {
        a["text"]: a["done_on"] for a in as_json(world("1on1", "actions", "--all", "-f", "json"))
    }
    assert actions["Write the rota proposal"] is None  # kept open, to be reassigned
    assert actions["Review the design doc"] is None
    roles = as_json(world("lead", "role", "list", "--all", "--format", "json"))
    assert [(r["team"], r["project"], r["end"]) for r in roles] == [
        (None, "Migration", "2026-03-31"),
        ("platform", None, LEAVES_ON),
    ]
    rotations = {
        r["name"]: (r["lead"], r["mentor"])
        for r in as_json(world("rotation", "list", "-f", "json"))
    }
    assert rotations == {
        "old": ("wei", "marcus"),
        "search": ("ben", None),
        "cache": (None, "marcus"),
    }
    opening = as_json(world("lead", "opening", "show", "1", "--format", "json"))
    assert {c["handle"]: c["status"] for c in opening["candidates"]} == {
        "wei": "withdrawn",
        "ben": "active",
    }
    nominated = as_json(world("lead", "opening", "show", "2", "--format", "json"))
    assert [(c["handle"], c["status"]) for c in nominated["candidates"]] == [("wei", "withdrawn")]
    panels = {
        n: [
            (i["id"], i["interviewer"])
            for i in as_json(world("interview", "panel", n, "-f", "json"))["interviews"]
        ]
        for n in ("1", "2", "3")
    }
    assert panels == {"1": [(2, "fatima")], "2": [(3, "wei")], "3": [(4, "wei")]}


def test_every_change_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    ok(world("--as", "priya", "people", "leave", "wei", "--on", LEAVES_ON))
    log = as_json(world("audit", "log", "--actor", "priya", "--format", "json"))
    counted: dict[tuple[str, str], int] = {}
    for row in log:
        counted[row["entity"], row["action"]] = counted.get((row["entity"], row["action"]), 0) + 1
    # person left; 2 pairings; team role ended + Search revamp deleted; 2 rotations; 2 bids;
    # interview 1 deleted
    assert counted == {
        ("person", "update"): 1,
        ("pairing", "update"): 2,
        ("lead_role", "update"): 1,
        ("lead_role", "delete"): 1,
        ("rotation", "update"): 2,
        ("application", "update"): 2,
        ("interview", "delete"): 1,
    }


def test_a_future_leave_keeps_things_running_until_then(world) -> None:  # type: ignore[no-untyped-def]
    ok(world("people", "leave", "wei", "--on", LEAVES_ON))
    # today (11-27) is before 12-01: the pairings still run and are due, 1:1s can be logged
    running = as_json(world("1on1", "pairs", "--format", "json"))
    assert {(p["leader"], p["member"]) for p in running} == {
        ("marcus", "wei"),
        ("wei", "grace"),
        ("marcus", "ben"),
    }
    due = as_json(world("1on1", "due", "--leader", "marcus", "--format", "json"))
    assert {d["member"] for d in due} == {"wei", "ben"}
    ok(world("--as", "marcus", "1on1", "log", "marcus", "wei", "--on", "2026-11-27"))
    # the team role is still held today (ends 12-01)
    today_roles = as_json(world("lead", "role", "list", "--format", "json"))
    assert [(r["handle"], r["team"], r["end"], r["days_left"]) for r in today_roles] == [
        ("wei", "platform", LEAVES_ON, 4)  # 2026-12-01 - 2026-11-27 = 4 days
    ]
    assert "wei" in [p["handle"] for p in as_json(world("people", "list", "-f", "json"))]


def test_moving_the_leave_date_moves_what_it_ended(world) -> None:  # type: ignore[no-untyped-def]
    ok(world("people", "leave", "wei", "--on", LEAVES_ON))
    later = dry_run(world, "2026-12-15")
    assert later["previous"] == LEAVES_ON
    # what the first date ended that day moves with it; the seats and bids already given up
    # (and the cancelled interview) are not listed again
    assert [(p["leader"], p["ended"], p["effect"]) for p in later["pairings"]] == [
        ("marcus", LEAVES_ON, "ends 2026-12-15"),
        ("wei", LEAVES_ON, "ends 2026-12-15"),
    ]
    assert [(r["team"], r["end"]) for r in later["lead_roles"]] == [("platform", LEAVES_ON)]
    assert (later["rotations"], later["applications"], later["interviews"]) == ([], [], [])
    ok(world("people", "leave", "wei", "--on", "2026-11-30"))  # earlier: ends sooner
    pairs = as_json(world("1on1", "pairs", "--all", "--member", "wei", "--format", "json"))
    assert [p["ended"] for p in pairs] == ["2026-11-30"]


def test_the_leave_is_one_transaction(
    world, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A failure after every change was made (the interviews are the last) leaves the
    database exactly as it was."""
    real = leaving._cancel_interviews

    def cancel_then_fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        real(*args, **kwargs)
        raise InvalidInput("disk on fire")

    planned = dry_run(world)
    monkeypatch.setattr(leaving, "_cancel_interviews", cancel_then_fail)
    before = file_digest(db_path)
    result = world("people", "leave", "wei", "--on", LEAVES_ON)
    assert_one_line_error(result)
    assert "disk on fire" in result.stderr
    assert file_digest(db_path) == before
    monkeypatch.undo()
    assert dry_run(world) == planned  # still all to do


@pytest.mark.parametrize(
    ("on", "said"),
    [("2019-06-16", "before wei started"), ("someday", "someday")],
)
def test_a_bad_leave_date_changes_nothing(world, db_path: Path, on: str, said: str) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = world("people", "leave", "wei", "--on", on)
    assert_one_line_error(result)
    assert said in result.stderr
    assert file_digest(db_path) == before


def test_dry_run_keeps_the_leave_rules(world, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(world("people", "leave", "ben", "--on", "2026-11-20"))
    before = file_digest(db_path)
    result = world("people", "leave", "ben", "--on", "2026-11-25", "--dry-run")
    assert_one_line_error(result)
    assert "ben already left on 2026-11-20" in result.stderr
    assert file_digest(db_path) == before


# --- no 1:1 after leaving -------------------------------------------------------------------


def test_no_1on1_can_be_logged_after_the_member_left(world, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(world("people", "leave", "ben", "--on", "2026-11-20"))
    before = file_digest(db_path)
    result = world("--as", "marcus", "1on1", "log", "marcus", "ben", "--on", "2026-11-25")
    assert_one_line_error(result)
    assert "ben left on 2026-11-20; a 1:1 after that cannot be logged" in result.stderr
    assert file_digest(db_path) == before


def test_no_1on1_can_be_logged_after_the_leader_left(world, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(world("people", "leave", "wei", "--on", "2026-11-24"))
    before = file_digest(db_path)
    result = world("--as", "wei", "1on1", "log", "wei", "grace", "--on", "2026-11-26")
    assert_one_line_error(result)
    assert "wei left on 2026-11-24; a 1:1 after that cannot be logged" in result.stderr
    assert file_digest(db_path) == before
