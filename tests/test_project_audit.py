"""Issue 14, points 4 and 5: goals and direction on lead roles and rotations, placeholder text
accepted with a warning, and `audit projects` listing what each project lacks.

The org is a small YAML file written here plus `examples/ladder.yaml` (for feedback levels);
everything else goes in through the real CLI on a real SQLite file. The service-level tests call
`eng_ops.services.placeholders.check` and `audit_projects` directly on the same database.

The rules, from the README (expected values below are worked out by hand from them):
- a goal or direction is a placeholder when missing or empty, a stand-in (`tbd`, `tba`, `todo`,
  `?`, `n/a`, `-`, `...`, case and surrounding punctuation ignored), a note for later (first word
  `tbd`/`tba`, or `todo:`), or under 15 characters (after trimming spaces);
- open rotations need a real goal and direction, a lead, a mentor; once ended (the day after
  their last day) feedback on the lead and an outcome (closing it); a closed rotation is
  only checked for feedback;
- current and future lead roles need a real goal and direction; a team lead role may be
  permanent (no end), a project lead role needs an end date; ended roles are not audited;
- rows with nothing missing are left out unless `--all`; most missing first, then by start.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
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
  - {handle: ada, name: Ada Ames, team: platform, manager: vera, level: L4, track: ic}
  - {handle: bo, name: Bo Birch, team: platform, manager: vera, level: L4, track: ic}
  - {handle: cy, name: Cy Cole, team: platform, manager: vera, level: L4, track: ic}
  - {handle: dee, name: Dee Dunn, team: platform, manager: vera, level: L2, track: ic}
"""

GOAL = "Halve p95 search latency by January"  # 35 characters: real text
DIRECTION = "Profile before caching anything"  # 31 characters

# TODAY is 2026-11-27. 70 days before: 31 back to Oct 27, 30 more to Sep 27, 9 more: Sep 18.
PAST_START = "2026-09-18"
PAST_END = "2026-10-15"  # 4 weeks from Sep 18: Sep 18 + 27 days = Oct 15
WARN_TBD = (
    "warning: goal 'tbd' looks like a placeholder (under 15 characters): "
    "audit projects will list it"
)
NO_PROJECT_END = "a project lead role with no end date (a team lead role may be permanent)"


def rotation(cli, name: str, goal: str, start: str, weeks: int, *extra: str):  # type: ignore[no-untyped-def]
    return cli("rotation", "add", name, "--goal", goal, "--start", start, "--weeks", str(weeks),
               *extra)  # fmt: skip


