"""Live classroom answers as reviews in the student's own library, found on the student's side.

The host sends no card ids (an author's id can give an answer away) and is never told
anything about the student's library: everything here happens in the student's client,
from what the host sends every player anyway. A deck is the student's copy when its title
is the game's (`welcome.deck_title`); a question is one of its cards when the card's prompt
is the question's and, once the question closes, its answer is the result's
`answer_text`. Each answered question is then recorded as study mode would rate it
(quizapp.study.recorded: right Good, wrong Again, the host's own timing of the answer).

The same answers, kept by the browser page as a file (ANSWERS_FORMAT), are read back by
`quizapp import` through `read_answers_file` and recorded the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from quizapp.classroom.protocol import Ack, Question, Result, ServerMessage, Welcome
from quizapp.study.days import utcnow
from quizapp.study.recorded import OutsideAnswer, record_answers
from quizapp.text import clean_text

if TYPE_CHECKING:
    from quizapp.store import Library

ANSWERS_FORMAT = "quizapp-classroom-answers"
#: An answers file larger than this is not one (a game of 500 questions is well under it).
MAX_ANSWERS_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class LiveAnswer:
    """One closed question as the student saw it (all of it came from the host)."""

    question: int
    prompt: str
    answer_text: str
    answered: bool
    right: bool
    time_ms: int
    at: datetime


@dataclass(frozen=True)
class Matched:
    deck_id: str | None
    recorded: int
    unmatched: int


def _cards_by_text(library: Library, deck_title: str) -> dict[tuple[str, str], tuple[str, str]]:
    index: dict[tuple[str, str], tuple[str, str]] = {}
    for summary in library.summaries():
        if summary.title != deck_title:
            continue
        for card in library.deck(summary.id).cards:
            index.setdefault((card.prompt, card.answer_text), (summary.id, card.id))
    return index


def record_live(
    library: Library, deck_title: str, answers: Iterable[LiveAnswer], source: str
) -> Matched:
    """Record the answered questions that are cards of the student's deck of that title."""
    index = _cards_by_text(library, deck_title)
    by_deck: dict[str, list[OutsideAnswer]] = {}
    unmatched = 0
    for answer in answers:
        if not answer.answered:
            continue
        found = index.get((answer.prompt, answer.answer_text))
        if found is None:
            unmatched += 1
            continue
        deck_id, card_id = found
        by_deck.setdefault(deck_id, []).append(
            OutsideAnswer(card_id, answer.right, answer.at, answer.time_ms)
        )
    recorded = 0
    for deck_id, mine in by_deck.items():
        # The same file imported twice records nothing the second time.
        had = {(r.card_id, r.at) for r in library.reviews(deck_id) if r.source == source}
        fresh = [a for a in mine if (a.card_id, a.at) not in had]
        recorded += record_answers(library, deck_id, fresh, source)
    return Matched(next(iter(by_deck), None), recorded, unmatched)


class LiveRecorder:
    """Watches a client's messages and records each closed, answered question at once.

    Pass `observe` as the ClassroomClient's observer. `record=False` keeps the answers
    (for the file) without touching the library.
    """

    def __init__(
        self,
        library: Library | None,
        *,
        clock: Callable[[], datetime] = utcnow,
        notify: Callable[[str], None] = lambda text: None,
    ) -> None:
        self.library = library
        self.clock = clock
        self.notify = notify
        self.deck_title = ""
        self.source = ""
        self.answers: list[LiveAnswer] = []
        self.recorded = 0
        self._prompts: dict[int, str] = {}
        self._times: dict[int, int] = {}
        self._done: set[int] = set()

    def observe(self, message: ServerMessage) -> None:
        if isinstance(message, Welcome):
            if not self.deck_title:
                self.deck_title = message.deck_title
                self.source = f"classroom:{self.clock().isoformat(timespec='seconds')}"
                self._tell_where()
        elif isinstance(message, Question):
            self._prompts[message.index] = message.prompt
        elif isinstance(message, Ack):
            self._times[message.question] = message.time_ms
        elif isinstance(message, Result) and message.question not in self._done:
            self._closed(message)

    def _tell_where(self) -> None:
        if self.library is None:
            return
        ids = [s.id for s in self.library.summaries() if s.title == self.deck_title]
        if ids:
            self.notify(f"Your answers count as reviews in your deck {ids[0]!r}.")
        else:
            self.notify(f"No deck titled {self.deck_title!r} in your library: not recorded.")

    def _closed(self, result: Result) -> None:
        self._done.add(result.question)
        answer = LiveAnswer(
            question=result.question,
            prompt=self._prompts.get(result.question, ""),
            answer_text=result.answer_text,
            answered=result.answered,
            right=result.right,
            time_ms=self._times.get(result.question, 0),
            at=self.clock(),
        )
        self.answers.append(answer)
        if self.library is None or not answer.answered:
            return
        from quizapp.model import DeckError
        from quizapp.store import StoreError

        try:
            matched = record_live(self.library, self.deck_title, [answer], self.source)
        except (StoreError, DeckError, OSError) as error:
            # The game goes on: a library that cannot be written only loses this review.
            self.notify(f"(not recorded in your library: {error})")
            return
        self.recorded += matched.recorded
        if matched.recorded:
            self.notify("(recorded as a review in your library)")


def answers_document(deck_title: str, source: str, answers: Iterable[LiveAnswer]) -> str:
    """The answers file, as the browser page writes it (see PROTOCOL.md)."""
    rows = [{**asdict(a), "at": a.at.isoformat()} for a in answers]
    doc = {"format": ANSWERS_FORMAT, "version": 1, "deck_title": deck_title, "source": source}
    return json.dumps({**doc, "answers": rows}, ensure_ascii=False, indent=1)


def is_answers_file(data: bytes) -> bool:
    return len(data) <= MAX_ANSWERS_BYTES and ANSWERS_FORMAT.encode() in data[:200]


def read_answers_file(data: bytes, name: str) -> tuple[str, str, list[LiveAnswer]]:
    """(deck title, source, answers) from an answers file; ValueError naming what is wrong."""
    if len(data) > MAX_ANSWERS_BYTES:
        raise ValueError(f"{name}: is {len(data)} bytes, too large for an answers file")
    try:
        doc: Any = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{name}: is not a JSON answers file ({error})") from None
    if not isinstance(doc, dict) or doc.get("format") != ANSWERS_FORMAT:
        raise ValueError(f"{name}: is not a quizapp classroom answers file")
    if not isinstance(doc.get("answers"), list) or not isinstance(doc.get("deck_title"), str):
        raise ValueError(f"{name}: field 'answers' (a list) or 'deck_title' (a text) is missing")
    answers = []
    for number, row in enumerate(doc["answers"], 1):
        try:
            at = datetime.fromisoformat(row["at"])
            if at.tzinfo is None:
                raise ValueError("a time without a timezone")
            answers.append(
                LiveAnswer(
                    question=int(row["question"]),
                    prompt=clean_text(str(row["prompt"])),
                    answer_text=clean_text(str(row["answer_text"])),
                    answered=row["answered"] is True,
                    right=row["right"] is True,
                    time_ms=max(0, min(int(row["time_ms"]), 3_600_000)),
                    at=at,
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"{name}: answer {number}: {error!s} (each needs question, prompt, answer_text, "
                "answered, right, time_ms and at)"
            ) from None
    source = clean_text(str(doc.get("source") or "classroom"))[:80]
    return clean_text(doc["deck_title"]), source, answers
