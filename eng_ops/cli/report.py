"""`eng-ops report`: list and render reports from Jinja templates."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from eng_ops.cli.common import FormatOpt, open_session
from eng_ops.output import Format

app = typer.Typer(help="Reports rendered from Jinja templates (md, html).", no_args_is_help=True)


class ReportFormat(StrEnum):
    md = "md"
    html = "html"


TemplatesOpt = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        metavar="DIR",
        help="Your template dir; files here override the packaged ones "
        "(default: ENG_OPS_TEMPLATES, config 'templates', or <config dir>/templates).",
    ),
]


@app.command("list")
def list_(templates: TemplatesOpt = None, fmt: FormatOpt = Format.table) -> None:
    """List the reports, their formats and which templates you override."""
    from eng_ops.config import user_templates_dir
    from eng_ops.output import emit
    from eng_ops.render import overridden
    from eng_ops.services.reports import REPORTS

    user_dir = user_templates_dir(templates)
    rows = [
        {
            "name": r.name,
            "description": r.description,
            "formats": list(r.formats),
            "overridden": [f for f in r.formats if overridden(r.name, f, user_dir)],
            "params": list(r.params),
        }
        for r in REPORTS.values()
    ]
    emit(
        rows,
        fmt,
        ["name", "description", "formats", "overridden", "params"],
        title=f"Reports (your templates: {user_dir})",
    )


@app.command("render")
def render(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Report name (see `eng-ops report list`).")
    ],
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="Document format.", case_sensitive=False),
    ] = ReportFormat.md,
    out: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Write to this file (default: stdout).")
    ] = None,
    templates: TemplatesOpt = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            metavar="KEY=VALUE",
            help="A report parameter (repeatable), e.g. role=backend-engineer.",
        ),
    ] = None,
) -> None:
    """Render a report as Markdown or HTML."""

    from eng_ops.cli.common import actor
    from eng_ops.config import user_templates_dir
    from eng_ops.errors import InvalidInput
    from eng_ops.output import working, write_document
    from eng_ops.render import render as render_template
    from eng_ops.services.reports import build_context, get_report

    params = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise InvalidInput(f"--param: '{item}' should look like KEY=VALUE")
        params[key.strip()] = value.strip()
    get_report(name)
    with working(f"building the {name} report"), open_session(write=False) as session:
        context = build_context(session, name, params, actor())
    text = render_template(name, fmt.value, context, user_templates_dir(templates))
    write_document(text, out)
