"""`eng-ops ladder`, `evidence`, `readiness` and `lead`: the competency ladder, evidence against
it, readiness for a level and lead roles, through the real CLI on a real SQLite file.

Expected values come from examples/org.yaml, examples/ladder.yaml, the documented rules
(required = the expectation at the target level or the highest below it; demonstrated = the
highest level with `readiness.min_evidence` (2) pieces of evidence at or above it within
`readiness.window_days` (365); no evidence counts from just below the competency's first
expectation; ready / stretch / not-ready) and the evidence and dates recorded here, never from
the code.
"""

from __future__ import annotations

import copy
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from tests.conftest import (
    EXAMPLES,
    TODAY,
    as_json,
    assert_one_line_error,
    file_digest,
    isolated_env,
    ok,
    run_cli,
)

LADDER_FILE = EXAMPLES / "ladder.yaml"
LADDER = yaml.safe_load(LADDER_FILE.read_text(encoding="utf-8"))
LEVELS: list[str] = [str(lv) for lv in LADDER["levels"]]
COMPS = {c["key"]: c for c in LADDER["competencies"]}
KEYS = list(COMPS)
ORG = yaml.safe_load((EXAMPLES / "org.yaml").read_text(encoding="utf-8"))
PEOPLE = {p["handle"]: p for p in ORG["people"]}
TEAMS = [t["key"] for t in ORG["teams"]]
EVIDENCE_KEYS = ["id", "handle", "competency", "level", "on", "source", "note", "recorded_by"]
# `evidence list` rows also carry their retraction (issue 14), null for a piece that counts.
# interview_id: the interview a piece was derived from (issue 15: it is seen as that loop is)
LISTED_KEYS = [*EVIDENCE_KEYS, "retracted_on", "retracted_by", "retract_reason", "interview_id"]
NOT_RETRACTED = {
    "retracted_on": None,
    "retracted_by": None,
    "retract_reason": None,
    "interview_id": None,  # logged by hand, not derived from an interview
}
ROW_KEYS = ["competency", "required", "demonstrated", "gap"]
ROLE_KEYS = ["id", "handle", "team", "project", "start", "end", "goal", "direction"]

assert len(LEVELS) >= 4 and len(KEYS) >= 4, "examples/ladder.yaml is expected to be a real ladder"
assert {"ben", "wei", "grace", "nadia", "arjun", "marcus", "hana", "rachel", "priya"} <= set(PEOPLE)
assert "platform" in TEAMS


def days_ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


def idx(level: str) -> int:
    return LEVELS.index(level)


def required_for(target: str) -> dict[str, str]:
    """Each competency's expectation at the target, or the highest one below it."""
    out = {}
    for key, comp in COMPS.items():
        defined = [lv for lv in LEVELS[: idx(target) + 1] if lv in comp["expectations"]]
        if defined:
            out[key] = defined[-1]
    return out


def demonstrated_from(
    items: list[tuple[str, int]], *, minimum: int, window: int, floor: str | None = None
) -> str | None:
    """items: (level, age in days); the highest level with `minimum` recent pieces at or above.
    `floor`: the person's level on the ladder, which counts as `minimum` pieces (issue 14)."""
    recent = [lv for lv, age in items if age <= window] + ([floor] * minimum if floor else [])
    best = None
    for level in LEVELS:
        if sum(1 for lv in recent if idx(lv) >= idx(level)) >= minimum:
            best = level
    return best


def gap_of(key: str, required: str, demonstrated: str | None) -> int:
    first = min(idx(lv) for lv in COMPS[key]["expectations"])
    have = max(idx(demonstrated) if demonstrated else -1, first - 1)
    return max(idx(required) - have, 0)


def overall_of(gaps: list[int]) -> str:
    if all(g == 0 for g in gaps):
        return "ready"
    if [g for g in gaps if g] == [1]:
        return "stretch"
    return "not-ready"


def write_yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def import_counts(result) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    found = re.search(r"(\d+) created, (\d+) updated, (\d+) removed", ok(result).stderr)
    assert found, result.stderr
    return int(found[1]), int(found[2]), int(found[3])


def show(cli, *args: str) -> dict:  # type: ignore[no-untyped-def]
    return as_json(cli("ladder", "show", *args, "--format", "json"))


