"""Putting fitted parameters to work: reschedule a deck's cards from their logs, and undo.

A deck's cards are rescheduled as if they had always been scheduled with the parameters
in force: `fsrs.Scheduler.reschedule_card` replays each card's review log. The replay is
without fuzz, so the same log and parameters always give the same due dates, and undoing
a fit (the parameters it replaced are kept in `StudySettings.previous_parameters`) puts
every card where the old parameters place it, reviews made since included.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING

import fsrs

from quizapp.model.progress import CardProgress, CardState, ReviewEntry, StudySettings
from quizapp.study.days import _utc
from quizapp.study.optimize import Fit, fit
from quizapp.study.scheduling import scheduler_for

if TYPE_CHECKING:
    from quizapp.store import Library

_STATES = {
    fsrs.State.Learning: CardState.learning,
    fsrs.State.Review: CardState.review,
    fsrs.State.Relearning: CardState.relearning,
}


def reschedule(
    progress: dict[str, CardProgress], reviews: Iterable[ReviewEntry], settings: StudySettings
) -> list[CardProgress]:
    """The cards whose state changes when their logs are replayed under `settings`."""
    logs: dict[str, list[ReviewEntry]] = defaultdict(list)
    for review in reviews:
        logs[review.card_id].append(review)
    scheduler = scheduler_for(settings, fuzz=False)
    changed = []
    for card_id, current in progress.items():
        entries = logs.get(card_id)
        if current.fsrs is None or not entries:
            continue  # never studied, or state brought in without a log: nothing to replay
        cid = int(current.fsrs.get("card_id") or zlib.crc32(current.key.encode()))
        first = min(r.at for r in entries)
        card = scheduler.reschedule_card(
            fsrs.Card(card_id=cid, due=_utc(first)),
            [
                fsrs.ReviewLog(cid, fsrs.Rating(int(r.rating)), _utc(r.at), r.duration_ms)
                for r in entries
            ],
        )
        updated = current.model_copy(
            update={"state": _STATES[card.state], "fsrs": dict(card.to_dict()), "due": card.due}
        )
        if updated != current:
            changed.append(updated)
    return changed


@dataclass(frozen=True)
class Applied:
    fit: Fit
    kept: bool
    rescheduled: int


def _use(lib: Library, deck_id: str, settings: StudySettings) -> int:
    changed = reschedule(lib.progress(deck_id), lib.reviews(deck_id), settings)
    if changed:
        lib.put_progress(*changed)
    lib.set_settings(deck_id, settings)
    return len(changed)


def optimize_deck(
    lib: Library, deck_id: str, *, tz: tzinfo | None = None, keep: bool = True
) -> Applied:
    """Fit the deck's log; keep the fit (and reschedule) only when it beats the current one."""
    settings = lib.settings(deck_id)
    reviews = lib.reviews(deck_id)
    result = fit(
        reviews,
        settings.parameters,
        tz=tz,
        relearning_steps=len(settings.relearning_steps_minutes),
    )
    if not (keep and result.better and result.parameters):
        if result.needed == 0 and not lib.read_only:
            # Counted as a fit, so an automatic re-fit waits for the next N reviews.
            lib.set_settings(deck_id, settings.model_copy(update={"fitted_at_reviews": len(reviews)}))
        return Applied(result, kept=False, rescheduled=0)
    updated = settings.model_copy(
        update={
            "parameters": result.parameters,
            "previous_parameters": settings.parameters,
            "fitted_at_reviews": len(reviews),
        }
    )
    return Applied(result, kept=True, rescheduled=_use(lib, deck_id, updated))


def can_undo(settings: StudySettings) -> bool:
    return settings.parameters != settings.previous_parameters


def undo_fit(lib: Library, deck_id: str) -> int:
    """Swap back to the parameters the last fit replaced (again: forward); cards rescheduled."""
    settings = lib.settings(deck_id)
    swapped = settings.model_copy(
        update={
            "parameters": settings.previous_parameters,
            "previous_parameters": settings.parameters,
        }
    )
    return _use(lib, deck_id, swapped)


def refit_due(settings: StudySettings, reviews: int) -> bool:
    """Whether an automatic re-fit is due: N more reviews since the last fit."""
    return settings.refit_every > 0 and reviews - settings.fitted_at_reviews >= settings.refit_every


def parameters_text(parameters: Sequence[float] | None) -> str:
    if parameters is None:
        return "FSRS-6 defaults"
    return " ".join(f"{w:.4f}" for w in parameters)
