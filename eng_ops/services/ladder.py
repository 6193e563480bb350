"""The competency ladder: levels and competencies with an expectation per level."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, col, delete, select

from eng_ops.errors import InvalidInput, NotFound, located
from eng_ops.services import audit
from eng_ops.services.org_spec import HANDLE_RE, file_field, optional_text, required_text
from eng_ops.store.models import Competency, Evidence, LadderLevel
from eng_ops.yamlio import LineList, LineMap, load_yaml

LONG_TEXT = 2000  # a description or an expectation: a paragraph, not a document


@dataclass
class LadderSpec:
    levels: list[str]
    competencies: list[dict] = field(default_factory=list)


def parse_ladder_file(path: Path | str) -> LadderSpec:
    name = str(path)
    data = load_yaml(path)
    if not isinstance(data, LineMap):
        raise located(name, None, None, "expected a mapping with levels and competencies")
    for key in data:
        if key not in ("levels", "competencies", "description"):
            raise located(name, data.line_of(key), str(key), "unknown field")
    levels = data.get("levels")
    if not isinstance(levels, LineList) or len(levels) < 2:
        raise located(
            name, data.line_of("levels"), "levels", "expected a list of two or more levels"
        )
    levels_text = []
    for index, (level, line) in enumerate(zip(levels, levels.item_lines, strict=True)):
        try:
            levels_text.append(required_text(level, "level", 16))
        except InvalidInput as exc:
            message = str(exc).split(": ", 1)[-1]
            raise located(name, line, f"levels[{index}]", message) from None
    if len(set(levels_text)) != len(levels_text):
        raise located(name, data.line_of("levels"), "levels", "levels must be unique")
    comps = data.get("competencies")
    if not isinstance(comps, LineList) or not comps:
        raise located(name, data.line_of("competencies"), "competencies", "expected a list")
    spec = LadderSpec(levels=levels_text)
    seen: set[str] = set()
    for index, (item, line) in enumerate(zip(comps, comps.item_lines, strict=True)):
        where = f"competencies[{index}]"
        if not isinstance(item, LineMap):
            raise located(name, line, where, "expected a mapping")
        for key in item:
            if key not in ("key", "name", "description", "expectations"):
                raise located(name, item.line_of(key), f"{where}.{key}", "unknown field")
        key = file_field(name, item, where, "key", optional_text, "key", 64) or ""
        if not HANDLE_RE.match(key):
            raise located(name, item.line_of("key"), f"{where}.key", f"'{key}' is not a valid key")
        if key in seen:
            raise located(name, item.line_of("key"), f"{where}.key", f"duplicate '{key}'")
        seen.add(key)
        expectations = item.get("expectations")
        if not isinstance(expectations, LineMap) or not expectations:
            raise located(
                name, item.line_of("expectations"), f"{where}.expectations", "expected LEVEL: text"
            )
        texts: dict[str, str] = {}
        for level, text in expectations.items():
            if text is None or (isinstance(text, str) and not text.strip()):
                raise located(
                    name,
                    expectations.line_of(level),
                    f"{where}.expectations.{level}",
                    "needs the expectation's text",
                )
            if str(level) not in levels_text:
                raise located(
                    name,
                    expectations.line_of(level),
                    f"{where}.expectations.{level}",
                    f"unknown level (levels: {', '.join(levels_text)})",
                )
            texts[str(level)] = file_field(
                name, expectations, f"{where}.expectations", level, required_text, "text", LONG_TEXT
            )
        spec.competencies.append(
            {
                "key": key,
                "name": file_field(name, item, where, "name", optional_text, "name") or key,
                "description": file_field(
                    name, item, where, "description", optional_text, "description", LONG_TEXT
                ),
                "expectations": {lv: texts[lv] for lv in levels_text if lv in texts},
            }
        )
    return spec


def import_ladder(session: Session, spec: LadderSpec) -> dict[str, int]:
    """Replace the ladder's levels; create or update competencies (all or nothing)."""
    used = set(session.exec(select(Evidence.level).distinct()).all())
    missing_levels = sorted(used - set(spec.levels))
    if missing_levels:
        raise InvalidInput(
            f"levels {', '.join(missing_levels)} are used by evidence; keep them in the ladder"
        )
    session.exec(delete(LadderLevel))  # type: ignore[call-overload]
    for position, key in enumerate(spec.levels):
        session.add(LadderLevel(key=key, position=position))
    existing = {c.key: c for c in session.exec(select(Competency)).all()}
    counts = {"created": 0, "updated": 0, "removed": 0}
    for position, comp in enumerate(spec.competencies):
        row = existing.pop(comp["key"], None)
        before = None if row is None else _record(row)
        row = row or Competency(key=comp["key"], name=comp["name"])
        row.name, row.description = comp["name"], comp["description"]
        row.expectations, row.position = comp["expectations"], position
        session.add(row)
        after = _record(row)
        if before is None:
            counts["created"] += 1
            audit.record(session, "create", "competency", comp["key"], None, after)
        elif audit.record(session, "update", "competency", comp["key"], before, after):
            counts["updated"] += 1
    evidenced = set(session.exec(select(Evidence.competency).distinct()).all())
    for key, row in existing.items():
        if key in evidenced:
            raise InvalidInput(f"competency '{key}' has evidence; keep it in the ladder")
        session.delete(row)
        audit.record(session, "delete", "competency", key, _record(row), None)
        counts["removed"] += 1
    return counts


