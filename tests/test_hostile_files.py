"""Hostile files and file names (issue 10, a QA pass), through the real CLI.

Rubric scales, `--out` onto a database, template includes, huge numbers, out-of-range dates,
file permissions, non-text YAML values and CSV shapes. Every failure: exit 1, one `error:`
line naming the file (and line), nothing on stdout, the database byte for byte unchanged.
"""

from __future__ import annotations

import json
import os
import sqlite3
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

BACKEND_RUBRIC = EXAMPLES / "rubrics" / "backend-engineer.yaml"
SCORECARD_HEADER = "candidate,role,interviewer,attribute,score,recommendation,date,mode\n"
GOOD_ROW = "Ann,backend-engineer,wei,coding,3,yes,2026-01-05,lead\n"


def clean_error(result: Result, *words: str) -> str:
    """One user-facing line with each of `words`, none of the internals; returns it."""
    assert_one_line_error(result)
    line = result.stderr.strip()
    for leak in ("unexpected error", "Warning", "Usage:"):
        assert leak not in line, line
    for word in words:
        assert word in line, line
    return line


def no_nan(text: str):  # type: ignore[no-untyped-def]
    """JSON that holds no NaN or Infinity (neither is JSON)."""

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


def rubric_with(tmp_path: Path, old: str, new: str) -> Path:
    text = BACKEND_RUBRIC.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rb.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# --- 1: a rubric's scale is bounded ----------------------------------------------------------


@pytest.mark.parametrize(
    "scale",
    [
        "[1, 1000000000000]",
        "[-9223372036854775809, 4]",
        "[1, 11]",
        "[-1, 4]",
        "[4, 1]",
        "[2, 2]",
        "[1.5, 4]",
        "[true, 4]",
        "[1, 2, 3]",
        "4",
    ],
)
def test_rubric_scale_out_of_bounds(demo_org, db_path: Path, tmp_path: Path, scale: str) -> None:  # type: ignore[no-untyped-def]
    path = rubric_with(tmp_path, "scale: [1, 4]", f"scale: {scale}")
    before = file_digest(db_path)
    clean_error(demo_org("interview", "rubric", "import", str(path)), f"{path}:4: scale:", "0-10")
    assert file_digest(db_path) == before


