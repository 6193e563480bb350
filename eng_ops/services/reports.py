"""Reports: a context builder per report name; templates live in templates/."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from eng_ops.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class ReportInput:
    """What a report is built for: its parameters and who is looking."""

    params: dict[str, str] = field(default_factory=dict)
    viewer: str = ""

    def require(self, name: str) -> str:
        if not self.params.get(name):
            raise InvalidInput(f"this report needs --param {name}=VALUE")
        return self.params[name]


@dataclass(frozen=True)
class Report:
    name: str
    description: str
    build: Callable[[Session, ReportInput], dict[str, Any]]
    formats: tuple[str, ...] = ("md", "html")
    params: tuple[str, ...] = ()


def _roster(session: Session, _input: ReportInput) -> dict[str, Any]:
    from eng_ops.services.dashboard import org_summary
    from eng_ops.services.people import list_people

    summary = org_summary(session)
    people = list_people(session)
    by_team: dict[str | None, list[dict]] = {}
    for person in people:
        by_team.setdefault(person["team"], []).append(person)
    teams = [{**t, "members": by_team.pop(t["key"], [])} for t in summary.teams]
    if by_team.get(None):
        teams.append({"key": None, "name": "No team", "parent": None, "members": by_team[None]})
    return {"summary": summary.as_dict(), "teams": teams, "people": people}


def _one_on_ones(session: Session, _input: ReportInput) -> dict[str, Any]:
    """Adherence by kind and leader, overdue 1:1s, coverage gaps, leader load.

    Never includes notes: reports are for sharing, and private notes are their author's.
    """
    from eng_ops.services.one_on_one_insights import adherence_views, coverage, load
    from eng_ops.services.one_on_ones import due
    from eng_ops.services.settings import current

    settings = current(session).one_on_one
    due_rows = due(session, settings)
    views = adherence_views(session, settings, ("kind", "leader"))
    return {
        "settings": {"grace_days": settings.grace_days, "career_days": settings.career_days},
        "adherence_by_kind": views["kind"],
        "adherence_by_leader": views["leader"],
        "overdue": [r for r in due_rows if r["status"] in ("overdue", "never-met")],
        "coverage": coverage(session, settings),
        "load": load(session, settings),
    }


def _scorecard_packet(session: Session, given: ReportInput) -> dict[str, Any]:
    """A candidate's scorecards, as the viewer may see them, with the rubric's anchors."""
    from eng_ops.services.interviews import panel
    from eng_ops.services.rubrics import show_rubric

    raw = given.require("candidate")
    try:
        candidate_id = int(raw)
    except ValueError:
        raise InvalidInput(f"--param candidate: '{raw}' is not a candidate id") from None
    view = panel(session, candidate_id, given.viewer)
    rubric = show_rubric(session, view["rubric"]["role"], view["rubric"]["version"])
    return {"packet": view, "rubric": rubric}


def _hiring(session: Session, _input: ReportInput) -> dict[str, Any]:
    from eng_ops.services.analytics_charts import days_to_decision_chart, load_chart
    from eng_ops.services.hiring import hiring_summary

    summary = hiring_summary(session)
    return asdict(summary) | {
        "days_chart": days_to_decision_chart(
            [(f"#{d.id} {d.name}", d.days_to_decision) for d in summary.decided],
            median=summary.median_days_to_decision,
            chart_id="hiring-days",
        ),
        "load_chart": load_chart(
            [(r.interviewer, r.lead_interviews, r.share) for r in summary.load],
            chart_id="hiring-load",
        ),
    }


def _calibration(session: Session, given: ReportInput) -> dict[str, Any]:
    """Per role: what it rests on, interviewer effects with intervals (a dot plot),
    adjusted candidates, alpha per attribute (bars); small samples say so."""
    from eng_ops.services import interview_analytics as ia
    from eng_ops.services.analytics_charts import alpha_chart, effects_chart
    from eng_ops.services.rubrics import list_rubrics

    roles = (
        [given.params["role"]]
        if given.params.get("role")
        else [r["role"] for r in list_rubrics(session)]
    )
    sections = []
    for role in roles:
        found = ia.role_calibration(session, role)
        if found is None:
            continue
        cal, alpha = found.calibration, found.alpha
        sections.append(
            {
                "role": role,
                "basis": found.basis,
                "ratings": found.basis.ratings,
                "calibration": cal,
                "calibration_error": found.calibration_error,
                "alpha": alpha,
                "alpha_error": found.alpha_error,
                "effects_chart": effects_chart(
                    cal.interviewers,
                    title=f"{role}: interviewer effects with 95% intervals",
                    chart_id=f"effects-{role}",
                )
                if cal
                else "",
                "alpha_chart": alpha_chart(
                    alpha, title=f"{role}: agreement per attribute", chart_id=f"alpha-{role}"
                )
                if alpha
                else "",
            }
        )
    return {
        "roles": sections,
        "rules": {
            "threshold": ia.ALPHA_THRESHOLD,
            "min_interviewer_candidates": ia.MIN_INTERVIEWER_CANDIDATES,
            "min_pairable_units": ia.MIN_PAIRABLE_UNITS,
            "min_candidates": ia.MIN_CANDIDATES,
            "too_few": ia.TOO_FEW,
        },
    }


def _debrief(session: Session, given: ReportInput) -> dict[str, Any]:
    """A candidate's debrief as the viewer may see it, with its two charts."""
    from eng_ops.services.analytics_charts import effects_chart, ratings_chart
    from eng_ops.services.debrief import DISAGREEMENT, debrief
    from eng_ops.services.rubrics import latest_rubric

    raw = given.require("candidate")
    try:
        candidate_id = int(raw)
    except ValueError:
        raise InvalidInput(f"--param candidate: '{raw}' is not a candidate id") from None
    found = debrief(session, candidate_id, given.viewer or None)
    rubric = latest_rubric(session, found.candidate.role)
    rows = []
    for a in found.ratings:
        given_by = {r.interviewer: r for r in a.ratings}
        cells = []
        for who in found.panelists:
            r = given_by.get(who)
            if r is None:
                cells.append("")
            elif r.calibrated is None:
                cells.append(str(r.score))
            else:
                cells.append(f"{r.score} \u2192 {r.calibrated:.2f}")
        rows.append({"attribute": a, "cells": cells})
    rated = [a for a in found.ratings if a.ratings]
    who = f"#{found.candidate.id} {found.candidate.name}"
    return {
        "debrief": found,
        "rows": rows,
        "disagreement_points": DISAGREEMENT,
        "ratings_chart": ratings_chart(
            [(a.attribute, a.mean, a.low, a.high, a.disagreement) for a in rated],
            title=f"{who}: ratings by attribute",
            scale=(rubric.scale_min, rubric.scale_max),
            chart_id="debrief-ratings",
        )
        if rated
        else "",
        "effects_chart": effects_chart(
            found.calibration,
            title=f"{who}: the panel's tendencies on {found.candidate.role}",
            chart_id="debrief-effects",
        )
        if found.calibration
        else "",
    }


