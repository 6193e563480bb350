"""`eng-ops interviewers`: who interviews for which role, at which stage."""

from __future__ import annotations

from typing import Annotated

import typer

from eng_ops.cli.choices import Stage
from eng_ops.cli.common import FormatOpt, SectionOpt, open_session
from eng_ops.output import Format

app = typer.Typer(
    help="The interviewer pool: stages per role, load concentration, trainee agreement.",
    no_args_is_help=True,
)


@app.command("enrol")
def enrol(
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="The interviewer's handle.")],
    role: Annotated[str, typer.Option(metavar="ROLE", help="Role key with a rubric.")],
    stage: Annotated[
        Stage, typer.Option(help="Their interviewer stage.", case_sensitive=False)
    ] = Stage.trainee,
) -> None:
    """Add someone to a role's interviewer pool (or set their stage)."""
    from eng_ops.output import message
    from eng_ops.services.interviewers import enrol as enrol_service

    with open_session() as session:
        enrol_service(session, handle, role, stage.value)
    message(f"{handle}: {stage} interviewer for {role}")


@app.command("list")
def list_(
    role: Annotated[str | None, typer.Option(metavar="ROLE", help="Only this role.")] = None,
    fmt: FormatOpt = Format.table,
    section: SectionOpt = None,
) -> None:
    """List the interviewer pool.

    Stage per role, interviews by mode, last interview, share of the role's leads; then
    each role's concentration. Sections: interviewers, concentration (json: the
    interviewers; `interviewers concentration` has the rest).
    """
    from eng_ops.output import Section, emit_view, warn
    from eng_ops.services.interviewers import pool

    with open_session(write=False) as session:
        result = pool(session, role)
    columns = [
        "handle",
        *(["role"] if role is None or fmt is not Format.table else []),
        "stage",
        "lead",
        "shadow",
        "reverse_shadow",
        "last_interview",
        "share",
    ]
    for row in result["concentration"]:
        if row["warning"]:
            warn(row["warning"])
    emit_view(
        [
            Section(
                "interviewers",
                "Interviewers",
                result["interviewers"],
                columns,
                empty="no interviewers yet: eng-ops interviewers enrol HANDLE --role ROLE",
            ),
            Section(
                "concentration",
                "Lead interviews per role",
                result["concentration"],
                ["role", "lead_interviews", "top_interviewer", "top_share", "gini", "hhi"],
                empty="no lead interviews yet",
            ),
        ],
        fmt,
        data=result["interviewers"],
        section=section,
    )


@app.command("concentration")
def concentration(
    role: Annotated[str | None, typer.Option(metavar="ROLE", help="Only this role.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show interview load concentration.

    Top share, Gini and HHI of lead interviews per role.
    """
    from eng_ops.output import emit
    from eng_ops.services.interviewers import pool

    with open_session(write=False) as session:
        rows = pool(session, role)["concentration"]
    columns = [
        "role",
        "lead_interviews",
        "interviewers",
        "top_interviewer",
        "top_share",
        "gini",
        "hhi",
        "warning",
    ]
    emit(rows, fmt, columns, title="Interview load concentration", empty="no lead interviews")


@app.command("agreement")
def agreement(
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="The trainee's handle.")],
    role: Annotated[str, typer.Option(metavar="ROLE", help="Role key.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Compare a trainee with the panel.

    Shadow and reverse-shadow ratings against the panel's, with weighted kappa.
    """
    from eng_ops.output import emit, emit_json, message
    from eng_ops.services.interviewers import agreement as agreement_service

    with open_session(write=False) as session:
        result = agreement_service(session, handle, role)
    if fmt is Format.json:
        emit_json(result)
        return
    emit(
        result["interviews"],
        fmt,
        ["interview", "mode", "on", "compared", "exact", "within_one"],
        title=f"{handle} vs the panel ({role})",
        empty="no shadow or reverse-shadow scorecards",
    )
    for mode, kappa in result["kappa"].items():
        message(f"{mode}: weighted kappa {kappa if kappa is not None else 'not measurable'}")


@app.command("promote")
def promote(
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="The interviewer's handle.")],
    role: Annotated[str, typer.Option(metavar="ROLE", help="Role key.")],
) -> None:
    """Promote an interviewer one stage.

    Only when the stage's requirements (config [interviewers]) are met.
    """
    from eng_ops.output import message
    from eng_ops.services.interviewers import promote as promote_service

    with open_session() as session:
        _, steps = promote_service(session, handle, role)
    message(f"{handle} ({role}): {steps[0]}")
