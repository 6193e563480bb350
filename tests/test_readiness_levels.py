"""Issue 14, points 1 and 5: readiness that starts from a person's level, `evidence retract`
and `evidence coverage`, at the service level (real SQLite sessions) and through the CLI.

The org is the YAML below (two managers, a level-less newcomer) plus examples/ladder.yaml
(L1..L6; six competencies, technical-direction starting at L4, the others at L3). Today is
2026-11-27. Expected values are worked out by hand from the documented rules, never by calling
the code under test:

- the level floor: a person whose level is on the ladder shows every competency at that level
  (one `current level` piece, dated today, worth `readiness.min_evidence` pieces); someone with
  no level on the ladder is judged on logged evidence only;
- demonstrated = the highest level with min_evidence (2) pieces at or above it in the last
  365 days, retracted pieces left out; with nothing, counting starts just below the
  competency's first expectation;
- ready = no gap; stretch = one competency one level short; otherwise not-ready;
- coverage: per manager, active reports with at least one logged (not retracted) piece in the
  window; share = that / reports, to 3 places; lowest share first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.conftest import (
    EXAMPLES,
    TODAY,
    as_json,
    assert_one_line_error,
    build_template,
    copy_template,
    file_digest,
    ok,
)

LADDER = yaml.safe_load((EXAMPLES / "ladder.yaml").read_text(encoding="utf-8"))
LEVELS = [str(lv) for lv in LADDER["levels"]]
KEYS = [c["key"] for c in LADDER["competencies"]]
FIRST = {
    c["key"]: min(LEVELS.index(str(lv)) for lv in c["expectations"]) for c in LADDER["competencies"]
}
# What this file relies on in the ladder: L1..L6; every competency has an L5 and an L6
# expectation, so L5 and L6 require each of them at that level; technical-direction starts
# at L4, so L3 requires the other five at L3.
assert LEVELS == ["L1", "L2", "L3", "L4", "L5", "L6"]
assert len(KEYS) == 6 and "technical-direction" in KEYS
assert all({"L5", "L6"} <= set(map(str, c["expectations"])) for c in LADDER["competencies"])
assert LEVELS[FIRST["technical-direction"]] == "L4"
assert all(LEVELS[FIRST[k]] == "L3" for k in KEYS if k != "technical-direction")
L3_KEYS = [k for k in KEYS if k != "technical-direction"]

ORG_YAML = """\
teams:
  - key: eng
    name: Engineering
  - key: api
    name: API
    parent: eng
  - key: web
    name: Web
    parent: eng
people:
  - {handle: vera, name: Vera Lind, team: eng, level: L6, track: manager}
  - {handle: sam, name: Sam Stone, team: api, manager: vera, level: L5}
  - {handle: lee, name: Lee Park, team: api, manager: vera, level: L4}
  - {handle: max, name: Max Holm, team: web, manager: vera, level: L5, track: manager}
  - {handle: kim, name: Kim Berg, team: web, manager: max, level: L3}
  - {handle: ned, name: Ned Hale, team: web, manager: max}
"""

# (handle, competency, level, date): dates spelled out from TODAY = 2026-11-27.
EVIDENCE = [
    ("lee", "architecture", "L5", "2026-11-17"),  # 10 days ago
    ("lee", "architecture", "L5", "2026-10-18"),  # 40 days ago (13 + 27)
    ("lee", "delivery", "L5", "2026-11-07"),  # 20 days ago: one piece only
    ("kim", "delivery", "L3", "2025-10-23"),  # 400 days ago: 365 to 2025-11-27, 35 more
    ("ned", "mentoring", "L3", "2026-11-12"),  # 15 days ago
]
WINDOW_START = date(2025, 11, 27)  # 2026-11-27 - 365 days (2026 is not a leap year)


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The org, the ladder and EVIDENCE: built once, copied by each test."""
    return build_template(
        tmp_path_factory,
        "readiness-levels",
        ("ladder", "import", str(EXAMPLES / "ladder.yaml")),
        *[
            ("evidence", "add", h, comp, "--level", level, "--on", on)
            for h, comp, level, on in EVIDENCE
        ],
        org_yaml=ORG_YAML,
    )


