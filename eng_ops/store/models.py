"""SQLModel tables. Alembic (store/migrations) owns the schema; keep both in step."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

TRACKS = ("ic", "manager")


def _empty_list() -> list[str]:
    # A Python function, not `list`: pydantic inspects the factory's signature on every
    # instance, and that is slow for builtins (seconds on a 10,000-person import).
    return []


class TeamBase(SQLModel):
    key: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)


class Team(TeamBase, table=True):
    __tablename__ = "team"

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    # False for teams outside engineering (people ops, sales): never proposed as leads.
    engineering: bool = Field(default=True, sa_column_kwargs={"server_default": text("true")})


class PersonBase(SQLModel):
    handle: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320)
    level: str | None = Field(default=None, max_length=16, index=True)
    track: str = Field(default="ic", max_length=16)
    title: str | None = Field(default=None, max_length=200)
    started: date | None = None
    left: date | None = Field(default=None, index=True)


class Person(PersonBase, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    manager_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    specialties: list[str] = Field(
        default_factory=_empty_list, sa_column=Column(JSON, nullable=False)
    )


class AuditEntry(SQLModel, table=True):
    """One change: who, when, what, and the record before and after."""

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_entity_key", "entity", "entity_key"),)

    id: int | None = Field(default=None, primary_key=True)
    actor: str = Field(max_length=64)
    at: datetime = Field(index=True)
    action: str = Field(max_length=32)
    entity: str = Field(max_length=32)
    entity_key: str = Field(max_length=200)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class Meta(SQLModel, table=True):
    """Key/value facts about the database itself (e.g. that it is a demo)."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=2000)


# --- 1:1s ------------------------------------------------------------------------------------

PAIRING_KINDS = ("manager", "mentor", "skip")
TOPICS = ("career", "growth", "challenge", "feedback", "wellbeing", "project")


