"""The CLI shell: fast help, help text everywhere, exit codes, the error funnel."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ok, run_cli

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "jinja2")
GROUPS = [
    "db",
    "org",
    "people",
    "teams",
    "1on1",
    "interview",
    "interviewers",
    "ladder",
    "evidence",
    "lead",
    "rotation",
    "report",
    "audit",
]

PROBE = """
import sys
from eng_ops.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("HEAVY:" + ",".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


SUBGROUPS = [["lead", "opening"], ["lead", "role"], ["interview", "candidate"]]


@pytest.mark.parametrize(
    "args", [["--help"]] + [[g, "--help"] for g in GROUPS] + [[*s, "--help"] for s in SUBGROUPS]
)
def test_help_imports_no_heavy_modules(args: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Usage" in proc.stdout
    assert "HEAVY:\n" in proc.stderr, proc.stderr


def _all_commands():  # type: ignore[no-untyped-def]
    from typer.main import get_command

    from eng_ops.cli.app import app

    root = get_command(app)
    stack = [((), root)]
    while stack:
        path, cmd = stack.pop()
        yield path, cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            stack.append(((*path, name), sub))


def test_every_command_has_help_text() -> None:
    missing = [
        " ".join(path) for path, cmd in _all_commands() if path and not (cmd.help or "").strip()
    ]
    assert missing == []


# Python types leaking into help (`--topic <list[str]>`, `{handle}`), and listings cut short.
TYPE_LEAKS = re.compile(r"<(?:list\[|str>|int>|float>|bool>|path>)|\{")


def _command_rows(text: str) -> list[str]:
    """The lines of a help page's Commands section."""
    lines = text.splitlines()
    if "Commands:" not in lines:
        return []
    return [line for line in lines[lines.index("Commands:") + 1 :] if line.strip()]


def _option_entries(text: str) -> list[str]:
    """Each entry of a help page's Options section, its wrapped lines joined."""
    lines = text.splitlines()
    if "Options:" not in lines:
        return []
    entries: list[str] = []
    for line in lines[lines.index("Options:") + 1 :]:
        if not line.strip():
            break
        if line.startswith("  -"):  # an option (wrapped lines are indented further)
            entries.append(line.strip())
        elif entries:
            entries[-1] += " " + line.strip()
    return entries


DEFAULT_SHOWN = re.compile(r"\s*\[default: [^\]]*\]")


@pytest.mark.parametrize("columns", ["80", "50"])
def test_every_help_page_reads_well(monkeypatch, columns: str) -> None:  # type: ignore[no-untyped-def]
    """Walk every group and command (hidden aliases too): --help exits 0, shows names and
    choices rather than Python types, and group listings show whole sentences, never '...'.
    No text has two parentheses in a row ('((' or ') ('), and an option whose default is
    shown as [default: X] does not also say its default in words."""
    monkeypatch.setenv("COLUMNS", columns)
    pages = 0
    for path, cmd in _all_commands():
        result = run_cli(*path, "--help")
        assert result.exit_code == 0, (path, result.stderr)
        where = " ".join(path) or "eng-ops"
        assert not TYPE_LEAKS.search(result.stdout), (where, result.stdout)
        flat = " ".join(result.stdout.split())
        assert "((" not in flat and ") (" not in flat, (where, result.stdout)
        for entry in _option_entries(result.stdout):
            if DEFAULT_SHOWN.search(entry):
                assert "default" not in DEFAULT_SHOWN.sub("", entry).lower(), (where, entry)
        assert (cmd.help or "").strip(), where
        for row in _command_rows(result.stdout):
            assert "..." not in row, (where, row)
        if getattr(cmd, "commands", None):
            listed = {row.split()[0] for row in _command_rows(result.stdout) if row[2] != " "}
            visible = {n for n, c in cmd.commands.items() if not c.hidden}
            assert listed == visible, where
        pages += 1
    assert pages > 80


def test_groups_name_what_is_inside() -> None:
    lead = " ".join(ok(run_cli("--help")).stdout.split())
    for area in ("lead roles", "openings", "pipeline"):
        assert area in lead, area
    for group, words in {
        ("lead", "opening"): ("add", "list", "show", "apply", "nominate", "decide", "convert"),
        ("lead", "role"): ("assign", "list", "end"),
        ("interview", "candidate"): ("add", "list"),
    }.items():
        text = " ".join(ok(run_cli(*group, "--help")).stdout.split())
        first = text.split("Options:")[0]
        for word in words:
            assert word in first, (group, word)


# The old spellings: hidden from listings, still working for existing scripts.
ALIASES = {
    ("interview", "candidates"): ("interview", "candidate", "list"),
    ("lead", "openings"): ("lead", "opening", "list"),
    ("lead", "advert"): ("lead", "opening", "advert"),
    ("lead", "apply"): ("lead", "opening", "apply"),
    ("lead", "nominate"): ("lead", "opening", "nominate"),
    ("lead", "respond"): ("lead", "opening", "respond"),
    ("lead", "withdraw"): ("lead", "opening", "withdraw"),
    ("lead", "decide"): ("lead", "opening", "decide"),
    ("lead", "convert"): ("lead", "opening", "convert"),
    ("lead", "assign"): ("lead", "role", "assign"),
    ("lead", "roles"): ("lead", "role", "list"),
    ("lead", "end"): ("lead", "role", "end"),
}


def test_old_spellings_are_hidden_aliases() -> None:
    commands = dict(_all_commands())
    for old, new in ALIASES.items():
        assert commands[old].hidden and not commands[new].hidden, old
        assert commands[old].callback.__wrapped__ is commands[new].callback.__wrapped__, old
        listing = ok(run_cli(*old[:-1], "--help")).stdout
        assert old[-1] not in {row.split()[0] for row in _command_rows(listing)}, old


def test_old_spellings_still_run(demo_org) -> None:  # type: ignore[no-untyped-def]
    assert ok(demo_org("interview", "candidates", "-f", "json")).stdout == (
        ok(demo_org("interview", "candidate", "list", "-f", "json")).stdout
    )
    assert ok(demo_org("lead", "openings", "-f", "json")).stdout == (
        ok(demo_org("lead", "opening", "list", "-f", "json")).stdout
    )


def test_every_listing_offers_all_formats() -> None:
    for path, cmd in _all_commands():
        for param in getattr(cmd, "params", []):
            # report render, interview export/kit/debrief and lead advert write documents
            is_document = bool(path) and (
                path[0] == "report" or path[-1] in ("export", "advert", "kit", "debrief")
            )
            if "--format" in getattr(param, "opts", []) and not is_document:
                choices = {m.value for m in param.type_descriptor.annotation}
                assert {"table", "json", "csv", "md"} <= choices, path


def test_python_dash_m_and_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "eng_ops", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("eng-ops ")


def test_usage_error_exits_2() -> None:
    result = run_cli("no-such-command")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_bad_format_is_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("people", "list", "--format", "xml")
    assert result.exit_code == 2


def test_user_error_is_one_line_without_traceback(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("db", "upgrade").exit_code == 0  # read-only commands need a database
    result = cli("people", "show", "nobody")
    assert result.exit_code == 1
    assert result.stderr == "error: unknown person 'nobody'\n"
    assert result.stdout == ""


def test_debug_shows_traceback(cli) -> None:  # type: ignore[no-untyped-def]
    from eng_ops.errors import NotFound

    assert cli("db", "upgrade").exit_code == 0
    with pytest.raises(NotFound):
        cli("--debug", "people", "show", "nobody")


def test_bad_db_url_is_a_clear_error() -> None:
    result = run_cli("--db", "mysql://x@y/z", "people", "list")
    assert result.exit_code == 1
    assert "unsupported database" in result.stderr


def test_db_env_var_selects_database(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "env.db"
    monkeypatch.setenv("ENG_OPS_DB", str(target))
    assert run_cli("people", "add", "al", "--name", "Al").exit_code == 0
    assert target.exists()


def test_config_file_sets_db_and_user(home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "configured.db"
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(f'db = "{target}"\nuser = "cfguser"\n')
    assert run_cli("people", "add", "al", "--name", "Al").exit_code == 0
    log = run_cli("audit", "log", "-f", "json")
    assert '"actor": "cfguser"' in log.stdout
    assert target.exists()


def test_bad_config_is_a_clear_error(home) -> None:  # type: ignore[no-untyped-def]
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("db = [unclosed\n")
    result = run_cli("people", "list")
    assert result.exit_code == 1
    assert "config.toml" in result.stderr and "TOML" in result.stderr


def test_readme_documents_every_command() -> None:
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    leaves = [
        "eng-ops " + " ".join(path)
        for path, cmd in _all_commands()
        if path and not getattr(cmd, "commands", None) and not cmd.hidden
    ]
    assert leaves
    missing = [name for name in leaves if name not in readme]
    assert missing == []


def test_readme_starts_with_the_two_commands() -> None:
    from tests.conftest import REPO

    head = (REPO / "README.md").read_text(encoding="utf-8")[:800]
    assert "make demo" in head and "make test" in head
