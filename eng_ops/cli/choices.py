"""The fixed choices options take (`--kind`, `--topic`, `--stage`, ...), as enums.

The parser checks them, so a value that is not one of them is a usage error (exit 2) that
lists the choices, and `--help` shows them. They mirror the tuples in eng_ops.store.models
(tests/test_cli_semantics.py checks that they agree) but are kept here because importing
the models would slow down `--help`.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """A pairing's kind (PAIRING_KINDS)."""

    manager = "manager"
    mentor = "mentor"
    skip = "skip"


class Topic(StrEnum):
    """What a 1:1 covered (TOPICS)."""

    career = "career"
    growth = "growth"
    challenge = "challenge"
    feedback = "feedback"
    wellbeing = "wellbeing"
    project = "project"


class Grouping(StrEnum):
    """How `1on1 adherence` groups pairings."""

    pairing = "pairing"
    kind = "kind"
    leader = "leader"


class Track(StrEnum):
    """A person's track (TRACKS)."""

    ic = "ic"
    manager = "manager"


class Stage(StrEnum):
    """An interviewer's stage (INTERVIEWER_STAGES)."""

    trainee = "trainee"
    shadow = "shadow"
    reverse_shadow = "reverse-shadow"
    qualified = "qualified"


class Mode(StrEnum):
    """An interview's mode (INTERVIEW_MODES)."""

    lead = "lead"
    shadow = "shadow"
    reverse_shadow = "reverse-shadow"


class Recommendation(StrEnum):
    """An interviewer's recommendation (RECOMMENDATIONS)."""

    strong_no = "strong-no"
    no = "no"
    yes = "yes"
    strong_yes = "strong-yes"


class Source(StrEnum):
    """Where a piece of evidence comes from (EVIDENCE_SOURCES)."""

    manual = "manual"
    review = "review"
    rotation = "rotation"
    interview = "interview"


def value(choice: StrEnum | None) -> str | None:
    """The plain string a service takes (None stays None)."""
    return None if choice is None else choice.value
