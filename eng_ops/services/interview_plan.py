"""Panel planning: cover every attribute, qualified leads, specialists on specialist
attributes, spread load, add a shadow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from eng_ops.errors import InvalidInput
from eng_ops.services.interviewers import recent_load, stages
from eng_ops.services.interviews import get_candidate, schedule
from eng_ops.services.limits import PANEL_SIZE
from eng_ops.services.rubrics import attributes_of, latest_rubric
from eng_ops.store.models import Candidate, Interview, Person, RubricAttribute
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


@dataclass(frozen=True)
class SpecialistGap:
    """A specialist attribute that no lead interviewer with its specialty rates."""

    attribute: str
    specialty: str
    message: str


# A lead on a panel: handle, specialties, focus.
_Lead = tuple[str, frozenset[str], list[str]]


def plan(session: Session, candidate_id: int, *, size: int = 4) -> list[dict]:
    """Proposed slots: `size` lead slots covering every attribute twice, plus one shadow.

    Each specialist attribute (`specialty:` in the rubric) gets a lead with that specialty,
    who rates it, unless the loop already has one; when no qualified interviewer with the
    specialty is free, the panel is still proposed and the rows say so (see `plan_gaps`).
    """
    PANEL_SIZE.check(size, "--size")
    candidate = get_candidate(session, candidate_id)
    if candidate.status != "open":
        raise InvalidInput(f"candidate #{candidate_id} is already decided ({candidate.decision})")
    rubric = latest_rubric(session, candidate.role)
    attrs = attributes_of(session, rubric.id)  # type: ignore[arg-type]
    keys = [a.key for a in attrs]
    stage_of = stages(session, candidate.role)
    taken = set(
        session.exec(
            select(Interview.interviewer_id).where(Interview.candidate_id == candidate.id)
        ).all()
    )
    taken.add(candidate.person_id)  # type: ignore[arg-type]
    handles = dict(session.exec(select(Person.id, Person.handle)).all())
    specialties = _specialties(session, stage_of)
    load = recent_load(session)

    def pool(wanted: tuple[str, ...]) -> list[int]:
        ids = [p for p, s in stage_of.items() if s in wanted and p not in taken]
        return sorted(ids, key=lambda p: (load.get(p, 0), handles[p]))

    scheduled = _scheduled_leads(session, candidate.id)  # type: ignore[arg-type]
    needed = [a for a, _ in _uncovered(attrs, scheduled)]
    # No more lead slots than attributes: every lead must have something to assess.
    leads = _choose_leads(pool(("qualified",)), min(size, len(keys)), needed, specialties)
    if not leads:
        raise InvalidInput(_no_free_leads(candidate, stage_of, taken, handles))
    focus_sets = assign_focus(keys, len(leads))
    _specialists_rate(focus_sets, [specialties.get(p, frozenset()) for p in leads], needed, keys)
    proposed = [
        (handles[p], specialties.get(p, frozenset()), f)
        for p, f in zip(leads, focus_sets, strict=True)
    ]
    unrated = {a.key: a.specialty for a, _ in _uncovered(attrs, scheduled + proposed)}
    slots = []
    for (handle, skills, focus), person_id in zip(proposed, leads, strict=True):
        slots.append(
            {
                "interviewer": handle,
                "mode": "lead",
                "focus": focus,
                "load_90d": load.get(person_id, 0),
                "reason": _lead_reason(attrs, skills, focus, unrated, load.get(person_id, 0)),
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


def _specialties(session: Session, stage_of: dict[int, str]) -> dict[int, frozenset[str]]:
    """person id -> specialties, for the role's interviewer pool (one query)."""
    if not stage_of:
        return {}
    rows = session.exec(
        select(Person.id, Person.specialties).where(col(Person.id).in_(list(stage_of)))
    ).all()
    return {p: frozenset(s or []) for p, s in rows}  # type: ignore[misc]


