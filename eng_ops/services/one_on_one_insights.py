"""What the 1:1 records say: coverage gaps, leader load, adherence, history, suggestions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case as sa_case
from sqlalchemy import func as sa_func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from eng_ops import dates as clock
from eng_ops.services.limits import COVERAGE_DAYS, LIST_LIMIT
from eng_ops.services.one_on_ones import active_pairings, open_actions, running
from eng_ops.services.people import active, get_person
from eng_ops.services.settings import CadenceSettings
from eng_ops.stats.cadence import (
    falling,
    format_every,
    judged_gaps,
    median_or_none,
    weekly_hours,
)
from eng_ops.store.models import ActionItem, Meeting, Pairing, Person, Team
from eng_ops.text import plural


def level_rank(level: str | None) -> int:
    digits = "".join(ch for ch in level or "" if ch.isdigit())
    return int(digits) if digits else 0


# --- coverage --------------------------------------------------------------------------------


def coverage(
    session: Session, settings: CadenceSettings, *, days: int = 42, today: date | None = None
) -> list[dict]:
    """People nobody meets: no recent 1:1, no pairing, no career talk, low/falling challenge.

    The top of the org (no manager) is left out: their 1:1s happen outside it.
    """
    COVERAGE_DAYS.check(days, "--days")
    today = today or clock.today()
    manager, team = aliased(Person), aliased(Team)
    people = session.exec(
        select(Person.id, Person.handle, Person.name, team.key, manager.handle)
        .outerjoin(team, col(team.id) == col(Person.team_id))
        .outerjoin(manager, col(manager.id) == col(Person.manager_id))
        .where(active(Person, today), col(Person.manager_id).is_not(None))
        .order_by(Person.handle)
    ).all()
    paired = dict(
        session.exec(
            select(Pairing.member_id, func.count())
            .where(running(today))
            .group_by(Pairing.member_id)
        ).all()
    )
    held = col(Meeting.skipped).is_(False)
    last_met = dict(
        session.exec(
            select(Pairing.member_id, func.max(Meeting.held_on))
            .join(Pairing, col(Pairing.id) == col(Meeting.pairing_id))
            .where(held)
            .group_by(Pairing.member_id)
        ).all()
    )
    career_since = today - timedelta(days=settings.career_days)
    career_talk = {
        member_id
        for member_id, topics in session.exec(
            select(Pairing.member_id, Meeting.topics)
            .join(Pairing, col(Pairing.id) == col(Meeting.pairing_id))
            .where(held, Meeting.held_on >= career_since)
        ).all()
        if "career" in (topics or [])
    }
    challenges = _last_challenges(session, 3, since=today - timedelta(days=CHALLENGE_WINDOW_DAYS))

    rows = []
    for person_id, handle, name, team_key, manager_handle in people:
        reasons = []
        met = last_met.get(person_id)
        if not paired.get(person_id):
            reasons.append("no 1:1 pairing")
        if met is None:
            reasons.append("never met 1:1")
        elif (today - met).days > days:
            reasons.append(f"no 1:1 in {plural(days, 'day')} (last {met.isoformat()})")
        if person_id not in career_talk:
            reasons.append(f"no career conversation in {plural(settings.career_days, 'day')}")
        ratings = challenges.get(person_id, [])
        if falling(ratings):
            reasons.append("challenge falling (" + " -> ".join(map(str, ratings)) + ")")
        elif ratings and ratings[-1] <= 2:
            reasons.append(f"challenge low ({ratings[-1]}/5)")
        if reasons:
            rows.append(
                {
                    "handle": handle,
                    "name": name,
                    "team": team_key,
                    "manager": manager_handle,
                    "last_met": met,
                    "reasons": reasons,
                }
            )
    return rows


CHALLENGE_WINDOW_DAYS = 180  # ratings older than this say little about today


def _last_challenges(session: Session, n: int, since: date) -> dict[int, list[int]]:
    """Each member's last n challenge ratings since a date, oldest first (one windowed query)."""
    ranked = (
        select(
            Pairing.member_id.label("member_id"),  # type: ignore[attr-defined]
            Meeting.challenge.label("challenge"),  # type: ignore[attr-defined]
            Meeting.held_on.label("held_on"),  # type: ignore[attr-defined]
            sa_func.row_number()
            .over(
                partition_by=Pairing.member_id,
                order_by=(col(Meeting.held_on).desc(), col(Meeting.id).desc()),
            )
            .label("rn"),
        )
        .join(Pairing, col(Pairing.id) == col(Meeting.pairing_id))
        .where(
            col(Meeting.challenge).is_not(None),
            col(Meeting.skipped).is_(False),
            Meeting.held_on >= since,
        )
        .subquery()
    )
    rows = session.exec(
        select(ranked.c.member_id, ranked.c.challenge)
        .where(ranked.c.rn <= n)
        .order_by(ranked.c.member_id, ranked.c.rn.desc())
    ).all()
    result: dict[int, list[int]] = defaultdict(list)
    for member_id, challenge in rows:
        result[member_id].append(challenge)
    return result


