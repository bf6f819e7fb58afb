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


def query(config: LrsConfig, deck_id: str | None, since: str | None) -> dict[str, str]:
    """xAPI GET parameters: a deck's statements (it is each answer's grouping activity)."""
    params: dict[str, str] = {}
    if deck_id:
        params["activity"] = f"{config.activity_base.rstrip('/')}/decks/{deck_id}"
        params["related_activities"] = "true"
    if since:
        params["since"] = since
    return params


def seconds(duration: str | None) -> str:
    match = _DURATION.match(duration or "")
    if not match:
        return ""
    hours, minutes, secs = (float(g) if g else 0.0 for g in match.groups())
    return f"{hours * 3600 + minutes * 60 + secs:.2f}"


def rows(config: LrsConfig, statements: Iterable[dict[str, Any]]) -> list[list[str]]:
    """CSV rows (header first) of the answers among `statements`, oldest first."""
    names = {actor_key(actor): name for name, actor in config.roster.items()}
    answers = []
    for st in statements:
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
        parts = obj.get("id", "").split("/decks/", 1)[-1].split("/cards/")
        context = st.get("context", {})
        answers.append(
            [
                _cell(student),
                parts[0],
                parts[1] if len(parts) > 1 else "",
                _cell(next(iter(definition.get("name", {}).values()), "")),
                verb,
                "yes" if result.get("success") else "no",
                f"{result.get('score', {}).get('scaled', 0):.2f}",
                _cell(typed if typed is not None else result.get("response", "")),
                seconds(result.get("duration")),
                st.get("timestamp", ""),
                context.get("registration", ""),
            ]
        )
    answers.sort(key=lambda row: (row[9], row[0]))
    return [HEADER, *answers]


def _cell(text: Any) -> str:
    # Students type these: keep a spreadsheet from reading them as formulas.
    value = clean(str(text))
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
