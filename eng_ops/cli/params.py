"""Help that reads well and flags that do not contradict each other.

`HelpGroup` is the root app's class. When the command tree is built it adopts every group,
command and parameter below it, so that help shows names (`HANDLE`, `--on DATE`,
`--format [table|json|csv|md]`) instead of Python types (`<str>`, `<list[str]>`, `{handle}`),
and group listings show each command's first sentence whole instead of cutting it with '...'.

`one_of` turns a contradictory pair such as `--hire --no-hire` into a usage error (exit 2)
before anything is opened or written; `none_with` does the same for a flag that rules out
others (`--skipped` with `--topic`).

A value the parser cannot convert (`--seats abc`, `--format json` where only md and html
are offered) is a usage error in the tool's own words ("--seats: 'abc' is not a whole
number"), not the validation library's.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


class UsageProblem(typer.BadParameter):
    """A usage error (exit 2) whose message is shown as written."""

    def format_message(self) -> str:
        return self.message


def _given(value: Any) -> bool:
    """An option was given: not None, not an unset flag, not an empty repeatable (0 counts)."""
    return value is not None and value is not False and value not in ([], ())


def _listed(names: list[str], last: str) -> str:
    return ", ".join(names[:-1]) + f" {last} {names[-1]}" if len(names) > 1 else names[0]


def one_of(flags: dict[str, Any], hint: str = "give one of them") -> str | None:
    """The one option given, None if none; two or more is a usage error."""
    given = [name for name, value in flags.items() if _given(value)]
    if len(given) > 1:
        raise UsageProblem(f"{_listed(given, 'and')} cannot be used together; {hint}")
    return given[0] if given else None


def none_with(flag: str, value: Any, others: dict[str, Any], hint: str) -> None:
    """`flag`, when given, rules out every option in `others`: a usage error naming them."""
    if not _given(value):
        return
    clash = [name for name, other in others.items() if _given(other)]
    if clash:
        raise UsageProblem(f"{flag} cannot be used with {_listed(clash, 'or')}; {hint}")


# --- values the parser cannot convert -----------------------------------------------------------


def _shown_value(value: Any) -> str:
    text = str(getattr(value, "value", value))
    return text if text.isprintable() else repr(text)[1:-1]


def _choices_of(param: Any) -> list[str]:
    desc = param.type_descriptor
    return [str(getattr(c, "value", c)) for c in desc.choices or ()]


def worded_error(param: Any, value: Any, exc: Exception) -> str:
    """'--seats: 'abc' is not a whole number' for a value the parser rejected."""
    errors = getattr(exc.__cause__, "errors", None)
    detail = errors()[0] if callable(errors) and errors() else {}
    kind = str(detail.get("type", ""))
    bad = _shown_value(detail.get("input", value))
    name = param.flag_name()
    if param.type_descriptor.is_choice:
        return f"{name}: '{bad}' is not one of {', '.join(_choices_of(param))}"
    if kind.startswith("int_"):
        return f"{name}: '{bad}' is not a whole number"
    if kind.startswith("float_"):
        return f"{name}: '{bad}' is not a number"
    message = str(detail.get("msg") or getattr(exc, "message", exc))
    return f"{name}: '{bad}' is not valid ({message[:1].lower()}{message[1:]})"


class _WordedRuntime:
    """Wraps typer's converter: a value it rejects becomes a UsageProblem in our words."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            return self.inner.coerce(value, param=param, ctx=ctx)
        except typer.BadParameter as exc:
            raise UsageProblem(worded_error(param, value, exc), ctx=ctx, param=param) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


# --- help --------------------------------------------------------------------------------------


class HelpArgument(TyperArgument):
    """An argument shown by its name in capitals (or its metavar), never with its type."""

    def get_runtime_param(self) -> Any:
        return _WordedRuntime(super().get_runtime_param())

    def _name(self) -> str:
        return self.metavar or (self.name or "").upper()

    def flag_name(self) -> str:
        return self._name()

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

    def get_runtime_param(self) -> Any:
        return _WordedRuntime(super().get_runtime_param())

    def flag_name(self) -> str:
        return next((o for o in self.opts if o.startswith("--")), self.opts[0])

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