def _scheduled_leads(session: Session, candidate_id: int) -> list[_Lead]:
    """The lead interviews already scheduled in a candidate's loop (one query)."""
    rows = session.exec(
        select(Person.handle, Person.specialties, Interview.focus)
        .join(Person, col(Person.id) == col(Interview.interviewer_id))
        .where(Interview.candidate_id == candidate_id, Interview.mode == "lead")
        .order_by(Interview.on, Interview.id)
    ).all()
    return [(h, frozenset(s or []), list(f or [])) for h, s, f in rows]


def _uncovered(
    attrs: list[RubricAttribute], leads: list[_Lead]
) -> list[tuple[RubricAttribute, list[str]]]:
    """Specialist attributes that no lead with the specialty rates, each with the leads who
    have the specialty (and rate other attributes)."""
    found = []
    for attr in attrs:
        if not attr.specialty:
            continue
        experts = [(h, focus) for h, skills, focus in leads if attr.specialty in skills]
        if not any(attr.key in focus for _, focus in experts):
            found.append((attr, [h for h, _ in experts]))
    return found


def _choose_leads(
    free: list[int],
    slots: int,
    needed: list[RubricAttribute],
    specialties: dict[int, frozenset[str]],
) -> list[int]:
    """`slots` leads from `free` (least loaded first): first one specialist per needed
    specialty (one who covers several counts once), then the least loaded of the rest."""
    wanted = {a.specialty for a in needed}
    chosen: list[int] = []
    while wanted and len(chosen) < slots:
        fits = [p for p in free if p not in chosen and specialties.get(p, frozenset()) & wanted]
        if not fits:
            break
        # max() keeps the first of equals: the least loaded among those covering the most.
        best = max(fits, key=lambda p: len(specialties[p] & wanted))
        chosen.append(best)
        wanted -= specialties[best]
    chosen += [p for p in free if p not in chosen][: slots - len(chosen)]
    return sorted(chosen, key=free.index)


def _specialists_rate(
    focus: list[list[str]],
    skills: list[frozenset[str]],
    needed: list[RubricAttribute],
    keys: list[str],
) -> None:
    """Move each needed specialist attribute to a lead with its specialty (in place).

    The attribute goes to the specialist with the fewest focus attributes; the non-specialist
    who held it gets one of the specialist's attributes in exchange, so every attribute is
    still rated the same number of times and the slots stay balanced."""
    specialty_of = {a.key: a.specialty for a in needed}

    def holders(key: str) -> list[int]:
        return [i for i, f in enumerate(focus) if key in f]

    def covered(key: str, by: list[int]) -> bool:
        need = specialty_of.get(key)
        return need is None or any(need in skills[i] for i in by)

    for attr in needed:
        held = holders(attr.key)
        if covered(attr.key, held):
            continue
        experts = [i for i in range(len(focus)) if attr.specialty in skills[i]]
        if not experts:
            continue
        to = min(experts, key=lambda i: (len(focus[i]), i))
        focus[to].append(attr.key)
        if not held:
            continue
        source = max(held, key=lambda i: (len(focus[i]), -i))
        if len(focus[source]) < 2:
            continue  # the only thing they assess: keep it (rated once more)
        focus[source].remove(attr.key)
        for key in list(focus[to]):
            if key == attr.key or key in focus[source]:
                continue
            before, after = holders(key), [*(i for i in holders(key) if i != to), source]
            if covered(key, after) or not covered(key, before):
                focus[to].remove(key)
                focus[source].append(key)
                break
    for f in focus:
        f.sort(key=keys.index)


