"""Make manager and skip-level pairings match the reporting lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, col, func, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput
from eng_ops.services import audit
from eng_ops.services.one_on_ones import running
from eng_ops.services.settings import CadenceSettings
from eng_ops.stats.cadence import format_every
from eng_ops.store.models import Meeting, Pairing, Person

SYNC_KINDS = ("manager", "skip")


@dataclass(frozen=True)
class PairingChange:
    """A pairing sync created, ended or kept, and why."""

    leader: str
    member: str
    kind: str
    every: str
    since: date
    ended: date | None
    reason: str


@dataclass(frozen=True)
class SyncResult:
    created: list[PairingChange]
    ended: list[PairingChange]
    kept: list[PairingChange]  # made with `pair --force` against the reporting lines
    moved: list[PairingChange]  # began later than --since and never met: start moved back

    @property
    def changed(self) -> bool:
        return bool(self.created or self.ended or self.moved)


def check_kinds(kinds: list[str]) -> tuple[str, ...]:
    """Manager and skip pairings follow the reporting lines; mentors are chosen, not synced."""
    cleaned: list[str] = []
    for kind in kinds:
        k = kind.strip().lower()
        if k not in SYNC_KINDS:
            raise InvalidInput(
                f"--kinds: '{kind}' cannot be synced from reporting lines "
                f"(only {' and '.join(SYNC_KINDS)}; mentor pairings are chosen, see 1on1 suggest)"
            )
        if k not in cleaned:
            cleaned.append(k)
    if not cleaned:
        raise InvalidInput("--kinds: name at least one of manager, skip")
    return tuple(cleaned)


@dataclass(frozen=True)
class _Who:
    id: int
    handle: str
    manager_id: int | None
    started: date | None
    left: date | None


def sync(
    session: Session,
    settings: CadenceSettings,
    *,
    kinds: tuple[str, ...] = ("manager",),
    since: date | None = None,
    today: date | None = None,
) -> SyncResult:
    """Create the pairings the reporting lines call for and end those they no longer do.

    manager: every active person with an active manager meets that manager.
    skip: every active person whose manager has an active manager meets that person.
    A pairing whose line changed ends today; a leaver's pairings end on the leave date;
    pairings made with `force` are kept. New pairings begin on `since` (default today), but
    never before either person started. Given `since`, a reporting-line pairing that began
    later and has no 1:1 logged yet begins on `since` too (not before either person started
    or the member's previous pairing of that kind ended), so its history can be imported.
    Running it twice changes nothing the second time.
    """
    today = today or clock.today()
    start = since or today
    if start > today:
        raise InvalidInput(f"since: {start.isoformat()} is in the future")
    people = {
        row[0]: _Who(*row)
        for row in session.exec(
            select(Person.id, Person.handle, Person.manager_id, Person.started, Person.left)
        ).all()
    }

    def here(who: _Who | None) -> bool:
        return who is not None and (who.left is None or who.left > today)

    wanted: dict[tuple[str, int, int], None] = {}
    for person in people.values():
        manager = people.get(person.manager_id) if person.manager_id else None
        if not (here(person) and here(manager)):
            continue
        assert manager is not None
        if "manager" in kinds:
            wanted[("manager", manager.id, person.id)] = None
        grand = people.get(manager.manager_id) if manager.manager_id else None
        if "skip" in kinds and here(grand) and grand is not None and grand.id != person.id:
            wanted[("skip", grand.id, person.id)] = None

    open_pairings = session.exec(
        select(Pairing)
        .where(
            col(Pairing.kind).in_(kinds),
            running(today),
        )
        .order_by(Pairing.id)
    ).all()
    created: list[PairingChange] = []
    ended: list[PairingChange] = []
    kept: list[PairingChange] = []
    moved: list[PairingChange] = []
    have: set[tuple[str, int, int]] = set()
    met: set[int] = set()
    previous_end: dict[tuple[int, str], date] = {}
    if since is not None:  # only then may a start move back: what does each pairing rest on?
        met = set(session.exec(select(Meeting.pairing_id).distinct()).all())
        previous_end = {
            (member_id, kind): last
            for member_id, kind, last in session.exec(
                select(Pairing.member_id, Pairing.kind, func.max(Pairing.ended))
                .where(col(Pairing.ended).is_not(None), col(Pairing.ended) <= today)
                .group_by(Pairing.member_id, Pairing.kind)
            ).all()
        }
    for pairing in open_pairings:
        key = (pairing.kind, pairing.leader_id, pairing.member_id)
        leader, member = people[pairing.leader_id], people[pairing.member_id]
        leaving = [d for d in (leader.left, member.left) if d is not None]
        end_on, reason = None, ""
        if leaving and (pairing.ended is None or pairing.ended > min(leaving)):
            end_on = max(min(leaving), pairing.since)
            who = leader if leader.left == min(leaving) else member
            reason = f"{who.handle} leaves on {who.left.isoformat()}"  # type: ignore[union-attr]
        elif key in wanted or key in have:
            have.add(key)
            if since is not None and pairing.id not in met:
                begins = _earliest(pairing, start, leader, member, previous_end, today)
                if begins < pairing.since:
                    moved.append(_move(session, pairing, leader, member, begins))
            continue
        elif pairing.forced:
            kept.append(_change(pairing, leader, member, "made with --force: kept"))
            have.add(key)
            continue
        elif pairing.ended is None:
            end_on = max(today, pairing.since)
            reason = _why_not(pairing.kind, leader, member, people)
        else:
            continue  # already ends on a set date and is no longer wanted: leave it be
        before = _change(pairing, leader, member, "")
        pairing.ended = end_on
        session.add(pairing)
        change = _change(pairing, leader, member, reason)
        ended.append(change)
        audit.record(
            session,
            "update",
            "pairing",
            f"{leader.handle}/{member.handle}/{pairing.kind}",
            {"ended": before.ended, "by": "sync"},
            {"ended": end_on, "by": "sync", "reason": reason},
        )
        if key in wanted and end_on > today:
            have.add(key)  # still running until the leave date

    now = datetime.now(UTC)
    for kind, leader_id, member_id in wanted:
        if (kind, leader_id, member_id) in have:
            continue
        leader, member = people[leader_id], people[member_id]
        begins = max([start] + [d for d in (leader.started, member.started) if d and d <= today])
        pairing = Pairing(
            leader_id=leader_id,
            member_id=member_id,
            kind=kind,
            every_days=settings.cadence[kind],
            minutes=30,
            since=begins,
            created_at=now,
        )
        session.add(pairing)
        if kind == "manager":
            why = f"{member.handle} reports to {leader.handle}"
        else:
            manager = people[member.manager_id]  # type: ignore[index]
            why = f"{member.handle}'s manager {manager.handle} reports to {leader.handle}"
        created.append(_change(pairing, leader, member, why))
    session.flush()
    for change in created:
        audit.record(
            session,
            "create",
            "pairing",
            f"{change.leader}/{change.member}/{change.kind}",
            None,
            {"every": change.every, "since": change.since, "by": "sync"},
        )
    order = lambda c: (c.leader, c.member, c.kind)  # noqa: E731
    return SyncResult(
        sorted(created, key=order),
        sorted(ended, key=order),
        sorted(kept, key=order),
        sorted(moved, key=order),
    )


def _earliest(
    pairing: Pairing,
    start: date,
    leader: _Who,
    member: _Who,
    previous_end: dict[tuple[int, str], date],
    today: date,
) -> date:
    """How far back a reporting-line pairing may begin: `start`, but not before either person
    joined, nor before the member's previous pairing of that kind ended."""
    limits = [start] + [d for d in (leader.started, member.started) if d and d <= today]
    ended = previous_end.get((member.id, pairing.kind))
    if ended is not None and ended <= pairing.since:
        limits.append(ended)
    return max(limits)


def _move(
    session: Session, pairing: Pairing, leader: _Who, member: _Who, begins: date
) -> PairingChange:
    before = pairing.since
    pairing.since = begins
    session.add(pairing)
    reason = f"began {before.isoformat()}, no 1:1 logged yet: now from {begins.isoformat()}"
    audit.record(
        session,
        "update",
        "pairing",
        f"{leader.handle}/{member.handle}/{pairing.kind}",
        {"since": before, "by": "sync"},
        {"since": begins, "by": "sync"},
    )
    return _change(pairing, leader, member, reason)


def _change(pairing: Pairing, leader: _Who, member: _Who, reason: str) -> PairingChange:
    return PairingChange(
        leader=leader.handle,
        member=member.handle,
        kind=pairing.kind,
        every=format_every(pairing.every_days),
        since=pairing.since,
        ended=pairing.ended,
        reason=reason,
    )


def _why_not(kind: str, leader: _Who, member: _Who, people: dict[int, _Who]) -> str:
    manager = people.get(member.manager_id) if member.manager_id else None
    if kind == "manager":
        now = f"reports to {manager.handle}" if manager else "has no manager"
        return f"{member.handle} now {now}"
    grand = people.get(manager.manager_id) if manager and manager.manager_id else None
    now = grand.handle if grand else "nobody"
    return f"{member.handle}'s skip-level is now {now}"
