"""CSV/TSV flashcards, Anki's text export, and Quizlet-style pasted text.

Reading (`read_csv`, the registry's "csv" format for .csv, .tsv and .txt):
- one card per row: front, back, and optionally a tags column (tags separated by spaces);
- a header row naming the columns (front/question/term, back/answer/definition, tags, id)
  is recognised and not imported;
- Anki's header lines at the top of the file: `#separator:` (tab, comma, semicolon, pipe,
  space, colon or the character itself), `#html:true|false`, `#tags:` (deck-wide tags),
  `#deck:`, `#notetype:`, `#columns:`, `#tags column:`, `#guid column:`, `#deck column:`,
  `#notetype column:` (1-based); other `#key:value` lines are ignored;
- without `#separator:` the separator is sniffed (tab, comma, semicolon or pipe: the one on
  most of the first lines);
- with `#html:true`, fields are HTML and become plain text;
- a row of a Cloze notetype, or whose front has `{{c1::...}}` gaps, becomes a cloze card
  (front = text, back = extra explanation);
- rows without a back or with an empty front are left out, each with a reason.
Card ids are stable: from the Anki guid when there is a guid column, from an `id` column,
else a slug and short hash of the front, so re-importing updates rather than duplicates.

`quizlet.read_text(text, file, separator=None, card_sep="\\n")` reads pasted Quizlet text:
term<separator>definition, cards separated by `card_sep`; the separator is sniffed if not given.

Writing (`dumps_csv`): a header row `front,back,tags` and one row per card. What is lost:
- the deck's title, description, sources and tags, card ids, explanations, sources, points;
- flashcards keep front, back and tags; cloze cards are written as their text (gaps kept,
  so they read back as cloze) with the explanation as back;
- other kinds are written as front = the prompt, back = the answer as text, so they read
  back as flashcards (choices, accepted alternatives, tolerances are lost);
- spaces inside a tag become '_' (CSV tags are separated by spaces).
`losses(deck)` says this for a given deck, one line per kind of loss, for the caller to show.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from quizapp.formats import MAX_CARDS, Format, Loaded, extras_lost, text_dump, too_many
from quizapp.formats.decode import decode_bytes
from quizapp.formats.html_text import IdMaker, html_to_text, slugify
from quizapp.formats.lenient import keep_valid
from quizapp.model import CLOZE_GAP, Deck, DeckError, Problem

_SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
    "colon": ":",
}
_SNIFFED = ("\t", ",", ";", "|")
_ENTITY = re.compile(r"&#?\w+;")
_PASTE_SNIFFED = ("\t", " - ", ";", ",", ":", "|", "=")
_FRONT = {"front", "question", "term", "word", "text", "prompt"}
_BACK = {"back", "answer", "definition", "def", "meaning", "back extra", "extra"}
_KNOWN_HEADER = {*_FRONT, *_BACK, "tags", "id", "guid", "deck", "notetype"}
_ANKI_KEYS = ("separator", "html", "tags", "deck", "notetype", "columns")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _split_header(text: str) -> tuple[dict[str, str], str, int]:
    """Anki's `#key:value` lines at the top, the rest of the text, and how many lines they took."""
    header: dict[str, str] = {}
    pos = lines = 0
    while text.startswith("#", pos):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos + 1 : end].rstrip("\r")
        key, colon, value = line.partition(":")
        if not colon:
            break
        header[key.strip().lower()] = value.strip()
        pos, lines = end + 1, lines + 1
    return header, text[pos:], lines


