"""Anki packages (.apkg, .colpkg), both ways.

Reading: the package is a zip holding the collection as SQLite: `collection.anki21b`
(zstd-compressed, Anki 2.1.50+), else `collection.anki21`, else `collection.anki2`, looked
for in that order because current packages also carry a dummy `collection.anki2` that only
says "please update". No member is ever extracted by name: the chosen one is streamed, with
a size cap, into a temp file we name. Each Anki deck with notes becomes a deck:
- Basic, Basic (and reversed card), Basic (optional reversed card), Basic (type in the
  answer) -> a flashcard (one per note; the reverse is a scheduling matter in Anki);
- Cloze -> a cloze card (Text; Back Extra becomes the explanation);
- other notetypes: the first two fields as front and back when both have text, else the
  note is left out with a reason; image occlusion notes are left out;
- HTML becomes plain text, `[sound:...]` and images are dropped, media files are listed and
  left out ("3 media files skipped: ..."); card ids come from the note's guid, so importing
  the same package again updates the same cards.

Writing (genanki): one note per card with a guid from deck id + card id, fixed model ids.
Flashcards use a Basic model and cloze cards a Cloze model (alternatives are lost); the
other kinds become Basic notes: front = the prompt with its choices listed, back = the
answer as text. Explanations and source quotes are added to the back. Card ids, points and
the deck's sources list are not kept. `losses(deck)` says what a deck loses.
"""

from __future__ import annotations

import hashlib
import html
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import genanki
import zstandard

from quizapp.formats import Format, Loaded
from quizapp.formats.html_text import IdMaker, html_to_text, slugify
from quizapp.formats.output import write_output
from quizapp.model import CLOZE_GAP, Deck, DeckError, Problem, parse_deck

MAX_MEMBER_BYTES = 200 * 1024 * 1024
#: Compression ratios above this (on members over 1 MiB) are taken for a zip bomb.
MAX_RATIO = 200
_COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_CHUNK = 1 << 20
BASIC_MODEL_ID = 1_607_392_001
CLOZE_MODEL_ID = 1_607_392_002


def _fail(file: str, message: str) -> DeckError:
    return DeckError([Problem(file, message)])


def _checked(info: zipfile.ZipInfo, file: str) -> None:
    if info.file_size > MAX_MEMBER_BYTES:
        raise _fail(
            file,
            f"member {info.filename!r} unpacks to {info.file_size // 2**20} MiB; "
            f"packages over {MAX_MEMBER_BYTES // 2**20} MiB are refused",
        )
    if info.file_size > _CHUNK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise _fail(
            file,
            f"member {info.filename!r} is compressed {MAX_RATIO}-fold or more; "
            "refused as a possible zip bomb",
        )


def _copy_capped(source: IO[bytes], target: IO[bytes], file: str) -> None:
    """Copy at most MAX_MEMBER_BYTES: sizes in a zip header can lie."""
    total = 0
    while chunk := source.read(_CHUNK):
        total += len(chunk)
        if total > MAX_MEMBER_BYTES:
            raise _fail(file, f"unpacks to over {MAX_MEMBER_BYTES // 2**20} MiB; refused")
        target.write(chunk)


def _read_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, zstd: bool) -> bytes:
    _checked(info, file)
    with tempfile.SpooledTemporaryFile(max_size=8 * _CHUNK) as out, zf.open(info) as member:
        source = zstandard.ZstdDecompressor().stream_reader(member) if zstd else member
        _copy_capped(source, out, file)
        out.seek(0)
        return out.read()


