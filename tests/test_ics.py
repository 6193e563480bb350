"""`1on1 ics`: a valid iCalendar file, one recurring VEVENT per pairing, stable UIDs."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar

from tests.conftest import TODAY, assert_one_line_error, file_digest, ok


def _events(text: str) -> list:
    cal = icalendar.Calendar.from_ical(text)
    return [c for c in cal.walk() if c.name == "VEVENT"]


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
    ben_start = ben.decoded("DTSTART")
    assert ben_start.date() == TODAY - timedelta(days=3) + timedelta(days=14)
    # never met: due since the pairing began, so the next slot is today
    assert noah.decoded("DTSTART").date() == TODAY
    assert noah.decoded("DURATION") == timedelta(minutes=45)
    assert isinstance(ben.decoded("DTSTAMP"), datetime)


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


def test_time_zone_from_settings(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("settings", "set", "timezone", "America/New_York"))
    ok(demo_org("settings", "set", "working_hours.start", "09:30"))
    demo_org("1on1", "pair", "kenji", "mei", "--kind", "manager")
    text = demo_org("1on1", "ics", "kenji").stdout
    cal = icalendar.Calendar.from_ical(text)
    assert any(c.name == "VTIMEZONE" for c in cal.walk())
    event = _events(text)[0]
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "America/New_York"
    assert (start.hour, start.minute) == (9, 30)
    assert "TZID=America/New_York" in text


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
