"""Demo interview loops: rubrics, interviewer pool, panels with realistic scorecards."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlmodel import Session

from eng_ops import dates as clock
from eng_ops.services import audit
from eng_ops.services.interview_plan import assign_focus
from eng_ops.services.interviewers import enrol
from eng_ops.services.people import get_person
from eng_ops.services.rubrics import attributes_of, import_rubric, parse_rubric_file
from eng_ops.store.models import Candidate, Interview, Rating, Scorecard
from eng_ops.yamlio import load_yaml

RATIONALE = {
    "hire": "Consistent evidence above the bar on the core attributes; no red flags.",
    "no-hire": "Below the bar on the role's core technical attributes across the panel.",
}


def recommend(ratings: list[int]) -> str:
    average = sum(ratings) / len(ratings)
    if average >= 3.5:
        return "strong-yes"
    if average >= 2.5:
        return "yes"
    if average >= 1.75:
        return "no"
    return "strong-no"


def build(session: Session, examples: Path, today: date | None = None) -> str:
    today = today or clock.today()
    rubrics = {}
    for path in sorted((examples / "rubrics").glob("*.yaml")):
        rubric, _ = import_rubric(session, parse_rubric_file(path))
        rubrics[rubric.role] = rubric
    data = load_yaml(examples / "interviews.yaml")
    for role, stages in data["interviewers"].items():
        for stage, handles in stages.items():
            for handle in handles:
                enrol(session, handle, role, stage)
    rng = random.Random(12)
    bias = {k: float(v) for k, v in (data.get("bias") or {}).items()}
    stars = data.get("star") or {}
    load: Counter[str] = Counter()
    totals = Counter()
    now = datetime.now(UTC)
    for spec in data["candidates"]:
        role = spec["role"]
        rubric = rubrics[role]
        keys = [a.key for a in attributes_of(session, rubric.id)]  # type: ignore[arg-type]
        held = today - timedelta(weeks=int(spec["weeks_ago"]))
        person = get_person(session, spec["person"]) if spec.get("person") else None
        candidate = Candidate(
            name=spec["name"],
            role=role,
            person_id=person.id if person else None,
            created_at=datetime.combine(held - timedelta(days=10), time(9), tzinfo=UTC),
        )
        session.add(candidate)
        session.flush()
        pool = [
            h for h in data["interviewers"][role]["qualified"] if not person or h != person.handle
        ]
        size = int(spec.get("panel_size", 3))
        panel = [stars[role]] if role in stars else []
        others = sorted((h for h in pool if h not in panel), key=lambda h: (load[h], rng.random()))
        panel += others[: size - len(panel)]
        stages = data["interviewers"][role]
        trainees = [
            (h, "reverse-shadow" if stage == "reverse-shadow" else "shadow")
            for stage in ("trainee", "shadow", "reverse-shadow")
            for h in stages.get(stage) or []
        ]
        missing = (
            set(panel[len(panel) - int(spec.get("missing", 0)) :]) if spec.get("missing") else set()
        )
        focus_sets = assign_focus(keys, len(panel))
        for handle, focus in zip(panel, focus_sets, strict=True):
            load[handle] += 1
            _interview(
                session,
                candidate,
                handle,
                focus,
                held,
                "lead",
                rubric.id,
                spec,
                bias,
                rng,
                submitted=handle not in missing,
                now=now,
            )
            totals["interviews"] += 1
        if trainees and rng.random() < 0.75:
            trainee, mode = trainees[rng.randrange(len(trainees))]
            _interview(
                session,
                candidate,
                trainee,
                focus_sets[0],
                held,
                mode,
                rubric.id,
                spec,
                bias,
                rng,
                submitted=True,
                now=now,
            )
            totals["interviews"] += 1
        if spec["outcome"] in RATIONALE:
            candidate.status = "hired" if spec["outcome"] == "hire" else "rejected"
            candidate.decision = spec["outcome"]
            candidate.rationale = RATIONALE[spec["outcome"]]
            candidate.decided_by = "priya"
            candidate.decided_on = held + timedelta(days=rng.randint(3, 9))
            session.add(candidate)
        totals["candidates"] += 1
    audit.record(session, "create", "demo", "interviews", None, dict(totals))
    return (
        f"interviews: {len(rubrics)} rubrics, {totals['candidates']} candidates, "
        f"{totals['interviews']} interviews"
    )


def _interview(
    session,
    candidate,
    handle,
    focus,
    held,
    mode,
    rubric_id,
    spec,
    bias,
    rng,
    *,  # type: ignore[no-untyped-def]
    submitted: bool,
    now: datetime,
) -> None:
    person = get_person(session, handle)
    interview = Interview(
        candidate_id=candidate.id,
        interviewer_id=person.id,  # type: ignore[arg-type]
        focus=focus,
        on=held,
        mode=mode,
        created_at=now,
    )
    session.add(interview)
    session.flush()
    if not submitted:
        return
    quality = float(spec["quality"]) + bias.get(handle, 0.0)
    scores = [min(4, max(1, round(quality + rng.gauss(0, 0.35)))) for _ in focus]
    card = Scorecard(
        interview_id=interview.id,  # type: ignore[arg-type]
        revision=1,
        rubric_id=rubric_id,
        recommendation=recommend(scores),
        notes="Evidence noted against each anchor.",
        submitted=True,
        author=handle,
        created_at=now,
        submitted_at=now,
    )
    session.add(card)
    session.flush()
    for key, value in zip(focus, scores, strict=True):
        session.add(Rating(scorecard_id=card.id, attribute=key, score=value))  # type: ignore[arg-type]
