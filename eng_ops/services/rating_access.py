"""Who may see interview ratings: the one rule every reader uses.

Independent scoring means a panelist forms their view alone. So:
- a panelist (any mode) who has not submitted their own scorecard for a candidate sees
  nothing derived from the others' ratings of that candidate: scorecards, means, tallies,
  calibration, reliability, evidence or readiness built on them;
- an internal candidate never sees the scorecards or rating-derived evidence of their own
  loop; once it is decided they see the decision and its rationale;
- everyone else sees submitted scorecards (drafts stay their author's).

The viewer is the acting person (`--as`, the config user); an actor who is not a person in
the org (the file's owner) sees everything until database logins and roles exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, event, exists, or_, true
from sqlmodel import Session, col, select

from eng_ops.services import audit
from eng_ops.store.models import Candidate, Evidence, Interview, Person, Scorecard


@dataclass(frozen=True)
class RatingAccess:
    """What one viewer may see of interview ratings (built once per command)."""

    viewer: str
    person_id: int | None
    unsubmitted: frozenset[int]  # candidates on whose panel the viewer owes a scorecard
    own: frozenset[int]  # candidates who are the viewer (an internal candidate)

    @property
    def hidden(self) -> frozenset[int]:
        """Candidates whose ratings (and anything derived from them) the viewer may not see."""
        return self.unsubmitted | self.own

    def sees_ratings(self, candidate_id: int | None) -> bool:
        return candidate_id is None or candidate_id not in self.hidden

    def why_hidden(self, candidate_id: int) -> str | None:
        """One plain line saying why the viewer sees no ratings for this candidate."""
        if candidate_id in self.own:
            return "you are the candidate: your loop's scorecards are the panel's"
        if candidate_id in self.unsubmitted:
            return (
                f"you sit on candidate #{candidate_id}'s panel and have not submitted your "
                "scorecard: the others' ratings stay hidden until you do"
            )
        return None


_CACHE = "rating_access"


def rating_access(session: Session, viewer: str | None = None) -> RatingAccess:
    """The rule for `viewer` (default: the session's actor), in two small queries, made once
    per session and viewer (many readers ask in one command) and forgotten at every flush,
    since a write (a submitted scorecard) may change it."""
    viewer = audit.actor_of(session) if viewer is None else viewer
    cache: dict[str, RatingAccess] | None = session.info.get(_CACHE)
    if cache is None:
        cache = session.info[_CACHE] = {}
        event.listen(session, "after_flush", lambda s, _ctx: s.info[_CACHE].clear())
    if viewer not in cache:
        cache[viewer] = _build(session, viewer)
    return cache[viewer]


def _build(session: Session, viewer: str) -> RatingAccess:
    person_id = session.exec(select(Person.id).where(Person.handle == viewer)).first()
    if person_id is None:
        return RatingAccess(viewer, None, frozenset(), frozenset())
    submitted = exists().where(
        col(Scorecard.interview_id) == col(Interview.id), col(Scorecard.submitted).is_(True)
    )
    unsubmitted = session.exec(
        select(Interview.candidate_id).where(Interview.interviewer_id == person_id, ~submitted)
    ).all()
    own = session.exec(select(Candidate.id).where(Candidate.person_id == person_id)).all()
    return RatingAccess(viewer, person_id, frozenset(unsubmitted), frozenset(own))  # type: ignore[arg-type]


def visible_evidence(access: RatingAccess) -> Any:
    """SQL condition on Evidence: not derived from a loop the viewer may not see."""
    if not access.hidden:
        return true()
    hidden_interviews = select(Interview.id).where(
        col(Interview.candidate_id).in_(sorted(access.hidden))
    )
    return or_(
        col(Evidence.interview_id).is_(None),
        col(Evidence.interview_id).not_in(hidden_interviews),
    )


def hidden_evidence_ids(session: Session, access: RatingAccess) -> set[int]:
    """Ids of evidence the viewer may not see (for readers that list audit rows)."""
    if not access.hidden:
        return set()
    rows = session.exec(
        select(Evidence.id)
        .join(Interview, col(Interview.id) == col(Evidence.interview_id))
        .where(and_(col(Interview.candidate_id).in_(sorted(access.hidden))))
    ).all()
    return {r for r in rows if r is not None}
