"""`eng-ops interviewers`: who interviews for which role, at which stage."""

from __future__ import annotations

from typing import Annotated

import typer

from eng_ops.cli.common import FormatOpt, open_session
from eng_ops.output import Format

app = typer.Typer(help="The interviewer pool: stages per role.", no_args_is_help=True)


@app.command("enrol")
def enrol(
    handle: Annotated[str, typer.Argument(help="The interviewer's handle.")],
    role: Annotated[str, typer.Option(help="Role key with a rubric.")],
    stage: Annotated[
        str, typer.Option(help="trainee, shadow, reverse-shadow or qualified.")
    ] = "trainee",
) -> None:
    """Add someone to a role's interviewer pool (or set their stage)."""
    from eng_ops.output import message
    from eng_ops.services.interviewers import enrol as enrol_service

    with open_session() as session:
        enrol_service(session, handle, role, stage)
    message(f"{handle}: {stage} interviewer for {role}")


@app.command("list")
def list_(
    role: Annotated[str | None, typer.Option(help="Only this role.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List interviewers with their stage and recent load."""
    from eng_ops.output import emit
    from eng_ops.services.interviewers import list_interviewers

    with open_session(write=False) as session:
        rows = list_interviewers(session, role)
    emit(
        rows,
        fmt,
        ["handle", "name", "role", "stage", "interviews_90d"],
        title="Interviewers",
        empty="no interviewers enrolled",
    )
