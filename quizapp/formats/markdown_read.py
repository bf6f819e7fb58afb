"""Reading quick Markdown decks; the syntax is described in quizapp/formats/markdown.py.

Lines are grouped into blocks (the header, then one per card) of (line, marker, value),
then each block becomes a card dict for parse_deck. Every mistake is collected and
reported at once, naming the line and card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.formats import MAX_CARDS, Loaded, too_many
from quizapp.formats.html_text import IdMaker, slugify
from quizapp.model import CLOZE_GAP, DeckError, Problem, parse_deck

_I = re.IGNORECASE
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, _I))
    for key, pattern in (
        ("q", r"Q:[ \t]?(.*)"),
        ("a", r"A:[ \t]?(.*)"),
        ("tf", r"T/F:[ \t]?(.*)"),
        ("c", r"C:[ \t]?(.*)"),
        ("n", r"N:[ \t]?(.*)"),
        ("id", r"id:\s*(.*)"),
        ("tags", r"tags:\s*(.*)"),
        ("points", r"points:\s*(.*)"),
        ("kind", r"kind:\s*(.*)"),
        ("extra", r"extra:[ \t]?(.*)"),
        ("reverse", r"reverse:\s*(.*)"),
        ("language", r"language:\s*(.*)"),
        ("description", r"description:[ \t]?(.*)"),
        ("source", r"source:\s*(.*)"),
        ("right", r"[-*+] \[[xX]\][ \t]?(.*)"),
        ("wrong", r"[-*+] \[ \][ \t]?(.*)"),
        ("item", r"\d+[.)][ \t]+(.*)"),
        ("alt", r"=[ \t]?(.*)"),
        ("explain", r">[ \t]?(.*)"),
        ("cite", r"@source\s+(.*)"),
        ("pair", r"((?:[-*+] )?.*?->.*)"),
    )
)
_TEXT_KEYS = {"q", "a", "tf", "c", "explain", "description", "extra"}
_STARTERS = {"q", "tf", "c"}
_HEADER_ONLY = {"language", "description", "source"}
_CITE = re.compile(r'^(\S+)\s+p(\d+)\s+"(.*)"\s*$', re.DOTALL)
_NUM = r"[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|inf|nan)"
_NUMERIC = re.compile(rf"^({_NUM})(?:\s*(?:±|\+-|\+/-)\s*({_NUM}))?\s*(.*)$", re.DOTALL)
_ESCAPED_ARROW = "-\\>"  # "->" inside the left side of a pair
_BOOLS = {"true": True, "yes": True, "false": False, "no": False}
_CLOZE_ALT = re.compile(r"^c(\d+):\s*(.*)$", re.DOTALL)
_ANSWER_STYLES = {"a": "A:", "choices": "choices", "items": "numbered items",
                  "pairs": "'->' pairs", "alt": "'=' answers", "n": "N:"}


def _marker(line: str) -> tuple[str, str] | None:
    for key, pattern in _MARKERS:
        found = pattern.fullmatch(line)
        if found:
            return key, found.group(1)
    return None


def _split(value: str, sep: str) -> list[str]:
    """Split on `sep`, honouring backslash escapes (`\\,` is a comma, `\\\\` a backslash)."""
    parts, current, chars = [], [], iter(value)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, "\\"))
        elif ch == sep:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return parts


@dataclass
class _Block:
    line: int
    entries: list[list[Any]] = field(default_factory=list)  # [line, key, value]
    header: bool = False

    def has(self, *keys: str) -> bool:
        return any(e[1] in keys for e in self.entries)


def _blocks(text: str) -> tuple[list[_Block], list[str], str | None]:
    """Lines grouped into blocks of (line, marker, value), continuation lines joined."""
    blocks: list[_Block] = []
    problems: list[str] = []
    title: str | None = None
    current: _Block | None = None
    open_text: list[Any] | None = None
    blanks = 0
    blank_before = False
    for number, line in enumerate(text.split("\n"), 1):
        if line.rstrip() == "---":
            current, open_text, blanks, blank_before = None, None, 0, False
            continue
        if not line.strip() and not line.startswith("\\"):
            blanks += 1
            blank_before = True
            continue
        found = None if line.startswith("\\") else _marker(line)
        if title is None and not blocks and line.startswith("# ") and found is None:
            title = line[2:].strip()
            current = _Block(number, header=True)
            blocks.append(current)
            blanks, blank_before = 0, False
            continue
        if found is None:
            if open_text is None:
                problems.append(f"line {number}: belongs to no field; start it with a marker "
                                "such as Q: or A:, or put '\\' before it")
            else:
                open_text[2] += "\n" * (blanks + 1) + (line[1:] if line.startswith("\\")
                                                      else line)
            blanks, blank_before = 0, False
            continue
        key, value = found
        new_card = (
            current is None
            or (blank_before and key in _STARTERS | {"id"})
            or (key in _STARTERS and current.has(*_STARTERS))
            or (key == "id" and current.has("id"))
            or (current.header and key in _STARTERS)
        )
        if new_card:
            current = _Block(number)
            blocks.append(current)
        assert current is not None
        if key == "explain" and open_text is not None and open_text[1] == "explain":
            open_text[2] += "\n" * (blanks + 1) + value
        else:
            entry = [number, key, value]
            current.entries.append(entry)
            open_text = entry if key in _TEXT_KEYS else None
        blanks, blank_before = 0, False
    return blocks, problems, title


def _source(value: str) -> dict[str, str]:
    names = ("id", "title", "outlet", "date", "url")
    return {k: v for k, v in zip(names, _split(value, "|"), strict=False) if v}


def _card(block: _Block, ids: IdMaker, problems: list[str]) -> dict[str, Any]:
    values: dict[str, list[tuple[int, str]]] = {}
    for number, key, value in block.entries:
        values.setdefault(key, []).append((number, value))
    at = f"line {block.line}"

    def one(key: str) -> str | None:
        if key not in values:
            return None
        if len(values[key]) > 1:
            problems.append(f"line {values[key][1][0]}: a second '{key}' line; keep one")
        return values[key][0][1].strip()

    styles: set[str] = {k for k in ("a", "alt", "n") if k in values}
    if "right" in values or "wrong" in values:
        styles.add("choices")
    styles |= {name for key, name in (("item", "items"), ("pair", "pairs")) if key in values}
    for key in _HEADER_ONLY & values.keys():
        problems.append(f"line {values[key][0][0]}: '{key}:' belongs in the header at the top")
    question = one("q") or ""
    kind = one("kind")
    choices = [v.strip() for _, k, v in block.entries if k in ("right", "wrong")]
    right = [v.strip() for _, v in values.get("right", [])]
    if kind is None:
        if "tf" in values:
            kind, styles = "true_false", styles - {"a"}
        elif "c" in values:
            kind, styles = "cloze", styles - {"alt"}
        elif len(styles) > 1:
            problems.append(f"{at}: mixes {' and '.join(_ANSWER_STYLES[s] for s in sorted(styles))}"
                            "; a card has one kind of answer")
            kind = "flashcard"
        elif "choices" in styles:
            kind = "multiple_choice" if len(right) == 1 else "multi_select"
        elif styles:
            kind = {"items": "ordering", "pairs": "matching", "alt": "short_answer",
                    "n": "numeric", "a": "flashcard"}[styles.pop()]
        elif CLOZE_GAP.search(question):
            kind = "cloze"
        else:
            problems.append(f"{at}: has no answer; add A:, choices, '=' answers or another")
            kind = "flashcard"
    card: dict[str, Any] = {"kind": kind}
    if kind == "flashcard":
        card.update(front=question, back=one("a") or "")
        if (extra := one("extra")) is not None:
            card["extra"] = extra
        if (both := one("reverse")) is not None:
            card["reverse"] = _BOOLS.get(both.casefold(), both)
    elif kind in ("multiple_choice", "multi_select"):
        card.update(question=question, choices=choices)
        if kind == "multi_select":
            card["answers"] = right
        else:
            card["answer"] = right[0] if len(right) == 1 else right
    elif kind == "true_false":
        card.update(statement=one("tf") or question, answer=one("a"))
    elif kind == "short_answer":
        card.update(question=question, answers=[v.strip() for _, v in values.get("alt", [])])
    elif kind == "numeric":
        raw = one("n") or ""
        found = _NUMERIC.match(raw)
        if found:
            card.update(answer=found.group(1), tolerance=found.group(2) or 0, unit=found.group(3))
        else:
            card["answer"] = raw
        card["question"] = question
    elif kind == "cloze":
        card["text"] = one("c") or question
        alternatives: dict[str, list[str]] = {}
        for number, value in values.get("alt", []):
            alt = _CLOZE_ALT.match(value.strip())
            if alt is None:
                problems.append(f"line {number}: write a cloze alternative as '= c1: answer'")
            else:
                alternatives.setdefault(f"c{alt.group(1)}", []).append(alt.group(2).strip())
        if alternatives:
            card["alternatives"] = alternatives
    elif kind == "ordering":
        card.update(question=question, items=[v.strip() for _, v in values.get("item", [])])
    elif kind == "matching":
        pairs = []
        for _, value in values.get("pair", []):
            value = value[2:] if value[:2] in ("- ", "* ", "+ ") else value
            left, _, right_side = value.partition("->")
            pairs.append([left.strip().replace(_ESCAPED_ARROW, "->"), right_side.strip()])
        card.update(question=question, pairs=pairs)
    else:
        card["question"] = question  # an unknown kind: parse_deck names it
    if kind != "flashcard" and "extra" in values:
        problems.append(f"line {values['extra'][0][0]}: 'extra:' is for flashcards (Q: and A:)")
    if kind != "flashcard" and "reverse" in values:
        problems.append(
            f"line {values['reverse'][0][0]}: 'reverse:' is for flashcards (Q: and A:): "
            "only they can be studied both ways"
        )
    if (explanation := one("explain")) is not None:
        card["explanation"] = explanation
    if (tags := one("tags")) is not None:
        card["tags"] = [t for t in _split(tags, ",") if t]
    if (points := one("points")) is not None:
        card["points"] = points
    refs = []  # the first @source line is the card's source, any others its evidence
    for _, cite in values.get("cite", []):
        found = _CITE.match(cite.strip())
        if found:
            refs.append({"id": found.group(1), "paragraph": int(found.group(2)),
                         "quote": found.group(3)})
        else:
            problems.append(f"{at}: write evidence as @source <id> p<paragraph> \"quote\"")
    if refs:
        card["source"] = refs[0]
    if refs[1:]:
        card["evidence"] = refs[1:]
    wanted = one("id")
    prompt = card.get("question") or card.get("statement") or card.get("text") or card.get(
        "front") or ""
    card["id"] = ids.keep(wanted) if wanted else ids.from_text(prompt)
    return card


def read_markdown_text(text: str, file: str, default_title: str = "Markdown deck") -> Loaded:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks, block_problems, title = _blocks(text)
    problems = [Problem(file, message) for message in block_problems]
    deck: dict[str, Any] = {"title": title or default_title}
    cards: list[dict[str, Any]] = []
    ids = IdMaker()
    for block in blocks:
        if block.header:
            for number, key, value in block.entries:
                if key == "id":
                    deck["id"] = value.strip()
                elif key == "tags":
                    deck["tags"] = [t for t in _split(value, ",") if t]
                elif key in ("language", "description"):
                    deck[key] = value.strip()
                elif key == "source":
                    deck.setdefault("sources", []).append(_source(value))
                else:
                    problems.append(Problem(file, f"line {number}: '{key}' lines belong in a "
                                            "card; put a '---' line before the first card"))
            continue
        if len(cards) >= MAX_CARDS:
            raise too_many(file, len(cards) + 1)
        messages: list[str] = []
        card = _card(block, ids, messages)
        label = f"'{card['id']}' (#{len(cards) + 1})"
        problems += [Problem(file, m, label) for m in messages]
        cards.append(card)
    if problems:
        raise DeckError(problems)
    if not cards and title is None:
        raise DeckError([Problem(file, "is not a Markdown deck: no '# Title' and no cards "
                                 "(Q: ... A: ...)")])
    deck.setdefault("id", slugify(deck["title"]))
    deck["cards"] = cards
    return Loaded([parse_deck(deck, file)])


def read_markdown(path: Path) -> Loaded:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DeckError([Problem(str(path), f"cannot be read: {error.strerror}")]) from None
    if b"\x00" in data:
        raise DeckError([Problem(str(path), "is not a Markdown file (it holds binary data)")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DeckError(
            [Problem(str(path), f"is not UTF-8 text (byte {error.start}); save it as UTF-8")]
        ) from None
    return read_markdown_text(text, str(path), path.stem or "Markdown deck")
