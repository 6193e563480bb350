"""Small wording helpers for messages: plurals, close matches."""

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


def did_you_mean(word: str, options: list[str], n: int = 2, cutoff: float = 0.6) -> str:
    """ " (did you mean 'ben' or 'bea'?)" for the closest options, or ""."""
    import difflib

    close = difflib.get_close_matches(word, options, n=n, cutoff=cutoff)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"
