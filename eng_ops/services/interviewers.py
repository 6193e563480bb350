"""Interviewer stages per role (trainee -> shadow -> reverse-shadow -> qualified)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, func, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput
from eng_ops.services import audit
from eng_ops.services.limits import LOOKBACK_DAYS
from eng_ops.services.people import active, get_person
from eng_ops.services.rubrics import latest_rubric
from eng_ops.services.settings import Requirements
from eng_ops.store.models import INTERVIEWER_STAGES, Interview, InterviewerStage, Person
from eng_ops.text import plural

LOAD_WINDOW_DAYS = 90


def enrol(session: Session, handle: str, role: str, stage: str = "trainee") -> dict:
    """Set a person's interviewer stage for a role (creating the entry if needed)."""
    if stage not in INTERVIEWER_STAGES:
        raise InvalidInput(f"--stage: '{stage}' is not one of {', '.join(INTERVIEWER_STAGES)}")
    person = get_person(session, handle)
    latest_rubric(session, role)
    row = session.exec(
        select(InterviewerStage).where(
            InterviewerStage.person_id == person.id, InterviewerStage.role == role
        )
    ).first()
    before = {"handle": handle, "role": role, "stage": row.stage} if row else None
    if row is None:
        row = InterviewerStage(
            person_id=person.id, role=role, stage=stage, updated_at=datetime.now(UTC)
        )  # type: ignore[arg-type]
    row.stage = stage
    row.updated_at = datetime.now(UTC)
    session.add(row)
    after = {"handle": handle, "role": role, "stage": stage}
    audit.record(
        session, "update" if before else "create", "interviewer", f"{handle}/{role}", before, after
    )
    return after


def stages(session: Session, role: str) -> dict[int, str]:
    """person id -> stage for a role, active people only."""
    return dict(
        session.exec(
            select(InterviewerStage.person_id, InterviewerStage.stage)
            .join(Person, col(Person.id) == col(InterviewerStage.person_id))
            .where(InterviewerStage.role == role, active())
        ).all()
    )


def recent_load(session: Session, today: date | None = None) -> dict[int, int]:
    """Interviews per interviewer in the last LOAD_WINDOW_DAYS (one grouped query)."""
    since = (today or clock.today()) - timedelta(days=LOAD_WINDOW_DAYS)
    return dict(
        session.exec(
            select(Interview.interviewer_id, func.count())
            .where(Interview.on >= since)
            .group_by(Interview.interviewer_id)
        ).all()
    )


def list_interviewers(session: Session, role: str | None = None) -> list[dict]:
    query = (
        select(Person.handle, Person.name, InterviewerStage.role, InterviewerStage.stage, Person.id)
        .join(Person, col(Person.id) == col(InterviewerStage.person_id))
        .where(active())
        .order_by(InterviewerStage.role, Person.handle)
    )
    if role:
        latest_rubric(session, role)
        query = query.where(InterviewerStage.role == role)
    load = recent_load(session)
    return [
        {"handle": h, "name": n, "role": r, "stage": s, "interviews_90d": load.get(pid, 0)}
        for h, n, r, s, pid in session.exec(query).all()
    ]


# --- the pool: load, concentration, training --------------------------------------------------

WINDOW_DAYS = 365  # concentration looks back a year unless told otherwise
STAR_MARGIN = 1.25  # named only when on a quarter more loops than an even rotation gives
MIN_LOOPS = 3  # with fewer loops in the window a share says nothing: "too few loops to judge"


@dataclass(frozen=True)
class PoolMember:
    """One person in a role's interviewer pool. lead/shadow/reverse_shadow and last_interview
    count every interview held so far; share, loops and loop_share only the window's."""

    handle: str
    name: str | None
    role: str
    stage: str
    lead: int
    shadow: int
    reverse_shadow: int
    last_interview: date | None
    share: float  # of the role's lead interviews in the window
    loops: int  # the role's loops in the window where they held a lead slot
    loop_share: float  # of the role's loops in the window
    interviews_90d: int