# --- load ------------------------------------------------------------------------------------

SKIP_WINDOW_DAYS = 90  # skipped_share looks at the 1:1s logged over this many days


@dataclass(frozen=True)
class LeaderLoad:
    """One leader's 1:1 load: pairings by kind, the hours a week their cadences imply against
    the leader's capacity, and the share of the last 90 days' logged 1:1s that were skipped
    (`skipped_share`, None when none were logged; `meetings_90d` is what it rests on)."""

    leader: str
    pairings: int
    manager: int
    mentor: int
    skip: int
    hours_per_week: float
    capacity: float
    utilisation: float | None
    overloaded: bool
    skipped_share: float | None
    meetings_90d: int


def load(
    session: Session, settings: CadenceSettings, *, today: date | None = None
) -> list[LeaderLoad]:
    """Per leader of an active pairing: hours a week (minutes/60 × 7/every_days summed over
    their active pairings) against capacity (their own setting, else their track's default);
    overloaded when the hours exceed it. Most utilised first."""
    today = today or clock.today()
    pairs = active_pairings(session)
    leader_of = {pairing.id: leader for pairing, leader, _member in pairs}
    counts: dict[str, dict[str, int]] = {}
    hours: dict[str, float] = defaultdict(float)
    for pairing, leader, _member in pairs:
        kinds = counts.setdefault(leader, {"manager": 0, "mentor": 0, "skip": 0})
        kinds[pairing.kind] += 1
        hours[leader] += weekly_hours(pairing.minutes, pairing.every_days)
    logged: dict[str, int] = defaultdict(int)
    skipped: dict[str, int] = defaultdict(int)
    since = today - timedelta(days=SKIP_WINDOW_DAYS)
    for pairing_id, n_logged, n_skipped in session.exec(
        select(
            Meeting.pairing_id,
            func.count(),
            func.sum(sa_case((col(Meeting.skipped), 1), else_=0)),
        )
        .where(Meeting.held_on >= since, Meeting.held_on <= today)
        .group_by(Meeting.pairing_id)
    ).all():
        if pairing_id in leader_of:
            logged[leader_of[pairing_id]] += n_logged
            skipped[leader_of[pairing_id]] += int(n_skipped or 0)
    tracks = dict(
        session.exec(
            select(Person.handle, Person.track).where(col(Person.handle).in_(list(counts)))
        ).all()
    )
    rows = []
    for leader, kinds in counts.items():
        capacity = settings.capacity_of(leader, tracks.get(leader))
        total = round(hours[leader], 2)
        n = logged[leader]
        rows.append(
            LeaderLoad(
                leader=leader,
                pairings=sum(kinds.values()),
                manager=kinds["manager"],
                mentor=kinds["mentor"],
                skip=kinds["skip"],
                hours_per_week=total,
                capacity=capacity,
                utilisation=round(total / capacity, 2) if capacity else None,
                overloaded=total > capacity,
                skipped_share=round(skipped[leader] / n, 3) if n else None,
                meetings_90d=n,
            )
        )
    rows.sort(key=lambda r: (-(r.utilisation or 0), r.leader))
    return rows


