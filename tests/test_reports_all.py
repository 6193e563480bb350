"""Every registered report renders in every format on the demo org."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eng_ops.services.reports import REPORTS
from tests.conftest import isolated_env, ok, run_cli

PARAMS = {"candidate": "1", "opening": "1", "role": "backend-engineer"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("demo")
    path = base / "demo.db"
    with isolated_env(base):
        ok(run_cli("demo", "--db", str(path)))
    return path


@pytest.mark.parametrize("name", sorted(REPORTS))
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_renders_on_the_demo(demo_db: Path, tmp_path: Path, name: str, fmt: str) -> None:
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    args = ["--db", str(db), "report", "render", name, "--format", fmt]
    for param in REPORTS[name].params:
        args += ["--param", f"{param}={PARAMS[param]}"]
    text = ok(run_cli(*args)).stdout
    assert len(text) > 200
    if fmt == "html":
        assert text.startswith("<!doctype html>")
        assert "http://" not in text and "https://" not in text
    else:
        assert text.lstrip().startswith("#")
