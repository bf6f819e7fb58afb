"""quizapp's own deck files, TOML (for people) and JSON (for programs): lossless both ways."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from quizapp.formats import MAX_CARDS, MAX_DEPTH, Format, Loaded, text_dump, too_many
from quizapp.model import Deck, DeckError, Problem, parse_deck
from quizapp.model.data import deck_to_data


def _decode(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DeckError(
            [Problem(str(path), f"is not UTF-8 text (byte {error.start}); save it as UTF-8")]
        ) from None
    except OSError as error:
        raise DeckError([Problem(str(path), f"cannot be read: {error.strerror}")]) from None


def _too_deep(file: str) -> DeckError:
    return DeckError(
        [
            Problem(
                file,
                f"nests tables or lists more than {MAX_DEPTH} deep; a deck file needs 5 "
                "(is it a deck file?)",
            )
        ]
    )


def _checked(raw: Any, file: str) -> Any:
    """Bound depth and card count before validation (iteratively: no recursion to blow)."""
    stack = [(raw, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(file)
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    cards = raw.get("cards") if isinstance(raw, dict) else None
    if isinstance(cards, list) and len(cards) > MAX_CARDS:
        raise too_many(file, len(cards))
    return raw


def read_toml(path: Path) -> Loaded:
    try:
        raw = tomllib.loads(_decode(path))
    except tomllib.TOMLDecodeError as error:
        raise DeckError([Problem(str(path), f"is not valid TOML: {error}")]) from None
    except RecursionError:
        raise _too_deep(str(path)) from None
    return Loaded([parse_deck(_checked(raw, str(path)), str(path))])


def read_json(path: Path) -> Loaded:
    try:
        raw = json.loads(_decode(path))
    except RecursionError:
        raise _too_deep(str(path)) from None
    except json.JSONDecodeError as error:
        raise DeckError(
            [
                Problem(
                    str(path),
                    f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
                )
            ]
        ) from None
    return Loaded([parse_deck(_checked(raw, str(path)), str(path))])


def dumps_toml(deck: Deck) -> str:
    return tomli_w.dumps(deck_to_data(deck), multiline_strings=True)


def dumps_json(deck: Deck) -> str:
    return json.dumps(deck_to_data(deck), ensure_ascii=False, indent=2) + "\n"


def _sniff_json(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


FORMATS = (
    Format("toml", (".toml",), read_toml, text_dump(dumps_toml),
           description="quizapp deck file (TOML)"),
    Format("json", (".json",), read_json, text_dump(dumps_json), _sniff_json,
           "quizapp deck file (JSON)"),
)
