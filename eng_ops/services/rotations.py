"""Lead rotations: time-boxed lead projects, fair planning, feedback as evidence."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput, NotFound
from eng_ops.services import audit, placeholders
from eng_ops.services.evidence import add_evidence
from eng_ops.services.ladder import check_level, get_competency, ladder_levels, levels
from eng_ops.services.limits import ROTATION_WEEKS
from eng_ops.services.people import active, get_person, get_team
from eng_ops.services.readiness import readiness
from eng_ops.store.models import LeadRole, Person, Rotation, RotationFeedback, RotationOptIn, Team


def min_level(session: Session, order: list[str] | None = None) -> str | None:
    """The org's rotations.min_level (default L3): the lowest level offered a turn.

    Given the ladder's levels, a chosen level the ladder does not know is an error (the
    default is simply not applied to a ladder without an L3).
    """
    from eng_ops.services.settings import current

    settings = current(session)
    floor = settings.rotation_min_level
    if order and floor not in order:
        source = settings.sources.get("rotations.min_level", "default")
        if source == "default":
            return None
        raise InvalidInput(
            f"{source}: rotations.min_level: unknown level '{floor}' (levels: {', '.join(order)})"
        )
    return floor


def _overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def get_rotation(session: Session, name: str) -> Rotation:
    rotation = session.exec(select(Rotation).where(Rotation.name == name)).first()
    if rotation is None:
        import difflib

        names = list(session.exec(select(Rotation.name)).all())
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise NotFound(f"unknown rotation project '{name}'{hint}")
    return rotation


def _handles(session: Session) -> dict[int, str]:
    return dict(session.exec(select(Person.id, Person.handle)).all())


def record(session: Session, r: Rotation, handles: dict[int, str] | None = None) -> dict:
    handles = handles or _handles(session)
    team = session.exec(select(Team.key).where(Team.id == r.team_id)).first() if r.team_id else None
    return {
        "id": r.id,
        "name": r.name,
        "goal": r.goal,
        "direction": r.direction,
        "team": team,
        "start": r.start,
        "end": r.end,
        "weeks": ((r.end - r.start).days + 1) // 7,
        "lead": handles.get(r.lead_id) if r.lead_id else None,  # type: ignore[arg-type]
        "mentor": handles.get(r.mentor_id) if r.mentor_id else None,  # type: ignore[arg-type]
        "sponsor": handles.get(r.sponsor_id) if r.sponsor_id else None,  # type: ignore[arg-type]
        "targets": r.targets,
        "status": r.status,
        "outcome": r.outcome,
    }


def add_rotation(
    session: Session,
    *,
    name: str,
    goal: str,
    team: str | None,
    start: date,
    weeks: int,
    sponsor: str | None = None,
    targets: list[str] | None = None,
    direction: str | None = None,
) -> dict:
    """Add a rotation project. A goal is required; placeholder text ("tbd", under 15
    characters) and a missing direction are accepted, and `audit projects` lists them."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("NAME: must not be empty")
    if not (goal or "").strip():
        raise InvalidInput("--goal: a rotation needs a goal")
    ROTATION_WEEKS.check(weeks, "--weeks")
    if session.exec(select(Rotation.id).where(Rotation.name == name)).first() is not None:
        raise InvalidInput(f"a rotation project '{name}' already exists")
    for key in targets or []:
        get_competency(session, key)
    rotation = Rotation(
        name=name,
        goal=goal.strip(),
        direction=(direction or "").strip() or None,
        team_id=get_team(session, team).id if team else None,
        start=start,
        end=start + timedelta(weeks=weeks) - timedelta(days=1),
        sponsor_id=get_person(session, sponsor).id if sponsor else None,
        targets=list(dict.fromkeys(targets or [])),
        created_at=datetime.now(UTC),
    )
    session.add(rotation)
    session.flush()
    result = record(session, rotation)
    audit.record(session, "create", "rotation", name, None, result)
    return result


@dataclass(frozen=True)
class RotationText:
    """A rotation's goal and direction, as `rotation edit` leaves them."""

    name: str
    goal: str
    direction: str | None


