"""Issue 15, item 5: `eng-ops interview kit INTERVIEW [--format md|html|json] [--out FILE]`.

The interviewer's kit: candidate (internal or external), interviewer, date and mode, each focus
attribute with every anchor (labelled with its number) and its questions and follow-ups, the
rules of independent scoring with the scorecard's due date, and the command to submit. It holds
no ratings and nobody's scorecard. Expected text comes from examples/rubrics/*.yaml read here
with yaml, and dates worked out by hand from TODAY (2026-11-27).
"""

from __future__ import annotations

import json
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
    db_cli,
    file_digest,
    isolated_env,
    ok,
    run_cli,
)

RUBRIC_FILES = sorted((EXAMPLES / "rubrics").glob("*.yaml"))
MOBILE = "mobile-engineer"
SPEC = yaml.safe_load((EXAMPLES / "rubrics" / f"{MOBILE}.yaml").read_text(encoding="utf-8"))
ATTRS = {a["key"]: a for a in SPEC["attributes"]}
ON = TODAY + timedelta(days=3)  # 2026-11-30, a Monday
FOCUS = ["platform-depth", "coding"]
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The example org and rubrics; candidate 'Jane Roe' (external) with hana leading on
    platform-depth and coding on 2026-11-30 and jamal shadowing her; an internal tech-lead
    candidate (nadia) with marcus leading today."""
    base = tmp_path_factory.mktemp("kit")
    path = base / "org.db"
    with isolated_env(base):
        cli = db_cli(path)
        ok(cli("org", "import", str(EXAMPLES / "org.yaml")))
        ok(cli("interview", "rubric", "import", *map(str, RUBRIC_FILES)))

        def add(name: str, role: str, *extra: str) -> int:
            args = ("interview", "candidate", "add", name, "--role", role, *extra, "-f", "json")
            return as_json(cli(*args))["id"]

        def schedule(cand: int, who: str, focus: list[str], on: str, mode: str = "lead") -> int:
            args = ["interview", "schedule", str(cand), "--interviewer", who]
            args += ["--focus", ",".join(focus), "--on", on, "--mode", mode, "-f", "json"]
            return as_json(cli(*args))["id"]

        jane = add("Jane Roe", MOBILE)
        nadia = add("Nadia Petrova", "tech-lead", "--person", "nadia")
        ids = {
            "hana": schedule(jane, "hana", FOCUS, ON.isoformat()),
            "jamal": schedule(jane, "jamal", FOCUS, ON.isoformat(), "shadow"),
            "diego": schedule(jane, "diego", ["coding", "collaboration"], TODAY.isoformat()),
            "marcus": schedule(nadia, "marcus", ["delivery"], TODAY.isoformat()),
            "jane": jane,
            "nadia": nadia,
        }
    return path, ids


@pytest.fixture
def org(cli, db_path: Path, template):  # type: ignore[no-untyped-def]
    path, ids = template
    shutil.copyfile(path, db_path)
    return cli, ids


def test_md_kit_has_candidate_slot_focus_anchors_questions_and_rules(org) -> None:  # type: ignore[no-untyped-def]
    cli, ids = org
    md = ok(cli("interview", "kit", str(ids["hana"]), "--format", "md", as_="hana")).stdout
    assert md.startswith("# Interview kit: Jane Roe for Mobile Engineer\n")
    assert f"Jane Roe (#{ids['jane']}, external candidate)" in md
    assert "Mobile Engineer (`mobile-engineer`, rubric v1, scale 1-4)" in md
    assert "**Interviewer:** Hana Kim (hana)" in md
    assert f"#{ids['hana']} on 2026-11-30, lead" in md
    # Due one day after the interview (interviewers.scorecard_days defaults to 1): 2026-12-01.
    assert "**Scorecard due:** 2026-12-01" in md
    assert "Submit within 1 day of the interview (by 2026-12-01)" in md
    assert "Score alone" in md and "before you read anyone else's scorecard" in md
    assert "against its anchors" in md and "evidence behind each rating in your notes" in md
    assert "the panel view hides the other panelists' scorecards from you" in md
    assert (
        f"eng-ops --as hana interview score {ids['hana']} --rating platform-depth=N "
        '--rating coding=N --recommend RECOMMENDATION --notes "EVIDENCE"'
    ) in md
    assert "RECOMMENDATION is one of strong-no, no, yes, strong-yes." in md

    # Exactly the focus attributes, in the interview's order, each with all four anchors
    # numbered, then its questions and their follow-ups.
    headings = [line for line in md.splitlines() if line.startswith("### ")]
    assert headings == [
        "### 1. iOS/Android platform depth (`platform-depth`)",
        "### 2. Coding (`coding`)",
    ]
    sections = md.split("### ")[1:]
    for key, section in zip(FOCUS, sections, strict=True):
        for level, text in ATTRS[key]["anchors"].items():
            assert f"- **{level}**: {text.strip()}" in section
        for n, q in enumerate(ATTRS[key]["questions"], start=1):
            assert f"{n}. {q['question']}" in section
            for follow_up in q["follow_ups"]:
                assert f"   - {follow_up}" in section
    assert "Specialist attribute: mobile." in sections[0]
    assert "Specialist attribute" not in sections[1]
    # Other attributes of the rubric are not in this interviewer's kit.
    assert ATTRS["product-sense"]["name"] not in md


def test_kit_json_and_html(org) -> None:  # type: ignore[no-untyped-def]
    cli, ids = org
    data = as_json(cli("interview", "kit", str(ids["hana"]), "--format", "json"))
    assert (data["interview_id"], data["candidate"], data["internal"]) == (
        ids["hana"],
        "Jane Roe",
        False,
    )
    assert (data["interviewer"], data["on"], data["mode"], data["score_by"]) == (
        "hana",
        "2026-11-30",
        "lead",
        "2026-12-01",
    )
    assert [a["key"] for a in data["attributes"]] == FOCUS
    anchors = data["attributes"][0]["anchors"]
    assert [(a["level"], a["text"]) for a in anchors] == [
        (int(k), v.strip()) for k, v in ATTRS["platform-depth"]["anchors"].items()
    ]
    assert (
        data["attributes"][1]["questions"][1]["follow_ups"]
        == (ATTRS["coding"]["questions"][1]["follow_ups"])
    )

    html = ok(cli("interview", "kit", str(ids["hana"]), "--format", "html")).stdout
    assert html.startswith("<!doctype html>")
    assert "<h3>1. iOS/Android platform depth <small>(platform-depth)</small></h3>" in html
    first_question = ATTRS["coding"]["questions"][0]["question"]
    assert f"<li>{first_question}" in html


def test_shadow_and_internal_candidate_kits(org) -> None:  # type: ignore[no-untyped-def]
    cli, ids = org
    shadow = ok(cli("interview", "kit", str(ids["jamal"]), as_="jamal")).stdout
    assert f"#{ids['jamal']} on 2026-11-30, shadow" in shadow
    assert "not counted in the panel's ratings" in shadow

    # The internal candidate's kit says so, and anyone but the candidate may read it.
    kit = ok(cli("interview", "kit", str(ids["marcus"]), as_="priya")).stdout
    assert f"Nadia Petrova (#{ids['nadia']}, internal candidate)" in kit
    assert "Submit within 1 day of the interview (by 2026-11-28)" in kit  # 27 + 1


def test_the_candidate_may_not_read_their_own_kit(org, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli, ids = org
    before = file_digest(db_path)
    result = cli("interview", "kit", str(ids["marcus"]), as_="nadia")
    assert_one_line_error(result)
    assert f"interview #{ids['marcus']} is about you" in result.stderr
    assert file_digest(db_path) == before


def test_kit_shows_no_ratings_and_does_not_change_when_others_submit(org) -> None:  # type: ignore[no-untyped-def]
    cli, ids = org
    before = ok(cli("interview", "kit", str(ids["hana"]), "-f", "json", as_="hana")).stdout
    # diego's interview is today: he may score it.
    args = ["interview", "score", str(ids["diego"]), "--rating", "coding=4"]
    args += ["--rating", "collaboration=1", "--recommend", "strong-yes"]
    ok(cli(*args, "--notes", "SECRET-EVIDENCE-NOTE", as_="diego"))
    for fmt in ("json", "md", "html"):
        after = ok(cli("interview", "kit", str(ids["hana"]), "-f", fmt, as_="hana")).stdout
        assert "SECRET-EVIDENCE-NOTE" not in after and "strong-yes," not in after
        assert "diego" not in after
    assert ok(cli("interview", "kit", str(ids["hana"]), "-f", "json", as_="hana")).stdout == before


def test_html_and_md_escape_the_candidate_name(cli, db_path: Path, template) -> None:  # type: ignore[no-untyped-def]
    path, _ids = template
    shutil.copyfile(path, db_path)
    cand = as_json(cli("interview", "candidate", "add", XSS, "--role", MOBILE, "-f", "json"))["id"]
    args = ["interview", "schedule", str(cand), "--interviewer", "ines", "--focus", "coding"]
    iid = as_json(cli(*args, "--on", ON.isoformat(), "-f", "json"))["id"]
    html = ok(cli("interview", "kit", str(iid), "--format", "html")).stdout
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = ok(cli("interview", "kit", str(iid), "--format", "md")).stdout
    assert XSS not in md and "&lt;script&gt;" in md


def test_due_date_follows_the_org_setting(org) -> None:  # type: ignore[no-untyped-def]
    cli, ids = org
    ok(cli("settings", "set", "interviewers.scorecard_days", "3"))
    md = ok(cli("interview", "kit", str(ids["hana"]))).stdout
    assert "Submit within 3 days of the interview (by 2026-12-03)" in md  # 30 Nov + 3
    ok(cli("settings", "set", "interviewers.scorecard_days", "0"))
    md = ok(cli("interview", "kit", str(ids["hana"]))).stdout
    assert "Submit on the day of the interview (by 2026-11-30)" in md
    bad = cli("settings", "set", "interviewers.scorecard_days", "31")
    assert_one_line_error(bad)
    assert "0-30" in bad.stderr


def test_out_file_and_user_template(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli, ids = org
    out = tmp_path / "kit.html"
    result = ok(cli("interview", "kit", str(ids["hana"]), "-f", "html", "--out", str(out)))
    assert result.stdout == "" and f"wrote {out}" in result.stderr
    assert "Interview kit: Jane Roe" in out.read_text(encoding="utf-8")

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "interview-kit.md.j2").write_text(
        'KIT {{ kit.candidate }}: {{ kit.attributes | map(attribute="key") | join(",") }}\n',
        encoding="utf-8",
    )
    custom = ok(cli("interview", "kit", str(ids["hana"]), "--templates", str(mine))).stdout
    assert custom == "KIT Jane Roe: platform-depth,coding\n"


def test_rubric_without_questions_and_unknown_interview(org, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli, ids = org
    text = """\
