"""people / teams / org tree+summary / audit log through the real CLI on a real SQLite file.

Expectations are derived from examples/org.yaml, not copied from the implementation.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, TODAY, as_json, assert_one_line_error, file_digest, ok

ORG_FILE = EXAMPLES / "org.yaml"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- the example org as plain data --------------------------------------------------------


def load_org() -> dict:
    return yaml.safe_load(ORG_FILE.read_text(encoding="utf-8"))


ORG = load_org()
PEOPLE = {p["handle"]: p for p in ORG["people"]}
ACTIVE = {h: p for h, p in PEOPLE.items() if not p.get("left")}
TEAMS = {t["key"]: t for t in ORG["teams"]}


def manager_of(handle: str) -> str | None:
    return PEOPLE[handle].get("manager")


def direct_reports(handle: str) -> list[str]:
    return sorted(h for h in ACTIVE if manager_of(h) == handle)


def chain_of(handle: str) -> list[str]:
    chain: list[str] = []
    boss = manager_of(handle)
    while boss:
        chain.append(boss)
        boss = manager_of(boss)
    return chain


def subtree(handle: str) -> set[str]:
    found = {handle}
    for report in direct_reports(handle):
        found |= subtree(report)
    return found


TOP = [h for h in ACTIVE if not manager_of(h)]
assert len(TOP) == 1, "examples/org.yaml is expected to have a single top (the VP)"
VP = TOP[0]
# Someone with a manager and direct reports (a middle manager) and a leaf IC under them.
MIDDLE = sorted(h for h in ACTIVE if manager_of(h) and direct_reports(h))[0]
LEAF = direct_reports(MIDDLE)[0]
DEEP = next(h for h in sorted(ACTIVE) if len(chain_of(h)) >= 2)  # two levels below the VP


def leave_day(handle: str) -> str:
    """A past day on which `handle` can have left: the day after they started."""
    day = PEOPLE[handle]["started"] + timedelta(days=1)
    assert day < TODAY, f"{handle} started too recently for a past leaving date"
    return day.isoformat()


# --- helpers ------------------------------------------------------------------------------


def listed_handles(cli, *args: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["handle"] for r in as_json(cli("people", "list", *args, "--format", "json"))]


def show(cli, handle: str) -> dict:  # type: ignore[no-untyped-def]
    return as_json(cli("people", "show", handle, "--format", "json"))


# --- people list --------------------------------------------------------------------------


def _check_json(stdout: str) -> list[str]:
    rows = json.loads(stdout)
    assert isinstance(rows, list) and all(isinstance(r, dict) for r in rows)
    for row in rows:
        keys = list(row)
        assert keys[:2] == ["handle", "name"], keys
        positions = [keys.index(k) for k in ("handle", "name", "team", "manager", "level")]
        assert positions == sorted(positions), keys
        want = PEOPLE[row["handle"]]
        assert row["name"] == want["name"]
        assert row["team"] == want.get("team")
        assert row["manager"] == want.get("manager")
        assert row["level"] == want.get("level")
        assert isinstance(row["started"], str) and ISO_DATE.match(row["started"])
        assert row["started"] == want["started"].isoformat()
    return [r["handle"] for r in rows]


def _check_csv(stdout: str) -> list[str]:
    reader = csv.reader(io.StringIO(stdout))
    header = next(reader)
    assert header[:2] == ["handle", "name"]
    assert {"team", "manager", "level"} <= set(header)
    rows = [dict(zip(header, r, strict=True)) for r in reader]
    for row in rows:
        want = PEOPLE[row["handle"]]
        assert row["team"] == want.get("team")
        assert row["manager"] == (want.get("manager") or "")
        assert row["started"] == want["started"].isoformat()
    return [r["handle"] for r in rows]


def _md_cells(line: str) -> list[str]:
    assert line.startswith("|") and line.endswith("|"), line
    return [c.strip() for c in re.split(r"(?<!\\)\|", line[1:-1])]


def _check_md(stdout: str) -> list[str]:
    lines = stdout.strip("\n").splitlines()
    header = _md_cells(lines[0])
    assert header[:2] == ["handle", "name"]
    assert {"team", "manager", "level"} <= set(header)
    assert set(lines[1].replace("|", "")) <= {"-", ":", " "}, lines[1]
    rows = [dict(zip(header, _md_cells(line), strict=True)) for line in lines[2:]]
    for row in rows:
        assert row["name"] == PEOPLE[row["handle"]]["name"]
    return [r["handle"] for r in rows]


def _check_table(stdout: str) -> list[str]:
    header = next(line for line in stdout.splitlines() if "handle" in line)
    for column in ("name", "team", "manager", "level"):
        assert column in header
    found = [h for h in PEOPLE if re.search(rf"^{re.escape(h)}\s", stdout, re.MULTILINE)]
    for handle in found:
        assert PEOPLE[handle]["name"] in stdout
    return sorted(found)


CHECKS = {"json": _check_json, "csv": _check_csv, "md": _check_md, "table": _check_table}


@pytest.mark.parametrize("fmt", list(CHECKS))
def test_people_list_every_format(demo_org, fmt: str) -> None:  # type: ignore[no-untyped-def]
    result = ok(demo_org("people", "list", "--format", fmt))
    handles = CHECKS[fmt](result.stdout)
    assert handles == sorted(ACTIVE)


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["--team", "platform"], lambda p: p.get("team") == "platform"),
        (["--manager", MIDDLE], lambda p: p.get("manager") == MIDDLE),
        (["--level", "L4"], lambda p: p.get("level") == "L4"),
        (
            ["--team", "product", "--level", "L3"],
            lambda p: (p["team"], p["level"]) == ("product", "L3"),
        ),
    ],
    ids=["team", "manager", "level", "team+level"],
)
def test_people_list_filters(demo_org, args, expect) -> None:  # type: ignore[no-untyped-def]
    wanted = sorted(h for h, p in ACTIVE.items() if expect(p))
    assert wanted, "the filter should match someone in examples/org.yaml"
    assert listed_handles(demo_org, *args) == wanted


@pytest.mark.parametrize("args", [["--team", "no-such-team"], ["--manager", "nobody"]])
def test_people_list_unknown_filter_is_an_error(demo_org, args) -> None:  # type: ignore[no-untyped-def]
    assert_one_line_error(demo_org("people", "list", *args))


def test_people_list_empty_table_says_so_on_stderr(demo_org) -> None:  # type: ignore[no-untyped-def]
    result = ok(demo_org("people", "list", "--level", "L99"))
    assert result.stdout == ""
    assert "no people match" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_people_list_empty_csv_md_still_has_header(demo_org, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """Regression: an empty csv/md listing used to be a bare newline / a '|  |' table."""
    full = ok(demo_org("people", "list", "--format", fmt)).stdout.splitlines()
    empty = ok(demo_org("people", "list", "--level", "L99", "--format", fmt)).stdout.splitlines()
    header_lines = 1 if fmt == "csv" else 2
    assert empty == full[:header_lines]
    assert "handle" in empty[0]


def test_people_list_csv_cell_with_carriage_return_stays_one_row(demo_org) -> None:  # type: ignore[no-untyped-def]
    """Regression: a bare CR in a cell was written unquoted and split the row on read-back."""
    ok(demo_org("people", "add", "mallory", "--name", "Mallory", "--title", "Eng\r=SUM(A1:A9)"))
    text = ok(demo_org("people", "list", "--format", "csv")).stdout
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    assert len(rows) == len(ACTIVE) + 1
    assert all(len(r) == len(header) for r in rows)
    mallory = dict(zip(header, next(r for r in rows if r[0] == "mallory"), strict=True))
    assert mallory["title"] == "Eng\r=SUM(A1:A9)"


# --- people show --------------------------------------------------------------------------


@pytest.mark.parametrize("handle", [VP, MIDDLE, DEEP, LEAF])
def test_people_show_json_reports_and_chain(demo_org, handle: str) -> None:  # type: ignore[no-untyped-def]
    detail = show(demo_org, handle)
    want = PEOPLE[handle]
    assert detail["handle"] == handle
    assert detail["name"] == want["name"]
    assert detail["team"] == want.get("team")
    assert detail["manager"] == want.get("manager")
    assert detail["started"] == want["started"].isoformat()
    assert sorted(detail["reports"]) == direct_reports(handle)
    assert detail["reporting_chain"] == chain_of(handle)


def test_people_show_table(demo_org) -> None:  # type: ignore[no-untyped-def]
    result = ok(demo_org("people", "show", DEEP))
    want = PEOPLE[DEEP]
    assert want["name"] in result.stdout
    assert want["title"] in result.stdout
    chain_line = next(line for line in result.stdout.splitlines() if "reporting" in line)
    assert ", ".join(chain_of(DEEP)) in chain_line

    result = ok(demo_org("people", "show", MIDDLE))
    reports_line = next(line for line in result.stdout.splitlines() if re.match(r"reports\s", line))
    assert ", ".join(direct_reports(MIDDLE)) in reports_line


def test_people_show_unknown(demo_org) -> None:  # type: ignore[no-untyped-def]
    result = demo_org("people", "show", "nobody")
    assert_one_line_error(result)
    assert "nobody" in result.stderr


# --- people add ---------------------------------------------------------------------------


def test_people_add_then_list_and_audit(demo_org) -> None:  # type: ignore[no-untyped-def]
    result = demo_org(
        "people",
        "add",
        "zoe",
        "--name",
        "Zoe Park",
        "--email",
        "zoe@example.com",
        "--team",
        "platform",
        "--manager",
        MIDDLE,
        "--level",
        "L3",
        "--title",
        "Software Engineer",
        "--specialty",
        "Go",
        "--specialty",
        "kubernetes",
        "--started",
        "2026-01-05",
        as_="priya",  # a person of the org (issue 16: a write is made as a person)
    )
    ok(result)
    assert "zoe" in result.stderr and result.stdout == ""

    assert "zoe" in listed_handles(demo_org)
    assert "zoe" in listed_handles(demo_org, "--team", "platform")
    assert "zoe" in listed_handles(demo_org, "--manager", MIDDLE)
    zoe = show(demo_org, "zoe")
    assert zoe["name"] == "Zoe Park"
    assert zoe["email"] == "zoe@example.com"
    assert zoe["level"] == "L3"
    assert zoe["started"] == "2026-01-05"
    assert zoe["specialties"] == ["go", "kubernetes"]
    assert zoe["reporting_chain"] == [MIDDLE, *chain_of(MIDDLE)]
    assert "zoe" in show(demo_org, MIDDLE)["reports"]

    entries = as_json(demo_org("audit", "log", "--key", "zoe", "--format", "json"))
    assert [(e["action"], e["entity"], e["entity_key"]) for e in entries] == [
        ("create", "person", "zoe")
    ]
    assert entries[0]["actor"] == "priya"


def test_people_add_minimal_on_empty_db(cli) -> None:  # type: ignore[no-untyped-def]
    ok(cli("people", "add", "solo", "--name", "Solo Person"))
    rows = as_json(cli("people", "list", "--format", "json"))
    assert [r["handle"] for r in rows] == ["solo"]
    assert rows[0]["team"] is None and rows[0]["manager"] is None


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["zoe", "--name", "Zoe", "--team", "no-such-team"], "no-such-team"),
        (["zoe", "--name", "Zoe", "--manager", "nobody"], "nobody"),
        (["zoe", "--name", "Zoe", "--started", "2026-13-45"], "--started"),
        (["zoe", "--name", "Zoe", "--started", "next week"], "--started"),
        ([LEAF, "--name", "Someone Else"], LEAF),
        (["Zoe Park", "--name", "Zoe"], "handle"),
        (["zoe!", "--name", "Zoe"], "handle"),
        (["zoe", "--name", "Zoe", "--email", "not an email"], "email"),
        (["zoe", "--name", "   "], "name"),
    ],
    ids=[
        "unknown-team",
        "unknown-manager",
        "bad-started",
        "bad-started-words",
        "duplicate-handle",
        "handle-with-space",
        "handle-with-bang",
        "bad-email",
        "blank-name",
    ],
)
def test_people_add_rejects_bad_input(demo_org, db_path: Path, args, mentions) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = demo_org("people", "add", *args)
    assert_one_line_error(result)
    assert mentions in result.stderr
    assert file_digest(db_path) == before
    assert listed_handles(demo_org) == sorted(ACTIVE)


def test_people_add_bad_track_is_a_usage_error(demo_org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--track is a choice: the parser refuses others (exit 2), like --format."""
    before = file_digest(db_path)
    result = demo_org("people", "add", "zoe", "--name", "Zoe", "--track", "wizard")
    assert result.exit_code == 2 and result.stdout == "", result.stderr
    assert "--track: 'wizard' is not one of ic, manager" in result.stderr
    assert file_digest(db_path) == before
    assert listed_handles(demo_org) == sorted(ACTIVE)


