"""Each test gets its own home dir (config, data, templates) and a real database."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
# The one date every test runs on (ENG_OPS_TODAY, set by `_isolate`): a run that crosses
# midnight, or runs on any other day, sees the same "today".
TODAY = date(2026, 11, 27)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str, input_text: str | None = None) -> Result:
    """Run the real CLI entry point (with its exit funnel) in-process."""
    from eng_ops.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO(input_text or "")
    code = 0
    old_stdin = sys.stdin
    sys.stdin = stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main([str(a) for a in args])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdin = old_stdin
    return Result(code, out.getvalue(), err.getvalue())


def ok(result: Result) -> Result:
    """The command succeeded (shows stdout and stderr when it did not)."""
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def as_json(result: Result):  # type: ignore[no-untyped-def]
    return json.loads(ok(result).stdout)


def assert_one_line_error(result: Result) -> None:
    """A user error: exit 1, one 'error:' line on stderr, no traceback, nothing on stdout."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip("\n").splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:"), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


ISOLATED_VARS = ("ENG_OPS_DB", "ENG_OPS_USER", "ENG_OPS_TEMPLATES", "ENG_OPS_CONFIG")


def _isolate(mp: pytest.MonkeyPatch, home_dir: Path) -> None:
    mp.setenv("ENG_OPS_HOME", str(home_dir))
    for var in ISOLATED_VARS:
        mp.delenv(var, raising=False)
    mp.setenv("ENG_OPS_TODAY", TODAY.isoformat())
    mp.setenv("NO_COLOR", "1")
    mp.setenv("COLUMNS", "200")
    from eng_ops.config import load_config

    load_config.cache_clear()


@contextlib.contextmanager
def isolated_env(base: Path) -> Iterator[None]:
    """The autouse `home` isolation, for module-scoped builds: ENG_OPS_HOME under `base`."""
    from eng_ops.config import load_config

    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, base / "home")
        try:
            yield
        finally:
            load_config.cache_clear()


def db_cli(path: Path):  # type: ignore[no-untyped-def]
    """Run eng-ops against one database file: db_cli(p)('people', 'list', as_='priya')."""

    def invoke(*args: str, as_: str | None = None) -> Result:
        return run_cli("--db", str(path), *(["--as", as_] if as_ else []), *args)

    return invoke


def build_template(
    factory: pytest.TempPathFactory,
    name: str,
    *commands: tuple[str, ...],
    org_yaml: str | None = None,
) -> Path:
    """A module-scoped template database: an org (the example org, or the `org_yaml` text)
    plus `commands`, run once. Tests copy it with `copy_template` (a file copy is far
    cheaper than re-importing)."""
    base = factory.mktemp(name)
    path = base / "org.db"
    org_file = EXAMPLES / "org.yaml"
    if org_yaml is not None:
        org_file = base / "org.yaml"
        org_file.write_text(org_yaml, encoding="utf-8")
    with isolated_env(base):
        cli = db_cli(path)
        ok(cli("org", "import", str(org_file)))
        for command in commands:
            ok(cli(*command))
    return path


def copy_template(template: Path, db_path: Path) -> None:
    """This test's database starts as a copy of a template built by `build_template`."""
    import shutil

    shutil.copyfile(template, db_path)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private ENG_OPS_HOME per test; no leakage from the developer's environment."""
    home_dir = tmp_path / "home"
    _isolate(monkeypatch, home_dir)
    from eng_ops.config import load_config

    yield home_dir
    load_config.cache_clear()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "org.db"


@pytest.fixture
def cli(db_path: Path):  # type: ignore[no-untyped-def]
    """Run eng-ops against this test's SQLite file: cli('people', 'list')."""

    def invoke(*args: str, as_: str | None = None) -> Result:
        prefix = ["--db", str(db_path)] + (["--as", as_] if as_ else [])
        return run_cli(*prefix, *args)

    return invoke


@pytest.fixture
def demo_org(cli):  # type: ignore[no-untyped-def]
    result = cli("org", "import", str(EXAMPLES / "org.yaml"))
    assert result.exit_code == 0, result.stderr
    return cli


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- PostgreSQL ------------------------------------------------------------------------------


def _pg_base_url() -> str | None:
    url = os.environ.get("ENG_OPS_TEST_PG_URL")
    if url:
        return url
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("ENG_OPS_TEST_PG_URL is not set: in CI the PostgreSQL tests must run")
    pytest.skip("ENG_OPS_TEST_PG_URL not set (run .ci/run to test against PostgreSQL)")
    return None


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    base = _pg_base_url()
    assert base is not None
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    try:
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, db_path: Path) -> str:
    """The same test on a SQLite file and on a real PostgreSQL schema, which (like a team's
    database) its owner has set up with `eng-ops db upgrade`."""
    if request.param == "sqlite":
        return str(db_path)
    url = request.getfixturevalue("pg_url")
    ok(run_cli("--db", url, "db", "upgrade"))
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def any_fresh_db(request: pytest.FixtureRequest, db_path: Path) -> str:
    """A SQLite path nobody has created, or an empty PostgreSQL schema."""
    if request.param == "sqlite":
        return str(db_path)
    return request.getfixturevalue("pg_url")
