"""`interview import` with outcomes (issue 15, item 3): optional decision, decided_on and
rationale columns decide past loops exactly as `interview decide` would; all or nothing,
file:line errors, and importing the same file twice adds nothing.

Today is 2026-11-27; the acting user is priya (--as).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import (
    EXAMPLES,
    as_json,
    assert_one_line_error,
    build_template,
    copy_template,
    file_digest,
    ok,
)

ROLE = "backend-engineer"
HEADER = "candidate,role,interviewer,attribute,score,recommendation,date,mode"
OUTCOME = "decision,decided_on,rationale"
GOOD = f"""{HEADER},{OUTCOME}
Ann Past,{ROLE},wei,coding,3,yes,2026-06-02,lead,hire,2026-06-09,Strong coding
Ann Past,{ROLE},wei,debugging,4,yes,2026-06-02,lead,,,
Ann Past,{ROLE},fatima,coding,3,strong-yes,2026-06-04,lead,hire,,
Ann Past,{ROLE},ben,coding,2,no,2026-06-04,shadow,,,
Bob Past,{ROLE},emily,ownership,2,no,2026-07-01,lead,no-hire,2026-07-03,Below the bar
Cat Open,{ROLE},samuel,coding,3,yes,2026-11-20,lead,,,
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(
        tmp_path_factory,
        "import-decisions",
        ("interview", "rubric", "import", str(EXAMPLES / "rubrics" / f"{ROLE}.yaml")),
    )


@pytest.fixture
def org(cli, db_path: Path, template: Path):  # type: ignore[no-untyped-def]
    copy_template(template, db_path)

    def as_priya(*args: str, as_: str | None = "priya"):  # type: ignore[no-untyped-def]
        return cli(*args, as_=as_)

    return as_priya


