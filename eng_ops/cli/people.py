"""`eng-ops people`: list, show, add, edit, leave."""

from __future__ import annotations

from typing import Annotated

import typer

from eng_ops.cli.choices import Track, value
from eng_ops.cli.common import FormatOpt, SectionOpt, open_session
from eng_ops.output import Format

app = typer.Typer(help="People in the org: list, show, add, edit, leave.", no_args_is_help=True)

Handle = Annotated[str, typer.Argument(metavar="HANDLE", help="The person's handle, e.g. alice.")]
LIST_COLUMNS = ("handle", "name", "team", "manager", "level", "track", "title")


@app.command("list")
def list_(
    team: Annotated[str | None, typer.Option(metavar="TEAM", help="Only this team (key).")] = None,
    manager: Annotated[
        str | None, typer.Option(metavar="HANDLE", help="Only direct reports of this handle.")
    ] = None,
    level: Annotated[
        str | None, typer.Option(metavar="LEVEL", help="Only this level, e.g. L4.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include people who have left.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List people (active ones unless --all)."""
    from eng_ops.output import emit
    from eng_ops.services.people import PERSON_COLUMNS, list_people

    with open_session(write=False) as session:
        rows = list_people(session, team=team, manager=manager, level=level, include_left=all_)
    columns = LIST_COLUMNS if fmt is Format.table else PERSON_COLUMNS
    emit(rows, fmt, columns, title="People", empty="no people match")


@app.command("show")
def show(handle: Handle, fmt: FormatOpt = Format.table) -> None:
    """Show one person: details, direct reports and reporting chain."""
    from eng_ops.output import emit_object
    from eng_ops.services.people import show_person

    with open_session(write=False) as session:
        detail = show_person(session, handle)
    emit_object(detail.as_dict(), fmt, title=detail.record["name"])


@app.command("add")
def add(
    handle: Handle,
    name: Annotated[str, typer.Option(metavar="TEXT", help="Full name.")],
    email: Annotated[str | None, typer.Option(metavar="EMAIL", help="Email address.")] = None,
    team: Annotated[str | None, typer.Option(metavar="TEAM", help="Team key.")] = None,
    manager: Annotated[str | None, typer.Option(metavar="HANDLE", help="Manager's handle.")] = None,
    level: Annotated[
        str | None,
        typer.Option(metavar="LEVEL", help="Level, e.g. L3 (one of the ladder's, once imported)."),
    ] = None,
    track: Annotated[
        Track, typer.Option(help="Individual contributor or manager.", case_sensitive=False)
    ] = Track.ic,
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="Job title.")] = None,
    specialty: Annotated[
        list[str] | None,
        typer.Option("--specialty", metavar="TEXT", help="A specialty (repeatable)."),
    ] = None,
    started: Annotated[
        str | None, typer.Option(metavar="DATE", help="Start date, e.g. 2026-11-27 or today.")
    ] = None,
) -> None:
    """Add a person."""
    from eng_ops.dates import parse_date
    from eng_ops.output import message
    from eng_ops.services.people import add_person

    with open_session() as session:
        record = add_person(
            session,
            handle=handle,
            name=name,
            email=email,
            team=team,
            manager=manager,
            level=level,
            track=track.value,
            title=title,
            specialties=specialty or [],
            started=parse_date(started, field="--started") if started else None,
        )
    message(f"added {record['handle']} ({record['name']})")


@app.command("edit")
def edit(
    handle: Handle,
    name: Annotated[str | None, typer.Option(metavar="TEXT", help="Full name.")] = None,
    email: Annotated[str | None, typer.Option(metavar="EMAIL", help="Email ('' clears).")] = None,
    team: Annotated[str | None, typer.Option(metavar="TEAM", help="Team key ('' clears).")] = None,
    manager: Annotated[
        str | None, typer.Option(metavar="HANDLE", help="Manager's handle ('' clears).")
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(metavar="LEVEL", help="Level, e.g. L4 (one of the ladder's, once imported)."),
    ] = None,
    track: Annotated[
        Track | None,
        typer.Option(help="Individual contributor or manager.", case_sensitive=False),
    ] = None,
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="Job title.")] = None,
    specialty: Annotated[
        list[str] | None,
        typer.Option("--specialty", metavar="TEXT", help="Replace specialties (repeatable)."),
    ] = None,
    started: Annotated[str | None, typer.Option(metavar="DATE", help="Start date.")] = None,
) -> None:
    """Change some of a person's fields; the rest stay as they are."""
    from eng_ops.dates import parse_date
    from eng_ops.errors import InvalidInput
    from eng_ops.output import message
    from eng_ops.services.people import update_person

    changes = {
        k: v
        for k, v in {
            "name": name,
            "email": email,
            "team": team,
            "manager": manager,
            "level": level,
            "track": value(track),
            "title": title,
            "specialties": specialty,
        }.items()
        if v is not None
    }
    if started is not None:
        changes["started"] = parse_date(started, field="--started")
    if not changes:
        raise InvalidInput("nothing to change: give at least one option (see --help)")
    with open_session() as session:
        changed = update_person(session, handle, **changes).changed
    if changed:
        message(f"updated {handle}: {', '.join(changed)}")
    else:
        message(f"nothing changed: {handle} already has those values")


