"""Demo lead openings: the ladder, lead roles, evidence and the opening that will not fill."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from eng_ops import dates as clock
from eng_ops.dates import parse_duration
from eng_ops.services.evidence import add_evidence
from eng_ops.services.ladder import import_ladder, parse_ladder_file
from eng_ops.services.lead_roles import assign
from eng_ops.services.openings import add_opening, apply
from eng_ops.yamlio import load_yaml


def _months_ago(today: date, months: int) -> date:
    return today - timedelta(days=round(months * 30.44))


def build(session: Session, examples: Path, today: date | None = None) -> str:
    today = today or clock.today()
    import_ladder(session, parse_ladder_file(examples / "ladder.yaml"))
    data = load_yaml(examples / "leads.yaml")
    for role in data["lead_roles"]:
        assign(
            session,
            role["handle"],
            team=role["team"],
            project=None,
            start=_months_ago(today, int(role["months_ago"])),
            end=None,
            goal=role.get("goal"),
            direction=role.get("direction"),
        )
    for item in data["evidence"]:
        add_evidence(
            session,
            handle=item["handle"],
            competency=item["competency"],
            level=item["level"],
            on=_months_ago(today, int(item["months_ago"])),
            source=item.get("source", "manual"),
            note=item.get("note"),
        )
    for spec in data["openings"]:
        opening = _add_opening(session, spec, today)
        for handle in spec.get("applicants") or []:
            apply(session, opening["id"], handle, None)
    return (
        f"leads: {len(data['lead_roles'])} lead roles, {len(data['evidence'])} pieces of "
        f"evidence, {len(data['openings'])} opening"
    )


def _add_opening(
    session: Session, spec: Any, today: date, deciders: list[str] | None = None
) -> dict:
    """An opening of examples/leads.yaml, closing `closes_in_days` after today."""
    return add_opening(
        session,
        title=spec["title"],
        team=spec.get("team"),
        seats=int(spec["seats"]),
        term_days=parse_duration(spec["term"]).days,
        requires=[f"{k}:{v}" for k, v in spec["requires"].items()],
        closes=today + timedelta(days=int(spec["closes_in_days"])),
        description=spec.get("description"),
        min_level=spec.get("min_level"),
        decider=list(deciders or []),
    )


def build_decided(session: Session, examples: Path, today: date | None = None) -> str:
    """Openings played to the end: candidates decided, the not-selected given a plan.

    A separate demo step, after the rotations, so the earlier openings keep their ids.
    """
    from eng_ops.services.openings import decide, nominate, respond

    today = today or clock.today()
    data = load_yaml(examples / "leads.yaml")
    plans = decided = 0
    for spec in data.get("decided") or []:
        # The opening's first decider adds it and decides, as they would with --as.
        acting = session.info.get("actor")
        session.info["actor"] = (spec.get("deciders") or [acting])[0]
        opening = _add_opening(session, spec, today, list(spec.get("deciders") or [])[1:])
        for handle in spec.get("applicants") or []:
            apply(session, opening["id"], handle, None)
        for item in spec.get("nominations") or []:
            nominate(session, opening["id"], item["handle"], item["by"], item["reason"])
            respond(session, opening["id"], item["handle"], True, None)
        for handle, why in (spec.get("select") or {}).items():
            decide(session, opening["id"], handle, True, why)
            decided += 1
        for handle, why in (spec.get("reject") or {}).items():
            plans += len(decide(session, opening["id"], handle, False, why, develop=True).plan)
            decided += 1
        session.info["actor"] = acting
    return f"decided opening: {decided} candidates decided, {plans} development actions"
