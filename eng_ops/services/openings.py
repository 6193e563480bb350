"""Lead openings: adverts, applications, nominations, eligibility, decisions, pipeline."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput, NotFound
from eng_ops.services import audit
from eng_ops.services.ids import get_by_id
from eng_ops.services.ladder import check_level, competencies, get_competency, levels
from eng_ops.services.limits import ROTATION_WEEKS, SEATS, TERM_DAYS
from eng_ops.services.people import active, get_person, get_team
from eng_ops.services.readiness import judge, recent_evidence
from eng_ops.services.settings import ReadinessSettings
from eng_ops.services.settings import current as current_settings
from eng_ops.store.models import (
    Application,
    Competency,
    Evidence,
    LeadRole,
    Opening,
    OpeningDecider,
    Person,
    Team,
)
from eng_ops.text import plural

AT_RISK_DAYS = 14  # extend the deadline when this close and not on track


def parse_requires(session: Session, items: list[str]) -> dict[str, str]:
    required = {}
    for item in items:
        key, sep, level = item.partition(":")
        if not sep:
            raise InvalidInput(f"--requires: '{item}' should look like COMPETENCY:LEVEL")
        get_competency(session, key.strip())
        checked = check_level(session, level.strip(), "--requires")
        if key.strip() in required:
            raise InvalidInput(f"--requires: '{key.strip()}' is given twice")
        required[key.strip()] = checked
    if not required:
        raise InvalidInput("--requires: name at least one COMPETENCY:LEVEL")
    return required


def _record(o: Opening, team: str | None) -> dict:
    return {
        "id": o.id,
        "title": o.title,
        "team": team,
        "seats": o.seats,
        "term_days": o.term_days,
        "requires": o.requires,
        "min_level": o.min_level,
        "closes": o.closes,
        "description": o.description,
        "status": o.status,
        "ended_on": o.ended_on,
        "end_reason": o.end_reason,
    }


def _check_closes(closes: date, field: str = "--closes") -> date:
    if closes < clock.today():
        raise InvalidInput(f"{field}: {closes.isoformat()} is in the past")
    return closes


def _decider_people(session: Session, handles: list[str]) -> list[Person]:
    """The people named as deciders: each in the org and still here, none named twice."""
    people: list[Person] = []
    for handle in handles:
        person = get_person(session, handle.strip())
        if person.left is not None and person.left <= clock.today():
            raise InvalidInput(f"--decider: {person.handle} left on {person.left.isoformat()}")
        if any(p.id == person.id for p in people):
            raise InvalidInput(f"--decider: '{person.handle}' is given twice")
        people.append(person)
    return people


def deciders(session: Session, opening: Opening) -> list[str]:
    """Who may decide on an opening: whoever created it, then the deciders named for it.

    Only people of the org are listed: an opening added by the file's owner (no --as) is
    theirs to decide as the admin, and they are no person to name.
    """
    named = session.exec(
        select(Person.handle)
        .join(OpeningDecider, OpeningDecider.person_id == Person.id)  # type: ignore[arg-type]
        .where(OpeningDecider.opening_id == opening.id)
        .order_by(OpeningDecider.id)
    ).all()
    creator = opening.created_by
    is_person = creator is not None and (
        session.exec(select(Person.id).where(Person.handle == creator)).first() is not None
    )
    found = [creator] if creator and is_person else []
    return found + [h for h in named if h not in found]


def _require_decider(session: Session, opening: Opening, what: str = "decide") -> None:
    """The acting user must be a decider of the opening.

    Someone who is not a person of the org (the OS login of the database file's owner, acting
    without --as) acts as the admin and may decide. Real identities and admin roles come with
    a later issue; until then this is the one place that says who may decide.
    """
    actor = audit.actor_of(session)
    if session.exec(select(Person.id).where(Person.handle == actor)).first() is None:
        return  # the file's owner: the admin
    allowed = deciders(session, opening)
    if actor not in allowed:
        raise InvalidInput(
            f"only the deciders of opening #{opening.id} may {what} ({', '.join(allowed)})"
        )


def add_opening(
    session: Session,
    *,
    title: str,
    team: str | None,
    seats: int,
    term_days: int,
    requires: list[str],
    closes: date,
    description: str | None = None,
    min_level: str | None = None,
    decider: list[str] | None = None,
) -> dict:
    """Open a lead position; whoever adds it and everyone in `decider` may decide on it."""
    if not (title or "").strip():
        raise InvalidInput("--title: must not be empty")
    SEATS.check(seats, "--seats")
    TERM_DAYS.check(term_days, "--term")
    _check_closes(closes)
    team_row = get_team(session, team) if team else None
    named = _decider_people(session, decider or [])
    opening = Opening(
        title=title.strip(),
        team_id=team_row.id if team_row else None,
        seats=seats,
        term_days=term_days,
        requires=parse_requires(session, requires),
        min_level=check_level(session, min_level, "--min-level") if min_level else None,
        closes=closes,
        description=(description or "").strip() or None,
        created_by=audit.actor_of(session),
        created_at=datetime.now(UTC),
    )
    session.add(opening)
    session.flush()
    for person in named:
        session.add(OpeningDecider(opening_id=opening.id, person_id=person.id))  # type: ignore[arg-type]
    session.flush()
    record = {**_record(opening, team), "deciders": deciders(session, opening)}
    audit.record(session, "create", "opening", str(opening.id), None, record)
    return record


def get_opening(session: Session, opening_id: int) -> tuple[Opening, str | None]:
    opening = get_by_id(session, Opening, opening_id)
    if opening is None:
        raise NotFound(f"no opening #{opening_id} (see: eng-ops lead opening list)")
    team = session.exec(select(Team.key).where(Team.id == opening.team_id)).first()
    return opening, team


@dataclass(frozen=True)
class OpeningSummary:
    """One opening in a listing: what it asks for, where it stands, how it ended."""

    id: int
    title: str
    team: str | None
    seats: int
    term_days: int
    requires: dict[str, str]
    min_level: str | None
    closes: date
    description: str | None
    status: str
    ended_on: date | None
    end_reason: str | None
    candidates: int


def _summaries(
    session: Session, openings: list[tuple[Opening, str | None]]
) -> list[OpeningSummary]:
    ids = [o.id for o, _ in openings]
    counts: dict[int, int] = {}
    if ids:
        for opening_id, status in session.exec(
            select(Application.opening_id, Application.status).where(
                col(Application.opening_id).in_(ids)
            )
        ).all():
            if status != "withdrawn":
                counts[opening_id] = counts.get(opening_id, 0) + 1
    return [
        OpeningSummary(**_record(o, team), candidates=counts.get(o.id, 0))  # type: ignore[arg-type]
        for o, team in openings
    ]


def list_openings(session: Session, include_closed: bool = False) -> list[OpeningSummary]:
    """Open openings by closing date; with include_closed also filled, closed and cancelled."""
    query = select(Opening, Team.key).outerjoin(Team, Team.id == Opening.team_id)  # type: ignore[arg-type]
    if not include_closed:
        query = query.where(Opening.status == "open")
    found = session.exec(query.order_by(Opening.closes, Opening.id)).all()
    return _summaries(session, [(o, team) for o, team in found])


def term(opening: Opening) -> tuple[date, date]:
    """The lead term starts the day after the opening closes."""
    start = opening.closes + timedelta(days=1)
    return start, start + timedelta(days=opening.term_days - 1)  # the end is the last day


# --- candidates ------------------------------------------------------------------------------


def _application(session: Session, opening: Opening, person: Person) -> Application | None:
    return session.exec(
        select(Application).where(
            Application.opening_id == opening.id, Application.person_id == person.id
        )
    ).first()


def _require_open(opening: Opening) -> None:
    if opening.status != "open":
        raise InvalidInput(f"opening #{opening.id} is {opening.status}")


def apply(session: Session, opening_id: int, handle: str, statement: str | None) -> dict:
    opening, _ = get_opening(session, opening_id)
    _require_open(opening)
    person = get_person(session, handle)
    existing = _application(session, opening, person)
    if existing is not None and existing.status != "withdrawn":
        how = "applied" if existing.kind == "applied" else "been nominated"
        raise InvalidInput(f"{handle} has already {how} for opening #{opening_id}")
    app = existing or Application(
        opening_id=opening.id,  # type: ignore[arg-type]
        person_id=person.id,  # type: ignore[arg-type]
        kind="applied",
        created_at=datetime.now(UTC),
    )
    app.kind, app.status, app.statement = "applied", "active", (statement or "").strip() or None
    session.add(app)
    session.flush()
    audit.record(
        session,
        "create",
        "application",
        f"{opening_id}/{handle}",
        None,
        {"opening": opening_id, "handle": handle, "kind": "applied"},
    )
    return candidate_status(session, opening, person)


def nominate(session: Session, opening_id: int, handle: str, by: str, reason: str) -> dict:
    opening, _ = get_opening(session, opening_id)
    _require_open(opening)
    person = get_person(session, handle)
    get_person(session, by)
    if not (reason or "").strip():
        raise InvalidInput("--reason: say why you put them forward")
    if by == handle:
        raise InvalidInput(
            "to put yourself forward, apply: eng-ops lead opening apply OPENING HANDLE"
        )
    existing = _application(session, opening, person)
    if existing is not None and existing.status != "withdrawn":
        raise InvalidInput(f"{handle} is already a candidate for opening #{opening_id}")
    app = existing or Application(
        opening_id=opening.id,  # type: ignore[arg-type]
        person_id=person.id,  # type: ignore[arg-type]
        kind="nominated",
        created_at=datetime.now(UTC),
    )
    app.kind, app.status, app.nominated_by, app.reason = "nominated", "active", by, reason.strip()
    app.response = None
    session.add(app)
    session.flush()
    audit.record(
        session,
        "create",
        "nomination",
        f"{opening_id}/{handle}",
        None,
        {"opening": opening_id, "handle": handle, "by": by},
    )
    return candidate_status(session, opening, person)


def _candidate(
    session: Session, opening_id: int, handle: str
) -> tuple[Opening, Person, Application]:
    opening, _ = get_opening(session, opening_id)
    person = get_person(session, handle)
    app = _application(session, opening, person)
    if app is None or app.status == "withdrawn":
        raise InvalidInput(f"{handle} has not applied or been nominated for opening #{opening_id}")
    return opening, person, app


def respond(
    session: Session, opening_id: int, handle: str, accept: bool, reason: str | None
) -> dict:
    opening, person, app = _candidate(session, opening_id, handle)
    if app.kind != "nominated":
        raise InvalidInput(f"{handle} applied; only nominations take a response")
    before = {"response": app.response}
    app.response = "accepted" if accept else "declined"
    app.response_reason = (reason or "").strip() or None
    session.add(app)
    audit.record(
        session,
        "update",
        "nomination",
        f"{opening_id}/{handle}",
        before,
        {"response": app.response, "reason": app.response_reason},
    )
    return candidate_status(session, opening, person)


def withdraw(session: Session, opening_id: int, handle: str) -> None:
    _, _, app = _candidate(session, opening_id, handle)
    if app.status != "active":
        raise InvalidInput(f"{handle}'s candidacy is already {app.status}")
    app.status = "withdrawn"
    session.add(app)
    audit.record(
        session,
        "update",
        "application",
        f"{opening_id}/{handle}",
        {"status": "active"},
        {"status": "withdrawn"},
    )


@dataclass(frozen=True)
class Decision:
    """A decision on one candidate, what to tell the decider, and any development plan."""

    opening: int
    handle: str
    status: str
    warnings: list[str]
    plan: list[Any]  # development actions (eng_ops.services.development), with --develop


def _pending_nominees(session: Session, opening: Opening) -> list[str]:
    """Handles of nominees who have not answered yet, by handle."""
    return sorted(
        session.exec(
            select(Person.handle)
            .join(Application, Application.person_id == Person.id)  # type: ignore[arg-type]
            .where(
                Application.opening_id == opening.id,
                Application.kind == "nominated",
                Application.status == "active",
                col(Application.response).is_(None),
            )
        ).all()
    )


def _selected_count(session: Session, opening: Opening) -> int:
    return len(
        session.exec(
            select(Application.id).where(
                Application.opening_id == opening.id, Application.status == "selected"
            )
        ).all()
    )


def _plan_for_rejection(session: Session, opening: Opening, person: Person) -> list[Any]:
    """The not-selected candidate's development plan (eng_ops.services.development)."""
    try:
        from eng_ops.services.development import plan_for_rejection
    except ModuleNotFoundError as exc:
        if exc.name != "eng_ops.services.development":
            raise
        raise InvalidInput("development plans are not available in this version") from None
    return list(plan_for_rejection(session, opening, person, decided_on=clock.today()))


