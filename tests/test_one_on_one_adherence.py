"""Issue 12 (points 4 and 5): adherence that counts what did not happen, load against capacity
from the org settings, and `1on1 capacity`, on a small hand-built org through the real CLI.

Today is pinned to 2026-11-27 (a Friday). Defaults: manager 1:1s every 2w (14 days), skip-levels
every 6w (42 days), 3 days' grace, so a gap is within target up to 17 (manager) or 45 (skip)
days; capacity 6 h a week for the manager track, 2 h for individual contributors. Every
expected number below is worked out by hand in its comment.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eng_ops.stats.cadence import judged_gaps
from tests.conftest import TODAY, as_json, assert_one_line_error, file_digest, ok, run_cli

ORG = """\
teams:
  - key: core
    name: Core
people:
  - {handle: vp, name: Vee Pee, team: core, track: manager, level: L8}
  - {handle: mgr, name: Em Gee, team: core, manager: vp, track: manager, level: L6}
  - {handle: staff, name: Sta Ff, team: core, manager: mgr, track: ic, level: L6,
     title: Staff engineer}
  - {handle: ana, name: Ana, team: core, manager: mgr, track: ic, level: L3}
  - {handle: bo, name: Bo, team: core, manager: mgr, track: ic, level: L3}
  - {handle: cy, name: Cy, team: core, manager: mgr, track: ic, level: L3}
  - {handle: di, name: Di, team: core, manager: mgr, track: ic, level: L2}
  - {handle: ed, name: Ed, team: core, manager: mgr, track: ic, level: L2}
"""

ADHERENCE_KEYS = ["pairings", "meetings", "gaps", "target_days", "median_gap_days"]
LOAD_KEYS = [
    "leader",
    "pairings",
    "manager",
    "mentor",
    "skip",
    "hours_per_week",
    "capacity",
    "utilisation",
    "overloaded",
    "skipped_share",
    "meetings_90d",
]


@pytest.fixture
def org(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The eight people above, no pairings yet."""
    assert date(2026, 11, 27) == TODAY  # the dates below are worked from it
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    ok(cli("org", "import", str(path)))
    return cli


def pair(cli, leader: str, member: str, kind: str, since: str, *extra: str) -> None:  # type: ignore[no-untyped-def]
    ok(cli("1on1", "pair", leader, member, "--kind", kind, "--since", since, *extra))


def log(cli, leader: str, member: str, on: str, *, skipped: bool = False) -> None:  # type: ignore[no-untyped-def]
    extra = ("--skipped", "--reason", "travel") if skipped else ()
    ok(cli("1on1", "log", leader, member, "--on", on, *extra))


def adherence(cli, by: str, fmt: str = "json"):  # type: ignore[no-untyped-def]
    return cli("1on1", "adherence", "--by", by, "--format", fmt)


def load(cli) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {r["leader"]: r for r in as_json(cli("1on1", "load", "--format", "json"))}


# --- the gaps of one pairing (pure arithmetic) ------------------------------------------------

D = date.fromisoformat


@pytest.mark.parametrize(
    ("since", "held", "until", "want"),
    [
        # Met on the day it began: no first gap; 01-01 -> 01-18 is 17 days (within 14 + 3);
        # the open gap 01-18 -> 02-04 is 17 days, not longer than 17: not judged yet.
        ("2026-01-01", ["2026-01-01", "2026-01-18"], "2026-02-04", [17]),
        # One day later the open gap is 18 > 17: judged (a miss whatever happens next).
        ("2026-01-01", ["2026-01-01", "2026-01-18"], "2026-02-05", [17, 18]),
        # Never met: the open gap runs from the start; 17 days is not judged, 18 is.
        ("2026-01-01", [], "2026-01-18", []),
        ("2026-01-01", [], "2026-01-19", [18]),
        # First met 4 days after the start: that wait is the first gap. Two 1:1s on one day
        # count once; a date after `until` is left out.
        ("2026-01-01", ["2026-01-05", "2026-01-05", "2026-03-01"], "2026-01-06", [4]),
        # A 1:1 dated before the start (older history imported) moves the start back: 01-05 ->
        # 01-12 is 7 days, and 01-10 is no point of its own.
        ("2026-01-10", ["2026-01-05", "2026-01-12"], "2026-01-13", [7]),
    ],
)
def test_judged_gaps(since: str, held: list[str], until: str, want: list[int]) -> None:
    assert judged_gaps(D(since), [D(d) for d in held], D(until), 17) == want


