"""Exporting a deck: a format turns it into bytes, quizapp.files writes them.

The two halves stay apart so that no format writes a file and every file is written the
one crash-safe way; this module is only where the CLI (and tests) join them.
"""

from __future__ import annotations

from pathlib import Path

from quizapp.files import STDOUT, write_output
from quizapp.formats import dump_deck
from quizapp.model import Deck, DeckError, Problem


def export_deck(
    deck: Deck, path: Path | str, format: str, media_dir: Path | None = None
) -> list[str]:
    """Write `deck` to `path` ("-": stdout) in `format`; returns what the format could not
    hold (see Format.losses). Raises DeckError naming the file, never OSError."""
    path = Path(path)
    dumped = dump_deck(deck, format, media_dir, target=str(path))
    if str(path) != STDOUT and not path.parent.is_dir():
        raise DeckError(
            [Problem(str(path), f"cannot be written: there is no folder {path.parent}")]
        )
    write_output(path, dumped.data)
    return dumped.losses
