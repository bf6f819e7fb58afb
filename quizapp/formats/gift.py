"""Moodle GIFT quiz files, read as Moodle's own importer reads them.

The reference is Moodle's `question/format/gift/format.php` (`readquestion`): questions are
separated by blank lines; `::title::` names one; the answer block runs from the first `{`
to the first `}`; its kind is decided as Moodle decides it:
- empty -> essay (left out: nothing to check); none -> description (left out);
- starts with `#` -> numeric: `{#5:0.5}`, `{#4..6}`, `{#=5:0 =%50%5:2}`, `{#3:2~#wrong!}`
  (the full-credit answer; partial-credit ones are reported as not kept);
- holds a `~` -> multiple choice (`=` marks the right one) or, without `=`, multiple answer
  (`~%50%a ~%50%b ~%-100%c`: the positive weights are the right answers);
- holds `=` and `->` -> matching (`= -> Chat`, a right item with no left one, is Moodle's
  distractor: reported as not kept);
- exactly `T`, `TRUE`, `F`, `FALSE` (before any `#`) -> true/false; anything else -> short
  answer (`{=a =b}`, and `{One}` as Moodle takes it: one accepted answer).
Like Moodle: empty answers are dropped (`{~=some~a few}`), repeated ones kept once, text
after the block ("missing word") becomes a `_____` blank, escapes `\\~ \\= \\# \\{ \\} \\:
\\\\ \\n` are honoured. `[html]`, `[moodle]`, `[plain]`, `[markdown]` markers are read on
every text (question, answers, feedback; answers inherit the question's) and HTML (and
Moodle-format text holding tags) becomes plain text. Moodle's embedded-answer syntax
(`{1:SA:=...}`, a Cloze question pasted into GIFT) is left out with its reason.

`::title::` gives the card id (kept when it is a slug), `// [id:x]` and `// [tag:x]`
comments (Moodle 4) give id and tags, `$CATEGORY:` adds the category's last part as a tag.
General feedback (`####...`) becomes the explanation; per-answer feedback (`#...`) is added
to it as "answer: feedback" lines. Each question that cannot be held is left out with its
line and reason; a file is refused only when it holds no GIFT question at all.

Writing is in `gift_write.py`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from quizapp.formats import MAX_CARDS, Format, Loaded, text_dump, too_many
from quizapp.formats.decode import decode_text
from quizapp.formats.gift_write import dumps_gift, escape, losses
from quizapp.formats.html_text import IdMaker, html_to_text, slugify
from quizapp.formats.lenient import keep_valid
from quizapp.model import DeckError, Problem

_SPECIAL = "\\~=#{}:"
# Escaped characters are swapped for private-use placeholders while parsing.
_HOLD = {ch: chr(0xE000 + i) for i, ch in enumerate(_SPECIAL)}
_HOLD["n"] = chr(0xE000 + len(_SPECIAL))
_RESTORE = str.maketrans({v: ("\n" if k == "n" else k) for k, v in _HOLD.items()})
_PRIVATE = re.compile("[\ue000-\ue00f]")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,79}$")
# Moodle's $giftanswerweightregex; the weight is what stands between the two %.
_WEIGHT = re.compile(r"^%(-*[0-9]{1,2}\.?[0-9]*)%")
_MARKER = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_LOOKS_HTML = re.compile(r"<[a-zA-Z/!]|&#?\w+;")
_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")
_EMBEDDED = re.compile(r"\d+:(?:SA|SHORTANSWER|SAC|SHORTANSWER_C|MC|MULTICHOICE|MCV|MCH|MCS|"
                       r"MR|MRH|MRS|MULTIRESPONSE|NM|NUMERICAL)\w*:", re.IGNORECASE)
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
MAX_ANSWERS = 200  # more answers than this in one block is not a question anyone wrote


class _Skip(Exception):
    """A question we cannot hold; its message is the reason."""


def _restore(text: str) -> str:
    return text.translate(_RESTORE).strip()


def _text(raw: str, default: str = "moodle") -> tuple[str, str]:
    """(clean text, its format) of one GIFT text, as Moodle's parse_text_with_format."""
    raw = raw.strip()
    fmt = default
    if found := _MARKER.match(raw):
        fmt = found.group(1).lower()
        raw = raw[found.end() :]
    text = _restore(raw)
    if fmt == "html" or (fmt == "moodle" and _LOOKS_HTML.search(text)):
        text = html_to_text(text)
    return text, fmt


