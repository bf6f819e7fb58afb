"""Notes of an Anki collection turned into quizapp cards, decks and study history.

The rules are described in apkg.py (the format's reader); this is their code: each card
of a note by its template, cloze notes, quizapp's own notes, images, skips by deck.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from quizapp.formats import CardHistory, Loaded, Sm2State
from quizapp.formats.apkg_collection import (
    AnkiCard,
    Collection,
    NoteType,
    field_refs,
    flatten_nested_cloze,
    mentioned,
    text,
)
from quizapp.formats.apkg_write import OWN_FIELD
from quizapp.formats.html_text import IdMaker, html_to_text, slugify
from quizapp.formats.lenient import keep_valid
from quizapp.model import CLOZE_GAP
from quizapp.model.anki_origin import AnkiNote
from quizapp.model.reverse import reverse_id
from quizapp.model.trusted import construct_typed

_IMG_SRC = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*["']?)([^"'\s>]+)(["']?)""", re.IGNORECASE)
_QUEUE_SUSPENDED, _QUEUES_BURIED = -1, (-2, -3)
_TYPE_REVIEW = 2  # cards.type of a card in review (due counted in days)
_RATED_KINDS = (0, 1, 2, 3)  # learn, review, relearn, filtered; 4-5 are manual reschedules


def _side_text(values: list[str], fields: tuple[int, ...]) -> str:
    """The text of a card side: its fields' text, one per line, empty ones left out."""
    if len(fields) == 1:  # the common case (Front, Back): no join to build
        return html_to_text(values[fields[0]])
    return "\n".join(t for i in fields if (t := html_to_text(values[i])))


