"""User keymaps: every binding has an id, keymap.toml rebinds by id, a bad file is said."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.paths import config_dir
from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.keymap import bindings, key_problem, load_keymap
from quizapp.ui.screens.study import StudyScreen
from tests.conftest import make_deck
from tests.waiting import screen, until


def write_keymap(text: str) -> Path:
    path = config_dir() / "keymap.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_binding_has_an_id_that_means_one_thing() -> None:
    found = bindings()
    assert len(found) > 90  # every screen and widget module was walked
    assert [b for b in found if not b.id] == []
    meaning: dict[str, tuple[str, str]] = {}
    for b in found:
        # An id shared by two widgets (answer.check) must be the same key doing the same.
        assert meaning.setdefault(b.id, (b.key, b.description)) == (b.key, b.description), b


def test_key_strings_are_checked() -> None:
    assert key_problem("ctrl+s") is None
    assert key_problem("f5,question_mark") is None
    assert key_problem("?") is None
    assert "not a modifier" in str(key_problem("ctl+s"))
    assert "not a key name" in str(key_problem("enterr"))


def test_a_bad_file_names_the_file_and_entry_and_keeps_the_good_ones() -> None:
    path = write_keymap(
        'home.study = "f5"\nhome.nope = "x"\nhome.quiz = 3\nhome.edit = "ctl+e"\n'
    )
    keymap, problems = load_keymap(path)
    assert keymap == {"home.study": "f5"}
    assert len(problems) == 3
    assert all("keymap.toml, entry " in p for p in problems)
    assert "'home.nope': no binding has this id; `quizapp keys` lists them." in problems[0]
    broken = write_keymap("home.study = \n")
    assert load_keymap(broken)[0] == {}
    assert "not valid TOML" in load_keymap(broken)[1][0]


async def test_the_users_key_studies_and_a_bad_entry_is_a_notification(
    library: Library,
) -> None:
    write_keymap('home.study = "f5"\nhome.quiz = "ctl+q"\n')
    library.import_deck(make_deck(), backup=False)
    app = QuizApp(library)
    notes: list[str] = []
    app.notify = lambda message, **_: notes.append(message)  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await until(pilot, lambda: bool(notes))
        assert "entry 'home.quiz'" in notes[0] and "not a modifier" in notes[0]
        await pilot.press("s")  # the default key no longer studies
        await pilot.pause()
        assert not isinstance(app.screen, StudyScreen)
        await pilot.press("f5")
        await screen(pilot, StudyScreen)


def test_keys_command_lists_ids_defaults_and_the_users_keys() -> None:
    write_keymap('home.study = "f5"\n')
    result = CliRunner().invoke(cli, ["keys"], env={"QUIZAPP_DATA_DIR": os.devnull})
    assert result.exit_code == 0, result.output
    line = next(row for row in result.output.splitlines() if row.startswith("home.study "))
    assert line.split()[:3] == ["home.study", "s", "HomeScreen"]
    assert "[yours: f5]" in line
    assert "keymap.toml" in result.output