@dataclass(frozen=True)
class Concentration:
    """How much of a role's hiring rests on one person, over the window."""

    role: str
    lead_interviews: int
    interviewers: int
    top_interviewer: str
    top_share: float
    gini: float
    hhi: float
    loops: int
    top_loop_interviewer: str
    top_loop_share: float
    window_days: int
    since: date
    basis: str
    warning: str | None
    note: str | None


@dataclass(frozen=True)
class Pool:
    """The pool per role, each role's concentration, and one plain sentence per figure."""

    interviewers: list[PoolMember]
    concentration: list[Concentration]
    explained: dict[str, list[str]]  # role -> sentences, in the order of the figures
    window_days: int
    since: date
    loop_share_limit: float
    slot_share_limit: float


def _pct(share: float) -> str:
    return f"{share:.0%}"


def _slot_pool_needed(limit: float) -> int:
    """The slot limit judges only pools larger than this: an even split of n people gives each
    1/n, which is above the limit while n <= 1/limit."""
    return math.floor(1 / limit + 1e-9)


def pool(
    session: Session, role: str | None = None, today: date | None = None, days: int = WINDOW_DAYS
) -> Pool:
    """Interviewers per role (stage, interviews by mode, last one, shares) and concentration.

    Concentration counts lead interviews dated in the window (the last `days` days up to
    today, never the future). A loop is a candidate of the role with a lead interview in the
    window; an interviewer's loops are those where they held a lead slot.
    """
    from eng_ops.services.settings import current
    from eng_ops.store.models import Candidate

    LOOKBACK_DAYS.check(days, "--days")
    today = today or clock.today()
    since = today - timedelta(days=days)
    limits = current(session).concentration_limits
    if role:
        latest_rubric(session, role)
    of_role = [Candidate.role == role] if role else []
    done = session.exec(
        select(Candidate.role, Person.handle, Interview.mode, func.count(), func.max(Interview.on))
        .join(Candidate, col(Candidate.id) == col(Interview.candidate_id))
        .join(Person, col(Person.id) == col(Interview.interviewer_id))
        .where(Interview.on <= today, *of_role)
        .group_by(Candidate.role, Person.handle, Interview.mode)
    ).all()
    in_window = (
        Interview.mode == "lead",
        Interview.on >= since,
        Interview.on <= today,
        *of_role,
    )
    loops_of = col(Interview.candidate_id).distinct()
    windowed = session.exec(
        select(Candidate.role, Person.handle, func.count(), func.count(loops_of))
        .join(Candidate, col(Candidate.id) == col(Interview.candidate_id))
        .join(Person, col(Person.id) == col(Interview.interviewer_id))
        .where(*in_window)
        .group_by(Candidate.role, Person.handle)
    ).all()
    role_loops: dict[str, int] = dict(
        session.exec(  # type: ignore[arg-type]
            select(Candidate.role, func.count(loops_of))
            .join(Candidate, col(Candidate.id) == col(Interview.candidate_id))
            .where(*in_window)
            .group_by(Candidate.role)
        ).all()
    )
    enrolled = session.exec(
        select(InterviewerStage.role, Person.handle, Person.name, InterviewerStage.stage)
        .join(Person, col(Person.id) == col(InterviewerStage.person_id))
        .where(active(), *([InterviewerStage.role == role] if role else []))
    ).all()
    rows: dict[tuple[str, str], dict] = {}
    for r, handle, name, stage in enrolled:
        rows[(r, handle)] = {"handle": handle, "name": name, "role": r, "stage": stage}
    for r, handle, mode, count, last in done:
        row = rows.setdefault(
            (r, handle), {"handle": handle, "name": None, "role": r, "stage": "not enrolled"}
        )
        row[mode] = row.get(mode, 0) + count
        row["last_interview"] = max(filter(None, [row.get("last_interview"), last]))
    slots: dict[tuple[str, str], tuple[int, int]] = {}
    for r, handle, count, loops in windowed:
        slots[(r, handle)] = (count, loops)
        rows.setdefault(
            (r, handle), {"handle": handle, "name": None, "role": r, "stage": "not enrolled"}
        )
    recent = recent_load(session, today)
    ids = dict(session.exec(select(Person.handle, Person.id)).all())
    members_out: list[PoolMember] = []
    concentration: list[Concentration] = []
    explained: dict[str, list[str]] = {}
    for r in sorted({k[0] for k in rows}):
        keys = [k for k in sorted(rows) if k[0] == r]
        total = sum(slots.get(k, (0, 0))[0] for k in keys)
        loops_n = role_loops.get(r, 0)
        for k in keys:
            m = rows[k]
            count, loops = slots.get(k, (0, 0))
            members_out.append(
                PoolMember(
                    handle=m["handle"],
                    name=m["name"],
                    role=r,
                    stage=m["stage"],
                    lead=m.get("lead", 0),
                    shadow=m.get("shadow", 0),
                    reverse_shadow=m.get("reverse-shadow", 0),
                    last_interview=m.get("last_interview"),
                    share=round(count / total, 3) if total else 0.0,
                    loops=loops,
                    loop_share=round(loops / loops_n, 3) if loops_n else 0.0,
                    interviews_90d=recent.get(ids[m["handle"]], 0),
                )
            )
        if not total:
            continue
        found = _concentrate(r, {k[1]: slots[k] for k in keys if k in slots}, loops_n)
        qualified = sum(1 for k in keys if rows[k]["stage"] == "qualified")
        row, sentences = _judge(found, days, since, limits.loop_share, limits.slot_share, qualified)
        concentration.append(row)
        explained[r] = sentences
    return Pool(
        members_out,
        concentration,
        explained,
        days,
        since,
        limits.loop_share,
        limits.slot_share,
    )


