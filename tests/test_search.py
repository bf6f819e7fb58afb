"""The browser's search grammar (quizapp.search): each term, negation, phrases, bad queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.model import CardProgress, CardState, Deck
from quizapp.search import SearchError, SearchIndex, When, fold, parse

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
WHEN = When(due_by=NOW + timedelta(hours=16), today=date(2026, 3, 2))

DECK = Deck.model_validate(
    {
        "id": "d",
        "title": "D",
        "cards": [
            {"id": "lavrov", "kind": "flashcard", "front": "Russia's foreign minister",
             "back": "Sergey Lavrov", "tags": ["people", "geo::europe"]},
            {"id": "bamako", "kind": "short_answer", "question": "Capital of Mali?",
             "answers": ["Bamako"], "tags": ["geo::africa"]},
            {"id": "eleph", "kind": "flashcard", "front": "Éléphant", "back": "elephant",
             "tags": ["geography"]},
            {"id": "gap", "kind": "cloze", "text": "The {{c1::Sahel}} is south of the Sahara."},
        ],
    }
)
INDEX = SearchIndex(DECK.cards)


def progress(card_id: str, **fields: object) -> CardProgress:
    return CardProgress(deck_id="d", card_id=card_id, **fields)  # type: ignore[arg-type]


PROGRESS = {
    "lavrov": progress("lavrov", state=CardState.review, due=NOW - timedelta(days=1)),
    "bamako": progress(
        "bamako", state=CardState.review, due=NOW + timedelta(days=3), suspended=True, leech=True
    ),
    "eleph": progress(
        "eleph", state=CardState.learning, due=NOW, buried_until=date(2026, 3, 3)
    ),
}


def ids(query: str) -> list[str]:
    return [DECK.cards[i].id for i in INDEX.find(parse(query), PROGRESS, WHEN)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["lavrov", "bamako", "eleph", "gap"]),
        ("lavrov", ["lavrov"]),  # the answer
        ("MALI", ["bamako"]),  # the prompt, any case
        ("elephant", ["eleph"]),  # accents aside: Éléphant matches too
        ("éléphant", ["eleph"]),
        ("people", ["lavrov"]),  # the tags
        ('"foreign minister"', ["lavrov"]),
        ('"minister foreign"', []),  # a phrase keeps its order
        ("minister foreign", ["lavrov"]),  # words do not
        ('-"foreign minister"', ["bamako", "eleph", "gap"]),
        ("russia's", ["lavrov"]),  # an apostrophe is text, not a quote
        ("#1 'x", []),  # nor does # start a comment
        ("tag:geo", ["lavrov", "bamako"]),  # geo::europe and geo::africa, not geography
        ("tag:geo::africa", ["bamako"]),
        ("tag:GEO*", ["lavrov", "bamako", "eleph"]),
        ("-tag:geo", ["eleph", "gap"]),
        ("kind:cloze", ["gap"]),
        ("kind:short-answer", ["bamako"]),
        ("-kind:flashcard", ["bamako", "gap"]),
        ("is:new", ["gap"]),
        ("is:due", ["lavrov"]),  # eleph is buried, bamako suspended and due later
        ("is:suspended", ["bamako"]),
        ("is:leech", ["bamako"]),
        ("is:buried", ["eleph"]),
        ("-is:new -is:suspended", ["lavrov", "eleph"]),
        ("tag:geo -lavrov", ["bamako"]),
        ("-", ["lavrov", "bamako", "eleph", "gap"]),  # a lone dash is no term
    ],
)
def test_each_term(query: str, expected: list[str]) -> None:
    assert ids(query) == expected


def test_a_burial_ended_yesterday_is_not_buried() -> None:
    old = {"gap": progress("gap", state=CardState.review, due=NOW, buried_until=date(2026, 3, 2))}
    found = INDEX.find(parse("is:buried"), old, WHEN)
    assert found == []
    assert [DECK.cards[i].id for i in INDEX.find(parse("is:due"), old, WHEN)] == ["gap"]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ('"foreign minister', "a quote is not closed"),
        ("kind:essay", "no card kind 'essay'; use kind: with one of flashcard"),
        ("is:late", "no card state is:late; use one of is:due, is:new"),
        ("tag:", "tag: needs a value after the colon, as in tag:geo"),
        ("-is:", "is: needs a value after the colon, as in is:due"),
    ],
)
def test_a_bad_query_says_what_is_wrong(query: str, says: str) -> None:
    with pytest.raises(SearchError, match="^" + says.replace("(", r"\(")):
        parse(query)


def test_fold_removes_case_and_accents() -> None:
    assert fold("Ça VA, Ñandú") == "ca va, nandu"


@given(st.text(max_size=60))
def test_no_query_raises_anything_but_a_search_error(text: str) -> None:
    try:
        query = parse(text)
    except SearchError as error:
        assert str(error)  # says something
        return
    found = INDEX.find(query, PROGRESS, WHEN)
    assert found == sorted(set(found))


@given(
    st.sampled_from(
        ["lavrov", "tag:geo", "kind:cloze", "is:due", "is:new", "is:buried", "is:leech", "sahel",
         '"of mali"', "tag:geo::africa", "is:suspended"]
    )
)
def test_negation_is_the_complement(term: str) -> None:
    everything = set(range(len(DECK.cards)))
    kept = set(INDEX.find(parse(term), PROGRESS, WHEN))
    assert set(INDEX.find(parse("-" + term), PROGRESS, WHEN)) == everything - kept


def test_within_narrows_an_earlier_search() -> None:
    broad = INDEX.find(parse("tag:geo"), PROGRESS, WHEN)
    assert INDEX.find(parse("mali"), PROGRESS, WHEN, within=broad) == [1]


_PIECES = ["tag:", "kind:", "is:", "-", '"', "geo", "::", "*", "[", "]", "?", " ", "\\", "due",
           "cloze", "new", "é", "TAG:", "Is:", "'", ":"]


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_no_query_built_of_the_grammar_raises_anything_but_a_search_error(text: str) -> None:
    try:
        query = parse(text)
    except SearchError as error:
        assert str(error)
        return
    INDEX.find(query, PROGRESS, WHEN)
