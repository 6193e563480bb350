"""Reports: a context builder per report name; templates live in templates/."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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
    from eng_ops.services.cadence_settings import load_settings
    from eng_ops.services.one_on_one_insights import adherence_views, coverage, load
    from eng_ops.services.one_on_ones import due

    settings = load_settings()
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
    from eng_ops.services.hiring import hiring_summary

    return hiring_summary(session)


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
