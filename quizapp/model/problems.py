"""Problems with deck data, said so that an author can fix them.

Every problem names the file, the card (id, or position when the id is missing)
and the field, and says what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from quizapp.model.rules import RuleError

if TYPE_CHECKING:  # pydantic is imported only where a deck is validated
    from pydantic import BaseModel, ValidationError


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


# --- pydantic's errors in the author's words ----------------------------------------------
#
# Every error type the models can raise has a message here that says what is wrong in
# the words of the deck file and what to write instead; pydantic's own wording ("Input
# should be ...", "after validation") never reaches a user. tests/test_model_messages.py
# breaks every field and validator of every model and checks each message.

#: What one item of a list field is called, for "give at least 2 choices".
_ITEM_NOUNS = {
    "choices": "choices",
    "answers": "answers",
    "items": "items",
    "pairs": "pairs",
    "tags": "tags",
    "evidence": "quotes",
    "media": "images",
    "cards": "cards",
    "sources": "sources",
    "parameters": "parameters",
    "previous_parameters": "parameters",
    "fields": "fields",
    "templates": "templates",
    "values": "values",
}
#: An example of a list field, for "should be a list, e.g. ...".
_LIST_EXAMPLES = {
    "choices": '["Paris", "Lyon"]',
    "answers": '["Paris"]',
    "items": '["first", "second"]',
    "pairs": '[["France", "Paris"], ["Mali", "Bamako"]]',
    "tags": '["geography"]',
    "media": "[] (the importer fills it in)",
    "evidence": "[{ id = 'src', paragraph = 2, quote = 'words copied from it' }]",
    "learning_steps_minutes": "1m 10m",
    "relearning_steps_minutes": "10m",
}
#: An example of a table field, for "should be a table, e.g. ...".
_TABLE_EXAMPLES = {
    "source": "{ id = 'src', paragraph = 1, quote = 'words copied from it' }",
    "evidence": "{ id = 'src', paragraph = 2, quote = 'words copied from it' }",
    "sources": "{ id = 'src', title = 'Where the cards come from' }",
    "alternatives": "{ c1 = ['Sergei Lavrov'] }",
}
#: The patterns of the model's string fields, and what to write instead.
_PATTERNS = {
    "^[a-z0-9][a-z0-9_.-]": (
        "must be lower-case letters, digits, '-', '_' or '.', starting with a letter or digit "
        "(at most 80 characters); write it e.g. as 'lavrov-role'"
    ),
    "0-9a-f]{64}": (
        "must be the name the importer gave the image (64 hex digits and an extension); "
        "remove it and import the image again"
    ),
}


_LISTS = ("Tuple", "List", "Set", "Dictionary")


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


@cache
def _bounds() -> dict[str, tuple[str, str, Any]]:
    """Every numeric field's limits as words ("at least 1", "at most 99") and its default."""
    from quizapp.model.anki_origin import AnkiNote
    from quizapp.model.cards import CARD_TYPES, SourceRef
    from quizapp.model.deck import Deck
    from quizapp.model.progress import StudySettings

    out: dict[str, tuple[str, str, Any]] = {}
    models: tuple[type[BaseModel], ...] = (
        *CARD_TYPES.values(),
        SourceRef,
        Deck,
        AnkiNote,
        StudySettings,
    )
    for model in models:
        for name, info in model.model_fields.items():
            low = high = ""
            for rule in info.metadata:
                for attr, words in (("ge", "at least"), ("gt", "more than")):
                    if getattr(rule, attr, None) is not None:
                        low = f"{words} {_number(getattr(rule, attr))}"
                for attr, words in (("le", "at most"), ("lt", "less than")):
                    if getattr(rule, attr, None) is not None:
                        high = f"{words} {_number(getattr(rule, attr))}"
            if low or high:
                out[name] = (low, high, info.default)
    return out


def _range(field: str, broken: str) -> str:
    """'must be between 0.7 and 0.99; write e.g. 0.9' for a number out of its field's range."""
    low, high, _ = _bounds().get(field, ("", "", None))
    if low.startswith("at least") and high.startswith("at most"):
        said = f"must be between {low.split()[-1]} and {high.split()[-1]}"
    elif low and high:
        said = f"must be {low} and {high}"
    else:
        said = broken
    return f"{said}; write e.g. {_example(field, 1)}"


def _example(field: str, fallback: float) -> str:
    """A number the field takes: its default, else its lowest value, else `fallback`."""
    low, _, default = _bounds().get(field, ("", "", None))
    if isinstance(default, int | float) and not isinstance(default, bool):
        return _number(default)
    if low.startswith("at least"):
        return low.split()[-1]
    return _number(fallback)


def _noun(field: str, count: Any) -> str:
    noun = _ITEM_NOUNS.get(field, "items")
    return noun.removesuffix("s") if count == 1 else noun


