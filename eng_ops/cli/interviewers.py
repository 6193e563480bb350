"""`eng-ops interviewers`: who interviews for which role, at which stage."""

from __future__ import annotations

from typing import Annotated

import typer

from eng_ops.cli.choices import Stage
from eng_ops.cli.common import FormatOpt, SectionOpt, open_session
from eng_ops.output import Format
from eng_ops.services.limits import LOOKBACK_DAYS

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


DaysOpt = Annotated[
    int,
    typer.Option(
        "--days",
        metavar="N",
        help=LOOKBACK_DAYS.help("Look back N days from today for shares and loops."),
    ),
]


@app.command("list")
def list_(
    role: Annotated[str | None, typer.Option(metavar="ROLE", help="Only this role.")] = None,
    days: DaysOpt = 365,
    fmt: FormatOpt = Format.table,
    section: SectionOpt = None,
) -> None:
    """List the interviewer pool.

    Stage per role, interviews by mode and last interview (all time); share of the role's
    lead interviews, loops sat on and share of the role's loops (last --days days). Then
    each role's concentration. Sections: interviewers, concentration (json: the
    interviewers; `interviewers concentration` has the rest).
    """
    from eng_ops.output import Section, emit_view, warn
    from eng_ops.services.interviewers import pool

    with open_session(write=False) as session:
        result = pool(session, role, days=days)
    columns = [
        "handle",
        *(["role"] if role is None or fmt is not Format.table else []),
        "stage",
        "lead",
        "shadow",
        "reverse_shadow",
        "last_interview",
        "share",
        "loops",
        "loop_share",
    ]
    for row in result.concentration:
        if row.warning:
            warn(row.warning)
    emit_view(
        [
            Section(
                "interviewers",
                "Interviewers",
                result.interviewers,
                columns,
                empty="no interviewers yet: eng-ops interviewers enrol HANDLE --role ROLE",
            ),
            Section(
                "concentration",
                f"Loops and lead interviews per role since {result.since}",
                result.concentration,
                [
                    "role",
                    "loops",
                    "top_loop_interviewer",
                    "top_loop_share",
                    "lead_interviews",
                    "top_interviewer",
                    "top_share",
                    "gini",
                    "hhi",
                ],
                empty="no lead interviews in the window",
            ),
        ],
        fmt,
        data=result.interviewers,
        section=section,
    )


@app.command("concentration")
def concentration(
    role: Annotated[str | None, typer.Option(metavar="ROLE", help="Only this role.")] = None,
    days: DaysOpt = 365,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show how much of each role's hiring rests on one interviewer.

    Over the last --days days (default 365, never the future), counting lead interviews
    only: a loop is a candidate with a lead interview in the window. top_loop_share is the
    largest share of the role's loops one person held a lead slot on; top_share the
    largest share of its lead interviews; Gini and HHI measure how evenly those interviews
    are spread. A warning names everyone whose loop share is above
    interviewers.loop_share_limit (default 50%) and a quarter above what an even rotation
    gives, or whose slot share is above interviewers.slot_share_limit (default 25%) while
    more than 1/limit people interview (with fewer, an even split is already above the
    limit). When the top loop share is over the limit but nobody stands out, the warning
    says the pool is too small for its panels. Below 3 loops the warning adds that it is
    too few to call a pattern, and note says "too few loops to judge".
    """
    from eng_ops.output import emit
    from eng_ops.services.interviewers import pool

    with open_session(write=False) as session:
        rows = pool(session, role, days=days).concentration
    columns = [
        "role",
        "loops",
        "top_loop_interviewer",
        "top_loop_share",
        "lead_interviews",
        "interviewers",
        "top_interviewer",
        "top_share",
        "gini",
        "hhi",
        "warning",
        "note",
    ]
    emit(
        rows,
        fmt,
        columns if fmt is not Format.json else None,
        title="Interview load concentration",
        empty="no lead interviews in the window",
    )


@app.command("agreement")
def agreement(
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="The trainee's handle.")],
    role: Annotated[str, typer.Option(metavar="ROLE", help="Role key.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Compare a trainee with the panel.

    Shadow and reverse-shadow ratings against the panel's, with weighted kappa and what it
    rests on; below 10 compared ratings it says "too few ratings to judge".
    """
    from eng_ops.output import emit, emit_json, message
    from eng_ops.services.interviewers import agreement as agreement_service

    with open_session(write=False) as session:
        result = agreement_service(session, handle, role)
    if fmt is Format.json:
        emit_json(result)
        return
    message(result["basis"]["summary"])
    emit(
        result["interviews"],
        fmt,
        ["interview", "mode", "on", "compared", "exact", "within_one"],
        title=f"{handle} vs the panel ({role})",
        empty="no shadow or reverse-shadow scorecards",
    )
    for mode, kappa in result["kappa"].items():
        message(f"{mode}: weighted kappa {kappa if kappa is not None else 'not measurable'}")
    if result["note"]:
        message(result["note"])


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
