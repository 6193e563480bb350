"""`eng-ops interview`: rubrics, candidates, panels, scorecards, decisions, export."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from eng_ops.cli.choices import Mode, Recommendation, value
from eng_ops.cli.common import FormatOpt, SectionOpt, actor, open_session
from eng_ops.cli.params import one_of
from eng_ops.output import Format
from eng_ops.services.limits import PANEL_SIZE, RUBRIC_VERSION

app = typer.Typer(
    help="Structured interviews: rubrics, candidates, panels, scorecards, decisions.",
    no_args_is_help=True,
)
rubric_app = typer.Typer(
    help="Role rubrics (versioned YAML): import, list, show.", no_args_is_help=True
)
candidate_app = typer.Typer(help="Candidates: add and list.", no_args_is_help=True)
app.add_typer(rubric_app, name="rubric")
app.add_typer(candidate_app, name="candidate")

CandidateArg = Annotated[int, typer.Argument(metavar="CANDIDATE", help="Candidate id.")]
BackfillOpt = Annotated[
    bool,
    typer.Option(
        "--backfill", help="Allow a date before today: record an interview that already happened."
    ),
]


class DocFormat(StrEnum):
    """A document for one reader: md or html from a template, or the data as json."""

    md = "md"
    html = "html"
    json = "json"


OutOpt = Annotated[
    Path | None, typer.Option(metavar="FILE", help="Write to this file (default: stdout).")
]
TemplatesOpt = Annotated[
    Path | None,
    typer.Option("--templates", metavar="DIR", help="Your template dir (md/html)."),
]


def _write_json(value: object, out: Path | None) -> None:
    import json

    from eng_ops.output import to_jsonable, write_document

    write_document(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False) + "\n", out)


def _write_rendered(
    name: str, fmt: str, context: dict, out: Path | None, templates: Path | None
) -> None:
    from eng_ops.config import user_templates_dir
    from eng_ops.output import write_document
    from eng_ops.render import render

    write_document(render(name, fmt, context, user_templates_dir(templates)), out)


class ExportFormat(StrEnum):
    md = "md"
    html = "html"
    csv = "csv"
    json = "json"


# --- rubrics ---------------------------------------------------------------------------------


@rubric_app.command("import")
def rubric_import(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Rubric YAML file(s).")],
) -> None:
    """Import rubrics; a changed rubric becomes a new version (all files or none)."""
    from eng_ops.output import message
    from eng_ops.services.rubrics import import_rubric, parse_rubric_file

    specs = [parse_rubric_file(f) for f in files]
    with open_session() as session:
        results = [import_rubric(session, spec) for spec in specs]
    for rubric, created in results:
        state = "imported" if created else "unchanged"
        message(f"{rubric.role}: version {rubric.version} ({state})")


@rubric_app.command("list")
def rubric_list(fmt: FormatOpt = Format.table) -> None:
    """List roles with their latest rubric version."""
    from eng_ops.output import emit
    from eng_ops.services.rubrics import list_rubrics

    with open_session(write=False) as session:
        rows = list_rubrics(session)
    emit(
        rows,
        fmt,
        ["role", "title", "version", "scale", "attributes"],
        title="Rubrics",
        empty="no rubrics yet: eng-ops interview rubric import FILE",
    )


@rubric_app.command("show")
def rubric_show(
    role: Annotated[str, typer.Argument(metavar="ROLE", help="Role key, e.g. mobile-engineer.")],
    version: Annotated[
        int | None, typer.Option(metavar="N", help=RUBRIC_VERSION.help("A past version."))
    ] = None,
    fmt: FormatOpt = Format.table,
    section: SectionOpt = None,
) -> None:
    """Show a rubric: attributes with their specialty and anchored scale; interview questions.

    Sections: attributes, questions (json: the rubric, questions under each attribute).
    """
    from eng_ops.output import Section, emit_view
    from eng_ops.services.rubrics import show_rubric

    with open_session(write=False) as session:
        rubric = show_rubric(session, role, version)
    low, high = rubric["scale"]
    rows = [
        {
            "attribute": a["key"],
            "name": a["name"],
            "category": a["category"],
            "specialty": a["specialty"],
        }
        | {str(n): a["anchors"].get(str(n)) for n in range(low, high + 1)}
        for a in rubric["attributes"]
    ]
    questions = [
        {
            "attribute": a["key"],
            "question": q["question"],
            "follow_ups": " / ".join(q["follow_ups"]),
        }
        for a in rubric["attributes"]
        for q in a["questions"]
    ]
    emit_view(
        [
            Section(
                "attributes", f"{rubric['title']} (v{rubric['version']}, scale {low}-{high})", rows
            ),
            Section(
                "questions",
                "Interview questions (follow-ups separated by /)",
                questions,
                ["attribute", "question", "follow_ups"],
                empty="no questions in this rubric",
            ),
        ],
        fmt,
        data=rubric,
        section=section,
    )


# --- candidates and scheduling ---------------------------------------------------------------


@candidate_app.command("add")
def candidate_add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Candidate's name.")],
    role: Annotated[
        str, typer.Option(metavar="ROLE", help="Role key with a rubric, e.g. backend-engineer.")
    ],
    person: Annotated[
        str | None, typer.Option(metavar="HANDLE", help="Handle, for an internal candidate.")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Add a candidate; prints the new candidate and its id."""
    from eng_ops.output import emit_object
    from eng_ops.services.interviews import add_candidate

    with open_session() as session:
        record = add_candidate(session, name, role, person)
    emit_object(record, fmt, title=f"Candidate #{record['id']}")


