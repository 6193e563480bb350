"""`eng-ops teams`: list teams."""

from __future__ import annotations

import typer

from eng_ops.cli.common import FormatOpt, open_session
from eng_ops.output import Format

app = typer.Typer(help="Teams: list them with headcount.", no_args_is_help=True)


@app.command("list")
def list_(fmt: FormatOpt = Format.table) -> None:
    """List teams with parent, headcount and managers."""
    from eng_ops.output import emit
    from eng_ops.services.org import list_teams

    with open_session(write=False) as session:
        rows = list_teams(session)
    emit(
        rows,
        fmt,
        ["key", "name", "parent", "headcount", "managers"],
        title="Teams",
        empty="no teams yet: import an org file",
    )
