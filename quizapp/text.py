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
# Bidi overrides and isolates can make text display differently from what it is.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def clean(value: str) -> str:
    """Remove control characters (keeping newline and tab) and normalise to NFC.

    Carriage returns become newlines first, so Windows files keep their lines.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    value = _BIDI.sub("", value)
    return unicodedata.normalize("NFC", value)


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