def _words(kind: str, ctx: Mapping[str, Any], field: str, item: bool) -> str | None:
    """The message for one pydantic error type, or None for a type not known here.

    `field` is the last named field of the error's location; `item` says the error is
    about one item of that field (pairs[1]) rather than the field itself."""
    if kind in ("too_short", "too_long") and ctx.get("field_type") not in _LISTS:
        kind = "string_" + kind  # a length rule on text (a constrained Line)
    if kind == "missing":
        return "is required; add it"
    if kind == "extra_forbidden":
        return "is not a known field; remove it or check its spelling"
    if kind == "string_type":
        return 'should be text; write it in quotes, e.g. "Paris"'
    if kind == "string_too_short":
        need = ctx.get("min_length", 1)
        return (
            "is empty; write its text"
            if need == 1
            else f"is too short; write {need} characters or more"
        )
    if kind == "string_too_long":
        return f"is too long; shorten it to {ctx.get('max_length')} characters at most"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return next(
            (m for key, m in _PATTERNS.items() if key in pattern), _PATTERNS["^[a-z0-9][a-z0-9_.-]"]
        )
    if kind == "too_short":
        if field == "pairs" and item:
            return "a pair needs a left and a right side; write it as [left, right]"
        need, has = ctx.get("min_length"), ctx.get("actual_length")
        if item:
            return f"has too few parts; give {need}"
        return f"has {has or 'none'}; give at least {need} {_noun(field, need)}"
    if kind == "too_long":
        if field == "pairs" and item:
            return "a pair has only a left and a right side; write it as [left, right]"
        most = ctx.get("max_length")
        if item:
            return f"has too many parts; keep {most} and remove the rest"
        return f"has too many; keep at most {most} {_noun(field, most)} and remove the rest"
    if kind in ("tuple_type", "list_type"):
        return f"should be a list; write it e.g. as {_LIST_EXAMPLES.get(field, '[one, two]')}"
    if kind in ("dict_type", "model_type", "model_attributes_type") and field == "anki":
        return "should be the table the Anki importer wrote; remove it or import the .apkg again"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        example = _TABLE_EXAMPLES.get(field, "{ key = 'value' }")
        return f"should be a table of fields; write it e.g. as {example}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"should be a whole number; write it e.g. as {_example(field, 3)}"
    if kind in ("float_type", "float_parsing"):
        return f"should be a number; write it e.g. as {_example(field, 2.5)}"
    if kind == "finite_number":
        return "should be a real number, not inf or nan; write it e.g. as 42"
    if kind in ("bool_type", "bool_parsing"):
        return "should be true or false; write one of them, without quotes"
    if kind.startswith(("date_", "datetime_")):
        return "should be a date; write it as YYYY-MM-DD, e.g. 2026-06-30"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()), "")
        said = {
            "greater_than": f"must be more than {_number(bound)}",
            "greater_than_equal": f"must be {_number(bound)} or more",
            "less_than": f"must be less than {_number(bound)}",
            "less_than_equal": f"must be {_number(bound)} or less",
        }[kind]
        return _range(field, said)
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}; use one of them"
    return None


def _message(error: Mapping[str, Any]) -> tuple[str | None, str]:
    """The field a pydantic error is about (if it says more) and a readable message."""
    ctx = error.get("ctx") or {}
    exc = ctx.get("error")
    if isinstance(exc, RuleError):
        return exc.field, exc.message
    kind = error.get("type", "")
    if kind == "union_tag_invalid":
        return "kind", (f"unknown kind {ctx.get('tag')!r}; use one of: {', '.join(_kinds())}")
    if kind == "union_tag_not_found":
        return "kind", f"is required; use one of: {', '.join(_kinds())}"
    if kind == "value_error":  # a model's own ValueError: its message is already the author's
        msg = str(exc if exc is not None else error.get("msg", "")).removeprefix("Value error, ")
        return None, msg[0].lower() + msg[1:] if msg else "is not valid; check it"
    loc = tuple(error.get("loc", ()))
    names = [part for part in loc if isinstance(part, str)]
    item = bool(loc) and isinstance(loc[-1], int)
    words = _words(kind, ctx, names[-1] if names else "", item)
    # A type not met before: still no pydantic wording, and a way to find out more.
    return None, words or "cannot be read here; check it against a deck in the decks/ folder"


#: The study settings as the settings screen and `quizapp settings` name them.
SETTING_NAMES = {
    "desired_retention": "desired retention",
    "learning_steps_minutes": "learning steps",
    "relearning_steps_minutes": "relearning steps",
    "new_per_day": "new cards per day",
    "reviews_per_day": "reviews per day",
    "maximum_interval_days": "maximum interval (days)",
    "leech_lapses": "leech after (lapses)",
    "typo_tolerance": "typo tolerance",
    "parameters": "fitted parameters",
    "previous_parameters": "previous parameters",
    "fitted_at_reviews": "reviews at the last fit",
    "refit_every": "re-fit every (reviews)",
    "self_tests_update": "self-tests update the schedule",
    "bury_siblings": "bury siblings",
    "reveal_typed": "reveal typed answers and clozes",
}
_STEPS = ("learning_steps_minutes", "relearning_steps_minutes")


def settings_problems(error: ValidationError) -> dict[str, list[str]]:
    """StudySettings' errors by field, each message naming the setting and saying what to
    write: 'desired retention must be between 0.7 and 0.99; write e.g. 0.9'."""
    out: dict[str, list[str]] = {}
    for err in error.errors():
        field = str(err["loc"][0]) if err["loc"] else ""
        name = SETTING_NAMES.get(field, field.replace("_", " ") or "the settings")
        if field in _STEPS and err["type"] not in ("extra_forbidden", "missing"):
            message = "should be durations; write them e.g. as 1m 10m (or nothing: no steps)"
        else:
            message = _message(err)[1]
            if field in ("parameters", "previous_parameters"):
                message += " (fit them again with ctrl+o, or undo the fit)"
        out.setdefault(field, []).append(f"{name} {message}")
    return out


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