@dataclass(frozen=True)
class Capacity:
    """One person's 1:1 capacity and where it comes from: `person` (their own setting) or
    `track` (the default for their track, manager or ic)."""

    person: str
    track: str
    hours_per_week: float
    source: str


def person_capacity(session: Session, handle: str) -> Capacity:
    """A person's capacity from the org settings: their own value wins over the track's."""
    from eng_ops.services.settings import current

    person = get_person(session, handle)
    settings = current(session).one_on_one
    return Capacity(
        person=person.handle,
        track=person.track,
        hours_per_week=settings.capacity_of(person.handle, person.track),
        source="person" if person.handle in settings.capacity else "track",
    )


def set_capacity(session: Session, handle: str, hours: str) -> tuple[Capacity, Capacity]:
    """Store one person's capacity (the per-person `one_on_one.capacity_hours` setting, checked
    against its bound and audited by the settings service): (before, after)."""
    from eng_ops.services.settings import PERSONAL_CAPACITY, set_value

    before = person_capacity(session, handle)
    set_value(session, PERSONAL_CAPACITY, hours, person=before.person)
    return before, person_capacity(session, handle)


# --- adherence -------------------------------------------------------------------------------


def _held_dates(session: Session, today: date) -> dict[int, list[date]]:
    """Held (not skipped) 1:1 dates up to today of each pairing not ended yet, oldest first."""
    dates: dict[int, list[date]] = defaultdict(list)
    for pairing_id, held_on in session.exec(
        select(Meeting.pairing_id, Meeting.held_on)
        .join(Pairing, col(Pairing.id) == col(Meeting.pairing_id))
        .where(
            col(Meeting.skipped).is_(False),
            running(today),
            Meeting.held_on <= today,
        )
        .order_by(Meeting.pairing_id, Meeting.held_on)
    ).all():
        dates[pairing_id].append(held_on)
    return dates


@dataclass(frozen=True)
class _AdherenceFigures:
    """What every adherence row says: `gaps` judged gaps are what it rests on; target_days is
    the median cadence of its pairings; within_target is None when no gap can be judged yet."""

    pairings: int
    meetings: int
    gaps: int
    target_days: float | None
    median_gap_days: float | None
    within_target: float | None


@dataclass(frozen=True)
class _PairingKey:
    leader: str
    member: str
    kind: str


@dataclass(frozen=True)
class _KindKey:
    kind: str


@dataclass(frozen=True)
class _LeaderKey:
    leader: str
    kind: str


# The key's fields come first (a dataclass lists its bases' fields from the last base up).
@dataclass(frozen=True)
class PairingAdherence(_AdherenceFigures, _PairingKey):
    """Adherence of one pairing."""


@dataclass(frozen=True)
class KindAdherence(_AdherenceFigures, _KindKey):
    """Adherence of every pairing of one kind."""


@dataclass(frozen=True)
class LeaderAdherence(_AdherenceFigures, _LeaderKey):
    """Adherence of one leader's pairings of one kind (cadences differ by kind)."""


AdherenceRow = PairingAdherence | KindAdherence | LeaderAdherence
_GROUPS: dict[str, tuple[type[AdherenceRow], tuple[str, ...]]] = {
    "pairing": (PairingAdherence, ("leader", "member", "kind")),
    "kind": (KindAdherence, ("kind",)),
    "leader": (LeaderAdherence, ("leader", "kind")),
}


def adherence(
    session: Session, settings: CadenceSettings, *, by: str = "pairing", today: date | None = None
) -> list[AdherenceRow]:
    """Median gap vs target, and the share of gaps within target + grace, grouped `by`
    pairing, kind, or leader and kind."""
    return adherence_views(session, settings, (by,), today=today)[by]


