"""The org file (teams + people): parsing and validation with file:line errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eng_ops.errors import InvalidInput, located
from eng_ops.store.models import TRACKS
from eng_ops.yamlio import LineList, LineMap, load_yaml

HANDLE_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
TEAM_FIELDS = ("key", "name", "parent", "engineering")
PERSON_FIELDS = (
    "handle",
    "name",
    "email",
    "team",
    "manager",
    "level",
    "track",
    "title",
    "specialties",
    "started",
    "left",
)


@dataclass
class TeamSpec:
    key: str
    name: str
    parent: str | None = None
    engineering: bool = True  # false: outside engineering (never proposed to lead a rotation)
    line: int = 0
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class PersonSpec:
    handle: str
    name: str
    email: str | None = None
    team: str | None = None
    manager: str | None = None
    level: str | None = None
    track: str = "ic"
    title: str | None = None
    specialties: list[str] = field(default_factory=list)
    started: date | None = None
    left: date | None = None
    line: int = 0
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class OrgSpec:
    path: str
    teams: list[TeamSpec]
    people: list[PersonSpec]

    def error(self, line: int | None, where: str, message: str) -> InvalidInput:
        return located(self.path, line, where, message)


# --- field checks shared by the file importer and `people add/edit` -------------------------


def check_handle(value: Any, what: str = "handle") -> str:
    text = required_text(value, what)
    if not HANDLE_RE.match(text):
        raise InvalidInput(
            f"{what}: '{text}' is not a valid handle (lowercase letters, digits, '.', '-', '_')"
        )
    return text


def check_key(value: Any, what: str = "key") -> str:
    return check_handle(value, what)


def check_track(value: Any) -> str:
    text = required_text(value, "track").lower()
    if text not in TRACKS:
        raise InvalidInput(f"track: '{text}' is not one of {', '.join(TRACKS)}")
    return text


def check_engineering(value: Any) -> bool:
    """A team's `engineering` flag: true (the default) or false for a team outside it."""
    if value is None:
        return True
    if not isinstance(value, bool):
        raise InvalidInput("engineering: expected true or false")
    return value


def check_email(value: Any) -> str | None:
    if value in (None, ""):
        return None
    text = required_text(value, "email")
    if "@" not in text or " " in text:
        raise InvalidInput(f"email: '{text}' is not an email address")
    return text


def check_date(value: Any, what: str) -> date | None:
    from eng_ops.dates import in_range, iso_date

    if value in (None, ""):
        return None
    if isinstance(value, date):
        return in_range(value, what)
    return iso_date(str(value), what)


