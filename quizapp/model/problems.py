"""Problems with deck data, said so that an author can fix them.

Every problem names the file, the card (id, or position when the id is missing)
and the field, and says what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quizapp.model.rules import RuleError

if TYPE_CHECKING:  # pydantic is imported only where a deck is validated
    from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    card: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        from quizapp.text import clean  # messages quote file content: keep escapes out

        return clean(self._text())

    def _text(self) -> str:
        where = [self.file] if self.file else []
        if self.card is not None:
            where.append(f"card {self.card}")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{': '.join(where)}: {self.message}" if where else self.message


class DeckError(Exception):
    """A deck that cannot be used, with every problem found in it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _card_label(raw_cards: Any, index: int) -> str:
    if isinstance(raw_cards, Sequence) and 0 <= index < len(raw_cards):
        card = raw_cards[index]
        if isinstance(card, Mapping) and isinstance(card.get("id"), str) and card["id"]:
            # The id is not validated yet: it may carry terminal escapes.
            return f"{_shown(card['id'])} (#{index + 1})"
    return f"#{index + 1}"


def _shown(value: str) -> str:
    """A value quoted for a message, with control characters made visible, never sent raw."""
    text = repr(value)
    return "'" + text[1:-1] + "'" if text[0] == '"' else text


def _kinds() -> list[str]:
    from quizapp.model.cards import KINDS  # the one list of kinds

    return sorted(KINDS)


def _message(error: Mapping[str, Any]) -> tuple[str | None, str]:
    """The field a pydantic error is about (if it says more) and a readable message."""
    ctx = error.get("ctx") or {}
    exc = ctx.get("error")
    if isinstance(exc, RuleError):
        return exc.field, exc.message
    kind = error.get("type", "")
    msg = str(error.get("msg", "invalid"))
    if kind == "string_pattern_mismatch":
        return None, (
            "must be lower-case letters, digits, '-', '_' or '.', starting with a letter or digit "
            "(at most 80 characters); e.g. 'lavrov-role'"
        )
    if kind in ("tuple_type", "list_type"):
        return None, 'should be a list, e.g. ["one", "two"]'
    if kind == "missing":
        return None, "is required; add it"
    if kind == "extra_forbidden":
        return None, "is not a known field; remove it or check its spelling"
    if kind == "union_tag_invalid":
        return "kind", (f"unknown kind {ctx.get('tag')!r}; use one of: {', '.join(_kinds())}")
    if kind == "union_tag_not_found":
        return "kind", f"is required; use one of: {', '.join(_kinds())}"
    msg = msg.removeprefix("Value error, ")
    return None, msg[0].lower() + msg[1:] if msg else msg


def problems_from(
    error: ValidationError | Iterable[Mapping[str, Any]], file: str, raw: Any = None
) -> list[Problem]:
    """Turn pydantic's errors on a deck into problems an author can act on."""
    raw_cards = raw.get("cards") if isinstance(raw, Mapping) else None
    problems: list[Problem] = []
    errors = error.errors() if hasattr(error, "errors") else error
    for err in errors:
        loc = [part for part in err["loc"]]
        card: str | None = None
        if len(loc) >= 2 and loc[0] == "cards" and isinstance(loc[1], int):
            card = _card_label(raw_cards, loc[1])
            loc = loc[2:]
            if loc and loc[0] in _kinds():
                loc = loc[1:]
        rule_field, message = _message(err)
        parts = [str(p) if not isinstance(p, int) else f"[{p}]" for p in loc]
        if rule_field:
            parts.append(rule_field)
        field = ".".join(parts).replace(".[", "[") or None
        problems.append(Problem(file=file, card=card, field=field, message=message))
    return problems


def dedupe(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
