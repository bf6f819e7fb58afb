"""The shipped decks in decks/: they load, cite the article exactly and keep the house rules.

Each rule is a `*_problems(decks)` function returning what it finds, so that
tests/test_deck_mutations.py can show each one failing on a deck broken on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from text_to_num import alpha2digit

from quizapp.evidence import check_evidence, normalise, paragraphs
from quizapp.formats import read_deck
from quizapp.grading import normalise as normalise_answer
from quizapp.model import Card, Deck
from tests.test_deck_coverage import shipped_decks

REPO = Path(__file__).resolve().parents[1]
DECK_FILES = sorted((REPO / "decks").glob("*.toml"))
# shared/ sits beside the clone (CI) or above the worktree (a developer's /work/wt/NAME).
_WHERE = [folder / "shared/sources/russia-sahel-talks.txt" for folder in REPO.parents]
ARTICLE = next((path for path in _WHERE if path.is_file()), _WHERE[0])
SOURCE_ID = "ap-sahel-talks"
HEADLINE = "Russia hosts top diplomats from Sahel countries for talks on boosting security ties"
MAX_QUOTE_WORDS = 25

needs_article = pytest.mark.skipif(
    not ARTICLE.is_file(), reason=f"source article not found at {ARTICLE}"
)


def _article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def _cards(decks: Mapping[str, Deck]) -> Iterator[Card]:
    for deck in decks.values():
        yield from deck.cards


def shown_texts(card: Card) -> list[str]:
    """Everything a student reads on a card, each text apart (accepted alternatives of
    typed answers are not shown, only graded)."""
    parts = [card.prompt, card.answer_text, card.explanation]
    for name in ("choices", "items"):
        parts.extend(getattr(card, name, ()) or ())
    for left, right in getattr(card, "pairs", ()):
        parts += [left, right]
    parts += [gap.hint for gap in getattr(card, "gaps", ())]
    return [p for p in parts if p]


# ---------------------------------------------------------------- quotes


def quote_problems(decks: Mapping[str, Deck]) -> list[str]:
    """Quotes that are empty, too long, of another source, or cut inside a quotation."""
    problems = []
    for card in _cards(decks):
        if card.source is None:
            problems.append(f"{card.id} has no source")
        for ref in card.citations:
            words = len(ref.quote.split())
            if ref.id != SOURCE_ID:
                problems.append(f"{card.id} cites {ref.id!r}")
            if not ref.quote.strip() or words > MAX_QUOTE_WORDS:
                problems.append(f"{card.id}: quote of {words} words; keep 1 to {MAX_QUOTE_WORDS}")
            if normalise(ref.quote).count('"') % 2:
                problems.append(
                    f"{card.id}: quote {ref.quote!r} opens or closes a quotation it cuts"
                )
    return problems


# ---------------------------------------------------------------- outside facts

# Outside knowledge the decks use; each must be marked where it is used.
KNOWN_OUTSIDE = re.compile(r"Economic Community|Ukraine's capital", re.IGNORECASE)
CONTEXT = "Context (not in the article):"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DATED = re.compile(rf"\b(?:\d+|{_MONTHS}|{_DAYS})\b", re.IGNORECASE)
_PARAGRAPH_REFS = re.compile(r"\bparagraphs? \d+(?:(?:, | and )\d+)*", re.IGNORECASE)
# A capitalised word inside a sentence names something: a person, place, body or date.
_NAME = re.compile(r"(?<=[a-z0-9,] )[A-Z][\w'’.-]*")


def _unmarked(text: str) -> str:
    return text.split(CONTEXT)[0]


def outside_fact_problems(decks: Mapping[str, Deck], article: str) -> list[str]:
    """Numbers, dates and names the article does not have, unless marked as context."""
    text = normalise(article).casefold()
    words = set(re.findall(r"[\w-]+", text)) | set(normalise_answer(article).split())
    numbers = set(re.findall(r"\d+", alpha2digit(article, "en", threshold=0)))
    problems = []
    for card in _cards(decks):
        for text in shown_texts(card):
            if KNOWN_OUTSIDE.search(text) and CONTEXT not in text:
                problems.append(f"{card.id}: outside fact not marked {CONTEXT!r}: {text!r}")
            if text is not card.explanation and KNOWN_OUTSIDE.search(text):
                problems.append(f"{card.id} asks or answers with what the article does not say")
            plain = _PARAGRAPH_REFS.sub("", _unmarked(text))
            for found in _DATED.findall(plain):
                if found.casefold() not in words and found not in numbers:
                    problems.append(f"{card.id}: {found!r} is not in the article: {text!r}")
            for name in _NAME.findall(plain):
                stem = re.sub(r"['’]s$", "", name.rstrip(".'’-")).casefold()
                if not {stem, normalise_answer(stem), stem.removesuffix("s")} & words:
                    problems.append(f"{card.id}: the name {name!r} is not in the article")
    return problems


# ---------------------------------------------------------------- who claims what

LAVROV = r"Lavrov|Russia's (?:top diplomat|foreign minister)|its foreign minister"
DIOP = r"Diop|Mali's foreign minister"
# What one party said, and how a card must name that party wherever it teaches it.
PARTY_CLAIMS: tuple[tuple[str, str, str], ...] = (
    ("Ukraine destabilizes the region", r"destabiliz", LAVROV),
    ("Ukraine supports terrorist groups", r"terrorist groups", LAVROV),
    ("Ukraine's western sponsors turn a blind eye", r"blind eye|western sponsors", LAVROV),
    (
        "Moscow is ready to help, train, strengthen",
        r"stands ready|readiness|expand the potential"
        r"|combat capability|law enforcement|could (?:also )?provide|military equipment",
        LAVROV,
    ),
    ("Russia will help form a joint force", r"joint military force|consultative services", LAVROV),
    ("Russian instructors already work there", r"significant number|instructors", LAVROV),
    ("Ukraine is a terrorist state", r"terrorist state", DIOP),
    ("terrorism has foreign state sponsors", r"foreign state sponsors|regional actors", DIOP),
    ("common views on fighting terrorism", r"common views", DIOP),
    (
        "Kyiv aided the July attack",
        r"Kyiv aided|aided (?:the|an) attack|to have aided",
        r"allegation|alleged",
    ),
    (
        "armed groups got information from Kyiv",
        r"information from Kyiv|linked Kyiv",
        r"spokesperson|military intelligence",
    ),
    (
        "Mali cut ties without review or evidence",
        r"thorough review|without providing evidence"
        r"|evidence of Ukraine",
        r"Foreign Ministry|the ministry",
    ),
    ("one of the largest losses in years", r"largest losses", r"observers"),
    ("Russia is promising weapons", r"promis(?:ed|ing)", r"\bAP\b|article|paragraph"),
    ("Russia seeks to expand its clout", r"\bclout\b", r"\bAP\b|article|paragraph"),
)


def _units(card: Card) -> Iterator[str]:
    """The texts a card teaches as right, each with what frames it for the student."""
    if card.kind == "true_false":
        # A false statement is taught false: its explanation must then say whose it is.
        yield card.prompt if card.answer else f"{card.prompt} {card.explanation}"  # type: ignore[union-attr]
    elif card.kind == "multi_select":
        yield from (f"{card.prompt} {a}" for a in card.answers)  # type: ignore[union-attr]
    elif card.kind == "matching":
        yield from (f"{card.prompt} {left} {right}" for left, right in card.pairs)  # type: ignore[union-attr]
    elif card.kind == "cloze":
        yield card.answer_text
    else:
        yield f"{card.prompt} {card.answer_text}"
    if card.explanation:
        yield f"{card.prompt} {card.explanation}"


def attribution_problems(decks: Mapping[str, Deck]) -> list[str]:
    """Cards that teach one party's claim without naming that party."""
    problems = []
    for card in _cards(decks):
        for unit in _units(card):
            for claim, said, party in PARTY_CLAIMS:
                if re.search(said, unit, re.IGNORECASE) and not re.search(party, unit):
                    problems.append(f"{card.id} teaches {claim!r} without its party: {unit!r}")
    return problems


