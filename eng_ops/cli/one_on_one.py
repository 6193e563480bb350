"""`eng-ops 1on1`: pairings, logging, due, coverage, load, suggestions, agendas, calendar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from eng_ops.cli.choices import Grouping, Kind, Topic, value
from eng_ops.cli.common import FormatOpt, SectionOpt, actor, open_session
from eng_ops.output import Format

if TYPE_CHECKING:
    from sqlmodel import Session

    from eng_ops.services.settings import CadenceSettings
from eng_ops.services.limits import (
    CADENCE_DAYS,
    COVERAGE_DAYS,
    LIST_LIMIT,
    MINUTES,
    SCORE_1_5,
    WITHIN_DAYS,
    Bound,
)

app = typer.Typer(
    help="1:1 cadence: pairings, logging, what is due, who nobody meets, leader load.",
    no_args_is_help=True,
)

Leader = Annotated[
    str, typer.Argument(metavar="LEADER", help="Leader's handle (manager, mentor, skip-level).")
]
Member = Annotated[str, typer.Argument(metavar="MEMBER", help="Member's handle.")]
KindOpt = Annotated[
    Kind | None,
    typer.Option("--kind", help="Which pairing, when the two have several.", case_sensitive=False),
]


def _settings(session: Session) -> CadenceSettings:
    """This command's 1:1 rules, from the org's settings."""
    from eng_ops.services.settings import current

    return current(session).one_on_one


def _days(text: str | None, field: str, bound: Bound) -> int | None:
    from eng_ops.services.limits import duration_days

    return duration_days(text, bound, field) if text is not None else None


@app.command("pair")
def pair(
    leader: Leader,
    member: Member,
    kind: Annotated[
        Kind, typer.Option("--kind", help="The kind of pairing.", case_sensitive=False)
    ],
    every: Annotated[
        str | None,
        typer.Option(
            metavar="DURATION",
            help=CADENCE_DAYS.help("Cadence, e.g. 1w, 2w, 10d (default per kind from config)."),
        ),
    ] = None,
    minutes: Annotated[
        int, typer.Option(metavar="N", help=MINUTES.help("Length of each 1:1 in minutes."))
    ] = 30,
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="Start date (default today).")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Pair a manager or skip-level 1:1 that does not follow the reporting lines "
            "(kept by sync, marked as forced).",
        ),
    ] = False,
) -> None:
    """Start a 1:1 pairing between a leader and a member.

    A manager 1:1 is with the member's manager and a skip-level with their manager's manager;
    anything else needs --force.
    """
    from eng_ops.dates import parse_date
    from eng_ops.output import message
    from eng_ops.services.one_on_ones import pair as pair_service

    with open_session() as session:
        settings = _settings(session)
        record = pair_service(
            session,
            settings,
            leader=leader,
            member=member,
            kind=kind.value,
            every_days=_days(every, "--every", CADENCE_DAYS),
            minutes=minutes,
            since=parse_date(since, field="--since") if since else None,
            force=force,
        )
    message(
        f"paired {leader} -> {member} ({record['kind']}, every {record['every']}, "
        f"{record['minutes']} min) as #{record['id']}"
    )
    if record.get("forced_because"):
        message(f"  forced: {record['forced_because']}")


@app.command("sync")
def sync(
    kinds: Annotated[
        str,
        typer.Option(
            metavar="KINDS",
            help="Which pairings follow the reporting lines: manager, skip or manager,skip.",
        ),
    ] = "manager",
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="When new pairings begin (default today); set it to the start of the "
            "calendar history you will import. Pairings that began later and never met "
            "move back to it.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change, write nothing.")
    ] = False,
    fmt: FormatOpt = Format.table,
    section: SectionOpt = None,
) -> None:
    """Make manager (and skip-level) pairings match the reporting lines.

    Creates the missing ones at the kind's default cadence, ends those whose line changed
    (history kept) and a leaver's on the leave date; pairings made with --force are kept.
    """
    from eng_ops.dates import parse_date
    from eng_ops.output import Section, emit_view, message
    from eng_ops.services.one_on_one_sync import check_kinds
    from eng_ops.services.one_on_one_sync import sync as sync_service
    from eng_ops.text import plural

    wanted = check_kinds(kinds.split(","))
    with open_session(write=not dry_run) as session:
        result = sync_service(
            session,
            _settings(session),
            kinds=wanted,
            since=parse_date(since, field="--since") if since else None,
        )
    columns = ["leader", "member", "kind", "every", "since", "ended", "reason"]
    emit_view(
        [
            Section("created", "Created", result.created, columns, "nothing to create"),
            Section("ended", "Ended", result.ended, columns, "nothing to end"),
            Section("kept", "Kept (made with --force)", result.kept, columns, "none"),
            Section("moved", "Start moved back to --since", result.moved, columns, "none"),
        ],
        fmt,
        section=section,
    )
    if not result.changed:
        message("pairings already match the reporting lines")
        return
    verb = "would create" if dry_run else "created"
    ended = "would end" if dry_run else "ended"
    moved = f", moved the start of {len(result.moved)} back" if result.moved else ""
    message(
        f"{verb} {plural(len(result.created), 'pairing')}, {ended} {len(result.ended)}{moved}"
        + (" (dry run: nothing written)" if dry_run else "")
    )


@app.command("unpair")
def unpair(
    leader: Leader,
    member: Member,
    kind: KindOpt = None,
    on: Annotated[str, typer.Option(metavar="DATE", help="End date.")] = "today",
) -> None:
    """End a pairing (its history is kept)."""
    from eng_ops.dates import parse_date, today
    from eng_ops.output import message
    from eng_ops.services.one_on_ones import unpair as unpair_service

    with open_session() as session:
        record = unpair_service(session, leader, member, value(kind), parse_date(on, field="--on"))
    if record["ended"] > today():
        message(f"{record['kind']} 1:1 {leader} -> {member} will end on {record['ended']}")
    else:
        message(f"ended {record['kind']} 1:1 {leader} -> {member} on {record['ended']}")


@app.command("pairs")
def pairs(
    leader: Annotated[str | None, typer.Option(metavar="HANDLE", help="Only this leader.")] = None,
    member: Annotated[str | None, typer.Option(metavar="HANDLE", help="Only this member.")] = None,
    kind: Annotated[
        Kind | None, typer.Option("--kind", help="Only this kind.", case_sensitive=False)
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include ended pairings.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List pairings."""
    from eng_ops.output import emit
    from eng_ops.services.one_on_ones import list_pairings

    with open_session(write=False) as session:
        rows = list_pairings(
            session, leader=leader, member=member, kind=value(kind), include_ended=all_
        )
    columns = ["id", "leader", "member", "kind", "every", "every_days", "minutes", "since", "ended"]
    columns.append("forced")
    emit(rows, fmt, columns, title="1:1 pairings", empty="no pairings")


