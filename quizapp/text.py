"""The one place untrusted text is made safe to keep and to show.

Deck files, imports, student names and network messages all pass through `clean`
where they enter the program (the model's `Text` type calls it), so nothing later
has to remember to.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator

# C0 controls except tab and newline, DEL, the C1 range (ESC-free CSI/OSC live there), and
# lone surrogates (JSON can carry them; they cannot be written back as UTF-8).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Of those, the C0 ones a text file never holds (tab, newline, carriage return and form
# feed it may): many of them mean the bytes were not text at all.
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# Bidi overrides, isolates and marks can make text display differently from what it is.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Invisible format characters: they hide text (a name that looks like another, an answer
# with a character no one can type) and reach the terminal as nothing. Soft hyphen,
# combining grapheme joiner, Hangul fillers, zero-width space, word joiner and the
# invisible operators, deprecated format controls, BOM / zero-width no-break space.
_INVISIBLE = re.compile(
    r"[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u2060-\u2064"
    r"\u206a-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a]"
    # Unicode tag characters, except in the emoji flag sequences that need them
    r"|(?<![\U0001f3f4\U000e0020-\U000e007f])[\U000e0000-\U000e007f]"
)
# Zero-width (non-)joiners shape Persian, Indic and emoji sequences between two visible
# characters; anywhere else (next to a space, at either end) they only hide.
_LOOSE_JOINER = re.compile(r"(?:(?<=\s)|^)[\u200c\u200d]+|[\u200c\u200d]+(?=\s|$)")


def clean(value: str) -> str:
    """Remove control, bidi and invisible format characters (keeping newline and tab) and
    normalise to NFC.

    Carriage returns become newlines first, so Windows files keep their lines.
    """
    if value.isascii() and value.isprintable():
        return value  # most fields of an import: nothing to remove, no line ends to mend
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if value.isascii():
        # The same rule, cheaper: ASCII holds none of the bidi, invisible or joiner
        # characters and is already NFC, so only its control characters can go (an
        # import cleans every field of every card; this is most of them).
        return _CONTROL.sub("", value)
    value = _CONTROL.sub("", value)
    value = _BIDI.sub("", value)
    value = _INVISIBLE.sub("", value)
    value = _LOOSE_JOINER.sub("", value)
    return unicodedata.normalize("NFC", value)


def binary_controls(sample: str) -> int:
    """How many control characters in `sample` no text file holds (see _BINARY_CONTROL):
    the formats' test for binary data that happened to decode (quizapp.formats.decode)."""
    return len(_BINARY_CONTROL.findall(sample))


def clean_line(value: str) -> str:
    """`clean`, and fold all whitespace to single spaces (titles, names, tags)."""
    return " ".join(clean(value).split())


def clean_text(value: str) -> str:
    """`clean`, then surrounding whitespace removed (after, so none is left behind)."""
    return clean(value).strip()


#: Free text from outside: cleaned, surrounding whitespace kept out.
Text = Annotated[str, AfterValidator(clean_text)]
#: One-line text (titles, choices, names): cleaned and whitespace folded.
Line = Annotated[str, AfterValidator(clean_line)]
