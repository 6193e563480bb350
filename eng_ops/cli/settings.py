"""`eng-ops settings`: the org's rules, stored in the database and shared by everyone."""

from __future__ import annotations

from typing import Annotated

import typer

from eng_ops.cli.common import FormatOpt, open_session
from eng_ops.output import Format

app = typer.Typer(
    help="The org's rules (cadences, capacity, time zone, thresholds): show, set, unset.",
    no_args_is_help=True,
)

Key = Annotated[str, typer.Argument(metavar="KEY", help="A setting, e.g. timezone.")]
PersonOpt = Annotated[
    str | None,
    typer.Option("--person", metavar="HANDLE", help="For one person (keys that allow it)."),
]


@app.command("show")
def show(fmt: FormatOpt = Format.table) -> None:
    """Every setting: its value and where it comes from (default, database, person).

    --format json prints an object keyed by setting name; personal values are under
    "people", keyed by handle.
    """
    from dataclasses import asdict

    from eng_ops.output import emit, emit_json
    from eng_ops.services.settings import show as show_service
    from eng_ops.services.settings import show_document

    with open_session(write=False) as session:
        rows = show_service(session)
    if fmt is Format.json:
        emit_json(show_document(rows))
        return
    columns = ["key", "value", "source", "person", "description"]
    emit([asdict(r) for r in rows], fmt, columns, title="Settings")


@app.command("set")
def set_(
    key: Key,
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The new value.")],
    person: PersonOpt = None,
) -> None:
    """Set an org rule (or one person's value with --person); checked and audited."""
    from eng_ops.output import message
    from eng_ops.services.settings import set_value

    with open_session() as session:
        row = set_value(session, key, value, person)
    who = f" for {person}" if person else ""
    message(f"{row.key}{who} = {row.value}")


@app.command("unset")
def unset(key: Key, person: PersonOpt = None) -> None:
    """Remove a stored value: the key falls back to its default."""
    from eng_ops.output import message
    from eng_ops.services.settings import unset as unset_service

    with open_session() as session:
        removed = unset_service(session, key, person)
    who = f" for {person}" if person else ""
    message(f"{key}{who}: back to its default" if removed else f"{key}{who} was not set")


@app.command("import-config")
def import_config() -> None:
    """Copy the org rules in your config.toml into the database, so the team shares them.

    Values the database already holds are kept. Afterwards remove them from config.toml.
    """
    from eng_ops.config import config_path, load_config
    from eng_ops.output import message
    from eng_ops.services.settings import import_config as import_service

    with open_session() as session:
        copied = import_service(session, load_config().raw)
    if not copied:
        message(f"nothing to copy: {config_path()} holds no org rules the database lacks")
        return
    for row in copied:
        who = f" for {row.person}" if row.person else ""
        message(f"copied {row.key}{who} = {row.value}")
    message(f"now remove them from {config_path()}")