@app.command("leave")
def leave(
    handle: Handle,
    on: Annotated[
        str,
        typer.Option(
            metavar="DATE",
            help="Last day; may be in the future, and a future one can be moved again.",
        ),
    ] = "today",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what leaving would end; write nothing.")
    ] = False,
    fmt: FormatOpt = Format.table,
    section: SectionOpt = None,
) -> None:
    """Record that a person leaves the org, and end what they hold, in one go.

    Their 1:1 pairings and lead roles end on that date; open rotations lose them as lead or
    mentor; active applications to open openings are withdrawn; interviews they were to give
    from that date on (no scorecard submitted) are cancelled; open action items they own
    are listed for reassignment. The person is kept for history, hidden from lists.
    Sections: pairings, actions, lead_roles, rotations, applications, interviews.
    """
    from eng_ops.dates import parse_date, today
    from eng_ops.output import Section, emit_view, message, warn
    from eng_ops.services.leaving import leave as leave_service
    from eng_ops.text import plural

    day = parse_date(on, field="--on")
    _check_section(fmt, section)  # before anything is written
    with open_session(write=not dry_run) as session:
        plan = leave_service(session, handle, day, dry_run=dry_run)
    emit_view(
        [
            Section("pairings", "1:1 pairings", plan.pairings, empty="no 1:1 pairings"),
            Section("actions", "Open action items", plan.actions, empty="no open action items"),
            Section("lead_roles", "Lead roles", plan.lead_roles, empty="no lead roles"),
            Section("rotations", "Rotations", plan.rotations, empty="no rotations"),
            Section(
                "applications",
                "Applications and nominations",
                plan.applications,
                empty="no applications or nominations",
            ),
            Section("interviews", "Interviews", plan.interviews, empty="no interviews"),
        ],
        fmt,
        data=plan,
        section=section,
    )
    moved = f" (was {plan.previous.isoformat()})" if plan.previous else ""
    if dry_run:
        message(f"dry run: {handle} would leave on {day.isoformat()}{moved}; nothing written")
    elif day > today():
        message(f"{handle} will leave on {day.isoformat()}{moved}")
    else:
        message(f"{handle} left on {day.isoformat()}{moved}")
    if plan.reports:
        needs = "needs" if len(plan.reports) == 1 else "need"
        warn(
            f"{plural(len(plan.reports), 'direct report')} {needs} a new manager: "
            f"{', '.join(plan.reports)}"
        )


LEAVE_SECTIONS = ("pairings", "actions", "lead_roles", "rotations", "applications", "interviews")


def _check_section(fmt: Format, section: str | None) -> None:
    """The --section/--format choice emit_view would refuse, refused before the leave."""
    from eng_ops.errors import UsageError

    if section is None and fmt is not Format.csv or section in LEAVE_SECTIONS:
        return
    what = f"unknown section '{section}'" if section else "csv prints one table"
    raise UsageError(f"{what}: choose one with --section NAME ({', '.join(LEAVE_SECTIONS)})")
