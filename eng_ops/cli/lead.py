"""`eng-ops lead`: lead roles (who leads what, for which term)."""

from __future__ import annotations

from typing import Annotated

import typer

from eng_ops.cli.common import FormatOpt, open_session
from eng_ops.cli.report import ReportFormat
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


# --- openings --------------------------------------------------------------------------------

opening_app = typer.Typer(help="Lead openings: add and show.", no_args_is_help=True)
app.add_typer(opening_app, name="opening")
OpeningArg = Annotated[int, typer.Argument(metavar="OPENING", help="Opening id.")]
HandleArg = Annotated[str, typer.Argument(help="The person's handle.")]


@opening_app.command("add")
def opening_add(
    title: Annotated[str, typer.Option(help="What the lead will lead.")],
    seats: Annotated[int, typer.Option(help="How many leads are wanted.")],
    requires: Annotated[
        list[str], typer.Option("--requires", help="COMPETENCY:LEVEL (repeatable).")
    ],
    closes: Annotated[str, typer.Option(help="Closing date for applications.")],
    team: Annotated[str | None, typer.Option(help="Team key.")] = None,
    term: Annotated[str, typer.Option(help="Length of the lead term, e.g. 6m, 12w.")] = "6m",
    min_level: Annotated[str | None, typer.Option(help="Lowest eligible level.")] = None,
    description: Annotated[str | None, typer.Option(help="What a lead does there.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Open a lead position; prints it with its id."""
    from eng_ops.dates import parse_date, parse_duration
    from eng_ops.output import emit_object
    from eng_ops.services.openings import add_opening

    with open_session() as session:
        record = add_opening(
            session,
            title=title,
            team=team,
            seats=seats,
            term_days=parse_duration(term, field="--term").days,
            requires=requires,
            closes=parse_date(closes, field="--closes"),
            description=description,
            min_level=min_level,
        )
    emit_object(record, fmt, title=f"Opening #{record['id']}")


@opening_app.command("show")
def opening_show(opening: OpeningArg, fmt: FormatOpt = Format.table) -> None:
    """Show an opening with its candidates, their eligibility and readiness."""
    from eng_ops.output import emit, emit_json, message
    from eng_ops.services.openings import show_opening

    with open_session(write=False) as session:
        result = show_opening(session, opening)
    if fmt is Format.json:
        emit_json(result)
        return
    message(
        f"Opening #{result['id']} {result['title']} · {result['seats']} seats · closes "
        f"{result['closes']} · term {result['term_start']} to {result['term_end']}"
    )
    rows = [
        {
            "handle": c["handle"],
            "kind": c["kind"],
            "status": c["status"],
            "eligible": c["eligible"],
            "readiness": c["readiness"],
            "issues": c["issues"],
        }
        for c in result["candidates"]
    ]
    emit(rows, fmt, title="Candidates", empty="no candidates yet")


@app.command("openings")
def openings(
    all_: Annotated[bool, typer.Option("--all", help="Include filled and closed.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List lead openings."""
    from eng_ops.output import emit
    from eng_ops.services.openings import list_openings

    with open_session(write=False) as session:
        rows = list_openings(session, include_closed=all_)
    columns = ["id", "title", "team", "seats", "closes", "status", "candidates"]
    emit(rows, fmt, columns, title="Lead openings", empty="no open lead openings")


@app.command("advert")
def advert(
    opening: OpeningArg,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="md or html.", case_sensitive=False)
    ] = ReportFormat.md,
    out: Annotated[str | None, typer.Option(help="Write to this file.")] = None,
) -> None:
    """Render the internal advert for an opening (anyone may apply)."""

    from eng_ops.cli.common import actor
    from eng_ops.config import user_templates_dir
    from eng_ops.output import write_document
    from eng_ops.render import render
    from eng_ops.services.reports import build_context

    with open_session(write=False) as session:
        context = build_context(session, "advert", {"opening": str(opening)}, actor())
    text = render("advert", fmt.value, context, user_templates_dir(None))
    write_document(text, out)


@app.command("apply")
def apply(
    opening: OpeningArg,
    handle: HandleArg,
    statement: Annotated[str | None, typer.Option(help="Why they want it.")] = None,
) -> None:
    """Apply for an opening."""
    from eng_ops.output import message, warn
    from eng_ops.services.openings import apply as apply_service

    with open_session() as session:
        status = apply_service(session, opening, handle, statement)
    message(f"{handle} applied for opening #{opening} ({status['readiness']})")
    for issue in status["issues"]:
        warn(f"{handle}: {issue}")


@app.command("nominate")
def nominate(
    opening: OpeningArg,
    handle: HandleArg,
    by: Annotated[str, typer.Option(help="Who puts them forward.")],
    reason: Annotated[str, typer.Option(help="Why.")],
) -> None:
    """Put someone forward for an opening (they accept or decline)."""
    from eng_ops.output import message, warn
    from eng_ops.services.openings import nominate as nominate_service

    with open_session() as session:
        status = nominate_service(session, opening, handle, by, reason)
    message(f"{by} nominated {handle} for opening #{opening} ({status['readiness']})")
    for issue in status["issues"]:
        warn(f"{handle}: {issue}")


@app.command("respond")
def respond(
    opening: OpeningArg,
    handle: HandleArg,
    accept: Annotated[
        bool | None,
        typer.Option("--accept/--decline", help="The nominee's answer.", show_default=False),
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Why (kept for the openness view).")] = None,
) -> None:
    """A nominee accepts or declines."""
    from eng_ops.errors import InvalidInput
    from eng_ops.output import message
    from eng_ops.services.openings import respond as respond_service

    if accept is None:
        raise InvalidInput("say --accept or --decline")
    with open_session() as session:
        respond_service(session, opening, handle, accept, reason)
    message(f"{handle} {'accepted' if accept else 'declined'} the nomination for #{opening}")


@app.command("withdraw")
def withdraw(opening: OpeningArg, handle: HandleArg) -> None:
    """Withdraw a candidacy."""
    from eng_ops.output import message
    from eng_ops.services.openings import withdraw as withdraw_service

    with open_session() as session:
        withdraw_service(session, opening, handle)
    message(f"{handle} withdrew from opening #{opening}")


@app.command("decide")
def decide(
    opening: OpeningArg,
    handle: HandleArg,
    select_: Annotated[
        bool | None, typer.Option("--select/--reject", help="The decision.", show_default=False)
    ] = None,
    rationale: Annotated[str | None, typer.Option(help="Why (kept on record).")] = None,
) -> None:
    """Select or reject a candidate; a selection becomes a lead role for the term."""
    from eng_ops.errors import InvalidInput
    from eng_ops.output import message, warn
    from eng_ops.services.openings import decide as decide_service

    if select_ is None:
        raise InvalidInput("say --select or --reject")
    with open_session() as session:
        record, warnings = decide_service(session, opening, handle, select_, rationale or "")
    for text in warnings:
        warn(text)
    message(f"{handle}: {record['status']} for opening #{opening}")


@app.command("pipeline")
def pipeline(
    opening: Annotated[int | None, typer.Argument(metavar="[OPENING]", help="One opening.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Will the openings fill? Seats, applicants, eligible, ready, risk and what to do."""
    from eng_ops.output import emit, emit_json, message
    from eng_ops.services.openings import pipeline as pipeline_service

    with open_session(write=False) as session:
        rows = pipeline_service(session, opening)
    if fmt is Format.json:
        emit_json(rows)
        return
    columns = [
        "opening",
        "seats",
        "applicants",
        "eligible",
        "ready",
        "stretch",
        "conflicts",
        "days_left",
        "risk",
    ]
    emit(rows, fmt, columns, title="Lead pipeline", empty="no open lead openings")
    if fmt is Format.table:
        for row in rows:
            for action in row["actions"]:
                who = f" {action['handle']}" if action.get("handle") else ""
                message(f"#{row['opening']} {action['kind']}{who}: {action['reason']}")


@app.command("openness")
def openness(fmt: FormatOpt = Format.table) -> None:
    """Who applied and who was nominated, by team and level; declined nominations."""
    from eng_ops.output import emit, emit_json
    from eng_ops.services.openings import openness as openness_service

    with open_session(write=False) as session:
        result = openness_service(session)
    if fmt is Format.json:
        emit_json(result)
        return
    emit(
        result["groups"],
        fmt,
        ["team", "level", "people", "applied", "nominated"],
        title="Who comes forward",
    )
    emit(result["by_tenure"], fmt, ["tenure", "people", "applied", "nominated"], title="By tenure")
    emit(
        result["declined"],
        fmt,
        ["handle", "opening", "reason"],
        title="Declined nominations",
        empty="no declined nominations",
    )


@app.command("convert")
def convert(
    opening: OpeningArg,
    to_rotation: Annotated[
        bool, typer.Option("--to-rotation", help="Turn unfilled seats into rotations.")
    ] = False,
    weeks: Annotated[int, typer.Option(help="Length of each rotation, 2 to 12 weeks.")] = 8,
    fmt: FormatOpt = Format.table,
) -> None:
    """Turn an opening's unfilled seats into time-boxed lead rotations (closes the opening)."""
    from eng_ops.errors import InvalidInput
    from eng_ops.output import emit, message
    from eng_ops.services.openings import convert_to_rotations

    if not to_rotation:
        raise InvalidInput("say --to-rotation (the only conversion there is)")
    with open_session() as session:
        rows = convert_to_rotations(session, opening, weeks)
    emit(rows, fmt, ["name", "team", "start", "end", "targets"], title="New rotation projects")
    message(f"opening #{opening} closed; plan leads with: eng-ops rotation plan")
