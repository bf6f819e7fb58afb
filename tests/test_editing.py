"""Deck editing: every operation, undo/redo, ids, and card problems mapped to form fields."""

from __future__ import annotations

import pytest

from quizapp.editing import (
    DeckEditor,
    blank_card,
    card_to_raw,
    check_card,
    check_deck_fields,
    filter_cards,
    form_field,
    new_card_id,
    parse_card,
    search_text,
    slugify,
    unique_id,
)
from quizapp.model import KINDS, Deck, DeckError, Flashcard, parse_deck
from tests.conftest import make_deck
from tests.ui.editor_app import kinds_deck


def ids(deck: Deck) -> list[str]:
    return [c.id for c in deck.cards]


def fields(problems: list) -> set[str | None]:
    return {p.field for p in problems}


# --- ids -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Who is Sergei Lavrov?", "who-is-sergei-lavrov"),
        ("  Ça va, Zoë!  ", "ca-va-zoe"),
        ("日本語", ""),
        ("a" * 100, "a" * 40),
        ("--x__y--", "x-y"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_unique_id_counts_up_and_falls_back() -> None:
    assert unique_id("Card", []) == "card"
    assert unique_id("Card", ["card", "card-2"]) == "card-3"
    assert unique_id("日本語", [], fallback="deck") == "deck"


def test_new_card_id_is_unique_in_the_deck_and_valid() -> None:
    deck = make_deck(n=3)  # ids c0, c1, c2
    assert new_card_id(deck, "c1") == "c1-2"
    assert new_card_id(deck, "Fresh card") == "fresh-card"
    raw = {**card_to_raw(deck.cards[0]), "id": new_card_id(deck, "c0")}
    assert check_card(raw, deck) == []


# --- templates --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_blank_card_of_each_kind_names_what_to_fill_in(kind: str) -> None:
    deck = make_deck()
    raw = blank_card(kind, "new-card")
    assert raw["kind"] == kind and raw["id"] == "new-card"
    problems = check_card(raw, deck)
    if kind == "true_false":  # a statement is all it lacks
        assert fields(problems) == {"statement"}
    else:
        assert problems, kind
        assert all(p.field for p in problems)
        assert "id" not in fields(problems)


def test_blank_card_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        blank_card("essay", "x")


def test_blank_cards_do_not_share_lists() -> None:
    first = blank_card("ordering", "a")
    first["items"].append("x")
    assert blank_card("ordering", "b")["items"] == ["", ""]


def test_card_to_raw_round_trips_every_kind() -> None:
    deck = kinds_deck()
    for index, card in enumerate(deck.cards):
        raw = card_to_raw(card)
        assert check_card(raw, deck, index) == []
        assert parse_card(raw, deck, index) == card


# --- check_card -------------------------------------------------------------------------


def test_check_card_maps_list_items_to_their_field_with_the_item_number() -> None:
    deck = make_deck()
    raw = blank_card("multiple_choice", "mc")
    raw.update(question="Capital of Mali?", choices=["Bamako", ""], answer="Bamako")
    problems = check_card(raw, deck)
    assert fields(problems) == {"choices"}
    assert any(p.message.startswith("#2: is empty") for p in problems)


def test_check_card_catches_a_duplicate_id_even_when_other_fields_are_wrong() -> None:
    deck = make_deck()
    raw = {**blank_card("flashcard", "c1"), "front": "x"}  # back is still empty
    problems = check_card(raw, deck)
    assert fields(problems) == {"back", "id"}
    dup = next(p for p in problems if p.field == "id")
    assert "already used by card #2" in dup.message


def test_check_card_allows_the_card_its_own_id_in_place() -> None:
    deck = make_deck()
    raw = card_to_raw(deck.cards[1])
    assert check_card(raw, deck, 1) == []
    assert fields(check_card(raw, deck)) == {"id"}  # as a new card, the id is taken


def test_check_card_catches_an_unknown_source_and_names_the_known_ones() -> None:
    deck = make_deck()
    raw = {**blank_card("flashcard", "new"), "front": "f", "back": "b"}
    raw["source"] = {"id": "elsewhere", "paragraph": 1, "quote": "q"}
    (problem,) = check_card(raw, deck)
    assert problem.field == "source.id"
    assert "'elsewhere'" in problem.message and "src" in problem.message


def test_check_card_names_each_part_of_the_source_reference() -> None:
    deck = make_deck()
    raw = {**blank_card("flashcard", "new"), "front": "f", "back": "b"}
    raw["source"] = {"id": "src", "paragraph": "zero", "quote": ""}
    assert fields(check_card(raw, deck)) == {"source.paragraph", "source.quote"}


def test_check_card_reports_model_rules_on_the_right_fields() -> None:
    deck = make_deck()
    cloze = {**blank_card("cloze", "cz"), "text": "no gaps here", "alternatives": {"c2": ["x"]}}
    assert "text" in fields(check_card(cloze, deck))
    numeric = {**blank_card("numeric", "n"), "question": "How far?", "answer": "far",
               "tolerance": -1}
    assert fields(check_card(numeric, deck)) == {"answer", "tolerance"}
    matching = {**blank_card("matching", "m"), "question": "Match",
                "pairs": [["a", "1"], ["a", "2"]]}
    assert fields(check_card(matching, deck)) == {"pairs"}
    points = {**blank_card("true_false", "t"), "statement": "s", "points": 0}
    assert fields(check_card(points, deck)) == {"points"}


def test_parse_card_returns_the_card_or_raises_its_problems() -> None:
    deck = make_deck()
    raw = {**blank_card("flashcard", "new"), "front": " f ", "back": "b"}
    card = parse_card(raw, deck)
    assert isinstance(card, Flashcard) and card.front == "f"  # cleaned by the model
    with pytest.raises(DeckError) as caught:
        parse_card({**raw, "back": ""}, deck)
    assert [p.field for p in caught.value.problems] == ["back"]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("choices[2]", ("choices", 2)),
        ("pairs[0][1]", ("pairs", 0)),
        ("source.quote", ("source.quote", None)),
        ("alternatives.c1[0]", ("alternatives", None)),
        ("question", ("question", None)),
        (None, ("", None)),
    ],
)
def test_form_field(field: str | None, expected: tuple[str, int | None]) -> None:
    assert form_field(field) == expected