# --- people edit --------------------------------------------------------------------------


def test_people_edit_level_changes_only_level(demo_org) -> None:  # type: ignore[no-untyped-def]
    before = show(demo_org, LEAF)
    new_level = "L9" if before["level"] != "L9" else "L8"
    result = ok(demo_org("people", "edit", LEAF, "--level", new_level))
    assert "level" in result.stderr
    after = show(demo_org, LEAF)
    assert after["level"] == new_level
    assert {k: v for k, v in after.items() if k != "level"} == {
        k: v for k, v in before.items() if k != "level"
    }
    assert LEAF in listed_handles(demo_org, "--level", new_level)


def test_people_edit_manager_moves_reporting_line(demo_org) -> None:  # type: ignore[no-untyped-def]
    new_boss = next(
        h for h in sorted(ACTIVE) if h not in (LEAF, MIDDLE) and LEAF not in chain_of(h)
    )
    ok(demo_org("people", "edit", LEAF, "--manager", new_boss))
    moved = show(demo_org, LEAF)
    assert moved["manager"] == new_boss
    assert moved["reporting_chain"] == [new_boss, *chain_of(new_boss)]
    assert LEAF in show(demo_org, new_boss)["reports"]
    assert LEAF not in show(demo_org, MIDDLE)["reports"]
    assert LEAF in listed_handles(demo_org, "--manager", new_boss)


