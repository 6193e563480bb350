"""Small wording helpers for messages: counts with the right singular or plural."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 change', '3 changes', '0 changes'; `many` for plurals the rule gets wrong."""
    return f"{n} {word if n == 1 else many or _plural_of(word)}"


def _plural_of(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"  # entry -> entries
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"  # match -> matches
    return word + "s"
