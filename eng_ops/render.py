"""Jinja rendering: the user's template dir first, then the packaged templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.loaders import split_template_path

from eng_ops.config import packaged_dir
from eng_ops.errors import EngOpsError, NotFound


def packaged_templates() -> Path:
    return packaged_dir("templates")


class _FileLoader(BaseLoader):
    """Templates from one directory, read through eng_ops.files (size cap, UTF-8 file:line)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get_source(self, environment: Environment, template: str):  # type: ignore[no-untyped-def]
        from eng_ops.files import read_text

        if self.folder is None:
            raise TemplateNotFound(template)
        path = self.folder.joinpath(*split_template_path(template))
        if not path.is_file():
            raise TemplateNotFound(template)
        mtime = path.stat().st_mtime
        return read_text(path), str(path), lambda: path.is_file() and path.stat().st_mtime == mtime


class _Block(str):
    """Text a Markdown template prints as paragraphs (its line breaks kept): `| md_block`."""


def _md_finalize(value: Any) -> Any:
    """Every value a Markdown template prints goes through output.md_escape (line breaks kept
    only for a block the template asked for with `| md_block`)."""
    if not isinstance(value, str):
        return value
    from eng_ops.output import md_escape

    return md_escape(value, keep_lines=isinstance(value, _Block))


def _html_finalize(value: Any) -> Any:
    """HTML is auto-escaped; terminal control characters are shown, never passed on."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        from eng_ops.output import printable

        return printable(value)
    return value


def environment(user_dir: Path | None, fmt: str = "html") -> Environment:
    search = user_dir if user_dir and user_dir.is_dir() else None
    env = Environment(
        loader=ChoiceLoader([_FileLoader(search), _FileLoader(packaged_templates())]),
        undefined=StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_md_finalize if fmt == "md" else _html_finalize,
    )
    env.filters["pct"] = lambda v, digits=0: "" if v is None else f"{v * 100:.{digits}f}%"
    # Every printed value is escaped by _md_finalize; md_cell stays for templates that use it.
    env.filters["md_cell"] = lambda v: "" if v is None else str(v)
    env.filters["md_block"] = lambda v: _Block("" if v is None else str(v))
    return env


def _autoescape(name: str | None) -> bool:
    return bool(name) and (name.endswith(".html.j2") or name.endswith(".html"))


def template_name(report: str, fmt: str) -> str:
    return f"{report}.{fmt}.j2"


def render(report: str, fmt: str, context: dict[str, Any], user_dir: Path | None) -> str:
    """Render report NAME in md or html with the given context."""
    name = template_name(report, fmt)
    env = environment(user_dir, fmt)
    try:
        template = env.get_template(name)
    except TemplateNotFound:
        raise NotFound(f"no template '{name}' in {user_dir} or the packaged templates") from None
    except TemplateSyntaxError as exc:
        raise EngOpsError(f"{exc.filename or name}:{exc.lineno}: template error: {exc}") from None
    where = template.filename or name
    try:
        return template.render(**context)
    except UndefinedError as exc:
        raise EngOpsError(f"{where}: template uses an unknown value: {exc}") from None
    except TemplateNotFound as exc:  # an {% include %}, {% extends %} or {% import %}
        places = f"{user_dir} or the packaged templates" if user_dir else "the packaged templates"
        raise NotFound(f"{where}: uses template '{exc.name}', which is not in {places}") from None
    except TemplateSyntaxError as exc:  # in a template it includes
        raise EngOpsError(f"{exc.filename or where}:{exc.lineno}: template error: {exc}") from None


def overridden(report: str, fmt: str, user_dir: Path | None) -> bool:
    return bool(user_dir) and (user_dir / template_name(report, fmt)).is_file()