def edit_rotation(
    session: Session, name: str, *, goal: str | None = None, direction: str | None = None
) -> RotationText:
    """Rewrite a rotation's goal and/or direction (given fields only; a blank direction clears
    it, a blank goal is refused as in `rotation add`)."""
    if goal is None and direction is None:
        raise InvalidInput("nothing to change: give a goal or a direction")
    rotation = get_rotation(session, name)
    if goal is not None and not goal.strip():
        raise InvalidInput("--goal: a rotation needs a goal")
    before = record(session, rotation)
    if goal is not None:
        rotation.goal = goal.strip()
    if direction is not None:
        rotation.direction = direction.strip() or None
    session.add(rotation)
    audit.record(session, "update", "rotation", rotation.name, before, record(session, rotation))
    return RotationText(rotation.name, rotation.goal, rotation.direction)


def list_rotations(session: Session, include_closed: bool = False) -> list[dict]:
    query = select(Rotation).order_by(Rotation.start, Rotation.id)
    if not include_closed:
        query = query.where(Rotation.status == "open")
    handles = _handles(session)
    return [record(session, r, handles) for r in session.exec(query).all()]


def show_rotation(session: Session, name: str) -> dict:
    rotation = get_rotation(session, name)
    handles = _handles(session)
    feedback = [
        {
            "from": handles.get(f.from_id),
            "competency": f.competency,
            "level": f.level,
            "note": f.note,
            "on": f.created_at.date(),
        }
        for f in session.exec(
            select(RotationFeedback).where(RotationFeedback.rotation_id == rotation.id)
        ).all()
    ]
    return {**record(session, rotation, handles), "feedback": feedback}


def set_optin(session: Session, handle: str, opted_in: bool) -> None:
    person = get_person(session, handle)
    row = session.get(RotationOptIn, person.id)
    before = None if row is None else {"opted_in": row.opted_in}
    row = row or RotationOptIn(person_id=person.id, updated_at=datetime.now(UTC))  # type: ignore[arg-type]
    row.opted_in, row.updated_at = opted_in, datetime.now(UTC)
    session.add(row)
    audit.record(
        session,
        "update" if before else "create",
        "rotation_optin",
        handle,
        before,
        {"opted_in": opted_in},
    )


# --- who may lead when -----------------------------------------------------------------------


def clashes(
    session: Session, person_id: int, start: date, end: date, skip: int | None = None
) -> list[str]:
    """Lead roles and other rotations this person leads during [start, end]."""
    found = []
    for role in session.exec(select(LeadRole).where(LeadRole.person_id == person_id)).all():
        if _overlaps(start, end, role.start, role.end):
            found.append("holds a lead role in that window")
    for other in session.exec(
        select(Rotation).where(Rotation.lead_id == person_id, Rotation.status == "open")
    ).all():
        if other.id != skip and _overlaps(start, end, other.start, other.end):
            found.append(f"leads rotation '{other.name}' in that window")
    return found


def assign(session: Session, name: str, handle: str, mentor: str | None = None) -> dict:
    rotation = get_rotation(session, name)
    if rotation.status != "open":
        raise InvalidInput(f"rotation '{name}' is closed")
    person = get_person(session, handle)
    if person.left and person.left <= rotation.end:
        raise InvalidInput(f"{handle} leaves on {person.left.isoformat()}")
    problems = clashes(session, person.id, rotation.start, rotation.end, skip=rotation.id)  # type: ignore[arg-type]
    if problems:
        raise InvalidInput(f"{handle} {problems[0]}")
    before = record(session, rotation)
    if rotation.mentor_id == person.id and not mentor:
        raise InvalidInput(
            f"{handle} mentors '{name}'; give a new --mentor, or choose another lead"
        )
    rotation.lead_id = person.id
    if mentor:
        mentor_row = get_person(session, mentor)
        if mentor_row.id == person.id:
            raise InvalidInput("the mentor cannot be the lead")
        rotation.mentor_id = mentor_row.id
    session.add(rotation)
    session.flush()
    after = record(session, rotation)
    audit.record(session, "update", "rotation", name, before, after)
    return after


def close(session: Session, name: str, outcome: str) -> dict:
    rotation = get_rotation(session, name)
    if rotation.status == "closed":
        raise InvalidInput(f"rotation '{name}' is already closed")
    if not (outcome or "").strip():
        raise InvalidInput("--outcome: say what came of it")
    before = record(session, rotation)
    rotation.status, rotation.outcome = "closed", outcome.strip()
    session.add(rotation)
    after = record(session, rotation)
    audit.record(session, "update", "rotation", name, before, after)
    return after


