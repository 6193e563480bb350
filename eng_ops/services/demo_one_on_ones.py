"""Demo 1:1 history: pairings from examples/one_on_ones.yaml and generated meetings."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlmodel import Session, select

from eng_ops import dates as clock
from eng_ops.dates import parse_duration
from eng_ops.errors import located
from eng_ops.services import audit
from eng_ops.services.one_on_ones import pair
from eng_ops.services.settings import current
from eng_ops.store.models import ActionItem, Meeting, Pairing, Person
from eng_ops.yamlio import LineList, LineMap, load_yaml

TOPICS_BY_KIND = {
    "manager": ["project", "feedback", "career", "wellbeing", "growth", "challenge"],
    "mentor": ["growth", "challenge", "project", "career"],
    "skip": ["career", "wellbeing", "feedback", "project"],
}
NOTES = [
    "Talked through the migration plan and who owns the rollback.",
    "Reviewed feedback from the last sprint retro.",
    "Discussed the on-call load and how to share it better.",
    "Went over the design doc comments together.",
    "Checked in on the new joiner's onboarding.",
    "Explored interest in leading the next project.",
    "Walked through the promotion expectations for the next level.",
]
PRIVATE = [
    "Seems stretched thin; follow up on workload.",
    "Ready for more scope soon.",
    "Mentioned tension with another team; keep an eye on it.",
]
ACTIONS = [
    "Write up the proposal for the on-call rota",
    "Pick a stretch goal for next quarter",
    "Share the design doc with the platform team",
    "Book time with a mentor outside the team",
    "Draft a growth plan for the next level",
]
SKIP_REASONS = ["travel", "incident", "sick day", "offsite", "calendar clash"]


def build(session: Session, examples: Path, today: date | None = None) -> str:
    """Pairings the way a real org gets them, then six months of history.

    Manager and skip-level pairings come from the reporting lines (`1on1 sync`); mentor
    pairings from examples/one_on_ones.yaml, which also says how often each pairing really
    met; part of the history is a calendar export (examples/calendar.ics), imported as a
    user would import theirs.
    """
    from eng_ops.services.calendar_import import import_calendar
    from eng_ops.services.one_on_one_sync import sync

    today = today or clock.today()
    path = examples / "one_on_ones.yaml"
    data = load_yaml(path)
    if not isinstance(data, LineMap) or not isinstance(data.get("pairings"), LineList):
        raise located(str(path), None, "pairings", "expected a list")
    start = today - timedelta(days=int(data.get("months", 6)) * 30)
    settings = current(session).one_on_one
    rng = random.Random(20261127)
    synced = sync(session, settings, kinds=("manager", "skip"), since=start, today=today)
    began = datetime.combine(start, time(9), tzinfo=UTC)
    pairings = {(p.leader_id, p.member_id, p.kind): p for p in session.exec(select(Pairing)).all()}
    ids = dict(session.exec(select(Person.handle, Person.id)).all())
    meetings = actions = 0
    for spec in data["pairings"]:
        every = parse_duration(spec["every"]).days
        actual = parse_duration(spec.get("actual", spec["every"])).days
        key = (ids[spec["leader"]], ids[spec["member"]], spec["kind"])
        if key not in pairings:  # a mentor pairing: chosen, not in the reporting lines
            record = pair(
                session,
                settings,
                leader=spec["leader"],
                member=spec["member"],
                kind=spec["kind"],
                every_days=every,
                minutes=int(spec.get("minutes", 30)),
                since=start,
            )
            pairings[key] = session.get(Pairing, record["id"])  # type: ignore[assignment]
        pairing = pairings[key]
        pairing.every_days, pairing.minutes = every, int(spec.get("minutes", 30))
        session.add(pairing)
        history = spec.get("history", "generated")
        if history not in ("generated", "calendar"):
            raise located(str(path), None, "history", f"'{history}': generated or calendar")
        if history == "generated":
            m, a = _meetings(session, rng, pairing, spec, actual, start, today)
            meetings, actions = meetings + m, actions + a
    for pairing in pairings.values():
        pairing.created_at = began
        session.add(pairing)
    session.flush()
    calendar = import_calendar(session, examples / "calendar.ics")
    for spec in data["pairings"]:
        if spec.get("challenge") == "falling":
            _falling_challenge(session, spec["member"])
    total = len(pairings)
    audit.record(
        session,
        "create",
        "demo",
        "one-on-ones",
        None,
        {
            "pairings": total,
            "synced": len(synced.created),
            "meetings": meetings,
            "actions": actions,
            "from_calendar": len(calendar.logged),
        },
    )
    return (
        f"1:1s: {total} pairings ({len(synced.created)} from the reporting lines), "
        f"{meetings + len(calendar.logged)} meetings "
        f"({len(calendar.logged)} from examples/calendar.ics), {actions} action items"
    )


def _meetings(
    session: Session,
    rng: random.Random,
    pairing: Pairing,
    spec: LineMap,
    actual: int,
    start: date,
    today: date,
) -> tuple[int, int]:
    day = start + timedelta(days=rng.randint(0, max(actual // 2, 1)))
    held: list[Meeting] = []
    count = n_actions = 0
    jitter = max(1, actual // 7)
    while day < today:
        if rng.random() < 0.08:
            session.add(_meeting(pairing, spec, day, skipped=True, rng=rng))
            day += timedelta(days=rng.randint(2, 5))
            count += 1
            continue
        meeting = _meeting(pairing, spec, day, skipped=False, rng=rng)
        session.add(meeting)
        held.append(meeting)
        count += 1
        day += timedelta(days=actual + rng.randint(-jitter, jitter))
    session.flush()
    for meeting in held:
        if rng.random() < 0.3:
            done = meeting.held_on + timedelta(days=rng.randint(5, 20))
            session.add(
                ActionItem(
                    pairing_id=pairing.id,  # type: ignore[arg-type]
                    meeting_id=meeting.id,  # type: ignore[arg-type]
                    owner_id=pairing.member_id,
                    text=rng.choice(ACTIONS),
                    due=meeting.held_on + timedelta(days=14),
                    done_on=done if done < today and rng.random() < 0.7 else None,
                )
            )
            n_actions += 1
    return count, n_actions


def _falling_challenge(session: Session, member: str) -> None:
    """Make the member's last three rated 1:1s (any pairing) read 4, 3, 2."""
    from eng_ops.services.people import get_person

    person = get_person(session, member)
    last_three = session.exec(
        select(Meeting)
        .join(Pairing, Pairing.id == Meeting.pairing_id)  # type: ignore[arg-type]
        .where(Pairing.member_id == person.id, Meeting.skipped == False)  # noqa: E712
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())  # type: ignore[attr-defined]
        .limit(3)
    ).all()
    for meeting, rating in zip(reversed(last_three), (4, 3, 2), strict=False):
        meeting.challenge = rating
        session.add(meeting)


def _meeting(
    pairing: Pairing, spec: LineMap, day: date, *, skipped: bool, rng: random.Random
) -> Meeting:
    kind = pairing.kind
    if skipped:
        return Meeting(
            pairing_id=pairing.id,  # type: ignore[arg-type]
            held_on=day,
            skipped=True,
            skip_reason=rng.choice(SKIP_REASONS),
            topics=[],
            author=spec["leader"],
            created_at=datetime.combine(day, time(17), tzinfo=UTC),
        )
    topics = sorted(set(rng.sample(TOPICS_BY_KIND[kind], k=rng.randint(1, 2))))
    return Meeting(
        pairing_id=pairing.id,  # type: ignore[arg-type]
        held_on=day,
        minutes=pairing.minutes,
        topics=topics,
        challenge=rng.choice([3, 3, 4, 4, 5]),
        mood=rng.choice([3, 4, 4, 5]),
        notes=rng.choice(NOTES),
        private_notes=rng.choice(PRIVATE) if rng.random() < 0.2 else None,
        author=spec["leader"],
        created_at=datetime.combine(day, time(17), tzinfo=UTC),
    )
