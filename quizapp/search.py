"""Finding cards with Anki's browser grammar: words, "quoted phrases", `tag:`, `kind:`, `is:`.

    lavrov                 the words appear in the prompt, the answer or the tags
    "foreign minister"     the phrase, as written (case and accents aside)
    tag:geo                tagged geo, or below it (geo::africa); `*` matches anything
    kind:cloze             the card kind (kind:multiple_choice, kind:multiple-choice)
    is:due is:new is:suspended is:buried is:leech
    -term                  negates any of the above

Every term must hold (Anki's implicit AND). Text is compared case- and accent-insensitively
(`fold`). A query that cannot be understood raises SearchError saying what is wrong and
what to type; no query raises anything else. `SearchIndex` folds each card's text once, so
a search of a 10k-card deck is a pass of substring tests, not a re-read of every card.
"""

from __future__ import annotations

import fnmatch
import shlex
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from quizapp.model import KINDS, Card, CardProgress, CardState

Field = Literal["text", "tag", "kind", "is"]
STATES = ("due", "new", "suspended", "buried", "leech")


class SearchError(ValueError):
    """A query that cannot be understood; the message says what to type instead."""


def fold(text: str) -> str:
    """Case and accents removed: 'Éléphant' and 'elephant' fold the same."""
    if text.isascii():  # most text: nothing to decompose
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Term:
    field: Field
    value: str
    negated: bool = False


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]

    @property
    def empty(self) -> bool:
        return not self.terms


def _kind(value: str) -> str:
    kind = value.replace("-", "_").replace(" ", "_")
    if kind not in KINDS:
        raise SearchError(f"no card kind {value!r}; use kind: with one of {', '.join(KINDS)}")
    return kind


def _term(token: str) -> Term:
    negated = token.startswith("-") and len(token) > 1
    body = token[1:] if negated else token
    prefix, colon, rest = body.partition(":")
    field = prefix.casefold()
    if not colon or field not in ("tag", "kind", "is"):
        return Term("text", fold(body), negated)
    if not rest:
        example = {"tag": "tag:geo", "kind": "kind:cloze", "is": "is:due"}[field]
        raise SearchError(f"{field}: needs a value after the colon, as in {example}")
    if field == "kind":
        return Term("kind", _kind(fold(rest)), negated)
    if field == "is":
        state = fold(rest)
        if state not in STATES:
            raise SearchError(f"no card state is:{rest}; use one of is:{', is:'.join(STATES)}")
        return Term("is", state, negated)
    return Term("tag", fold(rest), negated)


def parse(text: str) -> Query:
    """The query's terms; SearchError (never another exception) if it cannot be understood."""
    # shlex splits on spaces and keeps "quoted phrases" whole; only double quotes quote, so
    # an apostrophe (Russia's) is text, and nothing starts a comment.
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split, lexer.quotes, lexer.commenters = True, '"', ""
    try:
        tokens = list(lexer)
    except ValueError as error:
        why = "a quote is not closed" if "quotation" in str(error) else "a backslash ends it"
        raise SearchError(f"{why}; close the quote or remove it") from None
    return Query(tuple(_term(token) for token in tokens if token not in ("", "-")))


@dataclass(frozen=True)
class When:
    """What `is:due` and `is:buried` are judged against: due before `due_by` (the next
    rollover: Anki's "due today"), buried until after `today` (the study day)."""

    due_by: datetime
    today: date


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _is(state: str, progress: CardProgress | None, when: When) -> bool:
    if progress is None:
        return state == "new"
    if state == "new":
        return progress.state is CardState.new
    if state == "suspended":
        return progress.suspended
    if state == "leech":
        return progress.leech
    buried = progress.buried_until is not None and progress.buried_until > when.today
    if state == "buried":
        return buried
    return (  # due: a learning or review card whose time comes before the rollover
        progress.state is not CardState.new
        and progress.due is not None
        and _aware(progress.due) < _aware(when.due_by)
        and not progress.suspended
        and not buried
    )


def _tag_matches(pattern: str, tags: Sequence[str]) -> bool:
    wild = any(c in pattern for c in "*?[")
    for tag in tags:
        if wild:
            if fnmatch.fnmatchcase(tag, pattern) or fnmatch.fnmatchcase(tag, pattern + "::*"):
                return True
        elif tag == pattern or tag.startswith(pattern + "::"):
            return True
    return False


class SearchIndex:
    """Each card's folded text and tags, computed once per deck; `find` filters by them."""

    def __init__(self, cards: Sequence[Card]) -> None:
        self.cards = tuple(cards)
        self._text = [
            fold(" ".join((card.prompt, card.answer_text, *card.tags))) for card in self.cards
        ]
        self._tags = [tuple(fold(t) for t in card.tags) for card in self.cards]

    def _holds(
        self, term: Term, index: int, progress: Mapping[str, CardProgress], when: When
    ) -> bool:
        if term.field == "text":
            return term.value in self._text[index]
        if term.field == "tag":
            return _tag_matches(term.value, self._tags[index])
        card = self.cards[index]
        if term.field == "kind":
            return card.kind == term.value
        return _is(term.value, progress.get(card.id), when)

    def find(
        self,
        query: Query,
        progress: Mapping[str, CardProgress],
        when: When,
        within: Sequence[int] | None = None,
    ) -> list[int]:
        """Indexes of the cards for which every term holds; `progress` by card id."""
        indexes = range(len(self.cards)) if within is None else within
        terms = query.terms
        return [
            i
            for i in indexes
            if all(self._holds(t, i, progress, when) is not t.negated for t in terms)
        ]