role: plain
title: Plain
attributes:
  - {key: craft, name: Craft, anchors: {1: weak, 2: fair, 3: good, 4: great}}
"""
    path = tmp_path / "plain.yaml"
    path.write_text(text, encoding="utf-8")
    ok(cli("interview", "rubric", "import", str(path)))
    cand = as_json(cli("interview", "candidate", "add", "Pat", "--role", "plain", "-f", "json"))
    args = ["interview", "schedule", str(cand["id"]), "--interviewer", "wei", "--focus", "craft"]
    iid = as_json(cli(*args, "--on", ON.isoformat(), "-f", "json"))["id"]
    md = ok(cli("interview", "kit", str(iid))).stdout
    assert "- **1**: weak" in md and "- **4**: great" in md
    assert "_No suggested questions: probe for evidence against the anchors._" in md

    before = file_digest(db_path)
    missing = cli("interview", "kit", "999")
    assert_one_line_error(missing)
    assert "no interview #999" in missing.stderr
    assert file_digest(db_path) == before
    assert json.loads(ok(cli("interview", "kit", str(ids["hana"]), "-f", "json")).stdout)


def test_demo_plan_and_kit_on_each_backend(any_db: str) -> None:
    """The README walkthrough's mobile loop on SQLite and PostgreSQL: the demo's qualified
    mobile interviewers (diego, hana, ines) all have the mobile specialty, so each rates some
    of the four platform attributes, and a kit prints its anchors and questions."""
    assert run_cli("--db", any_db, "demo", "--force").exit_code == 0

    def cli(*args: str, as_: str = "priya"):  # type: ignore[no-untyped-def]
        return run_cli("--db", any_db, "--as", as_, *args)

    add = ("interview", "candidate", "add", "Jane Roe", "--role", MOBILE, "-f", "json")
    cand = as_json(cli(*add))["id"]
    plan = ("interview", "plan", str(cand), "--size", "3", "--apply", "--on", ON.isoformat())
    slots = as_json(cli(*plan, "-f", "json"))
    assert sorted(s["interviewer"] for s in slots) == ["diego", "hana", "ines"]
    assert all("mobile specialist: " in s["reason"] for s in slots)
    view = as_json(cli("interview", "panel", str(cand), "-f", "json"))
    diego = next(i for i in view["interviews"] if i["interviewer"] == "diego")
    md = ok(cli("interview", "kit", str(diego["id"]), "-f", "md", as_="diego")).stdout
    for key in diego["focus"]:
        assert f"(`{key}`)" in md
        assert f"- **4**: {ATTRS[key]['anchors'][4].strip()}" in md
        assert f"1. {ATTRS[key]['questions'][0]['question']}" in md