@app.command("log")
def log(
    leader: Leader,
    member: Member,
    kind: KindOpt = None,
    on: Annotated[str, typer.Option(metavar="DATE", help="When it happened.")] = "today",
    minutes: Annotated[
        int | None,
        typer.Option(
            metavar="N", help=MINUTES.help("How long it took; default the pairing's length.")
        ),
    ] = None,
    topic: Annotated[
        list[Topic] | None,
        typer.Option(
            "--topic",
            metavar="TOPIC",
            help="career, growth, challenge, feedback, wellbeing or project (repeatable, "
            "each once).",
            case_sensitive=False,
        ),
    ] = None,
    challenge: Annotated[
        int | None,
        typer.Option(metavar="N", help=SCORE_1_5.help("How challenged the member feels.")),
    ] = None,
    mood: Annotated[int | None, typer.Option(metavar="N", help=SCORE_1_5.help("Mood."))] = None,
    notes: Annotated[str | None, typer.Option(metavar="TEXT", help="Shared notes.")] = None,
    private: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="Private notes: visible only to you (--as)."),
    ] = None,
    action: Annotated[
        list[str] | None,
        typer.Option(
            "--action",
            metavar="ITEM",
            help="An action item (repeatable): 'TEXT [@owner] [due:DATE]'; owner defaults to "
            "the member.",
        ),
    ] = None,
    skipped: Annotated[
        bool, typer.Option("--skipped", help="It was cancelled (takes only --reason).")
    ] = False,
    reason: Annotated[str | None, typer.Option(metavar="TEXT", help="Why it was skipped.")] = None,
) -> None:
    """Log a 1:1.

    One that happened, or --skipped --reason for one that did not.
    """
    from eng_ops.cli.params import none_with
    from eng_ops.dates import parse_date
    from eng_ops.output import message
    from eng_ops.services.one_on_ones import log_meeting

    held = {"--topic": topic, "--challenge": challenge, "--mood": mood, "--notes": notes}
    held |= {"--private": private, "--action": action, "--minutes": minutes}
    none_with("--skipped", skipped, held, "a skipped 1:1 takes only --reason")
    with open_session() as session:
        logged = log_meeting(
            session,
            leader=leader,
            member=member,
            kind=value(kind),
            on=parse_date(on, field="--on"),
            minutes=minutes,
            topics=[t.value for t in topic or []],
            challenge=challenge,
            mood=mood,
            notes=notes,
            private=private,
            actions=action or [],
            skipped=skipped,
            reason=reason,
        )
    what = "skipped" if skipped else "logged"
    message(f"{what} {logged.pairing.kind} 1:1 {leader} -> {member} on {logged.meeting.held_on}")
    for item in logged.carried:
        message(f"  carried over: #{item['id']} {item['text']} (@{item['owner']})")
    for item in logged.new_actions:
        due = f", due {item['due']}" if item["due"] else ""
        message(f"  new action #{item['id']}: {item['text']} (@{item['owner']}{due})")


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="CSV with columns leader,member,date[,kind,minutes,topics,challenge,mood,"
            "notes,actions]; topics and actions ';'-separated.",
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and show what it would log.")
    ] = False,
    fmt: FormatOpt = Format.table,
    section: SectionOpt = None,
) -> None:
    """Log many held 1:1s from a CSV file.

    All or nothing (a bad row names its file:line and nothing is logged); a pairing's 1:1
    on a date already logged is skipped, so the same file can be imported again.
    """
    from eng_ops.output import Section, emit_view, message
    from eng_ops.services.one_on_one_import import import_logs
    from eng_ops.text import plural

    with open_session(write=not dry_run) as session:
        result = import_logs(session, file)
    emit_view(
        [
            Section("logged", "Logged", result.logged, None, "nothing new to log"),
            Section("skipped", "Skipped", result.skipped, None, "nothing skipped"),
        ],
        fmt,
        section=section,
    )
    verb = "would log" if dry_run else "logged"
    message(
        f"{verb} {plural(len(result.logged), '1:1')} from {file}, "
        f"skipped {len(result.skipped)} already logged"
    )