def add(cli, handle: str, comp: str, level: str, age: int, *extra: str, as_: str = "marcus"):  # type: ignore[no-untyped-def]
    return as_json(
        cli(
            "evidence",
            "add",
            handle,
            comp,
            "--level",
            level,
            "--on",
            days_ago(age),
            *extra,
            "--format",
            "json",
            as_=as_,
        )
    )


def readiness(cli, handle: str, level: str) -> dict:  # type: ignore[no-untyped-def]
    return as_json(cli("readiness", handle, "--level", level, "--format", "json"))


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """examples/org.yaml imported once per module, without and with examples/ladder.yaml."""
    base = tmp_path_factory.mktemp("ladder-templates")
    org, laddered = base / "org.db", base / "laddered.db"
    with isolated_env(base):
        ok(run_cli("--db", str(org), "org", "import", str(EXAMPLES / "org.yaml")))
        shutil.copyfile(org, laddered)
        ok(run_cli("--db", str(laddered), "ladder", "import", str(LADDER_FILE)))
    assert not Path(f"{org}-wal").exists() and not Path(f"{laddered}-wal").exists()
    return {"org": org, "laddered": laddered}


@pytest.fixture
def org(cli, db_path: Path, templates: dict[str, Path]):  # type: ignore[no-untyped-def]
    """The same state as `demo_org` (examples/org.yaml imported), copied from the template."""
    shutil.copyfile(templates["org"], db_path)
    return cli


@pytest.fixture
def laddered(cli, db_path: Path, templates: dict[str, Path]):  # type: ignore[no-untyped-def]
    """`demo_org` plus examples/ladder.yaml imported, copied from the module's template."""
    shutil.copyfile(templates["laddered"], db_path)
    return cli


# --- ladder import / show -----------------------------------------------------------------


def test_import_then_show_matches_the_yaml(demo_org) -> None:  # type: ignore[no-untyped-def]
    first = demo_org("ladder", "import", str(LADDER_FILE))
    assert import_counts(first) == (len(KEYS), 0, 0)
    assert f"{len(LEVELS)} levels" in first.stderr and first.stdout == ""

    ladder = show(demo_org)
    assert ladder["levels"] == LEVELS
    assert [c["key"] for c in ladder["competencies"]] == KEYS
    for comp in ladder["competencies"]:
        spec = COMPS[comp["key"]]
        assert comp["name"] == spec["name"]
        assert comp["description"] == spec["description"]
        assert comp["expectations"] == spec["expectations"]
        assert list(comp["expectations"]) == [lv for lv in LEVELS if lv in spec["expectations"]]

    key = KEYS[2]
    one = show(demo_org, key)
    assert one["levels"] == LEVELS
    assert [c["key"] for c in one["competencies"]] == [key]
    assert one["competencies"][0]["expectations"] == COMPS[key]["expectations"]

    table = ok(demo_org("ladder", "show", key)).stdout
    assert key in table and all(lv in table for lv in COMPS[key]["expectations"])

    again = demo_org("ladder", "import", str(LADDER_FILE))
    assert import_counts(again) == (0, 0, 0)
    assert show(demo_org) == ladder