def _record(c: Competency) -> dict:
    return {
        "key": c.key,
        "name": c.name,
        "description": c.description,
        "expectations": dict(c.expectations),
    }


def levels(session: Session) -> list[str]:
    """The ladder's levels in order; NotFound when no ladder is imported yet."""
    found = ladder_levels(session)
    if not found:
        raise NotFound("no ladder yet: eng-ops ladder import FILE.yaml")
    return found


def check_level(session: Session, level: str, what: str = "--level") -> str:
    known = levels(session)
    if level not in known:
        raise InvalidInput(f"{what}: unknown level '{level}' (levels: {', '.join(known)})")
    return level


def ladder_levels(session: Session) -> list[str]:
    """The ladder's levels in order; empty when no ladder is imported yet."""
    return list(session.exec(select(LadderLevel.key).order_by(LadderLevel.position)).all())


def check_known_level(
    session: Session,
    level: str | None,
    what: str = "level",
    *,
    current: str | None = None,
    known: list[str] | None = None,
) -> str | None:
    """A person's level, checked against the ladder once one is imported (any level before).

    `current` is the level the record already has: keeping it is never refused, so an org
    file re-imports unchanged even if its ladder leaves out a level (say, a VP above it).
    `known` is the ladder's levels when the caller has them (one query for many checks).
    """
    if level is None or level == current:
        return level
    known = ladder_levels(session) if known is None else known
    if known and level not in known:
        raise InvalidInput(f"{what}: unknown level '{level}' (levels: {', '.join(known)})")
    return level


def competencies(session: Session) -> list[Competency]:
    return list(session.exec(select(Competency).order_by(Competency.position)).all())


def get_competency(session: Session, key: str) -> Competency:
    row = session.exec(select(Competency).where(Competency.key == key)).first()
    if row is None:
        import difflib

        keys = [c.key for c in competencies(session)]
        if not keys:
            raise NotFound("no ladder yet: eng-ops ladder import FILE.yaml")
        close = difflib.get_close_matches(key, keys, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(keys)})"
        raise NotFound(f"unknown competency '{key}'{hint}")
    return row


def show_ladder(session: Session, competency: str | None = None) -> dict:
    order = levels(session)
    rows = [get_competency(session, competency)] if competency else competencies(session)
    return {
        "levels": order,
        "competencies": [
            {
                "key": c.key,
                "name": c.name,
                "description": c.description,
                "expectations": {lv: c.expectations[lv] for lv in order if lv in c.expectations},
            }
            for c in rows
        ],
    }


def competency_keys_in_use(session: Session) -> list[str]:
    return list(session.exec(select(Competency.key).order_by(col(Competency.position))).all())