def _separator(header: dict[str, str], body: str, file: str) -> str:
    named = header.get("separator")
    if named:
        sep = _SEPARATORS.get(named.lower(), named)
        if len(sep) != 1:
            raise DeckError(
                [
                    Problem(
                        file,
                        f"#separator:{named} is not a separator; use tab, comma, "
                        "semicolon, pipe, space or colon",
                    )
                ]
            )
        return sep
    # HTML entities (&amp;) end in ';' without being separators
    sample = [_ENTITY.sub("", line) for line in body[:65536].split("\n")[:20] if line.strip()]
    counts = {sep: sum(1 for line in sample if sep in line) for sep in _SNIFFED}
    best = max(_SNIFFED, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _column(header: dict[str, str], key: str, file: str) -> int | None:
    value = header.get(key)
    if value is None:
        return None
    if not value.isdigit() or int(value) < 1:
        raise DeckError([Problem(file, f"#{key}:{value} is not a column number; count from 1")])
    return int(value) - 1


class _Columns:
    """Which column holds what, from Anki's header lines or a header row."""

    def __init__(self, names: list[str] | None, header: dict[str, str], file: str) -> None:
        self.tags = _column(header, "tags column", file)
        self.guid = _column(header, "guid column", file)
        self.deck = _column(header, "deck column", file)
        self.notetype = _column(header, "notetype column", file)
        self.id: int | None = None
        self.front: int | None = None
        self.back: int | None = None
        if names:
            for index, name in enumerate(names):
                name = name.strip().lower()
                if name in _FRONT and self.front is None:
                    self.front = index
                elif name in _BACK and self.back is None:
                    self.back = index
                elif name == "tags" and self.tags is None:
                    self.tags = index
                elif name == "id":
                    self.id = index
                elif name == "guid" and self.guid is None:
                    self.guid = index
                elif name == "deck" and self.deck is None:
                    self.deck = index
                elif name == "notetype" and self.notetype is None:
                    self.notetype = index
        taken = {self.tags, self.guid, self.deck, self.notetype, self.id, self.front, self.back}
        free = (i for i in range(64) if i not in taken)
        if self.front is None:
            self.front = next(free)
        if self.back is None:
            self.back = next(free)


def _is_header_row(row: list[str]) -> bool:
    names = {cell.strip().lower() for cell in row if cell.strip()}
    return bool(names) and names <= _KNOWN_HEADER and bool(names & _FRONT)


class _Builder:
    """Collects cards into decks by name, with ids unique per deck."""

    def __init__(self, file: str, default_deck: str) -> None:
        self.file = file
        self.default = default_deck
        self.decks: dict[str, tuple[IdMaker, list[dict[str, Any]], list[str]]] = {}
        self.skipped: list[str] = []
        self.by_deck: dict[str, list[str]] = {}
        self.count = 0

    def _skip(self, deck: str, message: str) -> None:
        self.skipped.append(message)
        self.by_deck.setdefault(deck or self.default, []).append(message)

    def add(
        self,
        where: str,
        front: str,
        back: str,
        *,
        tags: Iterable[str] = (),
        guid: str = "",
        wanted_id: str = "",
        deck: str = "",
        cloze: bool = False,
    ) -> None:
        self.count += 1
        if self.count > MAX_CARDS:
            raise too_many(self.file, self.count)
        front, back = front.strip(), back.strip()
        if not front:
            self._skip(deck, f"{where}: the front is empty; left out")
            return
        cloze = cloze or CLOZE_GAP.search(front) is not None
        if not cloze and not back:
            self._skip(deck, f"{where}: has no back (second column); left out")
            return
        ids, cards, places = self.decks.setdefault(deck or self.default, (IdMaker(), [], []))
        if wanted_id:
            card_id = ids.keep(wanted_id)
        elif guid:
            card_id = ids.from_key("anki", guid)
        else:
            card_id = ids.from_text(front)
        card: dict[str, Any] = {"id": card_id}
        if cloze:
            card.update(kind="cloze", text=front)
            if back:
                card["explanation"] = back
        else:
            card.update(kind="flashcard", front=front, back=back)
        tag_list = list(dict.fromkeys(t for t in tags if t))
        if tag_list:
            card["tags"] = tag_list
        cards.append(card)
        places.append(where)

    def loaded(self, deck_tags: list[str]) -> Loaded:
        decks, id_of = [], {}
        for name, (_, cards, places) in self.decks.items():
            head: dict[str, Any] = {
                "id": slugify(name.replace("::", "-")),
                "title": name.replace("\x1f", "::")[:200],
            }
            if deck_tags:
                head["tags"] = deck_tags
            deck, invalid = keep_valid(head, cards, places, self.file)
            self.skipped += invalid
            self.by_deck.setdefault(name, []).extend(invalid)
            if deck.cards:
                decks.append(deck)
                id_of[name] = deck.id
        if not decks:
            raise DeckError(
                [
                    Problem(
                        self.file,
                        "holds no cards: expected rows of front and back"
                        + (
                            f" ({len(self.skipped)} rows left out; the first: {self.skipped[0]})"
                            if self.skipped
                            else ""
                        ),
                    )
                ]
            )
        by_id = {id_of[name]: skips for name, skips in self.by_deck.items() if name in id_of}
        return Loaded(decks, self.skipped, deck_skipped=by_id)


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _unquoted(body: str, sep: str) -> bool:
    """True for Quizlet's export: one card a line, never quoted, a `"` just a character.

    Read as CSV, a term starting with a lone `"` would swallow the cards after it. A file
    is taken as unquoted when it is tab-separated, every line holds the tab, and some
    line has an odd number of quotes (so quoting cannot be what its writer meant).
    """
    if sep != "\t":
        return False
    lines = [line for line in body[: 1 << 20].split("\n") if line.strip()]
    return (
        bool(lines)
        and all(sep in line for line in lines)
        and any(line.count('"') % 2 for line in lines)
    )


def read_csv_text(text: str, file: str, default_deck: str = "Imported") -> Loaded:
    """Read CSV/TSV text (with or without Anki's header lines) into decks."""
    header, body, offset = _split_header(text)
    sep = _separator(header, body, file)
    html = header.get("html", "false").lower() == "true"
    unquoted = _unquoted(body, sep)
    reader = csv.reader(
        io.StringIO(body), delimiter=sep, skipinitialspace=sep == " ",
        quoting=csv.QUOTE_NONE if unquoted else csv.QUOTE_MINIMAL,
    )
    names = header["columns"].split(sep) if "columns" in header else None
    builder = _Builder(file, header.get("deck") or default_deck)
    notetype = header.get("notetype", "")
    columns: _Columns | None = _Columns(names, header, file) if names else None
    convert = html_to_text if html else str.strip
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                if _is_header_row(row):
                    columns = _Columns(row, header, file)
                    continue
                columns = _Columns(None, header, file)
            where = f"line {reader.line_num + offset}"
            kind = _cell(row, columns.notetype) or notetype
            builder.add(
                where,
                convert(_cell(row, columns.front)),
                convert(_cell(row, columns.back)),
                tags=_cell(row, columns.tags).split(),
                guid=_cell(row, columns.guid).strip(),
                wanted_id=_cell(row, columns.id).strip(),
                deck=_cell(row, columns.deck).strip(),
                cloze=kind.strip().lower().startswith("cloze"),
            )
    except csv.Error as error:
        raise DeckError(
            [
                Problem(
                    file,
                    f"line {reader.line_num + offset}: is not valid CSV ({error}); "
                    "check its quotes, and keep each field under 100 KiB",
                )
            ]
        ) from None
    return builder.loaded(header.get("tags", "").split())


def read_csv(path: Path) -> Loaded:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DeckError([Problem(str(path), f"cannot be read: {error.strerror}")]) from None
    text, note = decode_bytes(data, str(path), "CSV/TSV")
    # decode_bytes has refused binary data already (the one test of it: quizapp.text).
    loaded = read_csv_text(text, str(path), default_deck=path.stem)
    if note:
        loaded.skipped.insert(0, note)
    return loaded


def _row(card: Any) -> list[str]:
    tags = " ".join(tag.replace(" ", "_") for tag in card.tags)
    if card.kind == "flashcard":
        return [card.front, card.back, tags]
    if card.kind == "cloze":
        return [card.text, card.explanation, tags]
    return [card.prompt, card.answer_text, tags]


def losses(deck: Deck) -> list[str]:
    """What writing this deck as CSV leaves out, one line per kind of loss."""
    notes = [
        "CSV keeps front, back and tags: deck title, ids, explanations, sources and "
        "points are not written"
    ]
    others = sorted({c.kind for c in deck.cards} - {"flashcard", "cloze"})
    if others:
        notes.append(
            f"{', '.join(others)} cards are written as prompt and answer text and "
            "will read back as flashcards"
        )
    if any(" " in tag for card in deck.cards for tag in card.tags):
        notes.append("spaces inside tags are written as '_'")
    return notes + extras_lost(deck)


def dumps_csv(deck: Deck) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["front", "back", "tags"])
    writer.writerows(_row(card) for card in deck.cards)
    return out.getvalue()



def _sniff(head: bytes) -> bool:
    if head.startswith(_UTF16_BOMS):
        head = head[: len(head) // 2 * 2].decode("utf-16", errors="replace").encode()
    head = head.removeprefix(b"\xef\xbb\xbf")
    return any(head.startswith(f"#{key}:".encode()) for key in _ANKI_KEYS)


FORMATS = (
    Format(
        "csv",
        (".csv", ".tsv", ".txt"),
        read_csv,
        text_dump(dumps_csv),
        _sniff,
        "CSV/TSV flashcards (Anki text export, Quizlet); lossy for other kinds",
        losses=losses,
    ),
)