def test_show_unknown_competency_and_no_ladder(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    empty = org("ladder", "show")
    assert_one_line_error(empty)
    assert "ladder import" in empty.stderr
    assert file_digest(db_path) == before

    ok(org("ladder", "import", str(LADDER_FILE)))
    typo = KEYS[0][:-1]
    result = org("ladder", "show", typo)
    assert_one_line_error(result)
    assert f"did you mean '{KEYS[0]}'" in result.stderr
    assert typo in result.stderr


def test_reimport_counts_updates_and_removals(laddered, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    edited = copy.deepcopy(LADDER)
    target = edited["competencies"][1]
    level = next(iter(target["expectations"]))
    target["expectations"][level] = "Ships a rewritten expectation."
    path = write_yaml(tmp_path / "edited.yaml", edited)
    assert import_counts(laddered("ladder", "import", str(path))) == (0, 1, 0)
    shown = {c["key"]: c for c in show(laddered)["competencies"]}
    assert shown[target["key"]]["expectations"][level] == "Ships a rewritten expectation."
    assert import_counts(laddered("ladder", "import", str(path))) == (0, 0, 0)

    # A competency left out of the file goes, unless someone has evidence against it.
    gone, kept = KEYS[-1], KEYS[-2]
    fewer = copy.deepcopy(edited)
    fewer["competencies"] = [c for c in fewer["competencies"] if c["key"] != gone]
    path = write_yaml(tmp_path / "fewer.yaml", fewer)
    assert import_counts(laddered("ladder", "import", str(path))) == (0, 0, 1)
    assert [c["key"] for c in show(laddered)["competencies"]] == [k for k in KEYS if k != gone]
    assert_one_line_error(laddered("ladder", "show", gone))

    add(laddered, "ben", kept, next(iter(COMPS[kept]["expectations"])), 5)
    fewest = copy.deepcopy(fewer)
    fewest["competencies"] = [c for c in fewest["competencies"] if c["key"] != kept]
    fewest["competencies"][0]["name"] = "Renamed in the same file"
    path = write_yaml(tmp_path / "fewest.yaml", fewest)
    before = file_digest(db_path)
    shown_before = show(laddered)
    result = laddered("ladder", "import", str(path))
    assert_one_line_error(result)
    assert kept in result.stderr and "evidence" in result.stderr
    assert file_digest(db_path) == before
    assert show(laddered) == shown_before  # the rename in the same file was not written either


def test_reimport_refuses_to_drop_a_level_used_by_evidence(
    laddered, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    top = LEVELS[-1]
    add(laddered, "wei", KEYS[0], top, 3)
    fewer = copy.deepcopy(LADDER)
    fewer["levels"] = LEVELS[:-1]
    for comp in fewer["competencies"]:
        comp["expectations"].pop(top, None)
    path = write_yaml(tmp_path / "fewer-levels.yaml", fewer)
    before = file_digest(db_path)
    result = laddered("ladder", "import", str(path))
    assert_one_line_error(result)
    assert top in result.stderr
    assert file_digest(db_path) == before
    assert show(laddered)["levels"] == LEVELS


MALFORMED = {
    "unknown-level": (
        "levels: [L1, L2, L3]\n"
        "competencies:\n"
        "  - key: design\n"
        "    expectations:\n"
        "      L2: Designs things\n"
        "      L7: Designs everything\n",
        6,
        "L7",
    ),
    "duplicate-yaml-key": (
        "levels: [L1, L2]\n"
        "competencies:\n"
        "  - key: design\n"
        "    expectations:\n"
        "      L1: Designs things\n"
        "      L1: Designs things again\n",
        6,
        "duplicate",
    ),
    "duplicate-competency": (
        "levels: [L1, L2]\n"
        "competencies:\n"
        "  - key: design\n"
        "    expectations: {L1: Designs things}\n"
        "  - key: design\n"
        "    expectations: {L2: Designs more}\n",
        5,
        "duplicate",
    ),
    "unknown-field": (
        "levels: [L1, L2]\n"
        "competencies:\n"
        "  - key: design\n"
        "    colour: blue\n"
        "    expectations: {L1: Designs things}\n",
        4,
        "colour",
    ),
    "unknown-top-field": (
        "levels: [L1, L2]\n"
        "tracks: [ic]\n"
        "competencies:\n"
        "  - key: design\n"
        "    expectations: {L1: Designs things}\n",
        2,
        "tracks",
    ),
    "levels-not-a-list": (
        "description: A ladder\n"
        "levels: L1\n"
        "competencies:\n"
        "  - key: design\n"
        "    expectations: {L1: Designs things}\n",
        2,
        "levels",
    ),
    "bad-yaml": (
        "description: A ladder\n"
        "levels: [L1, L2]\n"
        "competencies:\n"
        "  - key: design\n"
        '    expectations: {L1: "Designs things"\n'
        "  - key: other\n",
        6,
        "YAML",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_ladder_file_names_file_and_line(
    laddered, db_path: Path, tmp_path: Path, case: str
) -> None:  # type: ignore[no-untyped-def]
    text, line, mention = MALFORMED[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    before = file_digest(db_path)
    result = laddered("ladder", "import", str(path))
    assert_one_line_error(result)
    assert f"{path}:{line}:" in result.stderr
    assert mention in result.stderr
    assert file_digest(db_path) == before
    assert show(laddered)["levels"] == LEVELS


def test_empty_expectation_is_refused(laddered, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.yaml"
    path.write_text(
        "levels: [L1, L2, L3]\n"
        "competencies:\n"
        "  - key: design\n"
        "    expectations:\n"
        "      L2: Designs things\n"
        "      L3:\n",
        encoding="utf-8",
    )
    before = file_digest(db_path)
    result = laddered("ladder", "import", str(path))
    assert_one_line_error(result)
    assert f"{path}:6:" in result.stderr
    assert file_digest(db_path) == before


def test_numeric_levels_keep_their_expectations(laddered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "numeric.yaml"
    path.write_text(
        "levels: [1, 2, 3]\n"
        "competencies:\n"
        "  - key: design\n"
        "    expectations:\n"
        "      2: Designs things\n"
        "      3: Designs systems\n",
        encoding="utf-8",
    )
    result = laddered("ladder", "import", str(path))
    if result.exit_code == 0:
        (comp,) = show(laddered)["competencies"]
        assert comp["expectations"] == {"2": "Designs things", "3": "Designs systems"}
    else:
        assert_one_line_error(result)


def test_description_edit_counts_as_an_update(laddered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    edited = copy.deepcopy(LADDER)
    edited["competencies"][0]["description"] = "A new description."
    path = write_yaml(tmp_path / "described.yaml", edited)
    counts = import_counts(laddered("ladder", "import", str(path)))
    assert show(laddered, KEYS[0])["competencies"][0]["description"] == "A new description."
    assert counts == (0, 1, 0)


# --- evidence add / list ------------------------------------------------------------------


def test_evidence_add_returns_the_record_and_list_is_newest_first(laddered) -> None:  # type: ignore[no-untyped-def]
    a, b = KEYS[0], KEYS[1]
    lv = LEVELS[3]
    first = add(laddered, "ben", a, lv, 40, "--source", "review", "--note", "Led the design review")
    assert list(first) == EVIDENCE_KEYS
    assert isinstance(first["id"], int)
    assert {k: v for k, v in first.items() if k != "id"} == {
        "handle": "ben",
        "competency": a,
        "level": lv,
        "on": days_ago(40),
        "source": "review",
        "note": "Led the design review",
        "recorded_by": "marcus",
    }
    second = add(laddered, "ben", b, LEVELS[2], 5, "--source", "rotation", as_="priya")
    assert (second["recorded_by"], second["source"], second["note"]) == ("priya", "rotation", None)
    third = add(laddered, "ben", a, LEVELS[4], 90, "--source", "interview", "--note", "Panel")
    same_day = add(laddered, "ben", a, LEVELS[2], 40)  # same day as `first`, recorded later
    assert same_day["source"] == "manual"
    today = as_json(
        laddered("evidence", "add", "ben", b, "--level", LEVELS[1], "--format", "json", as_="wei")
    )
    assert today["on"] == TODAY.isoformat()
    add(laddered, "grace", a, lv, 1)  # someone else's

    rows = as_json(laddered("evidence", "list", "ben", "--format", "json"))
    assert all(list(r) == LISTED_KEYS for r in rows)
    assert [r["id"] for r in rows] == [
        today["id"],
        second["id"],
        same_day["id"],
        first["id"],
        third["id"],
    ]
    assert rows[3] == {**first, **NOT_RETRACTED}
    only_a = as_json(laddered("evidence", "list", "ben", "--competency", a, "--format", "json"))
    assert [r["id"] for r in only_a] == [same_day["id"], first["id"], third["id"]]
    assert as_json(laddered("evidence", "list", "noah", "--format", "json")) == []
    assert "no evidence" in ok(laddered("evidence", "list", "noah")).stderr

    table = ok(laddered("evidence", "list", "ben")).stdout
    assert "Led the design review" in table and days_ago(90) in table


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["bne", KEYS[0], "--level", LEVELS[2]], ["bne", "did you mean 'ben'"]),
        (["ben", "architecure", "--level", LEVELS[2]], ["architecure", "did you mean"]),
        (["ben", "no-such-thing", "--level", LEVELS[2]], ["no-such-thing"]),
        (["ben", KEYS[0], "--level", "L99"], ["L99"]),
        (["ben", KEYS[0], "--level", LEVELS[2], "--on", "tomorrow"], ["future"]),
        (
            ["ben", KEYS[0], "--level", LEVELS[2], "--on", (TODAY + timedelta(30)).isoformat()],
            ["future"],
        ),
        (["ben", KEYS[0], "--level", LEVELS[2], "--on", "2025-02-30"], ["2025-02-30"]),
        (["ben", KEYS[0], "--level", LEVELS[2], "--on", "last week"], ["last week"]),
    ],
    ids=[
        "person",
        "competency-typo",
        "competency",
        "level",
        "tomorrow",
        "future",
        "bad-date",
        "not-a-date",
    ],
)
def test_evidence_add_bad_input(
    laddered, db_path: Path, args: list[str], mentions: list[str]
) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = laddered("evidence", "add", *args, "--format", "json")
    assert_one_line_error(result)
    for text in mentions:
        assert text in result.stderr
    assert file_digest(db_path) == before


def test_evidence_add_bad_source_is_a_usage_error(laddered, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--source is a choice: the parser refuses others (exit 2), like --format."""
    before = file_digest(db_path)
    result = laddered("evidence", "add", "ben", KEYS[0], "--level", LEVELS[2], "--source", "gossip")
    assert result.exit_code == 2 and result.stdout == "", result.stderr
    assert "--source: 'gossip' is not one of manual, review, rotation, interview" in result.stderr
    assert file_digest(db_path) == before


def test_evidence_list_unknown_person_or_competency(laddered) -> None:  # type: ignore[no-untyped-def]
    result = laddered("evidence", "list", "bne")
    assert_one_line_error(result)
    assert "did you mean 'ben'" in result.stderr
    result = laddered("evidence", "list", "ben", "--competency", "nope")
    assert_one_line_error(result)
    assert "nope" in result.stderr


# --- readiness ----------------------------------------------------------------------------

# (competency, level, age in days) per person; ages keep clear of the window edges. Readiness
# starts from a person's level (issue 14), so these go to hana (L4 in examples/org.yaml): the
# evidence, not her level, decides every competency above L4.
WEI = [
    (KEYS[0], LEVELS[4], 100),
    (KEYS[0], LEVELS[5], 200),
    (KEYS[1], LEVELS[4], 30),
    (KEYS[1], LEVELS[4], 500),  # outside 12 months: does not count by default
    (KEYS[1], LEVELS[3], 60),
    (KEYS[2], LEVELS[5], 10),
    (KEYS[2], LEVELS[5], 20),
    (KEYS[3], LEVELS[4], 45),
    (KEYS[3], LEVELS[4], 46),
    (KEYS[4], LEVELS[4], 70),
    (KEYS[4], LEVELS[5], 80),
    (KEYS[5], LEVELS[4], 1),
    (KEYS[5], LEVELS[4], 2),
    (KEYS[5], LEVELS[4], 3),
    (KEYS[5], LEVELS[2], 900),  # outside even 24 months
]


def level_of(handle: str) -> str | None:
    """The person's level if the ladder has it (their level floor), else None."""
    level = PEOPLE[handle].get("level")
    return level if level in LEVELS else None


def expected_readiness(
    evidence: list[tuple[str, str, int]],
    target: str,
    *,
    minimum: int = 2,
    window: int = 365,
    floor: str | None = None,
) -> dict:
    rows = {}
    for key, required in required_for(target).items():
        items = [(lv, age) for comp, lv, age in evidence if comp == key]
        shown = demonstrated_from(items, minimum=minimum, window=window, floor=floor)
        rows[key] = {
            "competency": key,
            "required": required,
            "demonstrated": shown,
            "gap": gap_of(key, required, shown),
        }
    return {"overall": overall_of([r["gap"] for r in rows.values()]), "rows": rows}


def check_readiness(
    got: dict,
    evidence: list[tuple[str, str, int]],
    target: str,
    notes: dict,
    *,
    minimum: int = 2,
    window: int = 365,
) -> dict:
    floor = level_of(got["handle"])
    want = expected_readiness(evidence, target, minimum=minimum, window=window, floor=floor)
    assert got["overall"] == want["overall"], got
    assert [r["competency"] for r in got["competencies"]] == list(want["rows"])
    for row in got["competencies"]:
        assert {k: row[k] for k in ROW_KEYS} == want["rows"][row["competency"]], row
        listed = sorted((e["on"], e["level"], e["note"]) for e in row["evidence"])
        recent = sorted(
            [
                (days_ago(age), lv, notes[(comp, lv, age)])
                for comp, lv, age in evidence
                if comp == row["competency"] and age <= window
            ]
            + ([(TODAY.isoformat(), floor, f"their level is {floor}")] if floor else [])
        )
        assert listed == recent, row["competency"]
    return want


def record_all(cli, handle: str, evidence: list[tuple[str, str, int]]) -> dict:  # type: ignore[no-untyped-def]
    notes = {}
    for n, (comp, lv, age) in enumerate(evidence):
        note = f"{handle} evidence {n}"
        add(cli, handle, comp, lv, age, "--note", note)
        notes[(comp, lv, age)] = note
    return notes


def test_readiness_stretch_then_ready(laddered) -> None:  # type: ignore[no-untyped-def]
    target = LEVELS[4]
    assert set(required_for(target)) == set(KEYS)
    notes = record_all(laddered, "hana", WEI)
    got = readiness(laddered, "hana", target)
    want = check_readiness(got, WEI, target, notes)
    assert want["overall"] == "stretch"  # only KEYS[1] is one short: its L5 piece is too old
    assert [k for k, r in want["rows"].items() if r["gap"]] == [KEYS[1]]
    assert want["rows"][KEYS[2]]["demonstrated"] == LEVELS[5]  # above the target still counts

    more = [*WEI, (KEYS[1], LEVELS[5], 7)]
    notes[(KEYS[1], LEVELS[5], 7)] = "the last piece"
    add(laddered, "hana", KEYS[1], LEVELS[5], 7, "--note", "the last piece")
    want = check_readiness(readiness(laddered, "hana", target), more, target, notes)
    assert want["overall"] == "ready"

    table = ok(laddered("readiness", "hana", "--level", target))
    assert "ready" in table.stdout and KEYS[1] in table.stdout


def test_readiness_settings_window_and_minimum(laddered) -> None:  # type: ignore[no-untyped-def]
    target = LEVELS[5]
    notes = record_all(laddered, "hana", WEI)
    default = check_readiness(readiness(laddered, "hana", target), WEI, target, notes)
    assert default["rows"][KEYS[1]]["demonstrated"] == LEVELS[3]
    assert default["rows"][KEYS[0]]["demonstrated"] == LEVELS[4]

    # 730 days: KEYS[1]'s 500-day-old piece counts (and is listed); the 900-day one does not.
    ok(laddered("settings", "set", "readiness.window_days", "730"))
    longer = check_readiness(readiness(laddered, "hana", target), WEI, target, notes, window=730)
    assert longer["rows"][KEYS[1]]["demonstrated"] == LEVELS[4]

    # One piece is enough: KEYS[0]'s single top-level piece now shows the top level.
    ok(laddered("settings", "unset", "readiness.window_days"))
    ok(laddered("settings", "set", "readiness.min_evidence", "1"))
    fewer = check_readiness(readiness(laddered, "hana", target), WEI, target, notes, minimum=1)
    assert fewer["rows"][KEYS[0]]["demonstrated"] == LEVELS[5]
    assert fewer["rows"][KEYS[1]]["demonstrated"] == LEVELS[4]  # its recent L5 piece alone

    ok(laddered("settings", "set", "readiness.window_days", "730"))
    got = readiness(laddered, "hana", target)
    check_readiness(got, WEI, target, notes, minimum=1, window=730)
    # 3 logged pieces in 730 days + hana's level (L4) = 4 listed
    assert len(next(r for r in got["competencies"] if r["competency"] == KEYS[1])["evidence"]) == 4

    ok(laddered("settings", "unset", "readiness.window_days"))
    ok(laddered("settings", "set", "readiness.min_evidence", "3"))
    strict = check_readiness(readiness(laddered, "hana", target), WEI, target, notes, minimum=3)
    assert strict["rows"][KEYS[5]]["demonstrated"] == LEVELS[4]
    # 2 logged pieces are not 3: her level (L4) counts as 3 on its own
    assert strict["rows"][KEYS[0]]["demonstrated"] == LEVELS[3]


def test_readiness_not_ready_and_lower_targets(laddered) -> None:  # type: ignore[no-untyped-def]
    target = LEVELS[4]
    # Two competencies one level short each: not-ready (stretch allows only one). rachel is
    # L4, so her L4 pieces add nothing to her level; the L5 ones lift the other four.
    two_short = [
        (k, target if i >= 2 else LEVELS[3], a) for i, k in enumerate(KEYS) for a in (5, 9)
    ]
    notes = record_all(laddered, "rachel", two_short)
    want = check_readiness(readiness(laddered, "rachel", target), two_short, target, notes)
    assert want["overall"] == "not-ready"

    # One competency two levels short: not-ready. ben is L3: L3 shown, L5 required.
    one_far = [(k, target if i else LEVELS[2], a) for i, k in enumerate(KEYS) for a in (5, 9)]
    notes = record_all(laddered, "ben", one_far)
    want = check_readiness(readiness(laddered, "ben", target), one_far, target, notes)
    assert want["overall"] == "not-ready" and want["rows"][KEYS[0]]["gap"] == 2

    # No evidence at all, at L3 (grace): every competency shows L3, her level; ready up to L3.
    for level in LEVELS:
        got = readiness(laddered, "grace", level)
        check_readiness(got, [], level, {})
        assert all(r["demonstrated"] == LEVELS[2] for r in got["competencies"])
        assert got["overall"] == ("ready" if idx(level) <= 2 else "not-ready"), level
    # No evidence and a level the ladder leaves out (priya, L7): gaps count from just below
    # each competency's first expectation.
    assert PEOPLE["priya"]["level"] not in LEVELS
    for level in LEVELS:
        got = readiness(laddered, "priya", level)
        check_readiness(got, [], level, {})
        assert all(r["demonstrated"] is None for r in got["competencies"])

    # A single piece of evidence is not enough with the default minimum of two.
    one = [(KEYS[0], LEVELS[5], 3)]
    notes = record_all(laddered, "priya", one)
    got = readiness(laddered, "priya", LEVELS[3])
    check_readiness(got, one, LEVELS[3], notes)
    assert got["competencies"][0]["demonstrated"] is None


def test_readiness_bad_input(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = org("readiness", "wei", "--level", LEVELS[4])
    assert_one_line_error(result)
    assert "ladder import" in result.stderr

    ok(org("ladder", "import", str(LADDER_FILE)))
    before = file_digest(db_path)
    result = org("readiness", "wei", "--level", "L42")
    assert_one_line_error(result)
    assert "L42" in result.stderr and LEVELS[0] in result.stderr
    result = org("readiness", "wie", "--level", LEVELS[4])
    assert_one_line_error(result)
    assert "did you mean 'wei'" in result.stderr
    assert file_digest(db_path) == before


# --- lead roles ---------------------------------------------------------------------------


def assign(cli, handle: str, *args: str) -> dict:  # type: ignore[no-untyped-def]
    return as_json(cli("lead", "assign", handle, *args, "--format", "json"))


def roles(cli, *args: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return as_json(cli("lead", "roles", *args, "--format", "json"))


def test_assign_team_and_project(org) -> None:  # type: ignore[no-untyped-def]
    start, end = days_ago(30), (TODAY + timedelta(days=60)).isoformat()
    team = assign(org, "wei", "--team", "platform", "--from", start, "--to", end)
    assert list(team)[: len(ROLE_KEYS)] == ROLE_KEYS
    assert isinstance(team["id"], int)
    assert {k: team[k] for k in ROLE_KEYS[1:]} == {
        "handle": "wei",
        "team": "platform",
        "project": None,
        "start": start,
        "end": end,
        "goal": None,
        "direction": None,
    }
    project = assign(org, "arjun", "--project", "Checkout revamp", "--from", days_ago(5))
    assert (project["team"], project["project"], project["end"]) == (None, "Checkout revamp", None)
    assert project["id"] != team["id"]
    today = assign(org, "nadia", "--team", "data")
    assert today["start"] == TODAY.isoformat()

    listed = {r["id"]: r for r in roles(org)}
    assert sorted(listed) == sorted([team["id"], project["id"], today["id"]])
    assert listed[team["id"]]["days_left"] == 60
    assert listed[project["id"]]["days_left"] is None
    assert {k: listed[team["id"]][k] for k in ROLE_KEYS} == team


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["wei", "--team", "platform", "--project", "X"], ["--team", "--project"]),
        (["wei"], ["--team", "--project"]),
        (["wei", "--team", "platform", "--from", days_ago(1), "--to", days_ago(2)], ["--to"]),
        (["wei", "--team", "platfrom"], ["platfrom"]),
        (["wie", "--team", "platform"], ["wie", "did you mean 'wei'"]),
        (["wei", "--team", "platform", "--from", "2026-02-30"], ["2026-02-30"]),
    ],
    ids=["both", "neither", "to-before-from", "team", "person", "bad-date"],
)
def test_assign_bad_input(org, db_path: Path, args: list[str], mentions: list[str]) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = org("lead", "assign", *args)
    if "--team" in args and "--project" in args:  # a contradictory pair: a usage error
        assert result.exit_code == 2, result.stderr
    else:
        assert_one_line_error(result)
    for text in mentions:
        assert text in result.stderr
    assert file_digest(db_path) == before


def test_overlapping_roles_need_allow_overlap(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = assign(org, "wei", "--team", "platform", "--from", days_ago(100), "--to", days_ago(10))
    cases = [
        ("--from", days_ago(10)),  # starts on the last day
        ("--from", days_ago(200)),  # open-ended from before
        ("--from", days_ago(150), "--to", days_ago(100)),  # ends on the first day
        ("--from", days_ago(50), "--to", days_ago(40)),  # inside
    ]
    before = file_digest(db_path)
    for extra in cases:
        result = org("lead", "assign", "wei", "--project", "Tracing", *extra)
        assert_one_line_error(result)
        assert "platform" in result.stderr and "--allow-overlap" in result.stderr
        assert file_digest(db_path) == before
    # Someone else may lead at the same time, and adjacent terms do not overlap.
    assign(org, "fatima", "--project", "Tracing", "--from", days_ago(50))
    after = assign(org, "wei", "--project", "Tracing", "--from", days_ago(9))
    earlier = assign(
        org, "wei", "--project", "Intro", "--from", days_ago(300), "--to", days_ago(101)
    )
    both = assign(org, "wei", "--project", "Side", "--from", days_ago(20), "--allow-overlap")
    ids = {r["id"] for r in roles(org, "--all") if r["handle"] == "wei"}
    assert ids == {first["id"], after["id"], earlier["id"], both["id"]}


def test_roles_today_all_and_end(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    past = assign(org, "wei", "--team", "platform", "--from", days_ago(90), "--to", days_ago(1))
    current = assign(org, "wei", "--project", "Mesh", "--from", TODAY.isoformat())
    ending = assign(org, "nadia", "--team", "data", "--from", days_ago(3), "--to", days_ago(0))
    future = assign(
        org, "arjun", "--project", "Next", "--from", (TODAY + timedelta(days=5)).isoformat()
    )
    other = assign(org, "diego", "--team", "mobile", "--from", days_ago(400))

    active = roles(org)
    assert [r["id"] for r in active] == [other["id"], ending["id"], current["id"]]
    by_id = {r["id"]: r for r in active}
    assert by_id[ending["id"]]["days_left"] == 0
    assert by_id[current["id"]]["days_left"] is None
    everything = {r["id"]: r for r in roles(org, "--all")}
    assert set(everything) == {past["id"], current["id"], ending["id"], future["id"], other["id"]}
    assert everything[past["id"]]["end"] == days_ago(1)

    # Ending on yesterday: gone today. Ending today: still listed, with no days left.
    result = ok(org("lead", "end", str(other["id"]), "--on", days_ago(1)))
    assert days_ago(1) in result.stderr and "diego" in result.stderr
    ok(org("lead", "end", str(current["id"])))
    active = {r["id"]: r for r in roles(org)}
    assert set(active) == {ending["id"], current["id"]}
    assert (active[current["id"]]["end"], active[current["id"]]["days_left"]) == (
        TODAY.isoformat(),
        0,
    )
    assert {r["id"]: r["end"] for r in roles(org, "--all")}[other["id"]] == days_ago(1)
    table = ok(org("lead", "roles")).stdout
    assert "nadia" in table and "diego" not in table

    before = file_digest(db_path)
    for args in (["999", "--on", days_ago(1)], [str(future["id"]), "--on", days_ago(0)]):
        result = org("lead", "end", *args)
        assert_one_line_error(result)
        assert file_digest(db_path) == before
    assert "999" in org("lead", "end", "999").stderr


def test_end_cannot_extend_a_role_into_an_overlap(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = assign(org, "wei", "--team", "platform", "--from", days_ago(100), "--to", days_ago(50))
    assign(org, "wei", "--project", "Mesh", "--from", days_ago(40))
    before = file_digest(db_path)
    result = org("lead", "end", str(old["id"]), "--on", days_ago(10))
    assert_one_line_error(result)
    assert file_digest(db_path) == before


def test_blank_project_is_refused(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = org("lead", "assign", "wei", "--project", "   ")
    assert_one_line_error(result)
    assert file_digest(db_path) == before
