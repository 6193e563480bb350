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
from eng_ops.services.ladder import (
    check_level,
    competencies,
    get_competency,
    ladder_levels,
)
from eng_ops.services.limits import ROTATION_WEEKS
from eng_ops.services.people import active, get_person, get_team
from eng_ops.services.readiness import judge, recent_evidence, requirements_for_level
from eng_ops.store.models import LeadRole, Person, Rotation, RotationFeedback, RotationOptIn, Team


def min_level(
    session: Session, order: list[str] | None = None, rotation: Rotation | None = None
) -> str | None:
    """The lowest level offered a turn: the rotation's own minimum level when it has one,
    else the org's rotations.min_level (default L3).

    Given the ladder's levels, a chosen level the ladder does not know is an error (the
    default is simply not applied to a ladder without an L3).
    """
    from eng_ops.services.settings import current

    if rotation is not None and rotation.min_level:
        if order and rotation.min_level not in order:
            raise InvalidInput(
                f"rotation '{rotation.name}': minimum level '{rotation.min_level}' is not on "
                f"the ladder (levels: {', '.join(order)})"
            )
        return rotation.min_level

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
        "min_level": r.min_level,
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
    min_level: str | None = None,
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
    if min_level:  # the project's own floor for its lead (else rotations.min_level)
        check_level(session, min_level, "--min-level")
    rotation = Rotation(
        name=name,
        goal=goal.strip(),
        direction=(direction or "").strip() or None,
        team_id=get_team(session, team).id if team else None,
        start=start,
        end=start + timedelta(weeks=weeks) - timedelta(days=1),
        sponsor_id=get_person(session, sponsor).id if sponsor else None,
        targets=list(dict.fromkeys(targets or [])),
        min_level=min_level or None,
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
    """Feedback on the rotation's lead, taken from its start date; it becomes their evidence
    (source rotation)."""
    rotation = get_rotation(session, name)
    if rotation.lead_id is None:
        raise InvalidInput(f"rotation '{name}' has no lead yet")
    if clock.today() < rotation.start:
        raise InvalidInput(
            f"rotation '{name}' starts on {rotation.start.isoformat()}: feedback on its lead is "
            "taken from that day"
        )
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

# A mentor guides at most this many rotations at a time (those they already mentor count).
MENTOR_CAPACITY = 2


def _meets_floor(level: str | None, floor: str | None, order: list[str]) -> bool:
    """At or above the floor; without a ladder or a floor levels cannot be compared (True);
    with both, a level the ladder does not know cannot be shown to meet it (False)."""
    if not floor or not order or floor not in order:
        return True
    return level in order and order.index(level) >= order.index(floor)  # type: ignore[arg-type]


def _outside_engineering(session: Session) -> set[int]:
    """Ids of the teams marked outside engineering (`engineering: false` in the org file)."""
    return set(session.exec(select(Team.id).where(col(Team.engineering).is_(False))).all())  # type: ignore[arg-type]


def rotation_pool(
    session: Session,
    today: date | None = None,
    *,
    order: list[str] | None = None,
    floor: str | None = None,
) -> list[Person]:
    """Who rotations are for today: active individual contributors on an engineering team (or
    on none), at or above the minimum level, who hold no lead role today (managers and standing
    leads already have the hat)."""
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
    outside = _outside_engineering(session)
    return [
        p
        for p in session.exec(select(Person).where(active()).order_by(Person.handle)).all()
        if p.track == "ic"
        and p.team_id not in outside
        and p.id not in leading
        and _meets_floor(p.level, floor, order)
    ]


def _last_led(session: Session) -> dict[int, tuple[date, str]]:
    """person id -> (the end of their most recent lead role or rotation, past or current, and
    what it was), counting only what had started by today."""
    last: dict[int, tuple[date, str]] = {}
    today = clock.today()

    def note(person_id: int, when: date, what: str) -> None:
        if person_id not in last or when > last[person_id][0]:
            last[person_id] = (when, what)

    for person_id, start, end, team_key, project in session.exec(
        select(LeadRole.person_id, LeadRole.start, LeadRole.end, Team.key, LeadRole.project)
        .outerjoin(Team, col(Team.id) == col(LeadRole.team_id))
        .order_by(LeadRole.id)
    ).all():
        if start <= today:
            what = f"lead of {team_key}" if team_key else f"lead of '{project}'"
            note(person_id, min(end or today, today), what)
    for person_id, start, end, name in session.exec(
        select(Rotation.lead_id, Rotation.start, Rotation.end, Rotation.name)
        .where(col(Rotation.lead_id).is_not(None))
        .order_by(Rotation.id)
    ).all():
        if start <= today:
            note(person_id, min(end, today), f"rotation {name}")  # type: ignore[arg-type]
    return last


@dataclass(frozen=True)
class PlanRow:
    """One project of a rotation plan: its proposed lead and mentor, each with the reasons.

    `team` is the project's team, `lead_team` and `mentor_team` the teams they are on; a
    project nobody eligible can lead has `lead` None and says why in `reasons`.
    """

    project: str
    team: str | None
    start: date
    end: date
    lead: str | None
    lead_team: str | None
    mentor: str | None
    mentor_team: str | None
    reasons: tuple[str, ...]


@dataclass
class _Org:
    """What planning needs, loaded once: teams, people, roles, rotations, opt-ins, history."""

    order: list[str]
    teams: dict[int, Team]
    people: list[Person]  # active, any track, ordered by handle
    roles: dict[int, list[tuple[date, date | None]]]  # person id -> lead-role spans
    leading: dict[int, list[tuple[date, date, str]]]  # person id -> open rotations they lead
    mentoring: dict[int, list[tuple[date, date]]]  # person id -> open rotations they mentor
    choice: dict[int, bool]  # person id -> opted in (True) or out (False)
    last: dict[int, tuple[date, str]]

    def key(self, team_id: int | None) -> str | None:
        return self.teams[team_id].key if team_id in self.teams else None

    def engineering(self, person: Person) -> bool:
        team = self.teams.get(person.team_id) if person.team_id else None  # type: ignore[arg-type]
        return team is None or team.engineering

    def under(self, team_id: int | None, ancestor: int) -> bool:
        """The team is below `ancestor` (at any depth)."""
        seen: set[int] = set()
        while team_id in self.teams and team_id not in seen:
            seen.add(team_id)  # type: ignore[arg-type]
            team_id = self.teams[team_id].parent_id  # type: ignore[index]
            if team_id == ancestor:
                return True
        return False


def _load(session: Session, order: list[str]) -> _Org:
    roles: dict[int, list[tuple[date, date | None]]] = {}
    for pid, start, end in session.exec(
        select(LeadRole.person_id, LeadRole.start, LeadRole.end)
    ).all():
        roles.setdefault(pid, []).append((start, end))
    leading: dict[int, list[tuple[date, date, str]]] = {}
    mentoring: dict[int, list[tuple[date, date]]] = {}
    for r in session.exec(select(Rotation).where(Rotation.status == "open")).all():
        if r.lead_id is not None:
            leading.setdefault(r.lead_id, []).append((r.start, r.end, r.name))
        if r.mentor_id is not None:
            mentoring.setdefault(r.mentor_id, []).append((r.start, r.end))
    return _Org(
        order=order,
        teams={t.id: t for t in session.exec(select(Team)).all()},  # type: ignore[misc]
        people=list(session.exec(select(Person).where(active()).order_by(Person.handle)).all()),
        roles=roles,
        leading=leading,
        mentoring=mentoring,
        choice=dict(session.exec(select(RotationOptIn.person_id, RotationOptIn.opted_in)).all()),
        last=_last_led(session),
    )


def _relation(org: _Org, anchor: int, team_id: int | None) -> tuple[int, str]:
    """How near a team is to the `anchor` team: 0 the anchor itself; 1 the same part of the
    org (a team under the anchor's parent, the parent itself, or, when the anchor has no
    parent, a team under it); 2 elsewhere. With the words that say so."""
    team = org.teams[anchor]
    here = org.key(team_id) or "no team"
    if team_id == anchor:
        return 0, f"in {team.key}"
    if team_id is not None and org.under(team_id, anchor):
        return 1, f"in {here}, under {team.key}"
    if team.parent_id is not None:
        if team_id == team.parent_id:
            return 1, f"in {here}, the parent of {team.key}"
        if team_id is not None and org.under(team_id, team.parent_id):
            return 1, f"in {here}, a sister team of {team.key}"
    return 2, f"in {here}, outside {team.key}'s part of the org"


def _tier(org: _Org, rotation: Rotation, team_id: int | None) -> tuple[int, str]:
    """A candidate's team against the project's (see `_relation`); a project without a team
    looks at all of engineering."""
    if rotation.team_id is None:
        here = org.key(team_id) or "no team"
        return 2, f"in {here} (the project has no team: all of engineering considered)"
    return _relation(org, rotation.team_id, team_id)


def _reach(org: _Org, rotation: Rotation, anywhere: bool) -> str:
    """Where candidates were looked for, in words."""
    if rotation.team_id is None or anywhere:
        return "anywhere in engineering"
    team = org.teams[rotation.team_id]
    if team.parent_id is None:
        return f"{team.key} or the teams under it"
    return f"{team.key}, its sister teams or {org.key(team.parent_id)}"


def _busy(spans: list[tuple[date, date | None]], start: date, end: date) -> bool:
    return any(_overlaps(start, end, s, e) for s, e in spans)


def _why_not(
    org: _Org,
    person: Person,
    rotation: Rotation,
    floor: str | None,
    picked: dict[int, list[tuple[date, date | None]]],
) -> str | None:
    """Why an active individual contributor on an engineering team cannot lead the project
    (None: they can)."""
    if org.choice.get(person.id) is False:  # type: ignore[arg-type]
        return "opted out"
    if person.left and person.left <= rotation.end:
        return "leave before it ends"
    if not _meets_floor(person.level, floor, org.order):
        return f"below {floor}"
    if person.id == rotation.mentor_id:
        return "mentor it"
    pid: int = person.id  # type: ignore[assignment]
    if _busy(org.roles.get(pid, []), rotation.start, rotation.end):
        return "hold a lead role in that window"
    others = [(s, e) for s, e, name in org.leading.get(pid, []) if name != rotation.name]
    if _busy(others + picked.get(pid, []), rotation.start, rotation.end):
        return "lead another rotation in that window"
    return None


def _stretch_gaps(
    session: Session, people: list[Person], rotation: Rotation, order: list[str]
) -> dict[int, tuple[int, list[str]]]:
    """How much each person has to learn on the project's targets, judged in one pass: the
    total gap (levels between what their readiness shows and what one level above their own
    needs) and the gaps in words. Person id -> (total, words)."""
    if not rotation.targets or not order:
        return {p.id: (0, []) for p in people}  # type: ignore[misc]
    from eng_ops.services.settings import current

    settings = current(session).readiness
    comps = competencies(session)
    evidence = recent_evidence(session, clock.today(), settings, [p.id for p in people])  # type: ignore[misc]
    asks: dict[str, dict[str, str]] = {}
    found: dict[int, tuple[int, list[str]]] = {}
    for person in people:
        stretch = _target_level(session, person.level, order)
        if stretch not in asks:
            asks[stretch] = requirements_for_level(session, stretch)
        required = {t: asks[stretch][t] for t in rotation.targets if t in asks[stretch]}
        rows, _ = judge(required, comps, order, evidence.get(person.id, []), settings)  # type: ignore[arg-type]
        total, words = 0, []
        for row in rows:
            if row["gap"]:
                total += row["gap"]
                shows = row["demonstrated"] or "nothing yet"
                need = row["required"]
                words.append(f"{row['competency']} (gap {row['gap']}: shows {shows}, needs {need})")
        if words:
            words[0] = f"towards {stretch} on {words[0]}"
        found[person.id] = (total, words)  # type: ignore[index]
    return found


def plan(
    session: Session,
    *,
    start: date | None = None,
    projects: list[str] | None = None,
    anywhere: bool = False,
) -> list[PlanRow]:
    """A lead (and a mentor who has led before) for each unassigned project, fairly.

    Eligible: active individual contributors on engineering teams, at or above the project's
    minimum level, not opted out, holding no lead role and leading no other rotation in its
    window (picks made earlier in this plan count). Candidates come from the project's team,
    then the same part of the org (see `_tier`), from elsewhere only with `anywhere` (or when
    the project has no team). Order: fewest picks in this plan (nobody gets a second turn while
    someone in reach has none), the nearer team, never led, least recently led, opted in, most
    to learn on the targets, handle.
    """
    start = start or clock.today()
    query = select(Rotation).where(
        Rotation.status == "open", col(Rotation.lead_id).is_(None), Rotation.end >= start
    )
    chosen = [get_rotation(session, p) for p in projects] if projects else None
    rotations = chosen or list(session.exec(query.order_by(Rotation.start, Rotation.id)).all())
    for rotation in rotations:
        if rotation.status != "open":
            raise InvalidInput(f"rotation '{rotation.name}' is closed")
        if rotation.lead_id is not None:
            raise InvalidInput(f"rotation '{rotation.name}' already has a lead")
    order = ladder_levels(session)
    org = _load(session, order)
    picked: dict[int, list[tuple[date, date | None]]] = {}  # leads chosen in this plan
    guiding: dict[int, list[tuple[date, date]]] = {}  # mentors chosen in this plan
    return [_plan_one(session, org, rotation, anywhere, picked, guiding) for rotation in rotations]


def _plan_one(
    session: Session,
    org: _Org,
    rotation: Rotation,
    anywhere: bool,
    picked: dict[int, list[tuple[date, date | None]]],
    guiding: dict[int, list[tuple[date, date]]],
) -> PlanRow:
    floor = min_level(session, org.order, rotation)
    widest = 2 if anywhere or rotation.team_id is None else 1
    candidates: list[tuple[tuple, Person, str]] = []
    excluded: Counter[str] = Counter()
    for person in org.people:
        if person.track != "ic" or not org.engineering(person):
            continue
        tier, where = _tier(org, rotation, person.team_id)
        if tier > widest:
            continue
        why = _why_not(org, person, rotation, floor, picked)
        if why:
            excluded[why] += 1
            continue
        led = org.last.get(person.id)  # type: ignore[arg-type]
        key = (
            len(picked.get(person.id, [])),  # type: ignore[arg-type]
            tier,
            led is not None,
            led[0] if led else date.min,
            org.choice.get(person.id) is not True,  # type: ignore[arg-type]
        )
        candidates.append((key, person, where))
    team = org.key(rotation.team_id)
    if not candidates:
        return PlanRow(
            project=rotation.name,
            team=team,
            start=rotation.start,
            end=rotation.end,
            lead=None,
            lead_team=None,
            mentor=None,
            mentor_team=None,
            reasons=(_nobody(org, rotation, anywhere, floor, excluded),),
        )
    best = min(c[0] for c in candidates)
    tied = [c for c in candidates if c[0] == best]
    # Most to learn decides among the tied only: readiness is judged for them alone.
    gaps = _stretch_gaps(session, [p for _, p, _ in tied], rotation, org.order)
    judged = sorted(
        ((*gaps[p.id], p, where) for _, p, where in tied),  # type: ignore[index]
        key=lambda j: (-j[0], j[2].handle),
    )
    gap, learn, lead, where = judged[0]
    decisive = len(judged) > 1 and judged[1][0] < gap
    reasons = [_history(org, lead), where]
    if org.choice.get(lead.id) is True:  # type: ignore[arg-type]
        reasons.append("opted in")
    if best[0]:
        reasons.append(
            f"a turn more in this plan: everyone eligible in {_reach(org, rotation, anywhere)}"
            " already has one"
        )
    if learn:
        reasons.append(("most to learn " if decisive else "to learn ") + " and ".join(learn))
    elif rotation.targets and org.order:
        reasons.append(f"already shows what the next level asks on {', '.join(rotation.targets)}")
    picked.setdefault(lead.id, []).append((rotation.start, rotation.end))  # type: ignore[arg-type]
    mentor, mentor_reason = _mentor(org, rotation, lead, picked, guiding)
    reasons.append(mentor_reason)
    if mentor is not None:
        guiding.setdefault(mentor.id, []).append((rotation.start, rotation.end))  # type: ignore[arg-type]
    return PlanRow(
        project=rotation.name,
        team=team,
        start=rotation.start,
        end=rotation.end,
        lead=lead.handle,
        lead_team=org.key(lead.team_id),
        mentor=mentor.handle if mentor else None,
        mentor_team=org.key(mentor.team_id) if mentor else None,
        reasons=tuple(reasons),
    )


def _history(org: _Org, person: Person) -> str:
    led = org.last.get(person.id)  # type: ignore[arg-type]
    if led is None:
        return "never led"
    when, what = led
    if when >= clock.today():
        return f"leads now ({what})"
    return f"last led until {when.isoformat()} ({what})"


def _nobody(
    org: _Org, rotation: Rotation, anywhere: bool, floor: str | None, excluded: Counter[str]
) -> str:
    """Why nobody can lead the project, with the count behind each reason."""
    reach = _reach(org, rotation, anywhere)
    counted = ", ".join(f"{n} {why}" for why, n in sorted(excluded.items(), key=lambda x: -x[1]))
    text = f"nobody eligible in {reach}"
    if counted:
        text += f" ({counted})"
    else:
        text += " (no individual contributor there)"
    if reach != "anywhere in engineering":
        text += "; try --anywhere"
    return text


def _mentor(
    org: _Org,
    rotation: Rotation,
    lead: Person,
    picked: dict[int, list[tuple[date, date | None]]],
    guiding: dict[int, list[tuple[date, date]]],
) -> tuple[Person | None, str]:
    """The mentor: has led (a lead role or a rotation that had started by today), is senior to
    the lead (a higher level on the ladder), is in the same part of the org as the project or
    the lead, leads no rotation then and mentors fewer than MENTOR_CAPACITY rotations in the
    window (this plan's included). A mentor already chosen for the project is kept.

    The project's team first, then the lead's, then the rest of that part of the org; within
    each, the fewest mentorships in this plan, then handle.
    """
    order = org.order
    near = [t for t in (rotation.team_id, lead.team_id) if t is not None]
    if rotation.mentor_id is not None:  # chosen already: kept
        kept = next((p for p in org.people if p.id == rotation.mentor_id), None)
        if kept is not None:
            return kept, f"mentor {kept.handle}: already chosen for the project"
    options = []
    for p in org.people if near else []:
        if p.id == lead.id or not org.engineering(p) or p.team_id is None:
            continue
        if p.left and p.left <= rotation.end:
            continue
        if min(_relation(org, anchor, p.team_id)[0] for anchor in near) > 1:
            continue
        led = org.last.get(p.id)  # type: ignore[arg-type]
        if led is None:
            continue
        if order and not (
            lead.level in order
            and p.level in order
            and order.index(p.level) > order.index(lead.level)  # type: ignore[arg-type]
        ):
            continue
        pid: int = p.id  # type: ignore[assignment]
        leads = [(s, e) for s, e, _ in org.leading.get(pid, [])] + picked.get(pid, [])
        if _busy(leads, rotation.start, rotation.end):
            continue
        load = [
            1
            for s, e in org.mentoring.get(pid, []) + guiding.get(pid, [])
            if _overlaps(rotation.start, rotation.end, s, e)
        ]
        if len(load) >= MENTOR_CAPACITY:
            continue
        if p.team_id == rotation.team_id:
            rank = 0
        elif p.team_id == lead.team_id:
            rank = 1
        else:
            rank = 2
        key = (rank, len(guiding.get(pid, [])), p.handle)
        options.append((key, p, led))
    if not options:
        places = [f"{org.key(t)}'s part of the org" for t in dict.fromkeys(near)]
        where = " or ".join(places) or "the lead's part of the org (the lead has no team)"
        return None, (
            f"no mentor: nobody in {where} who has led, is senior to {lead.handle}"
            f" and has room (mentors fewer than {MENTOR_CAPACITY} rotations then)"
        )
    _, mentor, led = min(options, key=lambda o: o[0])
    team = org.key(mentor.team_id)
    senior = f", senior ({mentor.level}; {lead.handle} is {lead.level})" if order else ""
    return mentor, f"mentor {mentor.handle}: in {team}, has led ({led[1]}){senior}"


def _target_level(session: Session, level: str | None, order: list[str]) -> str:
    """A rotation stretches one level above the person's own."""
    if level in order:
        return order[min(order.index(level) + 1, len(order) - 1)]  # type: ignore[arg-type]
    return order[-1]


def apply_plan(session: Session, proposals: list[PlanRow]) -> int:
    """Assign each proposed lead and mentor (one audited update per project)."""
    applied = 0
    for row in proposals:
        if row.lead:
            assign(session, row.project, row.lead, row.mentor)
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
