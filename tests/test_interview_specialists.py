"""Issue 15, item 4: specialist attributes on rubrics, specialists on the panels that rate them.

A rubric attribute may name a `specialty`; `interview plan` puts a qualified lead with that
specialty on the panel and gives them the attribute, or says plainly that non-specialists will
rate it; `interview panel` warns when a scheduled loop has no specialist rating it. Rubric
parsing of `specialty` and `questions`, the digest that makes a changed one a new version, and
`rubric show` are checked here too. Real SQLite files through the real CLI; expected values
come from examples/*.yaml (read here with yaml, never through the code) and hand-worked plans.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

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

RUBRIC_FILES = sorted((EXAMPLES / "rubrics").glob("*.yaml"))
MOBILE_FILE = EXAMPLES / "rubrics" / "mobile-engineer.yaml"
MOBILE_SPEC = yaml.safe_load(MOBILE_FILE.read_text(encoding="utf-8"))
MOBILE = "mobile-engineer"
BACKEND = "backend-engineer"
MOBILE_KEYS = [a["key"] for a in MOBILE_SPEC["attributes"]]
# The shipped mobile rubric marks its four platform attributes `specialty: mobile`.
SPECIALIST = ["platform-depth", "ui-performance", "offline-and-sync", "release-and-store"]
SOON = (TODAY + timedelta(days=3)).isoformat()  # a future date: no --backfill needed


@pytest.fixture(scope="module")
def rubrics_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/org.yaml and the shipped rubrics, imported once; nobody enrolled yet."""
    return build_template(
        tmp_path_factory,
        "specialists",
        ("interview", "rubric", "import", *map(str, RUBRIC_FILES)),
    )


@pytest.fixture
def org(cli, db_path: Path, rubrics_template: Path):  # type: ignore[no-untyped-def]
    copy_template(rubrics_template, db_path)
    return cli


def enrol(cli, role: str, *handles: str, stage: str = "qualified") -> None:  # type: ignore[no-untyped-def]
    for handle in handles:
        ok(cli("interviewers", "enrol", handle, "--role", role, "--stage", stage))


def add_candidate(cli, name: str, role: str = MOBILE) -> int:  # type: ignore[no-untyped-def]
    return as_json(cli("interview", "candidate", "add", name, "--role", role, "-f", "json"))["id"]


def schedule(cli, cand: int, who: str, focus: list[str], on: str = SOON) -> int:  # type: ignore[no-untyped-def]
    args = ["interview", "schedule", str(cand), "--interviewer", who, "--focus", ",".join(focus)]
    return as_json(cli(*args, "--on", on, "-f", "json"))["id"]


def warnings(stderr: str) -> list[str]:
    """The specialist warnings on stderr (others, like missing scorecards, are left out)."""
    lines = [line.removeprefix("warning: ") for line in stderr.splitlines() if "warning:" in line]
    return [line for line in lines if "special" in line]


# --- the rubric: specialty and questions -------------------------------------------------------


def test_shipped_mobile_rubric_marks_platform_attributes_and_show_lists_them(org) -> None:  # type: ignore[no-untyped-def]
    assert [a["key"] for a in MOBILE_SPEC["attributes"] if a.get("specialty")] == SPECIALIST
    shown = as_json(org("interview", "rubric", "show", MOBILE, "-f", "json"))
    assert {a["key"]: a["specialty"] for a in shown["attributes"]} == {
        k: ("mobile" if k in SPECIALIST else None) for k in MOBILE_KEYS
    }
    for got, want in zip(shown["attributes"], MOBILE_SPEC["attributes"], strict=True):
        assert got["questions"] == [
            {"question": q["question"], "follow_ups": q["follow_ups"]} for q in want["questions"]
        ]
    # Every shipped rubric has 2-3 questions per attribute, each with follow-ups.
    for path in RUBRIC_FILES:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for attr in spec["attributes"]:
            assert 2 <= len(attr["questions"]) <= 3, (path.name, attr["key"])
            assert all(q["follow_ups"] for q in attr["questions"]), (path.name, attr["key"])

    table = ok(org("interview", "rubric", "show", MOBILE)).stdout
    assert "specialty" in table and "mobile" in table
    assert "Interview questions" in table
    # csv: one section at a time; the mobile rubric has 7 attributes x 2 questions = 14 rows.
    rows = ok(org("interview", "rubric", "show", MOBILE, "-f", "csv", "--section", "questions"))
    lines = rows.stdout.splitlines()
    assert lines[0] == "attribute,question,follow_ups"
    assert len(lines) - 1 == 14
    attrs = ok(org("interview", "rubric", "show", MOBILE, "-f", "csv", "--section", "attributes"))
    assert attrs.stdout.splitlines()[0] == "attribute,name,category,specialty,1,2,3,4"


