"""`eng-ops lead plan`: development plans of candidates who were not selected."""

from __future__ import annotations

from typing import Annotated

import typer

from eng_ops.cli.common import FormatOpt, open_session
from eng_ops.output import Format

app = typer.Typer(
    help="Development plans of the not selected: show, done.",
    no_args_is_help=True,
)

PLAN_COLUMNS = ["id", "opening", "competency", "level", "due", "status", "text"]


@app.command("show")
def show(
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="Whose plan.")],
    all_: Annotated[bool, typer.Option("--all", help="Include actions marked done.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show someone's development actions: open, overdue, or met by evidence."""
    from dataclasses import fields

    from eng_ops.output import emit
    from eng_ops.services.development import DevelopmentItem, plan_of

    with open_session(write=False) as session:
        items = plan_of(session, handle, include_done=all_)
    columns = PLAN_COLUMNS + (["done_on"] if all_ else [])
    if fmt is not Format.table:  # every field, in the result's order
        columns = [f.name for f in fields(DevelopmentItem)]
    emit(
        items,
        fmt,
        columns,
        title=f"Development plan of {handle}",
        empty=f"{handle} has no open development actions",
    )


@app.command("done")
def done(
    action: Annotated[int, typer.Argument(metavar="ID", help="Development action id.")],
    on: Annotated[str, typer.Option(metavar="DATE", help="When it was done.")] = "today",
) -> None:
    """Mark a development action done."""
    from eng_ops.dates import parse_date
    from eng_ops.output import message
    from eng_ops.services.development import mark_done

    with open_session() as session:
        item = mark_done(session, action, parse_date(on, field="--on"))
    message(f"development action #{item.id} of {item.handle} done on {item.done_on}")