# --- adherence through the CLI ----------------------------------------------------------------


@pytest.fixture
def history(org):  # type: ignore[no-untyped-def]
    """Seven pairings, one of each story; an eighth that has ended."""
    # mgr -> ana, manager since 09-01, met on 09-01, 09-15, 10-06, 10-20 and 11-17.
    pair(org, "mgr", "ana", "manager", "2026-09-01")
    for day in ("2026-09-01", "2026-09-15", "2026-10-06", "2026-10-20", "2026-11-17"):
        log(org, "mgr", "ana", day)
    # mgr -> bo, manager since 10-01, never met.
    pair(org, "mgr", "bo", "manager", "2026-10-01")
    # mgr -> cy, manager since 11-22 (5 days ago), never met: too new to judge.
    pair(org, "mgr", "cy", "manager", "2026-11-22")
    # mgr -> di, manager since 10-01: held 10-08, skipped 10-22 and 11-05, held 11-19.
    pair(org, "mgr", "di", "manager", "2026-10-01")
    log(org, "mgr", "di", "2026-10-08")
    log(org, "mgr", "di", "2026-10-22", skipped=True)
    log(org, "mgr", "di", "2026-11-05", skipped=True)
    log(org, "mgr", "di", "2026-11-19")
    # vp -> mgr, manager since 11-01: held 11-13 and 11-24.
    pair(org, "vp", "mgr", "manager", "2026-11-01")
    log(org, "vp", "mgr", "2026-11-13")
    log(org, "vp", "mgr", "2026-11-24")
    # vp -> ana, skip-level since 08-01, never met.
    pair(org, "vp", "ana", "skip", "2026-08-01")
    # vp -> bo, skip-level since 08-01, met once on 09-10.
    pair(org, "vp", "bo", "skip", "2026-08-01")
    log(org, "vp", "bo", "2026-09-10")
    # mgr -> ed, since 09-01, never met, ended on 11-01: in no view.
    pair(org, "mgr", "ed", "manager", "2026-09-01")
    ok(org("1on1", "unpair", "mgr", "ed", "--on", "2026-11-01"))
    return org


# key -> (pairings, meetings, gaps, target_days, median_gap_days, within_target)
BY_PAIRING = {
    # Gaps 09-01->09-15 = 14 (in), 09-15->10-06 = 21 (late), 10-06->10-20 = 14 (in),
    # 10-20->11-17 = 28 (late); open 11-17->11-27 = 10 <= 17, not judged.
    # 2 of 4 within; median of 14, 14, 21, 28 = (14 + 21) / 2 = 17.5.
    ("mgr", "ana", "manager"): (1, 5, 4, 14, 17.5, 0.5),
    # Never met: open 10-01->11-27 = 31 + 26 = 57 > 17, a miss: 0 of 1.
    ("mgr", "bo", "manager"): (1, 0, 1, 14, 57, 0.0),
    # Never met, began 5 days ago: 5 <= 17, nothing to judge yet.
    ("mgr", "cy", "manager"): (1, 0, 0, 14, None, None),
    # Skipped 1:1s are not held: 10-01->10-08 = 7 (in), 10-08->11-19 = 23 + 19 = 42 (late);
    # open 11-19->11-27 = 8, not judged. 1 of 2; median (7 + 42) / 2 = 24.5.
    ("mgr", "di", "manager"): (1, 2, 2, 14, 24.5, 0.5),
    # Skip-level never met: 08-01->11-27 = 31 + 30 + 31 + 26 = 118 > 45, a miss.
    ("vp", "ana", "skip"): (1, 0, 1, 42, 118, 0.0),
    # 08-01->09-10 = 31 + 9 = 40 <= 45 (in); open 09-10->11-27 = 20 + 31 + 27 = 78 > 45 (late).
    # 1 of 2; median (40 + 78) / 2 = 59.
    ("vp", "bo", "skip"): (1, 1, 2, 42, 59, 0.5),
    # 11-01->11-13 = 12 (in), 11-13->11-24 = 11 (in); open 3 days. 2 of 2; median 11.5.
    ("vp", "mgr", "manager"): (1, 2, 2, 14, 11.5, 1.0),
}
BY_KIND = {
    # Five manager pairings: meetings 5 + 0 + 0 + 2 + 2 = 9; gaps 4 + 1 + 0 + 2 + 2 = 9, of
    # which 2 + 0 + 0 + 1 + 2 = 5 within: 5/9 = 0.556. Sorted gaps 7 11 12 14 14 21 28 42 57:
    # median 14.
    ("manager",): (5, 9, 9, 14, 14, 0.556),
    # Two skip-levels: gaps 118, 40, 78, one within: 1/3 = 0.333; median 78.
    ("skip",): (2, 1, 3, 42, 78, 0.333),
}
BY_LEADER = {
    # mgr's four manager pairings: gaps 14 21 14 28 | 57 | - | 7 42 = 7 gaps, 2 + 0 + 1 = 3
    # within: 3/7 = 0.429; sorted 7 14 14 21 28 42 57: median 21; meetings 5 + 2 = 7.
    ("mgr", "manager"): (4, 7, 7, 14, 21, 0.429),
    # The VP's manager 1:1 and skip-levels are separate rows, each with its own target.
    ("vp", "manager"): (1, 2, 2, 14, 11.5, 1.0),
    ("vp", "skip"): (2, 1, 3, 42, 78, 0.333),
}
VIEWS = {
    "pairing": (["leader", "member", "kind"], BY_PAIRING),
    "kind": (["kind"], BY_KIND),
    "leader": (["leader", "kind"], BY_LEADER),
}


