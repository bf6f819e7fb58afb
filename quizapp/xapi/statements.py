"""xAPI 2.0 statements derived from the records the library already keeps.

A study review, a quiz attempt (one statement per question, one for the attempt) and a
hosted game (per student: one per question, one for the game) each become statements.
Nothing here writes: the answer path is untouched, and a statement can always be built
again from its record. Ids are uuid5 of the event (who, what, when), so a resend carries
the same id and the LRS keeps one copy.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from quizapp.quiz.attempts import NOT_ANSWERED
from quizapp.text import clean
from quizapp.xapi.config import LrsConfig, roster_key
from quizapp.xapi.interactions import (
    INTERACTION_TYPE,
    definition,
    lang_map,
    parse_response_text,
    response,
)

XAPI_VERSION = "2.0.0"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://quizapp.invalid/xapi/statement")
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    n: {"id": ADL + n, "display": {"en-US": n}} for n in ("answered", "attempted", "completed")
}
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
COURSE = "http://adlnet.gov/expapi/activities/course"
#: Statements from these library tables, oldest record first.
SOURCES = ("reviews", "attempts", "classroom")

CardLookup = Callable[[str, str], Any]  # (deck id, card id) -> Card or None
DeckLookup = Callable[[str], Any]  # deck id -> Deck or None


@dataclass(frozen=True)
class Built:
    """The statements of one record, and what could not be sent (for the status)."""

    statements: list[dict[str, Any]]
    skipped: int = 0  # players of a game not in the roster


def statement_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join(str(p) for p in parts)))


def actor_key(actor: dict[str, Any]) -> str:
    if "account" in actor:
        return f"account:{actor['account']['homePage']}:{actor['account']['name']}"
    return f"sha1:{actor.get('mbox_sha1sum', '')}"


def duration(ms: int | float | None) -> str:
    """ISO 8601 duration in seconds to 0.01 s, as xAPI recommends."""
    return f"PT{max(0, (ms or 0)) / 1000:.2f}S"


def _timestamp(value: str | datetime) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class StatementBuilder:
    def __init__(self, config: LrsConfig, card_of: CardLookup, deck_of: DeckLookup) -> None:
        self.config = config
        self.base = config.activity_base.rstrip("/")
        self._card_of = card_of
        self._deck_of = deck_of

    # --- activities ------------------------------------------------------------------

    def deck_activity(self, deck_id: str) -> dict[str, Any]:
        deck = self._deck_of(deck_id)
        out: dict[str, Any] = {"objectType": "Activity", "id": f"{self.base}/decks/{deck_id}"}
        out["definition"] = {
            "type": COURSE,
            "name": lang_map(deck.title if deck is not None else deck_id, self._lang(deck_id)),
        }
        return out

    def _lang(self, deck_id: str) -> str:
        deck = self._deck_of(deck_id)
        return (getattr(deck, "language", "") or "und") if deck is not None else "und"

    def card_activity(
        self, deck_id: str, card_id: str, kind: str, prompt: str = "", *, reveal: bool = True
    ) -> dict[str, Any]:
        card = self._card_of(deck_id, card_id)
        language = self._lang(deck_id)
        if card is not None:
            shape = definition(card, language, correct_responses=reveal)
        else:  # the card is gone from the library: what the record itself says
            shape = {
                "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                "name": lang_map(prompt or card_id, language),
                "interactionType": INTERACTION_TYPE.get(kind, "other"),
            }
        return {
            "objectType": "Activity",
            "id": f"{self.base}/decks/{deck_id}/cards/{card_id}",
            "definition": shape,
        }

    def extension(self, name: str) -> str:
        return f"{self.base}/extensions/{name}"

    # --- one record -> its statements ---------------------------------------------------

    def build(self, table: str, doc: dict[str, Any]) -> Built:
        if table == "reviews":
            return Built([self.review(doc)])
        if table == "attempts":
            return Built(self.attempt(doc))
        if table == "classroom":
            return self.game(doc)
        raise ValueError(table)

    def _statement(
        self,
        sid: str,
        actor: dict[str, Any],
        verb: str,
        obj: dict[str, Any],
        result: dict[str, Any],
        context: dict[str, Any],
        when: str | datetime,
    ) -> dict[str, Any]:
        return {
            "id": sid,
            "actor": actor,
            "verb": VERBS[verb],
            "object": obj,
            "result": result,
            "context": {"platform": "quizapp", **context},
            "timestamp": _timestamp(when),
        }

    def _context(self, deck_id: str, **more: Any) -> dict[str, Any]:
        activities: dict[str, Any] = {"grouping": [self.deck_activity(deck_id)]}
        if parent := more.pop("parent", None):
            activities["parent"] = [parent]
        context: dict[str, Any] = {"contextActivities": activities, **more}
        language = self._lang(deck_id)
        if language != "und":
            context["language"] = language
        return context

    def review(self, doc: dict[str, Any]) -> dict[str, Any]:
        """A study review: answered, with the rating; success is the grade, or not 'again'."""
        actor = self.config.actor
        deck_id, card_id = doc["deck_id"], doc["card_id"]
        card = self._card_of(deck_id, card_id)
        kind = card.kind if card is not None else "flashcard"
        rating = int(doc["rating"])
        correct = doc.get("correct")
        success = bool(correct) if correct is not None else rating > 1
        result = {
            "success": success,
            "score": {"scaled": 1.0 if success else 0.0},
            "duration": duration(doc.get("duration_ms")),
            "extensions": {
                self.extension("rating"): rating,
                self.extension("state-before"): doc.get("state_before"),
                self.extension("state-after"): doc.get("state_after"),
            },
        }
        sid = statement_id(
            "review", actor_key(actor), self.base, deck_id, card_id, doc["at"], doc.get("_id")
        )
        return self._statement(
            sid,
            actor,
            "answered",
            self.card_activity(deck_id, card_id, kind),
            result,
            self._context(deck_id),
            doc["at"],
        )

    def attempt(self, doc: dict[str, Any]) -> list[dict[str, Any]]:
        """A quiz: each question answered (or attempted, if left), then the quiz completed."""
        actor = self.config.actor
        deck_id, started = doc["deck_id"], doc["started"]
        event = ("quiz", actor_key(actor), self.base, deck_id, started)
        registration = statement_id(*event)
        quiz = {
            "objectType": "Activity",
            "id": f"{self.base}/decks/{deck_id}/quiz",
            "definition": {"type": ASSESSMENT, "name": lang_map("Quiz", "en")},
        }
        out = []
        for index, item in enumerate(doc.get("questions", [])):
            kind, card_id = item.get("kind", "flashcard"), item["card_id"]
            card = self._card_of(deck_id, card_id)
            text = item.get("response", "")
            answered = item.get("verdict") not in NOT_ANSWERED
            result: dict[str, Any] = {
                "success": bool(item.get("correct")),
                "score": _score(item.get("score", 0.0), item.get("points"), item.get("max_points")),
                "duration": duration(item.get("time_ms")),
                "extensions": {self.extension("verdict"): item.get("verdict", "")},
            }
            if answered and text:
                self._response(result, card, kind, parse_response_text(kind, text), text)
            out.append(
                self._statement(
                    statement_id(*event, index),
                    actor,
                    "answered" if answered else "attempted",
                    self.card_activity(deck_id, card_id, kind),
                    result,
                    self._context(deck_id, registration=registration, parent=quiz),
                    doc["finished"],
                )
            )
        elapsed = _elapsed_ms(started, doc["finished"])
        summary = {
            "completion": True,
            "score": _score(doc.get("percent", 0) / 100, doc.get("points"), doc.get("max_points")),
            "duration": duration(elapsed),
        }
        out.append(
            self._statement(
                statement_id(*event, "completed"),
                actor,
                "completed",
                quiz,
                summary,
                self._context(deck_id, registration=registration),
                doc["finished"],
            )
        )
        return out

    def game(self, doc: dict[str, Any]) -> Built:
        """A hosted game, for every player the roster names (the others are counted)."""
        deck_id, started = doc["deck_id"], doc["started_at"]
        event = ("game", self.base, deck_id, started)
        registration = statement_id(*event)
        game = {
            "objectType": "Activity",
            "id": f"{self.base}/decks/{deck_id}/games/{registration}",
            "definition": {
                "type": ASSESSMENT,
                "name": lang_map(f"Live quiz: {doc.get('deck_title') or deck_id}", "en"),
            },
        }
        out: list[dict[str, Any]] = []
        skipped = set()
        for question in doc.get("questions", []):
            activity = self.card_activity(
                deck_id, question["card_id"], question["kind"], question.get("prompt", "")
            )
            card = self._card_of(deck_id, question["card_id"])
            for answer in question.get("answers", []):
                actor = self.config.roster.get(roster_key(answer["player"]))
                if actor is None:
                    skipped.add(answer["player"])
                    continue
                given = answer.get("answer")
                result: dict[str, Any] = {
                    "success": bool(answer.get("right")),
                    "score": {"scaled": _unit(answer.get("score", 0.0))},
                    "extensions": {self.extension("points"): answer.get("points", 0)},
                }
                if answer.get("time_ms") is not None:
                    result["duration"] = duration(answer["time_ms"])
                if given is not None:
                    self._response(result, card, question["kind"], given, _text(given))
                out.append(
                    self._statement(
                        statement_id(*event, actor_key(actor), question["index"]),
                        actor,
                        "answered" if given is not None else "attempted",
                        activity,
                        result,
                        self._context(deck_id, registration=registration, parent=game),
                        doc["finished_at"],
                    )
                )
        for player in doc.get("players", []):
            actor = self.config.roster.get(roster_key(player["name"]))
            if actor is None:
                skipped.add(player["name"])
                continue
            result = {
                "completion": True,
                "score": {"raw": player.get("score", 0), "min": 0},
                "extensions": {
                    self.extension("rank"): player.get("rank"),
                    self.extension("right"): player.get("right", 0),
                },
            }
            out.append(
                self._statement(
                    statement_id(*event, actor_key(actor), "completed"),
                    actor,
                    "completed",
                    game,
                    result,
                    self._context(deck_id, registration=registration),
                    doc["finished_at"],
                )
            )
        return Built(out, skipped=len(skipped))

    def _response(
        self, result: dict[str, Any], card: Any, kind: str, given: Any, text: str
    ) -> None:
        formatted = response(card, kind, given)
        if formatted is not None:
            result["response"] = formatted
        # What the student wrote, as they wrote it: the teacher's report reads this.
        result["extensions"][self.extension("response-text")] = clean(text)[:2000]


def _score(scaled: float, raw: Any, maximum: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"scaled": _unit(scaled)}
    if isinstance(raw, int | float) and isinstance(maximum, int | float) and maximum > 0:
        raw_value = min(max(float(raw), 0.0), float(maximum))
        out.update(raw=round(raw_value, 4), min=0, max=float(maximum))
    return out


def _unit(value: Any) -> float:
    try:
        return round(min(max(float(value), 0.0), 1.0), 4)
    except (TypeError, ValueError):
        return 0.0


def _elapsed_ms(start: str, end: str) -> float:
    delta = datetime.fromisoformat(end) - datetime.fromisoformat(start)
    return max(delta, timedelta(0)).total_seconds() * 1000


def _text(given: Any) -> str:
    if isinstance(given, dict):
        return "; ".join(f"{k} → {v}" for k, v in given.items())
    if isinstance(given, list):
        return " | ".join(str(g) for g in given)
    return str(given)