def check_specialties(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        raise InvalidInput("specialties: expected a list of words, e.g. [mobile, ios]")
    return [v.strip().lower() for v in items]


def optional_text(value: Any, what: str, max_len: int = 200) -> str | None:
    if value in (None, ""):
        return None
    return required_text(value, what, max_len)


def required_text(value: Any, what: str, max_len: int = 200) -> str:
    """Text from a file or an option: a list, a mapping or YAML's true/false is refused, so
    nothing is stored as Python's "['x']" or "True"; a number is taken as its digits."""
    if isinstance(value, dict | list | bool) or value is None:
        raise InvalidInput(f"{what}: expected text")
    text = str(value).strip()
    if not text:
        raise InvalidInput(f"{what}: must not be empty")
    if len(text) > max_len:
        raise InvalidInput(f"{what}: longer than {max_len} characters")
    return text


# --- the file --------------------------------------------------------------------------------


def parse_org_file(path: Path | str) -> OrgSpec:
    """Read and validate an org YAML file on its own (references checked later, with the DB)."""
    path = str(path)
    data = load_yaml(path)
    if not isinstance(data, LineMap):
        raise located(path, None, None, "expected a mapping with 'teams' and/or 'people'")
    unknown = [k for k in data if k not in ("teams", "people")]
    if unknown:
        raise located(path, data.line_of(unknown[0]), str(unknown[0]), "unknown section")
    spec = OrgSpec(path=path, teams=[], people=[])
    spec.teams = _parse_list(spec, data, "teams", _parse_team)
    spec.people = _parse_list(spec, data, "people", _parse_person)
    _check_unique(spec, [(t.key, t.line) for t in spec.teams], "teams", "key")
    _check_unique(spec, [(p.handle, p.line) for p in spec.people], "people", "handle")
    return spec


def _parse_list(spec: OrgSpec, data: LineMap, section: str, parse) -> list:  # type: ignore[no-untyped-def]
    items = data.get(section)
    if items is None:
        return []
    if not isinstance(items, LineList):
        raise spec.error(data.line_of(section), section, "expected a list")
    parsed = []
    for index, (item, line) in enumerate(zip(items, items.item_lines, strict=True)):
        where = f"{section}[{index}]"
        if not isinstance(item, LineMap):
            raise spec.error(line, where, "expected a mapping of fields")
        parsed.append(parse(spec, item, where))
    return parsed


def _field(spec: OrgSpec, item: LineMap, where: str, name: str, check, *args):  # type: ignore[no-untyped-def]
    return file_field(spec.path, item, where, name, check, *args)


def file_field(path: str, item: LineMap, where: str, name: str, check, *args):  # type: ignore[no-untyped-def]
    """check(item[name], *args); its InvalidInput becomes 'FILE:LINE: where.name: message'
    (any YAML file: org, ladder, rubric, scorecard). `where` is "" for a top-level field."""
    try:
        return check(item.get(name), *args)
    except InvalidInput as exc:
        message = str(exc).split(": ", 1)[-1]
        field_name = f"{where}.{name}" if where else str(name)
        raise located(path, item.line_of(name), field_name, message) from None


def _reject_unknown(spec: OrgSpec, item: LineMap, where: str, allowed: tuple[str, ...]) -> None:
    for key in item:
        if key not in allowed:
            raise spec.error(
                item.line_of(key),
                f"{where}.{key}",
                f"unknown field (known: {', '.join(allowed)})",
            )


def _required(spec: OrgSpec, item: LineMap, where: str, name: str) -> None:
    if item.get(name) in (None, ""):
        raise spec.error(item.line, f"{where}.{name}", "is required")


def _parse_team(spec: OrgSpec, item: LineMap, where: str) -> TeamSpec:
    _reject_unknown(spec, item, where, TEAM_FIELDS)
    for name in ("key", "name"):
        _required(spec, item, where, name)
    key = _field(spec, item, where, "key", check_key)
    parent = item.get("parent")
    return TeamSpec(
        key=key,
        name=_field(spec, item, where, "name", required_text, "name"),
        parent=_field(spec, item, where, "parent", check_key, "parent") if parent else None,
        engineering=_field(spec, item, where, "engineering", check_engineering),
        line=item.line,
        lines=dict(item.key_lines),
    )


def _parse_person(spec: OrgSpec, item: LineMap, where: str) -> PersonSpec:
    _reject_unknown(spec, item, where, PERSON_FIELDS)
    for name in ("handle", "name"):
        _required(spec, item, where, name)
    optional_key = lambda v, what: check_handle(v, what) if v not in (None, "") else None  # noqa: E731
    return PersonSpec(
        handle=_field(spec, item, where, "handle", check_handle),
        name=_field(spec, item, where, "name", required_text, "name"),
        email=_field(spec, item, where, "email", check_email),
        team=_field(spec, item, where, "team", optional_key, "team"),
        manager=_field(spec, item, where, "manager", optional_key, "manager"),
        level=_field(spec, item, where, "level", optional_text, "level", 16),
        track=_field(spec, item, where, "track", lambda v: check_track(v or "ic")),
        title=_field(spec, item, where, "title", optional_text, "title"),
        specialties=_field(spec, item, where, "specialties", check_specialties),
        started=_field(spec, item, where, "started", check_date, "started"),
        left=_field(spec, item, where, "left", check_date, "left"),
        line=item.line,
        lines=dict(item.key_lines),
    )


def _check_unique(spec: OrgSpec, keys: list[tuple[str, int]], section: str, name: str) -> None:
    seen: dict[str, int] = {}
    for key, line in keys:
        if key in seen:
            raise spec.error(
                line, f"{section}.{name}", f"duplicate '{key}' (first defined on line {seen[key]})"
            )
        seen[key] = line


def find_cycle(parents: dict[str, str | None]) -> list[str] | None:
    """A cycle in a child -> parent map, as the list of keys around it, or None."""
    done: set[str] = set()
    for start in parents:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in done:
            if node in on_path:
                return path[path.index(node) :] + [node]
            path.append(node)
            on_path.add(node)
            node = parents.get(node)
        done.update(path)
    return None