def _lead_reason(
    attrs: list[RubricAttribute],
    skills: frozenset[str],
    focus: list[str],
    unrated: dict[str, str | None],
    load: int,
) -> str:
    """'qualified; mobile specialist: platform-depth; 2 interviews in 90 days'."""
    parts = ["qualified"]
    mine: dict[str, list[str]] = {}
    for attr in attrs:
        if attr.key in focus and attr.specialty and attr.specialty in skills:
            mine.setdefault(attr.specialty, []).append(attr.key)
    parts += [f"{s} specialist: {', '.join(k)}" for s, k in mine.items()]
    gaps: dict[str, list[str]] = {}
    for key in focus:
        if key in unrated:
            gaps.setdefault(str(unrated[key]), []).append(key)
    parts += [f"no {s} specialist on the panel: rates {', '.join(k)}" for s, k in gaps.items()]
    parts.append(f"{plural(load, 'interview')} in 90 days")
    return "; ".join(parts)


def plan_gaps(session: Session, candidate_id: int, slots: list[dict]) -> list[SpecialistGap]:
    """What a proposed panel (`plan`'s slots, plus the loop already scheduled) leaves to
    non-specialists: one gap per specialist attribute, with a plain message."""
    candidate = get_candidate(session, candidate_id)
    proposed = [s for s in slots if s["mode"] == "lead"]
    people = dict(
        session.exec(
            select(Person.handle, Person.specialties).where(
                col(Person.handle).in_([s["interviewer"] for s in proposed])
            )
        ).all()
    )
    leads = _scheduled_leads(session, candidate.id)  # type: ignore[arg-type]
    leads += [
        (s["interviewer"], frozenset(people.get(s["interviewer"]) or []), list(s["focus"]))
        for s in proposed
    ]
    return _gaps(session, candidate, leads, proposed=True)


def specialist_gaps(session: Session, candidate_id: int) -> list[SpecialistGap]:
    """A candidate's scheduled loop: each specialist attribute that no scheduled lead
    interviewer with its specialty rates. A loop with no lead interviews yet has none."""
    candidate = get_candidate(session, candidate_id)
    leads = _scheduled_leads(session, candidate.id)  # type: ignore[arg-type]
    if not leads:
        return []
    return _gaps(session, candidate, leads, proposed=False)


def _gaps(
    session: Session, candidate: Candidate, leads: list[_Lead], *, proposed: bool
) -> list[SpecialistGap]:
    rubric = latest_rubric(session, candidate.role)
    missing = _uncovered(attributes_of(session, rubric.id), leads)  # type: ignore[arg-type]
    if not missing:
        return []
    stage_of = stages(session, candidate.role)
    qualified = [p for p, s in stage_of.items() if s == "qualified" and p != candidate.person_id]
    skilled = session.exec(
        select(Person.handle, Person.specialties)
        .where(col(Person.id).in_(qualified))
        .order_by(Person.handle)
    ).all()
    will = "will be" if proposed else "is"
    where = "this panel" if proposed else f"candidate #{candidate.id}'s panel"
    gaps = []
    for attr, experts in missing:
        need = str(attr.specialty)
        raters = [h for h, _, focus in leads if attr.key in focus]
        who = f"rated by non-specialists ({', '.join(raters)})" if raters else "rated by no one"
        if experts:
            text = (
                f"{attr.key} is in the focus of none of {where}'s {need} specialists "
                f"({', '.join(experts)}): it {will} {who}"
            )
        else:
            able = [h for h, s in skilled if need in (s or [])]
            if not able:
                text = f"no qualified interviewer with specialty {need}: {attr.key} {will} {who}"
            else:
                text = (
                    f"no lead with specialty {need} on {where} (qualified with it: "
                    f"{', '.join(able)}): {attr.key} {will} {who}"
                )
        gaps.append(SpecialistGap(attr.key, need, text))
    return gaps


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


def apply_plan(
    session: Session, candidate_id: int, slots: list[dict], on: date, *, backfill: bool = False
) -> list[dict]:
    """Schedule every slot on `on` (a date before today only with `backfill`)."""
    return [
        schedule(
            session,
            candidate_id,
            interviewer=slot["interviewer"],
            focus=slot["focus"],
            on=on,
            mode=slot["mode"],
            backfill=backfill,
        )
        for slot in slots
    ]