def feedback(
    session: Session, name: str, *, from_: str, competency: str, level: str, note: str
) -> dict:
    """Feedback on the rotation's lead; it becomes their evidence (source rotation)."""
    rotation = get_rotation(session, name)
    if rotation.lead_id is None:
        raise InvalidInput(f"rotation '{name}' has no lead yet")
    if not (note or "").strip():
        raise InvalidInput("--note: say what you saw")
    giver = get_person(session, from_)
    lead = session.get(Person, rotation.lead_id)
    assert lead is not None
    if giver.id == lead.id:
        raise InvalidInput("feedback comes from someone other than the lead")
    check_level(session, level)
    evidence = add_evidence(
        session,
        handle=lead.handle,
        competency=competency,
        level=level,
        on=min(clock.today(), rotation.end),
        source="rotation",
        note=f"rotation '{name}' ({from_}): {note.strip()}",
    )
    # `rotation show` dates feedback by this stamp: the business day (ENG_OPS_TODAY), at
    # the time of day it was given.
    given_at = datetime.combine(clock.today(), datetime.now(UTC).timetz())
    session.add(
        RotationFeedback(
            rotation_id=rotation.id,  # type: ignore[arg-type]
            from_id=giver.id,  # type: ignore[arg-type]
            competency=competency,
            level=level,
            note=note.strip(),
            evidence_id=evidence["id"],
            created_at=given_at,
        )
    )
    return {"rotation": name, "lead": lead.handle, "evidence": evidence["id"]}


# --- planning --------------------------------------------------------------------------------


def rotation_pool(
    session: Session,
    today: date | None = None,
    *,
    order: list[str] | None = None,
    floor: str | None = None,
) -> list[Person]:
    """Who rotations are for: active individual contributors at or above the minimum level
    who do not hold a lead role today (managers and standing leads already have the hat)."""
    today = today or clock.today()
    if order is None:  # no ladder yet: levels cannot be compared, so none is left out
        order = ladder_levels(session)
        floor = min_level(session, order)
    leading = {
        pid
        for pid, start, end in session.exec(
            select(LeadRole.person_id, LeadRole.start, LeadRole.end)
        ).all()
        if start <= today and (end is None or end >= today)
    }
    return [
        p
        for p in session.exec(select(Person).where(active()).order_by(Person.handle)).all()
        if p.track != "manager"
        and p.id not in leading
        and not (
            floor
            and p.level in order
            and floor in order
            and order.index(p.level) < order.index(floor)
        )
    ]


def _last_led(session: Session) -> dict[int, date]:
    """person id -> the end of their most recent lead role or rotation (past or current)."""
    last: dict[int, date] = {}
    today = clock.today()
    for person_id, start, end in session.exec(
        select(LeadRole.person_id, LeadRole.start, LeadRole.end)
    ).all():
        if start <= today:
            when = min(end or today, today)
            last[person_id] = max(last.get(person_id, when), when)
    for person_id, start, end in session.exec(
        select(Rotation.lead_id, Rotation.start, Rotation.end).where(
            col(Rotation.lead_id).is_not(None)
        )
    ).all():
        if start <= today:
            when = min(end, today)
            last[person_id] = max(last.get(person_id, when), when)  # type: ignore[index]
    return last


