"""Benchmark: drawing a quiz of 10 and 50 questions from a big studied deck.

Run: .venv/bin/python tests/bench/bench_quiz.py [--sizes 1000,10000,100000] [--runs 20]
     [--scan-up-to 10000]

Not a test (no timed assertions): it prints figures and ratios.

The deck is the studied deck of tests/bench/studied.py (half flashcards). A quiz draw is
build_quiz(deck, QuizSettings(questions=k, flashcards="choice", seed=...)): every flashcard
drawn is asked as a multiple choice, so each needs three distractors (the worst case; the
default "mixed" asks half of them). Figures:
- first: the first quiz drawn from this deck object in the process (the distractor index
  is built inside it), one per seed with the index dropped before each;
- again: later quizzes on the same deck (the index is kept);
- scan: the same quizzes drawn with the full per-question scan this replaced (copied
  below from the commit before it): the peer, on decks up to --scan-up-to cards (it
  takes seconds per question beyond); the ratio is "again" over "scan".
Anki has no quiz mode to compare with. Loading the deck from the library (the store's
work, not the draw's) is timed once per size and printed beside.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

import quizapp.quiz.build as build  # noqa: E402
from quizapp.grading import match_text, normalise  # noqa: E402
from quizapp.model import Deck, Flashcard  # noqa: E402
from quizapp.quiz import QuizSettings, build_quiz  # noqa: E402
from quizapp.quiz.distractors import _INDEXES, shape  # noqa: E402
from quizapp.store import Library  # noqa: E402
from tests.bench.report import ms, ratio, sizes_option, spread, table  # noqa: E402
from tests.bench.studied import DECK_ID, build_quizapp, now_utc  # noqa: E402


def _scan_plausibility(right: Flashcard, other: Flashcard) -> float:
    a, b = right.back, other.back
    score = 3.0 if shape(a) == shape(b) else 0.0
    score += min(len(a), len(b)) / max(len(a), len(b))
    score += fuzz.token_set_ratio(normalise(right.front), normalise(other.front)) / 200
    score += fuzz.token_set_ratio(normalise(a), normalise(b)) / 200
    if set(right.tags) & set(other.tags):
        score += 1.0
    return score


def scan_distractors(
    card: Flashcard, deck: Deck, count: int, rng: random.Random, tolerance: float = 0.2
) -> list[str]:
    """The full scan of every flashcard per question (quiz/build.py before the index)."""
    seen = {normalise(card.back)}
    ranked: list[tuple[float, str]] = []
    for other in deck.cards:
        if not isinstance(other, Flashcard) or other.id == card.id:
            continue
        key = normalise(other.back)
        if key in seen or match_text(other.back, (card.back,), tolerance) is not None:
            continue
        seen.add(key)
        ranked.append((_scan_plausibility(card, other), other.back))
    ranked.sort(key=lambda item: -item[0])
    if not ranked:
        return []
    floor = ranked[min(count, len(ranked)) - 1][0] - 1.0
    pool = [text for score, text in ranked[: count + 2] if score >= floor]
    return rng.sample(pool, min(count, len(pool)))


def draw(deck: Deck, questions: int, seed: int) -> float:
    settings = QuizSettings(questions=questions, flashcards="choice", seed=seed)
    start = time.perf_counter()
    quiz = build_quiz(deck, settings)
    took = time.perf_counter() - start
    assert len(quiz.questions) == min(questions, len(deck.cards))
    return took


def figures(deck: Deck, questions: int, runs: int, scan: bool) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"first": [], "again": [], "scan": []}
    for seed in range(runs):
        _INDEXES.clear()
        out["first"].append(draw(deck, questions, seed))
        out["again"].append(draw(deck, questions, seed + 1000))
        if scan and seed < 3:  # seconds each: a few runs are enough for a median
            kept, build.distractors = build.distractors, scan_distractors
            try:
                out["scan"].append(draw(deck, questions, seed + 1000))
            finally:
                build.distractors = kept
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sizes_option(parser)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--scan-up-to", type=int, default=10_000)
    args = parser.parse_args(argv)
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            build_quizapp(n, Path(tmp), now_utc())
            with Library.open(Path(tmp)) as library:
                start = time.perf_counter()
                deck = library.deck(DECK_ID)
                loaded = time.perf_counter() - start
        for questions in (10, 50):
            got = figures(deck, questions, args.runs, n <= args.scan_up_to)
            first, again = spread(got["first"]), spread(got["again"])
            scan = spread(got["scan"]) if got["scan"] else None
            rows.append(
                [
                    f"{n:,}",
                    str(questions),
                    f"{loaded * 1000:.0f}",
                    *(ms(v) for v in first),
                    *(ms(v) for v in again),
                    ms(scan[0]) if scan else "-",
                    ratio(again[0], scan[0]) if scan else "-",
                ]
            )
            print(f"{n} cards, {questions} questions done", flush=True)
    print()
    print("quiz drawn (build_quiz, every flashcard as multiple choice), ms")
    header = ["cards", "questions", "deck load", "first p50", "p99", "max"]
    header += ["again p50", "p99", "max", "scan p50", "again/scan"]
    print(table(header, rows))
    print("target at 100k: 50 questions drawn in under 100 ms")


if __name__ == "__main__":
    main()
