"""`eng-ops rotation`: time-boxed lead projects, planned fairly."""

from __future__ import annotations

from typing import Annotated

import typer

from eng_ops.cli.common import (
    FormatOpt,
    SectionOpt,
    open_session,
    require_goal_or_direction,
    warn_placeholders,
)
from eng_ops.output import Format
from eng_ops.services.limits import ROTATION_WEEKS

app = typer.Typer(
    help="Lead rotations: short lead projects, opt-ins, fair planning, feedback, fairness.",
    no_args_is_help=True,
)
Name = Annotated[str, typer.Argument(metavar="NAME", help="Rotation project name.")]
Handle = Annotated[str, typer.Argument(metavar="HANDLE", help="The person's handle.")]


@app.command("add")
def add(
    name: Name,
    goal: Annotated[str, typer.Option(metavar="TEXT", help="What the project must achieve.")],
    start: Annotated[str, typer.Option(metavar="DATE", help="First day.")],
    weeks: Annotated[int, typer.Option(metavar="N", help=ROTATION_WEEKS.help("Length."))],
    team: Annotated[str | None, typer.Option(metavar="TEAM", help="Team key.")] = None,
    sponsor: Annotated[str | None, typer.Option(metavar="HANDLE", help="Who sponsors it.")] = None,
    targets: Annotated[
        list[str] | None,
        typer.Option(
            "--targets",
            metavar="COMPETENCY",
            help="Competency the lead should grow (repeatable).",
        ),
    ] = None,
    direction: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Direction or constraints.")
    ] = None,
    min_level: Annotated[
        str | None,
        typer.Option(
            "--min-level", metavar="LEVEL", help="Lowest level to lead it (else the setting)."
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Add a rotation project.

    Placeholder text in the goal or direction ("tbd", under 15 characters) is accepted with a
    warning; `audit projects` lists it until `rotation edit` replaces it.
    """
    from eng_ops.dates import parse_date
    from eng_ops.output import emit_object
    from eng_ops.services.rotations import add_rotation

    with open_session() as session:
        record = add_rotation(
            session,
            name=name,
            goal=goal,
            team=team,
            start=parse_date(start, field="--start"),
            weeks=weeks,
            sponsor=sponsor,
            targets=targets or [],
            direction=direction,
            min_level=min_level,
        )
    warn_placeholders(goal=goal, direction=direction)
    emit_object(record, fmt, title=f"Rotation {record['name']}")


@app.command("edit")
def edit(
    name: Name,
    goal: Annotated[
        str | None, typer.Option(metavar="TEXT", help="What the project must achieve.")
    ] = None,
    direction: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Direction or constraints.")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Rewrite a project's goal or direction (say, to replace a placeholder)."""
    from eng_ops.output import emit_object
    from eng_ops.services.rotations import edit_rotation

    require_goal_or_direction(goal, direction)
    with open_session() as session:
        result = edit_rotation(session, name, goal=goal, direction=direction)
    warn_placeholders(goal=goal, direction=direction)
    emit_object(result, fmt, title=f"Rotation {result.name}")


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Include closed projects.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List rotation projects."""
    from eng_ops.output import emit
    from eng_ops.services.rotations import list_rotations

    with open_session(write=False) as session:
        rows = list_rotations(session, include_closed=all_)
    columns = ["name", "team", "start", "end", "lead", "mentor", "status"]
    emit(
        rows,
        fmt,
        columns if fmt is Format.table else None,
        title="Rotations",
        empty="no rotation projects",
    )


@app.command("show")
def show(name: Name, fmt: FormatOpt = Format.table, section: SectionOpt = None) -> None:
    """Show a rotation project with its feedback.

    Sections: rotation, feedback.
    """
    from eng_ops.output import Section, emit_view, field_rows
    from eng_ops.services.rotations import show_rotation

    with open_session(write=False) as session:
        result = show_rotation(session, name)
    details = field_rows(result, skip=("feedback",))
    emit_view(
        [
            Section("rotation", f"Rotation {name}", details, ["field", "value"]),
            Section(
                "feedback",
                "Feedback",
                result["feedback"],
                ["from", "competency", "level", "on", "note"],
                empty="no feedback yet",
            ),
        ],
        fmt,
        data=result,
        section=section,
    )


@app.command("optin")
def optin(handle: Handle) -> None:
    """Say someone wants a turn at leading (the planner prefers them)."""
    from eng_ops.output import message
    from eng_ops.services.rotations import set_optin

    with open_session() as session:
        set_optin(session, handle, True)
    message(f"{handle} opted in to lead rotations")


@app.command("optout")
def optout(handle: Handle) -> None:
    """Withdraw the opt-in."""
    from eng_ops.output import message
    from eng_ops.services.rotations import set_optin

    with open_session() as session:
        set_optin(session, handle, False)
    message(f"{handle} opted out of lead rotations")


@app.command("plan")
def plan(
    from_: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="Plan projects from this date.")
    ] = None,
    projects: Annotated[
        str | None,
        typer.Option(metavar="NAME,...", help="Only these projects, comma-separated."),
    ] = None,
    anywhere: Annotated[
        bool,
        typer.Option(
            "--anywhere", help="Also propose leads from outside the project's part of the org."
        ),
    ] = False,
    apply: Annotated[bool, typer.Option("--apply", help="Assign the proposed leads.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Propose (or --apply) a lead and a mentor per unassigned project.

    Leads: active individual contributors on engineering teams at or above the project's
    minimum level, free in its window; from the project's team first, then its sister teams
    and parent (elsewhere only with --anywhere). Nobody gets a second turn while someone in
    reach has none; then never led first, least recently led, opted in, most to learn. The
    mentor has led, is senior to the lead and works nearby. Each pick with its reasons.
    """
    from eng_ops.dates import parse_date
    from eng_ops.output import emit, emit_json, message
    from eng_ops.services.rotations import apply_plan
    from eng_ops.services.rotations import plan as plan_service
    from eng_ops.text import plural

    with open_session(write=apply) as session:
        rows = plan_service(
            session,
            start=parse_date(from_, field="--from") if from_ else None,
            projects=[p.strip() for p in projects.split(",")] if projects else None,
            anywhere=anywhere,
        )
        applied = apply_plan(session, rows) if apply else 0
    if fmt is Format.json:
        emit_json(rows)
    else:  # reasons hold commas: one per line in a table, "; " between them elsewhere
        sep = "\n" if fmt is Format.table else "; "
        emit(
            [{**vars(r), "reasons": sep.join(r.reasons)} for r in rows],
            fmt,
            ["project", "team", "lead", "lead_team", "mentor", "reasons"]
            if fmt is Format.table
            else None,
            title="Rotation plan",
            empty="no unassigned projects",
        )
    message(f"assigned {plural(applied, 'project')}" if apply else "dry run: add --apply to assign")


@app.command("assign")
def assign(
    name: Name,
    handle: Handle,
    mentor: Annotated[str | None, typer.Option(metavar="HANDLE", help="Mentor's handle.")] = None,
) -> None:
    """Make someone the lead of a project (refused if they lead something in that window)."""
    from eng_ops.output import message
    from eng_ops.services.rotations import assign as assign_service

    with open_session() as session:
        record = assign_service(session, name, handle, mentor)
    message(f"{record['name']}: lead {record['lead']}, mentor {record['mentor'] or '-'}")


@app.command("swap")
def swap(name: Name, handle: Handle) -> None:
    """Replace a project's lead."""
    from eng_ops.output import message
    from eng_ops.services.rotations import assign as assign_service

    with open_session() as session:
        record = assign_service(session, name, handle)
    message(f"{record['name']}: lead is now {record['lead']}")


@app.command("close")
def close(
    name: Name, outcome: Annotated[str, typer.Option(metavar="TEXT", help="What came of it.")]
) -> None:
    """Close a project with its outcome."""
    from eng_ops.output import message
    from eng_ops.services.rotations import close as close_service

    with open_session() as session:
        close_service(session, name, outcome)
    message(f"closed {name}")


@app.command("feedback")
def feedback(
    name: Name,
    from_: Annotated[str, typer.Option("--from", metavar="HANDLE", help="Who gives it.")],
    competency: Annotated[str, typer.Option(metavar="COMPETENCY", help="Competency shown.")],
    level: Annotated[str, typer.Option(metavar="LEVEL", help="Level shown.")],
    note: Annotated[str, typer.Option(metavar="TEXT", help="What they saw.")],
) -> None:
    """Feedback on the lead; it becomes their readiness evidence."""
    from eng_ops.output import message
    from eng_ops.services.rotations import feedback as feedback_service

    with open_session() as session:
        result = feedback_service(
            session, name, from_=from_, competency=competency, level=level, note=note
        )
    message(f"feedback for {result['lead']} recorded as evidence #{result['evidence']}")


@app.command("fairness")
def fairness(
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="Only rotations from this date.")
    ] = None,
    fmt: FormatOpt = Format.table,
    section: SectionOpt = None,
) -> None:
    """Turns per eligible person, who never had one, Gini of turns, by team and level.

    Sections: turns, by_team, by_level.
    """
    from eng_ops.dates import parse_date
    from eng_ops.output import Section, emit_view
    from eng_ops.services.rotations import fairness as fairness_service

    with open_session(write=False) as session:
        result = fairness_service(session, parse_date(since, field="--since") if since else None)
    emit_view(
        [
            Section("turns", "Turns per eligible person", result["turns"]),
            Section("by_team", "Turns by team", result["by_team"]),
            Section("by_level", "Turns by level", result["by_level"]),
        ],
        fmt,
        data=result,
        section=section,
        notes=[
            f"Gini of turns {result['gini']:.2f} over {result['eligible']} eligible people",
            f"never given a turn: {', '.join(result['never_led']) or 'nobody'}",
        ],
    )
