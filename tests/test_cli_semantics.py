"""Commands mean what they say (issue 10's QA pass): contradictory flags are usage errors,
dates follow the one clock and the item they belong to, messages name what happened, and
bad values are refused by the parser in the tool's own words."""

from __future__ import annotations

from datetime import timedelta
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

LADDER = EXAMPLES / "ladder.yaml"
RUBRICS = sorted((EXAMPLES / "rubrics").glob("*.yaml"))
BACKEND = "backend-engineer"
PAIR_SINCE = "2026-01-05"
MET = "2026-07-16"  # the 1:1 where the action item was agreed


def iso(days: int) -> str:
    """TODAY plus `days` (negative: in the past), as ISO text."""
    return (TODAY + timedelta(days=days)).isoformat()


def usage_error(result, *mentions: str) -> None:  # type: ignore[no-untyped-def]
    """A usage error from the parser: exit 2, the flags named, nothing on stdout."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for text in mentions:
        assert text in result.stderr, (text, result.stderr)


@pytest.fixture
def paired(demo_org):  # type: ignore[no-untyped-def]
    ok(demo_org("1on1", "pair", "marcus", "ben", "--kind", "manager", "--since", PAIR_SINCE))
    return demo_org


def history(cli) -> list[dict]:  # type: ignore[no-untyped-def]
    return as_json(cli("1on1", "history", "ben", "--format", "json"))


# --- 1. a skipped 1:1 has no content; each topic once ----------------------------------------

SKIPPED = ["1on1", "log", "marcus", "ben", "--skipped", "--reason", "travel"]
CONTENT = {
    "--topic": "career",
    "--challenge": "3",
    "--mood": "4",
    "--notes": "talked",
    "--private": "mine",
    "--action": "Write it up",
    "--minutes": "30",
}


@pytest.mark.parametrize("flag", sorted(CONTENT))
def test_skipped_with_any_content_is_a_usage_error(paired, db_path: Path, flag: str) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = paired(*SKIPPED, flag, CONTENT[flag])
    usage_error(result, "--skipped", flag)
    assert file_digest(db_path) == before
    assert history(paired) == []


def test_skipped_names_every_clashing_flag(paired, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = paired(*SKIPPED, "--challenge", "3", "--topic", "career")
    usage_error(result, "--skipped", "--challenge", "--topic")
    assert file_digest(db_path) == before
    assert history(paired) == []


def test_skipped_alone_is_logged_without_content(paired) -> None:  # type: ignore[no-untyped-def]
    ok(paired(*SKIPPED, "--on", MET))
    (meeting,) = history(paired)
    assert meeting["skipped"] is True
    assert (meeting["topics"], meeting["challenge"], meeting["mood"]) == ([], None, None)


def test_a_topic_given_twice_is_refused(paired, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    for twice in (["career", "career"], ["career", "Career"]):
        args = [a for t in twice for a in ("--topic", t)]
        result = paired("1on1", "log", "marcus", "ben", *args)
        assert_one_line_error(result)
        assert "career" in result.stderr and "twice" in result.stderr
    assert file_digest(db_path) == before
    ok(paired("1on1", "log", "marcus", "ben", "--topic", "career", "--topic", "growth"))
    assert history(paired)[0]["topics"] == ["career", "growth"]


# --- 2. an action is done after it was agreed and not in the future -------------------------


def test_done_date_is_between_the_meeting_and_today(paired, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(paired("1on1", "log", "marcus", "ben", "--on", MET, "--action", "Draft the RFC"))
    (item,) = as_json(paired("1on1", "actions", "--format", "json"))
    before = file_digest(db_path)
    for on, mentions in (("2020-01-01", MET), (iso(1), "future"), ("2026-07-15", MET)):
        result = paired("1on1", "done", str(item["id"]), "--on", on)
        assert_one_line_error(result)
        assert mentions in result.stderr and on in result.stderr
    assert file_digest(db_path) == before
    ok(paired("1on1", "done", str(item["id"]), "--on", MET))  # the same day is fine
    (done,) = as_json(paired("1on1", "actions", "--all", "--format", "json"))
    assert done["done_on"] == MET


def test_done_defaults_to_the_pinned_today(paired) -> None:  # type: ignore[no-untyped-def]
    ok(paired("1on1", "log", "marcus", "ben", "--on", MET, "--action", "Draft the RFC"))
    (item,) = as_json(paired("1on1", "actions", "--format", "json"))
    ok(paired("1on1", "done", str(item["id"])))
    (done,) = as_json(paired("1on1", "actions", "--all", "--format", "json"))
    assert done["done_on"] == TODAY.isoformat()


# --- 3. rotation feedback follows ENG_OPS_TODAY -----------------------------------------------


def test_rotation_feedback_is_dated_by_the_business_clock(demo_org, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pinned = TODAY - timedelta(days=40)  # far from the real date, whatever it is
    monkeypatch.setenv("ENG_OPS_TODAY", pinned.isoformat())
    ok(demo_org("ladder", "import", str(LADDER)))
    start = (pinned - timedelta(days=7)).isoformat()
    ok(demo_org("rotation", "add", "cache", "--goal", "G", "--start", start, "--weeks", "4"))
    ok(demo_org("rotation", "assign", "cache", "emily", "--mentor", "wei"))
    ok(
        demo_org("rotation", "feedback", "cache", "--from", "wei", "--competency", "delivery",
                 "--level", "L5", "--note", "Kept scope tight")
    )  # fmt: skip
    (fb,) = as_json(demo_org("rotation", "show", "cache", "--format", "json"))["feedback"]
    (evidence,) = as_json(demo_org("evidence", "list", "emily", "--format", "json"))
    assert fb["on"] == evidence["on"] == pinned.isoformat()


# --- 4. a future leaving date can be moved; a past one stands -------------------------------


def test_a_future_leaving_date_can_be_moved(demo_org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, second = iso(34), iso(18)
    ok(demo_org("people", "leave", "ben", "--on", first))
    moved = ok(demo_org("people", "leave", "ben", "--on", second))
    assert f"ben will leave on {second} (was {first})" in moved.stderr
    assert as_json(demo_org("people", "show", "ben", "--format", "json"))["left"] == second
    changes = as_json(
        demo_org("audit", "log", "--entity", "person", "--key", "ben", "--format", "json")
    )
    said = [c["changes"] for c in changes if c["action"] == "update"]
    assert said[:2] == [f"left: '{first}' -> '{second}'", f"left: None -> '{first}'"]
    # moved into the past: they have left
    left = ok(demo_org("people", "leave", "ben", "--on", iso(-1)))
    assert f"ben left on {iso(-1)} (was {second})" in left.stderr
    before = file_digest(db_path)
    again = demo_org("people", "leave", "ben", "--on", iso(10))
    assert_one_line_error(again)
    assert f"ben already left on {iso(-1)}" in again.stderr
    assert file_digest(db_path) == before


def test_the_same_future_leaving_date_again_says_how_to_move_it(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("people", "leave", "ben", "--on", iso(34)))
    again = demo_org("people", "leave", "ben", "--on", iso(34))
    assert_one_line_error(again)
    assert "--on" in again.stderr


# --- 5. people edit says what changed -------------------------------------------------------


def test_people_edit_names_only_what_changed(demo_org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    level = as_json(demo_org("people", "show", "priya", "--format", "json"))["level"]
    same = ok(demo_org("people", "edit", "priya", "--level", level))
    assert "nothing changed" in same.stderr and "updated" not in same.stderr
    mixed = ok(demo_org("people", "edit", "priya", "--level", level, "--title", "CTO"))
    assert "updated priya: title" in mixed.stderr and "level" not in mixed.stderr


# --- 6. interview plan says why no lead is free ---------------------------------------------


@pytest.fixture
def interviews(demo_org):  # type: ignore[no-untyped-def]
    ok(demo_org("interview", "rubric", "import", *map(str, RUBRICS)))
    return demo_org


def _candidate(cli, name: str, *extra: str) -> int:  # type: ignore[no-untyped-def]
    args = ["interview", "candidate", "add", name, "--role", BACKEND, *extra, "-f", "json"]
    return as_json(cli(*args))["id"]


def test_plan_says_every_qualified_interviewer_is_on_the_panel(interviews) -> None:  # type: ignore[no-untyped-def]
    for who in ("wei", "fatima"):
        ok(interviews("interviewers", "enrol", who, "--role", BACKEND, "--stage", "qualified"))
    cand = _candidate(interviews, "Quinn")
    ok(interviews("interview", "plan", str(cand), "--apply"))
    result = interviews("interview", "plan", str(cand))
    assert_one_line_error(result)
    assert f"already on candidate #{cand}'s panel: fatima, wei" in result.stderr
    assert "no qualified interviewers" not in result.stderr


def test_plan_says_the_only_qualified_interviewer_is_the_candidate(interviews) -> None:  # type: ignore[no-untyped-def]
    ok(interviews("interviewers", "enrol", "emily", "--role", BACKEND, "--stage", "qualified"))
    cand = _candidate(interviews, "Emily Internal", "--person", "emily")
    result = interviews("interview", "plan", str(cand))
    assert_one_line_error(result)
    assert "emily is the candidate" in result.stderr


def test_plan_with_nobody_enrolled_says_so(interviews) -> None:  # type: ignore[no-untyped-def]
    result = interviews("interview", "plan", str(_candidate(interviews, "Nobody")))
    assert_one_line_error(result)
    assert "no qualified interviewers" in result.stderr


# --- 7. choices and numbers are the parser's to refuse, in our words -----------------------

BAD_CHOICES = [
    (["1on1", "pair", "wei", "ben", "--kind", "buddy"], "--kind", "manager, mentor, skip"),
    (["1on1", "pairs", "--kind", "buddy"], "--kind", "manager, mentor, skip"),
    (["1on1", "log", "marcus", "ben", "--topic", "bogus"], "--topic", "career, growth"),
    (["1on1", "adherence", "--by", "team"], "--by", "pairing, kind, leader"),
    (["people", "add", "zoe", "--name", "Zoe", "--track", "exec"], "--track", "ic, manager"),
    (["people", "edit", "ben", "--track", "exec"], "--track", "ic, manager"),
    (
        ["interviewers", "enrol", "ben", "--role", BACKEND, "--stage", "expert"],
        "--stage",
        "trainee, shadow, reverse-shadow, qualified",
    ),
    (["interview", "schedule", "1", "--mode", "buddy"], "--mode", "lead, shadow, reverse-shadow"),
    (["interview", "score", "1", "--recommend", "maybe"], "--recommend", "strong-no, no, yes"),
    (
        ["evidence", "add", "ben", "delivery", "--level", "L4", "--source", "gossip"],
        "--source",
        "manual, review, rotation, interview",
    ),
    (["report", "render", "org-health", "-f", "json"], "--format", "md, html"),
    (["people", "list", "-f", "xml"], "--format", "table, json, csv, md"),
]


@pytest.mark.parametrize(("args", "flag", "choices"), BAD_CHOICES, ids=lambda v: str(v)[:40])
def test_a_bad_choice_is_a_usage_error_listing_the_choices(  # type: ignore[no-untyped-def]
    paired, db_path: Path, args: list[str], flag: str, choices: str
) -> None:
    before = file_digest(db_path)
    result = paired(*args)
    usage_error(result, f"{flag}: '", f"is not one of {choices}")
    assert "Value error" not in result.stderr
    assert file_digest(db_path) == before


def test_choices_take_any_case_and_mean_the_same(paired) -> None:  # type: ignore[no-untyped-def]
    ok(paired("1on1", "log", "marcus", "ben", "--kind", "Manager", "--topic", "CAREER"))
    assert history(paired)[0]["topics"] == ["career"]
    rows = as_json(paired("1on1", "adherence", "--by", "Kind", "--format", "json"))
    assert [r["kind"] for r in rows] == ["manager"]


BAD_NUMBERS = [
    (["lead", "opening", "add", "--seats", "abc"], "--seats: 'abc' is not a whole number"),
    (["1on1", "coverage", "--days", "6w"], "--days: '6w' is not a whole number"),
    (["1on1", "done", "first"], "ID: 'first' is not a whole number"),
]


@pytest.mark.parametrize(("args", "says"), BAD_NUMBERS, ids=["seats", "days", "id"])
def test_a_bad_number_is_a_usage_error_in_our_words(demo_org, args, says) -> None:  # type: ignore[no-untyped-def]
    result = demo_org(*args)
    usage_error(result, says)
    assert "Input should" not in result.stderr and "unable to parse" not in result.stderr


def test_cli_choices_match_the_models() -> None:
    from eng_ops.cli import choices
    from eng_ops.store import models

    pairs = {
        choices.Kind: models.PAIRING_KINDS,
        choices.Topic: models.TOPICS,
        choices.Track: models.TRACKS,
        choices.Stage: models.INTERVIEWER_STAGES,
        choices.Mode: models.INTERVIEW_MODES,
        choices.Recommendation: models.RECOMMENDATIONS,
        choices.Source: models.EVIDENCE_SOURCES,
    }
    for enum, values in pairs.items():
        assert tuple(c.value for c in enum) == tuple(values), enum.__name__


# --- 7. wording: one parenthesis, proper plurals --------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Length.", "Length (2-12 weeks)."),
        ("Cadence (default per kind).", "Cadence (default per kind; 2-12 weeks)."),
        (
            "Only those due within this long (late included)",
            "Only those due within this long (late included; 2-12 weeks)",
        ),
    ],
)
def test_a_range_joins_an_existing_parenthesis(text: str, expected: str) -> None:
    from eng_ops.services.limits import ROTATION_WEEKS

    assert ROTATION_WEEKS.help(text) == expected


def test_plural() -> None:
    from eng_ops.text import plural

    assert [plural(n, "change") for n in (0, 1, 2)] == ["0 changes", "1 change", "2 changes"]
    assert plural(1, "unfilled seat") == "1 unfilled seat"
    assert plural(3, "entry") == "3 entries" and plural(2, "day") == "2 days"
    assert plural(2, "person", "people") == "2 people"


def test_one_assigned_project_is_singular(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("ladder", "import", str(LADDER)))
    ok(demo_org("rotation", "add", "solo", "--goal", "G", "--start", iso(30), "--weeks", "4"))
    result = ok(demo_org("rotation", "plan", "--apply"))
    assert "assigned 1 project" in result.stderr and "(s)" not in result.stderr


def test_an_import_of_one_scorecard_is_singular(interviews, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = "candidate,role,interviewer,attribute,score,recommendation,date,mode\n"
    rows += f"Ada One,{BACKEND},wei,coding,3,yes,2025-03-01,lead\n"
    path = tmp_path / "one.csv"
    path.write_text(rows, encoding="utf-8")
    result = ok(interviews("interview", "import", str(path)))
    assert "1 scorecard (1 rating), 1 new candidate" in result.stderr


def test_an_id_of_zero_counts_as_given(demo_org) -> None:  # type: ignore[no-untyped-def]
    """`--for 0` is an opening id that does not exist, not a missing option."""
    result = demo_org("readiness", "wei", "--for", "0")
    assert_one_line_error(result)
    assert "no opening #0" in result.stderr