def test_rubric_scale_at_the_bounds_imports(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "role: r\ntitle: R\nscale: [0, 10]\nattributes:\n  - key: a\n    name: A\n    anchors:\n"
    text += "".join(f"      {n}: level {n}\n" for n in range(11))
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    ok(demo_org("interview", "rubric", "import", str(path)))
    shown = json.loads(ok(demo_org("interview", "rubric", "show", "r", "-f", "json")).stdout)
    assert shown["scale"] == [0, 10]


# --- 2: --out never overwrites a database ----------------------------------------------------


OUT_COMMANDS = [
    ("report", "render", "roster"),
    ("interview", "export", "1", "-f", "csv"),
    ("lead", "advert", "1"),
    ("org", "export"),
    ("1on1", "ics", "wei"),
]


def test_out_refuses_the_live_database_and_its_side_files(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    ok(run_cli("demo", "--db", str(db)))
    for args in OUT_COMMANDS:
        for target in (db, tmp_path / "d.db-wal", tmp_path / "d.db-shm"):
            before = file_digest(db)
            result = run_cli("--db", str(db), "--as", "priya", *args, "--out", str(target))
            clean_error(result, str(target), "SQLite database")
            assert file_digest(db) == before
    ok(run_cli("--db", str(db), "people", "list"))  # still a working database


def test_out_refuses_any_sqlite_file_but_overwrites_text(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = file_digest(other)
    clean_error(demo_org("org", "export", "--out", str(other)), str(other), "SQLite database")
    assert file_digest(other) == before
    plain = tmp_path / "roster.md"
    plain.write_text("old\n", encoding="utf-8")
    ok(demo_org("report", "render", "roster", "--out", str(plain)))
    assert plain.read_text(encoding="utf-8") != "old\n"


@pytest.mark.parametrize("empty", ["", "  "])
@pytest.mark.parametrize(
    "args",
    [("report", "render", "roster"), ("org", "export"), ("1on1", "ics", "wei")],
    ids=" ".join,
)
def test_empty_out_is_an_error(demo_org, tmp_path: Path, args: tuple[str, ...], empty: str) -> None:  # type: ignore[no-untyped-def]
    clean_error(demo_org(*args, "--out", empty), "--out is empty")


def test_empty_file_argument_is_an_error(demo_org) -> None:  # type: ignore[no-untyped-def]
    clean_error(demo_org("org", "import", ""), "FILE is empty")
    clean_error(demo_org("interview", "rubric", "import", str(BACKEND_RUBRIC), ""), "is empty")


def test_write_text_refuses_sqlite_files(tmp_path: Path) -> None:
    from eng_ops.errors import InvalidInput
    from eng_ops.files import SQLITE_HEADER, write_text

    db = tmp_path / "x.db"
    db.write_bytes(SQLITE_HEADER + b"\0" * 100)
    for target in (db, tmp_path / "x.db-wal", tmp_path / "x.db-shm", tmp_path / "x.db-journal"):
        with pytest.raises(InvalidInput, match="SQLite database"):
            write_text(target, "x")
    assert write_text(tmp_path / "y.db-wal", "fine").read_text() == "fine"  # no y.db beside it


# --- 3: a template including a missing template ----------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '{% include "/etc/passwd" %}\n',
        '{% include "../../../../etc/passwd" %}\n',
        '{% extends "no-such-base.md.j2" %}\n',
        '{% import "gone.md.j2" as gone %}\n',
    ],
    ids=["absolute", "dot-dot", "extends", "import"],
)
def test_template_including_a_missing_template(demo_org, tmp_path: Path, body: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "roster.md.j2").write_text(body, encoding="utf-8")
    args = ("report", "render", "roster", "--templates", str(folder))
    line = clean_error(demo_org(*args), "roster.md.j2", "uses template")
    assert "root:" not in line


def test_template_including_a_broken_template(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "roster.md.j2").write_text('{% include "part.md.j2" %}\n', encoding="utf-8")
    (folder / "part.md.j2").write_text("ok\n{% if %}\n", encoding="utf-8")
    args = ("report", "render", "roster", "--templates", str(folder))
    clean_error(demo_org(*args), "part.md.j2:2: template error")


# --- 4: huge numbers in CSV files ------------------------------------------------------------


@pytest.mark.parametrize("value", ["1e308", "-1e308", "1001", "1e4"])
@pytest.mark.parametrize(
    "args",
    [
        ("interview", "reliability", "--metric", "icc", "--ratings-csv"),
        ("interview", "reliability", "--metric", "alpha", "--level", "interval", "--ratings-csv"),
        ("interview", "reliability", "--metric", "alpha", "--level", "ratio", "--ratings-csv"),
    ],
    ids=["icc", "alpha interval", "alpha ratio"],
)
def test_ratings_out_of_range(demo_org, tmp_path: Path, args: tuple[str, ...], value: str) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "big.csv"
    source.write_text(f"unit,a,b\nu1,1,2\nu2,2,{value}\nu3,1,1\nu4,3,3\n")
    line = clean_error(demo_org(*args, str(source), "-f", "json"), f"{source}:3: b: '{value}'")
    assert "out of range (-1000 to 1000)" in line


def test_scorecards_csv_out_of_range(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cards = tmp_path / "cards.csv"
    cards.write_text(
        "candidate,interviewer,attribute,score\n"
        "c1,wei,x,1e308\nc2,wei,x,3\nc1,ben,x,-1e308\nc2,ben,x,2\n"
    )
    args = ("interview", "calibrate", "--scorecards-csv", str(cards), "-f", "json")
    clean_error(demo_org(*args), f"{cards}:2: score: '1e308' is out of range")


def test_ratings_at_the_bound_give_finite_json(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "edge.csv"
    source.write_text("unit,a,b\nu1,1000,-1000\nu2,-1000,1000\nu3,1000,1000\nu4,0,0.5\n")
    for metric in (("--metric", "icc"), ("--metric", "alpha", "--level", "interval")):
        result = ok(
            demo_org(
                "interview", "reliability", *metric, "--ratings-csv", str(source), "-f", "json"
            )
        )
        assert result.stderr == ""
        no_nan(result.stdout)
    cards = tmp_path / "cards.csv"
    cards.write_text(
        "candidate,interviewer,attribute,score\n"
        "c1,wei,x,1000\nc2,wei,x,3\nc1,ben,x,-1000\nc2,ben,x,2\n"
    )
    result = ok(demo_org("interview", "calibrate", "--scorecards-csv", str(cards), "-f", "json"))
    assert "Warning" not in result.stderr
    no_nan(result.stdout)


def test_perfect_agreement_icc_has_no_infinity(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "same.csv"
    source.write_text("unit,a,b\nu1,1,1\nu2,2,2\nu3,3,3\n")
    args = ("interview", "reliability", "--metric", "icc", "--ratings-csv", str(source))
    result = ok(demo_org(*args, "-f", "json"))
    data = no_nan(result.stdout)
    assert data["values"]["ICC1"] == 1.0
    assert {row["F"] for row in data["table"]} == {None}  # F is infinite: shown as null
    assert result.stderr == ""


def test_scorecard_yaml_rating_out_of_range(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = tmp_path / "card.yaml"
    card.write_text("ratings:\n  coding: 100000000000000000000\nrecommend: yes\n")
    clean_error(demo_org("interview", "score", "1", "--file", str(card), as_="wei"), f"{card}:2")


# --- 5: dates read from files and ENG_OPS_TODAY ---------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("started", "1899-12-31"), ("started", "0001-01-01"), ("left", "2200-01-01")],
)
def test_org_file_dates_out_of_range(
    demo_org, db_path: Path, tmp_path: Path, field: str, value: str
) -> None:  # type: ignore[no-untyped-def]
    org = tmp_path / "org.yaml"
    org.write_text(
        f"people:\n  - handle: zed\n    name: Zed\n    {field}: '{value}'\n", encoding="utf-8"
    )
    before = file_digest(db_path)
    line = clean_error(demo_org("org", "import", str(org)), f"{org}:4: people[0].{field}:")
    assert "out of range (1900-01-01 to 2199-12-31)" in line
    assert file_digest(db_path) == before


def test_org_file_dates_at_the_bounds(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    org = tmp_path / "org.yaml"
    org.write_text(
        "people:\n  - handle: zed\n    name: Zed\n    started: 1900-01-01\n    left: 2199-12-31\n"
    )
    ok(demo_org("org", "import", str(org)))


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_interview_import_dates_out_of_range(
    demo_org, db_path: Path, tmp_path: Path, day: str
) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("interview", "rubric", "import", str(BACKEND_RUBRIC)))
    past = tmp_path / "past.csv"
    past.write_text(SCORECARD_HEADER + GOOD_ROW.replace("2026-01-05", day))
    before = file_digest(db_path)
    clean_error(
        demo_org("interview", "import", str(past)), f"{past}:2: date: '{day}' is out of range"
    )
    assert file_digest(db_path) == before


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("9999-12-31", ("ENG_OPS_TODAY", "out of range")),
        ("1066-10-14", ("ENG_OPS_TODAY", "out of range")),
        ("\udcff", ("ENG_OPS_TODAY", "'\\xff' is not a date")),
        ("2026-13-01", ("ENG_OPS_TODAY", "is not a date")),
        ("\x1b[31m", ("ENG_OPS_TODAY", "\\x1b")),
    ],
    ids=["9999", "1066", "byte ff", "month 13", "escape"],
)
def test_eng_ops_today_out_of_range_or_unreadable(
    demo_org, monkeypatch: pytest.MonkeyPatch, value: str, words: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ENG_OPS_TODAY", value)
    line = clean_error(demo_org("1on1", "due"), *words)
    assert "\udcff" not in line and "\x1b" not in line


# --- 6: Typer never checks a file name; eng_ops.files does -----------------------------------


def test_no_path_parameter_is_checked_by_the_parser() -> None:
    import typer

    from eng_ops.cli.app import app
    from eng_ops.cli.params import _is_path

    def walk(command):  # type: ignore[no-untyped-def]
        yield command
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)

    paths = [
        (command.name, param.name)
        for command in walk(typer.main.get_command(app))
        for param in command.params
        if _is_path(param)
    ]
    assert ("import", "file") in paths and ("render", "out") in paths
    for command in walk(typer.main.get_command(app)):
        for param in command.params:
            if _is_path(param):
                info = param.type_descriptor.parameter_info
                assert not (info.exists or info.readable or info.writable), (
                    command.name,
                    param.name,
                )
                assert info.file_okay and info.dir_okay, (command.name, param.name)


def test_a_file_the_parser_thinks_unreadable_reaches_the_importer(
    demo_org, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """os.access is what the parser's 'is not readable' check asks; eng-ops never does."""
    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    ok(demo_org("org", "import", str(EXAMPLES / "org.yaml")))
    ok(demo_org("ladder", "import", str(EXAMPLES / "ladder.yaml")))
    ok(demo_org("interview", "rubric", "import", str(BACKEND_RUBRIC)))


@pytest.mark.parametrize(
    "args",
    [
        ("ladder", "import", "{x}"),
        ("interview", "rubric", "import", "{x}"),
        ("interview", "score", "1", "--file", "{x}"),
        ("1on1", "agenda", "wei", "ben", "--questions", "{x}"),
        ("interview", "reliability", "--metric", "icc", "--ratings-csv", "{x}"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_file_options_missing_or_a_directory(
    demo_org, db_path: Path, tmp_path: Path, args: tuple[str, ...], kind: str
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "missing.yaml" if kind == "missing" else tmp_path
    before = file_digest(db_path)
    line = clean_error(demo_org(*[a.format(x=target) for a in args], as_="wei"), str(target))
    assert ("no such file" if kind == "missing" else "is a directory") in line
    assert file_digest(db_path) == before


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
@pytest.mark.parametrize(
    "args",
    [
        ("org", "import", "{x}"),
        ("ladder", "import", "{x}"),
        ("interview", "rubric", "import", "{x}"),
        ("interview", "import", "{x}"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_unreadable_files_are_one_line(
    demo_org, db_path: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.yaml"
    secret.write_text("x: 1\n")
    secret.chmod(0)
    before = file_digest(db_path)
    try:
        result = demo_org(*[a.format(x=secret) for a in args])
    finally:
        secret.chmod(0o600)
    clean_error(result, f"{secret}: cannot read: permission denied")
    assert file_digest(db_path) == before


# --- 7: text fields get text -----------------------------------------------------------------

LADDER = (
    "levels: [L1, L2]\ncompetencies:\n  - key: c\n    name: C\n    expectations:\n      L1: t\n"
)


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("levels: [L1, L2]", "levels: [L1, true]", "1: levels[1]: expected text"),
        ("levels: [L1, L2]", 'levels: [L1, ""]', "1: levels[1]: must not be empty"),
        ("levels: [L1, L2]", "levels: [L1, [L2]]", "1: levels[1]: expected text"),
        ("levels: [L1, L2]", "levels:\n  - L1\n  - {a: b}", "3: levels[1]: expected text"),
        ("name: C", "name: [x]", "4: competencies[0].name: expected text"),
        ("name: C", "name: C\n    description: [x]", "5: competencies[0].description"),
        ("L1: t", "L1: [a]", "6: competencies[0].expectations.L1: expected text"),
        ("L1: t", "L1: true", "6: competencies[0].expectations.L1: expected text"),
        ("key: c", "key: [c]", "3: competencies[0].key: expected text"),
    ],
)
def test_ladder_text_fields(
    demo_org, db_path: Path, tmp_path: Path, old: str, new: str, where: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ladder.yaml"
    assert old in LADDER
    path.write_text(LADDER.replace(old, new, 1), encoding="utf-8")
    before = file_digest(db_path)
    clean_error(demo_org("ladder", "import", str(path)), f"{path}:{where}")
    assert file_digest(db_path) == before


def test_a_valid_small_ladder_imports(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ladder.yaml"
    path.write_text(LADDER.replace("levels: [L1, L2]", "levels: [L1, 2]"), encoding="utf-8")
    ok(demo_org("ladder", "import", str(path)))
    assert json.loads(ok(demo_org("ladder", "show", "-f", "json")).stdout)["levels"] == ["L1", "2"]


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("title: Backend Engineer", "title: [x, y]", ":2: title: expected text"),
        ("title: Backend Engineer", "title: true", ":2: title: expected text"),
        ("role: backend-engineer", "role: [backend-engineer]", ":1: role: expected text"),
        ("description: Structured", "description: [x]  # Structured", ":3: description: expected"),
        ("    category: technical", "    category: [x]", ":8: attributes[0].category: expected"),
        ("    name: System design", "    name: {a: b}", ":7: attributes[0].name: expected text"),
        (
            '      1: "Jumped',
            '      1: [a]  # "Jumped',
            ":10: attributes[0].anchors.1: expected text",
        ),
    ],
    ids=["title list", "title bool", "role", "description", "category", "name", "anchor"],
)
def test_rubric_text_fields(
    demo_org, db_path: Path, tmp_path: Path, old: str, new: str, where: str
) -> None:  # type: ignore[no-untyped-def]
    path = rubric_with(tmp_path, old, new)
    before = file_digest(db_path)
    clean_error(demo_org("interview", "rubric", "import", str(path)), f"{path}{where}")
    assert file_digest(db_path) == before


@pytest.mark.parametrize(
    ("notes", "where"),
    [("[a, b]", "notes: expected text"), ("{a: b}", "notes: expected text")],
)
def test_scorecard_yaml_notes_are_text(demo_org, tmp_path: Path, notes: str, where: str) -> None:  # type: ignore[no-untyped-def]
    card = tmp_path / "card.yaml"
    card.write_text(f"ratings:\n  coding: 3\nrecommend: yes\nnotes: {notes}\n")
    clean_error(
        demo_org("interview", "score", "1", "--file", str(card), as_="wei"), f"{card}:4: {where}"
    )


# --- 8: CSV shape ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("unit,a,b\nu1,1,2,5\n", (":2: 4 cells, but the header has 3",)),
        ("unit,a,b\nu1,1,2\nu2,1,2,\n", (":3: 4 cells, but the header has 3",)),
        ("unit,a,a\nu1,1,2\nu2,2,2\n", (":1: column 'a' appears twice (columns 2 and 3)",)),
        ("unit,a, a\nu1,1,2\nu2,2,2\n", (":1: column 'a' appears twice",)),
    ],
    ids=["extra cell", "trailing comma", "duplicate rater", "duplicate after strip"],
)
def test_ratings_csv_shape(demo_org, tmp_path: Path, content: str, words: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "ratings.csv"
    source.write_text(content)
    for metric in ("icc", "alpha"):
        args = ("interview", "reliability", "--metric", metric, "--ratings-csv", str(source))
        clean_error(demo_org(*args), *(f"{source}{w}" for w in words))


@pytest.mark.parametrize(
    ("header", "row", "words"),
    [
        (
            SCORECARD_HEADER,
            GOOD_ROW.replace("lead\n", "lead,extra\n"),
            ":2: 9 cells, but the header has 8",
        ),
        (SCORECARD_HEADER.replace("mode", "score"), GOOD_ROW, ":1: column 'score' appears twice"),
        (
            SCORECARD_HEADER,
            GOOD_ROW.replace(",yes,", ",maybe,"),
            ":2: recommendation: 'maybe' is not one of",
        ),
    ],
    ids=["nine cells", "duplicate column", "recommendation"],
)
def test_interview_import_csv_shape(
    demo_org, db_path: Path, tmp_path: Path, header: str, row: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("interview", "rubric", "import", str(BACKEND_RUBRIC)))
    past = tmp_path / "past.csv"
    past.write_text(header + row)
    before = file_digest(db_path)
    line = clean_error(demo_org("interview", "import", str(past)), f"{past}{words}")
    assert "--recommend" not in line
    assert file_digest(db_path) == before


def test_interview_import_a_good_row_still_imports(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("interview", "rubric", "import", str(BACKEND_RUBRIC)))
    past = tmp_path / "past.csv"
    past.write_text(SCORECARD_HEADER + GOOD_ROW)
    ok(demo_org("interview", "import", str(past)))
