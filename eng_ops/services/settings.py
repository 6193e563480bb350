"""The org's rules: one Settings object per command, from the registry and the database.

Values the org chose live in the `setting` table, so everyone sharing a database gets the same
answers. An org rule still found in someone's config.toml (the old home of these rules) is
used only where the database has no value, and the CLI says so once per command.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any

from sqlmodel import Session, col, select

from eng_ops.errors import InvalidInput
from eng_ops.services import audit
from eng_ops.services.settings_registry import (
    BY_KEY,
    LEGACY,
    LEGACY_PERSONAL,
    REGISTRY,
    spec,
)
from eng_ops.store.models import Person, Setting

ORG = "org"
KINDS = ("manager", "mentor", "skip")


@dataclass(frozen=True)
class SettingRow:
    """One line of `settings show`: a key's effective value and where it comes from."""

    key: str
    value: str | None
    source: str  # default | database | config.toml | person
    person: str | None
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class CadenceSettings:
    """The 1:1 rules services use: cadence per kind in days, capacity, grace and windows."""

    cadence: dict[str, int] = field(
        default_factory=lambda: {"manager": 14, "mentor": 7, "skip": 42}
    )
    capacity_by_track: dict[str, float] = field(default_factory=lambda: {"manager": 4.0, "ic": 4.0})
    capacity: dict[str, float] = field(default_factory=dict)  # per person, by handle
    grace_days: int = 3
    due_soon_days: int = 3
    frequent_days: int = 14
    career_days: int = 90
    timezone: str = "UTC"
    meeting_time: time = time(10, 0)

    def capacity_of(self, handle: str, track: str | None = "ic") -> float:
        """A person's own capacity, else their track's default."""
        if handle in self.capacity:
            return self.capacity[handle]
        return self.capacity_by_track.get(track or "ic", self.capacity_by_track["ic"])


@dataclass(frozen=True)
class ReadinessSettings:
    window_days: int = 365
    min_evidence: int = 2


@dataclass(frozen=True)
class Requirements:
    """What an interviewer trainee needs to be promoted."""

    shadows: int = 2
    reverse_shadows: int = 2
    min_kappa: float = 0.6


@dataclass(frozen=True)
class Settings:
    """Every org rule for one command: typed values, where each came from, personal values."""

    values: Mapping[str, Any]
    sources: Mapping[str, str]
    personal: Mapping[tuple[str, str], Any] = field(default_factory=dict)  # (key, handle)
    from_config: tuple[str, ...] = ()  # what still comes from config.toml, for the warning

    def get(self, key: str) -> Any:
        return self.values[key]

    @property
    def one_on_one(self) -> CadenceSettings:
        hours = "one_on_one.capacity_hours"
        return CadenceSettings(
            cadence={k: int(self.values[f"one_on_one.cadence.{k}"]) for k in KINDS},
            capacity_by_track={
                "manager": float(self.values[f"{hours}.manager"]),
                "ic": float(self.values[f"{hours}.ic"]),
            },
            capacity={h: float(v) for (k, h), v in self.personal.items() if k == hours},
            grace_days=int(self.values["one_on_one.grace_days"]),
            due_soon_days=int(self.values["one_on_one.due_soon_days"]),
            frequent_days=int(self.values["one_on_one.frequent_days"]),
            career_days=int(self.values["one_on_one.career_days"]),
            timezone=str(self.values["timezone"]),
            meeting_time=time.fromisoformat(str(self.values["working_hours.start"])),
        )

    @property
    def readiness(self) -> ReadinessSettings:
        return ReadinessSettings(
            window_days=int(self.values["readiness.window_days"]),
            min_evidence=int(self.values["readiness.min_evidence"]),
        )

    @property
    def interviewer_requirements(self) -> Requirements:
        return Requirements(
            shadows=int(self.values["interviewers.shadows"]),
            reverse_shadows=int(self.values["interviewers.reverse_shadows"]),
            min_kappa=float(self.values["interviewers.min_kappa"]),
        )

    @property
    def rotation_min_level(self) -> str:
        return str(self.values["rotations.min_level"])


