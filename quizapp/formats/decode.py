"""Bytes of a text file made by another tool, as text: UTF-8, UTF-16 with a BOM, or detected.

Excel on Windows saves CSV in the system's code page (cp1252 in western Europe), old
Moodle and Quizlet exports may be Latin-1: refusing them loses a user's work over a
setting they never chose. UTF-8 is tried first (it almost never decodes by accident);
otherwise charset-normalizer (a kept library, the detector `requests` uses) names the
encoding, and the reader says in its report which one it used so a wrong guess is seen.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from quizapp.model import DeckError, Problem
from quizapp.text import binary_controls

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _binary(text: str) -> bool:
    sample = text[:65536]
    controls = binary_controls(sample)  # what a control character is: quizapp.text
    return "\x00" in sample or controls > max(8, len(sample) // 100)


def decode_bytes(data: bytes, file: str, what: str) -> tuple[str, str]:
    """(text, note): note is empty for UTF-8, else says which encoding was detected."""
    fail = DeckError([Problem(file, f"is not a {what} text file (it holds binary data)")])
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise DeckError(
                [Problem(file, f"is not valid UTF-16 text (byte {error.start}); save it as UTF-8")]
            ) from None
        if _binary(text):
            raise fail
        return text, ""
    if b"\x00" in data[:65536]:
        raise fail
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        guessed, encoding = _detected(data, file, error.start)
        note = f"{file}: not UTF-8; read as {encoding} (save it as UTF-8 if any letter is wrong)"
        if _binary(guessed):
            raise fail from None
        return guessed, note
    if _binary(text):
        raise fail
    return text, ""


def _detected(data: bytes, file: str, bad: int) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    results = list(from_bytes(data[: 1 << 20]))
    best = results[0] if results else None
    # On short texts several code pages tie; Windows' western one is by far the likeliest.
    for match in results:
        if (
            best is not None
            and match.encoding == "cp1252"
            and (match.chaos <= best.chaos and match.coherence >= best.coherence)
        ):
            best = match
    if best is None or best.encoding in ("utf_8", "utf_8_sig", "ascii"):
        raise DeckError(
            [
                Problem(
                    file,
                    f"is not UTF-8 text (byte {bad}) and its encoding could not be "
                    "told; save it as UTF-8",
                )
            ]
        )
    try:
        return data.decode(best.encoding), best.encoding.replace("_", "-")
    except (UnicodeDecodeError, LookupError):
        raise DeckError(
            [Problem(file, f"is not UTF-8 text (byte {bad}); save it as UTF-8")]
        ) from None


def decode_text(path: Path, what: str) -> tuple[str, str]:
    """Read and decode a text file; DeckError if unreadable or binary."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DeckError([Problem(str(path), f"cannot be read: {error.strerror}")]) from None
    return decode_bytes(data, str(path), what)