@pytest.fixture
def org(cli, db_path: Path, base_db: Path):  # type: ignore[no-untyped-def]
    copy_template(base_db, db_path)
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


def readiness(cli, handle: str, *args: str) -> dict:  # type: ignore[no-untyped-def]
    return as_json(cli("readiness", handle, *args, "--format", "json"))


def by_key(result: dict) -> dict[str, dict]:
    return {r["competency"]: r for r in result["competencies"]}


def ids_of(cli, handle: str, *extra: str) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    """(competency, date) -> evidence id, from `evidence list`."""
    rows = as_json(cli("evidence", "list", handle, *extra, "--format", "json"))
    return {(r["competency"], r["on"]): r["id"] for r in rows}


def refused(cli, db: Path, *args: str, mentions: tuple[str, ...] = (), as_: str | None = None):  # type: ignore[no-untyped-def]
    """A one-line user error that leaves the database file byte for byte as it was."""
    before = file_digest(db)
    result = cli(*args, as_=as_)
    assert_one_line_error(result)
    for text in mentions:
        assert text in result.stderr, (text, result.stderr)
    assert file_digest(db) == before
    return result


# --- the level floor ---------------------------------------------------------------------------


def test_contract_a_person_at_their_level_with_no_evidence_is_ready(org) -> None:  # type: ignore[no-untyped-def]
    # sam is L5 with no logged evidence: every competency counts at L5 from his level.
    result = readiness(org, "sam", "--level", "L5")
    assert result["overall"] == "ready"
    assert (result["level"], result["level_counts"]) == ("L5", True)
    rows = by_key(result)
    assert list(rows) == KEYS  # all six have an L5 expectation
    for key, row in rows.items():
        assert (row["required"], row["demonstrated"], row["gap"]) == ("L5", "L5", 0), key
        assert row["shown_by"] == "current level"
        # one synthetic piece, no id (nothing to retract), dated today
        assert row["evidence"] == [
            {
                "id": None,
                "on": "2026-11-27",
                "level": "L5",
                "source": "current level",
                "note": "their level is L5",
            }
        ]