@pytest.mark.parametrize("by", list(VIEWS))
def test_adherence_counts_never_met_and_late_open_gaps(history, by: str) -> None:  # type: ignore[no-untyped-def]
    head, want = VIEWS[by]
    rows = as_json(adherence(history, by))
    assert [list(r) for r in rows] == [[*head, *ADHERENCE_KEYS, "within_target"]] * len(rows)
    got = [tuple(r[k] for k in head) for r in rows]
    assert got == sorted(want), "one row per key, sorted by key; the ended pairing is in none"
    for row in rows:
        key = tuple(row[k] for k in head)
        pairings, meetings, gaps, target, median_gap, within = want[key]
        assert (row["pairings"], row["meetings"], row["gaps"]) == (pairings, meetings, gaps), key
        assert row["target_days"] == target, key
        assert row["median_gap_days"] == median_gap, key
        if within is None:
            assert row["within_target"] is None, key
        else:
            assert row["within_target"] == pytest.approx(within, abs=5e-4), key


def test_adherence_by_leader_in_every_format(history) -> None:  # type: ignore[no-untyped-def]
    csv_lines = ok(adherence(history, "leader", "csv")).stdout.splitlines()
    assert csv_lines[0] == (
        "leader,kind,pairings,meetings,gaps,target_days,median_gap_days,within_target"
    )
    # vp's skip row: 2 pairings, 1 meeting, 3 gaps, 42, 78, 1/3 (cells print two decimals).
    assert "vp,skip,2,1,3,42.00,78.00,0.33" in csv_lines
    md = ok(adherence(history, "leader", "md")).stdout
    assert "| vp | manager | 1 | 2 | 2 |" in md and "| vp | skip | 2 | 1 | 3 |" in md
    table = ok(adherence(history, "leader", "table")).stdout
    assert [line.split()[:2] for line in table.splitlines() if line.startswith("vp ")] == [
        ["vp", "manager"],
        ["vp", "skip"],
    ]
    pairing_csv = ok(adherence(history, "pairing", "csv")).stdout.splitlines()
    # Too new to judge: no gaps, empty median and share.
    assert "mgr,cy,manager,1,0,0,14.00,," in pairing_csv


