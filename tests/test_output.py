"""Unit tests of eng_ops/output.py: csv defusing, md escaping, json, where messages go."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime

import pytest

from eng_ops.output import (
    Format,
    defuse_csv,
    emit,
    emit_json,
    emit_object,
    markdown_table,
    render_rows,
)

DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]
HARMLESS = ["alice", "Lucía Ferreira", "a=b", "1+1", "x-y", "mail@example.com", ""]


def _csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# --- CSV --------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", DANGEROUS, ids=repr)
def test_defuse_csv_neutralises_formula_starts(cell: str) -> None:
    out = defuse_csv(cell)
    assert out != cell
    assert out.startswith("'")
    assert out[1:] == cell  # the content is kept, only prefixed


@pytest.mark.parametrize("cell", HARMLESS, ids=repr)
def test_defuse_csv_leaves_normal_text_alone(cell: str) -> None:
    assert defuse_csv(cell) == cell


@pytest.mark.parametrize("cell", DANGEROUS, ids=repr)
def test_csv_output_defuses_every_cell(cell: str) -> None:
    rows = [{"handle": "mallory", "name": cell, "title": "ok"}]
    header, body = _csv_cells(render_rows(rows, Format.csv))
    assert header == ["handle", "name", "title"]
    assert body[0] == "mallory"
    assert body[2] == "ok"
    assert body[1] == "'" + cell
    assert not body[1].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_output_defuses_leading_carriage_return() -> None:
    text = render_rows([{"handle": "mallory", "name": "\r=1+1"}], Format.csv)
    assert "'\r=1+1" in text
    assert "\n\r=" not in text and ",\r=" not in text


@pytest.mark.parametrize("cell", ["\r=1+1", "Engineer\r=SUM(A1:A9)", "a\rb"], ids=repr)
def test_csv_cell_with_carriage_return_stays_one_cell(cell: str) -> None:
    text = render_rows([{"handle": "mallory", "name": cell, "title": "ok"}], Format.csv)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2, rows
    assert rows[1][0] == "mallory" and rows[1][2] == "ok"
    assert rows[1][1] == defuse_csv(cell)


def test_csv_output_normal_cells_round_trip() -> None:
    rows = [
        {"handle": "wei", "name": "Wei, Zhang", "tags": ["a", "b"], "started": date(2020, 1, 2)},
        {"handle": "bo", "name": 'Bo "the" Builder', "tags": [], "started": None},
    ]
    header, *body = _csv_cells(render_rows(rows, Format.csv))
    assert header == ["handle", "name", "tags", "started"]
    assert body == [
        ["wei", "Wei, Zhang", "a, b", "2020-01-02"],
        ["bo", 'Bo "the" Builder', "", ""],
    ]


def test_csv_output_respects_given_columns() -> None:
    rows = [{"a": 1, "b": 2, "c": 3}]
    assert _csv_cells(render_rows(rows, Format.csv, ["c", "a"])) == [["c", "a"], ["3", "1"]]


# --- Markdown -----------------------------------------------------------------------------


def _md_split(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip()[1:-1])]


def test_markdown_escapes_pipes_and_newlines() -> None:
    rows = [{"handle": "x", "name": "a|b|c", "note": "line one\nline two"}]
    text = markdown_table(rows, ["handle", "name", "note"])
    lines = text.splitlines()
    assert len(lines) == 3  # header, separator, one row: the newline did not split the row
    cells = _md_split(lines[2])
    assert cells == ["x", "a\\|b\\|c", "line one line two"]
    assert render_rows(rows, Format.md) == text


def test_markdown_header_and_separator() -> None:
    rows = [{"handle": "x", "level": "L3"}, {"handle": "y", "level": None}]
    lines = render_rows(rows, Format.md).splitlines()
    assert _md_split(lines[0]) == ["handle", "level"]
    assert set(lines[1]) <= {"|", "-", ":", " "} and lines[1].count("---") == 2
    assert [_md_split(line) for line in lines[2:]] == [["x", "L3"], ["y", ""]]


# --- JSON ---------------------------------------------------------------------------------


def test_json_dates_iso_and_key_order_kept() -> None:
    at = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    rows = [
        {"zulu": 1, "started": date(2026, 1, 2), "alpha": [date(2025, 12, 31)], "at": at},
        {"zulu": 2, "started": None, "alpha": [], "at": None},
    ]
    parsed = json.loads(render_rows(rows, Format.json))
    assert [list(r) for r in parsed] == [["zulu", "started", "alpha", "at"]] * 2
    assert parsed[0]["started"] == "2026-01-02"
    assert parsed[0]["alpha"] == ["2025-12-31"]
    assert datetime.fromisoformat(parsed[0]["at"]) == at
    assert parsed[1] == {"zulu": 2, "started": None, "alpha": [], "at": None}


def test_emit_json_nested_dates(capsys: pytest.CaptureFixture[str]) -> None:
    emit_json({"b": {"when": date(2024, 2, 29)}, "a": (date(2024, 1, 1),)})
    out, err = capsys.readouterr()
    assert err == ""
    parsed = json.loads(out)
    assert list(parsed) == ["b", "a"]
    assert parsed == {"b": {"when": "2024-02-29"}, "a": ["2024-01-01"]}


def test_emit_object_json_keeps_order(capsys: pytest.CaptureFixture[str]) -> None:
    emit_object({"handle": "x", "started": date(2020, 5, 6), "reports": []}, Format.json)
    out, _ = capsys.readouterr()
    parsed = json.loads(out)
    assert list(parsed) == ["handle", "started", "reports"]
    assert parsed["started"] == "2020-05-06"


# --- emit: data to stdout, messages to stderr --------------------------------------------


def test_emit_empty_table_message_goes_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    emit([], Format.table, ["handle"], title="People", empty="nobody here yet")
    out, err = capsys.readouterr()
    assert out == ""
    assert "nobody here yet" in err


def test_emit_table_rows_go_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    emit(
        [{"handle": "alice", "level": "L3"}, {"handle": "bob", "level": None}],
        Format.table,
        title="People",
        empty="nobody here yet",
    )
    out, err = capsys.readouterr()
    assert err == ""
    assert "alice" in out and "bob" in out and "L3" in out
    assert "nobody here yet" not in out


@pytest.mark.parametrize("fmt", [Format.json, Format.csv, Format.md])
def test_emit_machine_formats_write_only_stdout(
    capsys: pytest.CaptureFixture[str], fmt: Format
) -> None:
    rows = [{"handle": "alice", "name": "Alice"}]
    emit(rows, fmt, empty="nobody here yet")
    out, err = capsys.readouterr()
    assert err == ""
    assert out == render_rows(rows, fmt)
    assert "alice" in out


def test_emit_empty_json_is_an_empty_list(capsys: pytest.CaptureFixture[str]) -> None:
    emit([], Format.json, empty="nobody here yet")
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert "nobody here yet" not in out


def test_emit_empty_csv_with_columns_keeps_header(capsys: pytest.CaptureFixture[str]) -> None:
    emit([], Format.csv, ["handle", "name"])
    out, _ = capsys.readouterr()
    assert _csv_cells(out) == [["handle", "name"]]


def test_layout_wraps_between_words_never_inside_one() -> None:
    """A column of long unbroken tokens is not folded mid-word: the table becomes blocks."""
    from rich.text import Text

    from eng_ops.output import layout

    rows = [{"id": 1, "who": "a" * 20, "key": "one_on_one.capacity_hours.manager@someone"}]
    text = layout(rows, ["id", "who", "key"], width=50)
    assert isinstance(text, Text)
    assert "one_on_one.capacity_hours.manager@someone" in text.plain.splitlines()[-1]
    prose = [{"id": 1, "who": "a" * 20, "note": "short words wrap across lines " * 3}]
    lines = layout(prose, ["id", "who", "note"], width=50).plain.splitlines()
    assert lines[0].split() == ["id", "who", "note"] and all(len(x) <= 50 for x in lines)