def test_an_l5_is_one_level_short_everywhere_for_l6(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    # L6 requires each of the six at L6 (each has an L6 expectation); sam shows L5: gap 1 x 6.
    result = readiness(org, "sam", "--level", "L6")
    assert {k: (r["required"], r["demonstrated"], r["gap"]) for k, r in by_key(result).items()} == {
        k: ("L6", "L5", 1) for k in KEYS
    }
    assert result["overall"] == "not-ready"  # six gaps, not one
    # The same at the service level, on a real session.
    from eng_ops.services.readiness import readiness as service
    from eng_ops.services.readiness import requirements_for_level

    with session_on(db_path) as session:
        assert requirements_for_level(session, "L6") == dict.fromkeys(KEYS, "L6")  # type: ignore[arg-type]
        got = service(session, "sam", requirements_for_level(session, "L6"), target="L6")  # type: ignore[arg-type]
        assert [r["gap"] for r in got["competencies"]] == [1] * 6
        assert got["overall"] == "not-ready"
        # One competency one level short is a stretch: architecture L6 (gap 1), delivery L5.
        got = service(session, "sam", {"architecture": "L6", "delivery": "L5"}, target="x")  # type: ignore[arg-type]
        assert got["overall"] == "stretch"


def test_logged_l6_evidence_raises_one_competency(org) -> None:  # type: ignore[no-untyped-def]
    for on in ("2026-11-20", "2026-09-01"):  # 7 and 87 days ago: both in the window
        ok(org("evidence", "add", "sam", "incident-leadership", "--level", "L6", "--on", on))
    rows = by_key(readiness(org, "sam", "--level", "L6"))
    # incident-leadership: 2 pieces at L6 -> L6, gap 0, shown by evidence; the rest L5, gap 1.
    assert (rows["incident-leadership"]["demonstrated"], rows["incident-leadership"]["gap"]) == (
        "L6",
        0,
    )
    assert rows["incident-leadership"]["shown_by"] == "evidence"
    assert [rows[k]["gap"] for k in KEYS if k != "incident-leadership"] == [1] * 5
    # The floor is still listed under the logged pieces (highest level first, then oldest).
    assert [(e["level"], e["source"]) for e in rows["incident-leadership"]["evidence"]] == [
        ("L6", "manual"),
        ("L6", "manual"),
        ("L5", "current level"),
    ]


def test_logged_evidence_raises_but_one_piece_is_not_enough(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    # lee is L4. architecture: 2 pieces at L5 in the window -> L5; delivery: 1 piece at L5
    # (needs 2) -> the floor, L4. For L5 (all six at L5): architecture 0, the other five 1.
    result = readiness(org, "lee", "--level", "L5")
    rows = by_key(result)
    assert (rows["architecture"]["demonstrated"], rows["architecture"]["gap"]) == ("L5", 0)
    assert rows["architecture"]["shown_by"] == "evidence"
    assert (rows["delivery"]["demonstrated"], rows["delivery"]["gap"]) == ("L4", 1)
    assert rows["delivery"]["shown_by"] == "current level"
    assert [rows[k]["gap"] for k in KEYS if k != "architecture"] == [1] * 5
    assert result["overall"] == "not-ready"
    from eng_ops.services.readiness import readiness as service

    needs = {"architecture": "L5", "delivery": "L5"}
    with session_on(db_path) as session:
        got = service(session, "lee", needs, target="x")  # type: ignore[arg-type]
        assert [(r["competency"], r["gap"]) for r in got["competencies"]] == [
            ("architecture", 0),
            ("delivery", 1),
        ]
        assert got["overall"] == "stretch"  # one competency, one level short
    ok(org("evidence", "add", "lee", "delivery", "--level", "L5", "--on", "2026-11-26"))
    with session_on(db_path) as session:
        assert service(session, "lee", needs, target="x")["overall"] == "ready"  # type: ignore[arg-type]


def test_min_evidence_and_window_apply_to_logged_evidence_not_to_the_floor(org) -> None:  # type: ignore[no-untyped-def]
    needs = ("--level", "L5")
    # min_evidence 3: lee's 2 pieces of architecture at L5 no longer show L5 -> L4 (the floor
    # counts as 3 pieces at L4), gap 1; sam still ready for L5 from his level.
    ok(org("settings", "set", "readiness.min_evidence", "3"))
    assert by_key(readiness(org, "lee", *needs))["architecture"]["demonstrated"] == "L4"
    assert readiness(org, "sam", *needs)["overall"] == "ready"
    # min_evidence 1: lee's single piece of delivery at L5 is enough -> L5, gap 0.
    ok(org("settings", "set", "readiness.min_evidence", "1"))
    rows = by_key(readiness(org, "lee", *needs))
    assert (rows["delivery"]["demonstrated"], rows["delivery"]["gap"]) == ("L5", 0)
    # back to 2, window 30 days: architecture at 10 days counts, at 40 days does not -> 1 < 2.
    ok(org("settings", "set", "readiness.min_evidence", "2"))
    ok(org("settings", "set", "readiness.window_days", "30"))
    rows = by_key(readiness(org, "lee", *needs))
    assert (rows["architecture"]["demonstrated"], rows["architecture"]["gap"]) == ("L4", 1)
    assert [e["on"] for e in rows["architecture"]["evidence"]] == ["2026-11-17", "2026-11-27"]


def test_no_level_on_the_ladder_is_evidence_only(org) -> None:  # type: ignore[no-untyped-def]
    # ned has no level; one piece of mentoring at L3 (2 needed). For L3 the ladder requires the
    # five competencies that start at L3, each L3; with nothing shown each counts from L2: gap 1.
    result = readiness(org, "ned", "--level", "L3")
    assert (result["level"], result["level_counts"]) == (None, False)
    rows = by_key(result)
    assert list(rows) == L3_KEYS
    assert {k: (r["demonstrated"], r["gap"]) for k, r in rows.items()} == dict.fromkeys(
        L3_KEYS, (None, 1)
    )
    assert [e["source"] for e in rows["mentoring"]["evidence"]] == ["manual"]  # no floor row
    assert result["overall"] == "not-ready"
    table = ok(org("readiness", "ned", "--level", "L3")).stdout
    assert "ned is judged on logged evidence only: they have no place on the ladder" in table
    sam = ok(org("readiness", "sam", "--level", "L5")).stdout
    assert "sam starts from their own L5: it counts as 2 pieces in every competency" in sam


def test_the_pipeline_judges_with_the_same_rule(org) -> None:  # type: ignore[no-untyped-def]
    # Opening #1 (api, 1 seat, 30 days left): architecture L5, delivery L4, min level L4.
    # lee applied: architecture L5 (2 pieces), delivery L4 (his level) -> ready: ok.
    opening = as_json(
        org(
            *("lead", "opening", "add", "--title", "API lead", "--team", "api", "--seats", "1"),
            *("--requires", "architecture:L5", "--requires", "delivery:L4"),
            *("--closes", "2026-12-27", "--min-level", "L4", "--format", "json"),
            as_="vera",
        )
    )
    oid = str(opening["id"])
    ok(org("lead", "opening", "apply", oid, "lee"))
    (row,) = as_json(org("lead", "pipeline", "--format", "json"))
    assert (row["risk"], row["candidates"][0]["readiness"]) == ("ok", "ready")
    assert readiness(org, "lee", "--for", oid)["overall"] == "ready"
    # Retract lee's older architecture piece: 1 left -> L4 (his level), gap 1 -> stretch, in
    # both paths. In hand 1 (stretch) for 1 seat -> at-risk; nominees for the 1 seat the ready
    # do not fill (2 per seat): sam (api, the opening's team, ready from L5); max (web, L5)
    # is ready too but a manager, and managers are not suggested for tech-lead seats. kim is
    # below L4; ned (no level, no evidence) is not-ready.
    old = ids_of(org, "lee")[("architecture", "2026-10-18")]
    ok(org("evidence", "retract", str(old), "--reason", "It was sam's design", as_="vera"))
    (row,) = as_json(org("lead", "pipeline", "--format", "json"))
    assert (row["risk"], row["candidates"][0]["readiness"]) == ("at-risk", "stretch")
    assert readiness(org, "lee", "--for", oid)["overall"] == "stretch"
    nominees = [(a["handle"], a["readiness"]) for a in row["actions"] if a["kind"] == "nominate"]
    assert nominees == [("sam", "ready")]


# --- retract -----------------------------------------------------------------------------------


def test_retract_stops_counting_keeps_history_and_is_audited(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = ids_of(org, "lee")
    old = ids[("architecture", "2026-10-18")]
    (listed,) = [
        e for e in as_json(org("evidence", "list", "lee", "--format", "json")) if e["id"] == old
    ]
    assert (listed["retracted_on"], listed["retracted_by"], listed["retract_reason"]) == (
        None,
        None,
        None,
    )
    shown = as_json(
        org(
            *("evidence", "retract", str(old), "--reason", "Wrong person", "--format", "json"),
            as_="vera",
        )
    )
    assert shown == {
        **listed,
        "retracted_on": "2026-11-27",
        "retracted_by": "vera",
        "retract_reason": "Wrong person",
    }
    assert (shown["competency"], shown["level"], shown["on"]) == (
        "architecture",
        "L5",
        "2026-10-18",
    )
    # readiness: 1 piece of architecture at L5 left (needs 2) -> L4, lee's level.
    rows = by_key(readiness(org, "lee", "--level", "L5"))
    assert (rows["architecture"]["demonstrated"], rows["architecture"]["gap"]) == ("L4", 1)
    assert [e["id"] for e in rows["architecture"]["evidence"]] == [
        ids[("architecture", "2026-11-17")],
        None,
    ]
    # list: hidden (3 pieces - 1 = 2); --all: all 3, the retracted one with its retraction.
    assert set(ids_of(org, "lee")) == {("architecture", "2026-11-17"), ("delivery", "2026-11-07")}
    every = as_json(org("evidence", "list", "lee", "--all", "--format", "json"))
    assert len(every) == 3
    (gone,) = [e for e in every if e["retracted_on"]]
    assert (gone["id"], gone["retracted_by"], gone["retract_reason"]) == (
        old,
        "vera",
        "Wrong person",
    )
    assert "Wrong person" in ok(org("evidence", "list", "lee", "--all")).stdout
    # audit: created by root, retracted by vera (newest first), with before and after.
    log = as_json(
        org("audit", "log", "--entity", "evidence", "--key", str(old), "--format", "json")
    )
    assert [(e["action"], e["actor"]) for e in log] == [
        ("retract", "vera"),
        ("create", listed["recorded_by"]),
    ]
    # Twice is refused, naming when and by whom; the database is unchanged.
    refused(
        org,
        db_path,
        *("evidence", "retract", str(old), "--reason", "again"),
        mentions=(f"#{old}", "already retracted on 2026-11-27 by vera"),
    )


def test_retract_at_the_service_level(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from eng_ops.errors import InvalidInput, NotFound
    from eng_ops.services.evidence import EvidenceItem, list_evidence, retract_evidence

    ned_piece = ids_of(org, "ned")[("mentoring", "2026-11-12")]
    with session_on(db_path, actor="max") as session:
        item = retract_evidence(session, ned_piece, reason="  Logged for the wrong person  ")  # type: ignore[arg-type]
        assert isinstance(item, EvidenceItem)
        assert (item.retracted_on, item.retracted_by, item.retract_reason) == (
            TODAY,
            "max",
            "Logged for the wrong person",
        )
        assert list_evidence(session, "ned") == []  # type: ignore[arg-type]
        assert [e.id for e in list_evidence(session, "ned", include_retracted=True)] == [ned_piece]  # type: ignore[arg-type]
    with session_on(db_path) as session:
        with pytest.raises(NotFound, match="no evidence #999"):
            retract_evidence(session, 999, reason="x")  # type: ignore[arg-type]
        with pytest.raises(InvalidInput, match="already retracted"):
            retract_evidence(session, ned_piece, reason="x")  # type: ignore[arg-type]
        with pytest.raises(InvalidInput, match="needs a reason"):
            retract_evidence(session, ned_piece, reason="   ")  # type: ignore[arg-type]


def test_a_retracted_piece_no_longer_meets_a_development_action(org) -> None:  # type: ignore[no-untyped-def]
    # Opening #1 asks architecture L5, delivery L4; lee's older architecture piece is retracted
    # first, so he is one level short on architecture: rejected with --develop, one evidence
    # action (no rotation targets architecture): 1 piece at L5 in the window, 2 needed.
    old = ids_of(org, "lee")[("architecture", "2026-10-18")]
    ok(org("evidence", "retract", str(old), "--reason", "Wrong person"))
    ok(
        org(
            *("lead", "opening", "add", "--title", "API lead", "--team", "api", "--seats", "1"),
            *("--requires", "architecture:L5", "--requires", "delivery:L4"),
            "--closes",
            "2026-12-27",
            as_="vera",
        )
    )
    ok(org("lead", "opening", "apply", "1", "lee"))
    ok(
        org(
            "lead",
            "opening",
            "decide",
            "1",
            "lee",
            "--reject",
            "--rationale",
            "Not yet",
            "--develop",
            as_="vera",
        )
    )

    def plan() -> list[tuple[str, str, int]]:
        rows = as_json(org("lead", "plan", "show", "lee", "--format", "json"))
        return [(r["competency"], r["status"], r["evidence"]) for r in rows]

    assert plan() == [("architecture", "open", 1)]
    ok(org("evidence", "add", "lee", "architecture", "--level", "L5", "--on", "2026-11-26"))
    assert plan() == [("architecture", "met", 2)]  # 1 + 1 = 2 pieces at L5
    new = ids_of(org, "lee")[("architecture", "2026-11-26")]
    ok(org("evidence", "retract", str(new), "--reason", "Duplicate of the 11-17 review"))
    assert plan() == [("architecture", "open", 1)]  # back to 1


def test_retract_bad_input(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    refused(org, db_path, "evidence", "retract", "999", "--reason", "x", mentions=("#999",))
    refused(org, db_path, "evidence", "retract", "0", "--reason", "x", mentions=("#0",))
    piece = ids_of(org, "lee")[("delivery", "2026-11-07")]
    refused(org, db_path, "evidence", "retract", str(piece), "--reason", "  ", mentions=("reason",))
    before = file_digest(db_path)
    result = org("evidence", "retract", str(piece))  # --reason is required: a usage error
    assert result.exit_code == 2 and "--reason" in result.stderr
    assert file_digest(db_path) == before
    refused(org, db_path, "readiness", "sam", "--level", "L9", mentions=("L9",))
    refused(org, db_path, "evidence", "list", "nobody", "--all")


# --- coverage ----------------------------------------------------------------------------------


def test_coverage_per_manager(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    # vera: sam, lee, max = 3 reports; only lee has logged evidence (sam's L5 is his level,
    # not logged) -> 1/3 = 0.333; latest: lee's 2026-11-17.
    # max: kim, ned = 2 reports; ned's mentoring (2026-11-12) is in the window, kim's only
    # piece (2025-10-23) is before 2025-11-27 -> 1/2 = 0.5; latest 2026-11-12.
    rows = as_json(org("evidence", "coverage", "--format", "json"))
    assert rows == [
        {
            "manager": "vera",
            "team": "eng",
            "reports": 3,
            "with_evidence": 1,
            "share": 0.333,
            "latest": "2026-11-17",
        },
        {
            "manager": "max",
            "team": "web",
            "reports": 2,
            "with_evidence": 1,
            "share": 0.5,
            "latest": "2026-11-12",
        },
    ]
    # Retract ned's piece: max 0/2 = 0.0, now first; latest is kim's old piece, 2025-10-23.
    ned_piece = ids_of(org, "ned")[("mentoring", "2026-11-12")]
    ok(org("evidence", "retract", str(ned_piece), "--reason", "Wrong person"))
    from eng_ops.services.readiness import EvidenceCoverage, ManagerCoverage, evidence_coverage

    with session_on(db_path) as session:
        got = evidence_coverage(session)  # type: ignore[arg-type]
    assert got == EvidenceCoverage(
        window_days=365,
        since=WINDOW_START,
        managers=(
            ManagerCoverage("max", "web", 2, 0, 0.0, date(2025, 10, 23)),
            ManagerCoverage("vera", "eng", 3, 1, 0.333, date(2026, 11, 17)),
        ),
    )
    table = ok(org("evidence", "coverage")).stdout
    assert "last 365 days (since 2025-11-27)" in table
    assert "readiness reflects people's levels only" in table
    csv_text = ok(org("evidence", "coverage", "--format", "csv")).stdout
    assert csv_text.splitlines()[0] == "manager,team,reports,with_evidence,share,latest"
    md = ok(org("evidence", "coverage", "--format", "md")).stdout
    assert "| max | web | 2 | 0 | 0.00 | 2025-10-23 |" in md  # 2 places in tables


def test_coverage_leaves_out_leavers_and_a_widened_window_counts_more(org) -> None:  # type: ignore[no-untyped-def]
    # lee leaves: vera keeps sam and max, neither with logged evidence -> 0/2.
    ok(org("people", "leave", "lee", "--on", "2026-11-20"))
    # 400-day window (from 2025-10-23: 35 days to 2025-11-27, then 365): kim's piece of
    # 2025-10-23 is on its first day -> in: max 2/2 = 1.0.
    ok(org("settings", "set", "readiness.window_days", "400"))
    rows = as_json(org("evidence", "coverage", "--format", "json"))
    assert [(r["manager"], r["reports"], r["with_evidence"], r["share"]) for r in rows] == [
        ("vera", 2, 0, 0.0),
        ("max", 2, 2, 1.0),
    ]
