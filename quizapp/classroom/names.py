"""Player names: one key per name a person would read as the same, and names refused.

Two players must not both look like "Alice" on the podium. A name's key is its
confusable skeleton (after Unicode TS #39): NFKC (fullwidth and styled letters become
plain), case folded, then every character replaced by one representative of its class
of look-alikes from Unicode's confusables.txt, as shipped by the `confusable-homoglyphs`
package (Cyrillic "А" and Latin "A", "l", "1" and "I", "m" and "rn"). Names made of
invisible characters or mixing scripts a reader cannot tell apart are refused.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

from confusable_homoglyphs import categories

#: Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt, 15.1): drawn
#: as nothing, so "Alice" with U+034F or a name of U+3164 HANGUL FILLER only look like one.
_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)  # fmt: skip
#: Scripts a name may mix (UTS #39 "highly restrictive"): Latin with the scripts written
#: beside it in Japanese, Chinese and Korean. Any other mix (Latin with Cyrillic) is refused.
_MIXES = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)
_MARKS = "\u200e\u200f"
#: Script aliases that go with any script (digits, spaces, punctuation, accents).
_NEUTRAL = frozenset({"COMMON", "INHERITED"})


def invisible(ch: str) -> bool:
    """True for a character that is drawn as nothing (or only changes another's look)."""
    code = ord(ch)
    if unicodedata.category(ch).startswith("C"):
        return True
    return any(low <= code <= high for low, high in _IGNORABLE)


def mixed_scripts(name: str) -> set[str] | None:
    """The scripts of `name` when they are a mix a reader cannot tell apart, else None."""
    scripts = {categories.alias(ch) for ch in name} - _NEUTRAL
    if len(scripts) <= 1 or any(scripts <= allowed for allowed in _MIXES):
        return None
    return scripts


@cache
def _representatives() -> dict[str, str]:
    """Each confusable character -> one member of its class of look-alikes.

    The package's table lists, for each character, what it is confused with, in both
    directions; its connected groups are the classes. A class holding a sequence ("rn"
    for "m") is represented by that sequence, else by its lowest character, so every
    member of a class gets the same representative.
    """
    text = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    table: dict[str, list[dict[str, str]]] = json.loads(text)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for source, glyphs in table.items():
        for glyph in glyphs:
            # Right-to-left look-alikes come wrapped in direction marks: not part of them.
            a, b = find(source.strip(_MARKS)), find(glyph["c"].strip(_MARKS))
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for member in list(parent):
        groups.setdefault(find(member), []).append(member)
    out: dict[str, str] = {}
    for members in groups.values():
        sequences = sorted(m for m in members if len(m) > 1)
        rep = sequences[0] if sequences else min(members)
        for member in members:
            if len(member) == 1:
                out[member] = rep
    return out


def skeleton(name: str) -> str:
    """UTS #39's skeleton of the NFKC form: look-alikes mapped to one, case kept."""
    reps = _representatives()
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", name))
    return unicodedata.normalize("NFD", "".join(reps.get(ch, ch) for ch in text))


def name_keys(name: str) -> tuple[str, str]:
    """Two look-alike keys of a name; a new name is refused when either is taken.

    The first is the skeleton of the case-folded name ("ALICE", "alice" and Cyrillic
    "Аlice" meet). Folding first turns capital "I" into "i", which looks like no "l":
    the skeleton of the name as typed catches "AIice" beside "Alice".
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return skeleton(folded), skeleton(name).casefold()