@dataclass(frozen=True)
class _Counts:
    role: str
    loops: int
    total: int  # lead interviews
    people: int  # who did them
    top: str  # most lead interviews
    top_slots: int
    top_loop: str  # on most loops
    top_loops: int
    gini: float
    hhi: float
    per_person: dict[str, tuple[int, int]]  # handle -> (lead interviews, loops)


def _names(handles: list[str]) -> str:
    """'wei', 'wei and ana', 'ana, bo and wei'."""
    return handles[0] if len(handles) == 1 else f"{', '.join(handles[:-1])} and {handles[-1]}"


def _concentrate(role: str, per_person: dict[str, tuple[int, int]], loops: int) -> _Counts:
    """The figures of one role from (lead interviews, loops) per interviewer."""
    from eng_ops.stats.concentration import gini, hhi

    counts = [n for n, _ in per_person.values()]
    top = min(per_person, key=lambda h: (-per_person[h][0], h))
    top_loop = min(per_person, key=lambda h: (-per_person[h][1], -per_person[h][0], h))
    return _Counts(
        role=role,
        loops=loops,
        total=sum(counts),
        people=len(counts),
        top=top,
        top_slots=per_person[top][0],
        top_loop=top_loop,
        top_loops=per_person[top_loop][1],
        gini=gini(counts),
        hhi=hhi(counts),
        per_person=per_person,
    )


