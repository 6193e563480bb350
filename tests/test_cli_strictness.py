"""Strict input: contradictory flags, bounded numbers, levels from the ladder, future dates.

- A pair of options that contradict each other (`--hire --no-hire`) is a usage error
  (exit 2) that names both and writes nothing.
- Every count and length has a documented range; out of range is a one-line error (exit 1)
  that names the option and the range, and writes nothing. Org settings are bounded too.
- Once a ladder is imported, a level must be one of its levels wherever one is given.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from tests.conftest import (
    EXAMPLES,
    TODAY,
    as_json,
    assert_one_line_error,
    db_cli,
    file_digest,
    isolated_env,
    ok,
)

LADDER = yaml.safe_load((EXAMPLES / "ladder.yaml").read_text(encoding="utf-8"))
LEVELS = [str(lv) for lv in LADDER["levels"]]
COMPETENCY = LADDER["competencies"][0]["key"]
ROLE = "backend-engineer"
INTERVIEWER = "wei"
NOMINEE = "fatima"
PAIR = ("marcus", "ben")


def iso(days_from_today: int) -> str:
    return (TODAY + timedelta(days=days_from_today)).isoformat()


@pytest.fixture(scope="module")
def world_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Org + ladder + rubric; candidate #1 with interview #1 (wei), opening #1 with fatima
    nominated, a marcus -> ben pairing. Built once, copied by each test."""
    base = tmp_path_factory.mktemp("strictness")
    path = base / "world.db"
    cli = db_cli(path)
    with isolated_env(base):
        ok(cli("org", "import", str(EXAMPLES / "org.yaml")))
        ok(cli("ladder", "import", str(EXAMPLES / "ladder.yaml")))
        ok(cli("interview", "rubric", "import", str(EXAMPLES / "rubrics" / f"{ROLE}.yaml")))
        ok(cli("interview", "candidate", "add", "Ann Example", "--role", ROLE))
        ok(
            cli(
                "interview", "schedule", "1", "--interviewer", INTERVIEWER,
                "--focus", "coding,debugging", "--on", iso(-7), "--backfill",
            )
        )  # fmt: skip
        ok(
            cli(
                "lead", "opening", "add", "--title", "Platform lead", "--seats", "1",
                "--requires", f"{COMPETENCY}:{LEVELS[3]}", "--closes", iso(30),
                "--team", "platform",
            )
        )  # fmt: skip
        ok(cli("lead", "opening", "nominate", "1", NOMINEE, "--by", "marcus", "--reason", "Ready"))
        ok(cli("1on1", "pair", *PAIR, "--kind", "manager"))
    return path


@pytest.fixture
def world(cli, db_path: Path, world_db: Path):  # type: ignore[no-untyped-def]
    shutil.copyfile(world_db, db_path)
    return cli


def unchanged(cli, db: Path, *args: str, as_: str | None = None):  # type: ignore[no-untyped-def]
    """Run a command that must fail; the database file stays byte for byte as it was."""
    before = file_digest(db)
    result = cli(*args, as_=as_)
    assert result.exit_code != 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert file_digest(db) == before
    return result


# --- 4. contradictory flags ----------------------------------------------------------------


