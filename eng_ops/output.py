"""The one place results are written: table (Rich) | json | csv | md. Data to stdout."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any

from eng_ops.errors import UsageError


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


Row = Mapping[str, Any]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def as_row(value: Any) -> Row:
    """A typed result (a dataclass) as a row of its fields, in declaration order."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    return value


def to_jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(as_row(value))
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


# C0 and C1 control characters except tab and newline: a name or note holding `\e]0;...\a`
# or `\e[31m` must not retitle or recolour the reader's terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text safe for a terminal: line ends normalised, control characters shown as \\xNN."""
    text = text.replace("\r\n", "\n").encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def defuse_csv(text: str) -> str:
    """Neutralise spreadsheet formula injection ('=cmd|...') in a CSV text cell."""
    if _NUMBER.match(text):
        return text
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_rows(
    rows: Sequence[Row], fmt: Format, columns: Sequence[str] | None = None, title: str = ""
) -> str:
    """Rows as text in the chosen format (table rendering excluded: see emit)."""
    rows = [as_row(r) for r in rows]
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


def md_escape(text: str, *, keep_lines: bool = False) -> str:
    """Text for Markdown (tables, reports): HTML and pipes escaped, control characters shown,
    line breaks as spaces so a value cannot end a row or a heading (unless `keep_lines`)."""
    text = printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("|", "\\|")
    return text if keep_lines else " ".join(text.splitlines())


def md_text(value: Any) -> str:
    """A Markdown table cell."""
    return md_escape(cell_text(value))


