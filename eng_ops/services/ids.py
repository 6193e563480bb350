"""Rows looked up by a numeric id someone typed (candidate, interview, opening, ...).

An id no row can have is simply not found: it never reaches the database, where SQLite
would overflow above 2**63 and PostgreSQL would echo the SQL above 2**31.
"""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session

MAX_ID = 2**31 - 1  # the largest PostgreSQL INTEGER key; SQLite's limit is wider
T = TypeVar("T")


def valid_id(value: object) -> bool:
    """True for an int that could be a row id (1 to MAX_ID)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def get_by_id(session: Session, model: type[T], ident: int) -> T | None:
    """The row with this id, or None (also for an id out of range)."""
    return session.get(model, ident) if valid_id(ident) else None


def require_by_id(session: Session, model: type[T], ident: int, missing: str) -> T:
    """The row with this id; NotFound with the `missing` line when there is none."""
    from eng_ops.errors import NotFound

    row = get_by_id(session, model, ident)
    if row is None:
        raise NotFound(missing)
    return row
