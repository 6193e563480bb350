"""Role rubrics: versioned YAML with an anchored scale per attribute."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from eng_ops.errors import InvalidInput, NotFound, located
from eng_ops.services import audit
from eng_ops.services.limits import RUBRIC_SCALE
from eng_ops.services.org_spec import HANDLE_RE, file_field, optional_text, required_text
from eng_ops.store.models import Rubric, RubricAttribute
from eng_ops.yamlio import LineList, LineMap, load_yaml

RUBRIC_FIELDS = ("role", "title", "description", "scale", "attributes")
ATTRIBUTE_FIELDS = ("key", "name", "category", "specialty", "anchors", "questions")
QUESTION_FIELDS = ("question", "follow_ups")
LONG_TEXT = 2000  # a description or an anchor: a paragraph, not a document
QUESTION_TEXT = 1000  # a question or a follow-up: a few sentences
MAX_QUESTIONS = 20  # per attribute: an interview kit, not a question bank
MAX_FOLLOW_UPS = 10  # per question


@dataclass
class AttributeSpec:
    key: str
    name: str
    category: str | None
    anchors: dict[str, str]
    specialty: str | None = None  # a panel needs an interviewer with this specialty
    questions: list[dict[str, Any]] = field(default_factory=list)  # {question, follow_ups}


@dataclass
class RubricSpec:
    role: str
    title: str
    description: str | None
    scale_min: int
    scale_max: int
    attributes: list[AttributeSpec] = field(default_factory=list)

    def digest(self) -> str:
        """A hash of the content: a changed specialty or question makes a new version.

        An attribute without a specialty or questions hashes as it did before they existed,
        so re-importing an unchanged older rubric still leaves it alone."""
        data = asdict(self)
        for attr in data["attributes"]:
            if attr["specialty"] is None:
                del attr["specialty"]
            if not attr["questions"]:
                del attr["questions"]
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_rubric_file(path: Path | str) -> RubricSpec:
    name = str(path)
    data = load_yaml(path)
    if not isinstance(data, LineMap):
        raise located(name, None, None, "expected a mapping with role, title, scale, attributes")
    for key in data:
        if key not in RUBRIC_FIELDS:
            raise located(name, data.line_of(key), str(key), "unknown field")
    for key in ("role", "title", "attributes"):
        if not data.get(key):
            raise located(name, data.line, key, "is required")
    role = file_field(name, data, "", "role", required_text, "role", 64)
    if not HANDLE_RE.match(role):
        raise located(name, data.line_of("role"), "role", f"'{role}' is not a valid role key")
    scale = data.get("scale", [1, 4])
    if (
        not isinstance(scale, list)
        or len(scale) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in scale)
        or not all(RUBRIC_SCALE.low <= v <= RUBRIC_SCALE.high for v in scale)
        or scale[0] >= scale[1]
    ):
        raise located(
            name,
            data.line_of("scale"),
            "scale",
            f"expected [low, high], whole numbers {RUBRIC_SCALE.text}, low below high, e.g. [1, 4]",
        )
    attrs = data["attributes"]
    if not isinstance(attrs, LineList):
        raise located(name, data.line_of("attributes"), "attributes", "expected a list")
    spec = RubricSpec(
        role=role,
        title=file_field(name, data, "", "title", required_text, "title"),
        description=file_field(
            name, data, "", "description", optional_text, "description", LONG_TEXT
        ),
        scale_min=scale[0],
        scale_max=scale[1],
    )
    levels = [str(v) for v in range(scale[0], scale[1] + 1)]
    seen: dict[str, int] = {}
    for index, (item, line) in enumerate(zip(attrs, attrs.item_lines, strict=True)):
        where = f"attributes[{index}]"
        if not isinstance(item, LineMap):
            raise located(name, line, where, "expected a mapping")
        for key in item:
            if key not in ATTRIBUTE_FIELDS:
                raise located(name, item.line_of(key), f"{where}.{key}", "unknown field")
        for key in ("key", "name", "anchors"):
            if not item.get(key):
                raise located(name, item.line, f"{where}.{key}", "is required")
        key = file_field(name, item, where, "key", required_text, "key", 64)
        if not HANDLE_RE.match(key):
            raise located(name, item.line_of("key"), f"{where}.key", f"'{key}' is not a valid key")
        if key in seen:
            raise located(
                name, item.line_of("key"), f"{where}.key", f"duplicate '{key}' (line {seen[key]})"
            )
        seen[key] = item.line_of("key")
        anchors = item["anchors"]
        if not isinstance(anchors, LineMap):
            raise located(name, item.line_of("anchors"), f"{where}.anchors", "expected a mapping")
        got = sorted(str(k) for k in anchors)
        if got != sorted(levels):
            raise located(
                name,
                item.line_of("anchors"),
                f"{where}.anchors",
                f"needs one anchor per scale point {', '.join(levels)} (got {', '.join(got)})",
            )
        spec.attributes.append(
            AttributeSpec(
                key=key,
                name=file_field(name, item, where, "name", required_text, "name"),
                category=file_field(name, item, where, "category", optional_text, "category", 64),
                anchors={
                    str(k): file_field(
                        name, anchors, f"{where}.anchors", k, required_text, "anchor", LONG_TEXT
                    )
                    for k in sorted(anchors, key=lambda k: int(str(k)))  # scale order
                },
                specialty=file_field(name, item, where, "specialty", _specialty),
                questions=_questions(name, item, where),
            )
        )
    return spec


def _specialty(value: Any) -> str | None:
    """A specialty as people have them (`specialties: [mobile]`): one word, lower case."""
    text = optional_text(value, "specialty", 64)
    if text is None:
        return None
    text = text.lower()
    if not HANDLE_RE.match(text):
        raise InvalidInput(f"specialty: '{text}' is not one word, e.g. mobile")
    return text


def _questions(name: str, item: LineMap, where: str) -> list[dict[str, Any]]:
    """`questions:` of one attribute: each a text, or {question: TEXT, follow_ups: [TEXT]}."""
    raw = item.get("questions")
    if raw in (None, ""):
        return []
    here = f"{where}.questions"
    if not isinstance(raw, LineList):
        raise located(name, item.line_of("questions"), here, "expected a list of questions")
    if len(raw) > MAX_QUESTIONS:
        raise located(name, item.line_of("questions"), here, f"more than {MAX_QUESTIONS} questions")
    questions = []
    for index, (entry, line) in enumerate(zip(raw, raw.item_lines, strict=True)):
        at = f"{here}[{index}]"
        if isinstance(entry, str):
            entry_map = LineMap({"question": entry})
            entry_map.line, entry_map.key_lines = line, {}
            entry = entry_map
        if not isinstance(entry, LineMap):
            raise located(
                name, line, at, "expected a question, or a mapping with question: and follow_ups:"
            )
        for key in entry:
            if key not in QUESTION_FIELDS:
                raise located(
                    name,
                    entry.line_of(key),
                    f"{at}.{key}",
                    f"unknown field (known: {', '.join(QUESTION_FIELDS)}; "
                    "quote a question that contains ': ')",
                )
        if entry.get("question") in (None, ""):
            raise located(name, entry.line, f"{at}.question", "is required")
        question = file_field(name, entry, at, "question", required_text, "question", QUESTION_TEXT)
        follow_ups: list[str] = []
        raw_follow = entry.get("follow_ups")
        if raw_follow not in (None, ""):
            if not isinstance(raw_follow, LineList):
                raise located(
                    name, entry.line_of("follow_ups"), f"{at}.follow_ups", "expected a list"
                )
            if len(raw_follow) > MAX_FOLLOW_UPS:
                raise located(
                    name,
                    entry.line_of("follow_ups"),
                    f"{at}.follow_ups",
                    f"more than {MAX_FOLLOW_UPS} follow-ups",
                )
            for n, (text, text_line) in enumerate(
                zip(raw_follow, raw_follow.item_lines, strict=True)
            ):
                if not isinstance(text, str):
                    raise located(name, text_line, f"{at}.follow_ups[{n}]", "expected text")
                try:
                    follow_ups.append(required_text(text, "follow-up", QUESTION_TEXT))
                except InvalidInput as exc:
                    message = str(exc).split(": ", 1)[-1]
                    raise located(name, text_line, f"{at}.follow_ups[{n}]", message) from None
        questions.append({"question": question, "follow_ups": follow_ups})
    return questions


def latest_rubric(session: Session, role: str, version: int | None = None) -> Rubric:
    query = select(Rubric).where(Rubric.role == role)
    if version is not None:
        query = query.where(Rubric.version == version)
    rubric = session.exec(query.order_by(col(Rubric.version).desc())).first()
    if rubric is None:
        if (
            version is not None
            and session.exec(select(Rubric.id).where(Rubric.role == role)).first()
        ):
            raise NotFound(f"role '{role}' has no rubric version {version}")
        import difflib

        roles = sorted(set(session.exec(select(Rubric.role)).all()))
        close = difflib.get_close_matches(role, roles, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        known = f"; known roles: {', '.join(roles)}" if roles and not close else ""
        raise NotFound(f"unknown role '{role}'{hint}{known}")
    return rubric


def attributes_of(session: Session, rubric_id: int) -> list[RubricAttribute]:
    return list(
        session.exec(
            select(RubricAttribute)
            .where(RubricAttribute.rubric_id == rubric_id)
            .order_by(RubricAttribute.position)
        ).all()
    )


def import_rubric(session: Session, spec: RubricSpec) -> tuple[Rubric, bool]:
    """Store a rubric; a changed one becomes a new version. Returns (rubric, created)."""
    current = session.exec(
        select(Rubric).where(Rubric.role == spec.role).order_by(col(Rubric.version).desc())
    ).first()
    digest = spec.digest()
    if current is not None and current.digest == digest:
        return current, False
    rubric = Rubric(
        role=spec.role,
        version=(current.version + 1) if current else 1,
        title=spec.title,
        description=spec.description,
        scale_min=spec.scale_min,
        scale_max=spec.scale_max,
        digest=digest,
        created_at=datetime.now(UTC),
    )
    session.add(rubric)
    session.flush()
    for position, attr in enumerate(spec.attributes):
        session.add(
            RubricAttribute(
                rubric_id=rubric.id,  # type: ignore[arg-type]
                key=attr.key,
                name=attr.name,
                category=attr.category,
                anchors=attr.anchors,
                position=position,
                specialty=attr.specialty,
                questions=attr.questions,
            )
        )
    audit.record(
        session,
        "create",
        "rubric",
        f"{spec.role}@v{rubric.version}",
        None,
        {
            "role": spec.role,
            "version": rubric.version,
            "attributes": [a.key for a in spec.attributes],
        },
    )
    return rubric, True


def list_rubrics(session: Session) -> list[dict]:
    """Each role's latest rubric, in two queries."""
    latest = (
        select(Rubric.role, func.max(Rubric.version).label("version"))
        .group_by(Rubric.role)
        .subquery()
    )
    rubrics = session.exec(
        select(Rubric)
        .join(latest, (latest.c.role == Rubric.role) & (latest.c.version == Rubric.version))
        .order_by(Rubric.role)
    ).all()
    keys: dict[int, list[str]] = {}
    ids = [r.id for r in rubrics]
    if ids:
        for rubric_id, key in session.exec(
            select(RubricAttribute.rubric_id, RubricAttribute.key)
            .where(col(RubricAttribute.rubric_id).in_(ids))
            .order_by(RubricAttribute.rubric_id, RubricAttribute.position)
        ).all():
            keys.setdefault(rubric_id, []).append(key)
    return [
        {
            "role": r.role,
            "title": r.title,
            "version": r.version,
            "scale": f"{r.scale_min}-{r.scale_max}",
            "attributes": keys.get(r.id, []),  # type: ignore[arg-type]
        }
        for r in rubrics
    ]


def show_rubric(session: Session, role: str, version: int | None = None) -> dict:
    if version is not None:
        from eng_ops.services.limits import RUBRIC_VERSION

        RUBRIC_VERSION.check(version, "--version")
    rubric = latest_rubric(session, role, version)
    return {
        "role": rubric.role,
        "title": rubric.title,
        "version": rubric.version,
        "description": rubric.description,
        "scale": [rubric.scale_min, rubric.scale_max],
        "attributes": [
            {
                "key": a.key,
                "name": a.name,
                "category": a.category,
                "specialty": a.specialty,
                "anchors": a.anchors,
                "questions": a.questions or [],
            }
            for a in attributes_of(session, rubric.id)  # type: ignore[arg-type]
        ],
    }
