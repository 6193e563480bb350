"""Shared CLI plumbing: global state, the --format option, opening a session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from eng_ops.output import Format

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass
class State:
    db: str | None = None
    actor: str | None = None
    debug: bool = False


STATE = State()

FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]


def db_url() -> str:
    from eng_ops.config import resolve_db_url

    return resolve_db_url(STATE.db)


def actor() -> str:
    from eng_ops.config import actor as resolve_actor

    return resolve_actor(STATE.actor)


@contextmanager
def open_session(*, write: bool = True) -> Iterator[Session]:
    """Open the database (upgrading its schema if behind) and run one transaction."""
    from eng_ops.store.engine import make_engine, session_scope
    from eng_ops.store.migrate import check_or_upgrade

    engine = make_engine(db_url())
    try:
        check_or_upgrade(engine)
        with session_scope(engine, actor=actor()) as session:
            yield session
            if not write:
                session.rollback()
    finally:
        engine.dispose()
