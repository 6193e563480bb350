"""SQLModel tables. Alembic (store/migrations) owns the schema; keep both in step."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
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
    created_at: datetime


class Meeting(SQLModel, table=True):
    """One held (or skipped) 1:1. Private notes are visible to their author only."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_pairing_held", "pairing_id", "held_on"),)

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
