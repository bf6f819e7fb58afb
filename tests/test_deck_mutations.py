"""The deck tests would catch a wrong card: each deck below is a shipped deck broken on
purpose, as issue 15's reviewer broke them. Every one still parses (so `quizapp
validate` alone passes it) and its quotes still stand in the article; the check named
for it must fail on it, as it passes on the shipped decks.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from quizapp.evidence import check_evidence
from quizapp.model import Deck, parse_deck
from tests.test_deck_answers import (
    choice_problems,
    distractor_problems,
    same_fact_problems,
    typed_problems,
)
from tests.test_deck_coverage import DECKS, STUDY_DECK, coverage_problems, untabled_cards
from tests.test_shipped_decks import (
    ARTICLE,
    attribution_problems,
    back_problems,
    outside_fact_problems,
    part_evidence_problems,
    quote_problems,
)

Raw = dict[str, dict[str, Any]]  # deck id -> the deck file's data


def _article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


CHECKS: dict[str, Callable[[dict[str, Deck]], list[Any]]] = {
    "coverage": coverage_problems,
    "untabled": untabled_cards,
    "attribution": attribution_problems,
    "outside facts": lambda decks: outside_fact_problems(decks, _article()),
    "quotes": quote_problems,
    "part evidence": part_evidence_problems,
    "evidence": lambda decks: [p for d in decks.values() for p in check_evidence(d, _article())],
    "backs": back_problems,
    "typed": typed_problems,
    "same fact": same_fact_problems,
    "choices": choice_problems,
    "distractors": lambda decks: distractor_problems(decks[STUDY_DECK]),
}


def _raw() -> Raw:
    raws = [tomllib.loads(path.read_text("utf-8")) for path in sorted(DECKS.glob("*.toml"))]
    return {raw["id"]: raw for raw in raws}


def _card(raw: Raw, card_id: str) -> dict[str, Any]:
    return next(c for deck in raw.values() for c in deck["cards"] if c["id"] == card_id)


# ---------------------------------------------------------------- the broken decks


def bananas(raw: Raw) -> None:
    _card(raw, "talks-host")["back"] = "Bananas."


def wrong_country(raw: Raw) -> None:
    _card(raw, "who-diop")["back"] = "Niger's foreign minister."
    _card(raw, "q-diop-country")["answer"] = "Niger"


def invented_date(raw: Raw) -> None:
    card = _card(raw, "mali-cut-ties-reason")
    card["explanation"] = "Mali cut ties on 4 August 2024, after the attack."


def accusation_as_fact(raw: Raw) -> None:
    card = _card(raw, "lavrov-claim-terror-groups")
    card["text"] = "Ukraine openly supports {{c1::terrorist groups}} in this part of Africa."
    card["explanation"] = "Ukraine's support for terrorism destabilizes the Sahel."


def claim_given_to_another(raw: Raw) -> None:
    pairs = _card(raw, "q-match-who-claims")["pairs"]
    (pairs[0][1], pairs[1][1]) = (pairs[1][1], pairs[0][1])  # Lavrov's words made Diop's


def right_answer_always_first(raw: Raw) -> None:
    for card in raw["sahel-talks-quiz"]["cards"]:
        if card["kind"] == "multiple_choice":
            card["choices"].remove(card["answer"])
            card["choices"].insert(0, card["answer"])


def true_for_false(raw: Raw) -> None:
    _card(raw, "q-tf-ecowas-joined")["answer"] = True


def alternative_dropped(raw: Raw) -> None:
    _card(raw, "q-sa-turned-to")["answers"] = ["Russian military contractors"]


def unmarked_context(raw: Raw) -> None:
    card = _card(raw, "q-sa-ecowas")
    card["explanation"] = "ECOWAS is the Economic Community of West African States."


def answer_in_the_comment(raw: Raw) -> None:
    _card(raw, "coups")["back"] = "Military coups (the article says in recent years)."


def longest_is_right(raw: Raw) -> None:
    for card in raw["sahel-talks-quiz"]["cards"]:
        if card["kind"] == "multiple_choice":
            longer = card["answer"] + ", as the article reports it"
            card["choices"][card["choices"].index(card["answer"])] = longer
            card["answer"] = longer


def twin_options(raw: Raw) -> None:
    # As before issue 15: the joint force a flashcard, offered the united armed forces.
    card = _card(raw, "promise-joint-force")
    for key in ("text", "alternatives", "explanation"):
        card.pop(key, None)
    card.update(
        kind="flashcard",
        front="What did Lavrov say Russia will help the Sahel countries form?",
        back="A joint military force.",
    )


def evidence_cut_to_one_quote(raw: Raw) -> None:
    # As before issue 15: a matching or multi-select card citing one quote for all parts.
    for card in raw["sahel-talks-quiz"]["cards"]:
        if card["kind"] in ("matching", "multi_select", "ordering"):
            card.pop("evidence", None)


def two_item_ordering(raw: Raw) -> None:
    items = _card(raw, "q-order-coups-expulsions")["items"]
    del items[2:]  # as before issue 15: coups, then expulsions


def answer_that_describes_itself(raw: Raw) -> None:
    # As before issue 15: the careful wording marks the right choice.
    card = _card(raw, "q-largest-losses-who")
    right = "Some observers, not named in the article"
    card["choices"][card["choices"].index(card["answer"])] = right
    card["answer"] = right


MUTANTS: dict[Callable[[Raw], None], set[str]] = {
    # the seven of the issue ...
    bananas: {"coverage", "typed"},
    wrong_country: {"coverage"},
    invented_date: {"outside facts"},
    accusation_as_fact: {"attribution"},
    claim_given_to_another: {"attribution", "coverage"},
    right_answer_always_first: {"choices"},
    true_for_false: {"coverage"},
    # ... and more of the same sort
    alternative_dropped: {"typed", "same fact"},
    unmarked_context: {"outside facts"},
    answer_in_the_comment: {"backs", "typed"},
    longest_is_right: {"choices"},
    twin_options: {"distractors"},
    evidence_cut_to_one_quote: {"part evidence"},
    two_item_ordering: {"choices"},
    answer_that_describes_itself: {"choices"},
}


def _failing(decks: dict[str, Deck], names: Iterable[str] = CHECKS) -> set[str]:
    return {name for name in names if CHECKS[name](decks)}


@pytest.mark.skipif(not ARTICLE.is_file(), reason=f"source article not found at {ARTICLE}")
def test_every_check_passes_on_the_shipped_decks() -> None:
    decks = {deck_id: parse_deck(raw) for deck_id, raw in _raw().items()}
    assert _failing(decks) == set()


@pytest.mark.skipif(not ARTICLE.is_file(), reason=f"source article not found at {ARTICLE}")
@pytest.mark.parametrize("mutate", MUTANTS, ids=lambda f: f.__name__)
def test_the_checks_fail_on_a_broken_deck(mutate: Callable[[Raw], None]) -> None:
    raw = _raw()
    mutate(raw)
    decks = {deck_id: parse_deck(data, f"{deck_id}.toml") for deck_id, data in raw.items()}
    # The break is one `quizapp validate` (model and evidence) lets through ...
    assert not CHECKS["evidence"](decks)
    # ... and one the deck tests name.
    assert _failing(decks, MUTANTS[mutate]) == MUTANTS[mutate]
