"""Checked paths and hostile input (issue 10, points 6 and 10), through the real CLI.

Every failing command here: exit 1, one `error:` line, no traceback, no "unexpected error",
no SQLAlchemy link, and the database file byte for byte as it was (or never created).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.conftest import (
    EXAMPLES,
    Result,
    assert_one_line_error,
    file_digest,
    ok,
    run_cli,
)

BIG_IDS = (str(2**63), str(10**30))  # past SQLite's INTEGER; far past anything
SCORECARD_HEADER = "candidate,role,interviewer,attribute,score,recommendation,date,mode\n"


def clean_error(result: Result, *words: str) -> str:
    """One user-facing line, none of the internals; returns it."""
    assert_one_line_error(result)
    line = result.stderr.strip()
    for leak in ("unexpected error", "sqlalche.me", "Background on this error", "[SQL"):
        assert leak not in line, line
    for word in words:
        assert word in line, line
    return line


def siblings(path: Path) -> list[str]:
    """Files next to (and named like) a database: the file, -wal, -shm, -journal."""
    if not path.parent.exists():
        return []
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


# --- point 6: which commands create a database -----------------------------------------------

READ_ONLY = [
    ("people", "list"),
    ("audit", "log"),
    ("org", "export"),
    ("report", "render", "roster"),
    ("1on1", "due"),
    ("db", "status"),
]


def test_contract_missing_dir_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "x.db"
    result = run_cli("--db", str(target), "people", "list")
    clean_error(result, "no eng-ops database", str(target))
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("args", READ_ONLY, ids=" ".join)
def test_read_only_commands_refuse_a_missing_file(tmp_path: Path, args: tuple[str, ...]) -> None:
    target = tmp_path / "typo.db"
    clean_error(run_cli("--db", str(target), *args), str(target), "eng-ops org import FILE")
    assert siblings(target) == []


def test_empty_db_option_is_an_error(home: Path) -> None:
    clean_error(run_cli("--db", "", "people", "list"), "--db is empty")
    clean_error(run_cli("--db", "  ", "people", "add", "al", "--name", "Al"), "--db is empty")
    clean_error(run_cli("demo", "--db", ""), "--db is empty")
    assert not home.exists()  # the default database was not used instead


def test_first_run_without_a_database_says_how_to_start(home: Path) -> None:
    line = clean_error(run_cli("people", "list"), "eng-ops org import FILE", "eng-ops demo")
    assert str(home / "eng-ops.db") in line
    assert not home.exists()


def test_an_empty_database_is_not_listed_as_an_empty_org(db_path: Path) -> None:
    db_path.touch()  # a zero-byte file is an empty SQLite database
    clean_error(run_cli("--db", str(db_path), "people", "list"), "no eng-ops database")
    assert db_path.stat().st_size == 0


@pytest.mark.parametrize(
    "content",
    [b"x", b"not a database at all\n" * 200, bytes(range(256)) * 20],
    ids=["one byte", "text", "binary"],
)
@pytest.mark.parametrize(
    "args", [("people", "list"), ("people", "add", "al", "--name", "Al"), ("db", "upgrade")]
)
def test_a_file_that_is_not_a_database_is_refused_untouched(
    tmp_path: Path, content: bytes, args: tuple[str, ...]
) -> None:
    target = tmp_path / "notes.txt"
    target.write_bytes(content)
    clean_error(run_cli("--db", str(target), *args), "not an eng-ops database")
    assert target.read_bytes() == content
    assert siblings(target) == ["notes.txt"]


@pytest.mark.parametrize(
    "args", [("people", "list"), ("people", "add", "al", "--name", "Al"), ("db", "upgrade")]
)
def test_another_apps_sqlite_file_is_refused_unchanged(
    db_path: Path, args: tuple[str, ...]
) -> None:
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = file_digest(db_path)
    clean_error(run_cli("--db", str(db_path), *args), "no eng-ops schema revision")
    assert file_digest(db_path) == before


def test_a_directory_or_device_is_not_a_database(tmp_path: Path) -> None:
    clean_error(run_cli("--db", str(tmp_path), "people", "list"), "is a directory")
    if Path("/dev/null").exists():
        clean_error(run_cli("--db", "/dev/null", "people", "list"), "not a database file")


def test_commands_that_write_create_a_database(tmp_path: Path) -> None:
    imported = tmp_path / "imported.db"
    ok(run_cli("--db", str(imported), "org", "import", str(EXAMPLES / "org.yaml")))
    assert stat.S_IMODE(imported.stat().st_mode) == 0o600
    added = tmp_path / "added.db"
    ok(run_cli("--db", str(added), "people", "add", "al", "--name", "Al"))
    upgraded = tmp_path / "upgraded.db"
    ok(run_cli("--db", str(upgraded), "db", "upgrade"))
    status = json.loads(ok(run_cli("--db", str(upgraded), "db", "status", "-f", "json")).stdout)
    assert status["status"] == "up-to-date"


def test_a_database_is_created_only_in_an_existing_directory(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "org.db"
    for args in (("org", "import", str(EXAMPLES / "org.yaml")), ("db", "upgrade")):
        clean_error(run_cli("--db", str(target), *args), "no such directory")
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    "args",
    [("people", "add", "Not Valid!", "--name", "X"), ("1on1", "log", "wei", "ben")],
    ids=["bad handle", "unknown people"],
)
def test_a_failed_first_write_leaves_no_database(db_path: Path, args: tuple[str, ...]) -> None:
    clean_error(run_cli("--db", str(db_path), *args))
    assert siblings(db_path) == []


def test_demo_builds_its_default_database_in_a_private_data_dir(home: Path) -> None:
    ok(run_cli("demo"))
    assert (home / "demo.db").exists()
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


def test_missing_templates_dir_is_an_error(demo_org, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    missing = tmp_path / "no-templates"
    clean_error(demo_org("report", "render", "roster", "--templates", str(missing)), str(missing))
    clean_error(demo_org("report", "list", "--templates", str(EXAMPLES / "org.yaml")), "not a dir")
    assert file_digest(db_path) == before


# --- point 6: one helper reads and writes files ----------------------------------------------


def test_out_creates_missing_folders_owner_only(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "a" / "b" / "org.yaml"
    result = ok(demo_org("org", "export", "--out", str(out)))
    assert "wrote" in result.stderr and out.read_text(encoding="utf-8").startswith("teams:")
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a" / "b").stat().st_mode) == 0o700
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_ics_out_keeps_crlf_line_ends(tmp_path: Path) -> None:
    target = tmp_path / "demo.db"
    ok(run_cli("demo", "--db", str(target)))
    out = tmp_path / "cal" / "wei.ics"
    ok(run_cli("--db", str(target), "1on1", "ics", "wei", "--out", str(out)))
    data = out.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")


@pytest.mark.parametrize(
    "args",
    [
        ("org", "export", "--out", "{dir}"),
        ("report", "render", "roster", "--out", "{dir}"),
        ("org", "export", "--out", "{file}/below/org.yaml"),
        ("org", "export", "--out", "{file}/org.yaml"),
    ],
    ids=["export to dir", "report to dir", "under a file", "inside a file"],
)
def test_out_refuses_a_directory_or_unwritable_path(
    demo_org,  # type: ignore[no-untyped-def]
    db_path: Path,
    tmp_path: Path,
    args: tuple[str, ...],
) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("keep me\n")
    before = file_digest(db_path)
    filled = [a.format(dir=tmp_path, file=plain) for a in args]
    clean_error(demo_org(*filled))
    assert plain.read_text() == "keep me\n"
    assert file_digest(db_path) == before


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_and_unwritable_files(demo_org, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    secret = tmp_path / "org.yaml"
    secret.write_text((EXAMPLES / "org.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    secret.chmod(0)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        clean_error(demo_org("org", "import", str(secret)), "permission denied")
        clean_error(demo_org("org", "export", "--out", str(locked / "x.yaml")), "permission")
    finally:
        secret.chmod(0o600)
        locked.chmod(0o700)
    assert file_digest(db_path) == before


@pytest.mark.parametrize(
    "args",
    [
        ("org", "import", "{dir}"),
        ("ladder", "import", "{dir}"),
        ("interview", "rubric", "import", "{dir}"),
        ("interview", "import", "{dir}"),
        ("interview", "calibrate", "--scorecards-csv", "{dir}"),
        ("interview", "reliability", "--metric", "alpha", "--ratings-csv", "{dir}"),
        ("org", "import", "{dir}/missing.yaml"),
        ("interview", "import", "{dir}/missing.csv"),
    ],
    ids=lambda a: " ".join(a[:2]) if isinstance(a, tuple) else a,
)
def test_reading_a_directory_or_missing_file_is_one_line(
    demo_org,  # type: ignore[no-untyped-def]
    db_path: Path,
    tmp_path: Path,
    args: tuple[str, ...],
) -> None:
    before = file_digest(db_path)
    line = clean_error(demo_org(*[a.format(dir=tmp_path) for a in args]), str(tmp_path))
    assert "is a directory" in line or "no such file" in line
    assert file_digest(db_path) == before


def test_devices_are_refused(demo_org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    before = file_digest(db_path)
    clean_error(demo_org("org", "import", "/dev/zero"), "/dev/zero", "not a regular file")
    clean_error(demo_org("interview", "import", "/dev/zero"), "not a regular file")
    assert file_digest(db_path) == before


def test_files_over_the_size_cap_are_refused(
    demo_org,  # type: ignore[no-untyped-def]
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from eng_ops import files

    assert files.MAX_READ_BYTES == 50 * 1024 * 1024
    monkeypatch.setattr(files, "MAX_READ_BYTES", 1000)
    big = tmp_path / "big.yaml"
    big.write_text("# padding\n" * 200)
    before = file_digest(db_path)
    clean_error(demo_org("org", "import", str(big)), "too large")
    big_csv = tmp_path / "big.csv"
    big_csv.write_text(SCORECARD_HEADER + "x,y,z,a,1,yes,2026-01-01,lead\n" * 50)
    clean_error(demo_org("interview", "import", str(big_csv)), "too large")
    assert file_digest(db_path) == before


# --- point 10: audit --since, durations, dates -----------------------------------------------


def test_audit_log_since_a_date(demo_org) -> None:  # type: ignore[no-untyped-def]
    everything = json.loads(ok(demo_org("audit", "log", "--limit", "100", "-f", "json")).stdout)
    assert everything
    since = ok(demo_org("audit", "log", "--since", "2000-01-01", "--limit", "100", "-f", "json"))
    assert json.loads(since.stdout) == everything
    later = ok(demo_org("audit", "log", "--since", "2199-01-01", "-f", "json"))
    assert json.loads(later.stdout) == []
    today = ok(demo_org("audit", "log", "--since", "today", "-f", "json"))
    assert isinstance(json.loads(today.stdout), list)


@pytest.mark.parametrize(
    "args",
    [
        ("1on1", "due", "--within", "99999999999999d"),
        ("1on1", "due", "--within", "9" * 400 + "m"),
        ("1on1", "due", "--within", "523w"),
        ("audit", "log", "--since", "9999-12-31"),
        ("audit", "log", "--since", "0001-01-01"),
        ("1on1", "log", "wei", "ben", "--on", "9999-12-31"),
    ],
    ids=["huge days", "huge months", "over ten years", "year 9999", "year 1", "log in 9999"],
)
def test_durations_and_dates_out_of_range(demo_org, db_path: Path, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    line = clean_error(demo_org(*args))
    assert "ten years" in line or "out of range" in line
    assert file_digest(db_path) == before


def test_parse_duration_bound() -> None:
    from eng_ops.dates import MAX_DURATION_DAYS, parse_duration
    from eng_ops.errors import InvalidInput

    assert parse_duration("3653d").days == MAX_DURATION_DAYS == 3653
    assert parse_duration("120m").days == 3653
    with pytest.raises(InvalidInput, match="ten years"):
        parse_duration("3654d")


# --- point 10: ids out of range --------------------------------------------------------------

ID_COMMANDS = [
    ("interview", "panel", "{id}"),
    ("interview", "export", "{id}"),
    ("interview", "score", "{id}", "--rating", "x=3"),
    ("interview", "decide", "{id}", "--hire", "--rationale", "because"),
    ("interview", "plan", "{id}"),
    ("lead", "advert", "{id}"),
    ("lead", "end", "{id}"),
    ("lead", "pipeline", "{id}"),
    ("lead", "apply", "{id}", "alice"),
    ("lead", "opening", "show", "{id}"),
    ("1on1", "done", "{id}"),
    ("readiness", "alice", "--for", "{id}"),
    ("report", "render", "scorecard-packet", "--param", "candidate={id}"),
]


@pytest.mark.parametrize("big", BIG_IDS, ids=["2**63", "10**30"])
@pytest.mark.parametrize("args", ID_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_ids_out_of_range_are_not_found(
    demo_org,  # type: ignore[no-untyped-def]
    db_path: Path,
    args: tuple[str, ...],
    big: str,
) -> None:
    before = file_digest(db_path)
    clean_error(demo_org(*[a.format(id=big) for a in args], as_="priya"), f"#{big}")
    assert file_digest(db_path) == before


def test_ids_out_of_range_on_postgresql(pg_url: str) -> None:
    ok(run_cli("--db", pg_url, "db", "upgrade"))
    ok(run_cli("--db", pg_url, "org", "import", str(EXAMPLES / "org.yaml")))
    for big in (str(2**31), str(2**31 + 7), str(2**63)):
        for args in ID_COMMANDS:
            result = run_cli("--db", pg_url, "--as", "priya", *[a.format(id=big) for a in args])
            line = clean_error(result, f"#{big}")
            assert "out of range" not in line and "SELECT" not in line


def test_valid_id_bounds() -> None:
    from eng_ops.services.ids import MAX_ID, valid_id

    assert MAX_ID == 2**31 - 1
    assert valid_id(1) and valid_id(MAX_ID)
    assert not any(valid_id(v) for v in (0, -1, MAX_ID + 1, 2**63, True, "1", 1.0))


# --- point 10: non-UTF-8 arguments and files -------------------------------------------------

BAD = "\udcff"  # what Python makes of the byte 0xff in argv (surrogateescape)


@pytest.mark.parametrize(
    "args",
    [
        ("people", "add", BAD, "--name", "X"),
        ("people", "add", "al", "--name", f"A{BAD}l"),
        ("org", "import", f"org{BAD}.yaml"),
        ("--as", BAD, "people", "add", "al", "--name", "Al"),
    ],
    ids=["handle", "name", "file name", "--as"],
)
def test_non_utf8_arguments(demo_org, db_path: Path, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    line = clean_error(demo_org(*args), "not valid UTF-8", "\\xff")
    assert BAD not in line
    assert file_digest(db_path) == before


def test_non_utf8_environment(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENG_OPS_USER", f"pri{BAD}ya")
    clean_error(run_cli("--db", str(db_path), "people", "list"), "ENG_OPS_USER", "UTF-8")
    assert siblings(db_path) == []


@pytest.mark.parametrize(
    ("args", "name", "content"),
    [
        (("org", "import"), "org.yaml", b"teams:\n  - key: x\n    name: Caf\xe9\n"),
        (("ladder", "import"), "ladder.yaml", b"# ok\n# ok\n\xff\n"),
        (("interview", "import"), "cards.csv", SCORECARD_HEADER.encode() + b"\xffbad,r\n"),
        (
            ("interview", "calibrate", "--scorecards-csv"),
            "cards.csv",
            b"candidate,interviewer,attribute,score\nc1,wei,x,3\nc\xe9,wei,x,3\n",
        ),
        (
            ("interview", "reliability", "--metric", "alpha", "--ratings-csv"),
            "ratings.csv",
            b"unit,a,b\nu1,1,2\nu2,2,\xc3\n",
        ),
    ],
    ids=["org yaml", "ladder yaml", "scorecard csv", "scorecards csv", "ratings csv"],
)
def test_invalid_utf8_in_files_names_the_line(
    demo_org,  # type: ignore[no-untyped-def]
    db_path: Path,
    tmp_path: Path,
    args: tuple[str, ...],
    name: str,
    content: bytes,
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    line_no = content[: next(i for i, b in enumerate(content) if b >= 0x80)].count(b"\n") + 1
    before = file_digest(db_path)
    clean_error(demo_org(*args, str(source)), f"{source}:{line_no}: not valid UTF-8")
    assert file_digest(db_path) == before


def test_a_utf8_bom_is_fine(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "ratings.csv"
    source.write_bytes(b"\xef\xbb\xbfunit,a,b\nu1,1,2\nu2,2,2\nu3,1,1\n")
    args = ("interview", "reliability", "--metric", "alpha", "--ratings-csv", str(source))
    assert json.loads(ok(demo_org(*args, "-f", "json")).stdout)["raters"] == 2


# --- point 10: non-finite numbers ------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity"])
def test_ratings_csv_refuses_non_finite_numbers(demo_org, tmp_path: Path, value: str) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "ratings.csv"
    source.write_text(f"unit,a,b\nu1,1,2\nu2,2,{value}\nu3,1,1\n")
    args = ("interview", "reliability", "--metric", "alpha", "--ratings-csv", str(source))
    clean_error(demo_org(*args, "-f", "json"), f"{source}:3: b: '{value}' is not a finite number")


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_scorecard_csvs_refuse_non_finite_numbers(
    demo_org, db_path: Path, tmp_path: Path, value: str
) -> None:  # type: ignore[no-untyped-def]
    cards = tmp_path / "cards.csv"
    cards.write_text(f"candidate,interviewer,attribute,score\nc1,wei,x,3\nc2,wei,x,{value}\n")
    clean_error(demo_org("interview", "calibrate", "--scorecards-csv", str(cards)), f"{cards}:3")
    ok(
        demo_org(
            "interview", "rubric", "import", str(EXAMPLES / "rubrics" / "backend-engineer.yaml")
        )
    )
    past = tmp_path / "past.csv"
    row = f"Ann,backend-engineer,wei,coding,{value},hire,2026-01-05,lead\n"
    past.write_text(SCORECARD_HEADER + row)
    before = file_digest(db_path)
    clean_error(demo_org("interview", "import", str(past)), f"{past}:2: score: '{value}'")
    assert file_digest(db_path) == before


# --- point 10: passwords in URLs -------------------------------------------------------------

SECRET = "S3cretPassw0rd"


@pytest.mark.parametrize(
    "args",
    [
        ("--db", f"postgresql://u:{SECRET}@localhost:notaport/x", "people", "list"),
        ("demo", "--db", f"postgresql://u:{SECRET}@localhost:notaport/x"),
        ("--db", f"postgresql+psycopg://u:{SECRET}@127.0.0.1:1/x", "people", "list"),
        ("--db", f"postgresql+psycopg://u:{SECRET}@127.0.0.1:1/x", "db", "status"),
        ("--db", f"mysql://u:{SECRET}@h/x", "people", "list"),
    ],
    ids=["bad port", "demo bad port", "refused", "status refused", "unsupported"],
)
def test_passwords_never_shown(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    clean_error(result)
    assert SECRET not in result.stderr


def test_hide_passwords() -> None:
    from eng_ops.config import hide_passwords

    assert hide_passwords(f"postgresql://u:{SECRET}@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert SECRET not in hide_passwords(f"x postgresql+psycopg://u:{SECRET}@h/db?a=1 y")
    assert SECRET not in hide_passwords(f"host=h password={SECRET} user=u")
    assert hide_passwords("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    assert hide_passwords("postgresql://u@h/db") == "postgresql://u@h/db"


def test_demo_hint_hides_the_password(pg_url: str) -> None:
    from sqlalchemy.engine import make_url

    result = ok(run_cli("demo", "--db", pg_url))
    password = make_url(pg_url).password
    assert "next: eng-ops --db" in result.stderr
    if password:
        assert password not in result.stderr