# ---------------------------------------------------------------- evidence for each part

_STOP_WORDS = (
    "that this with from their them they have were which what said says into about also "
    "than then there these those both only after before while"
)
_STOP = frozenset(_STOP_WORDS.split())


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", normalise_answer(text))
    return {w[:5] for w in words if len(w) >= 4 and w not in _STOP}


def _parts(card: Card) -> list[str]:
    """The parts of an answer of several parts: pairs, right choices, items."""
    if card.kind == "matching":
        return [f"{left} {right}" for left, right in card.pairs]  # type: ignore[union-attr]
    if card.kind == "multi_select":
        return list(card.answers)  # type: ignore[union-attr]
    if card.kind == "ordering":
        return list(card.items)  # type: ignore[union-attr]
    return []


def part_evidence_problems(decks: Mapping[str, Deck]) -> list[str]:
    """Parts of a multi-part answer that no quote of the card speaks of."""
    problems = []
    for card in _cards(decks):
        quoted = set().union(*(_stems(ref.quote) for ref in card.citations))
        for part in _parts(card):
            if not _stems(part) & quoted:
                problems.append(f"{card.id}: no quote backs {part!r}; cite it in `evidence`")
    return problems


# ---------------------------------------------------------------- flashcard backs

_COMMENT = re.compile(r"[:(]|\barticle\b|\bAP\b|according to|reading critically", re.IGNORECASE)
MAX_BACK_WORDS = 22