def decide(
    session: Session,
    opening_id: int,
    handle: str,
    select_: bool,
    rationale: str,
    *,
    early: bool = False,
    develop: bool = False,
) -> Decision:
    """Select or reject a candidate; only the opening's deciders (or the admin) may.

    A selection needs an open opening and, before its closing date, `early` (it shuts the
    opening to people still planning to apply); a rejection may follow once it is filled.
    With `develop`, a rejection also records a development plan for the candidate.
    """
    opening, _ = get_opening(session, opening_id)
    _require_decider(session, opening)
    opening, person, app = _candidate(session, opening_id, handle)
    if select_ or opening.status != "filled":
        _require_open(opening)
    if develop and select_:
        raise InvalidInput("a development plan is for a candidate who is not selected")
    if not (rationale or "").strip():
        raise InvalidInput("--rationale: say why (it is kept with the decision)")
    if app.status != "active":
        raise InvalidInput(f"{handle}'s candidacy is already {app.status}")
    if app.kind == "nominated" and app.response != "accepted":
        raise InvalidInput(f"{handle} has not accepted the nomination yet")
    status = candidate_status(session, opening, person)
    warnings = []
    if select_ and not status["eligible"]:
        raise InvalidInput(f"{handle} is not eligible: {'; '.join(status['issues'])}")
    today = clock.today()
    if select_ and today < opening.closes:
        if not early:
            raise InvalidInput(
                f"opening #{opening_id} closes on {opening.closes.isoformat()}: selecting now "
                "shuts it to people still planning to apply; add --early to decide anyway"
            )
        days = (opening.closes - today).days
        pending = _pending_nominees(session, opening)
        unanswered = (
            f"; not yet answered a nomination: {', '.join(pending)}"
            if pending
            else "; every nomination is answered"
        )
        warnings.append(
            f"selected {plural(days, 'day')} before opening #{opening_id} closes "
            f"({opening.closes.isoformat()}){unanswered}"
        )
    if select_ and status["readiness"] != "ready":
        warnings.append(
            f"{handle} is {status['readiness']} for this opening; pair them with a mentor"
        )
    app.status = "selected" if select_ else "rejected"
    app.rationale = rationale.strip()
    app.decided_by = audit.actor_of(session)
    app.decided_on = today
    session.add(app)
    audit.record(
        session,
        "decide",
        "application",
        f"{opening_id}/{handle}",
        {"status": "active"},
        {"status": app.status, "rationale": app.rationale},
    )
    if select_:
        start, end = term(opening)
        session.add(
            LeadRole(
                person_id=person.id,
                team_id=opening.team_id,  # type: ignore[arg-type]
                project=None if opening.team_id else opening.title,
                start=start,
                end=end,
                # The opening said what the lead is for; the role starts with it (audit
                # projects lists it if that was a placeholder too).
                goal=opening.title,
                direction=opening.description,
                created_at=datetime.now(UTC),
            )
        )
        session.flush()
        if _selected_count(session, opening) >= opening.seats:
            before = {"status": opening.status, "ended_on": opening.ended_on}
            opening.status, opening.ended_on = "filled", today
            session.add(opening)
            audit.record(
                session,
                "update",
                "opening",
                str(opening_id),
                before,
                {"status": opening.status, "ended_on": opening.ended_on},
            )
            warnings.append(f"opening #{opening_id} is now filled")
    plan = _plan_for_rejection(session, opening, person) if develop else []
    return Decision(opening_id, handle, app.status, warnings, plan)


