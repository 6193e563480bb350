"""The CLI shell: fast help, help text everywhere, exit codes, the error funnel."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import run_cli

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


@pytest.mark.parametrize("args", [["--help"]] + [[g, "--help"] for g in GROUPS])
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


def test_every_listing_offers_all_formats() -> None:
    for path, cmd in _all_commands():
        for param in getattr(cmd, "params", []):
            # report render, interview export and lead advert write documents, not listings
            is_document = bool(path) and (path[0] == "report" or path[-1] in ("export", "advert"))
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
    result = cli("people", "show", "nobody")
    assert result.exit_code == 1
    assert result.stderr == "error: unknown person 'nobody'\n"
    assert result.stdout == ""


def test_debug_shows_traceback(cli) -> None:  # type: ignore[no-untyped-def]
    from eng_ops.errors import NotFound

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
        if path and not getattr(cmd, "commands", None)
    ]
    assert leaves
    missing = [name for name in leaves if name not in readme]
    assert missing == []


def test_readme_starts_with_the_two_commands() -> None:
    from tests.conftest import REPO

    head = (REPO / "README.md").read_text(encoding="utf-8")[:800]
    assert "make demo" in head and "make test" in head
