"""Rotation plans a VP would sign (issue 14, points 2, 3 and 5): who may lead, from where, in
what order, with which mentor and why; feedback only once a rotation has started.

The org is a small YAML file written here plus `examples/ladder.yaml` (levels L1-L6); the lead
role, the past rotations and the projects go in through the real CLI. Each rule is checked at
the service level (`rotations.plan` on a real SQLite session) and through `eng-ops rotation
plan --format json`, on the same hand-worked scenario. The rules, from the README:

- eligible to lead: an active individual contributor on an engineering team, at or above the
  project's minimum level (its own `--min-level`, else `rotations.min_level` = L3), not opted
  out, holding no lead role and leading no other rotation in its window (picks made earlier in
  the same plan count);
- candidates: the project's team, then the same part of the org (its sister teams under the
  same parent, the parent itself; for a top-level team, the teams under it), elsewhere only
  with --anywhere or when the project has no team; a team marked `engineering: false` never;
- order: fewest picks in this plan, the nearer team, never led, least recently led, opted in,
  most to learn on the targets (readiness gap towards one level above their own: their level
  counts as showing it, logged evidence raises it), handle;
- mentor: has led (a lead role or rotation that had started), senior to the lead, in the
  project's or the lead's part of the org, leads no rotation then and mentors fewer than two
  in the window; the project's team first, then the lead's, then the rest; fewest mentorships
  in the plan, then handle.

The org (today is 2026-11-27):

    eng (root)       vic L6 manager
      payments       pia L6 manager; ana L5 (leads payments since 2026-01-05), ben L4 (led
                     ledger-cleanup, ended 2026-08-30), cat L3 (never led), dan L2
      infra          eve L4 (never led), fay L5 (led infra-old, ended 2026-05-31)
      mobile         gil L3, gus L3 (never led)
      people-ops     amy L4 (never led) -- engineering: false
    research (root)  hal L4 (never led)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from tests.conftest import (
    EXAMPLES,
    as_json,
    assert_one_line_error,
    file_digest,
    ok,
    run_cli,
)

ORG_YAML = """\
teams:
  - {key: eng, name: Engineering}
  - {key: payments, name: Payments, parent: eng}
  - {key: infra, name: Infrastructure, parent: eng}
  - {key: mobile, name: Mobile, parent: eng}
  - {key: people-ops, name: People Ops, parent: eng, engineering: false}
  - {key: research, name: Research}
people:
  - {handle: vic, name: Vic Vance, team: eng, level: L6, track: manager}
  - {handle: pia, name: Pia Park, team: payments, manager: vic, level: L6, track: manager}
  - {handle: ana, name: Ana Alves, team: payments, manager: pia, level: L5}
  - {handle: ben, name: Ben Berg, team: payments, manager: pia, level: L4}
  - {handle: cat, name: Cat Cruz, team: payments, manager: pia, level: L3}
  - {handle: dan, name: Dan Dietz, team: payments, manager: pia, level: L2}
  - {handle: eve, name: Eve Egan, team: infra, manager: vic, level: L4}
  - {handle: fay, name: Fay Fox, team: infra, manager: vic, level: L5}
  - {handle: gil, name: Gil Gray, team: mobile, manager: vic, level: L3}
  - {handle: gus, name: Gus Gold, team: mobile, manager: vic, level: L3}
  - {handle: amy, name: Amy Ames, team: people-ops, manager: vic, level: L4, title: Talent Partner}
  - {handle: hal, name: Hal Hahn, team: research, level: L4}
