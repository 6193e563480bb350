"""`eng-ops db`: schema status and upgrade."""

from __future__ import annotations

import typer

from eng_ops.cli.common import FormatOpt, db_url
from eng_ops.output import Format

app = typer.Typer(help="Database schema: status and upgrade.", no_args_is_help=True)


def _safe_url(url: str) -> str:
    from eng_ops.config import hide_passwords

    return hide_passwords(url)


@app.command("status")
def status(fmt: FormatOpt = Format.table) -> None:
    """Show which database is used and whether its schema is current."""
    from eng_ops.output import emit_object
    from eng_ops.store.engine import make_engine
    from eng_ops.store.migrate import schema_state

    url = db_url()
    engine = make_engine(url)
    try:
        state = schema_state(engine)
    finally:
        engine.dispose()
    emit_object(
        {
            "url": _safe_url(url),
            "backend": engine.dialect.name,
            "revision": state.revision,
            "head": state.head,
            "status": state.status,
        },
        fmt,
    )


@app.command("upgrade")
def upgrade() -> None:
    """Upgrade the schema to the newest revision (an SQLite file is backed up first)."""
    from eng_ops.output import message
    from eng_ops.store import migrate
    from eng_ops.store.engine import engine_for

    with engine_for(db_url(), create=True) as engine:  # this command creates a database
        state = migrate.schema_state(engine)
        if state.status == "up-to-date":
            message(f"already at {state.head}; nothing to do")
            return
        migrate.ensure_usable(state)
        backup = migrate.upgrade(engine, state)
    if backup:
        message(f"backed up to {backup}")
    message(f"upgraded {state.revision or 'empty database'} -> {migrate.HEAD}")
