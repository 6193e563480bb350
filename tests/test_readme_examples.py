"""Issue 10: the README's walk-through runs, in order, on a fresh demo.

Every `eng-ops ...` line in a ```sh block from "The demo" up to "PostgreSQL" runs against one
demo database, with the examples folder beside it. A line must succeed unless the README marks
it with `# error:` (then it must fail with one clear line). `cat > FILE <<'EOF'` blocks write
their file first, so the README shows the file it uses.
"""

from __future__ import annotations

import glob
import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import REPO, isolated_env, run_cli

START = "## The demo"
STOP = "## PostgreSQL"
HEREDOC = re.compile(r"^cat > (\S+) <<'EOF'\n(.*?)^EOF$", re.MULTILINE | re.DOTALL)


def walkthrough() -> list[tuple[int, str]]:
    """(README line, text) of each command or heredoc, in order."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    begin, end = text.index(START), text.index(STOP)
    steps: list[tuple[int, str]] = []
    for block in re.finditer(r"```sh\n(.*?)```", text[begin:end], re.DOTALL):
        offset = text[: begin + block.start(1)].count("\n") + 1
        body = block.group(1)
        for doc in HEREDOC.finditer(body):
            steps.append((offset + body[: doc.start()].count("\n"), doc.group(0)))
        body = HEREDOC.sub(lambda m: "\n" * m.group(0).count("\n"), body)
        lines = body.split("\n")
        index = 0
        while index < len(lines):
            start = index
            line = lines[index]
            while line.rstrip().endswith("\\") and index + 1 < len(lines):
                index += 1
                line = line.rstrip()[:-1] + " " + lines[index].strip()
            if line.startswith("eng-ops"):
                steps.append((offset + start, line))
            index += 1
    return steps


def parse(command: str, db: Path) -> tuple[list[str], bool]:
    """The argv to run (against `db`) and whether the README expects an error."""
    expect_error = bool(re.search(r"#\s*error:", command))
    words = shlex.split(command, comments=True)[1:]
    args: list[str] = []
    skip = False
    for index, word in enumerate(words):
        if skip:
            skip = False
            continue
        if word == "--db":
            skip = True
            continue
        if "*" in word:
            args += sorted(glob.glob(word)) or [word]
            continue
        args.append(word)
        del index
    return ["--db", str(db), *args], expect_error


def test_walkthrough_commands_exist() -> None:
    steps = walkthrough()
    commands = [s for _, s in steps if s.startswith("eng-ops")]
    assert len(commands) >= 30, commands
    assert any(" demo" in c for c in commands)


def test_readme_walkthrough_runs_on_a_fresh_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "examples").symlink_to(REPO / "examples")
    (work / "templates").symlink_to(REPO / "templates")
    monkeypatch.chdir(work)
    db = tmp_path / "demo.db"
    failures: list[str] = []
    with isolated_env(tmp_path):
        for line, step in walkthrough():
            doc = HEREDOC.match(step)
            if doc:
                (work / doc.group(1)).write_text(doc.group(2), encoding="utf-8")
                continue
            argv, expect_error = parse(step, db)
            if argv[2:3] == ["demo"]:
                argv = ["demo", "--db", str(db), *argv[3:]]
            result = run_cli(*argv)
            if expect_error:
                if result.exit_code != 1 or len(result.stderr.strip().splitlines()) != 1:
                    failures.append(f"README:{line}: expected one error line: {step}")
            elif result.exit_code != 0:
                failures.append(f"README:{line}: {step}\n    -> {result.stderr.strip()}")
    assert not failures, "\n".join(failures)