def adherence_views(
    session: Session,
    settings: CadenceSettings,
    groupings: tuple[str, ...],
    *,
    today: date | None = None,
) -> dict[str, list[AdherenceRow]]:
    """Adherence grouped several ways from one pass over the meetings.

    Each active pairing (both people still here) is judged over its life up to today: the gap
    from its start to its first held 1:1, each gap between held 1:1s, and the gap still open
    since the last one (or since the start, never met) once it is longer than cadence + grace
    (it is a miss whatever happens next; shorter, it is not judged yet). Skipped 1:1s are not
    held. A gap is within target when it is no longer than cadence + grace_days. A group's
    within_target is its within-target gaps over its judged gaps (None when there are none: a
    pairing that began too recently); median_gap_days is over the same gaps. Never-met
    pairings are in every view, with meetings 0. Rows are sorted by their key.
    """
    today = today or clock.today()
    dates = _held_dates(session, today)
    groups: dict[str, dict[tuple, dict]] = {by: {} for by in groupings}
    for pairing, leader, member in active_pairings(session):
        held = dates.get(pairing.id, [])  # type: ignore[arg-type]
        limit = pairing.every_days + settings.grace_days
        until = min(today, pairing.ended) if pairing.ended else today
        pairing_gaps = judged_gaps(pairing.since, held, until, limit)
        values = {"leader": leader, "member": member, "kind": pairing.kind}
        for by in groupings:
            key = tuple(values[k] for k in _GROUPS[by][1])
            group = groups[by].setdefault(
                key, {"pairings": 0, "meetings": 0, "gaps": [], "within": 0, "targets": []}
            )
            group["pairings"] += 1
            group["meetings"] += len(held)
            group["gaps"] += pairing_gaps
            group["within"] += sum(g <= limit for g in pairing_gaps)
            group["targets"].append(pairing.every_days)
    return {
        by: [_adherence_row(by, k, g) for k, g in sorted(groups[by].items())] for by in groupings
    }


def _adherence_row(by: str, key: tuple, group: dict) -> AdherenceRow:
    row_type, names = _GROUPS[by]
    judged = len(group["gaps"])
    return row_type(
        **dict(zip(names, key, strict=True)),
        pairings=group["pairings"],
        meetings=group["meetings"],
        gaps=judged,
        target_days=median_or_none(group["targets"]),
        median_gap_days=median_or_none(group["gaps"]),
        within_target=round(group["within"] / judged, 3) if judged else None,
    )


# --- history ---------------------------------------------------------------------------------


def history(session: Session, member: str, *, viewer: str, limit: int | None = None) -> list[dict]:
    """A member's 1:1s, newest first. Private notes only for their author (the viewer)."""
    if limit is not None:
        LIST_LIMIT.check(limit, "--limit")
    person = get_person(session, member)
    leader = aliased(Person)
    query = (
        select(Meeting, Pairing.kind, leader.handle)
        .join(Pairing, col(Pairing.id) == col(Meeting.pairing_id))
        .join(leader, col(leader.id) == col(Pairing.leader_id))
        .where(Pairing.member_id == person.id)
        .order_by(col(Meeting.held_on).desc(), col(Meeting.id).desc())
    )
    if limit:
        query = query.limit(limit)
    found = session.exec(query).all()
    actions: dict[int, list[str]] = defaultdict(list)
    meeting_ids = [m.id for m, _, _ in found]
    if meeting_ids:
        for meeting_id, text in session.exec(
            select(ActionItem.meeting_id, ActionItem.text)
            .where(col(ActionItem.meeting_id).in_(meeting_ids))
            .order_by(ActionItem.id)
        ).all():
            actions[meeting_id].append(text)
    return [
        {
            "date": m.held_on,
            "leader": lead,
            "member": member,
            "kind": kind,
            "skipped": m.skipped,
            "reason": m.skip_reason,
            "minutes": m.minutes,
            "topics": m.topics,
            "challenge": m.challenge,
            "mood": m.mood,
            "notes": m.notes,
            "private_notes": m.private_notes if m.author == viewer else None,
            "actions": actions.get(m.id, []),  # type: ignore[arg-type]
        }
        for m, kind, lead in found
    ]


