"""The shipped decks in decks/: they load, cite the article exactly and keep the house rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.evidence import check_evidence, paragraphs
from quizapp.formats import read_deck
from quizapp.model import Deck

REPO = Path(__file__).resolve().parents[1]
DECK_FILES = sorted((REPO / "decks").glob("*.toml"))
ARTICLE = Path(__file__).resolve().parents[2] / "shared/sources/russia-sahel-talks.txt"
SOURCE_ID = "ap-sahel-talks"
HEADLINE = "Russia hosts top diplomats from Sahel countries for talks on boosting security ties"
MAX_QUOTE_WORDS = 25

needs_article = pytest.mark.skipif(
    not ARTICLE.is_file(), reason=f"source article not found at {ARTICLE}"
)


def _decks() -> dict[str, Deck]:
    return {path.name: read_deck(path) for path in DECK_FILES}


def _article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def _texts(card: object) -> str:
    """Everything a student reads on a card, as one string."""
    parts = [card.prompt, card.answer_text, card.explanation]  # type: ignore[attr-defined]
    for name in ("choices", "answers", "items"):
        parts.extend(getattr(card, name, ()) or ())
    for left, right in getattr(card, "pairs", ()):
        parts += [left, right]
    return " ".join(parts)


def test_there_are_a_study_and_a_quiz_deck() -> None:
    decks = _decks()
    assert len(decks) >= 2
    kinds = [set(deck.kinds) for deck in decks.values()]
    assert {"flashcard", "cloze"} in kinds, "no study deck of only flashcards and cloze cards"
    assert any(
        k >= {"multiple_choice", "multi_select", "true_false", "short_answer", "matching"}
        for k in kinds
    )


@pytest.mark.parametrize("path", DECK_FILES, ids=lambda p: p.name)
def test_deck_loads_with_metadata(path: Path) -> None:
    deck = read_deck(path)
    assert deck.cards
    assert deck.title and deck.description and deck.tags
    assert deck.language == "en"
    assert path.stem == deck.id, "name the file after the deck id so it is easy to find"
    assert len(deck.sources) == 1
    source = deck.sources[0]
    assert (source.id, source.title, source.outlet) == (SOURCE_ID, HEADLINE, "AP")
    # The article gives neither a date nor an address: none may be made up.
    assert source.date == "" and source.url == ""


def test_ids_unique_across_decks() -> None:
    decks = _decks()
    assert len({deck.id for deck in decks.values()}) == len(decks)
    ids = [card.id for deck in decks.values() for card in deck.cards]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"card ids used twice: {duplicates}"


@pytest.mark.parametrize("path", DECK_FILES, ids=lambda p: p.name)
def test_every_card_cites_a_short_quote(path: Path) -> None:
    deck = read_deck(path)
    for card in deck.cards:
        assert card.source is not None, f"{card.id} has no source"
        assert card.source.id == SOURCE_ID
        assert card.source.quote.strip(), f"{card.id} has an empty quote"
        words = len(card.source.quote.split())
        assert words <= MAX_QUOTE_WORDS, (
            f"{card.id}: quote of {words} words; keep it to {MAX_QUOTE_WORDS}"
        )


@needs_article
@pytest.mark.parametrize("path", DECK_FILES, ids=lambda p: p.name)
def test_every_quote_stands_in_its_paragraph(path: Path) -> None:
    deck = read_deck(path)
    problems = check_evidence(deck, _article(), str(path))
    assert not problems, "\n".join(map(str, problems))


@needs_article
def test_evidence_check_catches_a_wrong_quote_or_paragraph() -> None:
    # Guards the test above: the check must fail on our own cards when they are wrong.
    deck = read_deck(DECK_FILES[0])
    card = deck.cards[0]
    assert card.source is not None
    n = len(paragraphs(_article()))
    wrong_paragraph = card.source.paragraph % n + 1
    bad = [
        card.model_copy(
            update={
                "source": card.source.model_copy(update={"quote": card.source.quote + " indeed"})
            }
        ),
        card.model_copy(
            update={"source": card.source.model_copy(update={"paragraph": wrong_paragraph})}
        ),
    ]
    for broken in bad:
        tampered = deck.model_copy(update={"cards": (broken,)})
        assert check_evidence(tampered, _article()), f"check_evidence missed {broken.source}"


def test_context_from_outside_the_article_is_marked() -> None:
    # The only outside facts the decks use: what ECOWAS stands for and what Kyiv is.
    outside = re.compile(r"Economic Community|Ukraine's capital", re.IGNORECASE)
    for deck in _decks().values():
        for card in deck.cards:
            if outside.search(card.explanation):
                assert "Context (not in the article):" in card.explanation, card.id
            assert not outside.search(card.prompt), (
                f"{card.id} asks about something the article does not say"
            )


def test_accusations_are_taught_as_claims() -> None:
    # "Ukraine supports terrorists" is Lavrov's or Diop's claim: a card that mentions
    # terrorism or Kyiv's role must say who claims it (or that it is an allegation).
    topic = re.compile(r"terroris|information from Kyiv|Kyiv aided", re.IGNORECASE)
    attribution = re.compile(
        r"Lavrov|Diop|claim|accus|allegation|spokesperson|according to|said|consider|view",
        re.IGNORECASE,
    )
    for deck in _decks().values():
        for card in deck.cards:
            text = _texts(card)
            if topic.search(text):
                assert attribution.search(text), f"{card.id} states an accusation as a fact"
            if card.kind == "true_false" and card.answer and topic.search(card.statement):
                assert attribution.search(card.statement), (
                    f"{card.id} affirms an accusation as true"
                )


def test_typed_answers_accept_the_forms_people_type() -> None:
    cards = {card.id: card for deck in _decks().values() for card in deck.cards}
    lavrov = {a.casefold() for a in cards["q-sa-lavrov"].answers}
    assert {"sergey lavrov", "sergei lavrov", "lavrov"} <= lavrov
    us = {a.casefold() for a in cards["q-sa-us-forces"].answers}
    assert {"u.s.", "us", "united states", "usa"} <= us
    name_cloze = cards["name-lavrov"]
    (gap,) = name_cloze.gaps
    assert {"Sergey Lavrov", "Sergei Lavrov", "Lavrov"} <= set(name_cloze.accepted(gap))
