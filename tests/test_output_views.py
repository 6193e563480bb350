"""Issue 10: every listing of the demo at 80 columns keeps its values whole; views are sections."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from eng_ops.output import cell_text
from tests.conftest import EXAMPLES, assert_one_line_error, file_digest, isolated_env, ok, run_cli

# Every read-only listing of the demo, with arguments the demo can answer.
LISTINGS: list[tuple[str, ...]] = [
    # fatima (L4) for L5: her table shows every level her evidence has (issue 14: wei's L5
    # now covers his L4 piece, and 'current level' cells read as a `level` header here)
    ("readiness", "fatima", "--level", "L5"),
    ("org", "tree"),
    ("org", "summary"),
    ("people", "list"),
    ("people", "list", "--all"),
    ("people", "show", "ben"),
    ("teams", "list"),
    ("1on1", "pairs"),
    ("1on1", "actions"),
    ("1on1", "due"),
    ("1on1", "coverage"),
    ("1on1", "load"),
    ("1on1", "suggest"),
    ("1on1", "history", "ben"),
    ("1on1", "adherence"),
    ("1on1", "adherence", "--by", "kind"),
    ("1on1", "adherence", "--by", "leader"),
    ("1on1", "capacity", "wei"),
    ("1on1", "sync", "--kinds", "manager,skip", "--dry-run"),
    ("1on1", "import-calendar", str(EXAMPLES / "calendar.ics"), "--dry-run"),
    ("people", "leave", "marcus", "--dry-run"),
    ("interview", "panel", "1"),
    ("interview", "calibrate", "--role", "backend-engineer"),
    ("interview", "reliability", "--metric", "alpha", "--role", "backend-engineer"),
    ("interview", "reliability", "--metric", "icc", "--role", "backend-engineer"),
    ("interview", "rubric", "list"),
    ("interview", "rubric", "show", "backend-engineer"),
    ("interview", "rubric", "show", "mobile-engineer"),
    ("interview", "candidate", "list", "--all"),
    ("interviewers", "list"),
    ("interviewers", "concentration"),
    ("ladder", "show"),
    ("evidence", "list", "wei"),
    ("lead", "pipeline"),
    ("lead", "openness"),
    ("lead", "role", "list", "--all"),
    ("lead", "opening", "list", "--all"),
    ("lead", "opening", "show", "1"),
    ("rotation", "list", "--all"),
    ("rotation", "show", "onboarding-kit"),
    ("rotation", "plan"),
    ("rotation", "fairness"),
    ("report", "list"),
    ("audit", "log", "--limit", "30"),
    ("audit", "projects"),
]

# Sections that show the record itself (its fields), not one of its list-valued keys.
RECORD_SECTIONS = ("opening", "rotation")

# Views made of several tables: their section names, which are their JSON keys.
VIEWS: dict[tuple[str, ...], list[str]] = {
    ("org", "summary"): ["teams", "levels", "spans"],
    ("interview", "calibrate", "--role", "backend-engineer"): ["interviewers", "candidates"],
    ("interview", "panel", "1"): [
        "attributes",
        "recommendations",
        "interviews",
        "shadow_scorecards",
    ],
    ("lead", "openness"): ["groups", "by_tenure", "declined"],
    ("rotation", "fairness"): ["turns", "by_team", "by_level"],
    ("lead", "opening", "show", "1"): ["opening", "candidates"],
    ("lead", "pipeline"): ["openings", "candidates", "actions"],
    ("readiness", "wei", "--level", "L5"): ["competencies", "plan"],
    ("interviewers", "list"): ["interviewers", "concentration"],
    ("rotation", "show", "onboarding-kit"): ["rotation", "feedback"],
    ("1on1", "sync", "--kinds", "manager,skip", "--dry-run"): [
        "created",
        "ended",
        "kept",
        "moved",
    ],
    ("1on1", "import-calendar", str(EXAMPLES / "calendar.ics"), "--dry-run"): [
        "logged",
        "skipped",
        "suggestions",
    ],
    ("people", "leave", "marcus", "--dry-run"): [
        "pairings",
        "actions",
        "lead_roles",
        "rotations",
        "applications",
        "interviews",
    ],
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("views")
    path = base / "demo.db"
    with isolated_env(base):
        ok(run_cli("demo", "--db", str(path)))
    return path


def run(demo_db: Path, *args: str, columns: int = 80, as_: str = "priya"):  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COLUMNS", str(columns))
        return run_cli("--db", str(demo_db), "--as", as_, *args)


def shown_fields(value: object, table: str) -> list[object]:
    """The values of every field the table shows (its header is in the output): JSON may
    carry more fields than the table by design, but a field the table shows is never cut."""
    if isinstance(value, list):
        return [x for v in value for x in shown_fields(v, table)]
    if not isinstance(value, dict):
        return []
    found: list[object] = []
    for key, item in value.items():
        if isinstance(item, dict | list):
            found += shown_fields(item, table)
            continue
        header = re.escape(str(key).replace("_", " "))
        if re.search(rf"(^|\s){header}(\s|$)", table, re.MULTILINE):
            found.append(item)
    return found


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def shown(value: object) -> str:
    """A JSON scalar as a table cell shows it (timestamps to the minute)."""
    if isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d", value):
        value = datetime.fromisoformat(value)
    return squash(cell_text(value))


@pytest.mark.parametrize("args", LISTINGS, ids=lambda a: " ".join(a))
def test_every_listing_at_80_columns_keeps_every_value(demo_db: Path, args: tuple[str, ...]):
    table = ok(run(demo_db, *args))
    doc = json.loads(ok(run(demo_db, *args, "--format", "json")).stdout)
    lines = table.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert "…" not in table.stdout
    body = squash(table.stdout)
    missing = [v for v in shown_fields(doc, table.stdout) if shown(v) and shown(v) not in body]
    assert not missing, missing[:10]


def test_pipeline_status_word_is_whole_at_80_columns(demo_db: Path) -> None:
    out = ok(run(demo_db, "lead", "pipeline")).stdout
    assert re.search(r"(^|\s)will-not-fill(\s|$)", out), out


@pytest.mark.parametrize("args", list(VIEWS), ids=lambda a: " ".join(a))
def test_views_are_named_sections_in_every_format(demo_db: Path, args: tuple[str, ...]) -> None:
    names = VIEWS[args]
    doc = json.loads(ok(run(demo_db, *args, "-f", "json")).stdout)
    for name in names:
        if isinstance(doc, dict):
            assert name in doc or name in RECORD_SECTIONS, name
    md = ok(run(demo_db, *args, "-f", "md")).stdout
    lines = md.splitlines()
    starts = [
        i
        for i, line in enumerate(lines)
        if line.startswith("|") and not lines[i - 1].startswith("|")
    ]
    headings = [line for line in lines if line.startswith("## ")]
    assert len(headings) == len(names), headings
    for i in starts:
        assert lines[i - 1] == "" and lines[i - 2].startswith("## "), lines[max(0, i - 3) : i + 1]
    # csv: one named section; without a name it is a usage error naming them all.
    bare = run(demo_db, *args, "-f", "csv")
    assert bare.exit_code == 2 and bare.stdout == ""
    assert all(name in bare.stderr for name in names), bare.stderr
    wrong = run(demo_db, *args, "-f", "csv", "--section", "nope")
    assert wrong.exit_code == 2 and "nope" in wrong.stderr
    for name in names:
        ok(run(demo_db, *args, "-f", "csv", "--section", name))


def test_org_summary_md_contract(demo_db: Path) -> None:
    md = ok(run(demo_db, "org", "summary", "--format", "md")).stdout
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|") and (i == 0 or not lines[i - 1].startswith("|")):
            assert lines[i - 1] == "" and lines[i - 2].startswith("## ")
    assert isinstance(json.loads(ok(run(demo_db, "org", "summary", "-f", "json")).stdout), dict)
    csv_levels = ok(run(demo_db, "org", "summary", "-f", "csv", "--section", "levels")).stdout
    assert csv_levels.splitlines()[0] == "level,headcount"


def test_panel_md_and_csv_keep_every_table(demo_db: Path) -> None:
    """Before issue 10, `interview panel -f md|csv` dropped all but the ratings."""
    md = ok(run(demo_db, "interview", "panel", "1", "-f", "md")).stdout
    for title in ("## Ratings by attribute", "## Recommendations", "## Interviews"):
        assert title in md
    rows = ok(run(demo_db, "interview", "panel", "1", "-f", "csv", "--section", "interviews"))
    assert rows.stdout.splitlines()[0] == "id,interviewer,mode,focus,on,scorecard"


def test_csv_numbers_stay_numbers(demo_db: Path) -> None:
    out = ok(
        run(
            demo_db,
            *("interview", "calibrate", "--role", "backend-engineer"),
            *("-f", "csv", "--section", "interviewers"),
        )
    ).stdout
    effects = [line.split(",")[1] for line in out.splitlines()[1:]]
    assert any(e.startswith("-") for e in effects), effects
    assert not any(e.startswith("'") for e in effects), effects


def test_a_failing_view_option_writes_nothing(demo_db: Path) -> None:
    before = file_digest(demo_db)
    result = run(demo_db, "rotation", "fairness", "-f", "csv")
    assert result.exit_code == 2
    assert file_digest(demo_db) == before


def test_unknown_section_on_a_plain_command_is_a_usage_error(demo_db: Path) -> None:
    result = run(demo_db, "people", "list", "--section", "x")
    assert result.exit_code == 2


def test_missing_opening_is_one_line(demo_db: Path) -> None:
    assert_one_line_error(run(demo_db, "lead", "opening", "show", "999"))


@pytest.mark.parametrize("fmt", ["table", "md", "json"])
def test_section_picks_one_table_in_every_format(demo_db: Path, fmt: str) -> None:
    out = ok(run(demo_db, "org", "summary", "-f", fmt, "--section", "levels")).stdout
    assert "L4" in out
    assert "Span of control" not in out and "priya" not in out
    if fmt == "json":
        rows = json.loads(out)
        assert isinstance(rows, list) and {"level", "headcount"} <= set(rows[0])


def test_rotation_show_lists_feedback_as_its_own_table(demo_db: Path) -> None:
    rows = ok(
        run(demo_db, "rotation", "show", "onboarding-kit", "-f", "csv", "--section", "feedback")
    )
    lines = rows.stdout.splitlines()
    assert lines[0] == "from,competency,level,on,note"
    doc = json.loads(ok(run(demo_db, "rotation", "show", "onboarding-kit", "-f", "json")).stdout)
    assert len(lines) - 1 == len(doc["feedback"])


def test_readiness_says_what_its_figures_rest_on_with_them(demo_db: Path) -> None:
    table = ok(run(demo_db, "readiness", "wei", "--level", "L5")).stdout
    assert (
        "demonstrated = the highest of the ladder's levels with 2 pieces of evidence in the last "
        "365 days" in " ".join(table.split())
    )
    assert "wei starts from their own L5" in table  # the level floor (issue 14)
    md = ok(run(demo_db, "readiness", "wei", "--level", "L5", "-f", "md")).stdout
    assert md.splitlines()[0].startswith("demonstrated = ") and "## wei for L5" in md
    # Two tables since development plans (competencies, plan): csv names the one it prints.
    csv_out = ok(
        run(demo_db, "readiness", "wei", "--level", "L5", "-f", "csv", "--section", "competencies")
    ).stdout
    assert csv_out.splitlines()[0] == "competency,required,demonstrated,gap,shown_by,logged"
