"""Reports: a context builder per report name; templates live in templates/."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from eng_ops.errors import NotFound


@dataclass(frozen=True)
class Report:
    name: str
    description: str
    build: Callable[[Session], dict[str, Any]]
    formats: tuple[str, ...] = ("md", "html")


def _roster(session: Session) -> dict[str, Any]:
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


def _one_on_ones(session: Session) -> dict[str, Any]:
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


REPORTS: dict[str, Report] = {
    r.name: r
    for r in (
        Report("roster", "Teams and people, headcount by level, span of control.", _roster),
        Report(
            "one-on-ones",
            "1:1 adherence by kind and leader, overdue 1:1s, coverage gaps, leader load.",
            _one_on_ones,
        ),
    )
}


def get_report(name: str) -> Report:
    try:
        return REPORTS[name]
    except KeyError:
        known = ", ".join(sorted(REPORTS))
        raise NotFound(f"unknown report '{name}' (known: {known})") from None


def build_context(session: Session, name: str) -> dict[str, Any]:
    report = get_report(name)
    context = report.build(session)
    context["report"] = {"name": report.name, "description": report.description}
    context["generated_at"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return context
