"""Help that reads well and flags that do not contradict each other.

`HelpGroup` is the root app's class. When the command tree is built it adopts every group,
command and parameter below it, so that help shows names (`HANDLE`, `--on DATE`,
`--format [table|json|csv|md]`) instead of Python types (`<str>`, `<list[str]>`, `{handle}`),
and group listings show each command's first sentence whole instead of cutting it with '...'.

`one_of` turns a contradictory pair such as `--hire --no-hire` into a usage error (exit 2)
before anything is opened or written.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


class ConflictingOptions(typer.BadParameter):
    """Two options that cannot be given together: a usage error (exit 2)."""

    def __init__(self, names: list[str], hint: str = "give one of them") -> None:
        listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
        super().__init__(f"{listed} cannot be used together; {hint}")

    def format_message(self) -> str:
        return self.message


def one_of(flags: dict[str, Any], hint: str = "give one of them") -> str | None:
    """The one option given (a truthy value), None if none; two or more is a usage error."""
    given = [name for name, value in flags.items() if value not in (None, False, [], ())]
    if len(given) > 1:
        raise ConflictingOptions(given, hint)
    return given[0] if given else None


# --- help --------------------------------------------------------------------------------------


class HelpArgument(TyperArgument):
    """An argument shown by its name in capitals (or its metavar), never with its type."""

    def _name(self) -> str:
        return self.metavar or (self.name or "").upper()

    def _rich_display_name(self) -> str:
        return self._name() + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self._rich_display_name()
        return name if self.required else f"[{name}]"

    @property
    def display_name_raw(self) -> str:
        return self._name()

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def process_value(self, ctx: Any, value: Any) -> Any:
        _refuse_empty_path(self, value)
        return super().process_value(ctx, value)


class HelpOption(TyperOption):
    """An option's value shown as its metavar, its choices, or its name in capitals."""

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.metavar is not None:
            return self.metavar
        desc = self.type_descriptor
        if desc.is_choice and desc.choices is not None:
            choices = [str(getattr(c, "value", c)) for c in desc.choices]
            return "[" + "|".join(choices) + "]"
        return (self.name or "value").strip("_").upper()

    def process_value(self, ctx: Any, value: Any) -> Any:
        _refuse_empty_path(self, value)
        return super().process_value(ctx, value)


def _adopt_params(command: Any) -> None:
    for param in command.params:
        if type(param) is TyperArgument:
            param.__class__ = HelpArgument
        elif type(param) is TyperOption:
            param.__class__ = HelpOption
        _plain_path(param)


# --- file names --------------------------------------------------------------------------------


def _plain_path(param: Any) -> None:
    """A FILE argument or option reaches eng_ops.files unchecked.

    Typer checks a Path for readability by default (and exists/dir_okay when asked), and
    answers with a usage block and exit 2; eng_ops.files says the same in one line, exit 1
    ("org.yaml: cannot read: permission denied").
    """
    if not _is_path(param):
        return
    info = param.type_descriptor.parameter_info
    info.exists = info.readable = info.writable = info.resolve_path = False
    info.file_okay = info.dir_okay = True


def _is_path(param: Any) -> bool:
    """A Path parameter, or a list of them (`FILE...`)."""
    from pathlib import Path
    from typing import get_args, get_origin

    desc = getattr(param, "type_descriptor", None)
    if desc is None:
        return False
    kinds = get_args(desc.annotation) if get_origin(desc.annotation) in (list, tuple) else ()
    return any(isinstance(k, type) and issubclass(k, Path) for k in (desc.annotation, *kinds))


def _refuse_empty_path(param: Any, value: Any) -> None:
    """`--out ""` is an error: as a Path it would silently become '.' (the current folder)."""
    if not _is_path(param):
        return
    values = value if isinstance(value, list | tuple) else [value]
    if any(isinstance(v, str) and not v.strip() for v in values):
        from eng_ops.errors import InvalidInput

        name = param.opts[0] if param.param_type_name == "option" else param.display_name_raw
        raise InvalidInput(f"{name} is empty")


def _adopt(group: TyperGroup) -> None:
    _adopt_params(group)
    for command in group.commands.values():
        if isinstance(command, TyperGroup):
            if type(command) is TyperGroup:
                command.__class__ = HelpGroup
            _adopt(command)
        elif isinstance(command, TyperCommand):
            _adopt_params(command)


class HelpGroup(TyperGroup):
    """A group whose listing shows each command's first sentence whole (wrapped, not cut)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _adopt(self)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            rows.append((name, command.get_short_help_str(limit=sys.maxsize)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
