"""`eng-ops lead`: lead roles (who leads what, for which term)."""

from __future__ import annotations

from typing import Annotated

import typer

from eng_ops.cli.common import FormatOpt, open_session
from eng_ops.output import Format

app = typer.Typer(help="Tech leads: lead roles and their terms.", no_args_is_help=True)


@app.command("assign")
def assign(
    handle: Annotated[str, typer.Argument(help="The lead's handle.")],
    team: Annotated[str | None, typer.Option(help="Team key they lead.")] = None,
    project: Annotated[str | None, typer.Option(help="Or a named project they lead.")] = None,
    from_: Annotated[str, typer.Option("--from", help="Start of the term.")] = "today",
    to: Annotated[str | None, typer.Option(help="End of the term (open if not given).")] = None,
    allow_overlap: Annotated[
        bool, typer.Option("--allow-overlap", help="Let them lead two things at once.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Make someone the lead of a team or project for a term."""
    from eng_ops.dates import parse_date
    from eng_ops.output import emit_object
    from eng_ops.services.lead_roles import assign as assign_service

    with open_session() as session:
        record = assign_service(
            session,
            handle,
            team=team,
            project=project,
            start=parse_date(from_, field="--from"),
            end=parse_date(to, field="--to") if to else None,
            allow_overlap=allow_overlap,
        )
    emit_object(record, fmt, title=f"Lead role #{record['id']}")


@app.command("roles")
def roles(
    all_: Annotated[bool, typer.Option("--all", help="Include past and future roles.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Who leads what today, and when each term ends."""
    from eng_ops.output import emit
    from eng_ops.services.lead_roles import list_roles

    with open_session(write=False) as session:
        rows = list_roles(session, include_past=all_)
    columns = ["id", "handle", "team", "project", "start", "end", "days_left"]
    emit(rows, fmt, columns, title="Lead roles", empty="no lead roles")


@app.command("end")
def end(
    role_id: Annotated[int, typer.Argument(metavar="ROLE", help="Lead role id.")],
    on: Annotated[str, typer.Option(help="Last day (default today).")] = "today",
) -> None:
    """End a lead role."""
    from eng_ops.dates import parse_date
    from eng_ops.output import message
    from eng_ops.services.lead_roles import end_role

    with open_session() as session:
        record = end_role(session, role_id, parse_date(on, field="--on"))
    message(f"lead role #{record['id']} of {record['handle']} ends on {record['end']}")
