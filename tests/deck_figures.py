"""Print the cue figures of the shipped decks at git revisions, to compare before/after.

    .venv/bin/python -m tests.deck_figures 6572407 HEAD

For each revision: the right choice's position in the deck file (multiple choice), how
often it is strictly the longest (against chance), its mean length relative to the
choices, multi-select cards listing their right choices first, true statements, and
cards citing more than one quote. tests/test_deck_answers.py checks the same figures.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from statistics import mean

from quizapp.model import Deck, MultipleChoice, MultiSelect, TrueFalse, parse_deck

DECK_IDS = ("sahel-talks-quiz", "sahel-talks-study")


def _decks(rev: str) -> list[Deck]:
    def show(deck_id: str) -> str:
        command = ["git", "show", f"{rev}:decks/{deck_id}.toml"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    return [parse_deck(tomllib.loads(show(deck_id))) for deck_id in DECK_IDS]


def figures(rev: str) -> str:
    cards = [card for deck in _decks(rev) for card in deck.cards]
    mc = [c for c in cards if isinstance(c, MultipleChoice)]
    places = [c.choices.index(c.answer) for c in mc]
    lengths = [[len(x) for x in c.choices] for c in mc]
    longest = sum(
        len(c.answer) == max(n) and n.count(len(c.answer)) == 1
        for c, n in zip(mc, lengths, strict=True)
    )
    chance = sum(1 / len(c.choices) for c in mc)
    relative = mean(len(c.answer) / mean(n) for c, n in zip(mc, lengths, strict=True))
    ms = [c for c in cards if isinstance(c, MultiSelect)]
    first = sum(set(c.choices[: len(c.answers)]) == set(c.answers) for c in ms)
    verdicts = [c.answer for c in cards if isinstance(c, TrueFalse)]
    several = sum(len(c.citations) > 1 for c in cards)
    return (
        f"{rev}: {len(cards)} cards; {len(mc)} multiple choice, right one at positions 1-4: "
        f"{[places.count(i) for i in range(4)]}, strictly the longest in {longest} "
        f"(chance {chance:.1f}), mean relative length {relative:.2f}; multi-select right "
        f"choices listed first {first}/{len(ms)}; true {sum(verdicts)}/{len(verdicts)}; "
        f"cards citing several quotes {several}"
    )


if __name__ == "__main__":
    for revision in sys.argv[1:] or ["HEAD"]:
        print(figures(revision))
