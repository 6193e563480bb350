"""`report list` / `report render`: packaged templates, user overrides, escaping, errors."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from tests.conftest import EXAMPLES, REPO, assert_one_line_error, file_digest, ok

ORG = yaml.safe_load((EXAMPLES / "org.yaml").read_text(encoding="utf-8"))
PEOPLE = [p for p in ORG["people"] if not p.get("left")]
TEAMS = ORG["teams"]
PACKAGED = REPO / "templates"
XSS = "<script>alert(1)</script>"


def report_rows(cli, *args: str) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    rows = json.loads(ok(cli("report", "list", *args, "--format", "json")).stdout)
    return {r["name"]: r for r in rows}


# --- report list --------------------------------------------------------------------------


def test_report_list_json(cli) -> None:  # type: ignore[no-untyped-def]
    rows = report_rows(cli)
    assert "roster" in rows
    for name, row in rows.items():
        assert list(row)[:4] == ["name", "description", "formats", "overridden"]
        assert row["description"].strip()
        assert set(row["formats"]) <= {"md", "html"} and row["formats"]
        for fmt in row["formats"]:  # every advertised format has a packaged template
            assert (PACKAGED / f"{name}.{fmt}.j2").is_file(), (name, fmt)
        assert row["overridden"] == []


def test_report_list_table(cli) -> None:  # type: ignore[no-untyped-def]
    result = ok(cli("report", "list"))
    assert "roster" in result.stdout


# --- rendering the packaged templates -----------------------------------------------------


def test_render_roster_md(demo_org) -> None:  # type: ignore[no-untyped-def]
    result = ok(demo_org("report", "render", "roster", "--format", "md"))
    text = result.stdout
    assert text.startswith("#")
    assert f"{len(PEOPLE)} people in {len(TEAMS)} teams" in text
    for team in TEAMS:
        assert team["name"] in text
    for person in PEOPLE:
        assert person["handle"] in text
        assert person["name"] in text
    for level, count in Counter(p["level"] for p in PEOPLE).items():
        assert f"| {level} | {count} |" in text


def test_render_roster_html_to_file(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "reports" / "roster.html"
    result = ok(demo_org("report", "render", "roster", "--format", "html", "--out", str(out)))
    assert result.stdout == ""
    assert str(out) in result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert html.rstrip().endswith("</html>")
    for team in TEAMS:
        assert str(escape(team["name"])) in html
    for person in PEOPLE:
        assert f"<td>{escape(person['name'])}</td>" in html


def test_render_format_is_case_insensitive(demo_org) -> None:  # type: ignore[no-untyped-def]
    result = ok(demo_org("report", "render", "roster", "--format", "HTML"))
    assert "<html" in result.stdout


def test_render_on_empty_db(cli) -> None:  # type: ignore[no-untyped-def]
    ok(cli("db", "upgrade"))  # an empty org: the database exists, nobody in it
    result = ok(cli("report", "render", "roster", "--format", "md"))
    assert "0 people" in result.stdout


# --- escaping -----------------------------------------------------------------------------


def test_html_escapes_names(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("people", "add", "mallory", "--name", XSS, "--team", TEAMS[0]["key"]))
    ok(demo_org("people", "add", "trudy", "--name", "Trudy", "--title", '<img src=x onerror="x">'))
    html = ok(demo_org("report", "render", "roster", "--format", "html")).stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;img src=x" in html


def test_md_escapes_pipes_in_names(demo_org) -> None:  # type: ignore[no-untyped-def]
    ok(demo_org("people", "add", "pipe", "--name", "Pip|e Person", "--title", "A|B"))
    md = ok(demo_org("report", "render", "roster", "--format", "md")).stdout
    row = next(line for line in md.splitlines() if line.startswith("| pipe |"))
    assert "Pip\\|e Person" in row and "A\\|B" in row


# --- user templates -----------------------------------------------------------------------

CUSTOM_MD = "CUSTOM ROSTER: {{ summary.headcount }} people, first {{ people[0].handle }}\n"


def _user_dir(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        (path / name).write_text(body, encoding="utf-8")
    return path


def _expected_custom() -> str:
    first = sorted(p["handle"] for p in PEOPLE)[0]
    return f"CUSTOM ROSTER: {len(PEOPLE)} people, first {first}\n"


def test_templates_option_overrides(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user = _user_dir(tmp_path / "mytemplates", {"roster.md.j2": CUSTOM_MD})
    md = ok(demo_org("report", "render", "roster", "--format", "md", "--templates", str(user)))
    assert md.stdout == _expected_custom()
    # html is not overridden: the packaged one is still used
    html = ok(demo_org("report", "render", "roster", "--format", "html", "--templates", str(user)))
    assert "<html" in html.stdout
    assert report_rows(demo_org, "--templates", str(user))["roster"]["overridden"] == ["md"]
    # without --templates the packaged template is back
    plain = ok(demo_org("report", "render", "roster", "--format", "md")).stdout
    assert "CUSTOM ROSTER" not in plain
    assert report_rows(demo_org)["roster"]["overridden"] == []


def test_templates_env_var_overrides(demo_org, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    user = _user_dir(tmp_path / "envtemplates", {"roster.md.j2": CUSTOM_MD})
    monkeypatch.setenv("ENG_OPS_TEMPLATES", str(user))
    md = ok(demo_org("report", "render", "roster", "--format", "md"))
    assert md.stdout == _expected_custom()
    assert report_rows(demo_org)["roster"]["overridden"] == ["md"]


def test_templates_option_beats_env_var(demo_org, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    env_dir = _user_dir(tmp_path / "env", {"roster.md.j2": "FROM ENV\n"})
    opt_dir = _user_dir(tmp_path / "opt", {"roster.md.j2": "FROM OPTION\n"})
    monkeypatch.setenv("ENG_OPS_TEMPLATES", str(env_dir))
    md = ok(demo_org("report", "render", "roster", "--templates", str(opt_dir)))
    assert md.stdout == "FROM OPTION\n"


def test_default_user_template_dir_is_in_home(demo_org, home: Path) -> None:  # type: ignore[no-untyped-def]
    _user_dir(home / "templates", {"roster.md.j2": CUSTOM_MD})
    assert ok(demo_org("report", "render", "roster")).stdout == _expected_custom()
    assert report_rows(demo_org)["roster"]["overridden"] == ["md"]


def test_user_html_template_is_autoescaped_and_can_extend_base(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    body = (
        '{% extends "_base.html.j2" %}{% block body %}'
        "{% for p in people %}<p>{{ p.name }}</p>{% endfor %}{% endblock %}"
    )
    user = _user_dir(tmp_path / "t", {"roster.html.j2": body})
    ok(demo_org("people", "add", "mallory", "--name", XSS))
    args = ("report", "render", "roster", "--format", "html", "--templates", str(user))
    html = ok(demo_org(*args)).stdout
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
    assert "<script" not in html
    assert "<!doctype html>" in html  # the packaged base was found through the loader chain
    assert report_rows(demo_org, "--templates", str(user))["roster"]["overridden"] == ["html"]


# --- errors -------------------------------------------------------------------------------


def test_undefined_variable_in_user_template(demo_org, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    user = _user_dir(
        tmp_path / "bad", {"roster.md.j2": "# {{ summary.headcount }}\n{{ nope_x }}\n"}
    )
    before = file_digest(db_path)
    result = demo_org("report", "render", "roster", "--templates", str(user))
    assert_one_line_error(result)
    assert "nope_x" in result.stderr
    assert "roster.md.j2" in result.stderr
    assert file_digest(db_path) == before


def test_undefined_attribute_in_user_template(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user = _user_dir(tmp_path / "bad", {"roster.md.j2": "{{ summary.no_such_field }}\n"})
    result = demo_org("report", "render", "roster", "--templates", str(user))
    assert_one_line_error(result)
    assert "no_such_field" in result.stderr


def test_syntax_error_in_user_template(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user = _user_dir(tmp_path / "bad", {"roster.md.j2": "line one\n{% for x in %}\n"})
    result = demo_org("report", "render", "roster", "--templates", str(user))
    assert_one_line_error(result)
    assert "roster.md.j2" in result.stderr
    assert ":2:" in result.stderr


def test_failed_render_does_not_write_out_file(demo_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user = _user_dir(tmp_path / "bad", {"roster.md.j2": "{{ nope_x }}\n"})
    out = tmp_path / "out.md"
    result = demo_org("report", "render", "roster", "--templates", str(user), "--out", str(out))
    assert_one_line_error(result)
    assert not out.exists()


@pytest.mark.parametrize("args", [[], ["--format", "html"]])
def test_unknown_report(demo_org, args) -> None:  # type: ignore[no-untyped-def]
    result = demo_org("report", "render", "no-such-report", *args)
    assert_one_line_error(result)
    assert "no-such-report" in result.stderr
    assert "roster" in result.stderr  # names the known reports