@app.command("import-calendar")
def import_calendar(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="An .ics calendar export (Google Calendar, Outlook, ...)."
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be logged, write nothing.")
    ] = False,
    fmt: FormatOpt = Format.table,
    section: Annotated[
        str | None,
        typer.Option(
            "--section",
            metavar="NAME",
            help="Only this table: logged, skipped or suggestions (required with --format csv).",
        ),
    ] = None,
) -> None:
    """Log held 1:1s from a calendar export.

    Each past instance of a two-person event whose people have a pairing that day; skipped:
    cancelled, declined, in the future, already imported, already logged, no pairing (then a
    suggestion), unknown attendee. Run it again: nothing new is logged.
    """
    from eng_ops.output import Section, emit_view, message
    from eng_ops.services.calendar_import import import_calendar as import_service
    from eng_ops.text import plural

    with open_session(write=not dry_run) as session:
        result = import_service(session, file, dry_run=dry_run)
    uid = ["uid"] if fmt is Format.csv else []  # people read the title; json has both
    emit_view(
        [
            Section(
                "logged",
                "Logged 1:1s" if not dry_run else "1:1s to log (dry run)",
                result.logged,
                ["held_on", "leader", "member", "kind", "minutes", *uid, "summary"],
                "nothing new to log",
            ),
            Section(
                "skipped",
                "Skipped",
                result.skipped,
                ["held_on", "reason", "who", *uid, "summary"],
                "nothing skipped",
            ),
            Section(
                "suggestions",
                "Suggested pairings (met 1:1 without one)",
                result.suggestions,
                None,
                "no suggestions",
            ),
        ],
        fmt,
        data=result,  # json: logged, skipped, suggestions, not_one_on_one, the window
        section=section,
    )
    verb = "would log" if dry_run else "logged"
    message(
        f"{verb} {plural(len(result.logged), '1:1')}, skipped {len(result.skipped)}, "
        f"{plural(len(result.suggestions), 'suggested pairing')} (events from "
        f"{result.window_start.isoformat()} to {result.window_end.isoformat()}; "
        f"{result.not_one_on_one} with more or fewer than two people left out)"
    )
    if result.suggestions:
        message("pair them with: eng-ops 1on1 pair LEADER MEMBER --kind KIND --since DATE")
    if dry_run:
        message("dry run: nothing written")


