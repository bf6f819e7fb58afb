"""The command line, run through click's CliRunner: exit codes, messages, and what it changes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizapp.cli import cli
from quizapp.export import export_deck
from quizapp.formats import read_deck
from quizapp.model import Deck
from quizapp.model.progress import CardProgress, CardState, Rating, ReviewEntry
from quizapp.store import Library, list_backups
from tests.conftest import make_deck

REPO = Path(__file__).resolve().parents[1]
SHIPPED = {deck.id: deck for deck in map(read_deck, sorted((REPO / "decks").glob("*.toml")))}
ARTICLE = "Headline\n\nFirst paragraph with a quote in it.\n\nSecond paragraph."


def run(data_dir: Path | None, *args: str, env: dict[str, str] | None = None) -> Result:
    """Run the CLI; whatever happens, no exception may escape (it would be a traceback)."""
    prefix = ["--data-dir", str(data_dir)] if data_dir is not None else []
    result = CliRunner().invoke(cli, [*prefix, *args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args} raised {result.exception!r}") from result.exception
    assert "Traceback" not in result.output
    return result


def write(deck: Deck, path: Path, fmt: str = "toml") -> str:
    export_deck(deck, path, fmt)
    return str(path)


def bad_deck_file(path: Path) -> str:
    path.write_text(
        'id = "bad"\ntitle = "Bad"\n'
        '[[cards]]\nid = "c1"\nkind = "cloze"\ntext = "no gaps"\n'
        '[[cards]]\nid = "c2"\nkind = "ordering"\nquestion = "q"\nitems = ["one"]\n'
        '[[cards]]\nid = "c3"\nkind = "essay"\n',
        encoding="utf-8",
    )
    return str(path)


def library_decks(data_dir: Path) -> dict[str, Deck]:
    with Library.open(data_dir) as lib:
        return {s.id: lib.deck(s.id) for s in lib.summaries()}


# --- exit codes and listing -------------------------------------------------------------------


def test_exit_codes(data_dir: Path) -> None:
    assert run(data_dir, "decks").exit_code == 0
    assert run(data_dir, "export", "no-such-deck", "-o", str(data_dir / "x.toml")).exit_code == 1
    assert run(data_dir, "no-such-command").exit_code == 2
    assert run(data_dir, "validate").exit_code == 2  # FILES is required
    assert run(data_dir, "decks", "--no-such-option").exit_code == 2
    version = run(None, "--version")
    assert version.exit_code == 0 and "quizapp" in version.output


def test_decks_lists_the_shipped_decks_of_a_new_library(data_dir: Path) -> None:
    assert not data_dir.exists()
    result = run(data_dir, "decks")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(SHIPPED)
    for deck in SHIPPED.values():
        line = next(line for line in lines if line.startswith(deck.id))
        assert f"{len(deck.cards)} cards" in line and deck.title in line


def test_decks_json(data_dir: Path) -> None:
    result = run(data_dir, "decks", "--json")
    assert result.exit_code == 0
    listed = {item["id"]: item for item in json.loads(result.stdout)}
    assert set(listed) == set(SHIPPED)
    for deck_id, deck in SHIPPED.items():
        item = listed[deck_id]
        assert (item["title"], item["card_count"]) == (deck.title, len(deck.cards))
        assert item["kinds"] == dict(deck.kinds)
        assert item["origin"] == "shipped"


def test_decks_of_an_empty_library(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quizapp.cli_base.shipped_deck_files", lambda: [])
    result = run(data_dir, "decks")
    assert (result.exit_code, result.stdout) == (0, "The library is empty. Add a deck with "
                                                 "`quizapp import FILE`.\n")
    assert json.loads(run(data_dir, "decks", "--json").stdout) == []


def test_formats_and_schema() -> None:
    formats = run(None, "formats")
    assert formats.exit_code == 0
    lines = formats.stdout.splitlines()
    assert any(line.startswith("toml") and "read/write" in line for line in lines)
    assert any(line.startswith("json") and "read/write" in line for line in lines)
    schema = run(None, "schema")
    assert schema.exit_code == 0
    parsed = json.loads(schema.stdout)
    assert parsed == json.loads(json.dumps(Deck.model_json_schema()))
    assert {"Flashcard", "Cloze", "Matching"} <= set(parsed["$defs"])


# --- validate -------------------------------------------------------------------------------


def test_validate_a_good_file(tmp_path: Path) -> None:
    path = write(make_deck(n=4), tmp_path / "good.toml")
    result = run(None, "validate", path)
    assert result.exit_code == 0
    assert result.stdout == f"{path}: ok (4 cards)\n"


def test_validate_a_bad_file_prints_every_problem(tmp_path: Path) -> None:
    path = bad_deck_file(tmp_path / "bad.toml")
    result = run(None, "validate", path)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    for card, field in [("'c1' (#1)", "text"), ("'c2' (#2)", "items"), ("'c3' (#3)", "kind")]:
        assert any(line.startswith(f"{path}: card {card}: field '{field}': ") for line in errors), (
            card, errors)
    assert errors[-1] == "quizapp: 1 of 1 file has problems"


def test_validate_several_files(tmp_path: Path) -> None:
    good = [write(make_deck(f"d{i}"), tmp_path / f"d{i}.{fmt}", fmt)
            for i, fmt in enumerate(["toml", "json"])]
    assert run(None, "validate", *good).exit_code == 0
    bad = bad_deck_file(tmp_path / "bad.toml")
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"\xff\xfe{")
    result = run(None, "validate", good[0], bad, str(junk), good[1])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{good[0]}: ok (3 cards)", f"{good[1]}: ok (3 cards)"]
    assert f"{junk}: is not UTF-8" in result.stderr
    assert "quizapp: 2 of 4 files have problems" in result.stderr
    assert run(None, "validate", str(tmp_path / "missing.toml")).exit_code == 1


def _cited_deck(quote: str) -> Deck:
    """One card citing paragraph 1 of ARTICLE with this quote."""
    return Deck.model_validate({
        "id": "cited", "title": "Cited", "sources": [{"id": "src", "title": "Article"}],
        "cards": [{"id": "c0", "kind": "flashcard", "front": "f", "back": "b",
                   "source": {"id": "src", "paragraph": 1, "quote": quote}}],
    })


def test_validate_with_source_checks_quotes(tmp_path: Path) -> None:
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    present = write(_cited_deck("a quote in it"), tmp_path / "present.toml")
    result = run(None, "validate", present, "--source", str(source))
    assert (result.exit_code, result.stdout) == (0, f"{present}: ok (1 card)\n")
    missing = write(_cited_deck("words the article never says"), tmp_path / "missing.toml")
    result = run(None, "validate", missing, "--source", str(source))
    assert result.exit_code == 1
    assert f"{missing}: card 'c0' (#1): field 'source.quote': quote is not in the source text" in (
        result.stderr)
    assert run(None, "validate", present, "--source", str(tmp_path / "nope.txt")).exit_code == 2


def test_validate_with_a_source_that_is_not_utf8(tmp_path: Path) -> None:
    source = tmp_path / "latin1.txt"
    source.write_bytes("Headline\n\nCafé crème".encode("latin-1"))
    path = write(_cited_deck("crème"), tmp_path / "d.toml")
    result = run(None, "validate", path, "--source", str(source))
    assert result.exit_code == 1 and str(source) in result.stderr


def test_validate_with_a_quote_in_the_headline(tmp_path: Path) -> None:
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    path = write(_cited_deck("Headline"), tmp_path / "d.toml")
    assert run(None, "validate", path, "--source", str(source)).exit_code == 1


# --- import ---------------------------------------------------------------------------------


def test_import_a_new_deck(data_dir: Path, tmp_path: Path) -> None:
    deck = make_deck("mine", n=5)
    result = run(data_dir, "import", write(deck, tmp_path / "mine.json", "json"))
    assert result.exit_code == 0
    assert result.stdout == "Deck mine (mine): added; cards: 5 new\n"
    decks = library_decks(data_dir)
    assert decks["mine"] == deck
    assert set(decks) == {"mine", *SHIPPED}


def test_import_again_without_replace_changes_nothing(data_dir: Path, tmp_path: Path) -> None:
    path = write(make_deck("mine"), tmp_path / "mine.toml")
    assert run(data_dir, "import", path).exit_code == 0
    before = library_decks(data_dir)
    backups = list_backups(data_dir)
    write(make_deck("mine", n=7), tmp_path / "mine.toml")
    result = run(data_dir, "import", path)
    assert result.exit_code == 1
    assert "'mine' is already in the library (3 cards)" in result.stderr
    assert "--replace" in result.stderr
    assert library_decks(data_dir) == before
    assert list_backups(data_dir) == backups


def _answer(data_dir: Path, deck_id: str, card_id: str) -> None:
    at = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    with Library.open(data_dir) as lib:
        lib.record_answer(
            CardProgress(deck_id=deck_id, card_id=card_id, state=CardState.review, due=at, reps=1),
            ReviewEntry(deck_id=deck_id, card_id=card_id, rating=Rating.good, at=at,
                        duration_ms=900, state_before=CardState.new,
                        state_after=CardState.review, due_after=at),
        )


def test_import_with_replace_keeps_progress_of_unchanged_ids(
    data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "mine.toml"
    write(make_deck("mine", n=3), path)
    assert run(data_dir, "import", str(path)).exit_code == 0
    _answer(data_dir, "mine", "c0")
    _answer(data_dir, "mine", "c2")
    # c0 unchanged, c1 edited, c2 removed, c3 new.
    old = make_deck("mine", n=4)
    edited = old.model_copy(update={"cards": (
        old.cards[0], old.cards[1].model_copy(update={"back": "new back"}), old.cards[3])})
    write(edited, path)
    result = run(data_dir, "import", "--replace", str(path))
    assert result.exit_code == 0
    assert result.stdout == ("Deck mine (mine): updated; cards: 1 new, 1 changed, 1 removed, "
                             "1 unchanged\n")
    assert library_decks(data_dir)["mine"] == edited
    with Library.open(data_dir) as lib:
        progress = lib.progress("mine")
        assert progress["c0"].state == CardState.review and progress["c0"].reps == 1
        assert [(r.card_id, r.rating) for r in lib.reviews("mine")] == [
            ("c0", Rating.good), ("c2", Rating.good)]


def test_a_bad_file_among_good_ones_changes_nothing(data_dir: Path, tmp_path: Path) -> None:
    assert run(data_dir, "decks").exit_code == 0
    before = library_decks(data_dir)
    good = write(make_deck("good"), tmp_path / "good.toml")
    other = write(make_deck("other"), tmp_path / "other.json", "json")
    result = run(data_dir, "import", good, bad_deck_file(tmp_path / "bad.toml"), other)
    assert result.exit_code == 1
    assert "nothing was changed" in result.stderr
    assert "field 'items'" in result.stderr
    assert result.stdout == ""
    assert library_decks(data_dir) == before
    assert list_backups(data_dir) == []


def test_an_existing_deck_among_new_ones_changes_nothing(data_dir: Path, tmp_path: Path) -> None:
    existing = write(make_deck("existing"), tmp_path / "existing.toml")
    assert run(data_dir, "import", existing).exit_code == 0
    before = library_decks(data_dir)
    new = write(make_deck("new"), tmp_path / "new.toml")
    assert run(data_dir, "import", new, existing).exit_code == 1
    assert library_decks(data_dir) == before


def test_import_of_a_json_deck_with_a_lone_surrogate(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"id": "s", "title": "T", "cards": [
        {"id": "a", "kind": "flashcard", "front": "x\ud800y", "back": "b"}]}), encoding="utf-8")
    assert run(data_dir, "import", str(path)).exit_code == 0
    assert library_decks(data_dir)["s"].cards[0].front == "xy"


# --- export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_export_then_import_is_the_same_deck(data_dir: Path, tmp_path: Path, fmt: str) -> None:
    deck_id = sorted(SHIPPED)[0]
    assert run(data_dir, "decks").exit_code == 0
    out = tmp_path / f"out.{fmt}"
    result = run(data_dir, "export", deck_id, "--format", fmt, "-o", str(out))
    assert (result.exit_code, result.stdout) == (0, f"wrote {out}\n")
    assert read_deck(out) == SHIPPED[deck_id]
    fresh = tmp_path / "fresh"
    assert run(fresh, "import", "--replace", str(out)).exit_code == 0
    assert library_decks(fresh)[deck_id] == SHIPPED[deck_id]


def test_export_errors(data_dir: Path, tmp_path: Path) -> None:
    assert run(data_dir, "decks").exit_code == 0
    result = run(data_dir, "export", "nope", "-o", str(tmp_path / "x.toml"))
    assert result.exit_code == 1 and "no deck 'nope' in the library; decks: " in result.stderr
    deck_id = sorted(SHIPPED)[0]
    result = run(data_dir, "export", deck_id, "--format", "yaml", "-o", str(tmp_path / "x.yaml"))
    assert result.exit_code == 1 and "cannot write format 'yaml'" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_export_to_an_impossible_path(data_dir: Path, tmp_path: Path) -> None:
    assert run(data_dir, "decks").exit_code == 0
    (tmp_path / "file").write_text("x")
    result = run(data_dir, "export", sorted(SHIPPED)[0], "-o", str(tmp_path / "file" / "x.toml"))
    assert result.exit_code == 1


# --- restore --------------------------------------------------------------------------------


def test_restore_list_and_restore(data_dir: Path, tmp_path: Path) -> None:
    assert run(data_dir, "restore", "--list").stdout == "There are no backups.\n"
    assert run(data_dir, "decks").exit_code == 0
    assert run(data_dir, "import", write(make_deck("one"), tmp_path / "one.toml")).exit_code == 0
    assert run(data_dir, "import", write(make_deck("two"), tmp_path / "two.toml")).exit_code == 0
    listed = run(data_dir, "restore", "--list")
    assert listed.exit_code == 0
    names = listed.stdout.split()
    assert len(names) == 2 and names == [p.name for p in list_backups(data_dir)]
    assert names[0].endswith("before-import-two")
    # The newest backup was taken before "two" came in.
    result = run(data_dir, "restore")
    assert (result.exit_code, result.stdout) == (0, f"restored {names[0]}\n")
    assert set(library_decks(data_dir)) == {"one", *SHIPPED}
    # A named backup; restoring took a backup of its own first.
    assert run(data_dir, "restore", names[1]).exit_code == 0
    assert set(library_decks(data_dir)) == set(SHIPPED)
    result = run(data_dir, "restore", "no-such-backup")
    assert result.exit_code == 1 and "restore --list" in result.stderr


# --- where the library is, and who holds it -------------------------------------------------


def test_data_dir_option_wins_over_the_environment(tmp_path: Path) -> None:
    from_env, from_option = tmp_path / "env", tmp_path / "option"
    env = {"QUIZAPP_DATA_DIR": str(from_env)}
    assert run(from_option, "decks", env=env).exit_code == 0
    assert (from_option / "library.json").is_file()
    assert not from_env.exists()
    assert run(None, "decks", env=env).exit_code == 0
    assert (from_env / "library.json").is_file()


def test_a_locked_library_gives_a_clear_message(data_dir: Path, tmp_path: Path) -> None:
    assert run(data_dir, "decks").exit_code == 0
    deck_file = write(make_deck("mine"), tmp_path / "mine.toml")
    with Library.open(data_dir):
        # A command that changes the library is refused, and says why and what to do.
        result = run(data_dir, "import", deck_file)
        assert result.exit_code == 1
        assert "is open in another quizapp" in result.stderr
        assert "--read-only" in result.stderr
        # Commands that only read go on with a read-only view, and say so.
        for args in (["decks"], ["export", sorted(SHIPPED)[0], "-o", str(tmp_path / "x.toml")]):
            result = run(data_dir, *args)
            assert result.exit_code == 0, args
            assert "reading it as it is" in result.stderr
        assert run(data_dir, "--read-only", "decks").exit_code == 0
    assert "mine" not in library_decks(data_dir)
    assert run(data_dir, "import", deck_file).exit_code == 0


def test_restore_refuses_while_the_library_is_open(data_dir: Path, tmp_path: Path) -> None:
    assert run(data_dir, "decks").exit_code == 0
    assert run(data_dir, "import", write(make_deck("one"), tmp_path / "one.toml")).exit_code == 0
    with Library.open(data_dir):
        result = run(data_dir, "restore")
    assert result.exit_code == 1 and "is open in another quizapp" in result.stderr
    assert "one" in library_decks(data_dir)


# --- a real process ------------------------------------------------------------------------


def test_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    bad = bad_deck_file(tmp_path / "bad.toml")
    done = subprocess.run(
        [sys.executable, "-m", "quizapp", "--data-dir", str(tmp_path / "lib"), "import", bad],
        capture_output=True, text=True, cwd=REPO, timeout=120, check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().endswith("quizapp: 3 problems found; nothing was changed")


def test_restore_is_refused_read_only_and_damaged_files_can_be_set_aside(
    data_dir: Path, tmp_path: Path
) -> None:
    assert run(data_dir, "decks").exit_code == 0
    assert run(data_dir, "import", write(make_deck("one"), tmp_path / "one.toml")).exit_code == 0
    result = run(data_dir, "--read-only", "restore")
    assert result.exit_code == 1 and "without --read-only" in result.stderr
    assert "one" in library_decks(data_dir)
    (data_dir / "manifest.json").write_text("{not json")
    assert run(data_dir, "decks").exit_code == 1  # moved aside, the user is told
    again = run(data_dir, "decks")
    assert again.exit_code == 1 and "damaged earlier" in again.stderr
    fixed = run(data_dir, "restore", "--discard-damaged")
    assert fixed.exit_code == 0 and "kept the damaged file" in fixed.stdout
    assert run(data_dir, "decks").exit_code == 0


def test_an_escape_sequence_in_a_card_id_never_reaches_the_terminal(tmp_path: Path) -> None:
    deck = tmp_path / "esc.toml"
    deck.write_text('id = "d"\ntitle = "T"\n[[cards]]\nid = "mc\\u001b]52;c;SGVsbG8=\\u0007"\n'
                    'kind = "flashcard"\nfront = "f"\nback = "b"\n')
    result = run(None, "validate", str(deck))
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b]52" in result.stderr  # shown, made harmless


def test_settings_show_change_and_refuse_bad_values(data_dir: Path) -> None:
    deck = sorted(SHIPPED)[0]
    shown = run(data_dir, "settings", deck)
    assert shown.exit_code == 0 and "new cards per day   20" in shown.stdout
    changed = run(data_dir, "settings", deck, "--new-per-day", "5", "--learning-steps", "1m 1h")
    assert changed.exit_code == 0
    assert "new cards per day   5" in changed.stdout
    assert "learning steps      1m 1h" in changed.stdout
    with Library.open(data_dir) as lib:
        settings = lib.settings(deck)
        assert (settings.new_per_day, settings.learning_steps_minutes) == (5, (1.0, 60.0))
    bad = run(data_dir, "settings", deck, "--desired-retention", "2")
    assert bad.exit_code == 1
    assert "--desired-retention: desired retention must be between 0.7 and 0.99" in bad.stderr
    assert run(data_dir, "settings", deck, "--learning-steps", "soon").exit_code == 2
    with Library.open(data_dir) as lib:
        assert lib.settings(deck).desired_retention == 0.9  # nothing changed by bad input
