"""The root `eng-ops` app, its global options and the one exit funnel."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from eng_ops import __version__
from eng_ops.cli import (
    audit,
    db,
    demo,
    interview,
    interviewers,
    ladder,
    lead,
    one_on_one,
    org,
    people,
    report,
    rotation,
    settings,
    teams,
)
from eng_ops.cli.common import STATE
from eng_ops.cli.params import HelpGroup
from eng_ops.errors import EngOpsError

app = typer.Typer(
    name="eng-ops",
    help="A toolkit for engineering leaders growing a team from 10 to 100 people.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=HelpGroup,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"eng-ops {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db_: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="ENG_OPS_DB",
            metavar="PATH_OR_URL",
            help="Database file path or postgresql+psycopg:// URL "
            "(default: eng-ops.db in the user data dir).",
            show_envvar=True,
        ),
    ] = None,
    as_: Annotated[
        str | None,
        typer.Option(
            "--as",
            envvar="ENG_OPS_USER",
            metavar="HANDLE",
            help="Handle of who is acting (private data, audit trail).",
            show_envvar=True,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """eng-ops: lead openings, rotations, 1:1 cadence and structured interviews."""
    STATE.db = db_
    STATE.actor = as_
    STATE.debug = debug


app.add_typer(db.app, name="db")
app.add_typer(org.app, name="org")
app.add_typer(people.app, name="people")
app.add_typer(teams.app, name="teams")
app.add_typer(one_on_one.app, name="1on1")
app.add_typer(interview.app, name="interview")
app.add_typer(interviewers.app, name="interviewers")
app.add_typer(ladder.app, name="ladder")
app.add_typer(ladder.evidence_app, name="evidence")
app.add_typer(lead.app, name="lead")
app.add_typer(rotation.app, name="rotation")
app.add_typer(settings.app, name="settings")
app.command("readiness")(ladder.readiness)
app.add_typer(report.app, name="report")
app.add_typer(audit.app, name="audit")
app.command("demo")(demo.demo)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every error leaves through here (exit 1 user error, 2 usage, 130 ^C)."""
    args = sys.argv[1:] if argv is None else argv
    _refuse_undecodable(args)
    debug = "--debug" in args
    try:
        code = app(args=args, prog_name="eng-ops", standalone_mode=False)
    except EngOpsError as exc:
        if debug or STATE.debug:
            raise
        _fail(str(exc), getattr(exc, "exit_code", 1))
    except (typer.Abort, KeyboardInterrupt):
        _fail("interrupted", 130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # usage errors from the parser: exit 2
        show = getattr(exc, "show", None)
        if show:
            show()
        else:
            sys.stderr.write(f"error: {exc.format_message()}\n")
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - the funnel: no traceback without --debug
        if debug or STATE.debug:
            raise
        if isinstance(exc, OverflowError):  # a number or date beyond what can be stored
            _fail(f"a number or date is out of range ({exc})", 1)
        _fail(f"unexpected error: {_describe(exc)} (rerun with --debug)", 1)
    sys.exit(code if isinstance(code, int) else 0)


_CHECKED_ENV = (
    "ENG_OPS_DB",
    "ENG_OPS_USER",
    "ENG_OPS_TEMPLATES",
    "ENG_OPS_HOME",
    "ENG_OPS_CONFIG",
)


def _refuse_undecodable(args: list[str]) -> None:
    """Bytes that are not UTF-8 (surrogate escapes) never reach a command or the database."""
    import os

    for arg in args:
        if not _is_utf8(arg):
            _fail(f"argument '{_shown(arg)}' is not valid UTF-8 text", 1)
    for name in _CHECKED_ENV:
        value = os.environ.get(name)
        if value is not None and not _is_utf8(value):
            _fail(f"{name}='{_shown(value)}' is not valid UTF-8 text", 1)


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(text: str) -> str:
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("ascii")
    return raw.decode("utf-8", "backslashreplace")


def _describe(exc: Exception) -> str:
    """An unexpected error in one line; a database error without its SQL or SQLAlchemy link."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None and isinstance(exc, sa_exc.StatementError) and exc.orig is not None:
        exc = exc.orig  # type: ignore[assignment]
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"


def _fail(message: str, code: int) -> None:
    from eng_ops.config import hide_passwords
    from eng_ops.output import printable

    line = printable(hide_passwords(" ".join(message.split("\n"))))
    sys.stderr.write(f"error: {line}\n")
    sys.exit(code)