# --- suggestions -----------------------------------------------------------------------------


@dataclass
class _Candidate:
    handle: str
    team: str | None
    rank: int
    hours: float
    capacity: float


def suggest(session: Session, settings: CadenceSettings) -> list[dict]:
    """Pairings to add or move so everyone has a frequent 1:1 and nobody is over capacity.

    First the manager 1:1 anyone lacks, then mentors: never someone in the member's own
    reporting line, never someone with a leave date, and nobody leaving gets a mentor.
    """
    team = aliased(Team)
    people: dict[str, _Candidate] = {}
    top: set[str] = set()  # no manager: their 1:1s happen outside the org
    leaving: set[str] = set()  # a leave date is set: never proposed, never given a mentor
    manager_of: dict[str, str] = {}
    by_id: dict[int, str] = {}
    rows = session.exec(
        select(Person.id, Person.handle, team.key, Person.level, Person.manager_id, Person.track)
        .add_columns(Person.left)
        .outerjoin(team, col(team.id) == col(Person.team_id))
        .where(active())
    ).all()
    for person_id, handle, team_key, level, _manager_id, track, left in rows:
        by_id[person_id] = handle
        people[handle] = _Candidate(
            handle, team_key, level_rank(level), 0.0, settings.capacity_of(handle, track)
        )
        if left is not None:
            leaving.add(handle)
    for _id, handle, _team, _level, manager_id, _track, _left in rows:
        if manager_id is None:
            top.add(handle)
        elif manager_id in by_id:
            manager_of[handle] = by_id[manager_id]

    def chain(member: str) -> set[str]:
        """The member's managers up the line: they are not asked to mentor them."""
        above: set[str] = set()
        boss = manager_of.get(member)
        while boss and boss not in above:
            above.add(boss)
            boss = manager_of.get(boss)
        return above

    pairs = active_pairings(session)
    mentors_of: dict[str, set[str]] = defaultdict(set)
    frequent: set[str] = set()
    has_manager_pairing: set[tuple[str, str]] = set()
    for pairing, leader, member in pairs:
        people[leader].hours += weekly_hours(pairing.minutes, pairing.every_days)
        if pairing.kind == "mentor":
            mentors_of[member].add(leader)
        if pairing.kind == "manager":
            has_manager_pairing.add((leader, member))
        if pairing.every_days <= settings.frequent_days:
            frequent.add(member)

    mentor_days = settings.cadence["mentor"]
    plan: list[dict] = []

    # 0. The 1:1 everyone should have first: with their own manager (as 1on1 sync makes it).
    manager_days = settings.cadence["manager"]
    for member in sorted(people):
        boss = manager_of.get(member)
        if boss is None or member in leaving or boss in leaving:
            continue
        if (boss, member) in has_manager_pairing:
            continue
        people[boss].hours += weekly_hours(30, manager_days)
        if manager_days <= settings.frequent_days:
            frequent.add(member)
        why = f"{member} reports to {boss} and has no manager 1:1 with them"
        plan.append(_row("add", member, None, boss, None, why, manager_days, kind="manager"))

    def best_mentor(member: str, cost: float, exclude: set[str]) -> _Candidate | None:
        mentee = people[member]
        barred = exclude | chain(member) | leaving
        options = [
            c
            for c in people.values()
            if c.handle not in barred
            and c.handle != member
            and c.rank > mentee.rank
            and c.hours + cost <= c.capacity
        ]
        # Same team first, then at least two levels up, then the most spare capacity.
        options.sort(
            key=lambda c: (
                c.team != mentee.team,
                c.rank - mentee.rank < 2,
                c.hours / c.capacity if c.capacity else 1,
                c.handle,
            )
        )
        return options[0] if options else None

    # 1. Relieve overloaded leaders by moving their mentor pairings (most frequent first).
    for leader in sorted(people.values(), key=lambda c: (c.capacity - c.hours, c.handle)):
        if leader.hours <= leader.capacity:
            continue
        mine = sorted(
            (p for p, lh, _ in pairs if lh == leader.handle and p.kind == "mentor"),
            key=lambda p: (p.every_days, p.id),
        )
        for pairing in mine:
            if leader.hours <= leader.capacity:
                break
            member = next(m for p, _, m in pairs if p.id == pairing.id)
            cost = weekly_hours(pairing.minutes, pairing.every_days)
            target = best_mentor(member, cost, {leader.handle} | mentors_of[member])
            if target is None:
                plan.append(
                    _row(
                        "unresolved",
                        member,
                        leader.handle,
                        None,
                        pairing,
                        f"{leader.handle} is over capacity and no senior mentor has room",
                    )
                )
                continue
            leader.hours -= cost
            target.hours += cost
            mentors_of[member] = (mentors_of[member] - {leader.handle}) | {target.handle}
            why = (
                f"{leader.handle} is over capacity ({leader.hours + cost:.1f}h > "
                f"{leader.capacity:.1f}h/week); {target.handle} is "
                f"{'on the same team' if target.team == people[member].team else 'senior'} "
                f"with room ({target.hours - cost:.1f}h of {target.capacity:.1f}h)"
            )
            plan.append(_row("move", member, leader.handle, target.handle, pairing, why))

    # 2. Give everyone without a frequent 1:1 a mentor.
    for member in sorted(people):
        if member in frequent or member in top or member in leaving:
            continue
        cost = weekly_hours(30, mentor_days)
        target = best_mentor(member, cost, mentors_of[member])
        if target is None:
            plan.append(
                _row(
                    "unresolved",
                    member,
                    None,
                    None,
                    None,
                    f"no frequent 1:1, and no senior mentor has {cost:.1f}h/week free",
                    mentor_days,
                )
            )
            continue
        target.hours += cost
        mentors_of[member].add(target.handle)
        frequent.add(member)
        why = (
            f"{member} has no 1:1 at least every {format_every(settings.frequent_days)}; "
            f"{target.handle} is {_same_team(target, people[member])}"
            f"senior with room ({target.hours - cost:.1f}h of {target.capacity:.1f}h)"
        )
        plan.append(_row("add", member, None, target.handle, None, why, mentor_days))
    return plan


