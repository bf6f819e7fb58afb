"""quizapp.evidence: a card's quote must stand in its source, in the paragraph it names."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.evidence import check_evidence, normalise, paragraphs
from quizapp.model import Deck

ARTICLE = """Talks in Moscow: the headline

MOSCOW (AP) — Russia’s foreign minister said the “partnership” is growing.

He added that   security ties
would deepen — and that ‘nobody’ would stop them.


A third paragraph, after two blank lines.
"""


def deck(*quotes: tuple[int, str], with_plain_card: bool = True) -> Deck:
    cards = [
        {
            "id": f"c{i}",
            "kind": "flashcard",
            "front": "f",
            "back": "b",
            "source": {"id": "src", "paragraph": paragraph, "quote": quote},
        }
        for i, (paragraph, quote) in enumerate(quotes)
    ]
    if with_plain_card:
        cards.append({"id": "uncited", "kind": "flashcard", "front": "f", "back": "b"})
    return Deck.model_validate(
        {"id": "d", "title": "T", "sources": [{"id": "src", "title": "S"}], "cards": cards}
    )


def test_paragraph_numbering_skips_the_headline() -> None:
    paras = paragraphs(ARTICLE)
    assert len(paras) == 3
    assert paras[0].startswith("MOSCOW (AP)")
    assert paras[1].startswith("He added")
    assert paras[2] == "A third paragraph, after two blank lines."
    assert "headline" not in " ".join(paras)


def test_a_text_of_one_block_is_its_own_first_paragraph() -> None:
    assert paragraphs("Just one block\nof two lines.") == ["Just one block\nof two lines."]
    assert paragraphs("") == []


def test_blank_lines_with_spaces_still_separate_paragraphs() -> None:
    assert paragraphs("Head\n \t\nOne\n   \nTwo") == ["One", "Two"]


def test_normalise_folds_whitespace_quotes_and_dashes() -> None:
    assert normalise("  “a”\n\t‘b’ — c – d  ") == "\"a\" 'b' - c - d"


@pytest.mark.parametrize(
    ("paragraph", "quote"),
    [
        (1, "Russia’s foreign minister said the “partnership” is growing."),  # as printed
        (1, 'Russia\'s foreign minister said the "partnership"'),  # straight quotes
        (2, "security ties would deepen"),  # a line break and extra spaces in the source
        (2, "would deepen - and that 'nobody' would stop them"),  # dash and quotes typed plainly
        (2, "He   added\nthat security"),  # whitespace in the quote
        (3, "A third paragraph"),
    ],
)
def test_quote_found(paragraph: int, quote: str) -> None:
    assert check_evidence(deck((paragraph, quote)), ARTICLE, "d.toml") == []


def test_quote_missing() -> None:
    problems = check_evidence(deck((1, "the partnership is shrinking")), ARTICLE, "d.toml")
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.card, problem.field) == ("d.toml", "'c0' (#1)", "source.quote")
    assert "not in the source text" in problem.message and "copy it exactly" in problem.message


@pytest.mark.parametrize(("named", "actual"), [(1, 2), (3, 2), (9, 2), (2, 1)])
def test_quote_in_the_wrong_paragraph_names_the_right_one(named: int, actual: int) -> None:
    quote = "security ties would deepen" if actual == 2 else "the “partnership” is growing"
    problems = check_evidence(deck((named, quote)), ARTICLE, "d.toml")
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.card, problem.field) == ("'c0' (#1)", "source.paragraph")
    assert problem.message == f"quote is not in paragraph {named}; it stands in paragraph {actual}"


def test_every_card_is_checked_and_named() -> None:
    problems = check_evidence(
        deck((1, "growing"), (1, "not there"), (3, "growing"), (2, "nobody")), ARTICLE, "d.toml"
    )
    assert [(p.card, p.field) for p in problems] == [
        ("'c1' (#2)", "source.quote"),
        ("'c2' (#3)", "source.paragraph"),
    ]


def test_cards_without_a_source_are_not_checked() -> None:
    assert check_evidence(deck(), ARTICLE) == []


@pytest.mark.parametrize("quote", ["Talks in Moscow", "is growing. He added"])
def test_a_quote_outside_every_paragraph_is_a_problem_not_a_crash(quote: str) -> None:
    problems = check_evidence(deck((1, quote)), ARTICLE, "d.toml")
    assert [p.card for p in problems] == ["'c0' (#1)"]
    assert problems[0].field in {"source.quote", "source.paragraph"}


_WHERE = [folder / "shared/sources/russia-sahel-talks.txt" for folder in Path(__file__).parents]
SHARED_ARTICLE = next((path for path in _WHERE if path.is_file()), _WHERE[0])


@pytest.mark.skipif(not SHARED_ARTICLE.is_file(), reason="source article not present")
def test_the_shipped_article_has_a_headline_and_body_paragraphs() -> None:
    text = SHARED_ARTICLE.read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if b.strip()]
    assert paragraphs(text)[0] == blocks[1].strip()
    assert len(paragraphs(text)) == len(blocks) - 1


def _cited(source: dict[str, object], *evidence: dict[str, object]) -> Deck:
    card = {
        "id": "m",
        "kind": "flashcard",
        "front": "f",
        "back": "b",
        "source": source,
        "evidence": list(evidence),
    }
    return Deck.model_validate(
        {"id": "d", "title": "T", "sources": [{"id": "src", "title": "S"}], "cards": [card]}
    )


def test_every_evidence_quote_is_checked_and_named_by_its_place() -> None:
    good = {"id": "src", "paragraph": 1, "quote": "is growing"}
    assert (
        check_evidence(_cited(good, {"id": "src", "paragraph": 2, "quote": "nobody"}), ARTICLE)
        == []
    )
    problems = check_evidence(
        _cited(
            good,
            {"id": "src", "paragraph": 3, "quote": "A third paragraph"},
            {"id": "src", "paragraph": 3, "quote": "security ties"},
            {"id": "src", "paragraph": 2, "quote": "invented words"},
        ),
        ARTICLE,
        "d.toml",
    )
    assert [(p.field, p.message) for p in problems] == [
        ("evidence[1].paragraph", "quote is not in paragraph 3; it stands in paragraph 2"),
        ("evidence[2].quote", "quote is not in the source text; copy it exactly"),
    ]


def test_evidence_needs_a_source_known_ids_and_distinct_quotes() -> None:
    from quizapp.model import DeckError, parse_deck

    def problems(card: dict[str, object]) -> list[tuple[str | None, str]]:
        raw = {
            "id": "d",
            "title": "T",
            "sources": [{"id": "src", "title": "S"}],
            "cards": [{"id": "m", "kind": "flashcard", "front": "f", "back": "b", **card}],
        }
        with pytest.raises(DeckError) as error:
            parse_deck(raw, "d.toml")
        return [(p.field, p.message) for p in error.value.problems]

    ref = {"id": "src", "paragraph": 1, "quote": "is growing"}
    assert problems({"evidence": [ref]}) == [
        ("evidence", "needs a `source` first; put the main quote in `source`")
    ]
    other = {"id": "other", "paragraph": 1, "quote": "nobody"}
    assert problems({"source": ref, "evidence": [other, {**ref, "quote": "x"}]}) == [
        ("evidence[0].id", "cites unknown source 'other'; use one of the known sources: src")
    ]
    assert problems({"source": ref, "evidence": [{**ref, "paragraph": 2}]}) == [
        ("evidence", "quote 'is growing' appears twice; remove one")
    ]
    assert problems({"source": ref, "evidence": [{**ref, "quote": ""}]})[0][0] == (
        "evidence[0].quote"
    )


def test_the_reveal_shows_every_quote_with_its_paragraph_as_plain_text() -> None:
    from quizapp.ui.widgets.card_view import evidence_text

    cited = _cited(
        {"id": "src", "paragraph": 1, "quote": "is growing [b]"},
        {"id": "src", "paragraph": 2, "quote": "[/] nobody"},
    )
    assert evidence_text(cited, cited.cards[0]).plain == (
        "Source ¶1 of “S”\n“is growing [b]”\n¶2 “[/] nobody”"
    )
