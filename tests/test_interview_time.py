"""Loops that respect time (issue 15, item 2): scheduling in the past needs --backfill (and a
year ahead is the limit), an interview is scored only from its day on, a loop is decided only
once its interviews have happened (`interview cancel` removes a slot that will not), and the
hiring report's durations are never negative.

Today is 2026-11-27 (a Friday); every date below is written out by hand.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import (
    EXAMPLES,
    as_json,
    assert_one_line_error,
    build_template,
    copy_template,
    file_digest,
    ok,
)

ROLE = "backend-engineer"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(
        tmp_path_factory,
        "interview-time",
        ("interview", "rubric", "import", str(EXAMPLES / "rubrics" / f"{ROLE}.yaml")),
        ("interview", "candidate", "add", "Casey Time", "--role", ROLE),  # candidate #1
    )


@pytest.fixture
def org(cli, db_path: Path, template: Path):  # type: ignore[no-untyped-def]
    copy_template(template, db_path)
    return cli


def schedule(cli, who: str, on: str, *extra: str, cand: int = 1) -> int:  # type: ignore[no-untyped-def]
    args = ["interview", "schedule", str(cand), "--interviewer", who, "--focus", "coding"]
    return as_json(cli(*args, "--on", on, *extra, "-f", "json"))["id"]


def refused(cli, db_path: Path, *args: str, as_: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """Run a command that must fail with one line and change nothing; its stderr."""
    before = file_digest(db_path)
    result = cli(*args, as_=as_)
    assert_one_line_error(result)
    assert file_digest(db_path) == before
    return result.stderr


def md_rows(text: str, heading: str) -> list[dict[str, str]]:
    """The first Markdown table under `heading`, as dicts keyed by the header cells."""
    lines = text[text.index(heading) :].splitlines()[1:]
    table = [
        [c.strip() for c in line.strip("|").split(" | ")]
        for line in lines[: next(i for i, x in enumerate(lines) if x.startswith("## "))]
        if line.startswith("|")
    ]
    header, _rule, *body = table
    return [dict(zip(header, row, strict=True)) for row in body]


# --- scheduling ------------------------------------------------------------------------------


def test_a_past_date_needs_backfill(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = ["interview", "schedule", "1", "--interviewer", "wei", "--focus", "coding"]
    stderr = refused(org, db_path, *args, "--on", "2026-11-20")
    assert stderr == (
        "error: 2026-11-20 is in the past: add --backfill to record an interview that already "
        "happened\n"
    )
    assert "in the past" in refused(org, db_path, *args, "--on", "yesterday")
    made = as_json(org(*args, "--on", "2026-11-20", "--backfill", "-f", "json"))
    assert (made["interviewer"], made["on"]) == ("wei", "2026-11-20")
    assert schedule(org, "fatima", "today") == made["id"] + 1  # today is not the past


def test_a_date_more_than_a_year_ahead_is_refused(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = ["interview", "schedule", "1", "--interviewer", "wei", "--focus", "coding"]
    # 2026-11-27 + 365 days = 2027-11-27 (no 29 February in between)
    stderr = refused(org, db_path, *args, "--on", "2027-11-28")
    assert "2027-11-28 is more than a year ahead (after 2027-11-27)" in stderr
    assert "more than a year" in refused(org, db_path, *args, "--on", "2027-11-28", "--backfill")
    assert as_json(org(*args, "--on", "2027-11-27", "-f", "json"))["on"] == "2027-11-27"


def test_plan_apply_in_the_past_needs_backfill(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    for who in ("wei", "fatima"):
        ok(org("interviewers", "enrol", who, "--role", ROLE, "--stage", "qualified"))
    plan = ["interview", "plan", "1", "--size", "2", "--on", "2026-11-24", "--apply"]
    assert "2026-11-24 is in the past: add --backfill" in refused(org, db_path, *plan)
    done = ok(org(*plan, "--backfill"))
    assert "scheduled 2 interviews on 2026-11-24: #1, #2" in done.stderr
    view = as_json(org("interview", "panel", "1", "-f", "json"))
    assert sorted((i["interviewer"], i["on"]) for i in view["interviews"]) == [
        ("fatima", "2026-11-24"),
        ("wei", "2026-11-24"),
    ]


# --- scoring ---------------------------------------------------------------------------------


def test_an_interview_is_scored_only_from_its_day(
    org, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    iid = schedule(org, "wei", "2026-11-30")
    score = ["interview", "score", str(iid), "--rating", "coding=3"]
    stderr = refused(org, db_path, *score, "--recommend", "yes", as_="wei")
    assert stderr == (
        f"error: interview #{iid} is on 2026-11-30: it cannot be scored before it has happened\n"
    )
    assert "before it has happened" in refused(org, db_path, *score, "--draft", as_="wei")
    view = as_json(org("interview", "panel", "1", "-f", "json"))
    (slot,) = view["interviews"]
    assert slot["scorecard"] == "scheduled" and view["missing"] == []  # not due yet

    monkeypatch.setenv("ENG_OPS_TODAY", "2026-11-30")  # the interview's day
    card = as_json(org(*score, "--recommend", "yes", "-f", "json", as_="wei"))
    assert (card["submitted"], card["ratings"]) == (True, {"coding": 3})


# --- deciding and cancelling -----------------------------------------------------------------


def test_a_loop_is_decided_only_once_its_interviews_have_happened(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    held = schedule(org, "wei", "2026-11-24", "--backfill")
    ahead = schedule(org, "fatima", "2026-12-01")
    ok(org("interview", "score", str(held), "--rating", "coding=4", "--recommend", "yes",
           as_="wei"))  # fmt: skip
    decide = ["interview", "decide", "1", "--hire", "--rationale", "Strong coding"]
    for extra in ([], ["--force"]):  # --force does not override it
        stderr = refused(org, db_path, *decide, *extra)
        assert stderr == (
            f"error: candidate #1 has interviews still to come (#{ahead} fatima on 2026-12-01): "
            "decide after they happen, or cancel them (eng-ops interview cancel INTERVIEW)\n"
        )
    cancelled = as_json(org("interview", "cancel", str(ahead), "-f", "json"))
    assert (cancelled["id"], cancelled["interviewer"], cancelled["on"]) == (
        ahead,
        "fatima",
        "2026-12-01",
    )
    ok(org(*decide))
    (row,) = as_json(org("interview", "candidates", "--all", "-f", "json"))
    assert (row["status"], row["decision"], row["interviews"]) == ("hired", "hire", 1)


def test_cancel_removes_only_slots_without_a_submitted_scorecard(
    org, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    drafted = schedule(org, "wei", "2026-11-25", "--backfill")
    submitted = schedule(org, "fatima", "2026-11-25", "--backfill")
    ok(org("interview", "score", str(drafted), "--rating", "coding=2", "--draft", as_="wei"))
    ok(org("interview", "score", str(submitted), "--rating", "coding=3", "--recommend", "yes",
           as_="fatima"))  # fmt: skip

    stderr = refused(org, db_path, "interview", "cancel", str(submitted))
    assert f"interview #{submitted} has a submitted scorecard" in stderr
    assert "no interview #99" in refused(org, db_path, "interview", "cancel", "99")

    gone = as_json(org("--as", "priya", "interview", "cancel", str(drafted), "-f", "json"))
    assert (gone["interviewer"], gone["drafts_discarded"]) == ("wei", 1)
    view = as_json(org("interview", "panel", "1", "-f", "json"))
    assert [i["interviewer"] for i in view["interviews"]] == ["fatima"]
    (entry,) = as_json(org("audit", "log", "--entity", "interview", "--key", str(drafted),
                           "--actor", "priya", "-f", "json"))  # fmt: skip
    assert entry["action"] == "delete"

    ok(org("interview", "decide", "1", "--no-hire", "--rationale", "Not this time"))
    assert "already decided" in refused(org, db_path, "interview", "cancel", str(submitted))


# --- the hiring report -----------------------------------------------------------------------

HEADER = "candidate,role,interviewer,attribute,score,recommendation,date,mode"
PAST = f"""{HEADER},decision,decided_on,rationale
Cy Past,backend-engineer,wei,coding,3,yes,2026-06-02,lead,hire,2026-06-09,Solid
Cy Past,backend-engineer,fatima,coding,3,yes,2026-06-03,lead,,,
Di Past,backend-engineer,emily,coding,2,no,2026-05-01,lead,no-hire,2026-05-11,Below the bar
Ed Legacy,backend-engineer,samuel,coding,3,yes,2026-07-10,lead,hire,2026-07-12,Fine
"""


def test_hiring_durations_are_never_negative(org, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # candidate 1 (open): held on 11-20, one more on 12-02; candidate 2 (open): only 12-01
    schedule(org, "wei", "2026-11-20", "--backfill")
    schedule(org, "fatima", "2026-12-02")
    ok(org("interview", "candidate", "add", "Bo Soon", "--role", ROLE))
    schedule(org, "emily", "2026-12-01", cand=2)
    path = tmp_path / "past.csv"
    path.write_text(PAST, encoding="utf-8")
    ok(org("interview", "import", str(path)))  # candidates 3 (Cy), 4 (Di), 5 (Ed)
    # Data from before the time rules: Ed's decision dated before his interview.
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE candidate SET decided_on = '2026-07-01' WHERE id = 5")
    db.close()

    md = ok(org("report", "render", "hiring", "--format", "md")).stdout
    flight = {r["candidate"]: r for r in md_rows(md, "## Loops in flight")}
    # Casey: first held 11-20, 7 days before 11-27; Bo: nothing has happened yet
    assert [
        flight["Casey Time"][k] for k in ("first interview", "next interview", "days open")
    ] == [
        "2026-11-20",
        "2026-12-02",
        "7",
    ]
    assert [flight["Bo Soon"][k] for k in ("first interview", "next interview", "days open")] == [
        "–",
        "2026-12-01",
        "–",
    ]
    decided = {r["candidate"]: r["days"] for r in md_rows(md, "## Time to decision")}
    # Cy: 06-02 -> 06-09 = 7; Di: 05-01 -> 05-11 = 10; Ed: not counted
    assert decided == {"Cy Past": "7", "Di Past": "10", "Ed Legacy": "–"}
    # median of [7, 10] = 8.5
    assert (
        "Median 8.5 days from first interview to decision over 2 decided candidates "
        "(1 not counted: see the notes)." in md
    )
    assert (
        "Note: candidate #5 Ed Legacy was decided on 2026-07-01, before its first interview on "
        "2026-07-10: not counted in time to decision." in md
    )
    assert "-" + "3 days" not in md and "| -" not in md
    html = ok(org("report", "render", "hiring", "--format", "html")).stdout
    assert "Median 8.5 days" in html and "before its first interview on 2026-07-10" in html
