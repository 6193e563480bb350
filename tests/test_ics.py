"""`1on1 ics`: a valid iCalendar file, one recurring VEVENT per pairing, stable UIDs, each next
1:1 on a working day at a working hour, never in the past, a leader's 1:1s never at one instant.

Calendar used below: 2026-11-27 (TODAY) is a Friday; Sat 28, Sun 29, Mon 30 Nov; Tue 1 Dec,
Fri 4, Sat 5, Sun 6, Mon 7, Tue 8, Mon 14 Dec. The real time of day is pinned by `morning`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from eng_ops.services import calendar_export
from tests.conftest import TODAY, as_json, assert_one_line_error, file_digest, ok

UTC_ZONE = ZoneInfo("UTC")


@pytest.fixture(autouse=True)
def morning(monkeypatch: pytest.MonkeyPatch) -> None:
    """It is 08:00 in the org's time zone: today's working day (10:00) has not begun."""
    monkeypatch.setattr(calendar_export, "wall_clock", lambda tz: time(8, 0))


def _events(text: str | bytes) -> list:
    cal = icalendar.Calendar.from_ical(text)
    return [c for c in cal.walk() if c.name == "VEVENT"]


def _starts(text: str) -> dict[str, datetime]:
    """DTSTART by member handle (from the UID eng-ops-1on1-ID-LEADER-MEMBER-KIND@eng-ops)."""
    return {str(e["UID"]).split("-")[5]: e.decoded("DTSTART") for e in _events(text)}


def _at(day: date, hour: int, minute: int = 0, zone: str = "UTC") -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))


def _pair_and_log(cli, leader: str, member: str, met: str | None, *extra: str) -> None:  # type: ignore[no-untyped-def]
    ok(cli("1on1", "pair", leader, member, "--kind", "manager", "--since", "2026-10-01", *extra))
    if met:
        ok(cli("1on1", "log", leader, member, "--on", met))


def test_one_recurring_event_per_pairing(demo_org, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    since = (TODAY - timedelta(days=30)).isoformat()
    met = (TODAY - timedelta(days=3)).isoformat()
    assert (
        cli("1on1", "pair", "marcus", "ben", "--kind", "manager", "--since", since).exit_code == 0
    )
    assert (
        cli(
            "1on1",
            "pair",
            "marcus",
            "noah",
            "--kind",
            "mentor",
            "--every",
            "10d",
            "--minutes",
            "45",
            "--since",
            since,
        ).exit_code
        == 0
    )
    assert cli("1on1", "pair", "priya", "ben", "--kind", "skip", "--since", since).exit_code == 0
    assert cli("1on1", "log", "marcus", "ben", "--on", met).exit_code == 0

    out = tmp_path / "marcus.ics"
    result = cli("1on1", "ics", "marcus", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    events = _events(out.read_bytes())
    assert len(events) == 2  # priya's skip-level pairing is not marcus's
    by_summary = {str(e["SUMMARY"]): e for e in events}
    ben = next(e for s, e in by_summary.items() if "Ben Okafor" in s)
    noah = next(e for s, e in by_summary.items() if "Noah Schmidt" in s)
    assert "Marcus Oyelaran" in str(ben["SUMMARY"])

    assert ben["RRULE"]["FREQ"] == ["WEEKLY"] and ben["RRULE"]["INTERVAL"] == [2]
    assert noah["RRULE"]["FREQ"] == ["DAILY"] and noah["RRULE"]["INTERVAL"] == [10]
    # met Tue 24 Nov + 14 days = Tue 8 Dec, at the default 10:00 UTC; noah's 10-day series
    # from Fri 27 Nov never meets on ben's days (8 Dec - 27 Nov = 11 days, odd; gcd(14, 10) = 2)
    assert ben.decoded("DTSTART") == _at(date(2026, 12, 8), 10)
    # never met: due since the pairing began (overdue), so the first slot: today, 10:00
    assert noah.decoded("DTSTART") == _at(TODAY, 10)
    assert noah.decoded("DURATION") == timedelta(minutes=45)
    assert isinstance(ben.decoded("DTSTAMP"), datetime)
    assert "next due 2026-10-28" in str(noah["DESCRIPTION"])  # since 28 Oct, never met


def test_uids_are_stable_and_unique(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    cli("1on1", "pair", "sofia", "aisha", "--kind", "manager")
    cli("1on1", "pair", "sofia", "liam", "--kind", "manager")
    first = cli("1on1", "ics", "sofia")
    cli("1on1", "log", "sofia", "aisha")  # moves DTSTART, must not move the UID
    second = cli("1on1", "ics", "sofia")
    uids_first = [str(e["UID"]) for e in _events(first.stdout)]
    uids_second = [str(e["UID"]) for e in _events(second.stdout)]
    assert len(set(uids_first)) == 2
    assert sorted(uids_first) == sorted(uids_second)
    stamps = {str(e["UID"]): e.decoded("DTSTAMP") for e in _events(first.stdout)}
    assert stamps == {str(e["UID"]): e.decoded("DTSTAMP") for e in _events(second.stdout)}


def test_on_a_sunday_nothing_lands_on_a_weekend_or_in_the_past(  # type: ignore[no-untyped-def]
    demo_org, monkeypatch
) -> None:
    sunday = date(2026, 11, 29)
    monkeypatch.setenv("ENG_OPS_TODAY", sunday.isoformat())
    cli = demo_org
    _pair_and_log(cli, "sofia", "arjun", "2026-11-15", "--minutes", "45")  # due Sun 29 Nov
    _pair_and_log(cli, "sofia", "emily", "2026-11-13")  # 13 Nov + 14 = due Fri 27 Nov
    _pair_and_log(cli, "sofia", "yusuf", None)  # never met since 1 Oct: due 1 Oct
    _pair_and_log(cli, "sofia", "carlos", "2026-11-21")  # 21 Nov + 14 = due Sat 5 Dec

    text = ok(cli("1on1", "ics", "sofia")).stdout
    assert ok(cli("1on1", "ics", "sofia")).stdout == text  # stable: the same bytes again
    starts = _starts(text)
    # yusuf, emily and arjun are due today or earlier: the first working day is Mon 30 Nov,
    # most overdue first, back to back: 10:00-10:30, 10:30-11:00, 11:00-11:45
    assert starts == {
        "yusuf": _at(date(2026, 11, 30), 10, 0),
        "emily": _at(date(2026, 11, 30), 10, 30),
        "arjun": _at(date(2026, 11, 30), 11, 0),
        # due Sat 5 Dec: Mon 7 Dec; the fortnightly series from 30 Nov meet on 14 Dec, not
        # on 7 Dec (7 days apart), so 10:00 is free
        "carlos": _at(date(2026, 12, 7), 10, 0),
    }
    now = _at(sunday, 8)
    assert all(s.weekday() < 5 and s > now for s in starts.values())


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        (time(9, 59), datetime(2026, 11, 27, 10, 0, tzinfo=UTC_ZONE)),  # today's slot is ahead
        (time(10, 0), datetime(2026, 11, 30, 10, 0, tzinfo=UTC_ZONE)),  # begun: Mon, not Sat
        (time(16, 0), datetime(2026, 11, 30, 10, 0, tzinfo=UTC_ZONE)),
    ],
)
def test_overdue_goes_on_the_first_working_slot_not_in_the_past(  # type: ignore[no-untyped-def]
    demo_org, monkeypatch, clock: time, expected: datetime
) -> None:
    monkeypatch.setattr(calendar_export, "wall_clock", lambda tz: clock)
    ok(demo_org("1on1", "pair", "marcus", "noah", "--kind", "manager", "--since", "2026-09-01"))
    (start,) = _starts(ok(demo_org("1on1", "ics", "marcus")).stdout).values()
    assert start == expected


def test_two_due_the_same_day_are_back_to_back(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    _pair_and_log(cli, "sofia", "liam", "2026-11-20")  # 20 Nov + 14 = due Fri 4 Dec
    _pair_and_log(cli, "sofia", "aisha", "2026-11-20", "--minutes", "45")  # due Fri 4 Dec too
    starts = _starts(ok(cli("1on1", "ics", "sofia")).stdout)
    # same due date: by member handle; aisha 10:00-10:45, liam right after
    assert starts == {
        "aisha": _at(date(2026, 12, 4), 10, 0),
        "liam": _at(date(2026, 12, 4), 10, 45),
    }


def test_a_full_day_spills_to_the_next_working_day(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    ok(cli("settings", "set", "working_hours.end", "11:00"))
    for member in ("arjun", "emily", "yusuf"):
        _pair_and_log(cli, "sofia", member, "2026-11-20")  # all due Fri 4 Dec, 30 minutes
    starts = _starts(ok(cli("1on1", "ics", "sofia")).stdout)
    assert starts == {
        "arjun": _at(date(2026, 12, 4), 10, 0),
        "emily": _at(date(2026, 12, 4), 10, 30),  # ends at 11:00 exactly: still fits
        # 11:00-11:30 would end past 11:00: next working day is Mon 7 Dec (Sat, Sun are not);
        # the series from 4 Dec meet 14 days apart, never on 7 Dec, so 10:00
        "yusuf": _at(date(2026, 12, 7), 10, 0),
    }


def test_repeating_series_never_overlap(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    _pair_and_log(cli, "sofia", "arjun", "2026-11-16")  # 2w: due Mon 30 Nov
    _pair_and_log(cli, "sofia", "emily", "2026-11-16", "--every", "3w")  # 16 Nov + 21: Mon 7 Dec
    _pair_and_log(cli, "sofia", "yusuf", "2026-11-23")  # 2w: due Mon 7 Dec
    text = ok(cli("1on1", "ics", "sofia")).stdout
    assert _starts(text) == {
        "arjun": _at(date(2026, 11, 30), 10, 0),
        # every 3w from 7 Dec meets arjun's every 2w from 30 Nov (7 apart, gcd(21, 14) = 7):
        # on 28 Dec, so not 10:00
        "emily": _at(date(2026, 12, 7), 10, 30),
        # every 2w from 7 Dec never meets arjun's (7 apart, gcd 14) but meets emily's at once
        "yusuf": _at(date(2026, 12, 7), 10, 0),
    }
    # every occurrence until 27 Nov 2027, expanded from the file: no two overlap
    cal = icalendar.Calendar.from_ical(text)
    meetings = sorted(
        (e.decoded("DTSTART"), e.decoded("DTEND"))
        for e in recurring_ical_events.of(cal).between(date(2026, 11, 27), date(2027, 11, 27))
    )
    # 30 Nov 2026 to 27 Nov 2027 is 362 days, from 7 Dec 355: arjun 30 Nov + 14k, k = 0..25
    # (350 < 362); emily 7 Dec + 21k, k = 0..16 (336 < 355); yusuf 7 Dec + 14k, k = 0..25
    assert len(meetings) == 26 + 17 + 26
    assert all(end <= nxt for (_, end), (nxt, _) in zip(meetings, meetings[1:], strict=False))


def test_a_week_of_daily_1on1s_goes_after_hours_rather_than_overlap(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    ok(cli("settings", "set", "working_hours.end", "11:00"))
    for member in ("arjun", "emily", "yusuf"):
        _pair_and_log(cli, "sofia", member, "2026-11-26", "--every", "1d")  # due today
    starts = _starts(ok(cli("1on1", "ics", "sofia")).stdout)
    # daily series meet every day: 10:00-11:00 is full on every day, so the third one goes on
    # the first day (today) right after the other two
    assert starts == {
        "arjun": _at(TODAY, 10, 0),
        "emily": _at(TODAY, 10, 30),
        "yusuf": _at(TODAY, 11, 0),
    }


def test_time_zone_from_settings(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("settings", "set", "timezone", "Europe/Berlin"))
    ok(demo_org("settings", "set", "working_hours.start", "09:30"))
    demo_org("1on1", "pair", "kenji", "mei", "--kind", "manager")  # since today, never met
    text = demo_org("1on1", "ics", "kenji").stdout
    cal = icalendar.Calendar.from_ical(text)
    assert any(c.name == "VTIMEZONE" for c in cal.walk())
    start = _events(text)[0].decoded("DTSTART")
    assert start == _at(TODAY, 9, 30, "Europe/Berlin")
    assert str(start.tzinfo) == "Europe/Berlin"
    # November is winter time in Berlin (CET, UTC+1): 09:30 there is 08:30 UTC
    assert start.astimezone(UTC) == datetime(2026, 11, 27, 8, 30, tzinfo=UTC)
    assert "DTSTART;TZID=Europe/Berlin:20261127T093000" in text


def test_working_days_from_settings(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("settings", "set", "working_hours.days", "Sunday - Thursday"))
    shown = as_json(demo_org("settings", "show", "--format", "json"))
    assert shown["working_hours.days"] == {"value": "sun-thu", "source": "database"}
    ok(demo_org("1on1", "pair", "marcus", "noah", "--kind", "manager", "--since", "2026-09-01"))
    (start,) = _starts(ok(demo_org("1on1", "ics", "marcus")).stdout).values()
    assert start == _at(date(2026, 11, 29), 10)  # Friday and Saturday off: Sunday 29 Nov


@pytest.mark.parametrize("value", ["mon-funday", "", ",", "mo-fr", "mon-fri-sat", "mon,,fri"])
def test_bad_working_days_are_refused(demo_org, db_path, value: str) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = demo_org("settings", "set", "working_hours.days", value)
    assert_one_line_error(result)
    assert "working_hours.days" in result.stderr
    assert file_digest(db_path) == before


def test_working_day_that_ends_before_it_starts(demo_org, db_path) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("settings", "set", "working_hours.end", "09:00"))
    ok(demo_org("1on1", "pair", "kenji", "mei", "--kind", "manager"))
    before = file_digest(db_path)
    result = demo_org("1on1", "ics", "kenji")
    assert_one_line_error(result)
    assert "working_hours.end (09:00)" in result.stderr
    assert "working_hours.start (10:00)" in result.stderr
    assert file_digest(db_path) == before


def test_bad_time_zone_is_refused(demo_org, db_path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = demo_org("settings", "set", "timezone", "Mars/Olympus")
    assert_one_line_error(result)
    assert "timezone" in result.stderr and "Mars/Olympus" in result.stderr
    assert file_digest(db_path) == before
    ok(demo_org("1on1", "pair", "kenji", "mei", "--kind", "manager"))
    event = _events(ok(demo_org("1on1", "ics", "kenji")).stdout)[0]
    assert str(event.decoded("DTSTART").tzinfo) == "UTC"  # still the default


def test_unknown_leader(demo_org) -> None:  # type: ignore[no-untyped-def]
    result = demo_org("1on1", "ics", "kenj")
    assert result.exit_code == 1
    assert "did you mean 'kenji'" in result.stderr
