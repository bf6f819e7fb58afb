"""DECK on the command line: an id, a unique id prefix or a title; `quizapp study FILE`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.model import Deck
from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.study import StudyScreen
from tests.waiting import screen, until


def deck(deck_id: str, title: str, n: int = 2) -> Deck:
    return Deck.model_validate(
        {
            "id": deck_id,
            "title": title,
            "cards": [
                {"id": f"c{i}", "kind": "flashcard", "front": f"front {i}", "back": f"back {i}"}
                for i in range(n)
            ],
        }
    )


@pytest.fixture
def filled(data_dir: Path) -> Path:
    with Library.open(data_dir) as lib:
        lib.import_deck(deck("geo-africa", "Africa"), backup=False)
        lib.import_deck(deck("geo-europe", "Europe"), backup=False)
        lib.import_deck(deck("history", "Modern History"), backup=False)
    return data_dir


def run(data_dir: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])


@pytest.mark.parametrize(
    "given", ["history", "hist", "h", "modern history", "MODERN HISTORY", "geo-africa"]
)
def test_a_deck_by_id_prefix_or_title(filled: Path, given: str) -> None:
    result = run(filled, "settings", given, "--new-per-day", "7")
    assert result.exit_code == 0, result.output
    wanted = "geo-africa" if given.startswith("geo") else "history"
    with Library.open(filled, read_only=True) as lib:
        assert lib.settings(wanted).new_per_day == 7


def test_an_ambiguous_prefix_lists_the_candidates(filled: Path) -> None:
    result = run(filled, "stats", "geo")
    assert result.exit_code == 1
    assert "'geo' names 2 decks:" in result.stderr
    assert "  geo-africa  Africa\n  geo-europe  Europe" in result.stderr
    assert "type one of their ids, for example `cli stats geo-africa`" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_deck_lists_the_decks(filled: Path) -> None:
    result = run(filled, "quiz", "chemistry")
    assert result.exit_code == 1
    assert "no deck 'chemistry' in the library; decks: geo-africa (Africa)" in result.stderr


def test_every_deck_command_resolves_through_the_one_resolver(filled: Path) -> None:
    for args in (
        ["stats", "hist", "--json"],
        ["results", "hist", "--csv", "-"],
        ["export", "hist", "--format", "toml", "--output", "-"],
        ["optimize", "hist", "--refit-every", "0"],
    ):
        result = run(filled, *args)
        assert result.exit_code == 0, (args, result.output)


# --- quizapp study FILE ---------------------------------------------------------------------

DECK_FILE = """\
format_version = 1
id = "capitals"
title = "Capitals"

[[cards]]
id = "mali"
kind = "flashcard"
front = "Capital of Mali"
back = "Bamako"

[[cards]]
id = "peru"
kind = "flashcard"
front = "Capital of Peru"
back = "Lima"
"""


@pytest.fixture
def studied(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run the real app headless where `quizapp study` would take the terminal: it rates
    the first card Good and ends the session. The deck studied is noted."""
    seen: list[str] = []

    async def one_answer(app: QuizApp) -> None:
        async with app.run_test() as pilot:
            study = await screen(pilot, StudyScreen)
            await until(pilot, lambda: study.phase == "question")
            seen.append(study.deck_id)
            await pilot.press("space")
            await until(pilot, lambda: study.phase == "revealed")
            await pilot.press("3")
            await until(pilot, lambda: study.session is not None and study.session.done == 1)

    monkeypatch.setattr(QuizApp, "run", lambda app, **kw: asyncio.run(one_answer(app)))
    return seen


def test_study_a_file_imports_it_then_updates_it_keeping_progress(
    data_dir: Path, tmp_path: Path, studied: list[str]
) -> None:
    path = tmp_path / "capitals.toml"
    path.write_text(DECK_FILE, encoding="utf-8")
    result = run(data_dir, "study", str(path))
    assert result.exit_code == 0, result.output
    assert (
        f"{path}: imported into your library as deck 'capitals' (2 cards); progress is kept there"
        in result.stdout
    )
    assert studied == ["capitals"]
    with Library.open(data_dir, read_only=True) as lib:
        assert lib.progress("capitals")["mali"].reps == 1
    # The same file again: nothing to import, studied where it is.
    result = run(data_dir, "study", str(path))
    assert "studying deck 'capitals', already in your library as it is" in result.stdout
    # Changed: the library's deck is updated; the first card's progress stays.
    path.write_text(DECK_FILE.replace('"Lima"', '"Lima, Peru"'), encoding="utf-8")
    result = run(data_dir, "study", str(path))
    assert result.exit_code == 0, result.output
    assert "updated deck 'capitals' in your library (0 new, 1 changed, 0 removed)" in result.stdout
    with Library.open(data_dir, read_only=True) as lib:
        # one answer per session, none lost to the update
        assert sum(p.reps for p in lib.progress("capitals").values()) == 3
        assert lib.deck("capitals").cards[1].answer_text == "Lima, Peru"
    assert studied == ["capitals"] * 3


def test_study_a_bad_file_names_the_file_and_starts_nothing(
    data_dir: Path, tmp_path: Path, studied: list[str]
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(DECK_FILE.replace('back = "Bamako"', ""), encoding="utf-8")
    result = run(data_dir, "study", str(path))
    assert result.exit_code == 1
    assert "broken.toml" in result.stderr and "back" in result.stderr
    assert "Traceback" not in result.output
    assert studied == []


def test_study_a_new_file_in_a_read_only_library_says_why(
    data_dir: Path, tmp_path: Path, studied: list[str]
) -> None:
    Library.open(data_dir).close()
    path = tmp_path / "capitals.toml"
    path.write_text(DECK_FILE, encoding="utf-8")
    result = run(data_dir, "--read-only", "study", str(path))
    assert result.exit_code == 1
    assert "the library is read-only, so deck 'capitals' cannot be imported" in result.stderr
    assert studied == []



def test_study_a_missing_file_says_so(data_dir: Path, tmp_path: Path, studied: list[str]) -> None:
    result = run(data_dir, "study", str(tmp_path / "gone.toml"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'gone.toml'}: no such file, and no deck" in result.stderr
    assert studied == []