def test_people_edit_empty_manager_clears_it(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("people", "edit", LEAF, "--manager", ""))
    cleared = show(demo_org, LEAF)
    assert cleared["manager"] is None
    assert cleared["reporting_chain"] == []
    assert LEAF not in show(demo_org, MIDDLE)["reports"]
    roots = as_json(demo_org("org", "tree", "--format", "json"))
    assert sorted(r["handle"] for r in roots) == sorted([VP, LEAF])


@pytest.mark.parametrize(
    "new_manager",
    [DEEP, direct_reports(VP)[0], VP],
    ids=["two-levels-down", "direct-report", "self"],
)
def test_people_edit_refuses_management_cycle(demo_org, db_path: Path, new_manager) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = demo_org("people", "edit", VP, "--manager", new_manager)
    assert_one_line_error(result)
    assert file_digest(db_path) == before
    vp = show(demo_org, VP)
    assert vp["manager"] is None
    assert vp["reporting_chain"] == []
    assert chain_of(DEEP) == show(demo_org, DEEP)["reporting_chain"]


def test_people_edit_without_options_is_an_error(demo_org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    assert_one_line_error(demo_org("people", "edit", LEAF))
    assert file_digest(db_path) == before


def test_people_edit_unknown_person(demo_org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = demo_org("people", "edit", "nobody", "--level", "L3")
    assert_one_line_error(result)
    assert "nobody" in result.stderr
    assert file_digest(db_path) == before


# --- people leave -------------------------------------------------------------------------


def test_people_leave_hides_from_list_but_not_from_all(demo_org) -> None:  # type: ignore[no-untyped-def]
    day = leave_day(LEAF)
    result = ok(demo_org("people", "leave", LEAF, "--on", day))
    assert day in result.stderr
    assert "warning" not in result.stderr  # a leaf has nobody to re-home

    assert LEAF not in listed_handles(demo_org)
    assert listed_handles(demo_org) == sorted(set(ACTIVE) - {LEAF})
    everyone = as_json(demo_org("people", "list", "--all", "--format", "json"))
    left = {r["handle"]: r["left"] for r in everyone}
    assert sorted(left) == sorted(PEOPLE)
    assert left[LEAF] == day
    assert all(v is None for h, v in left.items() if h != LEAF)
    assert show(demo_org, LEAF)["left"] == day
    assert LEAF not in show(demo_org, MIDDLE)["reports"]


def test_people_leave_of_a_manager_warns_about_reports(demo_org) -> None:  # type: ignore[no-untyped-def]
    reports = direct_reports(MIDDLE)
    result = ok(demo_org("people", "leave", MIDDLE, "--on", leave_day(MIDDLE)))
    warning = next(line for line in result.stderr.splitlines() if "warning" in line)
    for handle in reports:
        assert handle in warning
    assert str(len(reports)) in warning
    assert MIDDLE not in listed_handles(demo_org)


def test_people_leave_twice_is_an_error(demo_org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    day = leave_day(LEAF)
    ok(demo_org("people", "leave", LEAF, "--on", day))
    before = file_digest(db_path)
    result = demo_org("people", "leave", LEAF, "--on", "today")
    assert_one_line_error(result)
    assert file_digest(db_path) == before
    everyone = as_json(demo_org("people", "list", "--all", "--format", "json"))
    assert next(r for r in everyone if r["handle"] == LEAF)["left"] == day


@pytest.mark.parametrize(
    "on",
    [
        "not-a-date",
        (PEOPLE[LEAF]["started"] - timedelta(days=1)).isoformat(),  # before they started
    ],
    ids=["bad-date", "before-start"],
)
def test_people_leave_bad_date(demo_org, db_path: Path, on: str) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    assert_one_line_error(demo_org("people", "leave", LEAF, "--on", on))
    assert file_digest(db_path) == before
    assert LEAF in listed_handles(demo_org)


def test_future_leaver_counts_the_same_everywhere(demo_org) -> None:  # type: ignore[no-untyped-def]
    """Regression: a future --on date kept someone in `people list` but dropped them from
    team headcounts, the summary and their manager's reports."""
    future = (TODAY + timedelta(days=60)).isoformat()
    ok(demo_org("people", "leave", LEAF, "--on", future))
    team = PEOPLE[LEAF]["team"]
    listed = listed_handles(demo_org, "--team", team)
    assert LEAF in listed  # still here until their last day
    teams = {t["key"]: t for t in as_json(demo_org("teams", "list", "--format", "json"))}
    assert teams[team]["headcount"] == len(listed)
    assert LEAF in show(demo_org, MIDDLE)["reports"]
    summary = as_json(demo_org("org", "summary", "--format", "json"))
    assert summary["headcount"] == len(ACTIVE)


# --- teams list ---------------------------------------------------------------------------


def test_teams_list_json(demo_org) -> None:  # type: ignore[no-untyped-def]
    rows = as_json(demo_org("teams", "list", "--format", "json"))
    assert sorted(r["key"] for r in rows) == sorted(TEAMS)
    counts = Counter(p.get("team") for p in ACTIVE.values())
    for row in rows:
        assert list(row)[:5] == ["key", "name", "parent", "headcount", "managers"]
        team = TEAMS[row["key"]]
        assert row["name"] == team["name"]
        assert row["parent"] == team.get("parent")
        assert row["headcount"] == counts.get(row["key"], 0)
        assert sorted(row["managers"]) == sorted(
            h for h, p in ACTIVE.items() if p.get("team") == row["key"] and p["track"] == "manager"
        )
    assert sum(r["headcount"] for r in rows) == len(ACTIVE)


def test_teams_headcount_follows_changes(demo_org) -> None:  # type: ignore[no-untyped-def]
    old_team = PEOPLE[LEAF]["team"]
    new_team = next(k for k in sorted(TEAMS) if k != old_team)
    ok(demo_org("people", "edit", LEAF, "--team", new_team))
    ok(demo_org("people", "leave", DEEP, "--on", leave_day(DEEP)))
    counts = Counter(p.get("team") for h, p in ACTIVE.items() if h != DEEP)
    counts[old_team] -= 1
    counts[new_team] += 1
    rows = as_json(demo_org("teams", "list", "--format", "json"))
    assert {r["key"]: r["headcount"] for r in rows} == {k: counts.get(k, 0) for k in TEAMS}


# --- org tree -----------------------------------------------------------------------------


def test_org_tree_table_has_every_name(demo_org) -> None:  # type: ignore[no-untyped-def]
    result = ok(demo_org("org", "tree"))
    for person in ACTIVE.values():
        assert person["name"] in result.stdout


def _walk(node: dict, found: dict[str, list[str]]) -> None:
    assert node["handle"] not in found, "a person appears twice in the tree"
    found[node["handle"]] = [r["handle"] for r in node["reports"]]
    for child in node["reports"]:
        _walk(child, found)


def test_org_tree_json_is_nested(demo_org) -> None:  # type: ignore[no-untyped-def]
    roots = as_json(demo_org("org", "tree", "--format", "json"))
    assert [r["handle"] for r in roots] == [VP]
    found: dict[str, list[str]] = {}
    for root in roots:
        _walk(root, found)
    assert sorted(found) == sorted(ACTIVE)
    for handle, reports in found.items():
        assert sorted(reports) == direct_reports(handle), handle


def test_org_tree_csv_rows_with_depth(demo_org) -> None:  # type: ignore[no-untyped-def]
    result = ok(demo_org("org", "tree", "--format", "csv"))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(r["handle"] for r in rows) == sorted(ACTIVE)
    for row in rows:
        assert int(row["depth"]) == len(chain_of(row["handle"])), row
        assert row["manager"] == (manager_of(row["handle"]) or "")
        assert int(row["direct_reports"]) == len(direct_reports(row["handle"]))
        assert row["name"] == PEOPLE[row["handle"]]["name"]
    # depth-first: each row's manager was the nearest earlier row one level up
    for i, row in enumerate(rows):
        if int(row["depth"]) > 0:
            parent = next(r for r in reversed(rows[:i]) if int(r["depth"]) == int(row["depth"]) - 1)
            assert parent["handle"] == row["manager"]


def test_org_tree_root_restricts(demo_org) -> None:  # type: ignore[no-untyped-def]
    expected = subtree(MIDDLE)
    roots = as_json(demo_org("org", "tree", "--root", MIDDLE, "--format", "json"))
    assert [r["handle"] for r in roots] == [MIDDLE]
    found: dict[str, list[str]] = {}
    _walk(roots[0], found)
    assert set(found) == expected

    rows = list(
        csv.DictReader(
            io.StringIO(ok(demo_org("org", "tree", "--root", MIDDLE, "--format", "csv")).stdout)
        )
    )
    assert {r["handle"] for r in rows} == expected
    assert [r["handle"] for r in rows if r["depth"] == "0"] == [MIDDLE]

    table = ok(demo_org("org", "tree", "--root", MIDDLE)).stdout
    for handle in expected:
        assert PEOPLE[handle]["name"] in table
    for handle in set(ACTIVE) - expected:
        assert PEOPLE[handle]["name"] not in table


def test_org_tree_unknown_root(demo_org) -> None:  # type: ignore[no-untyped-def]
    assert_one_line_error(demo_org("org", "tree", "--root", "nobody"))


# --- org summary --------------------------------------------------------------------------


def test_org_summary_json(demo_org) -> None:  # type: ignore[no-untyped-def]
    summary = as_json(demo_org("org", "summary", "--format", "json"))
    assert {"headcount", "levels", "spans"} <= set(summary)
    assert summary["headcount"] == len(ACTIVE)
    assert {r["level"]: r["headcount"] for r in summary["levels"]} == dict(
        Counter(p["level"] for p in ACTIVE.values())
    )
    spans = {r["handle"]: r["direct_reports"] for r in summary["spans"]}
    assert spans[VP] == len(direct_reports(VP))
    managers = {h for h in ACTIVE if direct_reports(h)}
    assert spans == {h: len(direct_reports(h)) for h in managers}
    widest = max(spans.values())
    assert summary["spans"][0]["direct_reports"] == widest


def test_org_summary_follows_a_move_and_a_leaver(demo_org) -> None:  # type: ignore[no-untyped-def]
    reports = direct_reports(MIDDLE)
    assert len(reports) >= 2 and reports[0] == LEAF
    ok(demo_org("people", "edit", LEAF, "--manager", VP))
    ok(demo_org("people", "leave", reports[-1], "--on", leave_day(reports[-1])))
    summary = as_json(demo_org("org", "summary", "--format", "json"))
    spans = {r["handle"]: r["direct_reports"] for r in summary["spans"]}
    assert spans[VP] == len(direct_reports(VP)) + 1
    assert spans.get(MIDDLE, 0) == len(reports) - 2
    assert summary["headcount"] == len(ACTIVE) - 1
    level = PEOPLE[reports[-1]]["level"]
    levels = {r["level"]: r["headcount"] for r in summary["levels"]}
    assert levels.get(level, 0) == sum(1 for p in ACTIVE.values() if p["level"] == level) - 1


# --- audit log ----------------------------------------------------------------------------


def test_audit_log_records_update_with_changes_and_actor(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("people", "edit", LEAF, "--level", "L9", as_="priya"))
    entries = as_json(demo_org("audit", "log", "--format", "json"))
    newest = entries[0]
    assert newest["action"] == "update"
    assert newest["entity"] == "person"
    assert newest["entity_key"] == LEAF
    assert newest["actor"] == "priya"
    assert "level" in newest["changes"]
    assert "L9" in newest["changes"]
    assert PEOPLE[LEAF]["level"] in newest["changes"]
    for untouched in ("name", "manager", "team", "email"):
        assert untouched not in newest["changes"]
    assert ISO_DATE.match(newest["at"][:10])


def test_audit_log_filters(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("people", "edit", LEAF, "--title", "Principal Yak Shaver", as_="priya"))
    ok(demo_org("people", "edit", DEEP, "--level", "L9", as_="marcus"))

    teams = as_json(demo_org("audit", "log", "--entity", "team", "--format", "json"))
    assert teams and {e["entity"] for e in teams} == {"team"}
    assert sorted(e["entity_key"] for e in teams) == sorted(TEAMS)

    mine = as_json(demo_org("audit", "log", "--key", LEAF, "--format", "json"))
    assert {e["entity_key"] for e in mine} == {LEAF}
    assert [e["action"] for e in mine] == ["update", "create"]
    assert "title" in mine[0]["changes"]

    by_marcus = as_json(demo_org("audit", "log", "--actor", "marcus", "--format", "json"))
    assert [(e["entity_key"], e["action"]) for e in by_marcus] == [(DEEP, "update")]

    limited = as_json(demo_org("audit", "log", "--limit", "1", "--format", "json"))
    assert len(limited) == 1 and limited[0]["entity_key"] == DEEP


def test_audit_log_no_entry_for_a_no_op_edit(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("people", "edit", LEAF, "--level", PEOPLE[LEAF]["level"]))
    entries = as_json(demo_org("audit", "log", "--key", LEAF, "--format", "json"))
    assert [e["action"] for e in entries] == ["create"]
