"""The org at a glance: teams, headcount by level, span of control per manager."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from eng_ops.services.org import list_teams
from eng_ops.services.people import active
from eng_ops.store.models import Person, Team

WIDE_SPAN = 8  # more direct reports than this and 1:1s start to slip


@dataclass(frozen=True)
class OrgSummary:
    headcount: int
    teams: list[dict]
    levels: list[dict]
    spans: list[dict]

    def as_dict(self) -> dict:
        return {
            "headcount": self.headcount,
            "teams": self.teams,
            "levels": self.levels,
            "spans": self.spans,
        }


def _level_key(level: str | None) -> tuple[int, str]:
    if level is None:
        return (1, "")
    digits = "".join(ch for ch in level if ch.isdigit())
    return (0, f"{int(digits):04d}{level}" if digits else level)


def org_summary(session: Session) -> OrgSummary:
    is_active = active()
    level_counts = session.exec(
        select(Person.level, func.count()).where(is_active).group_by(Person.level)
    ).all()
    levels = [
        {"level": level or "(none)", "headcount": count}
        for level, count in sorted(level_counts, key=lambda r: _level_key(r[0]))
    ]
    report = aliased(Person)
    span_rows = session.exec(
        select(Person.handle, Person.name, Person.title, Team.key, func.count(col(report.id)))
        .join(report, col(report.manager_id) == col(Person.id))
        .outerjoin(Team, col(Person.team_id) == col(Team.id))
        .where(is_active, active(report))
        .group_by(Person.handle, Person.name, Person.title, Team.key)
    ).all()
    spans = sorted(
        (
            {
                "handle": h,
                "name": n,
                "title": t,
                "team": team,
                "direct_reports": c,
                "flag": "wide" if c > WIDE_SPAN else "",
            }
            for h, n, t, team, c in span_rows
        ),
        key=lambda r: (-r["direct_reports"], r["handle"]),
    )
    headcount = sum(r["headcount"] for r in levels)
    return OrgSummary(headcount, list_teams(session), levels, spans)
