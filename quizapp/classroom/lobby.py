"""Who is in the game: joining, look-alike names, the PIN guard, leaving, removing,
letting back in, locking, and who has extra time. A mixin of `Game` (the state machine
in game.py), kept apart so each file holds one idea.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quizapp.classroom.guards import PinGuard
from quizapp.classroom.names import name_keys
from quizapp.classroom.players import Player, Refused, check_name, make_pin, name_key
from quizapp.classroom.protocol import Finished, Kicked, Lobby, Question, ServerMessage, Welcome
from quizapp.classroom.results import ClassroomSettings
from quizapp.model import Deck
from quizapp.text import clean_line

EVERYONE = None
#: The most extra time a student can be given (x3).
MAX_EXTRA_TIME = 3.0


@dataclass(frozen=True)
class Out:
    """A message for one player (by key) or, with `to=None`, for everyone connected."""

    to: str | None
    message: ServerMessage
    #: With `to=None`: players who get their own copy instead (more time on the clock).
    skip: frozenset[str] = frozenset()


class Roster:
    """The players' side of `Game`; the attributes are set by Game.__init__."""

    deck: Deck
    settings: ClassroomSettings
    clock: Callable[[], float]
    pin: str
    players: dict[str, Player]
    lookalikes: dict[str, str]
    pin_guard: PinGuard
    alerts: list[str]
    approved: set[str]
    extra_time: dict[str, float]
    locked: bool
    phase: str
    index: int
    rounds: list[Any]  # Game's Rounds (game.py imports this module, not the other way)

    if TYPE_CHECKING:  # defined by Game

        def question_message(self, key: str | None = None) -> Question: ...

        def _finished_for(self, key: str) -> Finished: ...

    # --- who is here ------------------------------------------------------

    @property
    def connected(self) -> list[Player]:
        return [p for p in self.players.values() if p.connected and not p.kicked]

    def lobby_message(self) -> Lobby:
        names = [p.name for p in self.connected[:100]]
        return Lobby(players=len(self.connected), names=names, locked=self.locked)

    @property
    def in_game(self) -> int:
        """Everyone who holds a place, connected or not (kicked players hold none)."""
        return sum(1 for p in self.players.values() if not p.kicked)

    def join(self, pin: str, raw_name: str, token: str | None = None) -> tuple[str, list[Out]]:
        """Admit a player (new, or back with their token); returns their key and messages."""
        name = check_name(raw_name)
        key = name_key(name)
        player = self.players.get(key)
        owner = (
            player is not None
            and token is not None
            and secrets.compare_digest(token.encode(), player.token.encode())
        )
        # The token (24 random bytes) proves more than the PIN: a player coming back with
        # theirs needs no PIN, so a rotated PIN never locks out someone already playing.
        if not owner:
            self._check_pin(pin)
        if player is not None:
            if player.kicked:
                if key not in self.approved or not owner:
                    raise Refused(
                        "kicked", "the teacher removed you from this game; ask them to let you back"
                    )
                # Let back in by the teacher: same token, same score; nobody else gets the name.
                self.approved.discard(key)
                player.kicked = False
            elif not owner:
                raise Refused("name_taken", f"the name {name!r} is taken; choose another")
            was_here = player.connected
            player.connected = True
            return key, self._welcome(key, rejoined=True, changed=not was_here)
        looks = name_keys(name)
        if any(look in self.lookalikes for look in looks):
            raise Refused(
                "name_taken", f"the name {name!r} looks like another player's; choose another"
            )
        if self.locked:
            raise Refused("locked", "the teacher has locked the game; ask them to unlock it")
        if self.phase == "finished":
            raise Refused("finished", "this game is over")
        if self.in_game >= self.settings.max_players:
            raise Refused("full", f"the game is full ({self.settings.max_players} players)")
        player = Player(name=name, token=secrets.token_urlsafe(24))
        self.players[key] = player
        self.lookalikes.update(dict.fromkeys(looks, key))
        return key, self._welcome(key, rejoined=False)

    def _check_pin(self, pin: str) -> None:
        if self.pin_guard.check(pin, self.pin, self.clock()):
            return
        if self.pin_guard.tripped:
            # Someone is guessing: whatever they ruled out is worth nothing now.
            self.pin = make_pin()
            self.alerts.append(self.pin_guard.alert(self.pin))
        raise Refused(
            "wrong_pin", "that PIN is not this game's; check the PIN on the teacher's screen"
        )

    def _welcome(self, key: str, rejoined: bool, changed: bool = True) -> list[Out]:
        player = self.players[key]
        s = self.settings
        outs = [
            Out(
                key,
                Welcome(
                    name=player.name,
                    token=player.token,
                    deck_title=self.deck.title,
                    questions=len(self.rounds),
                    time_per_question=self.limit_for(key),
                    scoring=s.scoring,
                    streaks=s.streaks,
                    players=len(self.connected),
                    rejoined=rejoined,
                    score=player.score,
                ),
            ),
        ]
        if changed:  # the same player from a second tab changes nothing the others see
            outs.append(Out(EVERYONE, self.lobby_message()))
        # Late or returning: catch up with the open question (same start, no extra time).
        if self.phase == "question" and self.index not in player.answers:
            outs.append(Out(key, self.question_message(key)))
        elif self.phase == "finished":
            outs.append(Out(key, self._finished_for(key)))
        return outs

    def leave(self, key: str) -> list[Out]:
        """The player's connection dropped; they keep their place and score."""
        player = self.players.get(key)
        if player is None or not player.connected:
            return []
        player.connected = False
        return [Out(EVERYONE, self.lobby_message())]

    def kick(self, name: str) -> list[Out]:
        key = name_key(clean_line(name))
        player = self.players.get(key)
        if player is None:
            raise Refused("no_such_player", f"no player is called {name!r}")
        player.kicked = True
        self.approved.discard(key)
        message = Kicked(message="the teacher removed you from this game")
        player.connected = False
        return [Out(key, message), Out(EVERYONE, self.lobby_message())]

    def approve(self, name: str) -> None:
        """Let a kicked player back in: only with their own token, under their name."""
        self.approved.add(name_key(clean_line(name)))

    def lock(self) -> list[Out]:
        self.locked = True
        return [Out(EVERYONE, self.lobby_message())]

    def unlock(self) -> list[Out]:
        self.locked = False
        return [Out(EVERYONE, self.lobby_message())]

    def factor(self, key: str) -> float:
        return self.extra_time.get(key, 1.0)

    def limit_for(self, key: str | None) -> float:
        """Seconds player `key` has per question (None: a student without extra time)."""
        return self.settings.time_per_question * (self.factor(key) if key else 1.0)

    def set_extra_time(self, name: str, factor: float) -> None:
        """Give a student (joined or not yet) `factor` times the time: 1, 1.5 or 2 (up to 3)."""
        if not 1.0 <= factor <= MAX_EXTRA_TIME:
            raise Refused("bad_extra_time", f"extra time is x1 to x{MAX_EXTRA_TIME:g}")
        key = name_key(clean_line(name))
        if factor == 1.0:
            self.extra_time.pop(key, None)
        else:
            self.extra_time[key] = factor