def plan(
    session: Session, *, start: date | None = None, projects: list[str] | None = None
) -> list[dict]:
    """A lead (and a mentor who has led before) for each unassigned project, fairly."""
    start = start or clock.today()
    query = select(Rotation).where(
        Rotation.status == "open", col(Rotation.lead_id).is_(None), Rotation.end >= start
    )
    chosen = [get_rotation(session, p) for p in projects] if projects else None
    rotations = chosen or list(session.exec(query.order_by(Rotation.start, Rotation.id)).all())
    order = levels(session)
    floor = min_level(session, order)
    people = rotation_pool(session, order=order, floor=floor)
    optin = {
        pid
        for pid, opted in session.exec(
            select(RotationOptIn.person_id, RotationOptIn.opted_in)
        ).all()
        if opted
    }
    last = _last_led(session)
    teams = dict(session.exec(select(Team.id, Team.key)).all())
    picked: list[tuple[int, date, date]] = []  # leads chosen in this plan
    mentoring: Counter[int] = Counter()
    result = []
    for rotation in rotations:
        if rotation.status != "open":
            raise InvalidInput(f"rotation '{rotation.name}' is closed")
        if rotation.lead_id is not None:
            raise InvalidInput(f"rotation '{rotation.name}' already has a lead")
        candidates = []
        for person in people:
            if (
                floor
                and person.level in order
                and floor in order
                and (order.index(person.level) < order.index(floor))
            ):
                continue
            if person.left and person.left <= rotation.end:
                continue
            if clashes(session, person.id, rotation.start, rotation.end):  # type: ignore[arg-type]
                continue
            if any(
                pid == person.id and _overlaps(rotation.start, rotation.end, s, e)
                for pid, s, e in picked
            ):
                continue
            gap = 0
            if rotation.targets:
                ready = readiness(
                    session,
                    person.handle,
                    {t: _target_level(session, person.level, order) for t in rotation.targets},
                    target=rotation.name,
                )
                gap = sum(r["gap"] for r in ready["competencies"])
            led = last.get(person.id)  # type: ignore[arg-type]
            key = (
                led is not None,
                led or date.min,
                person.id not in optin,
                -gap,
                person.handle,
            )
            candidates.append((key, person, led, gap))
        if not candidates:
            result.append(
                {
                    "project": rotation.name,
                    "lead": None,
                    "mentor": None,
                    "reasons": ["nobody eligible: everyone leads something in that window"],
                }
            )
            continue
        key, lead, led, gap = min(candidates, key=lambda c: c[0])
        picked.append((lead.id, rotation.start, rotation.end))  # type: ignore[arg-type]
        reasons = ["has never led" if led is None else f"last led until {led.isoformat()}"]
        if lead.id in optin:
            reasons.append("opted in")
        if rotation.targets:
            reasons.append(f"readiness gap {gap} on {', '.join(rotation.targets)}")
        reasons.append("free in the window (no lead role or other rotation)")
        mentor = _mentor(session, rotation, lead, people, last, mentoring, teams)
        if mentor is not None:
            mentoring[mentor.id] += 1  # type: ignore[index]
        result.append(
            {
                "project": rotation.name,
                "start": rotation.start,
                "end": rotation.end,
                "lead": lead.handle,
                "mentor": mentor.handle if mentor else None,
                "reasons": reasons
                + ([f"mentor {mentor.handle} has led before"] if mentor else ["no mentor found"]),
            }
        )
    return result


def _target_level(session: Session, level: str | None, order: list[str]) -> str:
    """A rotation stretches one level above the person's own."""
    if level in order:
        return order[min(order.index(level) + 1, len(order) - 1)]  # type: ignore[arg-type]
    return order[-1]


def _mentor(session, rotation, lead, people, last, mentoring, teams):  # type: ignore[no-untyped-def]
    everyone = session.exec(select(Person).where(active())).all()
    options = [
        p
        for p in everyone
        if p.id != lead.id and p.id in last and not (p.left and p.left <= rotation.end)
    ]
    if not options:
        return None
    same_team = rotation.team_id
    options.sort(key=lambda p: (mentoring[p.id], p.team_id != same_team, p.handle))
    return options[0]


def apply_plan(session: Session, proposals: list[dict]) -> int:
    applied = 0
    for row in proposals:
        if row["lead"]:
            assign(session, row["project"], row["lead"], row["mentor"])
            applied += 1
    return applied


# --- fairness --------------------------------------------------------------------------------


def fairness(session: Session, since: date | None = None) -> dict[str, Any]:
    """Turns per eligible person, people never given a turn, Gini of turns, by team and level."""
    from eng_ops.stats.concentration import gini

    people = rotation_pool(session)
    query = select(Rotation.lead_id).where(col(Rotation.lead_id).is_not(None))
    if since:
        query = query.where(Rotation.start >= since)
    counts = Counter(session.exec(query).all())
    teams = dict(session.exec(select(Team.id, Team.key)).all())
    turns = [
        {
            "handle": p.handle,
            "team": teams.get(p.team_id),
            "level": p.level,
            "count": counts.get(p.id, 0),
        }
        for p in people
    ]
    values = [t["count"] for t in turns]

    def grouped(field: str) -> list[dict]:
        groups: dict[str, list[int]] = {}
        for t in turns:
            groups.setdefault(t[field] or "-", []).append(t["count"])
        return [
            {field: k, "people": len(v), "turns": sum(v), "never_led": sum(1 for x in v if x == 0)}
            for k, v in sorted(groups.items())
        ]

    return {
        "since": since,
        "eligible": len(people),
        "turns": turns,
        "never_led": [t["handle"] for t in turns if t["count"] == 0],
        "gini": round(gini(values), 3) if values and any(values) else 0.0,
        "by_team": grouped("team"),
        "by_level": grouped("level"),
    }