@candidate_app.command("list")
@app.command("candidates", hidden=True)
def candidates(
    role: Annotated[str | None, typer.Option(metavar="ROLE", help="Only this role.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include decided candidates.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List candidates (open loops unless --all)."""
    from eng_ops.output import emit
    from eng_ops.services.interviews import list_candidates

    with open_session(write=False) as session:
        rows = list_candidates(session, role=role, include_decided=all_)
    columns = ["id", "name", "role", "person", "status", "decision", "interviews", "scorecards"]
    emit(rows, fmt, columns, title="Candidates", empty="no candidates")


@app.command("schedule")
def schedule(
    candidate: CandidateArg,
    interviewer: Annotated[str, typer.Option(metavar="HANDLE", help="Interviewer's handle.")],
    focus: Annotated[
        str,
        typer.Option(metavar="ATTRIBUTE,...", help="Rubric attributes to cover, comma-separated."),
    ],
    on: Annotated[str, typer.Option(metavar="DATE", help="Interview date.")],
    mode: Annotated[
        Mode, typer.Option(help="Who leads the interview.", case_sensitive=False)
    ] = Mode.lead,
    backfill: BackfillOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Schedule an interview slot.

    From today up to a year ahead; a date before today needs --backfill (recording an
    interview that already happened). Prints the new interview with its id (what `score`
    takes).
    """
    from eng_ops.dates import parse_date
    from eng_ops.output import emit_object
    from eng_ops.services.interviews import schedule as schedule_service

    with open_session() as session:
        record = schedule_service(
            session,
            candidate,
            interviewer=interviewer,
            focus=focus.split(","),
            on=parse_date(on, field="--on"),
            mode=mode.value,
            backfill=backfill,
        )
    emit_object(record, fmt, title=f"Interview #{record['id']}")


@app.command("cancel")
def cancel(
    interview: Annotated[int, typer.Argument(metavar="INTERVIEW", help="Interview id.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Cancel an interview slot that has no submitted scorecard.

    Its draft, if any, goes with it; audited. Prints the removed interview.
    """
    from eng_ops.output import emit_object
    from eng_ops.services.interviews import cancel as cancel_service

    with open_session() as session:
        record = cancel_service(session, interview)
    emit_object(record, fmt, title=f"Interview #{interview} cancelled")


@app.command("plan")
def plan(
    candidate: CandidateArg,
    size: Annotated[
        int, typer.Option(metavar="N", help=PANEL_SIZE.help("Lead interviewers on the panel."))
    ] = 4,
    on: Annotated[
        str | None, typer.Option(metavar="DATE", help="Date for --apply (default: in a week).")
    ] = None,
    apply: Annotated[bool, typer.Option("--apply", help="Schedule the plan.")] = False,
    backfill: BackfillOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Propose (or --apply) a panel.

    Every attribute rated twice, qualified leads, least loaded first, a specialist on each
    specialist attribute, one trainee shadow.
    """
    from datetime import timedelta

    from eng_ops.dates import parse_date, today
    from eng_ops.output import emit, message, warn
    from eng_ops.services.interview_plan import apply_plan, plan_gaps
    from eng_ops.services.interview_plan import plan as plan_service
    from eng_ops.text import plural

    day = parse_date(on, field="--on") if on else today() + timedelta(days=7)
    with open_session(write=apply) as session:
        slots = plan_service(session, candidate, size=size)
        gaps = plan_gaps(session, candidate, slots)
        scheduled = apply_plan(session, candidate, slots, day, backfill=backfill) if apply else []
    for gap in gaps:
        warn(gap.message)
    columns = ["interviewer", "mode", "focus", "load_90d", "reason"]
    emit(slots, fmt, columns, title=f"Panel plan for candidate #{candidate}")
    if apply:
        ids = ", ".join(f"#{s['id']}" for s in scheduled)
        message(f"scheduled {plural(len(scheduled), 'interview')} on {day}: {ids}")
    else:
        message("dry run: add --apply to schedule it")


@app.command("kit")
def kit(
    interview: Annotated[int, typer.Argument(metavar="INTERVIEW", help="Interview id.")],
    fmt: Annotated[
        DocFormat, typer.Option("--format", "-f", help="Kit format.", case_sensitive=False)
    ] = DocFormat.md,
    out: OutOpt = None,
    templates: TemplatesOpt = None,
) -> None:
    """Print an interviewer's kit.

    The candidate, the slot, each focus attribute with its anchors and suggested questions,
    and the rules of independent scoring. It holds no ratings.
    """
    from eng_ops.services.interview_kit import interview_kit

    with open_session(write=False) as session:
        record = interview_kit(session, interview, actor())
    if fmt is DocFormat.json:
        _write_json(record, out)
    else:
        _write_rendered("interview-kit", fmt.value, {"kit": record}, out, templates)


# --- scorecards ------------------------------------------------------------------------------


@app.command("score")
def score(
    interview: Annotated[int, typer.Argument(metavar="INTERVIEW", help="Interview id.")],
    rating: Annotated[
        list[str] | None,
        typer.Option(
            "--rating",
            metavar="ATTRIBUTE=N",
            help="A rating on the rubric scale (repeatable, once per attribute).",
        ),
    ] = None,
    recommend: Annotated[
        Recommendation | None,
        typer.Option(help="Your recommendation.", case_sensitive=False),
    ] = None,
    notes: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="Evidence behind the ratings (an amendment keeps them)."),
    ] = None,
    draft: Annotated[bool, typer.Option("--draft", help="Save without submitting.")] = False,
    amend: Annotated[
        str | None,
        typer.Option(
            metavar="REASON", help="Amend a submitted scorecard: a new revision; say why."
        ),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Scorecard YAML: ratings, recommend, notes."),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Score your interview (as --as).

    Ratings on the rubric scale, a recommendation and notes; --draft to save, --amend to
    revise a submitted scorecard.
    """
    from eng_ops.output import emit_object
    from eng_ops.services.interviews import parse_ratings
    from eng_ops.services.interviews import score as score_service
    from eng_ops.services.scorecard_io import read_scorecard_file

    one_of({"--rating": rating, "--file": file}, "the file holds the ratings")
    one_of({"--draft": draft, "--amend": amend is not None}, "amend a submitted scorecard")
    ratings = parse_ratings(rating or [])
    recommendation = value(recommend)
    if file is not None:
        card = read_scorecard_file(file)
        ratings, recommendation, notes = (
            card.ratings,
            recommendation or card.recommendation,
            notes or card.notes,
        )
    with open_session() as session:
        record = score_service(
            session,
            interview,
            ratings=ratings,
            recommendation=recommendation,
            notes=notes,
            draft=draft,
            amend=amend,
        )
    state = "draft saved" if draft else "submitted"
    emit_object(record, fmt, title=f"Scorecard for interview #{interview}: {state}")


@app.command("panel")
def panel(
    candidate: CandidateArg, fmt: FormatOpt = Format.table, section: SectionOpt = None
) -> None:
    """Show a candidate's panel.

    Per attribute the ratings, mean, spread and disagreement flag; the recommendation
    tally; missing scorecards. Others' scorecards stay hidden until you submit yours.
    Sections: attributes, recommendations, interviews, shadow_scorecards.
    """
    from eng_ops.output import warn
    from eng_ops.services.interview_plan import specialist_gaps
    from eng_ops.services.interviews import panel as panel_service

    with open_session(write=False) as session:
        view = panel_service(session, candidate, actor())
        gaps = specialist_gaps(session, candidate)
    for gap in gaps:
        warn(gap.message)
    _print_panel(view, fmt, section)


def _print_panel(view: dict, fmt: Format, section: str | None) -> None:
    from eng_ops.output import Section, emit_view, warn

    cand = view["candidate"]
    if view["hidden_reason"]:
        warn(view["hidden_reason"])
    if view["missing"]:
        warn(f"missing lead scorecards: {', '.join(view['missing'])}")
    rows = [
        {
            "attribute": a["attribute"],
            "ratings": ", ".join(f"{h}:{s}" for h, s in a["ratings"].items()),
            "mean": a["mean"],
            "spread": a["spread"],
            "disagreement": "yes" if a["disagreement"] else "",
        }
        for a in view["attributes"]
    ]
    shadows = [
        {
            "interviewer": s["interviewer"],
            "mode": s["mode"],
            "recommendation": s["recommendation"],
            "ratings": ", ".join(f"{k}:{v}" for k, v in s["ratings"].items()),
        }
        for s in view["shadow_scorecards"]
    ]
    emit_view(
        [
            Section("attributes", "Ratings by attribute (lead scorecards)", rows),
            Section(
                "recommendations",
                "Recommendations",
                [{"recommendation": r, "count": n} for r, n in view["recommendations"].items()],
                ["recommendation", "count"],
            ),
            Section(
                "interviews",
                "Interviews",
                view["interviews"],
                ["id", "interviewer", "mode", "focus", "on", "scorecard"],
            ),
            Section(
                "shadow_scorecards",
                "Shadow scorecards (not counted)",
                shadows,
                ["interviewer", "mode", "recommendation", "ratings"],
                empty="no shadow scorecards",
            ),
        ],
        fmt,
        data=view,
        section=section,
        notes=[
            f"Candidate #{cand['id']} {cand['name']} · {cand['role']} "
            f"(rubric v{view['rubric']['version']}) · {cand['status']}"
        ],
    )


@app.command("decide")
def decide(
    candidate: CandidateArg,
    hire_: Annotated[bool, typer.Option("--hire", help="Hire the candidate.")] = False,
    no_hire: Annotated[bool, typer.Option("--no-hire", help="Do not hire.")] = False,
    rationale: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Why (kept on record).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Decide with scorecards missing, or change a decision.")
    ] = False,
) -> None:
    """Record hire / no-hire with a rationale.

    Refused while the loop has interviews still to come (--force does not override it:
    wait, or cancel them with `interview cancel`), and for the candidate themselves.
    """
    from eng_ops.errors import InvalidInput
    from eng_ops.output import message, warn
    from eng_ops.services.interviews import decide as decide_service

    decision = one_of({"--hire": hire_, "--no-hire": no_hire})
    if decision is None:
        raise InvalidInput("say --hire or --no-hire")
    hire = decision == "--hire"
    with open_session() as session:
        record, warnings = decide_service(
            session, candidate, hire=hire, rationale=rationale or "", force=force
        )
    for text in warnings:
        warn(text)
    message(f"candidate #{candidate} {record['name']}: {record['decision']}")


@app.command("export")
def export(
    candidate: CandidateArg,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="Packet format.", case_sensitive=False),
    ] = ExportFormat.md,
    out: OutOpt = None,
    templates: TemplatesOpt = None,
) -> None:
    """Export the scorecard packet.

    md, html, csv or json; shows only what you may see.
    """
    from eng_ops.output import Format as Fmt
    from eng_ops.output import render_rows, write_document
    from eng_ops.services.reports import build_context
    from eng_ops.services.scorecard_io import EXPORT_COLUMNS, export_rows

    with open_session(write=False) as session:
        if fmt is ExportFormat.csv:
            rows = export_rows(session, candidate, actor())
        else:
            context = build_context(
                session, "scorecard-packet", {"candidate": str(candidate)}, actor()
            )
    if fmt is ExportFormat.csv:
        write_document(render_rows(rows, Fmt.csv, EXPORT_COLUMNS), out)
    elif fmt is ExportFormat.json:
        _write_json(context["packet"], out)
    else:
        _write_rendered("scorecard-packet", fmt.value, context, out, templates)


@app.command("debrief")
def debrief(
    candidate: CandidateArg,
    fmt: Annotated[
        DocFormat,
        typer.Option("--format", "-f", help="Debrief format.", case_sensitive=False),
    ] = DocFormat.md,
    out: OutOpt = None,
    templates: TemplatesOpt = None,
) -> None:
    """The panel's debrief of a candidate.

    Ratings per attribute beside each interviewer's calibrated adjustment (where the role
    has enough data), disagreements, the recommendation spread, missing scorecards and the
    decision with its rationale. Only for those who may see the loop's ratings.
    """
    from eng_ops.services.debrief import debrief as debrief_service
    from eng_ops.services.reports import build_context

    with open_session(write=False) as session:
        if fmt is DocFormat.json:
            found = debrief_service(session, candidate, actor())
        else:
            context = build_context(session, "debrief", {"candidate": str(candidate)}, actor())
    if fmt is DocFormat.json:
        _write_json(found, out)
    else:
        _write_rendered("debrief", fmt.value, context, out, templates)


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help=(
                "CSV: candidate,role,interviewer,attribute,score,recommendation,date,mode "
                "and optionally decision,decided_on,rationale."
            ),
        ),
    ],
) -> None:
    """Load past scorecards and decisions in bulk (all or nothing).

    One submitted scorecard per candidate, interviewer, date and mode; dates up to today.
    Optional columns decision (hire or no-hire), decided_on and rationale decide the
    candidate as `interview decide` would (all three needed; the rows of one candidate must
    agree, an empty cell says nothing; decided_on between the last interview and today).
    Importing the same file again adds nothing.
    """
    from eng_ops.output import message
    from eng_ops.services.scorecard_io import import_csv
    from eng_ops.text import plural

    with open_session() as session:
        done = import_csv(session, file)
    skipped = f"; {plural(done.skipped, 'scorecard')} already recorded" if done.skipped else ""
    message(
        f"imported {file}: {plural(done.scorecards, 'scorecard')} "
        f"({plural(done.ratings, 'rating')}), "
        f"{plural(done.candidates, 'new candidate')}, "
        f"{plural(done.decisions, 'decision')}{skipped}"
    )


