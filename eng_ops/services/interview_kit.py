"""Interview kits: what one interviewer needs to run and score their interview alone.

A kit holds the candidate, the slot (date, mode), each focus attribute with its full anchored
scale and suggested questions, and the rules of independent scoring. It shows no ratings, so
any panelist, the hiring lead or a coordinator may read it; the candidate may not (it holds
the questions they are about to be asked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from eng_ops.errors import InvalidInput
from eng_ops.services import audit
from eng_ops.services.interviews import get_interview
from eng_ops.services.rubrics import attributes_of, latest_rubric
from eng_ops.services.settings import current
from eng_ops.store.models import RECOMMENDATIONS, Person
from eng_ops.text import plural


@dataclass(frozen=True)
class KitAnchor:
    """One point of an attribute's scale and what it looks like."""

    level: int
    text: str


@dataclass(frozen=True)
class KitQuestion:
    question: str
    follow_ups: tuple[str, ...]


@dataclass(frozen=True)
class KitAttribute:
    """A focus attribute: its anchored scale and the questions that probe it."""

    key: str
    name: str
    category: str | None
    specialty: str | None
    anchors: tuple[KitAnchor, ...]
    questions: tuple[KitQuestion, ...]


@dataclass(frozen=True)
class InterviewKit:
    """One interviewer's kit for one interview (no ratings, nobody's scorecard)."""

    interview_id: int
    candidate_id: int
    candidate: str
    internal: bool  # the candidate is someone in the org
    role: str
    role_title: str
    rubric_version: int
    scale_min: int
    scale_max: int
    interviewer: str  # handle
    interviewer_name: str
    on: date
    mode: str  # lead | shadow | reverse-shadow
    mode_note: str
    score_by: date
    attributes: tuple[KitAttribute, ...]
    not_in_rubric: tuple[str, ...]  # focus attributes the rubric's latest version dropped
    rules: tuple[str, ...]
    submit_command: str
    recommendations: tuple[str, ...]  # what --recommend takes


MODE_NOTES = {
    "lead": "You lead this interview; your scorecard counts in the panel's ratings.",
    "shadow": (
        "You shadow: a qualified interviewer leads, you observe and score the same attributes. "
        "Your scorecard is kept apart and not counted in the panel's ratings."
    ),
    "reverse-shadow": (
        "You lead while a qualified interviewer watches. Your scorecard is kept apart, not "
        "counted, and compared with the panel's to check your calibration."
    ),
}


def interview_kit(session: Session, interview_id: int, viewer: str | None = None) -> InterviewKit:
    """The kit for interview `interview_id`, as `viewer` (default: the acting person) reads it."""
    interview, candidate, handle = get_interview(session, interview_id)
    viewer = audit.actor_of(session) if viewer is None else viewer
    if candidate.person_id is not None:
        own = session.exec(select(Person.handle).where(Person.id == candidate.person_id)).first()
        if own == viewer:
            raise InvalidInput(
                f"interview #{interview_id} is about you: its kit (questions included) is for "
                "the panel"
            )
    name = session.exec(select(Person.name).where(Person.id == interview.interviewer_id)).one()
    rubric = latest_rubric(session, candidate.role)
    by_key = {a.key: a for a in attributes_of(session, rubric.id)}  # type: ignore[arg-type]
    attributes = tuple(
        KitAttribute(
            key=a.key,
            name=a.name,
            category=a.category,
            specialty=a.specialty,
            anchors=tuple(
                KitAnchor(int(level), text)
                for level, text in sorted(a.anchors.items(), key=lambda kv: int(kv[0]))
            ),
            questions=tuple(
                KitQuestion(q["question"], tuple(q.get("follow_ups") or []))
                for q in a.questions or []
            ),
        )
        for a in (by_key[k] for k in interview.focus if k in by_key)
    )
    days = current(session).scorecard_days
    score_by = interview.on + timedelta(days=days)
    return InterviewKit(
        interview_id=interview.id,  # type: ignore[arg-type]
        candidate_id=candidate.id,  # type: ignore[arg-type]
        candidate=candidate.name,
        internal=candidate.person_id is not None,
        role=candidate.role,
        role_title=rubric.title,
        rubric_version=rubric.version,
        scale_min=rubric.scale_min,
        scale_max=rubric.scale_max,
        interviewer=handle,
        interviewer_name=name,
        on=interview.on,
        mode=interview.mode,
        mode_note=MODE_NOTES.get(interview.mode, ""),
        score_by=score_by,
        attributes=attributes,
        not_in_rubric=tuple(k for k in interview.focus if k not in by_key),
        rules=_rules(rubric.scale_min, rubric.scale_max, days, score_by),
        submit_command=_submit_command(handle, interview.id, attributes),  # type: ignore[arg-type]
        recommendations=tuple(RECOMMENDATIONS),
    )


def _rules(low: int, high: int, days: int, score_by: date) -> tuple[str, ...]:
    when = "on the day of" if days == 0 else f"within {plural(days, 'day')} of"
    return (
        "Score alone: write and submit your scorecard before you read anyone else's "
        "scorecard or talk about the candidate with the panel.",
        f"Rate each focus attribute on the {low}-{high} scale against its anchors: pick the "
        "anchor that best matches what you saw and heard, not what you expect the candidate "
        "could do.",
        "Rate only your focus attributes, and write the evidence behind each rating in your "
        "notes: what the candidate said or did.",
        f"Submit {when} the interview (by {score_by.isoformat()}); a draft "
        "(--draft) is visible to you alone.",
        "Until you submit, the panel view hides the other panelists' scorecards from you; "
        "after you submit you see them all. A submitted scorecard does not change: "
        "amend it with a reason if you must.",
    )


def _submit_command(handle: str, interview_id: int, attributes: tuple[KitAttribute, ...]) -> str:
    ratings = " ".join(f"--rating {a.key}=N" for a in attributes)
    return (
        f"eng-ops --as {handle} interview score {interview_id} {ratings} "
        '--recommend RECOMMENDATION --notes "EVIDENCE"'
    )
