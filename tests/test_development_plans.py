"""Not selected means a plan (issue 13, point 3): development actions for a rejected candidate,
shown in `readiness`, in the next 1:1 agenda with their manager and in `lead plan show`,
closed by evidence (met) or by hand (`lead plan done`).

The org is a small YAML file written here plus `examples/ladder.yaml`; evidence, the rotation,
the opening, the applications and the rejections (`lead decide --reject --develop`) go in
through the real CLI. Only the idempotence check calls `plan_for_rejection` a second time on a
real SQLite session, since the CLI refuses to decide on a candidate twice.

Expected values are worked out by hand from the documented rules:
- a gap: the competency's demonstrated level (the highest with `readiness.min_evidence` = 2
  pieces at or above it in the last 365 days) is below the opening's required level;
- a `rotation` action when a rotation of the org targets the competency and the person may take
  a turn (an active IC at or above `rotations.min_level` L3, leading nothing, not opted out);
  otherwise an `evidence` action for the pieces still missing (2 minus those in the window);
- due = the decision day + `development.horizon_days` (90 by default).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import (
    EXAMPLES,
    TODAY,
    as_json,
    assert_one_line_error,
    file_digest,
    ok,
)

ORG_YAML = """\
teams:
  - key: eng
    name: Engineering
  - key: platform
    name: Platform
    parent: eng
people:
  - {handle: vera, name: Vera Vance, team: eng, level: L6, track: manager}
  - {handle: mark, name: Mark Moss, team: platform, manager: vera, level: L6, track: manager}
  - {handle: ada, name: Ada Ames, team: platform, manager: mark, level: L4, track: ic}
  - {handle: bo, name: Bo Birch, team: platform, manager: mark, level: L4, track: ic}
  - {handle: cy, name: Cy Cole, team: platform, manager: mark, level: L4, track: ic}
  - {handle: dee, name: Dee Dunn, team: platform, manager: mark, level: L2, track: ic}
"""

# The opening asks for architecture L5 and delivery L5 (both are on examples/ladder.yaml).
REQUIRES = ("architecture:L5", "delivery:L5")
CLOSES = TODAY + timedelta(days=20)  # 2026-12-17
DUE = date(2027, 2, 25)  # 2026-11-27 + 90 days: 3 (to Nov 30) + 31 + 31 + 25 = 90


def days_ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


@pytest.fixture
def org(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The small org, the ladder, one rotation targeting delivery, one opening (#1) with
    ada, bo, cy and dee applied, and the evidence below."""
    org_file = tmp_path / "org.yaml"
    org_file.write_text(ORG_YAML, encoding="utf-8")
    ok(cli("org", "import", str(org_file)))
    ok(cli("ladder", "import", str(EXAMPLES / "ladder.yaml")))
    # ada: one piece of architecture at L5 in the window (and one 400 days ago, outside it);
    # no delivery evidence.
    ok(cli("evidence", "add", "ada", "architecture", "--level", "L5", "--on", days_ago(30)))
    ok(cli("evidence", "add", "ada", "architecture", "--level", "L5", "--on", days_ago(400)))
    # cy: two pieces of each at L5 -> ready, no gaps.
    for comp in ("architecture", "delivery"):
        for age in (10, 20):
            ok(cli("evidence", "add", "cy", comp, "--level", "L5", "--on", days_ago(age)))
    # bo: one piece of delivery at L4 (below the required L5: it does not count toward it).
    ok(cli("evidence", "add", "bo", "delivery", "--level", "L4", "--on", days_ago(5)))
    ok(cli("rotation", "optout", "bo"))  # bo said no to rotations: the plan respects it
    ok(
        cli(
            *("rotation", "add", "release-train", "--goal", "Run the monthly release train"),
            *("--team", "platform", "--start", (TODAY + timedelta(days=7)).isoformat()),
            *("--weeks", "4", "--targets", "delivery"),
        )
    )
    opening = as_json(
        cli(
            *("lead", "opening", "add", "--title", "Platform tech lead", "--team", "platform"),
            *("--seats", "1", "--term", "12w", "--closes", CLOSES.isoformat()),
            *(x for r in REQUIRES for x in ("--requires", r)),
            *("--format", "json"),
            as_="vera",  # she creates it, so she decides it
        )
    )
    assert opening["id"] == 1
    for handle in ("ada", "bo", "cy", "dee"):
        ok(cli("lead", "opening", "apply", "1", handle))
    return cli


