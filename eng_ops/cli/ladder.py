"""`eng-ops ladder` and `eng-ops evidence`: the competency ladder and evidence against it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eng_ops.cli.choices import Source
from eng_ops.cli.common import FormatOpt, SectionOpt, open_session
from eng_ops.output import Format

app = typer.Typer(help="The competency ladder: levels and expectations.", no_args_is_help=True)
evidence_app = typer.Typer(help="Evidence of competencies at a level.", no_args_is_help=True)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Ladder YAML file.")],
) -> None:
    """Import the ladder (levels, competencies, expectations)."""
    from eng_ops.output import message
    from eng_ops.services.ladder import import_ladder, parse_ladder_file

    spec = parse_ladder_file(file)
    with open_session() as session:
        counts = import_ladder(session, spec)
    message(
        f"ladder: {len(spec.levels)} levels; competencies {counts['created']} created, "
        f"{counts['updated']} updated, {counts['removed']} removed"
    )


@app.command("show")
def show(
    competency: Annotated[
        str | None, typer.Argument(metavar="COMPETENCY", help="Only this competency.")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show competencies with the expectation at each level."""
    from eng_ops.output import emit, emit_json
    from eng_ops.services.ladder import show_ladder

    with open_session(write=False) as session:
        ladder = show_ladder(session, competency)
    if fmt is Format.json:
        emit_json(ladder)
        return
    rows = [
        {"competency": c["key"], "level": lv, "expectation": text}
        for c in ladder["competencies"]
        for lv, text in c["expectations"].items()
    ]
    emit(rows, fmt, ["competency", "level", "expectation"], title="Ladder")


