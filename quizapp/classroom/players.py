"""Who plays: names, tokens, scores, ranks, and the refusals a join can meet."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass, field

from quizapp.classroom.names import invisible, mixed_scripts
from quizapp.classroom.protocol import Response
from quizapp.text import clean_line

MAX_NAME = 20


class Refused(Exception):
    """An action refused; `code` is stable for programs, `message` tells the person why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Given:
    """One answer as the host took it: cleaned response, host-timed, graded."""

    response: Response
    elapsed: float
    score: float
    right: bool
    points: int = 0


@dataclass
class Player:
    """A student, kept across dropped connections; `points[q]` is (earned, streak bonus)."""

    name: str
    token: str
    connected: bool = True
    score: int = 0
    streak: int = 0
    right: int = 0
    kicked: bool = False
    answers: dict[int, Given] = field(default_factory=dict)
    points: dict[int, tuple[int, int]] = field(default_factory=dict)


def make_pin() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def name_key(name: str) -> str:
    """The key a player is kept under; look-alikes are caught by quizapp.classroom.names."""
    return unicodedata.normalize("NFKC", name).casefold()


def check_name(raw: str) -> str:
    """The name cleaned, or Refused saying what is wrong with it."""
    if any(invisible(ch) for ch in raw):
        raise Refused("bad_name", "names cannot contain control or invisible characters; retype it")
    name = clean_line(raw)
    if not name:
        raise Refused("bad_name", "type a name to join")
    if len(name) > MAX_NAME:
        raise Refused("bad_name", f"names are at most {MAX_NAME} characters; shorten it")
    scripts = mixed_scripts(name)
    if scripts:
        raise Refused(
            "bad_name",
            f"names cannot mix {' and '.join(sorted(s.title() for s in scripts))} letters "
            "(they can look like another name); type it in one alphabet",
        )
    return name


def ranks(players: dict[str, Player]) -> dict[str, int]:
    """Competition ranks (1, 2, 2, 4) of every player not kicked, best first."""
    order = sorted((k for k, p in players.items() if not p.kicked), key=lambda k: -players[k].score)
    out: dict[str, int] = {}
    previous: int | None = None
    for position, key in enumerate(order, start=1):
        score = players[key].score
        out[key] = out[order[position - 2]] if score == previous else position
        previous = score
    return out