# --- audit of projects -----------------------------------------------------------------------


NO_PROJECT_END = "a project lead role with no end date (a team lead role may be permanent)"


@dataclass(frozen=True)
class ProjectCheck:
    """One rotation or lead role in `audit projects`: what it lacks, each with why in words."""

    kind: str  # rotation | lead role
    name: str  # the rotation's name; the lead role's team key or project name
    role: int | None  # the lead role's id (for `lead role edit ROLE`); None for a rotation
    lead: str | None
    start: date
    end: date | None
    missing: tuple[str, ...]  # goal, direction, lead, mentor, end, feedback, outcome
    why: tuple[str, ...]  # one sentence per missing item, in the same order


def audit_projects(
    session: Session, today: date | None = None, *, include_complete: bool = False
) -> list[ProjectCheck]:
    """Open rotations, closed ones still without feedback, and current or future lead roles,
    each with what it lacks; most missing first. `include_complete` keeps the rest.

    Rotations: a real goal and direction (eng_ops.services.placeholders), a lead, a mentor,
    feedback once ended, an outcome once ended (closing it). Every rotation has an end (its
    weeks). A closed rotation is only checked for feedback, the one thing still worth adding.
    Lead roles: a real goal and direction; a project lead role needs an end date, a team lead
    role may be permanent.
    """
    today = today or clock.today()
    handles = _handles(session)
    teams = dict(session.exec(select(Team.id, Team.key)).all())
    with_feedback = set(session.exec(select(RotationFeedback.rotation_id).distinct()).all())
    rows: list[ProjectCheck] = []
    for r in session.exec(select(Rotation).order_by(Rotation.start, Rotation.id)).all():
        gaps: list[tuple[str, str]] = []
        ended = r.status == "closed" or r.end < today
        if r.status == "open":
            gaps += _text_gaps(r.goal, r.direction)
            if r.lead_id is None:
                gaps.append(("lead", "no lead"))
            if r.mentor_id is None:
                gaps.append(("mentor", "no mentor"))
        if ended and r.lead_id is not None and r.id not in with_feedback:
            when = "closed" if r.status == "closed" else f"ended {r.end.isoformat()}"
            gaps.append(("feedback", f"{when} without feedback on its lead"))
        if r.status == "open" and r.end < today:
            gaps.append(("outcome", f"ended {r.end.isoformat()}: close it with an outcome"))
        lead = handles.get(r.lead_id) if r.lead_id else None  # type: ignore[arg-type]
        rows.append(_check("rotation", r.name, None, lead, r.start, r.end, gaps))
    roles = select(LeadRole).where((col(LeadRole.end).is_(None)) | (col(LeadRole.end) >= today))
    for role in session.exec(roles.order_by(LeadRole.start, LeadRole.id)).all():
        gaps = _text_gaps(role.goal, role.direction)
        if role.team_id is None and role.end is None:
            gaps.append(("end", NO_PROJECT_END))
        name = teams.get(role.team_id) if role.team_id else role.project  # type: ignore[arg-type]
        lead = handles.get(role.person_id)
        rows.append(_check("lead role", name or "", role.id, lead, role.start, role.end, gaps))
    kept = [row for row in rows if row.missing or include_complete]
    return sorted(kept, key=lambda row: (-len(row.missing), row.start, row.kind, row.name))


def _text_gaps(goal: str | None, direction: str | None) -> list[tuple[str, str]]:
    found = [placeholders.check("goal", goal), placeholders.check("direction", direction)]
    return [(p.field, p.why) for p in found if p is not None]


def _check(
    kind: str,
    name: str,
    role: int | None,
    lead: str | None,
    start: date,
    end: date | None,
    gaps: list[tuple[str, str]],
) -> ProjectCheck:
    return ProjectCheck(
        kind, name, role, lead, start, end, tuple(f for f, _ in gaps), tuple(w for _, w in gaps)
    )
