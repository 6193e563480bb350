"""1:1 agendas: open actions, topics not covered lately, questions from a bank."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session, col, func, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput, located
from eng_ops.services.development import plan_of
from eng_ops.services.one_on_ones import find_pairing, last_met_by_pairing, open_actions
from eng_ops.services.settings import CadenceSettings
from eng_ops.store.models import TOPICS, Meeting
from eng_ops.yamlio import LineList, LineMap, load_yaml


@dataclass(frozen=True)
class Category:
    key: str
    name: str
    topics: tuple[str, ...]
    questions: tuple[str, ...]


def default_bank_path() -> Path:
    from eng_ops.services.demo import examples_dir

    return examples_dir() / "questions.yaml"


def load_bank(path: Path | None = None) -> list[Category]:
    """Read a question bank YAML (categories with topics and questions)."""
    path = path or default_bank_path()
    name = str(path)
    data = load_yaml(path)
    if not isinstance(data, LineMap) or not isinstance(data.get("categories"), LineList):
        raise located(name, getattr(data, "line", None), "categories", "expected a list")
    categories = []
    items = data["categories"]
    for index, (item, line) in enumerate(zip(items, items.item_lines, strict=True)):
        where = f"categories[{index}]"
        if not isinstance(item, LineMap):
            raise located(name, line, where, "expected a mapping")
        questions = item.get("questions")
        topics = item.get("topics") or []
        if not item.get("key") or not isinstance(questions, list) or not questions:
            raise located(name, item.line, where, "needs a key and a non-empty questions list")
        bad = [t for t in topics if t not in TOPICS]
        if bad:
            raise located(
                name, item.line_of("topics"), f"{where}.topics", f"unknown topic '{bad[0]}'"
            )
        categories.append(
            Category(
                key=str(item["key"]),
                name=str(item.get("name") or item["key"]),
                topics=tuple(topics),
                questions=tuple(str(q) for q in questions),
            )
        )
    return categories


def agenda(
    session: Session,
    settings: CadenceSettings,
    *,
    leader: str,
    member: str,
    kind: str | None = None,
    bank: list[Category],
    today: date | None = None,
    count: int = 3,
) -> dict:
    """What to talk about next time: the member's development plan (with their manager),
    open actions, uncovered topics, a few questions."""
    today = today or clock.today()
    pairing = find_pairing(session, leader, member, kind)
    since = today - timedelta(days=settings.career_days)
    recent_topics: set[str] = set()
    for topics in session.exec(
        select(Meeting.topics).where(
            Meeting.pairing_id == pairing.id,
            col(Meeting.skipped).is_(False),
            Meeting.held_on >= since,
        )
    ).all():
        recent_topics.update(topics or [])
    uncovered = [t for t in TOPICS if t not in recent_topics]
    held_count = session.exec(
        select(func.count()).select_from(Meeting).where(Meeting.pairing_id == pairing.id)
    ).one()
    questions = pick_questions(bank, uncovered, seed=(pairing.id or 0) + held_count, count=count)
    return {
        "leader": leader,
        "member": member,
        "kind": pairing.kind,
        "last_met": last_met_by_pairing(session, [pairing.id]).get(pairing.id),  # type: ignore[list-item]
        # A not-selected candidate's plan is their manager's to follow up, not a mentor's.
        "development_plan": plan_of(session, member, today=today)
        if pairing.kind == "manager"
        else [],
        "open_actions": open_actions(session, pairing_id=pairing.id),
        "topics_not_covered": uncovered,
        "covered_since": since,
        "questions": questions,
    }


def pick_questions(
    bank: list[Category], uncovered: list[str], *, seed: int, count: int = 3
) -> list[dict]:
    """Up to `count` questions from distinct categories, uncovered topics first.

    The seed (pairing + meetings held so far) rotates the questions from one 1:1 to the next.
    """
    if count < 1:
        raise InvalidInput("count must be at least 1")
    ranked = sorted(
        bank,
        key=lambda c: (
            min((uncovered.index(t) for t in c.topics if t in uncovered), default=len(TOPICS)),
            c.key,
        ),
    )
    picked = []
    for category in ranked[:count]:
        question = category.questions[seed % len(category.questions)]
        picked.append({"category": category.name, "question": question})
    return picked