def _weight(answer: str) -> tuple[float | None, str]:
    if found := _WEIGHT.match(answer):
        try:
            return float(found.group(1).replace("--", "-")) / 100, answer[found.end() :]
        except ValueError:
            return None, answer
    return None, answer


def _answer(part: str, fmt: str) -> tuple[str, str]:
    """(answer, feedback) of one answer, split at its first '#' as Moodle's commentparser.

    Line breaks and indents inside an answer block only lay the file out (Moodle shows
    them as one space), so each comes out as one line; an escaped \\n stays a newline.
    """
    text, _, feedback = " ".join(part.split()).partition("#")  # escapes are held: kept
    return _text(text, fmt)[0], _text(feedback, fmt)[0]


def _split(block: str, marker: str) -> list[str]:
    parts = block.split(marker)
    if parts and not parts[0].strip():
        parts = parts[1:]
    if len(parts) > MAX_ANSWERS:
        raise _Skip(f"holds {len(parts)} answers; more than {MAX_ANSWERS} are not read")
    return parts


class _Question:
    """One answer block turned into card fields, with what it could not keep."""

    def __init__(self, block: str, fmt: str) -> None:
        self.fmt = fmt
        self.notes: list[str] = []
        self.feedback: list[str] = []
        self.card = self._read(block)

    def _read(self, block: str) -> dict[str, Any]:
        if not block:
            raise _Skip("essay question (no answers to check)")
        if _EMBEDDED.match(block):
            raise _Skip("Moodle embedded-answer (Cloze) syntax like {1:SA:=...} is not GIFT")
        if block[0] == "#":
            return self._numeric(block[1:])
        if "~" in block:
            return self._choice(block)
        if "=" in block and "->" in block:
            return self._matching(block)
        check = block.split("#", 1)[0].strip() if block.find("#") > 0 else block
        if check in _TRUE_FALSE:
            _, wrong, right = (*block.split("#", 2), "", "")[:3]
            self.feedback += [f"feedback: {t}" for t in (_text(right)[0], _text(wrong)[0]) if t]
            return {"kind": "true_false", "answer": _TRUE_FALSE[check]}
        return self._short(block)

    def _entries(self, parts: list[str]) -> list[tuple[float, str]]:
        """(weight, text) of each non-empty, first-seen answer; feedback collected."""
        seen: dict[str, int] = {}
        out: list[tuple[float, str]] = []
        for part in parts:
            part = part.strip()
            weight, part = (1.0, part[1:]) if part[:1] == "=" else (*_weight(part),)
            text, feedback = _answer(part, self.fmt)
            if not text:
                continue  # Moodle drops empty answers
            if feedback:
                self.feedback.append(f"{text}: {feedback}")
            key = text.casefold()
            fraction = 0.0 if weight is None else weight
            if key in seen:
                index = seen[key]
                if out[index][0] != fraction:
                    self.notes.append(f"answer {text!r} is given twice; the higher weight kept")
                out[index] = (max(out[index][0], fraction), out[index][1])
                continue
            seen[key] = len(out)
            out.append((fraction, text))
        return out

    def _choice(self, block: str) -> dict[str, Any]:
        single = "=" in block
        entries = self._entries(_split(block.replace("=", "~="), "~"))
        if len(entries) < 2:
            raise _Skip("a multiple choice question needs at least two answers")
        choices = [t for _, t in entries]
        full = [t for w, t in entries if w >= 1.0]
        partial = [t for w, t in entries if 0 < w < 1.0]
        if single and full:
            if len(full) > 1:
                self.notes.append(f"several right choices; only {full[0]!r} is taken as right")
            if partial:
                self.notes.append("partial-credit choices were not kept")
            return {"kind": "multiple_choice", "choices": choices, "answer": full[0]}
        right = full + partial
        if not right:
            raise _Skip("no right answer marked with '=' or a positive %weight%")
        weights = {w for w, _ in entries if w > 0}
        if len(weights) > 1:
            self.notes.append("unequal weights were not kept; every positive one counts right")
        return {"kind": "multi_select", "choices": choices, "answers": right}

    def _matching(self, block: str) -> dict[str, Any]:
        pairs: list[list[str]] = []
        for part in _split(block, "="):
            if "->" not in part:
                raise _Skip("a matching item without '->'")
            left, right = part.split("->", 1)
            left_text, right_text = _text(left, self.fmt)[0], _restore(right)
            if not left_text:
                self.notes.append(f"distractor {right_text!r} (no left item) was not kept")
            elif right_text:
                pairs.append([left_text, right_text])
        rights = [r.casefold() for _, r in pairs]
        shared = next((r for _, r in pairs if rights.count(r.casefold()) > 1), None)
        if shared is not None:
            raise _Skip(
                f"several left items share the right item {shared!r}; quizapp's matching "
                "pairs each right item with one left item"
            )
        return {"kind": "matching", "pairs": pairs}

    def _short(self, block: str) -> dict[str, Any]:
        entries = self._entries([p if p[:1] == "%" else "=" + p for p in _split(block, "=")])
        right = [t for w, t in entries if w >= 1.0]
        if len(right) < len(entries):
            self.notes.append("partial-credit answers were not kept")
        if not right:
            raise _Skip("short answer without a full-credit answer")
        return {"kind": "short_answer", "answers": right}

    def _numeric(self, block: str) -> dict[str, Any]:
        block, tilde, wrong = block.partition("~")
        if tilde and (text := _answer(wrong, self.fmt)[1]):
            self.feedback.append(f"any other answer: {text}")
        found: list[tuple[float, float]] = []
        for part in _split(block, "="):
            weight, part = _weight(part.strip())
            spec, feedback = _answer(part, self.fmt)
            spec = spec.replace(" ", "")
            if feedback:
                self.feedback.append(f"{spec}: {feedback}")
            low, dots, high = spec.partition("..")
            value, colon, margin = spec.partition(":")
            if dots and _NUMBER.match(low) and _NUMBER.match(high):
                a, b = sorted((float(low), float(high)))
                answer, tolerance = (a + b) / 2, (b - a) / 2
            elif _NUMBER.match(value) and (not colon or _NUMBER.match(margin)):
                answer, tolerance = float(value), abs(float(margin)) if colon else 0.0
            else:
                raise _Skip(f"numeric answer {spec!r} is not a number")
            if weight in (None, 1.0):
                found.append((answer, tolerance))
            else:
                self.notes.append("partial-credit and extra numeric answers were not kept")
        if not found:
            raise _Skip("numeric question without a full-credit answer")
        if len(found) > 1:
            self.notes.append("extra full-credit numeric answers were not kept")
        return {"kind": "numeric", "answer": found[0][0], "tolerance": found[0][1]}


