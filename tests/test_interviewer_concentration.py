"""`interviewers concentration` and `list` catch the star who sits on every loop (issue 15,
item 1): the share of a role's loops next to the share of its lead slots, over a window, with
the org's limits, a small-sample note, and a pool report that explains each figure.

Loop histories are imported as past scorecards (`interview import`), one rating per slot; every
expected number below is worked out by hand from the panels written in each test.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import (
    EXAMPLES,
    TODAY,
    as_json,
    assert_one_line_error,
    build_template,
    copy_template,
    file_digest,
    ok,
)

ROLE = "backend-engineer"
HEADER = ["candidate", "role", "interviewer", "attribute", "score", "recommendation", "date"]
HEADER += ["mode"]


def days_ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(
        tmp_path_factory,
        "concentration",
        ("interview", "rubric", "import", str(EXAMPLES / "rubrics" / f"{ROLE}.yaml")),
    )


@pytest.fixture
def org(cli, db_path: Path, template: Path):  # type: ignore[no-untyped-def]
    """examples/org.yaml and the backend rubric; nobody enrolled, no candidates."""
    copy_template(template, db_path)
    return cli


def load_loops(cli, tmp_path: Path, panels: list[tuple[str, list[str]]]) -> None:  # type: ignore[no-untyped-def]
    """One past loop per (date, lead panel): candidate 'Loop N', one coding rating per slot."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for n, (day, panel) in enumerate(panels):
        for who in panel:
            writer.writerow([f"Loop {n}", ROLE, who, "coding", "3", "yes", day, "lead"])
    path = tmp_path / "loops.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    ok(cli("interview", "import", str(path)))


def concentration(cli, *extra: str) -> dict:  # type: ignore[no-untyped-def]
    (row,) = as_json(cli("interviewers", "concentration", "--role", ROLE, *extra, "-f", "json"))
    return row


# The org: eight loops with four-person panels; wei and fatima on every one, the other
# four taking two slots each in turn (emily+samuel, yusuf+arjun, ...).
OTHERS = ["emily", "samuel", "yusuf", "arjun"]
STARS = [(days_ago(10 + 7 * k), ["wei", "fatima", *OTHERS[2 * (k % 2) : 2 * (k % 2) + 2]])
         for k in range(8)]  # fmt: skip