"""

# Windows of the projects planned here: W1 and W2 do not overlap.
W1 = ("2026-12-07", "4")  # 2026-12-07 .. 2027-01-03
W2 = ("2027-01-11", "4")  # 2027-01-11 .. 2027-02-07
W3 = ("2027-02-15", "4")  # 2027-02-15 .. 2027-03-14

PlanFn = Callable[..., list[dict]]


def add(cli, name: str, window: tuple[str, str], *extra: str) -> None:  # type: ignore[no-untyped-def]
    start, weeks = window
    goal = f"Deliver the {name} project end to end"
    ok(cli("rotation", "add", name, "--goal", goal, "--start", start, "--weeks", weeks, *extra))


@pytest.fixture
def org(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The org above, the example ladder, ana's lead role and the two past rotations."""
    org_file = tmp_path / "org.yaml"
    org_file.write_text(ORG_YAML, encoding="utf-8")
    ok(cli("org", "import", str(org_file)))
    ok(cli("ladder", "import", str(EXAMPLES / "ladder.yaml")))
    ok(cli("lead", "assign", "ana", "--team", "payments", "--from", "2026-01-05"))
    add(cli, "ledger-cleanup", ("2026-08-03", "4"), "--team", "payments")  # ends 2026-08-30
    ok(cli("rotation", "assign", "ledger-cleanup", "ben", "--mentor", "ana"))
    ok(cli("rotation", "close", "ledger-cleanup", "--outcome", "Ledger reconciled daily"))
    add(cli, "infra-old", ("2026-05-04", "4"), "--team", "infra")  # ends 2026-05-31
    ok(cli("rotation", "assign", "infra-old", "fay"))
    ok(cli("rotation", "close", "infra-old", "--outcome", "Terraform state split"))
    return cli


@contextmanager
def session_on(db_path: Path) -> Iterator[object]:
    """A real session on the test's SQLite file, as a command opens it."""
    from eng_ops.config import resolve_db_url
    from eng_ops.store.engine import engine_for, session_scope

    with (
        engine_for(resolve_db_url(str(db_path)), create=False) as engine,
        session_scope(engine, actor="vic") as session,
    ):
        yield session


@pytest.fixture(params=["service", "cli"])
def plan(request: pytest.FixtureRequest, org, db_path: Path) -> PlanFn:  # type: ignore[no-untyped-def]
    """plan(projects=[...], anywhere=False): the rows as JSON-like dicts, from the service
    function or from `eng-ops rotation plan --format json`."""

    def by_service(projects: list[str] | None = None, anywhere: bool = False) -> list[dict]:
        from eng_ops.services.rotations import PlanRow
        from eng_ops.services.rotations import plan as plan_service

        with session_on(db_path) as session:
            rows = plan_service(session, projects=projects, anywhere=anywhere)  # type: ignore[arg-type]
        assert all(isinstance(r, PlanRow) for r in rows)
        return [
            {**{k: getattr(r, k) for k in KEYS}, "reasons": list(r.reasons)}
            | {"start": r.start.isoformat(), "end": r.end.isoformat()}
            for r in rows
        ]

    def by_cli(projects: list[str] | None = None, anywhere: bool = False) -> list[dict]:
        args = ["rotation", "plan", "--format", "json"]
        if projects:
            args += ["--projects", ",".join(projects)]
        if anywhere:
            args.append("--anywhere")
        return as_json(org(*args))

    return by_service if request.param == "service" else by_cli


KEYS = ("project", "team", "start", "end", "lead", "lead_team", "mentor", "mentor_team")


def picks(rows: list[dict]) -> list[tuple]:
    return [(r["project"], r["lead"], r["lead_team"], r["mentor"]) for r in rows]


# --- who leads, from where ---------------------------------------------------------------------


def test_the_team_first_and_never_led_first(org, plan: PlanFn) -> None:  # type: ignore[no-untyped-def]
    add(org, "pay-api", W1, "--team", "payments")
    (row,) = plan()
    # payments: ana holds a lead role, dan is L2 < L3, pia is a manager; ben led (until
    # 2026-08-30), cat never did -> cat. Mentor: has led and is above L3 in payments: ana (L5,
    # lead of payments) and ben (L4, ledger-cleanup) -> ana by handle.
    assert set(KEYS) | {"reasons"} <= set(row)
    assert (row["team"], row["start"], row["end"]) == ("payments", "2026-12-07", "2027-01-03")
    assert (row["lead"], row["lead_team"], row["mentor"], row["mentor_team"]) == (
        "cat",
        "payments",
        "ana",
        "payments",
    )
    assert row["reasons"] == [
        "never led",
        "in payments",
        "mentor ana: in payments, has led (lead of payments), senior (L5; cat is L3)",
    ]


