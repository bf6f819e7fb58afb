"""Writing Moodle XML: every kind of card becomes the Moodle question that holds it.

flashcard -> shortanswer (its back; essay-like backs over one line are left out),
multiple_choice -> multichoice single, multi_select -> multichoice multiple with weights
from Moodle's grade list, true_false -> truefalse, short_answer -> shortanswer, numeric ->
numerical with its tolerance and unit, matching -> matching, ordering -> ordering (core in
Moodle 4.4+), cloze -> multianswer (Moodle's Cloze: one `{1:SHORTANSWER:=...}` per gap, the
alternatives as more 100% answers). A card's images are embedded as Moodle does
(`<file encoding="base64">` and `@@PLUGINFILE@@` in the question text). The card id is
the question's name and `<idnumber>`, the explanation its general feedback, tags and
points are kept. Texts are written as escaped HTML, newlines as <br>. Lost: the deck's
title, description and sources, cloze hints, source quotes.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from quizapp.formats import extras_lost
from quizapp.formats.gift_write import shares
from quizapp.model import CLOZE_GAP, Deck


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _texted(parent: Element, tag: str, text: str, fmt: str = "html") -> Element:
    node = SubElement(parent, tag, format=fmt) if fmt else SubElement(parent, tag)
    SubElement(node, "text").text = _html(text) if fmt == "html" else text
    return node


def _answer(parent: Element, fraction: float, text: str, fmt: str = "html") -> Element:
    node = _texted(parent, "answer", text, fmt)
    node.set("fraction", f"{fraction:g}")
    return node


def _cloze_text(card: Any) -> str:
    def gap(match: Any) -> str:
        number = int(match.group(1))
        answers = card.accepted(next(g for g in card.gaps if g.number == number))
        escaped = ["=" + a.replace("}", "\\}").replace("~", "\\~") for a in answers]
        return "{1:SHORTANSWER:" + "~".join(escaped) + "}"

    return CLOZE_GAP.sub(gap, _html(card.text))


def _question(card: Any) -> tuple[str, Element] | str:
    kind = card.kind
    node = Element("question")
    SubElement(SubElement(node, "name"), "text").text = card.id
    if kind == "cloze":
        node.set("type", "multianswer")
        text = SubElement(node, "questiontext", format="html")
        SubElement(text, "text").text = _cloze_text(card)
        return kind, node
    _texted(node, "questiontext", card.prompt)
    if kind in ("multiple_choice", "multi_select"):
        node.set("type", "multichoice")
        single = kind == "multiple_choice"
        SubElement(node, "single").text = "true" if single else "false"
        SubElement(node, "shuffleanswers").text = "true"
        right = [card.answer] if single else list(card.answers)
        weights = iter(shares(len(right)))
        for choice in card.choices:
            _answer(node, next(weights) if choice in right else 0, choice)
    elif kind == "true_false":
        node.set("type", "truefalse")
        _answer(node, 100 if card.answer else 0, "true", "moodle_auto_format")
        _answer(node, 0 if card.answer else 100, "false", "moodle_auto_format")
    elif kind in ("short_answer", "flashcard"):
        answers = card.answers if kind == "short_answer" else (card.back,)
        if any("\n" in a or len(a) > 500 for a in answers):
            return "its answer is longer than one line of 500 characters"
        node.set("type", "shortanswer")
        for answer in dict.fromkeys(answers):
            _answer(node, 100, answer, "plain_text")
    elif kind == "numeric":
        node.set("type", "numerical")
        answer = _answer(node, 100, repr(card.answer), "plain_text")
        SubElement(answer, "tolerance").text = repr(card.tolerance)
        if card.unit:
            unit = SubElement(SubElement(node, "units"), "unit")
            SubElement(unit, "multiplier").text = "1"
            SubElement(unit, "unit_name").text = card.unit
    elif kind == "matching":
        node.set("type", "matching")
        for left, right in card.pairs:
            sub = _texted(node, "subquestion", left)
            SubElement(SubElement(sub, "answer"), "text").text = right
    elif kind == "ordering":
        node.set("type", "ordering")
        for item in card.items:
            _answer(node, 1, item)
    else:
        return f"Moodle has no {kind} question"
    return kind, node


def _embed(node: Element, card: Any, media_dir: Path | None) -> None:
    """The card's images as Moodle embeds them: <img> in the question text, <file> beside."""
    text = node.find("questiontext")
    if text is None or media_dir is None:
        return
    for name in card.media:
        path = media_dir / name
        if not path.is_file():
            continue
        holder = text.find("text")
        if holder is not None:
            holder.text = (holder.text or "") + f'<p><img src="@@PLUGINFILE@@/{name}"></p>'
        embedded = SubElement(text, "file", name=name, path="/", encoding="base64")
        embedded.text = base64.b64encode(path.read_bytes()).decode("ascii")


def dumps_moodle_xml(deck: Deck, media_dir: Path | None = None) -> bytes:
    quiz = Element("quiz")
    category = SubElement(quiz, "question", type="category")
    SubElement(SubElement(category, "category"), "text").text = f"$course$/top/{deck.title}"
    for card in deck.cards:
        made = _question(card)
        if isinstance(made, str):
            continue
        _, node = made
        _embed(node, card, media_dir)
        if card.explanation:
            _texted(node, "generalfeedback", card.explanation)
        SubElement(node, "defaultgrade").text = f"{card.points:g}"
        SubElement(node, "idnumber").text = card.id
        if card.tags:
            tags = SubElement(node, "tags")
            for tag in card.tags:
                SubElement(SubElement(tags, "tag"), "text").text = tag
        quiz.append(node)
    indent(quiz)
    body: bytes = tostring(quiz, encoding="utf-8")  # bytes for an encoding (typeshed: Any)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"



def losses(deck: Deck) -> list[str]:
    notes = ["Moodle XML keeps no deck description or sources (the title becomes the category)"]
    if deck.tags:
        notes.append(f"deck tags are not written: {', '.join(deck.tags)}")
    for card in deck.cards:
        made = _question(card)
        if isinstance(made, str):
            notes.append(f"card {card.id} is left out: {made}")
        elif card.kind == "flashcard":
            notes.append(f"card {card.id} is written as a short answer question")
        elif card.kind == "cloze" and any(g.hint for g in card.gaps):
            notes.append(f"card {card.id}: cloze hints are not written")
    return notes + extras_lost(deck)
