"""Text from other tools made ours: HTML fields to plain text, names to stable slugs.

Shared by the CSV, GIFT and Anki readers. Everything here is a pure function of its
input, so re-importing the same file yields the same ids (progress follows ids).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from html.parser import HTMLParser

# Anki's audio references: [sound:file.mp3]. Media is not imported, so they go.
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_BLOCK_TAGS = {"div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"}
_SKIP_TAGS = {"script", "style"}
_MANY_NEWLINES = re.compile(r"\n{3,}")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# What only html.parser gets right: entities, line-making and skipped tags, scripts, comments.
_NEEDS_PARSER = re.compile(
    r"&|<\s*/?\s*(?:br|div|p|li|tr|h[1-6]|ul|ol|table|script|style|sup|sub)\b|<!|<\?",
    re.IGNORECASE,
)
_INLINE_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# <sup>/<sub> carry meaning (mc², H₂O): kept as Unicode where every character has a form,
# else written ^(...) and _(...) so the meaning survives as text.
_SUP = str.maketrans("0123456789+-=()niabcdefghjklmoprstuvwxyz",
                     "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ")
_SUB = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")


def scripted(text: str, tag: str) -> str:
    """`text` as superscript (tag 'sup') or subscript ('sub') characters."""
    table, mark = (_SUP, "^") if tag == "sup" else (_SUB, "_")
    shown = text.translate(table)
    if all(ch != orig or ch.isspace() for ch, orig in zip(shown, text, strict=True)):
        return shown
    return f"{mark}({text})" if len(text) > 1 else f"{mark}{text}"


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.script: list[str] = []  # open <sup>/<sub> tags

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in ("sup", "sub"):
            self.script.append(tag)
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self._newline()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in ("sup", "sub") and tag in self.script:
            self.script.remove(tag)
        elif tag in _BLOCK_TAGS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(scripted(data, self.script[-1]) if self.script else data)


def html_to_text(value: str) -> str:
    """Readable plain text of an HTML field: line breaks kept, tags and media dropped.

    Never raises: html.parser is lenient and anything it does not understand is text.
    """
    if "<" not in value and "&" not in value:
        return (_SOUND.sub("", value) if "[sound:" in value else value).strip()
    if not _NEEDS_PARSER.search(value):  # only inline tags (<b>, <i>, <span ...>): strip them
        value = _INLINE_TAG.sub("", value)
        return (_SOUND.sub("", value) if "[sound:" in value else value).replace("\xa0", " ").strip()
    parser = _TextParser()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    text = _SOUND.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _MANY_NEWLINES.sub("\n\n", text).strip()


def slugify(text: str, fallback: str = "deck", limit: int = 60) -> str:
    """A slug (lower-case ASCII letters, digits, '-') for a name; `fallback` if none is left."""
    text = text[: limit * 4]  # the slug only needs the start; keeps long fields cheap
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", text.lower()).strip("-")[:limit].strip("-")
    return slug or fallback


def short_hash(text: str, length: int = 10) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()[
        :length
    ]


class IdMaker:
    """Stable, unique card ids for one deck: a readable slug of the text plus a short hash.

    The same text gives the same id on every import, so re-importing updates cards
    rather than duplicating them; a repeat within one file gets '-2', '-3'...
    """

    def __init__(self) -> None:
        self.used: set[str] = set()
        self._next: dict[str, int] = {}  # where the search for a free '-n' resumes

    def _claim(self, base: str) -> str:
        # The same ids as trying '-2', '-3'... from the start each time, without the
        # quadratic cost when a file repeats one text 100,000 times.
        n = self._next.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self._next[base] = n
        self.used.add(candidate)
        return candidate

    def from_text(self, text: str) -> str:
        return self._claim(f"{slugify(text, 'card', 40)}-{short_hash(text, 8)}")

    def from_key(self, prefix: str, key: str) -> str:
        """An id from a foreign identifier (an Anki guid, a GIFT title) that is not a slug."""
        return self._claim(f"{prefix}-{short_hash(key, 12)}")

    def keep(self, wanted: str) -> str:
        """The id an author chose (already a slug), made unique if it repeats."""
        return self._claim(wanted)
