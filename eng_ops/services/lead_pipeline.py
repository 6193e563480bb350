"""The lead pipeline: will each open opening fill, who to ask, what was decided lately;
and openness (who applies and who is nominated)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlmodel import Session, col, select

from eng_ops import dates as clock
from eng_ops.services.openings import (
    AT_RISK_DAYS,
    _Facts,
    _facts,
    _status,
    get_opening,
    term,
)
from eng_ops.services.people import active
from eng_ops.store.models import Application, Opening, Person, Team
from eng_ops.text import plural

RISKS = ("will-not-fill", "at-risk", "ok")  # most severe first
NOMINEES_PER_SEAT = 2  # people to ask per missing seat near the closing date (some decline)
RECENT_DAYS = 90  # how far back the lead-pipeline report lists decided openings


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
