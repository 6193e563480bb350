"""`eng-ops demo`: build a fresh demo database and print the org dashboard."""

from __future__ import annotations

from typing import Annotated

import typer

from eng_ops.cli.common import STATE, actor


def demo(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH_OR_URL",
            help="Where to build it (default: demo.db in the user data dir).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that is not a demo.")
    ] = False,
) -> None:
    """Build a fresh demo org database from examples/ and show a dashboard."""
    from eng_ops.config import demo_db_path, resolve_db_url, sqlite_url
    from eng_ops.errors import EngOpsError
    from eng_ops.output import message, working
    from eng_ops.services.demo import is_demo_or_empty, populate, wipe
    from eng_ops.store.engine import make_engine, session_scope
    from eng_ops.store.migrate import check_or_upgrade

    explicit = db if db is not None else STATE.db
    url = resolve_db_url(explicit) if explicit is not None else sqlite_url(demo_db_path())
    engine = make_engine(url, create=True)
    try:
        if not force and not is_demo_or_empty(engine):
            raise EngOpsError(
                "that database holds a real org, not a demo; refusing to replace it "
                "(use another --db, or --force)"
            )
        wipe(engine)
        engine = make_engine(url, create=True)
        check_or_upgrade(engine, create=True, shared_upgrade=True)  # the owner builds it
        with working("building the demo org"), session_scope(engine, actor=actor()) as session:
            steps = populate(session)
        with session_scope(engine, actor=actor()) as session:
            from eng_ops.services.dashboard import org_summary

            summary = org_summary(session)
    finally:
        engine.dispose()
    from eng_ops.config import hide_passwords

    message(f"demo database: {hide_passwords(url)}")
    for line in steps:
        message(f"  {line}")
    print_dashboard(summary)
    shown = hide_passwords(explicit or str(demo_db_path()))
    message(f"\nnext: eng-ops --db {_quote(shown)} people list")


def _quote(value: str) -> str:
    import shlex

    return shlex.quote(value)


def print_dashboard(summary, fmt=None, section: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Teams, headcount by level and span of control: one view of three sections."""
    from eng_ops.output import Format, Section, emit_view

    teams = [
        {
            "team": t["key"],
            "name": t["name"],
            "parent": t["parent"],
            "headcount": t["headcount"],
            "managers": t["managers"],
        }
        for t in summary.teams
    ]
    emit_view(
        [
            Section("teams", f"Teams ({summary.headcount} people)", teams),
            Section("levels", "Headcount by level", summary.levels, ["level", "headcount"]),
            Section(
                "spans",
                "Span of control",
                summary.spans,
                ["handle", "name", "title", "direct_reports", "flag"],
            ),
        ],
        fmt or Format.table,
        data=summary.as_dict(),
        section=section,
    )