def _protobuf(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """Top-level (field number, value) pairs of a protobuf message; ValueError if malformed."""

    def varint(pos: int) -> tuple[int, int]:
        shift = value = 0
        while True:
            if pos >= len(data) or shift > 63:
                raise ValueError("truncated varint")
            byte = data[pos]
            value |= (byte & 0x7F) << shift
            pos, shift = pos + 1, shift + 7
            if not byte & 0x80:
                return value, pos

    pos = 0
    while pos < len(data):
        key, pos = varint(pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(pos)
            yield number, value
        elif wire == 2:
            size, pos = varint(pos)
            if pos + size > len(data):
                raise ValueError("truncated field")
            yield number, data[pos : pos + size]
            pos += size
        elif wire in (1, 5):
            pos += 8 if wire == 1 else 4
        else:
            raise ValueError(f"wire type {wire}")


def _media_names(zf: zipfile.ZipFile, names: set[str], file: str) -> list[str]:
    numbered = [n for n in names if n.isdigit()]
    if "media" not in names:
        return numbered
    info = zf.getinfo("media")
    try:
        data = _read_small(zf, info, file, zstd=False)
        if data.startswith(b"\x28\xb5\x2f\xfd"):  # zstd: a protobuf MediaEntries
            data = _read_small(zf, info, file, zstd=True)
            return [
                bytes(entry_field).decode("utf-8", "replace")
                for field, entry in _protobuf(data)
                if field == 1 and isinstance(entry, bytes)
                for number, entry_field in _protobuf(entry)
                if number == 1 and isinstance(entry_field, bytes)
            ]
        mapping = json.loads(data or b"{}")
        return [str(name) for name in mapping.values()] if isinstance(mapping, dict) else numbered
    except (ValueError, zstandard.ZstdError):
        return numbered


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


class _Collection:
    """The parts of an Anki collection we import: notetypes, deck names, notes."""

    def __init__(self, db: sqlite3.Connection) -> None:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
        self.types: dict[int, tuple[str, bool]] = {}
        self.decks: dict[int, str] = {}
        if "notetypes" in tables:  # schema 18 (Anki 2.1.28+)
            for ntid, name, config in db.execute("select id, name, config from notetypes"):
                fields = dict(_protobuf(config)) if isinstance(config, bytes) else {}
                self.types[ntid] = (_text(name), fields.get(1) == 1)  # kind 1 = cloze
            for did, name in db.execute("select id, name from decks"):
                self.decks[did] = _text(name).replace("\x1f", "::")
        else:
            models, decks = db.execute("select models, decks from col").fetchone()
            for ntid, model in json.loads(models).items():
                self.types[int(ntid)] = (_text(model.get("name")), model.get("type") == 1)
            for did, deck in json.loads(decks).items():
                self.decks[int(did)] = _text(deck.get("name"))
        self.note_deck = dict(db.execute("select nid, min(did) from cards group by nid"))
        self.notes = db.execute("select id, guid, mid, tags, flds from notes").fetchall()


def _unicase(a: str, b: str) -> int:
    a, b = a.casefold(), b.casefold()
    return (a > b) - (a < b)


def _open_collection(zf: zipfile.ZipFile, names: set[str], folder: Path, file: str) -> _Collection:
    member = next((n for n in _COLLECTIONS if n in names), None)
    if member is None:
        raise _fail(
            file,
            "is not an Anki package: it holds no collection.anki21b, "
            "collection.anki21 or collection.anki2",
        )
    info = zf.getinfo(member)
    _checked(info, file)
    db_path = folder / "collection.sqlite"  # our own name, never the member's
    with zf.open(info) as source, db_path.open("wb") as target:
        if member.endswith("b"):
            with zstandard.ZstdDecompressor().stream_reader(source) as unzstd:
                _copy_capped(unzstd, target, file)
        else:
            _copy_capped(source, target, file)
    db = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    try:
        db.create_collation("unicase", _unicase)
        return _Collection(db)
    finally:
        db.close()


def _note_card(note: tuple[Any, ...], col: _Collection, ids: IdMaker) -> dict[str, Any] | str:
    """The card for one note, or the reason it is left out."""
    nid, guid, mid, tags, flds = note
    type_name, is_cloze = col.types.get(mid, ("unknown notetype", False))
    fields = _text(flds).split("\x1f")
    front = html_to_text(fields[0])
    back = html_to_text(fields[1]) if len(fields) > 1 else ""
    card: dict[str, Any] = {"id": ids.from_key("anki", _text(guid) or str(nid))}
    if is_cloze:
        if "image-occlusion:" in fields[0]:
            return f"note {nid}: image occlusion notes cannot be shown in a terminal"
        if not CLOZE_GAP.search(front):
            return f"note {nid}: cloze note without {{{{c1::...}}}} gaps"
        card.update(kind="cloze", text=front)
        if back:
            card["explanation"] = back
    elif len(fields) < 2:
        return f"note {nid}: notetype {type_name!r} has one field; nothing to use as the back"
    elif not front or not back:
        side = "front" if not front else "back"
        return f"note {nid} ({type_name}): the {side} has no text (media only?)"
    else:
        card.update(kind="flashcard", front=front, back=back)
    tag_list = list(dict.fromkeys(_text(tags).split()))
    if tag_list:
        card["tags"] = tag_list
    return card


def read_apkg(path: Path) -> Loaded:
    file = str(path)
    try:
        with zipfile.ZipFile(path) as zf, tempfile.TemporaryDirectory() as folder:
            names = set(zf.namelist())
            col = _open_collection(zf, names, Path(folder), file)
            media = _media_names(zf, names, file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError):
        raise _fail(file, "is not an Anki package (.apkg): not a readable zip file") from None
    except zstandard.ZstdError as error:
        raise _fail(
            file, f"is not an Anki package: its collection does not unpack ({error})"
        ) from None
    except (sqlite3.Error, ValueError, TypeError, KeyError, AttributeError) as error:
        raise _fail(
            file, f"is not a valid Anki package: its collection is damaged ({error})"
        ) from None
    except OSError as error:
        raise _fail(file, f"cannot be read: {error.strerror or error}") from None
    skipped: list[str] = []
    grouped: dict[str, tuple[IdMaker, list[dict[str, Any]]]] = {}
    for note in col.notes:
        deck_name = col.decks.get(col.note_deck.get(note[0], -1), "") or path.stem or "Anki"
        ids, cards = grouped.setdefault(deck_name, (IdMaker(), []))
        made = _note_card(note, col, ids)
        if isinstance(made, str):
            skipped.append(made)
        else:
            cards.append(made)
    if media:
        shown = ", ".join(sorted(media)[:10]) + (", ..." if len(media) > 10 else "")
        skipped.append(f"{len(media)} media files skipped: {shown}")
    deck_ids = IdMaker()
    decks = [
        parse_deck(
            {
                "id": deck_ids.keep(slugify(name.replace("::", "-"), "anki")),
                "title": name,
                "cards": cards,
            },
            file,
        )
        for name, (_, cards) in grouped.items()
        if cards
    ]
    if not decks:
        raise _fail(
            file,
            "holds no notes quizapp can use"
            + (f" ({len(skipped)} left out: {skipped[0]})" if skipped else ""),
        )
    return Loaded(decks, skipped)


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _front_back(card: Any, deck: Deck) -> tuple[str, str]:
    kind = card.kind
    if kind == "flashcard":
        front, back = _html(card.front), _html(card.back)
    elif kind == "cloze":
        front, back = _html(card.text), ""
    else:
        front, back = _html(card.prompt), _html(card.answer_text)
        listed: tuple[str, ...] = ()
        if kind in ("multiple_choice", "multi_select"):
            listed = card.choices
        elif kind == "ordering":
            listed = tuple(sorted(card.items))
        elif kind == "matching":
            listed = tuple(f"{left} → ?" for left, _ in card.pairs)
        elif kind == "true_false":
            listed = ("True or false?",)
        if listed:
            front += "<br><br>" + "<br>".join(f"• {_html(item)}" for item in listed)
        if kind == "short_answer" and len(card.answers) > 1:
            back += "<br>Also accepted: " + _html(", ".join(card.answers[1:]))
    extra = []
    if card.explanation:
        extra.append(_html(card.explanation))
    if card.source:
        titles = {s.id: s.title for s in deck.sources}
        extra.append(
            f"“{_html(card.source.quote)}” ({_html(titles.get(card.source.id, ''))}, "
            f"paragraph {card.source.paragraph})"
        )
    return front, "<br><br>".join(part for part in (back, *extra) if part)


_BASIC = genanki.Model(
    BASIC_MODEL_ID,
    "quizapp Basic",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[
        {"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}
    ],
)
_CLOZE = genanki.Model(
    CLOZE_MODEL_ID,
    "quizapp Cloze",
    fields=[{"name": "Text"}, {"name": "Back Extra"}],
    templates=[
        {"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>{{Back Extra}}"}
    ],
    model_type=genanki.Model.CLOZE,
)


def anki_deck_id(deck: Deck) -> int:
    """A stable Anki deck id for our deck (Anki's own are millisecond timestamps)."""
    digest = hashlib.blake2b(deck.id.encode(), digest_size=6).digest()
    return int.from_bytes(digest, "big") + 2**31


def dumps_apkg(deck: Deck) -> bytes:
    anki = genanki.Deck(anki_deck_id(deck), deck.title, description=_html(deck.description))
    for card in deck.cards:
        front, back = _front_back(card, deck)
        tags = [tag.replace(" ", "_") for tag in card.tags]
        model = _CLOZE if card.kind == "cloze" else _BASIC
        anki.add_note(
            genanki.Note(
                model=model,
                fields=[front, back],
                tags=tags,
                guid=genanki.guid_for(deck.id, card.id),
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "deck.apkg"
        genanki.Package(anki).write_to_file(str(out))
        return out.read_bytes()


def write_apkg(deck: Deck, path: Path) -> None:
    write_output(path, dumps_apkg(deck))


def losses(deck: Deck) -> list[str]:
    """What writing this deck as an Anki package changes, one line per kind of loss."""
    notes = [
        "Anki notes keep no card ids, points or sources list; explanations and quotes "
        "are added to the back"
    ]
    others = sorted({c.kind for c in deck.cards} - {"flashcard", "cloze"})
    if others:
        notes.append(
            f"{', '.join(others)} cards become Basic notes (prompt and choices on the "
            "front, answer on the back)"
        )
    if any(c.kind == "cloze" and c.alternatives for c in deck.cards):
        notes.append("alternative answers of cloze gaps are not written")
    return notes


def _sniff(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and (b"collection.anki2" in head or b"meta" in head)


FORMATS = (
    Format(
        "apkg", (".apkg", ".colpkg"), read_apkg, write_apkg, _sniff, "Anki package", losses=losses
    ),
)
