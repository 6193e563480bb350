"""`1on1 import-calendar`: held 1:1s read from Google Calendar and Outlook exports.

TODAY is Friday 2026-11-27; instances are read up to two weeks ahead (2026-12-11).

tests/fixtures/ics/google.ics (Marcus's calendar as Google exports it: X-WR-TIMEZONE
Europe/Berlin, CRLF, folded lines, TZID parameters, VALARMs):
  E1  Ben / Marcus 1:1, weekly on Mondays 10:00 from Mon 5 Oct, no end; EXDATE 19 Oct; a
      meeting room (CUTYPE=RESOURCE); Ben written MAILTO:Ben@Example.COM. Overrides:
      2 Nov moved to Tue 3 Nov 14:00-14:50 (RECURRENCE-ID), 9 Nov STATUS:CANCELLED,
      16 Nov Ben PARTSTAT=DECLINED.
      Mondays up to 11 Dec: Oct 5, 12, (19 EXDATE), 26; Nov 2 -> 3, 9, 16, 23; 30; Dec 7.
  E2  Fatima <> Marcus, organised by FATIMA@example.com, 20 Oct 22:30-23:15 UTC
      = 21 Oct 00:30 in Berlin (CEST, UTC+2): 45 minutes.
  E3  Walk & talk: Fatima, all day on 10 Nov.
  E4  Fatima / Marcus, 18 Nov, STATUS:CANCELLED.
  E5  Platform sync, weekly on Wednesdays from 7 Oct: Marcus, Ben, Fatima and a room.
  E6  Focus time on 12 Nov: nobody but the calendar's owner.
  E7  Intro call on 5 Nov with recruiter@talentbridge.example.
  E8  Marcus / Priya, organised by Priya, every 4 weeks on Thursdays, twice: 15 Oct, 12 Nov.
  E9  Fatima / Marcus on Thu 3 Dec.
  E10 Ben / Marcus on 10 Aug, before any pairing began.

tests/fixtures/ics/outlook.ics (Sofia's calendar as Outlook exports it: VTIMEZONE
"W. Europe Standard Time", quoted TZID parameters, X-MICROSOFT-CDO-* lines, no attendee
entry for the organizer):
  O1  Sofia / Aisha 1:1, every 2 weeks on Fridays 09:00-09:30 from Fri 2 Oct; EXDATE 30 Oct;
      a room (CUTYPE=RESOURCE); Aisha written mailto:Aisha@example.com.
      Fridays: Oct 2, 16, (30 EXDATE); Nov 13, 27 (today); Dec 11 (today + 14).
  O2  Liam: first month check-in, 4 Nov 16:30-17:15, Liam written MAILTO:LIAM@EXAMPLE.COM.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import (
    EXAMPLES,
    as_json,
    assert_one_line_error,
    file_digest,
    ok,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ics"
GOOGLE = FIXTURES / "google.ics"
OUTLOOK = FIXTURES / "outlook.ics"

# (held_on, leader, member, kind, minutes) logged from google.ics with the org in Berlin
GOOGLE_LOGGED = [
    ("2026-10-05", "marcus", "ben", "manager", 30),  # E1, DTEND - DTSTART = 30 min
    ("2026-10-12", "marcus", "ben", "manager", 30),
    ("2026-10-21", "marcus", "fatima", "manager", 45),  # E2: 22:30Z + 2 h = 00:30 next day
    ("2026-10-26", "marcus", "ben", "manager", 30),  # 19 Oct is an EXDATE: not there
    ("2026-11-03", "marcus", "ben", "manager", 50),  # 2 Nov moved: 14:00-14:50
    ("2026-11-10", "marcus", "fatima", "manager", 45),  # all day: the pairing's 45 minutes
    ("2026-11-23", "marcus", "ben", "manager", 30),
]
# (held_on, reason, who) skipped from google.ics
GOOGLE_SKIPPED = [
    ("2026-10-15", "no pairing", "priya, marcus"),  # E8
    ("2026-11-05", "unknown attendee", "recruiter@talentbridge.example, marcus"),  # E7
    ("2026-11-09", "cancelled", "marcus, ben"),  # E1's cancelled instance
    ("2026-11-12", "no pairing", "priya, marcus"),  # E8
    ("2026-11-16", "declined", "marcus, ben"),  # Ben declined
    ("2026-11-18", "cancelled", "marcus, fatima"),  # E4
    ("2026-11-30", "in the future", "marcus, ben"),  # E1
    ("2026-12-03", "in the future", "marcus, fatima"),  # E9
    ("2026-12-07", "in the future", "marcus, ben"),  # E1; 14 Dec is past the two weeks
]
# E5: Wednesdays Oct 7, 14, 21, 28, Nov 4, 11, 18, 25, Dec 2, 9 = 10; E6: 1 -> 11
GOOGLE_NOT_ONE_ON_ONE = 11


def _google_org(cli, tz: str = "Europe/Berlin") -> None:  # type: ignore[no-untyped-def]
    ok(cli("settings", "set", "timezone", tz))
    ok(cli("1on1", "pair", "marcus", "ben", "--kind", "manager", "--since", "2026-09-01"))
    # a second pairing of the same two: the 1:1 goes to the manager pairing
    ok(cli("1on1", "pair", "marcus", "ben", "--kind", "mentor", "--since", "2026-09-01"))
    ok(
        cli(
            "1on1", "pair", "marcus", "fatima", "--kind", "manager", "--since", "2026-09-01",
            "--minutes", "45",
        )
    )  # fmt: skip


def _import(cli, path: Path, *extra: str, as_: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    return as_json(cli("1on1", "import-calendar", str(path), "--format", "json", *extra, as_=as_))


def _logged(result: dict) -> list[tuple]:
    return [
        (m["held_on"], m["leader"], m["member"], m["kind"], m["minutes"]) for m in result["logged"]
    ]


def _skipped(result: dict) -> list[tuple]:
    return [(s["held_on"], s["reason"], s["who"]) for s in result["skipped"]]


def _history(cli, member: str) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    rows = as_json(cli("1on1", "history", member, "--format", "json"))
    return sorted((r["date"], r["kind"], r["minutes"]) for r in rows)


def test_google_export_logs_the_held_instances(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    _google_org(cli)
    result = _import(cli, GOOGLE)
    assert _logged(result) == GOOGLE_LOGGED
    assert _skipped(result) == GOOGLE_SKIPPED
    assert result["not_one_on_one"] == GOOGLE_NOT_ONE_ON_ONE
    assert result["window_start"] == "2026-09-01"  # the earliest pairing's start
    assert result["window_end"] == "2026-12-11"  # 2026-11-27 + 14 days
    # they are in the database: Ben's five and Fatima's two
    assert _history(cli, "ben") == [
        ("2026-10-05", "manager", 30),
        ("2026-10-12", "manager", 30),
        ("2026-10-26", "manager", 30),
        ("2026-11-03", "manager", 50),
        ("2026-11-23", "manager", 30),
    ]
    assert _history(cli, "fatima") == [("2026-10-21", "manager", 45), ("2026-11-10", "manager", 45)]
    # the moved instance keeps its UID
    moved = [m for m in result["logged"] if m["held_on"] == "2026-11-03"]
    assert moved[0]["uid"] == "7kq2c9d1v0h3m5n8p4r6s2t1u0@google.com"
    assert moved[0]["summary"] == "Ben / Marcus 1:1 (moved)"


def test_the_org_time_zone_decides_the_day(demo_org) -> None:  # type: ignore[no-untyped-def]
    """In UTC, E2 (22:30Z on 20 Oct) is a 1:1 of 20 Oct, not 21 Oct."""
    cli = demo_org
    _google_org(cli, tz="UTC")
    days = [m[0] for m in _logged(_import(cli, GOOGLE)) if m[2] == "fatima"]
    assert days == ["2026-10-20", "2026-11-10"]


def test_second_import_logs_nothing(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    _google_org(cli)
    assert len(_import(cli, GOOGLE)["logged"]) == 7
    again = _import(cli, GOOGLE)
    assert again["logged"] == []
    imported = [
        (s["held_on"], s["reason"]) for s in again["skipped"] if s["reason"] != "no pairing"
    ]
    # the 7 logged ones are now `already imported`; the rest are skipped as before
    assert [d for d, r in imported if r == "already imported"] == [m[0] for m in GOOGLE_LOGGED]
    assert len(again["skipped"]) == 7 + len(GOOGLE_SKIPPED)
    assert len(_history(cli, "ben")) == 5
    assert len(_history(cli, "fatima")) == 2


def test_a_day_logged_by_hand_is_already_logged(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    _google_org(cli)
    ok(cli("1on1", "log", "marcus", "ben", "--kind", "manager", "--on", "2026-10-12"))
    result = _import(cli, GOOGLE)
    assert ("2026-10-12", "already logged", "marcus, ben") in _skipped(result)
    assert [m[0] for m in _logged(result)] == [
        "2026-10-05",
        "2026-10-21",
        "2026-10-26",
        "2026-11-03",
        "2026-11-10",
        "2026-11-23",
    ]
    # Ben: the hand-logged 1:1 (30 min, the pairing's) and four imported ones
    assert [d for d, _, _ in _history(cli, "ben")] == [
        "2026-10-05",
        "2026-10-12",
        "2026-10-26",
        "2026-11-03",
        "2026-11-23",
    ]


def test_two_people_without_a_pairing_are_a_suggestion(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    _google_org(cli)
    result = _import(cli, GOOGLE)
    # Priya is Marcus's manager: a manager pairing, led by her; they met on 15 Oct and 12 Nov
    assert result["suggestions"] == [
        {
            "leader": "priya",
            "member": "marcus",
            "kind": "manager",
            "meetings": 2,
            "first_met": "2026-10-15",
            "last_met": "2026-11-12",
        }
    ]
    assert as_json(cli("1on1", "pairs", "--leader", "priya", "--format", "json")) == []


def test_no_pairing_on_that_day_but_one_today_is_no_suggestion(demo_org) -> None:  # type: ignore[no-untyped-def]
    """A pairing begun on 20 Oct: Ben's 5 and 12 Oct 1:1s had none, and none is suggested."""
    cli = demo_org
    ok(cli("settings", "set", "timezone", "Europe/Berlin"))
    ok(cli("1on1", "pair", "marcus", "ben", "--kind", "manager", "--since", "2026-10-20"))
    ok(cli("1on1", "pair", "marcus", "fatima", "--kind", "manager", "--since", "2026-09-01"))
    result = _import(cli, GOOGLE)
    # They have a pairing, it just began later: said as such (sync --since sets the start).
    assert ("2026-10-05", "before the pairing began", "marcus, ben") in _skipped(result)
    assert ("2026-10-12", "before the pairing began", "marcus, ben") in _skipped(result)
    assert [m[0] for m in _logged(result) if m[2] == "ben"] == [
        "2026-10-26",
        "2026-11-03",
        "2026-11-23",
    ]
    assert [(s["leader"], s["member"]) for s in result["suggestions"]] == [("priya", "marcus")]


