"""The teacher's report: a class's answers read back from the LRS, one row per answer.

Per student, per question: right or not, the credit, the answer given, the time taken,
when, and in which quiz or game (the registration). Students are named by the roster
when it knows them, else by their account name or hashed email.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from quizapp.text import clean
from quizapp.xapi.config import LrsConfig
from quizapp.xapi.statements import actor_key

HEADER = [
    "student",
    "deck",
    "card",
    "question",
    "verb",
    "right",
    "score",
    "answer",
    "time_s",
    "timestamp",
    "registration",
]
_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$")


def query(since: str | None) -> dict[str, str]:
    """xAPI GET parameters. Only `since` is left to the LRS: the deck is picked out here.

    Ralph 5.1.0 turns `activity` (and `verb`) into an IRI object and its fs backend then
    compares that object with the statements' strings, so a filter by activity matches
    nothing there; filtering here works on every LRS, and `--since` bounds the download.
    """
    return {"since": since} if since else {}


def in_deck(config: LrsConfig, deck_id: str | None, statement: dict[str, Any]) -> bool:
    """Whether a statement belongs to this deck (its object or grouping activity)."""
    base = config.activity_base.rstrip("/")
    if not statement.get("object", {}).get("id", "").startswith(base + "/decks/"):
        return False
    if deck_id is None:
        return True
    deck = f"{base}/decks/{deck_id}"
    grouping = statement.get("context", {}).get("contextActivities", {}).get("grouping", [])
    return any(a.get("id") == deck for a in grouping)


def seconds(duration: str | None) -> str:
    match = _DURATION.match(duration or "")
    if not match:
        return ""
    hours, minutes, secs = (float(g) if g else 0.0 for g in match.groups())
    return f"{hours * 3600 + minutes * 60 + secs:.2f}"


def rows(
    config: LrsConfig, statements: Iterable[dict[str, Any]], deck_id: str | None = None
) -> list[list[str]]:
    """CSV rows (header first) of the deck's answers among `statements`, oldest first."""
    names = {
        actor_key(actor): config.roster_names.get(key, key) for key, actor in config.roster.items()
    }
    answers = []
    for st in statements:
        if not in_deck(config, deck_id, st):
            continue
        verb = st.get("verb", {}).get("id", "").rsplit("/", 1)[-1]
        obj = st.get("object", {})
        definition = obj.get("definition", {})
        if verb not in ("answered", "attempted") or "interactionType" not in definition:
            continue
        actor = st.get("actor", {})
        account = actor.get("account", {})
        student = (
            names.get(actor_key(actor)) or account.get("name") or actor.get("mbox_sha1sum", "")
        )
        result = st.get("result", {})
        extensions = result.get("extensions", {})
        typed = next((v for k, v in extensions.items() if k.endswith("/response-text")), None)
        parts = obj["id"].split("/decks/", 1)[-1].split("/cards/")
        context = st.get("context", {})
        answers.append(
            [
                _cell(student),
                parts[0],
                parts[1] if len(parts) > 1 else "",
                _cell(next(iter(definition.get("name", {}).values()), "")),
                verb,
                "yes" if result.get("success") else "no",
                _scaled(result.get("score")),
                _cell(typed if typed is not None else result.get("response", "")),
                seconds(result.get("duration")),
                st.get("timestamp", ""),
                context.get("registration", ""),
            ]
        )
    answers.sort(key=lambda row: (row[9], row[0]))
    return [HEADER, *answers]


def _scaled(score: Any) -> str:
    try:
        return f"{float(score.get('scaled', 0)):.2f}"
    except (AttributeError, TypeError, ValueError):
        return ""


def _cell(text: Any) -> str:
    # Students type these: keep a spreadsheet from reading them as formulas.
    value = clean(str(text))
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
