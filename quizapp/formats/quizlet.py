"""Quizlet's export as a file: "between term and definition" and "between rows" chosen by
the user (Quizlet offers tab/comma/custom and new line/semicolon/custom), from the command
line (`--term-sep`, `--card-sep`, or `--format quizlet`) and the import screen, which
previews the first cards with `quizlet_preview`. The text itself is read by
`read_text`, the reader of pasted Quizlet text (also used for what is pasted in the app).
"""

from __future__ import annotations

from pathlib import Path

from quizapp.formats import Format, Loaded
from quizapp.formats.csv_text import _PASTE_SNIFFED, _Builder
from quizapp.formats.decode import decode_bytes, decode_text
from quizapp.model import DeckError, Problem


def read_text(
    text: str, file: str = "pasted text", separator: str | None = None, card_sep: str = "\n"
) -> Loaded:
    """Quizlet-style pasted text: term<separator>definition, cards split by `card_sep`."""
    if not card_sep:
        raise DeckError([Problem(file, "the card separator is empty; use e.g. a newline")])
    chunks = [c.strip("\r\n") for c in text.replace("\r\n", "\n").split(card_sep)]
    chunks = [c for c in chunks if c.strip()]
    if separator is None:
        counts = {sep: sum(1 for c in chunks[:50] if sep in c) for sep in _PASTE_SNIFFED}
        separator = max(_PASTE_SNIFFED, key=lambda sep: counts[sep])
        if not counts[separator]:
            raise DeckError(
                [
                    Problem(
                        file,
                        "no separator between term and definition found; choose one "
                        "(e.g. a tab or ' - ')",
                    )
                ]
            )
    if not separator:
        raise DeckError([Problem(file, "the separator is empty; use e.g. a tab or ' - '")])
    builder = _Builder(file, Path(file).stem or "Pasted")
    for number, chunk in enumerate(chunks, 1):
        term, found, definition = chunk.partition(separator)
        if not found:
            builder.skipped.append(
                f"card {number}: no {separator!r} between term and definition; left out"
            )
            continue
        builder.add(f"card {number}", term, definition)
    return builder.loaded([])


def _unescape(value: str) -> str:
    """`\\t`, `\\n` and `\\\\` typed on a command line as the characters they name."""
    return value.replace("\\t", "\t").replace("\\n", "\n").replace("\\\\", "\\")


def read_quizlet(path: Path, term_sep: str | None = None, card_sep: str | None = None) -> Loaded:
    """Quizlet's export ("between term and definition" / "between rows"), from a file.

    Without separators: tab (or comma, or ' - ') between term and definition, a newline
    between cards, as Quizlet writes by default.
    """
    text, note = decode_text(path, "Quizlet")
    loaded = read_text(
        text,
        str(path),
        separator=_unescape(term_sep) if term_sep else None,
        card_sep=_unescape(card_sep) if card_sep else "\n",
    )
    if note:
        loaded.skipped.insert(0, note)
    return loaded


def quizlet_preview(
    path: Path, term_sep: str | None = None, card_sep: str | None = None, shown: int = 5
) -> str:
    """The first cards `read_quizlet` would make of a file, for a preview; never raises."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
        text, _ = decode_bytes(head, str(path), "Quizlet")
        loaded = read_text(
            text,
            str(path),
            separator=_unescape(term_sep) if term_sep else None,
            card_sep=_unescape(card_sep) if card_sep else "\n",
        )
    except DeckError as error:
        return "\n".join(p.message for p in error.problems)
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"
    cards = [c for deck in loaded.decks for c in deck.cards]
    lines = [f"{c.prompt[:40]}  →  {c.answer_text[:40]}" for c in cards[:shown]]
    more = len(cards) - shown
    if more > 0:
        lines.append(f"… and {more} more in the first 64 KiB")
    if loaded.skipped:
        lines.append(f"{len(loaded.skipped)} left out, e.g. {loaded.skipped[0]}")
    return "\n".join(lines)


def _read_quizlet_file(path: Path) -> Loaded:
    return read_quizlet(path)


FORMATS = (
    Format(
        "quizlet",
        (),
        _read_quizlet_file,
        None,
        description="Quizlet export text (--term-sep and --card-sep for custom separators)",
    ),
)
