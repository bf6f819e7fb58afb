"""Writing Anki packages (genanki) that Anki takes back as the notes they were.

- A card imported from Anki (it carries `anki`, its note's GUID, notetype and fields) is
  written as that note: the same GUID and notetype (id, name, fields, templates), its
  fields as Anki had them with the card's current text put back in the fields it came
  from. Importing the package into the collection it came from updates those notes
  (Anki updates a note only when GUID and notetype match; otherwise it duplicates or
  reports a conflict). The cards of one note (a reversed pair) give one note.
- Other cards use quizapp's Basic or Cloze notetype, with a GUID from deck id + card id,
  and a `quizapp` field (not shown on any card) holding the card itself as JSON, so that
  re-importing quizapp's own package gives back the same deck, card ids and kinds.
  On the card side: flashcards front/back, cloze cards their text (alternatives only in
  the JSON), other kinds the prompt with its choices listed and the answer as text.
A flashcard's extra, explanations and source quotes are added to the back (an Anki card's
extra is already in its note's own fields). `losses(deck)` says what is lost.
"""

from __future__ import annotations

import hashlib
import html
import json
import tempfile
from pathlib import Path
from typing import Any

import genanki

from quizapp.formats.html_text import html_to_text
from quizapp.model import Deck
from quizapp.model.anki_origin import AnkiNote
from quizapp.model.reverse import is_reversed

BASIC_MODEL_ID = 1_607_392_003
CLOZE_MODEL_ID = 1_607_392_004
REVERSED_MODEL_ID = 1_607_392_005
OWN_FIELD = "quizapp"


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _front_back(card: Any, deck: Deck) -> tuple[str, str]:
    front, back, extra = _sides(card, deck)
    return front, "<br><br>".join(part for part in (back, extra) if part)


def _sides(card: Any, deck: Deck) -> tuple[str, str, str]:
    """Front, back and what is added after the back (extra, explanation, quote)."""
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
    if kind == "flashcard" and card.extra:
        extra.append(_html(card.extra))
    if card.explanation:
        extra.append(_html(card.explanation))
    if card.source:
        titles = {s.id: s.title for s in deck.sources}
        extra.append(
            f"“{_html(card.source.quote)}” ({_html(titles.get(card.source.id, ''))}, "
            f"paragraph {card.source.paragraph})"
        )
    return front, back, "<br><br>".join(extra)


