"""`eng-ops org`: import and export the org file, show the reporting tree."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eng_ops.cli.common import FormatOpt, SectionOpt, open_session
from eng_ops.output import Format

app = typer.Typer(help="The org as a whole: import, export, tree.", no_args_is_help=True)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Org YAML file (teams + people).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report, write nothing.")
    ] = False,
    sync_1on1s: Annotated[
        bool,
        typer.Option(
            "--sync-1on1s",
            help="Then make manager 1:1 pairings match the reporting lines (as 1on1 sync).",
        ),
    ] = False,
) -> None:
    """Create or update teams and people from a YAML file (all or nothing; re-runnable)."""
    from eng_ops.output import message, working
    from eng_ops.services.org import import_org
    from eng_ops.services.org_spec import parse_org_file

    with working(f"reading {file}"):
        spec = parse_org_file(file)
    with (
        working(f"importing {len(spec.people)} people"),
        open_session(write=not dry_run) as session,
    ):
        result = import_org(session, spec)
        synced = _sync_1on1s(session) if sync_1on1s else None
    prefix = "would import (dry run)" if dry_run else "imported"
    message(f"{prefix} {file}: {result.summary()}")
    if synced is not None:
        message(
            f"1:1 pairings: {len(synced.created)} created, {len(synced.ended)} ended, "
            f"{len(synced.kept)} forced kept (see eng-ops 1on1 pairs)"
        )


def _sync_1on1s(session):  # type: ignore[no-untyped-def]
    from eng_ops.services.one_on_one_sync import sync
    from eng_ops.services.settings import current

    return sync(session, current(session).one_on_one, kinds=("manager",))


@app.command("export")
def export(
    out: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Write the org as YAML that re-imports to the same state."""

    from eng_ops.output import write_document
    from eng_ops.services.org import export_org
    from eng_ops.yamlio import dump_yaml

    with open_session(write=False) as session:
        text = dump_yaml(export_org(session))
    write_document(text, out)


@app.command("tree")
def tree(
    root: Annotated[
        str | None, typer.Option(metavar="HANDLE", help="Start from this person's handle.")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show reporting lines as a tree (json: nested; csv/md: one row per person)."""
    from eng_ops.output import emit, emit_json
    from eng_ops.services.org import org_tree

    with open_session(write=False) as session:
        roots = org_tree(session, root)
    if fmt is Format.json:
        emit_json([r.as_dict() for r in roots])
        return
    if fmt is not Format.table:
        rows: list[dict] = []

        def walk(node, depth: int, manager: str | None) -> None:  # type: ignore[no-untyped-def]
            rec = node.record
            rows.append(
                {
                    "depth": depth,
                    "handle": rec["handle"],
                    "name": rec["name"],
                    "title": rec["title"],
                    "manager": manager,
                    "direct_reports": len(node.reports),
                }
            )
            for child in node.reports:
                walk(child, depth + 1, rec["handle"])

        for r in roots:
            walk(r, 0, None)
        emit(rows, fmt)
        return
    _print_tree(roots)


def _print_tree(roots) -> None:  # type: ignore[no-untyped-def]
    from rich.text import Text
    from rich.tree import Tree

    from eng_ops.output import console, message, printable

    if not roots:
        message("nobody to show: import an org file first")
        return

    def label(node) -> Text:  # type: ignore[no-untyped-def]
        rec = node.record
        text = Text.assemble((printable(rec["name"]), "bold"), f" ({rec['handle']})")
        details = printable(" · ".join(v for v in (rec["title"], rec["level"], rec["team"]) if v))
        if details:
            text.append(f"  {details}", style="dim")
        if node.reports:
            text.append(f"  [{len(node.reports)}]", style="cyan")
        return text

    out = console()
    for root_node in roots:
        tree_ = Tree(label(root_node))
        stack = [(tree_, root_node)]
        while stack:
            branch, node = stack.pop()
            for child in node.reports:
                stack.append((branch.add(label(child)), child))
        out.print(tree_)


@app.command("summary")
def summary(fmt: FormatOpt = Format.table, section: SectionOpt = None) -> None:
    """The dashboard: teams, headcount by level, span of control per manager.

    Sections: teams, levels, spans.
    """
    from eng_ops.cli.demo import print_dashboard
    from eng_ops.services.dashboard import org_summary

    with open_session(write=False) as session:
        result = org_summary(session)
    print_dashboard(result, fmt, section)