def test_contract_never_met_kind_is_below_one(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Skip-levels that began 118 days ago (> 42 + 3) and never met: 0 of 2 gaps within."""
    pair(org, "vp", "ana", "skip", "2026-08-01")
    pair(org, "vp", "bo", "skip", "2026-08-01")
    pair(org, "mgr", "ana", "manager", "2026-11-01")
    log(org, "mgr", "ana", "2026-11-10")  # 11-01->11-10 = 9 <= 17: within
    result = run_cli("--db", str(db_path), "1on1", "adherence", "--by", "kind", "--format", "json")
    kinds = {r["kind"]: r for r in as_json(result)}
    skip = kinds["skip"]
    assert isinstance(skip["within_target"], float) and skip["within_target"] < 1
    assert (skip["within_target"], skip["gaps"], skip["meetings"]) == (0.0, 2, 0)
    assert skip["median_gap_days"] == 118  # 31 + 30 + 31 + 26 days, both pairings
    assert (kinds["manager"]["within_target"], kinds["manager"]["gaps"]) == (1.0, 1)
    # Never-met pairings are in the other views too, with no meetings.
    pairs = {(r["leader"], r["member"]): r for r in as_json(adherence(org, "pairing"))}
    assert pairs["vp", "ana"]["meetings"] == 0 and pairs["vp", "ana"]["within_target"] == 0.0
    leaders = {(r["leader"], r["kind"]): r for r in as_json(adherence(org, "leader"))}
    assert leaders["vp", "skip"]["pairings"] == 2 and leaders["vp", "skip"]["meetings"] == 0


def test_a_pairing_too_new_to_judge_says_so(org) -> None:  # type: ignore[no-untyped-def]
    pair(org, "mgr", "cy", "manager", "2026-11-22")  # 5 days ago
    (row,) = as_json(adherence(org, "kind"))
    assert (row["kind"], row["pairings"], row["meetings"], row["gaps"]) == ("manager", 1, 0, 0)
    assert row["within_target"] is None and row["median_gap_days"] is None


# --- load and capacity ------------------------------------------------------------------------

MENTEES = ("ana", "bo", "cy", "di", "ed")


@pytest.fixture
def staffed(org):  # type: ignore[no-untyped-def]
    """The Staff engineer mentors five people weekly for 45 minutes; mgr meets all six reports
    every two weeks for 30 minutes; the VP meets mgr (2w) and skip-levels with staff (6w)."""
    for member in MENTEES:
        pair(org, "staff", member, "mentor", "2026-08-01", "--minutes", "45")
    for member in ("staff", *MENTEES):
        pair(org, "mgr", member, "manager", "2026-08-01")
    pair(org, "vp", "mgr", "manager", "2026-08-01")
    pair(org, "vp", "staff", "skip", "2026-08-01")
    return org


def test_load_hours_capacity_by_track_and_skipped_share(staffed) -> None:  # type: ignore[no-untyped-def]
    # The 90-day window starts on 2026-08-29 (11-27 minus 27 + 31 + 30 + 2 days).
    log(staffed, "mgr", "ana", "2026-08-28", skipped=True)  # 91 days ago: outside
    log(staffed, "mgr", "ana", "2026-08-29", skipped=True)  # 90 days ago: inside
    log(staffed, "mgr", "ana", "2026-10-30")
    log(staffed, "mgr", "ana", "2026-11-13")
    log(staffed, "mgr", "ana", "2026-11-20", skipped=True)
    log(staffed, "mgr", "bo", "2026-11-06", skipped=True)
    log(staffed, "vp", "mgr", "2026-11-20")

    rows = as_json(staffed("1on1", "load", "--format", "json"))
    assert [list(r) for r in rows] == [LOAD_KEYS] * 3
    by = {r["leader"]: r for r in rows}
    # Most utilised first: staff 1.88, mgr 0.25, vp 0.06.
    assert [r["leader"] for r in rows] == ["staff", "mgr", "vp"]

    staff = by["staff"]
    # 5 x 45/60 h x 7/7 = 3.75 h a week against the ic default of 2 h: overloaded.
    assert (staff["pairings"], staff["manager"], staff["mentor"], staff["skip"]) == (5, 0, 5, 0)
    assert staff["hours_per_week"] == 3.75 and staff["capacity"] == 2
    assert staff["utilisation"] == pytest.approx(1.88, abs=0.005)  # 3.75 / 2 = 1.875
    assert staff["overloaded"] is True
    assert (staff["skipped_share"], staff["meetings_90d"]) == (None, 0)  # nothing logged

    mgr = by["mgr"]
    # 6 x 30/60 h x 7/14 = 1.5 h against the manager default of 6 h: 0.25.
    assert (mgr["pairings"], mgr["manager"], mgr["hours_per_week"]) == (6, 6, 1.5)
    assert (mgr["capacity"], mgr["utilisation"], mgr["overloaded"]) == (6, 0.25, False)
    # In the window: 08-29 skipped, 10-30, 11-13, 11-20 skipped, bo's 11-06 skipped: 3 of 5.
    assert (mgr["skipped_share"], mgr["meetings_90d"]) == (0.6, 5)

    vp = by["vp"]
    # 30/60 x 7/14 = 0.25 plus 30/60 x 7/42 = 0.0833: 0.33 h against 6 (0.333 / 6 = 0.056).
    assert (vp["manager"], vp["skip"], vp["hours_per_week"]) == (1, 1, 0.33)
    assert vp["utilisation"] == pytest.approx(0.06, abs=0.005)
    assert (vp["skipped_share"], vp["meetings_90d"]) == (0.0, 1)


def test_contract_capacity_then_load(staffed, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`1on1 capacity H 2` then `1on1 load`: H, holding 3.75 h a week, is overloaded."""
    db = ("--db", str(db_path))
    raised = ok(run_cli(*db, "1on1", "capacity", "staff", "4"))
    assert raised.stdout == ""
    assert raised.stderr.strip() == "capacity of staff: 4 h a week (was 2, the ic default)"
    assert load(staffed)["staff"]["overloaded"] is False  # 3.75 <= 4

    lowered = ok(run_cli(*db, "1on1", "capacity", "staff", "2"))
    assert lowered.stderr.strip() == "capacity of staff: 2 h a week (was 4, their own setting)"
    staff = as_json(run_cli(*db, "1on1", "load", "--format", "json"))[0]
    assert staff["leader"] == "staff" and staff["capacity"] == 2
    assert staff["overloaded"] is True  # 3.75 > 2


def test_capacity_is_the_per_person_setting_shared_and_audited(staffed) -> None:  # type: ignore[no-untyped-def]
    shown = as_json(staffed("1on1", "capacity", "staff", "--format", "json"))
    assert shown == {"person": "staff", "track": "ic", "hours_per_week": 2, "source": "track"}
    mgr = as_json(staffed("1on1", "capacity", "mgr", "--format", "json"))
    assert (mgr["hours_per_week"], mgr["source"]) == (6, "track")  # the manager default

    ok(staffed("1on1", "capacity", "staff", "4.5"))
    shown = as_json(staffed("1on1", "capacity", "staff", "--format", "json"))
    assert (shown["hours_per_week"], shown["source"]) == (4.5, "person")
    settings = as_json(staffed("settings", "show", "--format", "json"))
    assert settings["people"] == {"staff": {"one_on_one.capacity_hours": "4.5"}}
    (entry,) = [
        e
        for e in as_json(staffed("audit", "log", "--format", "json"))
        if e["entity_key"] == "one_on_one.capacity_hours@staff"
    ]
    assert (entry["entity"], entry["action"]) == ("setting", "create")

    # The track default moves every leader without a setting of their own; staff keeps 4.5.
    ok(staffed("settings", "set", "one_on_one.capacity_hours.manager", "1"))
    rows = load(staffed)
    assert (rows["mgr"]["capacity"], rows["mgr"]["overloaded"]) == (1, True)  # 1.5 > 1
    assert rows["staff"]["capacity"] == 4.5
    ok(staffed("settings", "unset", "one_on_one.capacity_hours", "--person", "staff"))
    assert load(staffed)["staff"]["capacity"] == 2  # back to the ic default


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["ghost", "2"], "ghost"),
        (["staf", "2"], "did you mean 'staff'"),
        (["staff", "41"], "0-40"),
        (["staff", "lots"], "not a number"),
        (["staff", "nan"], "one_on_one.capacity_hours"),
        (["ghost"], "ghost"),
    ],
    ids=["unknown", "typo", "over-40", "not-a-number", "nan", "show-unknown"],
)
def test_capacity_bad_input_is_one_line_and_writes_nothing(  # type: ignore[no-untyped-def]
    staffed, db_path: Path, args: list[str], says: str
) -> None:
    before = file_digest(db_path)
    result = staffed("1on1", "capacity", *args)
    assert_one_line_error(result)
    assert says in result.stderr
    assert file_digest(db_path) == before
