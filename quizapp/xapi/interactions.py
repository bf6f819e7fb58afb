"""A card as an xAPI `cmi.interaction` activity definition, and a response in xAPI's syntax.

The kinds map as issue 17 asks: true_false -> true-false, multiple_choice and multi_select
-> choice, short_answer and cloze -> fill-in, numeric -> numeric, ordering -> sequencing,
matching -> matching, flashcard -> other. Response and pattern syntax follows the xAPI 2.0
data spec (section "Interaction Activities"): items joined by `[,]`, matching pairs by
`[.]`, numeric ranges by `[:]`; choice-like responses name the component ids given in
`choices` / `source` / `target`.

`correct_responses` is a separate switch because a live game must not send the pattern
before the question closes (the statements of a game are built from its record, after it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from quizapp.text import clean

INTERACTION_TYPE = {
    "true_false": "true-false",
    "multiple_choice": "choice",
    "multi_select": "choice",
    "short_answer": "fill-in",
    "cloze": "fill-in",
    "numeric": "numeric",
    "ordering": "sequencing",
    "matching": "matching",
    "flashcard": "other",
}
CMI_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
#: xAPI's delimiters may not appear inside an item; a response holding one is sent as text.
_DELIMITERS = ("[,]", "[.]", "[:]")


def lang_map(text: str, language: str) -> dict[str, str]:
    return {language or "und": clean(text)[:1000] or "-"}


def _components(prefix: str, texts: Sequence[str], language: str) -> list[dict[str, Any]]:
    return [
        {"id": f"{prefix}{i}", "description": lang_map(t, language)} for i, t in enumerate(texts, 1)
    ]


def definition(card: Any, language: str, *, correct_responses: bool = True) -> dict[str, Any]:
    """The activity definition of a card (a model Card)."""
    kind = card.kind
    out: dict[str, Any] = {
        "type": CMI_INTERACTION,
        "name": lang_map(card.prompt, language),
        "interactionType": INTERACTION_TYPE.get(kind, "other"),
    }
    pattern: list[str] = []
    if kind in ("multiple_choice", "multi_select", "ordering"):
        texts = list(card.items if kind == "ordering" else card.choices)
        out["choices"] = _components("c", texts, language)
        chosen = (
            [card.answer]
            if kind == "multiple_choice"
            else list(card.answers if kind == "multi_select" else card.items)
        )
        pattern = ["[,]".join(f"c{texts.index(t) + 1}" for t in chosen)]
    elif kind == "matching":
        lefts = [left for left, _ in card.pairs]
        rights = [right for _, right in card.pairs]
        out["source"] = _components("s", lefts, language)
        out["target"] = _components("t", rights, language)
        pattern = ["[,]".join(f"s{i}[.]t{i}" for i in range(1, len(lefts) + 1))]
    elif kind == "true_false":
        pattern = ["true" if card.answer else "false"]
    elif kind == "short_answer":
        pattern = [clean(a) for a in card.answers if _plain(a)]
    elif kind == "cloze":
        answers = [clean(gap.answer) for gap in card.gaps]
        pattern = ["[,]".join(answers)] if all(_plain(a) for a in answers) else []
    elif kind == "numeric":
        low, high = card.answer - card.tolerance, card.answer + card.tolerance
        pattern = [f"{_num(low)}[:]{_num(high)}" if card.tolerance else _num(card.answer)]
    elif kind == "flashcard" and _plain(card.back):
        pattern = [clean(card.back)]
    # Texts holding xAPI's own delimiters cannot be written as a pattern: left out.
    pattern = [p for p in pattern if p]
    if correct_responses and pattern:
        out["correctResponsesPattern"] = pattern
    return out


def response(card: Any | None, kind: str, given: Any) -> str | None:
    """A response (the shapes grading.Response takes) in xAPI syntax; None if it has none.

    Choice-like responses need the card to name component ids; without it (a deck since
    deleted) only the text is kept, by the caller, in an extension.
    """
    if given is None or given == "" or given == [] or given == {}:
        return None
    if kind == "true_false":
        if isinstance(given, str):
            given = given.strip().casefold() in ("true", "t", "yes", "1")
        return "true" if given else "false"
    if kind in ("multiple_choice", "multi_select", "ordering"):
        if card is None:
            return None
        texts = list(card.items if kind == "ordering" else card.choices)
        picked = [given] if isinstance(given, str) else list(given)
        if not all(isinstance(p, str) and p in texts for p in picked):
            return None
        return "[,]".join(f"c{texts.index(p) + 1}" for p in picked)
    if kind == "matching":
        if card is None or not isinstance(given, Mapping):
            return None
        lefts = [left for left, _ in card.pairs]
        rights = [right for _, right in card.pairs]
        pairs = []
        for left, right in given.items():
            if left in lefts and right in rights:
                pairs.append(f"s{lefts.index(left) + 1}[.]t{rights.index(right) + 1}")
        return "[,]".join(pairs) or None
    if isinstance(given, Sequence) and not isinstance(given, str):
        parts = [clean(str(p or "")) for p in given]
        return "[,]".join(parts) if all(_plain(p) for p in parts) else None
    if isinstance(given, bool | int | float):
        return _num(float(given)) if not isinstance(given, bool) else str(given).lower()
    text = clean(str(given))
    return text if _plain(text) else None


def parse_response_text(kind: str, text: str) -> Any:
    """A quiz attempt keeps responses as readable text (attempts.response_text): read it back."""
    if not text:
        return None
    if kind in ("multi_select", "ordering", "cloze"):
        return text.split(" | ")
    if kind == "matching":
        pairs = [part.split(" → ", 1) for part in text.split("; ")]
        return {p[0]: p[1] for p in pairs if len(p) == 2}
    return text


def _plain(text: str) -> bool:
    return not any(d in text for d in _DELIMITERS)


def _num(value: float) -> str:
    return f"{value:.10g}"