def _judge(
    c: _Counts, days: int, since: date, loop_limit: float, slot_limit: float, qualified: int = 0
) -> tuple[Concentration, list[str]]:
    """The role's row (warning or small-sample note) and one plain sentence per figure."""
    loop_share = c.top_loops / c.loops
    slot_share = c.top_slots / c.total
    needed = _slot_pool_needed(slot_limit)
    basis = (
        f"{plural(c.loops, 'loop')}, {plural(c.total, 'lead interview')} by "
        f"{plural(c.people, 'interviewer')} since {since.isoformat()}"
    )
    warnings: list[str] = []
    note = None
    # Someone over the loop limit is named when they also sit on clearly more loops than an
    # even rotation gives (a quarter more): with panels of 4 from 6 people everyone is on 67%
    # of loops, and naming them all would hide the one on every panel. When the top share is
    # over the limit but nobody stands out, the pool is too small for its panels: said so,
    # naming nobody. With fewer than MIN_LOOPS loops the warning says it is no pattern yet.
    available = max(c.people, qualified)  # who interviewed, or the qualified pool if larger
    even_loops = sum(n for _, n in c.per_person.values()) / (available * c.loops)
    stars = _over(c, 1, c.loops, loop_limit, "sat on", "loops", floor=STAR_MARGIN * even_loops)
    warnings += stars
    if not stars and loop_share > loop_limit:
        warnings.append(
            f"the {c.role} pool is too small for its panels: an even rotation puts each of "
            f"the {available} interviewers on {_pct(even_loops)} of loops (limit "
            f"{_pct(loop_limit)}); enrol more interviewers"
        )
    if c.loops < MIN_LOOPS:
        note = (
            f"too few loops to judge: {plural(c.loops, 'loop')} since {since.isoformat()} "
            f"(shares need at least {MIN_LOOPS})"
        )
        if warnings:
            warnings.append(f"only {plural(c.loops, 'loop')}: too few to call it a pattern")
    elif c.people > needed:
        warnings += _over(c, 0, c.total, slot_limit, "did", "lead interviews")
    row = Concentration(
        role=c.role,
        lead_interviews=c.total,
        interviewers=c.people,
        top_interviewer=c.top,
        top_share=round(slot_share, 3),
        gini=round(c.gini, 3),
        hhi=round(c.hhi, 3),
        loops=c.loops,
        top_loop_interviewer=c.top_loop,
        top_loop_share=round(loop_share, 3),
        window_days=days,
        since=since,
        basis=basis,
        warning="; ".join(warnings) or None,
        note=note,
    )
    even = 1 / c.people
    sentences = [
        f"Over the last {days} days: {basis}. A loop is one candidate's panel; only lead "
        "interviews count."
    ]
    if note:
        sentences.append(
            f"Too few loops to judge: a share of {plural(c.loops, 'loop')} says little, so "
            f"below {MIN_LOOPS} loops a warning names who is over the limit but is no verdict."
        )
    sentences.append(
        f"Loops: {_top(c, 1)} sat on {c.top_loops} of {c.loops} loops ({_pct(loop_share)}), "
        f"the most of anyone; the limit is {_pct(loop_limit)} of a role's loops."
    )
    did = f"{c.top_slots} of {c.total} lead interviews ({_pct(slot_share)})"
    slots = f"Slots: {_top(c, 0)} did {did}; "
    if c.people > needed:
        sentences.append(f"{slots}the limit is {_pct(slot_limit)}.")
    else:
        sentences.append(
            f"{slots}with {plural(c.people, 'person', 'people')} interviewing an even split "
            f"is already {_pct(even)} each, so the {_pct(slot_limit)} slot limit applies only "
            f"once more than {needed} people interview (the loop share is the check here)."
        )
    if c.people == 1:
        sentences.append(
            f"Gini {c.gini:.2f}: one person did every lead interview, so there is no spread "
            "between interviewers to measure."
        )
    else:
        sentences.append(
            f"Gini {c.gini:.2f} means the lead interviews are "
            + ("evenly spread" if c.gini < 0.005 else "unevenly spread")
            + f" among the {c.people} people who did them (0 is even, near 1 is one person "
            "doing nearly all); it does not count how many loops each sat on."
        )
    sentences.append(
        f"HHI {c.hhi:.2f} is the chance that two lead interviews picked at random were done by "
        f"the same person (an even split among {c.people} gives {even:.2f})."
    )
    sentences.append(
        f"An even rotation of {plural(available, 'interviewer')} over these panels puts each "
        f"on {_pct(even_loops)} of loops; someone is named when they sit on more than the "
        f"limit and on a quarter more loops than that."
    )
    if not stars and loop_share > loop_limit:
        sentences.append(
            "Nobody stands out, but every interviewer sits on more than the limit: the pool "
            "is too small for its panels (enrol more: eng-ops interviewers enrol)."
        )
    return row, sentences


