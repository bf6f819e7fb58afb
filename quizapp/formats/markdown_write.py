"""Writing quick Markdown decks: the exact syntax quizapp/formats/markdown.py describes.

Texts that span lines get a backslash before any line that would read back as a
marker, so reading the written file gives the same deck.
"""

from __future__ import annotations

from typing import Any

from quizapp.formats.markdown_read import _ESCAPED_ARROW, _marker
from quizapp.model import Deck


def _continued(text: str) -> str:
    """A text for after a marker: later lines that would read as markers get a backslash."""
    first, *rest = text.split("\n")
    out = [first]
    for line in rest:
        risky = (
            line.startswith("\\")
            or line.rstrip() == "---"
            or (line != "" and not line.strip())
            or _marker(line) is not None
        )
        out.append("\\" + line if risky else line)
    return "\n".join(out)


def _joined(values: tuple[str, ...] | list[str], sep: str) -> str:
    glue = ", " if sep == "," else f" {sep} "
    return glue.join(v.replace("\\", "\\\\").replace(sep, "\\" + sep) for v in values)


def _card_lines(card: Any) -> list[str]:
    lines = [f"id: {card.id}"]
    if card.kind == "multi_select" and len(card.answers) == 1:
        lines.append("kind: multi_select")
    if card.tags:
        lines.append(f"tags: {_joined(card.tags, ',')}")
    if card.points != 1.0:
        lines.append(f"points: {card.points!r}")
    kind = card.kind
    if kind == "true_false":
        lines += [f"T/F: {_continued(card.statement)}", f"A: {str(card.answer).lower()}"]
    elif kind == "cloze":
        lines.append(f"C: {_continued(card.text)}")
        lines += [f"= {key}: {alt}" for key, alts in card.alternatives.items() for alt in alts]
    else:
        lines.append(f"Q: {_continued(card.prompt)}")
    if kind == "flashcard":
        lines.append(f"A: {_continued(card.back)}")
        if card.extra:
            lines.append(f"extra: {_continued(card.extra)}")
        if card.reverse:
            lines.append("reverse: true")
    elif kind == "multiple_choice":
        lines += [f"- [{'x' if c == card.answer else ' '}] {c}" for c in card.choices]
    elif kind == "multi_select":
        lines += [f"- [{'x' if c in card.answers else ' '}] {c}" for c in card.choices]
    elif kind == "short_answer":
        lines += [f"= {answer}" for answer in card.answers]
    elif kind == "numeric":
        number = f"N: {card.answer!r}"
        if card.tolerance:
            number += f" ± {card.tolerance!r}"
        lines.append(f"{number} {card.unit}".rstrip())
    elif kind == "ordering":
        lines += [f"{n}. {item}" for n, item in enumerate(card.items, 1)]
    elif kind == "matching":
        lines += [f"- {a.replace('->', _ESCAPED_ARROW)} -> {b}" for a, b in card.pairs]
    if card.explanation:
        lines += [f"> {line}" if line else ">" for line in card.explanation.split("\n")]
    for ref in card.citations:  # source, then each evidence quote
        lines.append(f'@source {ref.id} p{ref.paragraph} "{ref.quote}"')
    return lines


def dumps_markdown(deck: Deck) -> str:
    head = [f"# {deck.title}", f"id: {deck.id}"]
    if deck.language != "en":
        head.append(f"language: {deck.language}")
    if deck.tags:
        head.append(f"tags: {_joined(deck.tags, ',')}")
    if deck.description:
        head.append(f"description: {_continued(deck.description)}")
    for src in deck.sources:
        parts = [src.id, src.title, src.outlet, src.date, src.url]
        while not parts[-1]:
            parts.pop()
        head.append(f"source: {_joined(parts, '|')}")
    blocks = ["\n".join(head), *("\n".join(_card_lines(card)) for card in deck.cards)]
    return "\n\n---\n".join(blocks) + "\n"

