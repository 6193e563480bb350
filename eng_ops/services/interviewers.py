"""Interviewer stages per role (trainee -> shadow -> reverse-shadow -> qualified)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, func, select

from eng_ops import dates as clock
from eng_ops.errors import InvalidInput
from eng_ops.services import audit
from eng_ops.services.people import active, get_person
from eng_ops.services.rubrics import latest_rubric
from eng_ops.services.settings import Requirements
from eng_ops.store.models import INTERVIEWER_STAGES, Interview, InterviewerStage, Person

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

CONCENTRATION_LIMIT = 0.25  # one person doing more than a quarter of a role's interviews


def pool(session: Session, role: str | None = None, today: date | None = None) -> dict:
    """Interviewers per role: stage, interviews done by mode, last one, share; concentration."""
    from eng_ops.stats.concentration import gini, hhi, top_share
    from eng_ops.store.models import Candidate

    today = today or clock.today()
    if role:
        latest_rubric(session, role)
    done = session.exec(
        select(Candidate.role, Person.handle, Interview.mode, func.count(), func.max(Interview.on))
        .join(Candidate, col(Candidate.id) == col(Interview.candidate_id))
        .join(Person, col(Person.id) == col(Interview.interviewer_id))
        .where(Interview.on <= today)
        .group_by(Candidate.role, Person.handle, Interview.mode)
    ).all()
    enrolled = session.exec(
        select(InterviewerStage.role, Person.handle, Person.name, InterviewerStage.stage)
        .join(Person, col(Person.id) == col(InterviewerStage.person_id))
        .where(active())
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
    recent = recent_load(session, today)
    ids = dict(session.exec(select(Person.handle, Person.id)).all())
    result_rows, concentration = [], []
    for r in sorted({k[0] for k in rows}):
        if role and r != role:
            continue
        members = [rows[k] for k in sorted(rows) if k[0] == r]
        total = sum(m.get("lead", 0) for m in members)
        for m in members:
            lead = m.get("lead", 0)
            result_rows.append(
                {
                    "handle": m["handle"],
                    "name": m["name"],
                    "role": r,
                    "stage": m["stage"],
                    "lead": lead,
                    "shadow": m.get("shadow", 0),
                    "reverse_shadow": m.get("reverse-shadow", 0),
                    "last_interview": m.get("last_interview"),
                    "share": round(lead / total, 3) if total else 0.0,
                    "interviews_90d": recent.get(ids[m["handle"]], 0),
                }
            )
        counts = [m.get("lead", 0) for m in members if m.get("lead", 0)]
        if counts:
            top = min(members, key=lambda m: (-m.get("lead", 0), m["handle"]))
            pool_size = max(len(counts), sum(1 for m in members if m["stage"] == "qualified"))
            share = top_share(counts)
            concentration.append(
                {
                    "role": r,
                    "lead_interviews": total,
                    "interviewers": len(counts),
                    "top_interviewer": top["handle"],
                    "top_share": round(share, 3),
                    "gini": round(gini(counts), 3),
                    "hhi": round(hhi(counts), 3),
                    "warning": (
                        f"{top['handle']} does {share:.0%} of {r} lead interviews "
                        f"(over {CONCENTRATION_LIMIT:.0%})"
                    )
                    # an equal split of a small pool (3 people: 33% each) is not a star
                    if share > CONCENTRATION_LIMIT and share > 1 / pool_size + 0.01
                    else None,
                }
            )
    return {"interviewers": result_rows, "concentration": concentration}


def requirements(session: Session) -> Requirements:
    """What a trainee needs to be promoted: the org's interviewers.* settings."""
    from eng_ops.services.settings import current

    return current(session).interviewer_requirements


def agreement(session: Session, handle: str, role: str) -> dict:
    """A trainee's ratings against the panel's (rounded median of lead ratings), per interview
    and pooled by mode, with quadratic-weighted kappa."""
    from statistics import median

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
        .where(Candidate.role == role, col(Scorecard.submitted).is_(True))
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
    return {"handle": handle, "role": role, "interviews": per_interview, "kappa": kappas}


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