def back_problems(decks: Mapping[str, Deck]) -> list[str]:
    """Flashcard backs that mix the answer with comment (quiz mode grades the back typed)."""
    problems = []
    for card in _cards(decks):
        if card.kind != "flashcard":
            continue
        back = card.answer_text
        if _COMMENT.search(back) or len(back.split()) > MAX_BACK_WORDS:
            problems.append(f"{card.id}: back {back!r} holds more than the answer")
    return problems


# ---------------------------------------------------------------- tests


def test_there_are_a_study_and_a_quiz_deck() -> None:
    decks = shipped_decks()
    assert len(decks) >= 2
    kinds = [set(deck.kinds) for deck in decks.values()]
    assert {"flashcard", "cloze"} in kinds, "no study deck of only flashcards and cloze cards"
    assert any(
        k >= {"multiple_choice", "multi_select", "true_false", "short_answer", "matching"}
        for k in kinds
    )


@pytest.mark.parametrize("path", DECK_FILES, ids=lambda p: p.name)
def test_deck_loads_with_metadata(path: Path) -> None:
    deck = read_deck(path)
    assert deck.cards
    assert deck.title and deck.description and deck.tags
    assert deck.language == "en"
    assert path.stem == deck.id, "name the file after the deck id so it is easy to find"
    assert len(deck.sources) == 1
    source = deck.sources[0]
    assert (source.id, source.title, source.outlet) == (SOURCE_ID, HEADLINE, "AP")
    # The article gives neither a date nor an address: none may be made up.
    assert source.date == "" and source.url == ""


def test_ids_unique_across_decks() -> None:
    decks = shipped_decks()
    ids = [card.id for card in _cards(decks)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"card ids used twice: {duplicates}"


def test_every_card_cites_short_whole_quotes() -> None:
    problems = quote_problems(shipped_decks())
    assert not problems, "\n".join(problems)


@needs_article
@pytest.mark.parametrize("path", DECK_FILES, ids=lambda p: p.name)
def test_every_quote_stands_in_its_paragraph(path: Path) -> None:
    deck = read_deck(path)
    problems = check_evidence(deck, _article(), str(path))
    assert not problems, "\n".join(map(str, problems))


@needs_article
def test_evidence_check_catches_a_wrong_quote_or_paragraph() -> None:
    # Guards the test above: the check must fail on our own cards when they are wrong.
    deck = read_deck(DECK_FILES[0])
    card = deck.cards[0]
    assert card.source is not None
    n = len(paragraphs(_article()))
    wrong_paragraph = card.source.paragraph % n + 1
    bad = [
        card.model_copy(
            update={
                "source": card.source.model_copy(update={"quote": card.source.quote + " indeed"})
            }
        ),
        card.model_copy(
            update={"source": card.source.model_copy(update={"paragraph": wrong_paragraph})}
        ),
    ]
    for broken in bad:
        tampered = deck.model_copy(update={"cards": (broken,)})
        assert check_evidence(tampered, _article()), f"check_evidence missed {broken.source}"


@needs_article
def test_nothing_from_outside_the_article_unmarked() -> None:
    problems = outside_fact_problems(shipped_decks(), _article())
    assert not problems, "\n".join(problems)


def test_claims_are_taught_as_the_claims_of_whoever_made_them() -> None:
    problems = attribution_problems(shipped_decks())
    assert not problems, "\n".join(problems)


def test_the_attribution_rule_does_not_pass_on_a_word_inside_another() -> None:
    # The old check took "review" for "view"; the rule needs the party's own name.
    (claim,) = [c for c in PARTY_CLAIMS if c[0] == "Ukraine is a terrorist state"]
    assert not re.search(claim[2], "without a thorough review, Ukraine is a terrorist state")


def test_flashcard_backs_hold_only_the_answer() -> None:
    problems = back_problems(shipped_decks())
    assert not problems, "\n".join(problems)


def test_every_part_of_a_multi_part_answer_has_its_quote() -> None:
    problems = part_evidence_problems(shipped_decks())
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", DECK_FILES, ids=lambda p: p.name)
def test_the_markdown_format_keeps_every_quote(path: Path) -> None:
    from quizapp.formats.markdown_read import read_markdown_text
    from quizapp.formats.markdown_write import dumps_markdown

    deck = read_deck(path)
    assert any(card.evidence for card in deck.cards)
    (back,) = read_markdown_text(dumps_markdown(deck), f"{deck.id}.md").decks
    assert back == deck


@needs_article
def test_quizapp_validate_passes_the_shipped_decks(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from quizapp.cli import cli

    files = [str(path) for path in DECK_FILES]
    args = ["--data-dir", str(tmp_path), "validate", *files, "--source", str(ARTICLE)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.count(": ok (") == len(DECK_FILES)
