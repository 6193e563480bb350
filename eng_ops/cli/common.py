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

SectionOpt = Annotated[
    str | None,
    typer.Option(
        "--section",
        metavar="NAME",
        help="Only this table of the view (required with --format csv); the command's "
        "help names its sections.",
    ),
]


def db_url() -> str:
    from eng_ops.config import resolve_db_url

    return resolve_db_url(STATE.db)


def actor() -> str:
    from eng_ops.config import actor as resolve_actor

    return resolve_actor(STATE.actor)


def attach_settings(session: Session) -> None:
    """The command's org rules come from the database; old ones in config.toml still apply
    where the database has none, with one warning (built on first use, once per command)."""
    from eng_ops.config import load_config
    from eng_ops.output import warn
    from eng_ops.services.settings import attach

    attach(session, load_config().raw, warn)


@contextmanager
def open_session(*, write: bool = True) -> Iterator[Session]:
    """Open the database (upgrading its schema if behind) and run one transaction.

    Only commands that write create a database; read-only ones (write=False) refuse a
    missing SQLite file or an empty database, creating nothing. A file created here is
    removed again if the command fails, so a failed first command leaves nothing behind.
    """
    from eng_ops.store.engine import engine_for, session_scope
    from eng_ops.store.migrate import check_or_upgrade

    with engine_for(db_url(), create=write) as engine:
        check_or_upgrade(engine, create=write)
        with session_scope(engine, actor=actor()) as session:
            attach_settings(session)
            if write:
                _check_named_actor(session)
            yield session
            if not write:
                session.rollback()


def _check_named_actor(session: Session) -> None:
    """Writes are made as a person of the org, or (nobody named) as the file's owner."""
    from eng_ops.config import named_actor
    from eng_ops.services.people import require_actor

    named = named_actor(STATE.actor)
    if named:
        require_actor(session, named)


def warn_placeholders(*, goal: str | None, direction: str | None) -> None:
    """Warn about placeholder text typed as a goal or a direction (it is accepted)."""
    from eng_ops.output import warn
    from eng_ops.services import placeholders

    for found in placeholders.given(goal=goal, direction=direction):
        warn(found.warning)


def require_goal_or_direction(goal: str | None, direction: str | None) -> None:
    """An edit of a goal or direction must change one of them."""
    from eng_ops.errors import UsageError

    if goal is None and direction is None:
        raise UsageError("nothing to change: give --goal or --direction")
