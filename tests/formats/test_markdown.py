from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quizapp.export import export_deck
from quizapp.formats import read_deck
from quizapp.formats.markdown import dumps_markdown, read_markdown_text
from quizapp.model import Deck, DeckError, parse_deck


def test_round_trip_keeps_every_kind(all_kinds: Deck, tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    export_deck(all_kinds, path, "markdown")
    again = read_deck(path)
    assert again == all_kinds
    assert dumps_markdown(again) == path.read_text("utf-8")


def test_quick_deck_without_separators() -> None:
    text = """# Capitals
tags: geo

Q: France?
A: Paris

Q: Which are primes?
- [x] 2
- [ ] 4
- [x] 3
> 4 = 2 x 2
continued explanation

T/F: The Seine is in Paris.
A: yes

Q: Put in order
1. one
2. two

Q: Match
France -> Paris
Italy -> Rome

C: {{c1::Berlin}} is in Germany.
= c1: Berlin city

Q: How far?
N: 42 +- 0.5 km

Q: A colour?
= red
= blue
"""
    deck = read_markdown_text(text, "quick.md").decks[0]
    assert deck.title == "Capitals" and deck.id == "capitals" and deck.tags == ("geo",)
    kinds = [c.kind for c in deck.cards]
    assert kinds == ["flashcard", "multi_select", "true_false", "ordering", "matching",
                     "cloze", "numeric", "short_answer"]
    ms = deck.cards[1]
    assert ms.answers == ("2", "3") and ms.explanation == "4 = 2 x 2\ncontinued explanation"
    assert deck.cards[2].answer is True
    assert deck.cards[5].alternatives == {"c1": ("Berlin city",)}
    num = deck.cards[6]
    assert (num.answer, num.tolerance, num.unit) == (42.0, 0.5, "km")
    # ids are stable: the same text gives the same ids
    assert [c.id for c in read_markdown_text(text, "again.md").decks[0].cards] == [
        c.id for c in deck.cards
    ]


def test_problems_name_line_and_card() -> None:
    text = "# D\n\n---\nQ: Mixed\nA: x\n- [x] y\n\n---\nstray text\n"
    with pytest.raises(DeckError) as caught:
        read_markdown_text(text, "bad.md")
    messages = [str(p) for p in caught.value.problems]
    assert any("bad.md" in m and "mixes" in m and "#1" in m for m in messages)
    assert any("line 9" in m and "belongs to no field" in m for m in messages)


def test_model_rules_come_from_the_model() -> None:
    with pytest.raises(DeckError) as caught:
        read_markdown_text("Q: pick\n- [x] a\n- [ ] a\n", "dup.md")
    problem = caught.value.problems[0]
    assert problem.field == "choices" and "twice" in problem.message


def test_true_false_needs_a_readable_answer() -> None:
    with pytest.raises(DeckError) as caught:
        read_markdown_text("T/F: sky is blue\nA: maybe\n", "tf.md")
    assert caught.value.problems[0].field == "answer"


_PIECES = [*"ab \t\n\\,|>-=#:", "Q: ", "A: ", "- [x] ", "- [ ] ", "1. ", "= ", "> ", "---",
           "id: ", "tags: ", "@source ", "x -> y", "T/F: ", "C: ", "N: ", "  ", "\n\n", "é"]
_TEXT = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(front=_TEXT, back=_TEXT, explanation=_TEXT, description=_TEXT,
       tags=st.lists(_TEXT, max_size=3), choices=st.lists(_TEXT, min_size=2, max_size=4))
def test_round_trip_of_awkward_text(
    front: str, back: str, explanation: str, description: str, tags: list[str],
    choices: list[str],
) -> None:
    raw = {"id": "d", "title": "T", "description": description, "tags": tags, "cards": [
        {"id": "f", "kind": "flashcard", "front": front, "back": back,
         "explanation": explanation, "tags": tags},
        {"id": "m", "kind": "multiple_choice", "question": front, "choices": choices,
         "answer": choices[-1]},
    ]}
    try:
        deck = parse_deck(raw, "gen")
    except DeckError:
        assume(False)
        return
    assert read_markdown_text(dumps_markdown(deck), "rt.md").decks[0] == deck
