"""File formats: one module per format, found here by name, extension or content.

Each format module defines a `FORMAT` (a `Format`): how to recognise a file, read
it into decks, and (if it can) turn a deck into bytes. Reading never touches the library:
the store decides what is added, updated or skipped. A format never writes a file:
`dump_deck` returns the bytes, and quizapp.files (through quizapp.export) writes them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.model.problems import DeckError, Problem

if TYPE_CHECKING:
    from quizapp.model import Deck

#: Files larger than this are refused before being read (a deck of 100k cards is ~50 MB).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Cards (or notes, questions, rows) one file may hold; past it the file is refused with
#: this number, before the cards are built (a million-card file would take gigabytes).
MAX_CARDS = 100_000
#: Nesting depth of JSON/TOML data; a deck file needs 5.
MAX_DEPTH = 32


@dataclass(frozen=True)
class Sm2State:
    """An Anki review card's SM-2 schedule, for a card whose review log did not come along."""

    #: Anki's ease factor (2.5 = 250%) and interval in days
    ease: float
    interval_days: int
    due: datetime
    reps: int = 0
    lapses: int = 0


@dataclass
class CardHistory:
    """What another tool knew of one card's study, for the library to turn into progress."""

    card_id: str
    #: (when, rating 1-4, duration in ms), oldest first
    reviews: list[tuple[datetime, int, int]] = field(default_factory=list)
    suspended: bool = False
    buried: bool = False
    #: Anki's interval and ease, used when there are no reviews to replay
    sm2: Sm2State | None = None


@dataclass
class Loaded:
    """What a format read from one file: the decks, and what it had to leave out and why."""

    decks: list[Deck]
    skipped: list[str] = field(default_factory=list)
    #: Study history by deck id (Anki packages), for `Library.import_history`.
    history: dict[str, list[CardHistory]] = field(default_factory=dict)
    #: The entries of `skipped` that belong to one deck, by deck id (files of several decks).
    deck_skipped: dict[str, list[str]] = field(default_factory=dict)
    #: Images the cards refer to (`Card.media`), by name (sha256.ext), for store.media.
    media: dict[str, bytes] = field(default_factory=dict)

    def skips_for(self, deck_id: str) -> list[str]:
        """What to report under this deck: its own skips, and (under the file's first
        deck) those that belong to no deck; so each skip is said once, under its deck."""
        own = list(self.deck_skipped.get(deck_id, []))
        if not self.decks or self.decks[0].id != deck_id:
            return own
        placed = Counter(s for skips in self.deck_skipped.values() for s in skips)
        rest = []
        for skip in self.skipped:
            if placed[skip]:
                placed[skip] -= 1
            else:
                rest.append(skip)
        return rest + own


#: Every message of a question, row or note not imported ends so; others are notes about
#: what was kept in part (a weight, a nested gap, an encoding), which count as no skip.
LEFT_OUT = "; left out"


def split_skips(messages: list[str]) -> tuple[list[str], list[str]]:
    """(what was left out, notes on what was kept in part)."""
    out = [m for m in messages if m.endswith(LEFT_OUT)]
    return out, [m for m in messages if not m.endswith(LEFT_OUT)]


def extras_lost(deck: Deck) -> list[str]:
    """The loss line for a format that has no place for a flashcard's `extra`."""
    lost = [c.id for c in deck.cards if getattr(c, "extra", "")]
    if not lost:
        return []
    more = f" and {len(lost) - 5} more" if len(lost) > 5 else ""
    return [f"the extra of flashcards {', '.join(lost[:5])}{more} is not written"]


def too_many(file: str, count: int, what: str = "cards") -> DeckError:
    return DeckError(
        [
            Problem(
                file,
                f"holds more than {MAX_CARDS:,} {what}; quizapp imports at most {MAX_CARDS:,} "
                "from one file (split it into several files)",
            )
        ]
    )


#: A deck as a file's bytes; the second argument is the library's media folder, for formats
#: that pack the cards' images (the others ignore it).
Dump = Callable[["Deck", Path | None], bytes]


def text_dump(dumps: Callable[[Deck], str | bytes]) -> Dump:
    """A `Dump` from a function of the deck alone (text is written as UTF-8)."""

    def dump(deck: Deck, media_dir: Path | None = None) -> bytes:
        out = dumps(deck)
        return out.encode("utf-8") if isinstance(out, str) else out

    return dump


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    read: Callable[[Path], Loaded] | None
    dump: Dump | None
    #: Looks at the first bytes of a file; True if they are surely this format.
    sniff: Callable[[bytes], bool] = lambda head: False
    description: str = ""
    #: What writing a deck in this format leaves out, one line per loss (empty: lossless).
    losses: Callable[[Deck], list[str]] = lambda deck: []