# --- the lifecycle: edit, extend, cancel, close -----------------------------------------------


@dataclass(frozen=True)
class OpeningChange:
    """What an edit or an extension changed: `field: before -> after` lines, and notes."""

    opening: OpeningSummary
    changed: list[str]
    notes: list[str]


def _summary(session: Session, opening: Opening) -> OpeningSummary:
    team = session.exec(select(Team.key).where(Team.id == opening.team_id)).first()
    return _summaries(session, [(opening, team)])[0]


def _snapshot(session: Session, opening: Opening, team: str | None) -> dict[str, Any]:
    return {**_record(opening, team), "deciders": deciders(session, opening)}


def _shown(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "-"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return ", ".join(f"{k}:{v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """'seats: 4 -> 2' for each value given that changed (the status is told apart)."""
    return [
        f"{key}: {_shown(before[key])} -> {_shown(after[key])}"
        for key in after
        if before.get(key) != after[key] and key not in ("status", "ended_on", "end_reason")
    ]


def _term_notes(session: Session, opening: Opening) -> list[str]:
    """Leads already selected keep the term they were given when the dates move."""
    rows = session.exec(
        select(Person.handle)
        .join(Application, Application.person_id == Person.id)  # type: ignore[arg-type]
        .where(Application.opening_id == opening.id, Application.status == "selected")
        .order_by(Person.handle)
    ).all()
    if not rows:
        return []
    start, end = term(opening)
    return [
        f"{', '.join(rows)} keep{'s' if len(rows) == 1 else ''} the lead term given when "
        f"selected; new selections lead from {start.isoformat()} to {end.isoformat()}"
    ]


def edit_opening(
    session: Session,
    opening_id: int,
    *,
    title: str | None = None,
    seats: int | None = None,
    term_days: int | None = None,
    closes: date | None = None,
    requires: list[str] | None = None,
    min_level: str | None = None,
    description: str | None = None,
    decider: list[str] | None = None,
) -> OpeningChange:
    """Change an open opening, each value checked as when it was added; `decider` adds some.

    Seats never go below the leads already selected (equal fills the opening).
    """
    opening, team = get_opening(session, opening_id)
    _require_decider(session, opening, "change it")
    _require_open(opening)
    before = _snapshot(session, opening, team)
    if title is not None:
        if not title.strip():
            raise InvalidInput("--title: must not be empty")
        opening.title = title.strip()
    selected = _selected_count(session, opening)
    if seats is not None:
        SEATS.check(seats, "--seats")
        if seats < selected:
            raise InvalidInput(
                f"--seats: opening #{opening_id} has {plural(selected, 'lead')} selected "
                f"already; seats cannot go below {selected}"
            )
        opening.seats = seats
    if term_days is not None:
        TERM_DAYS.check(term_days, "--term")
        opening.term_days = term_days
    if closes is not None:
        opening.closes = _check_closes(closes)
    if requires:
        opening.requires = parse_requires(session, requires)
    if min_level is not None:
        opening.min_level = check_level(session, min_level, "--min-level")
    if description is not None:
        opening.description = description.strip() or None
    current = set(before["deciders"])
    for person in _decider_people(session, decider or []):
        if person.handle in current:
            raise InvalidInput(f"--decider: {person.handle} already decides on #{opening_id}")
        session.add(OpeningDecider(opening_id=opening.id, person_id=person.id))  # type: ignore[arg-type]
    notes = []
    if opening.seats == selected:
        opening.status, opening.ended_on = "filled", clock.today()
        notes.append(f"opening #{opening_id} is now filled")
    session.add(opening)
    session.flush()
    after = _snapshot(session, opening, team)
    if (before["closes"], before["term_days"]) != (after["closes"], after["term_days"]):
        notes = _term_notes(session, opening) + notes
    audit.record(session, "update", "opening", str(opening_id), before, after)
    return OpeningChange(_summary(session, opening), _changed(before, after), notes)


def extend_opening(session: Session, opening_id: int, closes: date) -> OpeningChange:
    """Move an open opening's closing date later (never into the past)."""
    opening, team = get_opening(session, opening_id)
    _require_decider(session, opening, "extend it")
    _require_open(opening)
    _check_closes(closes)
    if closes <= opening.closes:
        raise InvalidInput(
            f"--closes: {closes.isoformat()} is not later than the closing date of opening "
            f"#{opening_id} ({opening.closes.isoformat()})"
        )
    before = _record(opening, team)
    opening.closes = closes
    session.add(opening)
    after = _record(opening, team)
    audit.record(session, "extend", "opening", str(opening_id), before, after)
    return OpeningChange(
        _summary(session, opening), _changed(before, after), _term_notes(session, opening)
    )


@dataclass(frozen=True)
class CandidacyEnd:
    """How a candidacy ended when its opening was cancelled or closed."""

    opening: int
    handle: str
    kind: str
    status: str
    rationale: str


@dataclass(frozen=True)
class OpeningEnd:
    """An opening cancelled or closed, and what became of each candidacy still open."""

    opening: int
    status: str
    ended_on: date
    end_reason: str
    selected: list[str]
    unfilled: int
    candidates: list[CandidacyEnd]


def _undecided(session: Session, opening: Opening) -> list[tuple[Application, str]]:
    return list(
        session.exec(
            select(Application, Person.handle)
            .join(Person, Person.id == Application.person_id)  # type: ignore[arg-type]
            .where(Application.opening_id == opening.id, Application.status == "active")
            .order_by(Application.id)
        ).all()
    )


def _end_candidacies(
    session: Session, opening: Opening, decide_: Any, action: str
) -> list[CandidacyEnd]:
    """Give each active candidacy its end: decide_(app) -> (status, rationale); audited."""
    actor, today = audit.actor_of(session), clock.today()
    ended, entries = [], []
    for app, handle in _undecided(session, opening):
        status, rationale = decide_(app)
        app.status, app.rationale = status, rationale
        app.decided_by, app.decided_on = actor, today
        session.add(app)
        entries.append(
            audit.entry(
                session,
                action,
                "application",
                f"{opening.id}/{handle}",
                {"status": "active"},
                {"status": status, "rationale": rationale},
            )
        )
        ended.append(CandidacyEnd(opening.id, handle, app.kind, status, rationale))  # type: ignore[arg-type]
    audit.write(session, [e for e in entries if e is not None])
    return ended


def _selected_handles(session: Session, opening: Opening) -> list[str]:
    return list(
        session.exec(
            select(Person.handle)
            .join(Application, Application.person_id == Person.id)  # type: ignore[arg-type]
            .where(Application.opening_id == opening.id, Application.status == "selected")
            .order_by(Application.id)
        ).all()
    )


def cancel_opening(session: Session, opening_id: int, reason: str) -> OpeningEnd:
    """Cancel an open opening nobody was selected for; every candidacy is withdrawn."""
    opening, team = get_opening(session, opening_id)
    _require_decider(session, opening, "cancel it")
    _require_open(opening)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("--reason: say why the opening is cancelled")
    selected = _selected_handles(session, opening)
    if selected:
        raise InvalidInput(
            f"opening #{opening_id} has selected {', '.join(selected)} already: close it "
            "instead (eng-ops lead opening close)"
        )
    before = _record(opening, team)
    why = f"opening cancelled: {reason}"
    ended = _end_candidacies(session, opening, lambda app: ("withdrawn", why), "cancel")
    opening.status, opening.ended_on, opening.end_reason = "cancelled", clock.today(), reason
    session.add(opening)
    audit.record(session, "cancel", "opening", str(opening_id), before, _record(opening, team))
    return OpeningEnd(
        opening_id, opening.status, opening.ended_on, reason, [], opening.seats, ended
    )


def close_opening(session: Session, opening_id: int, feedback: str) -> OpeningEnd:
    """Close an open or filled opening: every candidate without a decision gets one.

    Applicants and nominees (accepted, or who never answered) are not selected, with the
    feedback as the rationale; a nomination that was declined is withdrawn.
    """
    opening, team = get_opening(session, opening_id)
    _require_decider(session, opening, "close it")
    if opening.status not in ("open", "filled"):
        raise InvalidInput(f"opening #{opening_id} is {opening.status} already")
    feedback = (feedback or "").strip()
    if not feedback:
        raise InvalidInput("--feedback: say why they were not selected (it is kept with each)")

    def outcome(app: Application) -> tuple[str, str]:
        if app.response == "declined":
            return "withdrawn", "declined the nomination"
        return "rejected", feedback

    before = _record(opening, team)
    ended = _end_candidacies(session, opening, outcome, "decide")
    selected = _selected_handles(session, opening)
    unfilled = max(opening.seats - len(selected), 0)
    opening.status, opening.ended_on = "closed", clock.today()
    opening.end_reason = f"{len(selected)} of {plural(opening.seats, 'seat')} filled"
    session.add(opening)
    audit.record(session, "close", "opening", str(opening_id), before, _record(opening, team))
    return OpeningEnd(
        opening_id, "closed", opening.ended_on, opening.end_reason, selected, unfilled, ended
    )


# --- eligibility and readiness ---------------------------------------------------------------


def candidate_status(
    session: Session, opening: Opening, person: Person, today: date | None = None
) -> dict:
    """Eligibility (left, level, conflicting lead role) and readiness for one person."""
    facts = _facts(session, today or clock.today(), [person.id])  # type: ignore[list-item]
    return _status(facts, opening, person)


def candidates(session: Session, opening: Opening) -> list[dict]:
    rows = []
    for app, person in session.exec(
        select(Application, Person)
        .join(Person, Person.id == Application.person_id)  # type: ignore[arg-type]
        .where(Application.opening_id == opening.id)
        .order_by(Application.id)
    ).all():
        status = candidate_status(session, opening, person)
        rows.append(
            {
                **status,
                "kind": app.kind,
                "status": app.status,
                "nominated_by": app.nominated_by,
                "response": app.response,
                "response_reason": app.response_reason,
                "team": None,
                "level": person.level,
                "rationale": app.rationale,
                "decided_by": app.decided_by,
                "decided_on": app.decided_on,
            }
        )
    return rows


def show_opening(session: Session, opening_id: int) -> dict:
    opening, team = get_opening(session, opening_id)
    start, end = term(opening)
    return {
        **_record(opening, team),
        "deciders": deciders(session, opening),
        "term_start": start,
        "term_end": end,
        "candidates": candidates(session, opening),
    }


# --- pipeline --------------------------------------------------------------------------------

RISKS = ("will-not-fill", "at-risk", "ok")  # most severe first
NOMINEES_PER_SEAT = 2  # people to ask per missing seat near the closing date (some decline)
RECENT_DAYS = 90  # how far back the lead-pipeline report lists decided openings


@dataclass(frozen=True)
class _Facts:
    """What judging many people against openings needs, loaded once (no per-person queries)."""

    today: date
    order: list[str]
    comps: list[Competency]
    settings: ReadinessSettings
    evidence: dict[int, list[Evidence]]  # person id -> evidence inside the readiness window
    roles: dict[int, list[tuple[LeadRole, str | None]]]  # person id -> (lead role, team key)


def _facts(session: Session, today: date, person_ids: list[int] | None = None) -> _Facts:
    """Ladder, settings, recent evidence and lead roles of everyone (or of these people)."""
    settings = current_settings(session).readiness
    roles_query = (
        select(LeadRole, Team.key)
        .outerjoin(Team, Team.id == LeadRole.team_id)  # type: ignore[arg-type]
        .order_by(LeadRole.id)
    )
    if person_ids is not None:
        roles_query = roles_query.where(col(LeadRole.person_id).in_(person_ids))
    roles: dict[int, list[tuple[LeadRole, str | None]]] = {}
    for role, team_key in session.exec(roles_query).all():
        roles.setdefault(role.person_id, []).append((role, team_key))
    return _Facts(
        today=today,
        order=levels(session),
        comps=competencies(session),
        settings=settings,
        evidence=recent_evidence(session, today, settings, person_ids),
        roles=roles,
    )


def _from_this_opening(role: LeadRole, opening: Opening, start: date, end: date) -> bool:
    """The lead role a selection for this opening created: its team (or title) and term."""
    same_place = (
        role.team_id == opening.team_id
        if opening.team_id
        else (role.team_id is None and role.project == opening.title)
    )
    return same_place and role.start == start and role.end == end


def _status(facts: _Facts, opening: Opening, person: Person) -> dict:
    """Eligibility (left, level, conflicting lead role) and readiness for one person."""
    order = facts.order
    start, end = term(opening)
    issues, conflicts = [], []
    if person.left is not None and person.left <= start:
        issues.append(f"leaves on {person.left.isoformat()}")
    if (
        opening.min_level
        and person.level in order
        and order.index(person.level) < order.index(opening.min_level)
    ):
        issues.append(f"level {person.level or 'unknown'} is below {opening.min_level}")
    for role, team_key in facts.roles.get(person.id, []):  # type: ignore[arg-type]
        if _from_this_opening(role, opening, start, end):
            continue  # the role this opening gave them when they were selected
        if (role.end is None or role.end >= start) and role.start <= end:
            what = f"team {team_key}" if role.team_id else f"project '{role.project}'"
            until = f" until {role.end.isoformat()}" if role.end else " with no end date"
            conflicts.append(f"already leads {what}{until}")
    rows, overall = judge(
        opening.requires,
        facts.comps,
        order,
        facts.evidence.get(person.id, []),  # type: ignore[arg-type]
        facts.settings,
    )
    return {
        "handle": person.handle,
        "eligible": not issues and not conflicts,
        "issues": issues + conflicts,
        "conflicts": conflicts,
        "readiness": overall,
        "gaps": {r["competency"]: r["gap"] for r in rows if r["gap"]},
    }


@dataclass(frozen=True)
class PipelineCandidate:
    """A named candidate of an opening, as the pipeline judges them."""

    handle: str
    kind: str  # applied | nominated
    status: str  # active | withdrawn | selected | rejected
    response: str | None  # a nomination's answer: accepted | declined | None (not yet)
    readiness: str  # ready | stretch | not-ready
    eligible: bool
    issues: tuple[str, ...]


@dataclass(frozen=True)
class PipelineAction:
    """One thing to do about an opening; `also_suggested_for` names other open openings a
    suggested nominee is suggested for too."""

    kind: str  # nominate | accept-stretch | resolve-conflict | convert-to-rotation | ...
    handle: str | None = None
    readiness: str | None = None  # the named person's readiness for the opening
    seats: int | None = None
    reason: str = ""
    also_suggested_for: tuple[int, ...] = ()


@dataclass(frozen=True)
class PipelineRow:
    """Will one opening fill: its candidates by name, the risk with why, what to do."""

    opening: int
    title: str
    seats: int
    open_seats: int
    applicants: int  # active applications and accepted nominations
    eligible: int
    ready: int
    stretch: int
    conflicts: int
    in_hand: int  # ready + stretch + applicants who only need to hand over a lead role
    to_ask: int  # eligible ready/stretch people not yet candidates + unanswered nominees
    closes: date
    days_left: int
    risk: str  # will-not-fill | at-risk | ok
    why: str
    candidates: tuple[PipelineCandidate, ...]
    pending_nominations: tuple[str, ...]  # nominees who have not answered yet
    actions: tuple[PipelineAction, ...]


def _counts_as_applicant(candidate: PipelineCandidate) -> bool:
    """An active application, or an active nomination the nominee accepted."""
    return candidate.status == "active" and (
        candidate.kind == "applied" or candidate.response == "accepted"
    )


def pipeline(
    session: Session, opening_id: int | None = None, today: date | None = None
) -> list[PipelineRow]:
    """Will the openings fill? Every open opening (or one), most severe risk first.

    In hand: the eligible applicants who are ready, a step short (stretch), or held back only
    by a lead role they could hand over. To ask: eligible people, ready or a step short, who
    are not candidates yet, and nominees who have not answered.

    - ok: the ready applicants fill the open seats.
    - at-risk: the people in hand fill them; or, while the opening is open (closing date today
      or later), there are enough people to ask for the seats still missing: one per seat,
      or NOMINEES_PER_SEAT per seat in the last AT_RISK_DAYS days (some say no, and little
      time is left to ask). A new opening nobody applied to yet is at-risk, with its days left.
    - will-not-fill: the closing date has passed with too few in hand, or there are not enough
      people in the whole org to ask.

    Nominees are suggested from the opening's team first, then its sister teams (the same
    parent team), then everyone else; within each, the most ready first. A nominee suggested
    for other open openings too is marked with them.
    """
    today = today or clock.today()
    open_now = list(
        session.exec(
            select(Opening).where(Opening.status == "open").order_by(Opening.closes, Opening.id)
        ).all()
    )
    chosen = open_now if opening_id is None else [get_opening(session, opening_id)[0]]
    judged = open_now + [o for o in chosen if o.status != "open"]
    if not judged:
        return []  # nothing to judge: no ladder needed either
    by_opening: dict[int, list[tuple[Application, Person]]] = {o.id: [] for o in judged}  # type: ignore[misc]
    for app, person in session.exec(
        select(Application, Person)
        .join(Person, Person.id == Application.person_id)  # type: ignore[arg-type]
        .where(col(Application.opening_id).in_(list(by_opening)))
        .order_by(Application.id)
    ).all():
        by_opening[app.opening_id].append((app, person))
    teams = session.exec(select(Team)).all()
    # Who may be suggested: individual contributors on engineering teams (managers lead
    # people, not tech; people ops is not engineering). Anyone may still apply.
    outside = {t.id for t in teams if not t.engineering}
    people = [
        p
        for p in session.exec(select(Person).where(active(on=today)).order_by(Person.handle))
        if p.track == "ic" and p.team_id not in outside
    ]
    parents = {t.id: t.parent_id for t in teams}
    team_keys = {t.id: t.key for t in teams}
    facts = _facts(session, today)
    rows = {
        o.id: _pipeline_row(facts, o, by_opening[o.id], people, parents, team_keys)  # type: ignore[index]
        for o in judged
    }
    suggested: dict[str, list[int]] = {}
    for row in rows.values():
        for action in row.actions:
            if action.kind == "nominate" and action.handle:
                suggested.setdefault(action.handle, []).append(row.opening)
    result = [_mark_double_suggestions(rows[o.id], suggested) for o in chosen]  # type: ignore[index]
    return sorted(result, key=lambda r: RISKS.index(r.risk))  # stable: then by closing date


def _mark_double_suggestions(row: PipelineRow, suggested: dict[str, list[int]]) -> PipelineRow:
    actions = []
    for action in row.actions:
        others = sorted(o for o in suggested.get(action.handle or "", []) if o != row.opening)
        if action.kind == "nominate" and others:
            names = ", ".join(f"#{o}" for o in others)
            action = replace(
                action,
                reason=f"{action.reason} (also suggested for {names})",
                also_suggested_for=tuple(others),
            )
        actions.append(action)
    return replace(row, actions=tuple(actions))


def _when(days_left: int) -> str:
    if days_left > 0:
        return f"{plural(days_left, 'day')} left"
    return "closes today" if days_left == 0 else f"closed {plural(-days_left, 'day')} ago"


def _pipeline_row(
    facts: _Facts,
    opening: Opening,
    bids: list[tuple[Application, Person]],
    people: list[Person],
    parents: dict[int | None, int | None],
    team_keys: dict[int | None, str],
) -> PipelineRow:
    """One opening's pipeline row (before double suggestions are marked)."""
    status = {person.handle: _status(facts, opening, person) for _, person in bids}
    named = tuple(
        PipelineCandidate(
            handle=person.handle,
            kind=app.kind,
            status=app.status,
            response=app.response,
            readiness=status[person.handle]["readiness"],
            eligible=status[person.handle]["eligible"],
            issues=tuple(status[person.handle]["issues"]),
        )
        for app, person in bids
    )
    selected = sum(1 for c in named if c.status == "selected")
    open_seats = max(opening.seats - selected, 0)
    applicants = [c for c in named if _counts_as_applicant(c)]
    eligible = [c for c in applicants if c.eligible]
    ready = [c for c in eligible if c.readiness == "ready"]
    stretch = [c for c in eligible if c.readiness == "stretch"]
    in_conflict = [c for c in applicants if status[c.handle]["conflicts"]]
    # rescuable: only the conflict stands between them and the seat (no other issue, ready
    # or one step short)
    conflicted = [
        c
        for c in in_conflict
        if all(i in status[c.handle]["conflicts"] for i in c.issues)
        and c.readiness in ("ready", "stretch")
    ]
    pending = tuple(
        c.handle
        for c in named
        if c.kind == "nominated" and c.status == "active" and c.response is None
    )
    pool = _nominees(facts, opening, people, {c.handle for c in named}, parents, team_keys)
    could = [h for h in pending if status[h]["eligible"] and status[h]["readiness"] != "not-ready"]
    days_left = (opening.closes - facts.today).days
    in_hand = len(ready) + len(stretch) + len(conflicted)
    to_ask = len(pool) + len(could)
    short = open_seats - in_hand
    need = short * (NOMINEES_PER_SEAT if days_left <= AT_RISK_DAYS else 1)
    hand = f"{in_hand} of {plural(open_seats, 'open seat')} in hand"
    if len(ready) >= open_seats:
        risk, why = "ok", f"{len(ready)} ready for {plural(open_seats, 'open seat')}"
    elif short <= 0:
        risk = "at-risk"
        why = f"{_when(days_left)}; {hand}, counting those a step short or leading elsewhere"
    elif days_left < 0:
        risk, why = "will-not-fill", f"{_when(days_left)}; only {hand}"
    else:
        risk = "at-risk" if to_ask >= need else "will-not-fill"
        rule = (
            f" ({NOMINEES_PER_SEAT} per missing seat within {AT_RISK_DAYS} days of closing)"
            if days_left <= AT_RISK_DAYS
            else ""
        )
        why = f"{_when(days_left)}; {hand}; {to_ask} eligible people to ask, {need} needed{rule}"
    actions: list[PipelineAction] = []
    if risk != "ok":
        missing = open_seats - len(ready)
        for handle, readiness, reason in pool[: missing * NOMINEES_PER_SEAT]:
            actions.append(
                PipelineAction("nominate", handle=handle, readiness=readiness, reason=reason)
            )
        for c in stretch:
            gaps = ", ".join(status[c.handle]["gaps"])
            actions.append(
                PipelineAction(
                    "accept-stretch",
                    handle=c.handle,
                    readiness=c.readiness,
                    reason=f"one level short on {gaps}: pair with a mentor and offer a "
                    "shorter term",
                )
            )
        start, _ = term(opening)
        for c in conflicted:
            actions.append(
                PipelineAction(
                    "resolve-conflict",
                    handle=c.handle,
                    readiness=c.readiness,
                    reason=f"{'; '.join(status[c.handle]['conflicts'])}: hand over by "
                    f"{start.isoformat()}, co-lead, or decline",
                )
            )
        still = missing - len(stretch) - len(conflicted)
        # Rotations replace seats nobody will take: not while there is time to ask people.
        if still > 0 and (risk == "will-not-fill" or days_left <= AT_RISK_DAYS):
            actions.append(
                PipelineAction(
                    "convert-to-rotation",
                    seats=still,
                    reason=f"turn {plural(still, 'unfilled seat')} into time-boxed lead rotations",
                )
            )
        if days_left <= AT_RISK_DAYS:
            actions.append(PipelineAction("extend-deadline", reason=_when(days_left)))
    return PipelineRow(
        opening=opening.id,  # type: ignore[arg-type]
        title=opening.title,
        seats=opening.seats,
        open_seats=open_seats,
        applicants=len(applicants),
        eligible=len(eligible),
        ready=len(ready),
        stretch=len(stretch),
        conflicts=len(in_conflict),
        in_hand=in_hand,
        to_ask=to_ask,
        closes=opening.closes,
        days_left=days_left,
        risk=risk,
        why=why,
        candidates=named,
        pending_nominations=pending,
        actions=tuple(actions),
    )


def _nominees(
    facts: _Facts,
    opening: Opening,
    people: list[Person],
    taken: set[str],
    parents: dict[int | None, int | None],
    team_keys: dict[int | None, str],
) -> list[tuple[str, str, str]]:
    """Eligible people, ready or a step short, who are not candidates: (handle, readiness,
    reason).

    The opening's team first, then its sister teams (same parent team), then everyone else;
    within each, ready before stretch, then the smaller gap, then by handle.
    """
    parent = parents.get(opening.team_id) if opening.team_id else None
    found = []
    for person in people:
        if person.handle in taken:
            continue
        status = _status(facts, opening, person)
        if not status["eligible"] or status["readiness"] == "not-ready":
            continue
        team = team_keys.get(person.team_id)
        if opening.team_id is not None and person.team_id == opening.team_id:
            tier, where = 0, f"; on {team}, the opening's team"
        elif parent is not None and parents.get(person.team_id, -1) == parent:
            tier, where = 1, f"; on {team}, a sister team"
        else:
            tier, where = 2, ""
        found.append(
            (
                tier,
                status["readiness"] != "ready",
                sum(status["gaps"].values()),
                person.handle,
                status["readiness"],
                f"{status['readiness']} and has not applied{where}",
            )
        )
    return [(handle, readiness, reason) for *_, handle, readiness, reason in sorted(found)]


@dataclass(frozen=True)
class DecidedCandidate:
    """What became of one candidate of a decided opening, and why."""

    handle: str
    kind: str  # applied | nominated
    outcome: str  # selected | not-selected | declined | withdrawn | undecided
    rationale: str | None
    decided_on: date | None
    decided_by: str | None


@dataclass(frozen=True)
class DecidedOpening:
    """An opening filled, closed or cancelled: who was selected, who was not, and why."""

    opening: int
    title: str
    team: str | None
    seats: int
    status: str  # filled | closed | cancelled
    ended_on: date  # its end date, or (without one) its latest decision
    end_reason: str | None
    selected: tuple[DecidedCandidate, ...]
    not_selected: tuple[DecidedCandidate, ...]


def _outcome(app: Application) -> tuple[str, str | None]:
    if app.status == "selected":
        return "selected", app.rationale
    if app.status == "rejected":
        return "not-selected", app.rationale
    if app.response == "declined":
        return "declined", app.response_reason or app.rationale
    if app.status == "withdrawn":
        return "withdrawn", app.rationale
    return "undecided", None


def recently_decided(
    session: Session, today: date | None = None, days: int = RECENT_DAYS
) -> list[DecidedOpening]:
    """Openings filled, closed or cancelled in the last `days` days, latest first.

    An opening's date is when it ended (`ended_on`); one without it (ended before schema 0009
    kept that date) goes by its latest decision, and one with neither is left out.
    """
    today = today or clock.today()
    since = today - timedelta(days=days)
    ended = session.exec(
        select(Opening, Team.key)
        .outerjoin(Team, Team.id == Opening.team_id)  # type: ignore[arg-type]
        .where(col(Opening.status).in_(["filled", "closed", "cancelled"]))
        .order_by(Opening.id)
    ).all()
    if not ended:
        return []
    bids: dict[int, list[tuple[Application, str]]] = {o.id: [] for o, _ in ended}  # type: ignore[misc]
    for app, handle in session.exec(
        select(Application, Person.handle)
        .join(Person, Person.id == Application.person_id)  # type: ignore[arg-type]
        .where(col(Application.opening_id).in_(list(bids)))
        .order_by(Application.id)
    ).all():
        bids[app.opening_id].append((app, handle))
    found = []
    for opening, team in ended:
        apps = bids[opening.id]  # type: ignore[index]
        decided = [a.decided_on for a, _ in apps if a.decided_on is not None]
        end = opening.ended_on or (max(decided) if decided else None)
        if end is None or not since <= end <= today:
            continue
        people = []
        for app, handle in apps:
            outcome, rationale = _outcome(app)
            people.append(
                DecidedCandidate(
                    handle, app.kind, outcome, rationale, app.decided_on, app.decided_by
                )
            )
        found.append(
            DecidedOpening(
                opening=opening.id,  # type: ignore[arg-type]
                title=opening.title,
                team=team,
                seats=opening.seats,
                status=opening.status,
                ended_on=end,
                end_reason=opening.end_reason,
                selected=tuple(p for p in people if p.outcome == "selected"),
                not_selected=tuple(p for p in people if p.outcome != "selected"),
            )
        )
    return sorted(found, key=lambda d: (d.ended_on, d.opening), reverse=True)


def openness(session: Session) -> dict:
    """Who applied and who was nominated, by team and level; declined nominations."""
    rows = session.exec(
        select(Application, Person.handle, Person.level, Team.key)
        .join(Person, Person.id == Application.person_id)  # type: ignore[arg-type]
        .outerjoin(Team, Team.id == Person.team_id)  # type: ignore[arg-type]
    ).all()
    by_group: dict[tuple[str, str], dict] = {}
    population = session.exec(
        select(Person.level, Team.key)
        .outerjoin(Team, Team.id == Person.team_id)  # type: ignore[arg-type]
        .where(active())
    ).all()
    for level, team_key in population:
        g = by_group.setdefault(
            (team_key or "-", level or "-"),
            {"team": team_key, "level": level, "people": 0, "applied": 0, "nominated": 0},
        )
        g["people"] += 1
    declined = []
    for app, handle, level, team_key in rows:
        g = by_group.setdefault(
            (team_key or "-", level or "-"),
            {"team": team_key, "level": level, "people": 0, "applied": 0, "nominated": 0},
        )
        g[app.kind] += 1
        if app.response == "declined":
            declined.append(
                {"handle": handle, "opening": app.opening_id, "reason": app.response_reason}
            )
    return {
        "groups": [by_group[k] for k in sorted(by_group)],
        "by_tenure": _by_tenure(session, rows),
        "declined": declined,
    }


TENURE_BANDS = ((365, "under 1 year"), (3 * 365, "1-3 years"), (None, "3+ years"))


def _tenure_band(started: date | None, today: date) -> str:
    if started is None:
        return "unknown"
    days = (today - started).days
    return next(label for limit, label in TENURE_BANDS if limit is None or days < limit)


def _by_tenure(session: Session, rows: list) -> list[dict]:
    """Applied/nominated against everyone, by time in the org."""
    today = clock.today()
    bands: dict[str, dict] = {}
    order = [label for _, label in TENURE_BANDS] + ["unknown"]
    for started in session.exec(select(Person.started).where(active())).all():
        band = _tenure_band(started, today)
        bands.setdefault(band, {"tenure": band, "people": 0, "applied": 0, "nominated": 0})
        bands[band]["people"] += 1
    started_of = dict(session.exec(select(Person.handle, Person.started)).all())
    for app, handle, _level, _team in rows:
        band = _tenure_band(started_of.get(handle), today)
        bands.setdefault(band, {"tenure": band, "people": 0, "applied": 0, "nominated": 0})
        bands[band][app.kind] += 1
    return [bands[b] for b in order if b in bands]


def convert_to_rotations(session: Session, opening_id: int, weeks: int) -> list[dict]:
    """Turn an opening's unfilled seats into rotation projects targeting its competencies."""
    from eng_ops.services.rotations import add_rotation

    ROTATION_WEEKS.check(weeks, "--weeks")
    opening, team = get_opening(session, opening_id)
    _require_open(opening)
    selected = len(
        session.exec(
            select(Application.id).where(
                Application.opening_id == opening.id, Application.status == "selected"
            )
        ).all()
    )
    seats = opening.seats - selected
    if seats < 1:
        raise InvalidInput(f"opening #{opening_id} has no unfilled seats")
    start, _ = term(opening)
    created = [
        add_rotation(
            session,
            name=f"opening-{opening_id}-seat-{n}",
            goal=f"Lead for {weeks} weeks in place of an unfilled seat of '{opening.title}'",
            team=team,
            start=start,
            weeks=weeks,
            targets=list(opening.requires),
            direction=opening.description,
        )
        for n in range(selected + 1, opening.seats + 1)
    ]
    before = _record(opening, team)
    opening.status = "closed"
    opening.ended_on = clock.today()
    opening.end_reason = f"{plural(seats, 'unfilled seat')} turned into lead rotations"
    session.add(opening)
    audit.record(
        session,
        "convert",
        "opening",
        str(opening_id),
        before,
        {**_record(opening, team), "rotations": [r["name"] for r in created]},
    )
    return created
