"""Placeholder text in a goal or a direction: the one rule `rotation add`, `lead role assign`
and `audit projects` share.

A goal or direction is a placeholder when it is missing or empty, a stand-in word (`tbd`,
`tba`, `todo`, `?`, `n/a`, `-`, `...`; case and surrounding punctuation or space ignored), starts
with `tbd`, `tba` or `todo:`, or has fewer than 15 characters. Placeholder text is accepted (with a
warning) so work is not blocked, and `audit projects` lists it until someone writes the real one.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

MIN_CHARS = 15
STAND_INS = ("tbd", "tba", "todo", "?", "n/a", "-", "...")
# Text opening with one of these words (or with "todo:") is a note to write it later:
# "tbd after the Q1 planning", "todo: ask the sponsor".
LATER_WORDS = ("tbd", "tba")
_EDGES = string.whitespace + string.punctuation


@dataclass(frozen=True)
class Placeholder:
    """A goal or direction that is missing, empty or placeholder text, and why."""

    field: str  # goal | direction
    text: str | None  # as stored; None when there is none
    reason: str  # missing, empty, under 15 characters, placeholder text...

    @property
    def why(self) -> str:
        """In words, for `audit projects`: "no goal", "goal 'tbd' looks like a placeholder"."""
        if self.text is None:
            return f"no {self.field}"
        if not self.text.strip():
            return f"{self.field} is empty"
        return f"{self.field} '{self.text}' looks like a placeholder ({self.reason})"

    @property
    def warning(self) -> str:
        """The warning when it is written: the field, why, and what follows."""
        return f"{self.why}: audit projects will list it"


def check(field: str, text: str | None) -> Placeholder | None:
    """The placeholder problem of one goal or direction, or None when it reads as real text."""
    if text is None:
        return Placeholder(field, None, "missing")
    stripped = text.strip()
    if not stripped:
        return Placeholder(field, text, "empty")
    if len(stripped) < MIN_CHARS:
        return Placeholder(field, stripped, f"under {MIN_CHARS} characters")
    core = stripped.lower().strip(_EDGES)
    if core in STAND_INS:
        return Placeholder(field, stripped, "placeholder text")
    if not core:
        return Placeholder(field, stripped, "punctuation only")
    first = re.split(r"[\s:,;.]+", core, maxsplit=1)[0]
    if first in LATER_WORDS or core.startswith("todo:"):
        return Placeholder(field, stripped, "a note to write it later")
    return None


def given(**fields: str | None) -> list[Placeholder]:
    """Placeholders among the texts a person just wrote (fields not given are skipped)."""
    found = [check(name, text) for name, text in fields.items() if text is not None]
    return [p for p in found if p is not None]