def _interviewer_pool(session: Session, given: ReportInput) -> dict[str, Any]:
    from eng_ops.services.analytics_charts import loop_share_chart
    from eng_ops.services.interviewers import MIN_LOOPS, agreement, pool, requirements

    result = pool(session, given.params.get("role") or None)
    training = []
    for row in result.interviewers:
        if row.stage in ("shadow", "reverse-shadow", "trainee"):
            kappa = agreement(session, row.handle, row.role)["kappa"]
            training.append({**asdict(row), "kappa": kappa})
    needs = requirements(session)
    return {
        "interviewers": result.interviewers,
        "concentration": result.concentration,
        "explained": result.explained,
        "window_days": result.window_days,
        "since": result.since,
        "limits": {"loops": result.loop_share_limit, "slots": result.slot_share_limit},
        "min_loops": MIN_LOOPS,
        "charts": {
            c.role: loop_share_chart(
                [(m.handle, m.loop_share) for m in result.interviewers if m.role == c.role],
                role=c.role,
                limit=result.loop_share_limit,
                judged=c.loops >= MIN_LOOPS,
                chart_id=f"loops-{c.role}",
            )
            for c in result.concentration
        },
        "training": training,
        "requirements": {
            "shadows": needs.shadows,
            "reverse_shadows": needs.reverse_shadows,
            "min_kappa": needs.min_kappa,
        },
    }