def _top(c: _Counts, index: int) -> str:
    """Who holds the most lead interviews (index 0) or loops (1): 'wei', 'ana and wei each'."""
    most = max(n[index] for n in c.per_person.values())
    tied = sorted(h for h, n in c.per_person.items() if n[index] == most)
    return _names(tied) + (" each" if len(tied) > 1 else "")


def _over(
    c: _Counts,
    index: int,
    total: int,
    limit: float,
    verb: str,
    what: str,
    floor: float = 0.0,
) -> list[str]:
    """One warning naming everyone above `limit` and above `floor` (grouped by their count,
    most first)."""
    above: dict[int, list[str]] = defaultdict(list)
    for handle in sorted(c.per_person):
        n = c.per_person[handle][index]
        if n / total > limit and n / total > floor:
            above[n].append(handle)
    return [
        f"{_names(above[n])} {'each ' if len(above[n]) > 1 else ''}{verb} {n} of {total} "
        f"{c.role} {what} ({_pct(n / total)}, limit {_pct(limit)})"
        for n in sorted(above, reverse=True)
    ]


def requirements(session: Session) -> Requirements:
    """What a trainee needs to be promoted: the org's interviewers.* settings."""
    from eng_ops.services.settings import current

    return current(session).interviewer_requirements


def agreement(session: Session, handle: str, role: str) -> dict:
    """A trainee's ratings against the panel's (rounded median of lead ratings), per interview
    and pooled by mode, with quadratic-weighted kappa."""
    from statistics import median

    from eng_ops.services.rating_access import rating_access
    from eng_ops.stats.agreement import weighted_kappa
    from eng_ops.store.models import Candidate, Rating, Scorecard

    person = get_person(session, handle)
    rubric = latest_rubric(session, role)
    categories = list(range(rubric.scale_min, rubric.scale_max + 1))
    rows = session.exec(
        select(
            Interview.id,
            Interview.candidate_id,
            Interview.interviewer_id,
            Interview.mode,
            Interview.on,
            Scorecard.revision,
            Scorecard.id,
            Rating.attribute,
            Rating.score,
        )
        .join(Candidate, col(Candidate.id) == col(Interview.candidate_id))
        .join(Scorecard, col(Scorecard.interview_id) == col(Interview.id))
        .join(Rating, col(Rating.scorecard_id) == col(Scorecard.id))
        .where(
            Candidate.role == role,
            col(Scorecard.submitted).is_(True),
            col(Candidate.id).not_in(sorted(rating_access(session).hidden)),
        )
    ).all()
    latest: dict[int, int] = {}
    for row in rows:
        latest[row[0]] = max(latest.get(row[0], 0), row[5])
    panel: dict[tuple[int, str], list[int]] = defaultdict(list)
    mine: dict[int, dict] = {}
    for iid, cid, pid, mode, on, rev, _card, attribute, value in rows:
        if rev != latest[iid]:
            continue
        if mode == "lead" and pid != person.id:
            panel[(cid, attribute)].append(value)
        elif pid == person.id and mode in ("shadow", "reverse-shadow"):
            entry = mine.setdefault(
                iid, {"interview": iid, "candidate_id": cid, "mode": mode, "on": on, "pairs": []}
            )
            entry["pairs"].append((attribute, value))
    per_interview, pooled = [], defaultdict(lambda: ([], []))
    for entry in sorted(mine.values(), key=lambda e: (e["on"], e["interview"])):
        mine_scores, panel_scores = [], []
        for attribute, value in entry["pairs"]:
            others = panel.get((entry["candidate_id"], attribute))
            if others:
                mine_scores.append(value)
                panel_scores.append(math.floor(median(others) + 0.5))  # halves round up
        exact = sum(a == b for a, b in zip(mine_scores, panel_scores, strict=True))
        per_interview.append(
            {
                "interview": entry["interview"],
                "mode": entry["mode"],
                "on": entry["on"],
                "compared": len(mine_scores),
                "exact": exact,
                "within_one": sum(
                    abs(a - b) <= 1 for a, b in zip(mine_scores, panel_scores, strict=True)
                ),
            }
        )
        pooled[entry["mode"]][0].extend(mine_scores)
        pooled[entry["mode"]][1].extend(panel_scores)
    kappas = {}
    for mode, (a, b) in pooled.items():
        try:
            kappas[mode] = round(weighted_kappa(a, b, categories, "quadratic"), 3) if a else None
        except ValueError:
            kappas[mode] = None
    compared = sum(i["compared"] for i in per_interview)
    candidates = len({mine[i["interview"]]["candidate_id"] for i in per_interview})
    basis = {
        "candidates": candidates,
        "interviews": len(per_interview),
        "ratings": compared,
        "summary": f"Based on {compared} of {handle}'s ratings compared with the panel's, "
        f"from {plural(len(per_interview), 'interview')} of "
        f"{plural(candidates, 'candidate')}.",
    }
    note = (
        f"too few ratings to judge: {compared} compared (kappa needs at least "
        f"{MIN_AGREEMENT_RATINGS} to say much)"
        if compared < MIN_AGREEMENT_RATINGS
        else None
    )
    return {
        "handle": handle,
        "role": role,
        "interviews": per_interview,
        "kappa": kappas,
        "basis": basis,
        "note": note,
    }