# --- operations and history -------------------------------------------------------------


def test_add_edit_duplicate_delete_move_and_undo_each() -> None:
    editor = DeckEditor(make_deck(n=3))
    assert not editor.dirty and not editor.can_undo

    new = Flashcard(id="new", front="f", back="b")
    assert editor.add(new) == 3 and ids(editor.deck) == ["c0", "c1", "c2", "new"]
    assert editor.add(new.model_copy(update={"id": "first"}), 0) == 0
    assert ids(editor.deck)[0] == "first"

    editor.replace(1, editor.deck.cards[1].model_copy(update={"back": "changed"}))
    assert editor.deck.cards[1].back == "changed"

    assert editor.duplicate(1) == 2
    assert ids(editor.deck)[:3] == ["first", "c0", "c0-2"]
    assert editor.deck.cards[2].back == "changed"

    assert editor.delete(0).id == "first"
    assert editor.move(0, 1) == 1 and ids(editor.deck)[:2] == ["c0-2", "c0"]
    assert editor.move(0, -1) == 0  # already first: stays
    assert editor.dirty

    undone = [editor.undo() for _ in range(6)]
    assert undone == [
        "move card 'c0' down",
        "delete card 'first'",
        "duplicate card 'c0' as 'c0-2'",
        "edit card 'c0'",
        "add card 'first'",
        "add card 'new'",
    ]
    assert editor.deck == make_deck(n=3) and editor.undo() is None
    assert not editor.dirty  # back to the saved deck itself
    assert editor.redo() == "add card 'new'" and ids(editor.deck)[-1] == "new"


