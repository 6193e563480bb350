"""The built wheel, installed in a fresh virtualenv, ships its templates and examples."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from tests.conftest import REPO


def test_wheel_in_fresh_venv_renders_a_report(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("eng_ops-*.whl"))

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # Dependencies come from this test run's environment (added as a plain path, so its
    # editable eng-ops is not visible); eng-ops itself comes only from the wheel.
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["ENG_OPS_HOME"] = str(tmp_path / "home")
    exe = str(env_dir / "bin" / "eng-ops")
    where = subprocess.run(
        [str(python), "-c", "import eng_ops; print(eng_ops.__file__)"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert str(env_dir) in where, "eng_ops must come from the wheel, not the checkout"
    demo = subprocess.run(
        [exe, "demo", "--db", "demo.db"], cwd=work, env=env, capture_output=True, text=True
    )
    assert demo.returncode == 0, demo.stderr
    report = subprocess.run(
        [
            exe,
            "--db",
            "demo.db",
            "report",
            "render",
            "roster",
            "--format",
            "html",
            "--out",
            "roster.html",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert report.returncode == 0, report.stderr
    html = (work / "roster.html").read_text()
    assert html.startswith("<!doctype html>")
    assert "Span of control" in html