def audit(cli, *args: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return as_json(cli("audit", "projects", *args, "--format", "json"))


@pytest.fixture
def small(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Five people, the example ladder, nothing else."""
    org_file = tmp_path / "org.yaml"
    org_file.write_text(ORG_YAML, encoding="utf-8")
    ok(cli("org", "import", str(org_file)))
    ok(cli("ladder", "import", str(EXAMPLES / "ladder.yaml")))
    return cli


@pytest.fixture
def scenario(small):  # type: ignore[no-untyped-def]
    """Four rotations and four lead roles, each missing something different (or nothing)."""
    cli = small
    # cache-warmup: goal "tbd", no direction, no lead, no mentor (4 missing).
    ok(rotation(cli, "cache-warmup", "tbd", "2026-12-07", 4))
    # search-speedup: ended Oct 15, led by ada with vera mentoring, no feedback, still open
    # (2 missing: feedback, outcome).
    ok(rotation(cli, "search-speedup", GOAL, PAST_START, 4, "--direction", DIRECTION))
    ok(cli("rotation", "assign", "search-speedup", "ada", "--mentor", "vera"))
    # docs-portal: the same window, led by bo, feedback given, closed: nothing missing.
    ok(rotation(cli, "docs-portal", "A docs portal every team publishes to", PAST_START, 4,
                "--direction", "Markdown in each repo, built nightly"))  # fmt: skip
    ok(cli("rotation", "assign", "docs-portal", "bo", "--mentor", "vera"))
    ok(cli("rotation", "feedback", "docs-portal", "--from", "vera", "--competency", "delivery",
           "--level", "L4", "--note", "Shipped it on time"))  # fmt: skip
    ok(cli("rotation", "close", "docs-portal", "--outcome", "Live for all teams"))
    # ci-revamp: starts Dec 14, led by cy, direction "?" (1 missing).
    ok(rotation(cli, "ci-revamp", "Cut CI time in half for the monorepo", "2026-12-14", 2,
                "--direction", "?"))  # fmt: skip
    ok(cli("rotation", "assign", "ci-revamp", "cy", "--mentor", "vera"))
    # vera leads the platform team since May 11 with no end: a permanent team lead role with a
    # real goal and direction, nothing missing.
    ok(cli("lead", "role", "assign", "vera", "--team", "platform", "--from", "2026-05-11",
           "--goal", "Platform teams ship without waiting on each other",
           "--direction", "Self-service infrastructure, paved roads over tickets"))  # fmt: skip
    # dee leads a project from today with no end, goal "todo", no direction (3 missing).
    ok(cli("lead", "role", "assign", "dee", "--project", "billing-migration", "--goal", "todo"))
    # bo leads a project from Nov 17 to Mar 31 with direction "n/a" (1 missing).
    ok(cli("lead", "role", "assign", "bo", "--project", "api-docs", "--from", "2026-11-17",
           "--to", "2027-03-31", "--goal", "Every public API documented with examples",
           "--direction", "n/a"))  # fmt: skip
    # cy led a project until Oct 31 with no goal: ended, so not audited.
    ok(cli("lead", "role", "assign", "cy", "--project", "legacy-cleanup", "--from", "2026-02-01",
           "--to", "2026-10-31"))  # fmt: skip
    return cli


# The audit of the scenario, worked out by hand: most missing first, then by start date.
# Lead role ids follow the order of assignment: vera 1, dee 2, bo 3, cy 4.
EXPECTED = [
    {
        "kind": "rotation",
        "name": "cache-warmup",
        "role": None,
        "lead": None,
        "start": "2026-12-07",
        "end": "2027-01-03",  # Dec 7 + 27 days
        "missing": ["goal", "direction", "lead", "mentor"],
        "why": [
            "goal 'tbd' looks like a placeholder (under 15 characters)",
            "no direction",
            "no lead",
            "no mentor",
        ],
    },
    {
        "kind": "lead role",
        "name": "billing-migration",
        "role": 2,
        "lead": "dee",
        "start": "2026-11-27",
        "end": None,
        "missing": ["goal", "direction", "end"],
        "why": [
            "goal 'todo' looks like a placeholder (under 15 characters)",
            "no direction",
            NO_PROJECT_END,
        ],
    },
    {
        "kind": "rotation",
        "name": "search-speedup",
        "role": None,
        "lead": "ada",
        "start": PAST_START,
        "end": PAST_END,
        "missing": ["feedback", "outcome"],
        "why": [
            f"ended {PAST_END} without feedback on its lead",
            f"ended {PAST_END}: close it with an outcome",
        ],
    },
    {  # one missing, starts Nov 17: before ci-revamp (Dec 14)
        "kind": "lead role",
        "name": "api-docs",
        "role": 3,
        "lead": "bo",
        "start": "2026-11-17",
        "end": "2027-03-31",
        "missing": ["direction"],
        "why": ["direction 'n/a' looks like a placeholder (under 15 characters)"],
    },
    {
        "kind": "rotation",
        "name": "ci-revamp",
        "role": None,
        "lead": "cy",
        "start": "2026-12-14",
        "end": "2026-12-27",  # Dec 14 + 13 days
        "missing": ["direction"],
        "why": ["direction '?' looks like a placeholder (under 15 characters)"],
    },
]
# With --all, the two with nothing missing follow, by start: vera's role (May 11), docs-portal.
COMPLETE = [
    {
        "kind": "lead role",
        "name": "platform",
        "role": 1,
        "lead": "vera",
        "start": "2026-05-11",
        "end": None,
        "missing": [],
        "why": [],
    },
    {
        "kind": "rotation",
        "name": "docs-portal",
        "role": None,
        "lead": "bo",
        "start": PAST_START,
        "end": PAST_END,
        "missing": [],
        "why": [],
    },
]


@contextmanager
def session_on(db_path: Path) -> Iterator[object]:
    """A real session on the test's SQLite file, as a command opens it."""
    from eng_ops.config import resolve_db_url
    from eng_ops.store.engine import engine_for, session_scope

    with (
        engine_for(resolve_db_url(str(db_path)), create=False) as engine,
        session_scope(engine, actor="vera") as session,
    ):
        yield session


# --- the contract -----------------------------------------------------------------------------


def test_contract_placeholder_goal_is_accepted_with_a_warning_and_audited(small) -> None:  # type: ignore[no-untyped-def]
    result = rotation(small, "P", "tbd", "2026-12-07", 4)
    assert result.exit_code == 0, result.stderr
    assert WARN_TBD in result.stderr.splitlines()
    assert as_json(small("rotation", "show", "P", "--format", "json"))["goal"] == "tbd"
    (row,) = [r for r in audit(small) if r["name"] == "P"]
    assert row["kind"] == "rotation" and "goal" in row["missing"]


# --- the placeholder rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (None, "missing"),
        ("", "empty"),
        ("   ", "empty"),
        ("tbd", "under 15 characters"),
        ("TBD", "under 15 characters"),
        ("  tbd.  ", "under 15 characters"),
        ("todo", "under 15 characters"),
        ("?", "under 15 characters"),
        ("n/a", "under 15 characters"),
        ("N/A.", "under 15 characters"),
        ("-", "under 15 characters"),
        ("...", "under 15 characters"),
        ("Ship it", "under 15 characters"),  # 7 characters
        ("Cut CI time 5%", "under 15 characters"),  # 14 characters
        ("((((((todo))))))", "placeholder text"),  # 16 characters around a stand-in
        ("???????????????", "punctuation only"),  # 15 question marks
        ("TBD after the Q1 planning", "a note to write it later"),
        ("tba - waiting on the sponsor", "a note to write it later"),
        ("TODO: ask the sponsor first", "a note to write it later"),
    ],
)
def test_placeholder_forms(text: str | None, reason: str) -> None:
    from eng_ops.services.placeholders import check

    found = check("goal", text)
    assert found is not None and (found.field, found.reason) == ("goal", reason)