def write(tmp_path: Path, text: str, name: str = "past.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def said(result) -> str:  # type: ignore[no-untyped-def]
    """stderr as one line (a terminal-width console may wrap a long path)."""
    return " ".join(result.stderr.split())


def candidates(cli) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    rows = as_json(cli("interview", "candidates", "--all", "--format", "json"))
    return {r["name"]: r for r in rows}


def test_imported_decisions_count_as_decided(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, GOOD)
    result = ok(org("interview", "import", str(path)))
    # scorecards: Ann/wei, Ann/fatima, Ann/ben (shadow), Bob/emily, Cat/samuel = 5, 6 ratings
    assert (
        said(result) == f"imported {path}: 5 scorecards (6 ratings), 3 new candidates, 2 decisions"
    )
    rows = candidates(org)
    got = {n: (r["status"], r["decision"], r["decided_on"]) for n, r in rows.items()}
    assert got == {
        "Ann Past": ("hired", "hire", "2026-06-09"),
        "Bob Past": ("rejected", "no-hire", "2026-07-03"),
        "Cat Open": ("open", None, None),
    }
    open_only = as_json(org("interview", "candidates", "--format", "json"))
    assert [r["name"] for r in open_only] == ["Cat Open"]
    ann = as_json(org("interview", "panel", str(rows["Ann Past"]["id"]), "-f", "json"))
    assert ann["candidate"]["rationale"] == "Strong coding"
    # one audited `decide` per candidate, by the acting user, as `interview decide` writes it
    log = as_json(org("audit", "log", "--entity", "candidate", "--format", "json"))
    decides = sorted((e["entity_key"], e["actor"]) for e in log if e["action"] == "decide")
    assert decides == [
        (str(rows["Ann Past"]["id"]), "priya"),
        (str(rows["Bob Past"]["id"]), "priya"),
    ]

    # decided loops take no new interview, as after `interview decide`
    late = org("interview", "schedule", str(rows["Ann Past"]["id"]), "--interviewer", "emily",
               "--focus", "coding", "--on", "today")  # fmt: skip
    assert_one_line_error(late)
    assert "already decided (hire)" in late.stderr


def test_importing_the_same_file_again_adds_nothing(org, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, GOOD)
    ok(org("interview", "import", str(path)))
    before = file_digest(db_path)
    again = ok(org("interview", "import", str(path)))
    assert said(again) == (
        f"imported {path}: 0 scorecards (0 ratings), 0 new candidates, 0 decisions; "
        "5 scorecards already recorded"
    )
    assert file_digest(db_path) == before

    # a file that adds one decision to a loop already imported: only the decision is new
    decided = GOOD.replace("Cat Open,backend-engineer,samuel,coding,3,yes,2026-11-20,lead,,,",
                           "Cat Open,backend-engineer,samuel,coding,3,yes,2026-11-20,lead,"
                           "hire,2026-11-26,Good")  # fmt: skip
    assert decided != GOOD
    more = ok(org("interview", "import", str(write(tmp_path, decided, "more.csv"))))
    assert "0 scorecards (0 ratings), 0 new candidates, 1 decision;" in said(more)
    assert candidates(org)["Cat Open"]["decided_on"] == "2026-11-26"


def test_a_decision_for_a_loop_decided_with_interview_decide(
    org, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first = GOOD.replace(",hire,2026-06-09,Strong coding", ",,,").replace(",hire,,", ",,,")
    ok(org("interview", "import", str(write(tmp_path, first, "first.csv"))))
    ann = str(candidates(org)["Ann Past"]["id"])
    ok(org("interview", "decide", ann, "--no-hire", "--rationale", "Another view"))
    before = file_digest(db_path)
    result = org("interview", "import", str(write(tmp_path, GOOD)))
    assert_one_line_error(result)
    assert f"{tmp_path / 'past.csv'}:2: decision: Ann Past is already decided (no-hire on " in (
        result.stderr
    )
    assert file_digest(db_path) == before


# Each bad file: GOOD with one change; the line and words the one error line must name.
BAD = [
    (
        "rows disagree",
        (
            "Ann Past,backend-engineer,fatima,coding,3,strong-yes,2026-06-04,lead,hire,,",
            "Ann Past,backend-engineer,fatima,coding,3,strong-yes,2026-06-04,lead,no-hire,,",
        ),
        ":4: decision: differs from line 2 for the same candidate (Ann Past)",
    ),
    (
        "no date",
        (",hire,2026-06-09,Strong coding", ",hire,,Strong coding"),
        ":2: decided_on: Ann Past's decision needs its date",
    ),
    (
        "no rationale",
        (",no-hire,2026-07-03,Below the bar", ",no-hire,2026-07-03,"),
        ":6: rationale: say why Bob Past was decided so",
    ),
    (
        "date without decision",
        (",no-hire,2026-07-03,Below the bar", ",,2026-07-03,Below the bar"),
        ":6: decided_on: given for Bob Past without a decision (hire or no-hire)",
    ),
    (
        "decided in the future",
        (",no-hire,2026-07-03,", ",no-hire,2026-11-28,"),
        ":6: decided_on: 2026-11-28 is after today (2026-11-27)",
    ),
    (
        "decided before the last interview",
        (",hire,2026-06-09,Strong coding", ",hire,2026-06-03,Strong coding"),
        ":2: decided_on: 2026-06-03 is before Ann Past's last interview on 2026-06-04",
    ),
    (
        "bad decision",
        (",no-hire,2026-07-03,", ",maybe,2026-07-03,"),
        ":6: decision: 'maybe' is not one of hire, no-hire",
    ),
    (
        "interview in the future",
        ("2026-11-20,lead,,,", "2026-11-30,lead,,,"),
        ":7: date: 2026-11-30 is after today (2026-11-27)",
    ),
]


@pytest.mark.parametrize(("change", "words"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_outcomes_name_file_and_line_and_write_nothing(
    org, db_path: Path, tmp_path: Path, change: tuple[str, str], words: str
) -> None:  # type: ignore[no-untyped-def]
    text = GOOD.replace(*change)
    assert text != GOOD
    path = write(tmp_path, text)
    before = file_digest(db_path)
    result = org("interview", "import", str(path))
    assert_one_line_error(result)
    assert f"{path}{words}" in result.stderr
    assert file_digest(db_path) == before
    assert candidates(org) == {}


def test_a_loop_with_a_missing_or_future_interview_is_not_decided(
    org, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ok(org("interview", "candidate", "add", "Dee Live", "--role", ROLE))
    ok(org("interview", "schedule", "1", "--interviewer", "yusuf", "--focus", "coding",
           "--on", "2026-11-24", "--backfill"))  # fmt: skip
    row = f"Dee Live,{ROLE},arjun,coding,3,yes,2026-11-25,lead,hire,2026-11-26,Good\n"
    path = write(tmp_path, f"{HEADER},{OUTCOME}\n{row}")
    before = file_digest(db_path)
    result = org("interview", "import", str(path))
    assert_one_line_error(result)
    assert (
        f"{path}:2: decision: lead scorecards missing from yusuf for Dee Live: score them first"
        in result.stderr
    )
    assert file_digest(db_path) == before

    ok(org("interview", "schedule", "1", "--interviewer", "wei", "--focus", "coding",
           "--on", "2026-12-03"))  # fmt: skip
    ok(org("interview", "score", "1", "--rating", "coding=3", "--recommend", "yes", as_="yusuf"))
    before = file_digest(db_path)
    result = org("interview", "import", str(path))
    assert_one_line_error(result)
    assert (
        f"{path}:2: decision: Dee Live has interviews still to come (#2 wei on 2026-12-03)"
        in result.stderr
    )
    assert file_digest(db_path) == before


def test_a_changed_scorecard_is_refused_on_reimport(org, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(org("interview", "import", str(write(tmp_path, GOOD))))
    changed = GOOD.replace("emily,ownership,2,no", "emily,ownership,3,no")
    before = file_digest(db_path)
    result = org("interview", "import", str(write(tmp_path, changed, "changed.csv")))
    assert_one_line_error(result)
    assert ":6: emily already has a different interview with Bob Past (#" in result.stderr
    assert file_digest(db_path) == before
    # the second row of wei's two-row scorecard changed: the error names that row (line 3)
    second = GOOD.replace("wei,debugging,4,yes", "wei,debugging,3,yes")
    result = org("interview", "import", str(write(tmp_path, second, "second.csv")))
    assert_one_line_error(result)
    assert ":3: wei already has a different interview with Ann Past (#" in result.stderr
    assert file_digest(db_path) == before


def test_hiring_report_times_imported_decisions(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(org("interview", "import", str(write(tmp_path, GOOD))))
    md = ok(org("report", "render", "hiring", "--format", "md")).stdout
    # Ann: first interview 06-02, decided 06-09 = 7 days; Bob: 07-01 -> 07-03 = 2 days
    assert "| Ann Past | backend-engineer | hire | 2026-06-09 | 7 |" in md
    assert "| Bob Past | backend-engineer | no-hire | 2026-07-03 | 2 |" in md
    assert "Median 4.5 days from first interview to decision over 2 decided candidates." in md
