"""The shipped decks' answers, checked the way students meet them: typed answers through
the real grader, choices for cues a student could answer from without reading, and the
wrong options quiz mode draws for study flashcards.

Each rule is a `*_problems(decks)` function; tests/test_deck_mutations.py breaks decks on
purpose and shows each rule failing.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from statistics import mean

from quizapp.grading import grade, normalise
from quizapp.model import Card, Cloze, Deck, Flashcard, MultipleChoice, MultiSelect
from quizapp.quiz.build import FLASHCARD_OPTIONS, distractors
from tests.test_deck_coverage import STUDY_DECK, shipped_decks

Typed = str | list[str]  # a typed answer, or one answer per gap of a cloze

# What students type and must get right: short forms, other spellings, the labels the
# article itself uses elsewhere, numbers in words. A flashcard typed in quiz mode is
# graded against its back.
ACCEPTED: dict[str, tuple[Typed, ...]] = {
    "q-sa-lavrov": ("Sergey Lavrov", "sergei lavrov", "Lavrov", "Sergey Lavrvo"),
    "q-sa-diop": ("Diop", "abdoulaye diop"),
    "q-sa-talks-day": ("Thursday", "thu", "thursay"),
    "q-sa-cut-ties-country": ("Mali", "Mali's government"),
    "q-sa-accused-country": ("Ukraine", "Kyiv"),
    "q-sa-terrorist-state": ("terrorist state", "a terrorist state", "Terrorist State!"),
    "q-sa-attack-month": ("July", "Jul"),
    "q-sa-us-forces": ("U.S.", "US", "the United States", "USA", "America"),
    "q-sa-ecowas": ("ECOWAS", "Ecowas", "the Economic Community of West African States"),
    "q-sa-alliance": ("Alliance of Sahel States", "the alliance of sahel states"),
    "q-sa-sahara": ("Sahara", "the Sahara Desert"),
    "q-sa-turned-to": (
        "Russian military contractors",
        "contractors",
        "Russian mercenaries",
        "mercenaries",
        "Russia",
    ),
    "q-num-three-militaries": ("3", "three", "Three countries", "3 countries"),
    "name-lavrov": (["Sergei Lavrov"], ["Lavrov"]),
    "name-diop": (["Diop"],),
    "talks-day": (["Thu"],),
    "mali-cut-ties": (["Mali", "Kyiv"], ["mali", "ukraine"]),
    "july-attack-place-month": (["northern Mali", "Jul"], ["the north of Mali", "July"]),
    "lavrov-accuses-ukraine": (["Kyiv"],),
    "turned-to-russian-contractors": (["Russia"], ["mercenaries"], ["contractors"]),
    "ecowas-withdrawal": (["Economic Community of West African States"],),
    "q-cloze-train": (["combat capability", "police"], ["combat capability", "law enforcement"]),
    "promise-train": (["soldiers", "police"],),
    "weapons-promise-or-offer": (["could provide"],),
    "q-cloze-instructors": (["instructors"],),
    "russia-sends-fighters": (["mercenaries"], ["military contractors"]),
    "talks-host": ("Russia",),
    "sahel-junta-led": ("military juntas",),
    "lavrov-no-evidence": (["evidence"], ["proof"]),
    "instructors-already": ("a significant number", "significant number"),
    "labels-for-russians": ("instructors",),
    "allegations-unattributed": ("no",),
    "ecowas-why-not-stated": ("No",),
    "coups": ("military coups",),
    "promise-equipment": ("military equipment",),
    "who-lavrov": ("Russia's foreign minister",),
}

# What must stay wrong, so that the alternatives above do not open the door to anything.
REJECTED: dict[str, tuple[Typed, ...]] = {
    "q-sa-lavrov": ("Diop", "Lavrov's deputy"),
    "q-sa-cut-ties-country": ("Niger", "Burkina Faso", "Ukraine"),
    "q-sa-accused-country": ("Mali", "Russia"),
    "q-sa-turned-to": ("French forces", "ECOWAS", "Ukraine"),
    "q-sa-attack-month": ("June", "Thursday"),
    "q-num-three-militaries": ("four", "2", "third", "three years"),
    "q-cloze-instructors": (["contractors"], ["mercenaries"]),
    "mali-cut-ties": (["Niger", "Ukraine"],),
    "talks-host": ("Mali",),
    "allegations-unattributed": ("yes", "Mali"),
}

# One fact asked in both decks: the same answers are accepted wherever it is asked.
# (card id, gap number for a cloze)
SAME_FACT: tuple[tuple[tuple[str, int | None], ...], ...] = (
    (("q-sa-lavrov", None), ("name-lavrov", 1)),
    (("q-sa-diop", None), ("name-diop", 1)),
    (("q-sa-talks-day", None), ("talks-day", 1)),
    (("q-sa-attack-month", None), ("july-attack-place-month", 2)),
    (("q-sa-cut-ties-country", None), ("mali-cut-ties", 1)),
    (("q-sa-accused-country", None), ("lavrov-accuses-ukraine", 1), ("mali-cut-ties", 2)),
    (("q-sa-turned-to", None), ("turned-to-russian-contractors", 1)),
    (("q-sa-ecowas", None), ("ecowas-withdrawal", 1)),
    (("q-sa-alliance", None), ("alliance-name", 1)),
    (("q-sa-terrorist-state", None), ("diop-terrorist-state", 1)),
    (("q-cloze-train", 1), ("promise-combat-capability", 1)),
    (("q-cloze-train", 2), ("promise-train", 2)),
)


def _cards(decks: Mapping[str, Deck]) -> dict[str, Card]:
    return {card.id: card for deck in decks.values() for card in deck.cards}


def _accepted_alternatives(card: Card) -> list[Typed]:
    """Every answer a card itself lists as accepted, as a student would type it."""
    if isinstance(card, Cloze):
        return [
            [alt if g is gap else g.answer for g in card.gaps]
            for gap in card.gaps
            for alt in card.accepted(gap)
        ]
    return list(getattr(card, "answers", ()) if card.kind == "short_answer" else ())


def typed_problems(
    decks: Mapping[str, Deck],
    accepted: Mapping[str, Sequence[Typed]] = ACCEPTED,
    rejected: Mapping[str, Sequence[Typed]] = REJECTED,
) -> list[str]:
    """Typed answers graded otherwise than the tables (and the cards' own lists) say."""
    cards = _cards(decks)
    problems = []
    for table, right in ((accepted, True), (rejected, False)):
        for card_id, responses in table.items():
            card = cards.get(card_id)
            if card is None:
                problems.append(f"{card_id}: no such card")
                continue
            for response in responses:
                if grade(card, response).correct is not right:
                    verb = "rejects" if right else "accepts"
                    problems.append(f"{card_id}: the grader {verb} {response!r}")
    for card in cards.values():
        for response in _accepted_alternatives(card):
            if not grade(card, response).correct:
                problems.append(f"{card.id}: its own accepted answer {response!r} is graded wrong")
    return problems


def same_fact_problems(decks: Mapping[str, Deck]) -> list[str]:
    cards = _cards(decks)

    def accepted(card_id: str, gap_number: int | None) -> frozenset[str]:
        card = cards[card_id]
        if isinstance(card, Cloze):
            (gap,) = [g for g in card.gaps if g.number == gap_number]
            return frozenset(map(normalise, card.accepted(gap)))
        return frozenset(map(normalise, getattr(card, "answers", (card.answer_text,))))

    problems = []
    for group in SAME_FACT:
        if any(card_id not in cards for card_id, _ in group):
            problems.append(f"a card of {group} is missing")
            continue
        sets = {place: accepted(*place) for place in group}
        if len(set(sets.values())) > 1:
            problems.append(f"one fact, different accepted answers: {sets}")
    return problems


# ---------------------------------------------------------------- cues in the choices

# Words that mark an answer as the careful one; a right answer may use them only if a
# wrong one does too.
HEDGES = re.compile(
    r"\b(?:not|only|according to|allegedly|reportedly|probably|possibly|perhaps|may|might"
    r"|usually|unnamed|named|in the article)\b",
    re.IGNORECASE,
)


def choice_problems(decks: Mapping[str, Deck]) -> list[str]:
    """Cues that answer a choice question without reading: the right answer's place in the
    file, its length against the others, a hedge only it has; a true/false verdict that is
    nearly always the same; an ordering of two items."""
    problems = []
    cards = list(_cards(decks).values())
    singles = [c for c in cards if isinstance(c, MultipleChoice)]
    if singles:
        places = [c.choices.index(c.answer) for c in singles]
        expected = sum(1 / len(c.choices) for c in singles)  # per place, by chance
        for place in sorted(set(range(max(len(c.choices) for c in singles)))):
            if places.count(place) > 1.6 * expected + 1:
                problems.append(
                    f"the right choice is #{place + 1} in {places.count(place)} of "
                    f"{len(singles)} cards (chance: {expected:.1f})"
                )
        if len(set(places)) < min(3, len(singles)):
            problems.append(f"the right choice is only ever at places {sorted(set(places))}")
        for word, pick in (("longest", max), ("shortest", min)):
            extreme = [c.id for c in singles if _strictly(c.answer, c.choices, pick)]
            if len(extreme) > expected + 1:
                problems.append(
                    f"the right choice is the {word} in {len(extreme)} of {len(singles)} "
                    f"cards (chance: {expected:.1f}): {extreme}"
                )
        relative = [len(c.answer) / mean(map(len, c.choices)) for c in singles]
        if not 0.85 <= mean(relative) <= 1.15:
            problems.append(f"right choices are {mean(relative):.2f} times the mean length")
        for card in singles:
            wrong = [c for c in card.choices if c != card.answer]
            if HEDGES.search(card.answer) and not any(HEDGES.search(w) for w in wrong):
                problems.append(f"{card.id}: only the right choice hedges: {card.answer!r}")
    multis = [c for c in cards if isinstance(c, MultiSelect)]
    prefix = [c.id for c in multis if set(c.choices[: len(c.answers)]) == set(c.answers)]
    if len(prefix) > len(multis) / 3:
        problems.append(f"the right choices come first in {len(prefix)} of {len(multis)}: {prefix}")
    for card in cards:
        if card.kind == "ordering" and len(card.items) < 3:  # type: ignore[union-attr]
            problems.append(f"{card.id}: an ordering of two items is a coin toss")
    verdicts = [c.answer for c in cards if c.kind == "true_false"]  # type: ignore[attr-defined]
    if verdicts and not 0.3 <= sum(verdicts) / len(verdicts) <= 0.7:
        problems.append(f"{sum(verdicts)} of {len(verdicts)} true/false cards are true")
    return problems


def _strictly(answer: str, choices: Sequence[str], pick: type[max] | type[min]) -> bool:
    others = [len(c) for c in choices if c != answer]
    return pick(len(answer), *others) == len(answer) and len(answer) not in others


# ---------------------------------------------------------------- quiz-mode distractors

# Names for one thing: quiz mode must not offer one as a wrong option for another.
SAME_THING = (
    re.compile(r"united armed forces|joint (?:military )?force", re.IGNORECASE),
    re.compile(
        r"^(?:russian )?(?:military )?(?:contractors|mercenaries|fighters|instructors)\.?$",
        re.IGNORECASE,
    ),
    re.compile(r"^(?:no|none|no one)\b", re.IGNORECASE),
)
SEEDS = range(25)


def distractor_problems(deck: Deck) -> list[str]:
    """Study flashcards offered, as wrong options, another name for their own answer."""
    problems = []
    for card in deck.cards:
        if not isinstance(card, Flashcard):
            continue
        offered = {
            wrong
            for seed in SEEDS
            for wrong in distractors(card, deck, FLASHCARD_OPTIONS - 1, random.Random(seed))
        }
        for pattern in SAME_THING:
            if pattern.search(card.back):
                clash = sorted(w for w in offered if pattern.search(w))
                if clash:
                    problems.append(f"{card.id} ({card.back!r}) is offered {clash} as wrong")
    return problems


# ---------------------------------------------------------------- tests


def test_typed_answers_are_graded_as_students_expect() -> None:
    problems = typed_problems(shipped_decks())
    assert not problems, "\n".join(problems)


def test_one_fact_accepts_the_same_answers_in_both_decks() -> None:
    problems = same_fact_problems(shipped_decks())
    assert not problems, "\n".join(problems)


def test_choices_give_no_cue_in_place_length_or_hedging() -> None:
    problems = choice_problems(shipped_decks())
    assert not problems, "\n".join(problems)


def test_quiz_mode_offers_no_other_name_for_the_answer_as_wrong() -> None:
    problems = distractor_problems(shipped_decks()[STUDY_DECK])
    assert not problems, "\n".join(problems)
