"""`1on1 import FILE.csv`: bulk 1:1 logs, all or nothing with file:line errors, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import as_json, assert_one_line_error, file_digest, ok
from tests.test_one_on_one_sync import ORG


@pytest.fixture
def org(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    ok(cli("org", "import", str(path)))
    ok(cli("1on1", "sync", "--since", "2026-06-01"))
    ok(cli("1on1", "pair", "jill", "ivan", "--kind", "mentor", "--since", "2026-06-01"))
    return cli


LOGS = (
    "leader,member,date,topics,challenge,notes,actions\n"
    "mona,ivan,2026-10-01,career;growth,3,Talked about the RFC,"
    "Draft the RFC @ivan due:2026-12-10;Book a mentor @jill\n"
    "mona,ivan,2026-10-15,project,,,\n"
    'nils,omar,2026-11-20,,4,"Notes, with a comma",\n'
)


def write(tmp_path: Path, text: str, name: str = "logs.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_logs_every_row_with_topics_and_actions(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, LOGS)
    result = as_json(org("1on1", "import", str(path), "--format", "json"))
    logged = [
        (r["line"], r["leader"], r["member"], r["kind"], r["held_on"]) for r in result["logged"]
    ]
    assert logged == [
        (2, "mona", "ivan", "manager", "2026-10-01"),
        (3, "mona", "ivan", "manager", "2026-10-15"),
        (4, "nils", "omar", "manager", "2026-11-20"),
    ]
    assert result["skipped"] == []
    history = as_json(org("1on1", "history", "ivan", "--format", "json"))
    assert [(h["date"], h["topics"], h["challenge"]) for h in history] == [
        ("2026-10-15", ["project"], None),
        ("2026-10-01", ["career", "growth"], 3),
    ]
    assert history[1]["notes"] == "Talked about the RFC"
    assert history[1]["actions"] == ["Draft the RFC", "Book a mentor"]
    omar = as_json(org("1on1", "history", "omar", "--format", "json"))
    assert omar[0]["notes"] == "Notes, with a comma" and omar[0]["challenge"] == 4
    actions = as_json(org("1on1", "actions", "--format", "json"))
    assert [(a["text"], a["owner"], a["due"]) for a in actions] == [
        ("Draft the RFC", "ivan", "2026-12-10"),
        ("Book a mentor", "jill", None),
    ]
    # The imported 1:1s count: ivan's manager 1:1 was last held on 2026-10-15.
    due = {(r["leader"], r["member"]): r for r in as_json(org("1on1", "due", "--format", "json"))}
    assert due[("mona", "ivan")]["last_met"] == "2026-10-15"


def test_import_twice_logs_nothing_new_and_skips_days_already_logged(
    org, tmp_path, db_path
) -> None:  # type: ignore[no-untyped-def]
    ok(org("1on1", "log", "nils", "omar", "--on", "2026-11-20"))  # logged by hand first
    path = write(tmp_path, LOGS)
    first = as_json(org("1on1", "import", str(path), "--format", "json"))
    assert len(first["logged"]) == 2
    assert [(s["line"], s["reason"]) for s in first["skipped"]] == [(4, "already logged")]
    digest = file_digest(db_path)
    again = org("1on1", "import", str(path), "--format", "json")
    assert as_json(again)["logged"] == []
    assert [s["line"] for s in as_json(again)["skipped"]] == [2, 3, 4]
    assert file_digest(db_path) == digest
    # The same day twice within one file is logged once.
    twice = write(
        tmp_path, "leader,member,date\nmona,jill,2026-11-02\nmona,jill,2026-11-02\n", "t.csv"
    )
    result = as_json(org("1on1", "import", str(twice), "--format", "json"))
    assert len(result["logged"]) == 1 and [s["line"] for s in result["skipped"]] == [3]


def test_kind_picks_between_pairings_and_is_needed_when_ambiguous(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(org("1on1", "pair", "mona", "ivan", "--kind", "mentor", "--force", "--since", "2026-06-01"))
    ambiguous = write(tmp_path, "leader,member,date\nmona,ivan,2026-11-02\n", "a.csv")
    result = org("1on1", "import", str(ambiguous))
    assert_one_line_error(result)
    assert "a.csv:2:" in result.stderr and "several pairings" in result.stderr
    chosen = write(tmp_path, "leader,member,date,kind\nmona,ivan,2026-11-02,mentor\n", "k.csv")
    logged = as_json(org("1on1", "import", str(chosen), "--format", "json"))["logged"]
    assert [r["kind"] for r in logged] == ["mentor"]


BAD_ROWS = {
    "bad-date": ("mona,ivan,2026-13-01,,,,", "logs.csv:3: date: '2026-13-01'"),
    "unknown-person": ("mona,ivna,2026-11-01,,,,", "logs.csv:3: member: no person 'ivna'"),
    "unknown-topic": ("mona,ivan,2026-11-01,gossip,,,", "logs.csv:3: topics: 'gossip'"),
    "challenge": ("mona,ivan,2026-11-01,,9,,", "logs.csv:3: challenge"),
    "future": ("mona,ivan,2026-12-01,,,,", "logs.csv:3: date: 2026-12-01 is in the future"),
    "before-pairing": ("mona,ivan,2026-05-01,,,,", "logs.csv:3: no pairing of mona with ivan"),
    "left": ("mona,lars,2026-10-01,,,,", "logs.csv:3: lars left on 2026-09-30"),
    "owner": ("mona,ivan,2026-11-01,,,,Do it @nobody", "logs.csv:3: actions owner: no person"),
    "extra-cell": ("mona,ivan,2026-11-01,,,,,oops", "logs.csv:3: 8 cells"),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_a_bad_row_names_file_and_line_and_logs_nothing(org, tmp_path, db_path, case) -> None:  # type: ignore[no-untyped-def]
    row, expected = BAD_ROWS[case]
    header = "leader,member,date,topics,challenge,notes,actions\n"
    good = "mona,ivan,2026-10-01,career,3,fine,\n"
    path = write(tmp_path, header + good + row + "\n")
    before = file_digest(db_path)
    result = org("1on1", "import", str(path))
    assert_one_line_error(result)
    assert expected in result.stderr, result.stderr
    assert file_digest(db_path) == before  # the good row before it is not logged either


def test_header_problems_are_named(org, tmp_path, db_path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    missing = org("1on1", "import", str(write(tmp_path, "leader,date\nmona,2026-10-01\n")))
    assert_one_line_error(missing)
    assert "logs.csv:1: missing column(s): member" in missing.stderr
    unknown = org("1on1", "import", str(write(tmp_path, "leader,member,date,topic\n")))
    assert_one_line_error(unknown)
    assert "unknown column(s): topic" in unknown.stderr
    assert file_digest(db_path) == before


def test_dry_run_shows_the_rows_and_writes_nothing(org, tmp_path, db_path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = org("1on1", "import", str(write(tmp_path, LOGS)), "--dry-run", "--format", "json")
    assert len(as_json(result)["logged"]) == 3 and "would log 3 1:1s" in result.stderr
    assert file_digest(db_path) == before
