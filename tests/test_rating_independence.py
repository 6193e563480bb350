"""Independence everywhere: a panelist who has not submitted sees nothing derived from the
others' ratings of that candidate, in any command or report; an internal candidate never
sees their loop's scorecards or the evidence made from them.

The scenario (demo org, ladder, tech-lead rubric, all on 2026-11-27 = today):
- candidate #1 Sam (external): wei and marcus both submitted; visible to everyone.
- candidate #2 Grace Liu (internal, grace): wei and marcus on the panel.
Then wei submits Grace's scorecard with 4/4 on three ladder competencies, which makes
three evidence pieces for grace. Every read-only command, run as marcus (on Grace's panel,
not submitted), must print exactly what it printed before wei submitted.
"""

from __future__ import annotations

import re

import pytest
import typer

from tests.conftest import EXAMPLES, as_json, ok

TECH_LEAD = EXAMPLES / "rubrics" / "tech-lead.yaml"
SAM, GRACE = "1", "2"
WEI_FOCUS = "architecture,delivery,technical-direction"
MARCUS_FOCUS = WEI_FOCUS  # a crossed design, so calibration can separate the effects

# Every read-only command that could show something derived from ratings, with the
# arguments it is run with as marcus before and after wei's submission.
COMPARED: dict[str, list[list[str]]] = {
    "readiness": [["grace", "--level", "L4", "--format", "json"], ["grace", "--level", "L4"]],
    "evidence list": [["grace", "--format", "json"], ["grace", "--all", "--format", "json"]],
    "evidence coverage": [["--format", "json"]],
    "interview calibrate": [["--role", "tech-lead", "--format", "json"]],
    "interview reliability": [["--role", "tech-lead", "--metric", "alpha", "--format", "json"]],
    "interviewers list": [["--format", "json"]],
    "interviewers concentration": [["--format", "json"]],
    "interviewers agreement": [["ines", "--role", "tech-lead", "--format", "json"]],
    "lead pipeline": [["--format", "json"]],
    "lead openness": [["--format", "json"]],
    "lead opening show": [["1", "--format", "json"]],
    "lead plan show": [["grace", "--format", "json"]],
    "people show": [["grace", "--format", "json"]],
    # the trail of a submission itself names no rating; the evidence it made does
    "audit log": [["--entity", "evidence", "--format", "json", "--limit", "500"]],
    "rotation plan": [["--format", "json"]],
    "report render": [
        ["calibration", "--format", "md"],
        ["interviewer-pool", "--format", "md"],
        ["lead-pipeline", "--format", "md"],
        ["roster", "--format", "md"],
    ],
}

# Commands that show the panel itself: checked one by one below.
PANEL_VIEWS = {
    "interview panel",
    "interview export",
    "interview decide",
    "interview debrief",
    "interview kit",
    "report render",
}

# Commands that show who has submitted (counts, states), never a rating or recommendation.
SUBMISSIONS_ONLY = {"interview candidate list"}

# Commands that never read ratings, or that change data (checked in their own tests).
UNRELATED = {
    "demo", "db status", "db upgrade", "org import", "org export", "org tree", "org summary",
    "people list", "people add", "people edit", "people leave", "teams list",
    "1on1 pair", "1on1 sync", "1on1 unpair", "1on1 pairs", "1on1 log", "1on1 import",
    "1on1 import-calendar", "1on1 done", "1on1 actions", "1on1 due", "1on1 coverage",
    "1on1 load", "1on1 capacity", "1on1 suggest", "1on1 agenda", "1on1 history",
    "1on1 adherence", "1on1 ics",
    "interview schedule", "interview plan", "interview score", "interview import",
    "interview cancel",
    "interview rubric import", "interview rubric list", "interview rubric show",
    "interview candidate add", "interviewers enrol", "interviewers promote",
    "ladder import", "ladder show", "evidence add", "evidence retract",
    "lead role assign", "lead role list", "lead role end", "lead role edit",
    "lead opening add", "lead opening list", "lead opening advert", "lead opening apply",
    "lead opening nominate", "lead opening respond", "lead opening withdraw",
    "lead opening decide", "lead opening edit", "lead opening extend", "lead opening cancel",
    "lead opening close", "lead opening convert", "lead plan done",
    "rotation add", "rotation edit", "rotation list", "rotation show", "rotation optin",
    "rotation optout", "rotation assign", "rotation swap", "rotation close",
    "rotation feedback", "rotation fairness",
    "settings show", "settings set", "settings unset", "settings import-config",
    "report list", "audit projects",
}  # fmt: skip


