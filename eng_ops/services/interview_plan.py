"""Panel planning: cover every attribute, qualified leads, spread load, add a shadow."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from eng_ops.errors import InvalidInput
from eng_ops.services.interviewers import recent_load, stages
from eng_ops.services.interviews import get_candidate, schedule
from eng_ops.services.limits import PANEL_SIZE
from eng_ops.services.rubrics import attributes_of, latest_rubric
from eng_ops.store.models import Candidate, Interview, Person
from eng_ops.text import plural


def assign_focus(keys: list[str], slots: int, per_attribute: int = 2) -> list[list[str]]:
    """Spread attributes over lead slots so each is rated by `per_attribute` interviewers
    (fewer when the panel is smaller): overlapping ratings make panels comparable."""
    copies = min(per_attribute, slots)
    focus: list[list[str]] = [[] for _ in range(slots)]
    for index, key in enumerate(keys):
        for offset in range(copies):
            focus[(index + offset) % slots].append(key)
    return [[k for k in keys if k in f] for f in focus]


def plan(session: Session, candidate_id: int, *, size: int = 4) -> list[dict]:
    """Proposed slots: `size` lead slots covering every attribute twice, plus one shadow."""
    PANEL_SIZE.check(size, "--size")
    candidate = get_candidate(session, candidate_id)
    if candidate.status != "open":
        raise InvalidInput(f"candidate #{candidate_id} is already decided ({candidate.decision})")
    rubric = latest_rubric(session, candidate.role)
    keys = [a.key for a in attributes_of(session, rubric.id)]  # type: ignore[arg-type]
    stage_of = stages(session, candidate.role)
    taken = set(
        session.exec(
            select(Interview.interviewer_id).where(Interview.candidate_id == candidate.id)
        ).all()
    )
    taken.add(candidate.person_id)  # type: ignore[arg-type]
    handles = dict(session.exec(select(Person.id, Person.handle)).all())
    load = recent_load(session)

    def pool(wanted: tuple[str, ...]) -> list[int]:
        ids = [p for p, s in stage_of.items() if s in wanted and p not in taken]
        return sorted(ids, key=lambda p: (load.get(p, 0), handles[p]))

    # No more lead slots than attributes: every lead must have something to assess.
    leads = pool(("qualified",))[: min(size, len(keys))]
    if not leads:
        raise InvalidInput(_no_free_leads(candidate, stage_of, taken, handles))
    slots = []
    focus_sets = assign_focus(keys, len(leads))
    for person_id, focus in zip(leads, focus_sets, strict=True):
        slots.append(
            {
                "interviewer": handles[person_id],
                "mode": "lead",
                "focus": focus,
                "load_90d": load.get(person_id, 0),
                "reason": f"qualified; {plural(load.get(person_id, 0), 'interview')} in 90 days",
            }
        )
    trainees = pool(("trainee", "shadow"))
    if trainees:
        person_id = trainees[0]
        slots.append(
            {
                "interviewer": handles[person_id],
                "mode": "shadow",
                "focus": slots[0]["focus"],
                "load_90d": load.get(person_id, 0),
                "reason": f"{stage_of[person_id]}: shadows {slots[0]['interviewer']}, not counted",
            }
        )
    return slots


def _no_free_leads(
    candidate: Candidate, stage_of: dict[int, str], taken: set, handles: dict[int, str]
) -> str:
    """Why no qualified lead is left: none enrolled, or all on the panel (or the candidate)."""
    role = candidate.role
    enrol = f"eng-ops interviewers enrol HANDLE --role {role} --stage qualified"
    qualified = [p for p, s in stage_of.items() if s == "qualified"]
    if not qualified:
        return f"no qualified interviewers for {role} (enrol some: {enrol})"
    on_panel = sorted(handles[p] for p in qualified if p in taken and p != candidate.person_id)
    why = []
    if on_panel:
        why.append(f"already on candidate #{candidate.id}'s panel: {', '.join(on_panel)}")
    if candidate.person_id in qualified:
        why.append(f"{handles[candidate.person_id]} is the candidate")
    return (
        f"every qualified interviewer for {role} is taken ({'; '.join(why)}); "
        f"enrol more to plan further interviews: {enrol}"
    )


def apply_plan(session: Session, candidate_id: int, slots: list[dict], on: date) -> list[dict]:
    return [
        schedule(
            session,
            candidate_id,
            interviewer=slot["interviewer"],
            focus=slot["focus"],
            on=on,
            mode=slot["mode"],
        )
        for slot in slots
    ]
