"""Lead-interview ratings of an internal candidate become readiness evidence."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import EXAMPLES, TODAY, as_json, ok


def test_internal_tech_lead_interview_becomes_evidence(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    ok(cli("ladder", "import", str(EXAMPLES / "ladder.yaml")))
    ok(cli("interview", "rubric", "import", str(EXAMPLES / "rubrics" / "tech-lead.yaml")))
    person = next(p for p in as_json(cli("people", "list", "-f", "json")) if p["level"] == "L4")
    levels = as_json(cli("ladder", "show", "-f", "json"))["levels"]
    above = levels[levels.index("L4") + 1]
    cand = as_json(
        cli(
            "interview",
            "candidate",
            "add",
            "Internal",
            "--role",
            "tech-lead",
            "--person",
            person["handle"],
            "-f",
            "json",
        )
    )["id"]
    day = (TODAY - timedelta(days=2)).isoformat()
    interview = as_json(
        cli(
            "interview",
            "schedule",
            str(cand),
            "--interviewer",
            "priya",
            "--focus",
            "architecture,delivery,mentoring",
            "--on",
            day,
            "--backfill",
            "-f",
            "json",
        )
    )["id"]
    ok(
        cli(
            "interview",
            "score",
            str(interview),
            "--rating",
            "architecture=4",
            "--rating",
            "delivery=3",
            "--rating",
            "mentoring=2",
            "--recommend",
            "yes",
            as_="priya",
        )
    )
    evidence = as_json(cli("evidence", "list", person["handle"], "-f", "json"))
    got = {(e["competency"], e["level"], e["source"], e["on"]) for e in evidence}
    assert got == {
        ("architecture", above, "interview", day),
        ("delivery", "L4", "interview", day),
    }
    # an amendment does not add the same evidence twice
    ok(
        cli(
            "interview",
            "score",
            str(interview),
            "--rating",
            "architecture=4",
            "--rating",
            "delivery=3",
            "--rating",
            "mentoring=3",
            "--recommend",
            "yes",
            "--amend",
            "typo",
            as_="priya",
        )
    )
    assert len(as_json(cli("evidence", "list", person["handle"], "-f", "json"))) == 2


def test_external_candidate_adds_no_evidence(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    ok(cli("ladder", "import", str(EXAMPLES / "ladder.yaml")))
    ok(cli("interview", "rubric", "import", str(EXAMPLES / "rubrics" / "tech-lead.yaml")))
    cand = as_json(
        cli("interview", "candidate", "add", "Outside Hire", "--role", "tech-lead", "-f", "json")
    )["id"]
    interview = as_json(
        cli(
            "interview",
            "schedule",
            str(cand),
            "--interviewer",
            "priya",
            "--focus",
            "architecture",
            "--on",
            TODAY.isoformat(),
            "-f",
            "json",
        )
    )["id"]
    ok(
        cli(
            "interview",
            "score",
            str(interview),
            "--rating",
            "architecture=4",
            "--recommend",
            "yes",
            as_="priya",
        )
    )
    log = as_json(cli("audit", "log", "--entity", "evidence", "-f", "json"))
    assert log == []
