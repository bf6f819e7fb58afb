"""Counted words in English: "1 gap", "0 gaps", "1 file has", "2 files have".

The one place a count meets a noun, so that no message says "1 of 1 file have problems"
or "0 of 1 gaps" (each copy of `'s' if n != 1` got one of them wrong somewhere).
"""

from __future__ import annotations


def plural(n: float, one: str, many: str | None = None) -> str:
    """The noun (or verb) that agrees with `n`: `one` for 1, else `many` (default one+"s");
    "0.5 points", as English says it."""
    return one if n == 1 else (many if many is not None else one + "s")


def counted(n: int, one: str, many: str | None = None) -> str:
    """`n` and its noun: counted(1, "card") -> "1 card", counted(0, "card") -> "0 cards"."""
    return f"{n} {plural(n, one, many)}"


def part_of(part: int, whole: int, one: str, many: str | None = None) -> str:
    """"0 of 1 gap", "2 of 3 gaps": the noun agrees with the whole, as one says it."""
    return f"{part} of {counted(whole, one, many)}"