def _question(block: str, meta: dict[str, Any], ids: IdMaker) -> tuple[dict[str, Any], list[str]]:
    title = ""
    if block.startswith("::"):
        title, found, rest = block[2:].partition("::")
        block = rest.strip() if found else block[2:]
        title = title if found else ""
    start, end = block.find("{"), block.find("}")
    if start < 0 and end < 0:
        raise _Skip("description (no answer block)")
    if start < 0 or end < start:
        raise _Skip("'{' and '}' do not pair up; escape a literal brace as \\{ or \\}")
    answers = block[start + 1 : end].strip()
    general = ""
    if "####" in answers:
        answers, general = answers.rsplit("####", 1)
        answers = answers.strip()
    blank = "" if block.endswith("}") else "_____"
    question, fmt = _text(block[:start] + blank + block[end + 1 :])
    if _EMBEDDED.search(block[end:]):
        raise _Skip("Moodle embedded-answer (Cloze) syntax like {1:SA:=...} is not GIFT")
    read = _Question(answers, fmt)
    card = read.card
    card["statement" if card["kind"] == "true_false" else "question"] = question
    explanation = "\n".join(part for part in (_text(general, fmt)[0], *read.feedback) if part)
    if explanation:
        card["explanation"] = explanation
    wanted = meta.get("id") or _restore(title)
    card["id"] = ids.keep(wanted) if wanted and _SLUG.match(wanted) else (
        ids.from_text(wanted or question)
    )
    if meta.get("tags"):
        card["tags"] = list(dict.fromkeys(meta["tags"]))
    return card, read.notes