_BASIC = genanki.Model(
    BASIC_MODEL_ID,
    "quizapp Basic",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": OWN_FIELD}],
    templates=[
        {"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}
    ],
)
# A flashcard with `reverse`: Anki's "Basic (and reversed card)", its two cards made by Anki.
_REVERSED = genanki.Model(
    REVERSED_MODEL_ID,
    "quizapp Basic (and reversed card)",
    # The extra apart from the back, which is card 2's question: it must not give it away.
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Extra"}, {"name": OWN_FIELD}],
    templates=[
        {"name": f"Card {n}", "qfmt": f"{{{{{q}}}}}",
         "afmt": f"{{{{FrontSide}}}}<hr id=answer>{{{{{a}}}}}<br><br>{{{{Extra}}}}"}
        for n, q, a in ((1, "Front", "Back"), (2, "Back", "Front"))
    ],
)
_CLOZE = genanki.Model(
    CLOZE_MODEL_ID,
    "quizapp Cloze",
    fields=[{"name": "Text"}, {"name": "Back Extra"}, {"name": OWN_FIELD}],
    templates=[
        {"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>{{Back Extra}}"}
    ],
    model_type=genanki.Model.CLOZE,
)


def anki_deck_id(deck: Deck) -> int:
    """A stable Anki deck id for our deck (Anki's own are millisecond timestamps)."""
    digest = hashlib.blake2b(deck.id.encode(), digest_size=6).digest()
    return int.from_bytes(digest, "big") + 2**31


def own_json(deck: Deck, card: Any, *, first: bool = False) -> str:
    """The card itself, for the hidden field that brings it back whole (the first card
    also carries the deck's own fields: title, description, tags, sources)."""
    data = card.model_dump(mode="json", exclude_defaults=True, exclude={"anki"})
    data["kind"] = card.kind
    doc: dict[str, Any] = {"deck": deck.id, "card": data}
    if first:
        doc["head"] = deck.model_dump(mode="json", exclude_defaults=True, exclude={"cards"})
    return html.escape(json.dumps(doc, ensure_ascii=False))


def _their_model(origin: Any, cache: dict[int, genanki.Model]) -> genanki.Model:
    if origin.notetype_id not in cache:
        cache[origin.notetype_id] = genanki.Model(
            origin.notetype_id,
            origin.notetype,
            fields=[{"name": name} for name in origin.fields],
            templates=[{"name": n, "qfmt": q, "afmt": a} for n, q, a in origin.templates],
            model_type=genanki.Model.CLOZE if origin.cloze else genanki.Model.FRONT_BACK,
        )
    return cache[origin.notetype_id]


def _put_back(values: list[str], indexes: tuple[int, ...], text: str) -> None:
    """The card's text into the one field it came from, unless it is unchanged there."""
    if len(indexes) == 1 and indexes[0] < len(values):
        index = indexes[0]
        if html_to_text(values[index]) != text:
            values[index] = _html(text)


def _their_note(cards: list[Any], cache: dict[int, genanki.Model]) -> genanki.Note:
    origin = cards[0].anki
    values = list(origin.values) + [""] * (len(origin.fields) - len(origin.values))
    for card in cards:
        if card.kind == "cloze":
            _put_back(values, card.anki.front_fields, card.text)
        elif card.kind == "flashcard":
            _put_back(values, card.anki.front_fields, card.front)
            _put_back(values, card.anki.back_fields, card.back)
    tags = list(dict.fromkeys(t.replace(" ", "_") for c in cards for t in c.tags))
    return genanki.Note(
        model=_their_model(origin, cache),
        fields=values[: len(origin.fields)],
        tags=tags,
        guid=origin.guid,
    )


def _anki_note(card: Any) -> AnkiNote | None:
    """The Anki note a flashcard or cloze came from (written back as that note), or None."""
    note: AnkiNote | None = card.anki if card.kind in ("flashcard", "cloze") else None
    return note


def _from_anki(card: Any) -> bool:
    return _anki_note(card) is not None


def _media_files(deck: Deck, media_dir: Path | None) -> tuple[list[str], list[str]]:
    """Paths of the cards' images in the library, and the names not found there."""
    names = list(dict.fromkeys(n for card in deck.cards for n in card.media))
    if media_dir is None:
        return [], names
    found = [str(media_dir / n) for n in names if (media_dir / n).is_file()]
    missing = [n for n in names if not (media_dir / n).is_file()]
    return found, missing


def dumps_apkg(deck: Deck, media_dir: Path | None = None) -> bytes:
    anki = genanki.Deck(anki_deck_id(deck), deck.title, description=_html(deck.description))
    models: dict[int, genanki.Model] = {}
    notes: dict[str, list[Any]] = {}
    for index, card in enumerate(deck.cards):
        if (note := _anki_note(card)) is not None:
            notes.setdefault(note.guid, []).append(card)
            continue
        front, back = _front_back(card, deck)
        back += "".join(f'<br><img src="{name}">' for name in card.media)
        tags = [tag.replace(" ", "_") for tag in card.tags]
        model = _CLOZE if card.kind == "cloze" else _BASIC
        fields = [front, back]
        if is_reversed(card):
            model, fields = _REVERSED, list(_sides(card, deck))
            fields[2] += "".join(f'<br><img src="{name}">' for name in card.media)
        anki.add_note(
            genanki.Note(
                model=model,
                fields=[*fields, own_json(deck, card, first=index == 0)],
                tags=tags,
                guid=genanki.guid_for(deck.id, card.id),
            )
        )
    for cards in notes.values():
        anki.add_note(_their_note(cards, models))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "deck.apkg"
        genanki.Package(anki, media_files=_media_files(deck, media_dir)[0]).write_to_file(str(out))
        return out.read_bytes()



def losses(deck: Deck) -> list[str]:
    """What writing this deck as an Anki package changes, one line per kind of loss."""
    notes = [
        "Anki shows no points or sources list; explanations and quotes are added to the "
        "back (the card itself is kept whole in a hidden field, for re-importing here)"
    ]
    if deck.tags:
        notes.append(f"deck tags are not written: {', '.join(deck.tags)}")
    others = sorted({c.kind for c in deck.cards} - {"flashcard", "cloze"})
    if others:
        notes.append(
            f"{', '.join(others)} cards are shown in Anki as Basic notes (prompt and choices "
            "on the front, answer on the back)"
        )
    if any(c.kind == "cloze" and c.alternatives for c in deck.cards if not _from_anki(c)):
        notes.append("alternative answers of cloze gaps are not shown in Anki")
    one_way = [
        c.id
        for c in deck.cards
        if is_reversed(c) and (n := _anki_note(c)) is not None and len(n.templates) < 2
    ]
    if one_way:
        notes.append(
            f"{len(one_way)} reversed cards came from a one-card Anki notetype: Anki shows "
            "them front to back only"
        )
    edited = [
        c.id for c in deck.cards if (n := _anki_note(c)) is not None and len(n.front_fields) > 1
    ]
    if edited:
        notes.append(
            f"{len(edited)} cards show several Anki fields on one side: edits to them are "
            "not written back (Anki keeps its fields)"
        )
    return notes
