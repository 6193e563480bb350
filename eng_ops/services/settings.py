"""The org's rules: one Settings object per command, from the registry and the database.

Values the org chose live in the `setting` table, so everyone sharing a database gets the same
answers. An org rule still found in someone's config.toml (the old home of these rules) is
used only where the database has no value, and the CLI says so once per command.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
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

KINDS = ("manager", "mentor", "skip")
PERSONAL_CAPACITY = "one_on_one.capacity_hours"


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

    cadence: dict[str, int]
    capacity_by_track: dict[str, float]
    capacity: dict[str, float]  # a person's own, by handle
    grace_days: int
    due_soon_days: int
    frequent_days: int
    career_days: int
    timezone: str
    meeting_time: time

    def capacity_of(self, handle: str, track: str | None = "ic") -> float:
        """A person's own capacity, else their track's default."""
        if handle in self.capacity:
            return self.capacity[handle]
        return self.capacity_by_track.get(track or "ic", self.capacity_by_track["ic"])


@dataclass(frozen=True)
class ReadinessSettings:
    window_days: int
    min_evidence: int


@dataclass(frozen=True)
class Requirements:
    """What an interviewer trainee needs to be promoted."""

    shadows: int
    reverse_shadows: int
    min_kappa: float


@dataclass(frozen=True)
class ConcentrationLimits:
    """When the interviewer pool warns: a share of a role's loops, a share of its slots."""

    loop_share: float
    slot_share: float


@dataclass(frozen=True)
class Settings:
    """Every org rule for one command: typed values, where each came from, personal values."""

    values: Mapping[str, Any]
    sources: Mapping[str, str]  # default | config.toml | database
    personal: Mapping[tuple[str, str], Any]  # (key, handle) -> value
    from_config: tuple[str, ...] = ()  # what still comes from config.toml, for the warning

    @property
    def one_on_one(self) -> CadenceSettings:
        v = self.values
        hours = "one_on_one.capacity_hours"
        return CadenceSettings(
            cadence={k: int(v[f"one_on_one.cadence.{k}"]) for k in KINDS},
            capacity_by_track={t: float(v[f"{hours}.{t}"]) for t in ("manager", "ic")},
            capacity={h: float(x) for (k, h), x in self.personal.items() if k == hours},
            grace_days=int(v["one_on_one.grace_days"]),
            due_soon_days=int(v["one_on_one.due_soon_days"]),
            frequent_days=int(v["one_on_one.frequent_days"]),
            career_days=int(v["one_on_one.career_days"]),
            timezone=str(v["timezone"]),
            meeting_time=time.fromisoformat(str(v["working_hours.start"])),
        )

    @property
    def readiness(self) -> ReadinessSettings:
        v = self.values
        return ReadinessSettings(int(v["readiness.window_days"]), int(v["readiness.min_evidence"]))

    @property
    def interviewer_requirements(self) -> Requirements:
        v = self.values
        return Requirements(
            int(v["interviewers.shadows"]),
            int(v["interviewers.reverse_shadows"]),
            float(v["interviewers.min_kappa"]),
        )

    @property
    def concentration_limits(self) -> ConcentrationLimits:
        v = self.values
        return ConcentrationLimits(
            float(v["interviewers.loop_share_limit"]), float(v["interviewers.slot_share_limit"])
        )

    @property
    def scorecard_days(self) -> int:
        """Days after an interview by which the interviewer submits their scorecard."""
        return int(self.values["interviewers.scorecard_days"])

    @property
    def rotation_min_level(self) -> str:
        return str(self.values["rotations.min_level"])


def _at(raw: Mapping[str, Any], dotted: str) -> Any:
    """The value at a dotted path of a TOML document, or None."""
    node: Any = raw
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, Mapping) else None
    return node


