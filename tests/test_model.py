"""The deck model: every rule of every card kind and of the deck, and the problems it reports."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from pydantic import ValidationError

from quizapp.model import (
    CARD_TYPES,
    FORMAT_VERSION,
    KINDS,
    Cloze,
    DeckError,
    Gap,
    Problem,
    parse_deck,
)

FILE = "f.toml"
# A message "says what to do" when it holds an instruction to the author.
ADVICE = re.compile(
    r"\b(add|remove|use|copy|give|put|mark|change|check|should|upgrade|save|expected|must|write"
    r"|known sources)\b",
    re.I,
)

VALID: dict[str, dict[str, Any]] = {
    "flashcard": {"front": "Capital of France?", "back": "Paris"},
    "multiple_choice": {"question": "Capital?", "choices": ["Paris", "Lyon"], "answer": "Paris"},
    "multi_select": {"question": "Cities?", "choices": ["Paris", "Seine", "Lyon"],
                     "answers": ["Lyon", "Paris"]},
    "true_false": {"statement": "Paris is in France.", "answer": True},
    "short_answer": {"question": "Capital?", "answers": ["Paris", "Paname"]},
    "numeric": {"question": "How far?", "answer": 3.5, "tolerance": 0.1, "unit": "km"},
    "cloze": {"text": "The {{c1::capital::city}} of {{c2::France}} is Paris.",
              "alternatives": {"c2": ["the French Republic"]}},
    "ordering": {"question": "Order them", "items": ["one", "two", "three"]},
    "matching": {"question": "Match", "pairs": [["France", "Paris"], ["Mali", "Bamako"]]},
}


def card(kind: str, card_id: str = "a", **fields: Any) -> dict[str, Any]:
    return {"id": card_id, "kind": kind, **VALID[kind], **fields}


def deck_data(*cards: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": "d", "title": "T", "sources": [{"id": "src", "title": "S"}], **fields,
            "cards": list(cards)}


def problems(raw: Any) -> list[Problem]:
    with pytest.raises(DeckError) as caught:
        parse_deck(raw, FILE)
    found = caught.value.problems
    assert found, "a DeckError must carry problems"
    for problem in found:
        assert problem.file == FILE
        assert ADVICE.search(problem.message), f"no advice in {problem.message!r}"
        assert FILE in str(problem)
    assert str(caught.value) == "\n".join(str(p) for p in found)
    return found


def located(found: list[Problem], card_label: str | None, field: str) -> Problem:
    for problem in found:
        if problem.card == card_label and problem.field == field:
            return problem
    raise AssertionError(f"no problem at card {card_label} field {field}: {found}")


# --- good cards -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_valid_example(kind: str) -> None:
    deck = parse_deck(deck_data(card(kind)), FILE)
    assert deck.cards[0].kind == kind
    assert type(deck.cards[0]) is CARD_TYPES[kind]


def test_there_are_nine_kinds() -> None:
    assert set(KINDS) == set(VALID)
    assert len(KINDS) == 9


def test_a_deck_with_every_kind_and_optional_fields_parses() -> None:
    src = {"id": "src", "paragraph": 2, "quote": "a quote"}
    cards = [card(k, f"c-{i}", tags=["t"], explanation="why", source=src, points=2.5)
             for i, k in enumerate(KINDS)]
    deck = parse_deck(deck_data(*cards, description="d", language="fr", tags=["x"],
                                format_version=FORMAT_VERSION), FILE)
    assert deck.kinds == dict.fromkeys(KINDS, 1)
    assert deck.card("c-0").points == 2.5
    assert deck.card("c-0").source is not None and deck.card("c-0").source.paragraph == 2
    with pytest.raises(KeyError):
        deck.card("nope")


def test_defaults() -> None:
    deck = parse_deck({"id": "d", "title": "T"}, FILE)
    assert (deck.format_version, deck.language) == (FORMAT_VERSION, "en")
    assert (deck.cards, deck.sources) == ((), ())
    c = parse_deck(deck_data(card("numeric", tolerance=0, unit="")), FILE).cards[0]
    assert (c.points, c.tags, c.explanation, c.source) == (1.0, (), "", None)


@pytest.mark.parametrize("good_id", ["a", "0", "a-b_c.d", "x" * 80])
def test_good_slug_ids(good_id: str) -> None:
    deck = parse_deck(deck_data(card("flashcard", good_id), id=good_id), FILE)
    assert (deck.id, deck.cards[0].id) == (good_id, good_id)


# --- properties -------------------------------------------------------------------------

PROMPT_ANSWER = {
    "flashcard": ("Capital of France?", "Paris"),
    "multiple_choice": ("Capital?", "Paris"),
    "multi_select": ("Cities?", "Paris, Lyon"),  # in the order of the choices
    "true_false": ("Paris is in France.", "True"),
    "short_answer": ("Capital?", "Paris"),
    "numeric": ("How far?", "3.5 km (± 0.1)"),
    "cloze": ("The […city] of […] is Paris.", "The capital of France is Paris."),
    "ordering": ("Order them", "one → two → three"),
    "matching": ("Match", "France → Paris; Mali → Bamako"),
}


@pytest.mark.parametrize("kind", KINDS)
def test_prompt_and_answer_text(kind: str) -> None:
    c = parse_deck(deck_data(card(kind)), FILE).cards[0]
    assert (c.prompt, c.answer_text) == PROMPT_ANSWER[kind]


def test_answer_text_variants() -> None:
    false = parse_deck(deck_data(card("true_false", answer=False)), FILE).cards[0]
    assert false.answer_text == "False"
    plain = parse_deck(deck_data(card("numeric", answer=42, tolerance=0, unit="")), FILE).cards[0]
    assert plain.answer_text == "42"
    unit = parse_deck(deck_data(card("numeric", answer=1e6, tolerance=0)), FILE).cards[0]
    assert unit.answer_text == "1e+06 km"


def test_cloze_gaps_accepted_prompt_and_answer() -> None:
    text = "{{c1:: Lavrov ::surname}} met {{c2::Diop}} and {{c1::Lavrov}} again.\nLine two."
    c = parse_deck(deck_data(card("cloze", text=text, alternatives={"c1": ["Sergei Lavrov"]})),
                   FILE).cards[0]
    assert isinstance(c, Cloze)
    assert c.gaps == [Gap(number=1, answer="Lavrov", hint="surname"),
                      Gap(number=2, answer="Diop", hint=""),
                      Gap(number=1, answer="Lavrov", hint="")]
    assert c.accepted(c.gaps[0]) == ("Lavrov", "Sergei Lavrov")
    assert c.accepted(c.gaps[1]) == ("Diop",)
    assert c.prompt == "[…surname] met […] and […] again.\nLine two."
    assert c.answer_text == "Lavrov met Diop and Lavrov again.\nLine two."


def test_cards_and_decks_are_frozen() -> None:
    deck = parse_deck(deck_data(card("flashcard")), FILE)
    with pytest.raises(ValidationError):
        deck.cards[0].front = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        deck.title = "changed"  # type: ignore[misc]


# --- bad cards: each rule names file, card and field and says what to do ------------------

BAD_CARDS: list[tuple[str, dict[str, Any], str, str]] = [
    # (case, card, field, words the message must hold)
    ("mc-answer-not-a-choice", card("multiple_choice", answer="Nice"), "answer",
     "not one of the choices"),
    ("mc-duplicate-choices", card("multiple_choice", choices=["Paris", "paris"]), "choices",
     "twice"),
    ("mc-one-choice", card("multiple_choice", choices=["Paris"]), "choices", "at least 2"),
    ("ms-no-right-choice", card("multi_select", answers=[]), "answers", "at least 1"),
    ("ms-answer-not-a-choice", card("multi_select", answers=["Rome"]), "answers",
     "not one of the choices"),
    ("ms-duplicate-choices", card("multi_select", choices=["Paris", "Lyon", "LYON"]), "choices",
     "twice"),
    ("ms-duplicate-answers", card("multi_select", answers=["Paris", "Paris"]), "answers", "twice"),
    ("sa-duplicate-answers", card("short_answer", answers=["Paris", "PARIS"]), "answers", "twice"),
    ("sa-no-answer", card("short_answer", answers=[]), "answers", "at least 1"),
    ("tf-not-a-bool", card("true_false", answer="maybe"), "answer", "true or false"),
    ("cloze-no-gaps", card("cloze", text="No gaps here.", alternatives={}), "text", "no gaps"),
    ("cloze-empty-gap", card("cloze", text="A {{c1::  }} gap.", alternatives={}), "text",
     "gap c1 is empty"),
    ("cloze-alternative-names-no-gap", card("cloze", alternatives={"c3": ["x"]}), "alternatives",
     "names no gap"),
    ("ordering-one-item", card("ordering", items=["one"]), "items", "at least two"),
    ("ordering-duplicate-items", card("ordering", items=["one", "One", "two"]), "items", "twice"),
    ("matching-one-pair", card("matching", pairs=[["a", "b"]]), "pairs", "at least two"),
    ("matching-duplicate-left", card("matching", pairs=[["a", "b"], ["A", "c"]]), "pairs",
     "left side"),
    ("matching-duplicate-right", card("matching", pairs=[["a", "b"], ["c", "b"]]), "pairs",
     "right side"),
    ("matching-not-a-pair", card("matching", pairs=[["a", "b", "c"], ["d", "e"]]), "pairs[0]",
     "[left, right]"),
    ("unknown-kind", {"id": "a", "kind": "essay", "front": "f"}, "kind", "unknown kind 'essay'"),
    ("missing-kind", {"id": "a", "front": "f", "back": "b"}, "kind", "use one of"),
    ("extra-field", card("flashcard", colour="red"), "colour", "not a known field"),
    ("missing-field", {"id": "a", "kind": "flashcard", "front": "f"}, "back", "required"),
    ("empty-text", card("flashcard", front="   "), "front", ""),
    ("empty-choice", card("multiple_choice", choices=["Paris", " "]), "choices[1]", ""),
    ("points-zero", card("flashcard", points=0), "points", "more than 0"),
    ("points-negative", card("flashcard", points=-1), "points", "more than 0"),
    ("negative-tolerance", card("numeric", tolerance=-0.5), "tolerance", "0 or more"),
    ("paragraph-zero", card("flashcard", source={"id": "src", "paragraph": 0, "quote": "q"}),
     "source.paragraph", "1 or more"),
    ("empty-quote", card("flashcard", source={"id": "src", "paragraph": 1, "quote": ""}),
     "source.quote", ""),
    ("empty-tag", card("flashcard", tags=[""]), "tags[0]", ""),
]


@pytest.mark.parametrize(("raw_card", "field", "words"), [c[1:] for c in BAD_CARDS],
                         ids=[c[0] for c in BAD_CARDS])
def test_bad_card_is_located_and_explained(
    raw_card: dict[str, Any], field: str, words: str
) -> None:
    found = problems(deck_data(card("flashcard", "ok"), raw_card))
    problem = located(found, "'a' (#2)", field)
    assert words in problem.message
    assert str(problem).startswith(f"{FILE}: card 'a' (#2): field '{field}': ")


@pytest.mark.parametrize("bad_id", ["Bad Id", "UPPER", "-lead", "a/b", "", "x" * 81, "é"])
def test_bad_slug_ids_on_cards_and_decks(bad_id: str) -> None:
    found = problems(deck_data(card("flashcard", bad_id)))
    label = f"'{bad_id}' (#1)" if bad_id else "#1"
    assert "lower-case letters, digits" in located(found, label, "id").message
    assert located(problems({"id": bad_id, "title": "T"}), None, "id")


def test_card_without_id_is_named_by_position() -> None:
    raw = card("flashcard")
    del raw["id"]
    found = problems(deck_data(card("flashcard", "x"), raw))
    assert located(found, "#2", "id").message == "is required; add it"


def test_bad_slug_message_says_the_rule_in_words() -> None:
    found = problems(deck_data(card("flashcard", "Bad Id")))
    message = located(found, "'Bad Id' (#1)", "id").message
    assert "lower-case" in message.lower()


def test_empty_text_message_talks_about_text() -> None:
    found = problems(deck_data(card("flashcard", front=" ")))
    message = located(found, "'a' (#1)", "front").message
    assert "item" not in message and "empty" in message


@pytest.mark.parametrize("field", ["answer", "tolerance"])
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_numbers_must_be_finite(field: str, value: float) -> None:
    located(problems(deck_data(card("numeric", **{field: value}))), "'a' (#1)", field)


# --- deck-wide rules -------------------------------------------------------------------------


def test_duplicate_card_ids() -> None:
    found = problems(deck_data(card("flashcard", "a"), card("true_false", "b"), card("cloze", "a")))
    problem = located(found, "'a' (#3)", "id")
    assert "#1" in problem.message and "own id" in problem.message


def test_unknown_source_reference() -> None:
    raw = card("flashcard", source={"id": "elsewhere", "paragraph": 1, "quote": "q"})
    problem = located(problems(deck_data(raw)), "'a' (#1)", "source.id")
    assert "'elsewhere'" in problem.message and "src" in problem.message
    found = problems({"id": "d", "title": "T", "cards": [raw]})
    no_sources = located(found, "'a' (#1)", "source.id")
    assert "[[sources]]" in no_sources.message


@pytest.mark.parametrize("case", ["duplicate-id", "unknown-source"])
def test_cross_card_problems_are_reported_once_with_their_card(case: str) -> None:
    if case == "duplicate-id":
        raw = deck_data(card("flashcard", "a"), card("flashcard", "a"))
    else:
        raw = deck_data(card("flashcard", source={"id": "nope", "paragraph": 1, "quote": "q"}))
    assert all(p.card is not None for p in problems(raw))


def test_duplicate_source_ids() -> None:
    sources = [{"id": "src", "title": "S"}, {"id": "src", "title": "Again"}]
    problem = located(problems(deck_data(card("flashcard"), sources=sources)), None, "sources")
    assert "'src'" in problem.message and "2 times" in problem.message


def test_format_version_too_new_or_zero() -> None:
    assert located(problems({"id": "d", "title": "T", "format_version": FORMAT_VERSION + 1}), None,
                   "format_version")
    assert located(problems({"id": "d", "title": "T", "format_version": 0}), None, "format_version")


def test_format_version_too_new_says_upgrade() -> None:
    found = problems({"id": "d", "title": "T", "format_version": FORMAT_VERSION + 1})
    assert "upgrade" in located(found, None, "format_version").message.lower()


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"title": "T"}, "id"),
        ({"id": "d"}, "title"),
        ({"id": "d", "title": ""}, "title"),
        ({"id": "d", "title": "T", "author": "me"}, "author"),
        ({"id": "d", "title": "T", "sources": [{"id": "s"}]}, "sources[0].title"),
        ({"id": "d", "title": "T", "tags": "one"}, "tags"),
    ],
)
def test_bad_deck_fields(raw: dict[str, Any], field: str) -> None:
    assert located(problems(raw), None, field)


@pytest.mark.parametrize("raw", [[], "deck", 42, None])
def test_not_a_table_at_the_top(raw: Any) -> None:
    (problem,) = problems(raw)
    assert (problem.card, problem.field) == (None, None)
    assert "expected a table" in problem.message


def test_cards_that_are_not_a_list_name_the_field() -> None:
    assert located(problems({"id": "d", "title": "T", "cards": "x"}), None, "cards")


def test_every_problem_in_a_file_is_reported() -> None:
    raw = deck_data(
        card("flashcard", "fine"),
        card("cloze", "no-gap", text="nothing", alternatives={}),
        card("ordering", "lonely", items=["x"]),
        {"id": "odd", "kind": "essay"},
        card("multiple_choice", "wrong", answer="Rome"),
        card("flashcard", "fine"),
        card("flashcard", "cites", source={"id": "ghost", "paragraph": 1, "quote": "q"}),
        card("numeric", "neg", tolerance=-1, points=0),
        id="Bad Deck",
        sources=[{"id": "src", "title": "S"}, {"id": "src", "title": "S2"}],
        format_version=99,
    )
    found = problems(raw)
    for label, field in [
        ("'no-gap' (#2)", "text"),
        ("'lonely' (#3)", "items"),
        ("'odd' (#4)", "kind"),
        ("'wrong' (#5)", "answer"),
        ("'fine' (#6)", "id"),
        ("'cites' (#7)", "source.id"),
        ("'neg' (#8)", "tolerance"),
        ("'neg' (#8)", "points"),
        (None, "id"),
        (None, "sources"),
        (None, "format_version"),
    ]:
        located(found, label, field)
    assert not any(p.card == "'fine' (#1)" for p in found)
    assert len(found) == len(set(found)), "a problem is reported twice"
