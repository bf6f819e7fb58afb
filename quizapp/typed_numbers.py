"""Typed numbers: what a student's "12,5", "1,200", "1 200 km" or "$5" may mean.

Numbers written as words ("three", "twenty-one", "vingt et un") are read in the deck's
language by text2num (English, French, Spanish, Portuguese, German, Dutch, Danish,
Italian); in other languages only digits are read. Both decimal marks are read: "1,200"
and "1.200" may be thousands or a decimal, and either reading may be the right answer,
so `read_number` returns every reading. Units are compared loosely ("years" for "year"),
never across prefixes ("m" is not "ms"). quizapp.grading judges numeric cards with these.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from text_to_num import alpha2digit

from quizapp.text import clean

#: The languages text2num reads number words in (ISO 639-1 codes).
WORD_LANGUAGES = frozenset({"en", "fr", "es", "pt", "de", "nl", "da", "it"})
_ORDINAL = re.compile(r"\d[^\W\d_]")

#: Quotes and dashes folded to their ASCII forms (grading's `normalise` folds with it too).
ALIKE = str.maketrans("‘’‚‛′`´“”„‟″«»‐‑‒–—―−﹣", "'''''''" + '"' * 7 + "-" * 8)

_NUMBER = re.compile(
    r"(?P<sign>[+-]?)\s*(?P<pre>[$€£¥₹]?)\s*"
    r"(?P<num>\d[\d.,' ]*\d|\d|[.,]\d+)[.,]?"
    r"(?P<exp>e[+-]?\d+)?\s*(?P<unit>.*)",
    re.IGNORECASE | re.DOTALL,
)


def _assemble(num: str, groupers: set[str], mark: str) -> list[str]:
    """`num` as a plain decimal string, if its digit groups are well formed."""
    whole, _, frac = num.partition(mark) if mark else (num, "", "")
    if groupers:
        parts = re.split("[" + re.escape("".join(sorted(groupers))) + "]", whole)
        if not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])):
            return []
        whole = "".join(parts)
    if not whole.isdecimal() or (frac and not frac.isdecimal()):
        return []
    return [f"{whole}.{frac}" if frac else whole]


def _readings(num: str) -> list[str]:
    """What a typed number may mean: "12,5" is 12.5; "1,200" is 1200 or 1.2."""
    if num[0] in ".,":
        return ["0." + num[1:]]
    spaces = {c for c in num if c in " '"}
    dots, commas = num.count("."), num.count(",")
    if dots and commas:  # the last mark is the decimal one: "1,200.5", "1.200,5"
        mark = "." if num.rfind(".") > num.rfind(",") else ","
        other = "," if mark == "." else "."
        return [] if num.count(mark) > 1 else _assemble(num, spaces | {other}, mark)
    mark = "." if dots else "," if commas else ""
    if not mark:
        return _assemble(num, spaces, "")
    if num.count(mark) > 1:
        return _assemble(num, spaces | {mark}, "")
    whole, frac = num.split(mark)
    if not spaces and len(frac) == 3 and whole.lstrip("0"):
        return _assemble(num, {mark}, "") + _assemble(num, set(), mark)
    return _assemble(num, spaces, mark)


def _words_to_digits(text: str, language: str) -> str | None:
    """`text` with its number words made digits ("twenty-one km" -> "21 km"), or None
    when the language has no number words here or the text has none."""
    lang = language.replace("_", "-").split("-")[0].casefold()
    if lang not in WORD_LANGUAGES or not any(c.isalpha() for c in text):
        return None
    digits: str = alpha2digit(text, lang, threshold=0)  # threshold 0: "one" alone is 1 too
    # An ordinal comes back as "3rd", "3e" or (German) "3.": "third" is not "how many".
    if digits == text or _ORDINAL.search(digits) or (digits[-1] == "." != text[-1]):
        return None
    return digits


def read_number(text: str, language: str = "en") -> tuple[list[Decimal], str] | None:
    """The values a typed number may mean and the unit typed with it, or None.

    Reads "12", "-3", "12,5", "1,200", "1 200", "1e3", "12 km", "12%", "$5", and number
    words in `language` (the deck's): "three", "twenty-one", "two point five".
    """
    text = unicodedata.normalize("NFKC", clean(text)).translate(ALIKE).strip()
    read = _read_digits(text)
    if read is None and len(text) <= 200:
        words = _words_to_digits(text, language)
        read = _read_digits(words) if words is not None else None
    return read


def _read_digits(text: str) -> tuple[list[Decimal], str] | None:
    found = _NUMBER.fullmatch(text) if len(text) <= 100 else None
    if found is None:
        return None
    unit = " ".join(found["unit"].split()) or found["pre"]
    if len(unit) > 40 or any(word[0].isdecimal() for word in unit.split()):
        return None  # "12 or 13" is not one number
    # Every reading is plain digits by now, so Decimal() cannot fail on it.
    values = [Decimal(found["sign"] + r + (found["exp"] or "")) for r in _readings(found["num"])]
    return (values, unit) if values else None


def _unit_key(unit: str) -> str:
    folded = unicodedata.normalize("NFKC", unit).casefold()
    return "".join(c for c in folded if c not in " .°")


def same_unit(typed: str, unit: str) -> bool:
    """Whether a unit typed with an answer names the card's unit."""
    a, b = _unit_key(typed), _unit_key(unit)
    # "year" for "years", "kms" for "km", but "m" is not "ms".
    return a == b or (min(len(a), len(b)) >= 2 and (a + "s" == b or b + "s" == a))

