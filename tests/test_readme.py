"""The README's promise: its test command is the one CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO


def _commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick)


def test_quick_start_has_exactly_two_commands() -> None:
    launch, test = _commands()
    assert launch.endswith(".venv/bin/quizapp")
    assert "pytest" in test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    _, test = _commands()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def _block(language: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return text.split(f"```{language}\n", 1)[1].split("```", 1)[0]


def test_the_readme_deck_examples_are_valid_decks(tmp_path: Path) -> None:
    from quizapp.formats import read_deck

    for language, suffix, cards in (("toml", ".toml", 3), ("markdown", ".md", 4)):
        path = tmp_path / f"example{suffix}"
        path.write_text(_block(language), encoding="utf-8")
        assert len(read_deck(path).cards) == cards