def _registry() -> dict[str, Format]:
    # Imported here so a broken optional format cannot break the others' import.
    from quizapp.formats import own

    formats: dict[str, Format] = {}
    for module in (own,):
        for fmt in module.FORMATS:
            formats[fmt.name] = fmt
    for name in ("csv_text", "quizlet", "gift", "moodle_xml", "kahoot", "qti", "markdown", "apkg"):
        try:
            module = __import__(f"quizapp.formats.{name}", fromlist=["FORMATS"])
        except ModuleNotFoundError as error:
            if error.name != f"quizapp.formats.{name}":
                raise
            continue
        for fmt in module.FORMATS:
            formats[fmt.name] = fmt
    return formats


FORMATS: dict[str, Format] = _registry()


def check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DeckError([Problem(str(path), f"cannot be read: {error.strerror}")]) from None
    if size > MAX_FILE_BYTES:
        raise DeckError(
            [
                Problem(
                    str(path),
                    f"is {size // 2**20} MiB; files over {MAX_FILE_BYTES // 2**20} MiB are refused",
                )
            ]
        )


#: Extensions that say nothing of the format inside.
_SAY_NOTHING = frozenset({"", ".txt", ".text"})
#: Formats recognised by a guess at plain text rather than by a signature.
_GUESSED = frozenset({"gift", "quizlet", "csv", "tsv", "markdown"})


def detect(path: Path, name: str | None = None) -> Format:
    """The format of a file: the one named, else by content (a guess at plain text yields
    to an extension that names another format), else by extension."""
    if name is not None:
        if name not in FORMATS:
            raise DeckError(
                [Problem(str(path), f"unknown format {name!r}; use one of: {', '.join(FORMATS)}")]
            )
        return FORMATS[name]
    check_size(path)
    suffix = "".join(path.suffixes[-1:]).lower()
    owners = [f for f in FORMATS.values() if f.read is not None and suffix in f.extensions]
    named = suffix not in _SAY_NOTHING and bool(owners)
    with path.open("rb") as handle:
        head = handle.read(4096)
    for fmt in FORMATS.values():
        if fmt.read is not None and fmt.sniff(head):
            # Plain-text formats are told by a guess (GIFT by its answer blocks): where the
            # name says the format, the guess does not override it (a TOML deck whose text
            # holds "{=" is still TOML); .txt and no extension are left to the guess.
            if fmt.name in _GUESSED and named and fmt not in owners:
                continue
            return fmt
    for fmt in owners:
        return fmt
    readable = sorted({ext for f in FORMATS.values() if f.read for ext in f.extensions})
    raise DeckError(
        [
            Problem(
                str(path),
                f"is not a format quizapp reads; use a file ending in {', '.join(readable)}",
            )
        ]
    )


def read_file(path: Path | str, format: str | None = None) -> Loaded:
    """Read decks from a file, recognising its format. Raises DeckError, never anything else."""
    path = Path(path)
    fmt = detect(path, format)
    if fmt.read is None:
        raise DeckError([Problem(str(path), f"format {fmt.name!r} can only be written")])
    check_size(path)
    return fmt.read(path)


def read_deck(path: Path | str, format: str | None = None) -> Deck:
    """Read a file that holds exactly one deck."""
    loaded = read_file(path, format)
    if len(loaded.decks) != 1:
        raise DeckError([Problem(str(path), f"holds {len(loaded.decks)} decks; expected one")])
    return loaded.decks[0]


@dataclass(frozen=True)
class Dumped:
    """A deck as a file in some format, and what that format could not hold."""

    data: bytes
    losses: list[str]


def dump_deck(
    deck: Deck, format: str, media_dir: Path | None = None, *, target: str | None = None
) -> Dumped:
    """The deck as the bytes of a `format` file; DeckError (naming `target`, the file to be
    written, or else the deck) for a format that cannot write."""
    fmt = FORMATS.get(format)
    if fmt is None or fmt.dump is None:
        writable = [f.name for f in FORMATS.values() if f.dump]
        message = f"cannot write format {format!r}; use one of: {', '.join(writable)}"
        raise DeckError([Problem(target or deck.id, message)])
    data = fmt.dump(deck, media_dir)
    from quizapp.model.freshness import dated_losses

    # Only quizapp's own files hold a card's as_of / review_by dates (issue 16).
    losses = fmt.losses(deck) + ([] if fmt.name in ("toml", "json") else dated_losses(deck.cards))
    return Dumped(data, losses)


__all__ = [
    "FORMATS", "Dump", "Dumped", "Format", "Loaded", "detect", "dump_deck", "read_deck",
    "read_file", "text_dump",
]