def test_a_new_change_clears_redo() -> None:
    editor = DeckEditor(make_deck(n=3))
    editor.delete(0)
    editor.undo()
    assert editor.can_redo
    editor.move(0, 1)
    assert not editor.can_redo and editor.redo() is None


def test_refused_operations_change_nothing() -> None:
    editor = DeckEditor(make_deck(n=2))
    with pytest.raises(DeckError) as caught:
        editor.add(Flashcard(id="c1", front="f", back="b"))
    assert "already used" in str(caught.value)
    with pytest.raises(DeckError):
        editor.add({"id": "x", "kind": "flashcard", "front": "", "back": "b"})
    assert ids(editor.deck) == ["c0", "c1"] and not editor.can_undo


def test_mark_saved_and_dirty() -> None:
    editor = DeckEditor(make_deck(), saved=False)
    assert editor.dirty
    editor.mark_saved()
    assert not editor.dirty
    editor.delete(0)
    assert editor.dirty


def test_history_is_bounded() -> None:
    editor = DeckEditor(make_deck(n=2), limit=3)
    for _ in range(5):
        editor.move(0, 1)
    assert sum(1 for _ in iter(editor.undo, None)) == 3


def test_edit_deck_metadata_and_sources() -> None:
    editor = DeckEditor(make_deck())
    editor.edit_deck({"title": "  New   title ", "tags": ["geo"], "description": "About"})
    assert (editor.deck.title, editor.deck.tags) == ("New title", ("geo",))
    editor.set_sources([{"id": "src", "title": "Renamed"}, {"id": "two", "title": "Second"}])
    assert [s.title for s in editor.deck.sources] == ["Renamed", "Second"]
    assert editor.undo() == "edit the deck's sources"
    assert editor.deck.sources[0].title == "A source"


def test_removing_a_cited_source_is_refused_naming_each_card() -> None:
    deck = make_deck(n=2)
    problems = check_deck_fields({"sources": []}, deck)
    assert {p.card for p in problems} == {"'c0' (#1)", "'c1' (#2)"}
    assert all(p.field == "source.id" for p in problems)
    with pytest.raises(DeckError):
        DeckEditor(deck).set_sources([])


def test_check_deck_fields_names_the_field() -> None:
    deck = make_deck()
    assert fields(check_deck_fields({"title": ""}, deck)) == {"title"}
    assert check_deck_fields({"title": "Fine"}, deck) == []
    problems = check_deck_fields({"sources": [{"id": "Bad Id", "title": "x"}]}, deck)
    assert any(p.field == "sources[0].id" for p in problems)


def test_edited_decks_stay_valid_for_the_model() -> None:
    editor = DeckEditor(kinds_deck())
    editor.duplicate(3)
    editor.move(0, 1)
    editor.delete(5)
    from quizapp.formats.own import deck_to_data

    assert parse_deck(deck_to_data(editor.deck)) == editor.deck


# --- finding cards ----------------------------------------------------------------------


def test_filter_cards_by_words_kind_and_tag() -> None:
    deck = kinds_deck()
    every = list(range(len(deck.cards)))
    assert filter_cards(deck) == every
    # every word must appear, in any order, anywhere: id, prompt, answer or tags
    assert [deck.cards[i].id for i in filter_cards(deck, "BAMAKO capital")] == [
        "flash", "cloze", "match"]
    assert [deck.cards[i].id for i in filter_cards(deck, "lavrov")] == ["short"]
    assert [deck.cards[i].id for i in filter_cards(deck, "rivers")] == ["mc"]  # a tag
    assert [deck.cards[i].id for i in filter_cards(deck, kind="numeric")] == ["num"]
    assert [deck.cards[i].id for i in filter_cards(deck, tag="geo")] == ["flash", "mc"]
    assert filter_cards(deck, "bamako", kind="multiple_choice", tag="geo") == [1]
    assert filter_cards(deck, "no such words") == []
    haystack = [search_text(c) for c in deck.cards]
    assert filter_cards(deck, "mali niger", haystack=haystack) == filter_cards(deck, "mali niger")