@evidence_app.command("add")
def evidence_add(
    handle: Annotated[str, typer.Argument(help="Whose evidence.")],
    competency: Annotated[str, typer.Argument(metavar="COMPETENCY", help="Competency key.")],
    level: Annotated[str, typer.Option(metavar="LEVEL", help="Level shown, e.g. L5.")],
    on: Annotated[str, typer.Option(metavar="DATE", help="When it was shown.")] = "today",
    source: Annotated[
        Source, typer.Option(help="Where the evidence comes from.", case_sensitive=False)
    ] = Source.manual,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="What happened.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Record that someone showed a competency at a level."""
    from eng_ops.dates import parse_date
    from eng_ops.output import emit_object
    from eng_ops.services.evidence import add_evidence

    with open_session() as session:
        record = add_evidence(
            session,
            handle=handle,
            competency=competency,
            level=level,
            on=parse_date(on, field="--on"),
            source=source.value,
            note=note,
        )
    emit_object(record, fmt, title=f"Evidence #{record['id']}")


@evidence_app.command("list")
def evidence_list(
    handle: Annotated[str, typer.Argument(help="Whose evidence.")],
    competency: Annotated[
        str | None, typer.Option(metavar="COMPETENCY", help="Only this competency.")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Include retracted evidence, with its retraction.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List someone's evidence, newest first (retracted pieces only with --all)."""
    from eng_ops.output import emit
    from eng_ops.services.evidence import list_evidence

    with open_session(write=False) as session:
        rows = list_evidence(session, handle, competency, include_retracted=all_)
    columns = ["id", "competency", "level", "on", "source", "note", "recorded_by"]
    if all_:
        columns += ["retracted_on", "retracted_by", "retract_reason"]
    emit(rows, fmt, columns, title=f"Evidence for {handle}", empty="no evidence yet")


@evidence_app.command("retract")
def evidence_retract(
    evidence: Annotated[int, typer.Argument(metavar="ID", help="Evidence id.")],
    reason: Annotated[str, typer.Option(metavar="TEXT", help="Why the record is wrong.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Withdraw a wrong piece of evidence: kept in history, no longer counted."""
    from eng_ops.output import emit_object, message
    from eng_ops.services.evidence import retract_evidence

    with open_session() as session:
        item = retract_evidence(session, evidence, reason=reason)
    message(f"evidence #{item.id} of {item.handle} retracted: it no longer counts")
    emit_object(item, fmt, title=f"Evidence #{item.id}")


@evidence_app.command("coverage")
def evidence_coverage(fmt: FormatOpt = Format.table) -> None:
    """Per manager: how many reports have logged evidence in the readiness window.

    A low share means readiness there reflects people's levels, not what they showed.
    """
    from eng_ops.output import Section, emit_view
    from eng_ops.services.readiness import evidence_coverage as coverage_service

    with open_session(write=False) as session:
        result = coverage_service(session)
    emit_view(
        [Section("managers", "Evidence coverage by manager", result.managers, empty="no managers")],
        fmt,
        data=list(result.managers),
        notes=[
            f"with_evidence = reports with a logged piece of evidence (not retracted) in the "
            f"last {result.window_days} days (since {result.since.isoformat()}); where the "
            "share is low, readiness reflects people's levels only, not what they showed"
        ],
    )


def readiness(
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="Whose readiness.")],
    level: Annotated[
        str | None, typer.Option(metavar="LEVEL", help="Target level, e.g. L5.")
    ] = None,
    for_: Annotated[
        int | None, typer.Option("--for", metavar="OPENING", help="A lead opening's requirements.")
    ] = None,
    fmt: FormatOpt = Format.table,
    section: SectionOpt = None,
) -> None:
    """Readiness for a level or an opening, per competency with the evidence.

    Sections: competencies, plan (their open development actions).
    """
    from dataclasses import fields

    from eng_ops.cli.params import one_of
    from eng_ops.errors import InvalidInput
    from eng_ops.output import Section, emit_view
    from eng_ops.services.development import DevelopmentItem, plan_of
    from eng_ops.services.readiness import CURRENT_LEVEL, requirements_for_level
    from eng_ops.services.readiness import readiness as readiness_service

    if one_of({"--level": level, "--for": for_}) is None:
        raise InvalidInput("give --level L or --for OPENING (one of them)")
    with open_session(write=False) as session:
        if for_ is not None:
            from eng_ops.services.openings import get_opening

            opening, _ = get_opening(session, for_)
            required, target = opening.requires, f"opening #{for_} {opening.title}"
        else:
            required, target = requirements_for_level(session, level), level  # type: ignore[arg-type]
        result = readiness_service(session, handle, required, target=target)
        plan = plan_of(session, handle)
    rows = [
        {
            "competency": r["competency"],
            "required": r["required"],
            "demonstrated": r["demonstrated"],
            "gap": r["gap"],
            "shown_by": r["shown_by"],
            "logged": sum(1 for e in r["evidence"] if e["source"] != CURRENT_LEVEL),
        }
        for r in result["competencies"]
    ]
    title = f"{handle} for {result['target']}: {result['overall']}"
    plan_columns = (  # a table at 80 columns: the fields a reader acts on, the text wrapping
        ["id", "competency", "level", "due", "status", "text"]
        if fmt is Format.table
        else [f.name for f in fields(DevelopmentItem)]
    )
    emit_view(
        [
            Section("competencies", title, rows),
            Section(
                "plan",
                f"Development plan of {handle}",
                plan,
                columns=plan_columns,
                empty="no open development actions",
            ),
        ],
        fmt,
        data={**result, "plan": plan},
        section=section,
        notes=[  # what every figure rests on, printed with the figures
            f"demonstrated = the highest of the ladder's levels with {result['min_evidence']} "
            f"pieces of evidence in the last {result['window_days']} days (retracted ones left "
            "out)",
            (
                f"{handle} starts from their own {result['level']}: it counts as "
                f"{result['min_evidence']} pieces in every competency (shown by 'current "
                "level'); logged evidence raises a competency above it"
            )
            if result["level_counts"]
            else (
                f"{handle} is judged on logged evidence only: "
                + (
                    f"{result['level']} is not on the ladder"
                    if result["level"]
                    else "they have no place on the ladder"
                )
            ),
        ],
    )
