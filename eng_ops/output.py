"""The one place results are written: table (Rich) | json | csv | md. Data to stdout."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


Row = Mapping[str, Any]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    return value


def cell_text(value: Any) -> str:
    """A human-readable cell: lists joined, None empty, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {cell_text(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def defuse_csv(text: str) -> str:
    """Neutralise spreadsheet formula injection ('=cmd|...') in a CSV cell."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_rows(
    rows: Sequence[Row], fmt: Format, columns: Sequence[str] | None = None, title: str = ""
) -> str:
    """Rows as text in the chosen format (table rendering excluded: see emit)."""
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt is Format.json:
        return json.dumps([to_jsonable(dict(r)) for r in rows], indent=2) + "\n"
    if fmt is Format.csv:
        buffer = io.StringIO()
        # RFC 4180 line ends: cells holding CR or LF get quoted, so they cannot split a row.
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(cols)
        for row in rows:
            writer.writerow([defuse_csv(cell_text(row.get(c))) for c in cols])
        return buffer.getvalue()
    if fmt is Format.md:
        return markdown_table(rows, cols)
    raise ValueError(fmt)


def markdown_table(rows: Sequence[Row], cols: Sequence[str]) -> str:
    def esc(value: Any) -> str:
        return cell_text(value).replace("|", "\\|").replace("\r", " ").replace("\n", " ")

    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(esc(r.get(c)) for c in cols) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def console(stderr: bool = False):  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=stderr)


def emit(
    rows: Sequence[Row],
    fmt: Format = Format.table,
    columns: Sequence[str] | None = None,
    *,
    title: str = "",
    empty: str = "nothing to show",
) -> None:
    """Write a listing to stdout in the chosen format."""
    if fmt is not Format.table:
        sys.stdout.write(render_rows(rows, fmt, columns))
        return
    if not rows:
        message(empty)
        return
    from rich.table import Table

    cols = list(columns) if columns else list(rows[0].keys())
    from rich import box

    table = Table(
        title=title or None,
        title_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=(0, 1, 0, 0),
        min_width=len(title) if title else None,
    )
    cells = [[cell_text(row.get(c)) for c in cols] for row in rows]
    for index, col in enumerate(cols):
        header = col.replace("_", " ")
        widest = max(len(line[index]) for line in cells)
        word = max(len(w) for w in header.split())
        # Short values (dates, numbers, handles) keep their width; long text gives way.
        table.add_column(header, overflow="fold", min_width=max(min(widest, 16), word))
    for line in cells:
        table.add_row(*line)
    console().print(table)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(data), indent=2) + "\n")


def emit_object(obj: Row, fmt: Format = Format.table, *, title: str = "") -> None:
    """Write one record: a JSON object, or a field/value listing."""
    if fmt is Format.json:
        emit_json(dict(obj))
        return
    pairs = [{"field": k, "value": v} for k, v in obj.items()]
    emit(pairs, fmt, ["field", "value"], title=title)


def write_document(text: str, out: str | os.PathLike[str] | None) -> None:
    """A rendered document to --out (creating its folder), or to stdout when none is given."""
    if out is None:
        sys.stdout.write(text)
        return
    from pathlib import Path

    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    message(f"wrote {path}")


def message(text: str) -> None:
    """A message for the person (stderr), never mixed with data."""
    console(stderr=True).print(text, markup=False)


def warn(text: str) -> None:
    from rich.text import Text

    console(stderr=True).print(Text.assemble(("warning: ", "yellow"), text))


@contextmanager
def working(text: str) -> Iterator[None]:
    """A spinner on stderr while long work runs, only on a terminal (quiet when piped)."""
    if not sys.stderr.isatty():
        yield
        return
    with console(stderr=True).status(text):
        yield
