"""Demo rotations: a year of lead projects with feedback, and an opening turned into rotations."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

from eng_ops import dates as clock
from eng_ops.dates import parse_duration
from eng_ops.services.openings import add_opening, convert_to_rotations
from eng_ops.services.rotations import add_rotation, assign, close, feedback, set_optin
from eng_ops.yamlio import load_yaml


def build(session: Session, examples: Path, today: date | None = None) -> str:
    today = today or clock.today()
    data = load_yaml(examples / "rotations.yaml")
    for handle in data.get("optin") or []:
        set_optin(session, handle, True)
    for spec in data["rotations"]:
        start = (
            today - timedelta(weeks=int(spec["weeks_ago"]))
            if "weeks_ago" in spec
            else today + timedelta(weeks=int(spec.get("weeks_ahead", 0)))
        )
        add_rotation(
            session,
            name=spec["name"],
            goal=spec["goal"],
            team=spec.get("team"),
            start=start,
            weeks=int(spec["weeks"]),
            targets=list(spec.get("targets") or []),
            direction=spec.get("direction"),
        )
        if spec.get("lead"):
            assign(session, spec["name"], spec["lead"], spec.get("mentor"))
        for item in spec.get("feedback") or []:
            feedback(
                session,
                spec["name"],
                from_=item["from"],
                competency=item["competency"],
                level=item["level"],
                note=item["note"],
            )
        if spec.get("outcome"):
            close(session, spec["name"], spec["outcome"])
    convert = data["convert"]
    opening = add_opening(
        session,
        title=convert["title"],
        team=convert.get("team"),
        seats=int(convert["seats"]),
        term_days=parse_duration(convert["term"]).days,
        requires=[f"{k}:{v}" for k, v in convert["requires"].items()],
        closes=today,
    )
    created = convert_to_rotations(session, opening["id"], int(convert["weeks"]))
    return (
        f"rotations: {len(data['rotations'])} projects over a year, "
        f"{len(created)} from an unfilled opening"
    )