def test_nobody_gets_a_second_turn_while_a_teammate_has_none(org, plan: PlanFn) -> None:  # type: ignore[no-untyped-def]
    for name, window in (("pay-api", W1), ("pay-ui", W2), ("pay-db", W3)):
        add(org, name, window, "--team", "payments")
    rows = plan()
    # pay-api: cat (never led). pay-ui (no overlap): cat has a pick, ben none -> ben.
    # pay-db: both payments people have one; the sister teams' people have none: eve, fay
    # (infra), gil, gus (mobile); never led: eve, gil, gus -> eve by handle. hal (research,
    # another part of the org) and amy (people-ops, outside engineering) are never asked.
    # Mentors: ana is the only senior past lead in payments (windows do not overlap).
    assert picks(rows) == [
        ("pay-api", "cat", "payments", "ana"),
        ("pay-ui", "ben", "payments", "ana"),
        ("pay-db", "eve", "infra", "ana"),
    ]
    assert rows[1]["reasons"][0] == "last led until 2026-08-30 (rotation ledger-cleanup)"
    assert rows[2]["reasons"][:2] == ["never led", "in infra, a sister team of payments"]


def test_a_second_turn_only_when_everyone_in_reach_has_one(org, plan: PlanFn) -> None:  # type: ignore[no-untyped-def]
    add(org, "res-1", W1, "--team", "research")
    add(org, "res-2", W2, "--team", "research")
    rows = plan()
    # research is a top-level team with no teams under it: hal is everyone in reach.
    assert picks(rows) == [("res-1", "hal", "research", None), ("res-2", "hal", "research", None)]
    assert (
        "a turn more in this plan: everyone eligible in research or the teams under it "
        "already has one"
    ) in rows[1]["reasons"]
    assert "a turn more" not in " ".join(rows[0]["reasons"])
    # Mentor: research has nobody who has led; hal's own team is research too.
    assert rows[0]["reasons"][-1] == (
        "no mentor: nobody in research's part of the org who has led, is senior to hal and "
        "has room (mentors fewer than 2 rotations then)"
    )


def test_sister_teams_when_the_team_has_nobody_eligible(org, plan: PlanFn) -> None:  # type: ignore[no-untyped-def]
    add(org, "mob-infra", W1, "--team", "mobile", "--min-level", "L4")
    (row,) = plan()
    # mobile: gil and gus are L3 < L4. Sister teams: ana holds a lead role, cat L3 and dan L2
    # are below L4; ben (led), eve (never), fay (led) -> eve. Mentor above L4 who has led:
    # fay (infra, the lead's team) before ana (payments, elsewhere in the part of the org).
    assert (row["lead"], row["lead_team"], row["mentor"], row["mentor_team"]) == (
        "eve",
        "infra",
        "fay",
        "infra",
    )
    assert row["reasons"] == [
        "never led",
        "in infra, a sister team of mobile",
        "mentor fay: in infra, has led (rotation infra-old), senior (L5; eve is L4)",
    ]


def test_nobody_eligible_says_why_and_anywhere_widens(org, db_path: Path, plan: PlanFn) -> None:  # type: ignore[no-untyped-def]
    add(org, "res-1", W1, "--team", "research")
    ok(org("rotation", "assign", "res-1", "hal"))
    add(org, "res-2", W1, "--team", "research")
    before = file_digest(db_path)
    (row,) = plan()
    assert file_digest(db_path) == before  # a plan writes nothing
    assert (row["project"], row["team"], row["lead"], row["lead_team"], row["mentor"]) == (
        "res-2",
        "research",
        None,
        None,
        None,
    )
    assert row["reasons"] == [
        "nobody eligible in research or the teams under it (1 lead another rotation in that "
        "window); try --anywhere"
    ]
    (row,) = plan(anywhere=True)
    # Anywhere in engineering: never led and eligible: cat, eve, gil, gus -> cat. amy
    # (people-ops) would come first by handle, but her team is outside engineering.
    # Mentor: research has no past lead; near cat's payments: ana and ben (her team) -> ana.
    assert (row["lead"], row["lead_team"], row["mentor"]) == ("cat", "payments", "ana")
    assert row["reasons"][:2] == ["never led", "in payments, outside research's part of the org"]