# --- analytics -------------------------------------------------------------------------------


@app.command("calibrate")
def calibrate(
    role: Annotated[str | None, typer.Option(metavar="ROLE", help="Only this role.")] = None,
    scorecards_csv: Annotated[
        Path | None,
        typer.Option(
            "--scorecards-csv",
            metavar="FILE",
            help="Work on a file instead: candidate,interviewer,attribute,score.",
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
    section: SectionOpt = None,
) -> None:
    """Calibrate interviewers.

    Each interviewer's tendency to score above (+) or below (-) what the same candidates got
    from others, with a 95% interval ("too few ratings to judge" under 3 shared candidates),
    and each candidate's raw and adjusted score. Sections: interviewers, candidates.
    """
    from eng_ops.output import Section, emit_view, message, warn
    from eng_ops.services.interview_analytics import (
        calibrate as calibrate_service,
    )
    from eng_ops.services.interview_analytics import (
        only_role,
        read_scorecards_csv,
        stored_observations,
    )

    one_of({"--role": role, "--scorecards-csv": scorecards_csv}, "the file has its own role")
    if scorecards_csv is not None:
        observations = read_scorecards_csv(scorecards_csv)
    else:
        with open_session(write=False) as session:
            if role is None:
                role = only_role(session)
            observations = stored_observations(session, role=role)
    result = calibrate_service(observations)
    for text in result.warnings:
        warn(text)
    if result.note:
        warn(result.note)
    if fmt is Format.csv:
        message(result.basis.sentence)
    emit_view(
        [
            Section(
                "interviewers",
                "Interviewers: points above (+) or below (-) others on the same candidates",
                result.interviewers,
                ["interviewer", "effect", "ci_low", "ci_high", "n", "candidates", "reading"]
                + ["group"],
            ),
            Section(
                "candidates",
                "Candidates: raw mean and adjusted score",
                result.candidates,
                ["candidate", "raw_mean", "adjusted", "n", "group"],
            ),
        ],
        fmt,
        data=result,
        section=section,
        notes=[result.basis.sentence],
    )


class Metric(StrEnum):
    alpha = "alpha"
    icc = "icc"


class Level(StrEnum):
    nominal = "nominal"
    ordinal = "ordinal"
    interval = "interval"
    ratio = "ratio"


@app.command("reliability")
def reliability(
    metric: Annotated[Metric, typer.Option(help="alpha (Krippendorff) or icc (Shrout & Fleiss).")],
    level: Annotated[Level, typer.Option(help="Alpha's level of measurement.")] = Level.ordinal,
    role: Annotated[
        str | None, typer.Option(metavar="ROLE", help="Role (stored scorecards).")
    ] = None,
    attribute: Annotated[
        str | None, typer.Option(metavar="ATTRIBUTE", help="Only this attribute.")
    ] = None,
    ratings_csv: Annotated[
        Path | None,
        typer.Option(
            "--ratings-csv",
            metavar="FILE",
            help="Work on a file: unit,RATER1,RATER2,... (empty = missing).",
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Measure rater agreement.

    Krippendorff's alpha (flagged below 0.667; "too few ratings to judge" under 10 pairable
    units or 3 candidates) or the six Shrout & Fleiss ICCs.
    """
    from eng_ops.errors import InvalidInput
    from eng_ops.output import Section, emit_json, emit_view, message, warn
    from eng_ops.services.interview_analytics import (
        Alpha,
        file_reliability,
        stored_reliability,
    )

    one_of({"--ratings-csv": ratings_csv, "--role": role}, "the file holds the ratings")
    one_of({"--ratings-csv": ratings_csv, "--attribute": attribute}, "the file is one attribute")
    if ratings_csv is not None:
        result = file_reliability(ratings_csv, metric=metric.value, level=level.value)
    else:
        if not role:
            raise InvalidInput("give --role (stored scorecards) or --ratings-csv FILE")
        with open_session(write=False) as session:
            result = stored_reliability(
                session, role=role, attribute=attribute, metric=metric.value, level=level.value
            )
    if fmt is Format.json:
        emit_json(result)
        return
    basis = result.basis if isinstance(result, Alpha) else result["basis"]
    if fmt is Format.csv:
        message(basis.sentence)  # the file stays one clean table
    if not isinstance(result, Alpha):
        emit_view(
            [
                Section(
                    "icc",
                    f"ICC ({result['units']} units x {result['raters']} raters)",
                    result["table"],
                    ["type", "value", "F", "df1", "df2", "p", "ci_low", "ci_high"],
                )
            ],
            fmt,
            notes=[basis.sentence],
        )
        if result.get("note"):
            warn(result["note"])
        return
    rows = [
        {
            "scope": "all",
            "value": result.value,
            "pairable": result.pairable_units,
            "reliable": result.reliable,
            "note": result.note,
        }
    ]
    rows += [
        {
            "scope": a.attribute,
            "value": a.value,
            "pairable": a.pairable_units,
            "reliable": None if a.value is None or a.note else not a.flagged,
            "note": a.note,
        }
        for a in result.attributes
    ]
    emit_view(
        [
            Section(
                "alpha",
                f"Krippendorff's alpha ({result.level}), reliable when >= {result.threshold}",
                rows,
                ["scope", "value", "pairable", "reliable", "note"],
            )
        ],
        fmt,
        notes=[basis.sentence],
    )
    if result.flagged:
        warn(f"all attributes: alpha {result.value} is below {result.threshold}")
    for a in result.attributes:
        if a.flagged:
            warn(f"{a.attribute}: alpha {a.value} is below {result.threshold}")