def markdown_table(rows: Sequence[Row], cols: Sequence[str]) -> str:
    lines = ["| " + " | ".join(md_text(c) for c in cols) + " |"]
    lines.append("|" + "|".join("---" for _ in cols) + "|")
    lines += ["| " + " | ".join(md_text(r.get(c)) for c in cols) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def console(stderr: bool = False):  # type: ignore[no-untyped-def]
    """A Rich console that prints text literally: no markup, no emoji codes, no highlighting."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, markup=False, emoji=False, soft_wrap=stderr)


def emit(
    rows: Sequence[Row],
    fmt: Format = Format.table,
    columns: Sequence[str] | None = None,
    *,
    title: str = "",
    empty: str = "nothing to show",
) -> None:
    """Write a listing to stdout in the chosen format (rows: mappings or dataclasses)."""
    rows = [as_row(r) for r in rows]
    if fmt is not Format.table:
        sys.stdout.write(render_rows(rows, fmt, columns))
        return
    if not rows:
        message(empty)
        return
    cols = list(columns) if columns else list(rows[0].keys())
    out = console()
    out.print(layout(rows, cols, width=out.width, title=title), crop=False, overflow="ignore")


@dataclass(frozen=True)
class Section:
    """One named table of a view: `name` is its JSON key and its `--section` value."""

    name: str
    title: str
    rows: Sequence[Row]
    columns: Sequence[str] | None = None
    empty: str = "nothing to show"


def emit_view(
    sections: Sequence[Section],
    fmt: Format = Format.table,
    *,
    data: Any = None,
    section: str | None = None,
    notes: Sequence[str] = (),
) -> None:
    """A view made of several tables, as one result of named sections.

    json: `data` (the view's own object) or {name: rows}; md: notes, then `## Title`, a blank
    line and the table per section; csv: the one section named by `section`; table: the notes,
    then each titled table. With `section`, every format prints that table alone.
    """
    sections = [replace(s, rows=[as_row(r) for r in s.rows]) for s in sections]
    if section is None and fmt is Format.csv and len(sections) == 1:
        section = sections[0].name  # one table: nothing to choose
    if section is not None or fmt is Format.csv:
        chosen = next((s for s in sections if s.name == section), None)
        if chosen is None:
            names = ", ".join(s.name for s in sections)
            what = f"unknown section '{section}'" if section else "csv prints one table"
            raise UsageError(f"{what}: choose one with --section NAME ({names})")
        if fmt is Format.json:
            emit_json(list(chosen.rows))
            return
        if fmt is Format.csv:
            sys.stdout.write(render_rows(chosen.rows, fmt, _columns(chosen)))
            return
        sections, notes = [chosen], ()
    if fmt is Format.json:
        emit_json(data if data is not None else {s.name: list(s.rows) for s in sections})
        return
    if fmt is Format.md:
        parts = [md_text(n) + "\n\n" for n in notes]
        for s in sections:
            body = markdown_table(s.rows, _columns(s)) if s.rows else f"_{md_text(s.empty)}_\n"
            parts.append(f"## {md_text(s.title)}\n\n{body}\n")
        sys.stdout.write("".join(parts))
        return
    from rich.text import Text

    out = console()
    for note in notes:
        out.print(Text(printable(note)), crop=False)
    for index, s in enumerate(sections):
        if index or notes:
            out.print()
        if s.rows:
            grid = layout(s.rows, _columns(s), width=out.width, title=s.title)
            out.print(grid, crop=False, overflow="ignore")
        else:
            out.print(Text(printable(s.title), style="bold"))
            out.print(Text(printable(s.empty), style="dim"))


def _columns(section: Section) -> list[str]:
    if section.columns:
        return list(section.columns)
    return list(section.rows[0].keys()) if section.rows else []


_GAP = 2  # spaces between columns
_MIN_LAST = 16  # the narrowest a wrapped last column may get before records become blocks


def layout(rows: Sequence[Row], cols: Sequence[str], *, width: int, title: str = ""):  # type: ignore[no-untyped-def]
    """Rows as a Rich Text that never cuts a value within `width` columns.

    Every column but the last keeps its full width; only the last column's long text wraps.
    When the table is too wide, its widest column moves to the end to wrap there; when even
    that does not fit, each record becomes a block of `field  value` lines.
    """
    from rich.cells import cell_len
    from rich.text import Text

    headers = [c.replace("_", " ") for c in cols]
    cells = [[printable(cell_text(row.get(c))).replace("\t", " ") for c in cols] for row in rows]
    widest = [
        max(cell_len(x) for line in cells for x in line[i].split("\n")) for i in range(len(cols))
    ]
    natural = [max(cell_len(h), w) for h, w in zip(headers, widest, strict=True)]
    text = Text()
    if title:
        text.append_text(_wrapped_title(title, width))
    order = list(range(len(cols)))
    gap = _GAP
    if sum(natural) + gap * (len(cols) - 1) > width:
        # Too wide: headers wrap onto a second line (a word is never split) ...
        words = [max(cell_len(w) for w in h.split()) for h in headers]
        natural = [max(w, c) for w, c in zip(words, widest, strict=True)]
    if sum(natural) + gap * (len(cols) - 1) > width:
        gap = 1  # ... columns move closer ...
    # The longest word of each column: a value wraps between words, never inside one.
    longest = [
        max([cell_len(w) for line in cells for w in line[i].split()] or [0])
        for i in range(len(cols))
    ]
    if sum(natural) + gap * (len(cols) - 1) > width:
        # ... and the widest column whose words fit moves to the end, where its text wraps.
        def room_if_last(i: int) -> int:
            return width - (sum(natural) - natural[i]) - gap * (len(cols) - 1)

        fits = [i for i in order if longest[i] <= room_if_last(i)]
        wrap_at = max(fits or order, key=lambda i: natural[i])
        order = [i for i in order if i != wrap_at] + [wrap_at]
    headers = [headers[i] for i in order]
    natural = [natural[i] for i in order]
    cells = [[line[i] for i in order] for line in cells]
    room = width - sum(natural[:-1]) - gap * (len(cols) - 1)
    multiline = any("\n" in line[i] for line in cells for i in range(len(cols) - 1))
    last_needs = min(natural[-1], max(_MIN_LAST, cell_len(headers[-1]), longest[order[-1]]))
    if multiline or room < last_needs:
        text.append_text(_blocks(headers, cells, width))
    else:
        text.append_text(_grid(headers, cells, natural[:-1], min(room, natural[-1]), gap))
    text.rstrip()
    return text


def _wrapped_title(title: str, width: int):  # type: ignore[no-untyped-def]
    from rich.text import Text

    lines = _wrap(printable(title), width)
    return Text("\n".join(lines) + "\n", style="bold")


def _wrap(value: str, width: int) -> list[str]:
    """Word-wrap by terminal cells; words longer than the width are folded."""
    from rich.console import Console
    from rich.text import Text

    if width < 1:
        width = 1
    measure = Console(width=max(width, 1), markup=False, emoji=False, highlight=False)
    lines = Text(value).wrap(measure, width, overflow="fold")
    return [line.plain.rstrip() for line in lines] or [""]


def _pad(value: str, width: int) -> str:
    from rich.cells import cell_len

    return value + " " * max(width - cell_len(value), 0)


def _grid(  # type: ignore[no-untyped-def]
    headers: list[str], cells: list[list[str]], fixed: list[int], last: int, spaces: int
):
    from rich.cells import cell_len
    from rich.text import Text

    widths = [*fixed, last]
    gap = " " * spaces
    text = Text()
    parts = [_wrap(h, w) for h, w in zip(headers, widths, strict=True)]
    for k in range(max(len(p) for p in parts)):
        cols = [_pad(p[k] if k < len(p) else "", w) for p, w in zip(parts, widths, strict=True)]
        text.append(gap.join(cols).rstrip() + "\n", style="bold")
    text.append(gap.join("─" * w for w in widths) + "\n", style="dim")
    for line in cells:
        head = gap.join(_pad(v, w) for v, w in zip(line[:-1], fixed, strict=False))
        lead = head + gap if headers[:-1] else ""
        wrapped = _wrap(line[-1], last) if line[-1] else [""]
        indent = " " * cell_len(lead) if lead else ""
        for k, part in enumerate(wrapped):
            text.append(((lead if k == 0 else indent) + part).rstrip() + "\n")
    return text


def _blocks(headers: list[str], cells: list[list[str]], width: int):  # type: ignore[no-untyped-def]
    """One record per block: a `field  value` line per column, long values wrapped under."""
    from rich.cells import cell_len
    from rich.text import Text

    key_width = max(cell_len(h) for h in headers)
    hanging = key_width + _GAP
    text = Text()
    for index, line in enumerate(cells):
        if index:
            text.append("\n")
        for header, value in zip(headers, line, strict=True):
            if not value:
                text.append(header + "\n", style="bold")
                continue
            text.append(_pad(header, key_width), style="bold")
            if hanging + min(_MIN_LAST, max(cell_len(value), 1)) > width:
                parts = _wrap(value, width - 2)
                text.append("\n" + "\n".join("  " + p for p in parts) + "\n")
                continue
            parts = [p for chunk in value.split("\n") for p in _wrap(chunk, width - hanging)]
            text.append((" " * _GAP + parts[0]).rstrip() + "\n")
            for part in parts[1:]:
                text.append(" " * hanging + part + "\n")
    return text


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(data), indent=2) + "\n")


def emit_object(obj: Row, fmt: Format = Format.table, *, title: str = "") -> None:
    """Write one record: a JSON object, or a field/value listing."""
    obj = as_row(obj)
    if fmt is Format.json:
        emit_json(dict(obj))
        return
    emit(field_rows(obj), fmt, ["field", "value"], title=title)


def field_rows(obj: Row, skip: Sequence[str] = ()) -> list[dict[str, Any]]:
    """One record as `field`/`value` rows (a record shown as a table), leaving out `skip`."""
    return [{"field": k, "value": v} for k, v in obj.items() if k not in skip]


def write_document(text: str, out: str | os.PathLike[str] | None) -> None:
    """A rendered document to --out, or to stdout when none is given.

    The file is written by eng_ops.files.write_text: never onto a directory, missing folders
    created owner-only, text written exactly (an .ics keeps its CRLF line ends).
    """
    if out is None:
        sys.stdout.write(text)
        return
    from eng_ops.files import write_text

    path = write_text(out, text)
    message(f"wrote {path}")


def message(text: str) -> None:
    """A message for the person (stderr), never mixed with data; printed literally."""
    from rich.text import Text

    console(stderr=True).print(Text(printable(text)))


def warn(text: str) -> None:
    from rich.text import Text

    console(stderr=True).print(Text.assemble(("warning: ", "yellow"), printable(text)))


@contextmanager
def working(text: str) -> Iterator[None]:
    """A spinner on stderr while long work runs, only on a terminal (quiet when piped)."""
    if not sys.stderr.isatty():
        yield
        return
    with console(stderr=True).status(text):
        yield