def test_dry_run_writes_nothing(demo_org, db_path) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    _google_org(cli)
    before = file_digest(db_path)
    result = _import(cli, GOOGLE, "--dry-run")
    assert _logged(result) == GOOGLE_LOGGED
    assert file_digest(db_path) == before
    assert _history(cli, "ben") == []
    # the real run still logs all seven
    assert _logged(_import(cli, GOOGLE)) == GOOGLE_LOGGED


def test_imported_meetings_are_audited_with_the_actor(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    _google_org(cli)
    _import(cli, GOOGLE, as_="marcus")
    entries = as_json(cli("audit", "log", "--format", "json"))
    meetings = sorted(e["entity_key"] for e in entries if e["entity"] == "meeting")
    assert meetings == sorted(f"{m[1]}/{m[2]}/{m[0]}" for m in GOOGLE_LOGGED)
    assert {e["actor"] for e in entries if e["entity"] == "meeting"} == {"marcus"}


def test_outlook_export(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org  # the org's time zone stays UTC: 09:00 in Berlin is the same day
    ok(cli("1on1", "pair", "sofia", "aisha", "--kind", "manager", "--since", "2026-09-01"))
    ok(cli("1on1", "pair", "sofia", "liam", "--kind", "manager", "--since", "2026-09-01"))
    result = _import(cli, OUTLOOK)
    assert _logged(result) == [
        ("2026-10-02", "sofia", "aisha", "manager", 30),  # 09:00-09:30
        ("2026-10-16", "sofia", "aisha", "manager", 30),  # 30 Oct is an EXDATE
        ("2026-11-04", "sofia", "liam", "manager", 45),  # 16:30-17:15
        ("2026-11-13", "sofia", "aisha", "manager", 30),
        ("2026-11-27", "sofia", "aisha", "manager", 30),  # today counts as held
    ]
    # the room is not a person: O1 is a 1:1
    assert _skipped(result) == [("2026-12-11", "in the future", "sofia, aisha")]
    assert result["not_one_on_one"] == 0
    assert result["logged"][0]["uid"].startswith("040000008200E00074C5B7101A82E008")
    assert _import(cli, OUTLOOK)["logged"] == []


def test_example_calendar_on_the_demo_org(demo_org) -> None:  # type: ignore[no-untyped-def]
    """examples/calendar.ics: Marcus's two-weekly 1:1s with his five reports from the week of
    1 Jun 2026 (no end), EXDATEs 10 Aug (Wei) and 12 Aug (Grace), Fatima's 22 Sep moved to
    24 Sep, Noah declining 8 Oct, a weekly team meeting, and Diego's monthly mentoring chats
    with Marcus (second Tuesday, from 14 Jul) with no pairing."""
    cli = demo_org
    for member in ("wei", "fatima", "grace", "noah", "ben"):
        ok(cli("1on1", "pair", "marcus", member, "--kind", "manager", "--since", "2026-05-01"))
    result = _import(cli, EXAMPLES / "calendar.ics")
    by_member: dict[str, list[str]] = {}
    for held_on, leader, member, kind, _ in _logged(result):
        assert (leader, kind) == ("marcus", "manager")
        by_member.setdefault(member, []).append(held_on)
    # every 14 days from the first; up to today (27 Nov)
    assert by_member == {
        "wei": [  # Mondays from 1 Jun; 10 Aug left out (EXDATE); next 30 Nov
            "2026-06-01", "2026-06-15", "2026-06-29", "2026-07-13", "2026-07-27",
            "2026-08-24", "2026-09-07", "2026-09-21", "2026-10-05", "2026-10-19",
            "2026-11-02", "2026-11-16",
        ],
        "fatima": [  # Tuesdays from 2 Jun; 22 Sep moved to Thu 24 Sep; next 1 Dec
            "2026-06-02", "2026-06-16", "2026-06-30", "2026-07-14", "2026-07-28",
            "2026-08-11", "2026-08-25", "2026-09-08", "2026-09-24", "2026-10-06",
            "2026-10-20", "2026-11-03", "2026-11-17",
        ],
        "grace": [  # Wednesdays from 3 Jun; 12 Aug left out (EXDATE); next 2 Dec
            "2026-06-03", "2026-06-17", "2026-07-01", "2026-07-15", "2026-07-29",
            "2026-08-26", "2026-09-09", "2026-09-23", "2026-10-07", "2026-10-21",
            "2026-11-04", "2026-11-18",
        ],
        "noah": [  # Thursdays from 4 Jun; declined 8 Oct; next 3 Dec
            "2026-06-04", "2026-06-18", "2026-07-02", "2026-07-16", "2026-07-30",
            "2026-08-13", "2026-08-27", "2026-09-10", "2026-09-24", "2026-10-22",
            "2026-11-05", "2026-11-19",
        ],
        "ben": [  # Fridays from 5 Jun; next 4 Dec
            "2026-06-05", "2026-06-19", "2026-07-03", "2026-07-17", "2026-07-31",
            "2026-08-14", "2026-08-28", "2026-09-11", "2026-09-25", "2026-10-09",
            "2026-10-23", "2026-11-06", "2026-11-20",
        ],
    }  # fmt: skip
    assert _skipped(result) == [
        ("2026-07-14", "no pairing", "diego, marcus"),
        ("2026-08-11", "no pairing", "diego, marcus"),
        ("2026-09-08", "no pairing", "diego, marcus"),
        ("2026-10-08", "declined", "marcus, noah"),
        ("2026-10-13", "no pairing", "diego, marcus"),
        ("2026-11-10", "no pairing", "diego, marcus"),
        ("2026-11-30", "in the future", "marcus, wei"),
        ("2026-12-01", "in the future", "marcus, fatima"),
        ("2026-12-02", "in the future", "marcus, grace"),
        ("2026-12-03", "in the future", "marcus, noah"),
        ("2026-12-04", "in the future", "marcus, ben"),
        ("2026-12-08", "in the future", "diego, marcus"),
    ]
    # Diego (L5) asked Marcus (L6) for mentoring: the more senior one leads
    assert result["suggestions"] == [
        {
            "leader": "marcus",
            "member": "diego",
            "kind": "mentor",
            "meetings": 5,
            "first_met": "2026-07-14",
            "last_met": "2026-11-10",
        }
    ]
    # Platform weekly, Wednesdays 3 Jun .. 9 Dec: 4 (Jun) + 5 + 4 + 5 + 4 + 4 + 2 (Dec) = 28
    assert result["not_one_on_one"] == 28


def test_contract_keys(demo_org) -> None:  # type: ignore[no-untyped-def]
    """`1on1 import-calendar F.ics --format json`: an object with `logged` (leader, member,
    held_on, uid) and `skipped` (uid, reason); run again, `logged` is empty."""
    cli = demo_org
    _google_org(cli)
    result = _import(cli, GOOGLE)
    assert {"logged", "skipped", "suggestions"} <= set(result)
    assert {"leader", "member", "held_on", "uid"} <= set(result["logged"][0])
    assert {"uid", "reason"} <= set(result["skipped"][0])
    assert _import(cli, GOOGLE)["logged"] == []


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_table_and_markdown_show_the_three_sections(demo_org, fmt: str) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    _google_org(cli)
    result = ok(cli("1on1", "import-calendar", str(GOOGLE), "--format", fmt))
    for title in ("Logged 1:1s", "Skipped", "Suggested pairings"):
        assert title in result.stdout
    assert "talk: Fatima" in result.stdout  # md escapes the "&"
    assert "logged 7 1:1s, skipped 9, 1 suggested pairing" in result.stderr


def test_csv_needs_a_section(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    _google_org(cli)
    result = cli("1on1", "import-calendar", str(GOOGLE), "--format", "csv", "--dry-run")
    assert result.exit_code == 2
    assert "--section" in result.stderr
    rows = ok(
        cli("1on1", "import-calendar", str(GOOGLE), "--format", "csv", "--section", "logged")
    ).stdout.splitlines()
    assert rows[0] == "held_on,leader,member,kind,minutes,uid,summary"
    assert len(rows) == 1 + 7


def _ics(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


EVENT = (
    "BEGIN:VEVENT",
    "UID:a1@test",
    "DTSTART:20261102T100000Z",
    "DTEND:20261102T103000Z",
    "ORGANIZER:mailto:marcus@example.com",
    "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ben@example.com",
    "END:VEVENT",
)
HEAD = ("BEGIN:VCALENDAR", "VERSION:2.0")

MALFORMED = {
    # name: (file bytes, the start of the error after 'error: FILE')
    "a line that is no property": (
        _ics(*HEAD, *EVENT[:3], "this is not a property", *EVENT[3:], "END:VCALENDAR"),
        ":6: not an iCalendar line: 'this is not a property'",
    ),
    "an event never ended": (
        _ics(*HEAD, *EVENT[:-1], "END:VCALENDAR"),
        ":9: END:VCALENDAR, but BEGIN:VEVENT (line 3) is still open",
    ),
    "a date that is no date": (
        _ics(*HEAD, *EVENT[:2], "DTSTART:2026-11-02 10:00", *EVENT[3:], "END:VCALENDAR"),
        ":5: DTSTART: ",
    ),
    "a rule that is no rule": (
        _ics(*HEAD, *EVENT[:-1], "RRULE:FREQ=SOMETIMES", "END:VEVENT", "END:VCALENDAR"),
        ":9: RRULE: ",
    ),
    "a start given twice": (
        _ics(*HEAD, *EVENT[:3], "DTSTART:20261103T100000Z", *EVENT[3:], "END:VCALENDAR"),
        ":6: DTSTART: given twice in one event",
    ),
    "an end before its start": (
        _ics(*HEAD, *EVENT[:3], "DTEND:20261101T100000Z", *EVENT[4:], "END:VCALENDAR"),
        ":6: DTEND: before DTSTART",
    ),
    "an unknown time zone": (
        _ics(*HEAD, "X-WR-TIMEZONE:Europe=Berlin", *EVENT, "END:VCALENDAR"),
        ":3: X-WR-TIMEZONE: unknown time zone 'Europe=Berlin'",
    ),
    "an event without UID": (
        _ics(*HEAD, EVENT[0], *EVENT[2:], "END:VCALENDAR"),
        ":3: an event without UID",
    ),
    "a CSV file": (
        b"leader,member,date\nmarcus,ben,2026-11-02\n",
        ":1: not an iCalendar (.ics) file",
    ),
    "an empty file": (b"", ": empty: not an iCalendar (.ics) file"),
    "bytes that are not UTF-8": (
        _ics(*HEAD, *EVENT[:2]).replace(b"UID:a1", b"UID:a\xff1") + _ics(*EVENT[2:]),
        ":4: not valid UTF-8",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_file_is_one_error_and_writes_nothing(  # type: ignore[no-untyped-def]
    demo_org, db_path, tmp_path, case: str
) -> None:
    cli = demo_org
    ok(cli("1on1", "pair", "marcus", "ben", "--kind", "manager", "--since", "2026-09-01"))
    data, expected = MALFORMED[case]
    path = tmp_path / "calendar.ics"
    path.write_bytes(data)
    before = file_digest(db_path)
    result = cli("1on1", "import-calendar", str(path))
    assert_one_line_error(result)
    assert result.stderr.startswith(f"error: {path}{expected}"), result.stderr
    assert file_digest(db_path) == before


def test_the_same_file_without_errors_logs_its_event(demo_org, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The well-formed base of MALFORMED: one 1:1 of Marcus and Ben on 2 Nov, 30 minutes."""
    cli = demo_org
    ok(cli("1on1", "pair", "marcus", "ben", "--kind", "manager", "--since", "2026-09-01"))
    path = tmp_path / "calendar.ics"
    path.write_bytes(_ics(*HEAD, *EVENT, "END:VCALENDAR"))
    assert _logged(_import(cli, path)) == [("2026-11-02", "marcus", "ben", "manager", 30)]


def test_a_missing_file_is_one_error(demo_org, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = demo_org("1on1", "import-calendar", str(tmp_path / "nope.ics"))
    assert_one_line_error(result)
    assert "no such file" in result.stderr


def test_series_repeating_within_a_day_are_left_out(demo_org, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An every-minute reminder would be 100,000+ instances over the window: it is not read."""
    cli = demo_org
    ok(cli("1on1", "pair", "marcus", "ben", "--kind", "manager", "--since", "2026-09-01"))
    reminder = (
        "BEGIN:VEVENT",
        "UID:r1@test",
        "DTSTART:20260901T080000Z",
        "DURATION:PT1M",
        "RRULE:FREQ=MINUTELY",
        "ORGANIZER:mailto:marcus@example.com",
        "ATTENDEE:mailto:ben@example.com",
        "END:VEVENT",
    )
    path = tmp_path / "calendar.ics"
    path.write_bytes(_ics(*HEAD, *EVENT, *reminder, "END:VCALENDAR"))
    result = _import(cli, path)
    assert _logged(result) == [("2026-11-02", "marcus", "ben", "manager", 30)]
    assert result["skipped"] == []


def test_an_event_spanning_years_is_read_quickly(demo_org, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Begun in 1900, it covers the whole window but started before it: not listed."""
    cli = demo_org
    ok(cli("1on1", "pair", "marcus", "ben", "--kind", "manager", "--since", "2026-09-01"))
    forever = (
        "BEGIN:VEVENT",
        "UID:long@test",
        "DTSTART:19000101T000000Z",
        "DTEND:20990101T000000Z",
        "ORGANIZER:mailto:marcus@example.com",
        "ATTENDEE:mailto:ben@example.com",
        "END:VEVENT",
    )
    path = tmp_path / "calendar.ics"
    path.write_bytes(_ics(*HEAD, *EVENT, *forever, "END:VCALENDAR"))
    started = time.monotonic()
    result = _import(cli, path)
    assert time.monotonic() - started < 10
    assert _logged(result) == [("2026-11-02", "marcus", "ben", "manager", 30)]
    assert result["skipped"] == []


@pytest.mark.parametrize("target", ["{dir}", "/dev/zero"])
def test_a_directory_or_device_is_one_error(demo_org, db_path, tmp_path, target: str) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = demo_org("1on1", "import-calendar", target.format(dir=tmp_path))
    assert_one_line_error(result)
    assert file_digest(db_path) == before