def read_gift_text(text: str, file: str, title: str = "GIFT questions") -> Loaded:
    text = _PRIVATE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _ESCAPE.sub(lambda m: _HOLD.get(m.group(1), "\\" + m.group(1)), text)
    ids = IdMaker()
    cards: list[dict[str, Any]] = []
    where: list[str] = []
    skipped: list[str] = []
    category_tag = ""
    meta: dict[str, Any] = {"tags": []}
    lines: list[str] = []
    first_line = 0
    blocks = 0

    def flush() -> None:
        nonlocal meta, blocks
        block = "\n".join(lines).strip()
        lines.clear()
        if not block:
            return
        blocks += 1
        if blocks > MAX_CARDS:
            raise too_many(file, blocks, "questions")
        try:
            card, notes = _question(block, meta, ids)
        except _Skip as reason:
            skipped.append(f"question at line {first_line}: {reason}; left out")
        else:
            cards.append(card)
            where.append(f"question '{card['id']}' (line {first_line})")
            skipped.extend(f"{where[-1]}: {n}" for n in notes)
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
    deck, invalid = keep_valid(
        {"id": slugify(title, "gift"), "title": title[:200] or "GIFT questions"},
        cards, where, file,
    )
    skipped += invalid
    if not deck.cards:
        reason = f" ({len(skipped)} left out; the first: {skipped[0]})" if skipped else ""
        raise DeckError(
            [Problem(file, f"is not a GIFT file: it holds no questions quizapp can use{reason}")]
        )
    return Loaded([deck], skipped)


def read_gift(path: Path) -> Loaded:
    text, note = decode_text(path, "GIFT")
    loaded = read_gift_text(text, str(path), path.stem or "GIFT questions")
    if note:
        loaded.skipped.insert(0, note)
    return loaded


# An answer block as GIFT writes them: {=..}, {~..}, {#..}, {T}, {FALSE}, {}, {=a -> b}.
_BLOCK = re.compile(rb"\{\s*(?:[=~#]|(?:T|F|TRUE|FALSE)\s*[#}]|\})")


def _sniff(head: bytes) -> bool:
    """GIFT by its answer blocks, whatever the extension (Moodle exports `.txt`).

    Moodle exports open with `// question:` comments, then a category or a title; hand-made
    files may start straight with a question. It is GIFT when most paragraphs that are not
    comments hold an answer block (a CSV with one brace in a cell is not).
    """
    head = head.removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in head:
        return False
    body = b"\n".join(
        line for line in head.splitlines()[:-1] if not line.strip().startswith(b"//")
    )
    if body.lstrip().startswith((b"$CATEGORY:", b"::")):
        return True
    paragraphs = [p for p in re.split(rb"\n\s*\n", body) if p.strip()]
    with_block = sum(1 for p in paragraphs if _BLOCK.search(p))
    return with_block >= 1 and with_block * 2 >= len(paragraphs)


FORMATS = (
    Format(
        "gift",
        (".gift",),
        read_gift,
        text_dump(dumps_gift),
        _sniff,
        "Moodle GIFT quiz questions (also Moodle's .txt exports)",
        losses=losses,
    ),
)

__all__ = ["FORMATS", "dumps_gift", "escape", "losses", "read_gift", "read_gift_text"]