def _same_team(a: _Candidate, b: _Candidate) -> str:
    return "on the same team and " if a.team == b.team else ""


def _row(  # type: ignore[no-untyped-def]
    action, member, from_leader, to_leader, pairing, reason, every_days=None, kind="mentor"
) -> dict:
    days = pairing.every_days if pairing is not None else every_days
    return {
        "action": action,
        "member": member,
        "from_leader": from_leader,
        "to_leader": to_leader,
        "kind": kind,
        "every": format_every(days) if days else None,
        "minutes": pairing.minutes if pairing is not None else 30,
        "reason": reason,
    }


def apply_suggestions(session: Session, settings: CadenceSettings, plan: list[dict]) -> int:
    """Write a plan: a move ends the old pairing and starts the new one; an add starts one."""
    from eng_ops.dates import parse_duration
    from eng_ops.services.one_on_ones import pair, unpair

    applied = 0
    for row in plan:
        if row["action"] not in ("move", "add"):
            continue
        if row["action"] == "move":
            unpair(session, row["from_leader"], row["member"], row["kind"])
        pair(
            session,
            settings,
            leader=row["to_leader"],
            member=row["member"],
            kind=row["kind"],
            every_days=parse_duration(row["every"]).days,
            minutes=row["minutes"],
        )
        applied += 1
    return applied


def pairing_open_actions(session: Session, pairing: Pairing) -> list[dict]:
    return open_actions(session, pairing_id=pairing.id)
