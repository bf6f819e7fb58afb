"""Shared fixtures: every test runs with its own HOME, data dirs and library."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from quizapp.bulk import collect_everything_again
from quizapp.model import Deck
from quizapp.store import Library
from tests import settle

# Keep the compiled, assert-rewritten test modules (and quizapp's bytecode) in __pycache__,
# which git ignores, even where PYTHONDONTWRITEBYTECODE is set (it is on the team's shared
# machine): without the cache pytest re-parses and rewrites all ~140 test modules in every
# process of every run, 12.5 s of CPU per process against 5.8 s with it (`pytest
# --collect-only`), twice over with `-n 2`. Only writing is affected; a fresh checkout runs
# the same, once.
sys.dont_write_bytecode = False

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO.parent / "shared" / "sources" / "russia-sahel-talks.txt"

# Property tests: 50 examples each in the everyday run (the suite stays fast), ten times
# that with QUIZAPP_HYPOTHESIS=thorough (before a release, or after changing a format or
# the grader). A test's own @settings(max_examples=...) still wins over the profile.
settings.register_profile("quick", max_examples=50)
settings.register_profile("thorough", max_examples=500)
settings.load_profile(os.environ.get("QUIZAPP_HYPOTHESIS", "quick"))

# The Pilot waits for the app to be settled, not for 20 ms of quiet (tests/settle.py).
settle.install()


@pytest.fixture(autouse=True)
def sandbox(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real user's files: HOME and XDG dirs point into a temp folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("QUIZAPP_DATA_DIR", raising=False)
    return home


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    """Each test starts with nothing left out of the GC's passes: a reviewer freezes its
    session's records until it unmounts (quizapp/bulk.py), and a test app that exits with
    a reviewer open does not unmount it (the process would end there)."""
    collect_everything_again()
    yield
    collect_everything_again()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def library(data_dir: Path) -> Iterator[Library]:
    lib = Library.open(data_dir)
    try:
        yield lib
    finally:
        lib.close()


def make_deck(deck_id: str = "demo", n: int = 3, **extra: object) -> Deck:
    """A small valid deck with one source and `n` flashcards citing it."""
    return Deck.model_validate(
        {
            "id": deck_id,
            "title": f"Deck {deck_id}",
            "sources": [{"id": "src", "title": "A source"}],
            "cards": [
                {
                    "id": f"c{i}",
                    "kind": "flashcard",
                    "front": f"front {i}",
                    "back": f"back {i}",
                    "source": {"id": "src", "paragraph": 1, "quote": "quote"},
                }
                for i in range(n)
            ],
            **extra,
        }
    )


@pytest.fixture
def deck() -> Deck:
    return make_deck()
