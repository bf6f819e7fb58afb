"""What an Anki collection holds, read through the guarded SQLite connection.

Both schemas: 18 (Anki 2.1.28+: `notetypes`, `fields`, `templates`, `decks` tables with
protobuf configs) and 11 (older: JSON in the `col` row). Read: notetypes with their field
names and card templates, deck names, notes, cards (deck, template, queue) and the review
log. Each query runs under sqlite_guard's budget; the number of notes is checked against
MAX_CARDS before any note is read, so a million-note file costs one count.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from quizapp.formats import MAX_CARDS
from quizapp.formats.sqlite_guard import hostile_objects, open_guarded

T = TypeVar("T")
_FIELD_REF = re.compile(r"\{\{([^{}]+)\}\}")
_MAX_JSON = 16 * 2**20


class Refused(Exception):
    """The collection is hostile or too big; the message says why."""


def protobuf(data: bytes) -> Iterator[tuple[int, int | bytes]]:
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


def text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def mentioned(templates: dict[int, tuple[str, str]]) -> set[str]:
    """Every field any template names, conditionals (`{{#Add Reverse}}`) included."""
    return {
        ref.strip().lstrip("#^/").rsplit(":", 1)[-1].strip()
        for q, a in templates.values()
        for ref in _FIELD_REF.findall(q + a)
    }


_CLOZE_TOKEN = re.compile(r"\{\{c\d+::|\}\}")


def flatten_nested_cloze(value: str) -> tuple[str, bool]:
    """`{{c1::a {{c2::b}} c}}` -> `{{c1::a b c}}` (quizapp's gaps do not nest), and
    whether a gap was nested (the import says so)."""
    out: list[str] = []
    depth, pos, nested = 0, 0, False
    for token in _CLOZE_TOKEN.finditer(value):
        out.append(value[pos : token.start()])
        pos = token.end()
        if token.group() != "}}":
            nested = nested or depth > 0
            if depth == 0:
                out.append(token.group())
            depth += 1
        elif depth <= 1:
            out.append(token.group())
            depth = max(0, depth - 1)
        else:
            depth -= 1
    out.append(value[pos:])
    return "".join(out), nested


def field_refs(template: str, *, question: bool = False) -> list[str]:
    """Field names a card template shows, in order (`{{Front}}`, `{{text:Back}}`...).

    On the question side `{{type:Back}}` is an answer box, not Back's text.
    """
    names = []
    for ref in _FIELD_REF.findall(template):
        ref = ref.strip()
        if ref[:1] in "#^/!":  # conditionals and comments show nothing themselves
            continue
        if question and ref.startswith("type:"):
            continue
        name = ref.rsplit(":", 1)[-1].strip()
        if name and name != "FrontSide" and name not in names:
            names.append(name)
    return names


@dataclass
class NoteType:
    name: str
    is_cloze: bool
    fields: list[str] = field(default_factory=list)
    #: (question format, answer format) per template ord
    templates: dict[int, tuple[str, str]] = field(default_factory=dict)
    template_names: dict[int, str] = field(default_factory=dict)


@dataclass
class AnkiCard:
    id: int
    nid: int
    deck_id: int
    ord: int
    queue: int
    type: int
    ivl: int
    factor: int
    reps: int
    lapses: int
    #: For a review card, the day it is due, in days since the collection's creation
    due: int = 0


@dataclass
class Review:
    at_ms: int
    card_id: int
    ease: int
    duration_ms: int
    kind: int


class Collection:
    """The parts of an Anki collection quizapp imports."""

    def __init__(self, path: Path, with_history: bool = True) -> None:
        db, guard = open_guarded(path)
        try:
            self._db, self._guard = db, guard
            if found := hostile_objects(db):
                raise Refused(
                    f"its collection holds {', '.join(found[:3])}; Anki packages have no "
                    "views or triggers, so it is refused"
                )
            tables = {r[0] for r in self._all("select name from sqlite_master where type='table'")}
            self.types: dict[int, NoteType] = {}
            self.decks: dict[int, str] = {}
            if "notetypes" in tables:
                self._schema18()
            else:
                self._schema11()
            (count,) = self._all("select count(*) from notes")[0]
            if count > MAX_CARDS:
                raise Refused(
                    f"holds {count:,} notes; quizapp imports at most {MAX_CARDS:,} from one file "
                    "(split the deck in Anki and export it in parts)"
                )
            self.notes: list[tuple[Any, ...]] = self._all(
                "select id, guid, mid, tags, flds from notes order by id"
            )
            #: When the collection was created (seconds): review cards' due days count from it.
            self.created = 0
            if "col" in tables:
                self.created = int(self._all("select crt from col")[0][0] or 0)
            self.cards: dict[int, list[AnkiCard]] = {}
            for card in self._rows(
                AnkiCard, "id, nid, did, ord, queue, type, ivl, factor, reps, lapses, due",
                "cards order by nid, ord",
            ):
                self.cards.setdefault(card.nid, []).append(card)
            self.reviews: dict[int, list[Review]] = {}
            if with_history and "revlog" in tables:
                for review in self._rows(Review, "id, cid, ease, time, type", "revlog order by id"):
                    self.reviews.setdefault(review.card_id, []).append(review)
        except sqlite3.DatabaseError:
            if guard.refused:
                raise Refused(f"its collection was refused: {guard.refused}") from None
            raise
        finally:
            db.close()

    def _rows(self, make: Callable[..., T], columns: str, source: str) -> list[T]:
        """`make(*row)` for each row of integer columns, None or '' read as 0.

        Anki writes integers; when SQLite says every value is one (asked in one query), a
        row is used as it is, else each value goes through int() (a text that is no number
        is damage: ValueError)."""
        names = [c.strip() for c in columns.split(",")]
        table = source.split()[0]
        odd = " or ".join(f"typeof({n}) != 'integer'" for n in names)
        rows = self._all(f"select {columns} from {source}")
        if self._all(f"select exists(select 1 from {table} where {odd})")[0][0]:
            return [make(*(int(v or 0) for v in row)) for row in rows]
        return [make(*row) for row in rows]

    def _all(self, sql: str) -> list[tuple[Any, ...]]:
        self._guard.reset()
        return self._db.execute(sql).fetchall()

    def _schema18(self) -> None:
        for ntid, name, config in self._all("select id, name, config from notetypes"):
            kind = dict(protobuf(config)) if isinstance(config, bytes) else {}
            self.types[ntid] = NoteType(text(name), kind.get(1) == 1)
        for ntid, _ord, name in self._all("select ntid, ord, name from fields order by ntid, ord"):
            if ntid in self.types:
                self.types[ntid].fields.append(text(name))
        for ntid, ord_, name, config in self._all(
            "select ntid, ord, name, config from templates"
        ):
            if ntid in self.types and isinstance(config, bytes):
                parts = dict(protobuf(config))
                self.types[ntid].templates[ord_] = (text(parts.get(1)), text(parts.get(2)))
                self.types[ntid].template_names[ord_] = text(name)
        for did, name in self._all("select id, name from decks"):
            self.decks[did] = text(name).replace("\x1f", "::")

    def _schema11(self) -> None:
        models, decks = self._all("select models, decks from col")[0]
        if len(text(models)) > _MAX_JSON or len(text(decks)) > _MAX_JSON:
            raise Refused("its notetype list is larger than any Anki collection's")
        for ntid, model in json.loads(models).items():
            note_type = NoteType(text(model.get("name")), model.get("type") == 1)
            note_type.fields = [text(f.get("name")) for f in model.get("flds", [])]
            for tmpl in model.get("tmpls", []):
                note_type.templates[int(tmpl.get("ord", 0))] = (
                    text(tmpl.get("qfmt")),
                    text(tmpl.get("afmt")),
                )
                note_type.template_names[int(tmpl.get("ord", 0))] = text(tmpl.get("name"))
            self.types[int(ntid)] = note_type
        for did, deck in json.loads(decks).items():
            self.decks[int(did)] = text(deck.get("name"))
