"""Fixtures for the xAPI tests: a real Ralph LRS on 127.0.0.1, a library that has been
studied, quizzed and has hosted a game, and the configuration that sends it."""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.classroom import ClassroomSettings, Game
from quizapp.grading import grade
from quizapp.model import Deck, Rating
from quizapp.model.progress import progress_key
from quizapp.quiz import QuizSession, QuizSettings, build_quiz, save_attempt
from quizapp.store import Library
from quizapp.study.session import StudySession
from quizapp.xapi.config import LrsConfig, account_actor
from tests.classroom.conftest import CARDS, RIGHT, WRONG, FakeClock
from tests.xapi.ralph import HOMEPAGE, PASSWORD, USERNAME, Ralph, RalphUnavailable

ROSTER = {"ada": account_actor(HOMEPAGE, "ada.l"), "bob": account_actor(HOMEPAGE, "bob.k")}


def _unavailable(error: Exception) -> None:
    # In CI the LRS must be there: a skip would hide that nothing was tested.
    if os.environ.get("CI"):
        pytest.fail(f"Ralph LRS unavailable in CI: {error}")
    pytest.skip(f"Ralph LRS unavailable: {error}")


@pytest.fixture(autouse=True)
def no_school_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("QUIZAPP_LRS_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def shared_ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    """One LRS for the tests that only send; each test uses its own activity ids."""
    try:
        server = Ralph(tmp_path_factory.mktemp("lrs"))
        server.start()
    except RalphUnavailable as error:
        _unavailable(error)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def own_ralph(tmp_path: Path) -> Iterator[Ralph]:
    """An LRS of the test's own, not started: the test stops and starts it."""
    try:
        server = Ralph(tmp_path / "lrs")
    except RalphUnavailable as error:
        _unavailable(error)
    try:
        yield server
    finally:
        server.stop()


def lrs_config(server: Ralph, **changes: object) -> LrsConfig:
    base = f"{HOMEPAGE}/quizapp/t-{uuid.uuid4().hex[:12]}"
    values: dict = dict(
        url=server.url,
        username=USERNAME,
        password=PASSWORD,
        actor=account_actor(HOMEPAGE, "ada.l"),
        activity_base=base,
        roster=ROSTER,
        enabled=True,
    )
    values.update(changes)
    return LrsConfig(**values)


def mine(server: Ralph, config: LrsConfig) -> list[dict]:
    """The statements of this test stored in the LRS (its activity ids start with its base)."""
    return [s for s in server.stored() if s["object"]["id"].startswith(config.activity_base)]


def every_kind() -> Deck:
    return Deck.model_validate({"id": "everything", "title": "Every kind", "cards": CARDS})


def study_all(lib: Library, deck: Deck) -> int:
    """Answer every card once in a real study session, as the study screen saves it."""
    progress = {progress_key(deck.id, c): p for c, p in lib.progress(deck.id).items()}
    session = StudySession(deck, progress, lib.settings(deck.id), fuzz=False)
    done = 0
    while (card := session.next_card()) is not None and done < len(deck.cards):
        if card.kind == "flashcard":
            answered = session.answer(card.id, Rating.good, 1500)
        else:
            right = grade(card, RIGHT[card.id]).correct
            answered = session.answer(
                card.id, Rating.good if right else Rating.again, 2500, correct=right
            )
        lib.record_answer(answered.progress, answered.review)
        done += 1
    return done


def quiz_all(lib: Library, deck: Deck) -> int:
    """A real quiz over the deck, half right half wrong; returns the questions asked."""
    session = QuizSession(build_quiz(deck, QuizSettings(seed=3, flashcards="typed")))
    n = 0
    while (question := session.current) is not None:
        answers = RIGHT if n % 2 == 0 else WRONG
        session.answer(question, answers[question.card.id])
        n += 1
    save_attempt(lib, session.attempt())
    return n


def host_game(lib: Library, deck: Deck, names: tuple[str, ...] = ("Ada", "Bob", "Eve")) -> int:
    """A live game played to the end with the sans-IO Game; its record saved as the host does.

    Ada answers right, Bob wrong, Eve (not in the roster) right. Returns questions played.
    """
    clock = FakeClock()
    game = Game(deck, ClassroomSettings(time_per_question=30), clock=clock,
                rng=random.Random(5), pin="123456")  # fmt: skip
    keys = {name: game.join("123456", name)[0] for name in names}
    game.start()
    for index in range(len(deck.cards)):
        card = game.current.card  # the host draws its questions in its own order
        clock.advance(2)
        for name, key in keys.items():
            game.answer(key, index, (WRONG if name == "Bob" else RIGHT)[card.id])
        game.close()
        game.next()
    lib.append_record("classroom", game.result().model_dump(mode="json"))
    return len(deck.cards)


def now() -> datetime:
    return datetime.now(UTC)
