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
    """What a fit led to: `settings` to save (None: nothing) and the cards `changed` by it."""

    fit: Fit
    kept: bool
    settings: StudySettings | None = None
    changed: tuple[CardProgress, ...] = ()

    @property
    def rescheduled(self) -> int:
        return len(self.changed)


def plan_fit(
    settings: StudySettings,
    reviews: list[ReviewEntry],
    progress: dict[str, CardProgress],
    *,
    tz: tzinfo | None = None,
    keep: bool = True,
) -> Applied:
    """Fit the log; keep the fit (and reschedule) only when it beats the current parameters.

    Pure, so that the UI runs it in a thread and saves the outcome (`save`) on its own.
    """
    result = fit(
        reviews, settings.parameters, tz=tz, relearning_steps=len(settings.relearning_steps_minutes)
    )
    if not (keep and result.better and result.parameters):
        # Counted as a fit all the same, so an automatic re-fit waits for N more reviews.
        counted = settings.model_copy(update={"fitted_at_reviews": len(reviews)})
        return Applied(result, kept=False, settings=counted if keep and not result.needed else None)
    updated = settings.model_copy(
        update={
            "parameters": result.parameters,
            "previous_parameters": settings.parameters,
            "fitted_at_reviews": len(reviews),
        }
    )
    changed = tuple(reschedule(progress, reviews, updated))
    return Applied(result, kept=True, settings=updated, changed=changed)


def save(lib: Library, deck_id: str, applied: Applied) -> None:
    if applied.changed:
        lib.put_progress(*applied.changed)
    if applied.settings is not None:
        lib.set_settings(deck_id, applied.settings)


def optimize_deck(
    lib: Library, deck_id: str, *, tz: tzinfo | None = None, keep: bool = True
) -> Applied:
    """Fit a deck's log in the library and save what comes of it."""
    applied = plan_fit(
        lib.settings(deck_id), lib.reviews(deck_id), lib.progress(deck_id), tz=tz, keep=keep
    )
    save(lib, deck_id, applied)
    return applied


def can_undo(settings: StudySettings) -> bool:
    return settings.parameters != settings.previous_parameters


def plan_undo(
    settings: StudySettings, reviews: list[ReviewEntry], progress: dict[str, CardProgress]
) -> Applied:
    """Swap back to the parameters the last fit replaced (once more: forward again)."""
    swapped = settings.model_copy(
        update={
            "parameters": settings.previous_parameters,
            "previous_parameters": settings.parameters,
        }
    )
    changed = tuple(reschedule(progress, reviews, swapped))
    undone = Fit(reviews=len(reviews), needed=0)
    return Applied(undone, kept=True, settings=swapped, changed=changed)


def undo_fit(lib: Library, deck_id: str) -> int:
    """Undo the last fit in the library; returns how many cards were rescheduled."""
    applied = plan_undo(lib.settings(deck_id), lib.reviews(deck_id), lib.progress(deck_id))
    save(lib, deck_id, applied)
    return applied.rescheduled


def refit_due(settings: StudySettings, reviews: int) -> bool:
    """Whether an automatic re-fit is due: N more reviews since the last fit."""
    return settings.refit_every > 0 and reviews - settings.fitted_at_reviews >= settings.refit_every


def parameters_text(parameters: Sequence[float] | None) -> str:
    if parameters is None:
        return "FSRS-6 defaults"
    return " ".join(f"{w:.4f}" for w in parameters)