def defaults() -> Settings:
    """The registry's defaults alone (a new org, the demo)."""
    values = {s.key: s.parse(s.default) for s in REGISTRY if s.default is not None}
    return Settings(values=values, sources={k: "default" for k in values})


def legacy_values(raw: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Org rules found in a config.toml's tables: ({new key: text}, {handle: capacity text})."""
    found: dict[str, str] = {}
    for old, (keys, convert) in LEGACY.items():
        node: Any = raw
        for part in old.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        if node is None or isinstance(node, Mapping):
            continue
        for key in keys:
            try:
                found[key] = convert(node)
            except (TypeError, ValueError):
                raise InvalidInput(f"config.toml: {old}: '{node}' is not valid") from None
    personal_node: Any = raw
    for part in LEGACY_PERSONAL.split("."):
        personal_node = personal_node.get(part) if isinstance(personal_node, Mapping) else None
    personal = (
        {str(h): str(v) for h, v in personal_node.items()}
        if isinstance(personal_node, Mapping)
        else {}
    )
    return found, personal


def load_settings(session: Session, legacy: Mapping[str, Any] | None = None) -> Settings:
    """Registry defaults, overlaid by config.toml's old org rules, overlaid by the database."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for s in REGISTRY:
        if s.default is not None:
            values[s.key] = s.parse(s.default)
            sources[s.key] = "default"
    personal: dict[tuple[str, str], Any] = {}
    old, old_personal = legacy_values(legacy or {})
    for key, text in old.items():
        values[key] = _parse_stored(key, text, "config.toml")
        sources[key] = "config.toml"
    from_personal = set()
    for handle, text in old_personal.items():
        personal[("one_on_one.capacity_hours", handle)] = _parse_stored(
            "one_on_one.capacity_hours", text, f"config.toml: one_on_one.capacity.{handle}"
        )
        from_personal.add(handle)
    rows = session.exec(
        select(Setting.key, Setting.value, Person.handle).outerjoin(
            Person, col(Person.id) == col(Setting.person_id)
        )
    ).all()
    for key, text, handle in rows:
        if key not in BY_KEY:
            continue  # a key a newer eng-ops wrote: not ours to judge
        if handle is None:
            values[key] = _parse_stored(key, text, "database")
            sources[key] = "database"
        else:
            personal[(key, handle)] = _parse_stored(key, text, "database")
            from_personal.discard(handle)
    from_config = sorted(k for k, source in sources.items() if source == "config.toml")
    from_config += [f"one_on_one.capacity.{h}" for h in sorted(from_personal)]
    return Settings(values, sources, personal, tuple(from_config))


def _parse_stored(key: str, text: str, where: str) -> Any:
    try:
        return BY_KEY[key].parse(text)
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc}") from None


# --- one Settings object per command ------------------------------------------------------------

_INFO = "eng_ops.settings"


def attach(
    session: Session,
    legacy: Mapping[str, Any] | None,
    warn: Callable[[str], None] | None = None,
) -> None:
    """Say how this command's Settings are built (the CLI calls this once per session)."""
    session.info[_INFO] = (legacy, warn)


def current(session: Session) -> Settings:
    """This command's Settings: built on first use from the database (and any old config
    rules the CLI attached), then kept for the rest of the command's session."""
    built = session.info.get(_INFO + ".built")
    if isinstance(built, Settings):
        return built
    legacy, warn = session.info.get(_INFO, (None, None))
    settings = load_settings(session, legacy)
    if warn and settings.from_config:
        names = ", ".join(settings.from_config)
        warn(
            f"config.toml still holds org rules ({names}); the database's settings are shared "
            "by everyone: copy them there with `eng-ops settings import-config`"
        )
    session.info[_INFO + ".built"] = settings
    return settings


# --- settings show / set / unset / import-config -----------------------------------------------


def show(session: Session) -> list[SettingRow]:
    """Every key with its value and where it comes from, then every personal value."""
    settings = current(session)
    rows = []
    for s in REGISTRY:
        if s.org:
            value = settings.values.get(s.key)
            rows.append(
                SettingRow(
                    s.key,
                    _text(s.key, value),
                    settings.sources.get(s.key, "default"),
                    None,
                    s.type_text,
                    s.default,
                    s.description,
                )
            )
    for (key, handle), value in sorted(settings.personal.items()):
        s = BY_KEY[key]
        rows.append(
            SettingRow(
                key, _text(key, value), "person", handle, s.type_text, s.default, s.description
            )
        )
    return rows


def _text(key: str, value: Any) -> str | None:
    """A typed value as the text `settings set` takes (durations in days: '14d')."""
    if value is None:
        return None
    kind = BY_KEY[key].kind
    if kind == "duration":
        return f"{int(value)}d"
    if kind == "number":
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    return str(value)


def _scope(session: Session, person: str | None) -> tuple[str, int | None]:
    if person is None:
        return ORG, None
    from eng_ops.services.people import get_person

    found = get_person(session, person)
    return f"person:{found.id}", found.id


def set_value(session: Session, key: str, value: str, person: str | None = None) -> SettingRow:
    """Validate and store one value (audited); the same value again changes nothing."""
    found = spec(key, person=person is not None)
    typed = found.parse(value)
    if found.kind == "level":
        from eng_ops.services.ladder import check_level, ladder_levels

        if ladder_levels(session):  # before a ladder exists, it is checked when used
            check_level(session, typed, key)
    text = _text(key, typed) if found.kind != "duration" else str(value).strip().lower()
    assert text is not None
    scope, person_id = _scope(session, person)
    row = session.exec(select(Setting).where(Setting.key == key, Setting.scope == scope)).first()
    before = {"value": row.value} if row else None
    if row is None:
        row = Setting(key=key, scope=scope, person_id=person_id, value=text, updated_at=_now())
    else:
        row.value, row.updated_at = text, _now()
    session.add(row)
    session.flush()
    action = "create" if before is None else "update"
    audit.record(session, action, "setting", _audit_key(key, person), before, {"value": text})
    session.info.pop(_INFO + ".built", None)
    return SettingRow(
        key,
        text,
        "person" if person else "database",
        person,
        found.type_text,
        found.default,
        found.description,
    )


def unset(session: Session, key: str, person: str | None = None) -> bool:
    """Remove a stored value (back to the default); False when there was none."""
    spec(key, person=person is not None)
    scope, _ = _scope(session, person)
    row = session.exec(select(Setting).where(Setting.key == key, Setting.scope == scope)).first()
    if row is None:
        return False
    audit.record(session, "delete", "setting", _audit_key(key, person), {"value": row.value}, None)
    session.delete(row)
    session.flush()
    session.info.pop(_INFO + ".built", None)
    return True


def import_config(session: Session, legacy: Mapping[str, Any]) -> list[SettingRow]:
    """Copy config.toml's org rules into the database (audited); values the database already
    holds are kept. Returns what was copied."""
    found, personal = legacy_values(legacy)
    stored = {
        (key, handle)
        for key, handle in session.exec(
            select(Setting.key, Person.handle).outerjoin(
                Person, col(Person.id) == col(Setting.person_id)
            )
        ).all()
    }
    copied = []
    for key, text in sorted(found.items()):
        if (key, None) not in stored:
            copied.append(set_value(session, key, text))
    for handle, text in sorted(personal.items()):
        if ("one_on_one.capacity_hours", handle) not in stored:
            copied.append(set_value(session, "one_on_one.capacity_hours", text, person=handle))
    return copied


def _audit_key(key: str, person: str | None) -> str:
    return f"{key}@{person}" if person else key


def _now() -> datetime:
    return datetime.now(UTC)