def test_two_people_on_every_four_person_panel_are_caught(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_loops(org, tmp_path, STARS)
    row = concentration(org)
    # 8 loops x 4 slots = 32 lead interviews by 6 people: wei 8, fatima 8, the others 4 each.
    # slot share: 8/32 = 0.25, not above the 25% limit; loop share: 8/8 = 1.0 > 0.5.
    assert (row["loops"], row["lead_interviews"], row["interviewers"]) == (8, 32, 6)
    assert (row["top_interviewer"], row["top_share"]) == ("fatima", 0.25)  # tie: by handle
    assert (row["top_loop_interviewer"], row["top_loop_share"]) == ("fatima", 1.0)
    # Gini of [8, 8, 4, 4, 4, 4]: sum |xi - xj| over ordered pairs = 16 pairs x 4 = 64;
    # 64 / (2 x 6^2 x 32/6) = 64 / 384 = 0.1667. HHI: 2 x 0.25^2 + 4 x 0.125^2 = 0.1875.
    assert (row["gini"], row["hhi"]) == (0.167, 0.188)
    assert (
        row["warning"]
        == "fatima and wei each sat on 8 of 8 backend-engineer loops (100%, limit 50%)"
    )
    assert row["note"] is None
    assert row["basis"] == "8 loops, 32 lead interviews by 6 interviewers since 2025-11-27"
    assert (row["window_days"], row["since"]) == (365, "2025-11-27")
    keys = ["role", "lead_interviews", "interviewers", "top_interviewer", "top_share", "gini"]
    keys += ["hhi", "loops", "top_loop_interviewer", "top_loop_share", "window_days", "since"]
    keys += ["basis", "warning", "note"]
    assert list(row) == keys

    # `interviewers list` gives each person's loops: the stars 8 of 8, the others 4 of 8.
    people = {r["handle"]: r for r in as_json(org("interviewers", "list", "-f", "json"))}
    assert {h: (r["loops"], r["loop_share"], r["share"]) for h, r in people.items()} == {
        "wei": (8, 1.0, 0.25),
        "fatima": (8, 1.0, 0.25),
        **{h: (4, 0.5, 0.125) for h in OTHERS},
    }
    assert all(r["stage"] == "not enrolled" for r in people.values())
    table = ok(org("interviewers", "list"))
    assert row["warning"] in table.stderr


def test_a_raised_limit_silences_the_warning_and_is_an_org_setting(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_loops(org, tmp_path, STARS)
    ok(org("settings", "set", "interviewers.loop_share_limit", "0.9"))
    assert concentration(org)["warning"].endswith("(100%, limit 90%)")
    ok(org("settings", "set", "interviewers.loop_share_limit", "1"))
    assert concentration(org)["warning"] is None  # nobody can sit on more than every loop
    # the slot limit at 20%: 6 interviewers > 1/0.2 = 5, and 8/32 = 25% > 20% for two people
    ok(org("settings", "set", "interviewers.slot_share_limit", "0.2"))
    assert concentration(org)["warning"] == (
        "fatima and wei each did 8 of 32 backend-engineer lead interviews (25%, limit 20%)"
    )


@pytest.mark.parametrize("value", ["0", "1.5", "half"])
def test_share_limits_out_of_range_are_refused(org, db_path: Path, value: str) -> None:  # type: ignore[no-untyped-def]
    before = file_digest(db_path)
    result = org("settings", "set", "interviewers.slot_share_limit", value)
    assert_one_line_error(result)
    assert "interviewers.slot_share_limit" in result.stderr
    assert file_digest(db_path) == before


def test_one_busy_interviewer_in_a_big_pool_is_caught_by_slot_share(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # ten one-lead loops: wei leads five, five others one each
    crew = ["fatima", "emily", "samuel", "yusuf", "arjun"]
    panels = [(days_ago(5 + n), ["wei"]) for n in range(5)]
    panels += [(days_ago(20 + n), [who]) for n, who in enumerate(crew)]
    load_loops(org, tmp_path, panels)
    row = concentration(org)
    # slots: 5 of 10 = 50% > 25% with 6 interviewers (> 4); loops: 5 of 10 = 50%, not > 50%
    assert (row["loops"], row["top_share"], row["top_loop_share"]) == (10, 0.5, 0.5)
    assert row["warning"] == "wei did 5 of 10 backend-engineer lead interviews (50%, limit 25%)"


def test_an_even_split_of_a_small_pool_is_not_a_warning(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # six one-lead loops shared evenly by three people: 2 each
    trio = ["wei", "fatima", "emily"]
    load_loops(org, tmp_path, [(days_ago(3 + n), [trio[n % 3]]) for n in range(6)])
    row = concentration(org)
    # slot share 2/6 = 33% is above 25%, but with 3 people an even split is 33% each (3 <= 4);
    # loop share 2/6 = 33% <= 50%. Gini 0: nothing to warn about, and no warning.
    assert (row["top_share"], row["top_loop_share"], row["gini"]) == (0.333, 0.333, 0.0)
    assert row["warning"] is None and row["note"] is None
    md = ok(org("report", "render", "interviewer-pool", "--format", "md")).stdout
    assert "⚠" not in md
    assert "Gini 0.00 means the lead interviews are evenly spread among the 3 people" in md
    assert "the 25% slot limit applies only once more than 4 people interview" in md


def test_too_few_loops_still_names_the_star_with_a_caveat(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_loops(org, tmp_path, [(days_ago(4), ["wei", "fatima"]), (days_ago(9), ["wei"])])
    row = concentration(org)
    # wei is on 2 of 2 loops (100% > 50%): named, with the caveat that 2 loops (below the
    # minimum of 3) are no pattern yet; fatima's 1 of 2 (50%) is not above the limit
    assert (row["loops"], row["top_loop_interviewer"], row["top_loop_share"]) == (2, "wei", 1.0)
    assert row["warning"] == (
        f"wei sat on 2 of 2 {ROLE} loops (100%, limit 50%); "
        "only 2 loops: too few to call it a pattern"
    )
    assert (
        row["note"] == "too few loops to judge: 2 loops since 2025-11-27 (shares need at least 3)"
    )


def test_the_window_leaves_out_old_loops_and_future_interviews(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # four recent loops without wei, four old ones (200-230 days ago) with wei alone
    recent = [(days_ago(5 + n), ["fatima", "emily"]) for n in range(4)]
    old = [(days_ago(200 + 10 * n), ["wei"]) for n in range(4)]
    load_loops(org, tmp_path, recent + old)
    # a loop still to come: wei scheduled in 5 days (not counted anywhere yet)
    cand = as_json(org("interview", "candidate", "add", "Next One", "--role", ROLE, "-f", "json"))
    ok(org("interview", "schedule", str(cand["id"]), "--interviewer", "wei", "--focus",
           "coding", "--on", (TODAY + timedelta(days=5)).isoformat()))  # fmt: skip

    year = concentration(org)
    # 8 loops, 12 slots: fatima 4, emily 4, wei 4; each on 4 of 8 loops (50%, not above)
    assert (year["loops"], year["lead_interviews"], year["interviewers"]) == (8, 12, 3)
    assert (year["top_loop_share"], year["warning"]) == (0.5, None)

    quarter = concentration(org, "--days", "90")
    # since 2026-08-29: the four recent loops only; emily and fatima on 4 of 4
    assert quarter["basis"] == "4 loops, 8 lead interviews by 2 interviewers since 2026-08-29"
    # two people share every 2-person panel: an even rotation of 2 puts each on 8/(2*4) =
    # 100% of loops, so nobody stands out: the pool is too small (nobody enrolled)
    assert quarter["warning"] == (
        "the backend-engineer pool is too small for its panels: an even rotation puts each "
        "of the 2 interviewers on 100% of loops (limit 50%); enrol more interviewers"
    )
    people = {
        r["handle"]: r for r in as_json(org("interviewers", "list", "--days", "90", "-f", "json"))
    }
    # lead counts are all time up to today; loops and shares the window's
    assert (people["wei"]["lead"], people["wei"]["loops"], people["wei"]["share"]) == (4, 0, 0.0)

    none = as_json(org("interviewers", "concentration", "--days", "3", "-f", "json"))
    assert none == []  # the newest loop is 5 days old


@pytest.mark.parametrize("days", ["0", "3654"])
def test_days_out_of_range(org, days: str) -> None:  # type: ignore[no-untyped-def]
    result = org("interviewers", "concentration", "--days", days)
    assert_one_line_error(result)
    assert "--days" in result.stderr and "1-3653 days" in result.stderr


def test_pool_report_explains_each_figure_beside_the_warning(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_loops(org, tmp_path, STARS)
    row = concentration(org)
    md = ok(org("report", "render", "interviewer-pool", "--format", "md")).stdout
    html = ok(org("report", "render", "interviewer-pool", "--format", "html")).stdout
    part = md[md.index(f"### {ROLE}") :]
    assert f"**⚠ {row['warning']}**" in part
    for sentence in (
        "- Over the last 365 days: 8 loops, 32 lead interviews by 6 interviewers since 2025-11-27.",
        "- Loops: fatima and wei each sat on 8 of 8 loops (100%), the most of anyone; the limit "
        "is 50% of a role's loops.",
        "- Slots: fatima and wei each did 8 of 32 lead interviews (25%); the limit is 25%.",
        "- Gini 0.17 means the lead interviews are unevenly spread among the 6 people who did them",
        "- HHI 0.19 is the chance that two lead interviews picked at random were done by the "
        "same person (an even split among 6 gives 0.17).",
    ):
        assert sentence in part, sentence
    assert f'<p class="flag">⚠ {row["warning"]}</p>' in html
    assert "<li>Loops: fatima and wei each sat on 8 of 8 loops (100%)" in html
    # the table has no warning column: the warning is never beside a figure that denies it
    assert "| role | loops | on most loops | loop share |" in md


def test_concentration_and_imported_decisions_on_each_backend(any_db: str, tmp_path: Path) -> None:
    """The grouped queries (distinct loops per role and person) and the import's decisions
    give the same answers on SQLite and PostgreSQL."""
    from tests.conftest import run_cli

    def cli(*args: str):  # type: ignore[no-untyped-def]
        return run_cli("--db", any_db, *args)

    ok(cli("org", "import", str(EXAMPLES / "org.yaml")))
    ok(cli("interview", "rubric", "import", str(EXAMPLES / "rubrics" / f"{ROLE}.yaml")))
    load_loops(cli, tmp_path, STARS)
    row = concentration(cli)
    assert (row["loops"], row["lead_interviews"], row["top_loop_share"]) == (8, 32, 1.0)
    assert row["warning"] == (
        "fatima and wei each sat on 8 of 8 backend-engineer loops (100%, limit 50%)"
    )
    decided = tmp_path / "decided.csv"
    decided.write_text(
        ",".join(HEADER) + ",decision,decided_on,rationale\n"
        f"Loop 0,{ROLE},wei,coding,3,yes,{STARS[0][0]},lead,hire,{days_ago(1)},Strong\n",
        encoding="utf-8",
    )
    # Loop 0's four scorecards are all in: the decision is recorded, the scorecard skipped
    assert "1 decision; 1 scorecard already recorded" in " ".join(
        ok(cli("interview", "import", str(decided))).stderr.split()
    )
    rows = as_json(cli("interview", "candidates", "--all", "--format", "json"))
    assert [(r["name"], r["status"]) for r in rows if r["status"] != "open"] == [
        ("Loop 0", "hired")
    ]


def test_an_even_rotation_above_the_limit_names_nobody_but_a_star_stands_out(  # type: ignore[no-untyped-def]
    org, tmp_path: Path
) -> None:
    # nine loops of four-person panels from six people, rotating evenly: each person sits on
    # 6 of 9 loops (67%, above 50%), which is what 4/6 of every panel gives. Nobody stands
    # out; the warning says the pool is too small. Gini 0.
    six = ["wei", "fatima", "emily", "samuel", "yusuf", "arjun"]
    even = [(days_ago(3 + n), [six[(n * 4 + k) % 6] for k in range(4)]) for n in range(9)]
    load_loops(org, tmp_path, even)
    row = concentration(org)
    # 36 seats / (6 people * 9 loops) = 67%
    assert (row["loops"], row["top_loop_share"], row["gini"]) == (9, 0.667, 0.0)
    assert row["warning"] == (
        "the backend-engineer pool is too small for its panels: an even rotation puts each "
        "of the 6 interviewers on 67% of loops (limit 50%); enrol more interviewers"
    )


def test_a_star_stands_out_from_an_even_rotation(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # wei on all 9 four-person panels; the other three seats rotate among five people
    five = ["fatima", "emily", "samuel", "yusuf", "arjun"]
    panels = [(days_ago(3 + n), ["wei"] + [five[(n * 3 + k) % 5] for k in range(3)])
              for n in range(9)]  # fmt: skip
    load_loops(org, tmp_path, panels)
    row = concentration(org)
    # seats 36 over 6 people and 9 loops: an even rotation gives 67%; a quarter more is 83%.
    # wei: 9 of 9 = 100% > 83%: named. The five others sit on 27/5 = 5 or 6 loops (56-67%):
    # above 50% but not above 83%: not named. Slots: wei 9 of 36 = 25%, not above 25%.
    assert row["warning"] == "wei sat on 9 of 9 backend-engineer loops (100%, limit 50%)"
