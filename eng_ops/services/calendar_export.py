"""iCalendar export: one recurring event per active pairing of a leader."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from eng_ops import dates as clock
from eng_ops.services.one_on_ones import active_pairings, last_met_by_pairing
from eng_ops.services.people import get_person
from eng_ops.services.settings import CadenceSettings
from eng_ops.store.models import Person


def pairing_uid(pairing_id: int, leader: str, member: str, kind: str) -> str:
    """Stable across exports: derived from the pairing record, never from the clock."""
    return f"eng-ops-1on1-{pairing_id}-{leader}-{member}-{kind}@eng-ops"


def leader_calendar(
    session: Session, settings: CadenceSettings, leader: str, today: date | None = None
) -> bytes:
    """An .ics with a VEVENT per pairing: next due date, weekly/daily RRULE, stable UID."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, vRecur
    from sqlmodel import select

    today = today or clock.today()
    get_person(session, leader)
    pairs = active_pairings(session, leader)
    last = last_met_by_pairing(session, [p.id for p, _, _ in pairs])  # type: ignore[misc]
    names = dict(session.exec(select(Person.handle, Person.name)).all())
    tz = ZoneInfo(settings.timezone)

    cal = Calendar()
    cal.add("prodid", "-//eng-ops//1:1 cadence//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"1:1s of {names.get(leader, leader)}")
    for pairing, lead, member in pairs:
        met = last.get(pairing.id)  # type: ignore[arg-type]
        next_due = met + timedelta(days=pairing.every_days) if met else pairing.since
        start_day = max(next_due, today)
        start = datetime.combine(start_day, settings.meeting_time, tzinfo=tz)
        event = Event()
        event.add("uid", pairing_uid(pairing.id, lead, member, pairing.kind))  # type: ignore[arg-type]
        event.add("dtstamp", _utc(pairing.created_at))
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=pairing.minutes))
        event.add(
            "summary",
            f"1:1 {names.get(lead, lead)} / {names.get(member, member)} ({pairing.kind})",
        )
        if pairing.every_days % 7 == 0:
            rule = {"freq": "weekly", "interval": pairing.every_days // 7}
        else:
            rule = {"freq": "daily", "interval": pairing.every_days}
        event.add("rrule", vRecur(rule))
        event.add("description", f"eng-ops {pairing.kind} 1:1, every {pairing.every_days} days")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