def _csv(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


CONFLICTS = {
    "interview decide": (
        ["interview", "decide", "1", "--hire", "--no-hire", "--rationale", "x", "--force"],
        ("--hire", "--no-hire"),
    ),
    "lead opening respond": (
        ["lead", "opening", "respond", "1", NOMINEE, "--accept", "--decline"],
        ("--accept", "--decline"),
    ),
    "lead opening decide": (
        ["lead", "opening", "decide", "1", NOMINEE, "--select", "--reject", "--rationale", "x"],
        ("--select", "--reject"),
    ),
    "lead respond (old spelling)": (
        ["lead", "respond", "1", NOMINEE, "--decline", "--accept"],
        ("--accept", "--decline"),
    ),
    "score --draft --amend": (
        ["interview", "score", "1", "--rating", "coding=3", "--draft", "--amend", "why"],
        ("--draft", "--amend"),
    ),
    "lead role assign --team --project": (
        ["lead", "role", "assign", INTERVIEWER, "--team", "platform", "--project", "apollo"],
        ("--team", "--project"),
    ),
    "readiness --level --for": (
        ["readiness", INTERVIEWER, "--level", LEVELS[3], "--for", "1"],
        ("--level", "--for"),
    ),
}


@pytest.mark.parametrize("case", list(CONFLICTS))
def test_contradictory_flags_are_usage_errors_that_write_nothing(world, db_path, case) -> None:  # type: ignore[no-untyped-def]
    args, flags = CONFLICTS[case]
    result = unchanged(world, db_path, *args, as_=INTERVIEWER)
    assert result.exit_code == 2, result.stderr
    for flag in flags:
        assert flag in result.stderr, (flag, result.stderr)
    assert "cannot be used together" in result.stderr


def test_files_conflict_with_the_options_they_replace(world, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    card = tmp_path / "card.yaml"
    card.write_text("ratings: {coding: 3, debugging: 2}\nrecommend: yes\n", encoding="utf-8")
    scorecards = _csv(tmp_path, "s.csv", "candidate,interviewer,attribute,score\na,x,c,3\n")
    ratings = _csv(tmp_path, "r.csv", "unit,r1,r2\nu1,3,3\nu2,2,3\n")
    cases = [
        (["interview", "score", "1", "--rating", "coding=3", "--file", str(card)], "--file"),
        (["interview", "calibrate", "--role", ROLE, "--scorecards-csv", scorecards], "--role"),
        (
            [
                "interview",
                "reliability",
                "--metric",
                "alpha",
                "--role",
                ROLE,
                "--ratings-csv",
                ratings,
            ],
            "--ratings-csv",
        ),  # fmt: skip
        (
            [
                "interview",
                "reliability",
                "--metric",
                "alpha",
                "--attribute",
                "coding",
                "--ratings-csv",
                ratings,
            ],
            "--attribute",
        ),  # fmt: skip
    ]
    for args, flag in cases:
        result = unchanged(world, db_path, *args, as_=INTERVIEWER)
        assert result.exit_code == 2, (args, result.stderr)
        assert flag in result.stderr


def test_interview_decide_with_both_flags_keeps_the_database(world, db_path) -> None:  # type: ignore[no-untyped-def]
    """The contract: `eng-ops --db F interview decide ID --hire --no-hire` exits 2, F unchanged;
    the same command with one of the flags does record a decision."""
    result = unchanged(world, db_path, "interview", "decide", "1", "--no-hire", "--hire")
    assert result.exit_code == 2
    assert as_json(world("interview", "candidate", "list", "-f", "json"))[0]["decision"] is None
    ok(world("interview", "decide", "1", "--hire", "--rationale", "Strong", "--force"))
    decided = as_json(world("interview", "candidate", "list", "--all", "-f", "json"))[0]
    assert decided["decision"] == "hire"


def test_one_flag_of_each_pair_still_works(world) -> None:  # type: ignore[no-untyped-def]
    ok(world("lead", "opening", "respond", "1", NOMINEE, "--accept"))
    # the opening closes in 30 days: selecting now needs --early (issue 13)
    decide = ("lead", "opening", "decide", "1", NOMINEE, "--select", "--early", "--rationale", "Go")
    result = ok(world(*decide))
    assert NOMINEE in result.stderr and "selected" in result.stderr


def test_neither_flag_of_a_pair_is_a_one_line_error(world, db_path) -> None:  # type: ignore[no-untyped-def]
    result = unchanged(world, db_path, "lead", "opening", "respond", "1", NOMINEE)
    assert_one_line_error(result)
    assert "--accept" in result.stderr and "--decline" in result.stderr


# --- 4. ratings and amendments -------------------------------------------------------------


def score(cli, *args: str):  # type: ignore[no-untyped-def]
    return cli("interview", "score", "1", *args, as_=INTERVIEWER)


def scorecards(cli) -> list[dict]:  # type: ignore[no-untyped-def]
    packet = as_json(cli("interview", "export", "1", "-f", "json", as_=INTERVIEWER))
    return packet["scorecards"]


def test_a_rating_given_twice_is_refused(world, db_path) -> None:  # type: ignore[no-untyped-def]
    result = unchanged(
        world, db_path, "interview", "score", "1", "--rating", "coding=3", "--rating",
        "coding=4", "--rating", "debugging=2", "--recommend", "yes", as_=INTERVIEWER,
    )  # fmt: skip
    assert_one_line_error(result)
    assert "coding" in result.stderr and "twice" in result.stderr


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_amendment_needs_a_reason(world, db_path, reason: str) -> None:  # type: ignore[no-untyped-def]
    ok(score(world, "--rating", "coding=3", "--rating", "debugging=2", "--recommend", "yes"))
    result = unchanged(
        world, db_path, "interview", "score", "1", "--rating", "coding=4", "--rating",
        "debugging=2", "--recommend", "yes", "--amend", reason, as_=INTERVIEWER,
    )  # fmt: skip
    assert_one_line_error(result)
    assert "--amend" in result.stderr


def test_an_amendment_without_notes_keeps_the_notes(world) -> None:  # type: ignore[no-untyped-def]
    ok(
        score(
            world, "--rating", "coding=3", "--rating", "debugging=2", "--recommend", "yes",
            "--notes", "Clear reasoning about the cache",
        )
    )  # fmt: skip
    ok(
        score(
            world, "--rating", "coding=4", "--rating", "debugging=2", "--recommend", "yes",
            "--amend", "Mixed up coding and debugging",
        )
    )  # fmt: skip
    cards = scorecards(world)
    assert [c["revision"] for c in cards] == [2]
    assert cards[0]["notes"] == "Clear reasoning about the cache"
    assert cards[0]["ratings"]["coding"] == 4
    ok(
        score(
            world, "--rating", "coding=4", "--rating", "debugging=3", "--recommend", "yes",
            "--amend", "Rewrote the notes", "--notes", "New notes",
        )
    )  # fmt: skip
    assert scorecards(world)[0]["notes"] == "New notes"


# --- 5. bounded numbers ------------------------------------------------------------------------

OPENING = ["lead", "opening", "add", "--title", "T", "--requires", f"{COMPETENCY}:{LEVELS[3]}"]

OUT_OF_RANGE = {
    "seats huge": ([*OPENING, "--closes", iso(30), "--seats", "1000000000000"], "--seats", "1-50"),
    "seats 51": ([*OPENING, "--closes", iso(30), "--seats", "51"], "--seats", "1-50"),
    "seats 0": ([*OPENING, "--closes", iso(30), "--seats", "0"], "--seats", "1-50"),
    "term 3000d": (
        [*OPENING, "--closes", iso(30), "--seats", "1", "--term", "3000d"],
        "--term",
        "7-730",
    ),
    "term overflow": (
        [*OPENING, "--closes", iso(30), "--seats", "1", "--term", "99999999999999999999m"],
        "--term",
        "",
    ),
    "convert weeks": (
        ["lead", "opening", "convert", "1", "--to-rotation", "--weeks", "53"],
        "--weeks",
        "2-12",
    ),
    "rotation weeks": (
        ["rotation", "add", "r", "--goal", "G", "--start", iso(7), "--weeks", "1000"],
        "--weeks",
        "12",
    ),
    "pair minutes": (
        ["1on1", "pair", "wei", "ben", "--kind", "mentor", "--minutes", "481"],
        "--minutes",
        "5-480",
    ),
    "pair minutes low": (
        ["1on1", "pair", "wei", "ben", "--kind", "mentor", "--minutes", "4"],
        "--minutes",
        "5-480",
    ),
    "pair every": (
        ["1on1", "pair", "wei", "ben", "--kind", "mentor", "--every", "200d"],
        "--every",
        "1-182",
    ),
    "pair every overflow": (
        ["1on1", "pair", "wei", "ben", "--kind", "mentor", "--every", "999999999999999999w"],
        "--every",
        "",
    ),
    "log minutes": (["1on1", "log", *PAIR, "--minutes", "1000"], "--minutes", "5-480"),
    "log challenge": (["1on1", "log", *PAIR, "--challenge", "99"], "--challenge", "1-5"),
    "due within": (["1on1", "due", "--within", "400d"], "--within", "0-365"),
    "coverage days": (["1on1", "coverage", "--days", "366"], "--days", "1-365"),
    "history limit": (["1on1", "history", "ben", "--limit", "0"], "--limit", "1-10000"),
    "audit limit": (["audit", "log", "--limit", "100000"], "--limit", "1-10000"),
    "plan size": (["interview", "plan", "1", "--size", "13"], "--size", "1-12"),
    "rubric version": (["interview", "rubric", "show", ROLE, "--version", "0"], "--version", "1-"),
}


@pytest.mark.parametrize("case", list(OUT_OF_RANGE))
def test_out_of_range_numbers_are_one_line_errors(world, db_path, case: str) -> None:  # type: ignore[no-untyped-def]
    args, option, range_text = OUT_OF_RANGE[case]
    result = unchanged(world, db_path, *args)
    assert_one_line_error(result)
    assert option in result.stderr and range_text in result.stderr, result.stderr


def test_convert_of_a_large_opening_is_quick_and_bounded(world) -> None:  # type: ignore[no-untyped-def]
    """`lead convert` used to hang on --seats 1000000000000: seats stop at 50."""
    big = as_json(world(*OPENING, "--closes", iso(30), "--seats", "50", "-f", "json"))
    rows = as_json(
        world("lead", "opening", "convert", str(big["id"]), "--to-rotation", "-f", "json")
    )
    assert len(rows) == 50


def test_ranges_are_in_the_help(cli) -> None:  # type: ignore[no-untyped-def]
    for args, text in [
        (["lead", "opening", "add"], "1-50 seats"),
        (["1on1", "pair"], "5-480 minutes"),
        (["1on1", "log"], "1-5"),
        (["rotation", "add"], "2-12 weeks"),
        (["lead", "opening", "convert"], "2-12 weeks"),
    ]:
        result = ok(cli(*args, "--help"))
        assert text in " ".join(result.stdout.split()), (args, result.stdout)


LOAD = ["1on1", "load"]
DUE = ["1on1", "due"]
READINESS = ["readiness", "ben", "--level", "L4"]
PROMOTE = ["interviewers", "promote", INTERVIEWER, "--role", ROLE]

# (setting and value, the documented range, a command the rule drives)
SETTING_OUT_OF_RANGE = {
    "capacity-manager": (["one_on_one.capacity_hours.manager", "1000"], "0-40", LOAD),
    "capacity-ic": (["one_on_one.capacity_hours.ic", "40.5"], "0-40", LOAD),
    "capacity-negative": (["one_on_one.capacity_hours.ic", "--", "-1"], "0-40", LOAD),
    "capacity-person": (
        ["one_on_one.capacity_hours", "1000", "--person", "marcus"],
        "0-40",
        LOAD,
    ),
    "grace": (["one_on_one.grace_days", "400"], "0-30", DUE),
    "due-soon": (["one_on_one.due_soon_days", "31"], "0-30", DUE),
    "cadence": (["one_on_one.cadence.mentor", "30w"], "1-182", DUE),
    "window-short": (["readiness.window_days", "29"], "30-1830", READINESS),
    "window-long": (["readiness.window_days", "100000"], "30-1830", READINESS),
    "evidence-0": (["readiness.min_evidence", "0"], "1-20", READINESS),
    "evidence-21": (["readiness.min_evidence", "21"], "1-20", READINESS),
    "shadows": (["interviewers.shadows", "1000"], "0-50", PROMOTE),
    "kappa-high": (["interviewers.min_kappa", "1.5"], None, PROMOTE),  # range -1..1
    "kappa-low": (["interviewers.min_kappa", "--", "-1.5"], None, PROMOTE),
}


@pytest.mark.parametrize("case", list(SETTING_OUT_OF_RANGE))
def test_setting_values_are_bounded(world, db_path, case: str) -> None:  # type: ignore[no-untyped-def]
    """`settings set` refuses an out-of-range value: one line naming the key and the range,
    nothing written; the command the rule drives still runs, on the default."""
    setting, bounds, args = SETTING_OUT_OF_RANGE[case]
    key = setting[0]
    ok(world("interviewers", "enrol", INTERVIEWER, "--role", ROLE))
    result = unchanged(world, db_path, "settings", "set", *setting)
    assert_one_line_error(result)
    assert key in result.stderr and "out of range" in result.stderr
    if bounds:
        assert bounds in result.stderr, result.stderr
    doc = as_json(world("settings", "show", "-f", "json"))
    if "--person" in setting:
        assert doc["people"] == {}
    else:
        assert doc[key]["source"] == "default", doc[key]
    ran = ok(world(*args))
    assert "warning" not in ran.stderr, ran.stderr


# (setting, lowest and highest value allowed): both ends of every range are accepted.
SETTING_EDGES = [
    ("one_on_one.capacity_hours.manager", "0", "40"),
    ("one_on_one.grace_days", "0", "30"),
    ("one_on_one.cadence.mentor", "1d", "26w"),
    ("readiness.window_days", "30", "1830"),
    ("readiness.min_evidence", "1", "20"),
    ("interviewers.shadows", "0", "50"),
    ("interviewers.min_kappa", "-1", "1"),
]


@pytest.mark.parametrize(("key", "low", "high"), SETTING_EDGES)
def test_setting_ranges_are_inclusive(world, key: str, low: str, high: str) -> None:  # type: ignore[no-untyped-def]
    for value in (low, high):
        ok(world("settings", "set", key, "--", value))
        assert as_json(world("settings", "show", "-f", "json"))[key]["source"] == "database"


# --- 5. levels from the ladder -----------------------------------------------------------------


def _known(stderr: str, bad: str) -> None:
    assert f"'{bad}'" in stderr, stderr
    assert ", ".join(LEVELS) in stderr, stderr


LEVEL_ENTRIES = {
    "people add": ["people", "add", "zed", "--name", "Zed", "--level", "banana"],
    "people edit": ["people", "edit", "ben", "--level", "banana"],
    "evidence add": ["evidence", "add", "ben", COMPETENCY, "--level", "banana"],
    "opening requires": [
        "lead",
        "opening",
        "add",
        "--title",
        "T",
        "--seats",
        "1",
        "--closes",
        iso(30),
        "--requires",
        f"{COMPETENCY}:banana",
    ],  # fmt: skip
    "opening min level": [*OPENING, "--seats", "1", "--closes", iso(30), "--min-level", "banana"],
    "rotation feedback": [
        "rotation",
        "feedback",
        "r",
        "--from",
        "marcus",
        "--competency",
        COMPETENCY,
        "--level",
        "banana",
        "--note",
        "n",
    ],  # fmt: skip
    "readiness": ["readiness", "ben", "--level", "banana"],
}


@pytest.mark.parametrize("entry", list(LEVEL_ENTRIES))
def test_a_level_outside_the_ladder_is_refused(world, db_path, entry: str) -> None:  # type: ignore[no-untyped-def]
    if entry == "rotation feedback":
        ok(world("rotation", "add", "r", "--goal", "G", "--start", iso(-7), "--weeks", "4"))
        ok(world("rotation", "assign", "r", "ben"))
    result = unchanged(world, db_path, *LEVEL_ENTRIES[entry])
    assert_one_line_error(result)
    _known(result.stderr, "banana")


def test_org_import_names_the_file_and_line_of_an_unknown_level(world, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    org = tmp_path / "org.yaml"
    org.write_text(
        "people:\n  - handle: zed\n    name: Zed\n    level: L99\n",
        encoding="utf-8",
    )
    result = unchanged(world, db_path, "org", "import", str(org))
    assert_one_line_error(result)
    assert f"{org}:4:" in result.stderr and "people[0].level" in result.stderr
    _known(result.stderr, "L99")


def test_a_level_the_ladder_leaves_out_is_kept_when_unchanged(world) -> None:  # type: ignore[no-untyped-def]
    """The demo VP is L7, above the L1-L6 ladder: re-importing or editing her is not refused."""
    again = ok(world("org", "import", str(EXAMPLES / "org.yaml")))
    assert "0 created, 0 updated" in again.stderr
    ok(world("people", "edit", "priya", "--title", "VP Engineering", "--level", "L7"))
    ok(world("people", "edit", "ben", "--level", LEVELS[3]))
    assert as_json(world("people", "show", "ben", "-f", "json"))["level"] == LEVELS[3]


def test_any_level_is_accepted_before_a_ladder_exists(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("people", "add", "zed", "--name", "Zed", "--level", "banana"))
    ok(demo_org("people", "edit", "ben", "--level", "P3"))


def test_rotation_min_level_setting_must_be_on_the_ladder(world, db_path) -> None:  # type: ignore[no-untyped-def]
    result = unchanged(world, db_path, "settings", "set", "rotations.min_level", "L99")
    assert_one_line_error(result)
    _known(result.stderr, "L99")
    assert "rotations.min_level" in result.stderr, result.stderr


def test_rotation_min_level_set_before_the_ladder_is_checked_when_used(  # type: ignore[no-untyped-def]
    demo_org, db_path
) -> None:
    """Before a ladder any level is accepted (as for people); once one is imported, a stored
    minimum outside it stops `rotation plan` with one line, and nothing is written."""
    ok(demo_org("settings", "set", "rotations.min_level", "L99"))
    ok(demo_org("ladder", "import", str(EXAMPLES / "ladder.yaml")))
    ok(demo_org("rotation", "add", "r", "--goal", "G", "--start", iso(7), "--weeks", "4"))
    result = unchanged(demo_org, db_path, "rotation", "plan", "--apply")
    assert_one_line_error(result)
    assert "rotations.min_level" in result.stderr
    _known(result.stderr, "L99")


# --- 8. future dates read as future ------------------------------------------------------------


def test_a_future_leaving_date_reads_as_future(world) -> None:  # type: ignore[no-untyped-def]
    later = iso(34)
    result = ok(world("people", "leave", "ben", "--on", later))
    assert f"ben will leave on {later}" in result.stderr
    again = world("people", "leave", "ben", "--on", later)
    assert_one_line_error(again)
    assert f"ben will leave on {later}" in again.stderr
    past = ok(world("people", "leave", "noah", "--on", iso(-3)))
    assert f"noah left on {iso(-3)}" in past.stderr


def test_a_future_pairing_end_reads_as_future(world) -> None:  # type: ignore[no-untyped-def]
    result = ok(world("1on1", "unpair", *PAIR, "--on", iso(10)))
    assert f"will end on {iso(10)}" in result.stderr