@contextmanager
def session_on(db_path: Path, actor: str = "vera") -> Iterator[object]:
    """A real session on the test's SQLite file, committed at the end (as a command's is)."""
    from eng_ops.config import resolve_db_url
    from eng_ops.store.engine import engine_for, session_scope

    with (
        engine_for(resolve_db_url(str(db_path)), create=False) as engine,
        session_scope(engine, actor=actor) as session,
    ):
        yield session


def reject_with_plan(cli, handle: str, on: date = TODAY) -> list[dict]:  # type: ignore[no-untyped-def]
    """`lead decide 1 HANDLE --reject --develop` on day `on` (as vera, the opening's decider):
    checks the plan it prints, returns the plan as `lead plan show --format json` lists it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ENG_OPS_TODAY", on.isoformat())
        result = ok(
            cli(
                *("lead", "decide", "1", handle, "--reject", "--rationale", "not yet"),
                "--develop",
                as_="vera",
            )
        )
    items = [i for i in plan_json(cli, handle) if i["opening"] == 1]
    lines = result.stderr.splitlines()
    assert lines[0] == f"{handle}: rejected for opening #1", lines
    printed = [f"  plan: {i['text']} (by {i['due']})" for i in items]
    nothing = f"  plan: none needed, {handle} shows every competency the opening requires"
    assert lines[1:] == (printed or [nothing])
    return items


def plan_json(cli, handle: str, *extra: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return as_json(cli("lead", "plan", "show", handle, *extra, "--format", "json"))


def test_each_gap_gets_one_action_of_the_right_kind(org, db_path: Path) -> None:
    items = reject_with_plan(org, "ada")
    # architecture: 1 piece at L5 in the window (the 400-day-old one is outside): 2 - 1 = 1
    # more; no rotation targets architecture -> evidence. delivery: the release-train rotation
    # targets it and ada (L4 IC, leads nothing, never opted out) may take a turn -> rotation.
    assert [(i["competency"], i["level"], i["kind"], i["text"]) for i in items] == [
        (
            "architecture",
            "L5",
            "evidence",
            "Show architecture at L5: gather 1 more piece of evidence",
        ),
        (
            "delivery",
            "L5",
            "rotation",
            "Lead a rotation that builds delivery (opted in to rotations)",
        ),
    ]
    assert all(i["due"] == DUE.isoformat() for i in items)
    assert all(i["status"] == "open" and i["opening"] == 1 for i in items)
    assert [i["evidence"] for i in items] == [1, 0]
    assert list(items[0]) == [
        "id",
        "handle",
        "opening",
        "competency",
        "level",
        "kind",
        "text",
        "due",
        "status",
        "evidence",
        "done_on",
    ]
    # The opt-in is real: the rotation planner now puts ada first as someone who opted in
    # (bo opted out, cy is not opted in, dee is below rotations.min_level L3).
    plan = as_json(org("rotation", "plan", "--format", "json"))
    assert plan[0]["project"] == "release-train" and plan[0]["lead"] == "ada"
    assert "opted in" in plan[0]["reasons"]
    log = as_json(org("audit", "log", "--format", "json"))
    entities = [(e["action"], e["entity"], e["entity_key"]) for e in log]
    assert ("create", "rotation_optin", "ada") in entities
    created = {e["entity_key"] for e in log if e["entity"] == "development_action"}
    assert created == {str(i["id"]) for i in items}


def test_someone_already_opted_in_stays_so(org, db_path: Path) -> None:
    ok(org("rotation", "optin", "ada"))
    items = reject_with_plan(org, "ada")
    assert items[1]["text"] == "Lead a rotation that builds delivery (already opted in)"
    log = as_json(org("audit", "log", "--format", "json"))
    optins = [e["entity_key"] for e in log if e["entity"] == "rotation_optin"]
    assert sorted(optins) == ["ada", "bo"]  # bo's opt-out and ada's own opt-in: no second one


def test_opted_out_or_below_the_rotation_floor_gathers_evidence(org, db_path: Path) -> None:
    bo = reject_with_plan(org, "bo")
    # bo opted out: both evidence. delivery: his one piece is at L4, below L5: 2 - 0 = 2.
    assert [(i["competency"], i["kind"], i["text"]) for i in bo] == [
        ("architecture", "evidence", "Show architecture at L5: gather 2 pieces of evidence"),
        ("delivery", "evidence", "Show delivery at L5: gather 2 pieces of evidence"),
    ]
    dee = reject_with_plan(org, "dee")
    # dee is L2, below rotations.min_level (L3): no rotation turn, so evidence for delivery too.
    assert [i["kind"] for i in dee] == ["evidence", "evidence"]
    log = as_json(org("audit", "log", "--format", "json"))
    optins = [e for e in log if e["entity"] == "rotation_optin"]
    assert [e["entity_key"] for e in optins] == ["bo"]  # only bo's own opt-out; nobody opted in


def test_ready_but_not_selected_gets_no_actions(org, db_path: Path) -> None:
    assert reject_with_plan(org, "cy") == []
    assert plan_json(org, "cy") == []
    assert "cy has no open development actions" in ok(org("lead", "plan", "show", "cy")).stderr


def test_planning_twice_adds_nothing(org, db_path: Path) -> None:
    from eng_ops.output import to_jsonable
    from eng_ops.services.development import plan_for_rejection
    from eng_ops.services.openings import get_opening
    from eng_ops.services.people import get_person

    first = reject_with_plan(org, "ada")
    log_before = len(as_json(org("audit", "log", "--format", "json")))
    with session_on(db_path) as session:
        opening, _ = get_opening(session, 1)  # type: ignore[arg-type]
        again = to_jsonable(
            plan_for_rejection(
                session,  # type: ignore[arg-type]
                opening,
                get_person(session, "ada"),  # type: ignore[arg-type]
                decided_on=TODAY,
            )
        )
    assert again == first
    assert len(plan_json(org, "ada")) == 2
    assert len(as_json(org("audit", "log", "--format", "json"))) == log_before


def test_horizon_is_an_org_setting(org, db_path: Path) -> None:
    ok(org("settings", "set", "development.horizon_days", "30"))
    items = reject_with_plan(org, "ada")
    assert {i["due"] for i in items} == {"2026-12-27"}  # 2026-11-27 + 30 days


def test_overdue_met_and_done(org, db_path: Path) -> None:
    # bo, decided 2026-08-01: due 2026-08-01 + 90 = 2026-10-30 (30 days to Aug 31, 30 to
    # Sep 30, 30 to Oct 30), before today. Both gaps are evidence (he opted out of rotations).
    items = reject_with_plan(org, "bo", on=date(2026, 8, 1))
    arch, delivery = items
    assert (arch["competency"], delivery["competency"]) == ("architecture", "delivery")
    assert {i["due"] for i in items} == {"2026-10-30"}
    assert [i["status"] for i in plan_json(org, "bo")] == ["overdue", "overdue"]
    # Two pieces of architecture at L5 within the window: bo now shows it -> met.
    for age in (1, 2):
        ok(org("evidence", "add", "bo", "architecture", "--level", "L5", "--on", days_ago(age)))
    shown = {i["id"]: (i["status"], i["evidence"]) for i in plan_json(org, "bo")}
    assert shown == {arch["id"]: ("met", 2), delivery["id"]: ("overdue", 0)}
    # Done by hand on a given day; then only --all lists it.
    done = ok(org("lead", "plan", "done", str(delivery["id"]), "--on", "2026-11-20"))
    assert f"#{delivery['id']}" in done.stderr and "2026-11-20" in done.stderr
    assert [i["id"] for i in plan_json(org, "bo")] == [arch["id"]]
    every = {i["id"]: (i["status"], i["done_on"]) for i in plan_json(org, "bo", "--all")}
    assert every == {arch["id"]: ("met", None), delivery["id"]: ("done", "2026-11-20")}
    log = as_json(org("audit", "log", "--format", "json"))
    assert any(
        e["entity"] == "development_action"
        and e["action"] == "update"
        and e["entity_key"] == str(delivery["id"])
        for e in log
    )


def test_readiness_shows_the_plan_as_a_section(org, db_path: Path) -> None:
    items = reject_with_plan(org, "ada")
    doc = as_json(org("readiness", "ada", "--for", "1", "--format", "json"))
    assert [p["id"] for p in doc["plan"]] == [i["id"] for i in items]
    assert doc["plan"][0]["due"] == DUE.isoformat()
    table = ok(org("readiness", "ada", "--for", "1")).stdout
    assert "Development plan of ada" in table
    assert "Lead a rotation that builds delivery" in table
    md = ok(org("readiness", "ada", "--for", "1", "--format", "md")).stdout
    assert "## Development plan of ada" in md
    csv_rows = ok(
        org("readiness", "ada", "--level", "L5", "--format", "csv", "--section", "plan")
    ).stdout.splitlines()
    assert csv_rows[0] == (
        "id,handle,opening,competency,level,kind,text,due,status,evidence,done_on"
    )
    assert len(csv_rows) == 1 + 2
    bare = org("readiness", "ada", "--level", "L5", "--format", "csv")
    assert bare.exit_code == 2 and "competencies" in bare.stderr and "plan" in bare.stderr
    # Someone without a plan: an empty section, said so.
    assert as_json(org("readiness", "cy", "--for", "1", "--format", "json"))["plan"] == []
    assert "no open development actions" in ok(org("readiness", "cy", "--for", "1")).stdout


def test_agenda_with_the_manager_starts_with_the_plan(org, db_path: Path) -> None:
    items = reject_with_plan(org, "ada")
    ok(org("1on1", "pair", "mark", "ada", "--kind", "manager"))
    ok(org("1on1", "pair", "vera", "ada", "--kind", "mentor"))
    agenda = as_json(org("1on1", "agenda", "mark", "ada", "--format", "json"))
    assert [d["id"] for d in agenda["development_plan"]] == [i["id"] for i in items]
    assert list(agenda)[:5] == ["leader", "member", "kind", "last_met", "development_plan"]
    table = ok(org("1on1", "agenda", "mark", "ada")).stdout
    rows = [line for line in table.splitlines() if line.strip()]
    plan_rows = [n for n, line in enumerate(rows) if "development plan" in line]
    action_like = [n for n, line in enumerate(rows) if "not covered lately" in line]
    assert plan_rows and action_like and max(plan_rows) < min(action_like)
    assert f"#{items[0]['id']} Show architecture at L5" in table
    assert f"(by {DUE.isoformat()}, open)" in table
    # A mentor's agenda does not carry it: the plan is followed up with the manager.
    mentor = as_json(org("1on1", "agenda", "vera", "ada", "--format", "json"))
    assert mentor["development_plan"] == []
    # Marked done, it leaves the agenda.
    ok(org("lead", "plan", "done", str(items[0]["id"])))
    agenda = as_json(org("1on1", "agenda", "mark", "ada", "--format", "json"))
    assert [d["id"] for d in agenda["development_plan"]] == [items[1]["id"]]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("lead", "plan", "done", "999"), "no development action #999"),
        (("lead", "plan", "done", "{id}"), "already done"),
        (("lead", "plan", "done", "{other}", "--on", "2026-11-28"), "in the future"),
        (("lead", "plan", "done", "{other}", "--on", "someday"), "--on"),
        (("lead", "plan", "show", "nobody"), "nobody"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    org,  # type: ignore[no-untyped-def]
    db_path: Path,
    args: tuple[str, ...],
    words: str,
) -> None:
    items = reject_with_plan(org, "ada")
    ok(org("lead", "plan", "done", str(items[0]["id"])))
    ids = {"id": items[0]["id"], "other": items[1]["id"]}
    before = file_digest(db_path)
    result = org(*(a.format(**ids) for a in args))
    assert_one_line_error(result)
    assert words in result.stderr
    assert file_digest(db_path) == before