@app.command("done")
def done(
    action_id: Annotated[int, typer.Argument(metavar="ID", help="Action item id.")],
    on: Annotated[
        str,
        typer.Option(metavar="DATE", help="When it was done (not before the 1:1 it came from)."),
    ] = "today",
) -> None:
    """Mark an action item as done."""
    from eng_ops.dates import parse_date
    from eng_ops.output import message
    from eng_ops.services.one_on_ones import mark_done

    with open_session() as session:
        item = mark_done(session, action_id, parse_date(on, field="--on"))
    message(f"done: #{item['id']} {item['text']}")


@app.command("actions")
def actions(
    leader: Annotated[
        str | None, typer.Option(metavar="HANDLE", help="Only this leader's pairings.")
    ] = None,
    member: Annotated[
        str | None, typer.Option(metavar="HANDLE", help="Only this member's pairings.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include done items.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List action items (open ones unless --all)."""
    from eng_ops.output import emit
    from eng_ops.services.one_on_ones import open_actions

    with open_session(write=False) as session:
        rows = open_actions(session, leader=leader, member=member, include_done=all_)
    columns = ["id", "text", "owner", "due", "leader", "member", "from_meeting", "done_on"]
    emit(rows, fmt, columns, title="Action items", empty="no open action items")


@app.command("due")
def due(
    leader: Annotated[
        str | None, typer.Option(metavar="HANDLE", help="Only this leader's pairings.")
    ] = None,
    within: Annotated[
        str | None,
        typer.Option(
            metavar="DURATION",
            help=WITHIN_DAYS.help("Only those due within this long, e.g. 7d (late included)."),
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show which 1:1s are due.

    Every pairing with last met, next due, status and days late, most late first.
    """
    from eng_ops.output import emit
    from eng_ops.services.one_on_ones import due as due_service

    with open_session(write=False) as session:
        settings = _settings(session)
        rows = due_service(
            session, settings, leader=leader, within_days=_days(within, "--within", WITHIN_DAYS)
        )
    columns = ["leader", "member", "kind", "every", "last_met", "next_due", "status", "days_late"]
    emit(rows, fmt, columns, title="1:1s due", empty="nothing due")


@app.command("coverage")
def coverage(
    days: Annotated[
        int,
        typer.Option(
            metavar="N", help=COVERAGE_DAYS.help("Flag people not met 1:1 for this many days.")
        ),
    ] = 42,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show who nobody meets.

    No recent 1:1, no pairing, no career talk, low or falling challenge.
    """
    from eng_ops.output import emit
    from eng_ops.services.one_on_one_insights import coverage as coverage_service

    with open_session(write=False) as session:
        settings = _settings(session)
        rows = coverage_service(session, settings, days=days)
    columns = ["handle", "name", "team", "manager", "last_met", "reasons"]
    emit(rows, fmt, columns, title="Coverage gaps", empty="everyone is covered")


@app.command("load")
def load(fmt: FormatOpt = Format.table) -> None:
    """Show each leader's 1:1 load.

    The hours a week their pairings' cadences imply (minutes/60 x 7/every days) against
    capacity (their own setting, else their track's default), and the share of the 1:1s
    logged in the last 90 days that were skipped (meetings_90d: how many were logged).
    """
    from eng_ops.output import emit
    from eng_ops.services.one_on_one_insights import load as load_service

    with open_session(write=False) as session:
        settings = _settings(session)
        rows = load_service(session, settings)
    columns = [
        "leader",
        *(["pairings"] if fmt is not Format.table else []),
        "manager",
        "mentor",
        "skip",
        "hours_per_week",
        "capacity",
        *(["utilisation"] if fmt is not Format.table else []),  # 80 columns: hours vs capacity
        "overloaded",
        "skipped_share",
        "meetings_90d",
    ]
    emit(rows, fmt, columns, title="Leader load (hours/week)", empty="no pairings")


@app.command("capacity")
def capacity(
    person: Annotated[str, typer.Argument(metavar="HANDLE", help="Whose capacity.")],
    hours: Annotated[
        str | None,
        typer.Argument(
            metavar="HOURS",
            help="Hours a week they can give to 1:1s, 0-40; leave out to show it.",
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show or set one person's 1:1 capacity in hours a week.

    Shorthand for `eng-ops settings set one_on_one.capacity_hours HOURS --person HANDLE`
    (audited). Without HOURS, shows the capacity and where it comes from: their own setting
    or their track's default.
    """
    from eng_ops.output import emit_object, message
    from eng_ops.services.one_on_one_insights import person_capacity, set_capacity

    with open_session(write=hours is not None) as session:
        if hours is None:
            emit_object(person_capacity(session, person), fmt, title=f"1:1 capacity of {person}")
            return
        before, after = set_capacity(session, person, hours)
    was = "their own setting" if before.source == "person" else f"the {before.track} default"
    message(
        f"capacity of {after.person}: {_hours(after.hours_per_week)} h a week "
        f"(was {_hours(before.hours_per_week)}, {was})"
    )


def _hours(value: float) -> str:
    """2.0 -> '2', 1.5 -> '1.5'."""
    return f"{value:g}"


@app.command("suggest")
def suggest(
    apply: Annotated[bool, typer.Option("--apply", help="Write the plan.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Suggest (or --apply) missing manager and mentor pairings.

    So that everyone has a frequent 1:1 and no leader is over capacity.
    """
    from eng_ops.output import emit, message
    from eng_ops.services.one_on_one_insights import apply_suggestions
    from eng_ops.services.one_on_one_insights import suggest as suggest_service
    from eng_ops.text import plural

    with open_session(write=apply) as session:
        settings = _settings(session)
        plan = suggest_service(session, settings)
        applied = apply_suggestions(session, settings, plan) if apply else 0
    columns = ["action", "member", "from_leader", "to_leader", "kind", "every", "reason"]
    emit(plan, fmt, columns, title="Suggested pairings", empty="nothing to change")
    if apply:
        message(f"applied {plural(applied, 'change')}")
    elif any(r["action"] in ("move", "add") for r in plan):
        message("dry run: add --apply to write these pairings")


@app.command("agenda")
def agenda(
    leader: Leader,
    member: Member,
    kind: KindOpt = None,
    questions: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Your own question bank YAML (default: examples/)."),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Prepare the next 1:1's agenda.

    With their manager, the member's development plan first; then open actions, topics not
    covered lately, questions from the bank.
    """
    from eng_ops.output import emit, emit_json
    from eng_ops.services.agenda import agenda as agenda_service
    from eng_ops.services.agenda import load_bank

    bank = load_bank(questions)
    with open_session(write=False) as session:
        settings = _settings(session)
        result = agenda_service(
            session, settings, leader=leader, member=member, kind=value(kind), bank=bank
        )
    if fmt is Format.json:
        emit_json(result)
        return
    rows = [
        {
            "section": "development plan",
            "item": f"#{d.id} {d.text} (by {d.due or 'no date'}, {d.status})",
        }
        for d in result["development_plan"]
    ]
    rows += [
        {"section": "open action", "item": f"#{a['id']} {a['text']} (@{a['owner']})"}
        for a in result["open_actions"]
    ]
    rows += [{"section": "not covered lately", "item": t} for t in result["topics_not_covered"]]
    rows += [
        {"section": f"ask ({q['category']})", "item": q["question"]} for q in result["questions"]
    ]
    last = result["last_met"] or "never"
    emit(rows, fmt, ["section", "item"], title=f"Agenda: {leader} / {member} (last met {last})")


@app.command("history")
def history(
    member: Member,
    limit: Annotated[
        int | None, typer.Option(metavar="N", help=LIST_LIMIT.help("Newest N meetings."))
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show a member's 1:1 history.

    Newest first; private notes only if you wrote them.
    """
    from eng_ops.output import emit
    from eng_ops.services.one_on_one_insights import history as history_service

    with open_session(write=False) as session:
        rows = history_service(session, member, viewer=actor(), limit=limit)
    columns = None
    if fmt is Format.table:
        columns = ["date", "leader", "kind", "skipped", "topics", "challenge", "mood", "notes"]
        if any(r["private_notes"] for r in rows):
            columns.append("private_notes")
    emit(rows, fmt, columns or _HISTORY_COLUMNS, title=f"1:1 history of {member}", empty="no 1:1s")


_HISTORY_COLUMNS = [
    "date",
    "leader",
    "member",
    "kind",
    "skipped",
    "reason",
    "minutes",
    "topics",
    "challenge",
    "mood",
    "notes",
    "private_notes",
    "actions",
]


@app.command("adherence")
def adherence(
    by: Annotated[
        Grouping, typer.Option("--by", help="What to group by.", case_sensitive=False)
    ] = Grouping.pairing,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show 1:1 adherence.

    Per pairing, kind, or leader and kind: the share of gaps within cadence + grace and the
    median gap, over each active pairing's life. The gaps are start to first 1:1, between
    held 1:1s (skipped ones are not held), and the one still open once it is late; gaps
    counts them. A pairing never met counts its open gap from its start, so it shows in every
    view; one too new to judge has no within_target.
    """
    from eng_ops.output import emit
    from eng_ops.services.one_on_one_insights import adherence as adherence_service

    with open_session(write=False) as session:
        settings = _settings(session)
        rows = adherence_service(session, settings, by=by.value)
    heads = {
        "pairing": ["leader", "member", "kind"],
        "kind": ["kind"],
        "leader": ["leader", "kind"],
    }
    head = heads[by.value]
    figures = ["pairings", "meetings", "gaps", "target_days", "median_gap_days", "within_target"]
    columns = [*head, *figures]
    emit(rows, fmt, columns, title=f"1:1 adherence by {by}", empty="no pairings")


@app.command("ics")
def ics(
    leader: Leader,
    out: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Write to this file (default: stdout).")
    ] = None,
) -> None:
    """Export a leader's 1:1s as .ics.

    One recurring event per pairing, stable UIDs. Each starts on its next due date (the
    first working day from today when late, never in the past) at the settings'
    working_hours.start in the org's timezone; a day's 1:1s are stacked back to back and move
    to the next working day past working_hours.end.
    """
    from eng_ops.output import write_document
    from eng_ops.services.calendar_export import leader_calendar
    from eng_ops.services.settings import current

    with open_session(write=False) as session:
        data = leader_calendar(session, current(session), leader)
    write_document(data.decode("utf-8"), out)
