"""A simulated student whose memory follows a known FSRS-6 forgetting curve.

The app schedules with FSRS-6's defaults (as quizapp does before a fit) while the student
actually remembers with TRUE_PARAMETERS: at each due date the student recalls with the
retrievability the true curve gives, and the review is logged as quizapp logs it. A fit
of such a log should recover a curve that predicts held-out reviews better than the
defaults do. Shared by tests/test_optimize.py and tests/bench/bench_optimize.py.
"""

from __future__ import annotations

import heapq
import random
from datetime import UTC, datetime, timedelta

import fsrs

from quizapp.model.progress import CardState, Rating, ReviewEntry

START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
DEFAULTS = fsrs.Scheduler().parameters
#: A student who remembers much longer than the average one: initial stabilities three times
#: the defaults, a steeper growth of stability after a success, a flatter forgetting curve.
TRUE_PARAMETERS = (
    *(w * 3 for w in DEFAULTS[:4]),
    *DEFAULTS[4:8],
    DEFAULTS[8] + 0.5,
    *DEFAULTS[9:20],
    0.35,
)

_STATES = {
    fsrs.State.Learning: CardState.learning,
    fsrs.State.Review: CardState.review,
    fsrs.State.Relearning: CardState.relearning,
}


def simulate_log(
    reviews: int, *, deck_id: str = "d", seed: int = 7, cards_per_day: int = 20
) -> list[ReviewEntry]:
    """About `reviews` reviews of a growing deck, in time order."""
    rng = random.Random(seed)
    app = fsrs.Scheduler(enable_fuzzing=False)
    truth = fsrs.Scheduler(parameters=TRUE_PARAMETERS, enable_fuzzing=False)
    due: list[tuple[datetime, int]] = []
    cards: dict[int, tuple[fsrs.Card, fsrs.Card, CardState]] = {}
    log: list[ReviewEntry] = []
    day = 0
    while len(log) < reviews:
        today = START + timedelta(days=day)
        for n in range(cards_per_day):
            cid = len(cards) + 1
            cards[cid] = (fsrs.Card(card_id=cid, due=today), fsrs.Card(card_id=cid, due=today),
                          CardState.new)
            heapq.heappush(due, (today + timedelta(minutes=n), cid))
        tomorrow = today + timedelta(days=1)
        while due and len(log) < reviews:
            at, cid = due[0]
            if at >= tomorrow:
                break
            heapq.heappop(due)
            app_card, true_card, state = cards[cid]
            seen = true_card.last_review is not None
            recalled = (not seen and rng.random() < 0.75) or (
                seen and rng.random() < truth.get_card_retrievability(true_card, at)
            )
            if recalled:
                rating = fsrs.Rating.Easy if rng.random() < 0.1 else fsrs.Rating.Good
            else:
                rating = fsrs.Rating.Again
            app_card, _ = app.review_card(app_card, rating, at)
            true_card, _ = truth.review_card(true_card, rating, at)
            after = _STATES[app_card.state]
            log.append(
                ReviewEntry(
                    deck_id=deck_id, card_id=f"c{cid}", rating=Rating(int(rating)), at=at,
                    duration_ms=rng.randint(2000, 9000), state_before=state, state_after=after,
                    due_after=app_card.due,
                )
            )
            cards[cid] = (app_card, true_card, after)
            heapq.heappush(due, (app_card.due, cid))
        day += 1
    return log
