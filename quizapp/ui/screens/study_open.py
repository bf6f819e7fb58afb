"""What the reviewer is opened with (StudyOptions) and how its session is opened.

`open_study` is the blocking part of opening the reviewer: it reads the deck, its progress
and today's reviews and builds the session's queues. The study screen runs it in a thread
worker (quizapp/ui/workers.py); the errors a user can cause come out of it as messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from quizapp.bulk import collecting_later
from quizapp.store import Library
from quizapp.study import utcnow
from quizapp.study.custom import CustomError, CustomStudy
from quizapp.study.service import StudyService
from quizapp.ui.workers import Refused


@dataclass(frozen=True)
class StudyOptions:
    """What tests inject: the clock (also used for time spent), the timezone, fuzz."""

    clock: Callable[[], datetime] = utcnow
    tz: tzinfo | None = None
    fuzz: bool = True
    #: A custom study (quizapp.study.custom): its answers are not saved.
    custom: CustomStudy | None = None


def open_study(library: Library, deck_id: str, options: StudyOptions) -> StudyService:
    """The session over `deck_id` (blocking: run it off the UI thread). Refused if there is
    no such deck or a custom study takes no card; DeckError or StoreError if the deck's
    files cannot be read (their messages say why)."""
    # Opening builds a few hundred thousand objects that hold no cycles (progress
    # documents, queue slots): the cyclic GC's passes over them found nothing and took a
    # fifth of the time at 100k cards (quizapp/bulk.py).
    with collecting_later():
        try:
            service = StudyService.open(
                library, deck_id, clock=options.clock, tz=options.tz, fuzz=options.fuzz,
                custom=options.custom,
            )
        except KeyError:
            raise Refused(f"there is no deck {deck_id!r} in the library") from None
        except CustomError as error:
            raise Refused(str(error)) from None
        # The queues are built on first use, in one pass over the deck (a second at 100k
        # cards): here, in the thread, rather than when the screen asks for the first card.
        _ = service.session.counts
    return service