def legacy_values(raw: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Org rules found in a config.toml: ({new key: text}, {handle: capacity text})."""
    found: dict[str, str] = {}
    for old, (key, convert) in LEGACY.items():
        value = _at(raw, old)
        if value is None or isinstance(value, Mapping):
            continue
        for new in (key,) if isinstance(key, str) else key:
            try:
                found[new] = convert(value)
            except (TypeError, ValueError):
                raise InvalidInput(f"config.toml: {old}: '{value}' is not valid") from None
    personal = _at(raw, LEGACY_PERSONAL)
    return found, (
        {str(h): str(v) for h, v in personal.items()} if isinstance(personal, Mapping) else {}
    )


def load_settings(session: Session, legacy: Mapping[str, Any] | None = None) -> Settings:
    """Registry defaults, overlaid by config.toml's old org rules, overlaid by the database."""
    texts = {s.key: (s.default, "default") for s in REGISTRY if s.default is not None}
    personal_texts: dict[tuple[str, str], tuple[str, str]] = {}
    old, old_personal = legacy_values(legacy or {})
    for key, text in old.items():
        texts[key] = (text, "config.toml")
    for handle, text in old_personal.items():
        personal_texts[(PERSONAL_CAPACITY, handle)] = (text, "config.toml")
    for key, text, handle in session.exec(
        select(Setting.key, Setting.value, Person.handle).outerjoin(
            Person, col(Person.id) == col(Setting.person_id)
        )
    ).all():
        if key not in BY_KEY:
            continue  # a key a newer eng-ops wrote: not ours to judge
        if handle is None:
            texts[key] = (text, "database")
        else:
            personal_texts[(key, handle)] = (text, "database")
    values = {k: _parse(k, text, source) for k, (text, source) in texts.items()}
    personal = {kh: _parse(kh[0], text, source) for kh, (text, source) in personal_texts.items()}
    from_config = [k for k, (_, source) in texts.items() if source == "config.toml"]
    from_config += [
        f"one_on_one.capacity.{h}"
        for (_, h), (_, src) in personal_texts.items()
        if src != "database"
    ]
    return Settings(values, {k: src for k, (_, src) in texts.items()}, personal, tuple(from_config))


def _parse(key: str, text: str, where: str) -> Any:
    try:
        return BY_KEY[key].parse(text)
    except InvalidInput as exc:
        raise InvalidInput(f"{exc}" if where == "default" else f"{where}: {exc}") from None


# --- one Settings object per command ------------------------------------------------------------

_INFO = "eng_ops.settings"
_BUILT = "eng_ops.settings.built"
_WARNED = "eng_ops.settings.warned"


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
    built = session.info.get(_BUILT)
    if isinstance(built, Settings):
        return built
    legacy, warn = session.info.get(_INFO, (None, None))
    settings = load_settings(session, legacy)
    if warn and settings.from_config and not session.info.get(_WARNED):
        session.info[_WARNED] = True
        names = ", ".join(settings.from_config)
        warn(
            f"config.toml still holds org rules ({names}); the database's settings are shared "
            "by everyone: copy them there with `eng-ops settings import-config`"
        )
    session.info[_BUILT] = settings
    return settings


# --- settings show / set / unset / import-config -----------------------------------------------


def _row(key: str, text: str | None, source: str, person: str | None = None) -> SettingRow:
    s = BY_KEY[key]
    return SettingRow(key, text, source, person, s.type_text, s.default, s.description)


def show(session: Session) -> list[SettingRow]:
    """Every org-wide key with its value and where it comes from, then every personal value."""
    settings = current(session)
    rows = [
        _row(
            s.key, _text(s.key, settings.values.get(s.key)), settings.sources.get(s.key, "default")
        )
        for s in REGISTRY
        if s.org
    ]
    rows += [
        _row(key, _text(key, value), "person", handle)
        for (key, handle), value in sorted(settings.personal.items())
    ]
    return rows


def show_document(rows: list[SettingRow]) -> dict[str, Any]:
    """`settings show --format json`: {KEY: {value, source}, ..., people: {HANDLE: {KEY: v}}}."""
    doc: dict[str, Any] = {
        r.key: {"value": r.value, "source": r.source} for r in rows if r.person is None
    }
    people: dict[str, dict[str, str | None]] = {}
    for r in rows:
        if r.person is not None:
            people.setdefault(r.person, {})[r.key] = r.value
    doc["people"] = people
    return doc


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


def _stored(session: Session, key: str, person: str | None) -> tuple[Setting | None, int | None]:
    """The stored row for (key, person) and the person's id."""
    person_id = None
    if person is not None:
        from eng_ops.services.people import get_person

        person_id = get_person(session, person).id
    row = session.exec(
        select(Setting).where(Setting.key == key, Setting.person_id == person_id)
        if person_id is not None
        else select(Setting).where(Setting.key == key, col(Setting.person_id).is_(None))
    ).first()
    return row, person_id


def set_value(session: Session, key: str, value: str, person: str | None = None) -> SettingRow:
    """Validate and store one value (audited); the same value again changes nothing."""
    found = spec(key, person=person is not None)
    typed = found.parse(value)
    if found.kind == "level":
        from eng_ops.services.ladder import check_known_level

        check_known_level(session, typed, key)  # once a ladder exists; else when used
    text = str(value).strip().lower() if found.kind == "duration" else _text(key, typed)
    assert text is not None
    row, person_id = _stored(session, key, person)
    before = {"value": row.value} if row else None
    if row is None:
        row = Setting(key=key, person_id=person_id, value=text, updated_at=_now())
    else:
        row.value, row.updated_at = text, _now()
    session.add(row)
    session.flush()
    action = "create" if before is None else "update"
    audit.record(session, action, "setting", _audit_key(key, person), before, {"value": text})
    session.info.pop(_BUILT, None)
    return _row(key, text, "person" if person else "database", person)


def unset(session: Session, key: str, person: str | None = None) -> bool:
    """Remove a stored value (back to the default); False when there was none."""
    spec(key, person=person is not None)
    row, _ = _stored(session, key, person)
    if row is None:
        return False
    audit.record(session, "delete", "setting", _audit_key(key, person), {"value": row.value}, None)
    session.delete(row)
    session.flush()
    session.info.pop(_BUILT, None)
    return True


def import_config(session: Session, legacy: Mapping[str, Any]) -> list[SettingRow]:
    """Copy config.toml's org rules into the database (audited); values the database already
    holds are kept. Returns what was copied."""
    found, personal = legacy_values(legacy)
    stored = set(
        session.exec(
            select(Setting.key, Person.handle).outerjoin(
                Person, col(Person.id) == col(Setting.person_id)
            )
        ).all()
    )
    copied = [set_value(session, k, t) for k, t in sorted(found.items()) if (k, None) not in stored]
    copied += [
        set_value(session, PERSONAL_CAPACITY, t, person=h)
        for h, t in sorted(personal.items())
        if (PERSONAL_CAPACITY, h) not in stored
    ]
    return copied


def _audit_key(key: str, person: str | None) -> str:
    return f"{key}@{person}" if person else key


def _now() -> datetime:
    return datetime.now(UTC)
