"""`eng-ops audit`: the trail of changes, and what projects are missing."""

from __future__ import annotations

from typing import Annotated

import typer

from eng_ops.cli.common import FormatOpt, open_session
from eng_ops.output import Format
from eng_ops.services.limits import LIST_LIMIT

app = typer.Typer(
    help="The audit trail (who changed what, when) and the project audit.", no_args_is_help=True
)


@app.command("log")
def log(
    entity: Annotated[
        str | None, typer.Option(metavar="ENTITY", help="Only this kind, e.g. person, team.")
    ] = None,
    key: Annotated[
        str | None, typer.Option(metavar="KEY", help="Only this record, e.g. a handle.")
    ] = None,
    actor: Annotated[
        str | None, typer.Option(metavar="HANDLE", help="Only changes made by this handle.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="Only changes on or after this date.")
    ] = None,
    limit: Annotated[
        int, typer.Option(metavar="N", help=LIST_LIMIT.help("Newest N entries."))
    ] = 50,
    fmt: FormatOpt = Format.table,
) -> None:
    """List recent changes, newest first."""
    from dataclasses import asdict, fields

    from eng_ops.dates import parse_date
    from eng_ops.output import emit
    from eng_ops.services.audit import AuditRow, list_entries

    since_date = parse_date(since, field="--since") if since else None
    with open_session(write=False) as session:
        rows = list_entries(
            session, entity=entity, key=key, actor=actor, since=since_date, limit=limit
        )
    columns = [f.name for f in fields(AuditRow)]
    emit([asdict(r) for r in rows], fmt, columns, title="Audit trail", empty="no changes recorded")


@app.command("projects")
def projects(
    all_: Annotated[
        bool, typer.Option("--all", help="Also list projects with nothing missing.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Rotations and lead roles missing a real goal or direction, a lead, a mentor, an end
    date, feedback or an outcome; most missing first, each with why.

    Placeholder text (tbd, todo, ?, n/a, -, ..., under 15 characters) counts as missing. A team
    lead role may be permanent; a project lead role needs an end date.
    """
    from eng_ops.output import emit
    from eng_ops.services.rotations import audit_projects

    with open_session(write=False) as session:
        rows = audit_projects(session, include_complete=all_)
    emit(
        rows,
        fmt,
        ["kind", "name", "role", "lead", "end", "why"] if fmt is Format.table else None,
        title="Project audit",
        empty="no rotations or lead roles" if all_ else "nothing missing in any project",
    )
