"""Moodle XML quiz files (Moodle's richest question format), read and written.

Reading (`<quiz>` of `<question type=...>`), one question at a time, each bad one skipped
with its number and reason:
- `multichoice` -> multiple choice (`<single>true`) or multi-select (the answers with a
  positive fraction are the right ones); `truefalse`; `shortanswer` (the 100% answers);
  `numerical` (the 100% answer and its `<tolerance>`); `matching` (`<subquestion>`s; one
  with no text is a distractor, reported as not kept); `ordering` (the answers in order);
  `multianswer` (Moodle's Cloze: `{1:SHORTANSWER:=Paris~=Lutetia}`, `{1:MC:...}`,
  `{1:NM:=5:0.1}` gaps become cloze gaps `{{c1::Paris}}` with their alternatives);
- `<category>` adds its last part as a tag, `<tags>` are kept, `<idnumber>` (or a slug
  `<name>`) gives the card id, `<generalfeedback>` the explanation, per-answer
  `<feedback>` is added to it as "answer: feedback" lines, `<defaultgrade>` the points;
- texts in `html` or `moodle_auto_format` become plain text; embedded `<file>` images
  are kept (`Card.media`, stored in the library's media/), other files listed; essay,
  description and other types are left out with a reason. The file is parsed with
  defusedxml: no DTDs, entities or external references.
Writing is in moodle_xml_write.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from quizapp.formats import MAX_CARDS, Format, Loaded, too_many
from quizapp.formats.apkg_zip import IMAGE_EXTENSIONS, MAX_IMAGE_BYTES, MAX_MEDIA_BYTES
from quizapp.formats.html_text import IdMaker, html_to_text, slugify
from quizapp.formats.lenient import keep_valid
from quizapp.formats.moodle_xml_write import dumps_moodle_xml, losses
from quizapp.model import DeckError, Problem

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,79}$")
# {1:SHORTANSWER:=Paris#ok~%50%Lutece} and the short names Moodle accepts
_EMBEDDED = re.compile(r"\{(\d*):([A-Z_]+):((?:\\\}|[^}])*)\}")
_GAP_KINDS = {
    "SHORTANSWER",
    "SA",
    "MW",
    "SHORTANSWER_C",
    "SAC",
    "MWC",
    "NUMERICAL",
    "NM",
    "MULTICHOICE",
    "MC",
    "MULTICHOICE_V",
    "MCV",
    "MULTICHOICE_H",
    "MCH",
    "MULTICHOICE_S",
    "MCS",
    "MULTICHOICE_VS",
    "MCVS",
    "MULTICHOICE_HS",
    "MCHS",
}


class _Skip(Exception):
    pass


def _text(node: Element | None, default: str = "html") -> str:
    if node is None:
        return ""
    inner = node.find("text")
    raw = (inner.text if inner is not None else node.text) or ""
    fmt = node.get("format", default)
    return raw.strip() if fmt in ("plain_text", "markdown") else html_to_text(raw)


def _fraction(node: Element) -> float:
    try:
        return float(node.get("fraction", "0"))
    except ValueError:
        return 0.0


class _Question:
    def __init__(self, node: Element) -> None:
        self.node = node
        self.notes: list[str] = []
        self.feedback: list[str] = []

    def answers(self) -> list[tuple[float, str]]:
        out = []
        for answer in self.node.findall("answer"):
            text = _text(answer)
            if not text:
                continue
            feedback = _text(answer.find("feedback"))
            if feedback:
                self.feedback.append(f"{text}: {feedback}")
            out.append((_fraction(answer), text))
        return out

    def card(self) -> dict[str, Any]:
        kind = self.node.get("type", "")
        read = getattr(self, f"_{kind}", None)
        if read is None:
            raise _Skip(f"{kind or 'untyped'} questions cannot be held by quizapp")
        card: dict[str, Any] = read()
        return card

    def _multichoice(self) -> dict[str, Any]:
        entries = self.answers()
        single = (self.node.findtext("single") or "true").strip().lower() in ("true", "1")
        choices = list(dict.fromkeys(t for _, t in entries))
        if single:
            right = [t for f, t in entries if f >= 100]
            if not right:
                raise _Skip("no answer has a fraction of 100")
            if len(right) > 1 or any(0 < f < 100 for f, _ in entries):
                self.notes.append("partial-credit or extra right choices were not kept")
            return {"kind": "multiple_choice", "choices": choices, "answer": right[0]}
        right = list(dict.fromkeys(t for f, t in entries if f > 0))
        if not right:
            raise _Skip("no answer has a positive fraction")
        return {"kind": "multi_select", "choices": choices, "answers": right}

    def _truefalse(self) -> dict[str, Any]:
        right = [t for f, t in self.answers() if f >= 100]
        if not right or right[0].lower() not in ("true", "false"):
            raise _Skip("true/false question without a 100% 'true' or 'false' answer")
        return {"kind": "true_false", "answer": right[0].lower() == "true"}

    def _shortanswer(self) -> dict[str, Any]:
        entries = self.answers()
        right = list(dict.fromkeys(t for f, t in entries if f >= 100 and t != "*"))
        if not right:
            raise _Skip("short answer without a 100% answer")
        if len(right) < len(entries):
            self.notes.append("partial-credit answers were not kept")
        return {"kind": "short_answer", "answers": right}

    def _numerical(self) -> dict[str, Any]:
        for answer in self.node.findall("answer"):
            if _fraction(answer) >= 100:
                try:
                    value = float(_text(answer))
                    tolerance = abs(float(answer.findtext("tolerance") or 0))
                except ValueError:
                    raise _Skip("numerical answer or tolerance is not a number") from None
                unit = self.node.find("units/unit/unit_name")
                card = {"kind": "numeric", "answer": value, "tolerance": tolerance}
                if unit is not None and unit.text:
                    card["unit"] = unit.text.strip()
                return card
        raise _Skip("numerical question without a 100% answer")

    def _matching(self) -> dict[str, Any]:
        pairs = []
        for sub in self.node.findall("subquestion"):
            left, right = _text(sub), _text(sub.find("answer"), "plain_text")
            if not left:
                self.notes.append(f"distractor {right!r} (no left item) was not kept")
            elif right:
                pairs.append([left, right])
        return {"kind": "matching", "pairs": pairs}

    def _ordering(self) -> dict[str, Any]:
        return {"kind": "ordering", "items": [t for _, t in self.answers()]}

    def _multianswer(self) -> dict[str, Any]:
        raw = (self.node.findtext("questiontext/text") or "").strip()
        number = 0
        alternatives: dict[str, list[str]] = {}

        def gap(match: re.Match[str]) -> str:
            nonlocal number
            if match.group(2) not in _GAP_KINDS:
                raise _Skip(f"embedded answer type {match.group(2)} cannot be held")
            number += 1
            right = []
            for part in re.split(r"~(?=[=%]|[^~])", match.group(3)):
                part = part.strip()
                weight = 100.0 if part.startswith("=") else 0.0
                part = part.lstrip("=")
                if found := re.match(r"%(-?[\d.]+)%", part):
                    weight, part = float(found.group(1)), part[found.end() :]
                answer = html_to_text(part.split("#", 1)[0]).replace("\\}", "}").strip()
                if weight >= 100 and answer and match.group(2) in ("NUMERICAL", "NM"):
                    answer = answer.split(":", 1)[0]
                if weight >= 100 and answer:
                    right.append(answer)
            if not right:
                raise _Skip(f"gap {number} has no 100% answer")
            if len(right) > 1:
                alternatives[f"c{number}"] = right[1:]
            return f"{{{{c{number}::{right[0]}}}}}"

        text = html_to_text(_EMBEDDED.sub(gap, raw))
        if not number:
            raise _Skip("Cloze question without embedded answers")
        card: dict[str, Any] = {"kind": "cloze", "text": text}
        if alternatives:
            card["alternatives"] = alternatives
        return card


def _question(
    node: Element, ids: IdMaker, category: str, media: dict[str, bytes]
) -> tuple[dict[str, Any], list[str]]:
    read = _Question(node)
    card = read.card()
    if card["kind"] != "cloze":
        prompt = _text(node.find("questiontext"))
        card["statement" if card["kind"] == "true_false" else "question"] = prompt
    explanation = [_text(node.find("generalfeedback")), *read.feedback]
    if any(explanation):
        card["explanation"] = "\n".join(e for e in explanation if e)
    tags = [category] if category else []
    tags += [t.strip() for t in (x.text or "" for x in node.findall("tags/tag/text")) if t.strip()]
    if tags:
        card["tags"] = list(dict.fromkeys(t[:60] for t in tags))
    grade = node.findtext("defaultgrade")
    try:
        if grade and 0 < float(grade) <= 1000 and float(grade) != 1:
            card["points"] = float(grade)
    except ValueError:
        pass
    wanted = (node.findtext("idnumber") or "").strip() or _text(node.find("name"), "plain_text")
    card["id"] = ids.keep(wanted) if _SLUG.match(wanted) else ids.from_text(wanted or str(card))
    pictures, left = _images(node, media)
    if pictures:
        card["media"] = pictures[:20]
    if left:
        read.notes.append(f"{len(left)} embedded files not imported: {', '.join(left[:5])}")
    return card, read.notes


def _images(node: Element, media: dict[str, bytes]) -> tuple[list[str], list[str]]:
    """The question's embedded images into `media` (by content name), and those left out."""
    kept: list[str] = []
    left: list[str] = []
    for file_node in node.iterfind(".//file"):
        name = file_node.get("name", "?")
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        raw = (file_node.text or "").strip()
        if (
            ext not in IMAGE_EXTENSIONS
            or file_node.get("encoding") != "base64"
            or (len(raw) > MAX_IMAGE_BYTES * 4 // 3 + 4)
        ):
            left.append(name)
            continue
        try:
            data = base64.b64decode(raw, validate=False)
        except ValueError:
            left.append(name)
            continue
        if sum(map(len, media.values())) + len(data) > MAX_MEDIA_BYTES:
            left.append(name)
            continue
        stored = f"{hashlib.sha256(data).hexdigest()}.{ext}"
        media[stored] = data
        if stored not in kept:
            kept.append(stored)
    return kept, left


def _questions(path: Path, file: str) -> Iterator[Element]:
    """Each top-level <question>, parsed as the file streams by and freed after use, so a
    huge file costs one question's memory (and is refused at MAX_CARDS)."""
    root: Element | None = None
    depth = 0
    for event, node in SafeET.iterparse(str(path), events=("start", "end"), forbid_dtd=True):
        if event == "start":
            depth += 1
            if root is None:
                root = node
                if node.tag != "quiz":
                    raise DeckError(
                        [Problem(file, f"is not a Moodle XML file (its root is <{node.tag}>)")]
                    )
            continue
        depth -= 1
        if depth == 1 and root is not None:
            if node.tag == "question":
                yield node
            root.remove(node)


def read_moodle_xml(path: Path) -> Loaded:
    file = str(path)
    ids, cards, where, skipped = IdMaker(), [], [], []
    media: dict[str, bytes] = {}
    category = ""
    try:
        for number, node in enumerate(_questions(path, file), 1):
            if number > MAX_CARDS:
                raise too_many(file, number, "questions")
            if node.get("type") == "category":
                path_text = (node.findtext("category/text") or "").strip()
                category = path_text.rstrip("/").rsplit("/", 1)[-1].strip()[:60]
                continue
            try:
                card, notes = _question(node, ids, category, media)
            except _Skip as reason:
                skipped.append(f"question {number}: {reason}; left out")
                continue
            cards.append(card)
            where.append(f"question {number} ('{card['id']}')")
            skipped += [f"{where[-1]}: {note}" for note in notes]
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise DeckError([Problem(file, f"is not a Moodle XML file: {error}")]) from None
    except OSError as error:
        raise DeckError([Problem(file, f"cannot be read: {error.strerror}")]) from None
    title = path.stem or "Moodle questions"
    deck, invalid = keep_valid(
        {"id": slugify(title, "moodle"), "title": title[:200]}, cards, where, file
    )
    skipped += invalid
    if not deck.cards:
        first = f" ({len(skipped)} left out; the first: {skipped[0]})" if skipped else ""
        raise DeckError([Problem(file, f"holds no questions quizapp can use{first}")])
    used = {name for card in deck.cards for name in card.media}
    return Loaded([deck], skipped, media={n: d for n, d in media.items() if n in used})


def _sniff(head: bytes) -> bool:
    return b"<quiz" in head[:1024] and b"<question" in head


FORMATS = (
    Format(
        "moodle-xml",
        (".xml",),
        read_moodle_xml,
        dumps_moodle_xml,
        _sniff,
        "Moodle XML questions (with images)",
        losses=losses,
    ),
)