class Pairing(SQLModel, table=True):
    """A 1:1 relationship: leader meets member every `every_days` for `minutes`."""

    __tablename__ = "pairing"
    __table_args__ = (Index("ix_pairing_leader_member", "leader_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    leader_id: int = Field(foreign_key="person.id", index=True)
    member_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=16)
    every_days: int
    minutes: int = 30
    since: date
    ended: date | None = Field(default=None, index=True)
    # Made against the reporting lines on purpose (`1on1 pair --force`): sync keeps it.
    forced: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    created_at: datetime


class Meeting(SQLModel, table=True):
    """One held (or skipped) 1:1. Private notes are visible to their author only."""

    __tablename__ = "meeting"
    __table_args__ = (
        Index("ix_meeting_pairing_held", "pairing_id", "held_on"),
        Index("uq_meeting_source", "source", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    pairing_id: int = Field(foreign_key="pairing.id")
    held_on: date = Field(index=True)
    minutes: int | None = None
    skipped: bool = False
    skip_reason: str | None = Field(default=None, max_length=500)
    topics: list[str] = Field(default_factory=_empty_list, sa_column=Column(JSON, nullable=False))
    challenge: int | None = None
    mood: int | None = None
    notes: str | None = None
    private_notes: str | None = None
    author: str = Field(max_length=64)
    # Where an imported 1:1 came from (calendar UID and date), so a re-import adds nothing.
    source: str | None = Field(default=None, max_length=400)
    created_at: datetime


class ActionItem(SQLModel, table=True):
    """Something agreed in a 1:1; open until done, carried into the pairing's next meeting."""

    __tablename__ = "action_item"

    id: int | None = Field(default=None, primary_key=True)
    pairing_id: int = Field(foreign_key="pairing.id", index=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    owner_id: int = Field(foreign_key="person.id", index=True)
    text: str = Field(max_length=1000)
    due: date | None = None
    done_on: date | None = Field(default=None, index=True)


# --- structured interviews -------------------------------------------------------------------

INTERVIEW_MODES = ("lead", "shadow", "reverse-shadow")
RECOMMENDATIONS = ("strong-no", "no", "yes", "strong-yes")
INTERVIEWER_STAGES = ("trainee", "shadow", "reverse-shadow", "qualified")


class Rubric(SQLModel, table=True):
    """A role's scorecard definition; re-importing a changed rubric adds a version."""

    __tablename__ = "rubric"
    __table_args__ = (UniqueConstraint("role", "version", name="uq_rubric_role_version"),)

    id: int | None = Field(default=None, primary_key=True)
    role: str = Field(max_length=64, index=True)
    version: int
    title: str = Field(max_length=200)
    description: str | None = None
    scale_min: int = 1
    scale_max: int = 4
    digest: str = Field(max_length=64)
    created_at: datetime


class RubricAttribute(SQLModel, table=True):
    __tablename__ = "rubric_attribute"

    id: int | None = Field(default=None, primary_key=True)
    rubric_id: int = Field(foreign_key="rubric.id", index=True)
    key: str = Field(max_length=64)
    name: str = Field(max_length=200)
    category: str | None = Field(default=None, max_length=64)
    anchors: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    position: int = 0
    # A specialist attribute (e.g. mobile): a panel needs one interviewer with this specialty.
    specialty: str | None = Field(default=None, max_length=64)
    # Interview kit: [{"question": ..., "follow_ups": [...]}, ...]
    questions: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )


class Candidate(SQLModel, table=True):
    """Someone interviewed for a role: external, or internal (linked to a person)."""

    __tablename__ = "candidate"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    role: str = Field(max_length=64, index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    status: str = Field(default="open", max_length=16, index=True)
    decision: str | None = Field(default=None, max_length=16)
    rationale: str | None = None
    decided_by: str | None = Field(default=None, max_length=64)
    decided_on: date | None = None
    created_at: datetime


class Interview(SQLModel, table=True):
    """One interviewer's slot in a candidate's loop."""

    __tablename__ = "interview"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    interviewer_id: int = Field(foreign_key="person.id", index=True)
    focus: list[str] = Field(default_factory=_empty_list, sa_column=Column(JSON, nullable=False))
    on: date = Field(index=True)
    mode: str = Field(default="lead", max_length=16)
    created_at: datetime


class Scorecard(SQLModel, table=True):
    """An interviewer's ratings and recommendation. Submitted ones never change: an amendment
    is a new revision. Drafts are visible to their author only."""

    __tablename__ = "scorecard"
    __table_args__ = (
        UniqueConstraint("interview_id", "revision", name="uq_scorecard_interview_revision"),
    )

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", index=True)
    revision: int = 1
    rubric_id: int = Field(foreign_key="rubric.id", index=True)
    recommendation: str | None = Field(default=None, max_length=16)
    notes: str | None = None
    submitted: bool = False
    author: str = Field(max_length=64)
    amend_reason: str | None = None
    created_at: datetime
    submitted_at: datetime | None = None


class Rating(SQLModel, table=True):
    __tablename__ = "rating"

    id: int | None = Field(default=None, primary_key=True)
    scorecard_id: int = Field(foreign_key="scorecard.id", index=True)
    attribute: str = Field(max_length=64)
    score: int


class InterviewerStage(SQLModel, table=True):
    """Where a person stands as an interviewer for a role: trainee ... qualified."""

    __tablename__ = "interviewer_stage"
    __table_args__ = (UniqueConstraint("person_id", "role", name="uq_interviewer_stage"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(max_length=64)
    stage: str = Field(max_length=16)
    updated_at: datetime


# --- ladder, evidence and lead roles ---------------------------------------------------------

EVIDENCE_SOURCES = ("manual", "review", "rotation", "interview")


class LadderLevel(SQLModel, table=True):
    """The ladder's levels, in order (position 0 is the most junior)."""

    __tablename__ = "ladder_level"

    key: str = Field(primary_key=True, max_length=16)
    position: int = Field(index=True)


class Competency(SQLModel, table=True):
    """A ladder competency with an expectation per level (level key -> text)."""

    __tablename__ = "competency"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)
    description: str | None = None
    expectations: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    position: int = 0


class Evidence(SQLModel, table=True):
    """A dated record that a person showed a competency at a level, with its source."""

    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_person_competency", "person_id", "competency"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    competency: str = Field(max_length=64)
    level: str = Field(max_length=16)
    on: date = Field(index=True)
    source: str = Field(max_length=16)
    note: str | None = None
    recorded_by: str = Field(max_length=64)
    created_at: datetime
    # A wrong record is retracted, not deleted: kept in history, no longer counted.
    retracted_on: date | None = None
    retracted_by: str | None = Field(default=None, max_length=64)
    retract_reason: str | None = None
    # Evidence derived from an interview's ratings: visible as that loop's scorecards are.
    interview_id: int | None = Field(default=None, foreign_key="interview.id", index=True)


class LeadRole(SQLModel, table=True):
    """A person leading a team (or a named project) for a term."""

    __tablename__ = "lead_role"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    project: str | None = Field(default=None, max_length=200)
    start: date
    end: date | None = Field(default=None, index=True)
    goal: str | None = None  # what the lead is there to achieve
    direction: str | None = None  # how: the technical direction agreed for the term
    created_at: datetime


# --- lead openings ---------------------------------------------------------------------------

OPENING_STATUSES = ("open", "filled", "closed")


class Opening(SQLModel, table=True):
    """A lead position advertised internally: seats, term, required competency levels."""

    __tablename__ = "opening"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    seats: int
    term_days: int
    requires: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    min_level: str | None = Field(default=None, max_length=16)
    closes: date = Field(index=True)
    description: str | None = None
    status: str = Field(default="open", max_length=16, index=True)  # open|filled|closed|cancelled
    created_by: str | None = Field(default=None, max_length=64)  # who added it: a decider
    ended_on: date | None = None  # when it was filled, closed or cancelled
    end_reason: str | None = None  # why it was cancelled or closed
    created_at: datetime


class OpeningDecider(SQLModel, table=True):
    """Someone who may decide on an opening's candidates (besides whoever created it)."""

    __tablename__ = "opening_decider"
    __table_args__ = (UniqueConstraint("opening_id", "person_id", name="uq_opening_decider"),)

    id: int | None = Field(default=None, primary_key=True)
    opening_id: int = Field(foreign_key="opening.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)


class DevelopmentAction(SQLModel, table=True):
    """One step of a not-selected candidate's plan: close a competency gap by a date."""

    __tablename__ = "development_action"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    opening_id: int | None = Field(default=None, foreign_key="opening.id", index=True)
    competency: str = Field(max_length=64)
    level: str = Field(max_length=16)
    kind: str = Field(max_length=16)  # rotation | evidence
    text: str = Field(max_length=1000)
    due: date | None = None
    done_on: date | None = None
    created_by: str = Field(max_length=64)
    created_at: datetime


class Application(SQLModel, table=True):
    """A bid for an opening: an application, or a nomination the nominee accepts or declines."""

    __tablename__ = "application"
    __table_args__ = (
        UniqueConstraint("opening_id", "person_id", name="uq_application_opening_person"),
    )

    id: int | None = Field(default=None, primary_key=True)
    opening_id: int = Field(foreign_key="opening.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=16)  # applied | nominated
    statement: str | None = None
    nominated_by: str | None = Field(default=None, max_length=64)
    reason: str | None = None
    response: str | None = Field(default=None, max_length=16)  # accepted | declined
    response_reason: str | None = None
    status: str = Field(default="active", max_length=16)  # active|withdrawn|selected|rejected
    rationale: str | None = None
    decided_by: str | None = Field(default=None, max_length=64)
    decided_on: date | None = None
    created_at: datetime


# --- lead rotations --------------------------------------------------------------------------


class Rotation(SQLModel, table=True):
    """A short, time-boxed lead project: a goal, a lead, a mentor, a window."""

    __tablename__ = "rotation"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True, index=True)
    goal: str
    direction: str | None = None
    min_level: str | None = Field(default=None, max_length=16)  # else rotations.min_level
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    start: date = Field(index=True)
    end: date = Field(index=True)
    lead_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    mentor_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    sponsor_id: int | None = Field(default=None, foreign_key="person.id")
    targets: list[str] = Field(default_factory=_empty_list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="open", max_length=16, index=True)  # open | closed
    outcome: str | None = None
    created_at: datetime


class RotationOptIn(SQLModel, table=True):
    """Someone who wants (or no longer wants) a turn at leading."""

    __tablename__ = "rotation_optin"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    opted_in: bool = True
    updated_at: datetime


class RotationFeedback(SQLModel, table=True):
    __tablename__ = "rotation_feedback"

    id: int | None = Field(default=None, primary_key=True)
    rotation_id: int = Field(foreign_key="rotation.id", index=True)
    from_id: int = Field(foreign_key="person.id")
    competency: str = Field(max_length=64)
    level: str = Field(max_length=16)
    note: str
    evidence_id: int | None = Field(default=None, foreign_key="evidence.id")
    created_at: datetime


class Setting(SQLModel, table=True):
    """One org rule the org chose (`eng-ops settings set`): for everyone (no person), or for
    one person. Two partial unique indexes keep one value per key, and per (key, person)."""

    __tablename__ = "setting"
    __table_args__ = (
        Index(
            "uq_setting_org",
            "key",
            unique=True,
            sqlite_where=text("person_id IS NULL"),
            postgresql_where=text("person_id IS NULL"),
        ),
        Index(
            "uq_setting_person",
            "key",
            "person_id",
            unique=True,
            sqlite_where=text("person_id IS NOT NULL"),
            postgresql_where=text("person_id IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=100)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    value: str = Field(max_length=200)
    updated_at: datetime