def test_a_lead_role_in_the_window_and_an_opt_out_exclude(org, plan: PlanFn) -> None:  # type: ignore[no-untyped-def]
    ok(
        org(
            *("lead", "assign", "eve", "--project", "dr-drill"),
            *("--from", "2026-12-14", "--to", "2026-12-20"),
        )
    )
    ok(org("rotation", "optout", "cat"))
    add(org, "infra-net", W1, "--team", "infra")
    add(org, "pay-api", W1, "--team", "payments")
    rows = plan()
    # infra-net: eve leads dr-drill inside the window -> fay, who led until 2026-05-31. Nobody
    # above L5 has led (vic and pia manage but held no lead role): no mentor.
    # pay-api: cat opted out -> ben; ana (L5) mentors him.
    assert picks(rows) == [
        ("infra-net", "fay", "infra", None),
        ("pay-api", "ben", "payments", "ana"),
    ]
    assert rows[0]["reasons"] == [
        "last led until 2026-05-31 (rotation infra-old)",
        "in infra",
        "no mentor: nobody in infra's part of the org who has led, is senior to fay and has "
        "room (mentors fewer than 2 rotations then)",
    ]


def test_most_to_learn_breaks_a_tie_and_opting_in_comes_first(org, plan: PlanFn) -> None:  # type: ignore[no-untyped-def]
    # gil shows delivery at L4: two logged pieces at L4 inside the 365-day window.
    for on in ("2026-10-01", "2026-11-01"):
        ok(org("evidence", "add", "gil", "delivery", "--level", "L4", "--on", on))
    add(org, "app-release", W1, "--team", "mobile", "--targets", "delivery")
    (row,) = plan()
    # gil and gus: mobile, never led, not opted in. The stretch is one level up, L4; delivery's
    # highest expectation at or below L4 is L4. gus's level shows L3: gap 4 - 3 = 1; gil's
    # evidence shows L4: gap 0. gus has more to learn (gil would win by handle).
    # Mentor: nobody in mobile has led; ana, ben, fay are senior past leads under eng -> ana.
    assert (row["lead"], row["lead_team"], row["mentor"]) == ("gus", "mobile", "ana")
    assert row["reasons"] == [
        "never led",
        "in mobile",
        "most to learn towards L4 on delivery (gap 1: shows L3, needs L4)",
        "mentor ana: in payments, has led (lead of payments), senior (L5; gus is L3)",
    ]
    ok(org("rotation", "optin", "gil"))
    (row,) = plan()
    assert row["lead"] == "gil"  # opting in comes before the gap
    assert row["reasons"][2:4] == ["opted in", "already shows what the next level asks on delivery"]


def test_a_project_without_a_team_draws_from_all_of_engineering(org, plan: PlanFn) -> None:  # type: ignore[no-untyped-def]
    add(org, "free-form", W1)
    (row,) = plan()
    # Never led: cat, eve, gil, gus, hal (research is engineering too); amy is not -> cat.
    assert (row["team"], row["lead"], row["lead_team"], row["mentor"]) == (
        None,
        "cat",
        "payments",
        "ana",
    )
    assert (
        row["reasons"][1] == "in payments (the project has no team: all of engineering considered)"
    )


def test_the_mentor_has_room_for_two_rotations_at_a_time(org, plan: PlanFn) -> None:  # type: ignore[no-untyped-def]
    for name in ("mob-1", "mob-2", "mob-3"):
        add(org, name, W1, "--team", "mobile")
    rows = plan()
    # Leads: gil, gus (mobile), then the sister teams' never-led: cat (payments) before eve.
    # Mentors senior to an L3 who have led: ana, ben (payments), fay (infra); all windows
    # overlap. mob-1: ana (handle). mob-2: ben and fay have no mentorship yet -> ben. mob-3
    # (lead cat, payments: her team comes before the rest): ana (1 so far) and ben (1) -> ana,
    # who now mentors two: the most at a time.
    assert picks(rows) == [
        ("mob-1", "gil", "mobile", "ana"),
        ("mob-2", "gus", "mobile", "ben"),
        ("mob-3", "cat", "payments", "ana"),
    ]
    add(org, "mob-4", W1, "--team", "mobile")
    (row,) = plan(projects=["mob-4"])
    assert row["mentor"] == "ana"  # planned alone: nobody mentors anything yet
    ok(org("rotation", "plan", "--apply"))  # assigns mob-1..mob-4 (mob-4: eve, mentor fay)
    add(org, "mob-5", W1, "--team", "mobile", "--min-level", "L2")
    (row,) = plan()
    # gil, gus, cat and eve now lead in W1; ben and fay led before; dan (L2) never did -> dan.
    # Mentors above L2: ana mentors two in W1 already; ben (dan's team, one so far) before fay.
    assert (row["lead"], row["mentor"]) == ("dan", "ben")


