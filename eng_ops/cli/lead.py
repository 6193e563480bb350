"""`eng-ops lead`: lead roles, lead openings and their pipeline.

Nouns are sub-groups with verbs (`lead role list`, `lead opening add`); the older flat spellings
(`lead roles`, `lead openings`, `lead apply`...) stay as hidden aliases for existing scripts.
"""

from __future__ import annotations

from typing import Annotated

import typer

from eng_ops.cli import lead_plan
from eng_ops.cli.common import (
    FormatOpt,
    SectionOpt,
    open_session,
    require_goal_or_direction,
    warn_placeholders,
)
from eng_ops.cli.params import one_of
from eng_ops.cli.report import ReportFormat
from eng_ops.output import Format
from eng_ops.services.limits import ROTATION_WEEKS, SEATS, TERM_DAYS

app = typer.Typer(
    help="Tech leads: lead roles, openings (apply, nominate, decide), pipeline, openness.",
    no_args_is_help=True,
)
role_app = typer.Typer(
    help="Lead roles: assign, list, edit and end who leads a team or project.",
    no_args_is_help=True,
)
opening_app = typer.Typer(
    help="Lead openings: add, list, show, edit, extend, advert, apply, nominate, respond, "
    "withdraw, decide, close, cancel, convert.",
    no_args_is_help=True,
)
app.add_typer(role_app, name="role")
app.add_typer(opening_app, name="opening")
app.add_typer(lead_plan.app, name="plan")


# Options that `role assign`/`role edit` and `opening add`/`opening edit` share.
GoalOpt = Annotated[
    str | None, typer.Option(metavar="TEXT", help="What the lead is there to achieve.")
]
DirectionOpt = Annotated[
    str | None, typer.Option(metavar="TEXT", help="The technical direction for the term.")
]
DescriptionOpt = Annotated[str | None, typer.Option(metavar="TEXT", help="What a lead does there.")]
MinLevelOpt = Annotated[
    str | None, typer.Option(metavar="LEVEL", help="Lowest eligible level (from the ladder).")
]


@role_app.command("assign")
@app.command("assign", hidden=True)
def assign(
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="The lead's handle.")],
    team: Annotated[str | None, typer.Option(metavar="TEAM", help="Team key they lead.")] = None,
    project: Annotated[
        str | None, typer.Option(metavar="NAME", help="Or a named project they lead.")
    ] = None,
    from_: Annotated[
        str, typer.Option("--from", metavar="DATE", help="Start of the term.")
    ] = "today",
    to: Annotated[
        str | None, typer.Option(metavar="DATE", help="End of the term (open if not given).")
    ] = None,
    allow_overlap: Annotated[
        bool, typer.Option("--allow-overlap", help="Let them lead two things at once.")
    ] = False,
    goal: GoalOpt = None,
    direction: DirectionOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Make someone the lead of a team or project for a term.

    A missing or placeholder goal or direction is accepted; `audit projects` lists it.
    """
    from eng_ops.dates import parse_date
    from eng_ops.output import emit_object
    from eng_ops.services.lead_roles import assign as assign_service

    one_of({"--team": team, "--project": project}, "a lead role is for a team or a project")
    with open_session() as session:
        record = assign_service(
            session,
            handle,
            team=team,
            project=project,
            start=parse_date(from_, field="--from"),
            end=parse_date(to, field="--to") if to else None,
            allow_overlap=allow_overlap,
            goal=goal,
            direction=direction,
        )
    warn_placeholders(goal=goal, direction=direction)
    emit_object(record, fmt, title=f"Lead role #{record.id}")


@role_app.command("list")
@app.command("roles", hidden=True)
def roles(
    all_: Annotated[bool, typer.Option("--all", help="Include past and future roles.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List who leads what today, and when each term ends."""
    from eng_ops.output import emit
    from eng_ops.services.lead_roles import list_roles

    with open_session(write=False) as session:
        rows = list_roles(session, include_past=all_)
    columns = ["id", "handle", "team", "project", "start", "end", "days_left"]
    emit(rows, fmt, columns, title="Lead roles", empty="no lead roles")


@role_app.command("end")
@app.command("end", hidden=True)
def end(
    role_id: Annotated[int, typer.Argument(metavar="ROLE", help="Lead role id.")],
    on: Annotated[str, typer.Option(metavar="DATE", help="Last day of the role.")] = "today",
) -> None:
    """End a lead role."""
    from eng_ops.dates import parse_date
    from eng_ops.output import message
    from eng_ops.services.lead_roles import end_role

    with open_session() as session:
        record = end_role(session, role_id, parse_date(on, field="--on"))
    message(f"lead role #{record.id} of {record.handle} ends on {record.end}")


