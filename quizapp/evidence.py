"""Checking that a card's evidence quote really stands in its source text."""

from __future__ import annotations

import re

from quizapp.model import Deck, Problem

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "—": "-", "–": "-"}
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold whitespace and curly quotes/dashes so a quote matches however it was typed."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def paragraphs(source_text: str) -> list[str]:
    """The source's body paragraphs: paragraph 1 is `paragraphs(text)[0]`.

    Blocks are separated by blank lines; the first block is the headline and is
    not counted, as a reader counts a news article's paragraphs.
    """
    blocks = [b.strip() for b in re.split(r"\n\s*\n", source_text) if b.strip()]
    return blocks[1:] if len(blocks) > 1 else blocks


def check_evidence(deck: Deck, source_text: str, file: str = "") -> list[Problem]:
    """Every card whose quote is not in the source, or not in the paragraph it names."""
    whole = normalise(source_text)
    paras = [normalise(p) for p in paragraphs(source_text)]
    problems = []
    for index, card in enumerate(deck.cards):
        if card.source is None:
            continue
        quote = normalise(card.source.quote)
        label = f"'{card.id}' (#{index + 1})"
        if quote not in whole:
            problems.append(
                Problem(
                    file, "quote is not in the source text; copy it exactly", label, "source.quote"
                )
            )
            continue
        n = card.source.paragraph
        if n > len(paras) or quote not in paras[n - 1]:
            where = [i + 1 for i, p in enumerate(paras) if quote in p]
            found = (
                f"it stands in paragraph {where[0]}"
                if where
                else "it is in the headline or runs across paragraphs; quote one paragraph"
            )
            problems.append(
                Problem(file, f"quote is not in paragraph {n}; {found}", label, "source.paragraph")
            )
    return problems