# --- the contract ------------------------------------------------------------------------------

# Eligible people by team in the scenario below: nobody has a lead role or another rotation in
# W1/W2 apart from the plan's own picks.
ELIGIBLE = {"payments": {"ben", "cat"}, "infra": {"eve", "fay"}, "mobile": {"gil", "gus"}}
ELIGIBLE["research"] = {"hal"}


def check_contract(rows: list[dict], eligible: dict[str, set[str]]) -> None:
    """Every row has the keys; a row's lead is from its team while someone eligible there has
    no pick; nobody leads two rows while an eligible teammate leads none."""
    team_of = {h: t for t, people in eligible.items() for h in people}
    leads = [r["lead"] for r in rows if r["lead"]]
    for row in rows:
        assert {"project", "team", "lead", "lead_team", "mentor", "reasons"} <= set(row)
        idle = eligible.get(row["team"], set()) - set(leads)
        if idle and row["lead"]:
            assert row["lead_team"] == row["team"], (row, idle)
    for handle in {h for h in leads if leads.count(h) > 1}:
        assert not eligible[team_of[handle]] - set(leads), handle


def test_contract_on_a_small_org(org, plan: PlanFn) -> None:  # type: ignore[no-untyped-def]
    for name, window, team in (
        ("pay-api", W1, "payments"),
        ("pay-ui", W1, "payments"),
        ("infra-net", W1, "infra"),
        ("mob-1", W1, "mobile"),
        ("res-1", W1, "research"),
        ("pay-db", W2, "payments"),
        ("res-2", W2, "research"),
    ):
        add(org, name, window, "--team", team)
    rows = plan()
    # W1: cat, then ben (cat is busy), eve, gil, hal. W2: payments' ben and cat have a pick;
    # the sister teams' fay and gus have none, gus never led -> gus. res-2: hal again (nobody
    # else in reach).
    assert [(r["project"], r["lead"], r["lead_team"]) for r in rows] == [
        ("pay-api", "cat", "payments"),
        ("pay-ui", "ben", "payments"),
        ("infra-net", "eve", "infra"),
        ("mob-1", "gil", "mobile"),
        ("res-1", "hal", "research"),
        ("pay-db", "gus", "mobile"),
        ("res-2", "hal", "research"),
    ]
    check_contract(rows, ELIGIBLE)
    assert "amy" not in {r["lead"] for r in rows} | {r["mentor"] for r in rows}