def _commands() -> set[str]:
    from eng_ops.cli.app import app

    def walk(command, path=()):  # type: ignore[no-untyped-def]
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                yield from walk(sub, (*path, name))
        elif not command.hidden:  # hidden aliases run the same functions
            yield " ".join(path)

    return set(walk(typer.main.get_command(app)))


def test_every_command_is_classified() -> None:
    """A new command must say whether it can show ratings (and be checked) or not."""
    known = set(COMPARED) | PANEL_VIEWS | SUBMISSIONS_ONLY | UNRELATED
    commands = _commands()
    assert sorted(commands - known) == [], "classify these commands in this test"
    optional = {"interview cancel", "interview kit", "interview debrief"}
    assert sorted(known - commands - optional) == []


def test_every_report_is_checked() -> None:
    from eng_ops.services.reports import REPORTS

    compared = {args[0] for args in COMPARED["report render"]}
    per_candidate = {name for name, r in REPORTS.items() if "candidate" in r.params}
    # advert, one-on-ones and rotations read no interview data; hiring shows who has
    # submitted (counts, waiting days), never a rating or a recommendation
    unrelated = {"advert", "one-on-ones", "rotations", "hiring"}
    assert set(REPORTS) - compared - per_candidate <= unrelated


def _say(cli, who: str, *args: str):  # type: ignore[no-untyped-def]
    return cli(*args, as_=who)


