"""Moodle GIFT quiz files, both ways.

Reading maps GIFT questions to our kinds:
- `{=right ~wrong}` -> multiple_choice; `{~%50%a ~%50%b ~%-100%c}` (weighted, several right)
  -> multi_select; `{T}` `{F}` `{TRUE}` `{FALSE}` -> true_false; `{=a =b}` -> short_answer;
  `{#5:0.5}`, `{#4..6}`, `{#=5:0 =%50%5:2}` -> numeric (the full-credit answer; partial-credit
  answers are reported as left out); `{=a -> 1 =b -> 2}` -> matching;
- text after the answer block ("missing word") becomes a blank `_____` in the question;
- `::title::` gives the card id (kept as is when it is already a slug), `// [id:x]` and
  `// [tag:x]` comments (Moodle 4) give id and tags, `$CATEGORY:` adds the category's last
  part as a tag; other `//` comments are ignored;
- escapes `\\~ \\= \\# \\{ \\} \\: \\\\ \\n`; `[html]` texts become plain text; `[moodle]`,
  `[plain]`, `[markdown]` markers are dropped;
- general feedback (`####...`) becomes the explanation; per-answer feedback (`#...`) is
  added to it as "answer: feedback" lines;
- essay (`{}`) and description questions (no answer block) are left out with a reason.

Writing: title and `// [id:]` = the card id, `// [tag:]` per tag, explanation as general
feedback. Flashcards become short answer (when the back fits on one line of 500 characters),
a cloze with one gap becomes a missing-word short answer, ordering cards and cloze cards with
several gaps are left out with a `// skipped:` comment. Sources, points, numeric units and
the deck's title and description are not written. `losses(deck)` lists what a deck loses.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from quizapp.formats import Format, Loaded
from quizapp.formats.html_text import IdMaker, html_to_text, slugify
from quizapp.model import CLOZE_GAP, Deck, DeckError, Problem, parse_deck
from quizapp.store.atomic import atomic_write_bytes

_SPECIAL = "\\~=#{}:"
# Escaped characters are swapped for private-use placeholders while parsing.
_HOLD = {ch: chr(0xE000 + i) for i, ch in enumerate(_SPECIAL)}
_HOLD["n"] = chr(0xE000 + len(_SPECIAL))
_RESTORE = str.maketrans({v: ("\n" if k == "n" else k) for k, v in _HOLD.items()})
_PRIVATE = re.compile("[\ue000-\ue00f]")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,79}$")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_MARKER = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_RANGE = re.compile(rf"^({_NUMBER})\.\.({_NUMBER})$")
_TOLERANCE = re.compile(rf"^({_NUMBER})(?::({_NUMBER}))?$")
_TF = re.compile(r"^(T|TRUE|F|FALSE)\s*((?:#.*)?)$", re.DOTALL | re.IGNORECASE)


class _Skip(Exception):
    """A question we cannot hold; its message is the reason."""


def _restore(text: str) -> str:
    return text.translate(_RESTORE).strip()


def _entries(block: str) -> list[tuple[str, float | None, str, str]]:
    """Answers of a block as (marker, weight, text, feedback)."""
    out = []
    for match in re.finditer(r"([=~])([^=~]*)", block):
        marker, body = match.groups()
        weight = None
        found = _WEIGHT.match(body.strip())
        if found:
            weight = float(found.group(1))
            body = body.strip()[found.end() :]
        text, _, feedback = body.partition("#")
        out.append((marker, weight, _restore(text), _restore(feedback)))
    return out


def _numeric(block: str, notes: list[str]) -> dict[str, Any]:
    body = block[1:].strip()
    entries = _entries(body) if body[:1] in ("=", "~") else [("=", None, _restore(body), "")]
    full = [e for e in entries if e[0] == "=" and e[1] in (None, 100.0)]
    if not full:
        raise _Skip("numeric question without a full-credit answer")
    if len(entries) > 1:
        notes.append("partial-credit and extra numeric answers were not kept")
    spec = full[0][2].replace(" ", "")
    if found := _RANGE.match(spec):
        low, high = sorted((float(found.group(1)), float(found.group(2))))
        return {"kind": "numeric", "answer": (low + high) / 2, "tolerance": (high - low) / 2}
    if found := _TOLERANCE.match(spec):
        tolerance = abs(float(found.group(2))) if found.group(2) else 0.0
        return {"kind": "numeric", "answer": float(found.group(1)), "tolerance": tolerance}
    raise _Skip(f"numeric answer {spec!r} is not a number")


def _answers(block: str, notes: list[str]) -> tuple[dict[str, Any], list[str]]:
    """The card fields an answer block gives, and its per-answer feedback lines."""
    if not block.strip():
        raise _Skip("essay question (no answers to check)")
    if found := _TF.match(block.strip()):
        card = {"kind": "true_false", "answer": found.group(1).upper().startswith("T")}
        feedback = [_restore(f) for f in found.group(2).split("#") if _restore(f)]
        return card, [f"feedback: {f}" for f in feedback]
    if block.lstrip().startswith("#"):
        return _numeric(block.strip(), notes), []
    entries = _entries(block)
    if not entries:
        raise _Skip("answer block without '=' or '~' answers")
    feedback = [f"{text}: {fb}" for _, _, text, fb in entries if fb]
    if all(m == "=" and "->" in t for m, _, t, _ in entries):
        pairs = [[part.strip() for part in t.split("->", 1)] for _, _, t, _ in entries]
        return {"kind": "matching", "pairs": pairs}, feedback
    choices = [t for _, _, t, _ in entries]
    if all(m == "=" for m, _, _, _ in entries):
        right = [t for _, w, t, _ in entries if w in (None, 100.0)]
        if len(right) < len(entries):
            notes.append("partial-credit answers were not kept")
        if not right:
            raise _Skip("short answer without a full-credit answer")
        return {"kind": "short_answer", "answers": right}, feedback
    right = [t for m, _, t, _ in entries if m == "="]
    partial = [t for m, w, t, _ in entries if m == "~" and (w or 0) > 0]
    if len(right) == 1:
        if partial:
            notes.append("partial-credit choices were not kept")
        return {"kind": "multiple_choice", "choices": choices, "answer": right[0]}, feedback
    if not right and not partial:
        raise _Skip("no right answer marked with '=' or a positive %weight%")
    return {"kind": "multi_select", "choices": choices, "answers": right or partial}, feedback


def _text(raw: str) -> str:
    marker = _MARKER.match(raw.strip())
    text = raw.strip()
    if marker:
        text = text[marker.end() :]
        if marker.group(1).lower() == "html":
            return html_to_text(_restore(text))
    return _restore(text)


def _question(block: str, meta: dict[str, Any], ids: IdMaker, notes: list[str]) -> dict[str, Any]:
    title = ""
    if block.startswith("::"):
        title, found, rest = block[2:].partition("::")
        if not found:
            raise _Skip("title '::' is not closed")
        block = rest
    start = block.find("{")
    if start < 0:
        raise _Skip("description (no answer block)")
    end = block.find("}", start)
    if end < 0:
        raise _Skip("'{' without a closing '}'; escape a literal brace as \\{")
    before, answer_block, after = block[:start], block[start + 1 : end], block[end + 1 :]
    general = ""
    if "####" in answer_block:
        answer_block, general = answer_block.split("####", 1)
    card, feedback = _answers(answer_block, notes)
    question = _text(before)
    if after.strip():
        question = f"{question} _____ {_text(after)}".strip()
    card["statement" if card["kind"] == "true_false" else "question"] = question
    explanation = "\n".join(part for part in (_restore(general), *feedback) if part)
    if explanation:
        card["explanation"] = explanation
    wanted = meta.get("id") or _restore(title)
    if wanted and _SLUG.match(wanted):
        card["id"] = ids.keep(wanted)
    else:
        card["id"] = ids.from_text(wanted or question)
    if meta.get("tags"):
        card["tags"] = list(dict.fromkeys(meta["tags"]))
    return card


def _decode(data: bytes, file: str) -> str:
    if b"\x00" in data:
        raise DeckError([Problem(file, "is not a GIFT file (it holds binary data)")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DeckError(
            [Problem(file, f"is not UTF-8 text (byte {error.start}); save it as UTF-8")]
        ) from None


def read_gift_text(text: str, file: str, title: str = "GIFT questions") -> Loaded:
    text = _PRIVATE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _ESCAPE.sub(lambda m: _HOLD.get(m.group(1), "\\" + m.group(1)), text)
    ids, cards, skipped = IdMaker(), [], []
    category_tag = ""
    meta: dict[str, Any] = {"tags": []}
    lines: list[str] = []
    first_line = 0

    def flush() -> None:
        nonlocal meta
        block = "\n".join(lines).strip()
        lines.clear()
        if not block:
            return
        notes: list[str] = []
        try:
            card = _question(block, meta, ids, notes)
        except _Skip as reason:
            skipped.append(f"question at line {first_line}: {reason}; left out")
        else:
            cards.append(card)
            skipped.extend(f"question '{card['id']}' (line {first_line}): {n}" for n in notes)
        meta = {"tags": [category_tag] if category_tag else []}

    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            if found := re.search(r"\[id:([^\]]*)\]", line):
                meta["id"] = _restore(found.group(1))
            meta["tags"] += [
                _restore(t) for t in re.findall(r"\[tag:([^\]]*)\]", line) if _restore(t)
            ]
        elif stripped.startswith("$CATEGORY:"):
            flush()
            path = _restore(stripped.removeprefix("$CATEGORY:"))
            category_tag = path.rstrip("/").rsplit("/", 1)[-1].strip()[:60].strip()
            meta = {"tags": [category_tag] if category_tag else []}
        elif not stripped:
            flush()
        else:
            if not lines:
                first_line = number
            lines.append(line)
    flush()
    if not cards:
        reason = f" ({len(skipped)} left out)" if skipped else ""
        raise DeckError(
            [Problem(file, f"is not a GIFT file: it holds no questions quizapp can use{reason}")]
        )
    raw = {"id": slugify(title, "gift"), "title": title, "cards": cards}
    return Loaded([parse_deck(raw, file)], skipped)


def read_gift(path: Path) -> Loaded:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DeckError([Problem(str(path), f"cannot be read: {error.strerror}")]) from None
    return read_gift_text(_decode(data, str(path)), str(path), path.stem or "GIFT questions")


def escape(text: str) -> str:
    """Text safe inside GIFT: specials backslash-escaped, newlines as \\n."""
    out = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    return out.replace("\n", "\\n")


def _number(value: float) -> str:
    return repr(float(value))


def _block(card: Any) -> tuple[str, str] | tuple[str, str, str] | str:
    """(question, answer block[, text after]) for a card, or why GIFT cannot hold it."""
    kind = card.kind
    if kind == "multiple_choice":
        options = " ".join(("=" if c == card.answer else "~") + escape(c) for c in card.choices)
        return escape(card.question), options
    if kind == "multi_select":
        share = f"{100 / len(card.answers):.5f}".rstrip("0").rstrip(".")
        options = " ".join(
            f"~%{share if c in card.answers else '-100'}%{escape(c)}" for c in card.choices
        )
        return escape(card.question), options
    if kind == "true_false":
        return escape(card.statement), "T" if card.answer else "F"
    if kind == "short_answer":
        return escape(card.question), " ".join("=" + escape(a) for a in card.answers)
    if kind == "numeric":
        tolerance = f":{_number(card.tolerance)}" if card.tolerance else ""
        return escape(card.question), f"#{_number(card.answer)}{tolerance}"
    if kind == "matching":
        if any("->" in left for left, _ in card.pairs):
            return "a left side contains '->', which GIFT reads as the pair's arrow"
        pairs = " ".join(f"={escape(a)} -> {escape(b)}" for a, b in card.pairs)
        return escape(card.question), pairs
    if kind == "flashcard":
        back = card.back
        if "\n" in back or len(back) > 500:
            return "its back is longer than one line of 500 characters (a GIFT short answer)"
        return escape(card.front), "=" + escape(back)
    if kind == "cloze":
        gaps = list(CLOZE_GAP.finditer(card.text))
        if len(gaps) != 1:
            return "GIFT has one blank per question and this cloze card has several gaps"
        gap = gaps[0]
        accepted = card.accepted(card.gaps[0])
        before, after = card.text[: gap.start()], card.text[gap.end() :]
        answers = " ".join("=" + escape(a) for a in dict.fromkeys(accepted))
        return escape(before), answers, escape(after)
    return f"GIFT has no {kind.replace('_', ' ')} questions"


def dumps_gift(deck: Deck) -> str:
    out = [f"// {escape(deck.title)}: written by quizapp"]
    for card in deck.cards:
        made = _block(card)
        if isinstance(made, str):
            out.append(f"// skipped: card {card.id}: {made}")
            continue
        question, answers, *after = made
        lines = [f"// [id:{card.id}]"]
        lines += [f"// [tag:{tag}]" for tag in card.tags if "]" not in tag]
        feedback = f"####{escape(card.explanation)}" if card.explanation else ""
        # a cloze becomes "missing word": the text goes on after the answer block
        space = "" if after else " "
        lines.append(f"::{card.id}::{question}{space}{{{answers}{feedback}}}{''.join(after)}")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def losses(deck: Deck) -> list[str]:
    """What writing this deck as GIFT leaves out or changes, one line per loss."""
    notes = ["GIFT keeps no deck title, description, sources, points or numeric units"]
    for card in deck.cards:
        made = _block(card)
        if isinstance(made, str):
            notes.append(f"card {card.id} is left out: {made}")
        elif card.kind == "flashcard":
            notes.append(f"card {card.id} is written as a short answer question")
        elif card.kind == "cloze":
            notes.append(f"card {card.id} is written as a missing-word short answer")
        if any("]" in tag for tag in card.tags):
            notes.append(f"card {card.id}: tags containing ']' are not written")
    return notes


def write_gift(deck: Deck, path: Path) -> None:
    atomic_write_bytes(path, dumps_gift(deck).encode("utf-8"))


def _sniff(head: bytes) -> bool:
    """Moodle exports open with `// question: ...` comments, then a category or a title."""
    for line in head.removeprefix(b"\xef\xbb\xbf").splitlines()[:-1]:
        line = line.strip()
        if line and not line.startswith(b"//"):
            return line.startswith((b"$CATEGORY:", b"::"))
    return False


FORMATS = (
    Format(
        "gift",
        (".gift",),
        read_gift,
        write_gift,
        _sniff,
        "Moodle GIFT quiz questions",
        losses=losses,
    ),
)