def _old_digest(spec: dict) -> str:
    """The digest the code computed before attributes had a specialty or questions (sha256
    of the sorted JSON of role, title, description, scale and attributes' key, name,
    category and anchors), re-derived here by hand."""
    low, high = spec.get("scale", [1, 4])
    data = {
        "role": spec["role"],
        "title": spec["title"],
        "description": spec.get("description"),
        "scale_min": low,
        "scale_max": high,
        "attributes": [
            {
                "key": a["key"],
                "name": a["name"],
                "category": a.get("category"),
                "anchors": {str(k): str(v).strip() for k, v in a["anchors"].items()},
            }
            for a in spec["attributes"]
        ],
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_rubric_without_specialty_or_questions_keeps_its_old_digest(
    demo_org, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    spec = yaml.safe_load(MOBILE_FILE.read_text(encoding="utf-8"))
    for attr in spec["attributes"]:
        attr.pop("specialty", None)
        attr.pop("questions", None)
    plain = tmp_path / "plain.yaml"
    plain.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    ok(demo_org("interview", "rubric", "import", str(plain)))
    with sqlite3.connect(db_path) as db:
        (stored,) = db.execute("select digest from rubric where role = ?", (MOBILE,)).fetchone()
    assert stored == _old_digest(spec)


def test_changed_specialty_or_question_is_a_new_version(org, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spec = yaml.safe_load(MOBILE_FILE.read_text(encoding="utf-8"))
    path = tmp_path / "mobile.yaml"

    def imported(message: str) -> None:
        path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        assert f"{MOBILE}: {message}" in ok(org("interview", "rubric", "import", str(path))).stderr

    imported("version 1 (unchanged)")  # the same content, written differently
    spec["attributes"][0]["specialty"] = "ios"
    imported("version 2 (imported)")
    spec["attributes"][0]["questions"][0]["follow_ups"].append("What would you log?")
    imported("version 3 (imported)")
    spec["attributes"][4]["questions"].append("Why did you name it that way?")  # coding
    imported("version 4 (imported)")
    imported("version 4 (unchanged)")

    shown = as_json(org("interview", "rubric", "show", MOBILE, "-f", "json"))
    first, coding = shown["attributes"][0], shown["attributes"][4]
    assert (shown["version"], first["specialty"]) == (4, "ios")
    assert first["questions"][0]["follow_ups"][-1] == "What would you log?"
    # A bare string is a question with no follow-ups.
    assert coding["questions"][-1] == {
        "question": "Why did you name it that way?",
        "follow_ups": [],
    }
    old = as_json(org("interview", "rubric", "show", MOBILE, "--version", "1", "-f", "json"))
    assert old["attributes"][0]["specialty"] == "mobile"


RUBRIC = """\
role: app-engineer
title: App Engineer
attributes:
  - key: craft
    name: Craft
    specialty: mobile
    anchors:
      1: "weak"
      2: "fair"
      3: "good"
      4: "great"
    questions:
      - "Tell me about a release you are proud of."
      - question: "How do you test on old devices?"
        follow_ups:
          - "Which devices?"
"""
# line numbers in RUBRIC: 6 specialty, 12 questions, 13 first question, 14 second (mapping),
# 15 follow_ups, 16 its first item.


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("    specialty: mobile", "    specialty: [mobile, ios]", ":6: attributes[0].specialty:"),
        ("    specialty: mobile", "    specialty: mobile ios", ":6: attributes[0].specialty:"),
        (
            '      - "Tell me about a release you are proud of."',
            "      - 42",
            ":13: attributes[0].questions[0]:",
        ),
        (
            '      - "Tell me about a release you are proud of."',
            '      - ""',
            ":13: attributes[0].questions[0].question:",
        ),
        (
            '      - "Tell me about a release you are proud of."',
            "      - Tell me about: a release",
            ":13: attributes[0].questions[0].Tell me about: unknown field",
        ),
        (
            '          - "Which devices?"',
            "          - [a, b]",
            ":16: attributes[0].questions[1].follow_ups[0]: expected text",
        ),
        (
            '        follow_ups:\n          - "Which devices?"',
            "        follow_ups: Which devices?",
            ":15: attributes[0].questions[1].follow_ups: expected a list",
        ),
        (
            RUBRIC[RUBRIC.index("    questions:") :],
            "    questions: Tell me about a release.\n",
            ":12: attributes[0].questions: expected a list",
        ),
        (
            '      - question: "How do you test on old devices?"',
            '      - question: "How do you test on old devices?"\n        hint: "x"',
            ":15: attributes[0].questions[1].hint: unknown field",
        ),
    ],
    ids=[
        "specialty-list",
        "specialty-two-words",
        "question-number",
        "question-empty",
        "question-with-colon",
        "follow-up-list",
        "follow-ups-text",
        "questions-text",
        "question-unknown-field",
    ],
)
def test_bad_specialty_or_questions_is_file_line_and_imports_nothing(
    demo_org, db_path: Path, tmp_path: Path, old: str, new: str, where: str
) -> None:  # type: ignore[no-untyped-def]
    assert old in RUBRIC
    path = tmp_path / "app.yaml"
    path.write_text(RUBRIC.replace(old, new, 1), encoding="utf-8")
    before = file_digest(db_path)
    result = demo_org("interview", "rubric", "import", str(path))
    assert_one_line_error(result)
    assert f"{path}{where}" in result.stderr
    assert file_digest(db_path) == before


def test_too_many_questions_is_refused(demo_org, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    many = "".join(f'      - "Question {n}?"\n' for n in range(21))  # the limit is 20
    text = RUBRIC.split("    questions:\n")[0] + "    questions:\n" + many
    path = tmp_path / "app.yaml"
    path.write_text(text, encoding="utf-8")
    before = file_digest(db_path)
    result = demo_org("interview", "rubric", "import", str(path))
    assert_one_line_error(result)
    assert f"{path}:12: attributes[0].questions: more than 20 questions" in result.stderr
    assert file_digest(db_path) == before


# --- interview plan: specialists on the panel ---------------------------------------------------


def test_plan_puts_the_only_mobile_specialist_on_the_panel_with_the_platform_attributes(
    org, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # wei and fatima (no mobile specialty) and hana (mobile, ios, android) are qualified;
    # hana already has 2 interviews in the next days, wei and fatima none.
    enrol(org, MOBILE, "wei", "fatima", "hana")
    for n in range(2):
        schedule(org, add_candidate(org, f"Earlier {n}"), "hana", ["coding"])
    cand = add_candidate(org, "Sam Mobile")

    # Without the specialty rule size 2 would take fatima and wei (load 0 each).
    two = as_json(org("interview", "plan", str(cand), "--size", "2", "-f", "json"))
    assert [s["interviewer"] for s in two] == ["fatima", "hana"]  # least loaded first
    assert all(s["focus"] == MOBILE_KEYS for s in two)  # two leads: each rates everything

    # Size 3, worked by hand: leads fatima, wei (load 0), hana (load 2, the specialist).
    # Round robin (attribute i -> slots i and i+1 mod 3) gives hana ui, offline, coding,
    # collaboration; platform-depth moves from fatima to hana (fatima takes hana's coding
    # in exchange), then release-and-store moves from fatima to hana (nothing hana holds can
    # go back without leaving a platform attribute to non-specialists).
    result = org("interview", "plan", str(cand), "--size", "3", "-f", "json")
    slots = as_json(result)
    focus = {s["interviewer"]: s["focus"] for s in slots}
    assert focus == {
        "fatima": ["offline-and-sync", "coding", "collaboration", "product-sense"],
        "wei": ["platform-depth", "ui-performance", "release-and-store", "coding", "product-sense"],
        "hana": [
            "platform-depth",
            "ui-performance",
            "offline-and-sync",
            "release-and-store",
            "collaboration",
        ],
    }
    # Still every attribute rated twice.
    assert Counter(k for f in focus.values() for k in f) == dict.fromkeys(MOBILE_KEYS, 2)
    reasons = {s["interviewer"]: s["reason"] for s in slots}
    assert reasons["hana"] == (
        "qualified; mobile specialist: platform-depth, ui-performance, offline-and-sync, "
        "release-and-store; 2 interviews in 90 days"
    )
    assert reasons["wei"] == "qualified; 0 interviews in 90 days"
    assert warnings(result.stderr) == []

    # Applied, the loop has its specialist: the panel does not warn.
    ok(org("interview", "plan", str(cand), "--size", "3", "--apply", "--on", SOON))
    shown = org("interview", "panel", str(cand), "-f", "json", as_="priya")
    assert warnings(ok(shown).stderr) == []


def test_plan_without_any_specialist_proposes_a_panel_and_says_so(org) -> None:  # type: ignore[no-untyped-def]
    enrol(org, MOBILE, "wei", "fatima")
    cand = add_candidate(org, "Ira Nospec")
    result = org("interview", "plan", str(cand), "--size", "2", "-f", "json")
    slots = as_json(result)
    assert [s["interviewer"] for s in slots] == ["fatima", "wei"]
    gaps = "platform-depth, ui-performance, offline-and-sync, release-and-store"
    for slot in slots:
        assert slot["reason"] == (
            f"qualified; no mobile specialist on the panel: rates {gaps}; 0 interviews in 90 days"
        )
    assert warnings(result.stderr) == [
        f"no qualified interviewer with specialty mobile: {key} will be rated by "
        "non-specialists (fatima, wei)"
        for key in SPECIALIST
    ]
    # The backend rubric has no specialist attribute: no such warning there.
    enrol(org, BACKEND, "wei", "fatima")
    backend = add_candidate(org, "Bo Backend", BACKEND)
    plain = org("interview", "plan", str(backend), "--size", "2", "-f", "json")
    assert warnings(ok(plain).stderr) == []


def test_plan_counts_a_specialist_already_rating_in_the_loop(org) -> None:  # type: ignore[no-untyped-def]
    enrol(org, MOBILE, "wei", "fatima", "hana", "ines")
    cand = add_candidate(org, "Lee Loop")
    schedule(org, cand, "hana", SPECIALIST)  # hana (mobile) already rates all four
    slots = as_json(org("interview", "plan", str(cand), "--size", "2", "-f", "json"))
    # No specialist is needed any more: plain least-loaded order (fatima, ines, wei by handle,
    # all at 0; hana is taken). ines happens to be a specialist, and her reason says so.
    assert [s["interviewer"] for s in slots] == ["fatima", "ines"]
    assert slots[0]["reason"] == "qualified; 0 interviews in 90 days"


def test_plan_when_the_panel_is_too_small_for_every_specialty(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Two specialties; ines has ios, jamal android; one lead slot takes only one of them.
    text = """\
role: app-engineer
title: App Engineer
attributes:
  - {key: swift, name: Swift, specialty: ios, anchors: {1: a, 2: b, 3: c, 4: d}}
  - {key: kotlin, name: Kotlin, specialty: android, anchors: {1: a, 2: b, 3: c, 4: d}}
  - {key: craft, name: Craft, anchors: {1: a, 2: b, 3: c, 4: d}}
"""
    path = tmp_path / "app.yaml"
    path.write_text(text, encoding="utf-8")
    ok(org("interview", "rubric", "import", str(path)))
    enrol(org, "app-engineer", "ines", "jamal")
    cand = add_candidate(org, "Ada App", "app-engineer")
    result = org("interview", "plan", str(cand), "--size", "1", "-f", "json")
    (slot,) = as_json(result)
    # ines and jamal each cover one specialty: the first (by load, then handle) is ines.
    assert (slot["interviewer"], slot["focus"]) == ("ines", ["swift", "kotlin", "craft"])
    assert warnings(result.stderr) == [
        "no lead with specialty android on this panel (qualified with it: jamal): kotlin will "
        "be rated by non-specialists (ines)"
    ]
    # hana has both specialties: one slot covers both (she is chosen although busier).
    enrol(org, "app-engineer", "hana")
    schedule(org, add_candidate(org, "Earlier", "app-engineer"), "hana", ["craft"])
    both = org("interview", "plan", str(cand), "--size", "1", "-f", "json")
    assert [s["interviewer"] for s in as_json(both)] == ["hana"]
    assert warnings(both.stderr) == []


# --- interview panel: the scheduled loop --------------------------------------------------------


def test_panel_warns_when_no_scheduled_lead_is_a_specialist(org) -> None:  # type: ignore[no-untyped-def]
    enrol(org, MOBILE, "wei", "hana")
    cand = add_candidate(org, "Kim Gap")
    before = org("interview", "panel", str(cand), "-f", "json", as_="priya")
    assert warnings(ok(before).stderr) == []  # nothing scheduled: nothing to warn about

    schedule(org, cand, "wei", ["platform-depth", "ui-performance", "coding"])
    result = org("interview", "panel", str(cand), "-f", "json", as_="priya")
    view = as_json(result)
    assert view["interviews"][0]["interviewer"] == "wei"  # stdout is still the panel's JSON
    head = f"no lead with specialty mobile on candidate #{cand}'s panel (qualified with it: hana)"
    assert warnings(result.stderr) == [
        f"{head}: platform-depth is rated by non-specialists (wei)",
        f"{head}: ui-performance is rated by non-specialists (wei)",
        f"{head}: offline-and-sync is rated by no one",
        f"{head}: release-and-store is rated by no one",
    ]

    # hana joins but rates only coding: a specialist is there, the attributes are not hers.
    schedule(org, cand, "hana", ["coding", "offline-and-sync", "release-and-store"])
    again = org("interview", "panel", str(cand), as_="priya")
    assert warnings(ok(again).stderr) == [
        f"platform-depth is in the focus of none of candidate #{cand}'s panel's mobile "
        "specialists (hana): it is rated by non-specialists (wei)",
        f"ui-performance is in the focus of none of candidate #{cand}'s panel's mobile "
        "specialists (hana): it is rated by non-specialists (wei)",
    ]

    # Planning the rest of the loop: hana is taken and no other specialist is qualified, so
    # fatima (the one lead left) rates everything and the plan says who rates the two.
    enrol(org, MOBILE, "fatima")
    proposal = org("interview", "plan", str(cand), "--size", "1", "-f", "json")
    assert [s["interviewer"] for s in as_json(proposal)] == ["fatima"]
    assert warnings(proposal.stderr) == [
        f"{key} is in the focus of none of this panel's mobile specialists (hana): it will be "
        "rated by non-specialists (wei, fatima)"
        for key in ("platform-depth", "ui-performance")
    ]