class NoteReader:
    """Notes of one collection turned into cards, decks and history."""

    def __init__(
        self, col: Collection, file: str, fallback_deck: str, images: dict[str, bytes]
    ) -> None:
        self.col, self.file, self.fallback = col, file, fallback_deck
        self.images = images  # Anki name -> bytes
        self.media: dict[str, bytes] = {}  # sha name -> bytes, of the images cards use
        self.skipped: list[str] = []
        self.by_deck: dict[str, list[str]] = {}  # deck name -> its skips
        self._current = fallback_deck
        self.decks: dict[str, tuple[IdMaker, list[dict[str, Any]], list[str]]] = {}
        self.history: dict[str, list[CardHistory]] = {}  # by deck name, then by id
        self.own_deck_ids: dict[str, set[str]] = {}
        self.own_heads: dict[str, dict[str, Any]] = {}
        self._template_cache: dict[int, tuple[tuple[str, str, str], ...]] = {}
        self._field_cache: dict[int, tuple[str, ...]] = {}
        self._layouts: dict[tuple[int, int], tuple[list[str], list[str], set[str]]] = {}
        self._place_cache: dict[
            tuple[int, int, int], tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]
        ] = {}

    def _pictures(self, values: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
        """The note's fields with its images renamed to their library names, and those names."""
        found: list[str] = []

        def rename(match: re.Match[str]) -> str:
            name = html.unescape(match.group(2))
            data = self.images.get(name)
            if data is None:
                return match.group(0)
            ext = name.rsplit(".", 1)[-1].lower()
            stored = f"{hashlib.sha256(data).hexdigest()}.{ext}"
            self.media[stored] = data
            if stored not in found:
                found.append(stored)
            return f"{match.group(1)}{stored}{match.group(3)}"

        renamed = tuple(_IMG_SRC.sub(rename, value) for value in values)
        return renamed, found[:20]

    def _skip(self, message: str) -> None:
        self.skipped.append(message)
        self.by_deck.setdefault(self._current, []).append(message)

    def _bucket(self, deck: str) -> tuple[IdMaker, list[dict[str, Any]], list[str]]:
        if deck not in self.decks:
            self.decks[deck] = (IdMaker(), [], [])
        return self.decks[deck]

    def _deck(self, anki_card: AnkiCard | None) -> str:
        did = anki_card.deck_id if anki_card else -1
        return self.col.decks.get(did, "") or self.fallback

    def _add(self, deck: str, card: dict[str, Any], where: str, source: list[AnkiCard]) -> None:
        _, cards, places = self._bucket(deck)
        cards.append(card)
        places.append(where)
        if card.get("reverse") and len(source) > 1:  # each side keeps its own Anki card's
            by_ord = {c.ord: c for c in source}
            if 0 in by_ord and 1 in by_ord:
                self._history(deck, card["id"], [by_ord[0]])
                self._history(deck, reverse_id(card["id"]), [by_ord[1]])
                return
        self._history(deck, card["id"], source)

    def _history(self, deck: str, card_id: str, source: list[AnkiCard]) -> None:
        if not source:
            return
        best = (
            source[0]
            if len(source) == 1
            else max(source, key=lambda c: len(self.col.reviews.get(c.id, ())))
        )
        reviews = [
            (
                datetime.fromtimestamp(r.at_ms / 1000, UTC),
                r.ease,
                max(0, min(r.duration_ms, 3_600_000)),
            )
            for r in self.col.reviews.get(best.id, ())
            if 1 <= r.ease <= 4 and r.kind in _RATED_KINDS
        ]
        suspended = best.queue == _QUEUE_SUSPENDED
        buried = best.queue in _QUEUES_BURIED
        sm2 = None if reviews else self._sm2(best)
        if reviews or suspended or buried or sm2:
            self.history.setdefault(deck, []).append(
                CardHistory(card_id, reviews, suspended=suspended, buried=buried, sm2=sm2)
            )

    def _sm2(self, card: AnkiCard) -> Sm2State | None:
        """A review card's interval and ease, for a package exported without its review log."""
        if card.type != _TYPE_REVIEW or card.ivl <= 0 or not 0 <= card.due <= 1_000_000:
            return None
        created = datetime.fromtimestamp(min(max(0, self.col.created), 4_000_000_000), UTC)
        return Sm2State(
            ease=min(max(card.factor, 1300), 10_000) / 1000 if card.factor else 2.5,
            interval_days=min(card.ivl, 36_500),
            due=created + timedelta(days=card.due),
            reps=max(0, card.reps),
            lapses=max(0, card.lapses),
        )

    def note(self, note: tuple[Any, ...]) -> None:
        nid, guid, mid, tags, flds = note
        kind = self.col.types.get(mid) or NoteType("unknown notetype", False)
        flds = text(flds)
        values = flds.split("\x1f")
        where = f"note {nid} ({kind.name})"
        cards = self.col.cards.get(nid, [])
        tag_list = list(dict.fromkeys(text(tags).split()))
        if OWN_FIELD in kind.fields and self._own(
            values[kind.fields.index(OWN_FIELD)], cards, where
        ):
            return
        deck = self._deck(cards[0] if cards else None)
        self._current = deck
        ids = self._bucket(deck)[0]
        guid_text = text(guid) or str(nid)
        base = ids.from_key("anki", guid_text)
        if len(guid_text) > 100 or len(values) > 100 or max(map(len, values)) > 200_000:
            self._skip(f"{where}: larger than any note quizapp keeps; left out")
            return
        origin: dict[str, Any] = {
            "guid": guid_text,
            "note_id": int(nid),
            "notetype_id": int(mid) if int(mid) >= 1 else 1,
            "notetype": kind.name[:200],
            "cloze": kind.is_cloze,
            "fields": self._fields(mid, kind),
            "templates": self._templates(mid, kind),
            "values": tuple(values),
        }
        common: dict[str, Any] = {"tags": tag_list} if tag_list else {}
        if self.images and "<img" in flds:
            origin["values"], pictures = self._pictures(origin["values"])
            if pictures:
                common["media"] = pictures
        if kind.is_cloze:
            self._cloze(values, kind, base, origin, common, where, cards, deck)
            return
        made = 0
        sides = [
            (anki_card, self._sides(values, kind, anki_card.ord, where))
            for anki_card in cards or [AnkiCard(0, nid, -1, 0, 0, 0, 0, 0, 0, 0)]
        ]
        if self._reversed(sides, base, deck):
            sides = sides[:1]
        for anki_card, card in sides:
            if card is None:
                continue
            card_deck = self._deck(anki_card) if cards else deck
            card_ids = self._bucket(card_deck)[0]
            card_id = (
                base
                if made == 0 and card_deck == deck
                else card_ids.keep(f"{base}-card{anki_card.ord + 1}")
            )
            made += 1
            card.update(common, id=card_id)
            # Built, not validated: every bound of AnkiNote was checked above, every value
            # is already of its type (tuples, ints), and this runs once per card of a
            # 100k-note import (model_construct's work without its bookkeeping).
            card["anki"] = construct_typed(
                AnkiNote,
                {
                    **origin,
                    "ord": max(0, anki_card.ord),
                    "front_fields": card.pop("_front"),
                    "back_fields": card.pop("_back"),
                },
            )
            both = card.get("reverse")  # its two Anki cards: each side's history
            self._add(card_deck, card, where, cards if both else [anki_card] if cards else [])

    def _reversed(
        self, sides: list[tuple[AnkiCard, dict[str, Any] | None]], base: str, deck: str
    ) -> bool:
        """A note of two cards, the second the first with its sides swapped, in one deck
        ("Basic (and reversed card)", "optional reversed" when Anki made the reverse):
        one flashcard with `reverse`, whose reverse has the id the second card had."""
        if len(sides) != 2 or sides[0][0].ord != 0 or sides[1][0].ord != 1:
            return False
        (first, one), (second, other) = sides
        if one is None or other is None or self._deck(first) != self._deck(second):
            return False
        if (one["front"], one["back"]) != (other["back"], other["front"]):
            return False
        if self._deck(first) != deck or one.get("extra") != other.get("extra"):
            return False
        ids = self._bucket(deck)[0]
        if reverse_id(base) in ids.used:
            return False
        ids.used.add(reverse_id(base))
        one["reverse"] = True
        return True

    def _fields(self, mid: int, kind: NoteType) -> tuple[str, ...]:
        if mid not in self._field_cache:
            self._field_cache[mid] = tuple(f[:200] for f in kind.fields[:100])
        return self._field_cache[mid]

    def _templates(self, mid: int, kind: NoteType) -> tuple[tuple[str, str, str], ...]:
        if mid not in self._template_cache:
            self._template_cache[mid] = tuple(
                (kind.template_names.get(o, f"Card {o + 1}")[:200], q[:200_000], a[:200_000])
                for o, (q, a) in sorted(kind.templates.items())
            )[:100]
        return self._template_cache[mid]

    def _layout(self, kind: NoteType, ord_: int) -> tuple[list[str], list[str], set[str]]:
        """Fields on the front and back of a template, and those only other templates show."""
        key = (id(kind), ord_)
        if key not in self._layouts:
            names = kind.fields
            q, a = kind.templates.get(ord_, (f"{{{{{names[0]}}}}}", f"{{{{{names[1]}}}}}"))
            front = field_refs(q, question=True)
            back = [n for n in field_refs(a) if n not in front]
            self._layouts[key] = (front, back, mentioned(kind.templates) - set(front) - set(back))
        return self._layouts[key]

    def _places(
        self, kind: NoteType, ord_: int, count: int
    ) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """Which of a note's `count` fields make the front, the back and the extra of its
        card `ord_`: the same for every note of a notetype, so worked out once."""
        key = (id(kind), ord_, count)
        if key not in self._place_cache:
            names = kind.fields
            front_names, back_names, used = self._layout(kind, ord_)
            index = {name: i for i, name in enumerate(names)}
            front_ix = tuple(index[n] for n in front_names if n in index and index[n] < count)
            back_ix = tuple(index[n] for n in back_names if n in index and index[n] < count)
            shown = set(front_ix) | set(back_ix)
            extra_ix = tuple(
                i
                for i in range(min(len(names), count))
                if i not in shown and names[i] not in used and names[i] != OWN_FIELD
            )
            self._place_cache[key] = (front_ix, back_ix, extra_ix)
        return self._place_cache[key]

    def _sides(
        self, values: list[str], kind: NoteType, ord_: int, where: str
    ) -> dict[str, Any] | None:
        names = kind.fields
        if not names or len(values) < 2:
            self._skip(f"{where}: has one field; nothing to use as the back; left out")
            return None
        front_ix, back_ix, extra_ix = self._places(kind, ord_, len(values))
        front, back = _side_text(values, front_ix), _side_text(values, back_ix)
        if not front or not back:
            side = "front" if not front else "back"
            self._skip(f"{where}, card {ord_ + 1}: the {side} has no text (media only?); left out")
            return None
        extra = [f"{names[i]}: {t}" for i in extra_ix if (t := html_to_text(values[i]))]
        card: dict[str, Any] = {
            "kind": "flashcard",
            "front": front,
            "back": back,
            "_front": front_ix,
            "_back": back_ix,
        }
        if extra:
            card["extra"] = "\n".join(extra)
        return card

    def _cloze(
        self,
        values: list[str],
        kind: NoteType,
        base: str,
        origin: dict[str, Any],
        common: dict[str, Any],
        where: str,
        cards: list[AnkiCard],
        deck: str,
    ) -> None:
        q = kind.templates.get(0, ("", ""))[0]
        refs = [n for n in field_refs(q) if n in kind.fields]
        text_ix = kind.fields.index(refs[0]) if refs else 0
        raw = values[text_ix] if text_ix < len(values) else ""
        if "image-occlusion:" in raw:
            self._skip(f"{where}: image occlusion notes cannot be shown in a terminal; left out")
            return
        flat, nested = flatten_nested_cloze(raw)
        body = html_to_text(flat)
        if not CLOZE_GAP.search(body):
            self._skip(f"{where}: cloze note without {{{{c1::...}}}} gaps; left out")
            return
        card: dict[str, Any] = {"id": base, "kind": "cloze", "text": body, **common}
        rest = [html_to_text(v) for i, v in enumerate(values) if i != text_ix]
        if any(rest):
            card["explanation"] = "\n".join(r for r in rest if r)
        card["anki"] = AnkiNote.model_construct(
            **origin, ord=0, front_fields=(text_ix,), back_fields=()
        )
        if nested:
            self._skip(
                f"{where}: nested cloze gaps flattened into the outer gap "
                "(quizapp's gaps do not nest)"
            )
        if len(cards) > 1:
            self._skip(
                f"{where}: {len(cards)} Anki cards become one cloze card; the history of "
                "its most reviewed card is kept"
            )
        self._add(deck, card, where, cards)

    def _own(self, value: str, cards: list[AnkiCard], where: str) -> bool:
        """A card quizapp wrote: back whole, with its deck and id. False if not readable."""
        try:
            data = json.loads(html.unescape(value))
            deck_id, card = str(data["deck"]), dict(data["card"])
        except (ValueError, TypeError, KeyError):
            return False
        deck = self._deck(cards[0] if cards else None)
        self.own_deck_ids.setdefault(deck, set()).add(deck_id)
        if isinstance(data.get("head"), dict):
            self.own_heads[deck] = data["head"]
        ids = self._bucket(deck)[0]
        if isinstance(card.get("id"), str):
            card["id"] = ids.keep(card["id"])
        self._add(deck, card, where, cards)
        return True

    def loaded(self) -> Loaded:
        deck_ids = IdMaker()
        decks, history, id_of = [], {}, {}
        for name, (_, cards, places) in self.decks.items():
            if not cards:
                continue
            own = self.own_deck_ids.get(name, set())
            wanted = next(iter(own)) if len(own) == 1 else slugify(name.replace("::", "-"), "anki")
            head = {"title": name[:200]}
            if len(own) == 1 and name in self.own_heads:  # quizapp's own deck, whole
                head = {k: v for k, v in self.own_heads[name].items() if k != "id"}
            head["id"] = deck_ids.keep(wanted[:80])
            deck, invalid = keep_valid(head, cards, places, self.file)
            self.skipped += invalid
            self.by_deck.setdefault(name, []).extend(invalid)
            if deck.cards:
                decks.append(deck)
                id_of[name] = deck.id
                kept = set(deck.study_ids)  # a reversed card's two sides
                history[deck.id] = [h for h in self.history.get(name, []) if h.card_id in kept]
        deck_skipped = {id_of[name]: skips for name, skips in self.by_deck.items() if name in id_of}
        used = {name for deck in decks for card in deck.cards for name in card.media}
        media = {name: data for name, data in self.media.items() if name in used}
        return Loaded(decks, self.skipped, history, deck_skipped, media)