# Below this many compared ratings a weighted kappa swings on one rating (with 4 ratings on a
# 4-point scale one disagreement moves it by about 0.3): the view says so instead of a verdict.
MIN_AGREEMENT_RATINGS = 10


STAGE_ORDER = ("trainee", "shadow", "reverse-shadow", "qualified")


def promote(session: Session, handle: str, role: str) -> tuple[dict, list[str]]:
    """Move an interviewer one stage on when the stage's requirements are met."""
    person = get_person(session, handle)
    row = session.exec(
        select(InterviewerStage).where(
            InterviewerStage.person_id == person.id, InterviewerStage.role == role
        )
    ).first()
    if row is None:
        raise InvalidInput(f"{handle} is not in the {role} pool (eng-ops interviewers enrol)")
    if row.stage == "qualified":
        raise InvalidInput(f"{handle} is already qualified for {role}")
    needs = requirements(session)
    report = agreement(session, handle, role)
    done = Counter(i["mode"] for i in report["interviews"])
    reasons: list[str] = []
    if row.stage == "shadow" and done["shadow"] < needs.shadows:
        reasons.append(
            f"needs {needs.shadows} shadow interviews with scorecards, has {done['shadow']}"
        )
    if row.stage == "reverse-shadow":
        if done["reverse-shadow"] < needs.reverse_shadows:
            reasons.append(
                f"needs {needs.reverse_shadows} reverse-shadow interviews, "
                f"has {done['reverse-shadow']}"
            )
        kappa = report["kappa"].get("reverse-shadow")
        if kappa is None or kappa < needs.min_kappa:
            reasons.append(
                f"reverse-shadow ratings must agree with the panel (weighted kappa >= "
                f"{needs.min_kappa}), is {kappa if kappa is not None else 'not measurable yet'}"
            )
    if reasons:
        raise InvalidInput(f"cannot promote {handle} from {row.stage}: " + "; ".join(reasons))
    before = row.stage
    after = enrol(session, handle, role, STAGE_ORDER[STAGE_ORDER.index(before) + 1])
    return after, [f"{before} -> {after['stage']}"]