@pytest.mark.parametrize(
    "text",
    [
        "Cut CI time 50%",  # exactly 15 characters: not fewer than 15
        "Halve pages per on-call week",
        "Todo app rewrite for the mobile team",  # "todo" as a word, not a note for later
        "  Cut CI time 50%  ",  # spaces around do not count, 15 characters remain
    ],
)
def test_real_text_is_not_a_placeholder(text: str) -> None:
    from eng_ops.services.placeholders import check

    assert check("goal", text) is None


def test_placeholder_words() -> None:
    from eng_ops.services.placeholders import check

    assert check("goal", None).why == "no goal"  # type: ignore[union-attr]
    assert check("direction", " ").why == "direction is empty"  # type: ignore[union-attr]
    tbd = check("goal", " tbd ")
    assert tbd is not None
    assert tbd.why == "goal 'tbd' looks like a placeholder (under 15 characters)"
    assert "warning: " + tbd.warning == WARN_TBD


def test_every_placeholder_form_warns_on_add_and_is_audited(small, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    forms = ["tbd", "TODO", "?", "n/a", "-", "...", "Ship it", "TBD after the Q1 planning"]
    for n, goal in enumerate(forms):
        result = ok(rotation(small, f"r{n}", goal, "2026-12-07", 4, "--direction", DIRECTION))
        (line,) = result.stderr.splitlines()
        assert line.startswith("warning: goal '") and "audit projects will list it" in line
    real = ok(rotation(small, "real", GOAL, "2026-12-07", 4, "--direction", DIRECTION))
    assert real.stderr == ""
    by = {r["name"]: r for r in audit(small)}
    for n in range(len(forms)):
        # Each has a lead and mentor missing too; the goal comes first, direction is real.
        assert by[f"r{n}"]["missing"] == ["goal", "lead", "mentor"], forms[n]
    assert by["real"]["missing"] == ["lead", "mentor"]


def test_placeholder_direction_warns_and_a_blank_goal_is_still_refused(small, db_path) -> None:  # type: ignore[no-untyped-def]
    result = ok(rotation(small, "r", GOAL, "2026-12-07", 4, "--direction", "tbd"))
    assert result.stderr.splitlines() == [
        "warning: direction 'tbd' looks like a placeholder (under 15 characters): "
        "audit projects will list it"
    ]
    before = file_digest(db_path)
    refused = rotation(small, "blank", "   ", "2026-12-07", 4)
    assert_one_line_error(refused)
    assert "goal" in refused.stderr
    assert file_digest(db_path) == before


# --- lead roles: goal and direction -----------------------------------------------------------


def test_lead_role_goal_and_direction(small, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    role = as_json(
        small(
            *("lead", "role", "assign", "vera", "--team", "platform", "--format", "json"),
            *("--goal", "Platform teams ship without waiting on each other"),
            *("--direction", "Self-service infrastructure"),
        )
    )
    assert (role["goal"], role["direction"]) == (
        "Platform teams ship without waiting on each other",
        "Self-service infrastructure",
    )
    listed = as_json(small("lead", "role", "list", "--format", "json"))
    assert [(r["id"], r["goal"], r["direction"]) for r in listed] == [
        (role["id"], role["goal"], role["direction"])
    ]
    # A permanent team lead role with a real goal and direction: nothing to audit.
    assert audit(small) == []

    # Placeholders are accepted with one warning each, naming the field.
    result = ok(small("lead", "role", "assign", "ada", "--project", "search", "--to",
                      "2027-01-31", "--goal", "?", "--direction", "-"))  # fmt: skip
    assert result.stderr.splitlines() == [
        "warning: goal '?' looks like a placeholder (under 15 characters): "
        "audit projects will list it",
        "warning: direction '-' looks like a placeholder (under 15 characters): "
        "audit projects will list it",
    ]
    # No goal at all: no warning (nothing was written), but the audit lists it.
    quiet = ok(small("lead", "role", "assign", "bo", "--team", "eng"))
    assert quiet.stderr == ""
    rows = {r["name"]: r for r in audit(small)}
    assert set(rows) == {"search", "eng"}
    assert rows["search"]["missing"] == ["goal", "direction"]  # it has an end: Jan 31
    assert rows["eng"]["missing"] == ["goal", "direction"]  # a team role: no end is fine
    assert rows["eng"]["why"] == ["no goal", "no direction"]


def test_lead_role_edit_fixes_a_placeholder(small, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(
        small(
            *("lead", "role", "assign", "dee", "--project", "billing-migration"),
            *("--to", "2027-02-28", "--goal", "tbd", "--direction", "Dual-write, then cut over"),
        )
    )
    assert [r["missing"] for r in audit(small)] == [["goal"]]
    goal = "Move billing to the new ledger by March"
    edited = as_json(small("lead", "role", "edit", "1", "--goal", goal, "--format", "json"))
    assert (edited["goal"], edited["direction"]) == (
        "Move billing to the new ledger by March",
        "Dual-write, then cut over",
    )
    assert audit(small) == []
    log = as_json(small("audit", "log", "--entity", "lead_role", "--key", "1", "--format", "json"))
    assert log[0]["action"] == "update" and "goal: 'tbd' -> 'Move billing" in log[0]["changes"]
    # A placeholder written by edit warns like assign does.
    again = ok(small("lead", "role", "edit", "1", "--direction", "n/a"))
    assert "warning: direction 'n/a' looks like a placeholder" in again.stderr

    before = file_digest(db_path)
    missing = small("lead", "role", "edit", "99", "--goal", GOAL)
    assert_one_line_error(missing)
    assert "99" in missing.stderr
    nothing = small("lead", "role", "edit", "1")
    assert nothing.exit_code == 2 and "--goal" in nothing.stderr
    assert file_digest(db_path) == before


def test_rotation_edit_fixes_a_placeholder(small, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(rotation(small, "P", "tbd", "2026-12-07", 4))
    assert audit(small)[0]["missing"] == ["goal", "direction", "lead", "mentor"]
    edited = as_json(small("rotation", "edit", "P", "--goal", GOAL, "--direction", DIRECTION,
                           "--format", "json"))  # fmt: skip
    assert edited == {"name": "P", "goal": GOAL, "direction": DIRECTION}
    assert audit(small)[0]["missing"] == ["lead", "mentor"]
    shown = as_json(small("rotation", "show", "P", "--format", "json"))
    assert (shown["goal"], shown["direction"]) == (GOAL, DIRECTION)
    log = as_json(small("audit", "log", "--entity", "rotation", "--key", "P", "--format", "json"))
    assert log[0]["action"] == "update" and "goal: 'tbd' -> " in log[0]["changes"]

    before = file_digest(db_path)
    for args, mention in (
        (["P", "--goal", "  "], "goal"),  # a rotation needs a goal
        (["nope", "--goal", GOAL], "nope"),
    ):
        result = small("rotation", "edit", *args)
        assert_one_line_error(result)
        assert mention in result.stderr
    nothing = small("rotation", "edit", "P")
    assert nothing.exit_code == 2 and "--goal" in nothing.stderr
    assert file_digest(db_path) == before


# --- rotations: lead, mentor, feedback, outcome -------------------------------------------------


def test_ended_rotation_without_feedback_is_flagged_and_with_feedback_not(small) -> None:  # type: ignore[no-untyped-def]
    ok(rotation(small, "quiet", GOAL, PAST_START, 4, "--direction", DIRECTION))
    ok(small("rotation", "assign", "quiet", "ada", "--mentor", "vera"))
    ok(rotation(small, "heard", GOAL, PAST_START, 4, "--direction", DIRECTION))
    ok(small("rotation", "assign", "heard", "bo", "--mentor", "vera"))
    ok(small("rotation", "feedback", "heard", "--from", "vera", "--competency", "delivery",
             "--level", "L4", "--note", "Kept a clear plan"))  # fmt: skip
    rows = {r["name"]: r for r in audit(small)}
    # Both ended Oct 15 and are still open: each needs an outcome; only "quiet" needs feedback.
    assert rows["quiet"]["missing"] == ["feedback", "outcome"]
    assert rows["heard"]["missing"] == ["outcome"]
    ok(small("rotation", "close", "quiet", "--outcome", "Done"))
    ok(small("rotation", "close", "heard", "--outcome", "Done"))
    rows = {r["name"]: r for r in audit(small)}
    assert set(rows) == {"quiet"}
    assert rows["quiet"]["why"] == ["closed without feedback on its lead"]


def test_a_rotation_is_not_ended_on_its_last_day(small) -> None:  # type: ignore[no-untyped-def]
    # Starts Oct 31, 4 weeks: the last day is Oct 31 + 27 = Nov 27, today.
    ok(rotation(small, "last-day", GOAL, "2026-10-31", 4, "--direction", DIRECTION))
    ok(small("rotation", "assign", "last-day", "ada", "--mentor", "vera"))
    assert audit(small) == []


def test_scenario_through_the_cli(scenario) -> None:  # type: ignore[no-untyped-def]
    assert date(2026, 11, 27) == TODAY  # the dates worked out above start from it
    assert audit(scenario) == EXPECTED
    assert audit(scenario, "--all") == EXPECTED + COMPLETE


def test_scenario_at_the_service_level(scenario, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from eng_ops.services.rotations import ProjectCheck, audit_projects

    with session_on(db_path) as session:
        rows = audit_projects(session)  # type: ignore[arg-type]
        every = audit_projects(session, include_complete=True)  # type: ignore[arg-type]
        # A week later the Dec 7 rotation has not ended yet, but on Jan 4 it has: no lead, so
        # no feedback to ask for, only an outcome.
        later = audit_projects(session, date(2027, 1, 4))  # type: ignore[arg-type]

    def typed(row: dict) -> ProjectCheck:
        fields = {**row, "missing": tuple(row["missing"]), "why": tuple(row["why"])}
        for key in ("start", "end"):
            fields[key] = date.fromisoformat(row[key]) if row[key] else None
        return ProjectCheck(**fields)

    assert rows == [typed(r) for r in EXPECTED]
    assert every == [typed(r) for r in EXPECTED + COMPLETE]
    cache = next(r for r in later if r.name == "cache-warmup")
    assert cache.missing == ("goal", "direction", "lead", "mentor", "outcome")
    assert cache.why[-1] == "ended 2027-01-03: close it with an outcome"


# --- output formats ---------------------------------------------------------------------------


def test_audit_projects_in_every_format(scenario) -> None:  # type: ignore[no-untyped-def]
    csv = ok(scenario("audit", "projects", "--format", "csv")).stdout.splitlines()
    assert csv[0] == "kind,name,role,lead,start,end,missing,why"
    assert csv[1] == (
        "rotation,cache-warmup,,,2026-12-07,2027-01-03,"
        '"goal, direction, lead, mentor",'
        "\"goal 'tbd' looks like a placeholder (under 15 characters), no direction, no lead, "
        'no mentor"'
    )
    assert len(csv) == 1 + len(EXPECTED)
    md = ok(scenario("audit", "projects", "--format", "md")).stdout.splitlines()
    assert md[0] == "| kind | name | role | lead | start | end | missing | why |"
    assert len(md) == 2 + len(EXPECTED)
    table = ok(scenario("audit", "projects")).stdout
    for text in ("cache-warmup", "billing-migration", "no direction", "close it with an outcome"):
        assert text in table
    assert "docs-portal" not in table and "legacy-cleanup" not in table
    assert "docs-portal" in ok(scenario("audit", "projects", "--all")).stdout


def test_nothing_to_audit(small) -> None:  # type: ignore[no-untyped-def]
    empty = ok(small("audit", "projects"))
    assert empty.stdout == "" and "nothing missing" in empty.stderr
    assert audit(small) == [] and audit(small, "--all") == []