def _snapshot(cli, who: str) -> dict[tuple[str, ...], tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    seen = {}
    for command, runs in COMPARED.items():
        for args in runs:
            key = (*command.split(), *args)
            result = cli(*key, as_=who)
            stdout = re.sub(r"(?i)generated \S+ \S+ UTC", "generated", result.stdout)
            seen[key] = (result.exit_code, stdout, result.stderr)
    return seen


@pytest.fixture
def loop(demo_org):  # type: ignore[no-untyped-def]
    cli = demo_org
    ok(cli("ladder", "import", str(EXAMPLES / "ladder.yaml")))
    ok(cli("interview", "rubric", "import", str(TECH_LEAD)))
    ok(cli("interviewers", "enrol", "ines", "--role", "tech-lead", "--stage", "shadow"))
    ok(cli("lead", "opening", "add", "--title", "Platform lead", "--team", "platform",
           "--seats", "1", "--closes", "2026-12-31", "--requires", "architecture:L4"))  # fmt: skip
    # candidate 1: Sam, external, both panelists submit
    ok(cli("interview", "candidate", "add", "Sam Okafor", "--role", "tech-lead"))
    ok(cli("interview", "candidate", "add", "Grace Liu", "--role", "tech-lead",
           "--person", "grace"))  # fmt: skip
    for cand in (SAM, GRACE):
        for who, focus in (("wei", WEI_FOCUS), ("marcus", MARCUS_FOCUS), ("hana", WEI_FOCUS)):
            ok(cli("interview", "schedule", cand, "--interviewer", who, "--focus", focus,
                   "--on", "2026-11-27"))  # fmt: skip
        ok(cli("interview", "schedule", cand, "--interviewer", "ines", "--focus", WEI_FOCUS,
               "--on", "2026-11-27", "--mode", "shadow"))  # fmt: skip
    # interviews: Sam 1 wei, 2 marcus, 3 hana, 4 ines (shadow);
    #             Grace 5 wei, 6 marcus, 7 hana, 8 ines (shadow)
    _score(cli, "wei", "1", WEI_FOCUS, 2, "no")
    _score(cli, "marcus", "2", MARCUS_FOCUS, 3, "yes")
    _score(cli, "hana", "3", WEI_FOCUS, 3, "yes")
    _score(cli, "ines", "4", WEI_FOCUS, 2, "no")
    return cli


def _score(cli, who: str, interview: str, focus: str, value: int, rec: str):  # type: ignore[no-untyped-def]
    ratings = [a for key in focus.split(",") for a in ("--rating", f"{key}={value}")]
    return ok(cli("interview", "score", interview, *ratings, "--recommend", rec, as_=who))


def test_a_panelist_before_submitting_sees_nothing_new_anywhere(loop) -> None:  # type: ignore[no-untyped-def]
    cli = loop
    before_marcus = _snapshot(cli, "marcus")
    before_priya = _snapshot(cli, "priya")
    _score(cli, "wei", "5", WEI_FOCUS, 4, "strong-yes")
    _score(cli, "hana", "7", WEI_FOCUS, 3, "yes")
    _score(cli, "ines", "8", WEI_FOCUS, 4, "yes")
    after_marcus = _snapshot(cli, "marcus")
    after_priya = _snapshot(cli, "priya")
    failed = [key for key, (code, _out, _err) in after_priya.items() if code != 0]
    assert failed == []  # every view works (an error twice over would compare equal)
    changed = [key for key in before_marcus if before_marcus[key] != after_marcus[key]]
    assert changed == []
    # ...while someone off the panel does see the new ratings (so the check could fail)
    seen_by_priya = {key[:2] for key in before_priya if before_priya[key] != after_priya[key]}
    for expected in (
        ("readiness", "grace"),
        ("evidence", "list"),
        ("interview", "calibrate"),
        ("interview", "reliability"),
        ("interviewers", "agreement"),
        ("audit", "log"),
        ("report", "render"),
    ):
        assert expected in seen_by_priya, expected
    evidence = as_json(cli("evidence", "list", "grace", "--format", "json", as_="priya"))
    # newest first: hana's 3s (#7, at grace's level) and wei's 4s (#5, one above)
    assert [e["interview_id"] for e in evidence if e["source"] == "interview"] == [7, 7, 7, 5, 5, 5]


def test_the_panel_and_its_exports_stay_closed_until_you_submit(loop) -> None:  # type: ignore[no-untyped-def]
    cli = loop
    _score(cli, "wei", "5", WEI_FOCUS, 4, "strong-yes")
    result = cli("interview", "panel", GRACE, "--format", "json", as_="marcus")
    view = as_json(result)
    assert view["scorecards"] == [] and view["recommendations"]["strong-yes"] == 0
    assert all(a["ratings"] == {} for a in view["attributes"])
    assert "have not submitted your scorecard" in result.stderr
    _assert_export_closed(cli, "marcus")
    packet = cli("report", "render", "scorecard-packet", "--param", f"candidate={GRACE}",
                 "--format", "md", as_="marcus").stdout  # fmt: skip
    assert "strong-yes: 0" in packet and "wei:4" not in packet
    # once marcus submits, he sees wei's scorecard
    _score(cli, "marcus", "6", MARCUS_FOCUS, 3, "yes")
    view = as_json(cli("interview", "panel", GRACE, "--format", "json", as_="marcus"))
    assert {s["interviewer"]: s["recommendation"] for s in view["scorecards"]} == {
        "wei": "strong-yes",
        "marcus": "yes",
    }  # hana has not submitted for Grace: missing, not hidden


def _assert_export_closed(cli, who: str) -> None:  # type: ignore[no-untyped-def]
    packet = as_json(cli("interview", "export", GRACE, "--format", "json", as_=who))
    assert packet["scorecards"] == [] and packet["shadow_scorecards"] == []
    assert sum(packet["recommendations"].values()) == 0
    csv_text = cli("interview", "export", GRACE, "--format", "csv", as_=who).stdout
    assert len(csv_text.strip().splitlines()) == 1  # the header alone
    for fmt in ("md", "html"):
        text = cli("interview", "export", GRACE, "--format", fmt, as_=who).stdout
        assert "wei:4" not in text and "strong-yes: 1" not in text


def test_a_decision_s_rationale_waits_for_the_panelist_s_scorecard(loop) -> None:  # type: ignore[no-untyped-def]
    cli = loop
    _score(cli, "wei", "5", WEI_FOCUS, 4, "strong-yes")
    _score(cli, "hana", "7", WEI_FOCUS, 3, "yes")
    ok(cli("interview", "decide", GRACE, "--hire", "--rationale", "Strong on architecture",
           "--force", as_="priya"))  # fmt: skip
    trail = ["audit", "log", "--entity", "candidate", "--format", "json"]
    decided = [e for e in as_json(cli(*trail, as_="priya")) if e["action"] == "decide"]
    assert [e["entity_key"] for e in decided] == [GRACE]
    assert "Strong on architecture" in decided[0]["changes"]
    # marcus owes his scorecard: neither the panel nor the audit trail gives the rationale
    assert [e for e in as_json(cli(*trail, as_="marcus")) if e["action"] == "decide"] == []
    view = as_json(cli("interview", "panel", GRACE, "--format", "json", as_="marcus"))
    assert (view["candidate"]["decision"], view["candidate"]["rationale"]) == ("hire", None)
    assert view["candidate"]["person"] == "grace"  # an internal candidate keeps their link


def test_calibrate_without_a_role_looks_only_at_what_you_may_see(loop) -> None:  # type: ignore[no-untyped-def]
    cli = loop
    # a backend loop (#9 wei, #10 marcus) where wei submits and marcus does not: the only
    # role with scorecards marcus may see is tech-lead, so no --role is needed for him
    ok(cli("interview", "rubric", "import", str(EXAMPLES / "rubrics" / "backend-engineer.yaml")))
    ok(cli("interview", "candidate", "add", "Bo Lind", "--role", "backend-engineer"))
    for who in ("wei", "marcus"):
        ok(cli("interview", "schedule", "3", "--interviewer", who, "--focus", "coding",
               "--on", "2026-11-27"))  # fmt: skip
    ok(cli("interview", "score", "9", "--rating", "coding=3", "--recommend", "yes", as_="wei"))
    result = cli("interview", "calibrate", "--format", "json", as_="marcus")
    ok(result)  # tech-lead alone: Sam's loop; Bo's is hidden from him
    assert as_json(result)["basis"]["candidates"] == 1
    both = cli("interview", "calibrate", as_="priya")
    assert both.exit_code == 1 and "several roles" in both.stderr


def test_deciding_before_submitting_prints_no_tally(loop) -> None:  # type: ignore[no-untyped-def]
    cli = loop
    _score(cli, "wei", "5", WEI_FOCUS, 4, "strong-yes")
    result = cli("interview", "decide", GRACE, "--no-hire", "--rationale", "Not now",
                 "--force", as_="marcus")  # fmt: skip
    ok(result)
    assert "yes /" not in result.stderr and "majority" not in result.stderr
    assert "have not submitted your scorecard" in result.stderr


def test_an_internal_candidate_never_sees_their_scorecards(loop) -> None:  # type: ignore[no-untyped-def]
    cli = loop
    _score(cli, "wei", "5", WEI_FOCUS, 4, "strong-yes")
    _score(cli, "marcus", "6", MARCUS_FOCUS, 3, "yes")
    _score(cli, "hana", "7", WEI_FOCUS, 3, "yes")
    _score(cli, "ines", "8", WEI_FOCUS, 4, "yes")
    result = cli("interview", "panel", GRACE, "--format", "json", as_="grace")
    view = as_json(result)
    assert view["scorecards"] == [] and view["shadow_scorecards"] == []
    assert sum(view["recommendations"].values()) == 0
    assert "you are the candidate" in result.stderr
    evidence = as_json(cli("evidence", "list", "grace", "--format", "json", as_="grace"))
    assert [e for e in evidence if e["source"] == "interview"] == []
    own = cli("interview", "decide", GRACE, "--hire", "--rationale", "me", as_="grace")
    assert own.exit_code == 1 and "someone else decides" in own.stderr
    ok(cli("interview", "decide", GRACE, "--hire", "--rationale", "Strong on architecture",
           as_="priya"))  # fmt: skip
    view = as_json(cli("interview", "panel", GRACE, "--format", "json", as_="grace"))
    assert view["candidate"]["decision"] == "hire"
    assert view["candidate"]["rationale"] == "Strong on architecture"
    assert view["scorecards"] == []
    _assert_export_closed(cli, "grace")
    # marcus, her manager, sat on the panel and submitted: he sees the evidence, three
    # pieces from each of the three lead scorecards (ratings of 3 or 4 on ladder keys)
    evidence = as_json(cli("evidence", "list", "grace", "--format", "json", as_="marcus"))
    assert len([e for e in evidence if e["source"] == "interview"]) == 9


def test_upgrading_links_existing_interview_evidence_to_its_interview(any_db: str) -> None:
    """Revision 0011 links evidence made before it (which named its interview only in the
    note) to that interview, so the visibility rule covers old evidence too."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from eng_ops.config import resolve_db_url
    from eng_ops.store.engine import engine_for
    from eng_ops.store.migrate import MIGRATIONS_DIR
    from tests.conftest import run_cli

    def cli(*args: str, as_: str | None = None):  # type: ignore[no-untyped-def]
        return run_cli("--db", any_db, *(["--as", as_] if as_ else []), *args)

    ok(cli("org", "import", str(EXAMPLES / "org.yaml")))
    ok(cli("ladder", "import", str(EXAMPLES / "ladder.yaml")))
    ok(cli("interview", "rubric", "import", str(TECH_LEAD)))
    ok(cli("interview", "candidate", "add", "Grace Liu", "--role", "tech-lead",
           "--person", "grace"))  # fmt: skip
    ok(cli("interview", "schedule", "1", "--interviewer", "wei", "--focus", "architecture",
           "--on", "2026-11-27"))  # fmt: skip
    _score(cli, "wei", "1", "architecture", 4, "yes")
    ok(cli("evidence", "add", "grace", "delivery", "--level", "L3", "--note",
           "not an interview #1: note"))  # fmt: skip
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine_for(resolve_db_url(any_db), create=False) as engine:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0010_readiness_projects")
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        with engine.connect() as conn:
            linked = conn.execute(
                text("SELECT source, interview_id FROM evidence ORDER BY id")
            ).all()
    # the interview's piece is linked again; the manual one mentioning "#1" is not
    assert [tuple(row) for row in linked] == [("interview", 1), ("manual", None)]