@role_app.command("edit")
def role_edit(
    role_id: Annotated[int, typer.Argument(metavar="ROLE", help="Lead role id.")],
    goal: GoalOpt = None,
    direction: DirectionOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Write a lead role's goal or direction (say, to replace a placeholder)."""
    from eng_ops.output import emit_object
    from eng_ops.services.lead_roles import edit_role

    require_goal_or_direction(goal, direction)
    with open_session() as session:
        record = edit_role(session, role_id, goal=goal, direction=direction)
    warn_placeholders(goal=goal, direction=direction)
    emit_object(record, fmt, title=f"Lead role #{record.id}")


# --- openings --------------------------------------------------------------------------------

OpeningArg = Annotated[int, typer.Argument(metavar="OPENING", help="Opening id.")]
HandleArg = Annotated[str, typer.Argument(metavar="HANDLE", help="The person's handle.")]


@opening_app.command("add")
def opening_add(
    title: Annotated[str, typer.Option(metavar="TEXT", help="What the lead will lead.")],
    seats: Annotated[int, typer.Option(metavar="N", help=SEATS.help("How many leads are wanted."))],
    requires: Annotated[
        list[str],
        typer.Option(
            "--requires",
            metavar="COMPETENCY:LEVEL",
            help="A required competency level (repeatable; levels from the ladder).",
        ),
    ],
    closes: Annotated[str, typer.Option(metavar="DATE", help="Closing date for applications.")],
    team: Annotated[str | None, typer.Option(metavar="TEAM", help="Team key.")] = None,
    term: Annotated[
        str,
        typer.Option(
            metavar="DURATION",
            help=TERM_DAYS.help("Length of the lead term, e.g. 6m, 12w."),
        ),
    ] = "6m",
    min_level: MinLevelOpt = None,
    description: DescriptionOpt = None,
    decider: Annotated[
        list[str] | None,
        typer.Option(
            "--decider",
            metavar="HANDLE",
            help="Someone who may decide on its candidates besides you (repeatable).",
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Open a lead position; prints it with its id.

    Whoever adds it and every --decider may decide on its candidates.
    """
    from eng_ops.dates import parse_date
    from eng_ops.output import emit_object
    from eng_ops.services.limits import duration_days
    from eng_ops.services.openings import add_opening

    with open_session() as session:
        record = add_opening(
            session,
            title=title,
            team=team,
            seats=seats,
            term_days=duration_days(term, TERM_DAYS, "--term"),
            requires=requires,
            closes=parse_date(closes, field="--closes"),
            description=description,
            min_level=min_level,
            decider=decider,
        )
    emit_object(record, fmt, title=f"Opening #{record['id']}")


@opening_app.command("show")
def opening_show(
    opening: OpeningArg, fmt: FormatOpt = Format.table, section: SectionOpt = None
) -> None:
    """Show an opening with its candidates, their eligibility and readiness.

    Sections: opening, candidates.
    """
    from eng_ops.output import Section, emit_view, field_rows
    from eng_ops.services.openings import show_opening

    with open_session(write=False) as session:
        result = show_opening(session, opening)
    details = field_rows(result, skip=("candidates",))
    decided = any(c["rationale"] for c in result["candidates"])
    rows = [
        {
            "handle": c["handle"],
            "kind": c["kind"],
            "status": c["status"],
            "eligible": c["eligible"],
            "readiness": c["readiness"],
            "issues": c["issues"],
            **({"rationale": c["rationale"]} if decided else {}),
        }
        for c in result["candidates"]
    ]
    emit_view(
        [
            Section("opening", f"Opening #{result['id']}", details, ["field", "value"]),
            Section("candidates", "Candidates", rows, empty="no candidates yet"),
        ],
        fmt,
        data=result,
        section=section,
    )


@opening_app.command("list")
@app.command("openings", hidden=True)
def openings(
    all_: Annotated[
        bool, typer.Option("--all", help="Include filled, closed and cancelled ones.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List lead openings (open ones; --all adds how the others ended)."""
    from eng_ops.output import emit
    from eng_ops.services.openings import list_openings

    with open_session(write=False) as session:
        rows = list_openings(session, include_closed=all_)
    columns = ["id", "title", "team", "seats", "closes", "status", "candidates"]
    if all_:
        columns[-1:-1] = ["ended_on", "end_reason"]
    empty = "no lead openings" if all_ else "no open lead openings"
    emit(rows, fmt, columns, title="Lead openings", empty=empty)


@opening_app.command("advert")
@app.command("advert", hidden=True)
def advert(
    opening: OpeningArg,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="Document format.", case_sensitive=False),
    ] = ReportFormat.md,
    out: Annotated[
        str | None, typer.Option(metavar="FILE", help="Write to this file (default: stdout).")
    ] = None,
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


@opening_app.command("apply")
@app.command("apply", hidden=True)
def apply(
    opening: OpeningArg,
    handle: HandleArg,
    statement: Annotated[str | None, typer.Option(metavar="TEXT", help="Why they want it.")] = None,
) -> None:
    """Apply for an opening."""
    from eng_ops.output import message, warn
    from eng_ops.services.openings import apply as apply_service

    with open_session() as session:
        status = apply_service(session, opening, handle, statement)
    message(f"{handle} applied for opening #{opening} ({status['readiness']})")
    for issue in status["issues"]:
        warn(f"{handle}: {issue}")


@opening_app.command("nominate")
@app.command("nominate", hidden=True)
def nominate(
    opening: OpeningArg,
    handle: HandleArg,
    by: Annotated[str, typer.Option(metavar="HANDLE", help="Who puts them forward.")],
    reason: Annotated[str, typer.Option(metavar="TEXT", help="Why.")],
) -> None:
    """Put someone forward for an opening (they accept or decline)."""
    from eng_ops.output import message, warn
    from eng_ops.services.openings import nominate as nominate_service

    with open_session() as session:
        status = nominate_service(session, opening, handle, by, reason)
    message(f"{by} nominated {handle} for opening #{opening} ({status['readiness']})")
    for issue in status["issues"]:
        warn(f"{handle}: {issue}")


@opening_app.command("respond")
@app.command("respond", hidden=True)
def respond(
    opening: OpeningArg,
    handle: HandleArg,
    accept_: Annotated[bool, typer.Option("--accept", help="The nominee accepts.")] = False,
    decline: Annotated[bool, typer.Option("--decline", help="The nominee declines.")] = False,
    reason: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Why (kept for the openness view).")
    ] = None,
) -> None:
    """A nominee accepts or declines (--accept or --decline)."""
    from eng_ops.errors import InvalidInput
    from eng_ops.output import message
    from eng_ops.services.openings import respond as respond_service

    answer = one_of({"--accept": accept_, "--decline": decline})
    if answer is None:
        raise InvalidInput("say --accept or --decline")
    accept = answer == "--accept"
    with open_session() as session:
        respond_service(session, opening, handle, accept, reason)
    message(f"{handle} {'accepted' if accept else 'declined'} the nomination for #{opening}")


@opening_app.command("withdraw")
@app.command("withdraw", hidden=True)
def withdraw(opening: OpeningArg, handle: HandleArg) -> None:
    """Withdraw a candidacy."""
    from eng_ops.output import message
    from eng_ops.services.openings import withdraw as withdraw_service

    with open_session() as session:
        withdraw_service(session, opening, handle)
    message(f"{handle} withdrew from opening #{opening}")


@opening_app.command("decide")
@app.command("decide", hidden=True)
def decide(
    opening: OpeningArg,
    handle: HandleArg,
    select: Annotated[bool, typer.Option("--select", help="Select them.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="Reject them.")] = False,
    rationale: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Why (kept on record).")
    ] = None,
    early: Annotated[
        bool,
        typer.Option("--early", help="Select before the closing date, shutting the opening."),
    ] = False,
    develop: Annotated[
        bool,
        typer.Option("--develop", help="With --reject: record a development plan for them."),
    ] = False,
) -> None:
    """Select or reject a candidate; only the opening's deciders may.

    A selection becomes a lead role for the opening's term; before the closing date it needs
    --early. A filled opening still takes rejections.
    """
    from eng_ops.cli.params import none_with
    from eng_ops.errors import InvalidInput
    from eng_ops.output import message, warn
    from eng_ops.services.openings import decide as decide_service

    decision = one_of({"--select": select, "--reject": reject})
    none_with("--early", early, {"--reject": reject}, "--early is for a selection")
    none_with("--develop", develop, {"--select": select}, "a plan is for the not selected")
    if decision is None:
        raise InvalidInput("say --select or --reject")
    select_ = decision == "--select"
    with open_session() as session:
        result = decide_service(
            session, opening, handle, select_, rationale or "", early=early, develop=develop
        )
    for text in result.warnings:
        warn(text)
    message(f"{handle}: {result.status} for opening #{opening}")
    for action in result.plan:
        due = f" (by {action.due.isoformat()})" if action.due else ""
        message(f"  plan: {action.text}{due}")
    if develop and not result.plan:
        message(f"  plan: none needed, {handle} shows every competency the opening requires")


@opening_app.command("edit")
def opening_edit(
    opening: OpeningArg,
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="A new title.")] = None,
    seats: Annotated[
        int | None,
        typer.Option(metavar="N", help=SEATS.help("Leads wanted, not below those selected.")),
    ] = None,
    term: Annotated[
        str | None,
        typer.Option(metavar="DURATION", help=TERM_DAYS.help("Length of the term, e.g. 6m.")),
    ] = None,
    closes: Annotated[
        str | None, typer.Option(metavar="DATE", help="A new closing date, not in the past.")
    ] = None,
    requires: Annotated[
        list[str] | None,
        typer.Option(
            "--requires",
            metavar="COMPETENCY:LEVEL",
            help="Required levels, replacing all of them (repeatable).",
        ),
    ] = None,
    min_level: MinLevelOpt = None,
    description: DescriptionOpt = None,
    decider: Annotated[
        list[str] | None,
        typer.Option("--decider", metavar="HANDLE", help="Add a decider (repeatable)."),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Change an open opening; prints it, and each change on stderr.

    Every value is checked as when the opening was added; each change is audited.
    """
    from eng_ops.dates import parse_date
    from eng_ops.errors import UsageError
    from eng_ops.output import emit_object, message
    from eng_ops.services.limits import duration_days
    from eng_ops.services.openings import edit_opening

    given = (title, seats, term, closes, requires, min_level, description, decider)
    if all(value is None or value == [] for value in given):
        raise UsageError("nothing to change: give at least one option (see --help)")
    with open_session() as session:
        change = edit_opening(
            session,
            opening,
            title=title,
            seats=seats,
            term_days=duration_days(term, TERM_DAYS, "--term") if term is not None else None,
            closes=parse_date(closes, field="--closes") if closes is not None else None,
            requires=requires,
            min_level=min_level,
            description=description,
            decider=decider,
        )
    emit_object(change.opening, fmt, title=f"Opening #{opening}")
    for line in change.changed or ["nothing changed"]:
        message(f"opening #{opening}: {line}")
    for note in change.notes:
        message(note)


@opening_app.command("extend")
def opening_extend(
    opening: OpeningArg,
    closes: Annotated[
        str, typer.Option(metavar="DATE", help="The new closing date, later than the current.")
    ],
) -> None:
    """Move an open opening's closing date later."""
    from eng_ops.dates import parse_date
    from eng_ops.output import message
    from eng_ops.services.openings import extend_opening

    with open_session() as session:
        change = extend_opening(session, opening, parse_date(closes, field="--closes"))
    for line in change.changed:
        message(f"opening #{opening}: {line}")
    for note in change.notes:
        message(note)


@opening_app.command("cancel")
def opening_cancel(
    opening: OpeningArg,
    reason: Annotated[str, typer.Option(metavar="TEXT", help="Why it is cancelled.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Cancel an open opening; every candidacy is withdrawn with the reason.

    Prints the candidacies it ended. An opening with a selected lead is closed instead.
    """
    from eng_ops.output import emit, message
    from eng_ops.services.openings import cancel_opening

    with open_session() as session:
        result = cancel_opening(session, opening, reason)
    columns = ["handle", "kind", "status", "rationale"]
    emit(result.candidates, fmt, columns, title=f"Opening #{opening}", empty="no candidates")
    message(f"opening #{opening} cancelled: {result.end_reason}")


@opening_app.command("close")
def opening_close(
    opening: OpeningArg,
    feedback: Annotated[
        str,
        typer.Option(metavar="TEXT", help="Why they were not selected: kept with each decision."),
    ],
    fmt: FormatOpt = Format.table,
) -> None:
    """Close an open or filled opening: every candidate without a decision gets one.

    Applicants and nominees still waiting are not selected, with the feedback as rationale;
    declined nominations are withdrawn. Prints the decisions it made.
    """
    from eng_ops.output import emit, message
    from eng_ops.services.openings import close_opening

    with open_session() as session:
        result = close_opening(session, opening, feedback)
    columns = ["handle", "kind", "status", "rationale"]
    emit(result.candidates, fmt, columns, title=f"Opening #{opening}", empty="nobody to decide")
    message(f"opening #{opening} closed: {result.end_reason}")


@app.command("pipeline")
def pipeline(
    opening: Annotated[
        int | None, typer.Argument(metavar="OPENING", help="One opening (default: all open).")
    ] = None,
    fmt: FormatOpt = Format.table,
    section: SectionOpt = None,
) -> None:
    """Will the openings fill? Seats, candidates by name, risk and what to do.

    Per opening: seats, applicants, eligible, ready, stretch, conflicts, days left, risk
    (most severe first: will-not-fill, at-risk, ok), and a line saying why. A new opening
    is at-risk while there are days left and enough eligible people to ask; will-not-fill
    once its closing date has passed, or when too few people in the org could take a seat.
    Nominees come from the opening's team first, then its sister teams, then the rest.

    Sections: openings, candidates, actions (json: the list of openings, each with its
    candidates, pending nominations and actions).
    """
    from eng_ops.output import Section, emit_view
    from eng_ops.services.lead_pipeline import pipeline as pipeline_service

    with open_session(write=False) as session:
        rows = pipeline_service(session, opening)
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
    people = [
        {
            "opening": row.opening,
            "handle": c.handle,
            "kind": c.kind,
            "status": c.status,
            "response": c.response,
            "readiness": c.readiness,
            "eligible": c.eligible,
            "issues": c.issues,
        }
        for row in rows
        for c in row.candidates
    ]
    actions = [
        {
            "opening": row.opening,
            "action": action.kind,
            "handle": action.handle,
            "reason": action.reason,
        }
        for row in rows
        for action in row.actions
    ]
    emit_view(
        [
            Section("openings", "Lead pipeline", rows, columns, empty="no open lead openings"),
            Section("candidates", "Candidates", people, empty="no candidates yet"),
            Section("actions", "What to do", actions, empty="nothing to do"),
        ],
        fmt,
        data=rows,
        section=section,
        notes=[f"#{row.opening} {row.risk}: {row.why}" for row in rows],
    )


@app.command("openness")
def openness(fmt: FormatOpt = Format.table, section: SectionOpt = None) -> None:
    """Who comes forward: applied and nominated, by team, level and tenure.

    Also the declined nominations, with their reasons.

    Sections: groups, by_tenure, declined.
    """
    from eng_ops.output import Section, emit_view
    from eng_ops.services.lead_pipeline import openness as openness_service

    with open_session(write=False) as session:
        result = openness_service(session)
    emit_view(
        [
            Section(
                "groups",
                "Who comes forward",
                result["groups"],
                ["team", "level", "people", "applied", "nominated"],
            ),
            Section(
                "by_tenure",
                "By tenure",
                result["by_tenure"],
                ["tenure", "people", "applied", "nominated"],
            ),
            Section(
                "declined",
                "Declined nominations",
                result["declined"],
                ["handle", "opening", "reason"],
                empty="no declined nominations",
            ),
        ],
        fmt,
        data=result,
        section=section,
    )


@opening_app.command("convert")
@app.command("convert", hidden=True)
def convert(
    opening: OpeningArg,
    to_rotation: Annotated[
        bool, typer.Option("--to-rotation", help="Turn unfilled seats into rotations.")
    ] = False,
    weeks: Annotated[
        int, typer.Option(metavar="N", help=ROTATION_WEEKS.help("Length of each rotation."))
    ] = 8,
    fmt: FormatOpt = Format.table,
) -> None:
    """Turn an opening's unfilled seats into lead rotations.

    Each seat becomes a time-boxed rotation project; the opening closes.
    """
    from eng_ops.errors import InvalidInput
    from eng_ops.output import emit, message
    from eng_ops.services.openings import convert_to_rotations

    if not to_rotation:
        raise InvalidInput("say --to-rotation (the only conversion there is)")
    with open_session() as session:
        rows = convert_to_rotations(session, opening, weeks)
    emit(rows, fmt, ["name", "team", "start", "end", "targets"], title="New rotation projects")
    message(f"opening #{opening} closed; plan leads with: eng-ops rotation plan")
