"""A trainee's agreement with the panel says what it rests on and when it is too little."""

from __future__ import annotations

from tests.conftest import EXAMPLES, as_json, ok

BACKEND = EXAMPLES / "rubrics" / "backend-engineer.yaml"


def test_agreement_on_one_interview_is_too_few_to_judge(demo_org) -> None:  # type: ignore[no-untyped-def]
    cli = demo_org
    ok(cli("interview", "rubric", "import", str(BACKEND)))
    ok(cli("interviewers", "enrol", "ben", "--role", "backend-engineer", "--stage", "shadow"))
    ok(cli("interview", "candidate", "add", "Sam Okafor", "--role", "backend-engineer"))
    for who, mode in (("wei", "lead"), ("fatima", "lead"), ("ben", "shadow")):
        ok(cli("interview", "schedule", "1", "--interviewer", who, "--focus",
               "coding,system-design", "--on", "2026-11-27", "--mode", mode))  # fmt: skip
    for interview, who, coding, design in (("1", "wei", 3, 2), ("2", "fatima", 3, 2),
                                           ("3", "ben", 3, 3)):  # fmt: skip
        ok(cli("interview", "score", interview, "--rating", f"coding={coding}", "--rating",
               f"system-design={design}", "--recommend", "yes", as_=who))  # fmt: skip
    result = as_json(cli("interviewers", "agreement", "ben", "--role", "backend-engineer",
                         "--format", "json"))  # fmt: skip
    # ben's two ratings against the panel's medians (coding 3, system-design 2): 1 exact
    assert result["interviews"][0]["compared"] == 2 and result["interviews"][0]["exact"] == 1
    assert {k: result["basis"][k] for k in ("candidates", "interviews", "ratings")} == {
        "candidates": 1,
        "interviews": 1,
        "ratings": 2,
    }
    assert result["note"] == (
        "too few ratings to judge: 2 compared (kappa needs at least 10 to say much)"
    )
    table = ok(cli("interviewers", "agreement", "ben", "--role", "backend-engineer"))
    assert (
        "Based on 2 of ben's ratings compared with the panel's, from 1 interview of 1 candidate."
        in (table.stderr)
    )
    assert "too few ratings to judge" in table.stderr