def test_contract_on_the_demo(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    ok(run_cli("demo", "--db", str(path)))
    rows = as_json(run_cli("--db", str(path), "rotation", "plan", "--format", "json"))
    # The demo's unassigned projects, by start: two data seats from the converted opening
    # (2026-11-28, 8 weeks), api-gateway (platform, 2026-12-04) and ml-feature-store (data,
    # 2026-12-11). Data: nadia leads the team, kenji manages, tariq is L2; mei (opted in) and
    # rachel never led, samuel led data-contracts. Platform: wei leads the team, marcus
    # manages, noah is L2; grace (opted in), ben and tomasz never led -> grace.
    assert [(r["project"], r["team"], r["lead"], r["lead_team"]) for r in rows] == [
        ("opening-2-seat-1", "data", "mei", "data"),
        ("opening-2-seat-2", "data", "rachel", "data"),
        ("api-gateway", "platform", "grace", "platform"),
        ("ml-feature-store", "data", "samuel", "data"),
    ]
    eligible = {
        "data": {"mei", "rachel", "samuel"},
        "platform": {"tomasz", "fatima", "grace", "ben"},
    }
    check_contract(rows, eligible)
    org = yaml.safe_load((EXAMPLES / "org.yaml").read_text(encoding="utf-8"))
    level = {p["handle"]: int(p["level"][1:]) for p in org["people"]}
    outside = {p["handle"] for p in org["people"] if p["team"] == "people-ops"}
    assert outside == {"amara"}  # the talent partner: never a lead nor a mentor
    for row in rows:
        assert row["mentor"] not in outside | {row["lead"]}
        assert level[row["mentor"]] > level[row["lead"]], row
        assert "has led" in row["reasons"][-1], row


# --- feedback only once started ----------------------------------------------------------------


def test_feedback_before_the_start_is_refused(org, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    add(org, "pay-api", W1, "--team", "payments")
    ok(org("rotation", "assign", "pay-api", "cat", "--mentor", "ana"))
    args = ["rotation", "feedback", "pay-api", "--from", "ana", "--competency", "delivery"]
    args += ["--level", "L4", "--note", "Planned the first milestone well"]
    before = file_digest(db_path)
    result = org(*args)
    assert_one_line_error(result)
    assert "starts on 2026-12-07" in result.stderr
    assert file_digest(db_path) == before
    assert as_json(org("evidence", "list", "cat", "--format", "json")) == []

    from eng_ops.errors import InvalidInput
    from eng_ops.services.rotations import feedback

    with pytest.raises(InvalidInput, match="starts on 2026-12-07"), session_on(db_path) as s:
        feedback(s, "pay-api", from_="ana", competency="delivery", level="L4", note="n")  # type: ignore[arg-type]
    assert file_digest(db_path) == before

    monkeypatch.setenv("ENG_OPS_TODAY", "2026-12-07")  # its first day: taken
    ok(org(*args))
    (item,) = as_json(org("evidence", "list", "cat", "--format", "json"))
    assert (item["source"], item["level"], item["on"]) == ("rotation", "L4", "2026-12-07")


# --- the org file's engineering flag, the minimum level, fairness ------------------------------


def test_a_team_outside_engineering_round_trips_through_the_org_file(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exported = ok(org("org", "export")).stdout
    data = yaml.safe_load(exported)
    flags = {t["key"]: t.get("engineering") for t in data["teams"]}
    assert flags["people-ops"] is False
    assert {k for k, v in flags.items() if v is not None} == {"people-ops"}  # true by default
    again = tmp_path / "again.yaml"
    again.write_text(exported, encoding="utf-8")
    other = tmp_path / "other.db"
    ok(run_cli("--db", str(other), "org", "import", str(again)))
    assert ok(run_cli("--db", str(other), "org", "export")).stdout == exported
    assert "0 created, 0 updated" in ok(org("org", "import", str(again))).stderr


def test_a_bad_engineering_flag_names_the_line(org, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "teams:\n  - key: ops\n    name: Ops\n    engineering: maybe\n", encoding="utf-8"
    )
    before = file_digest(db_path)
    result = org("org", "import", str(bad))
    assert_one_line_error(result)
    assert f"{bad}:4: teams[0].engineering: expected true or false" in result.stderr
    assert file_digest(db_path) == before


def test_a_project_minimum_level_is_checked_and_shown(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = org(
        *("rotation", "add", "deep-infra", "--goal", "Move every service to the new mesh"),
        *("--start", W1[0], "--weeks", "4", "--min-level", "L9"),
    )
    assert_one_line_error(result)
    assert "L9" in result.stderr and file_digest(db_path) == before
    add(org, "deep-infra", W1, "--team", "infra", "--min-level", "L5")
    assert as_json(org("rotation", "show", "deep-infra", "--format", "json"))["min_level"] == "L5"
    (row,) = as_json(org("rotation", "plan", "--format", "json"))
    assert row["lead"] == "fay"  # eve is L4, below the project's L5


def test_fairness_counts_only_engineering(org) -> None:  # type: ignore[no-untyped-def]
    result = as_json(org("rotation", "fairness", "--format", "json"))
    # Active ICs at or above L3 with no lead role today, on engineering teams: ben, cat, eve,
    # fay, gil, gus, hal (ana leads payments, dan is L2, amy is in people-ops).
    assert sorted(t["handle"] for t in result["turns"]) == [
        "ben",
        "cat",
        "eve",
        "fay",
        "gil",
        "gus",
        "hal",
    ]
    assert sorted(result["never_led"]) == ["cat", "eve", "gil", "gus", "hal"]
