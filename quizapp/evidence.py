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
    """Every quote of a card (its `source` and each `evidence`) that is not in the
    source, or not in the paragraph it names."""
    whole = normalise(source_text)
    paras = [normalise(p) for p in paragraphs(source_text)]
    problems = []
    for index, card in enumerate(deck.cards):
        label = f"'{card.id}' (#{index + 1})"
        for number, ref in enumerate(card.citations):
            field = "source" if number == 0 else f"evidence[{number - 1}]"
            quote = normalise(ref.quote)
            if quote not in whole:
                message = "quote is not in the source text; copy it exactly"
                problems.append(Problem(file, message, label, f"{field}.quote"))
                continue
            n = ref.paragraph
            if n > len(paras) or quote not in paras[n - 1]:
                where = [i + 1 for i, p in enumerate(paras) if quote in p]
                found = (
                    f"it stands in paragraph {where[0]}"
                    if where
                    else "it is in the headline or runs across paragraphs; quote one paragraph"
                )
                message = f"quote is not in paragraph {n}; {found}"
                problems.append(Problem(file, message, label, f"{field}.paragraph"))
    return problems