def _opening_param(given: ReportInput) -> int:
    raw = given.require("opening")
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(f"--param opening: '{raw}' is not an opening id") from None


def _advert(session: Session, given: ReportInput) -> dict[str, Any]:
    from eng_ops.services.ladder import show_ladder
    from eng_ops.services.openings import show_opening

    opening = show_opening(session, _opening_param(given))
    ladder = {c["key"]: c for c in show_ladder(session)["competencies"]}
    requires = [
        {
            "key": key,
            "name": ladder[key]["name"],
            "level": level,
            "expectation": ladder[key]["expectations"].get(level),
        }
        for key, level in opening["requires"].items()
    ]
    return {"opening": opening, "requires": requires}


def _lead_pipeline(session: Session, _input: ReportInput) -> dict[str, Any]:
    """Open openings, most severe risk first, with their candidates by name; and the openings
    filled, closed or cancelled in the last RECENT_DAYS days: who was selected, who was not."""
    from eng_ops.services.lead_pipeline import RECENT_DAYS, RISKS, pipeline, recently_decided

    rows = pipeline(session)
    return {
        "pipeline": rows,
        "risks": [{"risk": r, "openings": sum(1 for p in rows if p.risk == r)} for r in RISKS],
        "recent": recently_decided(session),
        "recent_days": RECENT_DAYS,
    }


def _rotations(session: Session, _input: ReportInput) -> dict[str, Any]:
    from eng_ops.services.rotations import audit_projects, fairness, list_rotations

    return {
        "rotations": list_rotations(session, include_closed=True),
        "fairness": fairness(session),
        "audit": audit_projects(session),  # only projects with something missing
    }


REPORTS: dict[str, Report] = {
    r.name: r
    for r in (
        Report("roster", "Teams and people, headcount by level, span of control.", _roster),
        Report(
            "one-on-ones",
            "1:1 adherence by kind and leader, overdue 1:1s, coverage gaps, leader load.",
            _one_on_ones,
        ),
        Report(
            "scorecard-packet",
            "One candidate's scorecards with the rubric's anchors (--param candidate=ID).",
            _scorecard_packet,
            params=("candidate",),
        ),
        Report(
            "hiring",
            "Loops in flight, time to decision, missing scorecards, interviewer load.",
            _hiring,
        ),
        Report(
            "advert",
            "The internal advert for a lead opening (--param opening=ID).",
            _advert,
            params=("opening",),
        ),
        Report(
            "lead-pipeline",
            "Will the lead openings fill? Risk per opening and what to do, naming people.",
            _lead_pipeline,
        ),
        Report(
            "rotations",
            "Lead rotations: projects, who led them, fairness of turns, what is missing.",
            _rotations,
        ),
        Report(
            "calibration",
            "Interviewer leniency/severity, adjusted candidate scores, alpha per attribute.",
            _calibration,
            params=("role",),
        ),
        Report(
            "debrief",
            "A candidate's debrief: ratings, calibrated adjustments, disagreements, decision "
            "(--param candidate=ID).",
            _debrief,
            params=("candidate",),
        ),
        Report(
            "interviewer-pool",
            "Stages, load share, concentration (top share, Gini, HHI), trainees' agreement.",
            _interviewer_pool,
            params=("role",),
        ),
    )
}


def get_report(name: str) -> Report:
    try:
        return REPORTS[name]
    except KeyError:
        known = ", ".join(sorted(REPORTS))
        raise NotFound(f"unknown report '{name}' (known: {known})") from None


def build_context(
    session: Session, name: str, params: dict[str, str] | None = None, viewer: str = ""
) -> dict[str, Any]:
    report = get_report(name)
    unknown = sorted(set(params or {}) - set(report.params))
    if unknown:
        raise InvalidInput(f"report '{name}' takes no parameter '{unknown[0]}'")
    context = report.build(session, ReportInput(dict(params or {}), viewer))
    context["report"] = {"name": report.name, "description": report.description}
    context["generated_at"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return context
