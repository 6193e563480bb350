"""Domain errors: every user-facing failure is an EngOpsError (exit status 1)."""


class EngOpsError(Exception):
    """A user-facing error: shown as one line, exit status 1."""


class NotFound(EngOpsError):
    """A named thing (person, team, report...) does not exist."""


class InvalidInput(EngOpsError):
    """Input that breaks a rule: bad date, bad value, cycle, duplicate."""


class SchemaMismatch(EngOpsError):
    """The database schema is newer than this code, or unreadable."""


def located(path: str, line: int | None, field: str | None, message: str) -> InvalidInput:
    """An InvalidInput naming file, line and field: 'org.yaml:12: people[3].manager: ...'."""
    where = path if line is None else f"{path}:{line}"
    what = f"{field}: " if field else ""
    return InvalidInput(f"{where}: {what}{message}")


class UsageError(EngOpsError):
    """A command used the wrong way (e.g. a missing choice): exit status 2, like the parser's."""

    exit_code = 2
