"""The app sends in a background thread: answers go on at key speed, statements arrive
(or wait, with the LRS down), and nothing is sent while sending is off."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from quizapp.store import Library
from quizapp.ui.screens.study import StudyScreen
from quizapp.xapi import config as lrs_config
from quizapp.xapi import worker
from quizapp.xapi.outbox import Outbox
from tests.conftest import make_deck
from tests.ui.study_app import study_app
from tests.waiting import until
from tests.xapi.conftest import lrs_config as make_config
from tests.xapi.conftest import mine
from tests.xapi.ralph import Ralph


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    # Rounds every 0.1 s, retries from 0.1 s: the tests wait for the state, not the clock.
    monkeypatch.setattr(worker, "INTERVAL", 0.1)
    monkeypatch.setattr(worker, "RETRY", 0.1)
    monkeypatch.setattr(worker, "MAX_RETRY", 0.5)


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    """The shared wait (tests/waiting.py), with room for an LRS round trip on a busy machine."""
    await until(pilot, condition, timeout=30)


async def test_answers_reach_the_lrs_from_the_background(
    data_dir: Path, shared_ralph: Ralph
) -> None:
    config = make_config(shared_ralph)
    lrs_config.save(config)
    with Library.open(data_dir) as lib:
        app = study_app(lib, make_deck(n=3))
        async with app.run_test() as pilot:
            # The sender starts after the first frame: wait for it.
            await wait_for(pilot, lambda: app._lrs is not None)
            assert isinstance(app.screen, StudyScreen)
            for _ in range(3):
                await pilot.press("space", "3")
            await wait_for(pilot, lambda: len(mine(shared_ralph, config)) == 3)
            await wait_for(pilot, lambda: Outbox(lib, config).status().queued_records == 0)
        assert not app._lrs._thread.is_alive()  # stopped with the app
    stored = mine(shared_ralph, config)
    assert sorted(s["object"]["id"].rsplit("/", 1)[-1] for s in stored) == ["c0", "c1", "c2"]


async def test_with_the_lrs_down_answers_go_on_wait_and_arrive_later(
    data_dir: Path, own_ralph: Ralph
) -> None:
    config = make_config(own_ralph)  # not started: every round fails fast
    lrs_config.save(config)
    with Library.open(data_dir) as lib:
        app = study_app(lib, make_deck(n=3))
        async with app.run_test() as pilot:
            await pilot.pause()
            await wait_for(pilot, lambda: app._lrs is not None and app._lrs.rounds >= 1)
            for _ in range(3):
                await pilot.press("space", "3")
            assert len(lib.reviews("demo")) == 3  # on disk before the next card showed
            await wait_for(pilot, lambda: app._lrs is not None and app._lrs.rounds >= 3)
            assert "cannot reach the LRS" in (app._lrs.last_error or "")
            # Said once, not at every retry.
            said = [note for note in app.notes if "not sent to the school's LRS" in note]
            assert len(said) == 1 and "cannot reach the LRS" in said[0]
            # The LRS comes back: what waited arrives, and the student is told once.
            await asyncio.to_thread(own_ralph.start)
            await wait_for(pilot, lambda: len(mine(own_ralph, config)) == 3)
            await wait_for(pilot, lambda: any("again" in note for note in app.notes))
        status = Outbox(lib, config).status()
        assert status.queued_records == 0 and status.sent == 3 and status.last_error is None


async def test_nothing_is_sent_while_off(data_dir: Path, shared_ralph: Ralph) -> None:
    config = make_config(shared_ralph)
    lrs_config.save(replace(config, enabled=False))
    with Library.open(data_dir) as lib:
        app = study_app(lib, make_deck(n=3))
        async with app.run_test() as pilot:
            await pilot.pause()
            assert app._lrs is None
            await pilot.press("space", "3")
    assert mine(shared_ralph, config) == []
