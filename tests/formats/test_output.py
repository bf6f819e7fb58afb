"""Exports go to stdout, regular files, links and special files without breaking them."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.files import write_output
from quizapp.formats import read_file
from tests.conftest import make_deck


def _library_with_deck(data_dir: Path, tmp_path: Path) -> str:
    from quizapp.export import export_deck

    deck = make_deck("out")
    path = tmp_path / "out.toml"
    export_deck(deck, path, "toml")
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "import", str(path)])
    assert result.exit_code == 0, result.output
    return deck.id


def test_export_dash_writes_the_deck_to_stdout(tmp_path: Path) -> None:
    data_dir = tmp_path / "lib"
    deck_id = _library_with_deck(data_dir, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "quizapp", "--data-dir", str(data_dir), "export", deck_id,
         "--format", "gift", "-o", "-"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert not (Path.cwd() / "-").exists()
    assert done.stdout.startswith("// ") and "{" in done.stdout  # the GIFT itself
    assert "wrote stdout" in done.stderr and "not kept in gift" in done.stderr


def test_a_symlink_stays_a_link_and_its_target_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_output(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"


def test_dev_stdout_and_a_fifo_are_written_in_place(tmp_path: Path) -> None:
    out = tmp_path / "captured"
    with out.open("wb") as handle:
        code = "from quizapp.files import write_output; write_output('/dev/stdout', b'hi')"
        subprocess.run([sys.executable, "-c", code], stdout=handle, check=True, timeout=60)
    assert out.read_bytes() == b"hi"
    assert Path("/dev/stdout").is_symlink()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_output(fifo, b"through the pipe")
    reader.join(timeout=30)
    assert got == [b"through the pipe"] and fifo.exists() and not fifo.is_file()


def test_a_regular_file_is_replaced_atomically(tmp_path: Path) -> None:
    path = tmp_path / "deck.toml"
    path.write_bytes(b"old")
    inode = path.stat().st_ino
    write_output(path, b"new")
    assert path.read_bytes() == b"new" and path.stat().st_ino != inode  # renamed over


def test_quizlet_export_with_custom_separators_from_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "quizlet.txt"
    path.write_text('"Bonjour;hello|"Au revoir;goodbye|merci;thanks|', "utf-8")
    data_dir = tmp_path / "lib"
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(data_dir), "import", str(path), "--term-sep", ";", "--card-sep", "|"],
    )
    assert result.exit_code == 0, result.output
    assert "cards: 3 new" in result.output
    from quizapp.store import Library

    with Library.open(data_dir) as lib:
        cards = lib.deck("quizlet").cards
    assert [(c.front, c.back) for c in cards] == [
        ('"Bonjour', "hello"), ('"Au revoir', "goodbye"), ("merci", "thanks")
    ]


def test_quizlet_tab_export_with_a_lone_quote_keeps_every_card(tmp_path: Path) -> None:
    path = tmp_path / "quizlet.txt"
    path.write_text('"to be\têtre\nto have\tavoir\nto go\taller\n', "utf-8")
    cards = read_file(path).decks[0].cards
    assert [c.back for c in cards] == ["être", "avoir", "aller"]
    assert cards[0].front == '"to be'
